//! `kiln introspect <source>`: reads a live PostgreSQL's catalog and prints the source's
//! YAML (tables, columns, ClickHouse `data_type`s mapped as ClickHouse's PostgreSQL engines
//! map them), so analysis knows the columns without a hand-written schema.

use crate::apply::connection::render_env_template;
use crate::cli::Settings;
use crate::postgres::{PostgresConnection, clickhouse_type};
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct IntrospectArgs {
    /// The source (with a `postgres:` block) to read.
    pub source: String,
    /// Write the YAML to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// One column as the catalog describes it.
struct CatalogColumn {
    table: String,
    name: String,
    data_type: String,
    element_type: String,
    not_null: bool,
    precision: Option<i32>,
    scale: Option<i32>,
}

pub fn introspect(settings: &Settings, args: &IntrospectArgs) -> ExitCode {
    let run = crate::compile_dir(&settings.project_dir, &settings.options, "");
    let Some(compiled) = run.compiled else {
        crate::cli::print_diagnostics(&run.diagnostics, &run.files, settings);
        return ExitCode::from(1);
    };
    let Some(source) = compiled
        .postgres_sources
        .iter()
        .find(|s| s.source_name == args.source)
    else {
        let names: Vec<&str> = compiled
            .postgres_sources
            .iter()
            .map(|s| s.source_name.as_str())
            .collect();
        eprintln!(
            "error: no postgres source `{}` (postgres sources: {})",
            args.source,
            names.join(", ")
        );
        return ExitCode::from(1);
    };
    let Some(connection) = &source.connection else {
        eprintln!(
            "error: source `{}` names a server-defined collection; give it host, database and user to introspect",
            args.source
        );
        return ExitCode::from(1);
    };
    let columns = match read_catalog(connection, &source.tables) {
        Ok(columns) => columns,
        Err(message) => {
            eprintln!(
                "error: cannot read PostgreSQL's catalog for source `{}`: {message}",
                args.source
            );
            return ExitCode::from(1);
        }
    };
    let yaml = render_yaml(&source.source_name, &columns);
    match &args.output {
        Some(path) => match std::fs::write(path, &yaml) {
            Ok(()) => {
                eprintln!(
                    "wrote {} columns of {} tables to {}",
                    columns.len(),
                    count_tables(&columns),
                    path.display()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", path.display());
                ExitCode::from(1)
            }
        },
        None => {
            print!("{yaml}");
            ExitCode::SUCCESS
        }
    }
}

fn count_tables(columns: &[CatalogColumn]) -> usize {
    let mut tables: Vec<&str> = columns.iter().map(|c| c.table.as_str()).collect();
    tables.dedup();
    tables.len()
}

fn read_catalog(
    template: &PostgresConnection,
    tables: &[String],
) -> Result<Vec<CatalogColumn>, String> {
    let host = render_env_template(&template.host)?;
    let port = render_env_template(&template.port)?;
    let database = render_env_template(&template.database)?;
    let schema = render_env_template(&template.schema)?;
    let user = render_env_template(&template.user)?;
    let password = template
        .password
        .as_deref()
        .map(render_env_template)
        .transpose()?;
    let mut config = postgres::Config::new();
    config.host(&host).dbname(&database).user(&user);
    config.port(
        port.parse::<u16>()
            .map_err(|_| format!("port `{port}` is not a number"))?,
    );
    if let Some(password) = &password {
        config.password(password);
    }
    // The error text of the driver never contains the password.
    let mut client = config.connect(postgres::NoTls).map_err(|e| e.to_string())?;
    let rows = client
        .query(
            "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.udt_name::text,
                    a.attnotnull, c.numeric_precision::int4, c.numeric_scale::int4
             FROM information_schema.columns c
             JOIN pg_catalog.pg_namespace n ON n.nspname = c.table_schema
             JOIN pg_catalog.pg_class k ON k.relnamespace = n.oid AND k.relname = c.table_name
             JOIN pg_catalog.pg_attribute a ON a.attrelid = k.oid AND a.attname = c.column_name
             WHERE c.table_schema = $1 AND (cardinality($2::text[]) = 0 OR c.table_name = ANY($2))
             ORDER BY c.table_name, c.ordinal_position",
            &[&schema, &tables],
        )
        .map_err(|e| e.to_string())?;
    Ok(rows
        .iter()
        .map(|row| CatalogColumn {
            table: row.get(0),
            name: row.get(1),
            data_type: row.get(2),
            element_type: row.get::<_, String>(3).trim_start_matches('_').to_string(),
            not_null: row.get(4),
            precision: row.get(5),
            scale: row.get(6),
        })
        .collect())
}

fn render_yaml(source: &str, columns: &[CatalogColumn]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Written by `kiln introspect {source}` from PostgreSQL's catalog; types as ClickHouse maps them."
    );
    let _ = writeln!(out, "sources:\n  - name: {source}\n    tables:");
    let mut current: Option<&str> = None;
    for column in columns {
        if current != Some(column.table.as_str()) {
            let _ = writeln!(out, "      - name: {}\n        columns:", column.table);
            current = Some(&column.table);
        }
        let (pg_type, dimensions) = if column.data_type == "ARRAY" {
            (column.element_type.as_str(), 1)
        } else {
            (column.data_type.as_str(), 0)
        };
        let data_type = clickhouse_type(
            pg_type,
            column.not_null,
            column.precision,
            column.scale,
            dimensions,
        );
        let _ = writeln!(
            out,
            "          - name: {}\n            data_type: \"{data_type}\"",
            column.name
        );
    }
    out
}
