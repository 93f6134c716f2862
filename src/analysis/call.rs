//! Function calls: conditionals, `CAST`, tuple and array access, higher-order functions with
//! lambdas, aggregates and window functions, `IN`, `CASE` and scalar subqueries; every
//! other named function is typed through [`super::typing::FunctionTyping`].

use super::expr::{ExprContext, LambdaParam, Typed, key_of};
use super::issue::{UNKNOWN_FUNCTION, UNKNOWN_WINDOW};
use super::query::Analyser;
use super::typing::{
    Argument, Arithmetic, Call, Constant, FunctionType, Wrapping, arithmetic, comparison, logical,
    with_default_wrappers,
};
use super::{Issue, LineageKind};
use crate::types::DataType;
use sqlparser::ast::{
    AccessExpr, CaseWhen, DuplicateTreatment, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArguments, InTarget, OneOrManyWithParens, Query, Spanned, Subscript, WindowSpec,
    WindowType,
};

impl<'q, 'c> Analyser<'q, 'c> {
    /// A function call as written.
    pub(crate) fn function(
        &mut self,
        function: &'q Function,
        expr: &'q Expr,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Typed<'c> {
        let name = match function.name.0.as_slice() {
            [part] => part.as_ident().map(|ident| ident.value.as_str()),
            _ => None,
        };
        let Some(name) = name else {
            return self.unsupported_expr(expr, "qualified function names");
        };
        if function.filter.is_some()
            || !function.within_group.is_empty()
            || function.null_treatment.is_some()
        {
            return self.unsupported_expr(expr, "`FILTER`, `WITHIN GROUP` and `IGNORE NULLS`");
        }
        let Some(parameters) = self.parameters(&function.parameters, ctx) else {
            return self.unsupported_expr(expr, "non-constant function parameters");
        };
        let (arguments, distinct) = match &function.args {
            FunctionArguments::None => (Vec::new(), false),
            FunctionArguments::List(list) if list.clauses.is_empty() => {
                let mut arguments = Vec::with_capacity(list.args.len());
                for arg in &list.args {
                    match arg {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(argument)) => {
                            arguments.push(argument)
                        }
                        // `count(*)` is `count()`.
                        FunctionArg::Unnamed(FunctionArgExpr::Wildcard)
                            if name.eq_ignore_ascii_case("count") => {}
                        _ => return self.unsupported_expr(expr, "this kind of function argument"),
                    }
                }
                (
                    arguments,
                    list.duplicate_treatment == Some(DuplicateTreatment::Distinct),
                )
            }
            _ => return self.unsupported_expr(expr, "this kind of function argument"),
        };
        if arguments
            .iter()
            .any(|argument| matches!(argument, Expr::Lambda(_)))
        {
            return self.higher_order(name, &arguments, expr, ctx);
        }
        let typed: Vec<Typed<'c>> = arguments
            .iter()
            .map(|argument| self.expr(argument, ctx))
            .collect();
        let name = if distinct {
            format!("{name}Distinct")
        } else {
            name.to_string()
        };
        match &function.over {
            Some(window) => self.window_call(&name, &parameters, typed, window, expr, ctx),
            None => self.named_call(&name, &parameters, typed, expr),
        }
    }

    /// Parametric function parameters (`quantile(0.9)`), which must be literals.
    fn parameters(
        &mut self,
        parameters: &'q FunctionArguments,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Option<Vec<Constant>> {
        let FunctionArguments::List(list) = parameters else {
            return Some(Vec::new());
        };
        let mut values = Vec::with_capacity(list.args.len());
        for arg in &list.args {
            let FunctionArg::Unnamed(FunctionArgExpr::Expr(parameter)) = arg else {
                return None;
            };
            values.push(self.expr(parameter, ctx).value?);
        }
        Some(values)
    }

