//! The ClickHouse type model: [`DataType`], parsed from the text a user or a
//! server wrote by [`parse_type`] and printed back by its `Display` impl in the
//! canonical spelling ClickHouse itself uses (`toTypeName()`, `DESCRIBE` with
//! `print_pretty_type_names = 0`, `system.columns`).
//!
//! Parsing runs in two steps. `syntax` turns text into a small syntax tree with
//! the pest grammar in `grammar/clickhouse_type.pest` (`tokens` decodes quoted
//! text and numbers). `build` and `build_compound` turn that tree into a
//! [`DataType`], applying ClickHouse's rules: aliases, defaults such as
//! `Decimal(10)` -> `Decimal(10, 0)`, and which types may nest in which.
//! `catalog` holds the type families and aliases as data, `display` the
//! canonical printing, and `predicates` the questions type inference asks
//! (`is_numeric`, `make_nullable`, ...).
//!
//! The expected spellings come from a real ClickHouse: see
//! `scripts/gen_type_fixture.py` and `tests/fixtures/types/canonical.tsv`.
//!
//! **Invariant:** for every `t: DataType` built by [`parse_type`],
//! `parse_type(&t.to_string()) == Ok(t)`; the fixture test checks this along
//! with the spelling itself.

mod build;
mod build_compound;
mod catalog;
mod display;
mod error;
mod predicates;
mod syntax;
mod tokens;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use error::TypeParseError;

/// A ClickHouse data type, normalised the way ClickHouse normalises it: aliases
/// are resolved (`BIGINT` is [`DataType::Int64`]), defaults are filled in, enum
/// variants are sorted by value and `Variant` members by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DataType {
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
    /// Every decimal spelling (`Decimal32(S)`, `NUMERIC(P, S)`, ...) ends here;
    /// ClickHouse prints them all as `Decimal(P, S)`.
    Decimal {
        precision: u8,
        scale: u8,
    },
    String,
    /// Size in bytes, 1 to 16 MiB - 1.
    FixedString(u32),
    Uuid,
    Date,
    Date32,
    /// `DateTime` or `DateTime('tz')`. The zone name is kept as written;
    /// ClickHouse checks it against its zone database, which kiln cannot.
    DateTime {
        timezone: Option<String>,
    },
    DateTime64 {
        precision: u8,
        timezone: Option<String>,
    },
    Time,
    Time64 {
        precision: u8,
    },
    /// Variants sorted by value, as ClickHouse prints them.
    Enum8(Vec<EnumVariant>),
    Enum16(Vec<EnumVariant>),
    Nullable(Box<DataType>),
    LowCardinality(Box<DataType>),
    Array(Box<DataType>),
    /// `Tuple(T, U)`; a tuple whose elements have names is [`DataType::NamedTuple`].
    Tuple(Vec<DataType>),
    NamedTuple(Vec<Field>),
    Map(Box<DataType>, Box<DataType>),
    Nested(Vec<Field>),
    IPv4,
    IPv6,
    Bool,
    Nothing,
    Interval(IntervalKind),
    Json(JsonParams),
    /// `max_types` is `None` for the default (32), which ClickHouse omits.
    Dynamic {
        max_types: Option<u8>,
    },
    /// Members sorted by their printed name and deduplicated, as ClickHouse does.
    Variant(Vec<DataType>),
    /// The deprecated `Object('json')`; the schema string is kept as written.
    Object(String),
    AggregateFunction(AggregateFunction),
    SimpleAggregateFunction(AggregateFunction),
    Geo(GeoKind),
    /// `QBit(element, dimension)`, a vector type for similarity search.
    QBit {
        element: Box<DataType>,
        dimension: u32,
    },
}

/// One `'name' = value` of an enum. Values of an `Enum8` fit in `i8`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EnumVariant {
    pub name: String,
    pub value: i16,
}

/// A named element of a `Tuple` or `Nested`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub data_type: DataType,
}

/// The unit of an `IntervalX` type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IntervalKind {
    Nanosecond,
    Microsecond,
    Millisecond,
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// The geometry types, which ClickHouse defines as aliases of tuples and arrays
/// of `Float64` but prints by their own names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GeoKind {
    Point,
    Ring,
    LineString,
    MultiLineString,
    Polygon,
    MultiPolygon,
    MultiPoint,
    /// `Geometry`, a `Variant` of all the others.
    Geometry,
}

/// The parameters of a `JSON` column, normalised the way ClickHouse prints them:
/// defaults dropped, typed paths and skips sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct JsonParams {
    /// `None` for the default (1024).
    pub max_dynamic_paths: Option<u32>,
    /// `None` for the default (32).
    pub max_dynamic_types: Option<u8>,
    /// Sorted by path.
    pub typed_paths: Vec<JsonTypedPath>,
    /// Dotted paths, sorted.
    pub skip_paths: Vec<String>,
    /// Regular expressions, sorted.
    pub skip_regexps: Vec<String>,
}

/// `a.b UInt32` in `JSON(a.b UInt32)`: the path is stored joined by dots.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct JsonTypedPath {
    pub path: String,
    pub data_type: DataType,
}

/// The function part of an `AggregateFunction` or `SimpleAggregateFunction`,
/// kept as text: kiln does not know every aggregate function and combinator,
/// so it neither checks the name nor works out the state type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AggregateFunction {
    /// The state version; `None` when absent or 0, which ClickHouse omits.
    pub version: Option<u64>,
    /// `uniq`, `quantilesIf`, ... exactly as written.
    pub name: String,
    /// Parameters in their canonical spelling (`0.5`, `'(?1)(?2)'`).
    pub parameters: Vec<String>,
    /// The argument types.
    pub arguments: Vec<DataType>,
}

impl AggregateFunction {
    /// The function with its parameters, e.g. `quantiles(0.5, 0.9)`.
    pub fn function_text(&self) -> String {
        if self.parameters.is_empty() {
            self.name.clone()
        } else {
            format!("{}({})", self.name, self.parameters.join(", "))
        }
    }
}

/// Parses a ClickHouse type name such as `LowCardinality(Nullable(String))`.
///
/// Accepts everything ClickHouse accepts in a column definition or `CAST`:
/// aliases (`BIGINT UNSIGNED`, `VARCHAR(255)`), case-insensitive families
/// (`datetime64(3)`), comments and any whitespace. The error's span points into
/// `text`.
pub fn parse_type(text: &str) -> Result<DataType, TypeParseError> {
    // A project spells the same few dozen types tens of thousands of times (every declared
    // column); the pest parse of each is remembered per thread.
    thread_local! {
        static PARSED: std::cell::RefCell<std::collections::HashMap<String, Result<DataType, TypeParseError>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(known) = PARSED.with(|parsed| parsed.borrow().get(text).cloned()) {
        return known;
    }
    let result = syntax::parse(text).and_then(|syntax| build::build(&syntax));
    PARSED.with(|parsed| {
        let mut parsed = parsed.borrow_mut();
        // Bounded: a pathological project cannot grow it without limit.
        if parsed.len() < 10_000 {
            parsed.insert(text.to_string(), result.clone());
        }
    });
    result
}
