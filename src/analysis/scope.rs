//! The columns a SELECT can see: the relations of its FROM clause, with the name index the
//! resolver looks identifiers up in, the `USING` columns merged, and the names ClickHouse
//! gives columns that clash between joined tables.
//!
//! ClickHouse (26.x, `single_join_prefer_left_table = 1`) resolves a name found in both
//! tables of a single JOIN to the left one; with two or more joins it is ambiguous. A
//! selected column whose name is also a column of another joined table is named after its
//! qualifier (`b.x`): the right table's in a single join, every such column with more joins.

use super::UpstreamTable;
use super::lineage::Lineage;
use crate::types::DataType;
use std::collections::HashMap;

/// Where a relation's columns come from.
#[derive(Clone, Copy)]
pub(crate) enum Source<'c> {
    Upstream(&'c UpstreamTable),
    Cte,
    Subquery,
    /// Array elements from `ARRAY JOIN`.
    ArrayJoin,
    /// A table analysis does not know; its columns are unknown.
    Unknown,
}

/// One relation of a FROM clause.
pub(crate) struct Relation<'c> {
    /// `t` in `FROM x AS t`.
    pub(crate) alias: Option<String>,
    pub(crate) database: Option<String>,
    /// The table or CTE name as written, without database.
    pub(crate) table: Option<String>,
    pub(crate) source: Source<'c>,
    pub(crate) columns: Vec<ScopeColumn<'c>>,
    /// The column list is not known: a name found nowhere may be one of its columns.
    pub(crate) open: bool,
    /// The `USING` columns of the join that added this relation, in the list's order.
    pub(crate) using_list: Vec<usize>,
}

impl Relation<'_> {
    /// Whether `qualifier` (one or two parts) names this relation. ClickHouse accepts the
    /// table name even when the table has an alias.
    pub(crate) fn answers_to(&self, qualifier: &[&str]) -> bool {
        match qualifier {
            [name] => self.alias.as_deref() == Some(name) || self.table.as_deref() == Some(name),
            [database, name] => {
                self.database.as_deref() == Some(database) && self.table.as_deref() == Some(name)
            }
            _ => false,
        }
    }

    /// The prefix ClickHouse puts before a clashing column of this relation in `*`, when
    /// kiln is sure of it: the alias, or the table name in a single join.
    pub(crate) fn output_qualifier(&self, joins: usize) -> Option<&str> {
        self.alias
            .as_deref()
            .or_else(|| (joins <= 1).then_some(self.table.as_deref()).flatten())
    }
}

/// One column of a relation.
pub(crate) struct ScopeColumn<'c> {
    pub(crate) name: String,
    pub(crate) data_type: Option<DataType>,
    pub(crate) lineage: Lineage<'c>,
    /// ClickHouse names this column `qualifier.name` when selected (see the module docs).
    pub(crate) clashes: bool,
    /// The `USING` column it is a member of.
    pub(crate) using: Option<usize>,
    /// The `ARRAY JOIN` column (relation, column) that replaced it: `ARRAY JOIN arr`
    /// without an alias makes `arr` mean the element.
    pub(crate) replaced_by: Option<(usize, usize)>,
}

impl<'c> ScopeColumn<'c> {
    pub(crate) fn new(name: String, data_type: Option<DataType>, lineage: Lineage<'c>) -> Self {
        Self {
            name,
            data_type,
            lineage,
            clashes: false,
            using: None,
            replaced_by: None,
        }
    }
}

/// A column merged by `JOIN ... USING (name)`: one column, of the supertype of the sides.
pub(crate) struct UsingColumn<'c> {
    pub(crate) data_type: Option<DataType>,
    pub(crate) lineage: Lineage<'c>,
}

/// What a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ColumnRef {
    Column { relation: usize, column: usize },
    Using(usize),
}

/// The outcome of looking a column up.
#[derive(Debug)]
pub(crate) enum Lookup {
    Found(ColumnRef),
    /// Several relations have it (their indices).
    Ambiguous(Vec<usize>),
    /// Not found, but an open relation may have it.
    Open,
    /// Not found; for a qualified name, the relation it was looked up in.
    NotFound(Option<usize>),
    /// A qualified name whose qualifier names no relation.
    NoSuchRelation,
}

