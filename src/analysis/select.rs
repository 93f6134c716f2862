//! One SELECT: its scope (FROM relations, SELECT aliases, named windows, the enclosing
//! query), the order its clauses are typed in, and the aggregation check.
//!
//! ClickHouse lets an alias defined anywhere in the SELECT list be used anywhere in the
//! same SELECT (other items, WHERE, GROUP BY, HAVING, ORDER BY), and an alias wins over a
//! column of the same name, except inside its own definition: in `sum(revenue) AS revenue`
//! the inner `revenue` is the column. Aliases are typed on first use and cached.
//!
//! An alias inside an expression (`f(x AS y)`, `GROUP BY e AS k`) is one of the SELECT's
//! too, registered after the SELECT list's (see `inner_alias.rs`).
//!
//! A scalar `WITH <expr> AS name` of the query or an enclosing one is an alias too, after
//! the SELECT's own (ClickHouse refuses the same name in both): its expression is typed in
//! the scope that uses it, each time.

use super::Issue;
use super::expr::{ExprContext, Typed};
use super::inner_alias;
use super::issue::NOT_AGGREGATED;
use super::query::{Analyser, CteEnv, QueryOutput};
use super::scope::FromScope;
use sqlparser::ast::{
    Expr, GroupByExpr, LimitClause, NamedWindowExpr, OrderByKind, Query, Select, SelectItem,
    Spanned, Value,
};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// Everything an expression of one SELECT can refer to.
pub(crate) struct SelectScope<'s, 'q, 'c> {
    pub(crate) from: FromScope<'c>,
    pub(crate) aliases: Vec<AliasEntry<'q, 'c>>,
    alias_index: HashMap<&'q str, usize>,
    pub(crate) windows: Vec<(&'q str, &'q NamedWindowExpr)>,
    pub(crate) env: &'s CteEnv<'s, 'q, 'c>,
    pub(crate) outer: Option<&'s SelectScope<'s, 'q, 'c>>,
    /// Keys of the GROUP BY expressions, once typed.
    pub(crate) group_keys: HashSet<u64>,
}

impl<'s, 'q, 'c> SelectScope<'s, 'q, 'c> {
    /// A scope with no columns and no aliases, for constants typed before a SELECT's scope
    /// exists (an `ARRAY JOIN` of literals).
    pub(crate) fn empty(env: &'s CteEnv<'s, 'q, 'c>) -> Self {
        Self {
            from: FromScope::default(),
            aliases: Vec::new(),
            alias_index: HashMap::new(),
            windows: Vec::new(),
            env,
            outer: None,
            group_keys: HashSet::new(),
        }
    }
}

/// An alias of the SELECT list.
pub(crate) struct AliasEntry<'q, 'c> {
    pub(crate) name: &'q str,
    pub(crate) expr: &'q Expr,
    state: RefCell<AliasState<'c>>,
}

/// Typing state of an alias. `InProgress` while its definition is typed: an identifier of
/// the same name met then is the column, not the alias. A value typed while some
/// identifier skipped an in-progress alias depends on where typing started, so it is not
/// cached (ClickHouse resolves `x AS y, y AS x` differently from each side).
enum AliasState<'c> {
    Pending,
    InProgress,
    Done(Typed<'c>),
}

