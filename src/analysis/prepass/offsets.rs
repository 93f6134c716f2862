//! Edits to a SQL text and the map from the rewritten text's byte offsets back to the
//! original's.
//!
//! The rewritten text is the original with some byte ranges replaced (an insertion
//! replaces an empty range). It is cut into pieces: copied text, which maps byte for byte,
//! and replacement text, every byte of which maps to the whole range it replaced. A span
//! that starts inside a replacement starts where the replaced text starts, and one that
//! ends inside it ends where the replaced text ends, so a problem reported on rewritten
//! text covers what the user wrote.

use std::ops::Range;

/// One replacement of an original byte range (empty for an insertion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub(crate) range: Range<usize>,
    pub(crate) text: String,
}

impl Edit {
    pub(crate) fn insert(at: usize, text: impl Into<String>) -> Self {
        Self {
            range: at..at,
            text: text.into(),
        }
    }

    pub(crate) fn replace(range: Range<usize>, text: impl Into<String>) -> Self {
        Self {
            range,
            text: text.into(),
        }
    }
}

/// A piece of the rewritten text and the original range it stands for.
#[derive(Debug, Clone)]
struct Piece {
    rewritten: Range<usize>,
    original: Range<usize>,
    /// Copied text maps byte for byte; replacement text maps to its whole original range.
    copied: bool,
}

/// Rewritten byte offsets to original byte offsets.
#[derive(Debug, Clone, Default)]
pub(crate) struct OffsetMap {
    /// Non-empty pieces in order, covering the rewritten text.
    pieces: Vec<Piece>,
    original_length: usize,
}

/// Applies `edits` to `original`. Edits are applied in order of their start (insertions
/// before a replacement at the same offset, ties in the order given); an edit overlapping
/// an earlier one is dropped, so a bug in one rewrite never corrupts the text.
pub(crate) fn apply(original: &str, mut edits: Vec<Edit>) -> (String, OffsetMap) {
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut text = String::with_capacity(original.len() + 64);
    let mut pieces = Vec::new();
    let mut cursor = 0;
    let mut push = |text: &mut String, piece_text: &str, original: Range<usize>, copied| {
        if piece_text.is_empty() {
            return;
        }
        let start = text.len();
        text.push_str(piece_text);
        pieces.push(Piece {
            rewritten: start..text.len(),
            original,
            copied,
        });
    };
    for edit in edits {
        let fits = edit.range.start >= cursor
            && edit.range.end <= original.len()
            && original.is_char_boundary(edit.range.start)
            && original.is_char_boundary(edit.range.end);
        if !fits {
            continue;
        }
        let before = original.get(cursor..edit.range.start).unwrap_or("");
        push(&mut text, before, cursor..edit.range.start, true);
        push(&mut text, &edit.text, edit.range.clone(), false);
        cursor = edit.range.end;
    }
    let rest = original.get(cursor..).unwrap_or("");
    push(&mut text, rest, cursor..original.len(), true);
    let map = OffsetMap {
        pieces,
        original_length: original.len(),
    };
    (text, map)
}

impl OffsetMap {
    /// The original range of a rewritten range.
    pub(crate) fn range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.start(range.start);
        if range.is_empty() {
            return start..start;
        }
        start..self.end(range.end).max(start)
    }

    /// Where a span starting at rewritten offset `at` starts in the original.
    fn start(&self, at: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.rewritten.end <= at);
        match self.pieces.get(index) {
            Some(piece) if piece.copied => {
                piece.original.start + at.saturating_sub(piece.rewritten.start)
            }
            Some(piece) => piece.original.start,
            None => self.original_length,
        }
    }

    /// Where a span ending at rewritten offset `at` ends in the original.
    fn end(&self, at: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.rewritten.end < at);
        match self.pieces.get(index) {
            Some(piece) if piece.copied => (piece.original.start
                + at.saturating_sub(piece.rewritten.start))
            .min(piece.original.end),
            Some(piece) => piece.original.end,
            None => self.original_length,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_text_maps_one_to_one() {
        let (text, map) = apply("select 1", Vec::new());
        assert_eq!(text, "select 1");
        assert_eq!(map.range(0..6), 0..6);
        assert_eq!(map.range(7..8), 7..8);
        assert_eq!(map.range(8..8), 8..8);
    }

    #[test]
    fn replacements_map_to_what_they_replaced() {
        let original = "select c ? a : b from t final";
        let edits = vec![
            Edit::insert(7, "if("),
            Edit::replace(9..10, ","),
            Edit::replace(13..14, ","),
            Edit::insert(16, ")"),
            Edit::replace(24..29, ""),
        ];
        let (text, map) = apply(original, edits);
        assert_eq!(text, "select if(c , a , b) from t ");
        // `if(c , a , b)` covers `c ? a : b`.
        assert_eq!(map.range(7..20), 7..16);
        let a = text.find('a').unwrap_or_default();
        assert_eq!(map.range(a..a + 1), 11..12);
        // `t` and the end of the text around the dropped `final`.
        let t = text.rfind('t').unwrap_or_default();
        assert_eq!(map.range(t..t + 1), 22..23);
        assert_eq!(map.range(0..text.len()), 0..original.len() - 5);
    }

    #[test]
    fn overlapping_edits_are_dropped() {
        let edits = vec![Edit::replace(0..4, "x"), Edit::replace(2..6, "y")];
        let (text, _) = apply("abcdefg", edits);
        assert_eq!(text, "xefg");
    }
}
