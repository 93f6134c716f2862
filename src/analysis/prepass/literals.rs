//! Rewrites of literals and of the LIMIT clause.
//!
//! - `0xFF` and `0b101` become `255` and `5`: sqlparser reads the first as a hex *string*
//!   and the second as `0 AS b101`; ClickHouse types and names them as the decimal number.
//! - `x IN [1, 2]` becomes `x IN (1, 2)`: sqlparser reads a list holding one array.
//! - `LIMIT a, b BY x` becomes `LIMIT b BY x`, a `LIMIT` after `LIMIT n BY x` and
//!   `WITH TIES` are dropped: sqlparser fails on them, and they choose rows, not columns.

use super::offsets::Edit;
use super::tokens::{Clause, Tok, is_word};
use sqlparser::tokenizer::Token;

/// Hexadecimal and binary integer literals as decimal numbers.
pub(super) fn integers(sql: &str, tokens: &[Tok], edits: &mut Vec<Edit>) {
    for (index, tok) in tokens.iter().enumerate() {
        match &tok.token {
            Token::HexStringLiteral(digits) => {
                let written = sql.get(tok.range.clone()).unwrap_or("");
                let is_number = written.starts_with("0x") || written.starts_with("0X");
                if let (true, Ok(value)) = (is_number, u128::from_str_radix(digits, 16)) {
                    edits.push(Edit::replace(tok.range.clone(), value.to_string()));
                }
            }
            // The tokenizer splits `0b101` into the number `0` and the word `b101`.
            Token::Number(zero, false) if zero == "0" => {
                let Some(next) = tokens.get(index + 1) else {
                    continue;
                };
                let Token::Word(word) = &next.token else {
                    continue;
                };
                let digits = word
                    .value
                    .strip_prefix('b')
                    .or_else(|| word.value.strip_prefix('B'));
                let value = digits
                    .filter(|_| word.quote_style.is_none() && next.range.start == tok.range.end)
                    .and_then(|digits| u128::from_str_radix(digits, 2).ok());
                if let Some(value) = value {
                    edits.push(Edit::replace(
                        tok.range.start..next.range.end,
                        value.to_string(),
                    ));
                }
            }
            _ => {}
        }
    }
}

/// `IN [..]` as `IN (..)`.
pub(super) fn in_array(tokens: &[Tok], edits: &mut Vec<Edit>) {
    for (index, tok) in tokens.iter().enumerate() {
        if !is_word(Some(tok), "IN") {
            continue;
        }
        let Some(open) = tokens.get(index + 1) else {
            continue;
        };
        let Some(closing) = open.closing.filter(|c| *c > index + 2) else {
            continue;
        };
        if open.token != Token::LBracket {
            continue;
        }
        let Some(close) = tokens.get(closing) else {
            continue;
        };
        edits.push(Edit::replace(open.range.clone(), "("));
        edits.push(Edit::replace(close.range.clone(), ")"));
    }
}

/// The LIMIT forms sqlparser fails on.
pub(super) fn limit(tokens: &[Tok], edits: &mut Vec<Edit>) {
    for (index, tok) in tokens.iter().enumerate() {
        if !is_word(Some(tok), "LIMIT") {
            continue;
        }
        // The tokens of this LIMIT clause, at its depth.
        let clause_end = tokens
            .iter()
            .enumerate()
            .skip(index + 1)
            .find(|(_, t)| t.depth < tok.depth || (t.depth == tok.depth && ends_limit(t)))
            .map_or(tokens.len(), |(i, _)| i);
        let clause = tokens.get(index + 1..clause_end).unwrap_or(&[]);
        let at_depth = |t: &&Tok| t.depth == tok.depth;
        let by = clause
            .iter()
            .filter(at_depth)
            .position(|t| is_word(Some(t), "BY"));
        let comma = clause
            .iter()
            .filter(at_depth)
            .position(|t| t.token == Token::Comma);
        if let (Some(by), Some(comma)) = (by, comma)
            && comma < by
        {
            let at: Vec<&Tok> = clause.iter().filter(at_depth).collect();
            if let (Some(first), Some(comma)) = (at.first(), at.get(comma)) {
                edits.push(Edit::replace(first.range.start..comma.range.end, ""));
            }
        }
        if let Some(with) = clause.iter().position(|t| is_word(Some(t), "WITH"))
            && is_word(clause.get(with + 1), "TIES")
            && let (Some(with), Some(ties)) = (clause.get(with), clause.get(with + 1))
        {
            edits.push(Edit::replace(with.range.start..ties.range.end, ""));
        }
        // `LIMIT n BY x LIMIT m`: drop the second LIMIT, up to the end of the query.
        let previous_limit_by = tokens
            .get(..index)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take_while(|t| t.depth >= tok.depth && !(t.depth == tok.depth && ends_limit(t)))
            .any(|t| t.depth == tok.depth && is_word(Some(t), "BY") && t.clause == Clause::Limit);
        if previous_limit_by {
            let end = tokens
                .iter()
                .skip(index + 1)
                .find(|t| t.depth < tok.depth || (t.depth == tok.depth && ends_query(t)))
                .map_or_else(
                    || tokens.last().map_or(tok.range.end, |t| t.range.end),
                    |t| t.range.start,
                );
            edits.push(Edit::replace(tok.range.start..end, ""));
        }
    }
}

/// A token that ends a LIMIT clause at its depth.
fn ends_limit(tok: &Tok) -> bool {
    ends_query(tok) || is_word(Some(tok), "LIMIT") || is_word(Some(tok), "OFFSET")
}

/// A token that ends the clauses of a query at its depth.
fn ends_query(tok: &Tok) -> bool {
    matches!(tok.token, Token::SemiColon | Token::RParen)
        || ["SETTINGS", "FORMAT", "UNION", "EXCEPT", "INTERSECT"]
            .iter()
            .any(|word| is_word(Some(tok), word))
}
