//! Syntax tree to [`DataType`]: finds each name's family in the catalogue and
//! applies ClickHouse's rules for its arguments (defaults, ranges, which types
//! may be wrapped in `Nullable` or `LowCardinality`).
//!
//! Families with arguments of their own shape (enums, tuples, `JSON`,
//! aggregate functions, ...) are built in `build_compound`.

use super::build_compound as compound;
use super::catalog::{self, FamilyKind};
use super::error::TypeParseError;
use super::syntax::{ArgSyntax, Literal, Span, Spanned, TypeSyntax, TypeSyntaxKind};
use super::{DataType, JsonParams};

/// Largest `FixedString` ClickHouse accepts: 16 MiB - 1.
const MAX_FIXED_STRING: i128 = 0xFF_FFFF;
const MAX_DECIMAL_PRECISION: i128 = 76;
const MAX_SUBSECOND_PRECISION: i128 = 9;

pub(crate) fn build(syntax: &TypeSyntax) -> Result<DataType, TypeParseError> {
    match &syntax.kind {
        TypeSyntaxKind::Tuple(elements) => compound::tuple(elements),
        TypeSyntaxKind::Nested(fields) => compound::nested(fields, &syntax.span),
        TypeSyntaxKind::Json(args) => compound::json(args),
        TypeSyntaxKind::Dynamic(settings) => compound::dynamic(settings),
        TypeSyntaxKind::Aggregate {
            simple,
            version,
            name,
            parameters,
            arguments,
        } => compound::aggregate(*simple, version.as_ref(), name, parameters, arguments),
        TypeSyntaxKind::Generic {
            name,
            args,
            trailing_words,
        } => generic(name, args.as_deref(), trailing_words.as_ref(), &syntax.span),
    }
}

