//! Identifier resolution: what a name in an expression refers to.
//!
//! ClickHouse's analyzer (26.x) resolves identifiers in this order, and so does kiln. Each
//! row is tested by the case of the same name in `tests/cases.yaml` (`resolution row N`).
//!
//! | row | written | looked up as | example |
//! | --- | --- | --- | --- |
//! | 1 | `x` | a lambda parameter, innermost lambda first | `arrayMap(x -> x + 1, xs)` |
//! | 2 | `x` | an alias of the current SELECT, unless the identifier sits inside that alias's own definition (also through other aliases); then a scalar `WITH <expr> AS x` of this query or an enclosing one, typed here | `sum(revenue) AS revenue, revenue / 2` |
//! | 3 | `x` | an `ARRAY JOIN` column (its alias, or the array column itself when unaliased, which then means the element) | `ARRAY JOIN tags AS tag` |
//! | 4 | `x` | a `JOIN ... USING (x)` column: one merged column | `a JOIN b USING (id)` |
//! | 5 | `x` | the column of the one FROM relation that has it; in a single JOIN the left table wins when both have it; with more joins it is ambiguous | `a JOIN b ON ...` |
//! | 6 | `x` | rows 2 to 5 in the enclosing query, for a subquery in an expression | `(SELECT max(y) FROM t WHERE t.k = k)` |
//! | 7 | `a.b` | a lambda parameter or SELECT alias `a` (rows 1, 2), then tuple element `b` | `tup AS t, t.b` |
//! | 8 | `a.b` | relation `a` (alias, or table or CTE name, also when the table has an alias), then its column `b` | `orders.order_id` |
//! | 9 | `a.b` | column `a` (rows 3 to 5) of tuple type, then element `b`; else a column literally named `a.b` | `point.x` |
//! | 10 | `d.t.c` | the relation of database `d` and table `t`, then its column `c` | `analytics.orders.id` |
//! | 11 | `a.b`, `d.t.c` | rows 7 to 10 in the enclosing query | |
//! | 12 | `t` in FROM | the CTE `t` of the innermost `WITH` that defines one, then the enclosing ones; `d.t` is always a catalog table | `WITH t AS (...) SELECT * FROM t` |
//!
//! Identifiers are case-sensitive. A name found nowhere is an `unknown-column` error (with
//! did-you-mean), unless a relation with unknown columns is in scope, when its type is
//! unknown instead.

use super::Issue;
use super::expr::{ExprContext, FreeRef, Typed, key_of};
use super::issue::{
    AMBIGUOUS_COLUMN, UNKNOWN_COLUMN, UNKNOWN_TABLE_ALIAS, UPSTREAM_COLUMN_MISSING,
};
use super::query::Analyser;
use super::scope::{ColumnRef, Lookup, Source};
use super::select::SelectScope;
use crate::diagnostic::did_you_mean;
use crate::types::DataType;
use sqlparser::ast::Ident;
use std::ops::Range;

/// A resolved identifier: its value and the name ClickHouse gives it as a SELECT item.
pub(crate) struct Resolved<'c> {
    pub(crate) typed: Typed<'c>,
    pub(crate) name: String,
}

impl<'q, 'c> Analyser<'q, 'c> {
    /// Resolves an identifier of one or more parts, reporting what cannot be resolved.
    pub(crate) fn identifier(
        &mut self,
        parts: &'q [Ident],
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Resolved<'c> {
        let span = match (parts.first(), parts.last()) {
            (Some(first), Some(last)) => {
                let start = self.range(first.span).start;
                start..self.range(last.span).end.max(start)
            }
            _ => self.lines.whole(),
        };
        let names: Vec<&'q str> = parts.iter().map(|part| part.value.as_str()).collect();
        let written = names.join(".");
        if let Some(resolved) = self.resolve_in(&names, ctx.scope, Some(ctx), &span) {
            return resolved;
        }
        let mut outer = ctx.scope.outer;
        while let Some(scope) = outer {
            if let Some(mut resolved) = self.resolve_in(&names, scope, None, &span) {
                // Values of the enclosing query are fixed for this one: not grouped here.
                resolved.typed.free.clear();
                resolved.typed.key = key_of("outer", &[resolved.typed.key]);
                self.outer_references += 1;
                return resolved;
            }
            outer = scope.outer;
        }
        self.report_unresolved(&names, ctx, span.clone());
        Resolved {
            typed: Typed::unknown(key_of(&written, &[span.start as u64])),
            name: written,
        }
    }

