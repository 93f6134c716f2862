//! The FROM clause: tables from the catalog or CTEs, subqueries, joins (`ON`, `USING`),
//! and `ARRAY JOIN`, into a [`FromScope`].
//!
//! With ClickHouse's default `join_use_nulls = 0` an outer join fills missing rows with
//! the columns' default values, so it changes no type; `SETTINGS join_use_nulls = 1` makes
//! the other side `Nullable`. `JOIN ... USING (c)` merges `c` into one column of the
//! supertype of both sides, which `t.c` on either side also reads.

use super::Issue;
use super::issue::{UNKNOWN_COLUMN, UNKNOWN_TABLE};
use super::lineage::{Lineage, Origin};
use super::query::{Analyser, CteEnv, QueryOutput};
use super::scope::{ColumnRef, FromScope, Lookup, Relation, ScopeColumn, Source, UsingColumn};
use super::typing::least_supertype;
use crate::types::DataType;
use sqlparser::ast::{
    BinaryOperator, Expr, Join, JoinConstraint, JoinOperator, ObjectName, Spanned, TableAlias,
    TableFactor, TableWithJoins,
};

/// Which side of a join keeps all its rows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outer {
    None,
    Left,
    Right,
    Full,
}

impl<'q, 'c> Analyser<'q, 'c> {
    /// Builds the scope of a FROM clause; returns the `ON` conditions too, which are typed
    /// once the SELECT's aliases are known.
    pub(crate) fn relations_of_from(
        &mut self,
        from: &'q [TableWithJoins],
        env: &CteEnv<'_, 'q, 'c>,
    ) -> (FromScope<'c>, Vec<&'q Expr>) {
        let mut scope = FromScope::default();
        let mut conditions = Vec::new();
        let mut after_array_join = false;
        for (index, item) in from.iter().enumerate() {
            // `ARRAY JOIN a AS x, b AS y` parses as an ARRAY JOIN of `a` and a comma join of
            // the "table" `b`: an item right after an ARRAY JOIN continues its list.
            if after_array_join && item.joins.is_empty() {
                self.array_join(&item.relation, env, &mut scope);
                continue;
            }
            if index > 0 {
                scope.joins += 1;
            }
            after_array_join = item.joins.last().is_some_and(|join| {
                matches!(
                    join.join_operator,
                    JoinOperator::ArrayJoin
                        | JoinOperator::LeftArrayJoin
                        | JoinOperator::InnerArrayJoin
                )
            });
            let relation = self.relation(&item.relation, env);
            scope.relations.push(relation);
            for join in &item.joins {
                self.join(join, env, &mut scope, &mut conditions);
            }
        }
        scope.finish();
        (scope, conditions)
    }

    fn join(
        &mut self,
        join: &'q Join,
        env: &CteEnv<'_, 'q, 'c>,
        scope: &mut FromScope<'c>,
        conditions: &mut Vec<&'q Expr>,
    ) {
        let (constraint, outer) = match &join.join_operator {
            JoinOperator::ArrayJoin
            | JoinOperator::LeftArrayJoin
            | JoinOperator::InnerArrayJoin => {
                self.array_join(&join.relation, env, scope);
                return;
            }
            JoinOperator::Join(c)
            | JoinOperator::Inner(c)
            | JoinOperator::CrossJoin(c)
            | JoinOperator::Semi(c)
            | JoinOperator::LeftSemi(c)
            | JoinOperator::RightSemi(c)
            | JoinOperator::Anti(c)
            | JoinOperator::LeftAnti(c)
            | JoinOperator::RightAnti(c) => (c, Outer::None),
            JoinOperator::AsOf { constraint, .. } => (constraint, Outer::None),
            JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => (c, Outer::Left),
            JoinOperator::Right(c) | JoinOperator::RightOuter(c) => (c, Outer::Right),
            JoinOperator::FullOuter(c) => (c, Outer::Full),
            _ => {
                self.unsupported(join.relation.span(), "this kind of join");
                scope.joins += 1;
                scope.relations.push(unknown_relation(None));
                return;
            }
        };
        if let JoinOperator::AsOf {
            match_condition, ..
        } = &join.join_operator
        {
            conditions.push(match_condition);
        }
        scope.joins += 1;
        let mut relation = self.relation(&join.relation, env);
        if self.join_use_nulls {
            if matches!(outer, Outer::Left | Outer::Full) {
                make_nullable(&mut relation);
            }
            if matches!(outer, Outer::Right | Outer::Full) {
                scope.relations.iter_mut().for_each(make_nullable);
            }
        }
        scope.relations.push(relation);
        match constraint {
            JoinConstraint::On(condition) => {
                if matches!(
                    join.join_operator,
                    JoinOperator::Join(_) | JoinOperator::Inner(_)
                ) {
                    scope.finish();
                    equate(condition, scope);
                }
                conditions.push(condition);
            }
            JoinConstraint::Using(names) => self.using(names, scope),
            JoinConstraint::None => {}
            _ => self.unsupported(join.relation.span(), "NATURAL joins"),
        }
    }

