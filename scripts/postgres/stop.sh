#!/usr/bin/env bash
# Stops the PostgreSQL server that scripts/postgres/start.sh DIR started.
#
#   scripts/postgres/stop.sh DIR [--remove]
#
# Idempotent: a DIR without a running server (or no DIR at all) is fine.
# --remove also deletes DIR afterwards. Environment: PG_BIN, as for start.sh.
set -euo pipefail

[[ $# -ge 1 && "$1" != -* ]] || { echo "usage: $0 DIR [--remove]" >&2; exit 2; }
# Absolute, since the script moves to / below.
dir="$(cd "$1" 2>/dev/null && pwd || echo "$1")"
remove=false
[[ "${2:-}" == "--remove" ]] && remove=true
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
data="$dir/data"
# The server's user may not be able to enter the caller's directory.
cd /

if [[ $(id -u) -eq 0 ]] && id postgres >/dev/null 2>&1; then
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

if [[ -f "$data/postmaster.pid" ]] && as_owner "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    started=$(date +%s%N)
    # fast: roll back open transactions and end sessions, walsenders included
    # (a ClickHouse MaterializedPostgreSQL database may still be attached).
    as_owner "$pg_bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    echo "postgres in $data stopped in $(( ($(date +%s%N) - started) / 1000000 )) ms"
else
    echo "postgres in $data is not running"
fi

if $remove && [[ -d "$dir" ]]; then
    rm -rf "$dir"
    echo "removed $dir"
fi
