//! ClickHouse's least common supertype (`getLeastSupertype`): the type array literals, `if`,
//! `multiIf`, `CASE`, `UNION` and `USING` columns take from several types.
//!
//! The rules, in ClickHouse's order: equal types are their own supertype; `Nothing` is
//! dropped; `LowCardinality` is stripped; `Nullable` is stripped and put back around the
//! result; then arrays, maps and tuples go element-wise, strings with enums become `String`,
//! dates widen to the widest date type, decimals mixed with integers take a precision that
//! fits both, and numbers widen to a type that holds every value. Where ClickHouse would
//! fall back to `Variant` (UInt64 with a signed type, Decimal with a float) or throw, the
//! answer here is `None`.

use crate::types::DataType;

/// The least supertype of `types`, or `None` when ClickHouse has none (or kiln does not know
/// it).
pub(crate) fn least_supertype(types: &[DataType]) -> Option<DataType> {
    let first = types.first()?;
    if types.iter().all(|data_type| data_type == first) {
        return Some(first.clone());
    }
    let without_nothing: Vec<DataType> = types
        .iter()
        .filter(|data_type| **data_type != DataType::Nothing)
        .cloned()
        .collect();
    if without_nothing.is_empty() {
        return Some(DataType::Nothing);
    }
    if without_nothing.len() < types.len() {
        return least_supertype(&without_nothing);
    }
    if types.iter().any(is_opaque) {
        return None;
    }
    if types
        .iter()
        .any(|data_type| matches!(data_type, DataType::LowCardinality(_)))
    {
        let stripped: Vec<DataType> = types.iter().map(DataType::strip_low_cardinality).collect();
        return least_supertype(&stripped);
    }
    if types.iter().any(DataType::is_nullable) {
        let stripped: Vec<DataType> = types.iter().map(DataType::strip_nullable).collect();
        let inner = least_supertype(&stripped)?;
        return match inner {
            DataType::Nothing => Some(DataType::Nullable(Box::new(DataType::Nothing))),
            inner if inner.can_be_inside_nullable() => Some(DataType::Nullable(Box::new(inner))),
            _ => None,
        };
    }
    compound_supertype(types)
        .or_else(|| string_supertype(types))
        .or_else(|| date_supertype(types))
        .or_else(|| decimal_supertype(types))
        .or_else(|| number_supertype(types))
        .flatten()
}

/// The supertype of the branches of `if`, `multiIf` and `CASE`, which drop
/// `LowCardinality` from their branches first (`if(c, lc, lc)` is `String`).
pub(crate) fn supertype_of_branches(types: &[DataType]) -> Option<DataType> {
    let stripped: Vec<DataType> = types.iter().map(DataType::strip_low_cardinality).collect();
    least_supertype(&stripped)
}

/// Types kiln does not reason about: their supertypes are left unknown.
fn is_opaque(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Variant(_)
            | DataType::Dynamic { .. }
            | DataType::Json(_)
            | DataType::Object(_)
            | DataType::AggregateFunction(_)
            | DataType::SimpleAggregateFunction(_)
            | DataType::Geo(_)
            | DataType::QBit { .. }
            | DataType::Nested(_)
            | DataType::BFloat16
    )
}

/// Arrays, maps and tuples: `Some(result)` when any type is one of them (`Some(None)` when
/// they do not combine), `None` otherwise.
fn compound_supertype(types: &[DataType]) -> Option<Option<DataType>> {
    if types.iter().any(|t| matches!(t, DataType::Array(_))) {
        let elements: Option<Vec<DataType>> = types
            .iter()
            .map(|t| match t {
                DataType::Array(element) => Some((**element).clone()),
                _ => None,
            })
            .collect();
        return Some(
            elements
                .and_then(|elements| least_supertype(&elements))
                .map(|element| DataType::Array(Box::new(element))),
        );
    }
    if types.iter().any(|t| matches!(t, DataType::Map(..))) {
        let pairs: Option<(Vec<DataType>, Vec<DataType>)> = types
            .iter()
            .map(|t| match t {
                DataType::Map(key, value) => Some(((**key).clone(), (**value).clone())),
                _ => None,
            })
            .collect();
        return Some(pairs.and_then(|(keys, values)| {
            Some(DataType::Map(
                Box::new(least_supertype(&keys)?),
                Box::new(least_supertype(&values)?),
            ))
        }));
    }
    if types
        .iter()
        .any(|t| matches!(t, DataType::Tuple(_) | DataType::NamedTuple(_)))
    {
        return Some(tuple_supertype(types));
    }
    None
}

