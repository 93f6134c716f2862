//! The least common supertype as analysis uses it (array literals, `if`, `multiIf`, `CASE`,
//! `UNION`, `USING` columns), and the integer-width helpers the arithmetic rules share.
//!
//! The rules themselves live in one place, the function catalog's
//! [`crate::analysis::functions::least_supertype`], which the catalog's agreement test
//! checks against ClickHouse.

use crate::types::DataType;

/// The least supertype of `types`, or `None` when ClickHouse has none (or kiln does not know
/// it).
pub(crate) fn least_supertype(types: &[DataType]) -> Option<DataType> {
    crate::analysis::functions::least_supertype(types)
}

/// The supertype of the branches of `if`, `multiIf` and `CASE`, which drop
/// `LowCardinality` from their branches first (`if(c, lc, lc)` is `String`).
pub(crate) fn supertype_of_branches(types: &[DataType]) -> Option<DataType> {
    let stripped: Vec<DataType> = types.iter().map(DataType::strip_low_cardinality).collect();
    least_supertype(&stripped)
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
