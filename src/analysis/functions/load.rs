//! Reading `catalog.tsv` (its header documents the format) into a
//! [`FunctionCatalog`].
//!
//! The file is generated and embedded, so a malformed line is a bug in the
//! generator, not user input: [`parse`] skips it (never panics) and
//! [`parse_with_errors`] reports it, which a test requires to be empty.

use std::collections::HashMap;
use std::sync::Arc;

use super::names::{Entry, FunctionKind, Names};
use super::pattern::Pattern;
use super::template::Template;
use super::{FunctionCatalog, LambdaRule, LowCardinalityPolicy, NullPolicy, Row, Rules};

pub(super) fn parse(text: &str) -> FunctionCatalog {
    parse_with_errors(text).0
}

/// The catalog and one message per line that could not be read.
pub(super) fn parse_with_errors(text: &str) -> (FunctionCatalog, Vec<String>) {
    let mut names = Names::default();
    let mut rules: HashMap<String, Rules> = HashMap::new();
    let mut templates: HashMap<&str, Arc<Template>> = HashMap::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let result = match fields.as_slice() {
            ["function", name, kind, case_insensitive, alias_to, version] => {
                function_entry(kind, alias_to, version).map(|entry| {
                    names.insert(name, entry, *case_insensitive == "1");
                })
            }
            ["combinator", suffix] => {
                names.insert_combinator(suffix);
                Ok(())
            }
            ["rules", name, nulls, low_cardinality, lambda] => {
                function_rules(nulls, low_cardinality, lambda).map(|function_rules| {
                    rules.insert((*name).to_string(), function_rules);
                })
            }
            ["row", name, patterns, template, repeat] => {
                row(patterns, template, repeat, &mut templates).and_then(|row| {
                    rules
                        .get_mut(*name)
                        .map(|function_rules| function_rules.rows.push(row))
                        .ok_or_else(|| format!("row for `{name}` before its rules"))
                })
            }
            _ => Err("unknown record".to_string()),
        };
        if let Err(message) = result {
            errors.push(format!("catalog.tsv line {}: {message}", index + 1));
        }
    }
    names.finish();
    (FunctionCatalog { names, rules }, errors)
}

fn function_entry(kind: &str, alias_to: &str, version: &str) -> Result<Entry, String> {
    let kind = match kind {
        "scalar" => FunctionKind::Scalar,
        "aggregate" => FunctionKind::Aggregate,
        "window" => FunctionKind::Window,
        other => return Err(format!("unknown kind `{other}`")),
    };
    let state_version = match version {
        "-" => None,
        text => Some(
            text.parse()
                .map_err(|_| format!("bad state version `{text}`"))?,
        ),
    };
    Ok(Entry {
        kind,
        alias_to: (alias_to != "-").then(|| alias_to.to_string()),
        state_version,
    })
}

fn function_rules(nulls: &str, low_cardinality: &str, lambda: &str) -> Result<Rules, String> {
    Ok(Rules {
        nulls: match nulls {
            "propagate" => NullPolicy::Propagate,
            "nullable" => NullPolicy::Nullable,
            "strip" => NullPolicy::Strip,
            "rows" => NullPolicy::Rows,
            other => return Err(format!("unknown nulls policy `{other}`")),
        },
        low_cardinality: match low_cardinality {
            "dictionary" => LowCardinalityPolicy::Dictionary,
            "deep" => LowCardinalityPolicy::Deep,
            "strip" => LowCardinalityPolicy::Strip,
            "rows" => LowCardinalityPolicy::Rows,
            other => return Err(format!("unknown low cardinality policy `{other}`")),
        },
        lambda: match lambda {
            "-" => None,
            "elements" => Some(LambdaRule::Elements),
            "map" => Some(LambdaRule::Map),
            "fold" => Some(LambdaRule::Fold),
            other => return Err(format!("unknown lambda rule `{other}`")),
        },
        rows: Vec::new(),
    })
}

fn row<'a>(
    patterns: &str,
    template: &'a str,
    repeat: &str,
    templates: &mut HashMap<&'a str, Arc<Template>>,
) -> Result<Row, String> {
    let patterns = if patterns.is_empty() {
        Vec::new()
    } else {
        patterns.split("; ").map(Pattern::parse).collect()
    };
    let repeat = match repeat {
        "-" => None,
        text => {
            let (start, size) = text
                .split_once(',')
                .and_then(|(start, size)| Some((start.parse().ok()?, size.parse().ok()?)))
                .ok_or_else(|| format!("bad repeat `{text}`"))?;
            Some((start, size))
        }
    };
    let template = match templates.get(template) {
        Some(parsed) => Arc::clone(parsed),
        None => {
            let parsed = Arc::new(Template::parse(template).map_err(|error| error.0)?);
            templates.insert(template, Arc::clone(&parsed));
            parsed
        }
    };
    Ok(Row {
        patterns,
        repeat,
        template,
    })
}
