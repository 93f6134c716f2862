//! Text to syntax tree: runs the pest grammar (`grammar/clickhouse_type.pest`)
//! and converts its pairs into the plain tree `build` consumes, decoding
//! quoted identifiers, string escapes and numbers on the way.
//!
//! The tree keeps byte spans so that `build` can point its errors at what the
//! user wrote. Nothing here knows type families beyond the few the grammar
//! treats specially.

use std::ops::Range;

use pest::Parser as _;
use pest::iterators::Pair;

use super::error::TypeParseError;
use super::tokens::{number, unquote};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/clickhouse_type.pest"]
struct TypeGrammar;

/// Deeper nesting is refused before parsing: the parser recurses once per
/// level, and no real schema comes close.
const MAX_NESTING: usize = 48;

pub(crate) type Span = Range<usize>;

#[derive(Debug, Clone)]
pub(crate) struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Debug)]
pub(crate) struct TypeSyntax {
    pub span: Span,
    pub kind: TypeSyntaxKind,
}

#[derive(Debug)]
pub(crate) enum TypeSyntaxKind {
    /// `Tuple(...)` with at least one element.
    Tuple(Vec<TupleElementSyntax>),
    /// `Nested(...)` with at least one field.
    Nested(Vec<NamedSyntax>),
    Json(Vec<JsonArgSyntax>),
    Dynamic(Vec<SettingSyntax>),
    Aggregate {
        simple: bool,
        version: Option<Spanned<u64>>,
        name: Spanned<String>,
        parameters: Vec<Spanned<Literal>>,
        arguments: Vec<TypeSyntax>,
    },
    /// Any other family: a name (words joined by one space) and its arguments.
    Generic {
        name: Spanned<String>,
        args: Option<Vec<ArgSyntax>>,
        /// `UNSIGNED` in `INT(11) UNSIGNED`.
        trailing_words: Option<Spanned<String>>,
    },
}

#[derive(Debug)]
pub(crate) enum TupleElementSyntax {
    Named(NamedSyntax),
    Unnamed(TypeSyntax),
}

#[derive(Debug)]
pub(crate) struct NamedSyntax {
    pub name: Spanned<String>,
    pub data_type: TypeSyntax,
}

#[derive(Debug)]
pub(crate) enum JsonArgSyntax {
    SkipPath(Spanned<String>),
    SkipRegexp(Spanned<String>),
    Setting(SettingSyntax),
    TypedPath {
        path: Spanned<String>,
        data_type: TypeSyntax,
    },
}

#[derive(Debug)]
pub(crate) struct SettingSyntax {
    pub name: Spanned<String>,
    pub value: Spanned<Literal>,
}

#[derive(Debug)]
pub(crate) enum ArgSyntax {
    Type(TypeSyntax),
    Literal(Spanned<Literal>),
    /// `'name' = value` in an enum.
    Equals {
        span: Span,
        left: Spanned<Literal>,
        right: Spanned<Literal>,
    },
}

