//! Evaluating selections over a [`SelectionGraph`]: per criterion, the method's matches,
//! then graph operators, then eager indirect test selection; then intersections, unions
//! and exclusions as set operations.

use super::matching::node_matches;
use super::{Criterion, Intersection, Reach, Selection, SelectionGraph};

/// The selected node indices in ascending order. No `select` value means every node;
/// several union. A node matched by any `exclude` value is removed.
pub fn select(graph: &SelectionGraph, select: &[Selection], exclude: &[Selection]) -> Vec<usize> {
    let mut chosen = if select.is_empty() {
        NodeSet::full(graph.nodes.len())
    } else {
        let mut union = NodeSet::empty(graph.nodes.len());
        for selection in select {
            union.union_with(&selection_nodes(graph, selection));
        }
        union
    };
    for selection in exclude {
        chosen.subtract(&selection_nodes(graph, selection));
    }
    chosen.indices()
}

/// The members of `selection`, as the user wrote them, that select no node.
pub fn unmatched(graph: &SelectionGraph, selection: &Selection) -> Vec<String> {
    selection
        .members
        .iter()
        .filter(|member| intersection_nodes(graph, member).is_empty())
        .map(|member| member.text.clone())
        .collect()
}

fn selection_nodes(graph: &SelectionGraph, selection: &Selection) -> NodeSet {
    let mut union = NodeSet::empty(graph.nodes.len());
    for member in &selection.members {
        union.union_with(&intersection_nodes(graph, member));
    }
    union
}

fn intersection_nodes(graph: &SelectionGraph, member: &Intersection) -> NodeSet {
    let mut criteria = member.criteria.iter();
    let Some(first) = criteria.next() else {
        return NodeSet::empty(graph.nodes.len());
    };
    let mut nodes = criterion_nodes(graph, first);
    for criterion in criteria {
        nodes.intersect_with(&criterion_nodes(graph, criterion));
    }
    nodes
}

fn criterion_nodes(graph: &SelectionGraph, criterion: &Criterion) -> NodeSet {
    let count = graph.nodes.len();
    let mut matched = NodeSet::empty(count);
    for (index, node) in graph.nodes.iter().enumerate() {
        if node_matches(graph, node, &criterion.method) {
            matched.insert(index);
        }
    }
    let mut nodes = matched.clone();
    if let Some(reach) = criterion.parents {
        nodes.union_with(&walk(&graph.parents, &matched, reach));
    }
    if let Some(reach) = criterion.children {
        nodes.union_with(&walk(&graph.children, &matched, reach));
    }
    if criterion.childrens_parents {
        let mut descendants = walk(&graph.children, &matched, Reach::All);
        descendants.union_with(&matched);
        nodes.union_with(&walk(&graph.parents, &descendants, Reach::All));
        nodes.union_with(&descendants);
    }
    add_attached_tests(graph, &mut nodes);
    nodes
}

/// dbt's eager indirect selection: a test joins when any node it tests is selected.
fn add_attached_tests(graph: &SelectionGraph, nodes: &mut NodeSet) {
    let tests: Vec<usize> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| {
            node.attached_to
                .iter()
                .any(|target| nodes.contains(*target))
        })
        .map(|(index, _)| index)
        .collect();
    for test in tests {
        nodes.insert(test);
    }
}

/// The nodes reachable from `start` along `edges` within `reach` steps, breadth first;
/// `start` itself only when it is reached from another start node.
fn walk(edges: &[Vec<usize>], start: &NodeSet, reach: Reach) -> NodeSet {
    let mut seen = start.clone();
    let mut reached = NodeSet::empty(start.len());
    let mut frontier = start.indices();
    let mut depth: u32 = 0;
    while !frontier.is_empty() && reach != Reach::Depth(depth) {
        depth = depth.saturating_add(1);
        let mut next = Vec::new();
        for node in frontier {
            for &neighbour in edges.get(node).into_iter().flatten() {
                if neighbour < seen.len() && !seen.contains(neighbour) {
                    seen.insert(neighbour);
                    reached.insert(neighbour);
                    next.push(neighbour);
                }
            }
        }
        frontier = next;
    }
    reached
}

/// A set of node indices as one flag per node; indices past the end are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NodeSet(Vec<bool>);

impl NodeSet {
    fn empty(count: usize) -> Self {
        NodeSet(vec![false; count])
    }

    fn full(count: usize) -> Self {
        NodeSet(vec![true; count])
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        !self.0.iter().any(|member| *member)
    }

    fn contains(&self, index: usize) -> bool {
        self.0.get(index).copied().unwrap_or(false)
    }

    fn insert(&mut self, index: usize) {
        if let Some(member) = self.0.get_mut(index) {
            *member = true;
        }
    }

    fn union_with(&mut self, other: &NodeSet) {
        for (member, other) in self.0.iter_mut().zip(&other.0) {
            *member |= *other;
        }
    }

    fn intersect_with(&mut self, other: &NodeSet) {
        for (member, other) in self.0.iter_mut().zip(&other.0) {
            *member &= *other;
        }
    }

    fn subtract(&mut self, other: &NodeSet) {
        for (member, other) in self.0.iter_mut().zip(&other.0) {
            *member &= !*other;
        }
    }

    fn indices(&self) -> Vec<usize> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, member)| **member)
            .map(|(index, _)| index)
            .collect()
    }
}
