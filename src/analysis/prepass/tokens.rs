//! The significant tokens of a SQL text (no whitespace, no comments), each with its byte
//! range, bracket depth, matching bracket and the clause it sits in: what the rewrites of
//! the pre-pass read.
//!
//! sqlparser's tokenizer reports positions as lines and character columns; the tokens
//! cover the text without gaps, so one forward walk turns them into byte offsets.

use sqlparser::dialect::ClickHouseDialect;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};
use std::ops::Range;

/// A token that is not whitespace or a comment.
#[derive(Debug)]
pub(crate) struct Tok {
    pub(crate) token: Token,
    pub(crate) range: Range<usize>,
    /// Brackets (`(`, `[`, `{`) open around it; a bracket itself is at the outer depth.
    pub(crate) depth: usize,
    /// For an opening bracket, the index of its closing one.
    pub(crate) closing: Option<usize>,
    /// The clause of the query it belongs to, at its depth.
    pub(crate) clause: Clause,
}

/// The clause a token sits in, as far as the rewrites care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clause {
    /// Before any clause keyword at this depth (inside function arguments, say).
    None,
    With,
    Select,
    /// FROM and its joins, up to the next clause.
    From,
    Limit,
    /// WHERE, GROUP BY, ORDER BY and the other clauses after FROM.
    Other,
}

/// Tokenizes `sql` as sqlparser's parser does; `None` when the tokenizer fails (the parser
/// then reports the problem).
pub(crate) fn tokenize(sql: &str) -> Option<Vec<TokenWithSpan>> {
    Tokenizer::new(&ClickHouseDialect {}, sql)
        .tokenize_with_location()
        .ok()
}

/// The significant tokens of `tokens`, the tokenization of `sql`.
pub(crate) fn significant_tokens(sql: &str, tokens: &[TokenWithSpan]) -> Option<Vec<Tok>> {
    let mut cursor = Cursor::new(sql);
    let mut out: Vec<Tok> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut clauses = vec![Clause::None];
    for token in tokens {
        let start = cursor.offset(token.span.start)?;
        let end = cursor.offset(token.span.end)?;
        if matches!(token.token, Token::Whitespace(_) | Token::EOF) {
            // A comment's span may stop short of its newline; the next token's start
            // is found from its own location, so nothing drifts.
            continue;
        }
        let index = out.len();
        let closes = matches!(token.token, Token::RParen | Token::RBracket | Token::RBrace);
        if closes && let Some(opening) = open.pop() {
            clauses.pop();
            if let Some(tok) = out.get_mut(opening) {
                tok.closing = Some(index);
            }
        }
        let depth = open.len();
        let clause = clause_after(
            &token.token,
            clauses.last().copied().unwrap_or(Clause::None),
        );
        if let Some(top) = clauses.last_mut() {
            *top = clause;
        }
        if matches!(token.token, Token::LParen | Token::LBracket | Token::LBrace) {
            open.push(index);
            clauses.push(Clause::None);
        }
        out.push(Tok {
            token: token.token.clone(),
            range: start..end,
            depth,
            closing: None,
            clause,
        });
    }
    Some(out)
}

/// The clause in effect from a token on, given the one before it.
fn clause_after(token: &Token, current: Clause) -> Clause {
    let Token::Word(word) = token else {
        return current;
    };
    if word.quote_style.is_some() {
        return current;
    }
    // The tokenizer has already classified the word: no allocation per token.
    use sqlparser::keywords::Keyword;
    match word.keyword {
        Keyword::WITH if current == Clause::None => Clause::With,
        Keyword::SELECT => Clause::Select,
        Keyword::FROM if current != Clause::None => Clause::From,
        Keyword::LIMIT => Clause::Limit,
        Keyword::WHERE
        | Keyword::PREWHERE
        | Keyword::GROUP
        | Keyword::HAVING
        | Keyword::ORDER
        | Keyword::WINDOW
        | Keyword::QUALIFY
        | Keyword::SETTINGS
        | Keyword::FORMAT => Clause::Other,
        Keyword::UNION | Keyword::EXCEPT | Keyword::INTERSECT if current != Clause::Select => {
            Clause::None
        }
        _ => current,
    }
}

/// Whether a token is the unquoted word `word` (any case).
pub(crate) fn is_word(tok: Option<&Tok>, word: &str) -> bool {
    matches!(tok, Some(Tok { token: Token::Word(w), .. }) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

/// The unquoted word a token is, upper-cased; `None` for anything else.
pub(crate) fn word_upper(tok: Option<&Tok>) -> Option<String> {
    match tok {
        Some(Tok {
            token: Token::Word(w),
            ..
        }) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
        _ => None,
    }
}

/// The index of the `)` closing the `(` at `index`; `None` when `index` is not an opening
/// parenthesis (a call's arguments start one token after its name).
pub(crate) fn closing_paren(tokens: &[Tok], index: usize) -> Option<usize> {
    tokens
        .get(index)
        .filter(|t| t.token == Token::LParen)
        .and_then(|t| t.closing)
}

/// Whether a token is a word, quoted or not: something that can be a name.
pub(crate) fn is_name(tok: Option<&Tok>) -> bool {
    matches!(
        tok,
        Some(Tok {
            token: Token::Word(_),
            ..
        })
    )
}

/// Turns sqlparser locations (1-based lines, 1-based character columns) into byte offsets,
/// walking forward only.
struct Cursor<'a> {
    text: &'a str,
    line: u64,
    column: u64,
    offset: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            line: 1,
            column: 1,
            offset: 0,
        }
    }

    fn offset(&mut self, location: Location) -> Option<usize> {
        let target = (location.line, location.column);
        if target < (self.line, self.column) {
            return None;
        }
        let rest = self.text.get(self.offset..)?;
        for c in rest.chars() {
            if (self.line, self.column) >= target {
                break;
            }
            self.offset += c.len_utf8();
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        Some(self.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_byte_ranges_depth_and_clause() {
        let sql = "select 'é', f(x) -- c\nfrom t final";
        let all = tokenize(sql).unwrap_or_default();
        let tokens = significant_tokens(sql, &all).unwrap_or_default();
        let texts: Vec<&str> = tokens
            .iter()
            .map(|t| sql.get(t.range.clone()).unwrap_or("?"))
            .collect();
        assert_eq!(
            texts,
            [
                "select", "'é'", ",", "f", "(", "x", ")", "from", "t", "final"
            ]
        );
        let x = tokens.get(5).map(|t| (t.depth, t.clause));
        assert_eq!(x, Some((1, Clause::None)));
        assert_eq!(tokens.get(4).and_then(|t| t.closing), Some(6));
        assert_eq!(tokens.last().map(|t| t.clause), Some(Clause::From));
    }
}