    /// Merges the `USING` columns of the relation just added with the left side's.
    fn using(&mut self, names: &'q [ObjectName], scope: &mut FromScope<'c>) {
        let Some(mut right) = scope.relations.pop() else {
            return;
        };
        // Index the left side as it stands, without the new relation.
        let joins = scope.joins;
        scope.joins = joins.saturating_sub(1);
        scope.finish();
        for name in names {
            let Some(ident) = name.0.last().and_then(|part| part.as_ident()) else {
                continue;
            };
            let column_name = ident.value.as_str();
            let right_column = right.columns.iter().position(|c| c.name == column_name);
            let left_lookup = scope.lookup(column_name);
            let (Lookup::Found(left_ref), Some(right_column)) = (&left_lookup, right_column) else {
                if !matches!(left_lookup, Lookup::Open) && !right.open {
                    let side = if matches!(left_lookup, Lookup::Found(_)) {
                        "right"
                    } else {
                        "left"
                    };
                    let span = self.range(name.span());
                    self.issues.push(Issue::error(
                        UNKNOWN_COLUMN,
                        span,
                        format!("`USING` column `{column_name}` is not a column of the {side} side of the join"),
                    ));
                }
                continue;
            };
            let Some(right_side) = right.columns.get_mut(right_column) else {
                continue;
            };
            let (left_type, left_lineage) = scope.resolved(*left_ref);
            let data_type = match (left_type, &right_side.data_type) {
                (Some(a), Some(b)) => least_supertype(&[a.clone(), b.clone()]),
                _ => None,
            };
            let mut lineage = left_lineage.cloned().unwrap_or_default();
            lineage.merge(&right_side.lineage);
            let merged = UsingColumn { data_type, lineage };
            let using_index = match *left_ref {
                ColumnRef::Using(index) => {
                    if let Some(slot) = scope.using.get_mut(index) {
                        *slot = merged;
                    }
                    index
                }
                ColumnRef::Column { relation, column } => {
                    scope.using.push(merged);
                    let index = scope.using.len() - 1;
                    if let Some(left_side) = scope.column_mut(relation, column) {
                        left_side.using = Some(index);
                    }
                    index
                }
            };
            right_side.using = Some(using_index);
            right.using_list.push(using_index);
        }
        scope.relations.push(right);
        scope.joins = joins;
    }

