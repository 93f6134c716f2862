//! The SELECT list: items with and without aliases, and `*`, `t.*`, `COLUMNS('regexp')`
//! with `EXCEPT` and `REPLACE`, expanded to the columns they stand for and named the way
//! ClickHouse names them. `COLUMNS('regexp') APPLY(f)` reaches here as the pre-pass's
//! `__kiln_apply(COLUMNS('regexp'), f)`: each matching column `c` becomes `f(c)`.

use super::Issue;
use super::expr::{ExprContext, Typed, float_keyword};
use super::issue::{UNKNOWN_TABLE_ALIAS, UNSUPPORTED};
use super::prepass::APPLY_MARKER;
use super::query::{Analyser, OutputColumn};
use super::scope::ColumnRef;
use super::select::SelectScope;
use crate::diagnostic::did_you_mean;
use regex_automata::meta::Regex;
use sqlparser::ast::{
    ExcludeSelectItem, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, SelectItem,
    SelectItemQualifiedWildcardKind, Spanned, Value, WildcardAdditionalOptions,
};
use std::ops::Range;

/// The typed SELECT list.
pub(crate) struct Projection<'c> {
    pub(crate) columns: Vec<OutputColumn<'c>>,
    /// The items' values, for the aggregation check.
    pub(crate) checked: Vec<Typed<'c>>,
    /// Some item expands to columns that are not known.
    pub(crate) open: bool,
}

/// Which columns a wildcard stands for.
enum Selection<'a> {
    All,
    Relation(&'a [&'a str]),
    Matching(&'a Regex),
}

