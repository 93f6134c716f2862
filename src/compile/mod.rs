//! Compile: from the declared project to the ordered, planned graph.
//!
//! Steps, each a plain function: resolve seeds; render models (twice when a model's own
//! `config()` moves where another model's `ref()` points); resolve `ref()`/`source()` calls
//! to dependencies; build data tests; order the graph; inline ephemeral models; plan the
//! statements of every node.

pub mod analyse;
mod ephemeral;
mod models;
mod sourcemap;
mod tests;

use crate::diagnostic::{Diagnostic, Label, SourceFiles};
use crate::graph::{self, GraphNode};
use crate::node::{Node, ResourceType};
use crate::plan;
use crate::project::config::{self, ConfigOwner, Materialization};
use crate::project::{NodeDecl, Project, SourceTable, Target};
use crate::render::Relation;
use crate::seed;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

/// The compiled project: every node planned, in execution order.
#[derive(Debug)]
pub struct Compiled {
    pub project_name: String,
    pub target: Target,
    pub nodes: Vec<Node>,
    pub sources: Vec<SourceTable>,
    pub postgres_sources: Vec<crate::postgres::PostgresSource>,
    /// Indices into `nodes` of the executable nodes, in the order `apply` runs them.
    pub execution_order: Vec<usize>,
    /// Every database a node lives in, sorted.
    pub databases: Vec<String>,
    /// sha256 over every input file, to tell whether `target/` is stale.
    pub inputs_sha256: String,
    pub timings: Timings,
    pub analysis: analyse::AnalysisSummary,
}

/// Wall time of each phase, for the summary and the benchmark.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub load: Duration,
    /// `project::build`: nodes, columns, tests and config layers from the YAML.
    pub declare: Duration,
    pub render: Duration,
    pub analyse: Duration,
    pub plan: Duration,
    /// The manifest, bundle and compiled files built in memory.
    pub emit: Duration,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compiles a declared project. Returns `None` when errors leave nothing sound to write.
pub fn compile(project: &Project) -> (Option<Compiled>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let files = &project.files;
    let started = std::time::Instant::now();

    let mut nodes = seeds(project, &mut diagnostics);
    let mut models = models::render_models(project, &nodes, &mut diagnostics);
    let render_time = started.elapsed();
    let plan_started = std::time::Instant::now();
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    nodes.extend(std::mem::take(&mut models.nodes));
    parents.extend(std::mem::take(&mut models.parents));

    let test_nodes = tests::build_tests(project, &models, &nodes, &mut diagnostics);
    for (node, node_parents) in test_nodes {
        nodes.push(node);
        parents.push(node_parents);
    }
    let graph_nodes: Vec<GraphNode> = nodes
        .iter()
        .zip(&parents)
        .map(|(node, parents)| GraphNode {
            parents: parents.clone(),
            is_test: node.resource_type == ResourceType::Test,
        })
        .collect();
    let order = match graph::order(&graph_nodes) {
        Ok(order) => order,
        Err(cycles) => {
            for cycle in cycles {
                diagnostics.push(cycle_diagnostic(&cycle, &nodes, project));
            }
            return (None, diagnostics);
        }
    };
    ephemeral::inline(&mut nodes, &parents, &order);
    let analysis_started = std::time::Instant::now();
    let analysis = analyse::analyse(project, &mut nodes, &parents, &order, &mut diagnostics);
    let analysis_time = analysis_started.elapsed();
    for node in &mut nodes {
        plan_node(node);
    }
    let execution_order: Vec<usize> = order
        .into_iter()
        .filter(|&i| nodes.get(i).is_some_and(Node::is_executable))
        .collect();
    let databases: BTreeSet<String> = execution_order
        .iter()
        .filter_map(|&i| nodes.get(i))
        .filter(|n| n.resource_type != ResourceType::Test)
        .map(|n| n.database.clone())
        .collect();
    let plan_time = plan_started.elapsed();
    if crate::diagnostic::has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    let compiled = Compiled {
        project_name: project.name.clone(),
        target: project.target.clone(),
        nodes,
        sources: project.sources.clone(),
        postgres_sources: project.postgres_sources.clone(),
        execution_order,
        databases: databases.into_iter().collect(),
        inputs_sha256: inputs_sha256(files),
        analysis,
        timings: Timings {
            render: render_time,
            analyse: analysis_time,
            plan: plan_time.saturating_sub(analysis_time),
            ..Timings::default()
        },
    };
    (Some(compiled), diagnostics)
}

