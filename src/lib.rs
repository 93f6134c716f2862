//! kiln: a declarative pipeline compiler for ClickHouse.
//!
//! The compile pipeline, each phase a function from one plain type to the next:
//!
//! ```text
//! load (project::load)        files on disk      -> LoadedProject (every file's text)
//! declare (project::build)    LoadedProject      -> Project (models, seeds, sources, tests, config layers)
//! compile (compile::compile)  Project            -> Compiled (rendered, resolved, ordered, planned nodes)
//! emit (emit)                 Compiled           -> writer::Output (compiled SQL, bundle.sql, manifest.json)
//! write (writer::write)       Output             -> target/
//! ```
//!
//! Only `project::load` reads project files and only `writer` writes `target/`; everything
//! between works on memory. Every phase reports problems as [`diagnostic::Diagnostic`]s and
//! carries on, so one run shows every error.

pub mod analysis;
pub mod apply;
pub mod bundle;
pub mod cache;
pub mod cli;
pub mod compile;
pub mod datatest;
pub mod diagnostic;
pub mod graph;
pub mod introspect;
pub mod lineage;
pub mod manifest;
pub mod node;
pub mod plan;
pub mod postgres;
pub mod project;
pub mod quote;
pub mod render;
pub mod seed;
pub mod select;
pub mod selection;
pub mod types;
pub mod writer;
pub mod yaml;

use compile::Compiled;
use diagnostic::{Diagnostic, SourceFiles};
use project::ProjectOptions;
use std::path::Path;
use std::time::{Duration, Instant};

/// Everything one compile produced: the files (for rendering diagnostics), the diagnostics,
/// and, when there were no errors, the compiled graph and its output.
pub struct CompileRun {
    pub files: SourceFiles,
    pub diagnostics: Vec<Diagnostic>,
    pub compiled: Option<Compiled>,
    pub output: Option<writer::Output>,
}

/// Loads, declares, compiles and emits the project at `root`. Writes nothing.
pub fn compile_dir(root: &Path, options: &ProjectOptions, generated_at: &str) -> CompileRun {
    let started = Instant::now();
    match project::load::load(root) {
        Ok((loaded, diagnostics)) => compile_loaded(
            loaded,
            diagnostics,
            options,
            generated_at,
            started.elapsed(),
        ),
        Err((files, diagnostics)) => CompileRun {
            files,
            diagnostics,
            compiled: None,
            output: None,
        },
    }
}

/// Declares, compiles and emits a loaded project (`diagnostics` are the loader's).
pub fn compile_loaded(
    loaded: project::load::LoadedProject,
    mut diagnostics: Vec<Diagnostic>,
    options: &ProjectOptions,
    generated_at: &str,
    load_time: Duration,
) -> CompileRun {
    let declare_started = Instant::now();
    let (project, declare_diagnostics) = project::build(loaded, options);
    let declare_time = declare_started.elapsed();
    diagnostics.extend(declare_diagnostics);
    let (compiled, compile_diagnostics) = compile::compile(&project);
    diagnostics.extend(compile_diagnostics);
    diagnostic::narrow_to_values(&mut diagnostics, &project.files);
    diagnostic::sort(&mut diagnostics, &project.files);
    // One cause can reach several nodes (a folder config typo, a broken macro): say it once.
    diagnostics.dedup();
    let compiled = compiled
        .filter(|_| !diagnostic::has_errors(&diagnostics))
        .map(|mut compiled| {
            compiled.timings.load = load_time;
            compiled.timings.declare = declare_time;
            compiled
        });
    let emit_started = Instant::now();
    let output = compiled
        .as_ref()
        .map(|compiled| emit(compiled, generated_at));
    let compiled = compiled.map(|mut compiled| {
        compiled.timings.emit = emit_started.elapsed();
        compiled
    });
    CompileRun {
        files: project.files,
        diagnostics,
        compiled,
        output,
    }
}

/// The files compile writes, from the compiled graph.
pub fn emit(compiled: &Compiled, generated_at: &str) -> writer::Output {
    let manifest = manifest::build(compiled, generated_at);
    let mut compiled_files = Vec::new();
    for node in &compiled.nodes {
        if let (Some(path), Some(sql)) = (manifest::compiled_path(node), &node.compiled_sql) {
            if let Some(incremental) = &node.incremental_sql {
                let incremental_path =
                    path.trim_end_matches(".sql").to_string() + ".incremental.sql";
                compiled_files.push((incremental_path, incremental.clone()));
            }
            compiled_files.push((path, sql.clone()));
        }
    }
    writer::Output {
        compiled: compiled_files,
        bundle: bundle::render(&manifest),
        manifest: manifest::to_json(&manifest),
    }
}

/// Formats a duration for summaries: `412 ms`, `1.24 s`.
pub fn human_duration(duration: Duration) -> String {
    if duration.as_millis() < 1000 {
        format!("{} ms", duration.as_millis())
    } else {
        format!("{:.2} s", duration.as_secs_f64())
    }
}

/// `1 model`, `2 models`.
pub fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}