/// Unnamed tuples of one length, or named tuples with the same names, element-wise.
fn tuple_supertype(types: &[DataType]) -> Option<DataType> {
    match types.first()? {
        DataType::Tuple(first) => {
            let mut columns = vec![Vec::new(); first.len()];
            for data_type in types {
                let DataType::Tuple(elements) = data_type else {
                    return None;
                };
                if elements.len() != first.len() {
                    return None;
                }
                for (column, element) in columns.iter_mut().zip(elements) {
                    column.push(element.clone());
                }
            }
            let elements: Option<Vec<DataType>> = columns
                .iter()
                .map(|column| least_supertype(column))
                .collect();
            elements.map(DataType::Tuple)
        }
        DataType::NamedTuple(first) => {
            let mut fields = first.clone();
            for (index, field) in fields.iter_mut().enumerate() {
                let mut column = Vec::new();
                for data_type in types {
                    let DataType::NamedTuple(others) = data_type else {
                        return None;
                    };
                    let other = others.get(index).filter(|other| other.name == field.name)?;
                    if others.len() != first.len() {
                        return None;
                    }
                    column.push(other.data_type.clone());
                }
                field.data_type = least_supertype(&column)?;
            }
            Some(DataType::NamedTuple(fields))
        }
        _ => None,
    }
}

/// `String` when strings (or `FixedString`s) meet each other or enums.
fn string_supertype(types: &[DataType]) -> Option<Option<DataType>> {
    let is_string = |t: &DataType| matches!(t, DataType::String | DataType::FixedString(_));
    let is_enum = |t: &DataType| matches!(t, DataType::Enum8(_) | DataType::Enum16(_));
    if !types.iter().any(|t| is_string(t) || is_enum(t)) {
        return None;
    }
    let all_in_group = types.iter().all(|t| is_string(t) || is_enum(t));
    Some((all_in_group && types.iter().any(is_string)).then_some(DataType::String))
}

/// Dates widen to `Date32`, then `DateTime` (the zone of the first one that has a zone
/// spelled), then `DateTime64` (the widest precision; only when all zones agree).
fn date_supertype(types: &[DataType]) -> Option<Option<DataType>> {
    if !types.iter().any(DataType::is_date_or_datetime) {
        return None;
    }
    if !types.iter().all(DataType::is_date_or_datetime) {
        return Some(None);
    }
    let mut precision = None;
    let mut zones = Vec::new();
    for data_type in types {
        match data_type {
            DataType::DateTime64 {
                precision: p,
                timezone,
            } => {
                precision = Some(precision.unwrap_or(0).max(*p));
                zones.push(timezone.clone());
            }
            DataType::DateTime { timezone } => zones.push(timezone.clone()),
            _ => {}
        }
    }
    if let Some(precision) = precision {
        let first = zones.first().cloned().flatten();
        if zones.iter().any(|zone| *zone != first) {
            return Some(None);
        }
        return Some(Some(DataType::DateTime64 {
            precision,
            timezone: first,
        }));
    }
    if !zones.is_empty() {
        return Some(Some(DataType::DateTime {
            timezone: zones.into_iter().flatten().next(),
        }));
    }
    let has_date32 = types.contains(&DataType::Date32);
    Some(Some(if has_date32 {
        DataType::Date32
    } else {
        DataType::Date
    }))
}

/// Decimals with each other and with integers up to 64 bits: the largest scale, and the
/// narrowest decimal storage that holds the integer digits plus that scale (or the widest
/// decimal present), at that storage's full precision.
fn decimal_supertype(types: &[DataType]) -> Option<Option<DataType>> {
    if !types.iter().any(|t| matches!(t, DataType::Decimal { .. })) {
        return None;
    }
    let mut scale = 0;
    let mut widest_storage = 0;
    let mut integer_digits = 0;
    for data_type in types {
        match data_type {
            DataType::Decimal {
                precision,
                scale: s,
            } => {
                scale = scale.max(*s);
                widest_storage = widest_storage.max(storage_precision(*precision));
            }
            other => match integer_decimal_digits(other) {
                Some(digits) => integer_digits = integer_digits.max(digits),
                None => return Some(None),
            },
        }
    }
    let needed = u16::from(scale) + u16::from(integer_digits);
    let precision = [9u8, 18, 38, 76]
        .into_iter()
        .find(|max| *max >= widest_storage && u16::from(*max) >= needed);
    Some(precision.map(|precision| DataType::Decimal { precision, scale }))
}

