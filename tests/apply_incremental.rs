//! Incremental models on a real ClickHouse engine, one test per strategy: apply, change the
//! seed under the model, apply again, then `--full-refresh`. Each run must leave exactly
//! the expected rows; the second run must update the table in place (same table, same
//! UUID) and `--full-refresh` must rebuild it (a new table swapped in) with the same rows.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use common::{
    ClickHouse, copy_project, forget_project, kiln, repo_root, run_results, shadow_tables,
    status_of, text,
};
use std::path::Path;

/// One strategy's project and what it must hold before and after the seed changes.
struct Case {
    /// Folder under `tests/projects/`; its database is named the same.
    project: &'static str,
    model: &'static str,
    seed_file: &'static str,
    /// `(old, new)` replacements in the seed file, then lines appended to it.
    replacements: &'static [(&'static str, &'static str)],
    appended: &'static str,
    /// The model's rows as TabSeparated, ordered by `order_by`.
    columns: &'static str,
    order_by: &'static str,
    before: &'static str,
    after: &'static str,
}

fn rows(clickhouse: &ClickHouse, case: &Case) -> String {
    clickhouse.query(&format!(
        "SELECT {} FROM {}.{} ORDER BY {}",
        case.columns, case.project, case.model, case.order_by
    ))
}

fn uuid(clickhouse: &ClickHouse, case: &Case) -> String {
    clickhouse.query(&format!(
        "SELECT toString(uuid) FROM system.tables WHERE database = '{}' AND name = '{}'",
        case.project, case.model
    ))
}

fn change_seed(project: &Path, case: &Case) {
    let path = project.join("data").join(case.seed_file);
    let mut contents =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for (old, new) in case.replacements {
        assert!(
            contents.contains(old),
            "`{old}` is not in {}",
            path.display()
        );
        contents = contents.replace(old, new);
    }
    contents.push_str(case.appended);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn check(case: &Case) {
    let Some(clickhouse) = ClickHouse::start(case.project) else {
        return;
    };
    forget_project(&clickhouse, case.project);
    let project = copy_project(&repo_root().join("tests/projects").join(case.project));
    let target = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model_id = format!("model.{}.{}", case.project, case.model);
    let expected_count = case.after.lines().count() as u64;

    let first = kiln(
        project.path(),
        target.path(),
        &clickhouse.url,
        &["apply", "--compile"],
    );
    assert!(first.status.success(), "{}", text(&first));
    assert_eq!(
        rows(&clickhouse, case),
        case.before,
        "after the first apply"
    );
    let first_uuid = uuid(&clickhouse, case);

    change_seed(project.path(), case);
    let second = kiln(
        project.path(),
        target.path(),
        &clickhouse.url,
        &["apply", "--compile"],
    );
    assert!(second.status.success(), "{}", text(&second));
    assert_eq!(
        status_of(&run_results(target.path()), &model_id),
        "success",
        "{}",
        text(&second)
    );
    let count = clickhouse.count(&format!(
        "SELECT count() FROM {}.{}",
        case.project, case.model
    ));
    assert_eq!(count, expected_count, "rows after the incremental apply");
    assert_eq!(
        rows(&clickhouse, case),
        case.after,
        "after the incremental apply"
    );
    assert_eq!(
        uuid(&clickhouse, case),
        first_uuid,
        "the incremental apply replaced the table instead of updating it"
    );
    assert_eq!(shadow_tables(&clickhouse), "", "shadow tables left behind");

    let refresh = kiln(
        project.path(),
        target.path(),
        &clickhouse.url,
        &["apply", "--full-refresh"],
    );
    assert!(refresh.status.success(), "{}", text(&refresh));
    assert_eq!(rows(&clickhouse, case), case.after, "after --full-refresh");
    assert_eq!(
        status_of(&run_results(target.path()), &model_id),
        "success",
        "`--full-refresh` did not rebuild the incremental model:\n{}",
        text(&refresh)
    );
    assert_ne!(
        uuid(&clickhouse, case),
        first_uuid,
        "`--full-refresh` did not swap in a rebuilt table"
    );
    assert_eq!(shadow_tables(&clickhouse), "", "shadow tables left behind");
}

#[test]
fn incremental_append_adds_only_new_rows() {
    check(&Case {
        project: "incremental_append",
        model: "events",
        seed_file: "raw_events.csv",
        replacements: &[],
        appended: "5,view\n6,click\n7,purchase\n",
        columns: "id, kind",
        order_by: "id",
        before: "1\tclick\n2\tview\n3\tclick\n4\tpurchase",
        after: "1\tclick\n2\tview\n3\tclick\n4\tpurchase\n5\tview\n6\tclick\n7\tpurchase",
    });
}

#[test]
fn incremental_delete_insert_replaces_changed_rows_by_unique_key() {
    check(&Case {
        project: "incremental_delete_insert",
        model: "customers",
        seed_file: "raw_customers.csv",
        replacements: &[(
            "2,grace,silver,2024-01-02 00:00:00",
            "2,grace,gold,2024-02-01 00:00:00",
        )],
        appended: "4,alan,silver,2024-02-02 00:00:00\n5,barbara,bronze,2024-02-03 00:00:00\n",
        columns: "id, name, tier, updated_at",
        order_by: "id",
        before: "1\tada\tgold\t2024-01-01 00:00:00\n\
                 2\tgrace\tsilver\t2024-01-02 00:00:00\n\
                 3\tedsger\tbronze\t2024-01-03 00:00:00",
        after: "1\tada\tgold\t2024-01-01 00:00:00\n\
                2\tgrace\tgold\t2024-02-01 00:00:00\n\
                3\tedsger\tbronze\t2024-01-03 00:00:00\n\
                4\talan\tsilver\t2024-02-02 00:00:00\n\
                5\tbarbara\tbronze\t2024-02-03 00:00:00",
    });
}

#[test]
fn incremental_insert_overwrite_replaces_whole_partitions() {
    check(&Case {
        project: "incremental_insert_overwrite",
        model: "monthly_sales",
        seed_file: "raw_sales.csv",
        replacements: &[],
        // One more row in February (the latest month already built) and a new month.
        appended: "2024-02-25,north,50\n2024-03-01,south,60\n2024-03-09,north,70\n",
        columns: "day, store, amount, _partition_id",
        order_by: "day, store",
        before: "2024-01-05\tnorth\t10\t202401\n\
                 2024-01-20\tsouth\t20\t202401\n\
                 2024-02-03\tnorth\t30\t202402\n\
                 2024-02-14\tsouth\t40\t202402",
        after: "2024-01-05\tnorth\t10\t202401\n\
                2024-01-20\tsouth\t20\t202401\n\
                2024-02-03\tnorth\t30\t202402\n\
                2024-02-14\tsouth\t40\t202402\n\
                2024-02-25\tnorth\t50\t202402\n\
                2024-03-01\tsouth\t60\t202403\n\
                2024-03-09\tnorth\t70\t202403",
    });
}
