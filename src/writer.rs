//! The writer: the only code that writes `target/`.
//!
//! **Invariant:** a failed compile never touches `target/`. A successful one replaces each
//! file it produces atomically (written beside it, then renamed over it), so no reader ever
//! sees half a file; `manifest.json`, the file `apply` reads, is replaced after every
//! compiled file and `bundle.sql`, and the cache record (`.kiln/cache.json`) last of all.
//! The record is deleted before anything else changes, so an interrupted write leaves no
//! record that could vouch for a half-updated `target/`.
//!
//! A file whose content is what the previous compile wrote, and which is still on disk as it
//! was written, is left alone: a compile that changed one model rewrites a handful of files,
//! not tens of thousands. Files the previous compile wrote that this one does not are
//! removed. `target/` also holds cargo's build folders; kiln only touches its own entries.

use crate::cache::{self, CacheState, OutputRecord};
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

/// What compile writes, relative to the target directory.
pub struct Output {
    /// `(relative path, contents)` of every compiled SQL file, under `compiled/`.
    pub compiled: Vec<(String, String)>,
    pub bundle: String,
    pub manifest: String,
}

/// Writes `output` into `target_dir` and records it in `state` (saved as the cache record).
/// `previous` is the record of the last compile, if any: files it vouches for are kept.
pub fn write(
    target_dir: &Path,
    output: &Output,
    previous: Option<&CacheState>,
    state: &mut CacheState,
) -> io::Result<()> {
    for (relative, _) in &output.compiled {
        if !relative.starts_with("compiled/") || relative.split('/').any(|part| part == "..") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside target/compiled: {relative}"),
            ));
        }
    }
    let cache_file = target_dir.join(cache::CACHE_FILE);
    if let Some(parent) = cache_file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    remove_if_present(&cache_file)?;
    let compiled_dir = target_dir.join("compiled");
    if previous.is_none() && compiled_dir.exists() {
        // Without a record nothing says which files under compiled/ are current.
        std::fs::remove_dir_all(&compiled_dir)?;
    }

    let records: Vec<(String, OutputRecord)> = output
        .compiled
        .par_iter()
        .map(|(relative, contents)| {
            let record = write_file(target_dir, relative, contents, previous)?;
            Ok((relative.clone(), record))
        })
        .collect::<io::Result<_>>()?;
    state.outputs.extend(records);
    for (relative, contents) in [
        ("bundle.sql", &output.bundle),
        ("manifest.json", &output.manifest),
    ] {
        let record = write_file(target_dir, relative, contents, previous)?;
        state.outputs.insert(relative.to_string(), record);
    }
    if let Some(previous) = previous {
        for relative in previous.outputs.keys() {
            if !state.outputs.contains_key(relative) {
                remove_if_present(&target_dir.join(relative))?;
            }
        }
    }
    let record = serde_json::to_string(state).map_err(io::Error::other)?;
    replace(&cache_file, record.as_bytes())
}

/// Writes one file unless the previous compile wrote the same content and it is unchanged
/// on disk since.
fn write_file(
    target_dir: &Path,
    relative: &str,
    contents: &str,
    previous: Option<&CacheState>,
) -> io::Result<OutputRecord> {
    let path = target_dir.join(relative);
    let sha256 = cache::sha256_hex(contents.as_bytes());
    if let Some(record) = previous.and_then(|p| p.outputs.get(relative))
        && record.sha256 == sha256
        && cache::output_record_on_disk(&path) == Some((record.len, record.mtime_ns))
    {
        return Ok(record.clone());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    replace(&path, contents.as_bytes())?;
    let (len, mtime_ns) = cache::output_record_on_disk(&path)
        .ok_or_else(|| io::Error::other(format!("`{}` vanished after writing", path.display())))?;
    Ok(OutputRecord {
        sha256,
        len,
        mtime_ns,
    })
}

/// Writes `contents` beside `path` and renames it over `path`.
fn replace(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut temporary: PathBuf = path.to_path_buf();
    temporary
        .as_mut_os_string()
        .push(format!(".kiln-tmp-{}", std::process::id()));
    std::fs::write(&temporary, contents)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// Writes `target/run_results.json` (via a temporary file and a rename).
pub fn write_run_results(target_dir: &Path, contents: &str) -> io::Result<()> {
    std::fs::create_dir_all(target_dir)?;
    replace(&target_dir.join("run_results.json"), contents.as_bytes())
}
