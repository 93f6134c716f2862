//! The project as declared: the loader's files decoded and checked into models, seeds,
//! sources and data tests, each with its config layers and properties, before any template
//! is rendered.

pub mod config;
pub mod load;
pub mod raw;

use crate::diagnostic::{Diagnostic, FileId, Label, SourceFiles, did_you_mean};
use crate::yaml::{self, Spanned};
use config::ConfigEntry;
use indexmap::IndexMap;
use load::LoadedProject;
use raw::{ConfigTree, RawColumn, RawConfig, RawNodeProperties, RawPropertyFile};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

/// Connection facts compile needs (`target.name`, `target.schema`); never secrets.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    pub profile_name: String,
    /// The default ClickHouse database for nodes without a `schema` config.
    pub schema: String,
    pub threads: u32,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub description: String,
    pub data_type: Option<(String, Label)>,
    pub origin: Label,
}

/// A model or seed as declared: its file, where it sits, and its config layers so far.
#[derive(Debug, Clone)]
pub struct NodeDecl {
    pub name: String,
    pub file: FileId,
    pub path: String,
    pub fqn: Vec<String>,
    /// Folder and property-file config, lowest precedence first.
    pub config_layers: Vec<ConfigEntry>,
    pub description: String,
    pub columns: IndexMap<String, Column>,
    /// Where the node's property-file entry names it, if it has one.
    pub properties: Option<Label>,
}

#[derive(Debug, Clone)]
pub struct SourceTable {
    pub source_name: String,
    pub name: String,
    pub database: String,
    pub identifier: String,
    pub description: String,
    pub columns: IndexMap<String, Column>,
    pub tags: Vec<String>,
    pub origin: Label,
    pub path: String,
}

/// What a generic data test is attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestSubject {
    Model(String),
    Seed(String),
    Source(String, String),
}

/// A generic data test declared in YAML (`not_null`, `unique`, ...).
#[derive(Debug, Clone)]
pub struct GenericTestDecl {
    pub test_name: String,
    pub subject: TestSubject,
    pub column: Option<String>,
    pub arguments: serde_json::Map<String, Value>,
    pub config: Vec<ConfigEntry>,
    pub origin: Label,
}

#[derive(Debug, Clone)]
pub struct SingularTestDecl {
    pub name: String,
    pub file: FileId,
    pub path: String,
    /// `data_tests:` folder config from the project file.
    pub config_layers: Vec<ConfigEntry>,
}

/// The whole project as declared.
#[derive(Debug)]
pub struct Project {
    pub name: String,
    pub files: SourceFiles,
    pub project_file: FileId,
    pub vars: IndexMap<String, Value>,
    pub target: Target,
    pub models: Vec<NodeDecl>,
    pub seeds: Vec<NodeDecl>,
    pub sources: Vec<SourceTable>,
    pub generic_tests: Vec<GenericTestDecl>,
    pub singular_tests: Vec<SingularTestDecl>,
    pub macros: Vec<FileId>,
    /// Sources with a `postgres:` block.
    pub postgres_sources: Vec<crate::postgres::PostgresSource>,
}

/// Overrides from the command line.
#[derive(Debug, Clone, Default)]
pub struct ProjectOptions {
    /// `--vars`, already decoded.
    pub vars: IndexMap<String, Value>,
    /// `--target`.
    pub target: Option<String>,
}

