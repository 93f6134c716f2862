//! Node config: the layers dbt merges (project folders, property files, the model's own
//! `config()` call), and their validation into [`NodeConfig`].
//!
//! Precedence, lowest first: `kiln.yml` folder config from the outermost folder in, then the
//! node's property-file `config:`, then `config()` in the model file. `tags`, `pre_hook` and
//! `post_hook` accumulate across layers as in dbt; every other key is replaced.

use crate::diagnostic::{Diagnostic, Label, did_you_mean};
use indexmap::IndexMap;
use serde_json::Value;

/// One `key: value` of config, with where the user wrote it.
#[derive(Debug, Clone)]
pub struct ConfigEntry {
    pub key: String,
    pub value: Value,
    pub origin: Label,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Materialization {
    View,
    Table,
    Incremental,
    Ephemeral,
    Seed,
    Test,
}

impl Materialization {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::Table => "table",
            Self::Incremental => "incremental",
            Self::Ephemeral => "ephemeral",
            Self::Seed => "seed",
            Self::Test => "test",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum IncrementalStrategy {
    #[serde(rename = "append")]
    Append,
    #[serde(rename = "delete+insert")]
    DeleteInsert,
    #[serde(rename = "insert_overwrite")]
    InsertOverwrite,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TestSeverity {
    Error,
    Warn,
}

/// What kind of node a config belongs to; decides the default materialization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigOwner {
    Model,
    Seed,
    Test,
}

/// Checked config of one node.
#[derive(Debug, Clone)]
pub struct NodeConfig {
    pub materialized: Materialization,
    pub enabled: bool,
    pub schema: Option<String>,
    pub alias: Option<String>,
    pub tags: Vec<String>,
    pub engine: Option<String>,
    pub order_by: Vec<String>,
    pub partition_by: Vec<String>,
    pub primary_key: Vec<String>,
    pub sample_by: Option<String>,
    pub ttl: Option<String>,
    pub settings: Vec<(String, Value)>,
    pub unique_key: Vec<String>,
    pub incremental_strategy: Option<IncrementalStrategy>,
    pub pre_hook: Vec<String>,
    pub post_hook: Vec<String>,
    pub sql_header: Option<String>,
    pub column_types: IndexMap<String, (String, Label)>,
    pub severity: TestSeverity,
    pub static_analysis: bool,
    /// Every key as merged, for the manifest's `config`.
    pub raw: IndexMap<String, Value>,
    /// Where each key was last set, for diagnostics of later phases.
    pub origins: IndexMap<String, Label>,
}

/// Keys kiln understands. Keys dbt accepts but kiln ignores are listed too, so dbt projects
/// compile unmodified, while a typo still gets a diagnostic.
const KNOWN_KEYS: &[&str] = &[
    "materialized",
    "enabled",
    "schema",
    "database",
    "alias",
    "tags",
    "meta",
    "docs",
    "persist_docs",
    "contract",
    "grants",
    "access",
    "group",
    "engine",
    "order_by",
    "partition_by",
    "primary_key",
    "sample_by",
    "ttl",
    "settings",
    "query_settings",
    "unique_key",
    "incremental_strategy",
    "incremental_predicates",
    "on_schema_change",
    "pre_hook",
    "post_hook",
    "sql_header",
    "full_refresh",
    "column_types",
    "quote_columns",
    "delimiter",
    "severity",
    "warn_if",
    "error_if",
    "store_failures",
    "where",
    "limit",
    "fail_calc",
    "static_analysis",
    "indexes",
    "projections",
    "quoting",
    "labels",
];

/// Keys that accumulate over layers instead of being replaced.
const ADDITIVE_KEYS: &[&str] = &["tags", "pre_hook", "post_hook"];

/// dbt's spelling of a key (`pre-hook`) to kiln's (`pre_hook`).
pub fn normalize_key(key: &str) -> String {
    key.replace('-', "_")
}

/// Merges layers (lowest precedence first) and validates the result.
pub fn resolve(
    entries: &[ConfigEntry],
    owner: ConfigOwner,
    diagnostics: &mut Vec<Diagnostic>,
) -> NodeConfig {
    let mut raw: IndexMap<String, Value> = IndexMap::new();
    let mut origins: IndexMap<String, Label> = IndexMap::new();
    for entry in entries {
        let key = normalize_key(&entry.key);
        if !KNOWN_KEYS.contains(&key.as_str()) {
            let mut diagnostic = Diagnostic::error(
                "unknown-config-key",
                format!("unknown config key `{}`", entry.key),
            )
            .at_label(entry.origin.clone());
            diagnostic.help = did_you_mean(&key, KNOWN_KEYS.iter().copied())
                .or_else(|| Some("see docs/config.md for the keys kiln reads".into()));
            diagnostics.push(diagnostic);
            continue;
        }
        let is_list = |v: &Value| match v {
            Value::Array(items) => items.iter().all(Value::is_string),
            Value::String(_) | Value::Null => true,
            _ => false,
        };
        if ADDITIVE_KEYS.contains(&key.as_str()) && !is_list(&entry.value) {
            diagnostics.push(
                Diagnostic::error(
                    "invalid-config-value",
                    format!("config `{key}` must be a string or a list of strings"),
                )
                .at_label(entry.origin.clone()),
            );
            continue;
        }
        let value = if ADDITIVE_KEYS.contains(&key.as_str()) {
            let mut items = raw.get(&key).map(string_list_lossy).unwrap_or_default();
            for item in string_list_lossy(&entry.value) {
                if !items.contains(&item) {
                    items.push(item);
                }
            }
            Value::from(items)
        } else {
            entry.value.clone()
        };
        raw.insert(key.clone(), value);
        origins.insert(key, entry.origin.clone());
    }
    let mut check = Checker {
        raw: &raw,
        origins: &origins,
        diagnostics,
    };
    let materialized = check.materialized(owner);
    let config = NodeConfig {
        materialized,
        enabled: check.boolean("enabled").unwrap_or(true),
        schema: check.string("schema"),
        alias: check.string("alias"),
        tags: check.strings("tags"),
        engine: check.string("engine"),
        order_by: check.strings("order_by"),
        partition_by: check.strings("partition_by"),
        primary_key: check.strings("primary_key"),
        sample_by: check.string("sample_by"),
        ttl: check.string("ttl"),
        settings: check.mapping("settings"),
        unique_key: check.strings("unique_key"),
        incremental_strategy: check.strategy(),
        pre_hook: check.strings("pre_hook"),
        post_hook: check.strings("post_hook"),
        sql_header: check.string("sql_header"),
        column_types: check.column_types(),
        severity: check.severity(),
        static_analysis: check.string("static_analysis").is_none_or(|v| v != "off"),
        raw: IndexMap::new(),
        origins: IndexMap::new(),
    };
    check_incremental(&config, &origins, diagnostics);
    let mut raw = raw;
    raw.insert("materialized".into(), Value::from(materialized.as_str()));
    raw.entry("enabled".to_string())
        .or_insert(Value::Bool(config.enabled));
    raw.entry("tags".to_string())
        .or_insert(Value::Array(Vec::new()));
    NodeConfig {
        raw,
        origins,
        ..config
    }
}

/// The keys an incremental strategy cannot work without: `delete+insert` without a
/// `unique_key` would delete every row, `insert_overwrite` without `partition_by` would
/// replace the whole table.
fn check_incremental(
    config: &NodeConfig,
    origins: &IndexMap<String, Label>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if config.materialized != Materialization::Incremental {
        return;
    }
    let missing = match config.incremental_strategy {
        Some(IncrementalStrategy::DeleteInsert) if config.unique_key.is_empty() => {
            Some(("delete+insert", "unique_key"))
        }
        Some(IncrementalStrategy::InsertOverwrite) if config.partition_by.is_empty() => {
            Some(("insert_overwrite", "partition_by"))
        }
        _ => None,
    };
    if let Some((strategy, key)) = missing {
        let mut diagnostic = Diagnostic::error(
            "incremental-missing-key",
            format!("incremental strategy `{strategy}` needs `{key}`"),
        )
        .with_help(format!(
            "set `{key}`, or use `incremental_strategy='append'`"
        ));
        diagnostic.primary = origins.get("incremental_strategy").cloned();
        diagnostics.push(diagnostic);
    }
}

/// A string or a list of strings as a list; anything else stringified.
fn string_list_lossy(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().map(scalar_text).collect(),
        Value::Null => Vec::new(),
        other => vec![scalar_text(other)],
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

struct Checker<'a> {
    raw: &'a IndexMap<String, Value>,
    origins: &'a IndexMap<String, Label>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn wrong(&mut self, key: &str, expected: &str) {
        let mut diagnostic = Diagnostic::error(
            "invalid-config-value",
            format!("config `{key}` must be {expected}"),
        );
        diagnostic.primary = self.origins.get(key).cloned();
        self.diagnostics.push(diagnostic);
    }

