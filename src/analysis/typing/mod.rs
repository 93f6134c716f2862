//! ClickHouse's typing rules, as plain functions of [`DataType`]s: literals, the least common
//! supertype, arithmetic and comparison operators with their `Nullable` and `LowCardinality`
//! handling, and the [`FunctionTyping`] seam through which named functions are typed.
//!
//! Every rule here was checked against a real ClickHouse (26.9, through chDB) with
//! `toTypeName` / `DESCRIBE`; the cases live in `src/analysis/tests/cases.yaml`. A rule that
//! is not known exactly answers `None` (unknown): analysis never guesses a type.

mod arithmetic;
mod builtin;
mod literal;
mod supertype;
mod wrappers;

pub(crate) use arithmetic::{Arithmetic, arithmetic, negate};
pub use builtin::BuiltinFunctions;
pub(crate) use literal::{float_name, number_literal};
pub(crate) use supertype::{least_supertype, supertype_of_branches};
pub(crate) use wrappers::{Wrapping, comparison, logical, with_default_wrappers};

use crate::types::DataType;

/// A constant argument or parameter, as written: `quantile(0.9)`, `toDecimal64(x, 2)`,
/// `toDateTime(x, 'UTC')`. Function result types can depend on these values.
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    /// A non-negative integer literal.
    UInt(u64),
    /// A negative integer literal.
    Int(i64),
    Float(f64),
    String(String),
    Bool(bool),
    Null,
}

impl Constant {
    /// The value as an unsigned integer, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::UInt(value) => Some(*value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(value) => Some(value),
            _ => None,
        }
    }
}

/// One argument of a call: its type when known, its value when it is a constant.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub data_type: Option<DataType>,
    pub constant: Option<Constant>,
}

/// A call to type: `name(parameters)(arguments)`. `name` is as written (ClickHouse function
/// names are case-sensitive, except the few it registers case-insensitively).
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    pub name: &'a str,
    pub parameters: &'a [Constant],
    pub arguments: &'a [Argument],
}

/// What typing a call found.
#[derive(Debug, Clone, PartialEq)]
pub enum FunctionType {
    Known(DataType),
    /// The function exists but its result for these arguments is not known.
    Unknown,
    /// No function of that name exists.
    NotAFunction,
}

/// Types calls of named functions. Analysis handles operators, conditionals, `CAST`, tuple
/// and array access and higher-order functions itself, and asks this for everything else.
///
/// [`BuiltinFunctions`] knows the handful of functions the example project uses; the
/// function catalog generated from ClickHouse implements this trait too.
pub trait FunctionTyping: Sync {
    fn return_type(&self, call: &Call<'_>) -> FunctionType;

    /// Whether `name` is an aggregate function, combinators (`sumIf`, `uniqMerge`, ...)
    /// included.
    fn is_aggregate(&self, name: &str) -> bool;

    /// Whether `name` is callable only with `OVER (...)` (`row_number`, `lag`): it reads
    /// values of other rows rather than aggregating them.
    fn is_window_only(&self, _name: &str) -> bool {
        false
    }

    /// The function names a misspelt `name` may have meant, for a "did you mean" help.
    fn suggest(&self, _name: &str) -> Option<String> {
        None
    }
}
