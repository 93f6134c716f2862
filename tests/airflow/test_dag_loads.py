"""Test 1: Airflow's DagBag loads the DAG, and its tasks are the manifest's graph.

The expected graph is written down here from the manifest's `parent_map` (the DAG file
reads `depends_on`), with the rules the DAG promises:

* one task per seed and model that kiln runs (`execution_order`), with the id
  `<folders under models/>.<name>`, seeds under `seeds.`; ephemeral models get none;
* a task waits for the seeds and models its node reads, and for those that the node's
  data tests read (the tests run inside the node's task), looking through ephemeral
  models;
* seeds wait for `check_clickhouse_connection`; `verify_source_data` waits for every
  seed; a model reading a seed or a source waits for `verify_source_data`; a model
  reading nothing at all waits for `check_clickhouse_connection`.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from airflow.dag_processing.dagbag import DagBag

from conftest import DAG_ID, DAGS_FOLDER, REPOSITORY, TIMINGS, Project, kiln_compile

CHECK = "check_clickhouse_connection"
VERIFY = "verify_source_data"
CREATE_SOURCES = "create_postgres_sources"


def load_dag(monkeypatch, environment: dict[str, str]):
    """Parses the DAG folder as the DAG processor would, with `environment` set."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    started = time.monotonic()
    bag = DagBag(dag_folder=str(DAGS_FOLDER))
    seconds = time.monotonic() - started
    assert bag.import_errors == {}, f"import errors: {bag.import_errors}"
    assert list(bag.dags) == [DAG_ID]
    return bag.dags[DAG_ID], seconds


def expected_task_id(node: dict) -> str:
    folders = node["fqn"][1:-1]
    groups = ["seeds", *folders] if node["resource_type"] == "seed" else folders
    return ".".join([*groups, node["name"]])


def expected_upstream(manifest: dict) -> dict[str, set[str]]:
    nodes = manifest["nodes"]
    runnable = [i for i in manifest["execution_order"] if nodes[i]["resource_type"] in ("seed", "model")]
    task_of = {unique_id: expected_task_id(nodes[unique_id]) for unique_id in runnable}

    def reads(unique_id: str) -> set[str]:
        """Runnable nodes and sources read by `unique_id`, through ephemeral models."""
        found = set()
        for parent in manifest["parent_map"][unique_id]:
            if parent in task_of or parent.startswith("source."):
                found.add(parent)
            else:
                found |= reads(parent)
        return found

    upstream = {CHECK: set(), VERIFY: {CHECK}}
    if manifest.get("postgres_sources"):
        # PostgreSQL-fed sources are created by kiln before they are verified.
        upstream[CREATE_SOURCES] = {CHECK}
        upstream[VERIFY].add(CREATE_SOURCES)
    for unique_id in runnable:
        read = reads(unique_id)
        for test_id, test in nodes.items():
            if test["resource_type"] == "test" and test.get("attached_node") == unique_id:
                read |= reads(test_id)
        read.discard(unique_id)
        tasks = {task_of[parent] for parent in read if parent in task_of}
        if nodes[unique_id]["resource_type"] == "seed":
            tasks.add(CHECK)
            upstream[VERIFY].add(task_of[unique_id])
        elif any(parent.startswith(("source.", "seed.")) for parent in read):
            tasks.add(VERIFY)
        elif not read:
            tasks.add(CHECK)
        upstream[task_of[unique_id]] = tasks
    return upstream


def actual_upstream(dag) -> dict[str, set[str]]:
    return {task_id: set(task.upstream_task_ids) for task_id, task in dag.task_dict.items()}


def test_dagbag_loads_the_dag_without_import_errors(monkeypatch, shop_project: Project):
    dag, seconds = load_dag(monkeypatch, shop_project.dag_environment())
    TIMINGS.append(f"DagBag parse of {DAG_ID} ({len(dag.task_dict)} tasks): {seconds:.3f}s")
    assert dag.schedule == "@daily"
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    # One kiln apply at a time until apply's shadow sweep keeps to its own nodes (see the DAG's doc).
    assert dag.max_active_tasks == 4


