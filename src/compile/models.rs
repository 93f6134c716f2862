//! Rendering every model and resolving what it `ref()`s and `source()`s.
//!
//! A model's own `config()` call can change its database or alias, which changes what other
//! models' `ref()` returns. So models are rendered once with the config known before
//! rendering (folders and property files); if any model's `config()` moved a relation, all
//! are rendered again with the final relations, as dbt's parse-then-compile does.

use super::{new_node, placement};
use crate::diagnostic::{Diagnostic, FileId, Label, did_you_mean};
use crate::node::{Node, ResourceType};
use crate::project::config::{self, ConfigEntry, ConfigOwner, Materialization, NodeConfig};
use crate::project::{NodeDecl, Project};
use crate::render::{
    Capture, Relation, RelationTable, RenderScope, Rendered, Renderer, TargetContext,
};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub struct RenderedModels {
    /// Enabled models, in declaration order; their indices follow the seeds'.
    pub nodes: Vec<Node>,
    /// Parents of each model, as indices into seeds followed by models.
    pub parents: Vec<Vec<usize>>,
    pub renderer: Renderer,
    pub relations: Arc<RelationTable>,
    pub names: NodeNames,
}

/// The name prefix of an inlined ephemeral model's CTE.
pub const EPHEMERAL_PREFIX: &str = "__kiln_cte__";

pub fn render_models(
    project: &Project,
    seeds: &[Node],
    diagnostics: &mut Vec<Diagnostic>,
) -> RenderedModels {
    let files = &project.files;
    let before: Vec<NodeConfig> = project
        .models
        .iter()
        .map(|decl| config::resolve(&decl.config_layers, ConfigOwner::Model, &mut Vec::new()))
        .collect();
    let relations = Arc::new(relation_table(project, seeds, &before));

    let templates: Vec<FileId> = project
        .models
        .iter()
        .map(|m| m.file)
        .chain(project.singular_tests.iter().map(|t| t.file))
        .collect();
    let target = TargetContext {
        name: project.target.name.clone(),
        schema: project.target.schema.clone(),
        kind: "clickhouse".into(),
        profile_name: project.target.profile_name.clone(),
        threads: project.target.threads,
    };
    let (renderer, template_diagnostics) = Renderer::new(
        files,
        &project.macros,
        &templates,
        project.vars.clone(),
        target,
        &project.name,
    );
    diagnostics.extend(template_diagnostics);

    let mut renders = render_all(&renderer, project, &before, &relations, false);
    let configs: Vec<NodeConfig> = project
        .models
        .iter()
        .zip(&renders)
        .map(|(decl, rendered)| final_config(project, decl, rendered, &mut Vec::new()))
        .collect();
    let mut relations = relations;
    let after = Arc::new(relation_table(project, seeds, &configs));
    if after.nodes != relations.nodes {
        relations = after;
        renders = render_all(&renderer, project, &configs, &relations, false);
    }

    let mut index_of: HashMap<String, usize> = seeds
        .iter()
        .enumerate()
        .map(|(i, n)| (n.name.clone(), i))
        .collect();
    let mut enabled = Vec::new();
    for (decl, rendered) in project.models.iter().zip(renders) {
        let config = final_config(project, decl, &rendered, diagnostics);
        if config.enabled {
            index_of.insert(decl.name.clone(), seeds.len() + enabled.len());
            enabled.push((decl, config, rendered));
        }
    }
    let disabled: Vec<&str> = project
        .models
        .iter()
        .filter(|decl| !index_of.contains_key(&decl.name))
        .map(|decl| decl.name.as_str())
        .collect();

    let incremental_scopes: Vec<Option<RenderScope>> = enabled
        .iter()
        .map(|(decl, config, _)| {
            (config.materialized == Materialization::Incremental).then(|| RenderScope {
                relations: Arc::clone(&relations),
                this: Some(placement(decl, config, &project.target)),
                is_incremental: true,
            })
        })
        .collect();
    let incremental_renders: Vec<Option<Rendered>> = enabled
        .par_iter()
        .zip(incremental_scopes.par_iter())
        .map(|((decl, _, _), scope)| {
            scope
                .as_ref()
                .map(|scope| renderer.render(decl.file, scope))
        })
        .collect();

    let names = NodeNames {
        index_of,
        seed_count: seeds.len(),
        disabled: disabled.into_iter().map(str::to_string).collect(),
    };
    let mut nodes = Vec::new();
    let mut parents = Vec::new();
    for ((decl, config, rendered), incremental) in enabled.into_iter().zip(incremental_renders) {
        let mut node = new_node(project, decl, ResourceType::Model, config);
        diagnostics.extend(rendered.diagnostics);
        for warning in &rendered.capture.warnings {
            diagnostics
                .push(Diagnostic::warning("template-warning", warning.clone()).at(decl.file, 0..0));
        }
        let (node_parents, depends_on) =
            names.resolve_calls(project, decl.file, &rendered.capture, diagnostics);
        node.depends_on = depends_on;
        node.compiled_sql = rendered.text;
        let scope = RenderScope {
            relations: Arc::clone(&relations),
            this: Some(Relation {
                database: node.database.clone(),
                identifier: node.alias.clone(),
            }),
            is_incremental: false,
        };
        render_hooks(&renderer, &scope, &mut node, diagnostics);
        node.incremental_sql = incremental.and_then(|r| {
            diagnostics.extend(r.diagnostics);
            r.text
        });
        nodes.push(node);
        parents.push(node_parents);
    }
    RenderedModels {
        nodes,
        parents,
        renderer,
        relations,
        names,
    }
}

