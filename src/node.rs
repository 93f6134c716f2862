//! The compiled graph's plain data: nodes with their rendered SQL, dependencies and planned
//! statements. Compile produces it; the manifest, the bundle and `apply` read it.

use crate::project::Column;
use crate::project::config::{NodeConfig, TestSeverity};
use crate::seed::SeedColumn;
use indexmap::IndexMap;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ResourceType {
    Model,
    Seed,
    Test,
    Source,
}

impl ResourceType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Model => "model",
            Self::Seed => "seed",
            Self::Test => "test",
            Self::Source => "source",
        }
    }
}

/// What a statement does; `apply` treats some kinds specially (loads stream a file,
/// tests count failing rows, partition replacement expands per partition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    /// `sql_header`, `pre_hook`, `post_hook`.
    Hook,
    DropShadow,
    CreateShadow,
    CreateIfMissing,
    Exchange,
    CreateView,
    /// `INSERT INTO ... FORMAT CSVWithNames`, with the rows streamed from `file`.
    LoadCsv,
    Insert,
    Delete,
    /// `ALTER TABLE ... REPLACE PARTITION ID {partition_id:String} FROM shadow`, run once per
    /// partition the shadow table holds.
    ReplacePartitions,
    /// `SELECT count() AS failures FROM (...)`.
    Test,
    /// `CREATE DATABASE ... ENGINE = PostgreSQL/MaterializedPostgreSQL(collection)` of a
    /// postgres source.
    CreateSource,
}

/// One SQL statement of a node, exactly as `apply` sends it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Statement {
    pub kind: StatementKind,
    pub sql: String,
    /// For `load_csv`: the file streamed as the statement's data, relative to the project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// For `load_csv`: the sha256 of that file at compile time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl Statement {
    pub fn new(kind: StatementKind, sql: impl Into<String>) -> Self {
        Self {
            kind,
            sql: sql.into(),
            file: None,
            sha256: None,
        }
    }
}

/// A generic or singular data test's facts.
#[derive(Debug, Clone)]
pub struct TestInfo {
    /// `not_null`, `unique`, ... or `singular`.
    pub test_name: String,
    pub column: Option<String>,
    pub arguments: serde_json::Map<String, serde_json::Value>,
    /// The node the test is attached to (a model or seed unique_id, or a source's).
    pub attached_node: Option<String>,
    pub severity: TestSeverity,
    /// The query returning the failing rows, for users to inspect them.
    pub failing_rows_sql: String,
}

/// A node of the compiled graph.
#[derive(Debug, Clone)]
pub struct Node {
    pub unique_id: String,
    pub name: String,
    pub resource_type: ResourceType,
    pub original_file_path: String,
    /// Path relative to its model/seed/test path, as dbt's `path`.
    pub path: String,
    pub fqn: Vec<String>,
    pub config: NodeConfig,
    /// The ClickHouse database (dbt's `schema`).
    pub database: String,
    /// The table or view name.
    pub alias: String,
    pub description: String,
    pub columns: IndexMap<String, Column>,
    /// Unique ids of the nodes and sources this node reads, sorted.
    pub depends_on: Vec<String>,
    pub checksum: String,
    /// The rendered SELECT (with ephemeral CTEs injected), for models and tests.
    pub compiled_sql: Option<String>,
    /// The `is_incremental()` rendering, for incremental models.
    pub incremental_sql: Option<String>,
    /// Statements of a (full) build.
    pub statements: Vec<Statement>,
    /// Statements when the incremental model's table exists (absent otherwise).
    pub incremental_statements: Option<Vec<Statement>>,
    pub seed_columns: Vec<SeedColumn>,
    pub seed_rows: Option<usize>,
    pub test: Option<TestInfo>,
    /// What static analysis found: the output columns with types and lineage.
    pub analysis: Option<NodeAnalysis>,
}

/// A model's (or seed's) output columns as analysis found them.
#[derive(Debug, Clone)]
pub struct NodeAnalysis {
    pub columns: Vec<crate::analysis::AnalysedColumn>,
    /// Every column resolved and typed.
    pub complete: bool,
}

impl Node {
    /// Whether `apply` runs this node (ephemeral models are only inlined).
    pub fn is_executable(&self) -> bool {
        !self.statements.is_empty()
    }
}
