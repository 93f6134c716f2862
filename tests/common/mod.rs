//! Shared test support: a ClickHouse endpoint per test, and running the `kiln` binary.
//!
//! By default each test starts its own chDB-backed server (`scripts/chdb_server.py`, from
//! the `.venv` that `scripts/bootstrap-python.sh` creates) on a free port with its own data
//! folder, so tests never share databases. With `CLICKHOUSE_URL` set, tests use that server
//! instead (run them with `--test-threads 1`: they reuse the same database names).
//!
//! **Invariant:** a missing ClickHouse fails the test under CI (`CI` set). A person running
//! the tests without the `.venv` gets a loud SKIPPED message instead.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of this module"
)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A ClickHouse endpoint for one test.
pub struct ClickHouse {
    pub url: String,
    server: Option<Child>,
    port: u16,
    data_dir: Option<tempfile::TempDir>,
}

impl ClickHouse {
    /// Starts a server, or returns `None` (after printing why) when a person runs the
    /// tests without the Python environment. Under CI that is a failure instead.
    pub fn start(test: &str) -> Option<Self> {
        if let Ok(url) = std::env::var("CLICKHOUSE_URL") {
            return Some(Self {
                url,
                server: None,
                port: 0,
                data_dir: None,
            });
        }
        let python = python();
        if !python.exists() {
            let message = format!(
                "no ClickHouse for `{test}`: `{}` is missing; run `scripts/bootstrap-python.sh` (or the README's test command), or set CLICKHOUSE_URL",
                python.display()
            );
            assert!(std::env::var_os("CI").is_none(), "{message}");
            eprintln!("\n!!!!!!!! SKIPPED {test}: {message} !!!!!!!!\n");
            return None;
        }
        let data_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let mut server = Self {
            url: String::new(),
            server: None,
            port: 0,
            data_dir: Some(data_dir),
        };
        server.spawn();
        Some(server)
    }

    fn spawn(&mut self) {
        let data = self
            .data_dir
            .as_ref()
            .map(|d| d.path().join("chdb"))
            .unwrap_or_default();
        let mut child = Command::new(python())
            .arg(repo_root().join("scripts/chdb_server.py"))
            .args(["--port", &self.port.to_string(), "--data-dir"])
            .arg(&data)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the chDB server: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let mut line = String::new();
        let started = Instant::now();
        let mut reader = BufReader::new(stdout);
        while !line.contains("listening on") {
            line.clear();
            let read = reader.read_line(&mut line).unwrap_or(0);
            assert!(read > 0, "the chDB server exited before listening");
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the chDB server did not start in 60 s"
            );
        }
        self.url = line
            .trim()
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_string();
        self.port = self
            .url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in reader.lines() {});
        self.server = Some(child);
    }

    /// Kills the server abruptly (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port and data folder.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// Runs a query over HTTP and returns its TabSeparated output.
    pub fn query(&self, sql: &str) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let client = clickhouse::Client::default().with_url(&self.url);
        runtime.block_on(async {
            let mut cursor = client
                .query_raw(sql)
                .fetch_bytes("TabSeparated")
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            let mut out = Vec::new();
            while let Some(chunk) = cursor.next().await.unwrap_or_else(|e| panic!("{sql}: {e}")) {
                out.extend_from_slice(&chunk);
            }
            String::from_utf8_lossy(&out).trim_end().to_string()
        })
    }

    pub fn count(&self, sql: &str) -> u64 {
        let text = self.query(sql);
        text.parse()
            .unwrap_or_else(|_| panic!("`{sql}` returned `{text}`, not a number"))
    }
}

impl Drop for ClickHouse {
    fn drop(&mut self) {
        self.kill();
    }
}

fn python() -> PathBuf {
    std::env::var_os("KILN_TEST_PYTHON")
        .map_or_else(|| repo_root().join(".venv/bin/python"), PathBuf::from)
}

