//! The types ClickHouse gives literals: the smallest unsigned integer type that holds a
//! non-negative integer, the smallest signed one for a negative integer (`-1` is a literal,
//! not `negate(1)`), `Float64` for anything with a point or an exponent and for integers
//! beyond 64 bits.

use super::Constant;
use crate::types::DataType;

/// A literal's type and value.
pub(crate) struct LiteralType {
    pub(crate) data_type: DataType,
    pub(crate) constant: Constant,
}

/// Types a number literal as written (`text` without its sign); `None` when it is not a
/// number ClickHouse would read the same way.
pub(crate) fn number_literal(text: &str, negative: bool) -> Option<LiteralType> {
    if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(integer_literal(text, negative));
    }
    let is_float = text
        .bytes()
        .all(|byte| byte.is_ascii_digit() || matches!(byte, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !is_float || !text.bytes().any(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    Some(float(if negative { -value } else { value }))
}

fn integer_literal(text: &str, negative: bool) -> LiteralType {
    let Ok(value) = text.parse::<u64>() else {
        // Beyond UInt64 ClickHouse reads an integer literal as a float.
        let value = text.parse::<f64>().unwrap_or(f64::INFINITY);
        return float(if negative { -value } else { value });
    };
    // `-0` is the literal 0, a UInt8.
    if negative && value != 0 {
        let magnitude = i128::from(value);
        let signed = -magnitude;
        let data_type = if signed >= i128::from(i8::MIN) {
            DataType::Int8
        } else if signed >= i128::from(i16::MIN) {
            DataType::Int16
        } else if signed >= i128::from(i32::MIN) {
            DataType::Int32
        } else if signed >= i128::from(i64::MIN) {
            DataType::Int64
        } else {
            return float(-(value as f64));
        };
        let constant =
            i64::try_from(signed).map_or(Constant::Float(-(value as f64)), Constant::Int);
        return LiteralType {
            data_type,
            constant,
        };
    }
    let data_type = if value <= u64::from(u8::MAX) {
        DataType::UInt8
    } else if value <= u64::from(u16::MAX) {
        DataType::UInt16
    } else if value <= u64::from(u32::MAX) {
        DataType::UInt32
    } else {
        DataType::UInt64
    };
    LiteralType {
        data_type,
        constant: Constant::UInt(value),
    }
}

fn float(value: f64) -> LiteralType {
    LiteralType {
        data_type: DataType::Float64,
        constant: Constant::Float(value),
    }
}

/// How ClickHouse prints a float literal in a column name (`1.5`, `1000.`), when this is
/// sure to match: values whose shortest form needs no exponent.
pub(crate) fn float_name(value: f64) -> Option<String> {
    let magnitude = value.abs();
    if !value.is_finite() || (magnitude != 0.0 && !(1e-4..1e15).contains(&magnitude)) {
        return None;
    }
    let text = format!("{value}");
    Some(if text.contains('.') { text } else { text + "." })
}
