//! The ternary operator `c ? a : b` as `if(c, a, b)`, which is what ClickHouse parses it
//! into (and names the column after).
//!
//! The ternary binds loosest of ClickHouse's operators (only `->` and `AS` bind looser)
//! and groups to the right, so `x > 1 OR y ? a : z ? b : c` is
//! `if(x > 1 OR y, a, if(z, b, c))`. An expression is therefore cut at its bracket level by
//! commas, `AS`, `->` and clause keywords; within one such segment the first `?` ends the
//! condition, and the `:` matching it (counting the `?`s between) ends the middle branch.

use super::offsets::Edit;
use super::tokens::{Tok, word_upper};
use sqlparser::tokenizer::Token;
use std::ops::Range;

/// Keywords that end an expression.
const BOUNDARIES: [&str; 44] = [
    "SELECT",
    "FROM",
    "WHERE",
    "PREWHERE",
    "GROUP",
    "BY",
    "HAVING",
    "ORDER",
    "LIMIT",
    "OFFSET",
    "SETTINGS",
    "FORMAT",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "WINDOW",
    "QUALIFY",
    "ON",
    "USING",
    "JOIN",
    "WITH",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "ASC",
    "DESC",
    "NULLS",
    "AS",
    "DISTINCT",
    "ARRAY",
    "LEFT",
    "RIGHT",
    "INNER",
    "FULL",
    "CROSS",
    "GLOBAL",
    "ANY",
    "ALL",
    "ASOF",
    "SEMI",
    "ANTI",
    "SAMPLE",
];

pub(super) fn ternaries(tokens: &[Tok], edits: &mut Vec<Edit>) {
    level(tokens, 0..tokens.len(), edits);
}

/// Rewrites the ternaries of the tokens in `range`, all at one bracket level, and of the
/// bracket groups inside.
fn level(tokens: &[Tok], range: Range<usize>, edits: &mut Vec<Edit>) {
    let mut segment_start = range.start;
    let mut index = range.start;
    while index < range.end {
        let Some(tok) = tokens.get(index) else {
            break;
        };
        if let Some(closing) = tok.closing {
            level(tokens, index + 1..closing, edits);
            index = closing + 1;
            continue;
        }
        if is_boundary(tok, tokens.get(index + 1)) {
            segment(tokens, segment_start..index, edits);
            segment_start = index + 1;
        }
        index += 1;
    }
    segment(tokens, segment_start..range.end.min(tokens.len()), edits);
}

/// Keywords that are also function names: followed by `(` they are calls (`left(s, 1)`).
const FUNCTIONS: [&str; 6] = ["LEFT", "RIGHT", "ARRAY", "ANY", "ALL", "FORMAT"];

/// A token that ends an expression.
fn is_boundary(tok: &Tok, next: Option<&Tok>) -> bool {
    if matches!(
        tok.token,
        Token::Comma | Token::SemiColon | Token::Arrow | Token::RParen
    ) {
        return true;
    }
    let Some(word) = word_upper(Some(tok)) else {
        return false;
    };
    let call =
        next.is_some_and(|next| next.token == Token::LParen) && FUNCTIONS.contains(&word.as_str());
    !call && BOUNDARIES.contains(&word.as_str())
}

fn is_question(tok: &Tok) -> bool {
    matches!(&tok.token, Token::Placeholder(text) if text == "?")
}

/// One expression without boundaries at its level: `cond ? a : b` becomes `if(cond, a, b)`.
fn segment(tokens: &[Tok], range: Range<usize>, edits: &mut Vec<Edit>) {
    let Some(question) = next_at_level(tokens, range.clone(), is_question) else {
        return;
    };
    if question == range.start {
        return;
    }
    let mut open: usize = 1;
    let colon = next_at_level(tokens, question + 1..range.end, |tok| {
        if is_question(tok) {
            open += 1;
        } else if tok.token == Token::Colon {
            open -= 1;
        }
        open == 0
    });
    let Some(colon) = colon.filter(|c| *c > question + 1 && *c + 1 < range.end) else {
        return;
    };
    let (Some(first), Some(question_tok), Some(colon_tok), Some(last)) = (
        tokens.get(range.start),
        tokens.get(question),
        tokens.get(colon),
        tokens.get(range.end - 1),
    ) else {
        return;
    };
    edits.push(Edit::insert(first.range.start, "if("));
    edits.push(Edit::replace(question_tok.range.clone(), ","));
    edits.push(Edit::replace(colon_tok.range.clone(), ","));
    edits.push(Edit::insert(last.range.end, ")"));
    segment(tokens, question + 1..colon, edits);
    segment(tokens, colon + 1..range.end, edits);
}

/// The first token in `range` at the range's own level (skipping bracket groups) for which
/// `found` holds.
fn next_at_level(
    tokens: &[Tok],
    range: Range<usize>,
    mut found: impl FnMut(&Tok) -> bool,
) -> Option<usize> {
    let mut index = range.start;
    while index < range.end {
        let tok = tokens.get(index)?;
        if found(tok) {
            return Some(index);
        }
        index = tok.closing.map_or(index + 1, |closing| closing + 1);
    }
    None
}
