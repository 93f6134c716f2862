//! Whether one node matches one method: the per-node half of evaluation, with no graph
//! walking. The rules are the ones the module doc of [`super`] states.

use super::pattern::{Pattern, Token};
use super::{Method, SelectableNode, SelectionGraph, TestType};

pub fn node_matches(graph: &SelectionGraph, node: &SelectableNode, method: &Method) -> bool {
    match method {
        Method::Fqn { whole, parts } => {
            // dbt's fqn method never looks at sources: they are selected with `source:`.
            !is(node, "source")
                && (whole.matches(&node.name)
                    || node.fqn.last().is_some_and(|leaf| whole.matches(leaf))
                    || fqn_matches(&node.fqn, parts)
                    || fqn_matches(node.fqn.get(1..).unwrap_or_default(), parts))
        }
        Method::Tag(pattern) => node.tags.iter().any(|tag| pattern.matches(tag)),
        Method::Path(segments) => path_matches(segments, &node.original_file_path),
        Method::File(pattern) => file_matches(pattern, &node.original_file_path),
        Method::ResourceType(resource_type) => node.resource_type == *resource_type,
        Method::Source {
            package,
            source,
            table,
        } => {
            is(node, "source")
                && package
                    .as_ref()
                    .is_none_or(|package| package.matches(&node.package_name))
                && node
                    .source_name
                    .as_deref()
                    .is_some_and(|name| source.matches(name))
                && table.as_ref().is_none_or(|table| table.matches(&node.name))
        }
        Method::Package(pattern) => pattern.matches(&node.package_name),
        Method::Materialized(pattern) => node
            .materialized
            .as_deref()
            .is_some_and(|materialized| pattern.matches(materialized)),
        Method::TestType(test_type) => {
            is(node, "test")
                && match test_type {
                    TestType::Generic => is_generic_test(node),
                    TestType::Singular => !is_generic_test(node),
                    TestType::Data => true,
                    TestType::Unit => false,
                }
        }
        Method::TestName(pattern) => test_name_matches(graph, node, pattern),
    }
}

fn is(node: &SelectableNode, resource_type: &str) -> bool {
    node.resource_type == resource_type
}

/// Generic tests are declared in properties files; singular tests are `.sql` files.
fn is_generic_test(node: &SelectableNode) -> bool {
    is(node, "test")
        && (node.original_file_path.ends_with(".yml") || node.original_file_path.ends_with(".yaml"))
}

/// dbt's fqn rule: literal parts compare equal one by one (a shorter pattern is a prefix);
/// from the first part with a wildcard on, the rest of the pattern must match the rest of
/// the fqn joined with dots. Dots inside fqn parts count as separators too.
fn fqn_matches(fqn: &[String], parts: &[Pattern]) -> bool {
    let flat: Vec<&str> = fqn.iter().flat_map(|part| part.split('.')).collect();
    if flat.is_empty() || flat.len() < parts.len() {
        return false;
    }
    for (at, (part, segment)) in parts.iter().zip(&flat).enumerate() {
        if part.has_wildcards() {
            let rest_of_pattern = Pattern::join(parts.get(at..).unwrap_or_default(), '.');
            let rest_of_fqn = flat.get(at..).unwrap_or_default().join(".");
            return rest_of_pattern.matches(&rest_of_fqn);
        }
        if !part.matches(segment) {
            return false;
        }
    }
    true
}

/// A path pattern matches a file, or a folder and everything below it; `**` stands for
/// any number of folders.
fn path_matches(pattern: &[Pattern], path: &str) -> bool {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|segment| !segment.is_empty() && *segment != ".")
        .collect();
    segments_match(pattern, &segments)
}

fn segments_match(pattern: &[Pattern], segments: &[&str]) -> bool {
    let Some((first, rest)) = pattern.split_first() else {
        // The pattern named this folder (or file): everything below it matches.
        return true;
    };
    if *first == Pattern::new(vec![Token::AnyRun, Token::AnyRun]) {
        return (0..=segments.len())
            .any(|skip| segments_match(rest, segments.get(skip..).unwrap_or_default()));
    }
    match segments.split_first() {
        Some((segment, below)) => first.matches(segment) && segments_match(rest, below),
        None => false,
    }
}

/// dbt's `file:` matches the file name with or without its extension.
fn file_matches(pattern: &Pattern, path: &str) -> bool {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _extension)| stem);
    pattern.matches(file_name) || pattern.matches(stem)
}

fn test_name_matches(graph: &SelectionGraph, node: &SelectableNode, pattern: &Pattern) -> bool {
    if !is_generic_test(node) {
        return false;
    }
    match generic_test_name(graph, node) {
        Some(test_name) => pattern.matches(test_name),
        // A name that does not contain its model's (dbt shortens long names with a hash):
        // any prefix ending before a `_` may be the test name.
        None => node
            .name
            .match_indices('_')
            .filter_map(|(at, _)| node.name.get(..at))
            .chain([node.name.as_str()])
            .any(|prefix| pattern.matches(prefix)),
    }
}

/// The test name of a generic test, read from its node name. dbt names one
/// `{test_name}_{model}_{arguments}`, and a source test
/// `source_{test_name}_{source}_{table}_{arguments}`; kiln names a source test
/// `{test_name}_source_{source}_{table}_{arguments}`. The earliest `_{subject}` found
/// (followed by `_` or the end) among the attached nodes ends the test name.
fn generic_test_name<'node>(
    graph: &SelectionGraph,
    node: &'node SelectableNode,
) -> Option<&'node str> {
    let name = node.name.as_str();
    let dbt_source_name = name.strip_prefix("source_").unwrap_or(name);
    node.attached_to
        .iter()
        .filter_map(|index| graph.nodes.get(*index))
        .flat_map(|target| {
            if is(target, "source") {
                let source_name = target.source_name.as_deref().unwrap_or_default();
                vec![
                    (name, format!("_source_{source_name}_{}", target.name)),
                    (dbt_source_name, format!("_{source_name}_{}", target.name)),
                ]
            } else {
                vec![(name, format!("_{}", target.name))]
            }
        })
        .filter_map(|(name, subject)| prefix_before(name, &subject))
        .min_by_key(|test_name| test_name.len())
}

/// The part of `name` before the first `subject` that is followed by `_` or the end.
fn prefix_before<'name>(name: &'name str, subject: &str) -> Option<&'name str> {
    name.match_indices(subject)
        .map(|(at, _)| at)
        .find(|at| {
            name.get(at + subject.len()..)
                .is_some_and(|after| after.is_empty() || after.starts_with('_'))
        })
        .and_then(|at| name.get(..at))
}
