//! Running the jobs: a scheduler over the DAG with `--threads` workers, and the execution of
//! one node's statements.
//!
//! **Invariant:** a failed node leaves what readers see as it was: table and seed builds
//! write a shadow table and swap it in last, and on any failure the shadow is dropped.
//! A failed node marks every job waiting on it skipped; independent branches go on.

use super::connection::{Connection, QueryError};
use super::jobs::{self, Job};
use super::report::Reporter;
use super::state;
use crate::manifest::{Manifest, ManifestNode};
use crate::node::{ResourceType, Statement, StatementKind};
use crate::quote::quote_string;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A model or seed was built.
    Success,
    /// A data test found no failing rows.
    Pass,
    /// A warn-severity test found failing rows.
    Warn,
    /// An error-severity test found failing rows.
    Fail,
    /// A statement failed.
    Error,
    /// Not run because something it waits for failed.
    Skipped,
    /// Not run: unchanged since its last successful apply.
    UpToDate,
    /// Interrupted by Ctrl-C.
    Cancelled,
}

impl Status {
    /// Whether jobs waiting on this one may run.
    pub fn lets_dependents_run(self) -> bool {
        matches!(
            self,
            Self::Success | Self::Pass | Self::Warn | Self::UpToDate
        )
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    pub rows: Option<u64>,
    pub failures: Option<u64>,
    pub message: Option<String>,
    pub duration: Duration,
    pub started_at: Option<time::OffsetDateTime>,
}

impl Outcome {
    fn new(status: Status) -> Self {
        Self {
            status,
            rows: None,
            failures: None,
            message: None,
            duration: Duration::ZERO,
            started_at: None,
        }
    }
}

/// Everything a job needs, shared read-only between workers.
pub struct RunContext {
    pub connection: Connection,
    pub manifest: Manifest,
    pub project_dir: PathBuf,
    pub full_refresh: bool,
    /// Run every selected node even when up to date.
    pub full: bool,
    pub last_success: HashMap<String, String>,
    /// Tables and views that existed when the run started, as `(database, name)`: whether a
    /// node's relation exists before it runs (nothing else in a run creates it).
    pub existing: std::collections::HashSet<(String, String)>,
    /// Query ids of running statements, by node, so Ctrl-C can kill them.
    pub running: Mutex<HashMap<String, String>>,
}

/// Runs the jobs; returns each job's outcome, in job order.
pub async fn execute(
    context: Arc<RunContext>,
    jobs: Vec<Job>,
    threads: usize,
    reporter: &Reporter,
) -> Vec<Outcome> {
    let jobs = Arc::new(jobs);
    let mut outcomes: Vec<Option<Outcome>> = vec![None; jobs.len()];
    let mut started = vec![false; jobs.len()];
    let mut set: JoinSet<(usize, Outcome)> = JoinSet::new();
    let mut cancelled = false;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        if !cancelled {
            for index in 0..jobs.len() {
                if set.len() >= threads {
                    break;
                }
                let ready = !started.get(index).copied().unwrap_or(true)
                    && jobs.get(index).is_some_and(|job| {
                        job.waits_for.iter().all(|&w| {
                            outcomes
                                .get(w)
                                .and_then(Option::as_ref)
                                .is_some_and(|o| o.status.lets_dependents_run())
                        })
                    });
                if ready && let (Some(slot), Some(job)) = (started.get_mut(index), jobs.get(index))
                {
                    *slot = true;
                    let context = Arc::clone(&context);
                    let job = job.clone();
                    set.spawn(async move { (index, run_job(&context, &job).await) });
                }
            }
        }
        if set.is_empty() {
            break;
        }
        tokio::select! {
            joined = set.join_next() => {
                let Some(Ok((index, outcome))) = joined else { continue };
                let Some(job) = jobs.get(index) else { continue };
                reporter.finished(&job.unique_id, &outcome, context.manifest.nodes.get(&job.unique_id));
                if !outcome.status.lets_dependents_run() {
                    for skipped in jobs::descendants(&jobs, index) {
                        if outcomes.get(skipped).is_some_and(Option::is_none) && !started.get(skipped).copied().unwrap_or(true)
                            && let (Some(slot), Some(flag)) = (outcomes.get_mut(skipped), started.get_mut(skipped)) {
                                let mut skip = Outcome::new(Status::Skipped);
                                skip.message = Some(format!("`{}` did not succeed", job.unique_id));
                                if let Some(skipped_job) = jobs.get(skipped) {
                                    reporter.finished(&skipped_job.unique_id, &skip, context.manifest.nodes.get(&skipped_job.unique_id));
                                }
                                *slot = Some(skip);
                                *flag = true;
                            }
                    }
                }
                if let Some(slot) = outcomes.get_mut(index) {
                    *slot = Some(outcome);
                }
            }
            _ = &mut ctrl_c, if !cancelled => {
                cancelled = true;
                reporter.message("interrupted: stopping; cancelling running queries and dropping their shadow tables");
                set.abort_all();
                cancel_running(&context).await;
            }
        }
    }
    jobs.iter()
        .zip(outcomes)
        .map(|(job, outcome)| {
            outcome.unwrap_or_else(|| {
                let status = if cancelled {
                    Status::Cancelled
                } else {
                    Status::Skipped
                };
                let mut outcome = Outcome::new(status);
                if status == Status::Skipped {
                    outcome.message = Some(format!(
                        "`{}` waits for a node that did not succeed",
                        job.unique_id
                    ));
                }
                outcome
            })
        })
        .collect()
}

