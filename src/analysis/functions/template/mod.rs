//! Return-type templates: the right-hand side of a catalog row, a type
//! expression over the call's arguments.
//!
//! ```text
//! template := '$' index                        the type of an argument ($-1: the last)
//!           | unary '(' template ')'          elem mapkey mapvalue nullable strip nolc
//!           | 'field(' template ', $' index ')'  tuple element named/numbered by a literal
//!           | 'type($' index ')'             the type a string literal names
//!           | list '(' selector, ... ')'      super supervar coalesce
//!           | ('Array'|'Nullable'|'LowCardinality') '(' template ')'
//!           | 'Map(' template ', ' template ')'
//!           | 'Tuple(' (template | selector), ... ')'
//!           | ('DateTime'|'DateTime64'|'Decimal'|'FixedString') '(' parameter, ... ')'
//!           | a concrete ClickHouse type
//!           | 'unknown'                       no rule: the call's type is unknown
//! selector  := '$' index ['..' [index] [':' step]]   arguments from..to (inclusive)
//! parameter := integer | quoted string | ('tz'|'prec'|'scale'|'size'|'lit') '($' index ')'
//!            | ('max'|'add') '(' parameter ', ' parameter ')'
//! ```
//!
//! `tz`, `prec`, `scale` and `size` read an argument's zone, precision,
//! scale or size, looking through `Nullable`, `LowCardinality` and `Array`;
//! `lit` reads a literal argument's value. Inside `Tuple(...)` a selector may
//! carry a unary operation, applied to each argument: `Tuple(elem($0..))`.
//!
//! `nullable`, `strip` and `nolc` are ClickHouse's `makeNullable`,
//! `removeNullable` and `removeLowCardinality`; `super` is the least
//! supertype, `supervar` the same with the `Variant` fallback `if` and
//! `array` use, `coalesce` the rule of `coalesce` and `ifNull`. The Python
//! generator (`scripts/function_catalog/templates.py`) evaluates the same
//! language when it fits templates; the agreement test keeps the two honest.

mod parse;

use crate::types::{DataType, Field, parse_type};

use super::pattern::{ArgumentKey, class_key};
use super::supertype::{least_supertype, least_supertype_or_variant};
use super::{ArgumentKind, ParameterLiteral};

/// An argument as templates see it, after the wrapper policies ran.
#[derive(Debug)]
pub(super) struct ArgumentView<'a> {
    pub data_type: DataType,
    pub kind: &'a ArgumentKind,
}