/// Decodes and checks everything the loader read.
pub fn build(loaded: LoadedProject, options: &ProjectOptions) -> (Project, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let files = &loaded.files;
    let name = match &loaded.project.name {
        Some(name) if !is_identifier(&name.value) => {
            diagnostics.push(
                Diagnostic::error("invalid-project-name", format!("project name `{}` is not an identifier", name.value.escape_default()))
                    .at(loaded.project_file, yaml::span_of(&loaded.files, loaded.project_file, name))
                    .with_help("use letters, digits and underscores, starting with a letter or underscore, as dbt does"),
            );
            "project".to_string()
        }
        Some(name) => name.value.clone(),
        None => {
            diagnostics.push(
                Diagnostic::error("project-name-missing", "the project file has no `name`")
                    .at(loaded.project_file, 0..0)
                    .with_help("add `name: my_project` at the top"),
            );
            "project".to_string()
        }
    };
    let mut vars = loaded.project.vars.clone();
    vars.extend(options.vars.clone());
    let target = resolve_target(&loaded, options, &mut diagnostics);

    // Decoding YAML is most of declaration's time on a large project: one file per thread.
    let decoded: Vec<_> = loaded
        .property_files
        .par_iter()
        .map(|&file| (file, yaml::decode::<RawPropertyFile>(files, file)))
        .collect();
    let mut property_files = Vec::new();
    for (file, result) in decoded {
        match result {
            Ok(decoded) => property_files.push((file, decoded)),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }

    let model_tree = loaded.project.models.as_ref();
    let models = declare_nodes(
        &loaded,
        &loaded.models,
        &loaded.paths.model_paths,
        &name,
        model_tree,
        &mut diagnostics,
    );
    unused_config_paths(
        &loaded,
        model_tree,
        &name,
        &models,
        "models",
        &mut diagnostics,
    );
    let seed_tree = loaded.project.seeds.as_ref();
    let seeds = declare_nodes(
        &loaded,
        &loaded.seeds,
        &loaded.paths.seed_paths,
        &name,
        seed_tree,
        &mut diagnostics,
    );
    unused_config_paths(&loaded, seed_tree, &name, &seeds, "seeds", &mut diagnostics);
    let mut project = Project {
        name,
        files: loaded.files.clone(),
        project_file: loaded.project_file,
        vars,
        target,
        models,
        seeds,
        sources: Vec::new(),
        generic_tests: Vec::new(),
        singular_tests: loaded
            .singular_tests
            .iter()
            .map(|&file| {
                let path = loaded.files.path(file).to_string();
                let name = file_stem(&path).to_string();
                let config_layers = test_folder_config(
                    &loaded,
                    &loaded.paths.test_paths,
                    &path,
                    &name,
                    &mut diagnostics,
                );
                SingularTestDecl {
                    name,
                    file,
                    path,
                    config_layers,
                }
            })
            .collect(),
        macros: loaded.macros.clone(),
        postgres_sources: Vec::new(),
    };
    check_duplicates(&project, &mut diagnostics);
    for (file, decoded) in property_files {
        apply_properties(&mut project, file, decoded, &mut diagnostics);
    }
    crate::postgres::check_conflicts(&project.postgres_sources, &mut diagnostics);
    // Folder config for generic tests follows the folder of the YAML file declaring them.
    let roots: Vec<String> = loaded
        .paths
        .model_paths
        .iter()
        .chain(&loaded.paths.seed_paths)
        .cloned()
        .collect();
    for test in &mut project.generic_tests {
        let path = loaded.files.path(test.origin.file).to_string();
        let mut layers =
            test_folder_config(&loaded, &roots, &path, &test.test_name, &mut diagnostics);
        layers.append(&mut test.config);
        test.config = layers;
    }
    (project, diagnostics)
}

/// The `data_tests:` (dbt's `tests:`) folder config that applies to a test file at `path`.
fn test_folder_config(
    loaded: &LoadedProject,
    roots: &[String],
    path: &str,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ConfigEntry> {
    let Some(tree) = loaded.project.data_tests.as_ref() else {
        return Vec::new();
    };
    let within = roots
        .iter()
        .find_map(|root| path.strip_prefix(&format!("{}/", root.trim_end_matches('/'))))
        .unwrap_or(path);
    let mut folders: Vec<String> = within.split('/').map(str::to_string).collect();
    folders.pop();
    let project_name = loaded
        .project
        .name
        .as_ref()
        .map_or("", |n| n.value.as_str());
    let mut layers = Vec::new();
    folder_config(
        loaded,
        tree,
        project_name,
        &folders,
        name,
        &mut layers,
        diagnostics,
    );
    layers
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn resolve_target(
    loaded: &LoadedProject,
    options: &ProjectOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Target {
    let profile_name = loaded.project.profile.as_ref().map(|p| p.value.clone());
    let profiles = loaded
        .project
        .profiles
        .as_ref()
        .or(loaded.profiles.as_ref().map(|(_, p)| p));
    let profile = profile_name
        .as_ref()
        .and_then(|name| profiles.and_then(|p| p.get(name)));
    if let (Some(name), Some(profiles), None) = (&loaded.project.profile, profiles, profile) {
        let mut diagnostic = Diagnostic::error(
            "unknown-profile",
            format!("no profile named `{}`", name.value),
        )
        .at(
            loaded.project_file,
            yaml::span_of(&loaded.files, loaded.project_file, name),
        );
        diagnostic.help =
            did_you_mean(&name.value, profiles.keys().map(String::as_str)).or_else(|| {
                Some(
                    "profiles come from `profiles.yml` or the `profiles:` section of kiln.yml"
                        .into(),
                )
            });
        diagnostics.push(diagnostic);
    }
    let target_name = options
        .target
        .clone()
        .or_else(|| profile.and_then(|p| p.target.clone()))
        .unwrap_or_else(|| "dev".to_string());
    let output = profile.and_then(|p| p.outputs.get(&target_name));
    if let (Some(profile), None) = (profile, output)
        && (options.target.is_some() || !profile.outputs.is_empty())
    {
        let mut diagnostic = Diagnostic::error(
            "unknown-target",
            format!("profile has no target `{target_name}`"),
        );
        diagnostic.help = did_you_mean(&target_name, profile.outputs.keys().map(String::as_str));
        if let Some(span) = loaded.project.profile.as_ref() {
            diagnostic = diagnostic.at(
                loaded.project_file,
                yaml::span_of(&loaded.files, loaded.project_file, span),
            );
        }
        diagnostics.push(diagnostic);
    }
    Target {
        name: target_name,
        profile_name: profile_name.unwrap_or_default(),
        schema: output
            .and_then(|o| o.schema.clone())
            .unwrap_or_else(|| "default".to_string()),
        threads: output
            .and_then(|o| o.threads.as_ref())
            .and_then(Value::as_u64)
            .and_then(|t| u32::try_from(t).ok())
            .unwrap_or(4),
    }
}

fn file_stem(path: &str) -> &str {
    let base = path.rsplit('/').next().unwrap_or(path);
    base.rsplit_once('.').map_or(base, |(stem, _)| stem)
}

/// Models or seeds from their files, with the folder config of `kiln.yml` applied.
fn declare_nodes(
    loaded: &LoadedProject,
    node_files: &[FileId],
    roots: &[String],
    project_name: &str,
    tree: Option<&ConfigTree>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<NodeDecl> {
    let files = &loaded.files;
    let mut nodes = Vec::new();
    for &file in node_files {
        let path = files.path(file).to_string();
        let within = roots
            .iter()
            .find_map(|root| path.strip_prefix(&format!("{}/", root.trim_end_matches('/'))))
            .unwrap_or(&path);
        let mut folders: Vec<String> = within.split('/').map(str::to_string).collect();
        folders.pop();
        let name = file_stem(&path).to_string();
        let mut fqn = vec![project_name.to_string()];
        fqn.extend(folders.iter().cloned());
        fqn.push(name.clone());
        let mut config_layers = Vec::new();
        if let Some(tree) = tree {
            folder_config(
                loaded,
                tree,
                project_name,
                &folders,
                &name,
                &mut config_layers,
                diagnostics,
            );
        }
        nodes.push(NodeDecl {
            name,
            file,
            path,
            fqn,
            config_layers,
            description: String::new(),
            columns: IndexMap::new(),
            properties: None,
        });
    }
    nodes
}

/// Collects the config entries that apply to a node at `folders` from the project tree.
///
/// The tree's top level names projects (`models: {shop: {...}}`); a top-level `+config`
/// applies to every project. Folder names that match no folder are reported once, by
/// [`unused_config_paths`].
fn folder_config(
    loaded: &LoadedProject,
    tree: &ConfigTree,
    project_name: &str,
    folders: &[String],
    node_name: &str,
    out: &mut Vec<ConfigEntry>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let file = loaded.project_file;
    let entry = |key: &Spanned<String>, value: &Value| ConfigEntry {
        key: key.value.clone(),
        value: value.clone(),
        origin: Label::new(file, yaml::span_of(&loaded.files, file, key)),
    };
    out.extend(tree.config.iter().map(|(k, v)| entry(k, v)));
    let Some((_, project_tree)) = tree
        .children
        .iter()
        .find(|(key, _)| key.value == project_name)
    else {
        return;
    };
    let _ = diagnostics;
    let mut level = project_tree;
    out.extend(level.config.iter().map(|(k, v)| entry(k, v)));
    for folder in folders
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(node_name))
    {
        match level.children.iter().find(|(key, _)| key.value == folder) {
            Some((_, child)) => {
                level = child;
                out.extend(level.config.iter().map(|(k, v)| entry(k, v)));
            }
            None => break,
        }
    }
}

/// Folder-config paths of the project file that apply to no node: a typo there (`stagin:`)
/// silently loses its config, so each is a warning on the key, with the folders it may
/// have meant.
fn unused_config_paths(
    loaded: &LoadedProject,
    tree: Option<&ConfigTree>,
    project_name: &str,
    nodes: &[NodeDecl],
    section: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(tree) = tree else {
        return;
    };
    // Every path a config key can name: each node's folders and name, and their prefixes.
    let mut paths: std::collections::HashSet<&[String]> = std::collections::HashSet::new();
    for node in nodes {
        let within = node.fqn.get(1..).unwrap_or(&[]);
        for end in 1..=within.len() {
            if let Some(prefix) = within.get(..end) {
                paths.insert(prefix);
            }
        }
    }
    let file = loaded.project_file;
    for (key, project_tree) in &tree.children {
        if key.value != project_name {
            diagnostics.push(
                Diagnostic::warning(
                    "unused-config-path",
                    format!(
                        "`{section}` config for `{}`, which is not this project (`{project_name}`)",
                        key.value
                    ),
                )
                .at(file, yaml::span_of(&loaded.files, file, key))
                .with_help(
                    did_you_mean(&key.value, [project_name])
                        .unwrap_or_else(|| "the config applies to no node".to_string()),
                ),
            );
            continue;
        }
        let mut stack: Vec<(Vec<String>, &ConfigTree)> = vec![(Vec::new(), project_tree)];
        while let Some((path, level)) = stack.pop() {
            for (child, subtree) in &level.children {
                let mut child_path = path.clone();
                child_path.push(child.value.clone());
                if paths.contains(child_path.as_slice()) {
                    stack.push((child_path, subtree));
                    continue;
                }
                let siblings = paths
                    .iter()
                    .filter(|p| p.len() == child_path.len() && p.starts_with(&path))
                    .filter_map(|p| p.last().map(String::as_str));
                let mut diagnostic = Diagnostic::warning(
                    "unused-config-path",
                    format!(
                        "config path `{section}.{project_name}.{}` applies to no node",
                        child_path.join(".")
                    ),
                )
                .at(file, yaml::span_of(&loaded.files, file, child));
                diagnostic.help = did_you_mean(&child.value, siblings);
                diagnostics.push(diagnostic);
            }
        }
    }
}

fn check_duplicates(project: &Project, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &NodeDecl> = HashMap::new();
    for node in project.models.iter().chain(project.seeds.iter()) {
        if let Some(first) = seen.get(node.name.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-name",
                    format!("two nodes are named `{}`", node.name),
                )
                .at(node.file, 0..0)
                .with_label(Label::new(first.file, 0..0).with_message("first defined here"))
                .with_help("`ref()` finds nodes by name: rename one of the files"),
            );
        } else {
            seen.insert(&node.name, node);
        }
    }
}

fn apply_properties(
    project: &mut Project,
    file: FileId,
    decoded: RawPropertyFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Taken out and put back: cloning the file table per property file is quadratic.
    let files = std::mem::take(&mut project.files);
    let label = |spanned: &Spanned<String>| Label::new(file, yaml::span_of(&files, file, spanned));
    for raw in decoded.models {
        if let Some(tests) = apply_node_properties(
            &files,
            file,
            raw,
            &mut project.models,
            "model",
            diagnostics,
            TestSubject::Model,
        ) {
            project.generic_tests.extend(tests)
        }
    }
    for raw in decoded.seeds {
        if let Some(tests) = apply_node_properties(
            &files,
            file,
            raw,
            &mut project.seeds,
            "seed",
            diagnostics,
            TestSubject::Seed,
        ) {
            project.generic_tests.extend(tests)
        }
    }
    for source in decoded.sources {
        if let Some(raw) = &source.postgres
            && let Some(declared) =
                crate::postgres::declare(&files, file, &source, raw, diagnostics)
        {
            project.postgres_sources.push(declared);
        }
        let database = source
            .schema
            .clone()
            .unwrap_or_else(|| source.name.value.clone());
        for table in source.tables {
            let columns = declare_columns(&files, file, &table.columns);
            let subject = TestSubject::Source(source.name.value.clone(), table.name.value.clone());
            let tests = table_tests(
                &files,
                file,
                &subject,
                &table.data_tests,
                &table.tests,
                &table.columns,
                diagnostics,
            );
            project.generic_tests.extend(tests);
            let mut tags = source.tags.clone();
            tags.extend(table.tags.iter().cloned());
            project.sources.push(SourceTable {
                source_name: source.name.value.clone(),
                name: table.name.value.clone(),
                database: database.clone(),
                identifier: table
                    .identifier
                    .clone()
                    .unwrap_or_else(|| table.name.value.clone()),
                description: table.description.clone(),
                columns,
                tags,
                origin: label(&table.name),
                path: files.path(file).to_string(),
            });
        }
    }
    project.files = files;
}

fn apply_node_properties(
    files: &SourceFiles,
    file: FileId,
    raw: RawNodeProperties,
    nodes: &mut [NodeDecl],
    kind: &str,
    diagnostics: &mut Vec<Diagnostic>,
    subject: impl Fn(String) -> TestSubject,
) -> Option<Vec<GenericTestDecl>> {
    let name_label = Label::new(file, yaml::span_of(files, file, &raw.name));
    let Some(node) = nodes.iter_mut().find(|n| n.name == raw.name.value) else {
        let mut diagnostic = Diagnostic::error(
            "unknown-node-properties",
            format!(
                "properties for `{}`, but there is no {kind} of that name",
                raw.name.value
            ),
        )
        .at_label(name_label);
        diagnostic.help = did_you_mean(&raw.name.value, nodes.iter().map(|n| n.name.as_str()));
        diagnostics.push(diagnostic);
        return None;
    };
    if let Some(previous) = &node.properties {
        diagnostics.push(
            Diagnostic::error(
                "duplicate-properties",
                format!("`{}` has properties in two places", raw.name.value),
            )
            .at_label(name_label)
            .with_label(previous.clone().with_message("first declared here")),
        );
        return None;
    }
    node.properties = Some(name_label);
    node.description = raw.description.clone();
    node.columns = declare_columns(files, file, &raw.columns);
    node.config_layers
        .extend(config_entries(files, file, &raw.config));
    let tests = table_tests(
        files,
        file,
        &subject(raw.name.value.clone()),
        &raw.data_tests,
        &raw.tests,
        &raw.columns,
        diagnostics,
    );
    Some(tests)
}

fn config_entries(files: &SourceFiles, file: FileId, config: &RawConfig) -> Vec<ConfigEntry> {
    config
        .iter()
        .map(|(key, value)| ConfigEntry {
            key: key.value.clone(),
            value: value.clone(),
            origin: Label::new(file, yaml::span_of(files, file, key)),
        })
        .collect()
}

fn declare_columns(
    files: &SourceFiles,
    file: FileId,
    columns: &[RawColumn],
) -> IndexMap<String, Column> {
    columns
        .iter()
        .map(|column| {
            let data_type = column.data_type.as_ref().map(|t| {
                (
                    t.value.clone(),
                    Label::new(file, yaml::span_of(files, file, t)),
                )
            });
            let declared = Column {
                name: column.name.value.clone(),
                description: column.description.clone(),
                data_type,
                origin: Label::new(file, yaml::span_of(files, file, &column.name)),
            };
            (column.name.value.clone(), declared)
        })
        .collect()
}

/// Generic tests of a node and of its columns (`data_tests:` and dbt's older `tests:`).
fn table_tests(
    files: &SourceFiles,
    file: FileId,
    subject: &TestSubject,
    data_tests: &[Spanned<Value>],
    tests: &[Spanned<Value>],
    columns: &[RawColumn],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<GenericTestDecl> {
    let mut out = Vec::new();
    for test in data_tests.iter().chain(tests) {
        out.extend(generic_test(files, file, subject, None, test, diagnostics));
    }
    for column in columns {
        for test in column.data_tests.iter().chain(&column.tests) {
            out.extend(generic_test(
                files,
                file,
                subject,
                Some(&column.name.value),
                test,
                diagnostics,
            ));
        }
    }
    out
}

/// One entry of a `data_tests:` list: `not_null`, or `{accepted_values: {values: [...]}}`,
/// or dbt 1.10's `{accepted_values: {arguments: {values: [...]}, config: {...}}}`.
fn generic_test(
    files: &SourceFiles,
    file: FileId,
    subject: &TestSubject,
    column: Option<&str>,
    test: &Spanned<Value>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<GenericTestDecl> {
    let origin = Label::new(file, yaml::span_of(files, file, test));
    let (test_name, body) = match &test.value {
        Value::String(name) => (name.clone(), serde_json::Map::new()),
        Value::Object(map) if map.len() == 1 => {
            let (name, body) = map.iter().next()?;
            match body {
                Value::Object(body) => (name.clone(), body.clone()),
                Value::Null => (name.clone(), serde_json::Map::new()),
                _ => {
                    diagnostics.push(
                        Diagnostic::error(
                            "invalid-test",
                            format!("test `{name}` must map to its arguments"),
                        )
                        .at_label(origin),
                    );
                    return None;
                }
            }
        }
        _ => {
            diagnostics.push(
                Diagnostic::error(
                    "invalid-test",
                    "a data test is a test name or `{test_name: {arguments...}}`",
                )
                .at_label(origin),
            );
            return None;
        }
    };
    let mut arguments = serde_json::Map::new();
    let mut config = Vec::new();
    for (key, value) in body {
        match key.as_str() {
            "arguments" => {
                if let Value::Object(map) = value {
                    arguments.extend(map);
                }
            }
            "config" => {
                if let Value::Object(map) = value {
                    config.extend(map.into_iter().map(|(key, value)| ConfigEntry {
                        key,
                        value,
                        origin: origin.clone(),
                    }));
                }
            }
            "severity" | "where" | "tags" | "enabled" | "warn_if" | "error_if" | "limit" => {
                config.push(ConfigEntry {
                    key,
                    value,
                    origin: origin.clone(),
                });
            }
            "name" | "description" | "meta" => {}
            _ => {
                arguments.insert(key, value);
            }
        }
    }
    let column = column.map(str::to_string).or_else(|| {
        arguments
            .get("column_name")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    Some(GenericTestDecl {
        test_name,
        subject: subject.clone(),
        column,
        arguments,
        config,
        origin,
    })
}
