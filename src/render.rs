//! Template rendering with minijinja: dbt's Jinja context (`ref`, `source`, `config`, `var`,
//! `env_var`, `this`, `is_incremental`, `target`, macros) and the capture of what a
//! template called while it rendered.
//!
//! Dependencies come from the `ref()`/`source()` calls made while rendering, never from the
//! SQL text. The functions record into a thread-local [`Capture`] that is installed for the
//! duration of one render, so a model can be rendered on any thread and macros (which do not
//! see the caller's variables) still record into the right model.
//!
//! Macros from every macro file are compiled into one template, `__kiln_macros__`, so macros
//! can call each other across files; each model template imports them on its first line, so
//! the model's line numbers are unchanged.

use crate::diagnostic::{Diagnostic, FileId, Label, SourceFiles, did_you_mean};
use crate::quote::quote_relation;
use indexmap::IndexMap;
use minijinja::value::{Enumerator, Kwargs, Object, Rest, Value};
use minijinja::{Environment, Error, ErrorKind, State};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

const MACROS_TEMPLATE: &str = "__kiln_macros__";

/// The database `ref()` renders for a name that is no model or seed (reported as an error).
pub const UNKNOWN_DATABASE: &str = "__kiln_unknown__";

/// A table or view name, as `ref()`, `source()` and `this` return it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Relation {
    /// The ClickHouse database (dbt's `schema`); empty for an inlined ephemeral CTE.
    pub database: String,
    pub identifier: String,
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.database.is_empty() {
            f.write_str(&crate::quote::quote_identifier(&self.identifier))
        } else {
            f.write_str(&quote_relation(&self.database, &self.identifier))
        }
    }
}

impl Object for Relation {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "database" | "schema" => Some(Value::from(self.database.clone())),
            "identifier" | "name" | "table" => Some(Value::from(self.identifier.clone())),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&["database", "schema", "identifier", "name"])
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// What `ref()` and `source()` resolve to while rendering.
#[derive(Debug, Default, Clone)]
pub struct RelationTable {
    pub project_name: String,
    /// Model and seed names to their relation.
    pub nodes: HashMap<String, Relation>,
    /// `(source name, table name)` to the relation.
    pub sources: HashMap<(String, String), Relation>,
}

/// A `ref()` call made while rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefCall {
    pub package: Option<String>,
    pub name: String,
}

/// What one render called, besides the text it produced.
#[derive(Debug, Default, Clone)]
pub struct Capture {
    pub refs: Vec<RefCall>,
    pub sources: Vec<(String, String)>,
    pub config: Vec<(String, serde_json::Value)>,
    pub logs: Vec<String>,
    pub warnings: Vec<String>,
}

struct ActiveRender {
    relations: Arc<RelationTable>,
    is_incremental: bool,
    capture: Capture,
}

/// Names of the environment variables `env_var()` read in this process: the compile cache
/// keys on their values, since a template's output depends on them.
static ENV_READS: std::sync::Mutex<std::collections::BTreeSet<String>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

fn record_env_read(name: &str) {
    if let Ok(mut names) = ENV_READS.lock() {
        names.insert(name.to_string());
    }
}

/// The environment variables `env_var()` has read so far, sorted.
pub fn env_vars_read() -> Vec<String> {
    ENV_READS
        .lock()
        .map(|names| names.iter().cloned().collect())
        .unwrap_or_default()
}

thread_local! {
    static ACTIVE: RefCell<Option<ActiveRender>> = const { RefCell::new(None) };
}

/// Per-render inputs: what `this` is and whether the table already exists.
#[derive(Debug, Clone)]
pub struct RenderScope {
    pub relations: Arc<RelationTable>,
    pub this: Option<Relation>,
    pub is_incremental: bool,
}

/// A finished render: the text (absent when rendering failed) and what it called.
#[derive(Debug, Default)]
pub struct Rendered {
    pub text: Option<String>,
    pub capture: Capture,
    pub diagnostics: Vec<Diagnostic>,
}

/// The `target` variable: the connection target, never its secrets.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TargetContext {
    pub name: String,
    pub schema: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub profile_name: String,
    pub threads: u32,
}

/// The Jinja environment of one project: its templates and macros, compiled once.
pub struct Renderer {
    env: Environment<'static>,
    /// Each macro file's first byte in the combined macros template.
    macro_offsets: Vec<(FileId, usize)>,
    /// `{% from "__kiln_macros__" import ... %}`, prepended to every template.
    prefix: String,
    files: SourceFiles,
}

