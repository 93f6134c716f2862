//! The command line: clap definitions, turned once into validated settings, then dispatched.
//!
//! Exit codes: 0 success; 1 the project has errors (or, for `apply`, a node failed); 2 the
//! command line itself is wrong.

use crate::diagnostic::{self, Diagnostic, Severity, SourceFiles, Style};
use crate::node::ResourceType;
use crate::project::ProjectOptions;
use clap::{Args, Parser, Subcommand};
use indexmap::IndexMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const EXAMPLES: &str = "\
Examples:
  kiln compile                          compile the project in this folder into target/
  kiln compile --vars '{currency: USD}' override project vars
  kiln ls --select +fct_orders          fct_orders and everything upstream of it
  kiln ls --select tag:marts --output json
  kiln lineage fct_orders.revenue       what a column derives from, down to seeds and sources
  kiln apply --compile                  compile, then build everything on ClickHouse
  kiln apply --select stg_orders --no-deps   one node and its data tests

Exit codes:
  0  success
  1  the project has errors (diagnostics were printed)
  2  the command line is wrong";

#[derive(Debug, Parser)]
#[command(name = "kiln", version, about = "A declarative pipeline compiler for ClickHouse", after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The project folder (holding kiln.yml or dbt_project.yml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub project_dir: PathBuf,
    /// Where compile writes; relative paths are relative to the project folder.
    #[arg(long, global = true, default_value = "target", value_name = "DIR")]
    pub target_path: PathBuf,
    /// Variables for `var()`, as a YAML mapping: `{key: value}`.
    #[arg(long, global = true, value_name = "YAML")]
    pub vars: Option<String>,
    /// The profile target to use (default: the profile's `target`).
    #[arg(long, global = true, value_name = "NAME")]
    pub target: Option<String>,
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Plain output without colours.
    #[arg(long, global = true)]
    pub no_color: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile the project into target/: compiled SQL, bundle.sql and manifest.json.
    Compile(CompileArgs),
    /// List the project's nodes, optionally selected.
    Ls(LsArgs),
    /// Run the compiled bundle on ClickHouse.
    Apply(crate::apply::ApplyArgs),
    /// Check the connection to ClickHouse and print the server version.
    Debug(crate::apply::DebugArgs),
    /// Print a column's lineage: what it derives from, or (`--downstream`) what depends on it.
    Lineage(crate::lineage::LineageArgs),
    /// Read a postgres source's tables from PostgreSQL and print their YAML.
    Introspect(crate::introspect::IntrospectArgs),
    /// Reload a replicated postgres source's table (after `ALTER TABLE ... ADD COLUMN` or
    /// `TRUNCATE` in PostgreSQL, which stop or escape replication).
    Resync(crate::apply::ResyncArgs),
}

#[derive(Debug, Args)]
pub struct CompileArgs {
    /// Print the time each phase took (load, declare, render, analyse, plan, emit, write),
    /// one per line.
    #[arg(long)]
    pub timings: bool,
    /// Compile everything even when the record of the last compile in
    /// target/.kiln/cache.json says nothing changed (a new record is still written).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Nodes to list (dbt selector syntax); several values are a union.
    #[arg(long, short, num_args = 1.., value_name = "SELECTOR")]
    pub select: Vec<String>,
    /// Nodes to leave out.
    #[arg(long, num_args = 1.., value_name = "SELECTOR")]
    pub exclude: Vec<String>,
    /// `text` (one unique_id... per line) or `json` (one object per line).
    #[arg(long, short, default_value = "text", value_parser = ["text", "json"])]
    pub output: String,
    /// Only nodes of this resource type.
    #[arg(long, value_parser = ["model", "seed", "test"])]
    pub resource_type: Option<String>,
}

/// Settings every command shares, validated once.
pub struct Settings {
    pub project_dir: PathBuf,
    pub target_dir: PathBuf,
    pub options: ProjectOptions,
    pub quiet: bool,
    pub style: Style,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let settings = match settings(&cli.global) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Compile(args) => compile(&settings, &args),
        Command::Ls(args) => ls(&settings, &args),
        Command::Apply(args) => crate::apply::apply(&settings, &args),
        Command::Debug(args) => crate::apply::debug(&settings, &args),
        Command::Lineage(args) => crate::lineage::lineage(&settings, &args),
        Command::Introspect(args) => crate::introspect::introspect(&settings, &args),
        Command::Resync(args) => crate::apply::resync(&settings, &args),
    }
}

