//! The table of selector methods: which names exist, which values each accepts, and what
//! a bare word means. Errors here carry the span of the method name or of the value.

use std::ops::Range;

use super::pattern::{Pattern, Token};
use super::{Method, SelectorError, TestType};

/// A method name that passed the check, before its value is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Fqn,
    Tag,
    Path,
    File,
    ResourceType,
    Source,
    Package,
    Materialized,
    TestType,
    TestName,
}

/// Every method kiln supports, as written before the `:`.
const METHODS: &[(&str, Kind)] = &[
    ("fqn", Kind::Fqn),
    ("tag", Kind::Tag),
    ("path", Kind::Path),
    ("file", Kind::File),
    ("resource_type", Kind::ResourceType),
    ("source", Kind::Source),
    ("package", Kind::Package),
    ("config.materialized", Kind::Materialized),
    ("test_type", Kind::TestType),
    ("test_name", Kind::TestName),
];

/// dbt methods that need facts kiln does not have (state, results, semantic layer).
const DBT_ONLY_METHODS: &[&str] = &[
    "state",
    "result",
    "source_status",
    "exposure",
    "metric",
    "semantic_model",
    "saved_query",
    "unit_test",
    "group",
    "access",
    "version",
    "wildcard",
];

/// Every resource type dbt knows; kiln's nodes only use the first four.
const RESOURCE_TYPES: &[&str] = &[
    "model",
    "seed",
    "test",
    "source",
    "snapshot",
    "analysis",
    "exposure",
    "metric",
    "semantic_model",
    "saved_query",
    "unit_test",
    "function",
    "operation",
];

const TEST_TYPES: &[(&str, TestType)] = &[
    ("generic", TestType::Generic),
    ("singular", TestType::Singular),
    ("data", TestType::Data),
    ("unit", TestType::Unit),
];

const METHOD_LIST: &str = "`fqn`, `tag`, `path`, `file`, `resource_type`, `source`, `package`, `config.materialized`, `test_type` and `test_name`";

impl Kind {
    /// A well-formed `method:value`, for help lines.
    pub fn example(self) -> &'static str {
        match self {
            Kind::Fqn => "fqn:staging.stg_orders",
            Kind::Tag => "tag:nightly",
            Kind::Path => "path:models/staging",
            Kind::File => "file:stg_orders.sql",
            Kind::ResourceType => "resource_type:model",
            Kind::Source => "source:oltp.orders",
            Kind::Package => "package:shop",
            Kind::Materialized => "config.materialized:table",
            Kind::TestType => "test_type:generic",
            Kind::TestName => "test_name:not_null",
        }
    }
}

/// Checks a method name (what precedes the `:`).
pub fn method_kind(name: &str, span: Range<usize>) -> Result<Kind, SelectorError> {
    if let Some((_, kind)) = METHODS.iter().find(|(known, _)| *known == name) {
        return Ok(*kind);
    }
    if DBT_ONLY_METHODS.contains(&name) {
        return Err(SelectorError::new(
            span,
            format!("selector method `{name}` is not supported by kiln"),
        )
        .with_help(format!("kiln's methods are {METHOD_LIST}")));
    }
    if name == "config" {
        return Err(
            SelectorError::new(span, "missing config key after `config`")
                .with_help("write `config.materialized:table`"),
        );
    }
    if let Some(key) = name.strip_prefix("config.") {
        let help = did_you_mean(name, METHODS.iter().map(|(known, _)| *known))
            .unwrap_or_else(|| "kiln selects on `config.materialized` only".to_string());
        return Err(SelectorError::new(
            span,
            format!("selecting on config key `{key}` is not supported"),
        )
        .with_help(help));
    }
    let help = did_you_mean(name, METHODS.iter().map(|(known, _)| *known))
        .unwrap_or_else(|| format!("kiln's methods are {METHOD_LIST}"));
    Err(SelectorError::new(span, format!("unknown selector method `{name}`")).with_help(help))
}

