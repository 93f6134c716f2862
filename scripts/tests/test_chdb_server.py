#!/usr/bin/env python3
"""Self-check of scripts/chdb_server.py over real HTTP.

Starts the server on a free port with a fresh data directory, talks to it as
clients do (urllib, so every byte on the wire is visible here), and prints
one line per check and a closing `N passed, N failed`. Exits non-zero if any
check failed.

    .venv/bin/python scripts/tests/test_chdb_server.py

Checks are plain functions named `check_*`, run in file order; each gets the
running server and fails by raising.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import lz4.block
from clickhouse_cityhash.cityhash import CityHash128

SERVER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "chdb_server.py")


# ---------------------------------------------------------------------------
# Running the server and talking to it.
# ---------------------------------------------------------------------------

@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class Server:
    def __init__(self, *extra_args: str):
        self.data_dir = tempfile.mkdtemp(prefix="chdb-server-test-")
        ready = os.path.join(self.data_dir, "port")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, SERVER, "--port", "0", "--data-dir", os.path.join(self.data_dir, "db"),
             "--ready-file", ready, *extra_args],
            stdout=subprocess.PIPE, text=True)
        deadline = started + 60
        while not os.path.exists(ready):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("chdb_server.py did not start")
            time.sleep(0.02)
        self.port = int(open(ready).read())
        self.url = f"http://127.0.0.1:{self.port}"
        self.banner = self.process.stdout.readline().strip()
        while True:
            try:
                if self.get("/ping").status == 200:
                    break
            except OSError:
                time.sleep(0.02)
        self.startup_seconds = time.monotonic() - started

    def request(self, path: str = "/", data: bytes | str | None = None, params: dict | None = None,
                headers: dict | None = None, method: str | None = None) -> Reply:
        url = self.url + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        if isinstance(data, str):
            data = data.encode()
        req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return Reply(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
        except urllib.error.HTTPError as err:
            return Reply(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())

    def get(self, path: str = "/", **kw) -> Reply:
        return self.request(path, **kw)

    def post(self, sql: bytes | str, **kw) -> Reply:
        return self.request("/", data=sql, **kw)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        return code


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)


def expect_ok(reply: Reply) -> Reply:
    expect(reply.status == 200, f"expected 200, got {reply.status}: {reply.body[:300]!r}")
    return reply


def expect_error(reply: Reply, status: int, code: int, name: str) -> None:
    expect(reply.status == status, f"expected status {status}, got {reply.status}: {reply.body[:300]!r}")
    expect(reply.header("X-ClickHouse-Exception-Code") == str(code),
           f"expected exception code {code}, got {reply.header('X-ClickHouse-Exception-Code')}")
    expect(reply.text.startswith(f"Code: {code}. DB::Exception: "), f"body: {reply.text!r}")
    expect(f"({name}) (version " in reply.text, f"body: {reply.text!r}")
    expect(reply.text.endswith(" (official build))\n"), f"body: {reply.text!r}")


def native_blocks(data: bytes) -> bytes:
    """ClickHouse's compressed block framing, written independently of the server."""
    payload = lz4.block.compress(data, store_size=False)
    block = struct.pack("<BII", 0x82, len(payload) + 9, len(data)) + payload
    value = CityHash128(block)
    return struct.pack("<QQ", value >> 64, value & (2**64 - 1)) + block


def read_native_blocks(data: bytes) -> bytes:
    out, pos = b"", 0
    while pos < len(data):
        checksum = data[pos:pos + 16]
        method, size, raw_size = struct.unpack_from("<BII", data, pos + 16)
        block = data[pos + 16:pos + 16 + size]
        value = CityHash128(block)
        expect(checksum == struct.pack("<QQ", value >> 64, value & (2**64 - 1)), "block checksum")
        expect(method == 0x82, f"method byte {method:#x}")
        out += lz4.block.decompress(block[9:], uncompressed_size=raw_size)
        pos += 16 + size
    return out


# ---------------------------------------------------------------------------
# Checks.
# ---------------------------------------------------------------------------

