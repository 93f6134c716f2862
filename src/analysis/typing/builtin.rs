//! The few named functions kiln types without the generated function catalog: those the
//! example project and the analysis tests use. Each rule was checked on ClickHouse 26.9.
//!
//! A name not listed here is [`FunctionType::Unknown`] (never `NotAFunction`: this table
//! does not know every function, so it cannot say a name is wrong).

use super::wrappers::{Wrapping, shapes, with_default_wrappers};
use super::{Argument, Call, FunctionType, FunctionTyping, supertype_of_branches};
use crate::types::DataType;

/// The built-in table, see the module docs.
#[derive(Debug, Default, Clone, Copy)]
pub struct BuiltinFunctions;

/// Aggregate functions this table knows, without combinators.
const AGGREGATES: &[&str] = &[
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "any",
    "anyLast",
    "first_value",
    "last_value",
    "argMin",
    "argMax",
    "uniq",
    "uniqExact",
    "uniqCombined",
    "groupArray",
    "quantile",
    "median",
];

/// Combinator suffixes, stripped one at a time from the end of a name.
const COMBINATORS: &[&str] = &[
    "If",
    "Distinct",
    "OrNull",
    "OrDefault",
    "State",
    "Merge",
    "Array",
];

/// Names ClickHouse registers case-insensitively, in their canonical spelling.
const CASE_INSENSITIVE: &[&str] = &[
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "any",
    "lower",
    "upper",
    "concat",
    "length",
    "round",
    "coalesce",
    "ifNull",
    "nullIf",
    "dateDiff",
    "toDayOfWeek",
    "toYear",
    "toMonth",
    "toDayOfMonth",
    "toHour",
    "toMinute",
    "toSecond",
    "row_number",
    "rank",
    "dense_rank",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "substring",
    "floor",
    "ceil",
    "position",
];

impl BuiltinFunctions {
    /// The canonical spelling of a name, folding the case-insensitive ones.
    fn canonical(name: &str) -> &str {
        CASE_INSENSITIVE
            .iter()
            .find(|known| known.eq_ignore_ascii_case(name))
            .copied()
            .unwrap_or(name)
    }

    /// `(base aggregate, combinators)` of an aggregate name, combinators outermost last.
    fn split_aggregate(name: &str) -> Option<(&'static str, Vec<&'static str>)> {
        let mut rest = name;
        let mut combinators = Vec::new();
        loop {
            let base = Self::canonical(rest);
            if let Some(known) = AGGREGATES.iter().find(|known| **known == base) {
                combinators.reverse();
                return Some((known, combinators));
            }
            let combinator = COMBINATORS
                .iter()
                .find(|suffix| rest.len() > suffix.len() && rest.ends_with(**suffix))?;
            combinators.push(*combinator);
            rest = rest.get(..rest.len() - combinator.len())?;
        }
    }
}

impl FunctionTyping for BuiltinFunctions {
    fn return_type(&self, call: &Call<'_>) -> FunctionType {
        let result = if let Some((base, combinators)) = Self::split_aggregate(call.name) {
            aggregate(base, &combinators, call.arguments)
        } else {
            regular(Self::canonical(call.name), call.arguments)
        };
        result.map_or(FunctionType::Unknown, FunctionType::Known)
    }

    fn is_aggregate(&self, name: &str) -> bool {
        Self::split_aggregate(name).is_some()
    }
}

/// Aggregates with the `If` and `Distinct` combinators (which change the arguments, not
/// the result); other combinators are left unknown.
fn aggregate(base: &str, combinators: &[&str], arguments: &[Argument]) -> Option<DataType> {
    if combinators
        .iter()
        .any(|combinator| !matches!(*combinator, "If" | "Distinct"))
    {
        return None;
    }
    let value = || arguments.first()?.data_type.clone();
    match base {
        "count" | "uniq" | "uniqExact" | "uniqCombined" => Some(DataType::UInt64),
        "sum" => keep_nullable(&value()?, sum_type),
        "avg" => keep_nullable(&value()?, |_| Some(DataType::Float64)),
        "min" | "max" | "any" | "anyLast" | "first_value" | "last_value" | "argMin" | "argMax" => {
            Some(value()?.strip_low_cardinality())
        }
        // NULLs are skipped: the elements are the values without Nullable.
        "groupArray" => Some(DataType::Array(Box::new(
            value()?.strip_low_cardinality().strip_nullable(),
        ))),
        _ => None,
    }
}

/// Applies `rule` to the value type and keeps `Nullable` around it, as aggregates do with
/// a `Nullable` argument.
fn keep_nullable(
    data_type: &DataType,
    rule: impl FnOnce(&DataType) -> Option<DataType>,
) -> Option<DataType> {
    let value = data_type.strip_low_cardinality();
    let result = rule(value.value_type())?;
    Some(if value.is_nullable() {
        result.make_nullable()
    } else {
        result
    })
}

/// `sum`: 64-bit integers and floats, `Decimal(38, S)` (or `Decimal(76, S)` from 256-bit
/// decimals).
fn sum_type(value: &DataType) -> Option<DataType> {
    Some(match value {
        DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Bool => DataType::UInt64,
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => DataType::Int64,
        DataType::Int128 | DataType::UInt128 | DataType::Int256 | DataType::UInt256 => {
            value.clone()
        }
        DataType::Float32 | DataType::Float64 => DataType::Float64,
        DataType::Decimal { precision, scale } => DataType::Decimal {
            precision: if *precision > 38 { 76 } else { 38 },
            scale: *scale,
        },
        _ => return None,
    })
}

