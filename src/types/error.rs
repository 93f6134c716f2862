//! The one error [`parse_type`](super::parse_type) returns: what is wrong, where
//! in the input, and a known type name when the input looks like a misspelling.

use std::fmt;
use std::ops::Range;

/// Why a type name did not parse.
///
/// `message` is lowercase without a trailing period, with names in backticks,
/// ready to be shown after `error:`; `span` is a byte range into the text that
/// was parsed; `suggestion` is a known type name close to an unknown one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeParseError {
    pub span: Range<usize>,
    pub message: String,
    pub suggestion: Option<String>,
}

impl TypeParseError {
    pub(crate) fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            suggestion: None,
        }
    }

    pub(crate) fn with_suggestion(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }
}

impl fmt::Display for TypeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(suggestion) = &self.suggestion {
            write!(f, " (did you mean `{suggestion}`?)")?;
        }
        Ok(())
    }
}

impl std::error::Error for TypeParseError {}
