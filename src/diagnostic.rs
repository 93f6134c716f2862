//! The one diagnostic type every phase reports with, and the table of project files
//! diagnostics point into.
//!
//! Phases never print: they return `Diagnostic` values (plain data: a stable code, a
//! severity, a lowercase message, spans into files the user wrote, a `help:` line).
//! Rendering with miette happens in one place, [`render`], so every message looks the same
//! and snapshot tests see exactly what users see.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// Index of a file in [`SourceFiles`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A file of the project, as read by the loader, kept so diagnostics can show it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project root, `/`-separated: what the user sees.
    pub path: String,
    pub text: Arc<str>,
    /// Byte offset of each line's start, so positions convert without rescanning the file.
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    pub fn new(path: String, text: String) -> Self {
        let line_starts: Vec<usize> = std::iter::once(0).chain(memchr_newlines(&text)).collect();
        Self {
            path,
            text: Arc::from(text),
            line_starts: Arc::from(line_starts),
        }
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, byte)| *byte == b'\n')
        .map(|(i, _)| i + 1)
}

/// Every text file the loader read, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceFiles {
    files: Vec<SourceFile>,
}

impl SourceFiles {
    pub fn add(&mut self, path: String, text: String) -> FileId {
        self.push(SourceFile::new(path, text))
    }

    /// Adds a file built with [`SourceFile::new`] (which the loader does on many threads).
    pub fn push(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    /// Where `word` is written after `label` (in the value of the config key `label`
    /// points at: `order_by:` in YAML, `order_by=` in a `config()` call): its first
    /// whole-word occurrence within the next few lines.
    pub fn word_after(&self, label: &Label, word: &str) -> Option<Label> {
        if word.is_empty() {
            return None;
        }
        let after = self.text(label.file).get(label.span.end..)?;
        let window_end = after
            .match_indices('\n')
            .nth(4)
            .map_or(after.len(), |(index, _)| index);
        let window = after.get(..window_end)?;
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        let (index, _) = window.match_indices(word).find(|(index, _)| {
            let before = window.get(..*index).and_then(|b| b.chars().next_back());
            let next = window
                .get(index + word.len()..)
                .and_then(|a| a.chars().next());
            !before.is_some_and(is_word) && !next.is_some_and(is_word)
        })?;
        let start = label.span.end + index;
        Some(Label::new(label.file, start..start + word.len()))
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn path(&self, id: FileId) -> &str {
        self.get(id).map_or("<unknown>", |file| file.path.as_str())
    }

    pub fn text(&self, id: FileId) -> &str {
        self.get(id).map_or("", |file| &file.text)
    }

    /// The byte offset of a 1-based line and column (columns count characters).
    pub fn offset_of(&self, id: FileId, line: usize, column: usize) -> usize {
        let Some(file) = self.get(id) else { return 0 };
        let Some(&start) = line.checked_sub(1).and_then(|l| file.line_starts.get(l)) else {
            return file.text.len();
        };
        let line_text = file.text.get(start..).unwrap_or("");
        let line_text = line_text.split_inclusive('\n').next().unwrap_or("");
        start
            + line_text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(line_text.trim_end_matches('\n').len(), |(byte, _)| byte)
    }
}

/// The byte offset of a 1-based line and 1-based character column in `text`, clamped to it.
pub fn offset_of_line_column(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (index, line_text) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let within: usize = line_text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(line_text.trim_end_matches('\n').len(), |(byte, _)| byte);
            return offset + within;
        }
        offset += line_text.len();
    }
    text.len()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A span in one project file, with an optional message shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Range<usize>,
    pub message: Option<String>,
}

impl Label {
    pub fn new(file: FileId, span: Range<usize>) -> Self {
        Self {
            file,
            span,
            message: None,
        }
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }
}

/// A problem found in the user's project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable, kebab-case identifier (`unknown-ref`), documented in docs/diagnostics.md.
    pub code: &'static str,
    pub severity: Severity,
    /// Lowercase, no trailing period, identifiers in backticks.
    pub message: String,
    /// Where the problem is; `None` only for problems with no file (a missing project file).
    pub primary: Option<Label>,
    /// Further spans, in the primary's file or others.
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// A word written in the value of the config key the primary span points at (the
    /// `tabel` of `materialized='tabel'`): once files are at hand, [`narrow_to_values`]
    /// moves the primary span onto it. For phases that know the key's position but not
    /// the file's text.
    pub narrow_to: Option<String>,
}