def check_ping_and_root(s: Server):
    expect(s.banner == f"chdb-server listening on http://127.0.0.1:{s.port}", s.banner)
    for path in ("/ping", "/"):
        reply = expect_ok(s.get(path))
        expect(reply.body == b"Ok.\n", repr(reply.body))
    expect(s.request("/", method="HEAD").status == 200, "HEAD /")
    expect(s.get("/nowhere").status == 404, "unknown path")


def check_select_default_format_and_headers(s: Server):
    reply = expect_ok(s.get(params={"query": "SELECT 1 AS x, 'a\tb' AS s"}))
    expect(reply.body == b"1\ta\\tb\n", repr(reply.body))
    expect(reply.header("X-ClickHouse-Format") == "TabSeparated", str(reply.headers))
    expect(reply.header("Content-Type") == "text/tab-separated-values; charset=UTF-8", str(reply.headers))
    expect(reply.header("X-ClickHouse-Timezone") == "Etc/UTC", str(reply.headers))
    expect(bool(reply.header("X-ClickHouse-Query-Id")), "query id")
    expect(bool(reply.header("X-ClickHouse-Server-Display-Name")), "display name")
    summary = json.loads(reply.header("X-ClickHouse-Summary"))
    expect(summary["result_rows"] == "1" and "elapsed_ns" in summary, str(summary))
    expect(all(isinstance(v, str) for v in summary.values()), "summary values are strings")
    mine = expect_ok(s.post("SELECT 1", params={"query_id": "my-query-id"}))
    expect(mine.header("X-ClickHouse-Query-Id") == "my-query-id", str(mine.headers))


def check_select_formats(s: Server):
    sql = "SELECT number AS n, toString(number) AS s FROM numbers(2)"
    expect(expect_ok(s.post(sql, params={"default_format": "CSVWithNames"})).body
           == b'"n","s"\n0,"0"\n1,"1"\n', "CSVWithNames")
    reply = expect_ok(s.post(sql + " FORMAT JSONEachRow"))
    expect(reply.body == b'{"n":0,"s":"0"}\n{"n":1,"s":"1"}\n', repr(reply.body))
    expect(reply.header("X-ClickHouse-Format") == "JSONEachRow", str(reply.headers))
    data = json.loads(expect_ok(s.post(sql + " FORMAT JSON SETTINGS output_format_json_quote_64bit_integers=0")).body)
    expect(data["data"] == [{"n": 0, "s": "0"}, {"n": 1, "s": "1"}], str(data))
    reply = expect_ok(s.post("SELECT toUInt8(7) AS x", params={"default_format": "RowBinaryWithNamesAndTypes"}))
    expect(reply.body == b"\x01\x01x\x05UInt8\x07", repr(reply.body))
    expect(reply.header("Content-Type") == "application/octet-stream", str(reply.headers))
    expect(expect_ok(s.post("SELECT toUInt16(258)", headers={"X-ClickHouse-Format": "RowBinary"})).body
           == b"\x02\x01", "RowBinary via header")
    # A column called `format` is not a FORMAT clause.
    expect(expect_ok(s.post("SELECT format FROM (SELECT 1 AS format)")).body == b"1\n", "format column")


def check_insert_csv_with_names(s: Server):
    expect_ok(s.post("CREATE TABLE items (id UInt32, name String) ENGINE = MergeTree ORDER BY id"))
    reply = expect_ok(s.post("id,name\n1,one\n2,two\n",
                             params={"query": "INSERT INTO items FORMAT CSVWithNames"}))
    expect(reply.body == b"", repr(reply.body))
    expect(reply.header("X-ClickHouse-Format") is None, "no format header for INSERT")
    summary = json.loads(reply.header("X-ClickHouse-Summary"))
    expect(summary["written_rows"] == "2", str(summary))
    # Statement and data both in the body; a `;` inside the data is data.
    expect_ok(s.post("INSERT INTO items FORMAT TSV\n3\tthree; four\n"))
    expect_ok(s.post("INSERT INTO items (id, name) VALUES (4, 'it''s; fine')"))
    expect_ok(s.post('INSERT INTO items FORMAT JSONEachRow {"id": 5, "name": "five"}'))
    rows = expect_ok(s.post("SELECT * FROM items ORDER BY id FORMAT CSV")).text
    expect(rows == '1,"one"\n2,"two"\n3,"three; four"\n4,"it\'s; fine"\n5,"five"\n', rows)


