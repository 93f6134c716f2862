#!/usr/bin/env python3
"""What ClickHouse (chDB) does with a real PostgreSQL: the findings of docs/postgres.md, rerun.

Starts its own PostgreSQL 15 (scripts/postgres/start.sh in a temporary directory,
loaded with scripts/postgres/oltp.sql) and one chDB engine, then checks each
behaviour docs/postgres.md records for the `PostgreSQL` and `MaterializedPostgreSQL`
database engines: types, the experimental setting, initial load, INSERT/UPDATE/DELETE
latency, the backoff setting, slot and publication names, two databases on one
PostgreSQL database, ALTER TABLE ADD COLUMN and the resync, TRUNCATE, count(), named
collections, and where a password ends up. Run it again after a chDB upgrade: a FAIL
line is a finding that changed, and the doc with it.

    .venv/bin/python scripts/postgres/chdb_probe.py [--skip-slow]

--skip-slow leaves out the backoff timings (about 40 s of idle waits). Prints one line
per check, timings in brackets, and `N passed, N failed`; exits 1 when a check failed.
Needs PostgreSQL 15's server binaries and psql (see start.sh) and the .venv of
scripts/bootstrap-python.sh.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import chdb

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts" / "postgres"
TABLES = "materialized_postgresql_tables_list = 'customers,orders', materialized_postgresql_schema = 'oltp'"
FAST = "materialized_postgresql_backoff_max_ms = 100"
# Order ids the probe inserts; oltp.sql's run from 10001 to 10400.
PROBE_IDS = 90000


class Probe:
    def __init__(self, work: Path, pg_dir: Path):
        self.passed = 0
        self.failed = 0
        self.work = work
        self.pg_dir = pg_dir
        self.env = dict(line.split("=", 1) for line in (pg_dir / "env").read_text().split())
        self.hostport = f"{self.env['PGHOST']}:{self.env['PGPORT']}"
        self.password = self.env["PGPASSWORD"]
        self.data = work / "chdb"
        config = work / "chdb-config.xml"
        # A collection defined in the server's config, its password read from the
        # environment when the engine boots (the docker-compose design).
        os.environ["PROBE_PG_PASSWORD"] = self.password
        config.write_text(f"""<clickhouse>
  <query_log><database>system</database><table>query_log</table></query_log>
  <named_collections><pg_from_config>
    <host>{self.env['PGHOST']}</host><port>{self.env['PGPORT']}</port>
    <database>{self.env['PGDATABASE']}</database><schema>oltp</schema>
    <user>{self.env['PGUSER']}</user><password from_env="PROBE_PG_PASSWORD"/>
  </pg_from_config></named_collections>
