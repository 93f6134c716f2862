//! YAML decoding for every project file, through serde-saphyr, with errors as diagnostics.
//!
//! Raw types mirror the YAML and wrap the values diagnostics point at in [`Spanned`], so a
//! later phase can say "line 12, column 7" without keeping the YAML text around.

use crate::diagnostic::{Diagnostic, FileId, SourceFiles};
use serde::de::DeserializeOwned;
use std::ops::Range;

pub use serde_saphyr::Spanned;

/// Decodes one YAML file into `T`. An empty file decodes as `T::default()`.
pub fn decode<T: DeserializeOwned + Default>(
    files: &SourceFiles,
    file: FileId,
) -> Result<T, Diagnostic> {
    let text = files.text(file);
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    serde_saphyr::from_str::<Option<T>>(text)
        .map(Option::unwrap_or_default)
        .map_err(|error| {
            let message = clean_message(&error.without_snippet().to_string());
            let diagnostic = Diagnostic::error("yaml-invalid", message);
            match error.location() {
                Some(location) if location.line() > 0 => {
                    let start =
                        files.offset_of(file, location.line() as usize, location.column() as usize);
                    diagnostic.at(file, start..start + token_len(text, start))
                }
                _ => diagnostic.at(file, 0..0),
            }
        })
}

/// The byte range of a spanned value in its file.
pub fn span_of<T>(files: &SourceFiles, file: FileId, value: &Spanned<T>) -> Range<usize> {
    let location = value.referenced;
    if location.line() == 0 {
        return 0..0;
    }
    let start = files.offset_of(file, location.line() as usize, location.column() as usize);
    let text = files.text(file);
    let len = location
        .span()
        .byte_len()
        .map_or_else(|| token_len(text, start), |len| len as usize);
    start..(start + len.max(1)).min(text.len())
}

/// Length of the scalar-ish token at `start`: up to the end of line or a YAML delimiter.
fn token_len(text: &str, start: usize) -> usize {
    text.get(start..)
        .map(|rest| {
            rest.find(['\n', ',', ']', '}', '#'])
                .unwrap_or(rest.len())
                .max(1)
                .min(rest.trim_end().len().max(1))
        })
        .unwrap_or(0)
}

/// serde-saphyr messages carry their own location suffix; diagnostics have spans instead.
fn clean_message(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message).trim();
    let without_location = match first_line.rfind(" at line ") {
        Some(index) => first_line.get(..index).unwrap_or(first_line),
        None => first_line,
    };
    let mut cleaned = without_location.trim_end_matches('.').to_string();
    if let Some(first) = cleaned.get(..1) {
        let lower = first.to_lowercase();
        cleaned.replace_range(..1, &lower);
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Default, Debug)]
    struct Doc {
        #[serde(default)]
        name: Option<Spanned<String>>,
    }

    #[test]
    fn spans_point_at_the_value() {
        let mut files = SourceFiles::default();
        let id = files.add("a.yml".into(), "version: 2\nname: shop\n".into());
        let doc: Doc = decode(&files, id).unwrap_or_default();
        let name = doc.name.map(|n| span_of(&files, id, &n));
        assert_eq!(name, Some(17..21));
    }

    #[test]
    fn syntax_errors_become_diagnostics_with_a_position() {
        let mut files = SourceFiles::default();
        let id = files.add("a.yml".into(), "name: [unclosed\nother: 1\n".into());
        let error = decode::<Doc>(&files, id).err();
        assert!(error.is_some_and(|d| d.code == "yaml-invalid" && d.primary.is_some()));
    }
}