    fn string(&mut self, key: &str) -> Option<String> {
        match self.raw.get(key)? {
            Value::String(text) => Some(text.clone()),
            Value::Null => None,
            Value::Number(number) => Some(number.to_string()),
            _ => {
                self.wrong(key, "a string");
                None
            }
        }
    }

    fn strings(&mut self, key: &str) -> Vec<String> {
        match self.raw.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(text)) => vec![text.clone()],
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Some(_) => {
                self.wrong(key, "a string or a list of strings");
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.raw.get(key)? {
            Value::Bool(flag) => Some(*flag),
            Value::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
            Value::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
            _ => {
                self.wrong(key, "`true` or `false`");
                None
            }
        }
    }

    fn mapping(&mut self, key: &str) -> Vec<(String, Value)> {
        match self.raw.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Some(_) => {
                self.wrong(key, "a mapping of setting names to values");
                Vec::new()
            }
        }
    }

    fn materialized(&mut self, owner: ConfigOwner) -> Materialization {
        let default = match owner {
            ConfigOwner::Model => Materialization::View,
            ConfigOwner::Seed => Materialization::Seed,
            ConfigOwner::Test => Materialization::Test,
        };
        let Some(name) = self.string("materialized") else {
            return default;
        };
        let allowed: &[(&str, Materialization)] = match owner {
            ConfigOwner::Model => &[
                ("view", Materialization::View),
                ("table", Materialization::Table),
                ("incremental", Materialization::Incremental),
                ("ephemeral", Materialization::Ephemeral),
            ],
            ConfigOwner::Seed => &[("seed", Materialization::Seed)],
            ConfigOwner::Test => &[("test", Materialization::Test)],
        };
        if let Some((_, found)) = allowed.iter().find(|(known, _)| *known == name) {
            return *found;
        }
        let names: Vec<&str> = allowed.iter().map(|(known, _)| *known).collect();
        let mut diagnostic = Diagnostic::error(
            "unknown-materialization",
            format!("unknown materialization `{name}`"),
        );
        diagnostic.primary = self.origins.get("materialized").cloned();
        diagnostic.narrow_to = Some(name.clone());
        diagnostic.help = did_you_mean(&name, names.iter().copied())
            .or_else(|| Some(format!("kiln materializes as {}", backticked(&names))));
        self.diagnostics.push(diagnostic);
        default
    }