/// Renders `pre_hook`, `post_hook` and `sql_header` with the model's context (`{{ this }}`).
fn render_hooks(
    renderer: &Renderer,
    scope: &RenderScope,
    node: &mut Node,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let origins = node.config.origins.clone();
    let mut render = |key: &str, text: &str| match renderer.render_snippet(text, scope) {
        Ok(rendered) => rendered,
        Err(message) => {
            let mut diagnostic =
                Diagnostic::error("template-error", format!("in `{key}`: {message}"));
            diagnostic.primary = origins.get(key).cloned();
            diagnostics.push(diagnostic);
            text.to_string()
        }
    };
    let pre: Vec<String> = node
        .config
        .pre_hook
        .iter()
        .map(|h| render("pre_hook", h))
        .collect();
    let post: Vec<String> = node
        .config
        .post_hook
        .iter()
        .map(|h| render("post_hook", h))
        .collect();
    let header = node
        .config
        .sql_header
        .clone()
        .map(|h| render("sql_header", &h));
    node.config.pre_hook = pre;
    node.config.post_hook = post;
    node.config.sql_header = header;
}

/// Which node a `ref()` name means, for models and for data tests.
pub struct NodeNames {
    /// Enabled seeds and models by name, as indices into seeds followed by models.
    pub index_of: HashMap<String, usize>,
    pub seed_count: usize,
    pub disabled: Vec<String>,
}

impl NodeNames {
    pub fn unique_id(&self, project: &Project, index: usize, name: &str) -> String {
        let kind = if index < self.seed_count {
            "seed"
        } else {
            "model"
        };
        format!("{kind}.{}.{name}", project.name)
    }

    /// Resolves a render's `ref()` and `source()` calls into parents (node indices) and
    /// `depends_on` (unique ids, sorted), reporting the calls that name nothing.
    pub fn resolve_calls(
        &self,
        project: &Project,
        file: FileId,
        capture: &Capture,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<usize>, Vec<String>) {
        let text = project.files.text(file);
        let mut parents = Vec::new();
        let mut depends_on = Vec::new();
        for call in &capture.refs {
            if let Some(package) = &call.package
                && package != &project.name
            {
                diagnostics.push(
                    Diagnostic::error(
                        "unknown-package",
                        format!("unknown package `{package}` in `ref()`"),
                    )
                    .at(file, find_call(text, "ref", Some(package)).unwrap_or(0..0))
                    .with_help(format!(
                        "this project is `{}`; kiln does not install packages",
                        project.name
                    )),
                );
                continue;
            }
            match self.index_of.get(&call.name) {
                Some(&index) => {
                    parents.push(index);
                    depends_on.push(self.unique_id(project, index, &call.name));
                }
                None => diagnostics.push(self.unknown_ref(file, text, &call.name)),
            }
        }
        for (source, table) in &capture.sources {
            match project
                .sources
                .iter()
                .find(|s| &s.source_name == source && &s.name == table)
            {
                Some(found) => depends_on.push(format!(
                    "source.{}.{}.{}",
                    project.name, found.source_name, found.name
                )),
                None => diagnostics.push(unknown_source(project, file, text, source, table)),
            }
        }
        depends_on.sort();
        depends_on.dedup();
        (parents, depends_on)
    }

    fn unknown_ref(&self, file: FileId, text: &str, name: &str) -> Diagnostic {
        let span = find_call(text, "ref", Some(name)).unwrap_or(0..0);
        if self.disabled.iter().any(|d| d == name) {
            return Diagnostic::error(
                "disabled-ref",
                format!("`ref()` names `{name}`, which is disabled"),
            )
            .at(file, span)
            .with_help(format!("enable `{name}`, or disable what refs it"));
        }
        let mut diagnostic = Diagnostic::error(
            "unknown-ref",
            format!("unknown model or seed `{name}` in `ref()`"),
        )
        .at(file, span);
        diagnostic.help = did_you_mean(name, self.index_of.keys().map(String::as_str));
        diagnostic
    }
}

fn render_all(
    renderer: &Renderer,
    project: &Project,
    configs: &[NodeConfig],
    relations: &Arc<RelationTable>,
    is_incremental: bool,
) -> Vec<Rendered> {
    project
        .models
        .par_iter()
        .zip(configs.par_iter())
        .map(|(decl, config)| {
            let scope = RenderScope {
                relations: Arc::clone(relations),
                this: Some(placement(decl, config, &project.target)),
                is_incremental,
            };
            renderer.render(decl.file, &scope)
        })
        .collect()
}

