//! Templates evaluated over typed arguments, and malformed ones refused.

use super::*;

fn column(text: &str) -> DataType {
    parse_type(text).unwrap()
}

fn evaluate(template: &str, types: &[&str]) -> Option<String> {
    let kind = ArgumentKind::Expression;
    let views: Vec<ArgumentView> = types
        .iter()
        .map(|t| ArgumentView {
            data_type: column(t),
            kind: &kind,
        })
        .collect();
    Template::parse(template)
        .unwrap()
        .evaluate(&views)
        .map(|t| t.to_string())
}

#[test]
fn templates_compute_types_from_arguments() {
    let cases = [
        ("$0", vec!["UInt8"], Some("UInt8")),
        ("$-1", vec!["UInt8", "String"], Some("String")),
        (
            "elem($0)",
            vec!["Array(Nullable(String))"],
            Some("Nullable(String)"),
        ),
        (
            "Array($0)",
            vec!["DateTime('UTC')"],
            Some("Array(DateTime('UTC'))"),
        ),
        (
            "DateTime(tz($0))",
            vec!["DateTime64(3, 'UTC')"],
            Some("DateTime('UTC')"),
        ),
        ("DateTime(tz($0))", vec!["DateTime"], None),
        (
            "Decimal(18, add(scale($0), scale($1)))",
            vec!["Decimal(12, 2)", "Decimal(10, 4)"],
            Some("Decimal(18, 6)"),
        ),
        (
            "DateTime64(max(prec($1), 3), tz($1))",
            vec!["IntervalMillisecond", "DateTime64(6, 'UTC')"],
            Some("DateTime64(6, 'UTC')"),
        ),
        (
            "Tuple($0..)",
            vec!["UInt8", "String"],
            Some("Tuple(UInt8, String)"),
        ),
        (
            "supervar($1..)",
            vec!["UInt8", "UInt8", "Int8"],
            Some("Int16"),
        ),
        (
            "super($1..-2:2, $-1)",
            vec!["UInt8", "UInt8", "UInt8", "Float32", "Int16"],
            Some("Float32"),
        ),
        (
            "coalesce($0..)",
            vec!["Nullable(UInt8)", "UInt16"],
            Some("UInt16"),
        ),
        ("Nullable($0)", vec!["Array(UInt8)"], None),
        ("mapvalue($0)", vec!["Map(String, UInt64)"], Some("UInt64")),
        ("UInt64", vec!["String"], Some("UInt64")),
    ];
    for (template, types, expected) in cases {
        assert_eq!(
            evaluate(template, &types).as_deref(),
            expected,
            "{template} over {types:?}"
        );
    }
}

#[test]
fn templates_read_literal_arguments() {
    let column_kind = ArgumentKind::Expression;
    let scale = ArgumentKind::Literal(ParameterLiteral::Integer(3));
    let zone = ArgumentKind::Literal(ParameterLiteral::String("UTC".to_string()));
    let type_name = ArgumentKind::Literal(ParameterLiteral::String("Array(String)".to_string()));
    let view = |t: &str, kind| ArgumentView {
        data_type: column(t),
        kind,
    };
    let args = [
        view("String", &column_kind),
        view("UInt8", &scale),
        view("String", &zone),
        view("String", &type_name),
    ];
    let check = |template: &str, expected: &str| {
        let got = Template::parse(template).unwrap().evaluate(&args);
        assert_eq!(
            got.map(|t| t.to_string()).as_deref(),
            Some(expected),
            "{template}"
        );
    };
    check("Decimal(18, lit($1))", "Decimal(18, 3)");
    check("DateTime(lit($2))", "DateTime('UTC')");
    check("DateTime64(lit($1), lit($2))", "DateTime64(3, 'UTC')");
    check("type($3)", "Array(String)");
}

#[test]
fn malformed_templates_are_errors() {
    for text in ["elem($0", "frobnicate($0)", "$x", "Decimal($0)", "NotAType"] {
        assert!(Template::parse(text).is_err(), "{text}");
    }
}
