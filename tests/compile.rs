//! Compile tests as data: the example project, and one tiny fixture project per concern
//! under `tests/fixtures/`. Each fixture's snapshot (in `snapshots/`) holds what the user
//! sees: the rendered diagnostics when it fails, the bundle when it compiles.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use kiln::diagnostic::{self, Style};
use kiln::project::ProjectOptions;
use std::collections::HashMap;
use std::path::Path;

/// A fixed `generated_at`, so manifests are byte-for-byte reproducible in snapshots.
const GENERATED_AT: &str = "2026-01-01T00:00:00Z";

fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

fn compile(root: &Path) -> kiln::CompileRun {
    kiln::compile_dir(root, &ProjectOptions::default(), GENERATED_AT)
}

/// What a user sees for a fixture: diagnostics, then the bundle if it compiled.
fn fixture_report(root: &Path) -> String {
    let run = compile(root);
    let mut report = String::new();
    if !run.diagnostics.is_empty() {
        report.push_str(&diagnostic::render(
            &run.diagnostics,
            &run.files,
            Style::Plain,
        ));
    }
    match &run.output {
        Some(output) => {
            report.push_str("=== bundle.sql\n");
            report.push_str(&output.bundle);
        }
        None => report.push_str("=== compile failed: target/ left unchanged\n"),
    }
    report
}

#[test]
fn fixtures() {
    let settings = snapshot_settings();
    settings.bind(|| {
        insta::glob!("fixtures/*/{kiln,dbt_project}.yml", |path| {
            let root = path.parent().unwrap_or(Path::new("."));
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            insta::assert_snapshot!(format!("fixture__{name}"), fixture_report(root));
        });
    });
}

fn example_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn example_compiles_without_diagnostics() {
    let run = compile(example_root());
    let rendered = diagnostic::render(&run.diagnostics, &run.files, Style::Plain);
    assert!(run.diagnostics.is_empty(), "{rendered}");
    assert!(run.output.is_some());
}

#[test]
fn example_bundle_manifest_and_compiled_sql() {
    let run = compile(example_root());
    let Some(output) = run.output else {
        panic!(
            "{}",
            diagnostic::render(&run.diagnostics, &run.files, Style::Plain)
        );
    };
    let settings = snapshot_settings();
    settings.bind(|| {
        insta::assert_snapshot!("example__bundle.sql", output.bundle);
        // manifest.json is compact, as dbt writes it; the snapshot is pretty for review.
        let manifest: serde_json::Value = serde_json::from_str(&output.manifest).unwrap();
        let pretty = serde_json::to_string_pretty(&manifest).unwrap() + "\n";
        insta::assert_snapshot!("example__manifest.json", pretty);
        for (path, sql) in &output.compiled {
            if path.starts_with("compiled/models/") && !path.contains(".yml/") {
                let name = path.trim_start_matches("compiled/").replace('/', "__");
                insta::assert_snapshot!(format!("example__{name}"), sql);
            }
        }
    });
}

#[test]
fn example_execution_order_respects_every_dependency() {
    let run = compile(example_root());
    let Some(compiled) = run.compiled else {
        panic!("example failed to compile")
    };
    let position: HashMap<&str, usize> = compiled
        .execution_order
        .iter()
        .enumerate()
        .filter_map(|(position, &index)| {
            compiled
                .nodes
                .get(index)
                .map(|n| (n.unique_id.as_str(), position))
        })
        .collect();
    let mut checked = 0;
    for node in &compiled.nodes {
        let Some(&own) = position.get(node.unique_id.as_str()) else {
            continue;
        };
        for parent in &node.depends_on {
            if let Some(&parent_position) = position.get(parent.as_str()) {
                assert!(
                    parent_position < own,
                    "{} runs before its parent {parent}",
                    node.unique_id
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} dependency edges checked");
}
