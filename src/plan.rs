//! The planner: one function per materialization, from a node's rendered SQL and config to
//! the statements `apply` runs.
//!
//! **Invariant:** readers never see a half-built table. Tables and seeds are built into a
//! shadow (`<name>__kiln_new`) and swapped in with `EXCHANGE TABLES`, which ClickHouse does
//! atomically; the shadow, which then holds the old rows, is dropped.
//!
//! Incremental models get two plans: `statements` (first build, or `--full-refresh`) and
//! `incremental_statements` (the table exists). `apply` picks by asking ClickHouse whether
//! the table exists, exactly as dbt's `is_incremental()` does at run time; compile renders
//! the model both ways so both plans are reviewed in the bundle.

use crate::node::{Statement, StatementKind};
use crate::project::config::{IncrementalStrategy, NodeConfig};
use crate::quote::{quote_identifier, quote_relation, quote_string};
use crate::seed::SeedColumn;

/// Suffix of the shadow table a build writes before the swap.
pub const SHADOW_SUFFIX: &str = "__kiln_new";

/// Names of the relation a node builds.
pub struct Target<'a> {
    pub database: &'a str,
    pub alias: &'a str,
}

impl Target<'_> {
    fn relation(&self) -> String {
        quote_relation(self.database, self.alias)
    }

    fn shadow(&self) -> String {
        quote_relation(self.database, &format!("{}{SHADOW_SUFFIX}", self.alias))
    }
}

fn hooks(hooks: &[String]) -> impl Iterator<Item = Statement> + '_ {
    hooks
        .iter()
        .map(|sql| Statement::new(StatementKind::Hook, sql.trim()))
}

fn header(config: &NodeConfig) -> Option<Statement> {
    config
        .sql_header
        .as_ref()
        .map(|sql| Statement::new(StatementKind::Hook, sql.trim()))
}

/// `CREATE OR REPLACE VIEW`.
pub fn view(target: &Target, config: &NodeConfig, sql: &str) -> Vec<Statement> {
    let mut statements: Vec<Statement> = header(config)
        .into_iter()
        .chain(hooks(&config.pre_hook))
        .collect();
    statements.push(Statement::new(
        StatementKind::CreateView,
        format!(
            "CREATE OR REPLACE VIEW {} AS\n{}",
            target.relation(),
            statement_body(sql)
        ),
    ));
    statements.extend(hooks(&config.post_hook));
    statements
}

/// The shadow-table build, then the swap.
pub fn table(target: &Target, config: &NodeConfig, sql: &str) -> Vec<Statement> {
    let mut statements: Vec<Statement> = header(config)
        .into_iter()
        .chain(hooks(&config.pre_hook))
        .collect();
    statements.push(drop_shadow(target));
    // `EMPTY AS` creates the shadow with the SELECT's columns and no rows; the rows come in a
    // separate INSERT. A plain `CREATE ... AS SELECT` builds through an internal temporary
    // table that a crash would leave behind under a name kiln does not know.
    let body = statement_body(sql);
    statements.push(Statement::new(
        StatementKind::CreateShadow,
        format!(
            "CREATE TABLE {}\n{}\nEMPTY AS\n{body}",
            target.shadow(),
            table_clauses(config)
        ),
    ));
    statements.push(Statement::new(
        StatementKind::Insert,
        format!("INSERT INTO {}\n{body}", target.shadow()),
    ));
    statements.extend(swap(target));
    statements.extend(hooks(&config.post_hook));
    statements
}

fn drop_shadow(target: &Target) -> Statement {
    Statement::new(
        StatementKind::DropShadow,
        format!("DROP TABLE IF EXISTS {}", target.shadow()),
    )
}

/// Creates the target if missing (same structure as the shadow), swaps, drops the old rows.
fn swap(target: &Target) -> Vec<Statement> {
    vec![
        Statement::new(
            StatementKind::CreateIfMissing,
            format!(
                "CREATE TABLE IF NOT EXISTS {} AS {}",
                target.relation(),
                target.shadow()
            ),
        ),
        Statement::new(
            StatementKind::Exchange,
            format!(
                "EXCHANGE TABLES {} AND {}",
                target.shadow(),
                target.relation()
            ),
        ),
        drop_shadow(target),
    ]
}

/// `ENGINE = ... ORDER BY ... PARTITION BY ... PRIMARY KEY ... SAMPLE BY ... TTL ... SETTINGS ...`.
pub fn table_clauses(config: &NodeConfig) -> String {
    let engine = config
        .engine
        .clone()
        .unwrap_or_else(|| "MergeTree()".to_string());
    let mut clauses = vec![format!("ENGINE = {engine}")];
    let is_merge_tree = engine.contains("MergeTree");
    if !config.order_by.is_empty() {
        clauses.push(format!("ORDER BY {}", expression_list(&config.order_by)));
    } else if is_merge_tree {
        clauses.push("ORDER BY tuple()".to_string());
    }
    if !config.partition_by.is_empty() {
        clauses.push(format!(
            "PARTITION BY {}",
            expression_list(&config.partition_by)
        ));
    }
    if !config.primary_key.is_empty() {
        clauses.push(format!(
            "PRIMARY KEY {}",
            expression_list(&config.primary_key)
        ));
    }
    if let Some(sample_by) = &config.sample_by {
        clauses.push(format!("SAMPLE BY {sample_by}"));
    }
    if let Some(ttl) = &config.ttl {
        clauses.push(format!("TTL {ttl}"));
    }
    if !config.settings.is_empty() {
        let settings: Vec<String> = config
            .settings
            .iter()
            .map(|(name, value)| format!("{name} = {}", setting_value(value)))
            .collect();
        clauses.push(format!("SETTINGS {}", settings.join(", ")));
    }
    clauses.join("\n")
}

