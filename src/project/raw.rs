//! Raw types that mirror the YAML files of a project: `kiln.yml`/`dbt_project.yml`,
//! `profiles.yml` and property files (`sources:`, `models:`, `seeds:`).
//!
//! Nothing here is checked beyond YAML shape; [`super::validate`] turns these into the
//! validated project. Values that diagnostics point at are [`Spanned`]. Keys dbt knows but
//! kiln does not use (`docs`, `meta`, `config-version`, ...) are accepted and ignored, so
//! dbt projects load unmodified.

use crate::yaml::Spanned;
use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// Free-form config: `{key: value}` with spanned keys, as in `config:` blocks.
pub type RawConfig = IndexMap<Spanned<String>, Value>;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawProjectFile {
    pub name: Option<Spanned<String>>,
    pub profile: Option<Spanned<String>>,
    #[serde(alias = "source-paths")]
    pub model_paths: Option<Vec<String>>,
    #[serde(alias = "data-paths")]
    pub seed_paths: Option<Vec<String>>,
    pub test_paths: Option<Vec<String>>,
    pub macro_paths: Option<Vec<String>>,
    #[serde(default)]
    pub vars: IndexMap<String, Value>,
    pub models: Option<ConfigTree>,
    pub seeds: Option<ConfigTree>,
    #[serde(alias = "tests")]
    pub data_tests: Option<ConfigTree>,
    /// kiln.yml may carry the profiles instead of a separate `profiles.yml`.
    pub profiles: Option<RawProfiles>,
}

/// Folder-level config in the project file: `models: {shop: {staging: {+materialized: view}}}`.
///
/// Keys starting with `+` are config; other keys with a mapping value are sub-folders; other
/// keys with a scalar or list value are config too (dbt's older unprefixed form).
#[derive(Debug, Default)]
pub struct ConfigTree {
    pub config: Vec<(Spanned<String>, Value)>,
    pub children: Vec<(Spanned<String>, ConfigTree)>,
}

impl<'de> Deserialize<'de> for ConfigTree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ConfigTreeVisitor)
    }
}

struct ConfigTreeVisitor;

impl<'de> Visitor<'de> for ConfigTreeVisitor {
    type Value = ConfigTree;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of folders and `+config` keys")
    }

    fn visit_unit<E: de::Error>(self) -> Result<ConfigTree, E> {
        Ok(ConfigTree::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ConfigTree, A::Error> {
        let mut tree = ConfigTree::default();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            if let Some(stripped) = key.value.strip_prefix('+') {
                let value = map.next_value::<Value>()?;
                let key = Spanned::new(stripped.to_string(), key.referenced, key.defined);
                tree.config.push((key, value));
            } else {
                match map.next_value::<TreeOrValue>()? {
                    TreeOrValue::Tree(child) => tree.children.push((key, child)),
                    TreeOrValue::Value(value) => tree.config.push((key, value)),
                }
            }
        }
        Ok(tree)
    }
}

/// A value under an unprefixed key: a sub-folder (mapping) or a plain config value.
enum TreeOrValue {
    Tree(ConfigTree),
    Value(Value),
}

impl<'de> Deserialize<'de> for TreeOrValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeOrValueVisitor)
    }
}

struct TreeOrValueVisitor;

impl<'de> Visitor<'de> for TreeOrValueVisitor {
    type Value = TreeOrValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a folder mapping or a config value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TreeOrValue, A::Error> {
        ConfigTreeVisitor.visit_map(map).map(TreeOrValue::Tree)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<TreeOrValue, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(TreeOrValue::Value)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<TreeOrValue, E> {
        Ok(TreeOrValue::Value(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<TreeOrValue, E> {
        Ok(TreeOrValue::Value(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<TreeOrValue, E> {
        Ok(TreeOrValue::Value(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<TreeOrValue, E> {
        Ok(TreeOrValue::Value(Value::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<TreeOrValue, E> {
        Ok(TreeOrValue::Value(Value::from(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<TreeOrValue, E> {
        Ok(TreeOrValue::Tree(ConfigTree::default()))
    }

    fn visit_none<E: de::Error>(self) -> Result<TreeOrValue, E> {
        Ok(TreeOrValue::Tree(ConfigTree::default()))
    }
}

/// dbt's `profiles.yml`: profile name -> targets.
pub type RawProfiles = IndexMap<String, RawProfile>;

#[derive(Debug, Default, Deserialize, Clone)]
pub struct RawProfile {
    pub target: Option<String>,
    #[serde(default)]
    pub outputs: IndexMap<String, RawOutput>,
}

/// One connection target. Strings may hold Jinja (`{{ env_var('CLICKHOUSE_PASSWORD') }}`),
/// rendered only by `apply`, so compile never sees a secret.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct RawOutput {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub host: Option<String>,
    pub port: Option<Value>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub schema: Option<String>,
    pub database: Option<String>,
    pub secure: Option<Value>,
    pub threads: Option<Value>,
    pub cluster: Option<String>,
}

/// A property file: any YAML file under the model or seed paths.
#[derive(Debug, Default, Deserialize)]
pub struct RawPropertyFile {
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub models: Vec<RawNodeProperties>,
    #[serde(default)]
    pub seeds: Vec<RawNodeProperties>,
}

#[derive(Debug, Deserialize)]
pub struct RawSource {
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: String,
    pub schema: Option<String>,
    pub database: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub tables: Vec<RawSourceTable>,
    /// A PostgreSQL database this source reads, through ClickHouse's PostgreSQL or
    /// MaterializedPostgreSQL database engine.
    pub postgres: Option<RawPostgres>,
}

/// `postgres:` of a source. Connection values may use `{{ env_var(...) }}`; they are rendered
/// by `apply` (and `introspect`), never by compile, and the password must come from one.
#[derive(Debug, Deserialize, Clone)]
pub struct RawPostgres {
    /// `replicated` (MaterializedPostgreSQL) or `live` (PostgreSQL engine).
    pub mode: Spanned<String>,
    pub host: Option<String>,
    pub port: Option<serde_json::Value>,
    pub database: Option<String>,
    pub schema: Option<String>,
    pub user: Option<String>,
    pub password: Option<Spanned<String>>,
    /// The ClickHouse named collection holding the connection (default `kiln_<source>`).
    pub named_collection: Option<String>,
    /// `materialized_postgresql_backoff_max_ms`: the worst replication latency after idling.
    pub backoff_max_ms: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct RawSourceTable {
    pub name: Spanned<String>,
    pub identifier: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub columns: Vec<RawColumn>,
    #[serde(default)]
    pub data_tests: Vec<Spanned<Value>>,
    #[serde(default)]
    pub tests: Vec<Spanned<Value>>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Properties of a model or seed: `models: [{name, description, config, columns, data_tests}]`.
#[derive(Debug, Deserialize)]
pub struct RawNodeProperties {
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub config: RawConfig,
    #[serde(default)]
    pub columns: Vec<RawColumn>,
    #[serde(default)]
    pub data_tests: Vec<Spanned<Value>>,
    #[serde(default)]
    pub tests: Vec<Spanned<Value>>,
}

#[derive(Debug, Deserialize)]
pub struct RawColumn {
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: String,
    pub data_type: Option<Spanned<String>>,
    #[serde(default)]
    pub data_tests: Vec<Spanned<Value>>,
    #[serde(default)]
    pub tests: Vec<Spanned<Value>>,
}
