//! The analysis phase of compile: every model's SQL resolved and typed
//! ([`crate::analysis`]), wave by wave in dependency order so each model sees its upstream
//! models' inferred schemas, then the contract checks that need the project's YAML.
//!
//! Seeds and sources enter the catalog with their declared (or, for seeds, inferred) types;
//! a source without declared columns is unknown to analysis, not an error.

use super::sourcemap;
use crate::analysis::{self, AnalysedColumn, TableMap, UpstreamColumn, UpstreamTable};
use crate::diagnostic::{Diagnostic, FileId, Label, did_you_mean};
use crate::node::{Node, NodeAnalysis, ResourceType};
use crate::project::config::Materialization;
use crate::project::{Column, Project};
use crate::types::{DataType, parse_type};
use rayon::prelude::*;

/// Analysis counts, for the compile summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct AnalysisSummary {
    pub models: usize,
    pub complete: usize,
}

/// Analyses every model in `order`, in waves of models whose parents are all analysed.
pub fn analyse(
    project: &Project,
    nodes: &mut [Node],
    parents: &[Vec<usize>],
    order: &[usize],
    diagnostics: &mut Vec<Diagnostic>,
) -> AnalysisSummary {
    let mut catalog = TableMap::default();
    for node in nodes
        .iter()
        .filter(|n| n.resource_type == ResourceType::Seed)
    {
        let columns = node
            .seed_columns
            .iter()
            .map(|c| {
                let parsed = parse_type(&c.data_type);
                if let (Err(error), true) = (&parsed, c.declared) {
                    let mut diagnostic = Diagnostic::error(
                        "invalid-data-type",
                        format!(
                            "seed `{}` column `{}`: {}",
                            node.name, c.name, error.message
                        ),
                    );
                    diagnostic.primary = node
                        .config
                        .column_types
                        .get(&c.name)
                        .map(|(_, label)| label.clone());
                    diagnostic.help = error
                        .suggestion
                        .as_ref()
                        .map(|s| format!("did you mean `{s}`?"));
                    diagnostics.push(diagnostic);
                }
                UpstreamColumn {
                    name: c.name.clone(),
                    data_type: parsed.ok(),
                }
            })
            .collect();
        catalog.insert(
            &node.database,
            &node.alias,
            UpstreamTable {
                unique_id: node.unique_id.clone(),
                columns,
            },
        );
    }
    for source in &project.sources {
        if source.columns.is_empty() {
            continue;
        }
        let columns = source
            .columns
            .values()
            .map(|c| UpstreamColumn {
                name: c.name.clone(),
                data_type: declared_type(c, diagnostics),
            })
            .collect();
        let unique_id = format!(
            "source.{}.{}.{}",
            project.name, source.source_name, source.name
        );
        catalog.insert(
            &source.database,
            &source.identifier,
            UpstreamTable { unique_id, columns },
        );
    }
    let wave_of = waves(nodes, parents, order);
    let last_wave = wave_of.iter().copied().max().unwrap_or(0);
    let mut summary = AnalysisSummary::default();
    for wave in 0..=last_wave {
        let members: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| wave_of.get(i) == Some(&wave) && is_analysed(nodes.get(i)))
            .collect();
        let results: Vec<(usize, analysis::ModelAnalysis)> = members
            .par_iter()
            .filter_map(|&i| {
                let sql = nodes.get(i)?.compiled_sql.as_deref()?;
                Some((i, analysis::analyse(sql, &catalog)))
            })
            .collect();
        for (index, result) in results {
            let Some(node) = nodes.get_mut(index) else {
                continue;
            };
            summary.models += 1;
            summary.complete += usize::from(result.complete);
            report_issues(project, node, &result, diagnostics);
            let columns = result
                .columns
                .iter()
                .map(|c| UpstreamColumn {
                    name: c.name.clone(),
                    data_type: c.data_type.clone(),
                })
                .collect();
            // An incomplete analysis may have missed columns (`SELECT *` of an unknown
            // table): readers then treat the model as unknown instead of reporting
            // columns as missing.
            if result.complete
                || !result.columns.is_empty() && !result.columns.iter().any(|c| c.name.is_empty())
            {
                catalog.insert(
                    &node.database,
                    &node.alias,
                    UpstreamTable {
                        unique_id: node.unique_id.clone(),
                        columns,
                    },
                );
            }
            check_contract(project, node, &result.columns, result.complete, diagnostics);
            node.analysis = Some(NodeAnalysis {
                columns: result.columns,
                complete: result.complete,
            });
        }
    }
    summary
}

