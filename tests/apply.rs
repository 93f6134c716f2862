//! `kiln apply` on a real ClickHouse engine: the example project end to end, and applying
//! it twice.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use common::{ClickHouse, Postgres, kiln_with_env, repo_root, text};

/// Rows of a CSV file, without its header.
fn csv_rows(name: &str) -> u64 {
    let path = repo_root().join("data").join(format!("{name}.csv"));
    let contents =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = csv::Reader::from_reader(contents.as_bytes());
    reader.records().count() as u64
}

#[test]
fn example_applies_end_to_end_and_matches_independent_queries() {
    let Some(postgres) = Postgres::start("example_applies_end_to_end") else {
        return;
    };
    let Some(clickhouse) = ClickHouse::start("example_applies_end_to_end") else {
        return;
    };
    let env = postgres.kiln_env();
    let kiln = |project: &std::path::Path, target: &std::path::Path, url: &str, args: &[&str]| {
        kiln_with_env(project, target, url, args, &env)
    };
    let target = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = kiln(
        &repo_root(),
        target.path(),
        &clickhouse.url,
        &["apply", "--compile"],
    );
    assert!(output.status.success(), "{}", text(&output));

    for seed in ["customers", "products", "orders", "order_items"] {
        assert_eq!(
            clickhouse.count(&format!("SELECT count() FROM staging.{seed}")),
            csv_rows(seed),
            "seed {seed}"
        );
    }
    let models = [
        ("staging", "stg_customers"),
        ("staging", "stg_products"),
        ("staging", "stg_orders"),
        ("staging", "stg_order_items"),
        ("analytics", "int_order_items_enriched"),
        ("analytics", "int_customer_orders"),
        ("analytics", "dim_customers"),
        ("analytics", "dim_products"),
        ("analytics", "fct_orders"),
        ("analytics", "daily_sales_summary"),
        ("staging", "stg_oltp_orders"),
        ("analytics", "fct_orders_live"),
    ];
    for (database, model) in models {
        let exists = clickhouse.count(&format!(
            "SELECT count() FROM system.tables WHERE database = '{database}' AND name = '{model}'"
        ));
        assert_eq!(exists, 1, "{database}.{model} exists");
    }
    assert_eq!(
        clickhouse.count("SELECT count() FROM analytics.fct_orders"),
        csv_rows("orders")
    );
    assert_eq!(
        clickhouse.count("SELECT count() FROM analytics.dim_customers"),
        csv_rows("customers")
    );

    // Every data test ran and passed.
    let results =
        std::fs::read_to_string(target.path().join("run_results.json")).unwrap_or_default();
    let results: serde_json::Value = serde_json::from_str(&results).unwrap_or_default();
    let statuses: Vec<(String, String)> = results["results"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|r| {
                    (
                        r["unique_id"].as_str().unwrap_or("").to_string(),
                        r["status"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let tests: Vec<_> = statuses
        .iter()
        .filter(|(id, _)| id.starts_with("test."))
        .collect();
    assert!(tests.len() >= 30, "{} data tests ran", tests.len());
    assert!(
        tests.iter().all(|(_, status)| status == "pass"),
        "{tests:?}"
    );

    // Revenue per day, computed from the seeds alone, equals the mart's.
    let mismatched_days = clickhouse.count(
        "SELECT count() FROM (
            SELECT toDate(o.ordered_at) AS day, sum(order_net) AS revenue
            FROM (
                SELECT order_id, round(sum(quantity * unit_price * (1 - discount_pct)), 2) AS order_net
                FROM staging.order_items GROUP BY order_id
            ) AS i
            INNER JOIN staging.orders AS o ON o.order_id = i.order_id
            WHERE o.status NOT IN ('cancelled', 'returned')
            GROUP BY day
        ) AS expected
        FULL OUTER JOIN analytics.daily_sales_summary AS actual ON expected.day = actual.order_date
        WHERE expected.revenue != actual.revenue AND NOT (expected.revenue = 0 AND actual.revenue = 0)",
    );
    assert_eq!(
        mismatched_days, 0,
        "days whose revenue differs from the seeds"
    );
    let revenue_days =
        clickhouse.count("SELECT count() FROM analytics.daily_sales_summary WHERE revenue > 0");
    assert!(revenue_days > 700, "{revenue_days} days with revenue");

    // Orders per customer, from the seeds, equal the dimension's.
    let mismatched_customers = clickhouse.count(
        "SELECT count() FROM analytics.dim_customers AS d
         LEFT JOIN (SELECT customer_id, count() AS n FROM staging.orders GROUP BY customer_id) AS s
             ON d.customer_id = s.customer_id
         WHERE d.order_count != s.n",
    );
    assert_eq!(
        mismatched_customers, 0,
        "customers whose order count differs from the seeds"
    );
}

#[test]
fn applying_twice_changes_nothing() {
    let Some(postgres) = Postgres::start("applying_twice_changes_nothing") else {
        return;
    };
    let Some(clickhouse) = ClickHouse::start("applying_twice_changes_nothing") else {
        return;
    };
    let env = postgres.kiln_env();
    let kiln = |project: &std::path::Path, target: &std::path::Path, url: &str, args: &[&str]| {
        kiln_with_env(project, target, url, args, &env)
    };
    let target = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let counts = |clickhouse: &ClickHouse| {
        clickhouse.query(
            "SELECT database, name, total_rows FROM system.tables WHERE database IN ('staging', 'analytics') AND engine != 'View' ORDER BY database, name",
        )
    };
    let first = kiln(
        &repo_root(),
        target.path(),
        &clickhouse.url,
        &["apply", "--compile"],
    );
    assert!(first.status.success(), "{}", text(&first));
    let after_first = counts(&clickhouse);
    assert!(after_first.lines().count() >= 8, "{after_first}");

    let second = kiln(&repo_root(), target.path(), &clickhouse.url, &["apply"]);
    assert!(second.status.success(), "{}", text(&second));
    // Only nodes reading PostgreSQL run again: their input changes outside kiln.
    let results: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(target.path().join("run_results.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    let rerun: Vec<&str> = results["results"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter(|r| r["status"] != "up_to_date")
                .filter_map(|r| r["unique_id"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        !rerun.is_empty()
            && rerun
                .iter()
                .all(|id| id.contains("oltp") || id.contains("orders_live")),
        "{rerun:?}"
    );
    assert_eq!(counts(&clickhouse), after_first);

    // Forcing every node rebuilds with identical results: seeds are replaced, not appended.
    let forced = kiln(
        &repo_root(),
        target.path(),
        &clickhouse.url,
        &["apply", "--full"],
    );
    assert!(forced.status.success(), "{}", text(&forced));
    assert_eq!(counts(&clickhouse), after_first);
    let shadows =
        clickhouse.count("SELECT count() FROM system.tables WHERE name LIKE '%\\_\\_kiln\\_new'");
    assert_eq!(shadows, 0);
}
