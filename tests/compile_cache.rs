//! The compile cache never changes the result: for the example project and every fixture
//! that compiles, a compile answered by the cache, and one after an edit that reuses the
//! previous outputs, leave `target/` byte for byte equal to a compile without the cache.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Every file kiln wrote under `target`, by relative path, except the cache record itself.
fn artifacts(target: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(target)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(target).ok()?;
            let relative = relative.to_string_lossy().replace('\\', "/");
            (!relative.starts_with(".kiln/"))
                .then(|| (relative, std::fs::read(entry.path()).unwrap()))
        })
        .collect()
}

fn compile(project: &Path, target: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let output = try_compile(project, target, extra, env);
    assert!(
        output.status.success(),
        "kiln compile failed in {}:\n{}",
        project.display(),
        common::text(&output)
    );
    output
}

fn try_compile(project: &Path, target: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .arg("compile")
        .args(extra)
        .arg("--project-dir")
        .arg(project)
        .arg("--target-path")
        .arg(target)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("cannot run kiln: {e}"))
}

fn was_cached(output: &Output) -> bool {
    String::from_utf8_lossy(&output.stderr).contains("(unchanged)")
}

/// Asserts two targets hold the same files with the same bytes, naming the first difference.
fn assert_same(label: &str, cached: &BTreeMap<String, Vec<u8>>, fresh: &BTreeMap<String, Vec<u8>>) {
    let cached_names: Vec<&String> = cached.keys().collect();
    let fresh_names: Vec<&String> = fresh.keys().collect();
    assert_eq!(cached_names, fresh_names, "{label}: different files");
    for (name, bytes) in cached {
        assert!(
            fresh.get(name) == Some(bytes),
            "{label}: `{name}` differs from a compile without the cache"
        );
    }
}

/// The first model file of a project, to edit.
fn first_model(project: &Path) -> PathBuf {
    let mut models: Vec<PathBuf> = walkdir::WalkDir::new(project.join("models"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.into_path())
        .filter(|path| path.extension().is_some_and(|e| e == "sql"))
        .collect();
    models.sort();
    models
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no model in {}", project.display()))
}

/// Checks one project; `false` when it does not compile at all (a fixture of a diagnostic).
fn check_project(source: &Path) -> bool {
    let copy = common::copy_project(source);
    let project = copy.path();
    let target = project.join("target");
    let fresh_target = project.join("target-fresh");

    let first = try_compile(project, &target, &[], &[]);
    if !first.status.success() {
        assert!(
            !target.join("manifest.json").exists() && !target.join(".kiln").exists(),
            "a failed compile wrote target/"
        );
        return false;
    }
    assert!(!was_cached(&first), "a first compile cannot be cached");
    let original = artifacts(&target);

    let again = compile(project, &target, &[], &[]);
    assert!(
        was_cached(&again),
        "{}: an unchanged project was compiled again:\n{}",
        source.display(),
        common::text(&again)
    );
    assert_same("no-op", &artifacts(&target), &original);
    assert_eq!(
        String::from_utf8_lossy(&first.stderr)
            .lines()
            .filter(|l| l.contains("warning"))
            .count(),
        String::from_utf8_lossy(&again.stderr)
            .lines()
            .filter(|l| l.contains("warning"))
            .count(),
        "{}: a cached compile shows the same warnings",
        source.display()
    );

    let model = first_model(project);
    let text = std::fs::read_to_string(&model).unwrap();
    std::fs::write(&model, format!("{text}\n-- edited for the cache test\n")).unwrap();
    let edited = compile(project, &target, &[], &[]);
    assert!(
        !was_cached(&edited),
        "an edited project was answered by the cache"
    );
    compile(project, &fresh_target, &["--no-cache"], &[]);
    assert_same(
        "after an edit",
        &artifacts(&target),
        &artifacts(&fresh_target),
    );

    std::fs::write(&model, text).unwrap();
    compile(project, &target, &[], &[]);
    assert_same("after reverting the edit", &artifacts(&target), &original);

    // A hand-edited output is not vouched for: the next compile rewrites it.
    let bundle = target.join("bundle.sql");
    std::fs::write(&bundle, "-- tampered\n").unwrap();
    let repaired = compile(project, &target, &[], &[]);
    assert!(!was_cached(&repaired), "a tampered output was trusted");
    assert_same("after tampering", &artifacts(&target), &original);
    true
}

fn compiling_fixtures() -> Vec<PathBuf> {
    let root = common::repo_root();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("models").is_dir())
        .collect();
    fixtures.sort();
    fixtures
}

#[test]
fn example_project_compiles_the_same_with_and_without_the_cache() {
    assert!(
        check_project(&common::repo_root()),
        "the example must compile"
    );
}

#[test]
fn fixtures_compile_the_same_with_and_without_the_cache() {
    let fixtures = compiling_fixtures();
    let compiled = fixtures
        .iter()
        .filter(|fixture| check_project(fixture))
        .count();
    println!(
        "{compiled} of {} fixtures compile; each checked",
        fixtures.len()
    );
    assert!(compiled > 20, "only {compiled} fixtures compiled");
}

#[test]
fn a_changed_environment_variable_invalidates_the_cache() {
    let source = common::repo_root().join("tests/fixtures/jinja_vars_env");
    let copy = common::copy_project(&source);
    let project = copy.path();
    let target = project.join("target");
    let name = "KILN_FIXTURE_SURELY_UNSET";
    compile(project, &target, &[], &[(name, "first")]);
    let same = compile(project, &target, &[], &[(name, "first")]);
    assert!(was_cached(&same), "{}", common::text(&same));
    let changed = compile(project, &target, &[], &[(name, "second")]);
    assert!(!was_cached(&changed), "{}", common::text(&changed));
    let compiled = std::fs::read_to_string(target.join("bundle.sql")).unwrap();
    assert!(compiled.contains("second"), "{compiled}");
    let record = std::fs::read_to_string(target.join(".kiln/cache.json")).unwrap();
    assert!(
        !record.contains("second"),
        "the cache record stores a variable's value"
    );
}