/// The relations of one FROM clause.
#[derive(Default)]
pub(crate) struct FromScope<'c> {
    pub(crate) relations: Vec<Relation<'c>>,
    pub(crate) using: Vec<UsingColumn<'c>>,
    /// JOINs (comma joins included), not counting ARRAY JOIN.
    pub(crate) joins: usize,
    /// Same-named columns an INNER JOIN's `ON a.x = b.x` equates: ClickHouse reads an
    /// unqualified `x` as one column then, even with more joins.
    pub(crate) equated: Vec<((usize, usize), (usize, usize))>,
    by_name: HashMap<String, Vec<(usize, usize)>>,
}

impl<'c> FromScope<'c> {
    /// Builds the name index and marks clashing columns; call once all relations are in.
    pub(crate) fn finish(&mut self) {
        self.by_name.clear();
        for relation in &mut self.relations {
            for column in &mut relation.columns {
                column.clashes = false;
            }
        }
        for (relation_index, relation) in self.relations.iter().enumerate() {
            if matches!(relation.source, Source::ArrayJoin) {
                continue;
            }
            for (column_index, column) in relation.columns.iter().enumerate() {
                self.by_name
                    .entry(column.name.clone())
                    .or_default()
                    .push((relation_index, column_index));
            }
        }
        let mut clashing = Vec::new();
        for entries in self.by_name.values() {
            let units = |entries: &[(usize, usize)]| {
                let mut usings: Vec<usize> = Vec::new();
                let mut count = 0;
                for (relation, column) in entries {
                    match self.column(*relation, *column).and_then(|c| c.using) {
                        Some(using) if usings.contains(&using) => {}
                        Some(using) => {
                            usings.push(using);
                            count += 1;
                        }
                        None => count += 1,
                    }
                }
                count
            };
            if units(entries) < 2 {
                continue;
            }
            for (index, (relation, column)) in entries.iter().enumerate() {
                let is_using = self
                    .column(*relation, *column)
                    .is_some_and(|c| c.using.is_some());
                let clashes = !is_using && (self.joins >= 2 || index > 0);
                if clashes {
                    clashing.push((*relation, *column));
                }
            }
        }
        for (relation, column) in clashing {
            if let Some(column) = self.column_mut(relation, column) {
                column.clashes = true;
            }
        }
        for relation in 0..self.relations.len() {
            for column in 0..self.relations.get(relation).map_or(0, |r| r.columns.len()) {
                let replaced = self
                    .column(relation, column)
                    .and_then(|c| c.replaced_by)
                    .is_some();
                if let (true, Some(column)) = (replaced, self.column_mut(relation, column)) {
                    column.clashes = true;
                }
            }
        }
    }