impl ArgSyntax {
    pub(crate) fn span(&self) -> Span {
        match self {
            Self::Type(syntax) => syntax.span.clone(),
            Self::Literal(literal) => literal.span.clone(),
            Self::Equals { span, .. } => span.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    String(String),
    /// Integers that fit in `i128`, written in decimal, hex or binary.
    Integer(i128),
    /// Everything else numeric.
    Float(f64),
    Null,
}

/// Parses `text` into a syntax tree, or reports the first syntax error.
pub(crate) fn parse(text: &str) -> Result<TypeSyntax, TypeParseError> {
    check_nesting(text)?;
    let mut pairs =
        TypeGrammar::parse(Rule::type_root, text).map_err(|e| syntax_error(text, &e))?;
    let root = pairs.next().ok_or_else(|| internal(0..text.len()))?;
    let type_expr = root
        .into_inner()
        .find(|pair| pair.as_rule() == Rule::type_expr)
        .ok_or_else(|| internal(0..text.len()))?;
    convert_type(type_expr)
}

/// Refuses input nested deeper than [`MAX_NESTING`] brackets. Brackets inside
/// quotes count too; that only makes the limit a little stricter.
fn check_nesting(text: &str) -> Result<(), TypeParseError> {
    let mut depth = 0usize;
    for (offset, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            return Err(TypeParseError::new(
                offset..offset + 1,
                format!("type is nested more than {MAX_NESTING} levels deep"),
            ));
        }
    }
    Ok(())
}

fn internal(span: Span) -> TypeParseError {
    TypeParseError::new(
        span,
        "internal error: unexpected shape of the type syntax tree",
    )
}

fn spanned<T>(pair: &Pair<'_, Rule>, value: T) -> Spanned<T> {
    Spanned {
        value,
        span: span_of(pair),
    }
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    span.start()..span.end()
}

fn syntax_error(text: &str, error: &pest::error::Error<Rule>) -> TypeParseError {
    use pest::error::{ErrorVariant, InputLocation};
    let start = match error.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((start, _)) => start,
    };
    let found = text.get(start..).and_then(|rest| rest.chars().next());
    let span = start..start + found.map_or(0, char::len_utf8);
    let mut expected: Vec<&str> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives
            .iter()
            .filter_map(|rule| describe(*rule))
            .collect(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.dedup();
    let found = match found {
        Some(c) => format!("unexpected `{c}`"),
        None if text.trim().is_empty() => "empty type name".to_string(),
        None => "unexpected end of type".to_string(),
    };
    // pest lists the rules it tried, not the punctuation; inside brackets
    // the punctuation is what is missing.
    if expected.is_empty() && open_brackets(text.get(..start).unwrap_or_default()) > 0 {
        expected.push("`,` or `)`");
    }
    let message = match expected.as_slice() {
        [] => found,
        [one] => format!("{found}, expected {one}"),
        [init @ .., last] => format!("{found}, expected {} or {last}", init.join(", ")),
    };
    TypeParseError::new(span, message)
}

/// How many brackets are open at the end of `text`, skipping quoted parts.
fn open_brackets(text: &str) -> usize {
    let mut depth = 0usize;
    let mut quote = None;
    let mut escaped = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '`' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, _) => {}
        }
    }
    depth
}

/// How a rule reads in an error message; `None` hides rules that only repeat
/// what another one already says.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::type_expr | Rule::type_name | Rule::generic_type => "a type",
        Rule::identifier | Rule::compound_identifier => "a name",
        Rule::named_element => "a name and a type",
        Rule::number | Rule::unsigned_integer | Rule::aggregate_version => "a number",
        Rule::string => "a string literal",
        Rule::EOI => "the end of the type",
        Rule::setting | Rule::json_setting => "a `name=value` setting",
        Rule::aggregate_call => "an aggregate function",
        Rule::enum_element => "an enum element",
        _ => return None,
    })
}

fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner()
}

fn convert_type(pair: Pair<'_, Rule>) -> Result<TypeSyntax, TypeParseError> {
    let span = span_of(&pair);
    // `type_expr` wraps exactly one of the family-specific forms.
    let form = children(pair)
        .next()
        .ok_or_else(|| internal(span.clone()))?;
    let kind = match form.as_rule() {
        Rule::tuple_type => TypeSyntaxKind::Tuple(convert_tuple(form)?),
        Rule::nested_type => TypeSyntaxKind::Nested(
            children(form)
                .filter(|p| p.as_rule() == Rule::named_element)
                .map(convert_named)
                .collect::<Result<_, _>>()?,
        ),
        Rule::json_type => TypeSyntaxKind::Json(
            children(form)
                .filter(|p| p.as_rule() != Rule::kw_json)
                .map(convert_json_arg)
                .collect::<Result<_, _>>()?,
        ),
        Rule::dynamic_type => TypeSyntaxKind::Dynamic(
            children(form)
                .filter(|p| p.as_rule() == Rule::setting)
                .map(convert_setting)
                .collect::<Result<_, _>>()?,
        ),
        Rule::aggregate_type => convert_aggregate(form)?,
        Rule::generic_type => convert_generic(form)?,
        _ => return Err(internal(span)),
    };
    Ok(TypeSyntax { span, kind })
}