/// The expressions of a key config: each list item, and each top-level comma-separated
/// part of a string (`'customer_id, order_id'` is two expressions, as in dbt-clickhouse).
pub fn key_parts(items: &[String]) -> Vec<String> {
    let mut parts = Vec::new();
    for item in items {
        let mut depth = 0i32;
        let mut quote: Option<char> = None;
        let mut current = String::new();
        for ch in item.chars() {
            match (quote, ch) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"' | '`') => quote = Some(ch),
                (None, '(' | '[') => depth += 1,
                (None, ')' | ']') => depth -= 1,
                (None, ',') if depth == 0 => {
                    parts.push(current.trim().to_string());
                    current.clear();
                    continue;
                }
                _ => {}
            }
            current.push(ch);
        }
        if !current.trim().is_empty() {
            parts.push(current.trim().to_string());
        }
    }
    parts
}

/// One expression as written, several as a tuple `(a, b)`.
fn expression_list(items: &[String]) -> String {
    match key_parts(items).as_slice() {
        [single] => single.clone(),
        many => format!("({})", many.join(", ")),
    }
}

/// A rendered SELECT as a statement body: trailing whitespace and semicolons removed, and a
/// newline after a trailing line comment, so text appended after it stays SQL.
pub fn statement_body(sql: &str) -> String {
    let mut body = sql.trim_end();
    while let Some(stripped) = body.strip_suffix(';') {
        body = stripped.trim_end();
    }
    let last_line = body.rsplit('\n').next().unwrap_or("");
    if last_line.contains("--") || last_line.contains('#') {
        format!("{body}\n")
    } else {
        body.to_string()
    }
}

fn setting_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => quote_string(text),
        serde_json::Value::Bool(flag) => u8::from(*flag).to_string(),
        other => other.to_string(),
    }
}

/// The default strategy: `delete+insert` when there is a `unique_key`, else `append`.
pub fn strategy(config: &NodeConfig) -> IncrementalStrategy {
    config
        .incremental_strategy
        .unwrap_or(if config.unique_key.is_empty() {
            IncrementalStrategy::Append
        } else {
            IncrementalStrategy::DeleteInsert
        })
}

/// Statements of a run where the incremental model's table exists.
pub fn incremental(target: &Target, config: &NodeConfig, sql: &str) -> Vec<Statement> {
    let mut statements: Vec<Statement> = header(config)
        .into_iter()
        .chain(hooks(&config.pre_hook))
        .collect();
    let relation = target.relation();
    let shadow = target.shadow();
    let sql = statement_body(sql);
    match strategy(config) {
        IncrementalStrategy::Append => {
            statements.push(Statement::new(
                StatementKind::Insert,
                format!("INSERT INTO {relation}\n{sql}"),
            ));
        }
        IncrementalStrategy::DeleteInsert => {
            let key = expression_list(&config.unique_key);
            statements.push(drop_shadow(target));
            statements.push(Statement::new(
                StatementKind::CreateShadow,
                format!("CREATE TABLE {shadow} AS {relation}"),
            ));
            statements.push(Statement::new(
                StatementKind::Insert,
                format!("INSERT INTO {shadow}\n{sql}"),
            ));
            statements.push(Statement::new(
                StatementKind::Delete,
                format!("DELETE FROM {relation} WHERE {key} IN (SELECT {key} FROM {shadow})"),
            ));
            statements.push(Statement::new(
                StatementKind::Insert,
                format!("INSERT INTO {relation} SELECT * FROM {shadow}"),
            ));
            statements.push(drop_shadow(target));
        }
        IncrementalStrategy::InsertOverwrite => {
            statements.push(drop_shadow(target));
            statements.push(Statement::new(
                StatementKind::CreateShadow,
                format!("CREATE TABLE {shadow} AS {relation}"),
            ));
            statements.push(Statement::new(
                StatementKind::Insert,
                format!("INSERT INTO {shadow}\n{sql}"),
            ));
            statements.push(Statement::new(
                StatementKind::ReplacePartitions,
                format!("ALTER TABLE {relation} REPLACE PARTITION ID {{partition_id:String}} FROM {shadow}"),
            ));
            statements.push(drop_shadow(target));
        }
    }
    statements.extend(hooks(&config.post_hook));
    statements
}

/// A seed: an empty shadow with the column types, the CSV streamed into it, the swap.
pub fn seed(
    target: &Target,
    config: &NodeConfig,
    columns: &[SeedColumn],
    file: &str,
    sha256: &str,
) -> Vec<Statement> {
    let definitions: Vec<String> = columns
        .iter()
        .map(|c| format!("    {} {}", quote_identifier(&c.name), c.data_type))
        .collect();
    let mut statements: Vec<Statement> = hooks(&config.pre_hook).collect();
    statements.push(drop_shadow(target));
    statements.push(Statement::new(
        StatementKind::CreateShadow,
        format!(
            "CREATE TABLE {} (\n{}\n)\n{}",
            target.shadow(),
            definitions.join(",\n"),
            table_clauses(config)
        ),
    ));
    statements.push(Statement {
        kind: StatementKind::LoadCsv,
        sql: format!("INSERT INTO {} FORMAT CSVWithNames", target.shadow()),
        file: Some(file.to_string()),
        sha256: Some(sha256.to_string()),
    });
    statements.extend(swap(target));
    statements.extend(hooks(&config.post_hook));
    statements
}

/// A data test: the number of failing rows.
pub fn test(failing_rows_sql: &str) -> Vec<Statement> {
    vec![Statement::new(
        StatementKind::Test,
        format!(
            "SELECT count() AS failures FROM (\n{}\n)",
            failing_rows_sql.trim_end()
        ),
    )]
}