impl<'q, 'c> Analyser<'q, 'c> {
    pub(crate) fn projection(
        &mut self,
        select: &'q sqlparser::ast::Select,
        scope: &SelectScope<'_, 'q, 'c>,
    ) -> Projection<'c> {
        let ctx = ExprContext::new(scope);
        let mut projection = Projection {
            columns: Vec::with_capacity(select.projection.len()),
            checked: Vec::with_capacity(select.projection.len()),
            open: false,
        };
        for item in &select.projection {
            match item {
                SelectItem::ExprWithAlias { expr, alias } => {
                    let typed = self.aliased_item(scope, expr, &alias.value);
                    projection.push(alias.value.clone(), true, typed);
                }
                SelectItem::UnnamedExpr(item) => {
                    let (expr, applied) = apply_marker(item).unwrap_or((item, Vec::new()));
                    if let Some(pattern) = columns_pattern(expr) {
                        let start = projection.columns.len();
                        let span = self.range(expr.span());
                        match Regex::new(pattern) {
                            Ok(regex) => self.wildcard(
                                Selection::Matching(&regex),
                                None,
                                span,
                                &ctx,
                                &mut projection,
                            ),
                            Err(_) => {
                                self.unsupported(expr.span(), "this regular expression");
                                projection.open = true;
                            }
                        }
                        self.apply_functions(&mut projection, start, &applied, item);
                        continue;
                    }
                    if !applied.is_empty() {
                        self.unsupported(item.span(), "`APPLY` here");
                        projection.open = true;
                        continue;
                    }
                    let (typed, name) = match expr {
                        Expr::Identifier(ident) if float_keyword(ident).is_none() => {
                            let resolved = self.identifier(std::slice::from_ref(ident), &ctx);
                            (resolved.typed, Some(resolved.name))
                        }
                        Expr::CompoundIdentifier(parts) => {
                            let resolved = self.identifier(parts, &ctx);
                            (resolved.typed, Some(resolved.name))
                        }
                        _ => {
                            let typed = self.expr(expr, &ctx);
                            (typed, self.column_name(expr, &ctx))
                        }
                    };
                    let known = name.is_some();
                    let span = self.expr_range(expr);
                    let written = self.lines.slice(&span).to_string();
                    if !known {
                        self.issues.push(
                            Issue::warning(
                                UNSUPPORTED,
                                span,
                                "static analysis cannot tell the name ClickHouse gives this column",
                            )
                            .with_help(Some("name it with `AS`".into())),
                        );
                    }
                    projection.push(name.unwrap_or(written), known, clear_grouped(typed, scope));
                }
                SelectItem::Wildcard(options) => {
                    let span = self.range(options.wildcard_token.0.span);
                    self.wildcard(Selection::All, Some(options), span, &ctx, &mut projection);
                }
                SelectItem::QualifiedWildcard(
                    SelectItemQualifiedWildcardKind::ObjectName(name),
                    options,
                ) => {
                    let parts: Vec<&str> = name
                        .0
                        .iter()
                        .filter_map(|part| part.as_ident())
                        .map(|ident| ident.value.as_str())
                        .collect();
                    let span = self.range(name.span());
                    if scope.from.has_relation(&parts) {
                        self.wildcard(
                            Selection::Relation(&parts),
                            Some(options),
                            span,
                            &ctx,
                            &mut projection,
                        );
                    } else {
                        let help = did_you_mean(&parts.join("."), scope.from.relation_names());
                        self.issues.push(
                            Issue::error(
                                UNKNOWN_TABLE_ALIAS,
                                span,
                                format!("`{}` is not a table or alias in scope", parts.join(".")),
                            )
                            .with_help(help),
                        );
                        projection.open = true;
                    }
                }
                other => {
                    self.unsupported(other.span(), "this kind of SELECT item");
                    projection.open = true;
                }
            }
        }
        projection
    }

    /// Expands a wildcard into the columns it selects.
    fn wildcard(
        &mut self,
        selection: Selection<'_>,
        options: Option<&'q WildcardAdditionalOptions>,
        span: Range<usize>,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
        projection: &mut Projection<'c>,
    ) {
        let scope = ctx.scope;
        if let Some(options) = options
            && (options.opt_ilike.is_some()
                || options.opt_rename.is_some()
                || options.opt_alias.is_some())
        {
            self.unsupported(options.wildcard_token.0.span, "this wildcard modifier");
            projection.open = true;
            return;
        }
        let except = options.map(excepted).unwrap_or_default();
        let replacements = options
            .and_then(|options| options.opt_replace.as_ref())
            .map(|replace| replace.items.as_slice())
            .unwrap_or_default();
        let joins = scope.from.joins;
        let entries: Vec<(usize, usize)> = match selection {
            Selection::Relation(qualifier) => scope
                .from
                .relations
                .iter()
                .enumerate()
                .filter(|(_, relation)| relation.answers_to(qualifier))
                .take(1)
                .flat_map(|(index, relation)| {
                    (0..relation.columns.len()).map(move |column| (index, column))
                })
                .collect(),
            _ => scope.from.star_order(),
        };
        let relations = match selection {
            Selection::Relation(qualifier) => scope
                .from
                .relations
                .iter()
                .filter(|relation| relation.answers_to(qualifier))
                .take(1)
                .collect::<Vec<_>>(),
            _ => scope.from.relations.iter().collect(),
        };
        if relations.iter().any(|relation| relation.open) {
            projection.open = true;
        }
        for (relation_index, column_index) in entries {
            let (Some(relation), Some(column)) = (
                scope.from.relations.get(relation_index),
                scope.from.column(relation_index, column_index),
            ) else {
                continue;
            };
            if let Selection::Matching(regex) = selection
                && !regex.is_match(&column.name)
            {
                continue;
            }
            if except.contains(&column.name.as_str()) {
                continue;
            }
            let first_using_member = column.using.is_some_and(|using| {
                scope
                    .from
                    .relations
                    .iter()
                    .take(relation_index)
                    .all(|earlier| earlier.columns.iter().all(|c| c.using != Some(using)))
            });
            let reference = match (column.replaced_by, column.using) {
                (Some((relation, column)), _) => ColumnRef::Column { relation, column },
                (None, Some(using)) => ColumnRef::Using(using),
                (None, None) => ColumnRef::Column {
                    relation: relation_index,
                    column: column_index,
                },
            };
            let shadowed_by_alias = scope.aliases.iter().any(|alias| alias.name == column.name);
            let qualified = match column.using {
                Some(_) => !first_using_member,
                None => column.clashes && column.replaced_by.is_none(),
            } || shadowed_by_alias;
            let (name, known) = match (qualified, relation.output_qualifier(joins)) {
                (false, _) => (column.name.clone(), true),
                (true, Some(qualifier)) => (format!("{qualifier}.{}", column.name), true),
                (true, None) => (column.name.clone(), false),
            };
            if !known {
                self.issues.push(
                    Issue::warning(
                        UNSUPPORTED,
                        span.clone(),
                        format!(
                            "static analysis cannot tell the name ClickHouse gives column `{}` here",
                            column.name
                        ),
                    )
                    .with_help(Some("give each joined table an alias".into())),
                );
            }
            let replacement = replacements
                .iter()
                .find(|r| r.column_name.value == column.name);
            let typed = match replacement {
                Some(replacement) => self.expr(&replacement.expr, ctx),
                None => self.column_value(scope, reference, &column.name, &span),
            };
            projection.push(name, known, clear_grouped(typed, scope));
        }
    }
}