/// Folder and property config, then the model's own `config()` calls.
fn final_config(
    project: &Project,
    decl: &NodeDecl,
    rendered: &Rendered,
    diagnostics: &mut Vec<Diagnostic>,
) -> NodeConfig {
    let text = project.files.text(decl.file);
    let origin = Label::new(decl.file, find_call(text, "config", None).unwrap_or(0..0));
    let mut layers = decl.config_layers.clone();
    layers.extend(
        rendered
            .capture
            .config
            .iter()
            .map(|(key, value)| ConfigEntry {
                key: key.clone(),
                value: value.clone(),
                origin: Label::new(
                    decl.file,
                    find_keyword(text, key).unwrap_or_else(|| origin.span.clone()),
                ),
            }),
    );
    config::resolve(&layers, ConfigOwner::Model, diagnostics)
}

/// Every model's and seed's relation, and every source's.
fn relation_table(project: &Project, seeds: &[Node], configs: &[NodeConfig]) -> RelationTable {
    let mut table = RelationTable {
        project_name: project.name.clone(),
        ..RelationTable::default()
    };
    for seed in seeds {
        table.nodes.insert(
            seed.name.clone(),
            Relation {
                database: seed.database.clone(),
                identifier: seed.alias.clone(),
            },
        );
    }
    for (decl, config) in project.models.iter().zip(configs) {
        let relation = if config.materialized == Materialization::Ephemeral {
            Relation {
                database: String::new(),
                identifier: format!("{EPHEMERAL_PREFIX}{}", decl.name),
            }
        } else {
            placement(decl, config, &project.target)
        };
        table.nodes.insert(decl.name.clone(), relation);
    }
    for source in &project.sources {
        table.sources.insert(
            (source.source_name.clone(), source.name.clone()),
            Relation {
                database: source.database.clone(),
                identifier: source.identifier.clone(),
            },
        );
    }
    table
}

pub fn unknown_source(
    project: &Project,
    file: FileId,
    text: &str,
    source: &str,
    table: &str,
) -> Diagnostic {
    let span = find_call(text, "source", Some(table))
        .or_else(|| find_call(text, "source", Some(source)))
        .unwrap_or(0..0);
    let mut diagnostic = Diagnostic::error(
        "unknown-source",
        format!("unknown source table `{source}.{table}` in `source()`"),
    )
    .at(file, span);
    let names: Vec<String> = project
        .sources
        .iter()
        .map(|s| format!("{}.{}", s.source_name, s.name))
        .collect();
    diagnostic.help = did_you_mean(
        &format!("{source}.{table}"),
        names.iter().map(String::as_str),
    )
    .or_else(|| Some("declare it under `sources:` in a property file".into()));
    diagnostic
}

/// The span of a call's first quoted argument (or of `name(` when `argument` is `None`).
///
/// minijinja does not report where a function was called, so diagnostics find the call in
/// the template text: the first `name(` followed by the argument in quotes.
pub fn find_call(text: &str, name: &str, argument: Option<&str>) -> Option<Range<usize>> {
    let needle = format!("{name}(");
    let mut search_from = 0;
    while let Some(found) = text.get(search_from..).and_then(|rest| rest.find(&needle)) {
        let start = search_from + found;
        let preceded_by_word = text
            .get(..start)
            .and_then(|before| before.chars().next_back())
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        search_from = start + needle.len();
        if preceded_by_word {
            continue;
        }
        let Some(argument) = argument else {
            return Some(start..start + name.len());
        };
        let rest = text.get(search_from..).unwrap_or("");
        let close = rest.find(')').unwrap_or(rest.len());
        let inside = rest.get(..close).unwrap_or("");
        for quote in ['\'', '"'] {
            let quoted = format!("{quote}{argument}{quote}");
            if let Some(position) = inside.find(&quoted) {
                let begin = search_from + position;
                return Some(begin..begin + quoted.len());
            }
        }
    }
    None
}

/// The span of `key=` inside a `config(...)` call, for diagnostics on one config key.
fn find_keyword(text: &str, key: &str) -> Option<Range<usize>> {
    let call = find_call(text, "config", None)?;
    let rest = text.get(call.end..)?;
    let mut offset = 0;
    while let Some(found) = rest.get(offset..).and_then(|r| r.find(key)) {
        let start = offset + found;
        let after = rest.get(start + key.len()..).unwrap_or("").trim_start();
        let before_ok = rest
            .get(..start)
            .and_then(|b| b.chars().next_back())
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        if before_ok && after.starts_with('=') && !after.starts_with("==") {
            return Some(call.end + start..call.end + start + key.len());
        }
        offset = start + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_found_by_their_argument() {
        let text = "select * from {{ ref('a') }} join {{ ref(\"orders\") }}";
        assert_eq!(find_call(text, "ref", Some("orders")), Some(41..49));
        assert_eq!(find_call(text, "ref", Some("missing")), None);
        assert_eq!(find_call("{{ my_ref('x') }}", "ref", Some("x")), None);
        let config = "{{ config(materialized='table', order_by='id') }}";
        assert_eq!(find_keyword(config, "order_by"), Some(32..40));
    }
}