/// Kills running queries and drops the shadows of interrupted nodes.
async fn cancel_running(context: &RunContext) {
    let running: Vec<(String, String)> = context
        .running
        .lock()
        .map(|r| r.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    for (unique_id, query_id) in running {
        let kill = format!(
            "KILL QUERY WHERE query_id = {} ASYNC",
            quote_string(&query_id)
        );
        let _ = context
            .connection
            .execute(&kill, "kiln:cancel", &state::query_id("kill"))
            .await;
        if let Some(node) = context.manifest.nodes.get(&unique_id) {
            drop_shadow(context, node).await;
        }
    }
}

async fn drop_shadow(context: &RunContext, node: &ManifestNode) {
    let mut statements = node
        .statements
        .iter()
        .chain(node.incremental_statements.iter().flatten());
    if let Some(drop) = statements.rfind(|s| s.kind == StatementKind::DropShadow) {
        let _ = context
            .connection
            .execute(&drop.sql, &node.unique_id, &state::query_id("cleanup"))
            .await;
    }
}

async fn run_job(context: &RunContext, job: &Job) -> Outcome {
    let started = Instant::now();
    let started_at = time::OffsetDateTime::now_utc();
    let Some(node) = context.manifest.nodes.get(&job.unique_id) else {
        let mut outcome = Outcome::new(Status::Error);
        outcome.message = Some("not in the manifest".into());
        return outcome;
    };
    let mut outcome = match run_node(context, job, node).await {
        Ok(outcome) => outcome,
        Err(error) => {
            drop_shadow(context, node).await;
            let mut outcome = Outcome::new(Status::Error);
            outcome.message = Some(error);
            outcome
        }
    };
    if let Ok(mut running) = context.running.lock() {
        running.remove(&job.unique_id);
    }
    outcome.duration = started.elapsed();
    outcome.started_at = Some(started_at);
    if matches!(outcome.status, Status::Success | Status::Pass) {
        let project = &context.manifest.metadata.project_name;
        let duration_ms = u64::try_from(outcome.duration.as_millis()).unwrap_or(u64::MAX);
        let status = "success";
        if let Err(error) = state::record(
            &context.connection,
            project,
            &job.unique_id,
            &job.node_hash,
            status,
            outcome.rows.unwrap_or(0),
            duration_ms,
        )
        .await
        {
            outcome.message = Some(format!(
                "built, but its state could not be recorded: {error}"
            ));
        }
    }
    outcome
}

async fn run_node(context: &RunContext, job: &Job, node: &ManifestNode) -> Result<Outcome, String> {
    let is_test = node.resource_type == ResourceType::Test;
    let exists = is_test
        || context
            .existing
            .contains(&(node.schema.clone(), node.alias.clone()));
    // `--full-refresh` rebuilds incremental models, so it never skips them as up to date.
    let refreshing = context.full_refresh && node.incremental_statements.is_some();
    let up_to_date = !context.full
        && !refreshing
        && !job.reads_sources
        && exists
        && context.last_success.get(&job.unique_id) == Some(&job.node_hash);
    if up_to_date {
        return Ok(Outcome::new(Status::UpToDate));
    }
    let statements: &[Statement] = match &node.incremental_statements {
        Some(incremental) if exists && !context.full_refresh => incremental,
        _ => &node.statements,
    };
    // `sql_header` and hooks may `SET` settings for the build: all of a node's statements
    // then run in one HTTP session.
    let connection = if statements.iter().any(|s| s.kind == StatementKind::Hook) {
        context.connection.in_session(&state::query_id("session"))
    } else {
        context.connection.clone()
    };
    let connection = &connection;
    let mut outcome = Outcome::new(if is_test {
        Status::Pass
    } else {
        Status::Success
    });
    let mut rows: u64 = 0;
    for statement in statements {
        match statement.kind {
            StatementKind::Test => {
                let failures =
                    with_retries(context, node, statement, |query_id: String| async move {
                        connection
                            .count(&statement.sql, &node.unique_id, &query_id)
                            .await
                    })
                    .await?;
                outcome.failures = Some(failures);
                if failures > 0 {
                    let warn = node.config.get("severity").and_then(|v| v.as_str()) == Some("warn");
                    outcome.status = if warn { Status::Warn } else { Status::Fail };
                    outcome.message = Some(format!(
                        "{failures} failing row{}; see them with:\n{}",
                        if failures == 1 { "" } else { "s" },
                        node.compiled_code.as_deref().unwrap_or("").trim()
                    ));
                }
            }
            StatementKind::LoadCsv => {
                load_csv(context, connection, node, statement).await?;
                let shadow = statement
                    .sql
                    .trim_start_matches("INSERT INTO ")
                    .trim_end_matches(" FORMAT CSVWithNames");
                rows = connection
                    .count(
                        &format!("SELECT count() FROM {shadow}"),
                        &node.unique_id,
                        &state::query_id("rows"),
                    )
                    .await
                    .map_err(|e| e.to_string())?;
            }
            StatementKind::ReplacePartitions => {
                replace_partitions(connection, node, statement).await?;
            }
            kind => {
                let written =
                    with_retries(context, node, statement, |query_id: String| async move {
                        connection
                            .execute(&statement.sql, &node.unique_id, &query_id)
                            .await
                    })
                    .await?;
                if matches!(kind, StatementKind::Insert | StatementKind::CreateShadow) {
                    rows = rows.max(written);
                }
            }
        }
    }
    if !is_test && node.config.get("materialized").and_then(|m| m.as_str()) != Some("view") {
        outcome.rows = Some(rows);
    }
    Ok(outcome)
}

/// Whether re-sending a statement after a lost answer cannot change the result.
fn idempotent(kind: StatementKind) -> bool {
    matches!(
        kind,
        StatementKind::DropShadow
            | StatementKind::CreateIfMissing
            | StatementKind::CreateView
            | StatementKind::Test
    )
}

/// Runs a statement; transport failures of idempotent statements are retried with backoff.
async fn with_retries<T, F, Fut>(
    context: &RunContext,
    node: &ManifestNode,
    statement: &Statement,
    run: F,
) -> Result<T, String>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<T, QueryError>>,
{
    let mut attempt = 0;
    loop {
        let query_id = state::query_id("stmt");
        if let Ok(mut running) = context.running.lock() {
            running.insert(node.unique_id.clone(), query_id.clone());
        }
        match run(query_id).await {
            Ok(value) => return Ok(value),
            Err(QueryError::Transport(_)) if idempotent(statement.kind) && attempt < 3 => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(200 << attempt)).await;
            }
            Err(error) => return Err(describe_failure(statement, &error)),
        }
    }
}

