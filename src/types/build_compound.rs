//! Building the families whose arguments have a shape of their own: enums,
//! tuples, `Nested`, `Variant`, `JSON`, `Dynamic`, `QBit` and the aggregate
//! function types. Each function mirrors one ClickHouse factory and says where
//! ClickHouse's rule comes from when it is not obvious.

use std::collections::HashSet;

use super::build::{arity, build, integer_in, narrow, type_arg};
use super::catalog::{FamilyKind, SIMPLE_AGGREGATE_FUNCTIONS};
use super::display::{float_text, quote_string};
use super::error::TypeParseError;
use super::syntax::{
    ArgSyntax, JsonArgSyntax, Literal, NamedSyntax, SettingSyntax, Span, Spanned,
    TupleElementSyntax, TypeSyntax,
};
use super::{AggregateFunction, DataType, EnumVariant, Field, JsonParams, JsonTypedPath};

const DEFAULT_MAX_DYNAMIC_PATHS: i128 = 1024;
const MAX_DYNAMIC_PATHS: i128 = 10_000;
const DEFAULT_MAX_DYNAMIC_TYPES: i128 = 32;
const MAX_DYNAMIC_TYPES: i128 = 254;
const MAX_VARIANT_MEMBERS: usize = 255;

pub(crate) fn tuple(elements: &[TupleElementSyntax]) -> Result<DataType, TypeParseError> {
    let named = elements
        .iter()
        .filter(|e| matches!(e, TupleElementSyntax::Named(_)))
        .count();
    if named == 0 {
        let types = elements.iter().filter_map(|element| match element {
            TupleElementSyntax::Unnamed(syntax) => Some(build(syntax)),
            TupleElementSyntax::Named(_) => None,
        });
        return Ok(DataType::Tuple(types.collect::<Result<_, _>>()?));
    }
    let mut fields = Vec::with_capacity(elements.len());
    for element in elements {
        match element {
            TupleElementSyntax::Named(named) => fields.push(field(named)?),
            TupleElementSyntax::Unnamed(syntax) => {
                return Err(TypeParseError::new(
                    syntax.span.clone(),
                    "name every element of a tuple or none of them",
                ));
            }
        }
    }
    // A tuple inside `Nullable` has a `null` subcolumn for its null map.
    if let Some(reserved) = elements.iter().find_map(|element| match element {
        TupleElementSyntax::Named(named) if named.name.value == "null" => Some(&named.name),
        _ => None,
    }) {
        return Err(TypeParseError::new(
            reserved.span.clone(),
            "tuple element name `null` is reserved for the null map of a nullable tuple",
        ));
    }
    check_unique(elements.iter().filter_map(|element| match element {
        TupleElementSyntax::Named(named) => Some(&named.name),
        TupleElementSyntax::Unnamed(_) => None,
    }))?;
    Ok(DataType::NamedTuple(fields))
}

pub(crate) fn nested(fields: &[NamedSyntax], span: &Span) -> Result<DataType, TypeParseError> {
    if fields.is_empty() {
        return Err(TypeParseError::new(
            span.clone(),
            "`Nested` needs at least one field",
        ));
    }
    check_unique(fields.iter().map(|named| &named.name))?;
    Ok(DataType::Nested(
        fields.iter().map(field).collect::<Result<_, _>>()?,
    ))
}

fn field(named: &NamedSyntax) -> Result<Field, TypeParseError> {
    Ok(Field {
        name: named.name.value.clone(),
        data_type: build(&named.data_type)?,
    })
}

fn check_unique<'a>(
    names: impl Iterator<Item = &'a Spanned<String>>,
) -> Result<(), TypeParseError> {
    let mut seen = HashSet::new();
    for name in names {
        if !seen.insert(name.value.as_str()) {
            return Err(TypeParseError::new(
                name.span.clone(),
                format!("duplicate element name `{}`", name.value),
            ));
        }
    }
    Ok(())
}

