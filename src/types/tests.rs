//! Tests as data: `tests/fixtures/types/canonical.tsv` holds what a real
//! ClickHouse prints for each input (or `!error` when it refuses it), and
//! [`check_canonical_fixture`] holds every row to it. Rows where kiln knowingly
//! differs are listed in [`KNOWN_DIFFERENCES`] with the reason.

use super::{DataType, TypeParseError, parse_type};

const FIXTURE: &str = include_str!("../../tests/fixtures/types/canonical.tsv");

/// Inputs where kiln's answer differs from the fixture on purpose, each with
/// the reason. Kept short: a new entry needs a reason a reviewer accepts.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "DateTime(' UTC')",
        "kiln has no time zone database; the server checks zone names",
    ),
    (
        "DateTime('Nope/Zone')",
        "kiln has no time zone database; the server checks zone names",
    ),
    (
        "Object('json')",
        "removed in ClickHouse 25.x; kiln still reads it from older schemas",
    ),
    (
        "AggregateFunction(UInt8)",
        "kiln does not know the aggregate function catalogue",
    ),
    (
        "DateTime(1, 2)",
        "ClickHouse ignores a second argument that is not a time zone; kiln refuses it",
    ),
    (
        "DateTime64(1, 2)",
        "ClickHouse ignores a second argument that is not a time zone; kiln refuses it",
    ),
    (
        "TIMESTAMP(1, 2)",
        "ClickHouse ignores a second argument that is not a time zone; kiln refuses it",
    ),
    (
        "Time(1, 2)",
        "ClickHouse ignores a second argument of `Time`; kiln refuses it",
    ),
    (
        "Time64(1, 2)",
        "ClickHouse ignores a second argument of `Time64`; kiln refuses it",
    ),
];

/// Undoes ClickHouse's TabSeparated escaping of one field.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn fixture_rows() -> Vec<(String, String)> {
    FIXTURE
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .map(|(input, canonical)| (unescape(input), unescape(canonical)))
        .collect()
}

/// What kiln makes of an input, in the fixture's terms.
fn kiln_answer(input: &str) -> String {
    match parse_type(input) {
        Ok(data_type) => data_type.to_string(),
        Err(_) => "!error".to_string(),
    }
}

