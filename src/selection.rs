//! Glue between the compiled graph and the selector language ([`crate::select`]): builds the
//! selector's view of the nodes and turns selector errors into diagnostics on the argument.

use crate::diagnostic::{self, Diagnostic, SourceFiles, Style};
use crate::manifest::Manifest;
use crate::select::{self, SelectableNode, SelectionGraph};
use std::collections::HashMap;

/// The selected unique ids, in execution-friendly (node) order, and warnings for criteria
/// that matched nothing.
pub struct Selected {
    pub unique_ids: Vec<String>,
    pub warnings: Vec<String>,
}

/// The selector's graph: every node, then every source.
pub fn graph(manifest: &Manifest) -> SelectionGraph {
    let project = &manifest.metadata.project_name;
    let mut nodes: Vec<SelectableNode> = manifest
        .nodes
        .values()
        .map(|node| SelectableNode {
            unique_id: node.unique_id.clone(),
            name: node.name.clone(),
            resource_type: node.resource_type.as_str().to_string(),
            package_name: project.clone(),
            fqn: node.fqn.clone(),
            original_file_path: node.original_file_path.clone(),
            tags: node.tags.clone(),
            materialized: node
                .config
                .get("materialized")
                .and_then(|m| m.as_str())
                .map(str::to_string),
            source_name: None,
            attached_to: Vec::new(),
        })
        .collect();
    for source in manifest.sources.values() {
        nodes.push(SelectableNode {
            unique_id: source.unique_id.clone(),
            name: source.name.clone(),
            resource_type: "source".to_string(),
            package_name: project.clone(),
            fqn: source.fqn.clone(),
            original_file_path: source.original_file_path.clone(),
            tags: source.tags.clone(),
            materialized: None,
            source_name: Some(source.source_name.clone()),
            attached_to: Vec::new(),
        });
    }
    let index_of: HashMap<String, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.unique_id.clone(), i))
        .collect();
    let mut parents = vec![Vec::new(); nodes.len()];
    let mut children = vec![Vec::new(); nodes.len()];
    for (index, node) in manifest.nodes.values().enumerate() {
        for parent in &node.depends_on.nodes {
            if let Some(&p) = index_of.get(parent) {
                if let Some(list) = parents.get_mut(index) {
                    list.push(p);
                }
                if let Some(list) = children.get_mut(p) {
                    list.push(index);
                }
            }
        }
        // A test belongs to the one node it tests (`attached_node`), not to every node it
        // reads: running `dim_customers` alone must not run the relationships test of
        // `fct_orders` that reads it.
        let attached: Vec<usize> = node
            .attached_node
            .iter()
            .filter_map(|p| index_of.get(p).copied())
            .collect();
        if let Some(selectable) = nodes.get_mut(index) {
            selectable.attached_to = attached;
        }
    }
    SelectionGraph {
        nodes,
        parents,
        children,
    }
}

/// Applies `--select`/`--exclude` values. Errors come back rendered, ready to print.
pub fn select_nodes(
    manifest: &Manifest,
    select_args: &[String],
    exclude_args: &[String],
) -> Result<Selected, String> {
    let graph = graph(manifest);
    let mut rendered = String::new();
    let mut parse = |args: &[String], flag: &str| {
        let mut parsed = Vec::new();
        for arg in args {
            match select::parse_selection(arg) {
                Ok(selection) => parsed.push(selection),
                Err(error) => {
                    let mut files = SourceFiles::default();
                    let file = files.add(flag.to_string(), arg.clone());
                    let mut diagnostic =
                        Diagnostic::error("invalid-selector", error.message).at(file, error.span);
                    diagnostic.help = error.help;
                    rendered.push_str(&diagnostic::render(&[diagnostic], &files, Style::Plain));
                }
            }
        }
        parsed
    };
    let select = parse(select_args, "--select");
    let exclude = parse(exclude_args, "--exclude");
    if !rendered.is_empty() {
        return Err(rendered);
    }
    let mut warnings = Vec::new();
    for selection in &select {
        for criterion in select::unmatched(&graph, selection) {
            warnings.push(format!("`{criterion}` matched no node"));
        }
    }
    let unique_ids = select::select(&graph, &select, &exclude)
        .into_iter()
        .filter_map(|i| graph.nodes.get(i).map(|n| n.unique_id.clone()))
        .collect();
    Ok(Selected {
        unique_ids,
        warnings,
    })
}
