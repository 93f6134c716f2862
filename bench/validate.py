#!/usr/bin/env python3
"""Checks that bench/gen.py writes a valid project: applies a small one on a real engine.

Generates N models (default 60), compiles them with kiln, starts a chDB-backed ClickHouse
server, creates the source tables and a few rows from the project's setup.sql, runs
`kiln apply` twice (every model and data test must succeed; the second run takes the
incremental models' `is_incremental()` branch), then compares every relation's
columns and types in `system.columns` with the `data_type`s the generator declared.

    bench/validate.py [--models 60] [--kiln target/release/kiln]

Exit status 0 when everything matches. Needs the repository's .venv (made by
scripts/bootstrap-python.sh, which this script runs when it is missing).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from local_server import ROOT, Server  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kiln", default=os.path.join(ROOT, "target", "release", "kiln"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="kiln-bench-validate-")
    project = os.path.join(work, "project")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"), "--models", str(args.models),
                    "--seed", str(args.seed), "--out", project], check=True)
    server = Server(os.path.join(work, "chdb"))
    ok = True
    try:
        statements = server.run_file(os.path.join(project, "setup.sql"))
        print(f"setup.sql: {statements} statements on {server.url}")
        env = dict(os.environ, CLICKHOUSE_URL=server.url)
        compile_ = subprocess.run([args.kiln, "compile", "--project-dir", project], env=env)
        if compile_.returncode != 0:
            print("kiln compile failed")
            return 1
        apply = subprocess.run([args.kiln, "apply", "--project-dir", project, "--quiet", "--threads", "1"],
                               env=env)
        if apply.returncode != 0:
            print("kiln apply failed")
            ok = False
        # Again: incremental models now run their `is_incremental()` branch.
        again = subprocess.run([args.kiln, "apply", "--project-dir", project, "--quiet", "--threads", "1"],
                               env=env)
        if again.returncode != 0:
            print("the second kiln apply (incremental runs) failed")
            ok = False
        with open(os.path.join(project, "expected_columns.json"), encoding="utf-8") as f:
            expected = json.load(f)
        rows = server.query(
            "SELECT concat(database, '.', table), name, type FROM system.columns "
            "WHERE database IN ('raw', 'bench_staging', 'bench_intermediate', 'bench_marts') "
            "ORDER BY database, table, position")
        actual: dict[str, list[list[str]]] = {}
        for line in rows.splitlines():
            relation, name, type_ = line.split("\t")
            actual.setdefault(relation, []).append([name, type_])
        mismatches = 0
        for relation, cols in sorted(expected.items()):
            if actual.get(relation) != cols:
                mismatches += 1
                ok = False
                if mismatches <= 10:
                    print(f"{relation}:\n  declared {cols}\n  engine   {actual.get(relation)}")
        print(f"{len(expected)} relations, {mismatches} with columns or types unlike the declared ones")
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    print("valid" if ok else "INVALID")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
