//! The catalog behind analysis's [`FunctionTyping`] seam: analysis describes a
//! call with its own [`Call`] (constants as written), this turns it into the
//! catalog's arguments and asks [`FunctionCatalog::return_type_of`].
//!
//! A call the catalog has no row for falls back to the hand-written
//! [`BuiltinFunctions`] table (variadic calls such as `concat` over mixed
//! types, which the generator's fixed-arity probes do not cover). Both are
//! checked against ClickHouse, so the fallback never turns unknown into a guess.

use crate::analysis::typing::{BuiltinFunctions, Call, Constant, FunctionTyping};
use crate::types::DataType;

use super::{Argument, FunctionCatalog, FunctionType, ParameterLiteral};

impl FunctionTyping for FunctionCatalog {
    fn return_type(&self, call: &Call<'_>) -> FunctionType {
        let Some(parameters) = call
            .parameters
            .iter()
            .map(parameter)
            .collect::<Option<Vec<_>>>()
        else {
            return FunctionType::Unknown;
        };
        let arguments: Vec<Argument> = call.arguments.iter().map(argument).collect();
        match self.return_type_of(call.name, &arguments, &parameters) {
            FunctionType::Unknown => match BuiltinFunctions.return_type(call) {
                FunctionType::Known(data_type) => FunctionType::Known(data_type),
                _ => FunctionType::Unknown,
            },
            answer => answer,
        }
    }

    fn is_aggregate(&self, name: &str) -> bool {
        FunctionCatalog::is_aggregate(self, name) || BuiltinFunctions.is_aggregate(name)
    }

    fn is_window_only(&self, name: &str) -> bool {
        FunctionCatalog::is_window_only(self, name)
    }

    fn suggest(&self, name: &str) -> Option<String> {
        crate::diagnostic::did_you_mean(name, self.names.all())
    }
}

fn parameter(constant: &Constant) -> Option<ParameterLiteral> {
    Some(match constant {
        Constant::UInt(value) => ParameterLiteral::Integer(i128::from(*value)),
        Constant::Int(value) => ParameterLiteral::Integer(i128::from(*value)),
        Constant::Float(value) => ParameterLiteral::Float(*value),
        Constant::String(value) => ParameterLiteral::String(value.clone()),
        Constant::Bool(value) => ParameterLiteral::Integer(i128::from(*value)),
        Constant::Null => return None,
    })
}

fn argument(argument: &crate::analysis::typing::Argument) -> Argument {
    match (&argument.data_type, &argument.constant) {
        (_, None) | (None, Some(_)) => Argument::expression(argument.data_type.clone()),
        (Some(_), Some(Constant::Null)) => {
            Argument::constant(DataType::Nullable(Box::new(DataType::Nothing)))
        }
        (Some(data_type), Some(Constant::Bool(_))) => Argument::constant(data_type.clone()),
        (Some(data_type), Some(constant)) => match parameter(constant) {
            Some(value) => Argument::literal(data_type.clone(), value),
            None => Argument::constant(data_type.clone()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::typing::Argument as AnalysisArgument;
    use crate::types::parse_type;

    #[test]
    fn analysis_calls_reach_the_catalog() {
        let catalog = FunctionCatalog::get();
        let arguments = [
            AnalysisArgument {
                data_type: Some(parse_type("Float64").unwrap()),
                constant: None,
            },
            AnalysisArgument {
                data_type: Some(DataType::UInt8),
                constant: Some(Constant::UInt(2)),
            },
        ];
        let call = Call {
            name: "toDecimal64",
            parameters: &[],
            arguments: &arguments,
        };
        assert_eq!(
            FunctionTyping::return_type(catalog, &call),
            FunctionType::Known(parse_type("Decimal(18, 2)").unwrap())
        );
        assert!(FunctionTyping::is_aggregate(catalog, "uniqExactIf"));
    }
}
