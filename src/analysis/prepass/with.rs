//! ClickHouse's scalar `WITH <expr> AS name` as a CTE sqlparser parses:
//! `__kiln_scalar_<n> AS (SELECT <expr> AS name)`.
//!
//! A `WITH` list mixes CTEs (`name AS (query)`, `name (a, b) AS (query)`) and scalars
//! (`<expr> AS name`, including `(SELECT ...) AS name`); they differ by shape: a CTE starts
//! with its name and ends with its parenthesised query, a scalar ends with `AS name`. The
//! analyser recognises the marker name (see `query.rs`) and makes `name` an alias of
//! `<expr>` in the query instead of a table.

use super::SCALAR_MARKER;
use super::offsets::Edit;
use super::tokens::{Clause, Tok, closing_paren, is_name, is_word};
use sqlparser::tokenizer::Token;
use std::ops::Range;

pub(super) fn scalars(tokens: &[Tok], edits: &mut Vec<Edit>) {
    let mut count = 0;
    for (index, tok) in tokens.iter().enumerate() {
        if tok.clause != Clause::With || !is_word(Some(tok), "WITH") {
            continue;
        }
        if is_word(tokens.get(index + 1), "RECURSIVE") {
            continue;
        }
        for item in items(tokens, index + 1) {
            if is_cte(tokens, item.clone()) || item.len() < 3 {
                continue;
            }
            let (Some(first), Some(alias_keyword), Some(alias)) = (
                tokens.get(item.start),
                tokens.get(item.end - 2),
                tokens.get(item.end - 1),
            ) else {
                continue;
            };
            if !is_word(Some(alias_keyword), "AS") || !is_name(Some(alias)) {
                continue;
            }
            edits.push(Edit::insert(
                first.range.start,
                format!("{SCALAR_MARKER}{count} AS (SELECT "),
            ));
            edits.push(Edit::insert(alias.range.end, ")"));
            count += 1;
        }
    }
}

/// The items of the `WITH` list starting at `start`: token ranges between the commas at
/// its level, up to its `SELECT`.
fn items(tokens: &[Tok], start: usize) -> Vec<Range<usize>> {
    let mut items = Vec::new();
    let mut item_start = start;
    let mut index = start;
    while let Some(tok) = tokens.get(index) {
        if tok.token == Token::Comma || is_word(Some(tok), "SELECT") || tok.token == Token::RParen {
            items.push(item_start..index);
            if tok.token != Token::Comma {
                break;
            }
            item_start = index + 1;
        }
        index = tok.closing.map_or(index + 1, |closing| closing + 1);
    }
    items
}

/// `name AS (query)` or `name (a, b) AS (query)`.
fn is_cte(tokens: &[Tok], item: Range<usize>) -> bool {
    if !is_name(tokens.get(item.start)) {
        return false;
    }
    let mut next = item.start + 1;
    if let Some(closing) = closing_paren(tokens, next) {
        next = closing + 1;
    }
    is_word(tokens.get(next), "AS")
        && tokens
            .get(next + 1)
            .is_some_and(|t| t.token == Token::LParen && t.closing == Some(item.end - 1))
}
