//! Rewrites of the FROM clause: `FINAL`, join strictness, `USING` without parentheses and
//! `ARRAY JOIN` of an array literal.
//!
//! None of them changes which columns a join has or their types: `FINAL` only merges rows,
//! and the strictness words (`ANY`, `ALL`, `ASOF`, `SEMI`, `ANTI`) and the distribution
//! word (`GLOBAL`, `LOCAL`) only choose which rows match. The join kind (`LEFT`, `RIGHT`,
//! `FULL`, `INNER`) stays (`PASTE` becomes `CROSS`, which sqlparser reads and which has
//! the same columns): it decides which side `join_use_nulls = 1` makes `Nullable`
//! (ClickHouse 26.9 makes the right side of `LEFT SEMI`, `LEFT ANTI`, `ASOF LEFT` and
//! `ANY LEFT` joins `Nullable` exactly as for `LEFT`).

use super::offsets::Edit;
use super::tokens::{Clause, Tok, is_name, is_word, word_upper};
use sqlparser::tokenizer::Token;

const STRICTNESS: [&str; 7] = ["ANY", "ALL", "ASOF", "SEMI", "ANTI", "GLOBAL", "LOCAL"];
const KINDS: [&str; 6] = ["LEFT", "RIGHT", "FULL", "INNER", "CROSS", "PASTE"];

/// Drops `FINAL` after a table of a FROM clause: sqlparser reads `t FINAL` as the alias
/// `FINAL` and fails on `t AS u FINAL`.
pub(super) fn final_modifier(tokens: &[Tok], edits: &mut Vec<Edit>) {
    for (index, tok) in tokens.iter().enumerate() {
        if tok.clause != Clause::From || !is_word(Some(tok), "FINAL") {
            continue;
        }
        let previous = index.checked_sub(1).and_then(|i| tokens.get(i));
        let after_table = matches!(
            previous,
            Some(Tok {
                token: Token::Word(_) | Token::RParen,
                ..
            })
        ) && !is_word(previous, "AS");
        if after_table {
            edits.push(Edit::replace(tok.range.clone(), ""));
        }
    }
}

/// Rewrites the words before `JOIN` to the ones sqlparser reads with the same join kind:
/// `ANY LEFT`, `LEFT ANY`, `SEMI LEFT`, `ASOF LEFT`, `GLOBAL ALL INNER` become `LEFT`,
/// `LEFT`, `LEFT`, `LEFT`, `INNER`; a join without a kind (`ANY JOIN`, `ASOF JOIN`) is an
/// inner `JOIN`.
pub(super) fn strictness(tokens: &[Tok], edits: &mut Vec<Edit>) {
    for (index, tok) in tokens.iter().enumerate() {
        if tok.clause != Clause::From || !is_word(Some(tok), "JOIN") {
            continue;
        }
        let mut first = index;
        let mut words = Vec::new();
        while let Some(previous) = first.checked_sub(1) {
            match word_upper(tokens.get(previous)) {
                Some(word)
                    if STRICTNESS.contains(&word.as_str())
                        || KINDS.contains(&word.as_str())
                        || word == "OUTER" =>
                {
                    words.push(word);
                    first = previous;
                }
                _ => break,
            }
        }
        // `t AS any LEFT JOIN u`: the first word is an alias.
        let before = first.checked_sub(1).and_then(|i| tokens.get(i));
        if is_word(before, "AS") && !words.is_empty() {
            words.pop();
            first += 1;
        }
        let paste = words.iter().any(|w| w == "PASTE");
        if !paste && !words.iter().any(|w| STRICTNESS.contains(&w.as_str())) {
            continue;
        }
        // A PASTE JOIN puts rows side by side: the columns of a CROSS JOIN.
        let kind = words.iter().find(|w| KINDS.contains(&w.as_str())).map(|w| {
            if w == "PASTE" {
                "CROSS".to_string()
            } else {
                w.clone()
            }
        });
        let outer = words.iter().any(|w| w == "OUTER");
        let text = match kind {
            Some(kind) if outer && matches!(kind.as_str(), "LEFT" | "RIGHT" | "FULL") => {
                format!("{kind} OUTER")
            }
            Some(kind) => kind,
            None => String::new(),
        };
        let (Some(start), Some(end)) = (tokens.get(first), index.checked_sub(1)) else {
            continue;
        };
        let Some(end) = tokens.get(end) else {
            continue;
        };
        edits.push(Edit::replace(start.range.start..end.range.end, text));
    }
}

/// `USING a, b` becomes `USING (a, b)`: sqlparser wants the parentheses.
pub(super) fn using_list(tokens: &[Tok], edits: &mut Vec<Edit>) {
    for (index, tok) in tokens.iter().enumerate() {
        if tok.clause != Clause::From || !is_word(Some(tok), "USING") {
            continue;
        }
        let mut next = index + 1;
        if !is_name(tokens.get(next)) {
            continue;
        }
        let Some(first) = tokens.get(next) else {
            continue;
        };
        let mut last = first;
        // Names, qualified or not, separated by commas.
        loop {
            while matches!(tokens.get(next + 1).map(|t| &t.token), Some(Token::Period))
                && is_name(tokens.get(next + 2))
            {
                next += 2;
            }
            if let Some(tok) = tokens.get(next) {
                last = tok;
            }
            let comma = matches!(tokens.get(next + 1).map(|t| &t.token), Some(Token::Comma));
            if comma && is_name(tokens.get(next + 2)) {
                next += 2;
            } else {
                break;
            }
        }
        edits.push(Edit::insert(first.range.start, "("));
        edits.push(Edit::insert(last.range.end, ")"));
    }
}

/// `ARRAY JOIN [1, 2] AS x` as `ARRAY JOIN array(1, 2) AS x`: sqlparser reads only names and
/// calls after `ARRAY JOIN`; the analyser types an `array(...)` of literals there.
pub(super) fn array_join_literal(tokens: &[Tok], edits: &mut Vec<Edit>) {
    for (index, tok) in tokens.iter().enumerate() {
        if tok.clause != Clause::From
            || !is_word(Some(tok), "ARRAY")
            || !is_word(tokens.get(index + 1), "JOIN")
        {
            continue;
        }
        let Some(open) = tokens.get(index + 2).filter(|t| t.token == Token::LBracket) else {
            continue;
        };
        let Some(close) = open.closing.and_then(|closing| tokens.get(closing)) else {
            continue;
        };
        edits.push(Edit::replace(open.range.clone(), "array("));
        edits.push(Edit::replace(close.range.clone(), ")"));
    }
}
