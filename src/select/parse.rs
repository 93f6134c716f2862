//! From the text of one `--select`/`--exclude` value to a validated [`Selection`].
//!
//! The pest grammar (`grammar/selector.pest`) accepts every input and marks mistakes with
//! error productions, so the work here is walking the tree in text order and turning the
//! first mistake into a [`SelectorError`] whose span is exactly what the user got wrong.
//! Method names and values are checked in [`super::methods`].

use std::ops::Range;

use pest::Parser;
use pest::iterators::Pair;
use pest_derive::Parser;

use super::methods;
use super::pattern::{ClassItem, Token};
use super::{Criterion, Intersection, Method, Reach, Selection, SelectorError};

#[derive(Parser)]
#[grammar = "../grammar/selector.pest"]
struct SelectorParser;

const COMMA_HELP: &str = "a comma intersects the criteria on both sides of it, with no spaces: `tag:nightly,config.materialized:table`";

/// Parses one `--select`/`--exclude` value: space-separated members (a union), each a
/// comma-separated list of criteria (an intersection).
pub fn parse_selection(text: &str) -> Result<Selection, SelectorError> {
    let mut pairs = SelectorParser::parse(Rule::selection, text).map_err(|error| {
        // Unreachable by the grammar's invariant; still an error, never a panic.
        let at = match error.location {
            pest::error::InputLocation::Pos(at) => at,
            pest::error::InputLocation::Span((start, _)) => start,
        };
        SelectorError::new(at..at, "cannot parse selector")
    })?;
    let mut members = Vec::new();
    if let Some(selection) = pairs.next() {
        for pair in selection.into_inner() {
            if pair.as_rule() == Rule::intersection {
                members.push(intersection(text, pair)?);
            }
        }
    }
    if members.is_empty() {
        return Err(SelectorError::new(0..text.len(), "empty selector")
            .with_help("select nodes by name (`stg_orders`), by `method:value` (`tag:nightly`) or by path (`models/staging`)"));
    }
    Ok(Selection { members })
}

fn span_of(pair: &Pair<'_, Rule>) -> Range<usize> {
    let span = pair.as_span();
    span.start()..span.end()
}

fn intersection(text: &str, pair: Pair<'_, Rule>) -> Result<Intersection, SelectorError> {
    let span = span_of(&pair);
    let member_text = pair.as_str().to_string();
    let mut criteria = Vec::new();
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::criterion => criteria.push(criterion(inner)?),
            Rule::missing => return Err(missing(text, span_of(&inner).start)),
            _ => {}
        }
    }
    Ok(Intersection {
        text: member_text,
        span,
        criteria,
    })
}

/// The error for an empty criterion at byte `at`, pointing at the comma next to it.
fn missing(text: &str, at: usize) -> SelectorError {
    let comma_before = at
        .checked_sub(1)
        .filter(|before| text.get(*before..at) == Some(","));
    match comma_before {
        Some(before) => SelectorError::new(before..at, "expected a selector after `,`"),
        None => SelectorError::new(at..at + 1, "expected a selector before `,`"),
    }
    .with_help(COMMA_HELP)
}

fn criterion(pair: Pair<'_, Rule>) -> Result<Criterion, SelectorError> {
    let span = span_of(&pair);
    let text = pair.as_str().to_string();
    let mut childrens_parents = None;
    let mut parents = None;
    let mut children = None;
    let mut method = None;
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::at_operator => childrens_parents = Some(span_of(&inner)),
            Rule::parents_operator => parents = Some(reach(inner)?),
            Rule::body => method = Some(body(inner)?),
            Rule::children_operator => children = Some((reach(inner.clone())?, inner)),
            Rule::stray => return Err(stray(&inner, children.as_ref().map(|(_, op)| op))),
            _ => {}
        }
    }
    let Some(method) = method else {
        return Err(
            SelectorError::new(span, format!("graph operator `{text}` needs a selector"))
                .with_help("write it next to a selector, like `+stg_orders`, `stg_orders+` or `@stg_orders`"),
        );
    };
    if let (Some(_), Some((_, operator))) = (&childrens_parents, &children) {
        return Err(SelectorError::new(
            span_of(operator),
            "`@` cannot be combined with a trailing `+`",
        )
        .with_help("`@x` already selects every descendant of `x`; remove the trailing `+`"));
    }
    Ok(Criterion {
        text,
        span,
        parents,
        children: children.map(|(reach, _)| reach),
        childrens_parents: childrens_parents.is_some(),
        method,
    })
}

