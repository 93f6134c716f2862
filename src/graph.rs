//! The dependency graph: a stable topological order, and every cycle reported whole.
//!
//! The order is Kahn's algorithm with a deterministic tie-break: among ready nodes, data
//! tests first (so each test runs right after what it tests, as dbt's `build` does), then
//! the node declared first. The same project always yields the same bundle.

use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The graph's view of a node: its parents (indices) and whether it is a data test.
#[derive(Debug, Clone, Default)]
pub struct GraphNode {
    pub parents: Vec<usize>,
    pub is_test: bool,
}

/// A topological order, or the cycles that prevent one (each as node indices in order).
pub fn order(nodes: &[GraphNode]) -> Result<Vec<usize>, Vec<Vec<usize>>> {
    let cycles = cycles(nodes);
    if !cycles.is_empty() {
        return Err(cycles);
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut waiting: Vec<usize> = vec![0; nodes.len()];
    for (index, node) in nodes.iter().enumerate() {
        let mut parents = node.parents.clone();
        parents.sort_unstable();
        parents.dedup();
        for parent in parents {
            if let (Some(list), Some(count)) = (children.get_mut(parent), waiting.get_mut(index)) {
                list.push(index);
                *count += 1;
            }
        }
    }
    let priority = |index: usize| Reverse((!nodes.get(index).is_some_and(|n| n.is_test), index));
    let mut ready: BinaryHeap<Reverse<(bool, usize)>> = (0..nodes.len())
        .filter(|i| waiting.get(*i) == Some(&0))
        .map(priority)
        .collect();
    let mut order = Vec::with_capacity(nodes.len());
    while let Some(Reverse((_, index))) = ready.pop() {
        order.push(index);
        for &child in children.get(index).map_or(&[][..], Vec::as_slice) {
            if let Some(count) = waiting.get_mut(child) {
                *count -= 1;
                if *count == 0 {
                    ready.push(priority(child));
                }
            }
        }
    }
    Ok(order)
}

/// Every cycle, as the nodes of a strongly connected component walked in dependency order.
fn cycles(nodes: &[GraphNode]) -> Vec<Vec<usize>> {
    let mut graph = DiGraph::<usize, ()>::with_capacity(nodes.len(), nodes.len());
    let indices: Vec<_> = (0..nodes.len()).map(|i| graph.add_node(i)).collect();
    for (index, node) in nodes.iter().enumerate() {
        for &parent in &node.parents {
            if let (Some(&from), Some(&to)) = (indices.get(parent), indices.get(index)) {
                graph.add_edge(from, to, ());
            }
        }
    }
    let mut found = Vec::new();
    for component in tarjan_scc(&graph) {
        let members: Vec<usize> = component.iter().map(|n| n.index()).collect();
        let is_cycle = members.len() > 1
            || members
                .first()
                .is_some_and(|&m| nodes.get(m).is_some_and(|n| n.parents.contains(&m)));
        if is_cycle {
            found.push(walk_cycle(nodes, &members));
        }
    }
    found.sort();
    found
}

/// Orders a cycle's members so each depends on the one before: `a -> b -> c -> (a)`.
fn walk_cycle(nodes: &[GraphNode], members: &[usize]) -> Vec<usize> {
    let Some(&start) = members.iter().min() else {
        return Vec::new();
    };
    let mut path = vec![start];
    let mut current = start;
    while path.len() < members.len() {
        // The next node is a member that depends on `current` and is not yet on the path.
        let next = members
            .iter()
            .copied()
            .filter(|m| !path.contains(m))
            .find(|m| nodes.get(*m).is_some_and(|n| n.parents.contains(&current)));
        match next {
            Some(next) => {
                path.push(next);
                current = next;
            }
            None => break,
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(parents: &[usize], is_test: bool) -> GraphNode {
        GraphNode {
            parents: parents.to_vec(),
            is_test,
        }
    }

    #[test]
    fn tests_run_as_soon_as_their_parent_is_built() {
        let nodes = [
            node(&[], false),
            node(&[], false),
            node(&[0], false),
            node(&[0], true),
        ];
        assert_eq!(order(&nodes).ok(), Some(vec![0, 3, 1, 2]));
    }

    #[test]
    fn cycles_are_reported_whole() {
        let nodes = [
            node(&[2], false),
            node(&[0], false),
            node(&[1], false),
            node(&[], false),
        ];
        assert_eq!(order(&nodes).err(), Some(vec![vec![0, 1, 2]]));
    }
}
