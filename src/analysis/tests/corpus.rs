//! The parser corpus: `tests/parser_corpus/statements.sql` holds a few hundred ClickHouse
//! SELECTs, one construct each, over the tables of [`CATALOG`]. Each goes through the
//! pre-pass and analysis; one snapshot (`snapshots/parser_corpus.snap`) records, per
//! statement, whether it parsed and was analysed completely (or the issue codes), the
//! columns found, and the rewritten text when the pre-pass changed it.
//!
//! A statement that does not parse must be listed with a reason in
//! `tests/parser_corpus/expectations.tsv`; a listed one that parses fails the test too, so
//! the list never goes stale. `scripts/analysis_vs_clickhouse.py corpus` compares the
//! snapshot's columns with ClickHouse's `DESCRIBE` of every statement.

use super::super::issue::PARSE_FAILED;
use super::super::prepass;
use super::super::{ModelAnalysis, TableMap, UpstreamColumn, UpstreamTable, analyse};
use crate::types::parse_type;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

/// The tables the corpus reads: `db.<name>`, columns with types.
const CATALOG: &[(&str, &[(&str, &str)])] = &[
    (
        "events",
        &[
            ("event_id", "UInt64"),
            ("user_id", "UInt32"),
            ("event_time", "DateTime"),
            ("event_date", "Date"),
            ("event_type", "LowCardinality(String)"),
            ("url", "String"),
            ("duration_ms", "UInt32"),
            ("revenue", "Decimal(18, 4)"),
            ("tags", "Array(String)"),
            ("props", "Map(String, String)"),
            ("geo", "Tuple(country String, city String)"),
            ("session_id", "Nullable(String)"),
            ("is_bot", "UInt8"),
            ("version", "UInt32"),
        ],
    ),
    (
        "users",
        &[
            ("user_id", "UInt32"),
            ("name", "String"),
            ("email", "Nullable(String)"),
            ("country", "LowCardinality(String)"),
            ("signup_date", "Date"),
            ("age", "UInt8"),
            ("score", "Float64"),
            ("attributes", "Map(String, String)"),
            ("updated_at", "DateTime64(3)"),
        ],
    ),
    (
        "orders",
        &[
            ("order_id", "UInt64"),
            ("user_id", "UInt32"),
            ("amount", "Decimal(10, 2)"),
            ("status", "LowCardinality(String)"),
            ("order_time", "DateTime"),
            ("items", "Array(UInt32)"),
            ("quantities", "Array(UInt16)"),
            ("discount", "Nullable(Float32)"),
        ],
    ),
    (
        "prices",
        &[
            ("product_id", "UInt32"),
            ("price_time", "DateTime"),
            ("price", "Float64"),
        ],
    ),
    (
        "metrics",
        &[
            ("ts", "DateTime"),
            ("host", "String"),
            ("metric", "String"),
            ("value", "Float64"),
        ],
    ),
];

fn catalog() -> TableMap {
    let mut catalog = TableMap::default();
    for (table, columns) in CATALOG {
        let columns = columns
            .iter()
            .map(|(name, data_type)| UpstreamColumn {
                name: (*name).to_string(),
                data_type: Some(parse_type(data_type).expect("catalog types parse")),
            })
            .collect();
        let upstream = UpstreamTable {
            unique_id: format!("model.corpus.{table}"),
            columns,
        };
        catalog.insert("db", table, upstream);
    }
    catalog
}

/// One statement of the corpus.
struct Statement {
    name: String,
    sql: String,
}

/// The statements of the corpus file: each is a `-- name` line, then SQL up to a `;` that
/// ends a line.
fn statements(text: &str) -> Vec<Statement> {
    let mut statements = Vec::new();
    for chunk in text.split(";\n") {
        let mut lines = chunk.lines().skip_while(|line| !is_name_line(line));
        let Some(name) = lines.next() else {
            continue;
        };
        let sql = lines.collect::<Vec<_>>().join("\n");
        statements.push(Statement {
            name: name.trim_start_matches("-- ").to_string(),
            sql: sql.trim().trim_end_matches(';').to_string(),
        });
    }
    statements
}

fn is_name_line(line: &str) -> bool {
    line.strip_prefix("-- ").is_some_and(|name| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    })
}

/// `name<TAB>reason` lines, after a header line.
fn expectations(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .skip(1)
        .filter_map(|line| line.split_once('\t'))
        .map(|(name, reason)| (name.to_string(), reason.to_string()))
        .collect()
}

/// The per-statement lines of the snapshot.
fn report_statement(out: &mut String, statement: &Statement, analysis: &ModelAnalysis) {
    let parse_failure = analysis.issues.iter().find(|i| i.code == PARSE_FAILED);
    let status = match parse_failure {
        Some(issue) => format!("parse failed: {}", issue.message),
        None if analysis.complete => "analysed completely".to_string(),
        None => {
            let codes: BTreeSet<&str> = analysis.issues.iter().map(|i| i.code).collect();
            let codes: Vec<&str> = codes.into_iter().collect();
            if codes.is_empty() {
                "analysed partly".to_string()
            } else {
                format!("analysed partly: {}", codes.join(", "))
            }
        }
    };
    let _ = writeln!(out, "-- {}: {status}", statement.name);
    if !analysis.columns.is_empty() {
        let columns: Vec<String> = analysis
            .columns
            .iter()
            .map(|column| {
                let data_type = column
                    .data_type
                    .as_ref()
                    .map_or_else(|| "?".to_string(), ToString::to_string);
                format!("{}: {data_type}", column.name)
            })
            .collect();
        let _ = writeln!(out, "   columns: {}", columns.join(" | "));
    }
    let rewritten = prepass::rewrite(&statement.sql).text;
    if rewritten != statement.sql {
        let _ = writeln!(
            out,
            "   rewritten: {}",
            rewritten.replace('\n', "\n              ")
        );
    }
}

#[test]
fn parser_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parser_corpus");
    let text = std::fs::read_to_string(root.join("statements.sql")).expect("corpus reads");
    let expected =
        std::fs::read_to_string(root.join("expectations.tsv")).expect("expectations read");
    let expected = expectations(&expected);
    let statements = statements(&text);
    let catalog = catalog();
    let mut names = BTreeSet::new();
    let mut body = String::new();
    let mut problems = Vec::new();
    let (mut parsed, mut complete) = (0, 0);
    for statement in &statements {
        assert!(
            names.insert(statement.name.as_str()),
            "duplicate statement name `{}`",
            statement.name
        );
        let analysis = analyse(&statement.sql, &catalog);
        let parses = !analysis.issues.iter().any(|i| i.code == PARSE_FAILED);
        parsed += usize::from(parses);
        complete += usize::from(analysis.complete);
        match (parses, expected.contains_key(&statement.name)) {
            (false, false) => problems.push(format!(
                "`{}` does not parse; fix it or list it in expectations.tsv with a reason",
                statement.name
            )),
            (true, true) => problems.push(format!(
                "`{}` parses now; remove it from expectations.tsv",
                statement.name
            )),
            _ => {}
        }
        report_statement(&mut body, statement, &analysis);
    }
    for name in expected
        .keys()
        .filter(|name| !names.contains(name.as_str()))
    {
        problems.push(format!(
            "expectations.tsv lists `{name}`, which is not in the corpus"
        ));
    }
    let summary = format!(
        "parser corpus: {parsed}/{} statements parse, {complete} analysed completely",
        statements.len()
    );
    println!("{summary}");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!("parser_corpus", format!("{summary}\n\n{body}")));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