impl ArgumentView<'_> {
    pub fn is_lambda(&self) -> bool {
        matches!(self.kind, ArgumentKind::Lambda)
    }

    pub fn key(&self) -> ArgumentKey {
        let class = class_key(&self.data_type);
        match self.kind {
            ArgumentKind::Lambda => ArgumentKey {
                class: format!("Lambda({class})"),
                literal: None,
            },
            ArgumentKind::Literal(ParameterLiteral::String(value)) => ArgumentKey {
                class,
                literal: Some(value.to_lowercase()),
            },
            _ => ArgumentKey {
                class,
                literal: None,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Template {
    /// `unknown`: ClickHouse typed these classes in a way no rule explains;
    /// the row is there so a more general row does not answer for them.
    Unknown,
    Argument(i64),
    Concrete(DataType),
    Unary(Unary, Box<Template>),
    Field(Box<Template>, i64),
    TypeOf(i64),
    List(ListOp, Vec<Selector>),
    Array(Box<Template>),
    Nullable(Box<Template>),
    LowCardinality(Box<Template>),
    Map(Box<Template>, Box<Template>),
    Tuple(Vec<TupleItem>),
    DateTime(Parameter),
    DateTime64(Parameter, Option<Parameter>),
    Decimal(Parameter, Parameter),
    FixedString(Parameter),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unary {
    Element,
    MapKey,
    MapValue,
    MakeNullable,
    StripNullable,
    StripLowCardinality,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListOp {
    Supertype,
    SupertypeOrVariant,
    Coalesce,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum TupleItem {
    One(Template),
    /// `$0..` or `elem($0..)`: one element per selected argument.
    Arguments(Option<Unary>, Selector),
}

/// `$i` (single) or `$i..j:step`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Selector {
    start: i64,
    end: Option<i64>,
    step: usize,
    single: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Parameter {
    Integer(i64),
    String(String),
    Of(ParameterSource, i64),
    Max(Box<Parameter>, Box<Parameter>),
    Add(Box<Parameter>, Box<Parameter>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ParameterSource {
    Zone,
    Precision,
    Scale,
    Size,
    Literal,
}

/// A parameter's value: a number or a string (a zone).
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Integer(i128),
    String(String),
}

/// Why a template failed to parse; the loader reports it with the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TemplateError(pub String);

impl Template {
    /// The type, when the template is a constant one.
    pub fn as_constant(&self) -> Option<&DataType> {
        match self {
            Template::Concrete(data_type) => Some(data_type),
            _ => None,
        }
    }

    pub fn evaluate(&self, args: &[ArgumentView]) -> Option<DataType> {
        match self {
            Template::Unknown => None,
            Template::Argument(index) => argument(args, *index).map(|a| a.data_type.clone()),
            Template::Concrete(data_type) => Some(data_type.clone()),
            Template::Unary(op, inner) => op.apply(inner.evaluate(args)?),
            Template::Field(tuple, index) => {
                let tuple = tuple.evaluate(args)?;
                let ArgumentKind::Literal(key) = argument(args, *index)?.kind else {
                    return None;
                };
                tuple_element(&tuple, key)
            }
            Template::TypeOf(index) => match argument(args, *index)?.kind {
                ArgumentKind::Literal(ParameterLiteral::String(name)) => parse_type(name).ok(),
                _ => None,
            },
            Template::List(op, selectors) => {
                let types = select(args, selectors)?;
                if types.is_empty() {
                    return None;
                }
                match op {
                    ListOp::Supertype => least_supertype(&types),
                    ListOp::SupertypeOrVariant => least_supertype_or_variant(&types),
                    ListOp::Coalesce => coalesce(&types),
                }
            }
            Template::Array(inner) => Some(DataType::Array(Box::new(inner.evaluate(args)?))),
            Template::Nullable(inner) => {
                let inner = inner.evaluate(args)?;
                inner
                    .can_be_inside_nullable()
                    .then(|| DataType::Nullable(Box::new(inner)))
            }
            Template::LowCardinality(inner) => {
                Some(DataType::LowCardinality(Box::new(inner.evaluate(args)?)))
            }
            Template::Map(key, value) => Some(DataType::Map(
                Box::new(key.evaluate(args)?),
                Box::new(value.evaluate(args)?),
            )),
            Template::Tuple(items) => {
                let mut elements = Vec::new();
                for item in items {
                    match item {
                        TupleItem::One(template) => elements.push(template.evaluate(args)?),
                        TupleItem::Arguments(op, selector) => {
                            for data_type in select(args, std::slice::from_ref(selector))? {
                                elements.push(match op {
                                    Some(op) => op.apply(data_type)?,
                                    None => data_type,
                                });
                            }
                        }
                    }
                }
                Some(DataType::Tuple(elements))
            }
            Template::DateTime(zone) => Some(DataType::DateTime {
                timezone: Some(zone.string(args)?),
            }),
            Template::DateTime64(precision, zone) => Some(DataType::DateTime64 {
                precision: u8::try_from(precision.integer(args)?).ok()?,
                timezone: match zone {
                    Some(zone) => Some(zone.string(args)?),
                    None => None,
                },
            }),
            Template::Decimal(precision, scale) => Some(DataType::Decimal {
                precision: u8::try_from(precision.integer(args)?).ok()?,
                scale: u8::try_from(scale.integer(args)?).ok()?,
            }),
            Template::FixedString(size) => Some(DataType::FixedString(
                u32::try_from(size.integer(args)?).ok()?,
            )),
        }
    }
}

impl Unary {
    fn apply(self, data_type: DataType) -> Option<DataType> {
        match (self, data_type) {
            (Unary::Element, DataType::Array(inner)) => Some(*inner),
            (Unary::MapKey, DataType::Map(key, _)) => Some(*key),
            (Unary::MapValue, DataType::Map(_, value)) => Some(*value),
            (Unary::MakeNullable, t) => Some(t.make_nullable()),
            (Unary::StripNullable, t) => Some(t.strip_nullable()),
            (Unary::StripLowCardinality, t) => Some(t.strip_low_cardinality()),
            _ => None,
        }
    }
}

/// ClickHouse's `FunctionCoalesce::getReturnTypeImpl`: the arguments up to the
/// first one that is not `Nullable` (NULL literals skipped), their supertype
/// with the `Variant` fallback, not `Nullable` when that last one is not.
fn coalesce(types: &[DataType]) -> Option<DataType> {
    let mut kept: Vec<DataType> = Vec::new();
    for data_type in types {
        if matches!(data_type, DataType::Nullable(inner) if **inner == DataType::Nothing) {
            continue;
        }
        kept.push(data_type.clone());
        if !matches!(data_type, DataType::Nullable(_)) {
            break;
        }
    }
    match kept.as_slice() {
        [] => Some(DataType::Nullable(Box::new(DataType::Nothing))),
        [only] => Some(only.clone()),
        [.., last] => {
            let last_is_nullable = matches!(last, DataType::Nullable(_));
            let result = least_supertype_or_variant(&kept)?;
            Some(if last_is_nullable {
                result
            } else {
                result.strip_nullable()
            })
        }
    }
}

fn tuple_element(tuple: &DataType, key: &ParameterLiteral) -> Option<DataType> {
    match (tuple, key) {
        (_, ParameterLiteral::Integer(index)) if *index < 1 => None,
        (DataType::Tuple(elements), &ParameterLiteral::Integer(index)) => elements
            .get(usize::try_from(index).ok()?.checked_sub(1)?)
            .cloned(),
        (DataType::NamedTuple(fields), &ParameterLiteral::Integer(index)) => fields
            .get(usize::try_from(index).ok()?.checked_sub(1)?)
            .map(|field| field.data_type.clone()),
        (DataType::NamedTuple(fields), ParameterLiteral::String(name)) => fields
            .iter()
            .find(|Field { name: field, .. }| field == name)
            .map(|field| field.data_type.clone()),
        _ => None,
    }
}

fn argument<'v, 'a>(args: &'v [ArgumentView<'a>], index: i64) -> Option<&'v ArgumentView<'a>> {
    args.get(resolve_index(index, args.len())?)
}

fn resolve_index(index: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let resolved = if index < 0 { len + index } else { index };
    (0..len)
        .contains(&resolved)
        .then(|| usize::try_from(resolved).ok())?
}

fn select(args: &[ArgumentView], selectors: &[Selector]) -> Option<Vec<DataType>> {
    let mut types = Vec::new();
    for selector in selectors {
        for index in selector.indices(args.len())? {
            let view = args.get(index)?;
            if view.is_lambda() {
                return None;
            }
            types.push(view.data_type.clone());
        }
    }
    Some(types)
}

impl Selector {
    fn indices(&self, len: usize) -> Option<Vec<usize>> {
        let start = resolve_index(self.start, len)?;
        if self.single {
            return Some(vec![start]);
        }
        let end = match self.end {
            Some(end) => resolve_index(end, len)?,
            None => len.checked_sub(1)?,
        };
        Some((start..=end).step_by(self.step).collect())
    }
}

impl Parameter {
    fn value(&self, args: &[ArgumentView]) -> Option<Value> {
        match self {
            Parameter::Integer(n) => Some(Value::Integer(i128::from(*n))),
            Parameter::String(s) => Some(Value::String(s.clone())),
            Parameter::Of(source, index) => {
                let view = argument(args, *index)?;
                // Parameters are read through Nullable, LowCardinality and Array.
                let mut data_type = &view.data_type;
                while let DataType::Nullable(inner)
                | DataType::LowCardinality(inner)
                | DataType::Array(inner) = data_type
                {
                    data_type = inner;
                }
                match (source, data_type, view.kind) {
                    (ParameterSource::Literal, _, ArgumentKind::Literal(literal)) => {
                        match literal {
                            &ParameterLiteral::Integer(n) => Some(Value::Integer(n)),
                            ParameterLiteral::String(s) => Some(Value::String(s.clone())),
                            ParameterLiteral::Float(_) => None,
                        }
                    }
                    (ParameterSource::Literal, _, _) => None,
                    (ParameterSource::Zone, t, _) => zone_of(t).map(Value::String),
                    (ParameterSource::Precision, t, _) => precision_of(t).map(Value::Integer),
                    (ParameterSource::Scale, DataType::Decimal { scale, .. }, _) => {
                        Some(Value::Integer(i128::from(*scale)))
                    }
                    (ParameterSource::Size, DataType::FixedString(size), _) => {
                        Some(Value::Integer(i128::from(*size)))
                    }
                    _ => None,
                }
            }
            Parameter::Max(a, b) | Parameter::Add(a, b) => {
                let (Value::Integer(a), Value::Integer(b)) = (a.value(args)?, b.value(args)?)
                else {
                    return None;
                };
                Some(Value::Integer(if matches!(self, Parameter::Max(..)) {
                    a.max(b)
                } else {
                    a.checked_add(b)?
                }))
            }
        }
    }

    fn integer(&self, args: &[ArgumentView]) -> Option<i128> {
        match self.value(args)? {
            Value::Integer(n) => Some(n),
            Value::String(_) => None,
        }
    }

    fn string(&self, args: &[ArgumentView]) -> Option<String> {
        match self.value(args)? {
            Value::String(s) => Some(s),
            Value::Integer(_) => None,
        }
    }
}

fn zone_of(data_type: &DataType) -> Option<String> {
    match data_type {
        DataType::DateTime { timezone } | DataType::DateTime64 { timezone, .. } => timezone.clone(),
        _ => None,
    }
}

fn precision_of(data_type: &DataType) -> Option<i128> {
    match data_type {
        DataType::DateTime64 { precision, .. }
        | DataType::Decimal { precision, .. }
        | DataType::Time64 { precision } => Some(i128::from(*precision)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
