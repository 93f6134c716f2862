//! `kiln apply`: runs exactly the compiled bundle (`target/manifest.json`) on ClickHouse.
//!
//! Steps: read the manifest and refuse a stale one; connect (nothing changes when the server
//! is unreachable); select nodes; create databases and the state table; drop shadow tables
//! an interrupted run left; run the jobs over the DAG; print a summary; write
//! `target/run_results.json`.

pub mod connection;
pub mod jobs;
pub mod report;
pub mod run;
pub mod sources;
pub mod state;

use crate::cli::Settings;
use crate::manifest::{MANIFEST_VERSION, Manifest};
use crate::quote::quote_identifier;
use connection::Connection;
use run::{RunContext, Status};
use std::collections::{BTreeSet, HashSet};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Debug, Clone, clap::Args)]
pub struct ApplyArgs {
    /// Compile first, then apply what was compiled.
    #[arg(long)]
    pub compile: bool,
    /// Nodes to apply (dbt selector syntax); without `--no-deps`, their out-of-date upstream too.
    #[arg(long, short, num_args = 1.., value_name = "SELECTOR")]
    pub select: Vec<String>,
    /// Nodes to leave out.
    #[arg(long, num_args = 1.., value_name = "SELECTOR")]
    pub exclude: Vec<String>,
    /// Apply only the selected nodes (and their data tests), never their upstream.
    #[arg(long)]
    pub no_deps: bool,
    /// How many nodes run at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: u16,
    /// Rebuild incremental models from scratch.
    #[arg(long)]
    pub full_refresh: bool,
    /// Run every selected node, even those unchanged since their last successful apply.
    #[arg(long)]
    pub full: bool,
    /// ClickHouse HTTP URL (default: `CLICKHOUSE_URL`, then the profile).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Only create the postgres sources' databases (and wait for replicated tables), then stop.
    #[arg(long, conflicts_with_all = ["select", "exclude"])]
    pub sources_only: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct DebugArgs {
    /// ClickHouse HTTP URL (default: `CLICKHOUSE_URL`, then the profile).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ResyncArgs {
    /// `source` (every table) or `source.table`.
    #[arg(value_name = "SOURCE[.TABLE]")]
    pub source: String,
    /// ClickHouse HTTP URL (default: `CLICKHOUSE_URL`, then the profile).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

/// `kiln resync`: `DETACH TABLE ... PERMANENTLY; ATTACH TABLE ...` reloads a replicated
/// table from a new snapshot, with new columns, and replication resumes.
pub fn resync(settings: &Settings, args: &ResyncArgs) -> ExitCode {
    let manifest = match read_manifest(settings) {
        Ok(manifest) => manifest,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let (source_name, table) = match args.source.split_once('.') {
        Some((source, table)) => (source, Some(table)),
        None => (args.source.as_str(), None),
    };
    let Some(source) = manifest.postgres_sources.iter().find(|s| {
        s.source_name == source_name && s.mode == crate::postgres::PostgresMode::Replicated
    }) else {
        eprintln!("error: no replicated postgres source `{source_name}` in the manifest");
        return ExitCode::from(1);
    };
    let tables: Vec<&String> = source
        .tables
        .iter()
        .filter(|t| table.is_none_or(|wanted| *t == wanted))
        .collect();
    if tables.is_empty() {
        eprintln!(
            "error: source `{source_name}` has no table `{}`",
            table.unwrap_or("")
        );
        return ExitCode::from(1);
    }
    let loaded = crate::project::load::load(&settings.project_dir)
        .ok()
        .map(|(loaded, _)| loaded);
    let connection_settings = match connection::resolve(
        args.url.as_deref(),
        loaded.as_ref(),
        settings.options.target.as_deref(),
    ) {
        Ok(resolved) => resolved,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let connection = Connection::new(connection_settings)
        .with_setting(crate::postgres::EXPERIMENTAL_SETTING, "1");
    runtime.block_on(async {
        for table in tables {
            let relation = crate::quote::quote_relation(&source.database, table);
            for sql in [
                format!("DETACH TABLE {relation} PERMANENTLY"),
                format!("ATTACH TABLE {relation}"),
            ] {
                if let Err(error) = connection
                    .execute(
                        &sql,
                        &format!("resync:{source_name}"),
                        &state::query_id("resync"),
                    )
                    .await
                {
                    eprintln!("error: `{sql}` failed: {error}");
                    return ExitCode::from(1);
                }
            }
            println!("resynced {}.{table}", source.database);
        }
        ExitCode::SUCCESS
    })
}

fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| {
            eprintln!("error: cannot start the async runtime: {error}");
            ExitCode::from(1)
        })
}

/// `kiln debug`: checks the connection and prints the server version.
pub fn debug(settings: &Settings, args: &DebugArgs) -> ExitCode {
    let loaded = crate::project::load::load(&settings.project_dir)
        .ok()
        .map(|(loaded, _)| loaded);
    let connection_settings = match connection::resolve(
        args.url.as_deref(),
        loaded.as_ref(),
        settings.options.target.as_deref(),
    ) {
        Ok(resolved) => resolved,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let connection = Connection::new(connection_settings);
    match runtime.block_on(connection.version()) {
        Ok(version) => {
            println!(
                "ClickHouse {version} at {}: connection ok",
                connection.settings.describe()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "error: cannot reach ClickHouse at {}: {error}",
                connection.settings.describe()
            );
            ExitCode::from(1)
        }
    }
}

pub fn apply(settings: &Settings, args: &ApplyArgs) -> ExitCode {
    if args.compile
        && let Err(code) = crate::cli::compile_and_write(settings, true)
    {
        return code;
    }
    let manifest = match read_manifest(settings) {
        Ok(manifest) => manifest,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let loaded = match crate::project::load::load(&settings.project_dir) {
        Ok((loaded, _)) => loaded,
        Err(_) => {
            eprintln!(
                "error: cannot read the project in `{}`",
                settings.project_dir.display()
            );
            return ExitCode::from(1);
        }
    };
    if crate::compile::inputs_sha256(&loaded.files) != manifest.metadata.inputs_sha256 {
        eprintln!(
            "error: `{}` is stale: project files changed since `kiln compile`\n  help: run `kiln compile` first, or `kiln apply --compile`",
            settings.target_dir.join("manifest.json").display()
        );
        return ExitCode::from(1);
    }
    let selected = if args.select.is_empty() && args.exclude.is_empty() {
        None
    } else {
        match crate::selection::select_nodes(&manifest, &args.select, &args.exclude) {
            Ok(selected) => {
                for warning in &selected.warnings {
                    eprintln!("warning: {warning}");
                }
                Some(selected.unique_ids.into_iter().collect::<HashSet<String>>())
            }
            Err(rendered) => {
                eprint!("{rendered}");
                return ExitCode::from(2);
            }
        }
    };
    let jobs = jobs::plan(
        &manifest,
        selected.as_ref(),
        selected.is_some() && !args.no_deps,
    );
    let connection_settings = match connection::resolve(
        args.url.as_deref(),
        Some(&loaded),
        settings.options.target.as_deref(),
    ) {
        Ok(resolved) => resolved,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(apply_jobs(
        settings,
        args,
        manifest,
        jobs,
        Connection::new(connection_settings),
    ))
}

fn read_manifest(settings: &Settings) -> Result<Manifest, String> {
    let path = settings.target_dir.join("manifest.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|_| format!("no compiled project at `{}`\n  help: run `kiln compile` first, or `kiln apply --compile`", path.display()))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
        format!(
            "`{}` is not a kiln manifest ({e})\n  help: run `kiln compile`",
            path.display()
        )
    })?;
    if manifest.metadata.kiln_manifest_version != MANIFEST_VERSION {
        return Err(format!(
            "`{}` was written by another kiln version (manifest version {})\n  help: run `kiln compile`",
            path.display(),
            manifest.metadata.kiln_manifest_version
        ));
    }
    Ok(manifest)
}

async fn apply_jobs(
    settings: &Settings,
    args: &ApplyArgs,
    manifest: Manifest,
    jobs: Vec<jobs::Job>,
    connection: Connection,
) -> ExitCode {
    let started = Instant::now();
    let version = match connection.version().await {
        Ok(version) => version,
        Err(error) => {
            eprintln!(
                "error: cannot reach ClickHouse at {}: {error}\n  nothing was changed",
                connection.settings.describe()
            );
            return ExitCode::from(1);
        }
    };
    if args.sources_only {
        return match sources::prepare_all(&connection, &manifest).await {
            Ok(count) => {
                eprintln!(
                    "created {} on ClickHouse {version}",
                    crate::plural(count, "postgres source")
                );
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(1)
            }
        };
    }
    let threads = usize::from(args.threads);
    if !settings.quiet {
        eprintln!(
            "applying {} of `{}` on ClickHouse {version} at {} with {}",
            crate::plural(jobs.len(), "node"),
            manifest.metadata.project_name,
            connection.settings.describe(),
            crate::plural(threads, "thread")
        );
    }
    let databases: BTreeSet<&str> = jobs
        .iter()
        .filter_map(|job| manifest.nodes.get(&job.unique_id))
        .filter(|node| node.resource_type != crate::node::ResourceType::Test)
        .map(|node| node.schema.as_str())
        .collect();
    let prepared = prepare(&connection, &manifest, &jobs, &databases).await;
    let Prepared {
        last_success,
        existing,
    } = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let reporter = report::Reporter::new(jobs.len(), settings.quiet);
    let context = Arc::new(RunContext {
        connection,
        manifest,
        project_dir: settings.project_dir.clone(),
        full_refresh: args.full_refresh,
        full: args.full,
        last_success,
        existing,
        running: Mutex::new(Default::default()),
    });
    let outcomes = run::execute(Arc::clone(&context), jobs.clone(), threads, &reporter).await;
    reporter.finish();
    let elapsed = started.elapsed();
    let count = |status: Status| outcomes.iter().filter(|o| o.status == status).count();
    let summary = [
        Status::Success,
        Status::Pass,
        Status::Warn,
        Status::Fail,
        Status::Error,
        Status::Skipped,
        Status::UpToDate,
        Status::Cancelled,
    ]
    .iter()
    .filter(|&&status| count(status) > 0)
    .map(|&status| format!("{} {}", count(status), report::label(status).to_lowercase()))
    .collect::<Vec<_>>()
    .join(", ");
    eprintln!(
        "finished in {}: {}",
        crate::human_duration(elapsed),
        if summary.is_empty() {
            "nothing to do".into()
        } else {
            summary
        }
    );
    let args_json = serde_json::json!({
        "select": args.select, "exclude": args.exclude, "no_deps": args.no_deps, "threads": args.threads,
        "full_refresh": args.full_refresh, "full": args.full,
    });
    let results = report::run_results(&jobs, &outcomes, elapsed, args_json);
    if let Err(error) = crate::writer::write_run_results(&settings.target_dir, &results) {
        eprintln!("warning: cannot write run_results.json: {error}");
    }
    let failed = outcomes.iter().any(|o| {
        matches!(
            o.status,
            Status::Fail | Status::Error | Status::Skipped | Status::Cancelled
        )
    });
    if count(Status::Cancelled) > 0 {
        ExitCode::from(130)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What `prepare` learned about the server before the run.
struct Prepared {
    last_success: std::collections::HashMap<String, String>,
    /// Tables and views of the run's databases before it starts, as `(database, name)`.
    existing: std::collections::HashSet<(String, String)>,
}

/// Databases, the state table, and leftovers of an interrupted run.
async fn prepare(
    connection: &Connection,
    manifest: &Manifest,
    jobs: &[jobs::Job],
    databases: &BTreeSet<&str>,
) -> Result<Prepared, String> {
    for database in databases {
        let sql = format!(
            "CREATE DATABASE IF NOT EXISTS {}",
            quote_identifier(database)
        );
        connection
            .execute(&sql, "kiln:prepare", &state::query_id("db"))
            .await
            .map_err(|e| format!("cannot create database `{database}`: {e}"))?;
    }
    state::ensure(connection)
        .await
        .map_err(|e| format!("cannot create the state table {}: {e}", state::STATE_TABLE))?;
    // Shadows an interrupted run left behind, of this run's nodes only: another apply
    // running beside this one (an Airflow task per node) owns the others. One listing of
    // the run's databases answers every node (and `run_node`'s existence checks later).
    let databases: Vec<&str> = databases.iter().copied().collect();
    let mut existing = connection
        .tables_in(&databases)
        .await
        .map_err(|e| format!("cannot list the tables of the run's databases: {e}"))?;
    for job in jobs {
        let Some(node) = manifest.nodes.get(&job.unique_id) else {
            continue;
        };
        if node.resource_type == crate::node::ResourceType::Test {
            continue;
        }
        let shadow = format!("{}{}", node.alias, crate::plan::SHADOW_SUFFIX);
        if existing.remove(&(node.schema.clone(), shadow.clone())) {
            let drop = format!(
                "DROP TABLE IF EXISTS {}",
                crate::quote::quote_relation(&node.schema, &shadow)
            );
            connection
                .execute(&drop, "kiln:prepare", &state::query_id("sweep"))
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    sources::prepare(connection, manifest, jobs).await?;
    let last_success = state::last_success(connection, &manifest.metadata.project_name)
        .await
        .map_err(|e| format!("cannot read the state table: {e}"))?;
    Ok(Prepared {
        last_success,
        existing,
    })
}