/// Runs `kiln` with arguments in `project`, writing to `target`.
pub fn kiln(project: &Path, target: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(args)
        .arg("--project-dir")
        .arg(project)
        .arg("--target-path")
        .arg(target)
        .env("CLICKHOUSE_URL", url)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run kiln: {e}"))
}

/// stdout and stderr of a finished command, for assertion messages.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Copies a project folder (models, data, YAML) into a fresh temp dir, for tests that edit it.
pub fn copy_project(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(relative) = entry.path().strip_prefix(from) else {
            continue;
        };
        let first = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        if matches!(
            first.as_str(),
            "target" | ".git" | ".venv" | "src" | "snapshots" | "scripts" | "orchestration"
        ) {
            continue;
        }
        let destination = dir.path().join(relative);
        let wanted = !relative.starts_with("tests") || relative.starts_with("tests/data");
        if entry.file_type().is_file() && wanted {
            if let Some(parent) = destination.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::copy(entry.path(), &destination);
        }
    }
    dir
}

impl ClickHouse {
    /// The folder the chDB server keeps its data in, or `None` for a server given by
    /// `CLICKHOUSE_URL`. Tests that must observe the engine while it is busy (it answers
    /// one query at a time) look at the files it writes instead of asking it.
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.path().join("chdb"))
    }
}

