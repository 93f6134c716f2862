//! Data-test nodes: generic tests declared in YAML and singular tests from test-paths.

use super::models::{NodeNames, RenderedModels};
use super::sha256_hex;
use crate::datatest::{self, GENERIC_TESTS, TestTarget};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::node::{Node, ResourceType, TestInfo};
use crate::project::config::{self, ConfigOwner, Materialization};
use crate::project::{GenericTestDecl, Project, TestSubject};
use crate::render::{RenderScope, Renderer};
use indexmap::IndexMap;
use std::collections::HashSet;
use std::sync::Arc;

/// Builds every test node with its parents (node indices).
pub fn build_tests(
    project: &Project,
    models: &RenderedModels,
    nodes: &[Node],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Node, Vec<usize>)> {
    let mut built = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    for decl in &project.generic_tests {
        if let Some((mut node, parents)) = generic(
            project,
            &models.renderer,
            models,
            &models.names,
            nodes,
            decl,
            diagnostics,
        ) {
            node.unique_id = unique(&mut taken, &node.unique_id);
            built.push((node, parents));
        }
    }
    for decl in &project.singular_tests {
        let scope = RenderScope {
            relations: Arc::clone(&models.relations),
            this: None,
            is_incremental: false,
        };
        let rendered = models.renderer.render(decl.file, &scope);
        diagnostics.extend(rendered.diagnostics);
        let Some(sql) = rendered.text else { continue };
        let (parents, depends_on) =
            models
                .names
                .resolve_calls(project, decl.file, &rendered.capture, diagnostics);
        let mut config_layers = decl.config_layers.clone();
        let text = project.files.text(decl.file);
        let call = super::models::find_call(text, "config", None).unwrap_or(0..0);
        config_layers.extend(rendered.capture.config.iter().map(|(key, value)| {
            config::ConfigEntry {
                key: key.clone(),
                value: value.clone(),
                origin: crate::diagnostic::Label::new(decl.file, call.clone()),
            }
        }));
        let config = config::resolve(&config_layers, ConfigOwner::Test, diagnostics);
        if !config.enabled {
            continue;
        }
        let folders: Vec<String> = decl.path.split('/').skip(1).map(str::to_string).collect();
        let mut fqn = vec![project.name.clone()];
        fqn.extend(
            folders
                .iter()
                .take(folders.len().saturating_sub(1))
                .cloned(),
        );
        fqn.push(decl.name.clone());
        let attached = depends_on.first().cloned();
        let node = Node {
            unique_id: unique(&mut taken, &format!("test.{}.{}", project.name, decl.name)),
            name: decl.name.clone(),
            resource_type: ResourceType::Test,
            original_file_path: decl.path.clone(),
            path: decl
                .path
                .split_once('/')
                .map_or(decl.path.clone(), |(_, rest)| rest.to_string()),
            fqn,
            database: project.target.schema.clone(),
            alias: decl.name.clone(),
            description: String::new(),
            columns: IndexMap::new(),
            depends_on,
            checksum: sha256_hex(project.files.text(decl.file).as_bytes()),
            compiled_sql: Some(sql.clone()),
            incremental_sql: None,
            statements: Vec::new(),
            incremental_statements: None,
            seed_columns: Vec::new(),
            seed_rows: None,
            analysis: None,
            test: Some(TestInfo {
                test_name: "singular".into(),
                column: None,
                arguments: serde_json::Map::new(),
                attached_node: attached,
                severity: config.severity,
                failing_rows_sql: sql,
            }),
            config,
        };
        built.push((node, parents));
    }
    built
}

fn unique(taken: &mut HashSet<String>, wanted: &str) -> String {
    let mut candidate = wanted.to_string();
    let mut counter = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{wanted}_{counter}");
        counter += 1;
    }
    candidate
}