impl<'q, 'c> Analyser<'q, 'c> {
    /// The value of alias `name` in `scope`; `None` when there is no such alias or the
    /// identifier sits inside its definition.
    pub(crate) fn alias(
        &mut self,
        scope: &SelectScope<'_, 'q, 'c>,
        name: &str,
    ) -> Option<Typed<'c>> {
        match scope.alias_index.get(name) {
            Some(index) => {
                let entry = scope.aliases.get(*index)?;
                self.alias_value(scope, entry)
            }
            None => self.scalar_alias(scope, name),
        }
    }

    /// The value of a scalar `WITH <expr> AS name` seen from `scope`, typed there: ClickHouse
    /// substitutes the expression where the alias is used.
    fn scalar_alias(&mut self, scope: &SelectScope<'_, 'q, 'c>, name: &str) -> Option<Typed<'c>> {
        let binding = scope.env.scalar(name)?;
        if binding.in_progress.get() {
            self.alias_skips += 1;
            return None;
        }
        binding.in_progress.set(true);
        let typed = self.expr(binding.expr, &ExprContext::new(scope));
        binding.in_progress.set(false);
        Some(typed)
    }

    fn alias_value(
        &mut self,
        scope: &SelectScope<'_, 'q, 'c>,
        entry: &AliasEntry<'q, 'c>,
    ) -> Option<Typed<'c>> {
        match &*entry.state.borrow() {
            AliasState::Done(typed) => return Some(typed.clone()),
            AliasState::InProgress => {
                self.alias_skips += 1;
                return None;
            }
            AliasState::Pending => {}
        }
        *entry.state.borrow_mut() = AliasState::InProgress;
        let skips = self.alias_skips;
        let typed = self.expr(entry.expr, &ExprContext::new(scope));
        *entry.state.borrow_mut() = if self.alias_skips == skips {
            AliasState::Done(typed.clone())
        } else {
            AliasState::Pending
        };
        Some(typed)
    }

    /// The value of the SELECT item at `index` when it has an alias.
    pub(crate) fn aliased_item(
        &mut self,
        scope: &SelectScope<'_, 'q, 'c>,
        expr: &'q Expr,
        name: &str,
    ) -> Typed<'c> {
        let entry = scope
            .alias_index
            .get(name)
            .and_then(|index| scope.aliases.get(*index))
            .filter(|entry| std::ptr::eq(entry.expr, expr));
        match entry.and_then(|entry| self.alias_value(scope, entry)) {
            Some(typed) => typed,
            None => self.expr(expr, &ExprContext::new(scope)),
        }
    }

    /// The value of a marker `__kiln_alias(inner, alias)`: the alias's, typed once. A
    /// marker the SELECT did not register (one inside a construct analysis does not follow)
    /// is unsupported, since `alias` may be used elsewhere.
    pub(crate) fn inner_alias(
        &mut self,
        scope: &SelectScope<'_, 'q, 'c>,
        inner: &'q Expr,
        alias: &str,
        marker: &'q Expr,
    ) -> Typed<'c> {
        let registered = scope
            .alias_index
            .get(alias)
            .and_then(|index| scope.aliases.get(*index))
            .is_some_and(|entry| entry.expr == inner);
        if registered {
            self.aliased_item(scope, inner, alias)
        } else {
            self.unsupported_expr(marker, "an alias inside this expression")
        }
    }

    /// Registers the aliases inside the expressions of `select` and of the ORDER BY and
    /// LIMIT BY of `query`. ClickHouse refuses one alias for two different expressions, so
    /// such a second one is reported unsupported and not registered.
    fn register_inner_aliases(
        &mut self,
        select: &'q Select,
        query: Option<&'q Query>,
        scope: &mut SelectScope<'_, 'q, 'c>,
    ) {
        let mut roots: Vec<&'q Expr> = Vec::new();
        for item in &select.projection {
            match item {
                SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => {
                    roots.push(expr);
                }
                _ => {}
            }
        }
        roots.extend(
            [
                &select.prewhere,
                &select.selection,
                &select.having,
                &select.qualify,
            ]
            .into_iter()
            .flatten(),
        );
        if let GroupByExpr::Expressions(expressions, _) = &select.group_by {
            roots.extend(expressions);
        }
        if let Some(query) = query {
            if let Some(order_by) = &query.order_by
                && let OrderByKind::Expressions(items) = &order_by.kind
            {
                roots.extend(items.iter().map(|item| &item.expr));
            }
            if let Some(LimitClause::LimitOffset { limit_by, .. }) = &query.limit_clause {
                roots.extend(limit_by);
            }
        }
        let mut found = Vec::new();
        for root in roots {
            inner_alias::collect(root, &mut found);
        }
        for (alias, expr) in found {
            let name = alias.value.as_str();
            match scope
                .alias_index
                .get(name)
                .and_then(|i| scope.aliases.get(*i))
            {
                Some(entry) if entry.expr == expr => {}
                Some(_) => self.unsupported(alias.span, "one alias for two expressions"),
                None => {
                    scope.alias_index.insert(name, scope.aliases.len());
                    scope.aliases.push(AliasEntry {
                        name,
                        expr,
                        state: RefCell::new(AliasState::Pending),
                    });
                }
            }
        }
    }

    /// Analyses a SELECT; `query` is the query it is the body of, for ORDER BY and LIMIT BY.
    pub(crate) fn select(
        &mut self,
        select: &'q Select,
        query: Option<&'q Query>,
        env: &CteEnv<'_, 'q, 'c>,
        outer: Option<&SelectScope<'_, 'q, 'c>>,
    ) -> QueryOutput<'c> {
        if select.top.is_some()
            || select.into.is_some()
            || !select.lateral_views.is_empty()
            || !select.connect_by.is_empty()
        {
            self.unsupported(select.span(), "this SELECT syntax");
        }
        let (from, conditions) = self.relations_of_from(&select.from, env);
        let mut scope = SelectScope {
            from,
            aliases: Vec::new(),
            alias_index: HashMap::new(),
            windows: select
                .named_window
                .iter()
                .map(|window| (window.0.value.as_str(), &window.1))
                .collect(),
            env,
            outer,
            group_keys: HashSet::new(),
        };
        for item in &select.projection {
            if let SelectItem::ExprWithAlias { expr, alias } = item {
                let name = alias.value.as_str();
                if !scope.alias_index.contains_key(name) {
                    scope.alias_index.insert(name, scope.aliases.len());
                    scope.aliases.push(AliasEntry {
                        name,
                        expr,
                        state: RefCell::new(AliasState::Pending),
                    });
                }
            }
        }
        self.register_inner_aliases(select, query, &mut scope);
        let (group_keys, grouped) = self.group_by(select, &scope);
        for alias in &scope.aliases {
            *alias.state.borrow_mut() = AliasState::Pending;
        }
        scope.group_keys = group_keys;
        let scope = scope;
        let projection = self.projection(select, &scope);
        let ctx = ExprContext::new(&scope);
        for condition in conditions {
            self.expr(condition, &ctx);
        }
        for clause in [&select.prewhere, &select.selection, &select.qualify]
            .into_iter()
            .flatten()
        {
            self.expr(clause, &ctx);
        }
        for (_, window) in &scope.windows {
            if let NamedWindowExpr::WindowSpec(spec) = window {
                self.window_spec(spec, &ctx);
            }
        }
        let mut checked: Vec<Typed<'c>> = Vec::new();
        if let Some(having) = &select.having {
            checked.push(self.expr(having, &ctx));
        }
        if let Some(query) = query {
            checked.extend(self.order_and_limit_by(query, &ctx));
        }
        let aggregating = grouped.is_some()
            || projection
                .checked
                .iter()
                .chain(&checked)
                .any(|typed| typed.aggregate);
        if aggregating && grouped != Some(true) {
            for typed in projection.checked.iter().chain(&checked) {
                for free in &typed.free {
                    self.issues.push(
                        Issue::error(
                            NOT_AGGREGATED,
                            free.span.clone(),
                            format!(
                                "column `{}` is neither aggregated nor in GROUP BY",
                                free.name
                            ),
                        )
                        .with_help(Some(format!(
                            "add it to GROUP BY, or aggregate it, as in `any({})`",
                            free.name
                        ))),
                    );
                }
            }
        }
        QueryOutput {
            columns: projection.columns,
            open: projection.open,
        }
    }

    /// Types GROUP BY; returns the keys and `Some(all)` when there is a GROUP BY (`all` for
    /// `GROUP BY ALL`, which groups by every non-aggregate item and needs no check).
    fn group_by(
        &mut self,
        select: &'q Select,
        scope: &SelectScope<'_, 'q, 'c>,
    ) -> (HashSet<u64>, Option<bool>) {
        let mut keys = HashSet::new();
        let expressions = match &select.group_by {
            GroupByExpr::All(_) => return (keys, Some(true)),
            GroupByExpr::Expressions(expressions, _) if expressions.is_empty() => {
                return (keys, None);
            }
            GroupByExpr::Expressions(expressions, _) => expressions,
        };
        let ctx = ExprContext::new(scope);
        let mut flat: Vec<&'q Expr> = Vec::new();
        for expr in expressions {
            match expr {
                Expr::Rollup(sets) | Expr::Cube(sets) | Expr::GroupingSets(sets) => {
                    flat.extend(sets.iter().flatten());
                }
                other => flat.push(other),
            }
        }
        for expr in flat {
            let key = match positional(expr).and_then(|index| select.projection.get(index)) {
                Some(SelectItem::UnnamedExpr(item)) => self.expr(item, &ctx).key,
                Some(SelectItem::ExprWithAlias { expr: item, alias }) => {
                    self.aliased_item(scope, item, &alias.value).key
                }
                Some(_) => continue,
                None => self.expr(expr, &ctx).key,
            };
            keys.insert(key);
        }
        (keys, Some(false))
    }

    /// ORDER BY and LIMIT BY of the query whose body this SELECT is.
    fn order_and_limit_by(
        &mut self,
        query: &'q Query,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Vec<Typed<'c>> {
        let mut typed = Vec::new();
        if let Some(order_by) = &query.order_by
            && let OrderByKind::Expressions(items) = &order_by.kind
        {
            for item in items.iter().filter(|item| positional(&item.expr).is_none()) {
                typed.push(self.expr(&item.expr, ctx));
            }
        }
        if let Some(LimitClause::LimitOffset { limit_by, .. }) = &query.limit_clause {
            for expr in limit_by {
                typed.push(self.expr(expr, ctx));
            }
        }
        typed
    }
}

/// The 0-based SELECT item a positional `GROUP BY 2` / `ORDER BY 2` refers to.
fn positional(expr: &Expr) -> Option<usize> {
    match expr {
        Expr::Value(value) => match &value.value {
            Value::Number(text, _) => text.parse::<usize>().ok()?.checked_sub(1),
            _ => None,
        },
        _ => None,
    }
}
