//! `kiln lineage <model>[.<column>]`: the upstream tree of a column (what it derives from,
//! down to seeds and sources), or with `--downstream` its impact, from the manifest's
//! column-level lineage.

use crate::cli::Settings;
use crate::manifest::Manifest;
use std::collections::HashMap;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct LineageArgs {
    /// A model (or seed), optionally with a column: `fct_orders.revenue`.
    #[arg(value_name = "NODE[.COLUMN]")]
    pub node: String,
    /// Show what depends on the column instead of what it derives from.
    #[arg(long)]
    pub downstream: bool,
    /// `text` (a tree) or `json` (upstream and downstream trees).
    #[arg(long, short, default_value = "text", value_parser = ["text", "json"])]
    pub output: String,
}

/// A column of a node: `(unique_id, column)`.
type ColumnId = (String, String);

/// One step of a lineage tree.
#[derive(Debug, serde::Serialize)]
struct Tree {
    unique_id: String,
    column: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_type: Option<String>,
    children: Vec<Tree>,
}

pub fn lineage(settings: &Settings, args: &LineageArgs) -> ExitCode {
    let run = crate::compile_dir(&settings.project_dir, &settings.options, "");
    let Some(compiled) = run.compiled else {
        crate::cli::print_diagnostics(&run.diagnostics, &run.files, settings);
        return ExitCode::from(1);
    };
    let manifest = crate::manifest::build(&compiled, "");
    let (name, column) = match args.node.split_once('.') {
        Some((name, column)) => (name, Some(column)),
        None => (args.node.as_str(), None),
    };
    let Some((unique_id, node)) = manifest
        .nodes
        .iter()
        .find(|(_, n)| n.name == name && n.resource_type != crate::node::ResourceType::Test)
    else {
        let names: Vec<&str> = manifest.nodes.values().map(|n| n.name.as_str()).collect();
        let help = crate::diagnostic::did_you_mean(name, names.iter().copied())
            .map(|h| format!("\n  help: {h}"))
            .unwrap_or_default();
        eprintln!("error: no model or seed `{name}`{help}");
        return ExitCode::from(2);
    };
    let columns: Vec<String> = match column {
        Some(column) if node.columns.contains_key(column) => vec![column.to_string()],
        Some(column) => {
            let help =
                crate::diagnostic::did_you_mean(column, node.columns.keys().map(String::as_str))
                    .map(|h| format!("\n  help: {h}"))
                    .unwrap_or_default();
            eprintln!("error: `{name}` has no column `{column}`{help}");
            return ExitCode::from(2);
        }
        None => node.columns.keys().cloned().collect(),
    };
    let upstream = upstream_edges(&manifest);
    let downstream = invert(&upstream);
    let trees: Vec<(Tree, Tree)> = columns
        .iter()
        .map(|c| {
            let id = (unique_id.clone(), c.clone());
            (
                build(&manifest, &upstream, &id, None, &mut Vec::new()),
                build(&manifest, &downstream, &id, None, &mut Vec::new()),
            )
        })
        .collect();
    if args.output == "json" {
        let document: Vec<serde_json::Value> = trees
            .iter()
            .map(|(up, down)| serde_json::json!({"unique_id": up.unique_id, "column": up.column, "data_type": up.data_type, "upstream": up.children, "downstream": down.children}))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&document).unwrap_or_default()
        );
    } else {
        let mut out = String::new();
        for (up, down) in &trees {
            let tree = if args.downstream { down } else { up };
            let _ = writeln!(out, "{}", label(tree));
            render(&tree.children, "", &mut out);
        }
        print!("{out}");
    }
    ExitCode::SUCCESS
}

/// `(unique_id, column)` to the upstream columns it derives from, with the kind.
fn upstream_edges(manifest: &Manifest) -> HashMap<ColumnId, Vec<(ColumnId, String)>> {
    let mut edges: HashMap<ColumnId, Vec<(ColumnId, String)>> = HashMap::new();
    for (unique_id, node) in &manifest.nodes {
        for (name, column) in &node.columns {
            for edge in column.lineage.iter().flatten() {
                edges
                    .entry((unique_id.clone(), name.clone()))
                    .or_default()
                    .push((
                        (edge.unique_id.clone(), edge.column.clone()),
                        edge.kind.clone(),
                    ));
            }
        }
    }
    edges
}

fn invert(
    edges: &HashMap<ColumnId, Vec<(ColumnId, String)>>,
) -> HashMap<ColumnId, Vec<(ColumnId, String)>> {
    let mut inverted: HashMap<ColumnId, Vec<(ColumnId, String)>> = HashMap::new();
    for (from, targets) in edges {
        for (to, kind) in targets {
            inverted
                .entry(to.clone())
                .or_default()
                .push((from.clone(), kind.clone()));
        }
    }
    for list in inverted.values_mut() {
        list.sort();
    }
    inverted
}

fn build(
    manifest: &Manifest,
    edges: &HashMap<ColumnId, Vec<(ColumnId, String)>>,
    id: &ColumnId,
    kind: Option<&str>,
    path: &mut Vec<ColumnId>,
) -> Tree {
    let data_type = manifest
        .nodes
        .get(&id.0)
        .and_then(|n| n.columns.get(&id.1))
        .and_then(|c| c.inferred_type.clone().or_else(|| c.data_type.clone()))
        .or_else(|| {
            manifest
                .sources
                .get(&id.0)
                .and_then(|s| s.columns.get(&id.1))
                .and_then(|c| c.data_type.clone())
        });
    let mut children = Vec::new();
    // Lineage comes from a DAG, but a guard keeps a hand-edited manifest from looping.
    if !path.contains(id) {
        path.push(id.clone());
        for (child, child_kind) in edges.get(id).map_or(&[][..], Vec::as_slice) {
            children.push(build(manifest, edges, child, Some(child_kind), path));
        }
        path.pop();
    }
    Tree {
        unique_id: id.0.clone(),
        column: id.1.clone(),
        kind: kind.map(str::to_string),
        data_type,
        children,
    }
}

fn label(tree: &Tree) -> String {
    let name = tree
        .unique_id
        .splitn(3, '.')
        .nth(2)
        .unwrap_or(&tree.unique_id);
    let kind = tree
        .kind
        .as_deref()
        .map(|k| format!("{k}: "))
        .unwrap_or_default();
    let data_type = tree
        .data_type
        .as_deref()
        .map(|t| format!("  {t}"))
        .unwrap_or_default();
    format!("{kind}{name}.{}{data_type}", tree.column)
}

fn render(children: &[Tree], prefix: &str, out: &mut String) {
    for (index, child) in children.iter().enumerate() {
        let last = index + 1 == children.len();
        let _ = writeln!(
            out,
            "{prefix}{}{}",
            if last { "└── " } else { "├── " },
            label(child)
        );
        let deeper = format!("{prefix}{}", if last { "    " } else { "│   " });
        render(&child.children, &deeper, out);
    }
}
