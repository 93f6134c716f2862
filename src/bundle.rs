//! `target/bundle.sql`: every statement `apply` runs, in order, each node under a comment
//! naming it. Reviewers read it top to bottom as the pipeline's DDL.

use crate::manifest::Manifest;
use crate::node::{Statement, StatementKind};
use crate::quote::quote_identifier;
use std::fmt::Write;

/// Text for a `--` comment: control characters (a newline would end the comment and turn
/// the rest of a file name into SQL) are shown escaped.
fn comment(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

pub fn render(manifest: &Manifest) -> String {
    // Sized up front: on a large project the bundle is tens of megabytes.
    let statement_bytes: usize = manifest
        .nodes
        .values()
        .flat_map(|node| {
            node.statements
                .iter()
                .chain(node.incremental_statements.iter().flatten())
        })
        .map(|statement| statement.sql.len() + 64)
        .sum();
    let mut out = String::with_capacity(statement_bytes + 4096);
    let project = comment(&manifest.metadata.project_name);
    let _ = writeln!(
        out,
        "-- kiln bundle of project `{project}`, target `{}`",
        comment(&manifest.metadata.target_name)
    );
    let _ = writeln!(
        out,
        "-- The statements `kiln apply` runs, in order. Generated: do not edit."
    );
    out.push('\n');
    let _ = writeln!(out, "-- databases");
    for database in &manifest.databases {
        let _ = writeln!(
            out,
            "CREATE DATABASE IF NOT EXISTS {};",
            quote_identifier(database)
        );
    }
    for source in &manifest.postgres_sources {
        out.push('\n');
        let _ = writeln!(
            out,
            "-- source `{}`: PostgreSQL ({}), tables {}",
            comment(&source.source_name),
            serde_json::to_value(source.mode)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            comment(&source.tables.join(", "))
        );
        match &source.connection {
            Some(_) => {
                let _ = writeln!(
                    out,
                    "-- apply creates the named collection {} from the source's connection, password read from the environment",
                    comment(&source.named_collection)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "-- the server defines the named collection {}",
                    comment(&source.named_collection)
                );
            }
        }
        write_statements(&mut out, &source.statements);
    }
    for unique_id in &manifest.execution_order {
        let Some(node) = manifest.nodes.get(unique_id) else {
            continue;
        };
        out.push('\n');
        let materialized = node
            .config
            .get("materialized")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let _ = writeln!(
            out,
            "-- {unique_id} ({}, {materialized})",
            node.original_file_path
        );
        match &node.incremental_statements {
            Some(incremental) => {
                let relation = crate::quote::quote_relation(&node.schema, &node.alias);
                let _ = writeln!(
                    out,
                    "-- when {relation} does not exist, or with --full-refresh:"
                );
                write_statements(&mut out, &node.statements);
                let _ = writeln!(out, "-- when {relation} exists:");
                write_statements(&mut out, incremental);
            }
            None => write_statements(&mut out, &node.statements),
        }
    }
    out
}

fn write_statements(out: &mut String, statements: &[Statement]) {
    for statement in statements {
        match statement.kind {
            StatementKind::LoadCsv => {
                let file = statement.file.as_deref().unwrap_or("");
                let sha = statement.sha256.as_deref().unwrap_or("");
                let _ = writeln!(
                    out,
                    "-- rows streamed from {} (sha256 {sha})",
                    comment(file)
                );
            }
            StatementKind::ReplacePartitions => {
                let _ = writeln!(out, "-- once per partition of the shadow table:");
            }
            _ => {}
        }
        let _ = writeln!(out, "{};", crate::plan::statement_body(&statement.sql));
    }
}
