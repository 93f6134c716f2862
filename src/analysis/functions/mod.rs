//! The ClickHouse function catalog: which names are functions, which are
//! aggregates or window-only, and what a call returns for given argument
//! types. Type inference asks it for every function call and operator (in
//! ClickHouse `a + b` is `plus(a, b)`, `a = b` is `equals(a, b)`).
//!
//! Everything here comes from ClickHouse itself: `scripts/gen_function_catalog.py`
//! reads `system.functions`, calls the functions analytics models use over
//! representative argument types, fits a rule to the answers and writes
//! `catalog.tsv`, which is embedded here and parsed once on first use.
//!
//! A call is typed in three steps, mirroring ClickHouse's own
//! `IFunctionOverloadResolver::getReturnType`:
//!
//! 1. **LowCardinality** (the function's `low_cardinality` policy):
//!    `dictionary` and `strip` unwrap `LowCardinality` arguments; with
//!    `dictionary` the result is wrapped back when exactly one argument is a
//!    `LowCardinality` column and every other argument is a constant. `deep`
//!    removes it everywhere, inside arrays, maps and tuples too (aggregates).
//! 2. **Nullable** (the `nulls` policy): `propagate` unwraps `Nullable`
//!    arguments and makes the result `Nullable` (a `NULL` literal makes it
//!    `Nullable(Nothing)`; `nullable` leaves that case to the rows); `strip`
//!    unwraps them and keeps the result.
//!    `rows` leaves both wrappers to the rows, for functions such as `if`,
//!    `coalesce` or `toTypeName` that handle them themselves.
//! 3. **Rows**: the first row whose argument patterns match the argument
//!    classes gives a [`template`] that computes the result type.
//!
//! Aggregate combinators (`sumIf`, `uniqExactState`, `avgOrNull`) are peeled
//! off the name and applied around the base function by [`aggregate`].
//!
//! **Invariant:** the catalog never guesses: a call it has no row for is
//! [`FunctionType::Unknown`], never a plausible type.

mod aggregate;
mod load;
mod names;
mod pattern;
mod rules;
mod supertype;
mod template;
mod typing;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::types::DataType;

pub use names::FunctionKind;
pub use supertype::{least_supertype, least_supertype_or_variant};

use template::Template;

/// The catalog file written by `scripts/gen_function_catalog.py`.
const CATALOG_TSV: &str = include_str!("catalog.tsv");

static CATALOG: LazyLock<FunctionCatalog> = LazyLock::new(|| load::parse(CATALOG_TSV));

/// What the catalog knows about the result of a call: `Known(type)`,
/// `Unknown` (a real ClickHouse function whose result for these arguments kiln
/// can't tell) or `NotAFunction`. The type analysis's `FunctionTyping` seam
/// uses, which the catalog implements (`typing.rs`).
pub use crate::analysis::typing::FunctionType;

/// A literal parameter or argument: the `0.9` of `quantile(0.9)(x)`, the `3`
/// of `toDecimal64(x, 3)`, the `'UTC'` of `toDateTime(x, 'UTC')`.
#[derive(Debug, Clone, PartialEq)]
pub enum ParameterLiteral {
    Integer(i128),
    Float(f64),
    String(String),
}

/// What kind of expression an argument is; constants matter to
/// `LowCardinality` results and some rules read a literal's value.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgumentKind {
    /// A column or any other non-constant expression.
    Expression,
    /// A literal, with its value.
    Literal(ParameterLiteral),
    /// A constant whose value rules never read: `NULL`, `INTERVAL 1 DAY`,
    /// a tuple or array literal.
    Constant,
    /// A lambda `x -> body`; the argument's type is the body's type (see
    /// [`FunctionCatalog::lambda_parameter_types`]).
    Lambda,
}

/// One argument of a call: its type (`None` when inference could not tell)
/// and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub data_type: Option<DataType>,
    pub kind: ArgumentKind,
}

impl Argument {
    /// A column or other non-constant expression.
    pub fn expression(data_type: Option<DataType>) -> Self {
        Self {
            data_type,
            kind: ArgumentKind::Expression,
        }
    }

    /// A literal of type `data_type` (ClickHouse's type for it: `1` is
    /// `UInt8`, `'a'` is `String`) with its value.
    pub fn literal(data_type: DataType, value: ParameterLiteral) -> Self {
        Self {
            data_type: Some(data_type),
            kind: ArgumentKind::Literal(value),
        }
    }

    /// A constant expression of type `data_type` whose value does not matter
    /// (`NULL`, `INTERVAL 1 DAY`, `(1, 2)`).
    pub fn constant(data_type: DataType) -> Self {
        Self {
            data_type: Some(data_type),
            kind: ArgumentKind::Constant,
        }
    }

    /// A lambda whose body has type `body` (`None` when unknown).
    pub fn lambda(body: Option<DataType>) -> Self {
        Self {
            data_type: body,
            kind: ArgumentKind::Lambda,
        }
    }
}

/// How Nullable arguments are handled (module docs, step 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NullPolicy {
    Propagate,
    /// `Propagate`, except that a `NULL` literal is typed by the rows.
    Nullable,
    Strip,
    Rows,
}

/// How LowCardinality arguments are handled (module docs, step 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LowCardinalityPolicy {
    Dictionary,
    /// `LowCardinality` removed everywhere in the arguments, nested too, as
    /// ClickHouse does for aggregate functions.
    Deep,
    Strip,
    Rows,
}

