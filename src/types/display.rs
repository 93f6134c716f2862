//! Printing a [`DataType`] in ClickHouse's canonical spelling, the one
//! `toTypeName()` returns with `print_pretty_type_names = 0`: `, ` between
//! arguments, `'` around strings, backquotes only around names that need them.
//!
//! The quoting helpers are ClickHouse's `writeAnyQuotedString` and
//! `backQuoteIfNeed`, reproduced closely enough that every name a user can
//! write survives the round trip.

use std::fmt::{self, Display, Formatter, Write as _};

use super::{AggregateFunction, DataType, EnumVariant, Field, GeoKind, IntervalKind, JsonParams};

impl Display for DataType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decimal { precision, scale } => write!(f, "Decimal({precision}, {scale})"),
            Self::FixedString(size) => write!(f, "FixedString({size})"),
            Self::DateTime { timezone: None } => f.write_str("DateTime"),
            Self::DateTime {
                timezone: Some(zone),
            } => write!(f, "DateTime({})", quote_string(zone)),
            Self::DateTime64 {
                precision,
                timezone: None,
            } => write!(f, "DateTime64({precision})"),
            Self::DateTime64 {
                precision,
                timezone: Some(zone),
            } => write!(f, "DateTime64({precision}, {})", quote_string(zone)),
            Self::Time64 { precision } => write!(f, "Time64({precision})"),
            Self::Enum8(variants) => write_enum(f, "Enum8", variants),
            Self::Enum16(variants) => write_enum(f, "Enum16", variants),
            Self::Nullable(inner) => write!(f, "Nullable({inner})"),
            Self::LowCardinality(inner) => write!(f, "LowCardinality({inner})"),
            Self::Array(inner) => write!(f, "Array({inner})"),
            Self::Tuple(elements) => write_list(f, "Tuple", elements),
            Self::NamedTuple(fields) => write_fields(f, "Tuple", fields),
            Self::Map(key, value) => write!(f, "Map({key}, {value})"),
            Self::Nested(fields) => write_fields(f, "Nested", fields),
            Self::Interval(kind) => write!(f, "Interval{}", interval_unit(*kind)),
            Self::Json(params) => write_json(f, params),
            Self::Dynamic { max_types: None } => f.write_str("Dynamic"),
            Self::Dynamic {
                max_types: Some(max),
            } => write!(f, "Dynamic(max_types={max})"),
            Self::Variant(members) => write_list(f, "Variant", members),
            Self::Object(schema) => write!(f, "Object({})", quote_string(schema)),
            Self::AggregateFunction(function) => write_aggregate(f, "AggregateFunction", function),
            Self::SimpleAggregateFunction(function) => {
                write_aggregate(f, "SimpleAggregateFunction", function)
            }
            Self::Geo(kind) => f.write_str(geo_name(*kind)),
            Self::QBit { element, dimension } => write!(f, "QBit({element}, {dimension})"),
            simple => f.write_str(simple_name(simple)),
        }
    }
}

/// Names of the types without parameters; the parameterised ones are handled
/// in `fmt` and never reach here.
fn simple_name(data_type: &DataType) -> &'static str {
    match data_type {
        DataType::Int8 => "Int8",
        DataType::Int16 => "Int16",
        DataType::Int32 => "Int32",
        DataType::Int64 => "Int64",
        DataType::Int128 => "Int128",
        DataType::Int256 => "Int256",
        DataType::UInt8 => "UInt8",
        DataType::UInt16 => "UInt16",
        DataType::UInt32 => "UInt32",
        DataType::UInt64 => "UInt64",
        DataType::UInt128 => "UInt128",
        DataType::UInt256 => "UInt256",
        DataType::Float32 => "Float32",
        DataType::Float64 => "Float64",
        DataType::BFloat16 => "BFloat16",
        DataType::String => "String",
        DataType::Uuid => "UUID",
        DataType::Date => "Date",
        DataType::Date32 => "Date32",
        DataType::Time => "Time",
        DataType::IPv4 => "IPv4",
        DataType::IPv6 => "IPv6",
        DataType::Bool => "Bool",
        DataType::Nothing => "Nothing",
        _ => "",
    }
}

pub(crate) fn interval_unit(kind: IntervalKind) -> &'static str {
    match kind {
        IntervalKind::Nanosecond => "Nanosecond",
        IntervalKind::Microsecond => "Microsecond",
        IntervalKind::Millisecond => "Millisecond",
        IntervalKind::Second => "Second",
        IntervalKind::Minute => "Minute",
        IntervalKind::Hour => "Hour",
        IntervalKind::Day => "Day",
        IntervalKind::Week => "Week",
        IntervalKind::Month => "Month",
        IntervalKind::Quarter => "Quarter",
        IntervalKind::Year => "Year",
    }
}

