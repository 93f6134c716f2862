//! ClickHouse's `APPLY` column transformer after `COLUMNS('re')`, which sqlparser does not
//! read: `COLUMNS('re') APPLY(f) APPLY g` becomes the marker call
//! `__kiln_apply(COLUMNS('re'), f, g)`, which the projection (`projection.rs`) expands to
//! `g(f(c))` for each matching column `c`, named as ClickHouse names it.
//!
//! Only plain function names are rewritten; `APPLY(quantile(0.5))`, lambdas and `APPLY`
//! after `*` or with `EXCEPT`/`REPLACE` stay as written, for the parser to report.

use super::APPLY_MARKER;
use super::offsets::Edit;
use super::tokens::{Clause, Tok, closing_paren, is_word};
use sqlparser::tokenizer::Token;

pub(super) fn columns_apply(tokens: &[Tok], edits: &mut Vec<Edit>) {
    for (index, tok) in tokens.iter().enumerate() {
        if tok.clause != Clause::Select || !is_word(Some(tok), "COLUMNS") {
            continue;
        }
        let Some(closing) = closing_paren(tokens, index + 1) else {
            continue;
        };
        let mut functions: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        let mut at = closing + 1;
        while is_word(tokens.get(at), "APPLY") {
            let Some((name, end)) = applied_function(tokens, at + 1) else {
                functions.clear();
                break;
            };
            let (Some(apply), Some(last)) = (tokens.get(at), tokens.get(end)) else {
                break;
            };
            functions.push((apply.range.start..last.range.end, name));
            at = end + 1;
        }
        let ends_item = match tokens.get(at) {
            None => true,
            Some(next) => {
                matches!(next.token, Token::Comma | Token::RParen | Token::SemiColon)
                    || is_word(Some(next), "FROM")
            }
        };
        if !ends_item || functions.is_empty() {
            continue;
        }
        edits.push(Edit::insert(tok.range.start, format!("{APPLY_MARKER}(")));
        for (range, name) in &functions {
            edits.push(Edit::replace(range.clone(), format!(", {name}")));
        }
        if let Some((range, _)) = functions.last() {
            edits.push(Edit::insert(range.end, ")"));
        }
    }
}

/// The function of `APPLY(f)` or `APPLY f` starting at `start`, and its last token.
fn applied_function(tokens: &[Tok], start: usize) -> Option<(String, usize)> {
    let name_of = |index: usize| match tokens.get(index).map(|t| &t.token) {
        Some(Token::Word(word)) if word.quote_style.is_none() => Some(word.value.clone()),
        _ => None,
    };
    let first = tokens.get(start)?;
    if first.token == Token::LParen {
        let closing = first.closing?;
        (closing == start + 2).then_some(())?;
        Some((name_of(start + 1)?, closing))
    } else {
        Some((name_of(start)?, start))
    }
}
