//! Argument classes and the row patterns that match them.
//!
//! A class is a type with the parameters a rule can carry through left out:
//! `DateTime('UTC')` is `DateTime(tz)`, `Decimal(12, 3)` is `Decimal64`,
//! `FixedString(16)` is `FixedString`. Rows list classes, so one row serves
//! every zone, scale and size; the template reads the parameters back.
//!
//! **Invariant:** [`class_key`] gives exactly the class
//! `scripts/function_catalog/chtypes.py::class_key` gives for the same type;
//! a difference makes rows silently stop matching, which the agreement test
//! would show as unknown types.

use crate::types::DataType;

/// An argument as rows see it: its class and, for string literals, the
/// lowercased value (rows for `dateTrunc('month', ...)` match on it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ArgumentKey {
    pub class: String,
    pub literal: Option<String>,
}

/// One position of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Pattern {
    /// `*`: any argument.
    Any,
    /// `A|B|...`: any of these.
    OneOf(Vec<Alternative>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Alternative {
    /// An exact class such as `Array(UInt8)`.
    Class(String),
    /// `Array(*)`: any class of the family; holds `Array(`.
    Family(String),
    /// `='day'`: a string literal with this (lowercase) value.
    Literal(String),
}

impl Pattern {
    /// Parses one position of a row: `*`, or alternatives separated by `|`.
    pub fn parse(text: &str) -> Pattern {
        if text == "*" {
            return Pattern::Any;
        }
        Pattern::OneOf(
            text.split('|')
                .map(|alternative| {
                    if let Some(family) = alternative.strip_suffix("*)") {
                        Alternative::Family(family.to_string())
                    } else if let Some(quoted) = alternative.strip_prefix('=') {
                        Alternative::Literal(unquote(quoted))
                    } else {
                        Alternative::Class(alternative.to_string())
                    }
                })
                .collect(),
        )
    }

    pub fn matches(&self, key: &ArgumentKey) -> bool {
        match self {
            Pattern::Any => true,
            Pattern::OneOf(alternatives) => {
                alternatives.iter().any(|alternative| match alternative {
                    Alternative::Class(class) => *class == key.class,
                    Alternative::Family(prefix) => key.class.starts_with(prefix.as_str()),
                    Alternative::Literal(value) => key.literal.as_deref() == Some(value.as_str()),
                })
            }
        }
    }
}

/// `'day'` -> `day`, undoing backslash escapes.
fn unquote(text: &str) -> String {
    let inner = text
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .unwrap_or(text);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The class of a type (module docs).
pub(super) fn class_key(data_type: &DataType) -> String {
    match data_type {
        DataType::Nullable(inner) => format!("Nullable({})", class_key(inner)),
        DataType::LowCardinality(inner) => format!("LowCardinality({})", class_key(inner)),
        DataType::Array(inner) => format!("Array({})", class_key(inner)),
        DataType::Map(key, value) => format!("Map({}, {})", class_key(key), class_key(value)),
        DataType::Tuple(elements) => list_key(elements.iter()),
        DataType::NamedTuple(fields) => list_key(fields.iter().map(|field| &field.data_type)),
        DataType::DateTime { timezone: None } => "DateTime".to_string(),
        DataType::DateTime { timezone: Some(_) } => "DateTime(tz)".to_string(),
        DataType::DateTime64 { timezone: None, .. } => "DateTime64".to_string(),
        DataType::DateTime64 {
            timezone: Some(_), ..
        } => "DateTime64(tz)".to_string(),
        DataType::Decimal { precision, .. } => match precision {
            0..=9 => "Decimal32",
            10..=18 => "Decimal64",
            19..=38 => "Decimal128",
            _ => "Decimal256",
        }
        .to_string(),
        DataType::FixedString(_) => "FixedString".to_string(),
        DataType::Enum8(_) => "Enum8".to_string(),
        DataType::Enum16(_) => "Enum16".to_string(),
        DataType::Time64 { .. } => "Time64".to_string(),
        DataType::AggregateFunction(_) => "AggregateFunction".to_string(),
        DataType::SimpleAggregateFunction(_) => "SimpleAggregateFunction".to_string(),
        DataType::Json(_) => "JSON".to_string(),
        DataType::Dynamic { .. } => "Dynamic".to_string(),
        DataType::Variant(_) => "Variant".to_string(),
        DataType::Object(_) => "Object".to_string(),
        DataType::QBit { .. } => "QBit".to_string(),
        DataType::Nested(_) => "Nested".to_string(),
        // Everything else prints without parameters: its name is its class.
        simple => simple.to_string(),
    }
}

fn list_key<'a>(elements: impl Iterator<Item = &'a DataType>) -> String {
    let keys: Vec<String> = elements.map(class_key).collect();
    format!("Tuple({})", keys.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::parse_type;

    fn key(text: &str) -> String {
        class_key(&parse_type(text).unwrap())
    }

    #[test]
    fn classes_leave_parameters_out() {
        let cases = [
            ("DateTime('UTC')", "DateTime(tz)"),
            ("DateTime", "DateTime"),
            ("DateTime64(3)", "DateTime64"),
            ("DateTime64(3, 'UTC')", "DateTime64(tz)"),
            ("Decimal(9, 2)", "Decimal32"),
            ("Decimal(10, 2)", "Decimal64"),
            ("Decimal(38, 2)", "Decimal128"),
            ("Decimal(40, 2)", "Decimal256"),
            ("FixedString(3)", "FixedString"),
            (
                "Array(Nullable(DateTime('UTC')))",
                "Array(Nullable(DateTime(tz)))",
            ),
            ("Tuple(a UInt8, b String)", "Tuple(UInt8, String)"),
            ("Map(String, Decimal(20, 4))", "Map(String, Decimal128)"),
            ("Enum8('a' = 1)", "Enum8"),
            (
                "LowCardinality(Nullable(String))",
                "LowCardinality(Nullable(String))",
            ),
            ("IntervalDay", "IntervalDay"),
        ];
        for (input, expected) in cases {
            assert_eq!(key(input), expected, "{input}");
        }
    }

    #[test]
    fn patterns_match_classes_families_and_literals() {
        let class = |c: &str| ArgumentKey {
            class: c.to_string(),
            literal: None,
        };
        let pattern = Pattern::parse("UInt8|Array(*)|='day'");
        assert!(pattern.matches(&class("UInt8")));
        assert!(pattern.matches(&class("Array(Tuple(UInt8, String))")));
        assert!(!pattern.matches(&class("UInt16")));
        assert!(pattern.matches(&ArgumentKey {
            class: "String".to_string(),
            literal: Some("day".to_string()),
        }));
        assert!(Pattern::parse("*").matches(&class("Map(String, UInt8)")));
    }
}
