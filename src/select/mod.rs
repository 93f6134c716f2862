//! Node selection: dbt's `--select` / `--exclude` language, parsed with the pest grammar in
//! `grammar/selector.pest` and evaluated over a [`SelectionGraph`] of plain node facts.
//!
//! The phase is two pure functions: [`parse_selection`] turns one argument value into a
//! validated [`Selection`] (or a [`SelectorError`] with a byte span into that value), and
//! [`select`] evaluates selections over the graph the compiler fills in. [`unmatched`]
//! lists the criteria that matched nothing, so the CLI can warn like dbt does.
//!
//! # The language
//!
//! | written | means |
//! | --- | --- |
//! | `a b` (space) | union of `a` and `b` |
//! | `a,b` (comma, no spaces) | intersection of `a` and `b` |
//! | `+x`, `2+x` | `x` and its ancestors (all, or up to 2 edges away) |
//! | `x+`, `x+1` | `x` and its descendants (all, or up to 1 edge away) |
//! | `+x+`, `2+x+3` | both of the above |
//! | `@x` | `x`, all its descendants, and all ancestors of those (`@x+` is an error, as in dbt) |
//! | `method:value` | nodes whose `method` property matches `value` |
//! | a bare word | see the resolution order below |
//!
//! Values are shell-style patterns: `*`, `?`, `[abc]`, `[a-z]`, `[!abc]`. Matching is
//! case-sensitive, like ClickHouse identifiers. A value cannot hold `+`, `@`, `,` or
//! spaces: `a+b` is an error rather than dbt's silent "node named `a+b`". A word may start
//! with digits, so `3x+` is the node `3x` and its descendants, while `3+x` is `x` and its
//! ancestors up to three edges away. Whatever precedes a `:` is a method unless it holds a
//! `/`, so `resource-type:model` is an unknown method with a did-you-mean, not a name.
//!
//! Methods: `fqn:`, `tag:`, `path:` (a file, or a folder and everything under it, relative to
//! the project root; `**` spans folders), `file:` (file name with or without extension),
//! `resource_type:` (`model`, `seed`, `test`, `source`; dbt's other types such as
//! `snapshot` are accepted and match nothing in kiln), `source:` (`name`, `name.table` or
//! `package.name.table`), `package:`, `config.materialized:`, `test_type:` (`generic`,
//! `singular`, `data` = both, `unit` = none in kiln) and `test_name:`. Other dbt methods
//! (`state:`, `result:`, ...) are rejected as unsupported; anything else is an unknown
//! method with a did-you-mean.
//!
//! # Bare words, in resolution order
//!
//! | the word | is read as | example |
//! | --- | --- | --- |
//! | contains `/` | `path:` | `models/staging` |
//! | ends in `.sql`, `.py` or `.csv` | `file:` | `stg_orders.sql` |
//! | anything else | `fqn:` | `stg_orders`, `staging.stg_*`, `shop.staging.*` |
//!
//! `fqn:` (like dbt's) matches a node that is not a source when (1) the pattern matches its
//! name, or else (2) the pattern's dot-separated parts match its fqn, or its fqn without
//! the package: literal parts compare equal part by part, and a shorter pattern is a
//! prefix (so `staging` selects the `staging` folder and `shop` the whole package); from
//! the first part holding a wildcard, the rest of the pattern is matched against the rest
//! of the fqn joined with dots. Step (1) goes beyond dbt, which does not match `stg_*`
//! against names. Sources are selected with `source:`, never by a bare word.
//!
//! # Generic tests and `test_name:`
//!
//! A test is generic when its `original_file_path` ends in `.yml` or `.yaml` (it was
//! declared in a properties file), singular otherwise. A generic test is named
//! `{test_name}_{model}_{arguments}`; on a source, kiln writes
//! `{test_name}_source_{source}_{table}_...` and dbt `source_{test_name}_{source}_{table}_...`.
//! So a generic test's name is the part of its node name before the earliest `_{subject}`
//! (followed by `_` or the end) of a node in its `attached_to`:
//! `relationships_fct_orders_customer_id__customer_id__ref_dim_customers_` is a
//! `relationships` test. When no such part is found (dbt shortens long names with a
//! hash), `test_name:x` matches when the node name up to any `_` matches `x`. A test from
//! a package keeps its prefix (`dbt_utils_expression_is_true`). Singular tests have no
//! test name, as in dbt.
//!
//! # Indirect test selection
//!
//! Like dbt's default `eager` mode: after a criterion's method and graph operators have
//! picked nodes, every test with *any* `attached_to` node among them joins that
//! criterion's nodes. It happens per criterion, before intersections, so
//! `stg_orders,test_type:generic` means "the generic tests on `stg_orders`". Exclusions
//! expand the same way, so excluding a model also excludes its tests, including a
//! `relationships` test that also references a selected model.
//!
//! **Invariant:** parsing reports the first mistake in the text with a byte span into the
//! argument value; evaluation never fails and never panics, and it ignores out-of-range
//! indices in a malformed graph.

