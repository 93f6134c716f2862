//! `target/manifest.json`: the compiled graph in dbt's manifest shape (the fields dbt tools
//! such as Astronomer Cosmos read), plus what `apply` needs to run it: each node's
//! statements and the execution order. Documented in docs/manifest.md.
//!
//! The same types serialize (compile) and deserialize (`apply`), so the two cannot drift.

use crate::compile::Compiled;
use crate::node::{Node, ResourceType, Statement};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Bumped when a field changes meaning or disappears; `apply` refuses other versions.
pub const MANIFEST_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub metadata: Metadata,
    pub nodes: IndexMap<String, ManifestNode>,
    pub sources: IndexMap<String, ManifestSource>,
    #[serde(default)]
    pub macros: IndexMap<String, Value>,
    #[serde(default)]
    pub parent_map: IndexMap<String, Vec<String>>,
    #[serde(default)]
    pub child_map: IndexMap<String, Vec<String>>,
    /// Unique ids of the nodes `apply` runs, in order.
    pub execution_order: Vec<String>,
    /// Databases the nodes live in; `apply` creates them first.
    pub databases: Vec<String>,
    /// Sources read from PostgreSQL: the databases `apply` creates over them (before any
    /// node that reads them), with their connection as `env_var()` templates.
    #[serde(default)]
    pub postgres_sources: Vec<crate::postgres::PostgresSource>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Metadata {
    pub dbt_schema_version: String,
    pub kiln_manifest_version: u32,
    pub kiln_version: String,
    pub project_name: String,
    pub generated_at: String,
    pub adapter_type: String,
    pub target_name: String,
    /// sha256 over every project file compile read; `apply` compares it to tell staleness.
    pub inputs_sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DependsOn {
    pub nodes: Vec<String>,
    #[serde(default)]
    pub macros: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Checksum {
    pub name: String,
    pub checksum: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestColumn {
    pub name: String,
    pub description: String,
    /// The declared type, else the inferred one.
    pub data_type: Option<String>,
    /// What static analysis found, in ClickHouse's canonical spelling (absent: unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// The upstream columns this column derives from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lineage: Option<Vec<LineageRef>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LineageRef {
    pub unique_id: String,
    pub column: String,
    /// `direct`, `expression` or `aggregate`.
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestMetadata {
    pub name: String,
    pub kwargs: serde_json::Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestNode {
    pub unique_id: String,
    pub name: String,
    pub resource_type: ResourceType,
    pub package_name: String,
    pub path: String,
    pub original_file_path: String,
    pub fqn: Vec<String>,
    /// dbt-clickhouse has no database level above `schema`; always null.
    pub database: Option<String>,
    /// The ClickHouse database.
    pub schema: String,
    /// The table or view name.
    pub alias: String,
    pub tags: Vec<String>,
    pub config: IndexMap<String, Value>,
    pub depends_on: DependsOn,
    pub checksum: Checksum,
    pub description: String,
    pub columns: IndexMap<String, ManifestColumn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compiled_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compiled_path: Option<String>,
    /// The statements of a (full) build, in order.
    pub statements: Vec<Statement>,
    /// For incremental models: the statements when the table already exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incremental_statements: Option<Vec<Statement>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_metadata: Option<TestMetadata>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_node: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestSource {
    pub unique_id: String,
    pub name: String,
    pub source_name: String,
    pub resource_type: ResourceType,
    pub package_name: String,
    pub original_file_path: String,
    pub fqn: Vec<String>,
    pub database: Option<String>,
    pub schema: String,
    pub identifier: String,
    pub relation_name: String,
    pub description: String,
    pub tags: Vec<String>,
    pub columns: IndexMap<String, ManifestColumn>,
}

/// Where a node's compiled SQL is written, relative to the target directory.
pub fn compiled_path(node: &Node) -> Option<String> {
    node.compiled_sql.as_ref()?;
    Some(match (node.resource_type, &node.test) {
        (ResourceType::Test, Some(test)) if test.test_name != "singular" => {
            format!("compiled/{}/{}.sql", node.original_file_path, node.name)
        }
        _ => format!("compiled/{}", node.original_file_path),
    })
}

pub fn build(compiled: &Compiled, generated_at: &str) -> Manifest {
    let mut nodes = IndexMap::new();
    for node in &compiled.nodes {
        nodes.insert(node.unique_id.clone(), manifest_node(compiled, node));
    }
    let mut sources = IndexMap::new();
    for source in &compiled.sources {
        let unique_id = format!(
            "source.{}.{}.{}",
            compiled.project_name, source.source_name, source.name
        );
        sources.insert(
            unique_id.clone(),
            ManifestSource {
                unique_id,
                name: source.name.clone(),
                source_name: source.source_name.clone(),
                resource_type: ResourceType::Source,
                package_name: compiled.project_name.clone(),
                original_file_path: source.path.clone(),
                fqn: vec![
                    compiled.project_name.clone(),
                    source.source_name.clone(),
                    source.name.clone(),
                ],
                database: None,
                schema: source.database.clone(),
                identifier: source.identifier.clone(),
                relation_name: crate::quote::quote_relation(&source.database, &source.identifier),
                description: source.description.clone(),
                tags: source.tags.clone(),
                columns: columns(&source.columns),
            },
        );
    }
    let mut parent_map: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut child_map: IndexMap<String, Vec<String>> = IndexMap::new();
    for id in nodes.keys().chain(sources.keys()) {
        child_map.insert(id.clone(), Vec::new());
    }
    for (id, node) in &nodes {
        parent_map.insert(id.clone(), node.depends_on.nodes.clone());
        for parent in &node.depends_on.nodes {
            if let Some(children) = child_map.get_mut(parent) {
                children.push(id.clone());
            }
        }
    }
    for children in child_map.values_mut() {
        children.sort();
    }
    Manifest {
        metadata: Metadata {
            dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json".into(),
            kiln_manifest_version: MANIFEST_VERSION,
            kiln_version: env!("CARGO_PKG_VERSION").into(),
            project_name: compiled.project_name.clone(),
            generated_at: generated_at.into(),
            adapter_type: "clickhouse".into(),
            target_name: compiled.target.name.clone(),
            inputs_sha256: compiled.inputs_sha256.clone(),
        },
        nodes,
        sources,
        macros: IndexMap::new(),
        parent_map,
        child_map,
        execution_order: compiled
            .execution_order
            .iter()
            .filter_map(|&i| compiled.nodes.get(i))
            .map(|n| n.unique_id.clone())
            .collect(),
        databases: compiled.databases.clone(),
        postgres_sources: compiled.postgres_sources.clone(),
    }
}

fn columns(
    declared: &IndexMap<String, crate::project::Column>,
) -> IndexMap<String, ManifestColumn> {
    declared
        .iter()
        .map(|(name, column)| {
            (
                name.clone(),
                ManifestColumn {
                    name: name.clone(),
                    description: column.description.clone(),
                    data_type: column.data_type.as_ref().map(|(t, _)| t.clone()),
                    inferred_type: None,
                    nullable: None,
                    lineage: None,
                },
            )
        })
        .collect()
}

/// Columns in output order: what analysis found (with declared facts merged in), then
/// columns declared but not produced.
fn node_columns(node: &Node) -> IndexMap<String, ManifestColumn> {
    let declared = columns(&node.columns);
    let Some(analysis) = &node.analysis else {
        return declared;
    };
    let mut merged: IndexMap<String, ManifestColumn> = IndexMap::new();
    for column in &analysis.columns {
        let inferred = column.data_type.as_ref().map(ToString::to_string);
        let from_yaml = declared.get(&column.name);
        merged.insert(
            column.name.clone(),
            ManifestColumn {
                name: column.name.clone(),
                description: from_yaml.map(|c| c.description.clone()).unwrap_or_default(),
                data_type: from_yaml
                    .and_then(|c| c.data_type.clone())
                    .or_else(|| inferred.clone()),
                nullable: column
                    .data_type
                    .as_ref()
                    .map(crate::types::DataType::is_nullable),
                inferred_type: inferred,
                lineage: Some(
                    column
                        .lineage
                        .iter()
                        .map(|edge| LineageRef {
                            unique_id: edge.unique_id.clone(),
                            column: edge.column.clone(),
                            kind: serde_json::to_value(edge.kind)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default(),
                        })
                        .collect(),
                ),
            },
        );
    }
    for (name, column) in declared {
        merged.entry(name).or_insert(column);
    }
    merged
}

fn manifest_node(compiled: &Compiled, node: &Node) -> ManifestNode {
    let mut node_columns = node_columns(node);
    for seed_column in &node.seed_columns {
        let entry = node_columns
            .entry(seed_column.name.clone())
            .or_insert_with(|| ManifestColumn {
                name: seed_column.name.clone(),
                description: String::new(),
                data_type: None,
                inferred_type: None,
                nullable: None,
                lineage: None,
            });
        entry.data_type = Some(seed_column.data_type.clone());
        if let Ok(parsed) = crate::types::parse_type(&seed_column.data_type) {
            entry.nullable = Some(parsed.is_nullable());
            entry.inferred_type = Some(parsed.to_string());
        }
    }
    let mut config = node.config.raw.clone();
    if let Some(test) = &node.test {
        config.insert(
            "severity".into(),
            serde_json::to_value(test.severity).unwrap_or(Value::Null),
        );
    }
    ManifestNode {
        unique_id: node.unique_id.clone(),
        name: node.name.clone(),
        resource_type: node.resource_type,
        package_name: compiled.project_name.clone(),
        path: node.path.clone(),
        original_file_path: node.original_file_path.clone(),
        fqn: node.fqn.clone(),
        database: None,
        schema: node.database.clone(),
        alias: node.alias.clone(),
        tags: node.config.tags.clone(),
        config,
        depends_on: DependsOn {
            nodes: node.depends_on.clone(),
            macros: Vec::new(),
        },
        checksum: Checksum {
            name: "sha256".into(),
            checksum: node.checksum.clone(),
        },
        description: node.description.clone(),
        columns: node_columns,
        compiled_code: node.compiled_sql.clone(),
        compiled_path: compiled_path(node).map(|p| format!("target/{p}")),
        statements: node.statements.clone(),
        incremental_statements: node.incremental_statements.clone(),
        test_metadata: node
            .test
            .as_ref()
            .filter(|t| t.test_name != "singular")
            .map(|t| {
                let mut kwargs = t.arguments.clone();
                if let Some(column) = &t.column {
                    kwargs.insert("column_name".into(), Value::from(column.clone()));
                }
                TestMetadata {
                    name: t.test_name.clone(),
                    kwargs,
                }
            }),
        column_name: node.test.as_ref().and_then(|t| t.column.clone()),
        attached_node: node.test.as_ref().and_then(|t| t.attached_node.clone()),
    }
}

/// The manifest as compact JSON, as dbt writes it. Nodes are most of the text (compiled SQL
/// and statements), so they are serialized on every core and spliced in as raw JSON.
pub fn to_json(manifest: &Manifest) -> String {
    spliced_json(manifest)
        .unwrap_or_else(|| serde_json::to_string(manifest).unwrap_or_default() + "\n")
}

/// [`to_json`]'s fast path; `None` in the cases it cannot take, left to plain serialization.
fn spliced_json(manifest: &Manifest) -> Option<String> {
    use rayon::prelude::*;
    use serde_json::value::RawValue;

    /// [`Manifest`] with a placeholder for its nodes; same fields, same order.
    #[derive(Serialize)]
    struct Skeleton<'a> {
        metadata: &'a Metadata,
        nodes: &'a RawValue,
        sources: &'a IndexMap<String, ManifestSource>,
        macros: &'a IndexMap<String, Value>,
        parent_map: &'a IndexMap<String, Vec<String>>,
        child_map: &'a IndexMap<String, Vec<String>>,
        execution_order: &'a [String],
        databases: &'a [String],
        postgres_sources: &'a [crate::postgres::PostgresSource],
    }
    // A string no serialized value can contain unescaped: the NUL is always escaped.
    const PLACEHOLDER: &str = "\"\\u0000kiln nodes\"";
    let placeholder = serde_json::from_str::<&RawValue>(PLACEHOLDER).ok()?;
    let skeleton = Skeleton {
        metadata: &manifest.metadata,
        nodes: placeholder,
        sources: &manifest.sources,
        macros: &manifest.macros,
        parent_map: &manifest.parent_map,
        child_map: &manifest.child_map,
        execution_order: &manifest.execution_order,
        databases: &manifest.databases,
        postgres_sources: &manifest.postgres_sources,
    };
    let skeleton = serde_json::to_string(&skeleton).ok()?;
    let marker = format!("\"nodes\":{PLACEHOLDER}");
    let (before, after) = skeleton.split_once(&marker)?;
    let entries: Vec<(&String, &ManifestNode)> = manifest.nodes.iter().collect();
    let nodes = entries
        .par_iter()
        .map(|&(id, node)| {
            let mut entry = serde_json::to_string(id).ok()?;
            entry.push(':');
            entry.push_str(&serde_json::to_string(node).ok()?);
            Some(entry)
        })
        .collect::<Option<Vec<String>>>()?;
    // Sized up front, and each node's text freed once copied: the manifest of a large
    // project is hundreds of megabytes, and it is never held twice.
    let node_bytes: usize = nodes.iter().map(|entry| entry.len() + 1).sum();
    let mut out = String::with_capacity(skeleton.len() + node_bytes + 16);
    out.push_str(before);
    out.push_str("\"nodes\":{");
    for (index, entry) in nodes.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&entry);
    }
    out.push('}');
    out.push_str(after);
    out.push('\n');
    Some(out)
}

#[cfg(test)]
mod json_tests {
    use super::*;

    /// `to_json`'s spliced view must say exactly what serializing the manifest says.
    #[test]
    fn spliced_json_equals_plain_serialization() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let run = crate::compile_dir(root, &Default::default(), "2026-01-01T00:00:00Z");
        let compiled = run.compiled.expect("the example compiles");
        let manifest = build(&compiled, "2026-01-01T00:00:00Z");
        let spliced = spliced_json(&manifest).expect("the fast path is taken");
        let plain = serde_json::to_string(&manifest).expect("serializes") + "\n";
        assert_eq!(spliced, plain);
    }
}
