//! The compile cache: what the last successful compile read and wrote, kept in
//! `target/.kiln/cache.json`, so a compile whose inputs did not change writes nothing and
//! returns at once, and a compile that changed a few files rewrites only those outputs.
//!
//! The cache key is a sha256 over everything a compile's result depends on: kiln's own
//! build, the command-line options (`--vars`, `--target`), the path and content of every
//! file the loader read, and the values of the environment variables templates read with
//! `env_var()` (only a hash of them is stored: they may be secrets). Contents are hashed,
//! never trusted by modification time, so an edit that keeps size and mtime still counts.
//!
//! **Invariant:** the cache can never change the result. A key match means the same inputs
//! went through the same kiln, so the outputs on disk (`manifest.json` and `bundle.sql`
//! checked by size and mtime against the record, so hand-editing or deleting them forces a
//! compile) are what a compile would write. tests/compile_cache.rs compiles with and without the cache and compares every
//! artifact byte for byte.

use crate::diagnostic::{Diagnostic, FileId, Label, Severity, SourceFiles};
use crate::project::ProjectOptions;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::UNIX_EPOCH;

/// The cache file, relative to the target directory.
pub const CACHE_FILE: &str = ".kiln/cache.json";

/// The outputs a cache hit checks are still as written. `apply` reads only these; the
/// files under `compiled/` are for people to read, and checking tens of thousands of them
/// would cost a no-op compile more than everything else it does (a compile that does run
/// checks each one before deciding to leave it alone).
const VERIFIED_OUTPUTS: [&str; 2] = ["manifest.json", "bundle.sql"];

/// Bumped whenever the record's meaning changes; an old record is then ignored.
const FORMAT: u32 = 1;

/// The record of one successful compile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CacheState {
    pub format: u32,
    /// sha256 over kiln's build, the options and every input file.
    pub key: String,
    /// Environment variables the templates read, and a sha256 over their values then.
    pub env_names: Vec<String>,
    pub env_sha256: String,
    /// Every file the compile wrote, by path relative to the target directory.
    pub outputs: BTreeMap<String, OutputRecord>,
    /// The compile's warnings, shown again by a compile the cache answers.
    pub diagnostics: Vec<CachedDiagnostic>,
    pub summary: Summary,
}

/// One written file: its content hash, and its size and mtime right after writing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputRecord {
    pub sha256: String,
    pub len: u64,
    pub mtime_ns: u128,
}

/// The counts of the compile summary line.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub models: usize,
    pub seeds: usize,
    pub tests: usize,
    pub sources: usize,
    pub analysed_complete: usize,
    pub analysed_models: usize,
}

/// A [`Diagnostic`] as stored: the same fields, with owned strings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedDiagnostic {
    code: String,
    error: bool,
    message: String,
    primary: Option<CachedLabel>,
    labels: Vec<CachedLabel>,
    help: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedLabel {
    file: u32,
    start: usize,
    end: usize,
    message: Option<String>,
}

impl CacheState {
    pub fn new(key: String, diagnostics: &[Diagnostic], summary: Summary) -> Self {
        let env_names = crate::render::env_vars_read();
        Self {
            format: FORMAT,
            key,
            env_sha256: env_sha256(&env_names),
            env_names,
            outputs: BTreeMap::new(),
            diagnostics: diagnostics.iter().map(CachedDiagnostic::from).collect(),
            summary,
        }
    }

    /// Whether this record answers a compile with `key`: same inputs, same environment
    /// values, and every output still on disk as it was written.
    pub fn is_fresh(&self, key: &str, target_dir: &Path) -> bool {
        self.format == FORMAT
            && self.key == key
            && self.env_sha256 == env_sha256(&self.env_names)
            && VERIFIED_OUTPUTS.iter().all(|relative| {
                self.outputs.get(*relative).is_some_and(|record| {
                    output_record_on_disk(&target_dir.join(relative)).is_some_and(
                        |(len, mtime_ns)| len == record.len && mtime_ns == record.mtime_ns,
                    )
                })
            })
    }

    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .map(CachedDiagnostic::to_diagnostic)
            .collect()
    }
}

/// Reads the record in `target_dir`; `None` when there is none or it cannot be used.
pub fn read(target_dir: &Path) -> Option<CacheState> {
    let text = std::fs::read(target_dir.join(CACHE_FILE)).ok()?;
    serde_json::from_slice::<CacheState>(&text)
        .ok()
        .filter(|state| state.format == FORMAT)
}

/// The size and modification time (nanoseconds since the epoch) of a file.
pub fn output_record_on_disk(path: &Path) -> Option<(u64, u128)> {
    let metadata = std::fs::metadata(path).ok()?;
    let mtime = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((metadata.len(), mtime.as_nanos()))
}

/// The cache key of a compile of `files` with `options` by this kiln.
pub fn key(files: &SourceFiles, options: &ProjectOptions) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"kiln compile cache\0");
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update([0]);
    // kiln's version alone does not change between development builds: the executable's
    // size and mtime tell builds apart without reading it.
    if let Some((len, mtime)) = std::env::current_exe()
        .ok()
        .and_then(|exe| output_record_on_disk(&exe))
    {
        hasher.update(format!("{len} {mtime}\0"));
    }
    hasher.update(serde_json::to_string(&options.vars).unwrap_or_default());
    hasher.update([0]);
    hasher.update(options.target.as_deref().unwrap_or("\u{1}"));
    hasher.update([0]);
    hasher.update(crate::compile::inputs_sha256(files));
    hex(&hasher.finalize())
}

fn env_sha256(names: &[String]) -> String {
    let mut hasher = Sha256::new();
    for name in names {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        match std::env::var_os(name) {
            Some(value) => {
                hasher.update([1]);
                hasher.update(value.as_encoded_bytes());
            }
            None => hasher.update([2]),
        }
        hasher.update([0]);
    }
    hex(&hasher.finalize())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

impl From<&Diagnostic> for CachedDiagnostic {
    fn from(diagnostic: &Diagnostic) -> Self {
        Self {
            code: diagnostic.code.to_string(),
            error: diagnostic.is_error(),
            message: diagnostic.message.clone(),
            primary: diagnostic.primary.as_ref().map(CachedLabel::from),
            labels: diagnostic.labels.iter().map(CachedLabel::from).collect(),
            help: diagnostic.help.clone(),
        }
    }
}

impl CachedDiagnostic {
    fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            // Codes are `&'static str` constants; a cached one lives for the rest of this
            // short process, which shows it at most once.
            code: Box::leak(self.code.clone().into_boxed_str()),
            severity: if self.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: self.message.clone(),
            primary: self.primary.as_ref().map(CachedLabel::to_label),
            labels: self.labels.iter().map(CachedLabel::to_label).collect(),
            help: self.help.clone(),
            narrow_to: None,
        }
    }
}

impl From<&Label> for CachedLabel {
    fn from(label: &Label) -> Self {
        Self {
            file: label.file.0,
            start: label.span.start,
            end: label.span.end,
            message: label.message.clone(),
        }
    }
}

impl CachedLabel {
    fn to_label(&self) -> Label {
        Label {
            file: FileId(self.file),
            span: self.start..self.end,
            message: self.message.clone(),
        }
    }
}
