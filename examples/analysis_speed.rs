//! Measures static analysis speed on the example project's models.
//!
//! `cargo run --release --example analysis_speed [rounds]` compiles the example project in
//! memory, then times `analysis::analyse` per model (best of `rounds`, default 200) and the
//! throughput of 10,000 analyses on a two-thread rayon pool, as compile runs them.
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a measurement tool run by hand, not product code"
)]

use kiln::analysis::{TableMap, UpstreamColumn, UpstreamTable, analyse};
use kiln::node::ResourceType;
use kiln::project::ProjectOptions;
use kiln::types::parse_type;
use rayon::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = kiln::compile_dir(root, &ProjectOptions::default(), "2026-01-01T00:00:00Z");
    let Some(compiled) = run.compiled else {
        eprintln!("the example project does not compile");
        std::process::exit(1);
    };
    let mut catalog = TableMap::default();
    let mut models = Vec::new();
    for index in &compiled.execution_order {
        let Some(node) = compiled.nodes.get(*index) else {
            continue;
        };
        let columns: Vec<UpstreamColumn> = match node.resource_type {
            ResourceType::Seed => node
                .seed_columns
                .iter()
                .map(|c| UpstreamColumn {
                    name: c.name.clone(),
                    data_type: parse_type(&c.data_type).ok(),
                })
                .collect(),
            ResourceType::Model => {
                let sql = node.compiled_sql.clone().unwrap_or_default();
                let analysis = analyse(&sql, &catalog);
                models.push((node.name.clone(), sql));
                analysis
                    .columns
                    .into_iter()
                    .map(|c| UpstreamColumn {
                        name: c.name,
                        data_type: c.data_type,
                    })
                    .collect()
            }
            _ => continue,
        };
        let table = UpstreamTable {
            unique_id: node.unique_id.clone(),
            columns,
        };
        catalog.insert(&node.database, &node.alias, table);
    }
    let mut total = Duration::ZERO;
    let mut parse_total = Duration::ZERO;
    for (name, sql) in &models {
        let mut best = Duration::MAX;
        for _ in 0..rounds {
            let started = Instant::now();
            let analysis = analyse(sql, &catalog);
            best = best.min(started.elapsed());
            std::hint::black_box(analysis);
        }
        total += best;
        let mut parse = Duration::MAX;
        for _ in 0..rounds {
            let started = Instant::now();
            let parsed = sqlparser::parser::Parser::parse_sql(
                &sqlparser::dialect::ClickHouseDialect {},
                sql,
            );
            parse = parse.min(started.elapsed());
            std::hint::black_box(parsed.is_ok());
        }
        parse_total += parse;
        println!(
            "{name:28} {:>4} bytes {:>7.1} µs (parsing {:>6.1} µs)",
            sql.len(),
            best.as_secs_f64() * 1e6,
            parse.as_secs_f64() * 1e6
        );
    }
    let count = models.len() as f64;
    println!(
        "mean per model                          {:>7.1} µs (parsing {:>6.1} µs)",
        total.as_secs_f64() * 1e6 / count,
        parse_total.as_secs_f64() * 1e6 / count
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a thread pool");
    let started = Instant::now();
    let analysed: usize = pool.install(|| {
        (0..10_000)
            .into_par_iter()
            .map(|i| {
                let (_, sql) = &models[i % models.len()];
                analyse(sql, &catalog).columns.len()
            })
            .sum()
    });
    println!(
        "10,000 analyses on 2 threads: {:.0} ms ({analysed} columns)",
        started.elapsed().as_secs_f64() * 1e3
    );
}
