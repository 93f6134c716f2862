//! Tests as data.
//!
//! `tests/expressions.jsonl` holds calls with typed arguments and the type
//! ClickHouse gave each (written by `scripts/gen_function_catalog.py`, with
//! argument types the catalog itself was never fitted on). The agreement test
//! types every call through the catalog and compares. Every call where kiln
//! answers differently, or not at all, is listed in
//! `tests/expectations.tsv` with kiln's answer and the reason; the test
//! fails on a disagreement that is not listed and on a listed one that no
//! longer happens, so none is silent and none goes stale.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Argument, FunctionCatalog, FunctionType, ParameterLiteral, load};
use crate::types::parse_type;

const EXPRESSIONS: &str = include_str!("tests/expressions.jsonl");
const EXPECTATIONS: &str = include_str!("tests/expectations.tsv");

#[derive(Debug, Deserialize)]
struct Case {
    expression: String,
    function: String,
    parameters: Vec<serde_json::Value>,
    arguments: Vec<CaseArgument>,
    expected: String,
}

#[derive(Debug, Deserialize)]
struct CaseArgument {
    kind: String,
    #[serde(rename = "type")]
    data_type: String,
    value: Option<serde_json::Value>,
}

fn literal(value: &serde_json::Value) -> ParameterLiteral {
    match value {
        serde_json::Value::String(s) => ParameterLiteral::String(s.clone()),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => ParameterLiteral::Integer(i128::from(i)),
            None => ParameterLiteral::Float(n.as_f64().unwrap()),
        },
        other => panic!("unexpected literal {other}"),
    }
}

fn argument(arg: &CaseArgument) -> Argument {
    let data_type = parse_type(&arg.data_type)
        .unwrap_or_else(|error| panic!("`{}` does not parse: {error}", arg.data_type));
    match (arg.kind.as_str(), &arg.value) {
        ("column", _) => Argument::expression(Some(data_type)),
        ("lambda", _) => Argument::lambda(Some(data_type)),
        ("literal", Some(value)) => Argument::literal(data_type, literal(value)),
        ("literal", None) => Argument::constant(data_type),
        (other, _) => panic!("unexpected argument kind {other}"),
    }
}

/// What kiln says about a case, in the words the expectations file uses.
fn kiln_answer(case: &Case) -> String {
    let args: Vec<Argument> = case.arguments.iter().map(argument).collect();
    let parameters: Vec<ParameterLiteral> = case.parameters.iter().map(literal).collect();
    match FunctionCatalog::get().return_type_of(&case.function, &args, &parameters) {
        FunctionType::Known(data_type) => data_type.to_string(),
        FunctionType::Unknown => "unknown".to_string(),
        FunctionType::NotAFunction => "not a function".to_string(),
    }
}

fn cases() -> Vec<Case> {
    EXPRESSIONS
        .lines()
        .skip(1) // the header names the generator and the ClickHouse version
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// expression -> (expected, kiln's answer, reason)
fn expectations() -> BTreeMap<String, (String, String, String)> {
    EXPECTATIONS
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [expression, expected, kiln, reason] = fields.as_slice() else {
                panic!("expectations.tsv: want 4 tab-separated fields: {line}");
            };
            assert!(
                !reason.trim().is_empty(),
                "expectations.tsv: no reason: {line}"
            );
            (
                (*expression).to_string(),
                (
                    (*expected).to_string(),
                    (*kiln).to_string(),
                    (*reason).to_string(),
                ),
            )
        })
        .collect()
}

#[test]
fn the_embedded_catalog_reads_without_errors() {
    let (catalog, errors) = load::parse_with_errors(super::CATALOG_TSV);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(catalog.known_names().count() > 1000);
}

