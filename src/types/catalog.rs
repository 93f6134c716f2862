//! The type families ClickHouse knows and the aliases it accepts for them, as
//! data copied from `system.data_type_families` (ClickHouse 26.x), plus the
//! name lookup with its case rules and did-you-mean suggestions.
//!
//! A family says how its arguments are read ([`Family::kind`]); `build` does
//! the reading. Names are case-sensitive unless the family or alias is marked
//! case-insensitive, exactly as in ClickHouse (`date` works, `uint8` does not).

use super::{DataType, GeoKind, IntervalKind};

/// How a family turns its arguments into a type.
#[derive(Debug, Clone, Copy)]
pub(crate) enum FamilyKind {
    /// No arguments (empty parentheses are fine).
    Fixed(SimpleType),
    /// An optional MySQL display width, `INT(11)`, which is ignored.
    Integer(SimpleType),
    /// Any arguments, ignored (`FLOAT(10)`, `DOUBLE(10, 2)`).
    Float(SimpleType),
    /// An optional length, ignored (`VARCHAR(255)`).
    String,
    FixedString,
    Decimal,
    /// `Decimal32(S)` and friends, with their precision.
    DecimalOfPrecision(u8),
    DateTime,
    DateTime32,
    DateTime64,
    Time,
    Time64,
    Enum,
    Enum8,
    Enum16,
    Nullable,
    LowCardinality,
    Array,
    Tuple,
    Map,
    Nested,
    Variant,
    Json,
    Dynamic,
    Object,
    AggregateFunction,
    SimpleAggregateFunction,
    QBit,
}

/// A type without parameters, kept apart from [`DataType`] so the catalogue can
/// be a `static` table of plain values.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SimpleType {
    Int8,
    Int16,
    Int32,
    Int64,
    Int128,
    Int256,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    UInt128,
    UInt256,
    Float32,
    Float64,
    BFloat16,
    Uuid,
    Date,
    Date32,
    IPv4,
    IPv6,
    Bool,
    Nothing,
    Interval(IntervalKind),
    Geo(GeoKind),
}

impl SimpleType {
    pub(crate) fn data_type(self) -> DataType {
        match self {
            Self::Int8 => DataType::Int8,
            Self::Int16 => DataType::Int16,
            Self::Int32 => DataType::Int32,
            Self::Int64 => DataType::Int64,
            Self::Int128 => DataType::Int128,
            Self::Int256 => DataType::Int256,
            Self::UInt8 => DataType::UInt8,
            Self::UInt16 => DataType::UInt16,
            Self::UInt32 => DataType::UInt32,
            Self::UInt64 => DataType::UInt64,
            Self::UInt128 => DataType::UInt128,
            Self::UInt256 => DataType::UInt256,
            Self::Float32 => DataType::Float32,
            Self::Float64 => DataType::Float64,
            Self::BFloat16 => DataType::BFloat16,
            Self::Uuid => DataType::Uuid,
            Self::Date => DataType::Date,
            Self::Date32 => DataType::Date32,
            Self::IPv4 => DataType::IPv4,
            Self::IPv6 => DataType::IPv6,
            Self::Bool => DataType::Bool,
            Self::Nothing => DataType::Nothing,
            Self::Interval(kind) => DataType::Interval(kind),
            Self::Geo(kind) => DataType::Geo(kind),
        }
    }
}

/// A type family: its canonical name, whether ClickHouse matches the name
/// case-insensitively, and how it reads its arguments.
pub(crate) struct Family {
    pub name: &'static str,
    pub case_insensitive: bool,
    pub kind: FamilyKind,
}

const fn family(name: &'static str, case_insensitive: bool, kind: FamilyKind) -> Family {
    Family {
        name,
        case_insensitive,
        kind,
    }
}

use FamilyKind as K;
use SimpleType as S;

