#!/usr/bin/env bash
# The project's test command (README): sets up everything the tests need on a fresh
# machine, then runs every suite. Exits non-zero when any suite fails.
#
#   scripts/test.sh
#
# Suites: the Rust tests (compile snapshots, apply on a chDB-backed ClickHouse server per
# test, PostgreSQL replication), the chDB server's own self-check, the docker-compose
# checks, and the Airflow DAG tests. With CLICKHOUSE_URL set, the Rust tests use that
# server instead of chDB (one test at a time).
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
scripts/bootstrap-python.sh

status=0
run() {
    echo "==> $*"
    if ! "$@"; then
        echo "==> FAILED: $*"
        status=1
    fi
}

nextest_args=(--no-fail-fast)
if [ -n "${CLICKHOUSE_URL:-}" ]; then
    nextest_args+=(--test-threads 1)
fi
if cargo nextest --version >/dev/null 2>&1; then
    run cargo nextest run "${nextest_args[@]}"
else
    run cargo test --no-fail-fast
fi
run .venv/bin/python scripts/tests/test_chdb_server.py
for suite in tests/compose/test_compose.py; do
    if [ -f "$suite" ]; then
        run .venv/bin/python "$suite"
    fi
done
if [ -x scripts/airflow/run_tests.sh ]; then
    run scripts/airflow/run_tests.sh
fi

echo "==> all suites finished in $(( $(date +%s) - started )) s: $([ $status = 0 ] && echo passed || echo FAILED)"
exit $status