fn generic(
    project: &Project,
    renderer: &Renderer,
    models: &RenderedModels,
    names: &NodeNames,
    nodes: &[Node],
    decl: &GenericTestDecl,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Node, Vec<usize>)> {
    if !GENERIC_TESTS.contains(&decl.test_name.as_str()) {
        let mut diagnostic = Diagnostic::error(
            "unknown-test",
            format!("unknown generic test `{}`", decl.test_name),
        )
        .at_label(decl.origin.clone());
        diagnostic.help =
            did_you_mean(&decl.test_name, GENERIC_TESTS.iter().copied()).or_else(|| {
                Some(format!(
                    "kiln's generic tests are {}; write others as singular tests",
                    GENERIC_TESTS.join(", ")
                ))
            });
        diagnostics.push(diagnostic);
        return None;
    }
    let config = config::resolve(&decl.config, ConfigOwner::Test, diagnostics);
    if !config.enabled {
        return None;
    }
    let (subject_name, relation, mut parents, mut depends_on, attached, fqn_prefix, database) =
        match &decl.subject {
            TestSubject::Model(name) | TestSubject::Seed(name) => {
                // A disabled node's tests are disabled with it.
                let index = *names.index_of.get(name)?;
                let node = nodes.get(index)?;
                if node.config.materialized == Materialization::Ephemeral {
                    diagnostics.push(
                        Diagnostic::error(
                            "ephemeral-test",
                            format!("`{name}` is ephemeral and cannot be tested"),
                        )
                        .at_label(decl.origin.clone())
                        .with_help("materialize it as a view or table to test it"),
                    );
                    return None;
                }
                let relation = crate::quote::quote_relation(&node.database, &node.alias);
                let prefix: Vec<String> = node
                    .fqn
                    .iter()
                    .take(node.fqn.len().saturating_sub(1))
                    .cloned()
                    .collect();
                (
                    name.clone(),
                    relation,
                    vec![index],
                    vec![node.unique_id.clone()],
                    node.unique_id.clone(),
                    prefix,
                    node.database.clone(),
                )
            }
            TestSubject::Source(source, table) => {
                let found = project
                    .sources
                    .iter()
                    .find(|s| &s.source_name == source && &s.name == table)?;
                let uid = format!("source.{}.{}.{}", project.name, source, table);
                let relation = crate::quote::quote_relation(&found.database, &found.identifier);
                (
                    format!("{source}_{table}"),
                    relation,
                    Vec::new(),
                    vec![uid.clone()],
                    uid,
                    vec![project.name.clone()],
                    found.database.clone(),
                )
            }
        };
    let mut to_relation = None;
    if let Some(to) = decl.arguments.get("to").and_then(serde_json::Value::as_str) {
        let scope = RenderScope {
            relations: Arc::clone(&models.relations),
            this: None,
            is_incremental: false,
        };
        match renderer.eval_expression(to, &scope) {
            Ok((value, capture)) => {
                let file = decl.origin.file;
                let mut resolved = Vec::new();
                let (extra_parents, extra_depends) =
                    names.resolve_calls(project, file, &capture, &mut resolved);
                for mut diagnostic in resolved {
                    // The call is in YAML: point at the test, not at a template position.
                    diagnostic.primary = Some(decl.origin.clone());
                    diagnostics.push(diagnostic);
                }
                parents.extend(extra_parents);
                depends_on.extend(extra_depends);
                to_relation = Some(value.to_string());
            }
            Err(message) => {
                diagnostics.push(
                    Diagnostic::error(
                        "invalid-test",
                        format!("cannot evaluate `to: {to}`: {message}"),
                    )
                    .at_label(decl.origin.clone()),
                );
                return None;
            }
        }
    }
    let where_clause = config
        .raw
        .get("where")
        .and_then(serde_json::Value::as_str)
        .map(str::to_string);
    let target = TestTarget {
        relation: &relation,
        column: decl.column.as_deref(),
        arguments: &decl.arguments,
        where_clause: where_clause.as_deref(),
        to_relation: to_relation.as_deref(),
    };
    let sql = match datatest::failing_rows_sql(&decl.test_name, &target) {
        Ok(sql) => sql,
        Err(message) => {
            diagnostics
                .push(Diagnostic::error("invalid-test", message).at_label(decl.origin.clone()));
            return None;
        }
    };
    let prefix = if matches!(decl.subject, TestSubject::Source(..)) {
        "source_"
    } else {
        ""
    };
    let name = prefix.to_string()
        + &datatest::test_name(
            &decl.test_name,
            &subject_name,
            decl.column.as_deref(),
            &decl.arguments,
        );
    depends_on.sort();
    depends_on.dedup();
    let mut fqn = fqn_prefix;
    fqn.push(name.clone());
    let path = project.files.path(decl.origin.file).to_string();
    let node = Node {
        unique_id: format!("test.{}.{name}", project.name),
        name: name.clone(),
        resource_type: ResourceType::Test,
        path: path
            .split_once('/')
            .map_or(path.clone(), |(_, rest)| rest.to_string()),
        original_file_path: path,
        fqn,
        database,
        alias: name,
        description: String::new(),
        columns: IndexMap::new(),
        depends_on,
        checksum: sha256_hex(sql.as_bytes()),
        compiled_sql: Some(sql.clone()),
        incremental_sql: None,
        statements: Vec::new(),
        incremental_statements: None,
        seed_columns: Vec::new(),
        seed_rows: None,
        analysis: None,
        test: Some(TestInfo {
            test_name: decl.test_name.clone(),
            column: decl.column.clone(),
            arguments: decl.arguments.clone(),
            attached_node: Some(attached),
            severity: config.severity,
            failing_rows_sql: sql,
        }),
        config,
    };
    Some((node, parents))
}