/// Enum values follow ClickHouse's `autoAssignNumberForEnum`: either every
/// element has a value, or none has (numbered from 1), or only the first has
/// and the rest count up from it. A single omitted value at the very front
/// is also accepted (`Enum8('b', 'a' = 5)` gives `'b' = 1`).
pub(crate) fn enumeration(
    kind: FamilyKind,
    args: &[ArgSyntax],
    span: &Span,
) -> Result<DataType, TypeParseError> {
    if args.is_empty() {
        return Err(TypeParseError::new(
            span.clone(),
            "an enum needs at least one element",
        ));
    }
    let mut start = 1i128;
    let mut counted = 0i128;
    let mut variants: Vec<(Spanned<String>, i128)> = Vec::with_capacity(args.len());
    for (index, arg) in args.iter().enumerate() {
        match arg {
            ArgSyntax::Literal(Spanned {
                value: Literal::String(name),
                span,
            }) => {
                counted += i128::from(index > 0);
                let name = Spanned {
                    value: name.clone(),
                    span: span.clone(),
                };
                variants.push((name, start + counted));
            }
            ArgSyntax::Equals {
                left:
                    Spanned {
                        value: Literal::String(name),
                        span: name_span,
                    },
                right:
                    Spanned {
                        value: Literal::Integer(value),
                        ..
                    },
                ..
            } => {
                if index == 0 {
                    start = *value;
                }
                let name = Spanned {
                    value: name.clone(),
                    span: name_span.clone(),
                };
                variants.push((name, *value));
            }
            other => {
                return Err(TypeParseError::new(
                    other.span(),
                    "enum elements must look like `'name' = integer` or `'name'`",
                ));
            }
        }
    }
    let omitted_after_first = usize::try_from(counted).unwrap_or(usize::MAX);
    if omitted_after_first != 0 && omitted_after_first != args.len() - 1 {
        return Err(TypeParseError::new(
            span.clone(),
            "give every enum element a value, or none, or only the first",
        ));
    }
    let fits_i8 = variants.iter().all(|(_, v)| i8::try_from(*v).is_ok());
    let (wide, limit_name) = match kind {
        FamilyKind::Enum8 => (false, "Enum8"),
        FamilyKind::Enum16 => (true, "Enum16"),
        _ if fits_i8 => (false, "Enum8"),
        _ => (true, "Enum16"),
    };
    let mut names = HashSet::new();
    let mut values = HashSet::new();
    let mut checked = Vec::with_capacity(variants.len());
    for (name, value) in variants {
        let in_range = if wide {
            i16::try_from(value).is_ok()
        } else {
            i8::try_from(value).is_ok()
        };
        if !in_range {
            return Err(TypeParseError::new(
                name.span,
                format!(
                    "value {value} of enum element {} is out of range for `{limit_name}`",
                    quote_string(&name.value)
                ),
            ));
        }
        if !names.insert(name.value.clone()) {
            return Err(TypeParseError::new(
                name.span,
                format!("duplicate enum name {}", quote_string(&name.value)),
            ));
        }
        if !values.insert(value) {
            return Err(TypeParseError::new(
                name.span,
                format!("duplicate enum value {value}"),
            ));
        }
        checked.push(EnumVariant {
            name: name.value,
            value: narrow(value),
        });
    }
    checked.sort_by_key(|variant| variant.value);
    Ok(if wide {
        DataType::Enum16(checked)
    } else {
        DataType::Enum8(checked)
    })
}

/// Members are deduplicated and sorted by their printed name; `Nothing` is
/// dropped. ClickHouse refuses nullable members and nested `Variant`/`Dynamic`.
pub(crate) fn variant(args: &[ArgSyntax], span: &Span) -> Result<DataType, TypeParseError> {
    let mut members: Vec<(String, DataType)> = Vec::with_capacity(args.len());
    for arg in args {
        let member = type_arg(arg)?;
        let refused = match &member {
            DataType::Variant(_) => Some("a `Variant` cannot contain another `Variant`"),
            DataType::Dynamic { .. } => Some("a `Variant` cannot contain `Dynamic`"),
            _ if member.is_nullable() => Some("a `Variant` cannot contain nullable types"),
            _ => None,
        };
        if let Some(message) = refused {
            return Err(TypeParseError::new(arg.span(), message));
        }
        if member != DataType::Nothing {
            members.push((member.to_string(), member));
        }
    }
    members.sort_by(|a, b| a.0.cmp(&b.0));
    members.dedup_by(|a, b| a.0 == b.0);
    if members.is_empty() {
        return Err(TypeParseError::new(
            span.clone(),
            "a `Variant` needs at least one type",
        ));
    }
    if members.len() > MAX_VARIANT_MEMBERS {
        return Err(TypeParseError::new(
            span.clone(),
            format!("a `Variant` can have at most {MAX_VARIANT_MEMBERS} types"),
        ));
    }
    Ok(DataType::Variant(
        members.into_iter().map(|(_, member)| member).collect(),
    ))
}

/// `QBit(element, dimension[, stride])`; ClickHouse drops the stride when printing.
pub(crate) fn qbit(args: &[ArgSyntax], span: &Span) -> Result<DataType, TypeParseError> {
    let (element, dimension) = match args {
        [element, dimension] | [element, dimension, _] => (element, dimension),
        _ => return Err(arity(span, "`QBit` takes an element type and a dimension")),
    };
    let element_type = type_arg(element)?;
    if !matches!(
        element_type,
        DataType::Int8 | DataType::BFloat16 | DataType::Float32 | DataType::Float64
    ) {
        return Err(TypeParseError::new(
            element.span(),
            "`QBit` elements must be `Int8`, `BFloat16`, `Float32` or `Float64`",
        ));
    }
    let dimension = integer_in(dimension, 1, i128::from(u32::MAX), "`QBit` dimension")?;
    Ok(DataType::QBit {
        element: Box::new(element_type),
        dimension: narrow(dimension),
    })
}