mod eval;
mod matching;
mod methods;
mod parse;
mod pattern;

#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

pub use eval::{select, unmatched};
pub use parse::parse_selection;
pub use pattern::Pattern;

/// One node as the selector sees it: plain facts copied from the compiled project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectableNode {
    /// `model.shop.stg_orders`, `seed.shop.customers`,
    /// `test.shop.not_null_stg_orders_order_id`, `source.shop.oltp.orders`
    pub unique_id: String,
    /// `stg_orders`
    pub name: String,
    /// `model` | `seed` | `test` | `source`
    pub resource_type: String,
    /// `shop`
    pub package_name: String,
    /// `["shop", "staging", "stg_orders"]`
    pub fqn: Vec<String>,
    /// `models/staging/stg_orders.sql`: relative to the project root, `/` separators.
    pub original_file_path: String,
    pub tags: Vec<String>,
    /// `view` | `table` | ...
    pub materialized: Option<String>,
    /// For sources: `oltp`.
    pub source_name: Option<String>,
    /// For tests: the indices of the nodes the test tests.
    pub attached_to: Vec<usize>,
}

/// The nodes and their edges; `parents` and `children` hold indices into `nodes`.
///
/// Out-of-range indices are ignored rather than trusted, so a malformed graph can make a
/// selection smaller but never panic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectionGraph {
    pub nodes: Vec<SelectableNode>,
    pub parents: Vec<Vec<usize>>,
    pub children: Vec<Vec<usize>>,
}

/// One parsed `--select`/`--exclude` value: the union of its space-separated members.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub members: Vec<Intersection>,
}

/// One space-separated member: the intersection of its comma-separated criteria.
#[derive(Debug, Clone, PartialEq)]
pub struct Intersection {
    /// The member as the user wrote it, for [`unmatched`].
    pub text: String,
    pub span: Range<usize>,
    pub criteria: Vec<Criterion>,
}

/// One criterion: a method and value, with graph operators around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub text: String,
    pub span: Range<usize>,
    /// `+x` / `2+x`
    pub parents: Option<Reach>,
    /// `x+` / `x+2`
    pub children: Option<Reach>,
    /// `@x`
    pub childrens_parents: bool,
    pub method: Method,
}

/// How far a `+` graph operator walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    All,
    /// At most this many edges; `0+x` is `x` alone.
    Depth(u32),
}

/// A method with its validated value.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// `fqn:` and bare words: the whole pattern (for the name) and its dot-separated parts.
    Fqn {
        whole: Pattern,
        parts: Vec<Pattern>,
    },
    Tag(Pattern),
    /// `path:`: one pattern per `/`-separated segment; empty and `.` segments dropped.
    Path(Vec<Pattern>),
    File(Pattern),
    /// A known resource type name; the ones kiln does not have match nothing.
    ResourceType(String),
    Source {
        package: Option<Pattern>,
        source: Pattern,
        table: Option<Pattern>,
    },
    Package(Pattern),
    Materialized(Pattern),
    TestType(TestType),
    TestName(Pattern),
}

/// The values of `test_type:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestType {
    Generic,
    Singular,
    /// Every data test: generic and singular.
    Data,
    /// dbt's unit tests, which kiln does not have: matches nothing.
    Unit,
}

/// A selector that cannot be parsed, with a byte span into the argument value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl SelectorError {
    fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        SelectorError {
            span,
            message: message.into(),
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for SelectorError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for SelectorError {}