fn settings(global: &GlobalArgs) -> Result<Settings, String> {
    let vars = match &global.vars {
        Some(text) => {
            serde_saphyr::from_str::<IndexMap<String, serde_json::Value>>(text).map_err(|e| {
                format!(
                    "`--vars` must be a YAML mapping like '{{key: value}}': {}",
                    e.without_snippet()
                )
            })?
        }
        None => IndexMap::new(),
    };
    let target_dir = if global.target_path.is_absolute() {
        global.target_path.clone()
    } else {
        global.project_dir.join(&global.target_path)
    };
    let color = !global.no_color
        && std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    Ok(Settings {
        project_dir: global.project_dir.clone(),
        target_dir,
        options: ProjectOptions {
            vars,
            target: global.target.clone(),
        },
        quiet: global.quiet,
        style: if color { Style::Fancy } else { Style::Plain },
    })
}

/// Prints diagnostics (warnings only unless quiet) to stderr.
pub fn print_diagnostics(diagnostics: &[Diagnostic], files: &SourceFiles, settings: &Settings) {
    let shown: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| !settings.quiet || d.severity == Severity::Error)
        .cloned()
        .collect();
    if !shown.is_empty() {
        eprint!("{}", diagnostic::render(&shown, files, settings.style));
    }
}

/// The manifest's `generated_at`: now, or `SOURCE_DATE_EPOCH` when set (reproducible
/// builds: two compiles of the same inputs then write identical files).
fn generated_at() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|seconds| seconds.trim().parse::<i64>().ok())
        .and_then(|seconds| time::OffsetDateTime::from_unix_timestamp(seconds).ok())
        .unwrap_or_else(time::OffsetDateTime::now_utc);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// What a successful compile reports: per-phase times (absent when the cache answered).
pub struct CompileReport {
    pub timings: Option<crate::compile::Timings>,
}

/// Compiles and, without errors, writes target/. Shared by `compile` and `apply --compile`.
/// With `use_cache`, a compile whose inputs match the last one's record writes nothing.
pub fn compile_and_write(settings: &Settings, use_cache: bool) -> Result<CompileReport, ExitCode> {
    let started = Instant::now();
    let (loaded, load_diagnostics) = match crate::project::load::load(&settings.project_dir) {
        Ok(loaded) => loaded,
        Err((files, diagnostics)) => {
            print_diagnostics(&diagnostics, &files, settings);
            eprintln!("compile failed: the project could not be loaded; target/ left unchanged");
            return Err(ExitCode::from(1));
        }
    };
    let key = crate::cache::key(&loaded.files, &settings.options);
    let previous = crate::cache::read(&settings.target_dir);
    if use_cache
        && let Some(state) = previous
            .as_ref()
            .filter(|s| s.is_fresh(&key, &settings.target_dir))
    {
        let diagnostics = state.diagnostics();
        print_diagnostics(&diagnostics, &loaded.files, settings);
        print_summary(
            settings,
            &state.summary,
            &diagnostics,
            started,
            " (unchanged)",
        );
        return Ok(CompileReport { timings: None });
    }
    let load_time = started.elapsed();
    let run = crate::compile_loaded(
        loaded,
        load_diagnostics,
        &settings.options,
        &generated_at(),
        load_time,
    );
    print_diagnostics(&run.diagnostics, &run.files, settings);
    let errors = run.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = run.diagnostics.len() - errors;
    let (Some(compiled), Some(output)) = (run.compiled, run.output) else {
        eprintln!(
            "compile failed: {errors} error(s), {warnings} warning(s); target/ left unchanged"
        );
        return Err(ExitCode::from(1));
    };
    let summary = summary_of(&compiled);
    let mut state = crate::cache::CacheState::new(key, &run.diagnostics, summary.clone());
    // Even without the cache, the writer may leave alone a file whose new content is what
    // the record says is on disk: it checks the content hash and the file itself.
    if let Err(error) =
        crate::writer::write(&settings.target_dir, &output, previous.as_ref(), &mut state)
    {
        eprintln!(
            "error: cannot write `{}`: {error}",
            settings.target_dir.display()
        );
        return Err(ExitCode::from(1));
    }
    print_summary(settings, &summary, &run.diagnostics, started, "");
    Ok(CompileReport {
        timings: Some(compiled.timings),
    })
}