def check_native_compression(s: Server):
    expect_ok(s.post("CREATE TABLE packed (a UInt32, b String) ENGINE = Memory"))
    rows = b"".join(struct.pack("<I", i) + bytes([3]) + b"abc" for i in range(1000))
    expect_ok(s.post(native_blocks(rows), params={
        "query": "INSERT INTO packed (a, b) FORMAT RowBinary", "decompress": "1"}))
    expect(expect_ok(s.post("SELECT count(), sum(a) FROM packed")).body == b"1000\t499500\n", "rows arrived")
    corrupt = bytearray(native_blocks(rows))
    corrupt[-1] ^= 0xFF
    expect_error(s.post(bytes(corrupt), params={"query": "INSERT INTO packed FORMAT RowBinary", "decompress": "1"}),
                 500, 40, "CHECKSUM_DOESNT_MATCH")
    reply = expect_ok(s.post("SELECT number FROM numbers(300000) FORMAT RowBinary", params={"compress": "1"}))
    plain = read_native_blocks(reply.body)
    expect(plain == b"".join(struct.pack("<Q", i) for i in range(300000)), "compressed answer")
    # Errors travel in the same framing.
    error = s.post("SELECT * FROM nope", params={"compress": "1"})
    expect(error.status == 404 and read_native_blocks(error.body).startswith(b"Code: 60."), repr(error.body[:60]))


def check_http_compression(s: Server):
    reply = expect_ok(s.post(gzip.compress(b"SELECT 40 + 2"),
                             headers={"Content-Encoding": "gzip", "Accept-Encoding": "gzip"}))
    expect(reply.header("Content-Encoding") == "gzip", str(reply.headers))
    expect(gzip.decompress(reply.body) == b"42\n", repr(reply.body))
    plain = expect_ok(s.post("SELECT 1", headers={"Accept-Encoding": "gzip"},
                             params={"enable_http_compression": "0"}))
    expect(plain.header("Content-Encoding") is None and plain.body == b"1\n", "compression off")


def check_multi_statement_rejected(s: Server):
    reply = s.post("SELECT 1; SELECT 2")
    expect_error(reply, 400, 62, "SYNTAX_ERROR")
    expect("Syntax error (Multi-statements are not allowed): failed at position 9 (end of query): ; SELECT 2."
           in reply.text, reply.text)
    expect_error(s.post("SELECT 1;\n-- a comment\nDROP TABLE items"), 400, 62, "SYNTAX_ERROR")
    expect(expect_ok(s.post("SELECT items.id FROM items WHERE name = 'x;y' -- ;\nLIMIT 1;")).body == b"", "one")
    expect(expect_ok(s.post("SELECT 'a;b', `c;d` FROM (SELECT 1 AS `c;d`) /* ; */ ;;  -- x\n")).body
           == b"a;b\t1\n", "quotes and comments")
    expect(expect_ok(s.post("SELECT $$x;y$$")).body == b"x;y\n", "heredoc")
    expect(expect_ok(s.post("SELECT count() FROM items")).body == b"5\n", "nothing ran twice")


def check_statement_scanner(_: Server):
    """The scanner alone, on what a regex would get wrong."""
    sys.path.insert(0, os.path.dirname(SERVER))
    from chdb_server import analyze

    single = [
        "SELECT 'a\\';b'", "SELECT 'it''s;'", "SELECT /* /* ; */ ; */ 1", "SELECT 1 # ; not code\n",
        'SELECT "a;b" FROM t', "SELECT `x;`", "SELECT 1;", "SELECT 1;;\n", "SELECT 1; -- c\n/* d */",
        "SELECT $tag$;$tag$", "INSERT INTO t FORMAT CSV\n1;2\n", "INSERT INTO t VALUES (';')",
    ]
    for sql in single:
        expect(analyze(sql).extra_statement_at is None, f"one statement: {sql!r}")
    for sql, at in [("SELECT 1; SELECT 2", 8), ("SELECT ';' ;x", 11), ("INSERT INTO t SELECT 1; SELECT 2", 22),
                    ("SELECT 1; 'unclosed", 8)]:
        expect(analyze(sql).extra_statement_at == at, f"second statement at {at}: {sql!r}")
    sql = "INSERT INTO t (a, `format`) SETTINGS x=1 FORMAT RowBinary   \n\x00;'"
    insert = analyze(sql)
    expect((insert.insert_format, insert.data_start) == ("RowBinary", sql.index("\x00")), str(insert))
    expect(sql[:insert.insert_header_end] == "INSERT INTO t (a, `format`) SETTINGS x=1 ", str(insert))
    expect(analyze("INSERT INTO t SELECT format FROM s").insert_format is None, "format column")
    expect(analyze("SELECT 1 FORMAT JSON SETTINGS a=1").output_format == "JSON", "output format")
    expect(analyze("SELECT x AS format FROM t").output_format is None, "alias")
    expect(analyze("SELECT 1 INTO OUTFILE 'f'").into_outfile, "outfile")
    expect(analyze("  -- nothing\n").keyword == "", "empty")


