"""Tests 2 and 3: the DAG run end to end by `airflow dags test` on a chDB server.

`airflow dags test` runs every task in one process, in dependency order, with retries,
and no scheduler; the metadata database is SQLite. Each test gets a fresh ClickHouse
(scripts/chdb_server.py) and a fresh Airflow database.
"""

from __future__ import annotations

from airflow.dag_processing.dagbag import DagBag

from conftest import DAGS_FOLDER, DAG_ID, Project, copy_project, kiln_compile, log_tail

# The marts of the example project and their row counts, from data/*.csv.
EXPECTED_ROWS = {
    "model.shop.fct_orders": 10_000,
    "model.shop.dim_customers": 1_000,
    "model.shop.daily_sales_summary": 731,
    "model.shop.dim_products": 200,
    "model.shop.fct_orders_live": 400,
}


def test_every_task_succeeds_and_the_marts_have_their_rows(shop_project: Project, clickhouse, dags_test):
    run = dags_test(shop_project.dag_environment() | {"CLICKHOUSE_URL": clickhouse.url})

    failed = {task_id: state for task_id, state in run.states().items() if state != "success"}
    assert run.returncode == 0 and not failed, f"not successful: {failed}\n{log_tail(run.log)}"
    runnable = [i for i in shop_project.manifest["execution_order"] if not i.startswith("test.")]
    infrastructure = 3 if shop_project.manifest.get("postgres_sources") else 2  # the checks, and creating sources
    assert len(run.tasks) == len(runnable) + infrastructure
    nodes = shop_project.manifest["nodes"]
    rows = {unique_id: clickhouse.count(nodes[unique_id]["schema"], nodes[unique_id]["alias"]) for unique_id in EXPECTED_ROWS}
    assert rows == EXPECTED_ROWS


def test_a_failing_model_fails_after_its_retries_and_stops_its_downstream(monkeypatch, tmp_path, clickhouse, dags_test):
    project_dir = copy_project(tmp_path / "broken")
    broken_model = project_dir / "models" / "marts" / "core" / "fct_orders.sql"
    # Compiles (throwIf is a function like any other) and fails in ClickHouse, on the first row.
    broken_model.write_text(
        broken_model.read_text() + "\nwhere throwIf(orders.order_id > 0, 'fct_orders is broken on purpose by tests/airflow') = 0\n"
    )
    project = Project(project_dir, tmp_path / "target", kiln_compile(project_dir, tmp_path / "target"))
    environment = project.dag_environment() | {
        "CLICKHOUSE_URL": clickhouse.url,
        "KILN_RETRIES": "1",
        "KILN_RETRY_DELAY_SECONDS": "1",
    }

    run = dags_test(environment)

    broken_task = "marts.core.fct_orders"
    downstream = downstream_task_ids(monkeypatch, environment, broken_task)
    assert downstream == {"marts.metrics.daily_sales_summary"}
    assert run.returncode != 0
    assert run.tasks[broken_task] == ("failed", 2), log_tail(run.log)  # the first try and one retry
    assert {task_id: run.states()[task_id] for task_id in downstream} == {task_id: "upstream_failed" for task_id in downstream}
    others = {task_id: state for task_id, state in run.states().items() if task_id not in downstream | {broken_task}}
    assert set(others.values()) == {"success"}, others
    assert "fct_orders is broken on purpose" in run.log.read_text(errors="replace")


def downstream_task_ids(monkeypatch, environment: dict[str, str], task_id: str) -> set[str]:
    """Every task after `task_id` in the DAG built from `environment`'s manifest."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    dag = DagBag(dag_folder=str(DAGS_FOLDER)).dags[DAG_ID]
    return set(dag.task_dict[task_id].get_flat_relative_ids(upstream=False))
