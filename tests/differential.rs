//! The differential test of static analysis: the column names, order and types kiln infers
//! for each model (`nodes[uid].columns[name].inferred_type` in `target/manifest.json`),
//! against what a real ClickHouse engine says of the same SQL with `DESCRIBE (SELECT ...)`.
//!
//! The models are the data. `tests/projects/differential` is a corpus of small models, one
//! construct each, in one folder per category; the test builds it on the local engine (so
//! every table and view a model reads exists), describes every model and compares. A
//! disagreement is either listed in `tests/projects/differential/expectations.tsv` with a
//! reason, or the test fails; a listed one that no longer happens fails too, so the file
//! never goes stale. The example project at the repository root must agree completely.
//!
//! A model kiln refuses to compile (an analysis error on SQL ClickHouse accepts) is a
//! disagreement as well: the test drops it from a copy of the corpus, compiles the rest, and
//! proves the dropped model valid by describing it, rendered with its `ref()`s resolved.
//!
//! **Invariant:** the test never passes vacuously: a manifest without any inferred type
//! fails it, and so does a model ClickHouse cannot describe.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use common::{ClickHouse, Postgres, copy_project, kiln_with_env, repo_root, text};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// kiln's side of a column that ClickHouse's `DESCRIBE` has, when kiln has no type for it.
const KILN_UNKNOWN: &str = "<unknown>";
/// Either side of a column only the other side has.
const ABSENT: &str = "<absent>";
/// The column of a disagreement about the order of the columns both sides have.
const ORDER: &str = "<order>";
/// The column of a disagreement about a whole model kiln refused to compile.
const WHOLE_MODEL: &str = "*";

/// One column on which kiln and ClickHouse differ.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Disagreement {
    model: String,
    column: String,
    kiln: String,
    clickhouse: String,
}

impl Disagreement {
    /// The line to add to expectations.tsv, reason left for a person to write.
    fn tsv_line(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\tTODO: why kiln differs",
            self.model, self.column, self.kiln, self.clickhouse
        )
    }
}

/// A line of expectations.tsv.
struct Expectation {
    line: usize,
    disagreement: Disagreement,
}

/// What comparing one model found.
struct ModelResult {
    model: String,
    category: String,
    /// Columns of ClickHouse's `DESCRIBE`.
    columns: usize,
    /// Of those, the ones whose name and type kiln has too.
    agreeing: usize,
    disagreements: Vec<Disagreement>,
}

/// kiln's manifest, with the parts the comparison reads.
struct Manifest(Value);

