//! Shell-style patterns (`*`, `?`, `[abc]`, `[a-z]`, `[!abc]`) as the selector's values.
//!
//! The grammar already split a value into tokens, so this module only matches and splits
//! them; it never parses text. Matching is case-sensitive and works on characters, not
//! bytes. (kiln's manifest does not depend on a glob crate, and the few lines here match
//! dbt's `fnmatch` semantics, where `*` also crosses `.` and `/`.)

/// One token of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    Literal(char),
    /// `?`
    AnyChar,
    /// `*`
    AnyRun,
    /// `[...]`; `negated` for `[!...]` and `[^...]`.
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
}

/// One member of a `[...]` class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ClassItem {
    Char(char),
    /// `a-z`, inclusive.
    Range(char, char),
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pattern {
    tokens: Vec<Token>,
}

impl Token {
    fn matches_char(&self, character: char) -> bool {
        match self {
            Token::Literal(literal) => *literal == character,
            Token::AnyChar => true,
            Token::AnyRun => false,
            Token::Class { negated, items } => {
                let inside = items.iter().any(|item| match item {
                    ClassItem::Char(member) => *member == character,
                    ClassItem::Range(low, high) => (*low..=*high).contains(&character),
                });
                inside != *negated
            }
        }
    }
}

impl Pattern {
    pub(super) fn new(tokens: Vec<Token>) -> Self {
        Pattern { tokens }
    }

    /// A pattern that matches exactly `text`.
    pub(super) fn literal(text: &str) -> Self {
        Pattern::new(text.chars().map(Token::Literal).collect())
    }

    pub fn has_wildcards(&self) -> bool {
        self.tokens
            .iter()
            .any(|token| !matches!(token, Token::Literal(_)))
    }

    /// The pattern written back as text, for messages and for reading a bare word.
    pub fn as_text(&self) -> String {
        let mut text = String::new();
        for token in &self.tokens {
            match token {
                Token::Literal(character) => text.push(*character),
                Token::AnyChar => text.push('?'),
                Token::AnyRun => text.push('*'),
                Token::Class { negated, items } => {
                    text.push('[');
                    if *negated {
                        text.push('!');
                    }
                    for item in items {
                        match item {
                            ClassItem::Char(member) => text.push(*member),
                            ClassItem::Range(low, high) => {
                                text.push(*low);
                                text.push('-');
                                text.push(*high);
                            }
                        }
                    }
                    text.push(']');
                }
            }
        }
        text
    }

    pub(super) fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Splits at every literal `separator` (one inside `[...]` does not split).
    pub(super) fn split(&self, separator: char) -> Vec<Pattern> {
        self.tokens
            .split(|token| *token == Token::Literal(separator))
            .map(|tokens| Pattern::new(tokens.to_vec()))
            .collect()
    }

    /// Joins `parts` with a literal `separator`: the inverse of [`Pattern::split`].
    pub(super) fn join(parts: &[Pattern], separator: char) -> Pattern {
        let mut tokens = Vec::new();
        for (position, part) in parts.iter().enumerate() {
            if position > 0 {
                tokens.push(Token::Literal(separator));
            }
            tokens.extend(part.tokens.iter().cloned());
        }
        Pattern::new(tokens)
    }

    /// Whether the whole of `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        let characters: Vec<char> = text.chars().collect();
        // Classic wildcard matching: on a mismatch, let the most recent `*` swallow one
        // more character and retry from just after it. Linear in practice, quadratic at
        // worst, never exponential.
        let (mut token_at, mut char_at) = (0, 0);
        let mut last_star: Option<(usize, usize)> = None;
        loop {
            match self.tokens.get(token_at) {
                Some(Token::AnyRun) => {
                    last_star = Some((token_at, char_at));
                    token_at += 1;
                    continue;
                }
                Some(token)
                    if characters
                        .get(char_at)
                        .is_some_and(|c| token.matches_char(*c)) =>
                {
                    token_at += 1;
                    char_at += 1;
                    continue;
                }
                None if char_at == characters.len() => return true,
                _ => {}
            }
            match last_star {
                Some((star_at, swallowed_to)) if swallowed_to < characters.len() => {
                    last_star = Some((star_at, swallowed_to + 1));
                    token_at = star_at + 1;
                    char_at = swallowed_to + 1;
                }
                _ => return false,
            }
        }
    }
}
