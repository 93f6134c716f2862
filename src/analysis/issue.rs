//! The problems analysis reports, as [`Issue`]s with stable codes.
//!
//! Errors are mistakes ClickHouse would refuse to run (an unknown column, a column neither
//! aggregated nor grouped). Warnings say analysis could not follow something (SQL it cannot
//! parse, a construct it does not support, a table the catalog does not know): the affected
//! columns become unknown, nothing is guessed.

use super::Issue;
use crate::diagnostic::Severity;
use std::ops::Range;

/// A column name that matches nothing in scope.
pub const UNKNOWN_COLUMN: &str = "unknown-column";
/// A column name that matches columns of several tables of the FROM clause.
pub const AMBIGUOUS_COLUMN: &str = "ambiguous-column";
/// `x.column` where `x` names no table, alias or CTE in scope.
pub const UNKNOWN_TABLE_ALIAS: &str = "unknown-table-alias";
/// A column read from an upstream model, seed or source that does not have it.
pub const UPSTREAM_COLUMN_MISSING: &str = "upstream-column-missing";
/// A column of an aggregating SELECT that is neither aggregated nor in GROUP BY.
pub const NOT_AGGREGATED: &str = "not-aggregated";
/// UNION (EXCEPT, INTERSECT) branches with different numbers of columns.
pub const UNION_COLUMN_COUNT: &str = "union-column-count";
/// UNION branches whose columns have no common type.
pub const UNION_TYPE_MISMATCH: &str = "union-type-mismatch";
/// `OVER w` with no `WINDOW w AS (...)`.
pub const UNKNOWN_WINDOW: &str = "unknown-window";
/// A table that is neither a CTE nor in the catalog: its columns are unknown.
pub const UNKNOWN_TABLE: &str = "unknown-table";
/// A function the function catalog does not know: its result is unknown.
pub const UNKNOWN_FUNCTION: &str = "unknown-function";
/// Values of an `if`/`CASE`/array with no common type.
pub const NO_COMMON_TYPE: &str = "no-common-type";
/// `WITH name (a, b) AS (...)`: ClickHouse (26.9) reads it in a SELECT and a table, but
/// drops the column list when it stores a view, which then fails.
pub const CTE_COLUMN_LIST: &str = "cte-column-list";
/// The SQL does not parse as one SELECT: nothing about the model is known.
pub const PARSE_FAILED: &str = "analysis-parse-failed";
/// A construct analysis does not follow: what depends on it is unknown.
pub const UNSUPPORTED: &str = "analysis-unsupported";

impl Issue {
    pub(crate) fn error(
        code: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            help: None,
        }
    }

    pub(crate) fn warning(
        code: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, span, message)
        }
    }

    pub(crate) fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// Sorts issues by position and drops repeats: an alias typed from several places reports
/// its problems once.
pub(crate) fn tidy(issues: &mut Vec<Issue>) {
    issues.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
    issues.dedup_by(|a, b| a.span == b.span && a.code == b.code && a.message == b.message);
}