/// Models worth analysing: built ones (ephemerals are analysed inside their readers) whose
/// `ref()`s all resolved (an unknown ref already has its error).
fn is_analysed(node: Option<&Node>) -> bool {
    node.is_some_and(|n| {
        n.resource_type == ResourceType::Model
            && n.config.materialized != Materialization::Ephemeral
            && n.compiled_sql
                .as_deref()
                .is_some_and(|sql| !sql.contains(crate::render::UNKNOWN_DATABASE))
    })
}

/// Each node's wave: 0 for nodes without model parents, else one more than its latest parent.
fn waves(nodes: &[Node], parents: &[Vec<usize>], order: &[usize]) -> Vec<usize> {
    let mut wave = vec![0; nodes.len()];
    for &index in order {
        let level = parents
            .get(index)
            .map(|list| {
                list.iter()
                    .map(|&p| wave.get(p).copied().unwrap_or(0) + 1)
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0);
        if let Some(slot) = wave.get_mut(index) {
            *slot = level;
        }
    }
    wave
}

/// A declared `data_type`, parsed; a type ClickHouse would not accept is reported.
fn declared_type(column: &Column, diagnostics: &mut Vec<Diagnostic>) -> Option<DataType> {
    let (text, label) = column.data_type.as_ref()?;
    match parse_type(text) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            let start = label.span.start + error.span.start.min(text.len());
            let end = (label.span.start + error.span.end.min(text.len())).max(start + 1);
            let mut diagnostic = Diagnostic::error("invalid-data-type", error.message.clone())
                .at(label.file, start..end);
            diagnostic.help = error
                .suggestion
                .as_ref()
                .map(|s| format!("did you mean `{s}`?"));
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// Analysis issues, mapped from the rendered SQL to the model file the user wrote.
fn report_issues(
    project: &Project,
    node: &Node,
    result: &analysis::ModelAnalysis,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(file) = file_of(project, node) else {
        return;
    };
    let rendered = node.compiled_sql.as_deref().unwrap_or("");
    let template = project.files.text(file);
    for issue in &result.issues {
        if !node.config.static_analysis && issue.severity != crate::diagnostic::Severity::Error {
            continue;
        }
        let span = sourcemap::to_template(template, rendered, &issue.span).unwrap_or(0..0);
        // A source's declared columns are often only the documented ones: a column missing
        // there is a gap in the YAML more likely than a mistake in the model.
        let source_gap = issue.code == analysis::issue::UPSTREAM_COLUMN_MISSING
            && issue.message.contains("`source.");
        let severity = if source_gap {
            crate::diagnostic::Severity::Warning
        } else {
            issue.severity
        };
        // A declared source without columns is known to the project, only not its columns.
        let undeclared_source = (issue.code == analysis::issue::UNKNOWN_TABLE)
            .then(|| issue.message.split('`').nth(1))
            .flatten()
            .and_then(|relation| {
                project
                    .sources
                    .iter()
                    .find(|s| format!("{}.{}", s.database, s.identifier) == relation)
            });
        let message = match undeclared_source {
            Some(source) => format!(
                "source `{}.{}` declares no columns, so its columns are unknown",
                source.source_name, source.name
            ),
            None => issue.message.clone(),
        };
        let mut diagnostic = match severity {
            crate::diagnostic::Severity::Error => Diagnostic::error(issue.code, message),
            crate::diagnostic::Severity::Warning => Diagnostic::warning(issue.code, message),
        }
        .at(file, span);
        if let Some(source) = undeclared_source {
            diagnostic.help = Some(format!(
                "declare its columns with their `data_type`, or write them with `kiln introspect {}`",
                source.source_name
            ));
        }
        if source_gap {
            diagnostic.help = Some("declare the column under the source, or write the source's columns with `kiln introspect`".into());
        }
        diagnostic.help = diagnostic.help.or_else(|| issue.help.clone()).or_else(|| {
            (severity == crate::diagnostic::Severity::Warning)
                .then(|| "columns that depend on this are unknown to analysis; `config(static_analysis='off')` silences this".to_string())
        });
        diagnostics.push(diagnostic);
    }
}

fn file_of(project: &Project, node: &Node) -> Option<FileId> {
    project
        .models
        .iter()
        .find(|m| m.path == node.original_file_path)
        .map(|m| m.file)
}

/// Declared columns against what the model produces: types (the contract), columns it does
/// not produce, and key configs naming columns it does not produce.
fn check_contract(
    project: &Project,
    node: &Node,
    columns: &[AnalysedColumn],
    complete: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let enforced = node
        .config
        .raw
        .get("contract")
        .and_then(|c| c.get("enforced"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let produced: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    for declared in node.columns.values() {
        let inferred = columns.iter().find(|c| c.name == declared.name);
        match inferred {
            None if complete => {
                let mut diagnostic = Diagnostic::error(
                    "declared-column-missing",
                    format!(
                        "`{}` declares column `{}`, which the model does not produce",
                        node.name, declared.name
                    ),
                )
                .at_label(declared.origin.clone());
                diagnostic.help = did_you_mean(&declared.name, produced.iter().copied());
                diagnostics.push(diagnostic);
            }
            Some(found) => {
                let Some(wanted) = declared_type(declared, diagnostics) else {
                    continue;
                };
                let Some(actual) = &found.data_type else {
                    continue;
                };
                if &wanted != actual {
                    let label = declared
                        .data_type
                        .as_ref()
                        .map_or_else(|| declared.origin.clone(), |(_, l)| l.clone());
                    let message = format!(
                        "column `{}` is declared `{wanted}`, but the model produces `{actual}`",
                        declared.name
                    );
                    let diagnostic = if enforced {
                        Diagnostic::error("contract-type-mismatch", message)
                    } else {
                        Diagnostic::warning("declared-type-mismatch", message)
                    };
                    diagnostics.push(diagnostic.at_label(label).with_help(format!(
                        "declare `data_type: {actual}`, or cast the column in the model"
                    )));
                }
            }
            None => {}
        }
    }
    if !complete {
        return;
    }
    for key in ["order_by", "partition_by", "primary_key", "unique_key"] {
        let expressions = match key {
            "order_by" => &node.config.order_by,
            "partition_by" => &node.config.partition_by,
            "primary_key" => &node.config.primary_key,
            _ => &node.config.unique_key,
        };
        for name in expressions.iter().flat_map(|e| column_names(e)) {
            if !produced.contains(&name.as_str()) {
                let mut diagnostic = Diagnostic::error(
                    "unknown-key-column",
                    format!("`{key}` names `{name}`, which the model does not produce"),
                );
                diagnostic.primary = node
                    .config
                    .origins
                    .get(key)
                    .map(|origin| {
                        project
                            .files
                            .word_after(origin, &name)
                            .unwrap_or_else(|| origin.clone())
                    })
                    .or_else(|| file_of(project, node).map(|f| Label::new(f, 0..0)));
                diagnostic.help = did_you_mean(&name, produced.iter().copied());
                diagnostics.push(diagnostic);
            }
        }
    }
}

/// Column names an expression such as `toYYYYMM(order_date)` or `(a, b)` reads: the
/// identifiers sqlparser's tokenizer finds that are not function names or keywords.
fn column_names(expression: &str) -> Vec<String> {
    use sqlparser::tokenizer::{Token, Tokenizer};
    let dialect = sqlparser::dialect::ClickHouseDialect {};
    let Ok(tokens) = Tokenizer::new(&dialect, expression).tokenize() else {
        return Vec::new();
    };
    let significant: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let mut names = Vec::new();
    for (index, token) in significant.iter().enumerate() {
        if let Token::Word(word) = token {
            let is_call = matches!(significant.get(index + 1), Some(Token::LParen));
            let quoted = word.quote_style.is_some();
            let keyword = word.keyword != sqlparser::keywords::Keyword::NoKeyword;
            if !is_call && (quoted || !keyword) && !names.contains(&word.value) {
                names.push(word.value.clone());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::column_names;

    #[test]
    fn key_expressions_name_their_columns() {
        assert_eq!(column_names("toYYYYMM(order_date)"), ["order_date"]);
        assert_eq!(
            column_names("(customer_id, order_date, order_id)"),
            ["customer_id", "order_date", "order_id"]
        );
        assert_eq!(column_names("tuple()"), Vec::<String>::new());
        assert_eq!(column_names("intDiv(`id`, 10)"), ["id"]);
    }
}