/// `run_results.json` in `target`: each result object by its `unique_id`.
pub fn run_results(target: &Path) -> std::collections::BTreeMap<String, serde_json::Value> {
    let path = target.join("run_results.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let document: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let results = document["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no `results` array", path.display()));
    results
        .iter()
        .map(|r| {
            (
                r["unique_id"].as_str().unwrap_or_default().to_string(),
                r.clone(),
            )
        })
        .collect()
}

/// The `status` of `unique_id` in `run_results.json`, or `<absent>`.
pub fn status_of(
    results: &std::collections::BTreeMap<String, serde_json::Value>,
    unique_id: &str,
) -> String {
    results
        .get(unique_id)
        .and_then(|r| r["status"].as_str())
        .unwrap_or("<absent>")
        .to_string()
}

/// Names of tables kiln left half-done (`<name>__kiln_new`) anywhere on the server.
pub fn shadow_tables(clickhouse: &ClickHouse) -> String {
    clickhouse.query("SELECT concat(database, '.', name) FROM system.tables WHERE name LIKE '%\\_\\_kiln\\_new' ORDER BY 1")
}

/// On a shared server (`CLICKHOUSE_URL`), drops what an earlier run of the project named
/// `project` left: its database (the test projects name theirs after the project) and its
/// rows in kiln's state table. A test's own server starts empty, so there it does nothing.
pub fn forget_project(clickhouse: &ClickHouse, project: &str) {
    if clickhouse.data_dir.is_some() {
        return;
    }
    clickhouse.query(&format!("DROP DATABASE IF EXISTS `{project}`"));
    if state_rows(clickhouse, project) > 0 {
        clickhouse.query(&format!(
            "DELETE FROM kiln.node_state WHERE project = '{project}'"
        ));
    }
}

/// Rows kiln's state table holds for `project` (0 when there is no state table).
pub fn state_rows(clickhouse: &ClickHouse, project: &str) -> u64 {
    let tables =
        "SELECT count() FROM system.tables WHERE database = 'kiln' AND name = 'node_state'";
    if clickhouse.count(tables) == 0 {
        return 0;
    }
    clickhouse.count(&format!(
        "SELECT count() FROM kiln.node_state WHERE project = '{project}'"
    ))
}

/// A throwaway PostgreSQL 15 (`scripts/postgres/start.sh`), stopped and removed on drop.
pub struct Postgres {
    dir: tempfile::TempDir,
    /// `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`.
    pub env: Vec<(String, String)>,
}

impl Postgres {
    /// Starts a server loaded with `scripts/postgres/oltp.sql`. Under CI a failure fails the
    /// test; a person without PostgreSQL's binaries gets a loud SKIPPED message.
    pub fn start(test: &str) -> Option<Self> {
        let binaries =
            std::env::var("PG_BIN").unwrap_or_else(|_| "/usr/lib/postgresql/15/bin".into());
        if !Path::new(&binaries).join("initdb").exists() {
            let message = format!(
                "no PostgreSQL for `{test}`: `{binaries}/initdb` is missing (Debian's postgresql-15)"
            );
            assert!(std::env::var_os("CI").is_none(), "{message}");
            eprintln!("\n!!!!!!!! SKIPPED {test}: {message} !!!!!!!!\n");
            return None;
        }
        // The server runs as user postgres, which must be able to enter the folder.
        let dir = tempfile::Builder::new()
            .prefix("kiln-pg-")
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .tempdir()
            .unwrap_or_else(|e| panic!("temp dir: {e}"));
        let output = Command::new("bash")
            .arg(repo_root().join("scripts/postgres/start.sh"))
            .arg(dir.path().join("pg"))
            .arg(repo_root().join("scripts/postgres/oltp.sql"))
            .output()
            .unwrap_or_else(|e| panic!("cannot run start.sh: {e}"));
        assert!(
            output.status.success(),
            "scripts/postgres/start.sh failed: {}",
            text(&output)
        );
        let env_text = std::fs::read_to_string(dir.path().join("pg/env")).unwrap_or_default();
        let env = env_text
            .lines()
            .filter_map(|line| {
                line.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect();
        Some(Self { dir, env })
    }

    pub fn get(&self, key: &str) -> String {
        self.env
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The `KILN_PG_*` variables the example and test projects read with `env_var()`.
    pub fn kiln_env(&self) -> Vec<(String, String)> {
        [
            ("KILN_PG_HOST", "PGHOST"),
            ("KILN_PG_PORT", "PGPORT"),
            ("KILN_PG_USER", "PGUSER"),
            ("KILN_PG_PASSWORD", "PGPASSWORD"),
            ("KILN_PG_DATABASE", "PGDATABASE"),
        ]
        .iter()
        .map(|(kiln, pg)| (kiln.to_string(), self.get(pg)))
        .collect()
    }

    /// Runs SQL with psql and returns its unaligned output.
    pub fn psql(&self, sql: &str) -> String {
        let output = Command::new("psql")
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .unwrap_or_else(|e| panic!("cannot run psql: {e}"));
        assert!(output.status.success(), "psql `{sql}`: {}", text(&output));
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(repo_root().join("scripts/postgres/stop.sh"))
            .arg(self.dir.path().join("pg"))
            .arg("--remove")
            .output();
    }
}

/// Runs `kiln` like [`kiln`], with extra environment variables.
pub fn kiln_with_env(
    project: &Path,
    target: &Path,
    url: &str,
    args: &[&str],
    env: &[(String, String)],
) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(args)
        .arg("--project-dir")
        .arg(project)
        .arg("--target-path")
        .arg(target)
        .env("CLICKHOUSE_URL", url)
        .env("NO_COLOR", "1")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .unwrap_or_else(|e| panic!("cannot run kiln: {e}"))
}

/// Polls `condition` every 100 ms until it holds or `limit` passes; returns whether it held.
pub fn eventually(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    loop {
        if condition() {
            return true;
        }
        if started.elapsed() > limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl ClickHouse {
    /// Runs a query over HTTP like [`ClickHouse::query`], returning the server's error as
    /// text instead of panicking, for tests that collect every failure before asserting.
    pub fn try_query(&self, sql: &str) -> Result<String, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let client = clickhouse::Client::default().with_url(&self.url);
        runtime.block_on(async {
            let mut cursor = client
                .query_raw(sql)
                .fetch_bytes("TabSeparated")
                .map_err(|e| e.to_string())?;
            let mut out = Vec::new();
            while let Some(chunk) = cursor.next().await.map_err(|e| e.to_string())? {
                out.extend_from_slice(&chunk);
            }
            Ok(String::from_utf8_lossy(&out).trim_end().to_string())
        })
    }
}