#[rustfmt::skip]
static FAMILIES: &[Family] = &[
    family("Int8", false, K::Integer(S::Int8)),
    family("Int16", false, K::Integer(S::Int16)),
    family("Int32", false, K::Integer(S::Int32)),
    family("Int64", false, K::Integer(S::Int64)),
    family("Int128", false, K::Integer(S::Int128)),
    family("Int256", false, K::Integer(S::Int256)),
    family("UInt8", false, K::Integer(S::UInt8)),
    family("UInt16", false, K::Integer(S::UInt16)),
    family("UInt32", false, K::Integer(S::UInt32)),
    family("UInt64", false, K::Integer(S::UInt64)),
    family("UInt128", false, K::Integer(S::UInt128)),
    family("UInt256", false, K::Integer(S::UInt256)),
    family("Float32", false, K::Float(S::Float32)),
    family("Float64", false, K::Float(S::Float64)),
    family("BFloat16", false, K::Float(S::BFloat16)),
    family("Decimal", true, K::Decimal),
    family("Decimal32", true, K::DecimalOfPrecision(9)),
    family("Decimal64", true, K::DecimalOfPrecision(18)),
    family("Decimal128", true, K::DecimalOfPrecision(38)),
    family("Decimal256", true, K::DecimalOfPrecision(76)),
    family("String", false, K::String),
    family("FixedString", false, K::FixedString),
    family("UUID", false, K::Fixed(S::Uuid)),
    family("Date", true, K::Fixed(S::Date)),
    family("Date32", true, K::Fixed(S::Date32)),
    family("DateTime", true, K::DateTime),
    family("DateTime32", true, K::DateTime32),
    family("DateTime64", true, K::DateTime64),
    family("Time", true, K::Time),
    family("Time64", true, K::Time64),
    family("Enum", true, K::Enum),
    // system.data_type_families says Enum8 and Enum16 are case-sensitive, but
    // the parser special-cases every spelling of them (`enum8(...)` works).
    family("Enum8", true, K::Enum8),
    family("Enum16", true, K::Enum16),
    family("Nullable", false, K::Nullable),
    family("LowCardinality", false, K::LowCardinality),
    family("Array", false, K::Array),
    family("Tuple", false, K::Tuple),
    family("Map", false, K::Map),
    family("Nested", false, K::Nested),
    family("IPv4", false, K::Fixed(S::IPv4)),
    family("IPv6", false, K::Fixed(S::IPv6)),
    family("Bool", true, K::Fixed(S::Bool)),
    family("Nothing", false, K::Fixed(S::Nothing)),
    family("IntervalNanosecond", false, K::Fixed(S::Interval(IntervalKind::Nanosecond))),
    family("IntervalMicrosecond", false, K::Fixed(S::Interval(IntervalKind::Microsecond))),
    family("IntervalMillisecond", false, K::Fixed(S::Interval(IntervalKind::Millisecond))),
    family("IntervalSecond", false, K::Fixed(S::Interval(IntervalKind::Second))),
    family("IntervalMinute", false, K::Fixed(S::Interval(IntervalKind::Minute))),
    family("IntervalHour", false, K::Fixed(S::Interval(IntervalKind::Hour))),
    family("IntervalDay", false, K::Fixed(S::Interval(IntervalKind::Day))),
    family("IntervalWeek", false, K::Fixed(S::Interval(IntervalKind::Week))),
    family("IntervalMonth", false, K::Fixed(S::Interval(IntervalKind::Month))),
    family("IntervalQuarter", false, K::Fixed(S::Interval(IntervalKind::Quarter))),
    family("IntervalYear", false, K::Fixed(S::Interval(IntervalKind::Year))),
    family("JSON", true, K::Json),
    family("Dynamic", false, K::Dynamic),
    family("Variant", false, K::Variant),
    // Removed from ClickHouse in 25.x; kept so kiln reads older schemas.
    family("Object", false, K::Object),
    family("AggregateFunction", false, K::AggregateFunction),
    family("SimpleAggregateFunction", false, K::SimpleAggregateFunction),
    family("Point", false, K::Fixed(S::Geo(GeoKind::Point))),
    family("Ring", false, K::Fixed(S::Geo(GeoKind::Ring))),
    family("LineString", false, K::Fixed(S::Geo(GeoKind::LineString))),
    family("MultiLineString", false, K::Fixed(S::Geo(GeoKind::MultiLineString))),
    family("Polygon", false, K::Fixed(S::Geo(GeoKind::Polygon))),
    family("MultiPolygon", false, K::Fixed(S::Geo(GeoKind::MultiPolygon))),
    family("MultiPoint", false, K::Fixed(S::Geo(GeoKind::MultiPoint))),
    family("Geometry", false, K::Fixed(S::Geo(GeoKind::Geometry))),
    family("QBit", false, K::QBit),
];