fn generic(
    name: &Spanned<String>,
    args: Option<&[ArgSyntax]>,
    trailing_words: Option<&Spanned<String>>,
    span: &Span,
) -> Result<DataType, TypeParseError> {
    // `INT(11) UNSIGNED`: the display width is dropped and the words join the name.
    let (name, args) = match trailing_words {
        None => (name.clone(), args.unwrap_or_default()),
        Some(words) => {
            let width_only = matches!(
                args.unwrap_or_default(),
                [] | [ArgSyntax::Literal(Spanned {
                    value: Literal::Integer(_),
                    ..
                })]
            );
            if !catalog::is_integer_name(&name.value) || !width_only {
                return Err(TypeParseError::new(
                    words.span.clone(),
                    format!("unexpected `{}` after the type", words.value),
                ));
            }
            let joined = Spanned {
                value: format!("{} {}", name.value.to_ascii_uppercase(), words.value),
                span: name.span.start..words.span.end,
            };
            (joined, &[][..])
        }
    };
    let family = catalog::lookup(&name.value).ok_or_else(|| {
        TypeParseError::new(name.span.clone(), format!("unknown type `{}`", name.value))
            .with_suggestion(catalog::suggest(&name.value))
    })?;
    let label = family.name;
    match family.kind {
        FamilyKind::Fixed(simple) => {
            no_args(label, args)?;
            Ok(simple.data_type())
        }
        // ClickHouse's parser insists on a number after the integer names it
        // knows (`INT(11)`); other spellings (`INT SIGNED(...)`, `BIT(...)`)
        // reach the factory, which ignores any single argument.
        FamilyKind::Integer(simple) => match args {
            []
            | [
                ArgSyntax::Literal(Spanned {
                    value: Literal::Integer(_),
                    ..
                }),
            ] => Ok(simple.data_type()),
            [_] if !catalog::is_integer_name(&name.value) => Ok(simple.data_type()),
            [_, extra, ..] => Err(TypeParseError::new(
                extra.span(),
                format!("`{label}` takes at most one argument, a display width"),
            )),
            [other] => Err(TypeParseError::new(
                other.span(),
                "expected a display width (a number)",
            )),
        },
        FamilyKind::Float(simple) => Ok(simple.data_type()),
        FamilyKind::String => match args {
            []
            | [
                ArgSyntax::Literal(Spanned {
                    value: Literal::Integer(0..),
                    ..
                }),
            ] => Ok(DataType::String),
            [_, extra, ..] => Err(TypeParseError::new(
                extra.span(),
                "`String` takes at most one argument, a length",
            )),
            [other] => Err(TypeParseError::new(
                other.span(),
                "expected a length (a positive number)",
            )),
        },
        FamilyKind::FixedString => match args {
            [arg] => {
                let size = integer_in(arg, 1, MAX_FIXED_STRING, "`FixedString` size")?;
                Ok(DataType::FixedString(
                    u32::try_from(size).unwrap_or(u32::MAX),
                ))
            }
            _ => Err(arity(
                span,
                "`FixedString` takes one argument, the size in bytes",
            )),
        },
        FamilyKind::Decimal => decimal(args, span),
        FamilyKind::DecimalOfPrecision(precision) => match args {
            [arg] => {
                let scale = integer_in(arg, 0, i128::from(precision), "scale")?;
                Ok(DataType::Decimal {
                    precision,
                    scale: narrow(scale),
                })
            }
            _ => Err(arity(
                span,
                &format!("`{label}` takes one argument, the scale"),
            )),
        },
        FamilyKind::DateTime => date_time(args, span, label),
        FamilyKind::DateTime32 => match args {
            [] => Ok(DataType::DateTime { timezone: None }),
            [arg] => Ok(DataType::DateTime {
                timezone: timezone(arg)?,
            }),
            _ => Err(arity(
                span,
                "`DateTime32` takes at most one argument, a time zone",
            )),
        },
        FamilyKind::DateTime64 => match args {
            [] => Ok(DataType::DateTime64 {
                precision: 3,
                timezone: None,
            }),
            [precision] => date_time64(precision, None),
            [precision, zone] => date_time64(precision, Some(zone)),
            _ => Err(arity(
                span,
                "`DateTime64` takes a precision and an optional time zone",
            )),
        },
        FamilyKind::Time | FamilyKind::Time64 => time(family.kind, args, span, label),
        FamilyKind::Enum | FamilyKind::Enum8 | FamilyKind::Enum16 => {
            compound::enumeration(family.kind, args, span)
        }
        FamilyKind::Nullable => {
            let inner = single_type(args, span, label)?;
            if !inner.can_be_inside_nullable() {
                return Err(TypeParseError::new(
                    first_span(args, span),
                    format!("`{inner}` cannot be inside `Nullable`"),
                ));
            }
            Ok(DataType::Nullable(Box::new(inner)))
        }
        FamilyKind::LowCardinality => {
            let inner = single_type(args, span, label)?;
            if !inner.can_be_inside_low_cardinality() {
                return Err(TypeParseError::new(
                    first_span(args, span),
                    format!(
                        "`LowCardinality` supports only numbers, strings, dates and times, not `{inner}`"
                    ),
                ));
            }
            Ok(DataType::LowCardinality(Box::new(inner)))
        }
        FamilyKind::Array => Ok(DataType::Array(Box::new(single_type(args, span, label)?))),
        FamilyKind::Map => match args {
            [key, value] => {
                let key_type = type_arg(key)?;
                if key_type.is_nullable() {
                    return Err(TypeParseError::new(
                        key.span(),
                        format!("a `Map` key cannot be `{key_type}`"),
                    ));
                }
                Ok(DataType::Map(
                    Box::new(key_type),
                    Box::new(type_arg(value)?),
                ))
            }
            _ => Err(arity(
                span,
                "`Map` takes two arguments, the key and value types",
            )),
        },
        FamilyKind::Tuple => Ok(DataType::Tuple(
            args.iter().map(type_arg).collect::<Result<_, _>>()?,
        )),
        FamilyKind::Nested => Err(TypeParseError::new(
            span.clone(),
            "`Nested` needs at least one field",
        )),
        FamilyKind::Variant => compound::variant(args, span),
        FamilyKind::Json => {
            no_args(label, args)?;
            Ok(DataType::Json(JsonParams::default()))
        }
        FamilyKind::Dynamic => {
            no_args(label, args)?;
            Ok(DataType::Dynamic { max_types: None })
        }
        FamilyKind::Object => match args {
            [
                ArgSyntax::Literal(Spanned {
                    value: Literal::String(schema),
                    ..
                }),
            ] => Ok(DataType::Object(schema.clone())),
            _ => Err(arity(
                span,
                "`Object` takes one argument, a schema string such as 'json'",
            )),
        },
        FamilyKind::AggregateFunction | FamilyKind::SimpleAggregateFunction => {
            Err(TypeParseError::new(
                span.clone(),
                format!("`{label}` needs a function name and argument types"),
            ))
        }
        FamilyKind::QBit => compound::qbit(args, span),
    }
}

fn decimal(args: &[ArgSyntax], span: &Span) -> Result<DataType, TypeParseError> {
    let (precision, scale) = match args {
        [] => (10, 0),
        [precision] => (
            integer_in(precision, 1, MAX_DECIMAL_PRECISION, "decimal precision")?,
            0,
        ),
        [precision, scale] => {
            let precision = integer_in(precision, 1, MAX_DECIMAL_PRECISION, "decimal precision")?;
            (precision, integer_in(scale, 0, precision, "decimal scale")?)
        }
        _ => {
            return Err(arity(
                span,
                "`Decimal` takes a precision and an optional scale",
            ));
        }
    };
    Ok(DataType::Decimal {
        precision: narrow(precision),
        scale: narrow(scale),
    })
}