fn describe_failure(statement: &Statement, error: &QueryError) -> String {
    let first_line = statement.sql.lines().next().unwrap_or("");
    match error {
        QueryError::Server(message) => format!("ClickHouse rejected `{first_line}`:\n{message}"),
        QueryError::Transport(message) => {
            format!("lost the connection to ClickHouse running `{first_line}`: {message}")
        }
    }
}

async fn load_csv(
    context: &RunContext,
    connection: &Connection,
    node: &ManifestNode,
    statement: &Statement,
) -> Result<(), String> {
    let file = statement
        .file
        .as_deref()
        .ok_or("the load statement names no file")?;
    let path = context.project_dir.join(file);
    let data = tokio::fs::read(&path)
        .await
        .map_err(|e| format!("cannot read `{file}`: {e}"))?;
    let sha256 = crate::compile::sha256_hex(&data);
    if statement.sha256.as_deref() != Some(sha256.as_str()) {
        return Err(format!(
            "`{file}` changed since `kiln compile`: run `kiln compile` (or `kiln apply --compile`)"
        ));
    }
    let query_id = state::query_id("load");
    if let Ok(mut running) = context.running.lock() {
        running.insert(node.unique_id.clone(), query_id.clone());
    }
    connection
        .insert_formatted(
            &statement.sql,
            bytes::Bytes::from(data),
            &node.unique_id,
            &query_id,
        )
        .await
        .map_err(|e| describe_failure(statement, &e))
}

/// `REPLACE PARTITION` for each partition of the shadow table: ClickHouse swaps each
/// partition atomically, so readers see a partition's old rows or its new rows.
async fn replace_partitions(
    connection: &Connection,
    node: &ManifestNode,
    statement: &Statement,
) -> Result<(), String> {
    let shadow = format!("{}{}", node.alias, crate::plan::SHADOW_SUFFIX);
    let list = format!(
        "SELECT DISTINCT partition_id FROM system.parts WHERE database = {} AND table = {} AND active ORDER BY partition_id",
        quote_string(&node.schema),
        quote_string(&shadow)
    );
    let partitions = connection
        .strings(&list, &node.unique_id)
        .await
        .map_err(|e| e.to_string())?;
    for partition in partitions {
        let sql = statement
            .sql
            .replace("{partition_id:String}", &quote_string(&partition));
        connection
            .execute(&sql, &node.unique_id, &state::query_id("replace"))
            .await
            .map_err(|e| describe_failure(statement, &e))?;
    }
    Ok(())
}
