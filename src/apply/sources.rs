//! Postgres sources at apply time: the named collection holding the connection (rendered
//! from the environment now, never written anywhere by kiln), then the source's database,
//! then, for replicated sources, waiting until ClickHouse has loaded every table.

use super::connection::{Connection, render_env_template};
use super::jobs::Job;
use super::state;
use crate::manifest::Manifest;
use crate::postgres::{EXPERIMENTAL_SETTING, PostgresMode, PostgresSource};
use crate::quote::{quote_identifier, quote_string};
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// How long ClickHouse may take to load a replicated source's tables.
const LOAD_TIMEOUT: Duration = Duration::from_secs(90);

/// Creates the postgres sources that this run's nodes read.
pub async fn prepare(
    connection: &Connection,
    manifest: &Manifest,
    jobs: &[Job],
) -> Result<(), String> {
    let read = sources_read(manifest, jobs);
    for source in &manifest.postgres_sources {
        if read.contains(source.source_name.as_str()) {
            create(connection, source).await?;
        }
    }
    Ok(())
}

/// Creates every postgres source of the manifest; returns how many.
pub async fn prepare_all(connection: &Connection, manifest: &Manifest) -> Result<usize, String> {
    for source in &manifest.postgres_sources {
        create(connection, source).await?;
    }
    Ok(manifest.postgres_sources.len())
}

/// Names of the sources the jobs read, directly or through ephemeral models.
fn sources_read<'a>(manifest: &'a Manifest, jobs: &[Job]) -> HashSet<&'a str> {
    let prefix = format!("source.{}.", manifest.metadata.project_name);
    let mut read = HashSet::new();
    let mut stack: Vec<&str> = jobs.iter().map(|j| j.unique_id.as_str()).collect();
    let mut seen = HashSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(node) = manifest.nodes.get(id) else {
            continue;
        };
        for parent in &node.depends_on.nodes {
            if let Some(rest) = parent.strip_prefix(&prefix) {
                if let Some((source, _)) = rest.split_once('.')
                    && let Some(found) = manifest
                        .postgres_sources
                        .iter()
                        .find(|s| s.source_name == source)
                {
                    read.insert(found.source_name.as_str());
                }
            } else if manifest
                .nodes
                .get(parent.as_str())
                .is_some_and(|p| p.statements.is_empty())
            {
                stack.push(parent);
            }
        }
    }
    read
}

async fn create(connection: &Connection, source: &PostgresSource) -> Result<(), String> {
    let name = &source.source_name;
    if let Some(template) = &source.connection {
        ensure_collection(connection, source, template).await?;
    }
    let connection = match source.mode {
        PostgresMode::Replicated => connection.with_setting(EXPERIMENTAL_SETTING, "1"),
        PostgresMode::Live => connection.clone(),
    };
    for statement in &source.statements {
        connection
            .execute(
                &statement.sql,
                &format!("source:{name}"),
                &state::query_id("source"),
            )
            .await
            .map_err(|e| format!("cannot create the database of source `{name}`: {e}"))?;
    }
    if source.mode == PostgresMode::Replicated {
        wait_for_tables(&connection, source).await?;
    }
    Ok(())
}

/// `CREATE NAMED COLLECTION IF NOT EXISTS`, then `ALTER ... SET` so a rotated password or
/// a moved host takes effect. The statements hold the password: their text is never put in
/// a message (ClickHouse masks it in its own logs).
async fn ensure_collection(
    connection: &Connection,
    source: &PostgresSource,
    template: &crate::postgres::PostgresConnection,
) -> Result<(), String> {
    let name = &source.source_name;
    // A collection the server's config defines (the compose stack, with `from_env`) is the
    // operator's: kiln neither creates nor alters it.
    let defined_by = connection
        .strings(
            &format!(
                "SELECT toString(source) FROM system.named_collections WHERE name = {}",
                quote_string(&source.named_collection)
            ),
            &format!("source:{name}"),
        )
        .await
        .map_err(|e| format!("cannot read system.named_collections: {e}"))?;
    if defined_by.iter().any(|s| s.eq_ignore_ascii_case("config")) {
        return Ok(());
    }
    let render = |field: &str, value: &str| {
        render_env_template(value).map_err(|e| format!("source `{name}`: `{field}` {e}"))
    };
    let mut pairs = vec![
        ("host", quote_string(&render("host", &template.host)?)),
        ("port", {
            let port = render("port", &template.port)?;
            if port.parse::<u16>().is_ok() {
                port
            } else {
                quote_string(&port)
            }
        }),
        (
            "database",
            quote_string(&render("database", &template.database)?),
        ),
        ("schema", quote_string(&render("schema", &template.schema)?)),
        ("user", quote_string(&render("user", &template.user)?)),
    ];
    if let Some(password) = &template.password {
        pairs.push(("password", quote_string(&render("password", password)?)));
    }
    let assignments: Vec<String> = pairs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    let collection = quote_identifier(&source.named_collection);
    let create = format!(
        "CREATE NAMED COLLECTION IF NOT EXISTS {collection} AS {}",
        assignments.join(", ")
    );
    let alter = format!(
        "ALTER NAMED COLLECTION {collection} SET {}",
        assignments.join(", ")
    );
    for sql in [create, alter] {
        connection
            .execute(
                &sql,
                &format!("source:{name}"),
                &state::query_id("collection"),
            )
            .await
            .map_err(|e| {
                format!(
                    "cannot set the named collection `{}` of source `{name}`: {}",
                    source.named_collection,
                    first_line(&e.to_string())
                )
            })?;
    }
    Ok(())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// MaterializedPostgreSQL loads tables in the background after CREATE returns.
async fn wait_for_tables(connection: &Connection, source: &PostgresSource) -> Result<(), String> {
    let wanted: Vec<String> = source.tables.iter().map(|t| quote_string(t)).collect();
    let sql = format!(
        "SELECT toString(count()) FROM system.tables WHERE database = {} AND name IN ({})",
        quote_string(&source.database),
        wanted.join(", ")
    );
    let started = Instant::now();
    loop {
        let present = connection
            .strings(&sql, &format!("source:{}", source.source_name))
            .await
            .map_err(|e| e.to_string())?
            .first()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        if present >= source.tables.len() {
            return Ok(());
        }
        if started.elapsed() > LOAD_TIMEOUT {
            return Err(format!(
                "source `{}`: ClickHouse loaded {present} of {} tables from PostgreSQL within {} s\n  help: check the server log; the role needs REPLICATION, CREATE on the database and ownership of the tables, and each table a primary key",
                source.source_name,
                source.tables.len(),
                LOAD_TIMEOUT.as_secs()
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