impl Manifest {
    fn read(target: &Path) -> Self {
        let path = target.join("manifest.json");
        let contents =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Self(serde_json::from_str(&contents).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    }

    fn nodes(&self) -> impl Iterator<Item = &Value> {
        self.0["nodes"]
            .as_object()
            .into_iter()
            .flat_map(|nodes| nodes.values())
    }

    fn models(&self) -> impl Iterator<Item = &Value> {
        self.nodes().filter(|n| n["resource_type"] == "model")
    }

    /// Whether analysis wrote any `inferred_type` at all.
    fn has_inferred_types(&self) -> bool {
        self.models().any(|model| {
            model["columns"]
                .as_object()
                .is_some_and(|columns| columns.values().any(|c| c["inferred_type"].is_string()))
        })
    }
}

fn is_ephemeral(node: &Value) -> bool {
    node["config"]["materialized"] == "ephemeral"
}

/// `kiln`'s columns of a model, in the manifest's order (the `columns` map keeps it:
/// serde_json's `preserve_order` is on), each with its inferred type if analysis found one.
fn kiln_columns(model: &Value) -> Vec<(String, Option<String>)> {
    model["columns"]
        .as_object()
        .map(|columns| {
            columns
                .iter()
                .map(|(name, column)| {
                    (
                        name.clone(),
                        column["inferred_type"].as_str().map(str::to_string),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// ClickHouse's `(name, type)` columns of a SELECT. Types come in their single-line
/// spelling (`print_pretty_type_names = 0`), the one kiln prints.
fn describe(clickhouse: &ClickHouse, sql: &str) -> Result<Vec<(String, String)>, String> {
    // The newline before `)` keeps a trailing `-- comment` from swallowing it.
    let query = format!("DESCRIBE TABLE (\n{sql}\n) SETTINGS print_pretty_type_names = 0");
    let output = clickhouse.try_query(&query)?;
    Ok(output
        .lines()
        .map(|line| {
            let mut fields = line.split('\t').map(unescape_tab_separated);
            let name = fields.next().unwrap_or_default();
            let data_type = fields.next().unwrap_or_default();
            (name, data_type)
        })
        .collect())
}

/// Undoes TabSeparated's escaping (`DateTime(\'UTC\')` is `DateTime('UTC')`).
fn unescape_tab_separated(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('0') => out.push('\0'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Compares one model's columns: every column ClickHouse has, every column kiln typed that
/// ClickHouse lacks, and the order of the columns both have.
fn compare(
    model: &str,
    kiln: &[(String, Option<String>)],
    clickhouse: &[(String, String)],
) -> (usize, Vec<Disagreement>) {
    let disagreement = |column: &str, kiln: &str, clickhouse: &str| Disagreement {
        model: model.to_string(),
        column: column.to_string(),
        kiln: kiln.to_string(),
        clickhouse: clickhouse.to_string(),
    };
    let kiln_type = |name: &str| {
        kiln.iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_deref())
    };
    let mut agreeing = 0;
    let mut disagreements = Vec::new();
    for (name, clickhouse_type) in clickhouse {
        match kiln_type(name) {
            Some(Some(t)) if t == clickhouse_type => agreeing += 1,
            Some(Some(t)) => disagreements.push(disagreement(name, t, clickhouse_type)),
            Some(None) => disagreements.push(disagreement(name, KILN_UNKNOWN, clickhouse_type)),
            None => disagreements.push(disagreement(name, ABSENT, clickhouse_type)),
        }
    }
    let in_clickhouse = |name: &str| clickhouse.iter().any(|(n, _)| n == name);
    for (name, kiln_type) in kiln {
        // A declared column with no inferred type is the contract check's business.
        if let Some(t) = kiln_type
            && !in_clickhouse(name)
        {
            disagreements.push(disagreement(name, t, ABSENT));
        }
    }
    let kiln_order: Vec<&str> = kiln
        .iter()
        .filter(|(name, t)| t.is_some() && in_clickhouse(name))
        .map(|(name, _)| name.as_str())
        .collect();
    let clickhouse_order: Vec<&str> = clickhouse
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| kiln_order.contains(name))
        .collect();
    if kiln_order != clickhouse_order {
        disagreements.push(disagreement(
            ORDER,
            &kiln_order.join(", "),
            &clickhouse_order.join(", "),
        ));
    }
    (agreeing, disagreements)
}

/// The SQL to describe for a model: what kiln compiled, except for ephemeral models, whose
/// compiled SQL names the CTEs of their own ephemeral parents without defining them.
fn sql_to_describe(manifest: &Manifest, corpus: Option<&Corpus>, model: &Value) -> String {
    match corpus {
        Some(corpus) if is_ephemeral(model) => {
            corpus.render(manifest, model["name"].as_str().unwrap_or_default())
        }
        _ => model["compiled_code"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    }
}

/// The corpus's model files, for rendering models outside kiln (see [`Corpus::render`]).
struct Corpus {
    files: BTreeMap<String, PathBuf>,
}

impl Corpus {
    fn load(project: &Path) -> Self {
        let files = walkdir::WalkDir::new(project.join("models"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "sql"))
            .map(|e| {
                let name = e.path().file_stem().unwrap().to_string_lossy().into_owned();
                (name, e.path().to_path_buf())
            })
            .collect();
        Self { files }
    }

    /// A model's SELECT, rendered here rather than by kiln: `ref()` of a built node becomes
    /// its table, `ref()` of an ephemeral or rejected model becomes that model's SELECT in
    /// parentheses, `config()` nothing. The corpus's models use only these two functions.
    fn render(&self, manifest: &Manifest, name: &str) -> String {
        const MARKER: &str = "\u{1}ref\u{1}";
        let path = self
            .files
            .get(name)
            .unwrap_or_else(|| panic!("no model file `{name}`"));
        let template = std::fs::read_to_string(path).unwrap();
        let tables: BTreeMap<String, String> = manifest
            .nodes()
            .filter(|node| node["resource_type"] != "test" && !is_ephemeral(node))
            .map(|node| {
                let table = format!(
                    "`{}`.`{}`",
                    node["schema"].as_str().unwrap_or_default(),
                    node["alias"].as_str().unwrap_or_default()
                );
                (node["name"].as_str().unwrap_or_default().to_string(), table)
            })
            .collect();
        let mut environment = minijinja::Environment::new();
        environment.add_function("config", |kwargs: minijinja::value::Kwargs| {
            for key in kwargs.args() {
                kwargs.get::<minijinja::Value>(key)?;
            }
            Ok::<_, minijinja::Error>(String::new())
        });
        environment.add_function("ref", move |target: String| {
            tables
                .get(&target)
                .cloned()
                .unwrap_or_else(|| format!("{MARKER}{target}{MARKER}"))
        });
        let mut sql = environment
            .render_str(&template, ())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Models kiln did not build are inlined, after rendering, as subqueries.
        for model in self.files.keys() {
            let marker = format!("{MARKER}{model}{MARKER}");
            if sql.contains(&marker) {
                let inlined = format!("(\n{}\n)", self.render(manifest, model));
                sql = sql.replace(&marker, &inlined);
            }
        }
        sql
    }
}

/// The models a failed `kiln compile` reports errors in (paths relative to the project),
/// each with its error codes, read from the rendered diagnostics: a code line, a blank
/// line, `× message`, then `╭─[models/x.sql:line:column]`.
fn rejected_models(output: &str) -> BTreeMap<String, BTreeSet<String>> {
    let lines: Vec<&str> = output.lines().collect();
    let mut rejected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (index, line) in lines.iter().enumerate() {
        if !line.trim_start().starts_with('×') {
            continue;
        }
        let code = lines[..index]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map_or("", |l| l.trim());
        let location = lines
            .get(index + 1)
            .and_then(|l| l.split_once("─["))
            .map(|(_, rest)| rest);
        let Some(path) = location.and_then(|rest| rest.split(':').next()) else {
            panic!("an error without a model file: {line}\n{output}");
        };
        rejected
            .entry(path.to_string())
            .or_default()
            .insert(code.to_string());
    }
    rejected
}

/// Compiles the project in `copy`, deleting the models kiln rejects until the rest
/// compiles. Returns the rejected models: name and error codes.
fn compile_what_kiln_accepts(
    copy: &Path,
    target: &Path,
    url: &str,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut rejected = BTreeMap::new();
    for _ in 0..5 {
        let output = kiln_with_env(copy, target, url, &["compile"], &[]);
        if output.status.success() {
            return rejected;
        }
        let now = rejected_models(&text(&output));
        assert!(
            !now.is_empty(),
            "kiln compile failed without a model error:\n{}",
            text(&output)
        );
        for (path, codes) in now {
            std::fs::remove_file(copy.join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            let name = Path::new(&path)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            rejected.insert(name, codes);
        }
    }
    panic!("kiln compile kept failing after removing the models it rejected: {rejected:?}");
}

/// Reads expectations.tsv; a malformed line is a failure.
fn read_expectations(path: &Path, failures: &mut Vec<String>) -> Vec<Expectation> {
    let contents =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut expectations = Vec::new();
    for (index, line) in contents.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("model\t") {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [model, column, kiln, clickhouse, reason] = fields[..] else {
            failures.push(format!(
                "expectations.tsv line {}: not 5 tab-separated fields: {line}",
                index + 1
            ));
            continue;
        };
        if reason.trim().is_empty() || reason.starts_with("TODO") {
            failures.push(format!(
                "expectations.tsv line {}: no reason given",
                index + 1
            ));
        }
        expectations.push(Expectation {
            line: index + 1,
            disagreement: Disagreement {
                model: model.into(),
                column: column.into(),
                kiln: kiln.into(),
                clickhouse: clickhouse.into(),
            },
        });
    }
    expectations
}

/// Describes and compares every model of the manifest. A model ClickHouse cannot describe
/// is a failure (the corpus must be valid ClickHouse).
fn compare_models(
    clickhouse: &ClickHouse,
    manifest: &Manifest,
    corpus: Option<&Corpus>,
    failures: &mut Vec<String>,
) -> Vec<ModelResult> {
    let mut results = Vec::new();
    for model in manifest.models() {
        let name = model["name"].as_str().unwrap_or_default().to_string();
        let sql = sql_to_describe(manifest, corpus, model);
        let described = match describe(clickhouse, &sql) {
            Ok(columns) => columns,
            Err(error) => {
                failures.push(format!(
                    "ClickHouse cannot describe model `{name}`: {error}\n{sql}"
                ));
                continue;
            }
        };
        let (agreeing, disagreements) = compare(&name, &kiln_columns(model), &described);
        results.push(ModelResult {
            model: name,
            category: category(model),
            columns: described.len(),
            agreeing,
            disagreements,
        });
    }
    results
}

/// The model's folder under `models/` (`fqn` is project, folders, name).
fn category(model: &Value) -> String {
    let fqn: Vec<&str> = model["fqn"]
        .as_array()
        .map(|parts| parts.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    match fqn.as_slice() {
        [_, folder, _, ..] => (*folder).to_string(),
        _ => "(top level)".to_string(),
    }
}

/// Prints the agreement rate, overall and per category.
fn print_summary(title: &str, results: &[ModelResult]) {
    let mut categories: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for result in results {
        let entry = categories.entry(&result.category).or_default();
        entry.0 += 1;
        entry.1 += result.columns;
        entry.2 += result.agreeing;
    }
    let columns: usize = results.iter().map(|r| r.columns).sum();
    let agreeing: usize = results.iter().map(|r| r.agreeing).sum();
    let rate = 100.0 * agreeing as f64 / columns.max(1) as f64;
    println!(
        "\n{title}: {agreeing} of {columns} columns agree with ClickHouse ({rate:.1} %), {} models",
        results.len()
    );
    println!(
        "{:<18} {:>7} {:>8} {:>8}",
        "category", "models", "columns", "agreeing"
    );
    for (category, (models, columns, agreeing)) in categories {
        println!("{category:<18} {models:>7} {columns:>8} {agreeing:>8}");
    }
}

/// Checks the disagreements against expectations.tsv, both ways.
fn check_expectations(
    found: &[Disagreement],
    expectations: &[Expectation],
    models: &BTreeSet<String>,
    failures: &mut Vec<String>,
) {
    let key = |d: &Disagreement| (d.model.clone(), d.column.clone());
    let mut listed = BTreeMap::new();
    for expectation in expectations {
        let d = &expectation.disagreement;
        if listed.insert(key(d), expectation).is_some() {
            failures.push(format!(
                "expectations.tsv line {}: `{}`.`{}` is listed twice",
                expectation.line, d.model, d.column
            ));
        }
    }
    let mut unlisted = Vec::new();
    for disagreement in found {
        match listed.get(&key(disagreement)) {
            None => unlisted.push(disagreement.tsv_line()),
            Some(e) if e.disagreement != *disagreement => failures.push(format!(
                "expectations.tsv line {}: `{}`.`{}` now disagrees differently: kiln `{}`, ClickHouse `{}` (listed: kiln `{}`, ClickHouse `{}`)",
                e.line, disagreement.model, disagreement.column, disagreement.kiln,
                disagreement.clickhouse, e.disagreement.kiln, e.disagreement.clickhouse
            )),
            Some(_) => {}
        }
    }
    if !unlisted.is_empty() {
        failures.push(format!(
            "{} disagreements are not in expectations.tsv (fix kiln, or add these lines with a reason):\n{}",
            unlisted.len(),
            unlisted.join("\n")
        ));
    }
    let found_keys: BTreeSet<_> = found.iter().map(key).collect();
    for expectation in expectations {
        let d = &expectation.disagreement;
        if !models.contains(&d.model) {
            failures.push(format!(
                "expectations.tsv line {}: no model `{}` in the corpus",
                expectation.line, d.model
            ));
        } else if !found_keys.contains(&key(d)) {
            failures.push(format!(
                "expectations.tsv line {}: `{}`.`{}` now agrees with ClickHouse: remove it from expectations",
                expectation.line, d.model, d.column
            ));
        }
    }
}

fn assert_no_failures(failures: &[String]) {
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n\n"));
}

#[test]
fn corpus_inferred_types_agree_with_describe_or_are_expected() {
    let Some(clickhouse) = ClickHouse::start("differential corpus") else {
        return;
    };
    let started = std::time::Instant::now();
    let project = repo_root().join("tests/projects/differential");
    common::forget_project(&clickhouse, "differential");
    let copy = copy_project(&project);
    let target = tempfile::tempdir().unwrap();
    let rejected = compile_what_kiln_accepts(copy.path(), target.path(), &clickhouse.url);
    let applied = kiln_with_env(copy.path(), target.path(), &clickhouse.url, &["apply"], &[]);
    assert!(
        applied.status.success(),
        "kiln apply of the corpus failed:\n{}",
        text(&applied)
    );
    let manifest = Manifest::read(target.path());
    let corpus = Corpus::load(&project);

    let mut failures = Vec::new();
    let mut results = compare_models(&clickhouse, &manifest, Some(&corpus), &mut failures);
    // A rejected model is one disagreement, and all its columns disagree; ClickHouse must
    // accept it, or the corpus is wrong rather than kiln.
    for (name, codes) in &rejected {
        let sql = corpus.render(&manifest, name);
        let columns = match describe(&clickhouse, &sql) {
            Ok(columns) => columns.len(),
            Err(error) => {
                failures.push(format!(
                    "ClickHouse cannot describe rejected model `{name}`: {error}\n{sql}"
                ));
                continue;
            }
        };
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let folder = corpus.files[name].parent().and_then(Path::file_name);
        results.push(ModelResult {
            model: name.clone(),
            category: folder.map_or_else(String::new, |f| f.to_string_lossy().into_owned()),
            columns,
            agreeing: 0,
            disagreements: vec![Disagreement {
                model: name.clone(),
                column: WHOLE_MODEL.into(),
                kiln: format!("rejected: {}", codes.join(", ")),
                clickhouse: "valid".into(),
            }],
        });
    }
    assert!(
        results.len() >= 100,
        "the corpus has {} models; the issue asks for 100",
        results.len()
    );
    print_summary("differential corpus", &results);
    println!(
        "differential corpus: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_no_failures(&failures);
    assert!(
        manifest.has_inferred_types(),
        "no inferred types in the manifest: analysis not integrated"
    );

    let expectations = read_expectations(&project.join("expectations.tsv"), &mut failures);
    let found: Vec<Disagreement> = results
        .iter()
        .flat_map(|r| r.disagreements.clone())
        .collect();
    let models: BTreeSet<String> = results.iter().map(|r| r.model.clone()).collect();
    check_expectations(&found, &expectations, &models, &mut failures);
    assert_no_failures(&failures);
}

#[test]
fn example_inferred_types_agree_with_describe_completely() {
    let Some(postgres) = Postgres::start("differential example") else {
        return;
    };
    let Some(clickhouse) = ClickHouse::start("differential example") else {
        return;
    };
    let started = std::time::Instant::now();
    let target = tempfile::tempdir().unwrap();
    let env = postgres.kiln_env();
    let applied = kiln_with_env(
        &repo_root(),
        target.path(),
        &clickhouse.url,
        &["apply", "--compile"],
        &env,
    );
    assert!(
        applied.status.success(),
        "kiln apply of the example failed:\n{}",
        text(&applied)
    );
    let manifest = Manifest::read(target.path());

    let mut failures = Vec::new();
    let results = compare_models(&clickhouse, &manifest, None, &mut failures);
    print_summary("example project", &results);
    println!("example project: {:.1} s", started.elapsed().as_secs_f64());
    assert_no_failures(&failures);
    assert!(
        manifest.has_inferred_types(),
        "no inferred types in the manifest: analysis not integrated"
    );
    let disagreements: Vec<String> = results
        .iter()
        .flat_map(|r| &r.disagreements)
        .map(|d| {
            format!(
                "`{}`.`{}`: kiln `{}`, ClickHouse `{}`",
                d.model, d.column, d.kiln, d.clickhouse
            )
        })
        .collect();
    assert!(
        disagreements.is_empty(),
        "the example must agree with ClickHouse on every column:\n{}",
        disagreements.join("\n")
    );
}