/// Regular and window functions.
fn regular(name: &str, arguments: &[Argument]) -> Option<DataType> {
    let shapes = shapes(arguments);
    let wrapped = |wrapping: Wrapping, result: DataType| {
        with_default_wrappers(&shapes, wrapping, |_| Some(result))
    };
    let first = || arguments.first()?.data_type.clone();
    match name {
        "concat" | "toString" | "substring" | "substr" | "trimBoth" | "trimLeft" | "trimRight" => {
            wrapped(Wrapping::BOTH, DataType::String)
        }
        // Case mapping keeps a FixedString's length.
        "lower" | "upper" | "lowerUTF8" | "upperUTF8" => {
            with_default_wrappers(&shapes, Wrapping::BOTH, |values| match values.first()? {
                DataType::FixedString(length) => Some(DataType::FixedString(*length)),
                _ => Some(DataType::String),
            })
        }
        "position" => wrapped(Wrapping::BOTH, DataType::UInt64),
        "length" => wrapped(Wrapping::BOTH, DataType::UInt64),
        "toDate" | "toStartOfMonth" => wrapped(Wrapping::BOTH, DataType::Date),
        "toDayOfWeek" | "toMonth" | "toDayOfMonth" | "toHour" | "toMinute" | "toSecond" => {
            wrapped(Wrapping::NULLS, DataType::UInt8)
        }
        "toYear" => wrapped(Wrapping::NULLS, DataType::UInt16),
        "dateDiff" => wrapped(Wrapping::NULLS, DataType::Int64),
        "toUInt8" => wrapped(Wrapping::BOTH, DataType::UInt8),
        "toUInt16" => wrapped(Wrapping::BOTH, DataType::UInt16),
        "toUInt32" => wrapped(Wrapping::BOTH, DataType::UInt32),
        "toUInt64" => wrapped(Wrapping::BOTH, DataType::UInt64),
        "toInt8" => wrapped(Wrapping::BOTH, DataType::Int8),
        "toInt16" => wrapped(Wrapping::BOTH, DataType::Int16),
        "toInt32" => wrapped(Wrapping::BOTH, DataType::Int32),
        "toInt64" => wrapped(Wrapping::BOTH, DataType::Int64),
        "toFloat32" => wrapped(Wrapping::BOTH, DataType::Float32),
        "toFloat64" => wrapped(Wrapping::BOTH, DataType::Float64),
        "toDecimal32" | "toDecimal64" | "toDecimal128" | "toDecimal256" => {
            let scale = u8::try_from(arguments.get(1)?.constant.as_ref()?.as_u64()?).ok()?;
            let precision = match name {
                "toDecimal32" => 9,
                "toDecimal64" => 18,
                "toDecimal128" => 38,
                _ => 76,
            };
            (scale <= precision).then_some(())?;
            let value = shapes.get(..1)?;
            with_default_wrappers(value, Wrapping::NULLS, |_| {
                Some(DataType::Decimal { precision, scale })
            })
        }
        "round" | "floor" | "ceil" => {
            let value = shapes.get(..1)?;
            with_default_wrappers(value, Wrapping::NULLS, |values| {
                let value = values.first()?;
                value.is_numeric().then(|| value.clone())
            })
        }
        "splitByChar" | "splitByString" => {
            let text = arguments.get(1)?.data_type.as_ref()?;
            (!matches!(text, DataType::LowCardinality(_)))
                .then(|| DataType::Array(Box::new(DataType::String)))
        }
        "nullIf" => Some(first()?.make_nullable()),
        "arraySort" | "arrayReverseSort" if arguments.len() == 1 => {
            first().filter(|t| matches!(t, DataType::Array(_)))
        }
        "ifNull" => with_default_wrappers(&shapes, Wrapping::LOW_CARDINALITY, |values| {
            if_null(values.first()?, values.get(1)?)
        }),
        "coalesce" => with_default_wrappers(&shapes, Wrapping::LOW_CARDINALITY, coalesce),
        "row_number" | "rank" | "dense_rank" => Some(DataType::UInt64),
        "lag" | "lead" | "lagInFrame" | "leadInFrame" | "first_value" | "last_value" => {
            Some(first()?.strip_low_cardinality())
        }
        _ => None,
    }
}

/// `ifNull(x, alternative)`: `x` itself when it cannot be NULL, else the branches' supertype.
fn if_null(value: &DataType, alternative: &DataType) -> Option<DataType> {
    match value {
        DataType::Nullable(inner) if **inner == DataType::Nothing => Some(alternative.clone()),
        DataType::Nothing => Some(alternative.clone()),
        _ if !value.is_nullable() => Some(value.clone()),
        _ => supertype_of_branches(&[value.strip_nullable(), alternative.clone()]),
    }
}

/// `coalesce(...)`: the supertype of the non-NULL values, `Nullable` only when every
/// argument is.
fn coalesce(values: &[DataType]) -> Option<DataType> {
    let all_nullable = values.iter().all(DataType::is_nullable);
    let stripped: Vec<DataType> = values.iter().map(DataType::strip_nullable).collect();
    let result = super::least_supertype(&stripped)?;
    Some(if all_nullable {
        result.make_nullable()
    } else {
        result
    })
}