/// `DateTime` with a number becomes `DateTime64`, as in ClickHouse.
fn date_time(args: &[ArgSyntax], span: &Span, label: &str) -> Result<DataType, TypeParseError> {
    match args {
        [] => Ok(DataType::DateTime { timezone: None }),
        [
            ArgSyntax::Literal(Spanned {
                value: Literal::String(_),
                ..
            }),
        ] => Ok(DataType::DateTime {
            timezone: args.first().map(timezone).transpose()?.flatten(),
        }),
        [precision] => date_time64(precision, None),
        [precision, zone] => date_time64(precision, Some(zone)),
        _ => Err(arity(
            span,
            &format!("`{label}` takes a time zone, or a precision and a time zone"),
        )),
    }
}

fn date_time64(
    precision: &ArgSyntax,
    zone: Option<&ArgSyntax>,
) -> Result<DataType, TypeParseError> {
    Ok(DataType::DateTime64 {
        precision: narrow(integer_in(
            precision,
            0,
            MAX_SUBSECOND_PRECISION,
            "precision",
        )?),
        timezone: zone.map(timezone).transpose()?.flatten(),
    })
}

fn time(
    kind: FamilyKind,
    args: &[ArgSyntax],
    span: &Span,
    label: &str,
) -> Result<DataType, TypeParseError> {
    match args {
        [] if matches!(kind, FamilyKind::Time) => Ok(DataType::Time),
        [] => Ok(DataType::Time64 { precision: 3 }),
        [
            ArgSyntax::Literal(Spanned {
                value: Literal::String(_),
                span: zone_span,
            }),
            ..,
        ] => Err(TypeParseError::new(
            zone_span.clone(),
            format!("`{label}` cannot have a time zone"),
        )),
        [precision] => Ok(DataType::Time64 {
            precision: narrow(integer_in(
                precision,
                0,
                MAX_SUBSECOND_PRECISION,
                "precision",
            )?),
        }),
        _ => Err(arity(
            span,
            &format!("`{label}` takes at most one argument, a precision"),
        )),
    }
}

/// A time zone argument; the empty string means no zone, as in ClickHouse.
fn timezone(arg: &ArgSyntax) -> Result<Option<String>, TypeParseError> {
    match arg {
        ArgSyntax::Literal(Spanned {
            value: Literal::String(zone),
            ..
        }) => Ok((!zone.is_empty()).then(|| zone.clone())),
        other => Err(TypeParseError::new(
            other.span(),
            "expected a time zone (a string literal)",
        )),
    }
}

fn no_args(label: &str, args: &[ArgSyntax]) -> Result<(), TypeParseError> {
    match args.first() {
        None => Ok(()),
        Some(first) => Err(TypeParseError::new(
            first.span(),
            format!("`{label}` takes no arguments"),
        )),
    }
}

fn first_span(args: &[ArgSyntax], span: &Span) -> Span {
    args.first().map_or_else(|| span.clone(), ArgSyntax::span)
}

fn single_type(args: &[ArgSyntax], span: &Span, label: &str) -> Result<DataType, TypeParseError> {
    match args {
        [arg] => type_arg(arg),
        _ => Err(arity(
            span,
            &format!("`{label}` takes one argument, a type"),
        )),
    }
}

pub(crate) fn type_arg(arg: &ArgSyntax) -> Result<DataType, TypeParseError> {
    match arg {
        ArgSyntax::Type(syntax) => build(syntax),
        other => Err(TypeParseError::new(other.span(), "expected a type")),
    }
}

/// An integer literal within `min..=max`; `what` names it in the error.
pub(crate) fn integer_in(
    arg: &ArgSyntax,
    min: i128,
    max: i128,
    what: &str,
) -> Result<i128, TypeParseError> {
    match arg {
        ArgSyntax::Literal(Spanned {
            value: Literal::Integer(value),
            ..
        }) if (min..=max).contains(value) => Ok(*value),
        ArgSyntax::Literal(Spanned {
            value: Literal::Integer(value),
            span,
        }) => Err(TypeParseError::new(
            span.clone(),
            format!("{what} must be between {min} and {max}, got {value}"),
        )),
        other => Err(TypeParseError::new(
            other.span(),
            format!("{what} must be an integer"),
        )),
    }
}

/// The error for a wrong number of arguments, pointing at the whole type.
pub(crate) fn arity(span: &Span, message: &str) -> TypeParseError {
    TypeParseError::new(span.clone(), message)
}

/// Narrows a value the caller has already range-checked.
pub(crate) fn narrow<T: TryFrom<i128> + Default>(value: i128) -> T {
    T::try_from(value).unwrap_or_default()
}
