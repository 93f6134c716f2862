//! Mapping a position in a model's rendered SQL back to the template the user wrote, so
//! analysis diagnostics point at their `.sql` file, not at the rendered text.
//!
//! minijinja keeps no source map, so the mapping aligns lines: most SQL lines hold no Jinja
//! and render to themselves. A rendered line is matched with the same (k-th equal) line of
//! the template and the column carried over; a line that Jinja changed is matched by the
//! token itself, searched near where the aligned lines put it.

use std::ops::Range;

/// The template span for `span` of `rendered`, or `None` when nothing plausible matches.
pub fn to_template(template: &str, rendered: &str, span: &Range<usize>) -> Option<Range<usize>> {
    let start = span.start.min(rendered.len());
    let token = rendered
        .get(start..span.end.min(rendered.len()))
        .unwrap_or("");
    let line_start = rendered.get(..start)?.rfind('\n').map_or(0, |n| n + 1);
    let line_end = rendered
        .get(start..)?
        .find('\n')
        .map_or(rendered.len(), |n| start + n);
    let line = rendered.get(line_start..line_end)?;
    let column = start - line_start;
    let trimmed = line.trim();
    if !trimmed.is_empty() {
        // How many identical lines come before this one in the rendered text.
        let occurrence = rendered
            .get(..line_start)?
            .lines()
            .filter(|l| l.trim() == trimmed)
            .count();
        let mut offset = 0;
        let mut seen = 0;
        for template_line in template.split_inclusive('\n') {
            let content = template_line.trim_end_matches('\n');
            if content.trim() == trimmed {
                if seen == occurrence {
                    // Same text, so the same column, shifted by any indentation change.
                    let shift = leading(content) as isize - leading(line) as isize;
                    let begin =
                        (offset as isize + column as isize + shift).max(offset as isize) as usize;
                    return Some(begin..begin + token.len().max(1));
                }
                seen += 1;
            }
            offset += template_line.len();
        }
    }
    // A line Jinja changed: find the token as a whole word in the template, the first
    // occurrence at or after the line's relative position.
    // Search by the first word of the token: the rest may be Jinja's output.
    let token: &str = token
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if token.is_empty() {
        return None;
    }
    let ratio = start as f64 / rendered.len().max(1) as f64;
    let hint = ((template.len() as f64) * ratio) as usize;
    let candidates: Vec<usize> = template
        .match_indices(token)
        .map(|(i, _)| i)
        .filter(|&i| is_word(template, i, token.len()))
        .collect();
    let best = candidates
        .iter()
        .copied()
        .min_by_key(|&i| i.abs_diff(hint))?;
    Some(best..best + token.len())
}

fn leading(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_word(text: &str, at: usize, len: usize) -> bool {
    let before = text.get(..at).and_then(|t| t.chars().next_back());
    let after = text.get(at + len..).and_then(|t| t.chars().next());
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !word(before) && !word(after)
}

#[cfg(test)]
mod tests {
    use super::to_template;

    #[test]
    fn plain_lines_map_to_the_same_column() {
        let template =
            "{{ config(materialized='table') }}\nselect\n    amount_x\nfrom {{ ref('orders') }}\n";
        let rendered = "\nselect\n    amount_x\nfrom `db`.`orders`\n";
        let start = rendered.find("amount_x").unwrap_or(0);
        let mapped = to_template(template, rendered, &(start..start + 8));
        assert_eq!(mapped.and_then(|r| template.get(r)), Some("amount_x"));
    }

    #[test]
    fn changed_lines_map_by_the_token() {
        let template = "select {{ money('price') }} as total, missing_col from {{ ref('t') }}";
        let rendered = "select round(price, 2) as total, missing_col from `db`.`t`";
        let start = rendered.find("missing_col").unwrap_or(0);
        let mapped = to_template(template, rendered, &(start..start + 11));
        assert_eq!(mapped.and_then(|r| template.get(r)), Some("missing_col"));
    }
}