#[test]
fn the_catalog_agrees_with_clickhouse() {
    let cases = cases();
    let mut expectations = expectations();
    let (mut agreed, mut unknown, mut problems) = (0, 0, Vec::new());
    for case in &cases {
        let answer = kiln_answer(case);
        let listed = expectations.remove(&case.expression);
        if answer == case.expected {
            agreed += 1;
            if listed.is_some() {
                problems.push(format!(
                    "now agrees, remove from expectations.tsv: {}",
                    case.expression
                ));
            }
            continue;
        }
        unknown += usize::from(answer == "unknown");
        match listed {
            Some((expected, kiln, _)) if expected == case.expected && kiln == answer => {}
            Some((_, kiln, reason)) => problems.push(format!(
                "kiln's answer changed (was {kiln}), update: {}\t{}\t{answer}\t{reason}",
                case.expression, case.expected
            )),
            None => problems.push(format!(
                "unlisted: {}\t{}\t{answer}\t<reason>",
                case.expression, case.expected
            )),
        }
    }
    for expression in expectations.keys() {
        problems.push(format!(
            "listed but no longer a test expression: {expression}"
        ));
    }
    let total = cases.len();
    println!(
        "function catalog: {agreed} of {total} calls agree with ClickHouse ({:.1} %); \
         {unknown} unknown, {} typed differently",
        100.0 * agreed as f64 / total.max(1) as f64,
        total - agreed - unknown
    );
    assert!(total > 1000, "too few test expressions: {total}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Names as type inference asks about them.
#[test]
fn names_resolve_like_clickhouse() {
    let catalog = FunctionCatalog::get();
    // (name, is_aggregate, is_window_only, canonical name)
    let cases: &[(&str, bool, bool, Option<&str>)] = &[
        ("sum", true, false, Some("sum")),
        ("SUM", true, false, Some("sum")),
        ("sumIf", true, false, Some("sumIf")),
        ("SUMIf", true, false, Some("sumIf")),
        ("uniqExactIf", true, false, Some("uniqExactIf")),
        ("countDistinct", true, false, Some("countDistinct")),
        ("avgOrNull", true, false, Some("avgOrNull")),
        ("sumState", true, false, Some("sumState")),
        ("quantileIfState", true, false, Some("quantileIfState")),
        ("row_number", true, true, Some("row_number")),
        ("lagInFrame", true, true, Some("lagInFrame")),
        ("first_value", true, false, Some("any")),
        ("plus", false, false, Some("plus")),
        ("date_diff", false, false, Some("dateDiff")),
        ("DATE_DIFF", false, false, Some("dateDiff")),
        ("toStartOfMonth", false, false, Some("toStartOfMonth")),
        ("lowerIf", false, false, None),
        ("sumif", false, false, None),
        ("noSuchFunction", false, false, None),
    ];
    for &(name, aggregate, window_only, canonical) in cases {
        assert_eq!(
            catalog.is_aggregate(name),
            aggregate,
            "is_aggregate({name})"
        );
        assert_eq!(
            catalog.is_window_only(name),
            window_only,
            "is_window_only({name})"
        );
        assert_eq!(
            catalog.canonical_name(name).as_deref(),
            canonical,
            "canonical_name({name})"
        );
    }
    assert!(
        catalog
            .known_names()
            .any(|name| name == "toStartOfInterval")
    );
    assert_eq!(
        catalog.return_type("noSuchFunction", &[], &[]),
        FunctionType::NotAFunction
    );
}

/// The spec'd entry point: every argument a non-constant expression.
#[test]
fn return_type_types_calls_over_columns() {
    let catalog = FunctionCatalog::get();
    let t = |text: &str| Some(parse_type(text).unwrap());
    let known = |text: &str| FunctionType::Known(parse_type(text).unwrap());
    assert_eq!(
        catalog.return_type("plus", &[t("UInt8"), t("UInt8")], &[]),
        known("UInt16")
    );
    assert_eq!(
        catalog.return_type("toStartOfMonth", &[t("Nullable(DateTime('UTC'))")], &[]),
        known("Nullable(Date)")
    );
    assert_eq!(
        catalog.return_type("lower", &[t("LowCardinality(String)")], &[]),
        known("LowCardinality(String)")
    );
    assert_eq!(
        catalog.return_type("quantile", &[t("Float32")], &[ParameterLiteral::Float(0.9)]),
        known("Float64")
    );
    assert_eq!(catalog.return_type("count", &[None], &[]), known("UInt64"));
    assert_eq!(
        catalog.return_type("lower", &[None], &[]),
        FunctionType::Unknown
    );
}

#[test]
fn lambda_parameters_take_element_types() {
    let catalog = FunctionCatalog::get();
    let ty = |text: &str| parse_type(text).unwrap();
    let t = |text: &str| Some(ty(text));
    assert_eq!(
        catalog.lambda_parameter_types("arrayMap", &[t("Array(String)"), t("Array(UInt8)")]),
        Some(vec![ty("String"), ty("UInt8")])
    );
    assert_eq!(
        catalog.lambda_parameter_types("mapApply", &[t("Map(String, UInt64)")]),
        Some(vec![ty("String"), ty("UInt64")])
    );
    assert_eq!(catalog.lambda_parameter_types("plus", &[t("UInt8")]), None);
}

/// Calls analytics models make every day, through `return_type_of` with
/// literals where the SQL has them: `lit:T=value` is a literal, `lambda:T` a
/// lambda whose body has type T, anything else a column type.
#[test]
fn everyday_analytics_calls() {
    let cases: &[(&str, &[&str], &str)] = &[
        ("sum", &["Decimal(18, 2)"], "Decimal(38, 2)"),
        ("sum", &["Nullable(UInt32)"], "Nullable(UInt64)"),
        ("avg", &["Decimal(18, 2)"], "Float64"),
        ("count", &[], "UInt64"),
        ("uniqExact", &["LowCardinality(String)"], "UInt64"),
        ("argMax", &["String", "DateTime('UTC')"], "String"),
        ("sumIf", &["Decimal(18, 2)", "UInt8"], "Decimal(38, 2)"),
        ("countIf", &["UInt8"], "UInt64"),
        ("toDecimal64", &["Float64", "lit:UInt8=2"], "Decimal(18, 2)"),
        (
            "CAST",
            &["Nullable(Int64)", "lit:String=Nullable(String)"],
            "Nullable(String)",
        ),
        (
            "toDateTime",
            &["String", "lit:String=Europe/Berlin"],
            "DateTime('Europe/Berlin')",
        ),
        ("dateDiff", &["lit:String=day", "Date", "DateTime"], "Int64"),
        (
            "dateTrunc",
            &["lit:String=month", "DateTime('UTC')"],
            "Date",
        ),
        (
            "toStartOfMonth",
            &["Nullable(DateTime('UTC'))"],
            "Nullable(Date)",
        ),
        (
            "toStartOfHour",
            &["DateTime64(3, 'UTC')"],
            "DateTime('UTC')",
        ),
        ("plus", &["Date", "lit:UInt8=1"], "Date"),
        (
            "multiply",
            &["Decimal(18, 2)", "Decimal(18, 2)"],
            "Decimal(18, 4)",
        ),
        ("divide", &["UInt64", "UInt64"], "Float64"),
        (
            "round",
            &["Decimal(18, 4)", "lit:UInt8=2"],
            "Decimal(18, 4)",
        ),
        (
            "if",
            &["UInt8", "Nullable(String)", "lit:String=x"],
            "Nullable(String)",
        ),
        (
            "multiIf",
            &[
                "UInt8",
                "lit:String=a",
                "UInt8",
                "lit:String=b",
                "lit:String=c",
            ],
            "String",
        ),
        ("coalesce", &["Nullable(Int32)", "lit:UInt8=0"], "Int32"),
        (
            "concat",
            &["LowCardinality(String)", "lit:String=-", "String"],
            "String",
        ),
        (
            "lower",
            &["LowCardinality(String)"],
            "LowCardinality(String)",
        ),
        ("JSONExtractString", &["String", "lit:String=id"], "String"),
        (
            "JSONExtract",
            &["String", "lit:String=Array(UInt32)"],
            "Array(UInt32)",
        ),
        (
            "arrayMap",
            &["lambda:UInt8", "Array(String)"],
            "Array(UInt8)",
        ),
        (
            "arrayFilter",
            &["lambda:UInt8", "Array(Int64)"],
            "Array(Int64)",
        ),
        (
            "equals",
            &["LowCardinality(String)", "lit:String=paid"],
            "LowCardinality(UInt8)",
        ),
        ("row_number", &[], "UInt64"),
        ("lagInFrame", &["Decimal(18, 2)"], "Decimal(18, 2)"),
    ];
    let catalog = FunctionCatalog::get();
    for &(function, args, expected) in cases {
        let args: Vec<Argument> = args.iter().map(|text| spec_argument(text)).collect();
        let got = catalog.return_type_of(function, &args, &[]);
        assert_eq!(
            got,
            FunctionType::Known(parse_type(expected).unwrap()),
            "{function}"
        );
    }
}

fn spec_argument(text: &str) -> Argument {
    if let Some(body) = text.strip_prefix("lambda:") {
        return Argument::lambda(Some(parse_type(body).unwrap()));
    }
    let Some(literal) = text.strip_prefix("lit:") else {
        return Argument::expression(Some(parse_type(text).unwrap()));
    };
    let (data_type, value) = literal.split_once('=').unwrap();
    let value = match value.parse::<i128>() {
        Ok(n) => ParameterLiteral::Integer(n),
        Err(_) => ParameterLiteral::String(value.to_string()),
    };
    Argument::literal(parse_type(data_type).unwrap(), value)
}
