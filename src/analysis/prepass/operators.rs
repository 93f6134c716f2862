//! ClickHouse's `a DIV b` and `a MOD b` as the calls ClickHouse makes of them,
//! `intDiv(a, b)` and `modulo(a, b)`: sqlparser's ClickHouse dialect has neither operator.
//!
//! Both bind like `*` (left to right, tighter than `+`, looser than unary minus), so an
//! operand is one primary (a literal, a name, a call, a bracketed group, with subscripts)
//! and the left one extends over a chain of `*`, `/`, `%`, `DIV`, `MOD`. An operand whose
//! extent is not certain leaves the operator as written, for the parser to report.

use super::offsets::Edit;
use super::tokens::{Tok, closing_paren, word_upper};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

pub(super) fn div_mod(tokens: &[Tok], edits: &mut Vec<Edit>) {
    let openings = openings(tokens);
    let operators: Vec<(usize, &str)> = (0..tokens.len())
        .filter_map(|index| operator_call(tokens, index).map(|name| (index, name)))
        .collect();
    // Right to left: in `a DIV b DIV c` the outer call's `intDiv(` goes before the inner's.
    for (index, name) in operators.into_iter().rev() {
        let (Some(start), Some(end)) = (
            left_operand(tokens, &openings, index),
            right_operand(tokens, index),
        ) else {
            continue;
        };
        let (Some(first), Some(operator), Some(last)) =
            (tokens.get(start), tokens.get(index), tokens.get(end))
        else {
            continue;
        };
        edits.push(Edit::insert(first.range.start, format!("{name}(")));
        edits.push(Edit::replace(operator.range.clone(), ","));
        edits.push(Edit::insert(last.range.end, ")"));
    }
}

/// The call a `DIV` or `MOD` at `index` stands for, when it follows an operand (`mod(a, b)`
/// after `SELECT` is the function).
fn operator_call(tokens: &[Tok], index: usize) -> Option<&'static str> {
    let name = match word_upper(tokens.get(index))?.as_str() {
        "DIV" => "intDiv",
        "MOD" => "modulo",
        _ => return None,
    };
    let previous = index.checked_sub(1).and_then(|i| tokens.get(i))?;
    ends_operand(previous).then_some(name)
}

/// Whether a token can end an operand: a literal, a name that is no keyword, a bracket.
fn ends_operand(tok: &Tok) -> bool {
    match &tok.token {
        Token::Number(..) | Token::SingleQuotedString(_) | Token::RParen | Token::RBracket => true,
        Token::Word(word) => word.quote_style.is_some() || word.keyword == Keyword::NoKeyword,
        _ => false,
    }
}

/// Whether a token is an operator of `*`'s precedence.
fn multiplicative(tokens: &[Tok], index: usize) -> bool {
    tokens
        .get(index)
        .is_some_and(|t| matches!(t.token, Token::Mul | Token::Div | Token::Mod))
        || operator_call(tokens, index).is_some()
}

/// For each closing bracket, the index of its opening one.
fn openings(tokens: &[Tok]) -> Vec<Option<usize>> {
    let mut openings = vec![None; tokens.len()];
    for (index, tok) in tokens.iter().enumerate() {
        if let Some(slot) = tok.closing.and_then(|closing| openings.get_mut(closing)) {
            *slot = Some(index);
        }
    }
    openings
}

/// The first token of the left operand of the operator at `operator`.
fn left_operand(tokens: &[Tok], openings: &[Option<usize>], operator: usize) -> Option<usize> {
    let mut end = operator.checked_sub(1)?;
    loop {
        let mut start = primary_start(tokens, openings, end)?;
        if let Some(sign) = start.checked_sub(1)
            && tokens
                .get(sign)
                .is_some_and(|t| matches!(t.token, Token::Minus | Token::Plus))
            && !sign
                .checked_sub(1)
                .and_then(|i| tokens.get(i))
                .is_some_and(ends_operand)
        {
            start = sign;
        }
        let Some(before) = start.checked_sub(1) else {
            return Some(start);
        };
        if multiplicative(tokens, before) {
            end = before.checked_sub(1)?;
            continue;
        }
        return bounds_operand(tokens.get(before)?).then_some(start);
    }
}