fn convert_tuple(pair: Pair<'_, Rule>) -> Result<Vec<TupleElementSyntax>, TypeParseError> {
    let mut elements = Vec::new();
    for child in children(pair) {
        match child.as_rule() {
            Rule::named_element => elements.push(TupleElementSyntax::Named(convert_named(child)?)),
            Rule::type_expr => elements.push(TupleElementSyntax::Unnamed(convert_type(child)?)),
            _ => {}
        }
    }
    Ok(elements)
}

fn convert_named(pair: Pair<'_, Rule>) -> Result<NamedSyntax, TypeParseError> {
    let span = span_of(&pair);
    let mut inner = children(pair);
    let (Some(name), Some(data_type)) = (inner.next(), inner.next()) else {
        return Err(internal(span));
    };
    Ok(NamedSyntax {
        name: spanned(&name, identifier(&name)?),
        data_type: convert_type(data_type)?,
    })
}

fn convert_json_arg(pair: Pair<'_, Rule>) -> Result<JsonArgSyntax, TypeParseError> {
    let span = span_of(&pair);
    let rule = pair.as_rule();
    let mut inner =
        children(pair).filter(|p| !matches!(p.as_rule(), Rule::kw_skip | Rule::kw_regexp));
    let first = inner.next().ok_or_else(|| internal(span.clone()))?;
    match rule {
        Rule::json_skip_regexp => Ok(JsonArgSyntax::SkipRegexp(spanned(&first, string(&first)?))),
        Rule::json_skip_path => Ok(JsonArgSyntax::SkipPath(spanned(&first, compound(&first)?))),
        Rule::json_setting => {
            let value = inner.next().ok_or_else(|| internal(span.clone()))?;
            Ok(JsonArgSyntax::Setting(SettingSyntax {
                name: spanned(&first, compound(&first)?),
                value: spanned(&value, literal(&value)?),
            }))
        }
        Rule::json_typed_path => {
            let data_type = inner.next().ok_or_else(|| internal(span.clone()))?;
            Ok(JsonArgSyntax::TypedPath {
                path: spanned(&first, compound(&first)?),
                data_type: convert_type(data_type)?,
            })
        }
        _ => Err(internal(span)),
    }
}

fn convert_setting(pair: Pair<'_, Rule>) -> Result<SettingSyntax, TypeParseError> {
    let span = span_of(&pair);
    let mut inner = children(pair);
    let (Some(name), Some(value)) = (inner.next(), inner.next()) else {
        return Err(internal(span));
    };
    Ok(SettingSyntax {
        name: spanned(&name, identifier(&name)?),
        value: spanned(&value, literal(&value)?),
    })
}

fn convert_aggregate(pair: Pair<'_, Rule>) -> Result<TypeSyntaxKind, TypeParseError> {
    let span = span_of(&pair);
    let mut simple = false;
    let mut version = None;
    let mut call = None;
    let mut arguments = Vec::new();
    for child in children(pair) {
        match child.as_rule() {
            Rule::kw_simple_aggregate_function => simple = true,
            Rule::aggregate_version => {
                let number: u64 = child.as_str().trim().parse().map_err(|_| {
                    TypeParseError::new(span_of(&child), "aggregate function version is too large")
                })?;
                version = Some(spanned(&child, number));
            }
            Rule::aggregate_call => call = Some(child),
            Rule::type_expr => arguments.push(convert_type(child)?),
            _ => {}
        }
    }
    let call = call.ok_or_else(|| internal(span.clone()))?;
    let mut call_parts = children(call);
    let name = call_parts.next().ok_or_else(|| internal(span))?;
    let parameters = call_parts
        .map(|p| Ok(spanned(&p, literal(&p)?)))
        .collect::<Result<_, TypeParseError>>()?;
    Ok(TypeSyntaxKind::Aggregate {
        simple,
        version,
        name: spanned(&name, identifier(&name)?),
        parameters,
        arguments,
    })
}

