//! Queries: `WITH` (CTEs, visible to each other and to nested queries, inner ones shadowing
//! outer ones), set operations, and the [`Analyser`] that carries the issues found.
//!
//! A CTE is analysed once, when first read, in the scope of the `WITH` that defines it; a
//! CTE that reads itself (directly or through others) gets a warning and unknown columns.
//!
//! ClickHouse's scalar `WITH <expr> AS name` reaches here as the marker CTE the pre-pass
//! writes (`__kiln_scalar_<n> AS (SELECT <expr> AS name)`). It is no table: `name` is an
//! alias of `<expr>` for every SELECT of the query and of its subqueries, typed where it
//! is used (`WITH u8 * 2 AS d SELECT d FROM t` reads `t.u8`), like a SELECT alias.

use super::issue::{CTE_COLUMN_LIST, UNION_COLUMN_COUNT, UNION_TYPE_MISMATCH, UNSUPPORTED};
use super::lineage::Lineage;
use super::prepass::SCALAR_MARKER;
use super::select::SelectScope;
use super::span::LineIndex;
use super::typing::{FunctionTyping, least_supertype};
use super::{Catalog, Issue};
use crate::types::DataType;
use sqlparser::ast::{CastKind, Expr, Query, SelectItem, SetExpr, SetOperator, Spanned, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// State of one model's analysis: what it reads from and the issues found so far.
pub(crate) struct Analyser<'q, 'c> {
    pub(crate) lines: LineIndex<'q>,
    pub(crate) catalog: &'c dyn Catalog,
    pub(crate) functions: &'c dyn FunctionTyping,
    pub(crate) issues: Vec<Issue>,
    /// `SETTINGS join_use_nulls = 1` on the query: outer joins make the other side Nullable.
    pub(crate) join_use_nulls: bool,
    /// Counts identifiers that skipped an alias because they sit inside its own definition;
    /// an alias typed while this moved is not cached (see `select::AliasState`).
    pub(crate) alias_skips: u64,
    /// Counts identifiers resolved in an enclosing query: a subquery during which this
    /// moved is correlated.
    pub(crate) outer_references: u64,
}

/// One output column of a query.
#[derive(Clone)]
pub(crate) struct OutputColumn<'c> {
    pub(crate) name: String,
    pub(crate) data_type: Option<DataType>,
    pub(crate) lineage: Lineage<'c>,
    /// False when ClickHouse's name for the column is not known for sure.
    pub(crate) name_known: bool,
}

/// The columns a query produces.
#[derive(Clone, Default)]
pub(crate) struct QueryOutput<'c> {
    pub(crate) columns: Vec<OutputColumn<'c>>,
    /// The column list itself is not known (`SELECT *` from an unknown table).
    pub(crate) open: bool,
}

impl QueryOutput<'_> {
    pub(crate) fn unknown() -> Self {
        Self {
            columns: Vec::new(),
            open: true,
        }
    }
}

/// The CTEs of one `WITH`, chained to the enclosing queries' ones.
pub(crate) struct CteEnv<'e, 'q, 'c> {
    bindings: Vec<CteBinding<'q, 'c>>,
    scalars: Vec<ScalarBinding<'q>>,
    parent: Option<&'e CteEnv<'e, 'q, 'c>>,
}

/// A scalar `WITH <expr> AS name`.
pub(crate) struct ScalarBinding<'q> {
    pub(crate) name: &'q str,
    pub(crate) expr: &'q Expr,
    /// Set while its expression is typed: `name` met inside it is not the alias.
    pub(crate) in_progress: Cell<bool>,
}

struct CteBinding<'q, 'c> {
    name: &'q str,
    /// `WITH name (a, b) AS (...)`: names for the query's columns.
    columns: Vec<&'q str>,
    query: &'q Query,
    state: RefCell<CteState<'c>>,
}

enum CteState<'c> {
    Pending,
    InProgress,
    Done(Rc<QueryOutput<'c>>),
}

impl<'e, 'q, 'c> CteEnv<'e, 'q, 'c> {
    pub(crate) fn root() -> Self {
        Self {
            bindings: Vec::new(),
            scalars: Vec::new(),
            parent: None,
        }
    }