pub(crate) fn geo_name(kind: GeoKind) -> &'static str {
    match kind {
        GeoKind::Point => "Point",
        GeoKind::Ring => "Ring",
        GeoKind::LineString => "LineString",
        GeoKind::MultiLineString => "MultiLineString",
        GeoKind::Polygon => "Polygon",
        GeoKind::MultiPolygon => "MultiPolygon",
        GeoKind::MultiPoint => "MultiPoint",
        GeoKind::Geometry => "Geometry",
    }
}

fn write_list<T: Display>(f: &mut Formatter<'_>, family: &str, items: &[T]) -> fmt::Result {
    write!(f, "{family}(")?;
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    f.write_str(")")
}

fn write_fields(f: &mut Formatter<'_>, family: &str, fields: &[Field]) -> fmt::Result {
    let rendered: Vec<String> = fields
        .iter()
        .map(|field| format!("{} {}", back_quote_if_needed(&field.name), field.data_type))
        .collect();
    write_list(f, family, &rendered)
}

fn write_enum(f: &mut Formatter<'_>, family: &str, variants: &[EnumVariant]) -> fmt::Result {
    let rendered: Vec<String> = variants
        .iter()
        .map(|variant| format!("{} = {}", quote_string(&variant.name), variant.value))
        .collect();
    write_list(f, family, &rendered)
}

/// ClickHouse prints the settings first (`max_dynamic_types` before
/// `max_dynamic_paths`), then typed paths, then `SKIP`s, then `SKIP REGEXP`s.
fn write_json(f: &mut Formatter<'_>, params: &JsonParams) -> fmt::Result {
    let mut parts = Vec::new();
    if let Some(max) = params.max_dynamic_types {
        parts.push(format!("max_dynamic_types={max}"));
    }
    if let Some(max) = params.max_dynamic_paths {
        parts.push(format!("max_dynamic_paths={max}"));
    }
    for typed in &params.typed_paths {
        parts.push(format!(
            "{} {}",
            back_quote_if_needed(&typed.path),
            typed.data_type
        ));
    }
    for path in &params.skip_paths {
        parts.push(format!("SKIP {}", back_quote_if_needed(path)));
    }
    for regexp in &params.skip_regexps {
        parts.push(format!("SKIP REGEXP {}", quote_string(regexp)));
    }
    if parts.is_empty() {
        f.write_str("JSON")
    } else {
        write_list(f, "JSON", &parts)
    }
}

fn write_aggregate(
    f: &mut Formatter<'_>,
    family: &str,
    function: &AggregateFunction,
) -> fmt::Result {
    let mut parts = Vec::with_capacity(function.arguments.len() + 2);
    if let Some(version) = function.version {
        parts.push(version.to_string());
    }
    parts.push(function.function_text());
    parts.extend(function.arguments.iter().map(ToString::to_string));
    write_list(f, family, &parts)
}

/// `'text'` with ClickHouse's escapes: control characters it has short
/// escapes for, the backslash and the quote; every other byte as is.
pub(crate) fn quote_string(text: &str) -> String {
    quote_with(text, '\'')
}

fn quote_with(text: &str, quote: char) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Words that are valid identifiers but that ClickHouse still backquotes
/// (found by asking ClickHouse about every keyword; compared ignoring case).
const QUOTED_WORDS: &[&str] = &[
    "all", "distinct", "false", "from", "inf", "infinity", "nan", "null", "select", "some",
    "table", "top", "true", "values",
];

/// A name as ClickHouse prints it in a tuple, `Nested` or `JSON` path:
/// bare when it is a plain identifier, backquoted otherwise.
pub(crate) fn back_quote_if_needed(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !QUOTED_WORDS
            .iter()
            .any(|word| word.eq_ignore_ascii_case(name));
    if plain {
        name.to_string()
    } else {
        quote_with(name, '`')
    }
}

/// A float parameter as ClickHouse prints it: the shortest text that reads
/// back as the same number, with a trailing `.` on whole numbers (`1.`), and
/// in exponent form below 1e-6 or from 1e21 on (`1e-7`).
pub(crate) fn float_text(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        return format!("{value:e}");
    }
    let mut text = String::new();
    let _ = write!(text, "{value}");
    if !text.contains('.') {
        text.push('.');
    }
    text
}
