//! Static analysis of a model's SQL without a database: every column resolved, its
//! ClickHouse type inferred, its lineage to upstream columns recorded, and mistakes
//! ClickHouse would refuse reported as [`Issue`]s.
//!
//! [`analyse`] rewrites what sqlparser cannot read, parses the SQL once with sqlparser's
//! ClickHouse dialect and walks the tree with its own scopes (sqlparser's visitor knows
//! nothing of scopes):
//!
//! ```text
//! prepass    ClickHouse syntax sqlparser cannot read, rewritten;     prepass/
//!            positions mapped back to the SQL as written
//! query      WITH (CTEs), set operations, the output columns        query.rs
//! select     SELECT aliases, clause order, the aggregation check    select.rs
//! from       tables, CTEs, subqueries, joins, USING, ARRAY JOIN      from.rs, scope.rs,
//!                                                                    array_join.rs
//! inner      aliases inside expressions, `f(x AS y)`               inner_alias.rs
//! resolve    what an identifier means: the resolution order table   resolve.rs
//! expr/call  types of expressions and function calls                expr.rs, call.rs
//! typing     ClickHouse's typing rules on DataType values           typing/
//! projection *, t.*, COLUMNS('re'), EXCEPT, REPLACE; output names   projection.rs, names.rs
//! ```
//!
//! **Invariant:** a type is either ClickHouse's answer or unknown (`None`), never a guess.
//! What analysis cannot follow gives a warning at the construct and unknown types
//! downstream.
//!
//! **Invariant:** analysis reads only its arguments; it is `Send`-safe to run one model per
//! thread (the catalog is `Sync`, every other piece of state is local to one call).

mod array_join;
mod call;
mod expr;
mod from;
pub mod functions;
mod inner_alias;
pub mod issue;
mod lineage;
mod names;
mod prepass;
mod projection;
mod query;
mod resolve;
mod scope;
mod select;
mod span;
pub mod typing;

#[cfg(test)]
mod tests;

use crate::diagnostic::Severity;
use crate::types::DataType;
use query::{Analyser, CteEnv};
use sqlparser::ast::Statement;
use sqlparser::dialect::ClickHouseDialect;
use sqlparser::parser::{Parser, ParserError};
use std::collections::HashMap;
use std::ops::Range;
use typing::FunctionTyping;

/// A column of a table a model reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamColumn {
    pub name: String,
    /// `None` when not known (an upstream model whose column analysis could not type).
    pub data_type: Option<DataType>,
}

/// A table a model reads: a seed, a source or an upstream model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamTable {
    pub unique_id: String,
    /// Every column of the table, in order.
    pub columns: Vec<UpstreamColumn>,
}

/// The tables a model can read, by ClickHouse database and table name (unquoted).
///
/// A table the catalog returns must list all its columns: a name it lacks is reported as
/// missing. Return `None` for a table whose columns are not known (a source without
/// declared columns); analysis then leaves its columns unknown.
pub trait Catalog: Sync {
    fn table(&self, database: &str, table: &str) -> Option<&UpstreamTable>;
}

/// A [`Catalog`] in a hash map, filled by the caller.
#[derive(Debug, Default, Clone)]
pub struct TableMap {
    tables: HashMap<(String, String), UpstreamTable>,
}

impl TableMap {
    pub fn insert(&mut self, database: &str, table: &str, upstream: UpstreamTable) {
        self.tables
            .insert((database.to_string(), table.to_string()), upstream);
    }
}

impl Catalog for TableMap {
    fn table(&self, database: &str, table: &str) -> Option<&UpstreamTable> {
        self.tables.get(&(database.to_string(), table.to_string()))
    }
}

/// How an output column derives from an upstream column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineageKind {
    /// The value itself, possibly renamed or passed through CTEs and subqueries.
    Direct,
    /// Computed from it by functions or operators.
    Expression,
    /// Aggregated from it.
    Aggregate,
}

/// One upstream column an output column derives from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LineageEdge {
    pub unique_id: String,
    pub column: String,
    pub kind: LineageKind,
}

/// One output column of a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysedColumn {
    pub name: String,
    /// ClickHouse's type, or `None` when analysis could not infer it.
    pub data_type: Option<DataType>,
    pub lineage: Vec<LineageEdge>,
}

/// A problem analysis found, at a byte range of the analysed SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Stable kebab-case code, one of the constants in [`issue`].
    pub code: &'static str,
    pub severity: Severity,
    /// Lowercase, no trailing period, identifiers in backticks.
    pub message: String,
    pub span: Range<usize>,
    pub help: Option<String>,
}