/// The reach of a `+` operator: its depth, or all the way when it has none.
fn reach(pair: Pair<'_, Rule>) -> Result<Reach, SelectorError> {
    let Some(depth) = pair
        .into_inner()
        .find(|inner| inner.as_rule() == Rule::depth)
    else {
        return Ok(Reach::All);
    };
    depth
        .as_str()
        .parse::<u32>()
        .map(Reach::Depth)
        .map_err(|_| {
            SelectorError::new(
                span_of(&depth),
                format!("graph depth `{}` is too large", depth.as_str()),
            )
            .with_help("leave the number out to walk the whole graph, like `+stg_orders`")
        })
}

/// Characters a well-formed criterion left over: `a++`, `a@b`, `x+3x`.
fn stray(pair: &Pair<'_, Rule>, children: Option<&Pair<'_, Rule>>) -> SelectorError {
    let text = pair.as_str();
    let start = pair.as_span().start();
    let first = text.chars().next().unwrap_or(' ');
    let first_span = start..start + first.len_utf8();
    match first {
        '@' => SelectorError::new(first_span, "`@` can only start a criterion")
            .with_help("write `@stg_orders` for `stg_orders`, its descendants and their ancestors"),
        '+' => SelectorError::new(first_span, "unexpected `+`").with_help(
            "`+` goes at the start (ancestors) or the end (descendants) of a criterion, like `2+stg_orders+1`",
        ),
        _ => {
            let after = children.map_or(String::new(), |operator| {
                format!(" after graph operator `{}`", operator.as_str())
            });
            SelectorError::new(span_of(pair), format!("unexpected `{text}`{after}"))
                .with_help("a trailing `+` or `+N` ends a criterion; separate criteria with a space (union) or a comma (intersection)")
        }
    }
}

fn body(pair: Pair<'_, Rule>) -> Result<Method, SelectorError> {
    let mut method = None;
    let mut value = None;
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::method => method = Some(inner),
            Rule::value => value = Some(inner),
            _ => {}
        }
    }
    let Some(method) = method else {
        // A bare word: the grammar only builds a `body` with a method or a value.
        let Some(value) = value else {
            return Err(SelectorError::new(0..0, "empty selector"));
        };
        return Ok(methods::bare_word(value_tokens(value)?));
    };
    let colon = method.as_span().end();
    if method.as_str().is_empty() {
        return Err(
            SelectorError::new(colon..colon + 1, "missing selector method before `:`")
                .with_help("write a method like `tag:nightly`, or leave out the `:`"),
        );
    }
    let kind = methods::method_kind(method.as_str(), span_of(&method))?;
    let Some(value) = value else {
        let after = colon + 1;
        return Err(SelectorError::new(
            after..after,
            format!("missing value after `{}:`", method.as_str()),
        )
        .with_help(format!("write a value, like `{}`", kind.example())));
    };
    let value_span = span_of(&value);
    methods::with_value(kind, value_tokens(value)?, value_span)
}

/// The pattern tokens of a `value`, or the error for a malformed `[...]` class.
fn value_tokens(pair: Pair<'_, Rule>) -> Result<Vec<Token>, SelectorError> {
    let mut tokens = Vec::new();
    for inner in pair.into_inner() {
        let token = match inner.as_rule() {
            Rule::star => Token::AnyRun,
            Rule::question => Token::AnyChar,
            Rule::literal => match inner.as_str().chars().next() {
                Some(character) => Token::Literal(character),
                None => continue,
            },
            Rule::class => class(inner),
            Rule::empty_class => {
                return Err(
                    SelectorError::new(span_of(&inner), "empty character class `[]`").with_help(
                        "a class matches one of the characters inside it, like `stg_[ab]*`",
                    ),
                );
            }
            Rule::unclosed_class => {
                return Err(
                    SelectorError::new(span_of(&inner), "unclosed `[` in pattern")
                        .with_help("close the class with `]`, like `stg_[ab]*`"),
                );
            }
            _ => continue,
        };
        tokens.push(token);
    }
    Ok(tokens)
}

fn class(pair: Pair<'_, Rule>) -> Token {
    let first_char = |pair: &Pair<'_, Rule>| pair.as_str().chars().next();
    let mut negated = false;
    let mut items = Vec::new();
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::negation => negated = true,
            Rule::class_char => items.extend(first_char(&inner).map(ClassItem::Char)),
            Rule::class_range => {
                let mut ends = inner.into_inner().filter_map(|end| first_char(&end));
                if let (Some(low), Some(high)) = (ends.next(), ends.next()) {
                    items.push(ClassItem::Range(low, high));
                }
            }
            _ => {}
        }
    }
    Token::Class { negated, items }
}
