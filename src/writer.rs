//! The writer: the only code that writes `target/`.
//!
//! **Invariant:** a failed compile never touches `target/`, and a successful one replaces
//! kiln's outputs as a whole: everything is first written to a staging folder inside
//! `target/`, then moved into place with renames, `manifest.json` last (it is what `apply`
//! reads, so a reader never sees a new manifest with old SQL). `target/` also holds cargo's
//! build folders; kiln only touches its own entries.

use std::io;
use std::path::{Path, PathBuf};

/// What compile writes, relative to the target directory.
pub struct Output {
    /// `(relative path, contents)` of every compiled SQL file, under `compiled/`.
    pub compiled: Vec<(String, String)>,
    pub bundle: String,
    pub manifest: String,
}

pub fn write(target_dir: &Path, output: &Output) -> io::Result<()> {
    std::fs::create_dir_all(target_dir)?;
    let staging = target_dir.join(format!(".kiln-staging-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let result = stage(&staging, output).and_then(|()| swap(target_dir, &staging));
    if staging.exists() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn stage(staging: &Path, output: &Output) -> io::Result<()> {
    let compiled = staging.join("compiled");
    std::fs::create_dir_all(&compiled)?;
    for (relative, contents) in &output.compiled {
        let path = staging.join(relative);
        if !path.starts_with(&compiled) || relative.split('/').any(|part| part == "..") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside target/: {relative}"),
            ));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, contents)?;
    }
    std::fs::write(staging.join("bundle.sql"), &output.bundle)?;
    std::fs::write(staging.join("manifest.json"), &output.manifest)?;
    Ok(())
}

fn swap(target_dir: &Path, staging: &Path) -> io::Result<()> {
    let old_compiled: PathBuf = staging.join("compiled.old");
    let compiled = target_dir.join("compiled");
    if compiled.exists() {
        std::fs::rename(&compiled, &old_compiled)?;
    }
    std::fs::rename(staging.join("compiled"), &compiled)?;
    std::fs::rename(staging.join("bundle.sql"), target_dir.join("bundle.sql"))?;
    std::fs::rename(
        staging.join("manifest.json"),
        target_dir.join("manifest.json"),
    )?;
    Ok(())
}

/// Writes `target/run_results.json` (via a temporary file and a rename).
pub fn write_run_results(target_dir: &Path, contents: &str) -> io::Result<()> {
    std::fs::create_dir_all(target_dir)?;
    let temporary = target_dir.join(format!(".run_results.json.{}", std::process::id()));
    std::fs::write(&temporary, contents)?;
    std::fs::rename(&temporary, target_dir.join("run_results.json"))
}
