//! ClickHouse's aliases inside expressions, `f(x AS y)`, `(a + 1 AS b) > 2` and
//! `GROUP BY e AS k`, as a marker call sqlparser parses: `__kiln_alias(x, y)`.
//!
//! ClickHouse makes such a `y` an alias of the whole SELECT, like a SELECT-list alias, and
//! names the expression after it (`plus(x, 1)`). The analyser (`inner_alias.rs`) registers
//! every marker of a SELECT as one of its aliases and types the marker as `x`.
//!
//! Only the shapes whose extent is certain are rewritten: an element of a call's or a
//! bracket's list (up to the comma or the closing bracket) in the SELECT list or the clauses
//! after FROM, and an item of `GROUP BY`. `CAST(x AS T)`, `INTERPOLATE (x AS e)`, aliases in
//! FROM, in `WITH` items, next to a lambda, or anywhere else stay as written: the parser
//! then reports them.

use super::INNER_ALIAS_MARKER;
use super::offsets::Edit;
use super::tokens::{Clause, Tok, is_name, is_word, word_upper};
use sqlparser::tokenizer::Token;

/// Calls whose parentheses hold an `AS` that is no alias. `* REPLACE (e AS c)` is read by
/// sqlparser itself; the `replace` function is left alone with it.
const NOT_ALIAS_CALLS: &[&str] = &["CAST", "TRY_CAST", "SAFE_CAST", "INTERPOLATE", "REPLACE"];

/// Words that may follow a `GROUP BY` item: the next clause or modifier.
const AFTER_GROUP_BY: &[&str] = &[
    "HAVING",
    "ORDER",
    "LIMIT",
    "WITH",
    "SETTINGS",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "FORMAT",
    "WINDOW",
    "QUALIFY",
];

pub(super) fn inner_aliases(tokens: &[Tok], edits: &mut Vec<Edit>) {
    let parents = enclosing_brackets(tokens);
    for (index, tok) in tokens.iter().enumerate() {
        if !is_word(Some(tok), "AS") || !is_name(tokens.get(index + 1)) {
            continue;
        }
        let start = match (tok.clause, parents.get(index).copied().flatten()) {
            (Clause::None, Some(open)) => bracket_element(tokens, &parents, open, index),
            (Clause::Other, _) => group_by_item(tokens, index),
            _ => None,
        };
        let Some(start) = start else {
            continue;
        };
        let (Some(first), Some(alias)) = (tokens.get(start), tokens.get(index + 1)) else {
            continue;
        };
        let Some(element) = tokens.get(start..index) else {
            continue;
        };
        let nested_alias = element
            .iter()
            .any(|t| t.depth == tok.depth && is_word(Some(t), "AS"));
        if nested_alias || element.iter().any(|t| t.token == Token::Arrow) {
            continue;
        }
        edits.push(Edit::insert(
            first.range.start,
            format!("{INNER_ALIAS_MARKER}("),
        ));
        edits.push(Edit::replace(tok.range.clone(), ","));
        edits.push(Edit::insert(alias.range.end, ")"));
    }
}

/// For each token, the index of the innermost bracket open around it.
fn enclosing_brackets(tokens: &[Tok]) -> Vec<Option<usize>> {
    let mut open: Vec<usize> = Vec::new();
    let mut parents = Vec::with_capacity(tokens.len());
    for (index, tok) in tokens.iter().enumerate() {
        if matches!(tok.token, Token::RParen | Token::RBracket | Token::RBrace) {
            open.pop();
        }
        parents.push(open.last().copied());
        if matches!(tok.token, Token::LParen | Token::LBracket | Token::LBrace) {
            open.push(index);
        }
    }
    parents
}

/// The first token of the list element of bracket `open` that ends with the `AS` at
/// `alias_keyword`, when the alias is certain to be one of a SELECT's.
fn bracket_element(
    tokens: &[Tok],
    parents: &[Option<usize>],
    open: usize,
    alias_keyword: usize,
) -> Option<usize> {
    let bracket = tokens.get(open)?;
    if !matches!(bracket.token, Token::LParen | Token::LBracket) {
        return None;
    }
    let callee = open.checked_sub(1).and_then(|i| word_upper(tokens.get(i)));
    if callee.is_some_and(|name| NOT_ALIAS_CALLS.contains(&name.as_str())) {
        return None;
    }
    // The clause the outermost bracket sits in owns the alias; a lambda anywhere in that
    // bracket could bind the aliased expression's names, so it is left alone.
    let mut outermost = open;
    while let Some(tok) = tokens.get(outermost)
        && tok.clause == Clause::None
    {
        outermost = parents.get(outermost).copied().flatten()?;
    }
    let owner = tokens.get(outermost)?;
    if !matches!(owner.clause, Clause::Select | Clause::Other) {
        return None;
    }
    let inside = tokens.get(outermost..=owner.closing?)?;
    if inside.iter().any(|t| t.token == Token::Arrow) {
        return None;
    }
    let after = tokens.get(alias_keyword + 2)?;
    if after.token != Token::Comma && bracket.closing != Some(alias_keyword + 2) {
        return None;
    }
    let mut start = open + 1;
    let mut index = open + 1;
    while index < alias_keyword {
        let tok = tokens.get(index)?;
        if tok.token == Token::Comma {
            start = index + 1;
        }
        index = tok.closing.map_or(index + 1, |closing| closing + 1);
    }
    skip_quantifier(tokens, start, alias_keyword)
}

/// The first token of the `GROUP BY` item that ends with the `AS` at `alias_keyword`.
fn group_by_item(tokens: &[Tok], alias_keyword: usize) -> Option<usize> {
    let depth = tokens.get(alias_keyword)?.depth;
    let next = tokens.get(alias_keyword + 2);
    let ends_item = match next {
        None => true,
        Some(tok) => {
            matches!(tok.token, Token::Comma | Token::RParen | Token::SemiColon)
                || word_upper(Some(tok)).is_some_and(|w| AFTER_GROUP_BY.contains(&w.as_str()))
        }
    };
    if !ends_item {
        return None;
    }
    let mut index = alias_keyword;
    while let Some(previous) = index.checked_sub(1) {
        let tok = tokens.get(previous)?;
        index = previous;
        if tok.depth > depth {
            continue;
        }
        if tok.depth < depth || tok.clause != Clause::Other {
            return None;
        }
        if tok.token == Token::Comma {
            return Some(previous + 1);
        }
        if is_word(Some(tok), "BY") {
            let group = previous.checked_sub(1).and_then(|i| tokens.get(i));
            return is_word(group, "GROUP").then_some(previous + 1);
        }
        if word_upper(Some(tok)).is_some_and(|w| {
            matches!(
                w.as_str(),
                "WHERE" | "PREWHERE" | "HAVING" | "ORDER" | "QUALIFY" | "WINDOW" | "SETTINGS"
            )
        }) {
            return None;
        }
    }
    None
}

/// Past a leading `DISTINCT` or `ALL` (`count(DISTINCT x AS y)`): the marker goes after it.
fn skip_quantifier(tokens: &[Tok], start: usize, end: usize) -> Option<usize> {
    let first = tokens.get(start);
    let start = if is_word(first, "DISTINCT") || is_word(first, "ALL") {
        start + 1
    } else {
        start
    };
    (start < end).then_some(start)
}
