"""kiln's pipeline as an Airflow DAG: one task per seed and model of `target/manifest.json`.

Airflow parses this file on its own schedule, and every parse reads the manifest that
`kiln compile` wrote, so a model added to the project shows up here after the next
compile, with no change to this file. The DAG, for the example shop project:

    check_clickhouse_connection                 kiln debug
      -> seeds.customers, seeds.orders, ...     kiln apply --select <seed> --no-deps
      -> verify_source_data                     every seed and source table has rows
      -> staging.stg_orders, ...                kiln apply --select <model> --no-deps
      -> intermediate.* -> marts.core.*, marts.metrics.*

Task groups mirror the folders under models/ (seeds get a `seeds` group). A node's
task also runs the node's data tests: `kiln apply --no-deps` runs the tests attached to
the node, like Cosmos' default `TestBehavior.AFTER_EACH`, so a failing test fails the
task and everything downstream ends `upstream_failed`. A test that also reads another
node (a `relationships` test) makes its node's task wait for that node too, as
`dbt build` makes such a test wait for all its parents; otherwise the test could run
before the table it compares against exists. Ephemeral models get no task: they are
inlined into their readers, which wait for the ephemeral model's own parents.

Settings, each read from an Airflow Variable, else from an environment variable, else
a default (an Airflow Variable can itself come from `AIRFLOW_VAR_<NAME>`):

    Variable                  environment               default
    kiln_project_dir          KILN_PROJECT_DIR          the repository holding this file
    kiln_manifest             KILN_MANIFEST             <project dir>/target/manifest.json
    kiln_bin                  KILN_BIN                  `kiln`, found on PATH
    kiln_target               KILN_TARGET               the profile's own `target`
    kiln_clickhouse_url       CLICKHOUSE_URL            the profile's host and port
    kiln_apply_flags          KILN_APPLY_FLAGS          none (e.g. `--full`, `--threads 2`)
    kiln_retries              KILN_RETRIES              2
    kiln_retry_delay_seconds  KILN_RETRY_DELAY_SECONDS  60, doubled at each retry
    kiln_max_active_tasks     KILN_MAX_ACTIVE_TASKS     4: kiln applies running at once

The ClickHouse user and password come from CLICKHOUSE_USER and CLICKHOUSE_PASSWORD in
the workers' environment (or the profile), never from a Variable, so the UI never
shows them. kiln runs with `--target-path` set to the manifest's folder, so the tasks
apply exactly the bundle this DAG was built from.

Tasks run in parallel: each `kiln apply --select <node> --no-deps` builds only its node
(in a shadow table of its own, swapped in atomically) and cleans up only that node's
leftovers, so applies of independent nodes never touch each other's tables.
"""

from __future__ import annotations

import json
import os
import shlex
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, TaskGroup, Variable, task

DAG_ID = "kiln_pipeline"


def setting(variable: str, environment: str, default: str | None) -> str | None:
    """An Airflow Variable, else an environment variable, else `default`; empty means unset."""
    value = Variable.get(variable, default=None) or os.environ.get(environment) or default
    return value or None


# The repository this file ships in: orchestration/airflow/dags/kiln_pipeline.py.
REPOSITORY = Path(__file__).resolve().parents[3]

PROJECT_DIR = Path(setting("kiln_project_dir", "KILN_PROJECT_DIR", str(REPOSITORY)))
MANIFEST_PATH = Path(setting("kiln_manifest", "KILN_MANIFEST", str(PROJECT_DIR / "target" / "manifest.json")))
KILN = setting("kiln_bin", "KILN_BIN", "kiln")
TARGET = setting("kiln_target", "KILN_TARGET", None)
CLICKHOUSE_URL = setting("kiln_clickhouse_url", "CLICKHOUSE_URL", None)
APPLY_FLAGS = shlex.split(setting("kiln_apply_flags", "KILN_APPLY_FLAGS", "") or "")
RETRIES = int(setting("kiln_retries", "KILN_RETRIES", "2"))
RETRY_DELAY = timedelta(seconds=float(setting("kiln_retry_delay_seconds", "KILN_RETRY_DELAY_SECONDS", "60")))
MAX_ACTIVE_TASKS = int(setting("kiln_max_active_tasks", "KILN_MAX_ACTIVE_TASKS", "4"))


# ---------------------------------------------------------------------------
# Reading the manifest: which nodes get a task, and what each task waits for.