/// `(alias, family, case_insensitive)`, from `system.data_type_families` rows
/// with a non-empty `alias_to`.
#[rustfmt::skip]
static ALIASES: &[(&str, &str, bool)] = &[
    ("BIGINT", "Int64", true), ("BIGINT SIGNED", "Int64", true), ("BIGINT UNSIGNED", "UInt64", true),
    ("BINARY", "FixedString", true), ("BINARY LARGE OBJECT", "String", true),
    ("BINARY VARYING", "String", true), ("BIT", "UInt64", true), ("BLOB", "String", true),
    ("BYTE", "Int8", true), ("BYTEA", "String", true), ("CHAR", "String", true),
    ("CHAR LARGE OBJECT", "String", true), ("CHAR VARYING", "String", true),
    ("CHARACTER", "String", true), ("CHARACTER LARGE OBJECT", "String", true),
    ("CHARACTER VARYING", "String", true), ("CLOB", "String", true), ("DEC", "Decimal", true),
    ("DOUBLE", "Float64", true), ("DOUBLE PRECISION", "Float64", true), ("ENUM", "Enum", true),
    ("FIXED", "Decimal", true), ("FLOAT", "Float32", true), ("GEOMETRY", "Geometry", false),
    ("INET4", "IPv4", true), ("INET6", "IPv6", true), ("INT", "Int32", true),
    ("INT SIGNED", "Int32", true), ("INT UNSIGNED", "UInt32", true), ("INT1", "Int8", true),
    ("INT1 SIGNED", "Int8", true), ("INT1 UNSIGNED", "UInt8", true), ("INTEGER", "Int32", true),
    ("INTEGER SIGNED", "Int32", true), ("INTEGER UNSIGNED", "UInt32", true),
    ("LONGBLOB", "String", true), ("LONGTEXT", "String", true), ("MEDIUMBLOB", "String", true),
    ("MEDIUMINT", "Int32", true), ("MEDIUMINT SIGNED", "Int32", true),
    ("MEDIUMINT UNSIGNED", "UInt32", true), ("MEDIUMTEXT", "String", true),
    ("NATIONAL CHAR", "String", true), ("NATIONAL CHAR VARYING", "String", true),
    ("NATIONAL CHARACTER", "String", true), ("NATIONAL CHARACTER LARGE OBJECT", "String", true),
    ("NATIONAL CHARACTER VARYING", "String", true), ("NCHAR", "String", true),
    ("NCHAR LARGE OBJECT", "String", true), ("NCHAR VARYING", "String", true),
    ("NUMERIC", "Decimal", true), ("NVARCHAR", "String", true), ("REAL", "Float32", true),
    ("SET", "UInt64", true), ("SIGNED", "Int64", true), ("SINGLE", "Float32", true),
    ("SMALLINT", "Int16", true), ("SMALLINT SIGNED", "Int16", true),
    ("SMALLINT UNSIGNED", "UInt16", true), ("TEXT", "String", true),
    ("TIMESTAMP", "DateTime", true), ("TINYBLOB", "String", true), ("TINYINT", "Int8", true),
    ("TINYINT SIGNED", "Int8", true), ("TINYINT UNSIGNED", "UInt8", true),
    ("TINYTEXT", "String", true), ("UNSIGNED", "UInt64", true), ("VARBINARY", "String", true),
    ("VARCHAR", "String", true), ("VARCHAR2", "String", true), ("YEAR", "UInt16", true),
    ("bool", "Bool", true), ("boolean", "Bool", true),
];

/// Names that take the MySQL display width `INT(11)` and a trailing
/// `SIGNED`/`UNSIGNED` after it (`INT(11) UNSIGNED`), upper-cased.
#[rustfmt::skip]
static INTEGER_NAMES: &[&str] = &[
    "INT8", "INT16", "INT32", "INT64", "INT128", "INT256",
    "UINT8", "UINT16", "UINT32", "UINT64", "UINT128", "UINT256",
    "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "BIGINT", "INT1",
];

pub(crate) fn is_integer_name(name: &str) -> bool {
    INTEGER_NAMES
        .iter()
        .any(|known| known.eq_ignore_ascii_case(name))
}

/// Finds the family a written name refers to, following ClickHouse's order:
/// exact family name, exact alias, then case-insensitive family or alias.
pub(crate) fn lookup(name: &str) -> Option<&'static Family> {
    let family_named = |target: &str| FAMILIES.iter().find(|f| f.name == target);
    if let Some(found) = family_named(name) {
        return Some(found);
    }
    if let Some((_, target, _)) = ALIASES.iter().find(|(alias, _, _)| *alias == name) {
        return family_named(target);
    }
    if let Some(found) = FAMILIES
        .iter()
        .find(|f| f.case_insensitive && f.name.eq_ignore_ascii_case(name))
    {
        return Some(found);
    }
    ALIASES
        .iter()
        .find(|(alias, _, ci)| *ci && alias.eq_ignore_ascii_case(name))
        .and_then(|(_, target, _)| family_named(target))
}

/// The known name closest to an unknown one, if it is close enough to be a
/// likely misspelling. Case differences cost nothing, so `uint8` suggests
/// `UInt8`. Family names win ties over the one-word SQL aliases (`VARCHAR`).
pub(crate) fn suggest(name: &str) -> Option<String> {
    let wanted = name.to_ascii_lowercase();
    let limit = (wanted.chars().count() / 3).max(1);
    let candidates = FAMILIES.iter().map(|f| f.name).chain(
        ALIASES
            .iter()
            .filter(|(alias, _, _)| alias.chars().all(|c| c.is_ascii_uppercase()))
            .map(|(alias, _, _)| *alias),
    );
    candidates
        .map(|candidate| {
            let distance = strsim::levenshtein(&wanted, &candidate.to_ascii_lowercase());
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate.to_string())
}

/// The functions `SimpleAggregateFunction` accepts, from ClickHouse's own
/// error message listing them.
#[rustfmt::skip]
pub(crate) static SIMPLE_AGGREGATE_FUNCTIONS: &[&str] = &[
    "any", "any_respect_nulls", "anyLast", "anyLast_respect_nulls", "min", "max", "sum",
    "sumWithOverflow", "groupBitAnd", "groupBitOr", "groupBitXor", "sumMap", "minMap", "maxMap",
    "groupArrayArray", "groupArrayLastArray", "groupUniqArrayArray", "groupUniqArrayArrayMap",
    "sumMappedArrays", "minMappedArrays", "maxMappedArrays", "timeSeriesGroupArray",
];
