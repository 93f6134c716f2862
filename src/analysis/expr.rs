//! Typing expressions: each yields a [`Typed`] with its ClickHouse type (or unknown), its
//! lineage, a structural key (equal for expressions ClickHouse considers the same, so
//! `GROUP BY` keys can be matched), and the column references not covered by an aggregate
//! or a `GROUP BY` key.
//!
//! Operators are ClickHouse functions (`a + b` is `plus(a, b)`) and are typed here with the
//! rules in [`super::typing`]; named functions are typed in `call`.

use super::inner_alias;
use super::issue::NO_COMMON_TYPE;
use super::lineage::Lineage;
use super::query::Analyser;
use super::select::SelectScope;
use super::typing::{
    Arithmetic, Constant, Wrapping, arithmetic, comparison, least_supertype, logical, negate,
    number_literal, supertype_of_branches, with_default_wrappers,
};
use super::{Issue, LineageKind};
use crate::types::{DataType, IntervalKind, parse_type};
use sqlparser::ast::{
    BinaryOperator, CastKind, CeilFloorKind, DateTimeField, Expr, Spanned, UnaryOperator, Value,
};
use std::ops::Range;

/// What typing an expression found.
#[derive(Clone)]
pub(crate) struct Typed<'c> {
    pub(crate) data_type: Option<DataType>,
    pub(crate) lineage: Lineage<'c>,
    /// Equal for expressions ClickHouse treats as the same (`t.x` and `x`, `a + 1` and
    /// `plus(a, 1)`).
    pub(crate) key: u64,
    /// Contains an aggregate function call (not a window function).
    pub(crate) aggregate: bool,
    /// Reads no column: ClickHouse folds it to a constant.
    pub(crate) constant: bool,
    /// The value of a literal.
    pub(crate) value: Option<Constant>,
    /// Column references outside aggregates and not under a `GROUP BY` key.
    pub(crate) free: Vec<FreeRef>,
}

/// A column reference that must be grouped in an aggregating SELECT.
#[derive(Clone)]
pub(crate) struct FreeRef {
    pub(crate) span: Range<usize>,
    pub(crate) name: String,
}

impl<'c> Typed<'c> {
    pub(crate) fn unknown(key: u64) -> Self {
        Self {
            data_type: None,
            lineage: Lineage::default(),
            key,
            aggregate: false,
            constant: false,
            value: None,
            free: Vec::new(),
        }
    }

    fn literal(data_type: DataType, value: Option<Constant>, key: u64) -> Self {
        Self {
            data_type: Some(data_type),
            constant: true,
            value,
            ..Self::unknown(key)
        }
    }

    /// A value computed from `children`: their lineage (at least `expression`), aggregate if
    /// any is, constant if all are.
    pub(crate) fn derived(data_type: Option<DataType>, key: u64, children: Vec<Typed<'c>>) -> Self {
        let mut typed = Self {
            data_type,
            constant: true,
            ..Self::unknown(key)
        };
        for child in children {
            typed
                .lineage
                .merge(&child.lineage.at_least(LineageKind::Expression));
            typed.aggregate |= child.aggregate;
            typed.constant &= child.constant;
            typed.free.extend(child.free);
        }
        typed
    }

    /// `(type, is constant)` for the wrapper rules.
    pub(crate) fn shape(&self) -> (Option<&DataType>, bool) {
        (self.data_type.as_ref(), self.constant)
    }
}

/// A stable structural hash: FNV-1a over the tag, mixed with the parts.
pub(crate) fn key_of(tag: &str, parts: &[u64]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in tag.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    for part in parts {
        hash = (hash ^ part).wrapping_mul(0x0100_0000_01b3).rotate_left(29);
    }
    hash
}

/// A lambda parameter in scope.
#[derive(Clone)]
pub(crate) struct LambdaParam<'q, 'c> {
    pub(crate) name: &'q str,
    pub(crate) typed: Typed<'c>,
}

/// Where an expression is typed: the SELECT's scope and the lambda parameters around it.
#[derive(Clone)]
pub(crate) struct ExprContext<'a, 's, 'q, 'c> {
    pub(crate) scope: &'a SelectScope<'s, 'q, 'c>,
    pub(crate) lambdas: Vec<LambdaParam<'q, 'c>>,
}

