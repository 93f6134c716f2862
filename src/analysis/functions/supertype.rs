//! The least common supertype of several types, ClickHouse's
//! `getLeastSupertype` (as of 26.x): what `if`, `multiIf`, `array`,
//! `coalesce` and `UNION` give values of different types.
//!
//! The rules, in the order ClickHouse applies them: equal types give
//! themselves; arrays, maps and tuples combine element-wise;
//! `LowCardinality` survives only when every type has it; `Nullable` (and
//! `NULL`, `Nullable(Nothing)`) makes the result `Nullable`; then strings,
//! dates and times, decimals and numbers each have their own rule, and
//! anything else has no supertype. [`least_supertype_or_variant`] adds the
//! fallback `use_variant_as_common_type` (on by default) gives `if` and
//! `array`: a `Variant` of the types.
//!
//! The agreement test checks these rules against ClickHouse through `if`,
//! `multiIf`, `coalesce` and `array` calls.

use crate::types::{DataType, Field, IntervalKind};

/// ClickHouse's `getLeastSupertype`; `None` where ClickHouse reports "there
/// is no supertype".
pub fn least_supertype(types: &[DataType]) -> Option<DataType> {
    let first = types.first()?;
    if types.iter().all(|t| t == first) {
        return Some(first.clone());
    }
    let non_nothing: Vec<DataType> = types
        .iter()
        .filter(|t| **t != DataType::Nothing)
        .cloned()
        .collect();
    if non_nothing.is_empty() {
        return Some(DataType::Nothing);
    }
    if non_nothing.len() < types.len() {
        return least_supertype(&non_nothing);
    }
    if let Some(result) = containers(types) {
        return result;
    }
    if types
        .iter()
        .any(|t| matches!(t, DataType::LowCardinality(_)))
    {
        let all = types
            .iter()
            .all(|t| matches!(t, DataType::LowCardinality(_)));
        let inner: Vec<DataType> = types.iter().map(DataType::strip_low_cardinality).collect();
        let result = least_supertype(&inner)?;
        return Some(if all {
            DataType::LowCardinality(Box::new(result))
        } else {
            result
        });
    }
    if types.iter().any(|t| matches!(t, DataType::Nullable(_))) {
        let inner: Vec<DataType> = types.iter().map(DataType::strip_nullable).collect();
        let result = least_supertype(&inner)?;
        return if matches!(result, DataType::Nullable(_)) {
            Some(result)
        } else {
            result
                .can_be_inside_nullable()
                .then(|| DataType::Nullable(Box::new(result)))
        };
    }
    for rule in [strings, dates, intervals, decimals, numbers] {
        match rule(types) {
            Rule::NotMine => {}
            Rule::None => return None,
            Rule::Found(result) => return Some(result),
        }
    }
    None
}

/// A family rule's answer: not its types, its types without a supertype, or
/// the supertype.
enum Rule {
    NotMine,
    None,
    Found(DataType),
}

impl From<Option<DataType>> for Rule {
    fn from(result: Option<DataType>) -> Self {
        result.map_or(Rule::None, Rule::Found)
    }
}

/// [`least_supertype`], or where there is none, a `Variant` of the types
/// with `Nullable` removed and `NULL`s dropped (ClickHouse's
/// `getLeastSupertypeOrVariant`).
pub fn least_supertype_or_variant(types: &[DataType]) -> Option<DataType> {
    if let Some(result) = least_supertype(types) {
        return Some(result);
    }
    let mut members: Vec<DataType> = Vec::new();
    for data_type in types {
        let member = data_type.strip_nullable();
        if member == DataType::Nothing || members.contains(&member) {
            continue;
        }
        if matches!(member, DataType::Variant(_) | DataType::Dynamic { .. }) {
            return None;
        }
        members.push(member);
    }
    members.sort_by_key(ToString::to_string);
    Some(DataType::Variant(members))
}

/// Arrays, maps and tuples: `Some(answer)` when any type is one of them.
fn containers(types: &[DataType]) -> Option<Option<DataType>> {
    let first = types.first()?;
    match first {
        DataType::Array(_) => Some(arrays(types)),
        DataType::Map(..) => Some(maps(types)),
        DataType::Tuple(_) | DataType::NamedTuple(_) => Some(tuples(types)),
        _ if types.iter().any(|t| {
            matches!(
                t,
                DataType::Array(_)
                    | DataType::Map(..)
                    | DataType::Tuple(_)
                    | DataType::NamedTuple(_)
            )
        }) =>
        {
            Some(None)
        }
        _ => None,
    }
}

