#!/usr/bin/env bash
# First start of the stack's PostgreSQL (the image runs /docker-entrypoint-initdb.d/*
# once, on an empty data volume, as POSTGRES_USER over the local socket).
#
# Makes the application role kiln and ClickHouse connect as, and the OLTP schema:
# - LOGIN REPLICATION: MaterializedPostgreSQL opens a replication connection
#   (without it: "must be superuser or replication role to start walsender");
# - owner of the database and, by loading oltp.sql itself, of the tables: CREATE
#   PUBLICATION ... FOR TABLE needs CREATE on the database and ownership of every
#   table (a role with only SELECT gets "permission denied for database").
# No superuser. Names and password come from the environment (docker-compose.yml);
# psql quotes them (:"x", :'x'), nothing is pasted into SQL.
set -euo pipefail

psql -X -q -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v role="$KILN_PG_USER" -v password="$KILN_PG_PASSWORD" -v database="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"role" LOGIN REPLICATION PASSWORD :'password';
ALTER DATABASE :"database" OWNER TO :"role";
SQL

psql -X -q -v ON_ERROR_STOP=1 --username "$KILN_PG_USER" --dbname "$POSTGRES_DB" \
    -f "${KILN_OLTP_SQL:-/kiln/oltp.sql}"
echo "10-kiln.sh: role $KILN_PG_USER and schema oltp ready in $POSTGRES_DB"
