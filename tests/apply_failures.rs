//! `kiln apply` when something goes wrong: a model ClickHouse rejects, a failing data test
//! of each severity, the server killed in the middle of a run, an unreachable server, and a
//! missing or stale compiled target. Each test applies a small project from
//! `tests/projects/` on its own ClickHouse and checks what a user would rely on afterwards:
//! the exit code, `run_results.json`, the output, and what the server holds.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use common::{
    ClickHouse, copy_project, forget_project, kiln, repo_root, run_results, shadow_tables,
    state_rows, status_of, text,
};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn project(name: &str) -> PathBuf {
    repo_root().join("tests/projects").join(name)
}

/// Replaces `from` by `to` in a file, insisting that `from` is there so a test never
/// silently edits nothing.
fn edit(path: &Path, from: &str, to: &str) {
    let contents =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        contents.contains(from),
        "`{from}` is not in {}:\n{contents}",
        path.display()
    );
    std::fs::write(path, contents.replace(from, to))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn append(path: &Path, lines: &str) {
    let mut contents =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    contents.push_str(lines);
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// `database.name`'s UUID: a table swapped in by a rebuild gets a new one, a table left
/// alone keeps it.
fn uuid(clickhouse: &ClickHouse, database: &str, name: &str) -> String {
    clickhouse.query(&format!(
        "SELECT toString(uuid) FROM system.tables WHERE database = '{database}' AND name = '{name}'"
    ))
}

fn table_exists(clickhouse: &ClickHouse, database: &str, name: &str) -> bool {
    clickhouse.count(&format!(
        "SELECT count() FROM system.tables WHERE database = '{database}' AND name = '{name}'"
    )) == 1
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"))
}

/// Polls `condition` every 20 ms until it holds; panics with `what` after `limit`.
fn wait_until(limit: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let started = Instant::now();
    while !condition() {
        assert!(
            started.elapsed() < limit,
            "gave up after {limit:?} waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_failing_model_keeps_its_table_skips_its_descendants_and_builds_the_rest() {
    let Some(clickhouse) = ClickHouse::start("a_failing_model_keeps_its_table") else {
        return;
    };
    forget_project(&clickhouse, "failing_model");
    let project = copy_project(&project("failing_model"));
    let target = temp_dir();
    let first = kiln(
        project.path(),
        target.path(),
        &clickhouse.url,
        &["apply", "--compile"],
    );
    assert!(first.status.success(), "{}", text(&first));
    let items_before =
        clickhouse.query("SELECT id, name, amount FROM failing_model.items ORDER BY id");
    assert_eq!(
        items_before,
        "1\tapple\t3\n2\tpear\t5\n3\tplum\t7\n4\tfig\t11"
    );
    let summary_before =
        clickhouse.query("SELECT item_count, total_amount FROM failing_model.items_summary");
    assert_eq!(summary_before, "4\t26");
    let items_uuid = uuid(&clickhouse, "failing_model", "items");
    let summary_uuid = uuid(&clickhouse, "failing_model", "items_summary");

    // `items` now fails while it runs, which only ClickHouse can tell (a missing column
    // is caught by compile's analysis instead). The independent `numbers_table` changes
    // too, so this run has to build it.
    edit(
        &project.path().join("models/items.sql"),
        "select id, name, amount",
        "select id, name, amount, throwIf(amount > 0, 'kiln-test-broken-model') as broken",
    );
    edit(
        &project.path().join("models/numbers_table.sql"),
        "numbers(7)",
        "numbers(8)",
    );
    let second = kiln(
        project.path(),
        target.path(),
        &clickhouse.url,
        &["apply", "--compile"],
    );
    let output = text(&second);
    assert_eq!(second.status.code(), Some(1), "{output}");
    assert!(!output.contains("panicked"), "{output}");

    // The broken model's previous table is the one readers still see, and no shadow is left.
    assert_eq!(
        clickhouse.query("SELECT id, name, amount FROM failing_model.items ORDER BY id"),
        items_before
    );
    assert_eq!(
        uuid(&clickhouse, "failing_model", "items"),
        items_uuid,
        "`items` was replaced"
    );
    assert_eq!(shadow_tables(&clickhouse), "", "shadow tables left behind");

    let results = run_results(target.path());
    assert_eq!(
        status_of(&results, "model.failing_model.items"),
        "error",
        "{results:#?}"
    );
    let message = results["model.failing_model.items"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("kiln-test-broken-model")
            && message.contains("FUNCTION_THROW_IF_VALUE_IS_NON_ZERO"),
        "{message}"
    );

    // Its descendants, data tests included, were skipped and left as they were.
    for descendant in [
        "model.failing_model.items_summary",
        "model.failing_model.items_report",
        "test.failing_model.unique_items_id",
        "test.failing_model.not_null_items_id",
    ] {
        assert_eq!(
            status_of(&results, descendant),
            "skipped",
            "{descendant}: {results:#?}"
        );
    }
    assert_eq!(
        clickhouse.query("SELECT item_count, total_amount FROM failing_model.items_summary"),
        summary_before
    );
    assert_eq!(
        uuid(&clickhouse, "failing_model", "items_summary"),
        summary_uuid,
        "`items_summary` was rebuilt"
    );
    assert_eq!(
        clickhouse
            .query("SELECT item_count, total_amount, mean_amount FROM failing_model.items_report"),
        "4\t26\t6.5"
    );

    // Independent nodes went on: the changed one was built, the unchanged ones are fine.
    assert_eq!(
        status_of(&results, "model.failing_model.numbers_table"),
        "success",
        "{results:#?}"
    );
    assert_eq!(
        clickhouse.count("SELECT count() FROM failing_model.numbers_table"),
        8
    );
    for unchanged in [
        "model.failing_model.expensive_items",
        "seed.failing_model.raw_items",
    ] {
        let status = status_of(&results, unchanged);
        assert!(
            status == "success" || status == "up_to_date",
            "{unchanged}: {status}"
        );
    }
    assert_eq!(
        clickhouse.query("SELECT id FROM failing_model.expensive_items ORDER BY id"),
        "2\n3\n4"
    );

    // The output names the node, its file and ClickHouse's own message.
    for expected in [
        "model.failing_model.items",
        "models/items.sql",
        "kiln-test-broken-model",
        "FUNCTION_THROW_IF_VALUE_IS_NON_ZERO",
    ] {
        assert!(
            output.contains(expected),
            "the output lacks `{expected}`:\n{output}"
        );
    }
}

/// Applies `failing_test` (a seed with duplicated ids under a `unique` test) with the
/// test's severity set to `severity`; returns the server, the output and the target.
fn apply_failing_test(
    severity: &str,
) -> Option<(ClickHouse, std::process::Output, tempfile::TempDir)> {
    let clickhouse = ClickHouse::start(&format!("failing_data_test_{severity}"))?;
    forget_project(&clickhouse, "failing_test");
    let project = copy_project(&project("failing_test"));
    edit(
        &project.path().join("models/_people.yml"),
        "severity: error",
        &format!("severity: {severity}"),
    );
    let target = temp_dir();
    let output = kiln(
        project.path(),
        target.path(),
        &clickhouse.url,
        &["apply", "--compile"],
    );
    Some((clickhouse, output, target))
}

/// The query the output offers to see a failing test's rows: the indented lines after
/// `see them with:`.
fn printed_query(output: &str) -> String {
    let mut lines = output
        .lines()
        .skip_while(|line| !line.contains("see them with:"));
    assert!(
        lines.next().is_some(),
        "the output offers no query to see the failing rows:\n{output}"
    );
    let query: Vec<&str> = lines
        .take_while(|line| line.starts_with("    "))
        .map(str::trim)
        .collect();
    assert!(
        !query.is_empty(),
        "no query after `see them with:`:\n{output}"
    );
    query.join("\n")
}

/// What both severities share: two duplicated ids are two failing rows, recorded in
/// `run_results.json` and printed with a query that shows exactly those rows.
fn check_failing_rows_are_reported(
    clickhouse: &ClickHouse,
    output: &str,
    target: &Path,
    expected_status: &str,
) {
    let results = run_results(target);
    let test = "test.failing_test.unique_people_id";
    assert_eq!(status_of(&results, test), expected_status, "{results:#?}");
    assert_eq!(
        results[test]["failures"].as_u64(),
        Some(2),
        "{:#?}",
        results[test]
    );
    assert_eq!(status_of(&results, "model.failing_test.people"), "success");
    assert!(output.contains("2 failing rows"), "{output}");
    let query = printed_query(output);
    let mut rows: Vec<String> = clickhouse
        .query(&query)
        .lines()
        .map(str::to_string)
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        ["2\t2", "3\t3"],
        "rows of the printed query:\n{query}"
    );
}

#[test]
fn a_failing_error_test_fails_the_run_and_skips_downstream() {
    let Some((clickhouse, output, target)) = apply_failing_test("error") else {
        return;
    };
    let output_text = text(&output);
    assert_eq!(output.status.code(), Some(1), "{output_text}");
    check_failing_rows_are_reported(&clickhouse, &output_text, target.path(), "fail");
    let results = run_results(target.path());
    assert_eq!(
        status_of(&results, "model.failing_test.people_count"),
        "skipped",
        "{results:#?}"
    );
    assert!(
        !table_exists(&clickhouse, "failing_test", "people_count"),
        "the downstream model was built"
    );
}

#[test]
fn a_failing_warn_test_reports_and_lets_downstream_build() {
    let Some((clickhouse, output, target)) = apply_failing_test("warn") else {
        return;
    };
    let output_text = text(&output);
    assert_eq!(output.status.code(), Some(0), "{output_text}");
    check_failing_rows_are_reported(&clickhouse, &output_text, target.path(), "warn");
    let results = run_results(target.path());
    assert_eq!(
        status_of(&results, "model.failing_test.people_count"),
        "success",
        "{results:#?}"
    );
    assert_eq!(
        clickhouse.query("SELECT people FROM failing_test.people_count"),
        "7"
    );
}

/// A running `kiln` whose stdout and stderr are collected as they come.
struct RunningKiln {
    child: Child,
    output: Arc<Mutex<String>>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

impl RunningKiln {
    fn spawn(project: &Path, target: &Path, url: &str, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kiln"))
            .args(args)
            .arg("--project-dir")
            .arg(project)
            .arg("--target-path")
            .arg(target)
            .env("CLICKHOUSE_URL", url)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run kiln: {e}"));
        let output = Arc::new(Mutex::new(String::new()));
        let streams: Vec<Box<dyn Read + Send>> = vec![
            Box::new(child.stdout.take().unwrap_or_else(|| panic!("no stdout"))),
            Box::new(child.stderr.take().unwrap_or_else(|| panic!("no stderr"))),
        ];
        let readers = streams
            .into_iter()
            .map(|stream| {
                let output = Arc::clone(&output);
                std::thread::spawn(move || {
                    for line in BufReader::new(stream).lines().map_while(Result::ok) {
                        if let Ok(mut output) = output.lock() {
                            output.push_str(&line);
                            output.push('\n');
                        }
                    }
                })
            })
            .collect();
        Self {
            child,
            output,
            readers,
        }
    }

    fn output(&self) -> String {
        self.output.lock().map(|o| o.clone()).unwrap_or_default()
    }

    /// Waits for the process to exit (killing it after `limit`), then for its output.
    fn wait(mut self, limit: Duration) -> (ExitStatus, String) {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
                break status;
            }
            if started.elapsed() > limit {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("kiln did not exit within {limit:?}:\n{}", self.output());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        (status, self.output())
    }
}

impl Drop for RunningKiln {
    /// A test that fails while kiln runs must not leave it running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether the engine is building `table` in `database` right now, seen from its files:
/// while a `CREATE TABLE ... AS SELECT` runs, ClickHouse 26 keeps the new table under a
/// `_tmp_replace_*` name (older versions under its own name) in the database's folder.
/// Asking the server is no use: the chDB server answers one query at a time.
fn engine_is_creating(data_dir: &Path, database: &str, table: &str) -> bool {
    let folder = data_dir.join("data/data").join(database);
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .any(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.starts_with("_tmp_replace_") || name == table
        })
}

#[test]
fn killing_the_server_mid_apply_is_reported_and_a_rerun_converges() {
    let Some(mut clickhouse) = ClickHouse::start("killing_the_server_mid_apply") else {
        return;
    };
    let Some(data_dir) = clickhouse.data_dir() else {
        eprintln!(
            "killing_the_server_mid_apply: needs a server it can kill; not run with CLICKHOUSE_URL"
        );
        return;
    };
    let project = copy_project(&project("slow_model"));
    let target = temp_dir();
    let run = RunningKiln::spawn(
        project.path(),
        target.path(),
        &clickhouse.url,
        &["apply", "--compile", "--threads", "1"],
    );
    // With one thread the nodes run in order: once `before_slow` is reported, the next
    // node is `slow`, whose `CREATE TABLE ... AS SELECT` sleeps for about 7 s.
    wait_until(Duration::from_secs(60), "`before_slow` is reported", || {
        run.output().contains("model.slow_model.before_slow")
    });
    wait_until(Duration::from_secs(30), "the engine builds `slow`", || {
        engine_is_creating(&data_dir, "slow_model", "slow__kiln_new")
    });
    clickhouse.kill();
    let (status, output) = run.wait(Duration::from_secs(60));

    assert_eq!(status.code(), Some(1), "{output}");
    assert!(!output.contains("panicked"), "{output}");
    let results = run_results(target.path());
    assert_eq!(
        status_of(&results, "model.slow_model.slow"),
        "error",
        "{output}"
    );
    assert_eq!(
        status_of(&results, "model.slow_model.after_slow"),
        "skipped",
        "{output}"
    );
    let message = results["model.slow_model.slow"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("ClickHouse") && message.contains("connection"),
        "not a clear message: {message}"
    );
    assert!(
        output.contains(message.lines().next().unwrap_or_default()),
        "the output does not show the error:\n{output}"
    );

    clickhouse.restart();
    let rerun = kiln(project.path(), target.path(), &clickhouse.url, &["apply"]);
    assert!(rerun.status.success(), "{}", text(&rerun));
    assert_eq!(
        clickhouse.query("SELECT id, value FROM slow_model.raw_values ORDER BY id"),
        "1\t10\n2\t20\n3\t30"
    );
    assert_eq!(
        clickhouse.query("SELECT id, doubled FROM slow_model.before_slow ORDER BY id"),
        "1\t20\n2\t40\n3\t60"
    );
    assert_eq!(
        clickhouse.query("SELECT count(), min(n), max(n) FROM slow_model.slow"),
        "30\t1\t30"
    );
    assert_eq!(
        clickhouse.query("SELECT row_count, n_total FROM slow_model.after_slow"),
        "30\t465"
    );
    assert_eq!(shadow_tables(&clickhouse), "", "shadow tables left behind");
    // Nothing else either: ClickHouse 26 runs `CREATE TABLE ... AS SELECT` into an internal
    // `_tmp_replace_*` table that it renames when the SELECT ends, so a crash in the middle
    // leaves that table (half of `slow`'s rows) under a name kiln's sweep does not know.
    let tables = clickhouse
        .query("SELECT name FROM system.tables WHERE database = 'slow_model' ORDER BY name");
    assert_eq!(
        tables, "after_slow\nbefore_slow\nraw_values\nslow",
        "tables of `slow_model` after the rerun"
    );
}

#[test]
fn an_unreachable_server_changes_nothing_and_says_so() {
    let project = copy_project(&project("failing_model"));
    let target = temp_dir();
    let unreachable = "http://127.0.0.1:1";
    let output = kiln(
        project.path(),
        target.path(),
        unreachable,
        &["apply", "--compile", "--url", unreachable],
    );
    let output_text = text(&output);
    assert_eq!(output.status.code(), Some(1), "{output_text}");
    assert!(
        output_text.contains("cannot reach ClickHouse"),
        "{output_text}"
    );
    assert!(output_text.contains(unreachable), "{output_text}");
    assert!(output_text.contains("nothing was changed"), "{output_text}");
    assert!(!output_text.contains("panicked"), "{output_text}");
}

/// Changes the `incremental_append` project in `project` as `change` says.
fn change_project(project: &Path, change: &str) {
    match change {
        "a model edited" => edit(
            &project.join("models/events.sql"),
            "select id, kind",
            "select id, kind -- edited",
        ),
        "a seed edited" => append(&project.join("data/raw_events.csv"), "5,view\n"),
        "a model added" => {
            std::fs::write(project.join("models/new_model.sql"), "select 1 as one\n")
                .unwrap_or_else(|e| panic!("{e}"))
        }
        other => panic!("no such change: {other}"),
    }
}

#[test]
fn apply_refuses_a_missing_or_stale_target() {
    let Some(clickhouse) = ClickHouse::start("apply_refuses_a_missing_or_stale_target") else {
        return;
    };
    forget_project(&clickhouse, "incremental_append");
    let project = copy_project(&project("incremental_append"));
    let target = temp_dir();
    let nothing_on_the_server = |clickhouse: &ClickHouse| {
        let databases = "SELECT count() FROM system.databases WHERE name = 'incremental_append'";
        clickhouse.count(databases) == 0 && state_rows(clickhouse, "incremental_append") == 0
    };

    let missing = kiln(project.path(), target.path(), &clickhouse.url, &["apply"]);
    let missing_text = text(&missing);
    assert_eq!(missing.status.code(), Some(1), "{missing_text}");
    assert!(missing_text.contains("`kiln compile`"), "{missing_text}");
    assert!(
        missing_text.contains(&target.path().join("manifest.json").display().to_string()),
        "{missing_text}"
    );
    assert!(nothing_on_the_server(&clickhouse));

    // Each change to the project after `kiln compile` makes the target stale.
    for change in ["a model edited", "a seed edited", "a model added"] {
        let compiled = kiln(project.path(), target.path(), &clickhouse.url, &["compile"]);
        assert!(compiled.status.success(), "{}", text(&compiled));
        change_project(project.path(), change);
        let stale = kiln(project.path(), target.path(), &clickhouse.url, &["apply"]);
        let stale_text = text(&stale);
        assert_eq!(stale.status.code(), Some(1), "{change}: {stale_text}");
        assert!(
            stale_text.contains("stale") && stale_text.contains("`kiln compile`"),
            "{change}: {stale_text}"
        );
        assert!(
            nothing_on_the_server(&clickhouse),
            "{change}: the server was changed"
        );
    }

    // `--compile` brings the target up to date and applies it.
    let applied = kiln(
        project.path(),
        target.path(),
        &clickhouse.url,
        &["apply", "--compile"],
    );
    assert!(applied.status.success(), "{}", text(&applied));
    assert_eq!(
        clickhouse.count("SELECT count() FROM incremental_append.events"),
        5
    );
}