/// What analysing one model found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelAnalysis {
    pub columns: Vec<AnalysedColumn>,
    /// Sorted by position.
    pub issues: Vec<Issue>,
    /// Every output column resolved and typed, with the name ClickHouse gives it.
    pub complete: bool,
}

/// Analyses one model's SELECT, typing named functions with the function catalog
/// generated from ClickHouse.
pub fn analyse(sql: &str, catalog: &dyn Catalog) -> ModelAnalysis {
    analyse_with(sql, catalog, functions::FunctionCatalog::get())
}

/// Analyses one model's SELECT with the given function typing.
///
/// The SQL first goes through the [`prepass`], which rewrites the ClickHouse constructs
/// sqlparser cannot read; every issue's span is mapped back to `sql` before returning.
pub fn analyse_with(
    sql: &str,
    catalog: &dyn Catalog,
    functions: &dyn FunctionTyping,
) -> ModelAnalysis {
    let rewritten = prepass::rewrite(sql);
    let mut analysis = analyse_parsable(&rewritten.text, rewritten.tokens, catalog, functions);
    for issue in &mut analysis.issues {
        issue.span = rewritten.map.range(issue.span.clone());
    }
    issue::tidy(&mut analysis.issues);
    analysis
}

/// [`analyse_with`] on SQL the pre-pass has rewritten; spans are in that SQL.
fn analyse_parsable(
    sql: &str,
    tokens: Option<Vec<sqlparser::tokenizer::TokenWithSpan>>,
    catalog: &dyn Catalog,
    functions: &dyn FunctionTyping,
) -> ModelAnalysis {
    let mut analyser = Analyser {
        lines: span::LineIndex::new(sql),
        catalog,
        functions,
        issues: Vec::new(),
        join_use_nulls: false,
        alias_skips: 0,
        outer_references: 0,
    };
    let dialect = ClickHouseDialect {};
    let parsed = match tokens {
        Some(tokens) => Parser::new(&dialect)
            .with_tokens_with_locations(tokens)
            .parse_statements(),
        None => Parser::parse_sql(&dialect, sql),
    };
    let statements = match parsed {
        Ok(statements) => statements,
        Err(error) => return parse_failure(sql, &analyser.lines, &error),
    };
    let query = match statements.as_slice() {
        [Statement::Query(query)] => query,
        _ => {
            let issue = Issue::warning(
                issue::PARSE_FAILED,
                analyser.lines.whole(),
                "static analysis expects exactly one SELECT statement",
            );
            return failed(issue);
        }
    };
    let output = analyser.query(query, &CteEnv::root(), None);
    let mut issues = analyser.issues;
    issue::tidy(&mut issues);
    let complete = !output.open
        && !output.columns.is_empty()
        && output
            .columns
            .iter()
            .all(|column| column.name_known && column.data_type.is_some());
    ModelAnalysis {
        columns: output
            .columns
            .iter()
            .map(|column| AnalysedColumn {
                name: column.name.clone(),
                data_type: column.data_type.clone(),
                lineage: column.lineage.to_edges(),
            })
            .collect(),
        issues,
        complete,
    }
}

fn failed(issue: Issue) -> ModelAnalysis {
    ModelAnalysis {
        columns: Vec::new(),
        issues: vec![issue],
        complete: false,
    }
}

/// A warning at the position sqlparser reports (`... at Line: 3, Column: 7`).
fn parse_failure(sql: &str, lines: &span::LineIndex<'_>, error: &ParserError) -> ModelAnalysis {
    let message = error.to_string();
    let position = message.rsplit_once(" at Line: ").and_then(|(_, rest)| {
        let (line, column) = rest.split_once(", Column: ")?;
        let column: String = column.chars().take_while(char::is_ascii_digit).collect();
        Some(sqlparser::tokenizer::Location::new(
            line.trim().parse().ok()?,
            column.parse().ok()?,
        ))
    });
    let span = position
        .and_then(|location| lines.offset(location))
        .map_or_else(
            || lines.whole(),
            |start| start..start.saturating_add(1).min(sql.len()).max(start),
        );
    let detail = message
        .rsplit_once(" at Line: ")
        .map_or(message.as_str(), |(text, _)| text)
        .trim_start_matches("sql parser error: ");
    failed(Issue::warning(
        issue::PARSE_FAILED,
        span,
        format!("static analysis cannot parse this SQL: {detail}"),
    ))
}
