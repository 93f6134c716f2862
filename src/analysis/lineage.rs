//! Column lineage while analysing: which upstream columns a value derives from, and how.
//!
//! An [`Origin`] points at a column of an [`UpstreamTable`] the catalog lent, so lineage is
//! copied around as small values and turned into strings once, at the end. Kinds only grow
//! along a derivation: a plain reference keeps the kind of what it references, any function
//! or operator makes at least `expression`, an aggregate makes `aggregate`.

use super::{LineageEdge, LineageKind, UpstreamTable};

/// One column of an upstream table.
#[derive(Clone, Copy)]
pub(crate) struct Origin<'c> {
    pub(crate) table: &'c UpstreamTable,
    pub(crate) column: usize,
}

impl Origin<'_> {
    fn same(&self, other: &Origin<'_>) -> bool {
        std::ptr::eq(self.table, other.table) && self.column == other.column
    }
}

/// The upstream columns a value derives from, each once, in the order first met.
#[derive(Clone, Default)]
pub(crate) struct Lineage<'c> {
    edges: Vec<(Origin<'c>, LineageKind)>,
}

impl<'c> Lineage<'c> {
    pub(crate) fn direct(origin: Origin<'c>) -> Self {
        Self {
            edges: vec![(origin, LineageKind::Direct)],
        }
    }

    /// The same edges, each at least `kind`.
    pub(crate) fn at_least(mut self, kind: LineageKind) -> Self {
        for edge in &mut self.edges {
            edge.1 = edge.1.max(kind);
        }
        self
    }

    /// Adds the edges of `other`; an origin already present keeps the larger kind.
    pub(crate) fn merge(&mut self, other: &Lineage<'c>) {
        for (origin, kind) in &other.edges {
            match self.edges.iter_mut().find(|(known, _)| known.same(origin)) {
                Some(edge) => edge.1 = edge.1.max(*kind),
                None => self.edges.push((*origin, *kind)),
            }
        }
    }

    pub(crate) fn to_edges(&self) -> Vec<LineageEdge> {
        self.edges
            .iter()
            .map(|(origin, kind)| LineageEdge {
                unique_id: origin.table.unique_id.clone(),
                column: origin
                    .table
                    .columns
                    .get(origin.column)
                    .map(|column| column.name.clone())
                    .unwrap_or_default(),
                kind: *kind,
            })
            .collect()
    }
}
