//! The example project's models (seeds and sources as the catalog) analyse completely, to exactly the types ClickHouse gives
//! them: the types their YAML contracts declare (the marts), and for every model the
//! schema ClickHouse 26.9 reports, recorded in `example_schemas.tsv` by
//! `scripts/analysis_vs_clickhouse.py example`.

use crate::analysis::{TableMap, UpstreamColumn, UpstreamTable, analyse};
use crate::node::ResourceType;
use crate::project::ProjectOptions;
use crate::types::parse_type;
use std::collections::HashMap;
use std::path::Path;

/// `model -> [(column, type)]` from the recorded ClickHouse schemas.
fn recorded_schemas() -> HashMap<String, Vec<(String, String)>> {
    let mut schemas: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let mut current = String::new();
    for line in include_str!("example_schemas.tsv").lines() {
        if let Some(model) = line.strip_prefix("## ") {
            current = model.to_string();
        } else if let Some((name, data_type)) = line.split_once('\t') {
            schemas
                .entry(current.clone())
                .or_default()
                .push((name.to_string(), data_type.to_string()));
        }
    }
    schemas
}

#[test]
fn example_models_analyse_to_their_declared_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = crate::compile_dir(root, &ProjectOptions::default(), "2026-01-01T00:00:00Z");
    let compiled = run.compiled.expect("the example compiles");
    let recorded = recorded_schemas();
    let mut catalog = TableMap::default();
    for source in &compiled.sources {
        let columns = source
            .columns
            .values()
            .map(|c| UpstreamColumn {
                name: c.name.clone(),
                data_type: c
                    .data_type
                    .as_ref()
                    .map(|(t, _)| parse_type(t).expect("source types parse")),
            })
            .collect();
        let unique_id = format!(
            "source.{}.{}.{}",
            compiled.project_name, source.source_name, source.name
        );
        catalog.insert(
            &source.database,
            &source.identifier,
            UpstreamTable { unique_id, columns },
        );
    }
    let mut failures = Vec::new();
    let mut analysed = 0;
    for index in &compiled.execution_order {
        let node = &compiled.nodes[*index];
        match node.resource_type {
            ResourceType::Seed => {
                let columns = node
                    .seed_columns
                    .iter()
                    .map(|c| UpstreamColumn {
                        name: c.name.clone(),
                        data_type: Some(parse_type(&c.data_type).expect("seed types parse")),
                    })
                    .collect();
                let table = UpstreamTable {
                    unique_id: node.unique_id.clone(),
                    columns,
                };
                catalog.insert(&node.database, &node.alias, table);
            }
            ResourceType::Model => {
                let sql = node.compiled_sql.as_deref().expect("models have SQL");
                let analysis = analyse(sql, &catalog);
                analysed += 1;
                if !analysis.complete || !analysis.issues.is_empty() {
                    failures.push(format!(
                        "{}: complete = {}, issues = {:#?}",
                        node.name, analysis.complete, analysis.issues
                    ));
                }
                let actual: Vec<(String, String)> = analysis
                    .columns
                    .iter()
                    .map(|c| {
                        let t = c
                            .data_type
                            .as_ref()
                            .map_or("unknown".into(), ToString::to_string);
                        (c.name.clone(), t)
                    })
                    .collect();
                let expected = recorded.get(&node.name).cloned().unwrap_or_default();
                if actual != expected {
                    failures.push(format!(
                        "{}: ClickHouse gives\n    {expected:?}\n  analysis gives\n    {actual:?}",
                        node.name
                    ));
                }
                for (name, column) in &node.columns {
                    let Some((declared, _)) = &column.data_type else {
                        continue;
                    };
                    let inferred = actual
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, t)| t.as_str());
                    if inferred != Some(declared.as_str()) {
                        failures.push(format!(
                            "{}.{name}: declared `{declared}`, inferred {inferred:?}",
                            node.name
                        ));
                    }
                }
                let columns = analysis
                    .columns
                    .into_iter()
                    .map(|c| UpstreamColumn {
                        name: c.name,
                        data_type: c.data_type,
                    })
                    .collect();
                let table = UpstreamTable {
                    unique_id: node.unique_id.clone(),
                    columns,
                };
                catalog.insert(&node.database, &node.alias, table);
            }
            _ => {}
        }
    }
    assert_eq!(
        analysed,
        recorded.len(),
        "every model of the example is analysed"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