def check_errors_map_to_statuses(s: Server):
    reply = s.post("SELECT * FROM no_such_table")
    expect_error(reply, 404, 60, "UNKNOWN_TABLE")
    expect(reply.header("Content-Type") == "text/plain; charset=UTF-8", str(reply.headers))
    expect_error(s.post("SELECT 1", params={"database": "no_such_db"}), 404, 81, "UNKNOWN_DATABASE")
    expect_error(s.post("SELEC 1"), 400, 62, "SYNTAX_ERROR")
    expect_error(s.post(""), 400, 62, "SYNTAX_ERROR")
    expect_error(s.post("SELECT 1", params={"no_such_setting": "1"}), 404, 115, "UNKNOWN_SETTING")
    expect_error(s.post("SELECT sleep(1)", params={"max_execution_time": "0.1"}), 408, 159, "TIMEOUT_EXCEEDED")
    expect_error(s.post("SELECT throwIf(1)"), 500, 395, "FUNCTION_THROW_IF_VALUE_IS_NON_ZERO")
    expect_error(s.post("SELECT 1 INTO OUTFILE 'x.csv'"), 500, 358, "INTO_OUTFILE_NOT_ALLOWED")
    readonly = s.get(params={"query": "CREATE TABLE t_get (a UInt8) ENGINE = Memory"})
    expect_error(readonly, 500, 164, "READONLY")
    expect("method GET implies readonly" in readonly.text, readonly.text)


def check_query_parameters(s: Server):
    params = {"param_id": "2", "param_name": "it's \\t tab", "param_tbl": "items"}
    reply = expect_ok(s.post("SELECT name, {name:String} FROM {tbl:Identifier} WHERE id = {id:UInt32}",
                             params=params))
    expect(reply.body == b"two\tit\\'s \\t tab\n", repr(reply.body))  # TSV escapes the quote
    expect_error(s.post("SELECT {missing:UInt8}"), 500, 456, "UNKNOWN_QUERY_PARAMETER")
    boundary = "XyZ"
    body = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                   for name, value in [("query", "SELECT {a:UInt8} + {b:UInt8}"), ("param_a", "40"), ("param_b", "2")])
    body += f"--{boundary}--\r\n"
    reply = expect_ok(s.post(body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}))
    expect(reply.body == b"42\n", repr(reply.body))


def check_external_table(s: Server):
    boundary = "B0und"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="ext"; filename="ext.tsv"\r\n\r\n'
            "1\tx\n2\ty\n\r\n"
            f"--{boundary}--\r\n")
    reply = expect_ok(s.post(body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
                             params={"query": "SELECT sum(a), groupArray(b) FROM ext",
                                     "ext_structure": "a UInt8, b String"}))
    expect(reply.body == b"3\t['x','y']\n", repr(reply.body))


def check_database_and_settings_are_per_request(s: Server):
    expect(expect_ok(s.post("SELECT currentDatabase()", params={"database": "system"})).body == b"system\n", "param")
    expect(expect_ok(s.post("SELECT currentDatabase()", headers={"X-ClickHouse-Database": "system"})).body
           == b"system\n", "header")
    expect(expect_ok(s.post("SELECT count() FROM one", params={"database": "system"})).body == b"1\n", "resolve")
    expect_ok(s.post("SET max_threads = 3"))
    expect_ok(s.post("USE system"))
    reply = expect_ok(s.post("SELECT getSetting('max_threads') != 3, currentDatabase()"))
    expect(reply.body == b"1\tdefault\n", repr(reply.body))
    with_comment = expect_ok(s.post("SELECT getSetting('log_comment')", params={"log_comment": "a&b=c"}))
    expect(with_comment.body == b"a&b=c\n", repr(with_comment.body))


