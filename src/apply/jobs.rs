//! The run's jobs, planned from the manifest before anything is sent: which nodes run, what
//! each waits for, and each node's hash for the up-to-date check. Pure data, no I/O.
//!
//! Build order follows dbt's `build`: a node waits for its parents and for the data tests
//! attached to its parents, so a failing error-severity test stops everything downstream.

use crate::compile::sha256_hex;
use crate::manifest::{Manifest, ManifestNode};
use crate::node::ResourceType;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone)]
pub struct Job {
    pub unique_id: String,
    /// Indices of the jobs this one waits for.
    pub waits_for: Vec<usize>,
    /// sha256 of the node's statements and of its upstream nodes' hashes.
    pub node_hash: String,
    /// True when the node reads a source, transitively: its input changes outside kiln,
    /// so it is never skipped as up to date.
    pub reads_sources: bool,
}

/// Plans the jobs for `selected` unique ids (all executable nodes when `None`), in
/// execution order. `with_upstream` adds every executable ancestor of the selection.
pub fn plan(
    manifest: &Manifest,
    selected: Option<&HashSet<String>>,
    with_upstream: bool,
) -> Vec<Job> {
    let executable: HashSet<&str> = manifest
        .execution_order
        .iter()
        .map(String::as_str)
        .collect();
    let mut hashes: HashMap<&str, String> = HashMap::new();
    let mut reads_sources: HashMap<&str, bool> = HashMap::new();
    // Hashes in execution order, so every parent's hash is known first. Ephemeral models
    // are not executed but their SQL is inlined into readers; their hash still chains.
    let all_ordered = topological_all(manifest);
    for unique_id in &all_ordered {
        let Some(node) = manifest.nodes.get(unique_id.as_str()) else {
            continue;
        };
        let mut parts = vec![serde_json::to_string(&node.statements).unwrap_or_default()];
        parts.push(serde_json::to_string(&node.incremental_statements).unwrap_or_default());
        parts.push(node.compiled_code.clone().unwrap_or_default());
        let mut from_sources = false;
        for parent in &node.depends_on.nodes {
            if parent.starts_with("source.") {
                from_sources = true;
            }
            parts.push(hashes.get(parent.as_str()).cloned().unwrap_or_default());
            from_sources |= reads_sources.get(parent.as_str()).copied().unwrap_or(false);
        }
        hashes.insert(
            unique_id.as_str(),
            sha256_hex(parts.join("\u{0}").as_bytes()),
        );
        reads_sources.insert(unique_id.as_str(), from_sources);
    }

    let mut chosen: HashSet<String> = match selected {
        Some(selected) => selected
            .iter()
            .filter(|id| executable.contains(id.as_str()))
            .cloned()
            .collect(),
        None => executable.iter().map(|id| id.to_string()).collect(),
    };
    if with_upstream {
        let mut stack: Vec<String> = chosen.iter().cloned().collect();
        while let Some(id) = stack.pop() {
            for parent in manifest
                .nodes
                .get(&id)
                .map(|n| n.depends_on.nodes.clone())
                .unwrap_or_default()
            {
                if manifest.nodes.contains_key(&parent) && chosen.insert(parent.clone()) {
                    stack.push(parent);
                }
            }
        }
        chosen.retain(|id| executable.contains(id.as_str()));
    }

    let order: Vec<&String> = manifest
        .execution_order
        .iter()
        .filter(|id| chosen.contains(*id))
        .collect();
    let position: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let tests_of: HashMap<&str, Vec<&str>> = tests_by_attached_node(manifest);
    order
        .iter()
        .map(|unique_id| {
            let node = manifest.nodes.get(unique_id.as_str());
            let mut waits_for = Vec::new();
            for parent in executable_parents(manifest, node) {
                if let Some(&p) = position.get(parent.as_str()) {
                    waits_for.push(p);
                }
                let is_test = node.is_some_and(|n| n.resource_type == ResourceType::Test);
                if !is_test {
                    for test in tests_of.get(parent.as_str()).map_or(&[][..], Vec::as_slice) {
                        if let Some(&t) = position.get(*test) {
                            waits_for.push(t);
                        }
                    }
                }
            }
            waits_for.sort_unstable();
            waits_for.dedup();
            Job {
                unique_id: unique_id.to_string(),
                waits_for,
                node_hash: hashes.get(unique_id.as_str()).cloned().unwrap_or_default(),
                reads_sources: reads_sources
                    .get(unique_id.as_str())
                    .copied()
                    .unwrap_or(false),
            }
        })
        .collect()
}

/// Every node id, parents before children (ephemeral models included).
fn topological_all(manifest: &Manifest) -> Vec<String> {
    let mut done: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for id in manifest.nodes.keys() {
        visit(manifest, id, &mut done, &mut out);
    }
    out
}

fn visit(manifest: &Manifest, id: &str, done: &mut HashSet<String>, out: &mut Vec<String>) {
    // The manifest comes from compile, which rejects cycles, so recursion ends; `done` is
    // marked before descending so a hand-edited cyclic manifest cannot loop forever.
    if !done.insert(id.to_string()) {
        return;
    }
    if let Some(node) = manifest.nodes.get(id) {
        for parent in &node.depends_on.nodes {
            visit(manifest, parent, done, out);
        }
        out.push(id.to_string());
    }
}

/// The executable ancestors reached through non-executable (ephemeral) parents.
fn executable_parents(manifest: &Manifest, node: Option<&ManifestNode>) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack: Vec<String> = node.map(|n| n.depends_on.nodes.clone()).unwrap_or_default();
    let mut seen = HashSet::new();
    while let Some(parent) = stack.pop() {
        if !seen.insert(parent.clone()) {
            continue;
        }
        match manifest.nodes.get(&parent) {
            Some(p) if p.statements.is_empty() => stack.extend(p.depends_on.nodes.iter().cloned()),
            Some(_) => found.push(parent),
            None => {}
        }
    }
    found
}

fn tests_by_attached_node(manifest: &Manifest) -> HashMap<&str, Vec<&str>> {
    let mut map: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, node) in &manifest.nodes {
        if let Some(attached) = &node.attached_node {
            map.entry(attached.as_str()).or_default().push(id.as_str());
        }
    }
    map
}

/// Every job that transitively waits for `failed`.
pub fn descendants(jobs: &[Job], failed: usize) -> Vec<usize> {
    let mut marked = vec![false; jobs.len()];
    let mut out = Vec::new();
    // Jobs are in execution order, so one forward pass finds every descendant.
    if let Some(slot) = marked.get_mut(failed) {
        *slot = true;
    }
    for (index, job) in jobs.iter().enumerate().skip(failed + 1) {
        if job
            .waits_for
            .iter()
            .any(|&w| marked.get(w).copied().unwrap_or(false))
        {
            if let Some(slot) = marked.get_mut(index) {
                *slot = true;
            }
            out.push(index);
        }
    }
    out
}
