//! The selector's tests, as tables over one small hand-built project:
//!
//! ```text
//! seed customers ─────> stg_customers ──┬──> int_orders_enriched ──> fct_orders
//! source oltp.orders ─> stg_orders ─────┘                            ^
//! seed countries ──────────────────────────> dim_customers ──────────┘
//! (stg_customers also feeds dim_customers; package `audit` has a lone audit_log)
//! ```
//!
//! Tests: `not_null` on stg_orders, `relationships` on fct_orders and dim_customers (both
//! generic, in `_schema.yml` files), `unique` and `not_null` on the source (named the dbt
//! and the kiln way), and a singular test on fct_orders. A new case is a new row.

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test reports a failure by panicking, and indexes data it built itself"
)]

use super::{SelectableNode, SelectionGraph, parse_selection, select, unmatched};

struct Node {
    resource_type: &'static str,
    package: &'static str,
    fqn: &'static [&'static str],
    path: &'static str,
    tags: &'static [&'static str],
    materialized: Option<&'static str>,
    source_name: Option<&'static str>,
    /// Names of the nodes this one depends on; for tests, also the nodes they test.
    parents: &'static [&'static str],
}

const fn node(
    resource_type: &'static str,
    fqn: &'static [&'static str],
    path: &'static str,
    tags: &'static [&'static str],
    materialized: Option<&'static str>,
    parents: &'static [&'static str],
) -> Node {
    Node {
        resource_type,
        package: "shop",
        fqn,
        path,
        tags,
        materialized,
        source_name: None,
        parents,
    }
}

#[rustfmt::skip]
const PROJECT: &[Node] = &[
    node("seed", &["shop", "customers"], "seeds/customers.csv", &[], Some("seed"), &[]),
    node("seed", &["shop", "reference", "countries"], "seeds/reference/countries.csv", &["reference"], Some("seed"), &[]),
    Node {
        source_name: Some("oltp"),
        ..node("source", &["shop", "staging", "oltp", "orders"], "models/staging/_sources.yml", &[], None, &[])
    },
    node("model", &["shop", "staging", "stg_customers"], "models/staging/stg_customers.sql", &["staging"], Some("view"), &["customers"]),
    node("model", &["shop", "staging", "stg_orders"], "models/staging/stg_orders.sql", &["staging", "nightly"], Some("view"), &["orders"]),
    node("model", &["shop", "intermediate", "int_orders_enriched"], "models/intermediate/int_orders_enriched.sql", &[], Some("ephemeral"), &["stg_orders", "stg_customers"]),
    node("model", &["shop", "marts", "dim_customers"], "models/marts/dim_customers.sql", &["nightly"], Some("table"), &["stg_customers", "countries"]),
    node("model", &["shop", "marts", "fct_orders"], "models/marts/fct_orders.sql", &["nightly", "finance"], Some("table"), &["int_orders_enriched", "dim_customers"]),
    node("test", &["shop", "staging", "not_null_stg_orders_order_id"], "models/staging/_schema.yml", &[], Some("test"), &["stg_orders"]),
    node("test", &["shop", "marts", "relationships_fct_orders_customer_id__customer_id__ref_dim_customers_"], "models/marts/_schema.yml", &[], Some("test"), &["fct_orders", "dim_customers"]),
    node("test", &["shop", "assert_fct_orders_positive_total"], "tests/assert_fct_orders_positive_total.sql", &["finance"], Some("test"), &["fct_orders"]),
    node("test", &["shop", "staging", "oltp", "source_unique_oltp_orders_id"], "models/staging/_sources.yml", &[], Some("test"), &["orders"]),
    node("test", &["shop", "not_null_source_oltp_orders_id"], "models/staging/_sources.yml", &[], Some("test"), &["orders"]),
    Node {
        package: "audit",
        ..node("model", &["audit", "audit_log"], "models/audit_log.sql", &[], Some("table"), &[])
    },
];

