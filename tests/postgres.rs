//! PostgreSQL sources on a real PostgreSQL 15 and the local ClickHouse: a project reading
//! the OLTP database replicated (MaterializedPostgreSQL) and live (PostgreSQL engine).

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use common::{ClickHouse, Postgres, eventually, kiln_with_env, repo_root, text};
use std::time::Duration;

const REPLICATED: &str = "pg_staging.stg_replicated_orders";
const LIVE: &str = "pg_staging.stg_live_orders";

#[test]
fn postgres_sources_replicate_and_read_live_and_keep_the_password_secret() {
    let Some(postgres) = Postgres::start("postgres_sources") else {
        return;
    };
    let Some(clickhouse) = ClickHouse::start("postgres_sources") else {
        return;
    };
    let project = repo_root().join("tests/projects/postgres_source");
    let target = tempfile::tempdir().unwrap();
    let env = postgres.kiln_env();

    let applied = kiln_with_env(
        &project,
        target.path(),
        &clickhouse.url,
        &["apply", "--compile"],
        &env,
    );
    assert!(applied.status.success(), "{}", text(&applied));

    // The initial rows arrive, both ways.
    assert_eq!(
        clickhouse.count(&format!("SELECT count(order_id) FROM {REPLICATED}")),
        400
    );
    assert_eq!(
        clickhouse.count(&format!("SELECT count(order_id) FROM {LIVE}")),
        400
    );
    assert_eq!(
        clickhouse.count("SELECT count() FROM pg_staging.orders_per_customer"),
        300
    );

    // INSERT, UPDATE and DELETE in PostgreSQL show up within a bounded wait.
    postgres.psql(
        "INSERT INTO oltp.orders (order_id, customer_id, status, amount, item_count, order_date, ordered_at, updated_at)
         VALUES (20001, 1, 'placed', 12.50, 1, '2026-03-01', '2026-03-01 10:00:00', now());
         UPDATE oltp.orders SET status = 'cancelled' WHERE order_id = 10001;
         DELETE FROM oltp.orders WHERE order_id = 10002;",
    );
    let expected = "20001|placed|12.5\n10001|cancelled\n0";
    for relation in [LIVE, REPLICATED] {
        let mut seen = String::new();
        let arrived = eventually(Duration::from_secs(30), || {
            let inserted = clickhouse.query(&format!("SELECT concat(toString(order_id), '|', status, '|', toString(amount)) FROM {relation} WHERE order_id = 20001"));
            let updated = clickhouse.query(&format!("SELECT concat(toString(order_id), '|', status) FROM {relation} WHERE order_id = 10001"));
            let deleted = clickhouse.query(&format!(
                "SELECT toString(count(order_id)) FROM {relation} WHERE order_id = 10002"
            ));
            seen = format!("{inserted}\n{updated}\n{deleted}");
            seen == expected
        });
        assert!(
            arrived,
            "changes did not reach {relation} within 30 s: {seen:?}"
        );
        assert_eq!(
            clickhouse.count(&format!("SELECT count(order_id) FROM {relation}")),
            400
        );
    }

    // `kiln introspect` writes YAML whose types are the ones ClickHouse gives the tables.
    let yaml_path = target.path().join("oltp.yml");
    let introspected = kiln_with_env(
        &project,
        target.path(),
        &clickhouse.url,
        &[
            "introspect",
            "oltp",
            "--output",
            yaml_path.to_str().unwrap(),
        ],
        &env,
    );
    assert!(introspected.status.success(), "{}", text(&introspected));
    let yaml = std::fs::read_to_string(&yaml_path).unwrap();
    let mut pairs = Vec::new();
    let mut table = String::new();
    let mut column = String::new();
    for line in yaml.lines() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix("- name: ") {
            if line.starts_with("      - name") {
                table = name.to_string();
            } else {
                column = name.to_string();
            }
        } else if let Some(data_type) = trimmed.strip_prefix("data_type: ") {
            pairs.push(format!("{table}|{column}|{}", data_type.trim_matches('"')));
        }
    }
    let described = clickhouse.query(
        "SELECT concat(table, '|', name, '|', type) FROM system.columns
         WHERE database = 'oltp_live' AND table = 'orders' ORDER BY position",
    );
    let introspected_orders: Vec<&String> =
        pairs.iter().filter(|p| p.starts_with("orders|")).collect();
    assert_eq!(
        introspected_orders.len(),
        described.lines().count(),
        "{yaml}"
    );
    for (ours, theirs) in introspected_orders.iter().zip(described.lines()) {
        assert_eq!(
            ours.as_str(),
            theirs,
            "introspected type differs from ClickHouse's"
        );
    }
    assert!(pairs.iter().any(|p| p.starts_with("customers|")), "{yaml}");

    // No password in anything kiln wrote or printed.
    let password = postgres.get("PGPASSWORD");
    assert!(password.len() >= 8);
    for output in [&applied, &introspected] {
        assert!(
            !text(output).contains(&password),
            "kiln printed the password"
        );
    }
    for entry in walkdir::WalkDir::new(target.path())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let contents = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&contents).contains(&password),
                "{} holds the password",
                entry.path().display()
            );
        }
    }
}