impl<'a, 's, 'q, 'c> ExprContext<'a, 's, 'q, 'c> {
    pub(crate) fn new(scope: &'a SelectScope<'s, 'q, 'c>) -> Self {
        Self {
            scope,
            lambdas: Vec::new(),
        }
    }

    /// The innermost lambda parameter called `name`.
    pub(crate) fn lambda(&self, name: &str) -> Option<Typed<'c>> {
        self.lambdas
            .iter()
            .rev()
            .find(|param| param.name == name)
            .map(|param| param.typed.clone())
    }
}

impl<'q, 'c> Analyser<'q, 'c> {
    /// Types an expression in a SELECT's scope.
    pub(crate) fn expr(&mut self, expr: &'q Expr, ctx: &ExprContext<'_, '_, 'q, 'c>) -> Typed<'c> {
        let mut typed = self.expr_inner(expr, ctx);
        if ctx.scope.group_keys.contains(&typed.key) {
            typed.free.clear();
        }
        typed
    }

    fn expr_inner(&mut self, expr: &'q Expr, ctx: &ExprContext<'_, '_, 'q, 'c>) -> Typed<'c> {
        match expr {
            Expr::Identifier(ident) => match float_keyword(ident) {
                Some(name) => Typed::literal(DataType::Float64, None, key_of(name, &[])),
                None => self.identifier(std::slice::from_ref(ident), ctx).typed,
            },
            Expr::CompoundIdentifier(parts) => self.identifier(parts, ctx).typed,
            Expr::Value(value) => self.value(&value.value, false, expr),
            Expr::Nested(inner) => self.expr(inner, ctx),
            Expr::UnaryOp { op, expr: operand } => self.unary(*op, operand, expr, ctx),
            Expr::BinaryOp { left, op, right } => self.binary(left, op, right, expr, ctx),
            Expr::IsNull(operand) | Expr::IsNotNull(operand) => {
                let name = if matches!(expr, Expr::IsNull(_)) {
                    "isNull"
                } else {
                    "isNotNull"
                };
                let operand = self.expr(operand, ctx);
                let data_type = operand.data_type.as_ref().map(|_| DataType::UInt8);
                Typed::derived(data_type, key_of(name, &[operand.key]), vec![operand])
            }
            Expr::In {
                expr: operand,
                target,
                negated,
                ..
            } => self.in_list(operand, target, *negated, ctx),
            Expr::Between {
                expr: operand,
                negated: false,
                low,
                high,
            } => {
                let operand = self.expr(operand, ctx);
                let low = self.expr(low, ctx);
                let high = self.expr(high, ctx);
                let lower = comparison(&[operand.shape(), low.shape()]);
                let upper = comparison(&[operand.shape(), high.shape()]);
                let lower_shape = (lower.as_ref(), operand.constant && low.constant);
                let upper_shape = (upper.as_ref(), operand.constant && high.constant);
                let data_type = logical(false, &[lower_shape, upper_shape]);
                let key = key_of("between", &[operand.key, low.key, high.key]);
                Typed::derived(data_type, key, vec![operand, low, high])
            }
            Expr::Like {
                negated,
                expr: operand,
                pattern,
                escape_char: None,
                any: false,
            }
            | Expr::ILike {
                negated,
                expr: operand,
                pattern,
                escape_char: None,
                any: false,
            } => {
                let name = match (matches!(expr, Expr::Like { .. }), negated) {
                    (true, false) => "like",
                    (true, true) => "notLike",
                    (false, false) => "ilike",
                    (false, true) => "notILike",
                };
                let operand = self.expr(operand, ctx);
                let pattern = self.expr(pattern, ctx);
                let data_type = comparison(&[operand.shape(), pattern.shape()]);
                Typed::derived(
                    data_type,
                    key_of(name, &[operand.key, pattern.key]),
                    vec![operand, pattern],
                )
            }
            Expr::Cast {
                kind: kind @ (CastKind::Cast | CastKind::DoubleColon),
                expr: operand,
                data_type,
                format: None,
            } => {
                // The type as written: sqlparser prints types in its own spelling (`STRING`).
                let separator = if matches!(kind, CastKind::Cast) {
                    "AS"
                } else {
                    "::"
                };
                let operand_end = self.expr_range(operand).end;
                let text = self
                    .lines
                    .type_after(operand_end, separator)
                    .map_or_else(|| data_type.to_string(), str::to_string);
                let operand = self.expr(operand, ctx);
                self.cast(operand, &text, expr)
            }
            Expr::TypedString(typed_string) => {
                let data_type = match &typed_string.data_type {
                    sqlparser::ast::DataType::Date => Some(DataType::Date),
                    sqlparser::ast::DataType::Timestamp(None, _) => {
                        Some(DataType::DateTime { timezone: None })
                    }
                    _ => None,
                };
                match data_type {
                    Some(data_type) => {
                        Typed::literal(data_type, None, key_of(&expr.to_string(), &[]))
                    }
                    None => self.unsupported_expr(expr, "this typed literal"),
                }
            }
            Expr::Tuple(items) => {
                let items: Vec<Typed<'c>> = items.iter().map(|item| self.expr(item, ctx)).collect();
                let data_type: Option<Vec<DataType>> =
                    items.iter().map(|item| item.data_type.clone()).collect();
                let key = key_of(
                    "tuple",
                    &items.iter().map(|item| item.key).collect::<Vec<_>>(),
                );
                Typed::derived(data_type.map(DataType::Tuple), key, items)
            }
            Expr::Array(array) => {
                let items: Vec<Typed<'c>> =
                    array.elem.iter().map(|item| self.expr(item, ctx)).collect();
                let element = if items.is_empty() {
                    Some(DataType::Nothing)
                } else {
                    let types: Option<Vec<DataType>> =
                        items.iter().map(|item| item.data_type.clone()).collect();
                    types.and_then(|types| {
                        self.common_type(&types, least_supertype, expr, "array elements")
                    })
                };
                let key = key_of(
                    "array",
                    &items.iter().map(|item| item.key).collect::<Vec<_>>(),
                );
                Typed::derived(element.map(|e| DataType::Array(Box::new(e))), key, items)
            }
            Expr::Interval(interval) => {
                let kind = interval.leading_field.as_ref().and_then(interval_kind);
                match (kind, interval.last_field.is_none()) {
                    (Some(kind), true) => {
                        let value = self.expr(&interval.value, ctx);
                        let key = key_of("interval", &[value.key, kind as u64]);
                        Typed::derived(Some(DataType::Interval(kind)), key, vec![value])
                    }
                    _ => self.unsupported_expr(expr, "this interval"),
                }
            }
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => self.case(
                operand.as_deref(),
                conditions,
                else_result.as_deref(),
                expr,
                ctx,
            ),
            Expr::Subquery(query) => self.scalar_subquery(query, expr, ctx),
            Expr::Exists { subquery, .. } => {
                let _ = self.query(subquery, ctx.scope.env, Some(ctx.scope));
                Typed::literal(
                    DataType::UInt8,
                    None,
                    key_of("exists", &[expr.span().start.column]),
                )
            }
            Expr::CompoundFieldAccess { root, access_chain } => {
                self.field_access(root, access_chain, ctx)
            }
            Expr::Extract {
                field,
                expr: operand,
                ..
            } => match extract_function(field) {
                Some(name) => {
                    let operand = self.expr(operand, ctx);
                    self.named_call(name, &[], vec![operand], expr)
                }
                None => self.unsupported_expr(expr, "this EXTRACT field"),
            },
            Expr::Function(function) => match inner_alias::marker(function) {
                Some((inner, alias)) => self.inner_alias(ctx.scope, inner, &alias.value, expr),
                None => self.function(function, expr, ctx),
            },
            Expr::Ceil {
                expr: operand,
                field,
            }
            | Expr::Floor {
                expr: operand,
                field,
            } => {
                let name = if matches!(expr, Expr::Ceil { .. }) {
                    "ceil"
                } else {
                    "floor"
                };
                let mut arguments = vec![self.expr(operand, ctx)];
                match field {
                    CeilFloorKind::DateTimeField(DateTimeField::NoDateTime) => {}
                    CeilFloorKind::Scale(scale) => {
                        arguments.push(self.value(&scale.value, false, expr))
                    }
                    CeilFloorKind::DateTimeField(_) => {
                        return self.unsupported_expr(expr, "this form of FLOOR and CEIL");
                    }
                }
                self.named_call(name, &[], arguments, expr)
            }
            Expr::Substring {
                expr: operand,
                substring_from,
                substring_for,
                ..
            } => {
                let mut arguments = vec![self.expr(operand, ctx)];
                for part in [substring_from, substring_for].into_iter().flatten() {
                    arguments.push(self.expr(part, ctx));
                }
                self.named_call("substring", &[], arguments, expr)
            }
            Expr::Trim {
                expr: operand,
                trim_where: None,
                trim_what: None,
                trim_characters: None,
            } => {
                let operand = self.expr(operand, ctx);
                self.named_call("trimBoth", &[], vec![operand], expr)
            }
            Expr::Position { expr: needle, r#in } => {
                let haystack = self.expr(r#in, ctx);
                let needle = self.expr(needle, ctx);
                self.named_call("position", &[], vec![haystack, needle], expr)
            }
            Expr::Lambda(_) => {
                self.unsupported_expr(expr, "a lambda outside a function's arguments")
            }
            _ => self.unsupported_expr(expr, "this expression"),
        }
    }

    /// A literal; `negative` for a number directly after a minus sign.
    fn value(&mut self, value: &Value, negative: bool, expr: &'q Expr) -> Typed<'c> {
        let key = key_of(&format!("{}{value}", if negative { "-" } else { "" }), &[]);
        match value {
            Value::Number(text, _) => match number_literal(text, negative) {
                Some(literal) => Typed::literal(literal.data_type, Some(literal.constant), key),
                None => self.unsupported_expr(expr, "this number"),
            },
            Value::SingleQuotedString(text) => {
                Typed::literal(DataType::String, Some(Constant::String(text.clone())), key)
            }
            Value::Boolean(flag) => {
                Typed::literal(DataType::Bool, Some(Constant::Bool(*flag)), key)
            }
            Value::Null => Typed::literal(
                DataType::Nullable(Box::new(DataType::Nothing)),
                Some(Constant::Null),
                key,
            ),
            _ => self.unsupported_expr(expr, "this literal"),
        }
    }

    fn unary(
        &mut self,
        op: UnaryOperator,
        operand: &'q Expr,
        expr: &'q Expr,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Typed<'c> {
        match op {
            UnaryOperator::Minus => {
                if let Expr::Value(value) = operand
                    && matches!(value.value, Value::Number(..))
                {
                    return self.value(&value.value, true, expr);
                }
                let operand = self.expr(operand, ctx);
                let data_type =
                    with_default_wrappers(&[operand.shape()], Wrapping::BOTH, |values| {
                        negate(values.first()?)
                    });
                Typed::derived(data_type, key_of("negate", &[operand.key]), vec![operand])
            }
            UnaryOperator::Plus => self.expr(operand, ctx),
            UnaryOperator::Not => {
                let operand = self.expr(operand, ctx);
                let data_type = logical(true, &[operand.shape()]);
                Typed::derived(data_type, key_of("not", &[operand.key]), vec![operand])
            }
            _ => self.unsupported_expr(expr, "this operator"),
        }
    }

    fn binary(
        &mut self,
        left: &'q Expr,
        op: &BinaryOperator,
        right: &'q Expr,
        expr: &'q Expr,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Typed<'c> {
        let arithmetic_op = match op {
            BinaryOperator::Plus => Some(Arithmetic::Plus),
            BinaryOperator::Minus => Some(Arithmetic::Minus),
            BinaryOperator::Multiply => Some(Arithmetic::Multiply),
            BinaryOperator::Divide => Some(Arithmetic::Divide),
            BinaryOperator::Modulo => Some(Arithmetic::Modulo),
            _ => None,
        };
        let comparison_name = match op {
            BinaryOperator::Eq => Some("equals"),
            BinaryOperator::NotEq => Some("notEquals"),
            BinaryOperator::Lt => Some("less"),
            BinaryOperator::Gt => Some("greater"),
            BinaryOperator::LtEq => Some("lessOrEquals"),
            BinaryOperator::GtEq => Some("greaterOrEquals"),
            _ => None,
        };
        if arithmetic_op.is_none()
            && comparison_name.is_none()
            && !matches!(
                op,
                BinaryOperator::And | BinaryOperator::Or | BinaryOperator::StringConcat
            )
        {
            return self.unsupported_expr(expr, "this operator");
        }
        let left = self.expr(left, ctx);
        let right = self.expr(right, ctx);
        let shapes = [left.shape(), right.shape()];
        let (name, data_type) = if let Some(op) = arithmetic_op {
            let data_type = with_default_wrappers(&shapes, Wrapping::BOTH, |values| match values {
                [a, b] => arithmetic(op, a, b),
                _ => None,
            });
            (op.function_name(), data_type)
        } else if let Some(name) = comparison_name {
            (name, comparison(&shapes))
        } else if matches!(op, BinaryOperator::StringConcat) {
            let data_type =
                with_default_wrappers(&shapes, Wrapping::BOTH, |_| Some(DataType::String));
            ("concat", data_type)
        } else {
            let name = if matches!(op, BinaryOperator::And) {
                "and"
            } else {
                "or"
            };
            (name, logical(false, &shapes))
        };
        Typed::derived(
            data_type,
            key_of(name, &[left.key, right.key]),
            vec![left, right],
        )
    }

    /// `CAST(x AS T)`, `x::T`, `CAST(x, 'T')`: exactly `T`.
    pub(crate) fn cast(
        &mut self,
        operand: Typed<'c>,
        type_text: &str,
        expr: &'q Expr,
    ) -> Typed<'c> {
        match parse_type(type_text) {
            Ok(data_type) => {
                let key = key_of("CAST", &[operand.key, key_of(&data_type.to_string(), &[])]);
                Typed::derived(Some(data_type), key, vec![operand])
            }
            Err(_) => self.unsupported_expr(expr, &format!("the type `{type_text}`")),
        }
    }

    /// The common type of values that must share one, with a warning when there is none.
    pub(crate) fn common_type(
        &mut self,
        types: &[DataType],
        rule: fn(&[DataType]) -> Option<DataType>,
        expr: &'q Expr,
        what: &str,
    ) -> Option<DataType> {
        let result = rule(types);
        if result.is_none() && least_supertype(types).is_none() {
            let listed: Vec<String> = types.iter().map(|t| format!("`{t}`")).collect();
            let span = self.expr_range(expr);
            self.issues.push(Issue::warning(
                NO_COMMON_TYPE,
                span,
                format!("the {what} have no common type ({})", listed.join(", ")),
            ));
        }
        result
    }

    /// Reports an expression analysis does not follow; its type is unknown.
    pub(crate) fn unsupported_expr(&mut self, expr: &'q Expr, what: &str) -> Typed<'c> {
        let range = self.expr_range(expr);
        self.unsupported_at(range, what);
        Typed::unknown(key_of(&expr.to_string(), &[]))
    }

    /// `if`, `multiIf` and `CASE` branches: their supertype (without `LowCardinality`).
    pub(crate) fn branches_type(
        &mut self,
        branches: &[&Typed<'c>],
        expr: &'q Expr,
    ) -> Option<DataType> {
        let types: Option<Vec<DataType>> = branches.iter().map(|b| b.data_type.clone()).collect();
        self.common_type(&types?, supertype_of_branches, expr, "branches")
    }
}

pub(crate) fn interval_kind(field: &DateTimeField) -> Option<IntervalKind> {
    Some(match field {
        DateTimeField::Year | DateTimeField::Years => IntervalKind::Year,
        DateTimeField::Quarter => IntervalKind::Quarter,
        DateTimeField::Month | DateTimeField::Months => IntervalKind::Month,
        DateTimeField::Week(None) | DateTimeField::Weeks => IntervalKind::Week,
        DateTimeField::Day | DateTimeField::Days => IntervalKind::Day,
        DateTimeField::Hour | DateTimeField::Hours => IntervalKind::Hour,
        DateTimeField::Minute | DateTimeField::Minutes => IntervalKind::Minute,
        DateTimeField::Second | DateTimeField::Seconds => IntervalKind::Second,
        _ => return None,
    })
}

/// The function ClickHouse runs for `EXTRACT(field FROM x)`.
fn extract_function(field: &DateTimeField) -> Option<&'static str> {
    Some(match field {
        DateTimeField::Year => "toYear",
        DateTimeField::Month => "toMonth",
        DateTimeField::Day => "toDayOfMonth",
        DateTimeField::Hour => "toHour",
        DateTimeField::Minute => "toMinute",
        DateTimeField::Second => "toSecond",
        _ => return None,
    })
}

/// `nan` and `inf` (any case, unquoted): ClickHouse's lexer reads them as `Float64`
/// literals before any column of that name, and names them in lower case; sqlparser reads
/// identifiers.
pub(crate) fn float_keyword(ident: &sqlparser::ast::Ident) -> Option<&'static str> {
    if ident.quote_style.is_some() {
        return None;
    }
    ["nan", "inf"]
        .into_iter()
        .find(|keyword| ident.value.eq_ignore_ascii_case(keyword))
}