    pub(crate) fn column(&self, relation: usize, column: usize) -> Option<&ScopeColumn<'c>> {
        self.relations.get(relation)?.columns.get(column)
    }

    pub(crate) fn column_mut(
        &mut self,
        relation: usize,
        column: usize,
    ) -> Option<&mut ScopeColumn<'c>> {
        self.relations.get_mut(relation)?.columns.get_mut(column)
    }

    /// Looks up an unqualified column name.
    pub(crate) fn lookup(&self, name: &str) -> Lookup {
        for (relation_index, relation) in self.relations.iter().enumerate().rev() {
            if !matches!(relation.source, Source::ArrayJoin) {
                continue;
            }
            if let Some(column) = relation.columns.iter().position(|c| c.name == name) {
                return Lookup::Found(ColumnRef::Column {
                    relation: relation_index,
                    column,
                });
            }
        }
        let entries = self.by_name.get(name).map_or(&[][..], Vec::as_slice);
        if let Some(using) = entries
            .iter()
            .find_map(|(relation, column)| self.column(*relation, *column)?.using)
        {
            return Lookup::Found(ColumnRef::Using(using));
        }
        match entries {
            [] if self.relations.iter().any(|relation| relation.open) => Lookup::Open,
            [] => Lookup::NotFound(None),
            [(relation, column)] => Lookup::Found(ColumnRef::Column {
                relation: *relation,
                column: *column,
            }),
            [(relation, column), ..] if self.joins == 1 || self.all_equated(entries) => {
                Lookup::Found(ColumnRef::Column {
                    relation: *relation,
                    column: *column,
                })
            }
            several => Lookup::Ambiguous(several.iter().map(|(relation, _)| *relation).collect()),
        }
    }

    /// Whether equalities of the ON clauses connect all of `entries`.
    fn all_equated(&self, entries: &[(usize, usize)]) -> bool {
        let Some(first) = entries.first() else {
            return false;
        };
        let mut connected = vec![*first];
        let mut grown = true;
        while grown {
            grown = false;
            for (a, b) in &self.equated {
                for (from, to) in [(a, b), (b, a)] {
                    if connected.contains(from) && !connected.contains(to) && entries.contains(to) {
                        connected.push(*to);
                        grown = true;
                    }
                }
            }
        }
        connected.len() == entries.len()
    }

    /// The columns `*` stands for, in ClickHouse's order: a join's `USING` columns first
    /// (once), then the left side's other columns, then the right side's.
    pub(crate) fn star_order(&self) -> Vec<(usize, usize)> {
        let mut order: Vec<(usize, usize)> = Vec::new();
        for (relation_index, relation) in self.relations.iter().enumerate() {
            if matches!(relation.source, Source::ArrayJoin) {
                continue;
            }
            let mut front = Vec::new();
            for using in &relation.using_list {
                if let Some(position) = order
                    .iter()
                    .position(|(r, c)| self.column(*r, *c).is_some_and(|c| c.using == Some(*using)))
                {
                    front.push(order.remove(position));
                }
            }
            let own = relation
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.using.is_some_and(|u| relation.using_list.contains(&u)))
                .map(|(column, _)| (relation_index, column));
            front.extend(order);
            front.extend(own);
            order = front;
        }
        order
    }

    /// Whether `qualifier` names a relation of this scope.
    pub(crate) fn has_relation(&self, qualifier: &[&str]) -> bool {
        self.relations
            .iter()
            .any(|relation| relation.answers_to(qualifier))
    }

    /// Looks up `qualifier.name`.
    pub(crate) fn lookup_qualified(&self, qualifier: &[&str], name: &str) -> Lookup {
        let relation_index = self
            .relations
            .iter()
            .position(|relation| relation.alias.is_some() && relation.answers_to(qualifier))
            .or_else(|| {
                self.relations
                    .iter()
                    .position(|relation| relation.answers_to(qualifier))
            });
        let Some(relation_index) = relation_index else {
            return Lookup::NoSuchRelation;
        };
        let Some(relation) = self.relations.get(relation_index) else {
            return Lookup::NoSuchRelation;
        };
        match relation.columns.iter().position(|c| c.name == name) {
            Some(column_index) => {
                let column = relation.columns.get(column_index);
                if let Some((relation, column)) = column.and_then(|c| c.replaced_by) {
                    return Lookup::Found(ColumnRef::Column { relation, column });
                }
                match column.and_then(|c| c.using) {
                    Some(using) => Lookup::Found(ColumnRef::Using(using)),
                    None => Lookup::Found(ColumnRef::Column {
                        relation: relation_index,
                        column: column_index,
                    }),
                }
            }
            None if relation.open => Lookup::Open,
            None => Lookup::NotFound(Some(relation_index)),
        }
    }

    /// Type and lineage of a resolved column.
    pub(crate) fn resolved(
        &self,
        reference: ColumnRef,
    ) -> (Option<&DataType>, Option<&Lineage<'c>>) {
        match reference {
            ColumnRef::Column { relation, column } => self
                .column(relation, column)
                .map_or((None, None), |c| (c.data_type.as_ref(), Some(&c.lineage))),
            ColumnRef::Using(index) => self
                .using
                .get(index)
                .map_or((None, None), |c| (c.data_type.as_ref(), Some(&c.lineage))),
        }
    }

    /// Every column name in scope, for did-you-mean.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.relations
            .iter()
            .flat_map(|relation| relation.columns.iter().map(|c| c.name.as_str()))
    }

    /// Relation names (aliases and table names), for did-you-mean.
    pub(crate) fn relation_names(&self) -> impl Iterator<Item = &str> {
        self.relations
            .iter()
            .flat_map(|relation| relation.alias.iter().chain(relation.table.iter()))
            .map(String::as_str)
    }
}
