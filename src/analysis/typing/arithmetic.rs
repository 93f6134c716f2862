//! The result types of ClickHouse's arithmetic functions (`plus`, `minus`, `multiply`,
//! `divide`, `intDiv`, `modulo`, `negate`) on value types; `Nullable` and `LowCardinality`
//! are handled around them by [`super::with_default_wrappers`].
//!
//! Integers widen one step for `+`, `-` and `*` up to 64 bits (`UInt8 + UInt8` is `UInt16`,
//! `UInt64 + UInt64` stays `UInt64`), `-` is always signed, `/` is `Float64`. A decimal
//! meeting an integer keeps its own type (`Decimal(10, 2) * Int64` is `Decimal(10, 2)`); two
//! decimals take the wider storage at its full precision, with the larger scale for `+` and
//! `-`, the sum of the scales for `*`, the dividend's scale for `/`. Dates move by integers
//! and intervals.

use super::supertype::{integer_type, integer_width, storage_precision};
use crate::types::{DataType, IntervalKind};

/// A binary arithmetic function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arithmetic {
    Plus,
    Minus,
    Multiply,
    Divide,
    IntDiv,
    Modulo,
}

impl Arithmetic {
    pub(crate) fn function_name(self) -> &'static str {
        match self {
            Self::Plus => "plus",
            Self::Minus => "minus",
            Self::Multiply => "multiply",
            Self::Divide => "divide",
            Self::IntDiv => "intDiv",
            Self::Modulo => "modulo",
        }
    }
}

/// The result of `op(left, right)` on value types (no `Nullable`, no `LowCardinality`).
pub(crate) fn arithmetic(op: Arithmetic, left: &DataType, right: &DataType) -> Option<DataType> {
    if left.is_date_or_datetime() || right.is_date_or_datetime() {
        return date_arithmetic(op, left, right);
    }
    match (left, right) {
        (DataType::Decimal { .. }, _) | (_, DataType::Decimal { .. }) => {
            decimal_arithmetic(op, left, right)
        }
        _ => match (integer_width(left), integer_width(right)) {
            (Some(l), Some(r)) => integer_arithmetic(op, l, r),
            // `intDiv` of a float by an integer is an Int64.
            (None, Some(_)) if is_float(left) && op == Arithmetic::IntDiv => Some(DataType::Int64),
            _ if is_float(left) || is_float(right) => float_arithmetic(op, left, right),
            _ => None,
        },
    }
}

/// `negate(x)`: unsigned integers become the next wider signed type.
pub(crate) fn negate(value: &DataType) -> Option<DataType> {
    match integer_width(value) {
        Some((true, _)) => Some(value.clone()),
        Some((false, bits)) if bits <= 32 => integer_type(true, bits * 2),
        Some((false, 64)) => Some(DataType::Int64),
        Some(_) => None,
        None => match value {
            DataType::Float32 | DataType::Float64 | DataType::Decimal { .. } => Some(value.clone()),
            _ => None,
        },
    }
}

fn is_float(data_type: &DataType) -> bool {
    matches!(data_type, DataType::Float32 | DataType::Float64)
}

/// One widening step, as ClickHouse's `nextSize`: 8 to 16 to 32 to 64 bits, wider types
/// stay.
fn next_width(bits: u16) -> u16 {
    if bits <= 32 { bits * 2 } else { bits }
}

fn integer_arithmetic(
    op: Arithmetic,
    (left_signed, left_bits): (bool, u16),
    (right_signed, right_bits): (bool, u16),
) -> Option<DataType> {
    let either_signed = left_signed || right_signed;
    let widest = left_bits.max(right_bits);
    match op {
        Arithmetic::Plus | Arithmetic::Multiply => integer_type(either_signed, next_width(widest)),
        Arithmetic::Minus => integer_type(true, next_width(widest)),
        Arithmetic::Divide => Some(DataType::Float64),
        Arithmetic::IntDiv => integer_type(either_signed, left_bits),
        Arithmetic::Modulo if left_signed => integer_type(true, next_width(right_bits)),
        Arithmetic::Modulo => integer_type(false, right_bits),
    }
}

/// Floats with floats or integers up to 64 bits: `Float64`, except `intDiv`, left unknown.
fn float_arithmetic(op: Arithmetic, left: &DataType, right: &DataType) -> Option<DataType> {
    let fits = |t: &DataType| is_float(t) || integer_width(t).is_some_and(|(_, bits)| bits <= 64);
    (fits(left) && fits(right) && op != Arithmetic::IntDiv).then_some(DataType::Float64)
}

fn decimal_arithmetic(op: Arithmetic, left: &DataType, right: &DataType) -> Option<DataType> {
    match (left, right) {
        (
            DataType::Decimal {
                precision: left_precision,
                scale: left_scale,
            },
            DataType::Decimal {
                precision: right_precision,
                scale: right_scale,
            },
        ) => {
            let precision =
                storage_precision(*left_precision).max(storage_precision(*right_precision));
            let scale = match op {
                Arithmetic::Plus | Arithmetic::Minus => (*left_scale).max(*right_scale),
                Arithmetic::Multiply => left_scale.checked_add(*right_scale)?,
                Arithmetic::Divide if left_scale >= right_scale => *left_scale,
                _ => return None,
            };
            (scale <= precision).then_some(DataType::Decimal { precision, scale })
        }
        (decimal @ DataType::Decimal { .. }, other)
        | (other, decimal @ DataType::Decimal { .. }) => {
            if integer_width(other).is_some() {
                (op != Arithmetic::IntDiv).then(|| decimal.clone())
            } else if is_float(other) {
                (op != Arithmetic::IntDiv).then_some(DataType::Float64)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Dates plus or minus integers and intervals, and the difference of two dates.
fn date_arithmetic(op: Arithmetic, left: &DataType, right: &DataType) -> Option<DataType> {
    let is_integer = |t: &DataType| integer_width(t).is_some() && *t != DataType::Bool;
    match (op, left, right) {
        (Arithmetic::Plus | Arithmetic::Minus, date, other) if date.is_date_or_datetime() => {
            if is_integer(other) {
                Some(date.clone())
            } else if let DataType::Interval(kind) = other {
                shift_by_interval(date, *kind)
            } else if op == Arithmetic::Minus && other == date {
                matches!(date, DataType::Date | DataType::DateTime { .. })
                    .then_some(DataType::Int32)
            } else {
                None
            }
        }
        (Arithmetic::Plus, other, date) if is_integer(other) => Some(date.clone()),
        (Arithmetic::Plus, DataType::Interval(kind), date) => shift_by_interval(date, *kind),
        _ => None,
    }
}

/// A date moved by an interval: a `Date` moved by hours or finer becomes a `DateTime`.
fn shift_by_interval(date: &DataType, kind: IntervalKind) -> Option<DataType> {
    let whole_days = matches!(
        kind,
        IntervalKind::Day
            | IntervalKind::Week
            | IntervalKind::Month
            | IntervalKind::Quarter
            | IntervalKind::Year
    );
    let sub_second = matches!(
        kind,
        IntervalKind::Millisecond | IntervalKind::Microsecond | IntervalKind::Nanosecond
    );
    match date {
        _ if sub_second => None,
        DataType::Date | DataType::Date32 if whole_days => Some(date.clone()),
        DataType::Date => Some(DataType::DateTime { timezone: None }),
        DataType::DateTime { .. } | DataType::DateTime64 { .. } => Some(date.clone()),
        _ => None,
    }
}