def test_task_graph_equals_the_manifest_graph_node_for_node(monkeypatch, shop_project: Project):
    dag, _ = load_dag(monkeypatch, shop_project.dag_environment())
    expected = expected_upstream(shop_project.manifest)
    assert actual_upstream(dag) == expected
    # The example's folders, spelled out once so a regression in the naming shows plainly.
    assert {task_id for task_id in expected if "." in task_id} == {
        "seeds.customers", "seeds.orders", "seeds.order_items", "seeds.products",
        "staging.stg_customers", "staging.stg_orders", "staging.stg_order_items", "staging.stg_products",
        "staging.stg_oltp_orders", "marts.core.fct_orders_live",
        "intermediate.int_order_items_enriched", "intermediate.int_customer_orders",
        "marts.core.fct_orders", "marts.core.dim_customers", "marts.core.dim_products",
        "marts.metrics.daily_sales_summary",
    }
    assert set(dag.task_group.children) == {CHECK, VERIFY, CREATE_SOURCES, "seeds", "staging", "intermediate", "marts"}


def test_ephemeral_models_sources_and_parentless_models(monkeypatch, tmp_path):
    fixture = REPOSITORY / "tests" / "airflow" / "fixtures" / "ephemeral_and_source"
    project = Project(fixture, tmp_path / "target", kiln_compile(fixture, tmp_path / "target"))
    dag, _ = load_dag(monkeypatch, project.dag_environment())
    assert actual_upstream(dag) == expected_upstream(project.manifest)
    assert actual_upstream(dag) == {
        CHECK: set(),
        "seeds.countries": {CHECK},
        VERIFY: {CHECK, "seeds.countries"},
        "marts.events_by_country": {"seeds.countries", VERIFY},
        "marts.featured_countries": {"marts.events_by_country"},
        "today": {CHECK},
    }
    verify_tables = dag.task_dict[VERIFY].op_args[0]
    assert {(t["database"], t["table"]) for t in verify_tables} == {("default", "countries"), ("raw", "events")}


def test_each_node_task_applies_that_node_with_its_tests(monkeypatch, shop_project: Project):
    dag, _ = load_dag(monkeypatch, shop_project.dag_environment() | {"KILN_TARGET": "dev"})
    nodes = shop_project.manifest["nodes"]
    for unique_id in shop_project.manifest["execution_order"]:
        node = nodes[unique_id]
        if node["resource_type"] == "test":
            continue
        command = dag.task_dict[expected_task_id(node)].bash_command
        assert command == (
            f"{shop_project.dag_environment()['KILN_BIN']} apply --select {node['name']} --no-deps"
            f" --project-dir {shop_project.project_dir} --target-path {shop_project.target_dir} --target dev"
        )
    assert dag.task_dict[CHECK].bash_command.split()[1] == "debug"


def test_retries_back_off_exponentially(monkeypatch, shop_project: Project):
    environment = shop_project.dag_environment() | {"KILN_RETRIES": "3", "KILN_RETRY_DELAY_SECONDS": "5"}
    dag, _ = load_dag(monkeypatch, environment)
    for task in dag.tasks:
        assert task.retries == 3
        assert task.retry_delay == timedelta(seconds=5)
        assert task.retry_exponential_backoff == 2.0
        assert task.max_retry_delay == timedelta(minutes=30)


def test_a_missing_manifest_is_an_import_error_that_says_what_to_do(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("KILN_MANIFEST", str(tmp_path / "nowhere" / "manifest.json"))
    bag = DagBag(dag_folder=str(DAGS_FOLDER))
    assert bag.dags == {}
    (message,) = bag.import_errors.values()
    assert "no kiln manifest at" in message and "run `kiln compile`" in message