impl Renderer {
    /// Compiles macros and templates. `templates` are the files rendered later (models, tests).
    pub fn new(
        files: &SourceFiles,
        macros: &[FileId],
        templates: &[FileId],
        vars: IndexMap<String, serde_json::Value>,
        target: TargetContext,
        project_name: &str,
    ) -> (Self, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut env = Environment::new();
        env.set_debug(true);
        env.set_keep_trailing_newline(true);
        register_functions(&mut env, Arc::new(vars));
        env.add_global("target", Value::from_serialize(&target));
        env.add_global("execute", Value::from(false));
        env.add_global("project_name", Value::from(project_name.to_string()));

        let mut combined = String::new();
        let mut macro_offsets = Vec::new();
        for &file in macros {
            macro_offsets.push((file, combined.len()));
            combined.push_str(files.text(file));
            if !combined.ends_with('\n') {
                combined.push('\n');
            }
        }
        let mut renderer = Self {
            env,
            macro_offsets,
            prefix: String::new(),
            files: files.clone(),
        };
        let mut macro_names = Vec::new();
        match renderer.env.add_template_owned(MACROS_TEMPLATE, combined) {
            Ok(()) => {
                let exports = renderer
                    .env
                    .get_template(MACROS_TEMPLATE)
                    .and_then(|template| {
                        let captured = template.render_captured(())?;
                        Ok(captured
                            .state()
                            .exports()
                            .into_iter()
                            .map(str::to_string)
                            .collect::<Vec<_>>())
                    });
                match exports {
                    Ok(names) => macro_names = names,
                    Err(error) => diagnostics.push(renderer.template_error(&error)),
                }
            }
            Err(error) => diagnostics.push(renderer.template_error(&error)),
        }
        if !macro_names.is_empty() {
            renderer.prefix = format!(
                "{{% from \"{MACROS_TEMPLATE}\" import {} %}}",
                macro_names.join(", ")
            );
        }
        for &file in templates {
            let source = format!("{}{}", renderer.prefix, files.text(file));
            if let Err(error) = renderer
                .env
                .add_template_owned(files.path(file).to_string(), source)
            {
                diagnostics.push(renderer.template_error(&error));
            }
        }
        (renderer, diagnostics)
    }

    /// Renders one template (added in [`Renderer::new`]).
    pub fn render(&self, file: FileId, scope: &RenderScope) -> Rendered {
        let path = self.files.path(file);
        let Ok(template) = self.env.get_template(path) else {
            // The template failed to compile; its diagnostic was reported by `new`.
            return Rendered::default();
        };
        ACTIVE.with(|active| {
            *active.borrow_mut() = Some(ActiveRender {
                relations: Arc::clone(&scope.relations),
                is_incremental: scope.is_incremental,
                capture: Capture::default(),
            });
        });
        let this = scope.this.clone().map(Value::from_object);
        let result = template.render(minijinja::context! { this => this });
        let capture = ACTIVE.with(|active| {
            active
                .borrow_mut()
                .take()
                .map(|a| a.capture)
                .unwrap_or_default()
        });
        match result {
            Ok(text) => Rendered {
                text: Some(text),
                capture,
                diagnostics: Vec::new(),
            },
            Err(error) => Rendered {
                text: None,
                capture,
                diagnostics: vec![self.in_caller(self.template_error(&error), file)],
            },
        }
    }

