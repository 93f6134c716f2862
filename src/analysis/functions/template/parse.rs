//! Parsing template text (grammar in the parent module) into a [`Template`].

use crate::types::parse_type;

use super::{
    ListOp, Parameter, ParameterSource, Selector, Template, TemplateError, TupleItem, Unary,
};

impl Template {
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let text = text.trim();
        if text == "unknown" {
            return Ok(Template::Unknown);
        }
        if !text.contains('$') {
            return parse_type(text)
                .map(Template::Concrete)
                .map_err(|error| TemplateError(format!("`{text}`: {error}")));
        }
        if let Some(index) = text.strip_prefix('$') {
            return parse_index(index).map(Template::Argument);
        }
        let (head, inner) = split_call(text)?;
        let args = split_top(inner);
        let one = |args: &[&str]| -> Result<Box<Template>, TemplateError> {
            match args {
                [only] => Template::parse(only).map(Box::new),
                _ => Err(TemplateError(format!("`{text}` takes one argument"))),
            }
        };
        if let Some(op) = Unary::named(head) {
            return one(&args).map(|inner| Template::Unary(op, inner));
        }
        match head {
            "field" => match args.as_slice() {
                [tuple, index] => Ok(Template::Field(
                    Box::new(Template::parse(tuple)?),
                    parse_dollar_index(index)?,
                )),
                _ => Err(TemplateError(format!(
                    "`{text}`: field takes two arguments"
                ))),
            },
            "type" => match args.as_slice() {
                [index] => parse_dollar_index(index).map(Template::TypeOf),
                _ => Err(TemplateError(format!("`{text}`: type takes one argument"))),
            },
            "super" | "supervar" | "coalesce" => {
                let op = match head {
                    "super" => ListOp::Supertype,
                    "supervar" => ListOp::SupertypeOrVariant,
                    _ => ListOp::Coalesce,
                };
                let selectors = args
                    .iter()
                    .map(|a| Selector::parse(a))
                    .collect::<Result<_, _>>()?;
                Ok(Template::List(op, selectors))
            }
            "Array" => one(&args).map(Template::Array),
            "Nullable" => one(&args).map(Template::Nullable),
            "LowCardinality" => one(&args).map(Template::LowCardinality),
            "Map" => match args.as_slice() {
                [key, value] => Ok(Template::Map(
                    Box::new(Template::parse(key)?),
                    Box::new(Template::parse(value)?),
                )),
                _ => Err(TemplateError(format!("`{text}`: Map takes two arguments"))),
            },
            "Tuple" => args
                .iter()
                .map(|item| {
                    if !item.contains("..") {
                        return Template::parse(item).map(TupleItem::One);
                    }
                    if item.starts_with('$') {
                        return Selector::parse(item).map(|s| TupleItem::Arguments(None, s));
                    }
                    let (op, inner) = split_call(item)?;
                    match Unary::named(op) {
                        Some(op) => {
                            Selector::parse(inner).map(|s| TupleItem::Arguments(Some(op), s))
                        }
                        None => Template::parse(item).map(TupleItem::One),
                    }
                })
                .collect::<Result<_, _>>()
                .map(Template::Tuple),
            "DateTime" | "DateTime64" | "Decimal" | "FixedString" => {
                let parameters = args
                    .iter()
                    .map(|a| Parameter::parse(a))
                    .collect::<Result<Vec<_>, _>>()?;
                match (head, parameters.as_slice()) {
                    ("DateTime", [zone]) => Ok(Template::DateTime(zone.clone())),
                    ("DateTime64", [precision]) => {
                        Ok(Template::DateTime64(precision.clone(), None))
                    }
                    ("DateTime64", [precision, zone]) => {
                        Ok(Template::DateTime64(precision.clone(), Some(zone.clone())))
                    }
                    ("Decimal", [precision, scale]) => {
                        Ok(Template::Decimal(precision.clone(), scale.clone()))
                    }
                    ("FixedString", [size]) => Ok(Template::FixedString(size.clone())),
                    _ => Err(TemplateError(format!(
                        "`{text}`: wrong number of parameters"
                    ))),
                }
            }
            _ => Err(TemplateError(format!(
                "`{text}`: unknown template `{head}`"
            ))),
        }
    }
}