/// The types a higher-order function gives its lambda's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LambdaRule {
    /// One parameter per array argument, its element type (`arrayMap`).
    Elements,
    /// The key and value types of the map argument (`mapApply`).
    Map,
    /// The array elements, then the accumulator, typed as the last argument
    /// (`arrayFold`).
    Fold,
}

/// One catalog row: argument patterns and the template for calls they match.
#[derive(Debug)]
struct Row {
    patterns: Vec<pattern::Pattern>,
    /// Positions `start..start + size` may repeat any number of times.
    repeat: Option<(usize, usize)>,
    template: std::sync::Arc<Template>,
}

/// The typing rules of one function.
#[derive(Debug)]
struct Rules {
    nulls: NullPolicy,
    low_cardinality: LowCardinalityPolicy,
    lambda: Option<LambdaRule>,
    rows: Vec<Row>,
}

/// Every ClickHouse function kiln knows, with the rules that type its calls.
/// Built once from the embedded catalog; read-only and shared between threads.
#[derive(Debug)]
pub struct FunctionCatalog {
    names: names::Names,
    rules: HashMap<String, Rules>,
}

impl FunctionCatalog {
    /// The catalog, parsed from the embedded data on first use.
    pub fn get() -> &'static FunctionCatalog {
        &CATALOG
    }

    /// The result type of `name(args)`, or `name(parameters)(args)` for a
    /// parametric aggregate. Every argument is taken to be a non-constant
    /// expression; functions whose result depends on a literal argument
    /// (`toDecimal64(x, 2)`, `CAST(x, 'T')`) need
    /// [`FunctionCatalog::return_type_of`].
    pub fn return_type(
        &self,
        name: &str,
        args: &[Option<DataType>],
        parameters: &[ParameterLiteral],
    ) -> FunctionType {
        let args: Vec<Argument> = args.iter().cloned().map(Argument::expression).collect();
        self.return_type_of(name, &args, parameters)
    }

    /// The result type of a call whose arguments may be literals or lambdas.
    pub fn return_type_of(
        &self,
        name: &str,
        args: &[Argument],
        parameters: &[ParameterLiteral],
    ) -> FunctionType {
        match self.names.resolve(name) {
            None => FunctionType::NotAFunction,
            Some(resolved) if resolved.combinators.is_empty() => {
                self.type_call(resolved.function, args)
            }
            Some(resolved) => aggregate::type_with_combinators(self, &resolved, args, parameters),
        }
    }

    /// Whether `name` is an aggregate function, combinators included
    /// (`sumIf`, `uniqExactIf`, `countDistinct`, `avgOrNull`, `sumState`).
    /// Window-only functions (`row_number`) are aggregates too.
    pub fn is_aggregate(&self, name: &str) -> bool {
        self.names.resolve(name).is_some_and(|resolved| {
            matches!(
                resolved.kind,
                FunctionKind::Aggregate | FunctionKind::Window
            )
        })
    }

    /// Whether `name` can only be called with `OVER (...)`: `row_number`,
    /// `rank`, `lagInFrame`, ...
    pub fn is_window_only(&self, name: &str) -> bool {
        self.names
            .resolve(name)
            .is_some_and(|resolved| resolved.kind == FunctionKind::Window)
    }

    /// The name ClickHouse registers the function under: `SUM` is `sum`,
    /// `date_diff` is `dateDiff`, `SUMIf` is `sumIf`.
    pub fn canonical_name<'a>(&'a self, name: &'a str) -> Option<std::borrow::Cow<'a, str>> {
        let resolved = self.names.resolve(name)?;
        Some(if resolved.combinators.is_empty() {
            std::borrow::Cow::Borrowed(resolved.function)
        } else {
            std::borrow::Cow::Owned(resolved.canonical_name().into_owned())
        })
    }

    /// Every function name as ClickHouse spells it, aliases included, for
    /// "did you mean" suggestions.
    pub fn known_names(&self) -> impl Iterator<Item = &str> {
        self.names.all()
    }

    /// The types of a lambda's parameters in a call of the higher-order
    /// function `name`, given the types of the arguments after the lambda:
    /// `arrayMap(x -> ..., arr)` gives `x` the element type of `arr`. `None`
    /// when `name` takes no lambda or a type is not known.
    pub fn lambda_parameter_types(
        &self,
        name: &str,
        other_args: &[Option<DataType>],
    ) -> Option<Vec<DataType>> {
        let resolved = self.names.resolve(name)?;
        let rule = self.rules.get(resolved.function)?.lambda?;
        let element = |t: &Option<DataType>| match t.as_ref().map(DataType::strip_low_cardinality) {
            Some(DataType::Array(inner)) => Some(*inner),
            _ => None,
        };
        match rule {
            LambdaRule::Elements => other_args.iter().map(element).collect(),
            LambdaRule::Map => match other_args.first()? {
                Some(DataType::Map(key, value)) => Some(vec![(**key).clone(), (**value).clone()]),
                _ => None,
            },
            LambdaRule::Fold => {
                let (accumulator, arrays) = other_args.split_last()?;
                let mut types: Vec<DataType> = arrays.iter().map(element).collect::<Option<_>>()?;
                types.push(accumulator.clone()?);
                Some(types)
            }
        }
    }

    /// Types a call of a function (no combinators) with its rows.
    fn type_call(&self, function: &str, args: &[Argument]) -> FunctionType {
        let Some(rules) = self.rules.get(function) else {
            return FunctionType::Unknown;
        };
        if args.iter().any(|arg| arg.data_type.is_none()) {
            return rules.type_with_unknown_arguments(args);
        }
        match rules.apply(args) {
            Some(data_type) => FunctionType::Known(data_type),
            None => FunctionType::Unknown,
        }
    }
}