def check_sessions(s: Server):
    session = {"session_id": "check-sessions"}
    expect_ok(s.post("CREATE TEMPORARY TABLE scratch (a UInt8)", params=session))
    expect_ok(s.post("INSERT INTO scratch VALUES (7)", params=session))
    expect_ok(s.post("SET max_threads = 3", params=session))
    reply = expect_ok(s.post("SELECT sum(a), getSetting('max_threads') FROM scratch", params=session))
    expect(reply.body == b"7\t3\n", repr(reply.body))
    expect_error(s.post("SELECT * FROM scratch"), 404, 60, "UNKNOWN_TABLE")
    expect_error(s.post("SELECT 1", params={"session_id": "never-made", "session_check": "1"}),
                 500, 372, "SESSION_NOT_FOUND")


def check_query_log(s: Server):
    expect_ok(s.post("SELECT 'logged' AS marker", params={"log_comment": "check-query-log"}))
    expect_ok(s.post("SYSTEM FLUSH LOGS"))
    reply = expect_ok(s.post("SELECT type, query_kind, query FROM system.query_log "
                             "WHERE log_comment = 'check-query-log' ORDER BY event_time_microseconds"))
    expect(reply.text == "QueryStart\tSelect\tSELECT \\'logged\\' AS marker\n"
                         "QueryFinish\tSelect\tSELECT \\'logged\\' AS marker\n", reply.text)
    internal = expect_ok(s.post("SELECT count() FROM system.query_log WHERE query LIKE 'SET log_queries%'"))
    expect(internal.body == b"0\n", "the server's own SETs are not logged")


def check_authentication(s: Server):
    basic = base64.b64encode(b"default:").decode()
    expect_ok(s.post("SELECT 1", headers={"Authorization": f"Basic {basic}"}))
    expect_ok(s.post("SELECT 1", headers={"X-ClickHouse-User": "default", "X-ClickHouse-Key": ""}))
    expect_ok(s.post("SELECT 1", params={"user": "default", "password": ""}))
    expect_error(s.post("SELECT 1", headers={"Authorization": f"Basic {basic}", "X-ClickHouse-User": "default"}),
                 403, 516, "AUTHENTICATION_FAILED")


def check_password_is_enforced(_: Server):
    locked = Server("--password", "secret")
    try:
        expect_error(locked.post("SELECT 1"), 403, 516, "AUTHENTICATION_FAILED")
        good = base64.b64encode(b"default:secret").decode()
        expect_ok(locked.post("SELECT 1", headers={"Authorization": f"Basic {good}"}))
        expect_ok(locked.post("SELECT 1", headers={"X-ClickHouse-User": "default", "X-ClickHouse-Key": "secret"}))
        expect(locked.get("/ping").status == 200, "ping needs no password")
    finally:
        expect(locked.stop() == 0, "clean exit")


def check_chunked_body(s: Server):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    conn.request("POST", "/", body=iter([b"SELECT ", b"6 * 7"]), encode_chunked=True)
    resp = conn.getresponse()
    expect(resp.status == 200 and resp.read() == b"42\n", "chunked request")
    conn.request("POST", "/?query=SELECT%201")  # keep-alive: the same connection answers again
    expect(conn.getresponse().read() == b"1\n", "keep-alive")
    conn.close()


CHECKS = [value for name, value in list(globals().items()) if name.startswith("check_")]


def main() -> int:
    server = Server()
    print(f"server up in {server.startup_seconds:.2f}s (start to first successful /ping)")
    passed = failed = 0
    try:
        for check in CHECKS:
            try:
                check(server)
            except Exception:
                failed += 1
                print(f"FAIL {check.__name__}\n{traceback.format_exc()}")
            else:
                passed += 1
                print(f"ok   {check.__name__}")
    finally:
        exit_code = server.stop()
        if exit_code != 0 or not os.path.isdir(server.data_dir):
            failed += 1
            print(f"FAIL shutdown: exit code {exit_code}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