    /// Rows 1 to 5 and 7 to 10 of the table in one scope; `None` when nothing matches.
    fn resolve_in(
        &mut self,
        names: &[&'q str],
        scope: &SelectScope<'_, 'q, 'c>,
        ctx: Option<&ExprContext<'_, '_, 'q, 'c>>,
        span: &Range<usize>,
    ) -> Option<Resolved<'c>> {
        let (first, rest) = names.split_first()?;
        // Rows 1, 2 and 7: lambda parameters and aliases, for `x` and `x.element`.
        let head = ctx
            .and_then(|ctx| ctx.lambda(first))
            .or_else(|| self.alias(scope, first));
        if let Some(head) = head {
            // `a.b` where `a` is both an alias and a relation: ClickHouse takes the alias
            // only when it is a tuple with element `b` (checked on 26.9: `count() AS events,
            // events.country_code FROM t AS events` reads the table's column).
            let alias_has_element = match (
                rest.first(),
                head.data_type.as_ref().map(DataType::value_type),
            ) {
                (Some(element), Some(DataType::NamedTuple(fields))) => {
                    fields.iter().any(|f| f.name == *element)
                }
                _ => false,
            };
            if rest.is_empty() || alias_has_element || !scope.from.has_relation(&[*first]) {
                return Some(self.elements(head, first, rest, span));
            }
        }
        // Rows 3, 4 and 5.
        if rest.is_empty() {
            return match scope.from.lookup(first) {
                Lookup::Found(reference) => Some(Resolved {
                    typed: self.column_value(scope, reference, first, span),
                    name: (*first).to_string(),
                }),
                Lookup::Open => Some(Resolved {
                    typed: Typed::unknown(key_of(first, &[])),
                    name: (*first).to_string(),
                }),
                Lookup::Ambiguous(relations) => {
                    let tables: Vec<String> = relations
                        .iter()
                        .filter_map(|r| scope.from.relations.get(*r))
                        .filter_map(|r| r.alias.clone().or_else(|| r.table.clone()))
                        .map(|t| format!("`{t}`"))
                        .collect();
                    self.issues.push(
                        Issue::error(
                            AMBIGUOUS_COLUMN,
                            span.clone(),
                            format!(
                                "column `{first}` is ambiguous: {} all have it",
                                tables.join(", ")
                            ),
                        )
                        .with_help(Some(format!(
                            "qualify it, as in `{}.{first}`",
                            tables.first().map_or("t", |t| t.trim_matches('`'))
                        ))),
                    );
                    Some(Resolved {
                        typed: Typed::unknown(key_of(first, &[])),
                        name: (*first).to_string(),
                    })
                }
                _ => None,
            };
        }
        // Rows 8 and 10: a relation qualifier, the longest that names a relation.
        for split in (1..names.len()).rev() {
            let (qualifier, tail) = names.split_at(split);
            if !scope.from.has_relation(qualifier) {
                continue;
            }
            let (column, elements) = tail.split_first()?;
            return Some(match scope.from.lookup_qualified(qualifier, column) {
                Lookup::Found(reference) => {
                    let mut resolved = Resolved {
                        typed: self.column_value(scope, reference, column, span),
                        name: (*column).to_string(),
                    };
                    if column_clashes(scope, reference, qualifier) {
                        resolved.name = format!("{}.{column}", qualifier.join("."));
                    }
                    if elements.is_empty() {
                        resolved
                    } else {
                        self.elements(resolved.typed, column, elements, span)
                    }
                }
                Lookup::NotFound(relation) => {
                    self.report_missing_in_relation(scope, relation, column, span.clone());
                    Resolved {
                        typed: Typed::unknown(key_of(column, &[span.start as u64])),
                        name: (*column).to_string(),
                    }
                }
                _ => Resolved {
                    typed: Typed::unknown(key_of(column, &[])),
                    name: (*column).to_string(),
                },
            });
        }
        // Row 9: a tuple column, or a column whose name has a dot.
        if let Lookup::Found(reference) = scope.from.lookup(first) {
            let head = self.column_value(scope, reference, first, span);
            return Some(self.elements(head, first, rest, span));
        }
        let dotted = names.join(".");
        match scope.from.lookup(&dotted) {
            Lookup::Found(reference) => Some(Resolved {
                typed: self.column_value(scope, reference, &dotted, span),
                name: dotted.clone(),
            }),
            _ => None,
        }
    }