</clickhouse>
""")
        self.conn = chdb.connect(f"{self.data}?config-file={config}")
        self.query("SET allow_experimental_database_materialized_postgresql = 1")

    # -- talking to both sides ------------------------------------------------------

    def query(self, sql: str) -> str:
        return self.conn.query(sql, "TSV").bytes().decode().strip()

    def error(self, sql: str) -> str:
        """The engine's error for `sql`, or '' when it succeeds."""
        try:
            self.query(sql)
            return ""
        except Exception as exc:  # chDB raises its own error type for every engine error
            return str(exc)

    def psql(self, sql: str) -> str:
        result = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                env={**os.environ, **self.env}, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed on {sql!r}: {result.stderr.strip()}")
        return result.stdout.strip()

    def wait_for(self, sql: str, want: str, timeout: float = 30.0) -> float | None:
        """Seconds until `sql` returns `want`, or None after `timeout`."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if self.query(sql) == want:
                    return time.monotonic() - started
            except Exception:  # the table may not exist yet
                pass
            time.sleep(0.01)
        return None

    def replicated(self, name: str, settings: str = f"{TABLES}, {FAST}", source: str | None = None) -> None:
        source = source or f"'{self.hostport}', '{self.env['PGDATABASE']}', '{self.env['PGUSER']}', '{self.password}'"
        self.query(f"CREATE DATABASE {name} ENGINE = MaterializedPostgreSQL({source}) SETTINGS {settings}")

    def slots(self) -> str:
        return self.psql("SELECT coalesce(string_agg(slot_name, ','), '') FROM pg_replication_slots") + " / " + \
            self.psql("SELECT coalesce(string_agg(pubname, ','), '') FROM pg_publication")

    def insert_order(self, order_id: int) -> None:
        self.psql(f"INSERT INTO oltp.orders (order_id, customer_id, status, amount, item_count, order_date, "
                  f"ordered_at, updated_at) VALUES ({order_id}, 1, 'placed', 10.00, 1, '2026-02-01', "
                  f"'2026-02-01 10:00', now())")

    def check(self, fact: str, ok: bool, observed: str = "") -> None:
        if ok:
            self.passed += 1
            print(f"ok   {fact}" + (f"  [{observed}]" if observed else ""), flush=True)
        else:
            self.failed += 1
            print(f"FAIL {fact}\n     observed: {observed}", flush=True)

    # -- the findings ---------------------------------------------------------------

    def live_engine(self) -> None:
        self.query(f"CREATE DATABASE pg_live ENGINE = PostgreSQL('{self.hostport}', '{self.env['PGDATABASE']}', "
                   f"'{self.env['PGUSER']}', '{self.password}', 'oltp')")
        types = self.query("SELECT groupArray(concat(name, ' ', type)) FROM "
                           "(SELECT name, type FROM system.columns WHERE database = 'pg_live' AND table = 'orders' "
                           "ORDER BY position)")
        want = ("['order_id Int64','customer_id Int32','status String','amount Decimal(10, 2)',"
                "'discount Nullable(Decimal(10, 2))','currency String','item_count Int16','order_date Date32',"
                "'ordered_at DateTime64(6)','shipped_at Nullable(DateTime64(6))','updated_at DateTime64(6)',"
                "'note Nullable(String)']")
        self.check("PostgreSQL engine maps types: NOT NULL columns plain, nullable ones Nullable, "
                   "numeric(p,s) Decimal(p,s), timestamp/timestamptz DateTime64(6), date Date32, char/text String",
                   types == want, types)
        count = self.query("SELECT count(), sum(amount) FROM pg_live.orders")
        self.check("PostgreSQL engine reads the OLTP rows", count == "400\t104158", count)
        shown = self.query("SHOW CREATE DATABASE pg_live")
        self.check("SHOW CREATE DATABASE prints the password as [HIDDEN]",
                   "[HIDDEN]" in shown and self.password not in shown, shown)

    def experimental_setting(self) -> None:
        error = self.error(
            f"CREATE DATABASE pg_no_setting ENGINE = MaterializedPostgreSQL('{self.hostport}', "
            f"'{self.env['PGDATABASE']}', '{self.env['PGUSER']}', '{self.password}') SETTINGS {TABLES} "
            f"SETTINGS allow_experimental_database_materialized_postgresql = 0")
        self.check("MaterializedPostgreSQL needs allow_experimental_database_materialized_postgresql = 1",
                   "UNKNOWN_DATABASE_ENGINE" in error and "Code: 336" in error, error[:160])

    def replication(self) -> None:
        started = time.monotonic()
        self.replicated("pg_repl")
        initial = self.wait_for("SELECT count() FROM pg_repl.orders", "400")
        self.check("MaterializedPostgreSQL loads the initial rows", initial is not None,
                   f"{time.monotonic() - started:.2f} s after CREATE")
        names = self.slots()
        self.check("slot and publication are <pgdb>_<hash of schema>_ch_replication_slot / _ch_publication",
                   names.startswith("kiln_") and "_ch_replication_slot / kiln_" in names
                   and names.endswith("_ch_publication"), names)
        engines = self.query("SELECT groupUniqArray(engine) FROM system.tables WHERE database = 'pg_repl'")
        self.check("replicated tables are ReplacingMergeTree(_version) with _sign, _version",
                   engines == "['ReplacingMergeTree']", engines)
        order_id = PROBE_IDS
        self.insert_order(order_id)
        insert = self.wait_for(f"SELECT count() FROM pg_repl.orders WHERE order_id = {order_id}", "1")
        self.psql(f"UPDATE oltp.orders SET status = 'paid', amount = 12.50 WHERE order_id = {order_id}")
        update = self.wait_for(f"SELECT status, amount FROM pg_repl.orders WHERE order_id = {order_id}", "paid\t12.5")
        self.psql(f"DELETE FROM oltp.orders WHERE order_id = {order_id}")
        delete = self.wait_for(f"SELECT count() FROM pg_repl.orders WHERE order_id = {order_id}", "0")
        self.check("INSERT, UPDATE and DELETE arrive (backoff_max_ms = 100)",
                   None not in (insert, update, delete),
                   f"insert {ms(insert)}, update {ms(update)}, delete {ms(delete)}")
        counts = [self.query("SELECT count() FROM pg_repl.orders"),
                  self.query("SELECT count(order_id) FROM pg_repl.orders"),
                  self.query("SELECT count() FROM (SELECT order_id FROM pg_repl.orders)")]
        self.check("bare count() on a replicated table counts deleted rows; count(column) does not",
                   counts[0] == "401" and counts[1] == "400" and counts[2] == "400",
                   f"count() {counts[0]}, count(order_id) {counts[1]}, count() over a subquery {counts[2]}")
        self.psql(f"INSERT INTO oltp.orders (order_id, customer_id, status, amount, item_count, order_date, "
                  f"ordered_at, updated_at) SELECT {PROBE_IDS + 100} + g, 1, 'placed', 1, 1, '2026-02-01', "
                  f"'2026-02-01', now() FROM generate_series(1, 300) g")
        seen = set()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            seen.add(self.query(f"SELECT count() FROM pg_repl.orders WHERE order_id > {PROBE_IDS + 100}"))
            time.sleep(0.005)
        self.check("a 300-row transaction appears at once", seen <= {"0", "300"} and "300" in seen,
                   f"counts seen: {sorted(seen, key=int)}")
        self.psql(f"DELETE FROM oltp.orders WHERE order_id > {PROBE_IDS + 100}")
        self.wait_for(f"SELECT count(order_id) FROM pg_repl.orders WHERE order_id > {PROBE_IDS + 100}", "0")
        error = self.error("ALTER DATABASE pg_repl MODIFY SETTING materialized_postgresql_backoff_max_ms = 500")
        self.check("the backoff cannot be changed on an existing database (recreate it)",
                   "Unknown setting" in error, error[:120])

    def add_column(self) -> None:
        self.psql("ALTER TABLE oltp.customers ADD COLUMN tier text DEFAULT 'basic'")
        self.psql("UPDATE oltp.customers SET loyalty_points = 9999 WHERE customer_id = 1")
        stalled = self.wait_for("SELECT loyalty_points FROM pg_repl.customers WHERE customer_id = 1", "9999", 5)
        self.insert_order(PROBE_IDS + 1)
        other = self.wait_for(f"SELECT count() FROM pg_repl.orders WHERE order_id = {PROBE_IDS + 1}", "1", 10)
        self.check("after ALTER TABLE ADD COLUMN that table stops replicating; the others go on",
                   stalled is None and other is not None,
                   f"customers update after 5 s: {'arrived' if stalled is not None else 'missing'}, "
                   f"orders insert: {ms(other)}")
        started = time.monotonic()
        self.query("DETACH TABLE pg_repl.customers PERMANENTLY")
        self.query("ATTACH TABLE pg_repl.customers")
        resynced = self.wait_for("SELECT loyalty_points, tier FROM pg_repl.customers WHERE customer_id = 1",
                                 "9999\tbasic", 10)
        self.psql("UPDATE oltp.customers SET loyalty_points = 7777 WHERE customer_id = 1")
        after = self.wait_for("SELECT loyalty_points FROM pg_repl.customers WHERE customer_id = 1", "7777", 10)
        self.check("DETACH TABLE ... PERMANENTLY + ATTACH TABLE reloads it with the new column and resumes",
                   resynced is not None and after is not None,
                   f"reloaded in {time.monotonic() - started:.2f} s, next update {ms(after)}")

    def truncate(self) -> None:
        self.insert_order(PROBE_IDS + 2)
        self.wait_for(f"SELECT count() FROM pg_repl.orders WHERE order_id = {PROBE_IDS + 2}", "1")
        self.psql(f"DELETE FROM oltp.orders WHERE order_id >= {PROBE_IDS}")
        self.wait_for(f"SELECT count(order_id) FROM pg_repl.orders WHERE order_id >= {PROBE_IDS}", "0")
        self.insert_order(PROBE_IDS + 3)
        self.wait_for(f"SELECT count() FROM pg_repl.orders WHERE order_id = {PROBE_IDS + 3}", "1")
        self.psql("TRUNCATE oltp.orders CASCADE")
        time.sleep(2)
        left = self.query("SELECT count(order_id) FROM pg_repl.orders")
        self.check("TRUNCATE in PostgreSQL is not replicated", left == "401", f"{left} rows left in ClickHouse")
        subprocess.run(["psql", "-X", "-q", "-f", str(SCRIPTS / "oltp.sql")], env={**os.environ, **self.env},
                       check=True, capture_output=True)

    def backoff(self) -> None:
        """The consumer polls, doubling its pause while idle up to backoff_max_ms."""
        self.query("DROP DATABASE IF EXISTS pg_repl SYNC")
        for name, settings in (("default", TABLES), ("100", f"{TABLES}, {FAST}")):
            self.replicated(f"pg_backoff_{name}", settings)
            self.wait_for(f"SELECT count() FROM pg_backoff_{name}.orders", "400")
            worst = 0.0
            for step, idle in enumerate((6, 9, 12)):
                time.sleep(idle)
                order_id = PROBE_IDS + 10 + step
                self.insert_order(order_id)
                latency = self.wait_for(f"SELECT count() FROM pg_backoff_{name}.orders WHERE order_id = {order_id}",
                                        "1", 20) or 99.0
                worst = max(worst, latency)
            self.psql(f"DELETE FROM oltp.orders WHERE order_id >= {PROBE_IDS}")
            self.query(f"DROP DATABASE pg_backoff_{name} SYNC")
            if name == "default":
                self.check("with the default backoff (200 ms doubling to 10 s) a change after idling waits seconds",
                           worst > 1.5, f"worst of 3 after 6-12 s idle: {worst:.2f} s")
            else:
                self.check("with backoff_max_ms = 100 a change after idling arrives in well under a second",
                           worst < 1.0, f"worst of 3 after 6-12 s idle: {worst:.2f} s")

    def two_databases(self) -> None:
        self.query("DROP DATABASE IF EXISTS pg_repl SYNC")
        self.replicated("pg_first")
        self.wait_for("SELECT count() FROM pg_first.orders", "400")
        first_names = self.slots()
        self.replicated("pg_second")
        self.wait_for("SELECT count() FROM pg_second.orders", "400")
        self.check("a second database on the same PostgreSQL database and schema reuses the slot and publication",
                   self.slots() == first_names, f"{first_names} -> {self.slots()}")
        got = {"pg_first": 0, "pg_second": 0}
        for step in range(8):
            self.insert_order(PROBE_IDS + 20 + step)
            time.sleep(0.6)
        time.sleep(2)
        for db in got:
            got[db] = int(self.query(f"SELECT count() FROM {db}.orders WHERE order_id >= {PROBE_IDS + 20}"))
        self.check("then each change reaches only one of the two (whichever polls first)",
                   got["pg_first"] + got["pg_second"] == 8 and min(got.values()) < 8, str(got))
        self.query("DROP DATABASE pg_second SYNC")
        self.insert_order(PROBE_IDS + 40)
        arrived = self.wait_for(f"SELECT count() FROM pg_first.orders WHERE order_id = {PROBE_IDS + 40}", "1", 5)
        self.check("dropping either drops the shared slot and publication: the other stops replicating",
                   arrived is None and self.slots() == " / ", f"slots after drop: '{self.slots()}'")
        self.query("DROP DATABASE pg_first SYNC")
        self.psql(f"DELETE FROM oltp.orders WHERE order_id >= {PROBE_IDS}")

    def named_collections(self) -> None:
        self.query(f"CREATE NAMED COLLECTION pg_from_sql AS host = '{self.env['PGHOST']}', "
                   f"port = {self.env['PGPORT']}, database = '{self.env['PGDATABASE']}', "
                   f"user = '{self.env['PGUSER']}', password = '{self.password}', schema = 'oltp'")
        self.query("CREATE DATABASE nc_live ENGINE = PostgreSQL(pg_from_sql)")
        live = self.query("SELECT count() FROM nc_live.orders")
        self.replicated("nc_repl", f"{TABLES}, {FAST}", source="pg_from_config")
        repl = self.wait_for("SELECT count() FROM nc_repl.orders", "400", 10)
        self.check("named collections work in PostgreSQL(...) and MaterializedPostgreSQL(...)",
                   live == "400" and repl is not None, f"live {live}, replicated {ms(repl)}")
        shown = self.query("SHOW CREATE DATABASE nc_repl")
        self.check("SHOW CREATE DATABASE shows only the collection's name",
                   "MaterializedPostgreSQL(pg_from_config)" in shown, shown.split("\\n")[1])
        self.query("DROP DATABASE nc_repl SYNC")

    def secrets(self) -> None:
        self.query("SYSTEM FLUSH LOGS")
        logged = self.query(f"SELECT count() FROM system.query_log WHERE query LIKE '%{self.password}%' "
                            f"AND query NOT LIKE '%system.query_log%'")
        masked = self.query("SELECT count() FROM system.query_log WHERE query LIKE '%[HIDDEN]%'")
        self.check("query_log masks passwords in engine arguments and CREATE NAMED COLLECTION",
                   logged == "0" and int(masked) > 0, f"{logged} queries with the password, {masked} with [HIDDEN]")
        holders = sorted(os.path.relpath(path, self.data) for path in glob.glob(f"{self.data}/**", recursive=True)
                         if os.path.isfile(path) and self.password.encode() in Path(path).read_bytes())
        self.check("the password is on disk in plain text in metadata/<db>.sql and named_collections/<name>.sql, "
                   "and nowhere for a collection from the server's config",
                   "metadata/pg_live.sql" in holders and "named_collections/pg_from_sql.sql" in holders
                   and not any("pg_from_config" in h or "nc_repl" in h for h in holders), ", ".join(holders))


def ms(seconds: float | None) -> str:
    return "never" if seconds is None else f"{seconds * 1000:.0f} ms"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-slow", action="store_true", help="leave out the backoff timings")
    args = parser.parse_args(argv)
    if shutil.which("psql") is None:
        print("error: psql not found (Debian's postgresql-client-15)", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="kiln-chdb-probe-"))
    # Its own directory: start.sh hands it to the postgres user, which cannot enter `work`.
    pg_dir = Path(tempfile.mkdtemp(prefix="kiln-chdb-probe-pg-"))
    started = time.monotonic()
    subprocess.run([str(SCRIPTS / "start.sh"), str(pg_dir), str(SCRIPTS / "oltp.sql")], check=True,
                   stdout=subprocess.DEVNULL)
    probe = None
    try:
        probe = Probe(work, pg_dir)
        print(f"chDB {probe.query('SELECT version()')}, PostgreSQL {probe.psql('SHOW server_version')}")
        probe.live_engine()
        probe.experimental_setting()
        probe.replication()
        probe.add_column()
        probe.truncate()
        if not args.skip_slow:
            probe.backoff()
        probe.two_databases()
        probe.named_collections()
        probe.secrets()
        for db in probe.query("SELECT groupArray(name) FROM system.databases WHERE engine LIKE '%PostgreSQL%'") \
                .strip("[]").replace("'", "").split(","):
            if db:
                probe.query(f"DROP DATABASE {db} SYNC")
        print(f"(took {time.monotonic() - started:.0f} s)")
        print(f"{probe.passed} passed, {probe.failed} failed")
        return 1 if probe.failed else 0
    finally:
        # Closed first: the engine's background threads write under `work` until then.
        if probe is not None:
            probe.conn.close()
        subprocess.run([str(SCRIPTS / "stop.sh"), str(pg_dir), "--remove"], check=False, stdout=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