    /// An error raised inside a macro points at the macro; when the model being rendered
    /// calls that macro directly, a label shows the call. (A macro reached through another
    /// macro gets no label: the same diagnostic then stands for every model, said once.)
    fn in_caller(&self, mut diagnostic: Diagnostic, file: FileId) -> Diagnostic {
        let Some(primary) = diagnostic.primary.clone() else {
            return diagnostic;
        };
        if primary.file == file {
            return diagnostic;
        }
        let macro_text = self.files.text(primary.file);
        let before = macro_text.get(..primary.span.start).unwrap_or("");
        // The innermost `{% macro name(` opened before the error is the macro that raised.
        let name = before.rmatch_indices("macro").find_map(|(index, _)| {
            let rest = before.get(index + "macro".len()..)?;
            let opened = before.get(..index)?.trim_end().ends_with("{%")
                || before.get(..index)?.trim_end().ends_with("{%-");
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (opened && !name.is_empty()).then_some(name)
        });
        let model_text = self.files.text(file);
        if let Some(name) = name
            && let Some(start) = model_text
                .match_indices(&format!("{name}("))
                .map(|(index, _)| index)
                .find(|&index| {
                    !model_text
                        .get(..index)
                        .and_then(|b| b.chars().next_back())
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
        {
            diagnostic = diagnostic.with_label(
                Label::new(file, start..start + name.len())
                    .with_message(format!("`{name}` called here")),
            );
        }
        diagnostic
    }

    /// Renders a Jinja string from config (a hook: `OPTIMIZE TABLE {{ this }} FINAL`) in the
    /// node's scope, as dbt renders hooks.
    pub fn render_snippet(&self, text: &str, scope: &RenderScope) -> Result<String, String> {
        if !text.contains("{{") && !text.contains("{%") {
            return Ok(text.to_string());
        }
        ACTIVE.with(|active| {
            *active.borrow_mut() = Some(ActiveRender {
                relations: Arc::clone(&scope.relations),
                is_incremental: scope.is_incremental,
                capture: Capture::default(),
            });
        });
        let this = scope.this.clone().map(Value::from_object);
        let result = self
            .env
            .render_str(text, minijinja::context! { this => this });
        ACTIVE.with(|active| active.borrow_mut().take());
        result.map_err(|e| plain_message(&e))
    }

    /// Evaluates a Jinja expression written in YAML (a relationships test's `to: ref('x')`).
    pub fn eval_expression(
        &self,
        expression: &str,
        scope: &RenderScope,
    ) -> Result<(Value, Capture), String> {
        let compiled = self
            .env
            .compile_expression(expression)
            .map_err(|e| plain_message(&e))?;
        ACTIVE.with(|active| {
            *active.borrow_mut() = Some(ActiveRender {
                relations: Arc::clone(&scope.relations),
                is_incremental: false,
                capture: Capture::default(),
            });
        });
        let result = compiled.eval(());
        let capture = ACTIVE.with(|active| {
            active
                .borrow_mut()
                .take()
                .map(|a| a.capture)
                .unwrap_or_default()
        });
        result
            .map(|value| (value, capture))
            .map_err(|e| plain_message(&e))
    }

    /// Maps a minijinja error to a diagnostic in the file the user wrote.
    fn template_error(&self, error: &Error) -> Diagnostic {
        let code = match error.kind() {
            ErrorKind::SyntaxError => "template-syntax",
            _ => "template-error",
        };
        let mut diagnostic = Diagnostic::error(code, plain_message(error));
        if let Some((file, span)) = self.locate(error) {
            diagnostic = diagnostic.at(file, span);
        }
        diagnostic
    }

    /// The user's file and byte range of a template error.
    fn locate(&self, error: &Error) -> Option<(FileId, std::ops::Range<usize>)> {
        let name = error.name()?;
        let range = error.range().or_else(|| {
            let line = error.line()?;
            let template = self.env.get_template(name).ok()?;
            let start = crate::diagnostic::offset_of_line_column(template.source(), line, 1);
            Some(start..start)
        })?;
        if name == MACROS_TEMPLATE {
            let (file, start) = self
                .macro_offsets
                .iter()
                .rev()
                .find(|(_, start)| *start <= range.start)?;
            return Some((*file, range.start - start..range.end - start));
        }
        let file = (0..u32::MAX)
            .map(FileId)
            .take_while(|id| self.files.get(*id).is_some())
            .find(|id| self.files.path(*id) == name)?;
        let shift = self.prefix.len();
        Some((
            file,
            range.start.saturating_sub(shift)..range.end.saturating_sub(shift),
        ))
    }
}

/// minijinja's message without its location suffix (`(in file:3)`), which spans replace.
fn plain_message(error: &Error) -> String {
    let detail = error
        .detail()
        .map_or_else(|| error.kind().to_string(), str::to_string);
    match error.kind() {
        ErrorKind::SyntaxError => format!("template syntax error: {detail}"),
        ErrorKind::UndefinedError => format!("undefined value: {detail}"),
        ErrorKind::UnknownFunction => format!("unknown function: {detail}"),
        ErrorKind::InvalidOperation | ErrorKind::CannotUnpack => detail,
        _ => format!("{}: {detail}", error.kind()),
    }
}

fn with_active<T>(f: impl FnOnce(&mut ActiveRender) -> T) -> Result<T, Error> {
    ACTIVE.with(|active| {
        active
            .borrow_mut()
            .as_mut()
            .map(f)
            .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "called outside of a render"))
    })
}