def load_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        # An import error with this text is what Airflow's UI shows for the DAG file.
        raise FileNotFoundError(
            f"no kiln manifest at {path}; run `kiln compile` in {PROJECT_DIR}, "
            "or point the `kiln_manifest` Variable (KILN_MANIFEST) at one"
        ) from None


def runnable_nodes(manifest: dict) -> dict[str, dict]:
    """The seeds and models `kiln apply` runs, in kiln's execution order.

    `execution_order` leaves out what apply never runs (ephemeral models, disabled
    nodes), so ephemeral models get no task."""
    nodes = manifest["nodes"]
    return {
        unique_id: nodes[unique_id]
        for unique_id in manifest["execution_order"]
        if nodes[unique_id]["resource_type"] in ("seed", "model")
    }


def node_parents(manifest: dict, unique_id: str, runnable: dict[str, dict]) -> tuple[set[str], bool]:
    """The runnable nodes `unique_id` reads, looking through ephemeral models, and
    whether it reads a source."""
    parents: set[str] = set()
    reads_source = False
    stack = list(manifest["nodes"][unique_id]["depends_on"]["nodes"])
    seen: set[str] = set()
    while stack:
        parent = stack.pop()
        if parent in seen:
            continue
        seen.add(parent)
        if parent in runnable:
            parents.add(parent)
        elif parent.startswith("source."):
            reads_source = True
        elif parent in manifest["nodes"]:  # an ephemeral model: wait for what it reads
            stack.extend(manifest["nodes"][parent]["depends_on"]["nodes"])
    return parents, reads_source


def task_upstream(manifest: dict, runnable: dict[str, dict]) -> dict[str, tuple[set[str], bool]]:
    """For each runnable node: the nodes its task waits for, and whether it reads a seed
    or a source (then it also waits for `verify_source_data`).

    A task runs its node and the data tests attached to it, so it waits for the node's
    parents and for every other parent of those tests."""
    tests_of: dict[str, list[str]] = {}
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] == "test" and node.get("attached_node"):
            tests_of.setdefault(node["attached_node"], []).append(unique_id)
    upstream = {}
    for unique_id in runnable:
        parents, reads_source = node_parents(manifest, unique_id, runnable)
        for test in tests_of.get(unique_id, []):
            test_parents, test_reads_source = node_parents(manifest, test, runnable)
            parents |= test_parents
            reads_source |= test_reads_source
        parents.discard(unique_id)
        reads_source |= any(runnable[p]["resource_type"] == "seed" for p in parents)
        upstream[unique_id] = (parents, reads_source)
    return upstream


def group_path(node: dict) -> tuple[str, ...]:
    """The task group of a node: its folder under models/ (`fqn` minus the project and
    the name); seeds go under `seeds`."""
    folders = tuple(node["fqn"][1:-1])
    return ("seeds", *folders) if node["resource_type"] == "seed" else folders


def source_tables(manifest: dict, runnable: dict[str, dict]) -> list[dict]:
    """The tables `verify_source_data` checks: every seed, and every declared source."""
    tables = [
        {"unique_id": unique_id, "database": node["schema"], "table": node.get("alias") or node["name"]}
        for unique_id, node in runnable.items()
        if node["resource_type"] == "seed"
    ]
    for unique_id, source in manifest.get("sources", {}).items():
        table = source.get("identifier") or source["name"]
        tables.append({"unique_id": unique_id, "database": source["schema"], "table": table})
    return tables


# ---------------------------------------------------------------------------
# The tasks.


def kiln_command(*arguments: str) -> str:
    """A kiln command line for BashOperator, pointed at the project and the manifest's bundle."""
    words = [KILN, *arguments, "--project-dir", str(PROJECT_DIR), "--target-path", str(MANIFEST_PATH.parent)]
    if TARGET:
        words += ["--target", TARGET]
    return shlex.join(words)


def kiln_environment() -> dict[str, str]:
    """Added to the workers' environment: kiln's own CLICKHOUSE_* variables."""
    return {"CLICKHOUSE_URL": CLICKHOUSE_URL} if CLICKHOUSE_URL else {}