fn arrays(types: &[DataType]) -> Option<DataType> {
    let elements = types
        .iter()
        .map(|t| match t {
            DataType::Array(inner) => Some((**inner).clone()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(DataType::Array(Box::new(least_supertype(&elements)?)))
}

fn maps(types: &[DataType]) -> Option<DataType> {
    let (mut keys, mut values) = (Vec::new(), Vec::new());
    for t in types {
        let DataType::Map(key, value) = t else {
            return None;
        };
        keys.push((**key).clone());
        values.push((**value).clone());
    }
    Some(DataType::Map(
        Box::new(least_supertype(&keys)?),
        Box::new(least_supertype(&values)?),
    ))
}

/// Tuples of one size combine element-wise; names survive when every tuple
/// has the same ones.
fn tuples(types: &[DataType]) -> Option<DataType> {
    let mut element_lists: Vec<Vec<DataType>> = Vec::new();
    let mut names: Option<Vec<String>> = None;
    let mut same_names = true;
    for (i, t) in types.iter().enumerate() {
        let (elements, these_names): (Vec<DataType>, Option<Vec<String>>) = match t {
            DataType::Tuple(elements) => (elements.clone(), None),
            DataType::NamedTuple(fields) => (
                fields.iter().map(|f| f.data_type.clone()).collect(),
                Some(fields.iter().map(|f| f.name.clone()).collect()),
            ),
            _ => return None,
        };
        if i == 0 {
            names = these_names;
        } else if names != these_names {
            same_names = false;
        }
        element_lists.push(elements);
    }
    let size = element_lists.first()?.len();
    if element_lists.iter().any(|e| e.len() != size) {
        return None;
    }
    let mut result = Vec::with_capacity(size);
    for index in 0..size {
        let column: Vec<DataType> = element_lists
            .iter()
            .filter_map(|elements| elements.get(index).cloned())
            .collect();
        result.push(least_supertype(&column)?);
    }
    match names {
        Some(names) if same_names => Some(DataType::NamedTuple(
            names
                .into_iter()
                .zip(result)
                .map(|(name, data_type)| Field { name, data_type })
                .collect(),
        )),
        _ => Some(DataType::Tuple(result)),
    }
}

/// `String`, `FixedString` and enums: `String` when at least one is a
/// string. Enums alone become integers (see [`numbers`]).
fn strings(types: &[DataType]) -> Rule {
    let is_string = |t: &DataType| matches!(t, DataType::String | DataType::FixedString(_));
    let is_enum = |t: &DataType| matches!(t, DataType::Enum8(_) | DataType::Enum16(_));
    if !types.iter().any(is_string) {
        return Rule::NotMine;
    }
    types
        .iter()
        .all(|t| is_string(t) || is_enum(t))
        .then_some(DataType::String)
        .into()
}

/// `Date`, `Date32`, `DateTime` and `DateTime64`. With a `DateTime64` the
/// zone is the first `DateTime64`'s (a `DateTime`'s zone is dropped); `Date32`
/// with `DateTime` is `DateTime64(0)` without a zone; else the first
/// `DateTime`'s zone.
fn dates(types: &[DataType]) -> Rule {
    let is_date = |t: &DataType| {
        matches!(
            t,
            DataType::Date
                | DataType::Date32
                | DataType::DateTime { .. }
                | DataType::DateTime64 { .. }
        )
    };
    if !types.iter().any(is_date) {
        return Rule::NotMine;
    }
    if !types.iter().all(is_date) {
        return Rule::None;
    }
    let datetime64 = types.iter().find_map(|t| match t {
        DataType::DateTime64 { timezone, .. } => Some(timezone.clone()),
        _ => None,
    });
    let datetime = types.iter().find_map(|t| match t {
        DataType::DateTime { timezone } => Some(timezone.clone()),
        _ => None,
    });
    let has_date32 = types.contains(&DataType::Date32);
    if let Some(timezone) = datetime64 {
        let precision = types
            .iter()
            .filter_map(|t| match t {
                DataType::DateTime64 { precision, .. } => Some(*precision),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        return Rule::Found(DataType::DateTime64 {
            precision,
            timezone,
        });
    }
    Rule::Found(match (datetime, has_date32) {
        (Some(_), true) => DataType::DateTime64 {
            precision: 0,
            timezone: None,
        },
        (Some(timezone), false) => DataType::DateTime { timezone },
        (None, true) => DataType::Date32,
        (None, false) => DataType::Date,
    })
}

/// Intervals of different units: the finer unit, when both are fixed-length
/// (nanoseconds to weeks) or both calendar (months to years).
fn intervals(types: &[DataType]) -> Rule {
    if !types.iter().any(|t| matches!(t, DataType::Interval(_))) {
        return Rule::NotMine;
    }
    let kinds = types
        .iter()
        .map(|t| match t {
            DataType::Interval(kind) => Some(*kind),
            _ => None,
        })
        .collect::<Option<Vec<_>>>();
    let calendar = |kind: &IntervalKind| {
        matches!(
            kind,
            IntervalKind::Month | IntervalKind::Quarter | IntervalKind::Year
        )
    };
    kinds
        .filter(|kinds| kinds.iter().all(calendar) || !kinds.iter().any(calendar))
        .and_then(|kinds| kinds.into_iter().min_by_key(|k| *k as u8))
        .map(DataType::Interval)
        .into()
}

/// Decimals with integers: the widest decimal needed, its maximum precision,
/// the largest scale. Decimals with floats have no supertype.
fn decimals(types: &[DataType]) -> Rule {
    if !types.iter().any(|t| matches!(t, DataType::Decimal { .. })) {
        return Rule::NotMine;
    }
    let mut max_scale = 0_u32;
    let mut widest_decimal = 0_u32;
    let mut integer_digits = 0_u32;
    for t in types {
        match t {
            DataType::Decimal { precision, scale } => {
                max_scale = max_scale.max(u32::from(*scale));
                widest_decimal = widest_decimal.max(decimal_bits(*precision));
            }
            other => match integer_decimal_digits(other) {
                Some(digits) => integer_digits = integer_digits.max(digits),
                None => return Rule::None,
            },
        }
    }
    let needed = max_scale + integer_digits;
    let bits = if widest_decimal >= 256 || needed > 38 {
        256
    } else if widest_decimal >= 128 || needed > 18 {
        128
    } else if widest_decimal >= 64 || needed > 9 {
        64
    } else {
        32
    };
    let precision = match bits {
        32 => 9,
        64 => 18,
        128 => 38,
        _ => 76,
    };
    if max_scale > precision {
        return Rule::None;
    }
    match (u8::try_from(precision), u8::try_from(max_scale)) {
        (Ok(precision), Ok(scale)) => Rule::Found(DataType::Decimal { precision, scale }),
        _ => Rule::None,
    }
}

fn decimal_bits(precision: u8) -> u32 {
    match precision {
        0..=9 => 32,
        10..=18 => 64,
        19..=38 => 128,
        _ => 256,
    }
}

/// Decimal digits an integer type needs (ClickHouse's
/// `leastDecimalPrecisionFor`); `None` for types that cannot join a decimal.
fn integer_decimal_digits(data_type: &DataType) -> Option<u32> {
    Some(match data_type {
        DataType::UInt8 | DataType::Int8 | DataType::Bool => 3,
        DataType::UInt16 | DataType::Int16 => 5,
        DataType::UInt32 | DataType::Int32 => 10,
        DataType::Int64 => 19,
        DataType::UInt64 => 20,
        _ => return None,
    })
}

/// Integers, floats, `Bool` and enums (as `Int8`/`Int16`): the smallest type
/// holding every value exactly, or none (`UInt64` with `Int64`, `Int64` with
/// `Float64`).
fn numbers(types: &[DataType]) -> Rule {
    let (mut signed, mut unsigned, mut mantissa) = (0_u32, 0_u32, 0_u32);
    for t in types {
        match t {
            DataType::UInt8 | DataType::Bool => unsigned = unsigned.max(8),
            DataType::UInt16 => unsigned = unsigned.max(16),
            DataType::UInt32 => unsigned = unsigned.max(32),
            DataType::UInt64 => unsigned = unsigned.max(64),
            DataType::UInt128 => unsigned = unsigned.max(128),
            DataType::UInt256 => unsigned = unsigned.max(256),
            DataType::Int8 | DataType::Enum8(_) => signed = signed.max(8),
            DataType::Int16 | DataType::Enum16(_) => signed = signed.max(16),
            DataType::Int32 => signed = signed.max(32),
            DataType::Int64 => signed = signed.max(64),
            DataType::Int128 => signed = signed.max(128),
            DataType::Int256 => signed = signed.max(256),
            DataType::BFloat16 => mantissa = mantissa.max(8),
            DataType::Float32 => mantissa = mantissa.max(24),
            DataType::Float64 => mantissa = mantissa.max(53),
            _ => return Rule::NotMine,
        }
    }
    // `Bool` and `UInt8` are one number type to ClickHouse: the first wins.
    if let Some(first) = types.first()
        && types
            .iter()
            .all(|t| matches!(t, DataType::Bool | DataType::UInt8))
    {
        return Rule::Found(first.clone());
    }
    let mut bits = signed.max(unsigned);
    // A signed type must also hold the largest unsigned value: one bit more,
    // except that ClickHouse refuses to go from 64 to 128 bits here.
    if signed > 0 && unsigned >= signed {
        if bits == 64 {
            return Rule::None;
        }
        bits += 1;
    }
    if mantissa > 0 {
        return match bits.max(mantissa) {
            0..=8 => Rule::Found(DataType::BFloat16),
            9..=24 => Rule::Found(DataType::Float32),
            25..=53 => Rule::Found(DataType::Float64),
            _ => Rule::None,
        };
    }
    let (signed_types, unsigned_types) = (
        [
            DataType::Int8,
            DataType::Int16,
            DataType::Int32,
            DataType::Int64,
            DataType::Int128,
            DataType::Int256,
        ],
        [
            DataType::UInt8,
            DataType::UInt16,
            DataType::UInt32,
            DataType::UInt64,
            DataType::UInt128,
            DataType::UInt256,
        ],
    );
    let index = match bits {
        0..=8 => 0,
        9..=16 => 1,
        17..=32 => 2,
        33..=64 => 3,
        65..=128 => 4,
        129..=256 => 5,
        _ => return Rule::None,
    };
    let family = if signed > 0 {
        signed_types
    } else {
        unsigned_types
    };
    family.get(index).cloned().into()
}