impl Unary {
    fn named(name: &str) -> Option<Unary> {
        Some(match name {
            "elem" => Unary::Element,
            "mapkey" => Unary::MapKey,
            "mapvalue" => Unary::MapValue,
            "nullable" => Unary::MakeNullable,
            "strip" => Unary::StripNullable,
            "nolc" => Unary::StripLowCardinality,
            _ => return None,
        })
    }
}

impl Selector {
    fn parse(text: &str) -> Result<Selector, TemplateError> {
        let body = text
            .trim()
            .strip_prefix('$')
            .ok_or_else(|| TemplateError(format!("`{text}` is not an argument selector")))?;
        let Some((start, rest)) = body.split_once("..") else {
            return Ok(Selector {
                start: parse_index(body)?,
                end: None,
                step: 1,
                single: true,
            });
        };
        let (end, step) = match rest.split_once(':') {
            Some((end, step)) => (end, step),
            None => (rest, "1"),
        };
        Ok(Selector {
            start: parse_index(start)?,
            end: if end.is_empty() {
                None
            } else {
                Some(parse_index(end)?)
            },
            step: step
                .parse()
                .ok()
                .filter(|&s| s > 0)
                .ok_or_else(|| TemplateError(format!("`{text}`: bad step")))?,
            single: false,
        })
    }
}

impl Parameter {
    fn parse(text: &str) -> Result<Parameter, TemplateError> {
        let text = text.trim();
        if let Ok(number) = text.parse::<i64>() {
            return Ok(Parameter::Integer(number));
        }
        if let Some(quoted) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
            return Ok(Parameter::String(
                quoted.replace("\\'", "'").replace("\\\\", "\\"),
            ));
        }
        let (head, inner) = split_call(text)?;
        let args = split_top(inner);
        let source = match head {
            "tz" => Some(ParameterSource::Zone),
            "prec" => Some(ParameterSource::Precision),
            "scale" => Some(ParameterSource::Scale),
            "size" => Some(ParameterSource::Size),
            "lit" => Some(ParameterSource::Literal),
            _ => None,
        };
        match (source, head, args.as_slice()) {
            (Some(source), _, [index]) => Ok(Parameter::Of(source, parse_dollar_index(index)?)),
            (None, "max" | "add", [a, b]) => {
                let (a, b) = (
                    Box::new(Parameter::parse(a)?),
                    Box::new(Parameter::parse(b)?),
                );
                Ok(if head == "max" {
                    Parameter::Max(a, b)
                } else {
                    Parameter::Add(a, b)
                })
            }
            _ => Err(TemplateError(format!("`{text}` is not a parameter"))),
        }
    }
}

/// `head(inner)` -> (`head`, `inner`).
fn split_call(text: &str) -> Result<(&str, &str), TemplateError> {
    let open = text
        .find('(')
        .ok_or_else(|| TemplateError(format!("`{text}`: expected `(`")))?;
    let inner = text
        .get(open + 1..)
        .and_then(|rest| rest.strip_suffix(')'))
        .ok_or_else(|| TemplateError(format!("`{text}`: expected `)` at the end")))?;
    Ok((text.get(..open).unwrap_or_default().trim(), inner))
}

/// Splits at commas outside parentheses and quotes.
fn split_top(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut escaped, mut start) = (0_i32, false, false, 0);
    for (i, c) in text.char_indices() {
        if quoted {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '\'' => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '\'' => quoted = true,
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(text.get(start..i).unwrap_or_default().trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text.get(start..).unwrap_or_default().trim());
    parts
}

fn parse_index(text: &str) -> Result<i64, TemplateError> {
    text.trim()
        .parse()
        .map_err(|_| TemplateError(format!("`{text}` is not an argument index")))
}

fn parse_dollar_index(text: &str) -> Result<i64, TemplateError> {
    let body = text
        .trim()
        .strip_prefix('$')
        .ok_or_else(|| TemplateError(format!("`{text}` is not an argument")))?;
    parse_index(body)
}
