//! The names ClickHouse gives SELECT items without an alias: the expression printed in
//! function form (`a + 1` is `plus(a, 1)`, `x IN (1, 2)` is `in(x, (1, 2))`), identifiers
//! by the name they resolve to (`t.x` is `x`, unless `x` clashes between joined tables).
//!
//! Only forms whose spelling is certain are printed; for the rest (casts, window
//! functions, subqueries, floats that need an exponent) the name is unknown and the user is
//! asked for an alias.

use super::expr::{ExprContext, float_keyword, interval_kind};
use super::inner_alias;
use super::query::Analyser;
use super::typing::float_name;
use sqlparser::ast::{
    AccessExpr, BinaryOperator, DuplicateTreatment, Expr, FunctionArg, FunctionArgExpr,
    FunctionArguments, InTarget, OneOrManyWithParens, OrderBySort, Subscript, UnaryOperator, Value,
    WindowType,
};

impl<'q, 'c> Analyser<'q, 'c> {
    /// ClickHouse's name for an unaliased expression, when kiln is sure of it.
    pub(crate) fn column_name(
        &mut self,
        expr: &'q Expr,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Option<String> {
        Some(match expr {
            Expr::Identifier(ident) => match float_keyword(ident) {
                Some(name) => name.to_string(),
                None => self.identifier(std::slice::from_ref(ident), ctx).name,
            },
            Expr::CompoundIdentifier(parts) => self.identifier(parts, ctx).name,
            Expr::Value(value) => literal_name(&value.value, false)?,
            Expr::Nested(inner) => self.column_name(inner, ctx)?,
            Expr::UnaryOp { op, expr: operand } => match (op, &**operand) {
                (UnaryOperator::Minus, Expr::Value(value))
                    if matches!(value.value, Value::Number(..)) =>
                {
                    literal_name(&value.value, true)?
                }
                (UnaryOperator::Minus, Expr::Identifier(ident))
                    if float_keyword(ident).is_some() =>
                {
                    format!("-{}", float_keyword(ident)?)
                }
                (UnaryOperator::Minus, _) => self.call_name("negate", &[operand], ctx)?,
                (UnaryOperator::Not, _) => self.call_name("not", &[operand], ctx)?,
                (UnaryOperator::Plus, _) => self.column_name(operand, ctx)?,
                _ => return None,
            },
            Expr::BinaryOp { left, op, right } => {
                let name = operator_name(op)?;
                let mut operands = Vec::new();
                if matches!(
                    op,
                    BinaryOperator::And | BinaryOperator::Or | BinaryOperator::StringConcat
                ) {
                    flatten(expr, op, &mut operands);
                } else {
                    operands.extend([&**left, &**right]);
                }
                self.call_name(name, &operands, ctx)?
            }
            Expr::IsNull(operand) => self.call_name("isNull", &[operand], ctx)?,
            Expr::IsNotNull(operand) => self.call_name("isNotNull", &[operand], ctx)?,
            Expr::In {
                expr: operand,
                target: InTarget::List(items),
                negated,
                ..
            } => {
                let set = match items.as_slice() {
                    [item] => self.column_name(item, ctx)?,
                    items => format!("({})", self.list_names(items, ctx)?),
                };
                let name = if *negated { "notIn" } else { "in" };
                format!("{name}({}, {set})", self.column_name(operand, ctx)?)
            }
            Expr::Between {
                expr: operand,
                negated: false,
                low,
                high,
            } => {
                let operand = self.column_name(operand, ctx)?;
                let low = self.column_name(low, ctx)?;
                let high = self.column_name(high, ctx)?;
                format!("and(greaterOrEquals({operand}, {low}), lessOrEquals({operand}, {high}))")
            }
            Expr::Like {
                negated,
                expr: operand,
                pattern,
                escape_char: None,
                any: false,
            } => self.call_name(
                if *negated { "notLike" } else { "like" },
                &[operand, pattern],
                ctx,
            )?,
            Expr::ILike {
                negated,
                expr: operand,
                pattern,
                escape_char: None,
                any: false,
            } => self.call_name(
                if *negated { "notILike" } else { "ilike" },
                &[operand, pattern],
                ctx,
            )?,
            Expr::Tuple(items) if items.len() > 1 => format!("({})", self.list_names(items, ctx)?),
            Expr::Array(array) => format!("[{}]", self.list_names(&array.elem, ctx)?),
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                let mut parts = Vec::new();
                if let Some(operand) = operand {
                    parts.push(self.column_name(operand, ctx)?);
                }
                for when in conditions {
                    parts.push(self.column_name(&when.condition, ctx)?);
                    parts.push(self.column_name(&when.result, ctx)?);
                }
                parts.push(match else_result {
                    Some(otherwise) => self.column_name(otherwise, ctx)?,
                    None => "NULL".to_string(),
                });
                let name = if operand.is_some() {
                    "caseWithExpression"
                } else {
                    "multiIf"
                };
                format!("{name}({})", parts.join(", "))
            }
            Expr::CompoundFieldAccess { root, access_chain } => {
                let mut name = self.column_name(root, ctx)?;
                for access in access_chain {
                    name = match access {
                        AccessExpr::Subscript(Subscript::Index { index }) => {
                            format!("arrayElement({name}, {})", self.column_name(index, ctx)?)
                        }
                        AccessExpr::Dot(index @ Expr::Value(_)) => {
                            format!("tupleElement({name}, {})", self.column_name(index, ctx)?)
                        }
                        _ => return None,
                    };
                }
                name
            }
            // `INTERVAL 3 DAY` is ClickHouse's `toIntervalDay(3)`; the unit's variant name is
            // the function's suffix.
            Expr::Interval(interval) if interval.last_field.is_none() => {
                let kind = interval.leading_field.as_ref().and_then(interval_kind)?;
                self.call_name(&format!("toInterval{kind:?}"), &[&interval.value], ctx)?
            }
            // ClickHouse names an aliased argument by its alias; one that needs quoting is
            // named in a way kiln does not know.
            Expr::Function(function) if let Some((_, alias)) = inner_alias::marker(function) => {
                let plain = alias.quote_style.is_none()
                    && alias
                        .value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !plain {
                    return None;
                }
                alias.value.clone()
            }
            Expr::Function(function) if function.filter.is_none() => {
                let [part] = function.name.0.as_slice() else {
                    return None;
                };
                let mut name = part.as_ident()?.value.clone();
                if let FunctionArguments::List(parameters) = &function.parameters {
                    let parameters = self.argument_names(&parameters.args, ctx)?;
                    name = format!("{name}({parameters})");
                }
                let arguments = match &function.args {
                    FunctionArguments::List(list) if list.clauses.is_empty() => {
                        if list.duplicate_treatment == Some(DuplicateTreatment::Distinct) {
                            name.push_str("Distinct");
                        }
                        self.argument_names(&list.args, ctx)?
                    }
                    FunctionArguments::None => String::new(),
                    _ => return None,
                };
                let call = if name == "tuple" && arguments.contains(", ") {
                    format!("({arguments})")
                } else {
                    format!("{name}({arguments})")
                };
                match &function.over {
                    None => call,
                    Some(window) => format!("{call} OVER {}", self.window_name(window, ctx)?),
                }
            }
            _ => return None,
        })
    }

    /// `w` or `(PARTITION BY a ORDER BY b ASC)`, as ClickHouse prints a window; frames and
    /// windows based on a named one are not printed.
    fn window_name(
        &mut self,
        window: &'q WindowType,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Option<String> {
        let spec = match window {
            WindowType::NamedWindow(name) => return Some(name.value.clone()),
            WindowType::WindowSpec(spec) => spec,
        };
        if spec.window_name.is_some() || spec.window_frame.is_some() {
            return None;
        }
        let mut parts = Vec::new();
        if !spec.partition_by.is_empty() {
            parts.push(format!(
                "PARTITION BY {}",
                self.list_names(&spec.partition_by, ctx)?
            ));
        }
        if !spec.order_by.is_empty() {
            let mut items = Vec::with_capacity(spec.order_by.len());
            for item in &spec.order_by {
                let direction = match item.options.sort {
                    None | Some(OrderBySort::Asc) => "ASC",
                    Some(OrderBySort::Desc) => "DESC",
                    Some(OrderBySort::Using(_)) => return None,
                };
                let nulls = match item.options.nulls_first {
                    Some(true) => " NULLS FIRST",
                    Some(false) => " NULLS LAST",
                    None => "",
                };
                items.push(format!(
                    "{} {direction}{nulls}",
                    self.column_name(&item.expr, ctx)?
                ));
            }
            parts.push(format!("ORDER BY {}", items.join(", ")));
        }
        Some(format!("({})", parts.join(" ")))
    }

    fn call_name(
        &mut self,
        name: &str,
        operands: &[&'q Expr],
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Option<String> {
        let mut names = Vec::with_capacity(operands.len());
        for operand in operands {
            names.push(self.column_name(operand, ctx)?);
        }
        Some(format!("{name}({})", names.join(", ")))
    }

    fn list_names(
        &mut self,
        items: &'q [Expr],
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Option<String> {
        let mut names = Vec::with_capacity(items.len());
        for item in items {
            names.push(self.column_name(item, ctx)?);
        }
        Some(names.join(", "))
    }

    fn argument_names(
        &mut self,
        args: &'q [FunctionArg],
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Option<String> {
        let mut names = Vec::with_capacity(args.len());
        for arg in args {
            match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Lambda(lambda))) => {
                    let params = match &lambda.params {
                        OneOrManyWithParens::One(param) => param.name.value.clone(),
                        OneOrManyWithParens::Many(params) => params
                            .iter()
                            .map(|p| p.name.value.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    };
                    // The body names lambda parameters by their own names.
                    let body = lambda_body_name(&lambda.body)?;
                    names.push(format!("lambda(tuple({params}), {body})"));
                }
                FunctionArg::Unnamed(FunctionArgExpr::Expr(argument)) => {
                    names.push(self.column_name(argument, ctx)?)
                }
                FunctionArg::Unnamed(FunctionArgExpr::Wildcard) => {}
                _ => return None,
            }
        }
        Some(names.join(", "))
    }
}

/// Names inside a lambda body, where identifiers are parameters or plain columns: only
/// simple operator forms over them.
fn lambda_body_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Identifier(ident) => Some(ident.value.clone()),
        Expr::Value(value) => literal_name(&value.value, false),
        Expr::Nested(inner) => lambda_body_name(inner),
        Expr::BinaryOp { left, op, right }
            if !matches!(
                op,
                BinaryOperator::And | BinaryOperator::Or | BinaryOperator::StringConcat
            ) =>
        {
            Some(format!(
                "{}({}, {})",
                operator_name(op)?,
                lambda_body_name(left)?,
                lambda_body_name(right)?
            ))
        }
        _ => None,
    }
}

