//! ClickHouse's default implementations for `Nullable` and `LowCardinality` arguments, and
//! the comparison and logical functions built on them.
//!
//! Most functions are computed on the values inside `Nullable` and wrapped back: any
//! `Nullable` argument makes the result `Nullable`, a `NULL` argument makes it
//! `Nullable(Nothing)`. Many also run on a `LowCardinality` dictionary: when the only
//! non-constant argument is one `LowCardinality` column, the result is `LowCardinality` too
//! (`lc = 'x'` is `LowCardinality(UInt8)`, `lc = lc` is `UInt8`).

use super::Argument;
use crate::types::DataType;

/// Which default implementations a function uses.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wrapping {
    pub(crate) nulls: bool,
    pub(crate) low_cardinality: bool,
}

impl Wrapping {
    pub(crate) const BOTH: Self = Self {
        nulls: true,
        low_cardinality: true,
    };
    pub(crate) const NULLS: Self = Self {
        nulls: true,
        low_cardinality: false,
    };
    pub(crate) const LOW_CARDINALITY: Self = Self {
        nulls: false,
        low_cardinality: true,
    };
}

/// Types a call from the value types of its arguments, applying the default
/// implementations. `is_constant` tells which arguments are constants; `None` when an
/// argument type is unknown or `inner` has no answer.
pub(crate) fn with_default_wrappers(
    arguments: &[(Option<&DataType>, bool)],
    wrapping: Wrapping,
    inner: impl FnOnce(&[DataType]) -> Option<DataType>,
) -> Option<DataType> {
    let mut types: Vec<DataType> = Vec::with_capacity(arguments.len());
    for (data_type, _) in arguments {
        types.push((*data_type)?.clone());
    }
    let low_cardinality_result = wrapping.low_cardinality && {
        let is_lc = |t: &DataType| matches!(t, DataType::LowCardinality(_));
        let lc_columns = arguments
            .iter()
            .filter(|(t, constant)| !constant && t.is_some_and(is_lc))
            .count();
        let ordinary_columns = arguments
            .iter()
            .filter(|(t, constant)| !constant && !t.is_some_and(is_lc))
            .count();
        types.iter().any(is_lc) && lc_columns <= 1 && ordinary_columns == 0
    };
    if wrapping.low_cardinality {
        types = types.iter().map(DataType::strip_low_cardinality).collect();
    }
    let mut nullable = false;
    if wrapping.nulls {
        if types.iter().any(is_null_type) {
            return Some(DataType::Nullable(Box::new(DataType::Nothing)));
        }
        nullable = types.iter().any(DataType::is_nullable);
        types = types.iter().map(DataType::strip_nullable).collect();
    }
    let mut result = inner(&types)?;
    if nullable {
        result = result.make_nullable();
    }
    if low_cardinality_result && result.can_be_inside_low_cardinality() {
        result = DataType::LowCardinality(Box::new(result));
    }
    Some(result)
}

/// `NULL`'s type, or `Nothing`.
fn is_null_type(data_type: &DataType) -> bool {
    match data_type {
        DataType::Nothing => true,
        DataType::Nullable(inner) => **inner == DataType::Nothing,
        _ => false,
    }
}

/// Adapts typed arguments for [`with_default_wrappers`].
pub(crate) fn shapes(arguments: &[Argument]) -> Vec<(Option<&DataType>, bool)> {
    arguments
        .iter()
        .map(|argument| (argument.data_type.as_ref(), argument.constant.is_some()))
        .collect()
}

/// Comparisons, `IN`, `LIKE`: `UInt8` with both default implementations.
pub(crate) fn comparison(arguments: &[(Option<&DataType>, bool)]) -> Option<DataType> {
    with_default_wrappers(arguments, Wrapping::BOTH, |_| Some(DataType::UInt8))
}

/// The logical functions: `Bool` when any argument is `Bool`, else `UInt8`. `not` has both
/// default implementations; `and` and `or` drop `LowCardinality` and are `Nullable` when any
/// argument is, `NULL` included (`NULL AND x` is `Nullable(UInt8)`, not `Nullable(Nothing)`).
pub(crate) fn logical(is_not: bool, arguments: &[(Option<&DataType>, bool)]) -> Option<DataType> {
    let result_of = |values: &[DataType]| {
        if values.iter().any(|t| *t.value_type() == DataType::Bool) {
            DataType::Bool
        } else {
            DataType::UInt8
        }
    };
    if is_not {
        return with_default_wrappers(arguments, Wrapping::BOTH, |values| Some(result_of(values)));
    }
    let mut types = Vec::with_capacity(arguments.len());
    for (data_type, _) in arguments {
        types.push((*data_type)?.strip_low_cardinality());
    }
    let nullable = types
        .iter()
        .any(|t| t.is_nullable() || *t == DataType::Nothing);
    let result = result_of(&types);
    Some(if nullable {
        result.make_nullable()
    } else {
        result
    })
}
