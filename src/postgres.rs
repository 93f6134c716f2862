//! Sources of kind postgres: a PostgreSQL database read through ClickHouse's
//! `MaterializedPostgreSQL` (mode `replicated`) or `PostgreSQL` (mode `live`) database engine.
//!
//! Compile checks the declaration and plans the `CREATE DATABASE`; `apply` creates the named
//! collection holding the connection (rendered from the environment at run time) and runs
//! it. **Invariant:** no password reaches the bundle, the manifest or any output: the
//! engine names a collection, and the manifest keeps the connection's `env_var()` templates.
//! See docs/postgres.md for what ClickHouse 26.9 does with these engines.

use crate::diagnostic::{Diagnostic, FileId, Label, SourceFiles};
use crate::node::{Statement, StatementKind};
use crate::project::raw::{RawPostgres, RawSource};
use crate::quote::{quote_identifier, quote_string};
use crate::yaml;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostgresMode {
    Replicated,
    Live,
}

/// Connection values as the user wrote them (templates such as `{{ env_var('PGPASSWORD') }}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostgresConnection {
    pub host: String,
    pub port: String,
    pub database: String,
    pub schema: String,
    pub user: String,
    pub password: Option<String>,
}

/// A checked postgres source: one ClickHouse database over one PostgreSQL schema.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PostgresSource {
    pub source_name: String,
    /// The ClickHouse database kiln creates (the source's `schema`, else its name).
    pub database: String,
    pub mode: PostgresMode,
    pub named_collection: String,
    /// `None` when the server defines the collection itself (its config, `from_env`).
    pub connection: Option<PostgresConnection>,
    pub tables: Vec<String>,
    pub backoff_max_ms: Option<u64>,
    /// The statements creating the database, in order.
    pub statements: Vec<Statement>,
    #[serde(skip)]
    pub origin: Option<Label>,
}

/// The setting ClickHouse 26.9 requires for `MaterializedPostgreSQL`.
pub const EXPERIMENTAL_SETTING: &str = "allow_experimental_database_materialized_postgresql";