    /// The scalar `WITH` item `name` of this query or an enclosing one, innermost first.
    pub(crate) fn scalar(&self, name: &str) -> Option<&ScalarBinding<'q>> {
        let mut current = Some(self);
        while let Some(env) = current {
            if let Some(binding) = env.scalars.iter().find(|s| s.name == name) {
                return Some(binding);
            }
            current = env.parent;
        }
        None
    }
}

/// `(alias, expression)` of a marker CTE the pre-pass wrote for a scalar `WITH` item.
fn scalar_item<'q>(name: &str, query: &'q Query) -> Option<(&'q str, &'q Expr)> {
    if !name.starts_with(SCALAR_MARKER) || query.with.is_some() {
        return None;
    }
    let SetExpr::Select(select) = &*query.body else {
        return None;
    };
    match (select.projection.as_slice(), select.from.as_slice()) {
        ([SelectItem::ExprWithAlias { expr, alias }], []) => Some((alias.value.as_str(), expr)),
        _ => None,
    }
}

impl<'q, 'c> Analyser<'q, 'c> {
    /// Analyses a query; `outer` is the scope of the query it is nested in, for correlated
    /// subqueries.
    pub(crate) fn query(
        &mut self,
        query: &'q Query,
        env: &CteEnv<'_, 'q, 'c>,
        outer: Option<&SelectScope<'_, 'q, 'c>>,
    ) -> QueryOutput<'c> {
        if let Some(settings) = &query.settings {
            for setting in settings {
                if setting.key.value == "join_use_nulls" {
                    self.join_use_nulls = matches!(
                        &setting.value,
                        Expr::Value(value) if matches!(&value.value, Value::Number(n, _) if n != "0")
                    );
                }
            }
        }
        let Some(with) = &query.with else {
            return self.set_expr(&query.body, Some(query), env, outer);
        };
        let scalars: Vec<ScalarBinding<'q>> = with
            .cte_tables
            .iter()
            .filter_map(|cte| scalar_item(&cte.alias.name.value, &cte.query))
            .map(|(name, expr)| ScalarBinding {
                name,
                expr,
                in_progress: Cell::new(false),
            })
            .collect();
        let inner = CteEnv {
            scalars,
            bindings: with
                .cte_tables
                .iter()
                .filter(|cte| scalar_item(&cte.alias.name.value, &cte.query).is_none())
                .map(|cte| CteBinding {
                    name: cte.alias.name.value.as_str(),
                    columns: cte
                        .alias
                        .columns
                        .iter()
                        .map(|c| c.name.value.as_str())
                        .collect(),
                    query: &cte.query,
                    state: RefCell::new(CteState::Pending),
                })
                .collect(),
            parent: Some(env),
        };
        if with.recursive {
            self.unsupported(with.with_token.0.span, "`WITH RECURSIVE`");
        }
        for cte in with
            .cte_tables
            .iter()
            .filter(|cte| !cte.alias.columns.is_empty())
        {
            let span = self.range(cte.alias.name.span);
            self.issues.push(
                Issue::warning(
                    CTE_COLUMN_LIST,
                    span,
                    format!(
                        "ClickHouse loses the column list of CTE `{}` when it stores a view",
                        cte.alias.name.value
                    ),
                )
                .with_help(Some(
                    "name the columns inside the CTE with `AS` instead".into(),
                )),
            );
        }
        self.set_expr(&query.body, Some(query), &inner, outer)
    }

    /// The output of the CTE `name` visible from `env`, analysing it on first use; `None`
    /// when no CTE has that name.
    pub(crate) fn cte(
        &mut self,
        name: &str,
        env: &CteEnv<'_, 'q, 'c>,
        span: std::ops::Range<usize>,
    ) -> Option<Rc<QueryOutput<'c>>> {
        let mut current = Some(env);
        while let Some(scope) = current {
            if let Some(binding) = scope.bindings.iter().find(|b| b.name == name) {
                let state =
                    std::mem::replace(&mut *binding.state.borrow_mut(), CteState::InProgress);
                let output = match state {
                    CteState::Done(output) => output,
                    CteState::InProgress => {
                        self.issues.push(Issue::warning(
                            UNSUPPORTED,
                            span,
                            format!("CTE `{name}` reads itself; its columns are unknown"),
                        ));
                        return Some(Rc::new(QueryOutput::unknown()));
                    }
                    CteState::Pending => {
                        let mut output = self.query(binding.query, scope, None);
                        for (column, name) in output.columns.iter_mut().zip(&binding.columns) {
                            column.name = (*name).to_string();
                            column.name_known = true;
                        }
                        Rc::new(output)
                    }
                };
                *binding.state.borrow_mut() = CteState::Done(Rc::clone(&output));
                return Some(output);
            }
            current = scope.parent;
        }
        None
    }

    fn set_expr(
        &mut self,
        body: &'q SetExpr,
        query: Option<&'q Query>,
        env: &CteEnv<'_, 'q, 'c>,
        outer: Option<&SelectScope<'_, 'q, 'c>>,
    ) -> QueryOutput<'c> {
        match body {
            SetExpr::Select(select) => self.select(select, query, env, outer),
            SetExpr::Query(inner) => self.query(inner, env, outer),
            SetExpr::SetOperation {
                left, op, right, ..
            } => {
                let left_output = self.set_expr(left, None, env, outer);
                let right_output = self.set_expr(right, None, env, outer);
                self.combine(*op, left_output, right_output, right.span())
            }
            other => {
                self.unsupported(other.span(), "this kind of query");
                QueryOutput::unknown()
            }
        }
    }

    /// The output of a set operation: the left branch's names, each column the supertype of
    /// the branches, lineage from both.
    fn combine(
        &mut self,
        op: SetOperator,
        left: QueryOutput<'c>,
        right: QueryOutput<'c>,
        right_span: sqlparser::tokenizer::Span,
    ) -> QueryOutput<'c> {
        if left.open || right.open {
            return QueryOutput::unknown();
        }
        let span = self.range(right_span);
        let keyword = match op {
            SetOperator::Union => "UNION",
            SetOperator::Except | SetOperator::Minus => "EXCEPT",
            SetOperator::Intersect => "INTERSECT",
        };
        if left.columns.len() != right.columns.len() {
            self.issues.push(Issue::error(
                UNION_COLUMN_COUNT,
                span,
                format!(
                    "this {keyword} branch has {} columns, the first has {}",
                    right.columns.len(),
                    left.columns.len()
                ),
            ));
            return QueryOutput::unknown();
        }
        let mut columns = Vec::with_capacity(left.columns.len());
        for (mut column, other) in left.columns.into_iter().zip(right.columns) {
            column.data_type = match (&column.data_type, &other.data_type) {
                (Some(a), Some(b)) => {
                    let merged = least_supertype(&[a.clone(), b.clone()]);
                    if merged.is_none() {
                        self.issues.push(Issue::warning(
                            UNION_TYPE_MISMATCH,
                            span.clone(),
                            format!(
                                "column `{}` is `{a}` in the first {keyword} branch and `{b}` here, with no common type",
                                column.name
                            ),
                        ).with_help(Some("ClickHouse would make the column a `Variant`; cast the branches to one type".into())));
                    }
                    merged
                }
                _ => None,
            };
            column.lineage.merge(&other.lineage);
            columns.push(column);
        }
        QueryOutput {
            columns,
            open: false,
        }
    }

    /// The byte range of a span, or the whole query when sqlparser has no position.
    pub(crate) fn range(&self, span: sqlparser::tokenizer::Span) -> std::ops::Range<usize> {
        self.lines.range(span).unwrap_or_else(|| self.lines.whole())
    }

    /// The byte range of an expression, closing parentheses sqlparser's span leaves out.
    pub(crate) fn expr_range(&self, expr: &Expr) -> std::ops::Range<usize> {
        let Some(range) = self.lines.range(expr.span()) else {
            return self.lines.whole();
        };
        let range = self.lines.close_parentheses(range);
        match expr {
            // sqlparser's span of a cast is its operand's.
            Expr::Cast { kind, .. } => self
                .lines
                .cast_range(range, matches!(kind, CastKind::DoubleColon)),
            _ => range,
        }
    }

    /// Reports a construct analysis does not follow.
    pub(crate) fn unsupported(&mut self, span: sqlparser::tokenizer::Span, what: &str) {
        let range = self.range(span);
        self.unsupported_at(range, what);
    }

    pub(crate) fn unsupported_at(&mut self, range: std::ops::Range<usize>, what: &str) {
        self.issues.push(Issue::warning(
            UNSUPPORTED,
            range,
            format!(
                "static analysis does not support {what}; the types that depend on it are unknown"
            ),
        ));
    }
}
