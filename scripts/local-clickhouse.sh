#!/usr/bin/env bash
# A local ClickHouse without Docker: ClickHouse's HTTP interface served from chDB (an
# in-process ClickHouse engine) on http://127.0.0.1:${PORT:-8123}, data in .cache/clickhouse.
# Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap-python.sh
mkdir -p .cache
exec .venv/bin/python scripts/chdb_server.py --port "${PORT:-8123}" --data-dir .cache/clickhouse
