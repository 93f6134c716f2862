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

    /// `range` extended over the closing parentheses it lacks: sqlparser's span of a call
    /// ends with its last argument, before the `)`.
    pub(crate) fn close_parentheses(&self, range: Range<usize>) -> Range<usize> {
        let text = self.text.get(range.clone()).unwrap_or("");
        let mut open: usize = 0;
        let mut quote = None;
        for c in text.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '`' | '"') => quote = Some(c),
                (None, '(') => open += 1,
                (None, ')') => open = open.saturating_sub(1),
                _ => {}
            }
        }
        let mut end = range.end;
        let rest = self.text.get(end..).unwrap_or("");
        let mut chars = rest.char_indices();
        while open > 0 {
            match chars.next() {
                Some((_, c)) if c.is_whitespace() => {}
                Some((index, ')')) => {
                    open -= 1;
                    end = range.end + index + 1;
                }
                _ => break,
            }
        }
        range.start..end
    }

    /// The text of the type after `offset` in `x::T` or `CAST(x AS T)`: the separator
    /// (`::` or `AS`), then a type name with its parenthesised arguments.
    pub(crate) fn type_after(&self, offset: usize, separator: &str) -> Option<&'a str> {
        self.text.get(self.type_range_after(offset, separator)?)
    }

    fn type_range_after(&self, offset: usize, separator: &str) -> Option<Range<usize>> {
        let rest = self.text.get(offset..)?;
        let rest = rest.trim_start();
        let head = rest.get(..separator.len())?;
        if !head.eq_ignore_ascii_case(separator) {
            return None;
        }
        let rest = rest.get(separator.len()..)?;
        let trimmed = rest.trim_start();
        let start = offset + (self.text.len() - offset - trimmed.len());
        let name_length = trimmed
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(trimmed.len());
        if name_length == 0 {
            return None;
        }
        let after_name = trimmed.get(name_length..)?;
        let arguments = after_name.trim_start();
        let mut end = start + name_length;
        if arguments.starts_with('(') {
            let open_at = start + (trimmed.len() - arguments.len());
            end = self.matching_parenthesis(open_at)? + 1;
        }
        Some(start..end)
    }

    /// The whole of `CAST(x AS T)` or `x::T` from the range of `x`.
    pub(crate) fn cast_range(&self, operand: Range<usize>, double_colon: bool) -> Range<usize> {
        let separator = if double_colon { "::" } else { "AS" };
        let Some(type_range) = self.type_range_after(operand.end, separator) else {
            return operand;
        };
        let type_end = type_range.end;
        if double_colon {
            return operand.start..type_end;
        }
        let before = self.text.get(..operand.start).unwrap_or("").trim_end();
        let Some(before_parenthesis) = before.strip_suffix('(') else {
            return operand;
        };
        let keyword = before_parenthesis.trim_end();
        let start = keyword.len().saturating_sub(4);
        if !keyword
            .get(start..)
            .is_some_and(|k| k.eq_ignore_ascii_case("CAST"))
        {
            return operand;
        }
        let after = self.text.get(type_end..).unwrap_or("");
        let end = after
            .trim_start()
            .strip_prefix(')')
            .map_or(type_end, |rest| self.text.len() - rest.len());
        start..end
    }

    /// The offset of the `)` matching the `(` at `open_at`, outside quotes.
    fn matching_parenthesis(&self, open_at: usize) -> Option<usize> {
        let text = self.text.get(open_at..)?;
        let mut depth: usize = 0;
        let mut quote = None;
        for (index, c) in text.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '`' | '"') => quote = Some(c),
                (None, '(') => depth += 1,
                (None, ')') => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(open_at + index);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The text of a range, empty when it does not fall on the text.
    pub(crate) fn slice(&self, range: &Range<usize>) -> &'a str {
        self.text.get(range.clone()).unwrap_or("")
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
    fn spans_of_calls_and_casts() {
        let sql = "select f(g(x) ) , cast(y AS Nullable(Decimal(10, 2))) , z::String";
        let index = LineIndex::new(sql);
        let call = sql.find("f(").unwrap();
        let last_argument = sql.find("x)").unwrap() + 1;
        assert_eq!(
            index.slice(&index.close_parentheses(call..last_argument)),
            "f(g(x) )"
        );
        let y = sql.find('y').unwrap() + 1;
        assert_eq!(index.type_after(y, "AS"), Some("Nullable(Decimal(10, 2))"));
        let z = sql.find('z').unwrap() + 1;
        assert_eq!(index.type_after(z, "::"), Some("String"));
        assert_eq!(index.type_after(z, "AS"), None);
    }

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
