#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server for tests, with logical replication on.
#
#   scripts/postgres/start.sh DIR [SQL_FILE...]
#
# DIR is created if missing and holds everything: data/ (the cluster), log,
# port, env, and the server's Unix socket. The server listens on 127.0.0.1 on a
# free port, with wal_level=logical so ClickHouse's MaterializedPostgreSQL
# engine can replicate from it. A login role (default `kiln`, with REPLICATION,
# owning the database, default `kiln`) authenticates with a password over TCP
# (scram-sha-256); the password is random unless PGPASSWORD_WANTED is set.
# Each SQL_FILE is then run with psql as that role, stopping at the first error.
#
# DIR/env gets the connection facts as KEY=value lines (PGHOST, PGPORT, PGUSER,
# PGPASSWORD, PGDATABASE), readable by `set -a; . DIR/env; set +a`, by
# `docker --env-file` and by a line split in any language; DIR/port the port.
#
# initdb refuses to run as root, so as root every server command runs as the
# `postgres` user (which the Debian package creates), and DIR is handed to it.
# Any other user runs them as itself. Running start.sh again on a DIR whose
# server is up only prints its env. Stop with scripts/postgres/stop.sh DIR.
#
# Environment: PG_BIN (default /usr/lib/postgresql/15/bin), PGUSER_WANTED
# (default kiln), PGDATABASE_WANTED (default kiln), PGPASSWORD_WANTED.
set -euo pipefail

usage() { echo "usage: $0 DIR [SQL_FILE...]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
[[ "$1" != -* ]] || usage

pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
role="${PGUSER_WANTED:-kiln}"
database="${PGDATABASE_WANTED:-kiln}"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
started=$(now_ms)
lap=$started
timing() {  # timing LABEL: prints the time since the previous lap
    local t; t=$(now_ms)
    printf '  %-28s %6d ms\n' "$1" $((t - lap))
    lap=$t
}

for tool in initdb pg_ctl postgres pg_isready psql; do
    if [[ ! -x "$pg_bin/$tool" ]]; then
        echo "error: $pg_bin/$tool not found; install Debian's postgresql-15 (server) and" \
             "postgresql-client-15 (psql, pg_isready), or set PG_BIN" >&2
        exit 1
    fi
done
psql="$pg_bin/psql"

# SQL files by absolute path, checked before anything starts.
sql_files=()
for sql in "${@:2}"; do
    [[ -r "$sql" ]] || { echo "error: cannot read $sql" >&2; exit 1; }
    sql_files+=("$(cd "$(dirname "$sql")" && pwd)/$(basename "$sql")")
done

mkdir -p "$1"
dir="$(cd "$1" && pwd)"
# The server's user may not be able to enter the caller's directory.
cd "$dir"
data="$dir/data"

# as_owner CMD...: runs CMD as the user that owns the cluster.
if [[ $(id -u) -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "error: running as root needs the 'postgres' user (Debian's postgresql-common creates it)" >&2
        exit 1
    fi
    chown postgres: "$dir"
    chmod 0700 "$dir"
    as_owner() { runuser -u postgres -- "$@"; }
    if ! as_owner test -w "$dir"; then
        echo "error: user postgres cannot reach $dir (a parent directory is closed to it);" \
             "use a directory under /tmp, e.g. \$(mktemp -d)" >&2
        exit 1
    fi
else
    as_owner() { "$@"; }
fi

print_env() {
    echo "postgres ready at 127.0.0.1:$(cat "$dir/port") (log: $dir/log); connection facts in $dir/env:"
    sed 's/^PGPASSWORD=.*/PGPASSWORD=<hidden>/' "$dir/env" | sed 's/^/  /'
}

if [[ -f "$data/postmaster.pid" ]] && as_owner "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "postgres already running in $data"
    print_env
    exit 0
fi

# A random password, so that a test can search every file kiln wrote for it. A
# restart keeps the password (and below, the port) of DIR/env, so that whatever
# points at the server (a ClickHouse database, say) reconnects to it.
previous_password="$(sed -n 's/^PGPASSWORD=//p' "$dir/env" 2>/dev/null || true)"
password="${PGPASSWORD_WANTED:-${previous_password:-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')}}"

if [[ ! -f "$data/PG_VERSION" ]]; then
    pwfile="$(mktemp)"
    # The superuser gets a random password too; only the socket (trust, mode
    # 0700 in DIR) is used for it.
    head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$pwfile"
    chmod 0644 "$pwfile"
    as_owner "$pg_bin/initdb" --pgdata="$data" --username=postgres --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
        --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -f "$pwfile"; exit 1; }
    rm -f "$pwfile"
    # Settings for a test server, in the cluster's own config so a restart keeps
    # them: logical decoding for MaterializedPostgreSQL (each such ClickHouse
    # database holds a slot and opens replication connections), room for many,
    # and no durability (a test cluster is thrown away). The port is given at start.
    quoted_dir="'${dir//\'/\'\'}'"
    as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF
# scripts/postgres/start.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = $quoted_dir
unix_socket_permissions = 0700
wal_level = logical
max_replication_slots = 32
max_wal_senders = 32
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
EOF
    timing initdb
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The port is free when picked, but another process may take it before the
# server binds it: try a few.
port=""
previous_port="$(cat "$dir/port" 2>/dev/null || true)"
for attempt in 1 2 3 4 5; do
    if [[ $attempt -eq 1 && -n "$previous_port" ]]; then
        candidate="$previous_port"
    else
        candidate="$(free_port)"
    fi
    if as_owner "$pg_bin/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 \
        -o "-p $candidate" start >/dev/null; then
        port="$candidate"
        break
    fi
    echo "postgres did not start on port $candidate (attempt $attempt); see $dir/log" >&2
done
if [[ -z "$port" ]]; then
    tail -n 20 "$dir/log" >&2
    exit 1
fi
echo "$port" > "$dir/port"
timing "start (port $port)"

# pg_ctl -w waits for the socket; pg_isready confirms TCP on loopback.
for _ in $(seq 1 100); do
    "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.1
done
"$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port"
timing "ready on 127.0.0.1"

# The role is made (or given a new password) on every start, so a restarted
# cluster always matches DIR/env. Values go through psql variables, quoted by
# psql (:'x' and :"x"), never pasted into SQL.
as_owner "$psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
    -v role="$role" -v password="$password" -v database="$database" <<'SQL'
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') AS role_missing \gset
\if :role_missing
CREATE ROLE :"role" LOGIN REPLICATION;
\endif
ALTER ROLE :"role" WITH LOGIN REPLICATION PASSWORD :'password';
SELECT NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') AS database_missing \gset
\if :database_missing
CREATE DATABASE :"database" OWNER :"role";
\endif
SQL
timing "role $role, database $database"

umask 077
cat > "$dir/env" <<EOF
PGHOST=127.0.0.1
PGPORT=$port
PGUSER=$role
PGPASSWORD=$password
PGDATABASE=$database
EOF
chmod 0644 "$dir/env"   # the tests, maybe not run as postgres, read it

for sql in "${sql_files[@]}"; do
    PGPASSWORD="$password" "$psql" -X -q -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$port" -U "$role" -d "$database" -f "$sql" >/dev/null
    timing "loaded $(basename "$sql")"
done

printf '  %-28s %6d ms\n' total $(( $(now_ms) - started ))
print_env