fn convert_generic(pair: Pair<'_, Rule>) -> Result<TypeSyntaxKind, TypeParseError> {
    let span = span_of(&pair);
    let mut name = None;
    let mut args = None;
    let mut trailing_words = None;
    for child in children(pair) {
        match child.as_rule() {
            Rule::type_name => name = Some(type_name(child)?),
            Rule::generic_args => {
                args = Some(children(child).map(convert_arg).collect::<Result<_, _>>()?)
            }
            Rule::name_suffix => trailing_words = Some(spanned(&child, suffix_words(&child))),
            _ => {}
        }
    }
    Ok(TypeSyntaxKind::Generic {
        name: name.ok_or_else(|| internal(span))?,
        args,
        trailing_words,
    })
}

/// A type name with its continuation words: `double   precision` becomes
/// `DOUBLE PRECISION`, which the catalogue matches case-insensitively.
fn type_name(pair: Pair<'_, Rule>) -> Result<Spanned<String>, TypeParseError> {
    let span = span_of(&pair);
    let mut name = String::new();
    for child in children(pair) {
        match child.as_rule() {
            Rule::identifier => name = identifier(&child)?,
            Rule::name_suffix => {
                name = format!("{} {}", name.to_ascii_uppercase(), suffix_words(&child));
            }
            _ => {}
        }
    }
    Ok(Spanned { value: name, span })
}

fn suffix_words(pair: &Pair<'_, Rule>) -> String {
    let words: Vec<String> = pair
        .clone()
        .into_inner()
        .map(|word| word.as_str().to_ascii_uppercase())
        .collect();
    words.join(" ")
}

fn convert_arg(pair: Pair<'_, Rule>) -> Result<ArgSyntax, TypeParseError> {
    match pair.as_rule() {
        Rule::type_expr => Ok(ArgSyntax::Type(convert_type(pair)?)),
        Rule::enum_element => {
            let span = span_of(&pair);
            let mut inner = children(pair);
            let (Some(left), Some(right)) = (inner.next(), inner.next()) else {
                return Err(internal(span));
            };
            Ok(ArgSyntax::Equals {
                span,
                left: spanned(&left, literal(&left)?),
                right: spanned(&right, literal(&right)?),
            })
        }
        _ => Ok(ArgSyntax::Literal(spanned(&pair, literal(&pair)?))),
    }
}

fn literal(pair: &Pair<'_, Rule>) -> Result<Literal, TypeParseError> {
    match pair.as_rule() {
        Rule::string => Ok(Literal::String(string(pair)?)),
        Rule::number => Ok(number(pair.as_str())),
        Rule::null_literal => Ok(Literal::Null),
        _ => Err(internal(span_of(pair))),
    }
}

fn compound(pair: &Pair<'_, Rule>) -> Result<String, TypeParseError> {
    let parts: Vec<String> = pair
        .clone()
        .into_inner()
        .map(|part| identifier(&part))
        .collect::<Result<_, _>>()?;
    Ok(parts.join("."))
}

fn identifier(pair: &Pair<'_, Rule>) -> Result<String, TypeParseError> {
    let inner = pair
        .clone()
        .into_inner()
        .next()
        .ok_or_else(|| internal(span_of(pair)))?;
    let text = inner.as_str();
    let name = match inner.as_rule() {
        Rule::bare_identifier => text.to_string(),
        Rule::backquoted_identifier => unquote(text, '`', span_of(&inner))?,
        Rule::double_quoted_identifier => unquote(text, '"', span_of(&inner))?,
        _ => return Err(internal(span_of(pair))),
    };
    if name.is_empty() {
        return Err(TypeParseError::new(span_of(pair), "a name cannot be empty"));
    }
    Ok(name)
}

fn string(pair: &Pair<'_, Rule>) -> Result<String, TypeParseError> {
    unquote(pair.as_str(), '\'', span_of(pair))
}