/// Whether a token before an operand ends it: an opening bracket, a comma, an operator of
/// lower precedence or a keyword.
fn bounds_operand(tok: &Tok) -> bool {
    match &tok.token {
        Token::LParen
        | Token::LBracket
        | Token::Comma
        | Token::Plus
        | Token::Minus
        | Token::Eq
        | Token::DoubleEq
        | Token::Neq
        | Token::Lt
        | Token::Gt
        | Token::LtEq
        | Token::GtEq
        | Token::StringConcat => true,
        Token::Word(word) => word.quote_style.is_none() && word.keyword != Keyword::NoKeyword,
        _ => false,
    }
}

/// The first token of the primary that ends at `end`.
fn primary_start(tokens: &[Tok], openings: &[Option<usize>], end: usize) -> Option<usize> {
    let tok = tokens.get(end)?;
    match &tok.token {
        Token::Number(..) | Token::SingleQuotedString(_) => Some(end),
        Token::Word(_) => {
            let mut start = end;
            while start >= 2
                && tokens
                    .get(start - 1)
                    .is_some_and(|t| t.token == Token::Period)
                && tokens
                    .get(start - 2)
                    .is_some_and(|t| matches!(t.token, Token::Word(_)))
            {
                start -= 2;
            }
            Some(start)
        }
        Token::RParen | Token::RBracket => {
            let open = openings.get(end).copied().flatten()?;
            let Some(before) = open.checked_sub(1).and_then(|i| tokens.get(i)) else {
                return Some(open);
            };
            // A call (`f(x)`, `quantile(0.5)(x)`) or a subscript (`arr[1]`) continues the
            // primary before the bracket; after a clause keyword it is a group or a literal.
            let continues = match &before.token {
                Token::RParen | Token::RBracket => true,
                Token::Word(word) if tok.token == Token::RParen => {
                    word.quote_style.is_some()
                        || !GROUP_KEYWORDS
                            .contains(&word_upper(Some(before)).unwrap_or_default().as_str())
                }
                Token::Word(_) => ends_operand(before),
                _ => false,
            };
            if continues {
                primary_start(tokens, openings, open.checked_sub(1)?)
            } else {
                Some(open)
            }
        }
        _ => None,
    }
}

/// Keywords after which a parenthesis is a group, not a call.
const GROUP_KEYWORDS: &[&str] = &[
    "SELECT", "WHERE", "PREWHERE", "HAVING", "QUALIFY", "AND", "OR", "NOT", "BY", "ON", "WHEN",
    "THEN", "ELSE", "CASE", "IN", "AS", "DISTINCT", "ALL", "IS", "LIKE", "ILIKE", "BETWEEN",
    "INTERVAL", "DIV", "MOD",
];

/// The last token of the right operand of the operator at `operator`.
fn right_operand(tokens: &[Tok], operator: usize) -> Option<usize> {
    let mut index = operator + 1;
    if tokens
        .get(index)
        .is_some_and(|t| matches!(t.token, Token::Minus | Token::Plus))
    {
        index += 1;
    }
    let tok = tokens.get(index)?;
    let mut end = match &tok.token {
        Token::Number(..) | Token::SingleQuotedString(_) => index,
        Token::LParen | Token::LBracket => tok.closing?,
        Token::Word(_) => {
            let mut end = index;
            while tokens
                .get(end + 1)
                .is_some_and(|t| t.token == Token::Period)
                && tokens
                    .get(end + 2)
                    .is_some_and(|t| matches!(t.token, Token::Word(_)))
            {
                end += 2;
            }
            while let Some(closing) = closing_paren(tokens, end + 1) {
                end = closing;
            }
            end
        }
        _ => return None,
    };
    while let Some(closing) = tokens
        .get(end + 1)
        .filter(|t| t.token == Token::LBracket)
        .and_then(|t| t.closing)
    {
        end = closing;
    }
    let next = tokens.get(end + 1);
    let continues = next.is_some_and(|t| {
        matches!(
            t.token,
            Token::Period | Token::DoubleColon | Token::LParen | Token::Caret
        )
    });
    (!continues).then_some(end)
}