fn graph() -> SelectionGraph {
    let name_of = |node: &Node| node.fqn.last().copied().unwrap_or_default();
    let index_of = |name: &str| {
        PROJECT
            .iter()
            .position(|node| name_of(node) == name)
            .unwrap_or_else(|| panic!("no node `{name}` in the test project"))
    };
    let parents: Vec<Vec<usize>> = PROJECT
        .iter()
        .map(|node| node.parents.iter().map(|name| index_of(name)).collect())
        .collect();
    let mut children = vec![Vec::new(); PROJECT.len()];
    for (child, its_parents) in parents.iter().enumerate() {
        for parent in its_parents {
            children[*parent].push(child);
        }
    }
    let nodes = PROJECT
        .iter()
        .zip(&parents)
        .map(|(node, parents)| {
            let name = name_of(node);
            let unique_id = match node.source_name {
                Some(source) => format!("source.{}.{source}.{name}", node.package),
                None => format!("{}.{}.{name}", node.resource_type, node.package),
            };
            SelectableNode {
                unique_id,
                name: name.to_string(),
                resource_type: node.resource_type.to_string(),
                package_name: node.package.to_string(),
                fqn: node.fqn.iter().map(|part| part.to_string()).collect(),
                original_file_path: node.path.to_string(),
                tags: node.tags.iter().map(|tag| tag.to_string()).collect(),
                materialized: node.materialized.map(str::to_string),
                source_name: node.source_name.map(str::to_string),
                attached_to: if node.resource_type == "test" {
                    parents.clone()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    SelectionGraph {
        nodes,
        parents,
        children,
    }
}

const NOT_NULL: &str = "not_null_stg_orders_order_id";
const RELATIONSHIPS: &str = "relationships_fct_orders_customer_id__customer_id__ref_dim_customers_";
const SINGULAR: &str = "assert_fct_orders_positive_total";
/// dbt's name for a test on a source.
const SOURCE_UNIQUE: &str = "source_unique_oltp_orders_id";
/// kiln's name for a test on a source.
const SOURCE_NOT_NULL: &str = "not_null_source_oltp_orders_id";

/// Selects with `selects` and `excludes` (each one argument value) and compares the names
/// of the selected nodes, as a set, with the space-separated `expected`. A name here is
/// the last fqn part, which is `orders` for the source.
fn check(selects: &[&str], excludes: &[&str], expected: &str) {
    let graph = graph();
    let parse_all = |values: &[&str]| -> Vec<_> {
        values
            .iter()
            .map(|value| {
                parse_selection(value).unwrap_or_else(|error| panic!("`{value}`: {error:?}"))
            })
            .collect()
    };
    let selected = select(&graph, &parse_all(selects), &parse_all(excludes));
    assert!(
        selected.windows(2).all(|pair| pair[0] < pair[1]),
        "not ascending: {selected:?}"
    );
    let mut actual: Vec<&str> = selected
        .iter()
        .map(|index| graph.nodes[*index].name.as_str())
        .collect();
    let expected = expected
        .replace("$NOT_NULL", NOT_NULL)
        .replace("$RELATIONSHIPS", RELATIONSHIPS)
        .replace("$SINGULAR", SINGULAR)
        .replace("$SOURCE_UNIQUE", SOURCE_UNIQUE)
        .replace("$SOURCE_NOT_NULL", SOURCE_NOT_NULL);
    let mut expected: Vec<&str> = expected.split_whitespace().collect();
    actual.sort_unstable();
    expected.sort_unstable();
    assert_eq!(
        actual, expected,
        "--select {selects:?} --exclude {excludes:?}"
    );
}

#[test]
fn selections() {
    // (--select values, --exclude values, expected names)
    #[rustfmt::skip]
    let cases: &[(&[&str], &[&str], &str)] = &[
        // Bare words: name, fqn, path, file.
        (&["stg_orders"], &[], "stg_orders $NOT_NULL"),
        (&["stg_*"], &[], "stg_customers stg_orders $NOT_NULL"),
        (&["stg_?rders"], &[], "stg_orders $NOT_NULL"),
        (&["stg_[co]*"], &[], "stg_customers stg_orders $NOT_NULL"),
        (&["stg_[a-d]*"], &[], "stg_customers"),
        (&["stg_[!c]*"], &[], "stg_orders $NOT_NULL"),
        (&["staging"], &[], "stg_customers stg_orders $NOT_NULL $SOURCE_UNIQUE"),
        (&["staging.stg_orders"], &[], "stg_orders $NOT_NULL"),
        (&["shop.staging.stg_orders"], &[], "stg_orders $NOT_NULL"),
        (&["staging.stg_c*"], &[], "stg_customers"),
        (&["shop.marts.*"], &[], "dim_customers fct_orders $RELATIONSHIPS $SINGULAR"),
        (&["*.marts.*"], &[], "dim_customers fct_orders $RELATIONSHIPS $SINGULAR"),
        (&["audit"], &[], "audit_log"),
        (&["orders"], &[], ""),
        (&["models/staging"], &[], "orders stg_customers stg_orders $NOT_NULL $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["models/staging/stg_orders.sql"], &[], "stg_orders $NOT_NULL"),
        (&["stg_orders.sql"], &[], "stg_orders $NOT_NULL"),
        (&["customers.csv"], &[], "customers"),
        // Methods.
        (&["fqn:marts.fct_orders"], &[], "fct_orders $RELATIONSHIPS $SINGULAR"),
        (&["fqn:reference"], &[], "countries"),
        (&["tag:nightly"], &[], "stg_orders dim_customers fct_orders $NOT_NULL $RELATIONSHIPS $SINGULAR"),
        (&["tag:night*"], &[], "stg_orders dim_customers fct_orders $NOT_NULL $RELATIONSHIPS $SINGULAR"),
        (&["tag:reference"], &[], "countries"),
        (&["tag:Nightly"], &[], ""),
        (&["path:models/marts"], &[], "dim_customers fct_orders $RELATIONSHIPS $SINGULAR"),
        (&["path:./models/marts/"], &[], "dim_customers fct_orders $RELATIONSHIPS $SINGULAR"),
        (&["path:models/mart"], &[], ""),
        (&["path:models/*/stg_*.sql"], &[], "stg_customers stg_orders $NOT_NULL"),
        (&["path:**/_schema.yml"], &[], "$NOT_NULL $RELATIONSHIPS"),
        (&["path:seeds"], &[], "customers countries"),
        (&["path:tests"], &[], "$SINGULAR"),
        (&["file:fct_orders"], &[], "fct_orders $RELATIONSHIPS $SINGULAR"),
        (&["file:_sources.yml"], &[], "orders $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["resource_type:seed"], &[], "customers countries"),
        (&["resource_type:source"], &[], "orders $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["resource_type:test"], &[], "$NOT_NULL $RELATIONSHIPS $SINGULAR $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["resource_type:model"], &[], "stg_customers stg_orders int_orders_enriched dim_customers fct_orders audit_log $NOT_NULL $RELATIONSHIPS $SINGULAR"),
        (&["resource_type:snapshot"], &[], ""),
        (&["source:oltp"], &[], "orders $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["source:oltp.orders"], &[], "orders $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["source:shop.oltp.*"], &[], "orders $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["source:oltp.payments"], &[], ""),
        (&["source:audit.oltp.orders"], &[], ""),
        (&["package:audit"], &[], "audit_log"),
        (&["package:a*"], &[], "audit_log"),
        (&["config.materialized:table"], &[], "dim_customers fct_orders audit_log $RELATIONSHIPS $SINGULAR"),
        (&["config.materialized:view"], &[], "stg_customers stg_orders $NOT_NULL"),
        (&["config.materialized:incremental"], &[], ""),
        (&["test_type:generic"], &[], "$NOT_NULL $RELATIONSHIPS $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["test_type:singular"], &[], "$SINGULAR"),
        (&["test_type:data"], &[], "$NOT_NULL $RELATIONSHIPS $SINGULAR $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["test_type:unit"], &[], ""),
        (&["test_name:not_null"], &[], "$NOT_NULL $SOURCE_NOT_NULL"),
        (&["test_name:relationships"], &[], "$RELATIONSHIPS"),
        (&["test_name:unique"], &[], "$SOURCE_UNIQUE"),
        (&["test_name:not"], &[], ""),
        (&["test_name:*"], &[], "$NOT_NULL $RELATIONSHIPS $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["test_name:assert*"], &[], ""),
        // Graph operators.
        (&["+stg_orders"], &[], "orders stg_orders $NOT_NULL $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["stg_orders+"], &[], "stg_orders int_orders_enriched fct_orders $NOT_NULL $RELATIONSHIPS $SINGULAR"),
        (&["stg_orders+1"], &[], "stg_orders int_orders_enriched $NOT_NULL"),
        (&["0+stg_orders"], &[], "stg_orders $NOT_NULL"),
        (&["1+fct_orders"], &[], "int_orders_enriched dim_customers fct_orders $RELATIONSHIPS $SINGULAR"),
        (&["2+fct_orders"], &[], "stg_customers stg_orders countries int_orders_enriched dim_customers fct_orders $NOT_NULL $RELATIONSHIPS $SINGULAR"),
        (&["+fct_orders"], &[], "customers countries orders stg_customers stg_orders int_orders_enriched dim_customers fct_orders $NOT_NULL $RELATIONSHIPS $SINGULAR $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["+stg_customers+"], &[], "customers stg_customers int_orders_enriched dim_customers fct_orders $RELATIONSHIPS $SINGULAR"),
        (&["1+stg_customers+1"], &[], "customers stg_customers int_orders_enriched dim_customers $RELATIONSHIPS"),
        (&["@stg_customers"], &[], "customers countries orders stg_customers stg_orders int_orders_enriched dim_customers fct_orders $NOT_NULL $RELATIONSHIPS $SINGULAR $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["@+stg_customers"], &[], "customers countries orders stg_customers stg_orders int_orders_enriched dim_customers fct_orders $NOT_NULL $RELATIONSHIPS $SINGULAR $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["@audit_log"], &[], "audit_log"),
        (&["tag:reference+"], &[], "countries dim_customers fct_orders $RELATIONSHIPS $SINGULAR"),
        (&["source:oltp+1"], &[], "orders stg_orders $NOT_NULL $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        // Set operators: union, intersection, exclusion.
        (&["stg_orders customers"], &[], "stg_orders customers $NOT_NULL"),
        (&["  stg_orders\tcustomers  "], &[], "stg_orders customers $NOT_NULL"),
        (&["stg_orders", "customers"], &[], "stg_orders customers $NOT_NULL"),
        (&["tag:nightly,config.materialized:table"], &[], "dim_customers fct_orders $RELATIONSHIPS $SINGULAR"),
        (&["stg_orders,test_type:generic"], &[], "$NOT_NULL"),
        (&["tag:nightly,resource_type:test"], &[], "$NOT_NULL $RELATIONSHIPS $SINGULAR"),
        (&["+fct_orders,resource_type:seed"], &[], "customers countries"),
        (&["tag:nightly,tag:finance,config.materialized:table"], &[], "fct_orders $RELATIONSHIPS $SINGULAR"),
        (&[], &[], "customers countries orders stg_customers stg_orders int_orders_enriched dim_customers fct_orders audit_log $NOT_NULL $RELATIONSHIPS $SINGULAR $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&[], &["tag:nightly"], "customers countries orders stg_customers int_orders_enriched audit_log $SOURCE_UNIQUE $SOURCE_NOT_NULL"),
        (&["+fct_orders"], &["resource_type:seed resource_type:source"], "stg_customers stg_orders int_orders_enriched dim_customers fct_orders $NOT_NULL $RELATIONSHIPS $SINGULAR"),
        (&["fct_orders+"], &["test_name:relationships"], "fct_orders $SINGULAR"),
        (&["stg_customers+"], &["fct_orders"], "stg_customers int_orders_enriched dim_customers"),
        (&["tag:nightly"], &["tag:finance", "staging"], "dim_customers"),
    ];
    for (selects, excludes, expected) in cases {
        check(selects, excludes, expected);
    }
}

/// Parses `selector`, expecting an error with this span, message and help.
fn check_error(selector: &str, span: std::ops::Range<usize>, message: &str, help: Option<&str>) {
    let error = match parse_selection(selector) {
        Ok(selection) => panic!("`{selector}` parsed: {selection:?}"),
        Err(error) => error,
    };
    assert_eq!(
        (
            error.span.clone(),
            error.message.as_str(),
            error.help.as_deref()
        ),
        (span, message, help),
        "`{selector}`"
    );
}

const COMMA_HELP: Option<&str> = Some(
    "a comma intersects the criteria on both sides of it, with no spaces: `tag:nightly,config.materialized:table`",
);
const OPERATOR_HELP: Option<&str> =
    Some("write it next to a selector, like `+stg_orders`, `stg_orders+` or `@stg_orders`");
const PLUS_HELP: Option<&str> = Some(
    "`+` goes at the start (ancestors) or the end (descendants) of a criterion, like `2+stg_orders+1`",
);
const METHODS_HELP: Option<&str> = Some(
    "kiln's methods are `fqn`, `tag`, `path`, `file`, `resource_type`, `source`, `package`, `config.materialized`, `test_type` and `test_name`",
);

#[test]
fn errors() {
    #[rustfmt::skip]
    let cases: &[(&str, std::ops::Range<usize>, &str, Option<&str>)] = &[
        ("", 0..0, "empty selector", Some("select nodes by name (`stg_orders`), by `method:value` (`tag:nightly`) or by path (`models/staging`)")),
        ("  ", 0..2, "empty selector", Some("select nodes by name (`stg_orders`), by `method:value` (`tag:nightly`) or by path (`models/staging`)")),
        // Methods.
        ("tagg:nightly", 0..4, "unknown selector method `tagg`", Some("did you mean `tag`?")),
        ("stg_orders resource-type:model", 11..24, "unknown selector method `resource-type`", Some("did you mean `resource_type`?")),
        ("materialized:table", 0..12, "unknown selector method `materialized`", Some("did you mean `config.materialized`?")),
        ("a:b", 0..1, "unknown selector method `a`", METHODS_HELP),
        ("tg:nightly", 0..2, "unknown selector method `tg`", Some("did you mean `tag`?")),
        ("tset_name:unique", 0..9, "unknown selector method `tset_name`", Some("did you mean `test_name`?")),
        ("colour:red", 0..6, "unknown selector method `colour`", METHODS_HELP),
        ("state:modified+", 0..5, "selector method `state` is not supported by kiln", METHODS_HELP),
        ("config:table", 0..6, "missing config key after `config`", Some("write `config.materialized:table`")),
        ("config.schema:audit", 0..13, "selecting on config key `schema` is not supported", Some("kiln selects on `config.materialized` only")),
        ("config.materialised:table", 0..19, "selecting on config key `materialised` is not supported", Some("did you mean `config.materialized`?")),
        (":orders", 0..1, "missing selector method before `:`", Some("write a method like `tag:nightly`, or leave out the `:`")),
        // Values.
        ("tag:", 4..4, "missing value after `tag:`", Some("write a value, like `tag:nightly`")),
        ("stg_orders source:", 18..18, "missing value after `source:`", Some("write a value, like `source:oltp.orders`")),
        ("tag:+", 4..4, "missing value after `tag:`", Some("write a value, like `tag:nightly`")),
        ("resource_type:modle", 14..19, "unknown resource type `modle`", Some("did you mean `model`?")),
        ("resource_type:mod*", 14..18, "unknown resource type `mod*`", Some("did you mean `model`?")),
        ("resource_type:widget", 14..20, "unknown resource type `widget`", Some("kiln's resource types are `model`, `seed`, `test` and `source`")),
        ("test_type:generik", 10..17, "unknown test type `generik`", Some("did you mean `generic`?")),
        ("source:a.b.c.d", 7..14, "too many parts in source selector `a.b.c.d`", Some("write `source:name`, `source:name.table` or `source:package.name.table`")),
        ("stg_[ab", 4..7, "unclosed `[` in pattern", Some("close the class with `]`, like `stg_[ab]*`")),
        ("tag:[ab,stg_orders", 4..7, "unclosed `[` in pattern", Some("close the class with `]`, like `stg_[ab]*`")),
        ("stg_[]", 4..6, "empty character class `[]`", Some("a class matches one of the characters inside it, like `stg_[ab]*`")),
        // Graph operators.
        ("+", 0..1, "graph operator `+` needs a selector", OPERATOR_HELP),
        ("stg_orders @", 11..12, "graph operator `@` needs a selector", OPERATOR_HELP),
        ("3+", 0..2, "graph operator `3+` needs a selector", OPERATOR_HELP),
        ("++", 0..2, "graph operator `++` needs a selector", OPERATOR_HELP),
        ("stg_orders++", 11..12, "unexpected `+`", PLUS_HELP),
        ("stg_orders+1+", 12..13, "unexpected `+`", PLUS_HELP),
        ("x+3x", 3..4, "unexpected `x` after graph operator `+3`", Some("a trailing `+` or `+N` ends a criterion; separate criteria with a space (union) or a comma (intersection)")),
        ("a+b", 2..3, "unexpected `b` after graph operator `+`", Some("a trailing `+` or `+N` ends a criterion; separate criteria with a space (union) or a comma (intersection)")),
        ("a@b", 1..2, "`@` can only start a criterion", Some("write `@stg_orders` for `stg_orders`, its descendants and their ancestors")),
        ("stg_ö@", 6..7, "`@` can only start a criterion", Some("write `@stg_orders` for `stg_orders`, its descendants and their ancestors")),
        ("@stg_orders+", 11..12, "`@` cannot be combined with a trailing `+`", Some("`@x` already selects every descendant of `x`; remove the trailing `+`")),
        ("99999999999+stg_orders", 0..11, "graph depth `99999999999` is too large", Some("leave the number out to walk the whole graph, like `+stg_orders`")),
        // Set operators.
        (",stg_orders", 0..1, "expected a selector before `,`", COMMA_HELP),
        ("stg_orders,", 10..11, "expected a selector after `,`", COMMA_HELP),
        ("tag:a,,tag:b", 5..6, "expected a selector after `,`", COMMA_HELP),
        ("tag:a, tag:b", 5..6, "expected a selector after `,`", COMMA_HELP),
        ("tag:a ,tag:b", 6..7, "expected a selector before `,`", COMMA_HELP),
        // The first mistake in the text is the one reported.
        ("tagg: +", 0..4, "unknown selector method `tagg`", Some("did you mean `tag`?")),
        ("stg_orders+x tagg:a", 11..12, "unexpected `x` after graph operator `+`", Some("a trailing `+` or `+N` ends a criterion; separate criteria with a space (union) or a comma (intersection)")),
    ];
    for (selector, span, message, help) in cases {
        check_error(selector, span.clone(), message, *help);
    }
}

#[test]
fn unmatched_members() {
    // A name may begin with a digit: `3x+` is the node `3x` and its descendants.
    #[rustfmt::skip]
    let cases: &[(&str, &[&str])] = &[
        ("stg_orders", &[]),
        ("stg_orders tag:nope 3x+ tag:nightly,resource_type:seed", &["tag:nope", "3x+", "tag:nightly,resource_type:seed"]),
        ("resource_type:snapshot +fct_orders", &["resource_type:snapshot"]),
    ];
    let graph = graph();
    for (selector, expected) in cases {
        let selection =
            parse_selection(selector).unwrap_or_else(|error| panic!("`{selector}`: {error:?}"));
        assert_eq!(unmatched(&graph, &selection), *expected, "`{selector}`");
    }
}

#[test]
fn patterns() {
    // (pattern, text, matches): the pattern is read as the value of `tag:`.
    #[rustfmt::skip]
    let cases: &[(&str, &str, bool)] = &[
        ("a*b*c", "aXbYbZc", true),
        ("a*b*c", "aXbYbZ", false),
        ("*", "", true),
        ("?", "", false),
        ("?", "ö", true),
        ("[a-c]x", "bx", true),
        ("[^a-c]x", "bx", false),
        ("[!a-c]x", "dx", true),
        ("a.b", "a.b", true),
        ("a.b", "aXb", false),
        ("*.sql", "models/x.sql", true),
    ];
    for (pattern, text, expected) in cases {
        let selection = parse_selection(&format!("tag:{pattern}"))
            .unwrap_or_else(|error| panic!("`{pattern}`: {error:?}"));
        let method = &selection.members[0].criteria[0].method;
        let super::Method::Tag(compiled) = method else {
            panic!("`{pattern}` is not a tag: {method:?}")
        };
        assert_eq!(compiled.matches(text), *expected, "`{pattern}` on `{text}`");
    }
}

/// The grammar's invariant, checked exhaustively on short inputs: every string of up to
/// three characters from the language's alphabet parses or gives an error whose span lies
/// on character boundaries inside the input, and what parses evaluates without panicking.
#[test]
fn short_inputs_parse_or_fail_in_bounds() {
    let alphabet = [
        '+', '@', ',', ' ', '[', ']', '!', ':', '*', 'a', '3', '/', '.', 'ö',
    ];
    let graph = graph();
    let mut inputs = vec![String::new()];
    let mut previous = vec![String::new()];
    for _ in 0..3 {
        previous = previous
            .iter()
            .flat_map(|input| {
                alphabet
                    .iter()
                    .map(move |character| format!("{input}{character}"))
            })
            .collect();
        inputs.extend(previous.iter().cloned());
    }
    for input in &inputs {
        match parse_selection(input) {
            Ok(selection) => {
                select(&graph, std::slice::from_ref(&selection), &[]);
                unmatched(&graph, &selection);
            }
            Err(error) => assert!(
                error.span.start <= error.span.end
                    && input.get(error.span.clone()).is_some()
                    && !error.message.is_empty(),
                "`{input}`: {error:?}"
            ),
        }
    }
}