/// The operands of a chain of one associative operator written without parentheses.
fn flatten<'q>(expr: &'q Expr, op: &BinaryOperator, operands: &mut Vec<&'q Expr>) {
    match expr {
        Expr::BinaryOp {
            left,
            op: inner,
            right,
        } if inner == op => {
            flatten(left, op, operands);
            flatten(right, op, operands);
        }
        other => operands.push(other),
    }
}

fn operator_name(op: &BinaryOperator) -> Option<&'static str> {
    Some(match op {
        BinaryOperator::Plus => "plus",
        BinaryOperator::Minus => "minus",
        BinaryOperator::Multiply => "multiply",
        BinaryOperator::Divide => "divide",
        BinaryOperator::Modulo => "modulo",
        BinaryOperator::Eq => "equals",
        BinaryOperator::NotEq => "notEquals",
        BinaryOperator::Lt => "less",
        BinaryOperator::Gt => "greater",
        BinaryOperator::LtEq => "lessOrEquals",
        BinaryOperator::GtEq => "greaterOrEquals",
        BinaryOperator::And => "and",
        BinaryOperator::Or => "or",
        BinaryOperator::StringConcat => "concat",
        _ => return None,
    })
}

/// A literal as ClickHouse prints it in a column name.
fn literal_name(value: &Value, negative: bool) -> Option<String> {
    let sign = if negative { "-" } else { "" };
    match value {
        Value::Number(text, _) if text.bytes().all(|b| b.is_ascii_digit()) => {
            let value: u64 = text.parse().ok()?;
            Some(if value == 0 {
                "0".into()
            } else {
                format!("{sign}{value}")
            })
        }
        Value::Number(text, _) => {
            let value: f64 = text.parse().ok()?;
            float_name(if negative { -value } else { value })
        }
        Value::SingleQuotedString(text) => Some(quote_string(text)),
        Value::Boolean(flag) => Some(flag.to_string()),
        Value::Null => Some("NULL".into()),
        _ => None,
    }
}

/// ClickHouse's quoting of a string literal in a column name.
fn quote_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('\'');
    for c in text.chars() {
        match c {
            '\'' => quoted.push_str("\\'"),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            '\0' => quoted.push_str("\\0"),
            c => quoted.push(c),
        }
    }
    quoted.push('\'');
    quoted
}