/// Checks a source's `postgres:` block and plans its database.
pub fn declare(
    files: &SourceFiles,
    file: FileId,
    source: &RawSource,
    raw: &RawPostgres,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PostgresSource> {
    let mode = match raw.mode.value.as_str() {
        "replicated" => PostgresMode::Replicated,
        "live" => PostgresMode::Live,
        other => {
            diagnostics.push(
                Diagnostic::error(
                    "invalid-postgres-source",
                    format!("unknown postgres mode `{other}`"),
                )
                .at(file, yaml::span_of(files, file, &raw.mode))
                .with_help("`replicated` (MaterializedPostgreSQL) or `live` (PostgreSQL engine)"),
            );
            return None;
        }
    };
    if let Some(password) = &raw.password
        && !password.value.contains("env_var(")
    {
        diagnostics.push(
            Diagnostic::error(
                "literal-password",
                "a password must not be written in a project file",
            )
            .at(file, yaml::span_of(files, file, password))
            .with_help(
                "read it from the environment: `password: \"{{ env_var('KILN_PG_PASSWORD') }}\"`",
            ),
        );
        return None;
    }
    let has_connection = raw.host.is_some()
        || raw.user.is_some()
        || raw.password.is_some()
        || raw.database.is_some();
    let connection = has_connection.then(|| PostgresConnection {
        host: raw.host.clone().unwrap_or_else(|| "localhost".into()),
        port: raw.port.as_ref().map_or_else(
            || "5432".into(),
            |p| p.as_str().map_or_else(|| p.to_string(), str::to_string),
        ),
        database: raw.database.clone().unwrap_or_else(|| "postgres".into()),
        schema: raw.schema.clone().unwrap_or_else(|| "public".into()),
        user: raw.user.clone().unwrap_or_else(|| "postgres".into()),
        password: raw.password.as_ref().map(|p| p.value.clone()),
    });
    let named_collection = raw
        .named_collection
        .clone()
        .unwrap_or_else(|| format!("kiln_{}", source.name.value));
    let tables: Vec<String> = source
        .tables
        .iter()
        .map(|t| t.identifier.clone().unwrap_or_else(|| t.name.value.clone()))
        .collect();
    let mut planned = PostgresSource {
        source_name: source.name.value.clone(),
        database: source
            .schema
            .clone()
            .unwrap_or_else(|| source.name.value.clone()),
        mode,
        named_collection,
        connection,
        tables,
        backoff_max_ms: raw.backoff_max_ms,
        statements: Vec::new(),
        origin: Some(Label::new(file, yaml::span_of(files, file, &source.name))),
    };
    planned.statements = statements(&planned);
    Some(planned)
}

/// `CREATE DATABASE ... ENGINE = MaterializedPostgreSQL(collection) SETTINGS ...` or
/// `... ENGINE = PostgreSQL(collection)`.
fn statements(source: &PostgresSource) -> Vec<Statement> {
    let database = quote_identifier(&source.database);
    let collection = quote_identifier(&source.named_collection);
    let sql = match source.mode {
        PostgresMode::Live => {
            format!("CREATE DATABASE IF NOT EXISTS {database}\nENGINE = PostgreSQL({collection})")
        }
        PostgresMode::Replicated => {
            let mut settings = vec![format!(
                "materialized_postgresql_tables_list = {}",
                quote_string(&source.tables.join(","))
            )];
            if let Some(connection) = &source.connection {
                settings.push(format!(
                    "materialized_postgresql_schema = {}",
                    quote_string(&connection.schema)
                ));
            }
            if let Some(backoff) = source.backoff_max_ms {
                settings.push(format!(
                    "materialized_postgresql_backoff_max_ms = {backoff}"
                ));
            }
            format!(
                "CREATE DATABASE IF NOT EXISTS {database}\nENGINE = MaterializedPostgreSQL({collection})\nSETTINGS {}",
                settings.join(",\n    ")
            )
        }
    };
    vec![Statement::new(StatementKind::CreateSource, sql)]
}

/// Two `replicated` sources on one PostgreSQL server, database and schema share one
/// replication slot and publication: each change reaches only one of them. Refuse it.
pub fn check_conflicts(sources: &[PostgresSource], diagnostics: &mut Vec<Diagnostic>) {
    let key = |s: &PostgresSource| {
        s.connection.as_ref().map(|c| {
            let schema = if c.schema == "public" {
                String::new()
            } else {
                c.schema.clone()
            };
            (c.host.clone(), c.port.clone(), c.database.clone(), schema)
        })
    };
    let replicated: Vec<&PostgresSource> = sources
        .iter()
        .filter(|s| s.mode == PostgresMode::Replicated)
        .collect();
    for (index, source) in replicated.iter().enumerate() {
        let Some(first) = replicated
            .iter()
            .take(index)
            .find(|other| key(other).is_some() && key(other) == key(source))
        else {
            continue;
        };
        let mut diagnostic = Diagnostic::error(
            "replication-slot-conflict",
            format!(
                "sources `{}` and `{}` replicate the same PostgreSQL database and schema",
                first.source_name, source.source_name
            ),
        )
        .with_help("ClickHouse gives both one replication slot and publication, so each change would reach only one of them: declare the tables under one source");
        diagnostic.primary = source.origin.clone();
        if let Some(origin) = &first.origin {
            diagnostic = diagnostic.with_label(origin.clone().with_message("also replicated here"));
        }
        diagnostics.push(diagnostic);
    }
}

/// ClickHouse's type for a PostgreSQL column, as its PostgreSQL engines map it (measured on
/// ClickHouse 26.9, docs/postgres.md): NOT NULL columns plain, others Nullable; arrays
/// never Nullable, with Nullable elements.
pub fn clickhouse_type(
    pg_type: &str,
    not_null: bool,
    precision: Option<i32>,
    scale: Option<i32>,
    array_dimensions: i32,
) -> String {
    let base = match pg_type {
        "smallint" | "int2" => "Int16".to_string(),
        "integer" | "int4" | "serial" => "Int32".to_string(),
        "bigint" | "int8" | "bigserial" => "Int64".to_string(),
        "real" | "float4" => "Float32".to_string(),
        "double precision" | "float8" => "Float64".to_string(),
        "numeric" | "decimal" => match (precision, scale) {
            (Some(p), Some(s)) => format!("Decimal({p}, {s})"),
            _ => "Decimal(38, 19)".to_string(),
        },
        "boolean" | "bool" => "UInt8".to_string(),
        "date" => "Date32".to_string(),
        t if t.starts_with("timestamp") => "DateTime64(6)".to_string(),
        "uuid" => "UUID".to_string(),
        _ => "String".to_string(),
    };
    if array_dimensions > 0 {
        let mut wrapped = format!("Nullable({base})");
        for _ in 0..array_dimensions {
            wrapped = format!("Array({wrapped})");
        }
        wrapped
    } else if not_null {
        base
    } else {
        format!("Nullable({base})")
    }
}

#[cfg(test)]
mod tests {
    use super::clickhouse_type;

    #[test]
    fn types_map_as_clickhouse_maps_them() {
        let cases = [
            ("integer", true, None, None, 0, "Int32"),
            (
                "numeric",
                false,
                Some(10),
                Some(2),
                0,
                "Nullable(Decimal(10, 2))",
            ),
            ("numeric", true, None, None, 0, "Decimal(38, 19)"),
            (
                "timestamp with time zone",
                true,
                None,
                None,
                0,
                "DateTime64(6)",
            ),
            ("text", false, None, None, 0, "Nullable(String)"),
            ("boolean", true, None, None, 0, "UInt8"),
            ("date", true, None, None, 0, "Date32"),
            ("integer", false, None, None, 1, "Array(Nullable(Int32))"),
            ("jsonb", true, None, None, 0, "String"),
        ];
        for (pg, not_null, precision, scale, dims, expected) in cases {
            assert_eq!(
                clickhouse_type(pg, not_null, precision, scale, dims),
                expected,
                "{pg}"
            );
        }
    }
}
