//! String literals where sqlparser wants syntax and ClickHouse accepts either:
//!
//! - `INTERVAL '1 day'` becomes `INTERVAL 1 DAY` (sqlparser wants a unit after the
//!   string); ClickHouse reads both as `toIntervalDay(1)`.
//! - `CAST(x AS DateTime('UTC'))` becomes `CAST(x, 'DateTime(''UTC'')')`: sqlparser reads
//!   no string argument in a type; ClickHouse gives the function form the same type, and
//!   the analyser types it from the type text, as written.

use super::offsets::Edit;
use super::tokens::{Tok, closing_paren, is_word, word_upper};
use sqlparser::tokenizer::Token;

/// Interval units ClickHouse accepts in `INTERVAL '<n> <unit>'`, singular.
const UNITS: &[&str] = &[
    "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR",
];

pub(super) fn interval_strings(tokens: &[Tok], edits: &mut Vec<Edit>) {
    for (index, tok) in tokens.iter().enumerate() {
        if !is_word(Some(tok), "INTERVAL") {
            continue;
        }
        let Some(literal) = tokens.get(index + 1) else {
            continue;
        };
        let Token::SingleQuotedString(text) = &literal.token else {
            continue;
        };
        // `INTERVAL '1' DAY` already has its unit.
        if word_upper(tokens.get(index + 2)).is_some_and(|w| unit(&w).is_some()) {
            continue;
        }
        let parts: Vec<&str> = text.split_whitespace().collect();
        let [count, written_unit] = parts.as_slice() else {
            continue;
        };
        let is_count = !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit());
        if let (true, Some(unit)) = (is_count, unit(&written_unit.to_ascii_uppercase())) {
            edits.push(Edit::replace(
                literal.range.clone(),
                format!("{count} {unit}"),
            ));
        }
    }
}

/// The unit a word names, singular or plural.
fn unit(word: &str) -> Option<&'static str> {
    let singular = word.strip_suffix('S').unwrap_or(word);
    UNITS.iter().copied().find(|unit| *unit == singular)
}

/// `CAST(x AS T)` where `T` holds a string literal, as `CAST(x, 'T')`.
pub(super) fn cast_type_strings(sql: &str, tokens: &[Tok], edits: &mut Vec<Edit>) {
    for (index, tok) in tokens.iter().enumerate() {
        if !is_word(Some(tok), "CAST") {
            continue;
        }
        let Some(closing) = closing_paren(tokens, index + 1) else {
            continue;
        };
        // The `AS` at the level of CAST's parentheses.
        let mut at = index + 2;
        while at < closing && !is_word(tokens.get(at), "AS") {
            at = tokens
                .get(at)
                .and_then(|t| t.closing)
                .map_or(at + 1, |inner| inner + 1);
        }
        let (Some(alias_keyword), Some(type_tokens), Some(end)) = (
            tokens.get(at).filter(|_| at < closing),
            tokens.get(at + 1..closing),
            tokens.get(closing),
        ) else {
            continue;
        };
        let has_string = type_tokens
            .iter()
            .any(|t| matches!(t.token, Token::SingleQuotedString(_)));
        let (Some(first), Some(last)) = (type_tokens.first(), type_tokens.last()) else {
            continue;
        };
        let Some(type_text) = sql.get(first.range.start..last.range.end) else {
            continue;
        };
        if has_string {
            edits.push(Edit::replace(
                alias_keyword.range.start..end.range.start,
                format!(", '{}'", type_text.replace('\'', "''")),
            ));
        }
    }
}