fn summary_of(compiled: &crate::compile::Compiled) -> crate::cache::Summary {
    let count = |kind: ResourceType| {
        compiled
            .nodes
            .iter()
            .filter(|n| n.resource_type == kind)
            .count()
    };
    crate::cache::Summary {
        models: count(ResourceType::Model),
        seeds: count(ResourceType::Seed),
        tests: count(ResourceType::Test),
        sources: compiled.sources.len(),
        analysed_complete: compiled.analysis.complete,
        analysed_models: compiled.analysis.models,
    }
}

fn print_summary(
    settings: &Settings,
    summary: &crate::cache::Summary,
    diagnostics: &[Diagnostic],
    started: Instant,
    note: &str,
) {
    if settings.quiet {
        return;
    }
    use crate::plural;
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    eprintln!(
        "compiled {}, {}, {}, {} ({} of {} fully analysed) with {} and {} in {}{note} -> {}",
        plural(summary.models, "model"),
        plural(summary.seeds, "seed"),
        plural(summary.tests, "data test"),
        plural(summary.sources, "source"),
        summary.analysed_complete,
        summary.analysed_models,
        plural(errors, "error"),
        plural(warnings, "warning"),
        crate::human_duration(started.elapsed()),
        display_path(&settings.target_dir),
    );
}

fn display_path(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

fn compile(settings: &Settings, args: &CompileArgs) -> ExitCode {
    let started = Instant::now();
    match compile_and_write(settings, !args.no_cache) {
        Ok(report) => {
            if args.timings {
                let total = started.elapsed();
                let Some(t) = report.timings else {
                    eprintln!("timing cached {} ms", total.as_millis());
                    eprintln!("timing total {} ms", total.as_millis());
                    return ExitCode::SUCCESS;
                };
                let accounted = t.load + t.declare + t.render + t.analyse + t.plan + t.emit;
                for (phase, duration) in [
                    ("load", t.load),
                    ("declare", t.declare),
                    ("render", t.render),
                    ("analyse", t.analyse),
                    ("plan", t.plan),
                    ("emit", t.emit),
                    ("write", total.saturating_sub(accounted)),
                    ("total", total),
                ] {
                    eprintln!("timing {phase} {} ms", duration.as_millis());
                }
            }
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn ls(settings: &Settings, args: &LsArgs) -> ExitCode {
    let run = crate::compile_dir(&settings.project_dir, &settings.options, &generated_at());
    print_diagnostics(&run.diagnostics, &run.files, settings);
    let Some(compiled) = run.compiled else {
        return ExitCode::from(1);
    };
    let manifest = crate::manifest::build(&compiled, "");
    let selected = match crate::selection::select_nodes(&manifest, &args.select, &args.exclude) {
        Ok(selected) => selected,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    for unique_id in &selected.unique_ids {
        let Some(node) = compiled.nodes.iter().find(|n| &n.unique_id == unique_id) else {
            if args.output == "text" && args.resource_type.as_deref().is_none_or(|t| t == "source")
            {
                println!("{unique_id}");
            }
            continue;
        };
        if args
            .resource_type
            .as_deref()
            .is_some_and(|t| t != node.resource_type.as_str())
        {
            continue;
        }
        if args.output == "json" {
            let line = serde_json::json!({
                "unique_id": node.unique_id,
                "name": node.name,
                "resource_type": node.resource_type,
                "original_file_path": node.original_file_path,
                "tags": node.config.tags,
                "materialized": node.config.materialized.as_str(),
                "depends_on": node.depends_on,
            });
            println!("{line}");
        } else {
            println!("{}", node.unique_id);
        }
    }
    for warning in selected.warnings {
        if !settings.quiet {
            eprintln!("warning: {warning}");
        }
    }
    ExitCode::SUCCESS
}
