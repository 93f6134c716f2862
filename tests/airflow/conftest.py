"""Fixtures for the Airflow tests: the compiled project, a chDB server, `airflow dags test`.

Run through scripts/airflow/run_tests.sh, which installs Airflow into .venv-airflow/,
builds kiln and sets KILN_BIN, and points AIRFLOW_HOME at a temporary folder before
this file is imported (importing Airflow reads it).

Nothing here writes into the repository: kiln compiles into temporary target folders
(the DAG reads the manifest from KILN_MANIFEST, and its tasks pass the same folder as
`--target-path`), and each `airflow dags test` gets its own metadata database.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
DAGS_FOLDER = REPOSITORY / "orchestration" / "airflow" / "dags"
DAG_ID = "kiln_pipeline"
AIRFLOW = Path(sys.executable).parent / "airflow"
CHDB_PYTHON = REPOSITORY / ".venv" / "bin" / "python"
# What a kiln project is made of; target/, .venv/ and the rest stay behind in a copy.
PROJECT_PARTS = ["kiln.yml", "models", "data", "macros", "tests/data"]
# Durations worth reporting (DagBag parse, `airflow dags test`), printed after the tests.
TIMINGS: list[str] = []


def kiln_bin() -> str:
    kiln = os.environ.get("KILN_BIN")
    if not kiln or not os.access(kiln, os.X_OK):
        pytest.fail(f"KILN_BIN ({kiln!r}) is not an executable kiln; run the tests with scripts/airflow/run_tests.sh")
    return kiln


def kiln_compile(project_dir: Path, target_dir: Path) -> dict:
    """Compiles `project_dir` into `target_dir` and returns the manifest."""
    result = subprocess.run(
        [kiln_bin(), "compile", "--quiet", "--project-dir", str(project_dir), "--target-path", str(target_dir)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"kiln compile failed:\n{result.stderr}"
    return json.loads((target_dir / "manifest.json").read_text())


@dataclass
class Project:
    """A kiln project compiled into a temporary target folder."""

    project_dir: Path
    target_dir: Path
    manifest: dict

    @property
    def manifest_path(self) -> Path:
        return self.target_dir / "manifest.json"

    def dag_environment(self) -> dict[str, str]:
        """What the DAG file reads: the project, its manifest and the kiln binary."""
        return {"KILN_PROJECT_DIR": str(self.project_dir), "KILN_MANIFEST": str(self.manifest_path), "KILN_BIN": kiln_bin()}


@pytest.fixture(scope="session")
def shop_project(tmp_path_factory) -> Project:
    """The example shop project of this repository, compiled outside its target/."""
    target_dir = tmp_path_factory.mktemp("shop") / "target"
    return Project(REPOSITORY, target_dir, kiln_compile(REPOSITORY, target_dir))


def copy_project(destination: Path) -> Path:
    """A copy of the shop project's sources, to break without touching the repository."""
    for part in PROJECT_PARTS:
        source = REPOSITORY / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        elif source.exists():
            (destination / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / part)
    return destination


# ---------------------------------------------------------------------------
# A ClickHouse engine: scripts/chdb_server.py, one per test that needs it.


@dataclass
class ClickHouse:
    url: str

    def query(self, sql: str) -> str:
        request = urllib.request.Request(self.url + "/", data=sql.encode())
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read().decode()

    def count(self, database: str, table: str) -> int:
        return int(self.query(f"SELECT count() FROM `{database}`.`{table}`").strip())


@pytest.fixture
def clickhouse(tmp_path):
    if not CHDB_PYTHON.exists():
        pytest.fail(f"{CHDB_PYTHON} is missing; run scripts/bootstrap-python.sh (run_tests.sh does)")
    ready = tmp_path / "chdb.ready"
    log = (tmp_path / "chdb.log").open("w")
    server = subprocess.Popen(
        [str(CHDB_PYTHON), str(REPOSITORY / "scripts" / "chdb_server.py"), "--port", "0",
         "--data-dir", str(tmp_path / "chdb"), "--ready-file", str(ready)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the chDB server did not start:\n{(tmp_path / 'chdb.log').read_text()}")
            time.sleep(0.1)
        yield ClickHouse(f"http://127.0.0.1:{ready.read_text().strip()}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# ---------------------------------------------------------------------------
# `airflow dags test`: the whole DAG in one process, no scheduler, SQLite metadata.


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """An Airflow metadata database with the schema in place, copied for each run
    (`airflow db migrate` takes several seconds)."""
    home = tmp_path_factory.mktemp("airflow-template")
    result = subprocess.run(
        [str(AIRFLOW), "db", "migrate"], env=airflow_environment(home), capture_output=True, text=True
    )
    assert result.returncode == 0, f"airflow db migrate failed:\n{result.stdout}\n{result.stderr}"
    return home / "airflow.db"


def airflow_environment(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        }
    )
    environment.update(extra or {})
    return environment


@dataclass
class DagRun:
    returncode: int
    seconds: float
    log: Path
    # task_id -> (state, try_number)
    tasks: dict[str, tuple[str | None, int]]

    def states(self) -> dict[str, str | None]:
        return {task_id: state for task_id, (state, _) in self.tasks.items()}


@pytest.fixture
def dags_test(request, tmp_path, migrated_database):
    """Runs `airflow dags test kiln_pipeline` with the given environment in a fresh
    AIRFLOW_HOME and reads every task's final state from its SQLite database."""

    def run(extra_environment: dict[str, str]) -> DagRun:
        home = tmp_path / "airflow"
        home.mkdir()
        shutil.copy2(migrated_database, home / "airflow.db")
        log = tmp_path / "dags-test.log"
        started = time.monotonic()
        with log.open("w") as output:
            result = subprocess.run(
                [str(AIRFLOW), "dags", "test", DAG_ID, "2026-01-02"],
                env=airflow_environment(home, extra_environment),
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=1800,
            )
        seconds = time.monotonic() - started
        TIMINGS.append(f"airflow dags test ({request.node.name}): {seconds:.1f}s")
        with sqlite3.connect(home / "airflow.db") as database:
            rows = database.execute(
                "SELECT task_id, state, try_number FROM task_instance WHERE dag_id = ?", (DAG_ID,)
            ).fetchall()
        return DagRun(result.returncode, seconds, log, {task_id: (state, tries) for task_id, state, tries in rows})

    return run


def log_tail(path: Path, lines: int = 60) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def outcome_counts(config) -> tuple[int, int, int]:
    """Passed, failed (errors in setup or teardown included) and skipped tests."""
    stats = config.pluginmanager.get_plugin("terminalreporter").stats
    passed = len([report for report in stats.get("passed", []) if report.when == "call"])
    failed = len(stats.get("failed", [])) + len(stats.get("error", []))
    return passed, failed, len(stats.get("skipped", []))


def pytest_terminal_summary(terminalreporter):
    if TIMINGS:
        terminalreporter.section("timings")
        for line in TIMINGS:
            terminalreporter.write_line(line)


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: nothing here may pass by not running."""
    _, _, skipped = outcome_counts(session.config)
    if skipped and os.environ.get("CI") == "true":
        print(f"error: {skipped} test(s) skipped with CI=true; the Airflow tests must all run in CI")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config):
    """The closing line run_tests.sh promises, after pytest's own summary."""
    if config.pluginmanager.get_plugin("terminalreporter") is None:
        return
    passed, failed, skipped = outcome_counts(config)
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""), flush=True)