/// Checks the value of a method whose name passed [`method_kind`].
pub fn with_value(
    kind: Kind,
    tokens: Vec<Token>,
    span: Range<usize>,
) -> Result<Method, SelectorError> {
    let pattern = Pattern::new(tokens);
    Ok(match kind {
        Kind::Fqn => fqn(pattern),
        Kind::Tag => Method::Tag(pattern),
        Kind::Path => path(&pattern),
        Kind::File => Method::File(pattern),
        Kind::ResourceType => resource_type(&pattern, span)?,
        Kind::Source => source(&pattern, span)?,
        Kind::Package => Method::Package(pattern),
        Kind::Materialized => Method::Materialized(pattern),
        Kind::TestType => test_type(&pattern, span)?,
        Kind::TestName => Method::TestName(pattern),
    })
}

/// A word without a method, read the way dbt reads it: a path when it holds a `/`, a
/// file name when it ends in a model or seed extension, an fqn otherwise.
pub fn bare_word(tokens: Vec<Token>) -> Method {
    let pattern = Pattern::new(tokens);
    let text = pattern.as_text();
    if text.contains('/') {
        path(&pattern)
    } else if [".sql", ".py", ".csv"]
        .iter()
        .any(|extension| text.ends_with(extension))
    {
        Method::File(pattern)
    } else {
        fqn(pattern)
    }
}

fn fqn(whole: Pattern) -> Method {
    let parts = whole.split('.');
    Method::Fqn { whole, parts }
}

fn path(pattern: &Pattern) -> Method {
    let dot = Pattern::literal(".");
    let segments = pattern
        .split('/')
        .into_iter()
        .filter(|segment| !segment.is_empty() && *segment != dot)
        .collect();
    Method::Path(segments)
}

fn resource_type(pattern: &Pattern, span: Range<usize>) -> Result<Method, SelectorError> {
    let text = pattern.as_text();
    if RESOURCE_TYPES.contains(&text.as_str()) && !pattern.has_wildcards() {
        return Ok(Method::ResourceType(text));
    }
    let help = did_you_mean(&text, RESOURCE_TYPES.iter().copied()).unwrap_or_else(|| {
        "kiln's resource types are `model`, `seed`, `test` and `source`".to_string()
    });
    Err(SelectorError::new(span, format!("unknown resource type `{text}`")).with_help(help))
}

fn test_type(pattern: &Pattern, span: Range<usize>) -> Result<Method, SelectorError> {
    let text = pattern.as_text();
    if let Some((_, test_type)) = TEST_TYPES
        .iter()
        .find(|(known, _)| *known == text && !pattern.has_wildcards())
    {
        return Ok(Method::TestType(*test_type));
    }
    let help = did_you_mean(&text, TEST_TYPES.iter().map(|(known, _)| *known))
        .unwrap_or_else(|| "test types are `generic`, `singular`, `data` and `unit`".to_string());
    Err(SelectorError::new(span, format!("unknown test type `{text}`")).with_help(help))
}

fn source(pattern: &Pattern, span: Range<usize>) -> Result<Method, SelectorError> {
    let mut parts = pattern.split('.').into_iter();
    Ok(
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(source), None, None, None) => Method::Source {
                package: None,
                source,
                table: None,
            },
            (Some(source), Some(table), None, None) => Method::Source {
                package: None,
                source,
                table: Some(table),
            },
            (Some(package), Some(source), Some(table), None) => Method::Source {
                package: Some(package),
                source,
                table: Some(table),
            },
            _ => {
                return Err(SelectorError::new(
                    span,
                    format!("too many parts in source selector `{}`", pattern.as_text()),
                )
                .with_help(
                    "write `source:name`, `source:name.table` or `source:package.name.table`",
                ));
            }
        },
    )
}

/// `did you mean `x`?` for the closest candidate, if one is close enough to be a typo.
///
/// A candidate ending in `.{word}` also counts, so `materialized` suggests
/// `config.materialized`.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    // Close enough to be a typo: a few edits (a swap counts as one), and never a
    // rewrite of the whole word (`a` is not a typo of `tag`).
    let length = word.chars().count();
    let limit = (length / 3 + 1).min(length.saturating_sub(1));
    let candidates: Vec<&str> = candidates.collect();
    let dotted = format!(".{word}");
    let best = candidates
        .iter()
        .find(|candidate| candidate.ends_with(&dotted))
        .copied()
        .or_else(|| {
            candidates
                .iter()
                .map(|candidate| (strsim::osa_distance(word, candidate), *candidate))
                .filter(|(distance, _)| *distance <= limit)
                .min_by_key(|(distance, _)| *distance)
                .map(|(_, candidate)| candidate)
        })?;
    Some(format!("did you mean `{best}`?"))
}
