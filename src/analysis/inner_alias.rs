//! Aliases inside expressions: ClickHouse's `f(x AS y)`, `(a + 1 AS b) > 2` and
//! `GROUP BY e AS k`, which the pre-pass writes as the marker call `__kiln_alias(x, y)`.
//!
//! ClickHouse makes `y` an alias of the whole SELECT, usable anywhere in it like a
//! SELECT-list alias (and nowhere in its subqueries), and names the expression `y` inside
//! the names it builds (`plus(x, 1)`). So the SELECT registers every marker found in its
//! own expressions as one of its aliases ([`collect`]), and a marker is typed as its alias
//! is: `x`, with `y` meaning the column inside its own definition.
//!
//! The walk follows the expressions analysis types; a marker it does not reach (inside a
//! construct analysis does not follow) is reported unsupported where it is typed, so an
//! alias is never missing without a warning.

use super::prepass::INNER_ALIAS_MARKER;
use sqlparser::ast::{
    AccessExpr, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, InTarget,
    Subscript,
};

/// `(x, y)` of a marker call `__kiln_alias(x, y)`.
pub(crate) fn marker(function: &Function) -> Option<(&Expr, &Ident)> {
    let [part] = function.name.0.as_slice() else {
        return None;
    };
    if part.as_ident()?.value != INNER_ALIAS_MARKER {
        return None;
    }
    let FunctionArguments::List(list) = &function.args else {
        return None;
    };
    match list.args.as_slice() {
        [
            FunctionArg::Unnamed(FunctionArgExpr::Expr(expr)),
            FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Identifier(alias))),
        ] => Some((expr, alias)),
        _ => None,
    }
}

/// Every marker in `expr` outside subqueries and lambdas, as `(alias, aliased expression)`.
pub(crate) fn collect<'q>(expr: &'q Expr, found: &mut Vec<(&'q Ident, &'q Expr)>) {
    let mut children: Vec<&'q Expr> = Vec::new();
    match expr {
        Expr::Function(function) => {
            if let Some((inner, alias)) = marker(function) {
                found.push((alias, inner));
            }
            for arguments in [&function.args, &function.parameters] {
                if let FunctionArguments::List(list) = arguments {
                    children.extend(list.args.iter().filter_map(argument_expr));
                }
            }
        }
        Expr::Nested(inner)
        | Expr::UnaryOp { expr: inner, .. }
        | Expr::IsNull(inner)
        | Expr::IsNotNull(inner)
        | Expr::IsTrue(inner)
        | Expr::IsFalse(inner)
        | Expr::Cast { expr: inner, .. }
        | Expr::Interval(sqlparser::ast::Interval { value: inner, .. })
        | Expr::Extract { expr: inner, .. }
        | Expr::Ceil { expr: inner, .. }
        | Expr::Floor { expr: inner, .. }
        | Expr::Collate { expr: inner, .. } => children.push(inner),
        Expr::BinaryOp { left, right, .. }
        | Expr::Like {
            expr: left,
            pattern: right,
            ..
        }
        | Expr::ILike {
            expr: left,
            pattern: right,
            ..
        }
        | Expr::IsDistinctFrom(left, right)
        | Expr::IsNotDistinctFrom(left, right)
        | Expr::Position {
            expr: left,
            r#in: right,
        } => children.extend([&**left, &**right]),
        Expr::In {
            expr: inner,
            target,
            ..
        } => {
            children.push(inner);
            match target {
                InTarget::List(list) => children.extend(list),
                InTarget::Unnest(array) => children.push(array),
                InTarget::Subquery(_) | InTarget::Table { .. } => {}
            }
        }
        Expr::Between {
            expr: inner,
            low,
            high,
            ..
        } => children.extend([&**inner, &**low, &**high]),
        Expr::Tuple(items) => children.extend(items),
        Expr::Array(array) => children.extend(&array.elem),
        Expr::Case {
            operand,
            conditions,
            else_result,
            ..
        } => {
            children.extend(operand.as_deref());
            for when in conditions {
                children.extend([&when.condition, &when.result]);
            }
            children.extend(else_result.as_deref());
        }
        Expr::CompoundFieldAccess { root, access_chain } => {
            children.push(root);
            for access in access_chain {
                match access {
                    AccessExpr::Dot(inner) => children.push(inner),
                    AccessExpr::Subscript(Subscript::Index { index }) => children.push(index),
                    AccessExpr::Subscript(_) => {}
                }
            }
        }
        Expr::Substring {
            expr: inner,
            substring_from,
            substring_for,
            ..
        } => {
            children.push(inner);
            children.extend(substring_from.as_deref());
            children.extend(substring_for.as_deref());
        }
        Expr::Trim {
            expr: inner,
            trim_what,
            ..
        } => {
            children.push(inner);
            children.extend(trim_what.as_deref());
        }
        // Subqueries are SELECTs of their own; lambdas bind names the pre-pass never
        // aliases; the rest holds no expression analysis types.
        _ => {}
    }
    for child in children {
        collect(child, found);
    }
}

fn argument_expr(argument: &FunctionArg) -> Option<&Expr> {
    match argument {
        FunctionArg::Unnamed(FunctionArgExpr::Expr(expr))
        | FunctionArg::Named {
            arg: FunctionArgExpr::Expr(expr),
            ..
        }
        | FunctionArg::ExprNamed {
            arg: FunctionArgExpr::Expr(expr),
            ..
        } => Some(expr),
        _ => None,
    }
}
