//! Aggregate function combinators: `sumIf`, `uniqExactIf`, `avgOrNull`,
//! `sumState`, `sumMerge`, `groupArrayArray`, `sumForEach`...
//!
//! A combinator changes the arguments the nested function sees and wraps its
//! result; the rules below are ClickHouse's (`AggregateFunctionIf`,
//! `...OrFill`, `...State`, `...Merge`, `...Array`, `...ForEach`,
//! `...Map`, `...ArgMinMax`, `...Resample`, `...SimpleState`). They are
//! written here rather than generated because a combinator's effect is
//! structural, not a table of types; the agreement test checks them against
//! ClickHouse's answers for combinator calls.

use crate::types::{AggregateFunction, DataType};

use super::names::Resolved;
use super::{Argument, FunctionCatalog, FunctionType, ParameterLiteral};

pub(super) fn type_with_combinators(
    catalog: &FunctionCatalog,
    resolved: &Resolved,
    args: &[Argument],
    parameters: &[ParameterLiteral],
) -> FunctionType {
    if args.iter().any(|arg| arg.data_type.is_none()) {
        return FunctionType::Unknown;
    }
    // ClickHouse removes LowCardinality from every aggregate's arguments,
    // nested too, before the combinators see them.
    let args: Vec<Argument> = args
        .iter()
        .map(|arg| Argument {
            data_type: arg
                .data_type
                .as_ref()
                .map(super::rules::remove_low_cardinality),
            kind: arg.kind.clone(),
        })
        .collect();
    match chain(catalog, resolved, &resolved.combinators, &args, parameters) {
        Some(data_type) => FunctionType::Known(data_type),
        None => FunctionType::Unknown,
    }
}

/// Types `base + combinators` over `args`, peeling the outermost combinator.
fn chain(
    catalog: &FunctionCatalog,
    resolved: &Resolved,
    combinators: &[&str],
    args: &[Argument],
    parameters: &[ParameterLiteral],
) -> Option<DataType> {
    let Some((outer, inner)) = combinators.split_last() else {
        return match catalog.type_call(resolved.function, args) {
            FunctionType::Known(data_type) => Some(data_type),
            _ => None,
        };
    };
    let nested = |args: &[Argument]| chain(catalog, resolved, inner, args, parameters);
    match *outer {
        "If" | "ArgMin" | "ArgMax" => nested(args.split_last()?.1),
        "Distinct" | "OrDefault" => nested(args),
        "OrNull" => nested(args).map(|t| t.make_nullable()),
        "Array" => nested(&map_arguments(args, element_of)?),
        "ForEach" => Some(DataType::Array(Box::new(nested(&map_arguments(
            args, element_of,
        )?)?))),
        "Resample" => Some(DataType::Array(Box::new(nested(args.split_last()?.1)?))),
        "Map" => {
            let [map] = args else { return None };
            let DataType::Map(key, value) = map.data_type.as_ref()?.strip_low_cardinality() else {
                return None;
            };
            let value_type = nested(&[Argument::expression(Some(*value))])?;
            Some(DataType::Map(key, Box::new(value_type)))
        }
        "State" => Some(DataType::AggregateFunction(AggregateFunction {
            version: if inner.is_empty() {
                resolved.state_version
            } else {
                None
            },
            name: resolved.written_with(inner),
            parameters: parameters.iter().map(parameter_text).collect(),
            arguments: args
                .iter()
                .map(|arg| arg.data_type.as_ref().map(DataType::strip_low_cardinality))
                .collect::<Option<_>>()?,
        })),
        "SimpleState" => Some(DataType::SimpleAggregateFunction(AggregateFunction {
            version: None,
            name: resolved.written_with(inner),
            parameters: parameters.iter().map(parameter_text).collect(),
            arguments: vec![nested(args)?],
        })),
        "Merge" => merge(catalog, args),
        _ => None,
    }
}

/// `fMerge(state)`: the result of the function the state belongs to.
fn merge(catalog: &FunctionCatalog, args: &[Argument]) -> Option<DataType> {
    let [state] = args else { return None };
    let DataType::AggregateFunction(function) = state.data_type.as_ref()? else {
        return None;
    };
    let parameters: Vec<ParameterLiteral> = function
        .parameters
        .iter()
        .map(|text| parse_parameter(text))
        .collect::<Option<_>>()?;
    let arguments: Vec<Argument> = function
        .arguments
        .iter()
        .map(|t| Argument::expression(Some(t.clone())))
        .collect();
    match catalog.return_type_of(&function.name, &arguments, &parameters) {
        FunctionType::Known(data_type) => Some(data_type),
        _ => None,
    }
}

fn map_arguments(args: &[Argument], f: fn(&DataType) -> Option<DataType>) -> Option<Vec<Argument>> {
    args.iter()
        .map(|arg| Some(Argument::expression(Some(f(arg.data_type.as_ref()?)?))))
        .collect()
}

fn element_of(data_type: &DataType) -> Option<DataType> {
    match data_type.strip_low_cardinality() {
        DataType::Array(inner) => Some(*inner),
        _ => None,
    }
}

/// A parameter as ClickHouse prints it inside `AggregateFunction(...)`.
fn parameter_text(parameter: &ParameterLiteral) -> String {
    match parameter {
        ParameterLiteral::Integer(n) => n.to_string(),
        ParameterLiteral::Float(x) => x.to_string(),
        ParameterLiteral::String(s) => {
            format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
        }
    }
}

fn parse_parameter(text: &str) -> Option<ParameterLiteral> {
    if let Ok(n) = text.parse::<i128>() {
        return Some(ParameterLiteral::Integer(n));
    }
    if let Ok(x) = text.parse::<f64>() {
        return Some(ParameterLiteral::Float(x));
    }
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(ParameterLiteral::String(
        inner.replace("\\'", "'").replace("\\\\", "\\"),
    ))
}