    /// A call of `name` with typed arguments: the forms ClickHouse types specially, else
    /// the function catalog.
    pub(crate) fn named_call(
        &mut self,
        name: &str,
        parameters: &[Constant],
        arguments: Vec<Typed<'c>>,
        expr: &'q Expr,
    ) -> Typed<'c> {
        let key = key_of(name, &arguments.iter().map(|a| a.key).collect::<Vec<_>>());
        let shapes: Vec<(Option<&DataType>, bool)> = arguments.iter().map(Typed::shape).collect();
        let data_type = match (name, arguments.as_slice()) {
            ("if", [_, then, otherwise]) => self.branches_type(&[then, otherwise], expr),
            ("multiIf", [.., _]) if arguments.len() % 2 == 1 => {
                let results: Vec<&Typed<'c>> = arguments
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| index % 2 == 1 || *index + 1 == arguments.len())
                    .map(|(_, argument)| argument)
                    .collect();
                self.branches_type(&results, expr)
            }
            ("CAST" | "cast" | "_CAST", [_, target]) => {
                let Some(Constant::String(type_text)) = target.value.clone() else {
                    return self
                        .unsupported_expr(expr, "`CAST` to a type that is not a string literal");
                };
                let mut arguments = arguments;
                arguments.truncate(1);
                let operand = arguments.pop().unwrap_or_else(|| Typed::unknown(key));
                return self.cast(operand, &type_text, expr);
            }
            ("tuple", _) => shapes
                .iter()
                .map(|(t, _)| t.cloned())
                .collect::<Option<Vec<_>>>()
                .map(DataType::Tuple),
            ("and" | "or", _) => logical(false, &shapes),
            ("not", [_]) => logical(true, &shapes),
            ("isNull" | "isNotNull", [argument]) => {
                argument.data_type.as_ref().map(|_| DataType::UInt8)
            }
            (
                "equals" | "notEquals" | "less" | "greater" | "lessOrEquals" | "greaterOrEquals",
                [_, _],
            ) => comparison(&shapes),
            ("plus" | "minus" | "multiply" | "divide" | "intDiv" | "modulo", [_, _]) => {
                let op = match name {
                    "plus" => Arithmetic::Plus,
                    "minus" => Arithmetic::Minus,
                    "multiply" => Arithmetic::Multiply,
                    "divide" => Arithmetic::Divide,
                    "intDiv" => Arithmetic::IntDiv,
                    _ => Arithmetic::Modulo,
                };
                with_default_wrappers(&shapes, Wrapping::BOTH, |values| match values {
                    [a, b] => arithmetic(op, a, b),
                    _ => None,
                })
            }
            ("tupleElement", [tuple, index]) => {
                element_of(tuple.data_type.as_ref(), index.value.as_ref())
            }
            ("arrayElement", [container, index]) => {
                subscript_of(container.data_type.as_ref(), index.value.as_ref())
            }
            _ => {
                let aggregate = self.functions.is_aggregate(name);
                let data_type = self.catalog_type(name, parameters, &arguments, expr);
                if aggregate {
                    return aggregate_of(data_type, key, arguments);
                }
                if data_type.is_none() {
                    // A function analysis cannot type may be an aggregate it does not know
                    // (`groupBitOr`): its arguments are then not reported as ungrouped.
                    let mut typed = Typed::derived(None, key, arguments);
                    typed.free.clear();
                    return typed;
                }
                data_type
            }
        };
        Typed::derived(data_type, key, arguments)
    }

    /// Asks the function catalog; an unknown name is reported.
    fn catalog_type(
        &mut self,
        name: &str,
        parameters: &[Constant],
        arguments: &[Typed<'c>],
        expr: &'q Expr,
    ) -> Option<DataType> {
        let arguments: Vec<Argument> = arguments
            .iter()
            .map(|argument| Argument {
                data_type: argument.data_type.clone(),
                constant: argument.value.clone(),
            })
            .collect();
        let call = Call {
            name,
            parameters,
            arguments: &arguments,
        };
        match self.functions.return_type(&call) {
            FunctionType::Known(data_type) => Some(data_type),
            FunctionType::Unknown => None,
            FunctionType::NotAFunction => {
                let span = self.expr_range(expr);
                let mut issue = Issue::warning(
                    UNKNOWN_FUNCTION,
                    span,
                    format!("ClickHouse has no function `{name}`; its result type is unknown"),
                );
                issue.help = self.functions.suggest(name);
                self.issues.push(issue);
                None
            }
        }
    }

    /// `f(...) OVER (...)`: not an aggregate of the SELECT, so its arguments and window
    /// columns must themselves be grouped in an aggregating SELECT.
    fn window_call(
        &mut self,
        name: &str,
        parameters: &[Constant],
        arguments: Vec<Typed<'c>>,
        window: &'q WindowType,
        expr: &'q Expr,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Typed<'c> {
        let mut parts = Vec::new();
        match window {
            WindowType::NamedWindow(window_name) => {
                self.check_window(&window_name.value, window_name.span, ctx)
            }
            WindowType::WindowSpec(spec) => parts.extend(self.window_spec(spec, ctx)),
        }
        let is_aggregate = self.functions.is_aggregate(name);
        let data_type = self.catalog_type(name, parameters, &arguments, expr);
        let mut keys: Vec<u64> = arguments.iter().map(|a| a.key).collect();
        keys.push(key_of(&window.to_string(), &[]));
        let kind = if is_aggregate && !self.functions.is_window_only(name) {
            LineageKind::Aggregate
        } else {
            LineageKind::Expression
        };
        let mut typed = Typed::derived(data_type, key_of(name, &keys), Vec::new());
        for argument in arguments {
            typed.lineage.merge(&argument.lineage.at_least(kind));
            typed.aggregate |= argument.aggregate;
            typed.free.extend(argument.free);
        }
        for part in parts {
            typed.aggregate |= part.aggregate;
            typed.free.extend(part.free);
        }
        typed.constant = false;
        typed
    }

    /// Types the expressions of a window specification.
    pub(crate) fn window_spec(
        &mut self,
        spec: &'q WindowSpec,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Vec<Typed<'c>> {
        if let Some(base) = &spec.window_name {
            self.check_window(&base.value, base.span, ctx);
        }
        let mut parts: Vec<Typed<'c>> = spec
            .partition_by
            .iter()
            .map(|e| self.expr(e, ctx))
            .collect();
        parts.extend(
            spec.order_by
                .iter()
                .map(|order| self.expr(&order.expr, ctx)),
        );
        parts
    }

    fn check_window(
        &mut self,
        name: &str,
        span: sqlparser::tokenizer::Span,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) {
        if !ctx.scope.windows.iter().any(|(known, _)| *known == name) {
            let range = self.range(span);
            self.issues.push(Issue::error(
                UNKNOWN_WINDOW,
                range,
                format!("no window `{name}` is defined"),
            ));
        }
    }

    /// Higher-order array functions: lambda parameters take the element types of the array
    /// arguments.
    fn higher_order(
        &mut self,
        name: &str,
        arguments: &[&'q Expr],
        expr: &'q Expr,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Typed<'c> {
        let (Some(Expr::Lambda(lambda)), Some(arrays)) = (arguments.first(), arguments.get(1..))
        else {
            return self.unsupported_expr(expr, "a lambda in this position");
        };
        let arrays: Vec<Typed<'c>> = arrays.iter().map(|array| self.expr(array, ctx)).collect();
        let params: Vec<&'q str> = match &lambda.params {
            OneOrManyWithParens::One(param) => vec![param.name.value.as_str()],
            OneOrManyWithParens::Many(params) => {
                params.iter().map(|p| p.name.value.as_str()).collect()
            }
        };
        if params.len() != arrays.len() {
            return self
                .unsupported_expr(expr, "a lambda whose parameters do not match the arrays");
        }
        let mut inner = ctx.clone();
        for (param, array) in params.iter().zip(&arrays) {
            let element = match array.data_type.as_ref() {
                Some(DataType::Array(element)) => Some((**element).clone()),
                _ => None,
            };
            let mut typed = Typed::unknown(key_of(
                "lambda",
                &[key_of(param, &[]), inner.lambdas.len() as u64],
            ));
            typed.data_type = element;
            typed.lineage = array.lineage.clone().at_least(LineageKind::Expression);
            inner.lambdas.push(LambdaParam { name: param, typed });
        }
        let body = self.expr(&lambda.body, &inner);
        let first_array = arrays.first().and_then(|a| a.data_type.clone());
        let data_type = match name {
            "arrayMap" => body.data_type.clone().map(|t| DataType::Array(Box::new(t))),
            "arrayFilter" | "arraySort" | "arrayReverseSort" => first_array,
            "arrayExists" | "arrayAll" => body.data_type.as_ref().map(|_| DataType::UInt8),
            "arrayCount" => body.data_type.as_ref().map(|_| DataType::UInt32),
            "arrayFirst" | "arrayLast" => match first_array {
                Some(DataType::Array(element)) => Some(*element),
                _ => None,
            },
            _ => None,
        };
        let mut keys = vec![body.key];
        keys.extend(arrays.iter().map(|a| a.key));
        let mut children = arrays;
        let mut body = body;
        body.free.clear();
        children.push(body);
        Typed::derived(data_type, key_of(name, &keys), children)
    }

    /// `x [NOT] IN (list)` and `x [NOT] IN (subquery)`.
    pub(crate) fn in_list(
        &mut self,
        operand: &'q Expr,
        target: &'q InTarget,
        negated: bool,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Typed<'c> {
        let name = if negated { "notIn" } else { "in" };
        let operand = self.expr(operand, ctx);
        let mut children = vec![];
        let set_constant = match target {
            InTarget::List(items) => {
                children = items.iter().map(|item| self.expr(item, ctx)).collect();
                children.iter().all(|item| item.constant)
            }
            InTarget::Subquery(query) => {
                let _ = self.query(query, ctx.scope.env, Some(ctx.scope));
                true
            }
            _ => {
                self.unsupported(operand_span(target), "this `IN` target");
                return Typed::unknown(key_of(name, &[operand.key]));
            }
        };
        let known = children.iter().all(|item| item.data_type.is_some());
        let set_type = DataType::UInt8;
        let data_type = if known {
            comparison(&[operand.shape(), (Some(&set_type), set_constant)])
        } else {
            None
        };
        let mut keys = vec![operand.key];
        keys.extend(children.iter().map(|c| c.key));
        children.insert(0, operand);
        Typed::derived(data_type, key_of(name, &keys), children)
    }

    /// `CASE [operand] WHEN ... THEN ... [ELSE ...] END`: the supertype of the results, with
    /// NULL when there is no ELSE.
    pub(crate) fn case(
        &mut self,
        operand: Option<&'q Expr>,
        conditions: &'q [CaseWhen],
        else_result: Option<&'q Expr>,
        expr: &'q Expr,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Typed<'c> {
        let mut children = Vec::new();
        if let Some(operand) = operand {
            children.push(self.expr(operand, ctx));
        }
        let mut results = Vec::new();
        for when in conditions {
            children.push(self.expr(&when.condition, ctx));
            results.push(self.expr(&when.result, ctx));
        }
        let otherwise = match else_result {
            Some(otherwise) => self.expr(otherwise, ctx),
            None => {
                let mut null = Typed::unknown(key_of("NULL", &[]));
                null.data_type = Some(DataType::Nullable(Box::new(DataType::Nothing)));
                null.constant = true;
                null
            }
        };
        results.push(otherwise);
        let mut data_type = self.branches_type(&results.iter().collect::<Vec<_>>(), expr);
        // `CASE x WHEN ...` is ClickHouse's `caseWithExpression`, which keeps a
        // LowCardinality operand's wrapper on the result (26.9: `CASE lc WHEN 'a' THEN 1
        // ELSE 0 END` is `LowCardinality(Int16)`); kiln does not model that rule.
        let low_cardinality_operand = operand.is_some()
            && children
                .first()
                .and_then(|c| c.data_type.as_ref())
                .is_some_and(|t| matches!(t, DataType::LowCardinality(_)));
        if low_cardinality_operand {
            data_type = None;
        }
        let mut keys: Vec<u64> = children.iter().map(|c| c.key).collect();
        keys.extend(results.iter().map(|r| r.key));
        children.extend(results);
        Typed::derived(data_type, key_of("case", &keys), children)
    }

    /// `(SELECT ...)` as a value: `Nullable` of its one column, as ClickHouse types scalar
    /// subqueries; unknown for types that cannot be `Nullable`.
    pub(crate) fn scalar_subquery(
        &mut self,
        query: &'q Query,
        expr: &'q Expr,
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Typed<'c> {
        let before = self.outer_references;
        let output = self.query(query, ctx.scope.env, Some(ctx.scope));
        let correlated = self.outer_references != before;
        let mut typed = Typed::unknown(key_of(
            "subquery",
            &[expr.span().start.line, expr.span().start.column],
        ));
        typed.constant = !correlated;
        if output.open {
            return typed;
        }
        // With several columns ClickHouse's type depends on whether it proves the subquery
        // returns a row (a named tuple) or not (a nullable unnamed one): left unknown.
        let value = match output.columns.as_slice() {
            [column] => column.data_type.clone(),
            _ => None,
        };
        typed.data_type = value
            .filter(DataType::can_be_inside_nullable)
            .map(|value| DataType::Nullable(Box::new(value)));
        for column in &output.columns {
            typed
                .lineage
                .merge(&column.lineage.clone().at_least(LineageKind::Expression));
        }
        typed
    }

    /// `a[i]`, `m['k']`, `t.1`, `t.name` after an expression.
    pub(crate) fn field_access(
        &mut self,
        root: &'q Expr,
        chain: &'q [AccessExpr],
        ctx: &ExprContext<'_, '_, 'q, 'c>,
    ) -> Typed<'c> {
        let mut typed = self.expr(root, ctx);
        for access in chain {
            let (name, index) = match access {
                AccessExpr::Subscript(Subscript::Index { index }) => {
                    ("arrayElement", self.expr(index, ctx))
                }
                AccessExpr::Dot(index @ Expr::Value(_)) => ("tupleElement", self.expr(index, ctx)),
                AccessExpr::Dot(Expr::Identifier(ident)) => {
                    let mut element = Typed::unknown(key_of(&ident.value, &[]));
                    element.value = Some(Constant::String(ident.value.clone()));
                    element.constant = true;
                    ("tupleElement", element)
                }
                _ => return self.unsupported_expr(root, "this kind of element access"),
            };
            let data_type = if name == "arrayElement" {
                subscript_of(typed.data_type.as_ref(), index.value.as_ref())
            } else {
                element_of(typed.data_type.as_ref(), index.value.as_ref())
            };
            let key = key_of(name, &[typed.key, index.key]);
            typed = Typed::derived(data_type, key, vec![typed, index]);
        }
        typed
    }
}

/// An aggregate's result: its arguments' columns are aggregated, not free.
fn aggregate_of<'c>(data_type: Option<DataType>, key: u64, arguments: Vec<Typed<'c>>) -> Typed<'c> {
    let mut typed = Typed::unknown(key);
    typed.data_type = data_type;
    typed.aggregate = true;
    for argument in arguments {
        typed
            .lineage
            .merge(&argument.lineage.at_least(LineageKind::Aggregate));
    }
    typed
}

/// `tupleElement(t, n)` or `tupleElement(t, 'name')`.
fn element_of(tuple: Option<&DataType>, index: Option<&Constant>) -> Option<DataType> {
    match (tuple?.value_type(), index?) {
        (DataType::Tuple(elements), Constant::UInt(n)) => elements
            .get(usize::try_from(*n).ok()?.checked_sub(1)?)
            .cloned(),
        (DataType::NamedTuple(fields), Constant::UInt(n)) => fields
            .get(usize::try_from(*n).ok()?.checked_sub(1)?)
            .map(|f| f.data_type.clone()),
        (DataType::NamedTuple(fields), Constant::String(name)) => fields
            .iter()
            .find(|f| f.name == *name)
            .map(|f| f.data_type.clone()),
        _ => None,
    }
}

/// `arrayElement(a, i)`: the element of an array, the value of a map.
fn subscript_of(container: Option<&DataType>, index: Option<&Constant>) -> Option<DataType> {
    match container? {
        DataType::Array(element) => Some((**element).clone()),
        DataType::Map(_, value) => Some((**value).clone()),
        tuple @ (DataType::Tuple(_) | DataType::NamedTuple(_)) => element_of(Some(tuple), index),
        _ => None,
    }
}

fn operand_span(target: &InTarget) -> sqlparser::tokenizer::Span {
    match target {
        InTarget::Unnest(expr) => expr.span(),
        InTarget::Table { name, .. } => name.span(),
        InTarget::List(items) => {
            sqlparser::tokenizer::Span::union_iter(items.iter().map(Spanned::span))
        }
        InTarget::Subquery(query) => query.span(),
    }
}
