//! Analysis tests as data: `cases.yaml` holds tables and cases (SQL, expected output
//! columns with types, lineage, issues), all run through one [`check`]; `example.rs` checks
//! the example project's models against their YAML contracts and ClickHouse's own answer.
//!
//! `scripts/check_analysis_cases.py` runs the same cases on chDB and compares ClickHouse's
//! `DESCRIBE` with the expected columns, so every expectation here is ClickHouse's.

mod corpus;
mod example;

use super::{ModelAnalysis, TableMap, UpstreamColumn, UpstreamTable, analyse};
use crate::types::parse_type;
use indexmap::IndexMap;
use serde::Deserialize;

#[derive(Deserialize)]
struct CaseFile {
    tables: IndexMap<String, RawTable>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct RawTable {
    unique_id: String,
    /// Column name to type; `unknown` for a column of unknown type.
    columns: IndexMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    sql: String,
    /// Output columns in order, each `name: Type` (`unknown` when not inferred).
    #[serde(default)]
    columns: Vec<IndexMap<String, String>>,
    /// Lineage of some output columns: `kind unique_id column` entries.
    #[serde(default)]
    lineage: IndexMap<String, Vec<String>>,
    /// Every issue, rendered as `severity code [span text] message (help: ...)`.
    #[serde(default)]
    issues: Vec<String>,
    #[serde(default = "yes")]
    complete: bool,
    /// Why ClickHouse's answer differs or cannot be asked (read by the chDB script).
    #[serde(default)]
    #[allow(dead_code, reason = "read by scripts/check_analysis_cases.py")]
    differential: Option<String>,
}

fn yes() -> bool {
    true
}

fn catalog_of(tables: &IndexMap<String, RawTable>) -> TableMap {
    let mut catalog = TableMap::default();
    for (qualified, table) in tables {
        let (database, name) = qualified
            .split_once('.')
            .expect("tables are `database.table`");
        let columns = table
            .columns
            .iter()
            .map(|(name, data_type)| UpstreamColumn {
                name: name.clone(),
                data_type: (data_type != "unknown")
                    .then(|| parse_type(data_type).expect("table column types parse")),
            })
            .collect();
        catalog.insert(
            database,
            name,
            UpstreamTable {
                unique_id: table.unique_id.clone(),
                columns,
            },
        );
    }
    catalog
}

/// An issue as the cases file spells it.
fn render_issue(sql: &str, issue: &super::Issue) -> String {
    let severity = match issue.severity {
        crate::diagnostic::Severity::Error => "error",
        crate::diagnostic::Severity::Warning => "warning",
    };
    let text = sql.get(issue.span.clone()).unwrap_or("<out of range>");
    let help = issue
        .help
        .as_ref()
        .map(|help| format!(" (help: {help})"))
        .unwrap_or_default();
    format!("{severity} {} [{text}] {}{help}", issue.code, issue.message)
}

/// The differences between what analysing `case` gives and what it expects.
fn check(case: &Case, analysis: &ModelAnalysis) -> Vec<String> {
    let mut problems = Vec::new();
    let actual: Vec<String> = analysis
        .columns
        .iter()
        .map(|c| {
            let data_type = c
                .data_type
                .as_ref()
                .map_or("unknown".to_string(), ToString::to_string);
            format!("{}: {data_type}", c.name)
        })
        .collect();
    let expected: Vec<String> = case
        .columns
        .iter()
        .flat_map(|column| column.iter().map(|(name, t)| format!("{name}: {t}")))
        .collect();
    if actual != expected {
        problems.push(format!(
            "columns\n    expected {expected:?}\n    actual   {actual:?}"
        ));
    }
    for (name, edges) in &case.lineage {
        let Some(column) = analysis.columns.iter().find(|c| c.name == *name) else {
            problems.push(format!("lineage of `{name}`: no such column"));
            continue;
        };
        let actual: Vec<String> = column
            .lineage
            .iter()
            .map(|edge| {
                let kind = serde_json::to_value(edge.kind).ok();
                let kind = kind.as_ref().and_then(|k| k.as_str()).unwrap_or("?");
                format!("{kind} {} {}", edge.unique_id, edge.column)
            })
            .collect();
        if actual != *edges {
            problems.push(format!(
                "lineage of `{name}`\n    expected {edges:?}\n    actual   {actual:?}"
            ));
        }
    }
    let actual: Vec<String> = analysis
        .issues
        .iter()
        .map(|i| render_issue(&case.sql, i))
        .collect();
    if actual != case.issues {
        problems.push(format!(
            "issues\n    expected {:#?}\n    actual   {actual:#?}",
            case.issues
        ));
    }
    if analysis.complete != case.complete {
        problems.push(format!(
            "complete: expected {}, got {}",
            case.complete, analysis.complete
        ));
    }
    problems
}

#[test]
fn cases() {
    let text = include_str!("cases.yaml");
    let file: CaseFile = serde_saphyr::from_str(text).expect("cases.yaml parses");
    let catalog = catalog_of(&file.tables);
    let mut failures = Vec::new();
    let mut names = std::collections::HashSet::new();
    for case in &file.cases {
        assert!(
            names.insert(case.name.as_str()),
            "duplicate case name `{}`",
            case.name
        );
        let analysis = analyse(&case.sql, &catalog);
        if std::env::var_os("KILN_PRINT_ANALYSIS").is_some() {
            print_actual(case, &analysis);
        }
        let problems = check(case, &analysis);
        if !problems.is_empty() {
            failures.push(format!(
                "case `{}`:\n  {}",
                case.name,
                problems.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        file.cases.len(),
        failures.join("\n\n")
    );
}

/// Prints what analysis gives for a case in the file's own format, for writing new cases:
/// `KILN_PRINT_ANALYSIS=1 cargo test analysis::tests::cases -- --nocapture`. Check what it
/// prints against ClickHouse (`scripts/analysis_vs_clickhouse.py cases`) before adopting it.
fn print_actual(case: &Case, analysis: &ModelAnalysis) {
    let mut out = format!(
        "  - name: {}\n    sql: {}\n    columns:\n",
        case.name, case.sql
    );
    for column in &analysis.columns {
        let data_type = column
            .data_type
            .as_ref()
            .map_or("unknown".to_string(), ToString::to_string);
        out.push_str(&format!("      - {:?}: {data_type}\n", column.name));
    }
    for column in &analysis.columns {
        if !column.lineage.is_empty() {
            out.push_str(&format!(
                "    # lineage {:?}: {:?}\n",
                column.name,
                column
                    .lineage
                    .iter()
                    .map(|e| format!("{:?} {} {}", e.kind, e.unique_id, e.column))
                    .collect::<Vec<_>>()
            ));
        }
    }
    for issue in &analysis.issues {
        out.push_str(&format!("      - {:?}\n", render_issue(&case.sql, issue)));
    }
    out.push_str(&format!("    # complete: {}\n", analysis.complete));
    println!("{out}");
}

/// Every row of the resolution-order table in `resolve.rs` has a case named after it.
#[test]
fn every_resolution_row_is_tested() {
    let file: CaseFile =
        serde_saphyr::from_str(include_str!("cases.yaml")).expect("cases.yaml parses");
    let table = include_str!("../resolve.rs");
    let rows: Vec<&str> = table
        .lines()
        .filter_map(|line| line.strip_prefix("//! | "))
        .filter_map(|line| line.split(' ').next())
        .filter(|row| row.chars().all(|c| c.is_ascii_digit()) && !row.is_empty())
        .collect();
    assert!(rows.len() >= 12, "the resolution table has rows");
    for row in rows {
        let prefix = format!("resolution row {row}:");
        assert!(
            file.cases.iter().any(|case| case.name.starts_with(&prefix)),
            "no case named `{prefix} ...` tests row {row} of the resolution order"
        );
    }
}