/// One hash over every file the loader read (paths and contents).
pub fn inputs_sha256(files: &SourceFiles) -> String {
    let mut hasher = Sha256::new();
    let mut id = 0;
    while let Some(file) = files.get(crate::diagnostic::FileId(id)) {
        hasher.update(file.path.as_bytes());
        hasher.update([0]);
        hasher.update(file.text.as_bytes());
        hasher.update([0]);
        id += 1;
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The ClickHouse database and table name of a node from its config.
pub fn placement(decl: &NodeDecl, config: &config::NodeConfig, target: &Target) -> Relation {
    Relation {
        database: config
            .schema
            .clone()
            .unwrap_or_else(|| target.schema.clone()),
        identifier: config.alias.clone().unwrap_or_else(|| decl.name.clone()),
    }
}

/// Path relative to the node's resource folder (`staging/stg_orders.sql`), as dbt's `path`.
fn relative_path(decl: &NodeDecl) -> String {
    decl.path
        .split_once('/')
        .map_or(decl.path.clone(), |(_, rest)| rest.to_string())
}

fn new_node(
    project: &Project,
    decl: &NodeDecl,
    resource_type: ResourceType,
    config: config::NodeConfig,
) -> Node {
    let relation = placement(decl, &config, &project.target);
    Node {
        unique_id: format!("{}.{}.{}", resource_type.as_str(), project.name, decl.name),
        name: decl.name.clone(),
        resource_type,
        original_file_path: decl.path.clone(),
        path: relative_path(decl),
        fqn: decl.fqn.clone(),
        config,
        database: relation.database,
        alias: relation.identifier,
        description: decl.description.clone(),
        columns: decl.columns.clone(),
        depends_on: Vec::new(),
        checksum: sha256_hex(project.files.text(decl.file).as_bytes()),
        compiled_sql: None,
        incremental_sql: None,
        statements: Vec::new(),
        incremental_statements: None,
        seed_columns: Vec::new(),
        seed_rows: None,
        analysis: None,
        test: None,
    }
}

fn seeds(project: &Project, diagnostics: &mut Vec<Diagnostic>) -> Vec<Node> {
    let mut nodes = Vec::new();
    for decl in &project.seeds {
        let config = config::resolve(&decl.config_layers, ConfigOwner::Seed, diagnostics);
        if !config.enabled {
            continue;
        }
        let shape = seed::analyse(
            &decl.name,
            decl.file,
            project.files.text(decl.file),
            &config.column_types,
            diagnostics,
        );
        for (name, column) in &decl.columns {
            if !shape.columns.iter().any(|c| &c.name == name) {
                diagnostics.push(
                    Diagnostic::error(
                        "seed-column-mismatch",
                        format!(
                            "`{}` declares column `{name}`, which the CSV does not have",
                            decl.name
                        ),
                    )
                    .at_label(column.origin.clone())
                    .with_help(format!(
                        "the file's columns are {}",
                        shape
                            .columns
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
        let mut node = new_node(project, decl, ResourceType::Seed, config);
        node.seed_rows = Some(shape.rows);
        node.seed_columns = shape.columns;
        nodes.push(node);
    }
    nodes
}

/// Plans a node's statements from its materialization.
fn plan_node(node: &mut Node) {
    let target = plan::Target {
        database: &node.database,
        alias: &node.alias,
    };
    match (node.resource_type, node.config.materialized) {
        (ResourceType::Seed, _) => {
            node.statements = plan::seed(
                &target,
                &node.config,
                &node.seed_columns,
                &node.original_file_path,
                &node.checksum,
            );
        }
        (ResourceType::Test, _) => {
            if let Some(test) = &node.test {
                node.statements = plan::test(&test.failing_rows_sql);
            }
        }
        (_, Materialization::Ephemeral) => {}
        (_, materialized) => {
            let Some(sql) = &node.compiled_sql else {
                return;
            };
            node.statements = match materialized {
                Materialization::View => plan::view(&target, &node.config, sql),
                _ => plan::table(&target, &node.config, sql),
            };
            if materialized == Materialization::Incremental {
                let incremental_sql = node.incremental_sql.as_deref().unwrap_or(sql);
                node.incremental_statements =
                    Some(plan::incremental(&target, &node.config, incremental_sql));
            }
        }
    }
}

fn cycle_diagnostic(cycle: &[usize], nodes: &[Node], project: &Project) -> Diagnostic {
    let names: Vec<&str> = cycle
        .iter()
        .filter_map(|&i| nodes.get(i))
        .map(|n| n.name.as_str())
        .collect();
    let mut shown = names.join(" -> ");
    if let Some(first) = names.first() {
        shown.push_str(" -> ");
        shown.push_str(first);
    }
    let by_path: HashMap<&str, crate::diagnostic::FileId> = project
        .models
        .iter()
        .map(|m| (m.path.as_str(), m.file))
        .collect();
    let mut diagnostic =
        Diagnostic::error("dependency-cycle", format!("dependency cycle: {shown}"))
            .with_help("a model cannot depend on itself through `ref()`: break the cycle");
    for (position, &index) in cycle.iter().enumerate() {
        let Some(node) = nodes.get(index) else {
            continue;
        };
        let Some(&file) = by_path.get(node.original_file_path.as_str()) else {
            continue;
        };
        let parent = cycle
            .get(if position == 0 {
                cycle.len() - 1
            } else {
                position - 1
            })
            .and_then(|&p| nodes.get(p));
        let text = project.files.text(file);
        let span = parent
            .and_then(|p| models::find_call(text, "ref", Some(&p.name)))
            .unwrap_or(0..0);
        let label = Label::new(file, span).with_message(match parent {
            Some(parent) => format!("`{}` refs `{}`", node.name, parent.name),
            None => node.name.clone(),
        });
        if diagnostic.primary.is_none() {
            diagnostic = diagnostic.at_label(label);
        } else {
            diagnostic = diagnostic.with_label(label);
        }
    }
    diagnostic
}