/// Moves each diagnostic's primary span from a config key onto the word of its value that
/// `narrow_to` names, where the word can be found.
pub fn narrow_to_values(diagnostics: &mut [Diagnostic], files: &SourceFiles) {
    for diagnostic in diagnostics {
        if let (Some(word), Some(primary)) = (diagnostic.narrow_to.take(), &diagnostic.primary)
            && let Some(label) = files.word_after(primary, &word)
        {
            diagnostic.primary = Some(label);
        }
    }
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Error,
            message: message.into(),
            primary: None,
            labels: Vec::new(),
            help: None,
            narrow_to: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    pub fn at(mut self, file: FileId, span: Range<usize>) -> Self {
        self.primary = Some(Label::new(file, span));
        self
    }

    pub fn at_label(mut self, label: Label) -> Self {
        self.primary = Some(label);
        self
    }

    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Sorts diagnostics by file, then position, so output is stable whatever order phases ran in.
pub fn sort(diagnostics: &mut [Diagnostic], files: &SourceFiles) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.primary.as_ref().map(|label| {
                (
                    files.path(label.file).to_string(),
                    label.span.start,
                    label.span.end,
                )
            })
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// "did you mean" help from a list of candidates, by edit distance.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(wanted, candidates).map(|name| format!("did you mean `{name}`?"))
}

/// The candidate closest to `wanted`, when it is close enough to be a likely typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(wanted, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (wanted.len().max(candidate.len()) / 3).max(1))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, candidate)| candidate)
}

/// Whether rendered diagnostics use colour and unicode box drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Fancy,
    Plain,
}

/// Renders diagnostics for a terminal or a snapshot. The one place diagnostics become text.
pub fn render(diagnostics: &[Diagnostic], files: &SourceFiles, style: Style) -> String {
    let handler = match style {
        Style::Fancy => miette::GraphicalReportHandler::new(),
        Style::Plain => {
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        }
    }
    .with_width(100)
    .with_links(false);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let report = Report::new(diagnostic, files);
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&format!("{}: {}\n", diagnostic.code, diagnostic.message));
        }
        out.push('\n');
    }
    out
}

/// Adapter from a [`Diagnostic`] to miette's trait, pointing at the primary file.
///
/// miette shows one source per report; labels in other files become related reports.
struct Report {
    code: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    source: Option<miette::NamedSource<Arc<str>>>,
    labels: Vec<miette::LabeledSpan>,
    related: Vec<Report>,
}

impl Report {
    fn new(diagnostic: &Diagnostic, files: &SourceFiles) -> Self {
        let primary_file = diagnostic.primary.as_ref().map(|label| label.file);
        let source = primary_file.and_then(|id| files.get(id)).map(|file| {
            miette::NamedSource::new(file.path.clone(), Arc::clone(&file.text))
                .with_language("text")
        });
        let mut labels = Vec::new();
        let mut related = Vec::new();
        let all = diagnostic.primary.iter().chain(diagnostic.labels.iter());
        for (index, label) in all.enumerate() {
            if Some(label.file) == primary_file {
                let text = files.text(label.file);
                let span = clamp(&label.span, text);
                let labeled = miette::LabeledSpan::new_with_span(label.message.clone(), span);
                labels.push(if index == 0 {
                    miette::LabeledSpan::new_primary_with_span(
                        label.message.clone(),
                        clamp(&label.span, text),
                    )
                } else {
                    labeled
                });
            } else {
                let inner = Diagnostic {
                    code: diagnostic.code,
                    severity: diagnostic.severity,
                    message: label
                        .message
                        .clone()
                        .unwrap_or_else(|| "related location".into()),
                    primary: Some(Label::new(label.file, label.span.clone())),
                    labels: Vec::new(),
                    help: None,
                    narrow_to: None,
                };
                related.push(Report::new(&inner, files));
            }
        }
        Self {
            code: diagnostic.code,
            severity: diagnostic.severity,
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            source,
            labels,
            related,
        }
    }
}

/// Keeps a span inside the text and on character boundaries, so miette never panics.
fn clamp(span: &Range<usize>, text: &str) -> miette::SourceSpan {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (start, end - start).into()
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source
            .as_ref()
            .map(|source| source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_within_a_line() {
        let text = "ab\ncdé f\n";
        assert_eq!(offset_of_line_column(text, 1, 1), 0);
        assert_eq!(offset_of_line_column(text, 2, 1), 3);
        assert_eq!(offset_of_line_column(text, 2, 5), 8);
        assert_eq!(offset_of_line_column(text, 9, 1), text.len());
    }

    #[test]
    fn suggestions_are_only_close_names() {
        assert_eq!(
            closest("stg_order", ["stg_orders", "dim_customers"]),
            Some("stg_orders")
        );
        assert_eq!(closest("zzz", ["stg_orders"]), None);
    }
}