/// `JSON(...)`, normalised as ClickHouse prints it: defaults dropped, a repeated
/// setting keeps its last value, typed paths and skips sorted.
pub(crate) fn json(args: &[JsonArgSyntax]) -> Result<DataType, TypeParseError> {
    let mut params = JsonParams::default();
    let mut paths = HashSet::new();
    for arg in args {
        match arg {
            JsonArgSyntax::Setting(setting) => match setting.name.value.as_str() {
                "max_dynamic_paths" => {
                    let value = setting_value(setting, MAX_DYNAMIC_PATHS)?;
                    params.max_dynamic_paths =
                        (value != DEFAULT_MAX_DYNAMIC_PATHS).then(|| narrow(value));
                }
                "max_dynamic_types" => {
                    let value = setting_value(setting, MAX_DYNAMIC_TYPES)?;
                    params.max_dynamic_types =
                        (value != DEFAULT_MAX_DYNAMIC_TYPES).then(|| narrow(value));
                }
                other => {
                    return Err(TypeParseError::new(
                        setting.name.span.clone(),
                        format!(
                            "unknown `JSON` parameter `{other}`, expected `max_dynamic_paths` or `max_dynamic_types`"
                        ),
                    ));
                }
            },
            JsonArgSyntax::TypedPath { path, data_type } => {
                if !paths.insert(path.value.clone()) {
                    return Err(TypeParseError::new(
                        path.span.clone(),
                        format!("duplicate typed path `{}`", path.value),
                    ));
                }
                params.typed_paths.push(JsonTypedPath {
                    path: path.value.clone(),
                    data_type: build(data_type)?,
                });
            }
            JsonArgSyntax::SkipPath(path) => params.skip_paths.push(path.value.clone()),
            JsonArgSyntax::SkipRegexp(regexp) => params.skip_regexps.push(regexp.value.clone()),
        }
    }
    params.typed_paths.sort_by(|a, b| a.path.cmp(&b.path));
    params.skip_paths.sort();
    params.skip_regexps.sort();
    Ok(DataType::Json(params))
}

/// `Dynamic(max_types=N)`; the default, 32, is dropped as ClickHouse does.
pub(crate) fn dynamic(settings: &[SettingSyntax]) -> Result<DataType, TypeParseError> {
    match settings {
        [] => Ok(DataType::Dynamic { max_types: None }),
        [setting] if setting.name.value == "max_types" => {
            let value = setting_value(setting, MAX_DYNAMIC_TYPES)?;
            Ok(DataType::Dynamic {
                max_types: (value != DEFAULT_MAX_DYNAMIC_TYPES).then(|| narrow(value)),
            })
        }
        [setting] => Err(TypeParseError::new(
            setting.name.span.clone(),
            format!(
                "unknown `Dynamic` parameter `{}`, expected `max_types`",
                setting.name.value
            ),
        )),
        [_, extra, ..] => Err(TypeParseError::new(
            extra.name.span.clone(),
            "`Dynamic` takes one parameter, `max_types=N`",
        )),
    }
}

fn setting_value(setting: &SettingSyntax, max: i128) -> Result<i128, TypeParseError> {
    match setting.value.value {
        Literal::Integer(value) if (0..=max).contains(&value) => Ok(value),
        _ => Err(TypeParseError::new(
            setting.value.span.clone(),
            format!(
                "`{}` must be an integer between 0 and {max}",
                setting.name.value
            ),
        )),
    }
}

pub(crate) fn aggregate(
    simple: bool,
    version: Option<&Spanned<u64>>,
    name: &Spanned<String>,
    parameters: &[Spanned<Literal>],
    arguments: &[TypeSyntax],
) -> Result<DataType, TypeParseError> {
    let function = AggregateFunction {
        version: version.map(|v| v.value).filter(|v| *v != 0),
        name: name.value.clone(),
        parameters: parameters
            .iter()
            .map(|p| parameter_text(&p.value))
            .collect(),
        arguments: arguments.iter().map(build).collect::<Result<_, _>>()?,
    };
    if !simple {
        return Ok(DataType::AggregateFunction(function));
    }
    if !SIMPLE_AGGREGATE_FUNCTIONS.contains(&name.value.as_str()) {
        return Err(TypeParseError::new(
            name.span.clone(),
            format!(
                "`SimpleAggregateFunction` does not support `{}`",
                name.value
            ),
        )
        .with_suggestion(
            SIMPLE_AGGREGATE_FUNCTIONS
                .iter()
                .find(|known| known.eq_ignore_ascii_case(&name.value))
                .map(|known| (*known).to_string()),
        ));
    }
    if function.arguments.len() != 1 {
        return Err(TypeParseError::new(
            name.span.clone(),
            format!(
                "`SimpleAggregateFunction({}, ...)` takes exactly one argument type",
                name.value
            ),
        ));
    }
    Ok(DataType::SimpleAggregateFunction(function))
}

/// A parameter as ClickHouse prints it back: integers in decimal, floats in
/// their shortest form, strings quoted.
fn parameter_text(literal: &Literal) -> String {
    match literal {
        Literal::Integer(value) => value.to_string(),
        Literal::Float(value) => float_text(*value),
        Literal::String(text) => quote_string(text),
        Literal::Null => "NULL".to_string(),
    }
}