    /// One relation of a FROM clause or join.
    fn relation(&mut self, factor: &'q TableFactor, env: &CteEnv<'_, 'q, 'c>) -> Relation<'c> {
        match factor {
            TableFactor::Table {
                name, alias, args, ..
            } => {
                if args.is_some() {
                    self.unsupported(factor.span(), "table functions");
                    return unknown_relation(alias.as_ref());
                }
                self.table(name, alias.as_ref(), env)
            }
            TableFactor::Derived {
                lateral: false,
                subquery,
                alias,
                ..
            } => {
                let output = self.query(subquery, env, None);
                let mut relation = relation_of(output, alias.as_ref(), Source::Subquery);
                relation.table = None;
                relation
            }
            other => {
                self.unsupported(other.span(), "this kind of FROM item");
                unknown_relation(None)
            }
        }
    }

    /// A named table: a CTE when unqualified and one is visible, else a catalog table.
    fn table(
        &mut self,
        name: &'q ObjectName,
        alias: Option<&'q TableAlias>,
        env: &CteEnv<'_, 'q, 'c>,
    ) -> Relation<'c> {
        let parts: Vec<&str> = name
            .0
            .iter()
            .filter_map(|p| p.as_ident())
            .map(|i| i.value.as_str())
            .collect();
        let span = self.range(name.span());
        match parts.as_slice() {
            [table] => {
                if let Some(output) = self.cte(table, env, span.clone()) {
                    let mut relation = relation_of((*output).clone(), alias, Source::Cte);
                    relation.table = Some((*table).to_string());
                    return relation;
                }
                self.issues.push(Issue::warning(
                    UNKNOWN_TABLE,
                    span,
                    format!("`{table}` is neither a CTE nor a table with a database; its columns are unknown"),
                ));
                let mut relation = unknown_relation(alias);
                relation.table = Some((*table).to_string());
                relation
            }
            [database, table] => match self.catalog.table(database, table) {
                Some(upstream) => {
                    let columns = upstream
                        .columns
                        .iter()
                        .enumerate()
                        .map(|(index, column)| {
                            ScopeColumn::new(
                                column.name.clone(),
                                column.data_type.clone(),
                                Lineage::direct(Origin {
                                    table: upstream,
                                    column: index,
                                }),
                            )
                        })
                        .collect();
                    Relation {
                        alias: alias.map(|a| a.name.value.clone()),
                        database: Some((*database).to_string()),
                        table: Some((*table).to_string()),
                        source: Source::Upstream(upstream),
                        columns,
                        open: false,
                        using_list: Vec::new(),
                    }
                }
                None => {
                    self.issues.push(Issue::warning(
                        UNKNOWN_TABLE,
                        span,
                        format!("`{database}.{table}` is not a model, seed or source of the project; its columns are unknown"),
                    ));
                    let mut relation = unknown_relation(alias);
                    relation.database = Some((*database).to_string());
                    relation.table = Some((*table).to_string());
                    relation
                }
            },
            _ => {
                self.unsupported(name.span(), "this table name");
                unknown_relation(alias)
            }
        }
    }
}

/// Records the same-named columns an inner join's `ON a.x = b.x [AND ...]` equates between
/// the new relation and the ones before it.
fn equate(condition: &Expr, scope: &mut FromScope<'_>) {
    match condition {
        Expr::Nested(inner) => equate(inner, scope),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            equate(left, scope);
            equate(right, scope);
        }
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => {
            let newest = scope.relations.len().saturating_sub(1);
            if let (Some(a), Some(b)) = (column_of(left, scope), column_of(right, scope))
                && a.0 != b.0
                && (a.0 == newest || b.0 == newest)
                && scope.column(a.0, a.1).map(|c| &c.name)
                    == scope.column(b.0, b.1).map(|c| &c.name)
            {
                scope.equated.push((a, b));
            }
        }
        _ => {}
    }
}

/// The column a plain identifier in an ON condition names.
fn column_of(expr: &Expr, scope: &FromScope<'_>) -> Option<(usize, usize)> {
    let lookup = match expr {
        Expr::Identifier(ident) => scope.lookup(&ident.value),
        Expr::CompoundIdentifier(parts) => {
            let names: Vec<&str> = parts.iter().map(|part| part.value.as_str()).collect();
            let (column, qualifier) = names.split_last()?;
            scope.lookup_qualified(qualifier, column)
        }
        _ => return None,
    };
    match lookup {
        Lookup::Found(ColumnRef::Column { relation, column }) => Some((relation, column)),
        _ => None,
    }
}

/// A relation over a query's output, renamed by `AS t(a, b)` column aliases.
fn relation_of<'c>(
    output: QueryOutput<'c>,
    alias: Option<&TableAlias>,
    source: Source<'c>,
) -> Relation<'c> {
    let renames: Vec<&str> = alias.map_or_else(Vec::new, |a| {
        a.columns.iter().map(|c| c.name.value.as_str()).collect()
    });
    let columns = output
        .columns
        .into_iter()
        .enumerate()
        .map(|(index, column)| {
            let name = renames
                .get(index)
                .map_or(column.name, |name| (*name).to_string());
            ScopeColumn::new(name, column.data_type, column.lineage)
        })
        .collect();
    Relation {
        alias: alias.map(|a| a.name.value.clone()),
        database: None,
        table: None,
        source,
        columns,
        open: output.open,
        using_list: Vec::new(),
    }
}

pub(crate) fn unknown_relation<'c>(alias: Option<&TableAlias>) -> Relation<'c> {
    Relation {
        alias: alias.map(|a| a.name.value.clone()),
        database: None,
        table: None,
        source: Source::Unknown,
        columns: Vec::new(),
        open: true,
        using_list: Vec::new(),
    }
}

fn make_nullable(relation: &mut Relation<'_>) {
    for column in &mut relation.columns {
        column.data_type = column.data_type.as_ref().map(DataType::make_nullable);
    }
}