/// The full precision of the decimal storage (Decimal32/64/128/256) a precision needs.
pub(crate) fn storage_precision(precision: u8) -> u8 {
    match precision {
        0..=9 => 9,
        10..=18 => 18,
        19..=38 => 38,
        _ => 76,
    }
}

/// Decimal digits ClickHouse reserves for an integer type meeting a decimal.
fn integer_decimal_digits(data_type: &DataType) -> Option<u8> {
    Some(match data_type {
        DataType::Int8 | DataType::UInt8 | DataType::Bool => 3,
        DataType::Int16 | DataType::UInt16 => 5,
        DataType::Int32 | DataType::UInt32 => 10,
        DataType::Int64 => 19,
        DataType::UInt64 => 20,
        _ => return None,
    })
}

/// Integers and floats.
fn number_supertype(types: &[DataType]) -> Option<Option<DataType>> {
    let has_bool = types.contains(&DataType::Bool);
    if has_bool
        && types
            .iter()
            .all(|t| matches!(t, DataType::Bool | DataType::UInt8))
    {
        // ClickHouse answers with whichever comes first; kiln does not guess.
        return Some(None);
    }
    let mut signed_bits = 0;
    let mut unsigned_bits = 0;
    let mut float_bits = 0;
    for data_type in types {
        match integer_width(data_type) {
            Some((true, bits)) => signed_bits = signed_bits.max(bits),
            Some((false, bits)) => unsigned_bits = unsigned_bits.max(bits),
            None => match data_type {
                DataType::Float32 => float_bits = float_bits.max(32),
                DataType::Float64 => float_bits = float_bits.max(64),
                _ => return Some(None),
            },
        }
    }
    if float_bits > 0 {
        let integer_bits = signed_bits.max(unsigned_bits);
        return Some(match integer_bits {
            0..=16 if float_bits == 32 => Some(DataType::Float32),
            0..=64 => Some(DataType::Float64),
            _ => None,
        });
    }
    if signed_bits == 0 {
        return Some(integer_type(false, unsigned_bits));
    }
    if unsigned_bits >= signed_bits {
        return Some(match unsigned_bits {
            64 | 256 => None,
            bits => integer_type(true, bits * 2),
        });
    }
    Some(integer_type(true, signed_bits))
}

/// `(signed, bits)` of an integer type; `Bool` counts as `UInt8`.
pub(crate) fn integer_width(data_type: &DataType) -> Option<(bool, u16)> {
    Some(match data_type {
        DataType::Int8 => (true, 8),
        DataType::Int16 => (true, 16),
        DataType::Int32 => (true, 32),
        DataType::Int64 => (true, 64),
        DataType::Int128 => (true, 128),
        DataType::Int256 => (true, 256),
        DataType::UInt8 | DataType::Bool => (false, 8),
        DataType::UInt16 => (false, 16),
        DataType::UInt32 => (false, 32),
        DataType::UInt64 => (false, 64),
        DataType::UInt128 => (false, 128),
        DataType::UInt256 => (false, 256),
        _ => return None,
    })
}

/// The integer type of a signedness and width.
pub(crate) fn integer_type(signed: bool, bits: u16) -> Option<DataType> {
    Some(match (signed, bits) {
        (true, 8) => DataType::Int8,
        (true, 16) => DataType::Int16,
        (true, 32) => DataType::Int32,
        (true, 64) => DataType::Int64,
        (true, 128) => DataType::Int128,
        (true, 256) => DataType::Int256,
        (false, 8) => DataType::UInt8,
        (false, 16) => DataType::UInt16,
        (false, 32) => DataType::UInt32,
        (false, 64) => DataType::UInt64,
        (false, 128) => DataType::UInt128,
        (false, 256) => DataType::UInt256,
        _ => return None,
    })
}
