//! Byte ranges in the analysed SQL from sqlparser's positions.
//!
//! sqlparser reports a position as a 1-based line and a 1-based column counted in characters;
//! diagnostics want byte offsets. [`LineIndex`] finds the start of every line once per model,
//! so converting a position costs one walk over the characters of its own line.

use sqlparser::tokenizer::{Location, Span};
use std::ops::Range;

/// The start offset of every line of one SQL text.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, byte)| *byte == b'\n')
                .map(|(index, _)| index + 1),
        );
        Self { text, starts }
    }

    /// The byte offset of a location, clamped to the text; `None` for sqlparser's empty
    /// location (line 0), which it uses for nodes it has no position for.
    pub(crate) fn offset(&self, location: Location) -> Option<usize> {
        let line = usize::try_from(location.line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(line)?;
        let rest = self.text.get(start..).unwrap_or("");
        let column = usize::try_from(location.column).unwrap_or(usize::MAX);
        let within = rest
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(column.saturating_sub(1))
            .map_or_else(|| rest.find('\n').unwrap_or(rest.len()), |(byte, _)| byte);
        Some(start + within)
    }

    /// The byte range of a span, or `None` when sqlparser has no position for it.
    pub(crate) fn range(&self, span: Span) -> Option<Range<usize>> {
        let start = self.offset(span.start)?;
        let end = self.offset(span.end).unwrap_or(start).max(start);
        Some(start..end)
    }

    /// The whole text's range, for problems without a better place.
    pub(crate) fn whole(&self) -> Range<usize> {
        let start = self.text.len() - self.text.trim_start().len();
        start..self.text.trim_end().len().max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_become_byte_offsets() {
        let index = LineIndex::new("select é,\n  x\n");
        assert_eq!(index.offset(Location::new(1, 8)), Some(7));
        assert_eq!(index.offset(Location::new(1, 9)), Some(9));
        assert_eq!(index.offset(Location::new(2, 3)), Some(13));
        assert_eq!(index.offset(Location::new(0, 0)), None);
        assert_eq!(index.offset(Location::new(9, 1)), None);
        assert_eq!(index.whole(), 0..14);
    }
}