    fn strategy(&mut self) -> Option<IncrementalStrategy> {
        let name = self.string("incremental_strategy")?;
        let known = [
            ("append", IncrementalStrategy::Append),
            ("delete+insert", IncrementalStrategy::DeleteInsert),
            ("insert_overwrite", IncrementalStrategy::InsertOverwrite),
        ];
        if let Some((_, strategy)) = known.iter().find(|(known, _)| *known == name) {
            return Some(*strategy);
        }
        let names: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
        let mut diagnostic = Diagnostic::error(
            "unknown-incremental-strategy",
            format!("unknown incremental strategy `{name}`"),
        );
        diagnostic.primary = self.origins.get("incremental_strategy").cloned();
        diagnostic.narrow_to = Some(name.clone());
        diagnostic.help = did_you_mean(&name, names.iter().copied())
            .or_else(|| Some(format!("kiln supports {}", backticked(&names))));
        self.diagnostics.push(diagnostic);
        None
    }

    fn severity(&mut self) -> TestSeverity {
        match self.string("severity").map(|s| s.to_lowercase()) {
            None => TestSeverity::Error,
            Some(s) if s == "error" => TestSeverity::Error,
            Some(s) if s == "warn" => TestSeverity::Warn,
            Some(_) => {
                self.wrong("severity", "`error` or `warn`");
                TestSeverity::Error
            }
        }
    }

    fn column_types(&mut self) -> IndexMap<String, (String, Label)> {
        let mut types = IndexMap::new();
        match self.raw.get("column_types") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                let origin = self.origins.get("column_types").cloned();
                for (column, value) in map {
                    match (value.as_str(), &origin) {
                        (Some(data_type), Some(origin)) => {
                            types.insert(column.clone(), (data_type.to_string(), origin.clone()));
                        }
                        _ => self.wrong(
                            "column_types",
                            "a mapping of column names to ClickHouse types",
                        ),
                    }
                }
            }
            Some(_) => self.wrong(
                "column_types",
                "a mapping of column names to ClickHouse types",
            ),
        }
        types
    }
}

fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