def clickhouse_count(url: str, database: str, table: str) -> int:
    """`count()` of one table over ClickHouse's HTTP interface (the standard library only,
    so workers need no ClickHouse driver)."""

    def quote(identifier: str) -> str:
        return "`" + identifier.replace("\\", "\\\\").replace("`", "\\`") + "`"

    request = urllib.request.Request(url.rstrip("/") + "/", data=f"SELECT count() FROM {quote(database)}.{quote(table)}".encode())
    if os.environ.get("CLICKHOUSE_USER"):
        request.add_header("X-ClickHouse-User", os.environ["CLICKHOUSE_USER"])
    if os.environ.get("CLICKHOUSE_PASSWORD"):
        request.add_header("X-ClickHouse-Key", os.environ["CLICKHOUSE_PASSWORD"])
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.read().decode().strip())
    except urllib.error.HTTPError as error:
        # ClickHouse puts its own message in the body: show it, not just "HTTP 404".
        raise RuntimeError(error.read().decode(errors="replace").strip()) from None


@task
def verify_source_data(tables: list[dict], url: str | None) -> None:
    """Fails, naming every culprit, unless each seed and source table exists and has rows.

    Uses `kiln_clickhouse_url` / CLICKHOUSE_URL, else http://localhost:8123 (kiln's own
    default): unlike kiln it does not read the profile in kiln.yml."""
    url = url or os.environ.get("CLICKHOUSE_URL") or "http://localhost:8123"
    problems = []
    for entry in tables:
        name = f"{entry['database']}.{entry['table']} ({entry['unique_id']})"
        try:
            rows = clickhouse_count(url, entry["database"], entry["table"])
        except (OSError, RuntimeError, ValueError) as error:
            problems.append(f"{name}: {error}")
            continue
        if rows == 0:
            problems.append(f"{name}: the table is empty")
        else:
            print(f"{name}: {rows} rows")
    if problems:
        raise RuntimeError("source data is missing or empty:\n" + "\n".join(problems))


manifest = load_manifest(MANIFEST_PATH)
runnable = runnable_nodes(manifest)

with DAG(
    dag_id=DAG_ID,
    description=f"kiln project `{manifest['metadata'].get('project_name', '?')}`, one task per seed and model",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=MAX_ACTIVE_TASKS,
    default_args={
        "retries": RETRIES,
        "retry_delay": RETRY_DELAY,
        # A multiplier since Airflow 3.1 (True would mean 1.0, no backoff): 60 s, 120 s, 240 s...
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(minutes=30),
    },
    tags=["kiln", "clickhouse"],
    doc_md=__doc__,
) as dag:
    check_connection = BashOperator(
        task_id="check_clickhouse_connection",
        bash_command=kiln_command("debug"),
        env=kiln_environment(),
        append_env=True,
    )
    verify = verify_source_data(source_tables(manifest, runnable), CLICKHOUSE_URL)
    check_connection >> verify
    if manifest.get("postgres_sources"):
        # PostgreSQL-fed sources exist in ClickHouse only once kiln has created their
        # databases (and, for replicated ones, ClickHouse has loaded the tables).
        create_sources = BashOperator(
            task_id="create_postgres_sources",
            bash_command=kiln_command("apply", "--sources-only"),
            env=kiln_environment(),
            append_env=True,
        )
        check_connection >> create_sources >> verify

    groups: dict[tuple[str, ...], TaskGroup] = {}

    def task_group(path: tuple[str, ...]) -> TaskGroup | None:
        """The (nested) task group for a folder path, made on first use."""
        if not path:
            return None
        if path not in groups:
            groups[path] = TaskGroup(group_id=path[-1], parent_group=task_group(path[:-1]), tooltip="/".join(path))
        return groups[path]

    tasks = {}
    for unique_id, node in runnable.items():
        tasks[unique_id] = BashOperator(
            task_id=node["name"],
            task_group=task_group(group_path(node)),
            bash_command=kiln_command("apply", "--select", node["name"], "--no-deps", *APPLY_FLAGS),
            env=kiln_environment(),
            append_env=True,
            doc_md=f"`{unique_id}` ({node['config'].get('materialized', node['resource_type'])}), "
            f"from `{node['original_file_path']}`, with its data tests",
        )

    for unique_id, (parents, reads_source) in task_upstream(manifest, runnable).items():
        node_task = tasks[unique_id]
        for parent in sorted(parents):
            tasks[parent] >> node_task
        if runnable[unique_id]["resource_type"] == "seed":
            check_connection >> node_task >> verify
        elif reads_source:
            verify >> node_task
        elif not parents:
            check_connection >> node_task
