//! What `apply` shows while it runs (a line per node as it finishes, a progress bar on a
//! terminal) and the run's record, `target/run_results.json`.

use super::run::{Outcome, Status};
use crate::manifest::ManifestNode;
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub struct Reporter {
    bar: Option<ProgressBar>,
    total: usize,
    done: AtomicUsize,
    quiet: bool,
}

impl Reporter {
    pub fn new(total: usize, quiet: bool) -> Self {
        let bar = (!quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())).then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed}] {bar:30} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self {
            bar,
            total,
            done: AtomicUsize::new(0),
            quiet,
        }
    }

    pub fn message(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    /// One line per finished node: position, status, id, rows, time; failures add details.
    pub fn finished(&self, unique_id: &str, outcome: &Outcome, node: Option<&ManifestNode>) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
        }
        let noisy = !matches!(
            outcome.status,
            Status::Success | Status::Pass | Status::UpToDate
        );
        if self.quiet && !noisy {
            return;
        }
        let width = self.total.to_string().len();
        let mut line = format!(
            "{done:>width$}/{} {:<10} {unique_id:<60} {:>14} {:>9}",
            self.total,
            label(outcome.status),
            rows_text(outcome),
            crate::human_duration(outcome.duration),
        );
        if let Some(message) = &outcome.message {
            let file = node.map(|n| n.original_file_path.as_str()).unwrap_or("");
            line.push_str(&format!(
                "\n    {file}: {}",
                message.replace('\n', "\n    ")
            ));
        }
        self.message(line.trim_end());
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

pub fn label(status: Status) -> &'static str {
    match status {
        Status::Success => "OK",
        Status::Pass => "PASS",
        Status::Warn => "WARN",
        Status::Fail => "FAIL",
        Status::Error => "ERROR",
        Status::Skipped => "SKIP",
        Status::UpToDate => "UP-TO-DATE",
        Status::Cancelled => "CANCELLED",
    }
}

fn rows_text(outcome: &Outcome) -> String {
    match (outcome.rows, outcome.failures) {
        (_, Some(failures)) if failures > 0 => format!("{failures} failing"),
        (Some(1), _) => "1 row".to_string(),
        (Some(rows), _) => format!("{rows} rows"),
        _ => String::new(),
    }
}

/// `run_results.json`, in the shape of dbt's (`results[]` with status, timing, message).
pub fn run_results(
    jobs: &[super::jobs::Job],
    outcomes: &[Outcome],
    elapsed: Duration,
    args: serde_json::Value,
) -> String {
    let format = &time::format_description::well_known::Rfc3339;
    let results: Vec<serde_json::Value> = jobs
        .iter()
        .zip(outcomes)
        .map(|(job, outcome)| {
            let started = outcome.started_at.and_then(|t| t.format(format).ok());
            let completed = outcome
                .started_at
                .map(|t| t + outcome.duration)
                .and_then(|t| t.format(format).ok());
            serde_json::json!({
                "unique_id": job.unique_id,
                "status": outcome.status,
                "execution_time": outcome.duration.as_secs_f64(),
                "timing": [{"name": "execute", "started_at": started, "completed_at": completed}],
                "rows_affected": outcome.rows,
                "failures": outcome.failures,
                "message": outcome.message,
                "node_hash": job.node_hash,
            })
        })
        .collect();
    let document = serde_json::json!({
        "metadata": {
            "kiln_version": env!("CARGO_PKG_VERSION"),
            "generated_at": time::OffsetDateTime::now_utc().format(format).unwrap_or_default(),
        },
        "elapsed_time": elapsed.as_secs_f64(),
        "args": args,
        "results": results,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}
