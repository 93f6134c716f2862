#!/usr/bin/env bash
# Runs the Airflow tests in tests/airflow: the DAG loads and matches the manifest's
# graph (DagBag), and `airflow dags test` runs it end to end on a chDB server, once
# whole and once with a broken model.
#
# Installs what it needs first, each step a no-op when already done: Airflow into
# .venv-airflow/ (scripts/airflow/install.sh), chDB into .venv/
# (scripts/bootstrap-python.sh), kiln with `cargo build` (set KILN_BIN to use another
# binary). Airflow's home and metadata database live in a temporary folder, removed
# at the end. The last line printed is `N passed, N failed`; the exit code is non-zero
# when anything failed. Arguments go to pytest:
#
#   scripts/airflow/run_tests.sh
#   scripts/airflow/run_tests.sh -k structure      # only the DagBag tests
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

"$root/scripts/airflow/install.sh"
"$root/scripts/bootstrap-python.sh"
if [[ -z "${KILN_BIN:-}" ]]; then
    cargo build --quiet --bin kiln
    export KILN_BIN="$root/target/debug/kiln"
fi

AIRFLOW_HOME="$(mktemp -d "${TMPDIR:-/tmp}/kiln-airflow-home.XXXXXX")"
# The example reads the shop's OLTP PostgreSQL (models/staging/_oltp.yml): a real one,
# loaded with scripts/postgres/oltp.sql; kiln reads its connection from KILN_PG_*.
pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/kiln-airflow-pg.XXXXXX")"
chmod 755 "$pg_dir"
trap 'rm -rf "$AIRFLOW_HOME"; "$root/scripts/postgres/stop.sh" "$pg_dir/pg" --remove >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
"$root/scripts/postgres/start.sh" "$pg_dir/pg" "$root/scripts/postgres/oltp.sql" >/dev/null
set -a; . "$pg_dir/pg/env"; set +a
export KILN_PG_HOST="$PGHOST" KILN_PG_PORT="$PGPORT" KILN_PG_USER="$PGUSER" KILN_PG_PASSWORD="$PGPASSWORD" KILN_PG_DATABASE="$PGDATABASE"
export AIRFLOW_HOME
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_FOLDER="$root/orchestration/airflow/dags"
# Settings the DAG would otherwise take from this shell; each test sets its own.
unset KILN_PROJECT_DIR KILN_MANIFEST KILN_TARGET KILN_APPLY_FLAGS KILN_RETRIES KILN_RETRY_DELAY_SECONDS \
    KILN_MAX_ACTIVE_TASKS CLICKHOUSE_URL

status=0
"$root/.venv-airflow/bin/python" -m pytest "$root/tests/airflow" -p no:cacheprovider -v --durations=5 \
    --basetemp="$AIRFLOW_HOME/pytest" "$@" || status=$?
exit "$status"