#[test]
fn check_canonical_fixture() {
    let rows = fixture_rows();
    assert!(rows.len() > 300, "fixture has only {} rows", rows.len());
    let mut failures = Vec::new();
    for (input, expected) in &rows {
        let actual = kiln_answer(input);
        let known = KNOWN_DIFFERENCES.iter().any(|(known, _)| known == input);
        if (actual == *expected) == known {
            let note = if known {
                " (listed as a known difference but now agrees)"
            } else {
                ""
            };
            failures.push(format!(
                "{input:?}: clickhouse {expected:?}, kiln {actual:?}{note}"
            ));
        }
    }
    for (known, _) in KNOWN_DIFFERENCES {
        if !rows.iter().any(|(input, _)| input == known) {
            failures.push(format!(
                "{known:?}: listed as a known difference but not in the fixture"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// Printing then parsing again gives the same type, for every accepted row.
#[test]
fn printed_types_parse_back_to_themselves() {
    for (input, _) in fixture_rows() {
        let Ok(data_type) = parse_type(&input) else {
            continue;
        };
        let printed = data_type.to_string();
        assert_eq!(
            parse_type(&printed).as_ref(),
            Ok(&data_type),
            "{input:?} printed as {printed:?}"
        );
    }
}

/// Inputs that must fail without panicking, and every prefix and one-character
/// deletion of every fixture input.
#[test]
fn garbage_never_panics() {
    let garbage = [
        "",
        " ",
        "(",
        ")",
        "((((",
        "))))",
        "'",
        "`",
        "\"",
        "'unterminated",
        "`unterminated",
        "Array(",
        "Array(UInt8",
        "Tuple(a",
        "Enum8('a' =",
        "Enum8('a' = 1",
        "Enum8('\\x4",
        "Enum8('\\x' = 1)",
        "Enum8('\\xZZ' = 1)",
        "Enum8('\\xff' = 1)",
        "/*",
        "/* unclosed Int8",
        "--",
        "Int8 --",
        "Decimal(99999999999999999999999999999999999999999999, 2)",
        "FixedString(-170141183460469231731687303715884105728)",
        "FixedString(0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF)",
        "Enum8('a' = 99999999999999999999999999999999999999999)",
        "DateTime64(1e400)",
        "AggregateFunction(99999999999999999999999, sum, UInt8)",
        "JSON(max_dynamic_paths=1e10)",
        "\u{0}",
        "\u{feff}UInt8",
        "UInt8\u{0}",
        "日本",
        "Array(日本)",
        "Tuple(日本 UInt8)",
        "Enum8('日本' = 1",
        "SKIP",
        "JSON(SKIP)",
        "JSON(SKIP REGEXP)",
        "Dynamic(max_types=)",
        "Variant(",
        "Map(,)",
        "Nested(a)",
        "Tuple(a b c)",
        "LowCardinality(",
        "QBit(Float32)",
        ",",
        "=",
        "Int8 = 1",
        "'a' = 1",
        "NULL",
        "Nullable(NULL)",
        "1e5",
        "0x",
        "-",
    ];
    // Every fifth fixture row keeps the test quick in debug builds while still
    // cutting through every family.
    let fixture = fixture_rows();
    let derived = fixture.iter().step_by(5).flat_map(|(input, _)| {
        let boundaries: Vec<usize> = input.char_indices().map(|(i, _)| i).collect();
        let prefixes = boundaries
            .clone()
            .into_iter()
            .filter_map(|end| input.get(..end).map(str::to_string));
        let deletions = boundaries.into_iter().map(|at| {
            let mut text = input.clone();
            text.remove(at);
            text
        });
        prefixes.chain(deletions).collect::<Vec<_>>()
    });
    for input in garbage.iter().map(|s| s.to_string()).chain(derived) {
        if let Err(error) = parse_type(&input) {
            check_error_shape(&input, &error);
        }
    }
}

fn check_error_shape(input: &str, error: &TypeParseError) {
    assert!(
        error.span.start <= error.span.end && error.span.end <= input.len(),
        "{input:?}: span {:?}",
        error.span
    );
    assert!(
        input.is_char_boundary(error.span.start) && input.is_char_boundary(error.span.end),
        "{input:?}: span {:?}",
        error.span
    );
    let first = error.message.chars().next();
    assert!(
        first.is_some_and(|c| !c.is_uppercase()),
        "{input:?}: message {:?} starts uppercase",
        error.message
    );
    assert!(
        !error.message.ends_with('.'),
        "{input:?}: message {:?} ends with a period",
        error.message
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!("{}UInt8{}", "Array(".repeat(100_000), ")".repeat(100_000));
    let error = parse_type(&deep).err();
    assert_eq!(
        error.map(|e| e.message),
        Some("type is nested more than 48 levels deep".to_string())
    );
    // The deepest accepted nesting, through every recursive rule of the grammar.
    let layers = [
        "Array(",
        "Tuple(a ",
        "Map(String, ",
        "Nested(n ",
        "JSON(p ",
        "Nullable(",
    ];
    let mut deepest = String::new();
    for layer in layers.iter().cycle().take(47) {
        deepest.push_str(layer);
    }
    deepest.push_str("UInt8");
    deepest.push_str(&")".repeat(47));
    assert!(
        parse_type(&deepest).is_err(),
        "Nullable(Nullable(...)) is refused after parsing"
    );
    let fine = format!(
        "{}UInt8{}",
        "Array(Tuple(a Map(String, ".repeat(16),
        ")))".repeat(16)
    );
    assert_eq!(parse_type(&fine).map(|t| t.to_string()), Ok(fine));
}

/// `(input, span, message, suggestion)`: what the user sees for bad input.
const ERRORS: &[(&str, std::ops::Range<usize>, &str, Option<&str>)] = &[
    ("Strin", 0..5, "unknown type `Strin`", Some("String")),
    (
        "Array(Strng)",
        6..11,
        "unknown type `Strng`",
        Some("String"),
    ),
    ("uint8", 0..5, "unknown type `uint8`", Some("UInt8")),
    (
        "nullable(UInt8)",
        0..8,
        "unknown type `nullable`",
        Some("Nullable"),
    ),
    ("VARCHR(10)", 0..6, "unknown type `VARCHR`", Some("VARCHAR")),
    ("Frobnicate", 0..10, "unknown type `Frobnicate`", None),
    (
        "Array(UInt8",
        11..11,
        "unexpected end of type, expected `,` or `)`",
        None,
    ),
    (
        "Tuple(a b c)",
        10..11,
        "unexpected `c`, expected `,` or `)`",
        None,
    ),
    (
        "Array(UInt8))",
        12..13,
        "unexpected `)`, expected the end of the type",
        None,
    ),
    ("", 0..0, "empty type name, expected a type", None),
    (
        "Nullable(Array(UInt8))",
        9..21,
        "`Array(UInt8)` cannot be inside `Nullable`",
        None,
    ),
    (
        "LowCardinality(Decimal(10, 2))",
        15..29,
        "`LowCardinality` supports only numbers, strings, dates and times, not `Decimal(10, 2)`",
        None,
    ),
    (
        "Map(Nullable(String), UInt8)",
        4..20,
        "a `Map` key cannot be `Nullable(String)`",
        None,
    ),
    (
        "Decimal(77, 2)",
        8..10,
        "decimal precision must be between 1 and 76, got 77",
        None,
    ),
    (
        "Decimal(10, 11)",
        12..14,
        "decimal scale must be between 0 and 10, got 11",
        None,
    ),
    (
        "FixedString(0)",
        12..13,
        "`FixedString` size must be between 1 and 16777215, got 0",
        None,
    ),
    (
        "DateTime64(10)",
        11..13,
        "precision must be between 0 and 9, got 10",
        None,
    ),
    ("Date(1)", 5..6, "`Date` takes no arguments", None),
    (
        "Enum8('a' = 200)",
        6..9,
        "value 200 of enum element 'a' is out of range for `Enum8`",
        None,
    ),
    (
        "Enum8('a' = 1, 'a' = 2)",
        15..18,
        "duplicate enum name 'a'",
        None,
    ),
    (
        "Enum8('a' = 1, 'b' = 1)",
        15..18,
        "duplicate enum value 1",
        None,
    ),
    (
        "Enum8('a', 'b' = 5, 'c')",
        0..24,
        "give every enum element a value, or none, or only the first",
        None,
    ),
    (
        "Tuple(a UInt8, UInt8)",
        15..20,
        "name every element of a tuple or none of them",
        None,
    ),
    (
        "Tuple(a UInt8, a String)",
        15..16,
        "duplicate element name `a`",
        None,
    ),
    (
        "Tuple(`null` UInt8)",
        6..12,
        "tuple element name `null` is reserved for the null map of a nullable tuple",
        None,
    ),
    (
        "JSON(foo=1)",
        5..8,
        "unknown `JSON` parameter `foo`, expected `max_dynamic_paths` or `max_dynamic_types`",
        None,
    ),
    (
        "Dynamic(max_types=300)",
        18..21,
        "`max_types` must be an integer between 0 and 254",
        None,
    ),
    (
        "Variant(Nullable(String))",
        8..24,
        "a `Variant` cannot contain nullable types",
        None,
    ),
    (
        "SimpleAggregateFunction(uniq, UInt64)",
        24..28,
        "`SimpleAggregateFunction` does not support `uniq`",
        None,
    ),
    (
        "SimpleAggregateFunction(AnyLast, UInt64)",
        24..31,
        "`SimpleAggregateFunction` does not support `AnyLast`",
        Some("anyLast"),
    ),
    ("Time('UTC')", 5..10, "`Time` cannot have a time zone", None),
    (
        "Enum8('\\xff' = 1)",
        6..12,
        "escapes in quoted text must form valid utf-8",
        None,
    ),
];

#[test]
fn errors_say_what_and_where() {
    for (input, span, message, suggestion) in ERRORS {
        let error = parse_type(input).err();
        let actual = error
            .as_ref()
            .map(|e| (e.span.clone(), e.message.as_str(), e.suggestion.as_deref()));
        assert_eq!(
            actual,
            Some((span.clone(), *message, *suggestion)),
            "{input:?}"
        );
    }
}

/// `(type, make_nullable, strip_nullable, strip_low_cardinality)`.
const REWRITES: &[(&str, &str, &str, &str)] = &[
    ("String", "Nullable(String)", "String", "String"),
    (
        "Nullable(String)",
        "Nullable(String)",
        "String",
        "Nullable(String)",
    ),
    (
        "LowCardinality(String)",
        "LowCardinality(Nullable(String))",
        "LowCardinality(String)",
        "String",
    ),
    (
        "LowCardinality(Nullable(String))",
        "LowCardinality(Nullable(String))",
        "LowCardinality(String)",
        "Nullable(String)",
    ),
    (
        "Array(UInt8)",
        "Array(UInt8)",
        "Array(UInt8)",
        "Array(UInt8)",
    ),
    (
        "Map(String, UInt8)",
        "Map(String, UInt8)",
        "Map(String, UInt8)",
        "Map(String, UInt8)",
    ),
    (
        "Tuple(UInt8, String)",
        "Nullable(Tuple(UInt8, String))",
        "Tuple(UInt8, String)",
        "Tuple(UInt8, String)",
    ),
    (
        "Variant(String, UInt8)",
        "Variant(String, UInt8)",
        "Variant(String, UInt8)",
        "Variant(String, UInt8)",
    ),
    ("Dynamic", "Dynamic", "Dynamic", "Dynamic"),
    ("JSON", "Nullable(JSON)", "JSON", "JSON"),
    (
        "AggregateFunction(uniq, String)",
        "AggregateFunction(uniq, String)",
        "AggregateFunction(uniq, String)",
        "AggregateFunction(uniq, String)",
    ),
    ("Point", "Nullable(Point)", "Point", "Point"),
    ("Ring", "Ring", "Ring", "Ring"),
    ("Nothing", "Nullable(Nothing)", "Nothing", "Nothing"),
    (
        "Decimal(10, 2)",
        "Nullable(Decimal(10, 2))",
        "Decimal(10, 2)",
        "Decimal(10, 2)",
    ),
];

#[test]
fn nullable_rewrites_follow_clickhouse() {
    for (input, nullable, stripped, without_lc) in REWRITES {
        let data_type = parse_type(input).map_err(|e| e.message);
        let actual = data_type.map(|t| {
            (
                t.make_nullable().to_string(),
                t.strip_nullable().to_string(),
                t.strip_low_cardinality().to_string(),
            )
        });
        let expected = (
            (*nullable).to_string(),
            (*stripped).to_string(),
            (*without_lc).to_string(),
        );
        assert_eq!(actual, Ok(expected), "{input:?}");
    }
}

/// `(type, flags)`: the predicates that hold, out of
/// `nullable numeric integer signed string date`.
const PREDICATES: &[(&str, &str)] = &[
    ("UInt8", "numeric integer"),
    ("Int64", "numeric integer signed"),
    ("Nullable(Int32)", "nullable numeric integer signed"),
    (
        "LowCardinality(Nullable(UInt16))",
        "nullable numeric integer",
    ),
    ("Float32", "numeric signed"),
    ("BFloat16", "numeric signed"),
    ("Decimal(10, 2)", "numeric signed"),
    ("Bool", ""),
    ("String", "string"),
    ("LowCardinality(String)", "string"),
    ("Nullable(FixedString(3))", "nullable string"),
    ("Enum8('a' = 1)", ""),
    ("UUID", ""),
    ("Date", "date"),
    ("Date32", "date"),
    ("Nullable(DateTime('UTC'))", "nullable date"),
    ("DateTime64(3)", "date"),
    ("Time", ""),
    ("Array(Int32)", ""),
    ("Dynamic", ""),
];

#[test]
fn predicates_describe_values() {
    for (input, flags) in PREDICATES {
        let parsed = parse_type(input);
        assert!(parsed.is_ok(), "{input:?} does not parse: {parsed:?}");
        let Ok(t) = parsed else { continue };
        let actual: Vec<&str> = [
            (t.is_nullable(), "nullable"),
            (t.is_numeric(), "numeric"),
            (t.is_integer(), "integer"),
            (t.is_signed(), "signed"),
            (t.is_string_like(), "string"),
            (t.is_date_or_datetime(), "date"),
        ]
        .into_iter()
        .filter_map(|(holds, name)| holds.then_some(name))
        .collect();
        assert_eq!(actual.join(" "), *flags, "{input:?}");
    }
}

#[test]
fn model_is_plain_data() {
    let parsed = parse_type("Tuple(a Nullable(UInt8), b Map(String, Array(Enum8('x' = 1))))");
    let expected = DataType::NamedTuple(vec![
        super::Field {
            name: "a".to_string(),
            data_type: DataType::Nullable(Box::new(DataType::UInt8)),
        },
        super::Field {
            name: "b".to_string(),
            data_type: DataType::Map(
                Box::new(DataType::String),
                Box::new(DataType::Array(Box::new(DataType::Enum8(vec![
                    super::EnumVariant {
                        name: "x".to_string(),
                        value: 1,
                    },
                ])))),
            ),
        },
    ]);
    assert_eq!(parsed, Ok(expected));
}