fn register_functions(
    env: &mut Environment<'static>,
    vars: Arc<IndexMap<String, serde_json::Value>>,
) {
    env.add_function(
        "ref",
        |args: Rest<String>, _kwargs: Kwargs| -> Result<Value, Error> {
            let (package, name) = match args.as_slice() {
                [name] => (None, name.clone()),
                [package, name] => (Some(package.clone()), name.clone()),
                _ => {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        "`ref()` takes a model name, or a package and a model name",
                    ));
                }
            };
            with_active(|active| {
                let relation = active
                    .relations
                    .nodes
                    .get(&name)
                    .cloned()
                    .unwrap_or_else(|| Relation {
                        database: UNKNOWN_DATABASE.into(),
                        identifier: name.clone(),
                    });
                active.capture.refs.push(RefCall { package, name });
                Value::from_object(relation)
            })
        },
    );
    env.add_function(
        "source",
        |source: String, table: String| -> Result<Value, Error> {
            with_active(|active| {
                let key = (source, table);
                let relation = active
                    .relations
                    .sources
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| Relation {
                        database: key.0.clone(),
                        identifier: key.1.clone(),
                    });
                active.capture.sources.push(key);
                Value::from_object(relation)
            })
        },
    );
    env.add_function(
        "config",
        |args: Rest<Value>, kwargs: Kwargs| -> Result<String, Error> {
            let mut entries = Vec::new();
            for value in args.iter() {
                if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(value) {
                    entries.extend(map);
                }
            }
            for key in kwargs.args() {
                let value: Value = kwargs.get(key)?;
                let json = serde_json::to_value(&value)
                    .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))?;
                entries.push((key.to_string(), json));
            }
            with_active(|active| active.capture.config.extend(entries))?;
            Ok(String::new())
        },
    );
    env.add_function("is_incremental", || -> Result<bool, Error> {
        with_active(|active| active.is_incremental)
    });
    let project_vars = Arc::clone(&vars);
    env.add_function(
        "var",
        move |name: String, default: Option<Value>| -> Result<Value, Error> {
            match (project_vars.get(&name), default) {
                (Some(value), _) => Ok(Value::from_serialize(value)),
                (None, Some(default)) => Ok(default),
                (None, None) => Err(Error::new(
                    ErrorKind::UndefinedError,
                    format!(
                        "required var `{name}` is not set{}",
                        did_you_mean(&name, project_vars.keys().map(String::as_str))
                            .map(|help| format!(" ({help})"))
                            .unwrap_or_default()
                    ),
                )),
            }
        },
    );
    env.add_function(
        "env_var",
        |name: String, default: Option<String>| -> Result<String, Error> {
            record_env_read(&name);
            match (std::env::var(&name), default) {
                (Ok(value), _) => Ok(value),
                (Err(_), Some(default)) => Ok(default),
                (Err(_), None) => Err(Error::new(
                    ErrorKind::UndefinedError,
                    format!(
                        "environment variable `{name}` is not set and `env_var()` has no default"
                    ),
                )),
            }
        },
    );
    env.add_function(
        "log",
        |message: Value, _info: Option<bool>| -> Result<String, Error> {
            with_active(|active| active.capture.logs.push(message.to_string()))?;
            Ok(String::new())
        },
    );
    // dbt's `return()` ends a macro with a value; in kiln it outputs the value, which is what
    // `{{ return(x) }}` inside `{% set v = m() %}` needs for strings.
    env.add_function("return", |value: Value| value);
    env.add_function(
        "run_query",
        |_state: &State, _sql: Value| -> Result<Value, Error> {
            with_active(|active| {
                active.capture.warnings.push(
                    "`run_query` needs a database; kiln compiles without one, so it returned none"
                        .into(),
                )
            })?;
            Ok(Value::from(()))
        },
    );
    env.add_function(
        "raise_compiler_error",
        |message: String| -> Result<Value, Error> {
            Err(Error::new(ErrorKind::InvalidOperation, message))
        },
    );
    env.add_global("exceptions", Value::from_object(Exceptions));
}

/// dbt's `exceptions` namespace: `exceptions.raise_compiler_error(msg)`, `exceptions.warn(msg)`.
#[derive(Debug)]
struct Exceptions;

impl Object for Exceptions {
    fn call_method(
        self: &Arc<Self>,
        _state: &State,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        let message = args.first().map(Value::to_string).unwrap_or_default();
        match method {
            "raise_compiler_error" => Err(Error::new(ErrorKind::InvalidOperation, message)),
            "warn" => {
                with_active(|active| active.capture.warnings.push(message))?;
                Ok(Value::from(""))
            }
            _ => Err(Error::from(ErrorKind::UnknownMethod)),
        }
    }
}
