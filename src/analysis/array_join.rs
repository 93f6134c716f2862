//! `ARRAY JOIN`: the elements of an array column, or of an array literal, become a column
//! of the FROM clause.
//!
//! `ARRAY JOIN arr` without an alias makes `arr` itself mean the element; with one, `arr`
//! stays the array. An array literal reaches here as `array(...)` (the pre-pass rewrites
//! `[...]`, which sqlparser does not read there); only one of literals is typed, in an
//! empty scope, since a name in it would need the SELECT's scope, not yet built.

use super::LineageKind;
use super::expr::{ExprContext, Typed};
use super::from::unknown_relation;
use super::lineage::Lineage;
use super::query::{Analyser, CteEnv};
use super::scope::{ColumnRef, FromScope, Lookup, Relation, ScopeColumn, Source};
use super::select::SelectScope;
use super::typing::least_supertype;
use crate::types::DataType;
use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, Spanned, TableAlias, TableFactor, UnaryOperator, Value,
};

/// `array(...)` after ARRAY JOIN whose arguments are all literals, with its alias.
struct ArrayLiteral<'q> {
    items: Vec<&'q Expr>,
    alias: &'q TableAlias,
}

fn array_literal(factor: &TableFactor) -> Option<ArrayLiteral<'_>> {
    let TableFactor::Table {
        name,
        alias: Some(alias),
        args: Some(args),
        ..
    } = factor
    else {
        return None;
    };
    let [part] = name.0.as_slice() else {
        return None;
    };
    if part.as_ident()?.value != "array" || !args.settings.as_ref().is_none_or(Vec::is_empty) {
        return None;
    }
    let items = args
        .args
        .iter()
        .map(|arg| match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(expr)) if is_literal(expr) => Some(expr),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    if items.is_empty() {
        return None;
    }
    Some(ArrayLiteral { items, alias })
}

/// A constant that names nothing: typed the same in any scope.
fn is_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Value(value) => !matches!(value.value, Value::Placeholder(_)),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        }
        | Expr::Nested(expr) => is_literal(expr),
        Expr::Array(array) => array.elem.iter().all(is_literal),
        Expr::Tuple(items) => items.iter().all(is_literal),
        _ => false,
    }
}

impl<'q, 'c> Analyser<'q, 'c> {
    /// `ARRAY JOIN arr [AS alias]`: the elements of an array column become a column.
    pub(crate) fn array_join(
        &mut self,
        factor: &'q TableFactor,
        env: &CteEnv<'_, 'q, 'c>,
        scope: &mut FromScope<'c>,
    ) {
        if let Some(literal) = array_literal(factor) {
            self.array_join_literal(literal, env, scope);
            return;
        }
        let TableFactor::Table {
            name,
            alias,
            args: None,
            ..
        } = factor
        else {
            self.unsupported(factor.span(), "`ARRAY JOIN` of an expression");
            scope.relations.push(unknown_relation(None));
            return;
        };
        let parts: Vec<&str> = name
            .0
            .iter()
            .filter_map(|part| part.as_ident())
            .map(|ident| ident.value.as_str())
            .collect();
        let Some((column_name, qualifier)) = parts.split_last() else {
            return;
        };
        scope.finish();
        let lookup = if qualifier.is_empty() {
            scope.lookup(column_name)
        } else {
            scope.lookup_qualified(qualifier, column_name)
        };
        let mut replaces = None;
        let (element, lineage) = match lookup {
            Lookup::Found(reference) => {
                let (data_type, lineage) = scope.resolved(reference);
                let element = match data_type {
                    Some(DataType::Array(element)) => Some((**element).clone()),
                    _ => None,
                };
                let lineage = lineage
                    .cloned()
                    .unwrap_or_default()
                    .at_least(LineageKind::Expression);
                if data_type.is_some() && element.is_none() {
                    self.unsupported(name.span(), "`ARRAY JOIN` of a column that is not an array");
                }
                if let (ColumnRef::Column { relation, column }, None) = (reference, alias) {
                    replaces = Some((relation, column));
                }
                (element, lineage)
            }
            Lookup::Open => (None, Lineage::default()),
            _ => {
                self.unsupported(name.span(), "`ARRAY JOIN` of something other than a column");
                (None, Lineage::default())
            }
        };
        let array_index = scope.relations.len();
        if let Some((relation, column)) = replaces
            && let Some(replaced) = scope.column_mut(relation, column)
        {
            replaced.replaced_by = Some((array_index, 0));
        }
        let output_name = alias
            .as_ref()
            .map_or(*column_name, |a| a.name.value.as_str());
        scope.relations.push(Relation {
            alias: None,
            database: None,
            table: None,
            source: Source::ArrayJoin,
            columns: vec![ScopeColumn::new(output_name.to_string(), element, lineage)],
            open: false,
            using_list: Vec::new(),
        });
    }

    /// `ARRAY JOIN [a, b] AS x`: `x` is the array's element.
    fn array_join_literal(
        &mut self,
        literal: ArrayLiteral<'q>,
        env: &CteEnv<'_, 'q, 'c>,
        scope: &mut FromScope<'c>,
    ) {
        let empty = SelectScope::empty(env);
        let ctx = ExprContext::new(&empty);
        let items: Vec<Typed<'c>> = literal
            .items
            .iter()
            .map(|item| self.expr(item, &ctx))
            .collect();
        let types: Option<Vec<DataType>> =
            items.iter().map(|item| item.data_type.clone()).collect();
        let element = match (types, literal.items.first()) {
            (Some(types), Some(first)) => {
                self.common_type(&types, least_supertype, first, "array elements")
            }
            _ => None,
        };
        scope.finish();
        scope.relations.push(Relation {
            alias: None,
            database: None,
            table: None,
            source: Source::ArrayJoin,
            columns: vec![ScopeColumn::new(
                literal.alias.name.value.clone(),
                element,
                Lineage::default(),
            )],
            open: false,
            using_list: Vec::new(),
        });
    }
}
