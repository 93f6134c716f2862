#!/usr/bin/env python3
"""What `kiln apply` adds on top of ClickHouse, per node (issue 7; goal: under 10 ms).

Writes a project of 1,000 small view models (a tree: each model selects from one or two
earlier ones through `ref()`), compiles it, starts a chDB-backed ClickHouse server
(scripts/chdb_server.py) and runs `kiln apply --threads 1` on it: the chDB server runs one
query at a time, so with more threads a node's time would include waiting for another
node's query, which is not kiln's overhead. Then for every node:

  kiln time    `execution_time` in target/run_results.json (from before the node's first
               request to after its last answer; the state row kiln records afterwards is
               not in it)
  server time  the `query_duration_ms` of the node's statements in `system.query_log`,
               found by `log_comment` = the node's unique_id, which kiln sets on every
               statement it runs for a node

and prints mean / median / p95 of (kiln time - server time). `query_duration_ms` is whole
milliseconds; the microsecond difference of `event_time_microseconds` and
`query_start_time_microseconds` is shown beside it.

Part of that difference is not kiln's: the HTTP round trip and what the Python server does
around the engine (a fresh chDB session per request). To tell the two apart, the script
replays each node's requests with a minimal client (Python's http.client on one kept-alive
connection): the node's statements with the same settings, and takes (client wall time -
server time) the same way. That is the floor any client pays against this server; kiln's
own overhead is what it adds above it (kiln also records each node's state after the node,
outside its `execution_time`, and lists the run's tables once before the run).

    bench/apply_overhead.py [--models 1000] [--kiln target/release/kiln]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from local_server import ROOT, Server  # noqa: E402


def write_project(out: str, models: int) -> None:
    """`v0` reads numbers(); `vN` reads `v((N-1)//2)` and sometimes `v(N-1)` too."""
    os.makedirs(os.path.join(out, "models"), exist_ok=True)
    with open(os.path.join(out, "dbt_project.yml"), "w") as f:
        f.write("name: overhead\nprofile: overhead\nmodels:\n  overhead:\n"
                "    +materialized: view\n    +schema: overhead\n")
    with open(os.path.join(out, "profiles.yml"), "w") as f:
        f.write("overhead:\n  target: dev\n  outputs:\n    dev:\n      type: clickhouse\n"
                "      schema: overhead\n      host: localhost\n      port: 8123\n")
    for i in range(models):
        if i == 0:
            sql = ("select number as id, number % 7 as grp, toDate('2024-01-01') + number as day\n"
                   "from numbers(100)\n")
        else:
            parent = (i - 1) // 2
            sql = f"select id, grp, day from {{{{ ref('v{parent}') }}}}\nwhere grp != {i % 7}\n"
            if i % 5 == 0 and i - 1 != parent:
                sql += f"union all\nselect id, grp, day from {{{{ ref('v{i - 1}') }}}}\nwhere id < {i}\n"
        with open(os.path.join(out, "models", f"v{i}.sql"), "w") as f:
            f.write(sql)


def stats(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return (f"mean {statistics.fmean(values):6.2f} ms   median {statistics.median(values):6.2f} ms   "
            f"p95 {p95:6.2f} ms   (n = {len(values)})")


def server_times(server: Server, prefix: str = "") -> dict[str, tuple[float, float]]:
    """Per log_comment: (sum of query_duration_ms, sum of the microsecond durations in ms)."""
    server.query("SYSTEM FLUSH LOGS")
    rows = server.query(
        "SELECT log_comment, sum(query_duration_ms), "
        "sum(dateDiff('microsecond', query_start_time_microseconds, event_time_microseconds)) / 1000 "
        "FROM system.query_log WHERE type != 'QueryStart' AND startsWith(log_comment, "
        f"'{prefix}') GROUP BY log_comment")
    out = {}
    for line in rows.splitlines():
        comment, ms, us = line.split("\t")
        out[comment[len(prefix):]] = (float(ms), float(us))
    return out


def replay(server: Server, manifest: dict, order: list[str]) -> dict[str, float]:
    """Each node's requests sent again by a minimal client; wall ms per node."""
    host, port = urllib.parse.urlsplit(server.url).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port))

    def post(sql: str, settings: dict[str, str]) -> None:
        nonlocal conn
        path = "/?" + urllib.parse.urlencode({"wait_end_of_query": "1", **settings})
        for attempt in range(2):
            try:
                conn.request("POST", path, body=sql.encode())
                answer = conn.getresponse()
                body = answer.read()
                if answer.status != 200:
                    raise RuntimeError(f"{answer.status}: {body[:300]!r}")
                if answer.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(host, int(port))
                return
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                conn.close()
                conn = http.client.HTTPConnection(host, int(port))
                if attempt:
                    raise

    walls = {}
    for uid in order:
        node = manifest["nodes"][uid]
        started = time.perf_counter()
        for statement in node["statements"]:
            post(statement["sql"], {"log_comment": f"replay:{uid}"})
        walls[uid] = (time.perf_counter() - started) * 1000
    conn.close()
    return walls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--kiln", default=os.path.join(ROOT, "target", "release", "kiln"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="kiln-bench-apply-")
    project = os.path.join(work, "project")
    write_project(project, args.models)
    server = Server(os.path.join(work, "chdb"))
    try:
        env = dict(os.environ, CLICKHOUSE_URL=server.url)
        subprocess.run([args.kiln, "compile", "--project-dir", project, "--quiet"], env=env, check=True)
        started = time.perf_counter()
        subprocess.run([args.kiln, "apply", "--project-dir", project, "--threads", "1", "--quiet"],
                       env=env, check=True)
        apply_wall = time.perf_counter() - started
        with open(os.path.join(project, "target", "run_results.json")) as f:
            results = json.load(f)["results"]
        with open(os.path.join(project, "target", "manifest.json")) as f:
            manifest = json.load(f)
        kiln_ms = {r["unique_id"]: r["execution_time"] * 1000 for r in results if r["status"] == "success"}
        logged = server_times(server)
        untagged = server.query(
            "SELECT count(), sum(query_duration_ms), substring(replaceRegexpAll(any(query), '\\s+', ' '), 1, 70) "
            "FROM system.query_log WHERE type != 'QueryStart' AND log_comment = '' "
            "AND query NOT LIKE '%system.query_log%' GROUP BY normalizedQueryHash(query) ORDER BY count() DESC")
        order = [r["unique_id"] for r in results]
        replay_ms = replay(server, manifest, order)
        replayed = server_times(server, "replay:")
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    ids = [uid for uid in order if uid in kiln_ms and uid in logged]
    over_ms = [kiln_ms[u] - logged[u][0] for u in ids]
    over_us = [kiln_ms[u] - logged[u][1] for u in ids]
    floor_us = [replay_ms[u] - replayed[u][1] for u in ids if u in replayed]
    above = [kiln_ms[u] - replay_ms[u] for u in ids if u in replay_ms]
    print(f"{len(ids)} view nodes applied with --threads 1 in {apply_wall:.1f} s "
          f"({apply_wall / max(1, len(ids)) * 1000:.1f} ms per node, whole run)")
    print(f"kiln time per node                          {stats([kiln_ms[u] for u in ids])}")
    print(f"server time per node (query_duration_ms)    {stats([logged[u][0] for u in ids])}")
    print(f"kiln - server (query_duration_ms)           {stats(over_ms)}")
    print(f"kiln - server (microsecond durations)       {stats(over_us)}")
    print(f"minimal client - server (replay, floor)     {stats(floor_us)}")
    print(f"kiln - minimal client (kiln's own share)    {stats(above)}")
    print("statements in query_log without a log_comment (not in the server time above):")
    for line in untagged.splitlines()[:5]:
        count, ms, query = line.split("\t", 2)
        print(f"  {count:>6} x {query}  ({ms} ms in all)")
    median = statistics.median(over_ms)
    print(f"goal < 10 ms per node (kiln - server, median): {'met' if median < 10 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