    /// `head.a.b`: named tuple elements; unknown when `head` is not a named tuple.
    fn elements(
        &mut self,
        head: Typed<'c>,
        first: &str,
        rest: &[&str],
        span: &Range<usize>,
    ) -> Resolved<'c> {
        let mut typed = head;
        for element in rest {
            let data_type = match typed.data_type.as_ref().map(DataType::value_type) {
                Some(DataType::NamedTuple(fields)) => fields
                    .iter()
                    .find(|field| field.name == *element)
                    .map(|field| field.data_type.clone()),
                _ => None,
            };
            if typed.data_type.is_some() && data_type.is_none() {
                self.issues.push(Issue::error(
                    UNKNOWN_COLUMN,
                    span.clone(),
                    format!("`{first}` has no element `{element}`"),
                ));
            }
            let key = key_of("tupleElement", &[typed.key, key_of(element, &[])]);
            typed = Typed::derived(data_type, key, vec![typed]);
        }
        let mut name = first.to_string();
        for element in rest {
            name.push('.');
            name.push_str(element);
        }
        Resolved { typed, name }
    }

    /// The value of a column of the FROM clause.
    pub(crate) fn column_value(
        &mut self,
        scope: &SelectScope<'_, 'q, 'c>,
        reference: ColumnRef,
        name: &str,
        span: &Range<usize>,
    ) -> Typed<'c> {
        let (data_type, lineage) = scope.from.resolved(reference);
        let key = match reference {
            ColumnRef::Column { relation, column } => {
                key_of("column", &[relation as u64, column as u64])
            }
            ColumnRef::Using(index) => key_of("using", &[index as u64]),
        };
        let mut typed = Typed::unknown(key);
        typed.data_type = data_type.cloned();
        typed.lineage = lineage.cloned().unwrap_or_default();
        typed.constant = false;
        if !scope.group_keys.contains(&key) {
            typed.free.push(FreeRef {
                span: span.clone(),
                name: name.to_string(),
            });
        }
        typed
    }

    fn report_unresolved(
        &mut self,
        names: &[&str],
        ctx: &ExprContext<'_, '_, 'q, 'c>,
        span: Range<usize>,
    ) {
        let scope = ctx.scope;
        let written = names.join(".");
        if names.len() > 1 {
            let qualifier = names.first().copied().unwrap_or_default();
            let help = did_you_mean(qualifier, scope.from.relation_names());
            self.issues.push(
                Issue::error(
                    UNKNOWN_TABLE_ALIAS,
                    span,
                    format!(
                        "`{qualifier}` in `{written}` is not a table, alias or column in scope"
                    ),
                )
                .with_help(help),
            );
            return;
        }
        let candidates: Vec<&str> = scope
            .from
            .names()
            .chain(scope.aliases.iter().map(|alias| alias.name))
            .chain(ctx.lambdas.iter().map(|param| param.name))
            .collect();
        let help = did_you_mean(
            &written,
            candidates.iter().copied().filter(|c| *c != written),
        );
        let upstream: Vec<&str> = scope
            .from
            .relations
            .iter()
            .filter_map(|relation| match relation.source {
                Source::Upstream(table) => Some(table.unique_id.as_str()),
                _ => None,
            })
            .collect();
        let issue = match upstream.as_slice() {
            [unique_id] if scope.from.relations.len() == 1 => Issue::error(
                UPSTREAM_COLUMN_MISSING,
                span,
                format!("column `{written}` is not in `{unique_id}`"),
            ),
            _ => Issue::error(UNKNOWN_COLUMN, span, format!("unknown column `{written}`")),
        };
        self.issues.push(issue.with_help(help));
    }

    fn report_missing_in_relation(
        &mut self,
        scope: &SelectScope<'_, 'q, 'c>,
        relation: Option<usize>,
        column: &str,
        span: Range<usize>,
    ) {
        let Some(relation) = relation.and_then(|r| scope.from.relations.get(r)) else {
            return;
        };
        let help = did_you_mean(column, relation.columns.iter().map(|c| c.name.as_str()));
        let label = relation
            .alias
            .clone()
            .or_else(|| relation.table.clone())
            .unwrap_or_default();
        let issue = match relation.source {
            Source::Upstream(table) => Issue::error(
                UPSTREAM_COLUMN_MISSING,
                span,
                format!("column `{column}` is not in `{}`", table.unique_id),
            ),
            _ => Issue::error(
                UNKNOWN_COLUMN,
                span,
                format!("`{label}` has no column `{column}`"),
            ),
        };
        self.issues.push(issue.with_help(help));
    }
}

/// Whether ClickHouse names `qualifier.column` after its qualifier as a SELECT item.
fn column_clashes(
    scope: &SelectScope<'_, '_, '_>,
    reference: ColumnRef,
    qualifier: &[&str],
) -> bool {
    match reference {
        // Read through the table, an `ARRAY JOIN` element is named after the table.
        ColumnRef::Column { relation, .. }
            if scope
                .from
                .relations
                .get(relation)
                .is_some_and(|r| matches!(r.source, Source::ArrayJoin)) =>
        {
            true
        }
        ColumnRef::Column { relation, column } => scope
            .from
            .column(relation, column)
            .is_some_and(|c| c.clashes),
        // A USING column read through the right table keeps the qualifier.
        ColumnRef::Using(index) => scope
            .from
            .relations
            .iter()
            .position(|relation| relation.columns.iter().any(|c| c.using == Some(index)))
            .is_some_and(|first| {
                scope.from.relations.get(first).is_some_and(|r| {
                    let names_it = |name: &str| {
                        r.alias.as_deref() == Some(name) || r.table.as_deref() == Some(name)
                    };
                    !qualifier.last().is_some_and(|q| names_it(q))
                })
            }),
    }
}