impl<'q, 'c> Analyser<'q, 'c> {
    /// `APPLY(f) APPLY(g)` on the columns pushed from `start` on: each becomes `g(f(c))`,
    /// typed by the function catalog and named as ClickHouse names a call.
    fn apply_functions(
        &mut self,
        projection: &mut Projection<'c>,
        start: usize,
        functions: &[&str],
        marker: &'q Expr,
    ) {
        let count = projection.columns.len().min(projection.checked.len());
        for index in start..count {
            let (Some(column), Some(checked)) =
                (projection.columns.get(index), projection.checked.get(index))
            else {
                continue;
            };
            let mut name = column.name.clone();
            let mut typed = checked.clone();
            for function in functions {
                typed = self.named_call(function, &[], vec![typed], marker);
                name = format!("{function}({name})");
            }
            if let Some(column) = projection.columns.get_mut(index) {
                column.name = name;
                column.data_type = typed.data_type.clone();
                column.lineage = typed.lineage.clone();
            }
            if let Some(checked) = projection.checked.get_mut(index) {
                *checked = typed;
            }
        }
    }
}

impl<'c> Projection<'c> {
    fn push(&mut self, name: String, name_known: bool, typed: Typed<'c>) {
        self.columns.push(OutputColumn {
            name,
            data_type: typed.data_type.clone(),
            lineage: typed.lineage.clone(),
            name_known,
        });
        self.checked.push(typed);
    }
}

/// Drops the column references a GROUP BY key covers.
fn clear_grouped<'c>(mut typed: Typed<'c>, scope: &SelectScope<'_, '_, 'c>) -> Typed<'c> {
    if scope.group_keys.contains(&typed.key) {
        typed.free.clear();
    }
    typed
}

/// The names of `* EXCEPT (...)` / `* EXCLUDE (...)`.
fn excepted(options: &WildcardAdditionalOptions) -> Vec<&str> {
    let mut names = Vec::new();
    if let Some(except) = &options.opt_except {
        names.push(except.first_element.value.as_str());
        names.extend(except.additional_elements.iter().map(|i| i.value.as_str()));
    }
    match &options.opt_exclude {
        Some(ExcludeSelectItem::Single(name)) => names.extend(last_part(name)),
        Some(ExcludeSelectItem::Multiple(list)) => names.extend(list.iter().filter_map(last_part)),
        None => {}
    }
    names
}

fn last_part(name: &sqlparser::ast::ObjectName) -> Option<&str> {
    name.0.last()?.as_ident().map(|ident| ident.value.as_str())
}

/// `(COLUMNS(...), [f, g])` of the pre-pass's `__kiln_apply(COLUMNS(...), f, g)`.
fn apply_marker(expr: &Expr) -> Option<(&Expr, Vec<&str>)> {
    let Expr::Function(function) = expr else {
        return None;
    };
    let [part] = function.name.0.as_slice() else {
        return None;
    };
    if part.as_ident()?.value != APPLY_MARKER {
        return None;
    }
    let FunctionArguments::List(list) = &function.args else {
        return None;
    };
    let (first, rest) = list.args.split_first()?;
    let FunctionArg::Unnamed(FunctionArgExpr::Expr(inner)) = first else {
        return None;
    };
    let functions = rest
        .iter()
        .map(|arg| match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Identifier(name))) => {
                Some(name.value.as_str())
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some((inner, functions))
}

/// The pattern of `COLUMNS('regexp')`.
fn columns_pattern(expr: &Expr) -> Option<&str> {
    let Expr::Function(function) = expr else {
        return None;
    };
    let [part] = function.name.0.as_slice() else {
        return None;
    };
    if !part.as_ident()?.value.eq_ignore_ascii_case("COLUMNS") {
        return None;
    }
    let FunctionArguments::List(list) = &function.args else {
        return None;
    };
    match list.args.as_slice() {
        [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(value)))] => match &value.value {
            Value::SingleQuotedString(pattern) => Some(pattern),
            _ => None,
        },
        _ => None,
    }
}
