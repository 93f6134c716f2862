#!/usr/bin/env python3
"""ClickHouse's HTTP interface, served by an in-process ClickHouse engine (chDB).

kiln talks to ClickHouse over HTTP. This server lets its tests, and newcomers
without Docker, run against a real ClickHouse engine (the `chdb-core` wheel
embeds ClickHouse itself) instead of a mock. Everything that decides what a
query means (parsing, types, errors, formats, settings) is the engine's own;
this file only reproduces what `clickhouse-server` adds around it on the HTTP
side, as read from the ClickHouse sources (HTTPHandler, parseQuery,
exceptionCodeToHTTPStatus, authenticateUserByHTTP) and from what the Rust
`clickhouse` crate sends:

* the query is the `query` URL parameter, a newline, then the body; for
  `INSERT ... FORMAT X` or `VALUES` the rest of the text is the data;
  `multipart/form-data` bodies carry the query, `param_*` values and external
  tables;
* other URL parameters are settings of that request only, except the
  reserved ones (`database`, `default_format`, `query_id`, `compress`, ...);
  GET requests run with `readonly=2`;
* `decompress=1` bodies and `compress=1` answers use ClickHouse's block
  framing (CityHash128 checksum, method byte, sizes, LZ4/ZSTD block);
  `Content-Encoding` / `Accept-Encoding` (zstd, br, lz4, gzip, deflate, xz,
  bz2) as `enable_http_compression` allows;
* errors keep the engine's `Code: N. DB::Exception: ...` text, get the
  `X-ClickHouse-Exception-Code` header and the HTTP status ClickHouse maps
  the code to; a second statement in one request is a SYNTAX_ERROR, as the
  server's parser makes it;
* one engine per process behind a lock; each request gets a fresh chDB
  connection, which is a fresh session, so settings and the current database
  never leak from one request to the next (a `session_id` keeps its own).

Known differences from clickhouse-server 26.9:

* queries run one at a time (one lock around the engine), so a slow query
  delays the others and KILL QUERY cannot reach it;
* chDB picks each query's id: `X-ClickHouse-Query-Id` echoes the client's
  `query_id` (or a new UUID) but system.query_log holds chDB's own id;
* answers are buffered, never streamed, so an error never arrives after a
  200; `X-ClickHouse-Progress` is never sent; `memory_usage` is 0;
* in a `session_id`, URL settings and `database` stick to the session (the
  server applies them to the one query), and a GET session stays readonly;
* `INSERT ... SELECT ... FROM input() FORMAT X` with data and query
  parameters in `INSERT ... FORMAT X` are refused (501): chDB's insert path
  takes neither; snappy bodies are not understood;
* any user name is accepted unless `--password` is given; roles are ignored.

Run `python3 scripts/chdb_server.py --help` for the command line.
"""

from __future__ import annotations

import argparse
import base64
import bz2
import email.parser
import email.policy
import gzip
import json
import lzma
import os
import random
import re
import shutil
import signal
import socket
import string
import struct
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
import zlib
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import lz4.block
import lz4.frame
import zstandard
from clickhouse_cityhash.cityhash import CityHash128

# Importing chdb starts nothing: the engine boots on the first connect().
from chdb import _chdb

# ---------------------------------------------------------------------------
# What clickhouse-server does around a query, as data.
# ---------------------------------------------------------------------------

# URL parameters that are not settings (HTTPHandler's reserved_param_names,
# plus the ones it reads itself). `role` is accepted and ignored: chDB has no
# access control to apply it to.
RESERVED_PARAMS = frozenset({
    "compress", "decompress", "user", "password", "quota_key", "query_id",
    "stacktrace", "buffer_size", "wait_end_of_query", "session_id",
    "session_timeout", "session_check", "client_protocol_version",
    "close_session", "role", "database", "default_format", "query",
})

# exceptionCodeToHTTPStatus.cpp; every other code answers 500.
HTTP_STATUS_BY_ERROR_NAME = {
    "REQUIRED_PASSWORD": 401,
    **dict.fromkeys((
        "UNKNOWN_USER", "WRONG_PASSWORD", "AUTHENTICATION_FAILED",
        "SET_NON_GRANTED_ROLE", "ACCESS_DENIED"), 403),
    **dict.fromkeys((
        "BAD_ARGUMENTS", "CANNOT_COMPILE_REGEXP", "CANNOT_PARSE_TEXT",
        "CANNOT_PARSE_ESCAPE_SEQUENCE", "CANNOT_PARSE_QUOTED_STRING",
        "CANNOT_PARSE_DATE", "CANNOT_PARSE_DATETIME", "CANNOT_PARSE_NUMBER",
        "CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING", "CANNOT_PARSE_IPV4",
        "CANNOT_PARSE_IPV6", "CANNOT_PARSE_INPUT_ASSERTION_FAILED",
        "CANNOT_PARSE_UUID", "DUPLICATE_COLUMN", "ILLEGAL_COLUMN",
        "UNKNOWN_ELEMENT_IN_AST", "UNKNOWN_TYPE_OF_AST_NODE",
        "THERE_IS_NO_COLUMN", "TOO_DEEP_AST", "TOO_BIG_AST",
        "UNEXPECTED_AST_STRUCTURE", "SYNTAX_ERROR", "INCORRECT_DATA",
        "TYPE_MISMATCH", "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE"), 400),
    **dict.fromkeys((
        "UNKNOWN_TABLE", "UNKNOWN_FUNCTION", "UNKNOWN_IDENTIFIER",
        "UNKNOWN_TYPE", "UNKNOWN_STORAGE", "UNKNOWN_DATABASE",
        "UNKNOWN_SETTING", "UNKNOWN_DIRECTION_OF_SORTING",
        "UNKNOWN_AGGREGATE_FUNCTION", "UNKNOWN_FORMAT",
        "UNKNOWN_DATABASE_ENGINE", "UNKNOWN_TYPE_OF_QUERY", "UNKNOWN_ROLE"), 404),
    "QUERY_IS_TOO_LARGE": 413,
    "NOT_IMPLEMENTED": 501,
    "SOCKET_TIMEOUT": 503,
    "CANNOT_OPEN_FILE": 503,
    "HTTP_LENGTH_REQUIRED": 411,
    "TIMEOUT_EXCEEDED": 408,
    "CANNOT_SCHEDULE_TASK": 503,
    "UNSUPPORTED_MEDIA_TYPE": 415,
}

# Statements whose pipeline has an output, so the answer names its format.
OUTPUT_STATEMENTS = frozenset({
    "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXISTS", "EXPLAIN",
    "CHECK", "KILL", "WATCH", "VALUES", "FROM", "(",
})

# FormatFactory's content types for the formats clients ask for; any other
# format is text/plain, as IOutputFormat's default.
CONTENT_TYPES = {
    "tabseparated": "text/tab-separated-values; charset=UTF-8",
    "csv": "text/csv; charset=UTF-8; header=absent",
    "csvwithnames": "text/csv; charset=UTF-8; header=present",
    "csvwithnamesandtypes": "text/csv; charset=UTF-8; header=present",
    "json": "application/json; charset=UTF-8",
    "jsoncompact": "application/json; charset=UTF-8",
    "jsonstrings": "application/json; charset=UTF-8",
    "jsoneachrow": "application/json; charset=UTF-8",
    "xml": "application/xml; charset=UTF-8",
    "markdown": "text/markdown; charset=UTF-8",
}
for _binary in ("rowbinary", "rowbinarywithnames", "rowbinarywithnamesandtypes",
                "native", "parquet", "arrow", "arrowstream", "orc", "avro",
                "protobuf", "capnproto", "msgpack", "bsoneachrow", "npy"):
    CONTENT_TYPES[_binary] = "application/octet-stream"
FORMAT_ALIASES = {"tsv": "tabseparated", "tsvwithnames": "tabseparatedwithnames",
                  "tsvwithnamesandtypes": "tabseparatedwithnamesandtypes"}

COMPRESSION_BLOCK_SIZE = 1 << 20  # DBMS_DEFAULT_BUFFER_SIZE
METHOD_NONE, METHOD_LZ4, METHOD_ZSTD = 0x02, 0x82, 0x90


class ClickHouseError(Exception):
    """An error as clickhouse-server reports it: a code and the message text."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class ErrorCatalog:
    """Names and codes of ClickHouse errors, read from the engine itself."""

    CODE_RE = re.compile(r"Code: (\d+)\. ")
    VERSION_SUFFIX_RE = re.compile(r"\s*\(version [^()]*(\([^()]*\))?[^()]*\)\s*$")

    def __init__(self, names_by_code: dict[int, str], version: str):
        self.names_by_code = names_by_code
        self.codes_by_name = {name: code for code, name in names_by_code.items()}
        self.version = version

    def error(self, name: str, text: str) -> ClickHouseError:
        """A new error of the named kind, with the server's message layout."""
        code = self.codes_by_name[name]
        # Exception::getMessage ends the text with a period, then the name.
        period = "" if text.endswith(".") else "."
        return ClickHouseError(code, f"Code: {code}. DB::Exception: {text}{period} ({name})")

    def from_engine(self, exc: BaseException) -> ClickHouseError:
        """Turn whatever chDB raised into the error a server would answer."""
        text = str(exc)
        found = self.CODE_RE.search(text)
        if found is None:
            # Not an engine exception: a limit of the chDB bindings themselves.
            return self.error("NOT_IMPLEMENTED", f"chdb-server: {text}")
        text = text[found.start():]
        return ClickHouseError(int(found.group(1)), self.VERSION_SUFFIX_RE.sub("", text))

    def render(self, err: ClickHouseError) -> str:
        return f"{err.message} (version {self.version} (official build))\n"

    def http_status(self, code: int) -> int:
        return HTTP_STATUS_BY_ERROR_NAME.get(self.names_by_code.get(code, ""), 500)


# ---------------------------------------------------------------------------
# Reading SQL far enough to do what the server's parser does before the
# engine: split the statement from INSERT data, find the output format, and
# refuse a second statement. Offsets are byte offsets: the text is decoded as
# latin-1 so that binary INSERT data after the statement is never misread.
# ---------------------------------------------------------------------------

WORD_START = set(string.ascii_letters + "_") | {chr(c) for c in range(0x80, 0x100)}
WORD_CHARS = WORD_START | set(string.digits)
HEREDOC_RE = re.compile(r"\$([A-Za-z0-9_]*)\$")


@dataclass(frozen=True)
class Token:
    kind: str  # word, quoted, string, number, semicolon, open, close, op, error
    start: int
    end: int


def _skip_quoted(text: str, pos: int, quote: str) -> int:
    """End of a quoted literal opened at `pos`: backslash escapes, doubled quotes."""
    i = pos + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == quote:
            if i + 1 < len(text) and text[i + 1] == quote:
                i += 2
            else:
                return i + 1
        else:
            i += 1
    return -1


def _skip_block_comment(text: str, pos: int) -> int:
    """End of a `/* */` comment opened at `pos`; ClickHouse lets them nest."""
    depth, i = 0, pos
    while i < len(text) - 1:
        pair = text[i:i + 2]
        if pair == "/*":
            depth, i = depth + 1, i + 2
        elif pair == "*/":
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    return -1


def tokens(text: str, pos: int = 0):
    """ClickHouse's lexer, reduced to what tells statements apart.

    Whitespace and comments are skipped. A lexical error (an unclosed string
    or comment) yields one `error` token and stops: the engine reports it.
    """
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch in " \t\n\r\f\v":
            pos += 1
        elif text.startswith("--", pos) or (ch == "#" and text[pos + 1:pos + 2] in (" ", "!")):
            newline = text.find("\n", pos)
            pos = n if newline < 0 else newline + 1
        elif text.startswith("/*", pos):
            end = _skip_block_comment(text, pos)
            if end < 0:
                yield Token("error", pos, n)
                return
            pos = end
        elif ch in "'\"`":
            end = _skip_quoted(text, pos, ch)
            if end < 0:
                yield Token("error", pos, n)
                return
            yield Token("string" if ch == "'" else "quoted", pos, end)
            pos = end
        elif ch == "$" and (heredoc := HEREDOC_RE.match(text, pos)):
            close = text.find(heredoc.group(0), heredoc.end())
            if close < 0:
                yield Token("error", pos, n)
                return
            end = close + len(heredoc.group(0))
            yield Token("string", pos, end)
            pos = end
        elif ch in WORD_START:
            end = pos + 1
            while end < n and text[end] in WORD_CHARS:
                end += 1
            yield Token("word", pos, end)
            pos = end
        elif ch.isdigit():
            end = pos + 1
            while end < n and (text[end] in WORD_CHARS or text[end] == "."
                               or (text[end] in "+-" and text[end - 1] in "eEpP")):
                end += 1
            yield Token("number", pos, end)
            pos = end
        elif ch == ";":
            yield Token("semicolon", pos, pos + 1)
            pos += 1
        elif ch in "([{":
            yield Token("open", pos, pos + 1)
            pos += 1
        elif ch in ")]}":
            yield Token("close", pos, pos + 1)
            pos += 1
        else:
            yield Token("op", pos, pos + 1)
            pos += 1


@dataclass
class Statement:
    """What the server's parser knows about a request's SQL before running it."""

    keyword: str = ""              # first word, upper case; "" for an empty query
    insert_format: str | None = None   # INSERT ... FORMAT X: the input format
    insert_header_end: int = 0     # ... and where the statement text ends
    data_start: int = 0            # ... and the first byte of the data
    output_format: str | None = None   # `FORMAT X` of a query with output
    into_outfile: bool = False
    extra_statement_at: int | None = None  # offset of the `;` before a 2nd statement


def _word(text: str, tok: Token | None) -> str:
    return text[tok.start:tok.end].upper() if tok is not None and tok.kind == "word" else ""


def _insert_data_start(text: str, pos: int) -> int:
    """ParserInsertQuery: data starts after the first newline, or after the
    spaces when the line goes on."""
    while pos < len(text) and text[pos] in " \t\f":
        pos += 1
    if text.startswith("\r\n", pos):
        return pos + 2
    if text.startswith("\n", pos):
        return pos + 1
    return pos


def _line_ends(text: str, pos: int) -> bool:
    while pos < len(text) and text[pos] in " \t\f\r":
        pos += 1
    return pos == len(text) or text[pos] == "\n"


def _format_name(text: str, tok: Token) -> str:
    return text[tok.start:tok.end].strip('`"')


def _second_statement(stream) -> bool:
    """After a `;`: more semicolons are allowed, anything else is a statement."""
    return any(tok.kind != "semicolon" for tok in stream)


def analyze(text: str) -> Statement:
    stmt = Statement()
    stream = tokens(text)
    first = next(stream, None)
    if first is None:
        return stmt
    stmt.keyword = _word(text, first) or text[first.start:first.end]
    if stmt.keyword == "INSERT":
        _analyze_insert(text, stream, stmt)
        return stmt
    # Not an INSERT, so no data follows: the whole text is SQL.
    toks = [first, *stream]
    depth = 0
    for i, tok in enumerate(toks):
        word = _word(text, tok)
        if tok.kind == "semicolon":
            if _second_statement(toks[i + 1:]):
                stmt.extra_statement_at = tok.start
            break
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth = max(depth - 1, 0)
        elif depth == 0 and word == "FORMAT" and i + 1 < len(toks) and toks[i + 1].kind in ("word", "quoted"):
            # A column may be called `format`: the clause is the query's tail,
            # followed by nothing but SETTINGS.
            after = toks[i + 2] if i + 2 < len(toks) else None
            if after is None or after.kind == "semicolon" or _word(text, after) == "SETTINGS":
                stmt.output_format = _format_name(text, toks[i + 1])
        elif depth == 0 and word == "OUTFILE" and i > 0 and _word(text, toks[i - 1]) == "INTO":
            stmt.into_outfile = True
    return stmt


def _analyze_insert(text: str, stream, stmt: Statement) -> None:
    """Find where INSERT ... FORMAT X data begins, without reading the data."""
    depth, is_select = 0, False
    for tok in stream:
        word = _word(text, tok)
        if tok.kind == "semicolon":
            if _second_statement(stream):
                stmt.extra_statement_at = tok.start
            return
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth = max(depth - 1, 0)
        elif depth == 0 and word in ("SELECT", "WITH"):
            is_select = True
        elif depth == 0 and word == "VALUES" and not is_select:
            return  # Values data is SQL-like text: the engine reads it with the statement
        elif depth == 0 and word == "FORMAT":
            name = next(stream, None)
            if name is None or name.kind not in ("word", "quoted"):
                return  # the engine's parser says what is wrong
            # INSERT ... SELECT may name a `format` column; data (for input())
            # only follows a FORMAT clause that ends its line.
            if is_select and not _line_ends(text, name.end):
                continue
            stmt.insert_format = _format_name(text, name)
            stmt.insert_header_end = tok.start
            stmt.data_start = _insert_data_start(text, name.end)
            return


def multi_statement_error(errors: ErrorCatalog, text: str, at: int) -> ClickHouseError:
    """parseQuery's refusal, with its position and the text it quotes."""
    where = f"failed at position {at + 1} (end of query)"
    if "\n" in text[:-1]:
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        where += f" (line {line}, col {col})"
    quoted = text[at:]
    shown = quoted[:160]
    tail = "... " if len(shown) < len(quoted) else ". "
    return errors.error("SYNTAX_ERROR", f"Syntax error (Multi-statements are not allowed): {where}: {shown}{tail}")


# ---------------------------------------------------------------------------
# Compression: ClickHouse's own block framing, and HTTP content encodings.
# ---------------------------------------------------------------------------

def block_checksum(block: bytes) -> bytes:
    """CityHash128 (v1.0.2) of method byte, sizes and payload, high half first,
    as clickhouse-server writes it."""
    value = CityHash128(block)
    return struct.pack("<QQ", value >> 64, value & 0xFFFFFFFFFFFFFFFF)


def compress_blocks(data: bytes) -> bytes:
    """`compress=1`: the answer as a run of LZ4 blocks."""
    out = bytearray()
    for start in range(0, max(len(data), 1), COMPRESSION_BLOCK_SIZE):
        chunk = data[start:start + COMPRESSION_BLOCK_SIZE]
        payload = lz4.block.compress(chunk, store_size=False)
        block = struct.pack("<BII", METHOD_LZ4, len(payload) + 9, len(chunk)) + payload
        out += block_checksum(block) + block
    return bytes(out)


def decompress_blocks(errors: ErrorCatalog, data: bytes, verify: bool) -> bytes:
    """`decompress=1`: CompressedReadBuffer over the whole body."""
    out, pos = bytearray(), 0
    while pos < len(data):
        if len(data) - pos < 25:
            raise errors.error("CORRUPTED_DATA", "Cannot read all data. Bytes read: "
                               f"{len(data) - pos}. Bytes expected: 25.")
        checksum = data[pos:pos + 16]
        method, size_compressed, size_decompressed = struct.unpack_from("<BII", data, pos + 16)
        block = data[pos + 16:pos + 16 + size_compressed]
        if size_compressed < 9 or len(block) != size_compressed:
            raise errors.error("TOO_LARGE_SIZE_COMPRESSED",
                               f"Too large size_compressed: {size_compressed}. Most likely corrupted data")
        if verify and block_checksum(block) != checksum:
            raise errors.error("CHECKSUM_DOESNT_MATCH", "Checksum doesn't match: corrupted data. "
                               f"Reference: {checksum.hex()}. Actual: {block_checksum(block).hex()}. "
                               f"Size of compressed block: {size_compressed}")
        payload = block[9:]
        if method == METHOD_LZ4:
            out += lz4.block.decompress(payload, uncompressed_size=size_decompressed)
        elif method == METHOD_ZSTD:
            out += zstandard.ZstdDecompressor().decompress(payload, max_output_size=size_decompressed)
        elif method == METHOD_NONE:
            out += payload
        else:
            raise errors.error("UNKNOWN_COMPRESSION_METHOD",
                               f"Unknown compression method. Method byte: 0x{method:02x}")
        pos += 16 + size_compressed
    return bytes(out)


def choose_http_encoding(accept_encoding: str) -> str | None:
    """chooseHTTPCompressionMethod: the first of these the client names.
    Snappy is skipped: no maintained wheel speaks ClickHouse's framing of it."""
    for name in ("zstd", "br", "lz4", "gzip", "deflate", "xz", "bz2"):
        if name in accept_encoding:
            return name
    return None


def http_encode(data: bytes, encoding: str, level: int) -> bytes:
    if encoding == "zstd":
        return zstandard.ZstdCompressor(level=level).compress(data)
    if encoding == "br":
        return brotli.compress(data, quality=min(level, 11))
    if encoding == "lz4":
        return lz4.frame.compress(data)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=min(max(level, 0), 9))
    if encoding == "deflate":
        return zlib.compress(data, min(max(level, 0), 9))
    if encoding == "xz":
        return lzma.compress(data)
    return bz2.compress(data)


def http_decode(errors: ErrorCatalog, data: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    try:
        if encoding in ("", "identity", "none"):
            return data
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(data)
        if encoding in ("deflate", "zlib"):
            return zlib.decompress(data)
        if encoding in ("br", "brotli"):
            return brotli.decompress(data)
        if encoding in ("zstd", "zst"):
            return zstandard.ZstdDecompressor().decompressobj().decompress(data)
        if encoding == "lz4":
            return lz4.frame.decompress(data)
        if encoding in ("xz", "lzma"):
            return lzma.decompress(data)
        if encoding in ("bz2", "bzip2"):
            return bz2.decompress(data)
    except Exception as exc:  # the codec's own message says what was wrong
        raise errors.error("CANNOT_DECOMPRESS", f"Cannot decompress request body ({encoding}): {exc}")
    raise errors.error("UNKNOWN_COMPRESSION_METHOD", f"Unknown compression method '{encoding}'")


# ---------------------------------------------------------------------------
# One request, as the handler hands it to the engine.
# ---------------------------------------------------------------------------

@dataclass
class ExternalTable:
    name: str
    structure: str
    format: str
    data: bytes


@dataclass
class QueryRequest:
    method: str
    sql: bytes                        # query text, possibly followed by INSERT data
    settings: list[tuple[str, str]]
    params: dict[str, str]
    database: str
    default_format: str
    query_id: str
    session_id: str | None = None
    session_timeout: int = 60
    session_check: bool = False
    close_session: bool = False
    external_tables: list[ExternalTable] = field(default_factory=list)


@dataclass
class QueryResult:
    body: bytes
    output_format: str | None
    summary: dict[str, int]


# ---------------------------------------------------------------------------
# The engine: one chDB instance, a connection per request or per session.
# ---------------------------------------------------------------------------

SIMPLE_NAME_RE = re.compile(r"^[A-Za-z0-9_]+$")
SETTING_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def sql_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def sql_identifier(name: str) -> str:
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


@dataclass
class Session:
    """A `session_id`'s connection, kept between requests as the server keeps
    a session context."""

    conn: object
    last_used: float
    timeout: int
    logging: bool = False  # whether this session's `log_queries = 1` is set


class Engine:
    """Owns the chDB engine. chDB's connections share one engine but each has
    its own session, so a fresh connection per request is a fresh session,
    which is what a request without `session_id` gets from a real server."""

    def __init__(self, data_dir: str):
        self.data_dir = data_dir
        self.lock = threading.Lock()
        os.makedirs(data_dir, exist_ok=True)
        config = os.path.join(data_dir, "chdb-server-config.xml")
        with open(config, "w", encoding="utf-8") as f:
            # clickhouse-local logs no queries unless the config names a
            # query_log table; the server's default config does.
            f.write("<clickhouse><query_log><database>system</database>"
                    "<table>query_log</table>"
                    "<flush_interval_milliseconds>7500</flush_interval_milliseconds>"
                    "</query_log></clickhouse>\n")
        self.path = os.path.join(data_dir, "data")
        # The first connection boots the engine and stays open for the
        # process's lifetime; later connections must name the same path.
        self.anchor = _chdb.connect(f"{self.path}?config-file={config}")
        self.version = self._scalar("SELECT version()")
        self.timezone = self._scalar("SELECT timezone()")
        names = self.anchor.query(
            "SELECT number, errorCodeToName(number) FROM numbers(2000) "
            "WHERE errorCodeToName(number) != ''", "TSV").bytes().decode()
        self.errors = ErrorCatalog(
            {int(code): name for code, name in (line.split("\t") for line in names.splitlines())},
            self.version)
        self.sessions: dict[str, Session] = {}

    def _scalar(self, sql: str) -> str:
        return self.anchor.query(sql, "TSV").bytes().decode().strip()

    def close(self) -> None:
        with self.lock:
            for session in self.sessions.values():
                session.conn.close()
            self.sessions.clear()
            self.anchor.close()

    # -- connections ---------------------------------------------------------

    def _connect(self, req: QueryRequest):
        """A new session. Queries are not logged until the request's own SET,
        so the setup below never shows in system.query_log."""
        options = ["log_queries=0"]
        if SIMPLE_NAME_RE.match(req.database):
            options.append(f"database={req.database}")
        if req.method != "POST":
            options.append("readonly=2")
        try:
            return _chdb.connect(f"{self.path}?{'&'.join(options)}")
        except Exception as exc:
            raise self.errors.from_engine(exc) from None

    def _session(self, req: QueryRequest) -> Session:
        now = time.monotonic()
        for sid, session in list(self.sessions.items()):
            if now - session.last_used > session.timeout:
                session.conn.close()
                del self.sessions[sid]
        session = self.sessions.get(req.session_id)
        if session is None:
            if req.session_check:
                raise self.errors.error("SESSION_NOT_FOUND", f"Session {req.session_id} not found")
            session = self.sessions[req.session_id] = Session(self._connect(req), now, req.session_timeout)
        session.last_used, session.timeout = now, req.session_timeout
        return session

    # -- running -------------------------------------------------------------

    def execute(self, req: QueryRequest) -> QueryResult:
        with self.lock:
            session = self._session(req) if req.session_id is not None else None
            conn = session.conn if session else self._connect(req)
            try:
                self._prepare(conn, req, session)
                return self._run(conn, req)
            except ClickHouseError:
                raise
            except Exception as exc:
                raise self._engine_error(exc, req) from None
            finally:
                if session is None:
                    conn.close()
                elif req.close_session:
                    self.sessions.pop(req.session_id, None)
                    conn.close()

    def _engine_error(self, exc: Exception, req: QueryRequest) -> ClickHouseError:
        err = self.errors.from_engine(exc)
        # The server knows the query came over HTTP GET and says so.
        if err.code == self.errors.codes_by_name["READONLY"] and req.method != "POST" \
                and err.message.endswith("Cannot execute query in readonly mode. (READONLY)"):
            err.message = err.message[:-len(". (READONLY)")] + (
                ". For queries over HTTP, method GET implies readonly. "
                "You should use method POST for modifying queries. (READONLY)")
        return err

    def _prepare(self, conn, req: QueryRequest, session: Session | None) -> None:
        if req.database and not SIMPLE_NAME_RE.match(req.database):
            conn.query(f"USE {sql_identifier(req.database)}", "TSV")
        for table in req.external_tables:
            conn.query(f"CREATE TEMPORARY TABLE {sql_identifier(table.name)} "
                       f"({table.structure}) ENGINE = Memory", "TSV")
            self._insert(conn, f"INSERT INTO {sql_identifier(table.name)}", table.format, table.data)
        assignments = []
        for name, value in req.settings:
            if not SETTING_NAME_RE.match(name):
                raise self.errors.error("UNKNOWN_SETTING", f"Unknown setting '{name}'")
            assignments.append(f"{name} = {sql_string(value)}")
        wants_logging = session is None or not session.logging
        if wants_logging and not any(name == "log_queries" for name, _ in req.settings):
            assignments.insert(0, "log_queries = 1")
        if assignments:
            # The connection starts with log_queries=0, so this SET is not
            # logged; a session's later SETs are, as the server logs them.
            conn.query("SET " + ", ".join(assignments), "TSV")
            if session is not None:
                session.logging = True

    def _run(self, conn, req: QueryRequest) -> QueryResult:
        text = req.sql.decode("latin-1")
        stmt = analyze(text)
        if stmt.extra_statement_at is not None:
            raise multi_statement_error(self.errors, text, stmt.extra_statement_at)
        if not stmt.keyword:
            raise self.errors.error("SYNTAX_ERROR", "Empty query")
        if stmt.into_outfile:
            raise self.errors.error("INTO_OUTFILE_NOT_ALLOWED", "INTO OUTFILE is not allowed")
        started = time.perf_counter_ns()
        if stmt.insert_format is not None:
            header = req.sql[:stmt.insert_header_end].decode("utf-8", "replace").rstrip()
            rows, nbytes = self._insert(conn, header, stmt.insert_format, req.sql[stmt.data_start:])
            summary = dict(read_rows=rows, read_bytes=nbytes, written_rows=rows,
                           written_bytes=nbytes, total_rows_to_read=0,
                           result_rows=rows, result_bytes=nbytes)
            return QueryResult(b"", None, self._finish(summary, started))
        fmt = stmt.output_format or req.default_format
        result = conn.query(req.sql.decode("utf-8", "replace"), fmt, params=req.params)
        # chDB's rows_read/bytes_read count the result; storage_* what was read.
        summary = dict(read_rows=result.storage_rows_read(), read_bytes=result.storage_bytes_read(),
                       written_rows=result.rows_written(), written_bytes=result.bytes_written(),
                       total_rows_to_read=result.storage_rows_read(),
                       result_rows=result.rows_read(), result_bytes=result.bytes_read())
        if stmt.keyword == "INSERT":
            summary.update(result_rows=result.rows_written(), result_bytes=result.bytes_written())
        has_output = stmt.keyword in OUTPUT_STATEMENTS
        return QueryResult(result.bytes(), fmt if has_output else None, self._finish(summary, started))

    @staticmethod
    def _insert(conn, header: str, fmt: str, data: bytes) -> tuple[int, int]:
        handle = conn.send_insert(header, fmt)
        try:
            if data:
                conn.insert_append(handle, data)
        except Exception:
            conn.insert_cancel(handle)
            raise
        done = conn.insert_done(handle)
        return done.rows_written(), done.bytes_written()

    @staticmethod
    def _finish(summary: dict[str, int], started: int) -> dict[str, int]:
        summary["elapsed_ns"] = time.perf_counter_ns() - started
        summary["memory_usage"] = 0  # chDB does not report it per query
        return summary


# ---------------------------------------------------------------------------
# HTTP.
# ---------------------------------------------------------------------------

NO_HANDLER_TEXT = (
    "There is no handle {path}\n\n"
    "Use / or /ping for health checks.\n"
    "Or /replicas_status for more sophisticated health checks.\n\n"
    "Send queries from your program with POST method or GET /?query=...\n\n"
    "Use clickhouse-client:\n\n"
    "For interactive data analysis:\n    clickhouse-client\n\n"
    "For batch query processing:\n    clickhouse-client --query='SELECT 1' > result\n"
    "    clickhouse-client < query > result\n"
)
STATIC_OK = {"/ping", "/replicas_status"}
EXPOSED_HEADERS = ("X-ClickHouse-Query-Id,X-ClickHouse-Summary,X-ClickHouse-Server-Display-Name,"
                   "X-ClickHouse-Format,X-ClickHouse-Timezone,X-ClickHouse-Exception-Code,"
                   "X-ClickHouse-Exception-Tag")


def parse_bool(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Answers go out in several writes (headers, then body chunks); with Nagle's algorithm
    # each later write waits for the client's delayed ACK, 40 ms per request. ClickHouse
    # sets TCP_NODELAY on its sockets too.
    disable_nagle_algorithm = True
    timeout = 60  # seconds an idle keep-alive connection may hold a thread
    engine: Engine
    display_name: str
    credentials: tuple[str, str] | None
    quiet: bool

    def send_response(self, code, message=None):
        # As BaseHTTPRequestHandler's, without a `Server` header: ClickHouse sends none.
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if not self.quiet:
            sys.stderr.write("chdb-server: %s\n" % (format % args))

    def do_GET(self):
        self._dispatch("GET")

    def do_HEAD(self):
        self._dispatch("HEAD")

    def do_POST(self):
        self._dispatch("POST")

    def do_OPTIONS(self):
        self._send(204, b"", {})

    # -- plumbing ------------------------------------------------------------

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Keep-Alive", "timeout=10")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            while True:
                size_line = self.rfile.readline()
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        reads = method in ("GET", "HEAD")
        if reads and url.path in STATIC_OK:
            self._send(200, b"Ok.\n", {"Content-Type": "text/plain; charset=UTF-8"})
        elif reads and url.path == "/" and not url.query:
            self._send(200, b"Ok.\n", {"Content-Type": "text/html; charset=UTF-8"})
        elif reads and not params and url.path != "/":
            self._send(404, NO_HANDLER_TEXT.format(path=url.path).encode(),
                       {"Content-Type": "text/plain; charset=UTF-8"})
        else:
            # The server's dynamic query handler takes any other path.
            self._query(method, params)

    def _query(self, method: str, params: list[tuple[str, str]]) -> None:
        engine = self.engine
        query_id = dict(params).get("query_id") or self.headers.get("X-ClickHouse-Query-Id") or str(uuid.uuid4())
        headers = {
            "Access-Control-Expose-Headers": EXPOSED_HEADERS,
            "X-ClickHouse-Server-Display-Name": self.display_name,
            "X-ClickHouse-Query-Id": query_id,
            "X-ClickHouse-Timezone": engine.timezone,
        }
        encode = None
        try:
            framed = "Content-Length" in self.headers or \
                "chunked" in self.headers.get("Transfer-Encoding", "").lower()
            if method == "POST" and not framed:
                self.close_connection = True  # the body's end is unknown
                raise engine.errors.error(
                    "HTTP_LENGTH_REQUIRED", "The Transfer-Encoding is not chunked and there "
                    "is no Content-Length header for POST request")
            # A GET may carry a body too; the server reads it the same way.
            body = self._read_body() if framed else b""
            self._authenticate(params)
            encode = self._response_encoding(params, headers)
            result = engine.execute(self._build_request(method, params, body, query_id))
        except ClickHouseError as err:
            self._send_error(err, headers, encode)
            return
        except Exception as exc:  # a bug here, not in the query: say so as a server would
            self._send_error(engine.errors.error("STD_EXCEPTION", f"chdb-server: {exc!r}"), headers, encode)
            return
        summary = {key: str(value) for key, value in result.summary.items()}
        headers["X-ClickHouse-Summary"] = json.dumps(summary, separators=(",", ":"))
        if result.output_format is not None:
            key = result.output_format.lower()
            headers["Content-Type"] = CONTENT_TYPES.get(FORMAT_ALIASES.get(key, key),
                                                        "text/plain; charset=UTF-8")
            headers["X-ClickHouse-Format"] = result.output_format
        else:
            headers["Content-Type"] = "text/plain; charset=UTF-8"
        headers["X-ClickHouse-Exception-Tag"] = "".join(random.choices(string.ascii_lowercase, k=16))
        self._send(200, encode(result.body) if encode else result.body, headers)

    def _send_error(self, err: ClickHouseError, headers: dict[str, str], encode) -> None:
        headers = {**headers, "X-ClickHouse-Exception-Code": str(err.code),
                   "Content-Type": "text/plain; charset=UTF-8"}
        body = self.engine.errors.render(err).encode()
        if encode is not None:
            body = encode(body)
        else:
            headers.pop("Content-Encoding", None)
        self._send(self.engine.errors.http_status(err.code), body, headers)

    # -- the request, as clickhouse-server reads it --------------------------

    def _authenticate(self, params: list[tuple[str, str]]) -> None:
        """authenticateUserByHTTP: one scheme at a time; any user is accepted
        unless the server was started with --user/--password."""
        errors = self.engine.errors
        names = {name for name, _ in params}
        header_user = self.headers.get("X-ClickHouse-User", "")
        header_key = self.headers.get("X-ClickHouse-Key", "")
        authorization = self.headers.get("Authorization")
        in_params = "user" in names or "password" in names
        if header_user or header_key:
            if not header_user:
                raise errors.error("AUTHENTICATION_FAILED", "Got an empty user name from X-ClickHouse HTTP headers")
            if authorization:
                raise errors.error("AUTHENTICATION_FAILED", "Invalid authentication: it is not allowed to use "
                                   "X-ClickHouse HTTP headers and Authorization HTTP header simultaneously")
            if in_params:
                raise errors.error("AUTHENTICATION_FAILED", "Invalid authentication: it is not allowed to use "
                                   "X-ClickHouse HTTP headers and authentication via parameters simultaneously")
            user, password = header_user, header_key
        elif authorization:
            if in_params:
                raise errors.error("AUTHENTICATION_FAILED", "Invalid authentication: it is not allowed to use "
                                   "Authorization HTTP header and authentication via parameters simultaneously")
            scheme, _, info = authorization.partition(" ")
            if scheme.lower() != "basic":
                raise errors.error("AUTHENTICATION_FAILED",
                                   f"Invalid authentication: '{scheme}' HTTP Authorization scheme is not supported")
            try:
                user, _, password = base64.b64decode(info.strip()).decode().partition(":")
            except Exception:
                raise errors.error("AUTHENTICATION_FAILED", "Invalid authentication: malformed Basic credentials") from None
            if not user:
                raise errors.error("AUTHENTICATION_FAILED", "Got an empty user name from Authorization HTTP header")
        else:
            values = dict(params)
            user, password = values.get("user", "default"), values.get("password", "")
            if not user:
                raise errors.error("AUTHENTICATION_FAILED", "Got an empty user name from authentication via parameters")
        if self.credentials is not None and (user, password) != self.credentials:
            raise errors.error("AUTHENTICATION_FAILED", f"{user}: Authentication failed: password is incorrect, "
                               "or there is no user with such name")

    def _response_encoding(self, params: list[tuple[str, str]], headers: dict[str, str]):
        """How the answer (errors too) is compressed: the server picks both
        from the URL before it runs anything."""
        values = dict(params)
        native = parse_bool(values.get("compress", "0"))
        http = None
        if parse_bool(values.get("enable_http_compression", "1")):
            http = choose_http_encoding(self.headers.get("Accept-Encoding", ""))
        if not native and http is None:
            return None
        level = int(values.get("http_zlib_compression_level", "3") or 3)
        if http is not None:
            headers["Content-Encoding"] = http

        def encode(data: bytes) -> bytes:
            if native:
                data = compress_blocks(data)
            return http_encode(data, http, level) if http else data
        return encode

    def _build_request(self, method: str, params: list[tuple[str, str]], body: bytes,
                       query_id: str) -> QueryRequest:
        errors = self.engine.errors
        values = dict(params)
        body = http_decode(errors, body, self.headers.get("Content-Encoding", ""))
        if parse_bool(values.get("decompress", "0")):
            verify = not parse_bool(values.get("http_native_compression_disable_checksumming_on_decompress", "0"))
            body = decompress_blocks(errors, body, verify)
        content_type = self.headers.get("Content-Type", "")
        multipart = content_type.startswith("multipart/form-data")
        query_params = {name[len("param_"):]: value for name, value in params if name.startswith("param_")}
        external_tables: list[ExternalTable] = []
        if multipart:
            sql, form = self._read_form(content_type, body, params, query_params)
            external_tables = self._external_tables(form, values)
        else:
            query = values.get("query", "")
            sql = (query + "\n").encode() + body if query else body
        suffixes = ("_format", "_types", "_structure") if multipart else ()
        settings = [(name, value) for name, value in params
                    if name and name not in RESERVED_PARAMS and not name.startswith("param_")
                    and not name.endswith(suffixes)]
        timeout = values.get("session_timeout", "60")
        if not timeout.isdigit() or int(timeout) > 3600:
            raise errors.error("INVALID_SESSION_TIMEOUT", f"Invalid session timeout: '{timeout}'")
        return QueryRequest(
            method=method, sql=sql, settings=settings, params=query_params,
            database=self.headers.get("X-ClickHouse-Database") or values.get("database", ""),
            default_format=self.headers.get("X-ClickHouse-Format") or values.get("default_format")
            or "TabSeparated",
            query_id=query_id,
            session_id=values.get("session_id") or None,
            session_timeout=int(timeout),
            session_check=parse_bool(values.get("session_check", "0")),
            close_session=parse_bool(values.get("close_session", "0")),
            external_tables=external_tables,
        )

    def _read_form(self, content_type: str, body: bytes, params, query_params):
        """DynamicQueryHandler::getQuery for form-data: the `query` fields of
        the URL and the form, concatenated; `param_*` fields are parameters."""
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
        form: list[tuple[str, str | None, bytes]] = []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_param("filename", header="content-disposition")
            form.append((name or "", filename, part.get_payload(decode=True) or b""))
        sql = "".join(value for name, value in params if name == "query").encode()
        for name, filename, payload in form:
            if filename is None and name == "query":
                sql += payload
            elif filename is None and name.startswith("param_"):
                query_params.setdefault(name[len("param_"):], payload.decode("utf-8", "replace"))
        return sql, form

    @staticmethod
    def _external_tables(form, values: dict[str, str]) -> list[ExternalTable]:
        fields = {name: payload.decode("utf-8", "replace") for name, filename, payload in form
                  if filename is None}
        tables = []
        for name, filename, payload in form:
            if filename is None:
                continue
            setting = {**values, **fields}
            structure = setting.get(f"{name}_structure")
            if structure is None:
                types = [t.strip() for t in setting.get(f"{name}_types", "String").split(",")]
                structure = ", ".join(f"_{i} {t}" for i, t in enumerate(types, 1))
            tables.append(ExternalTable(name, structure, setting.get(f"{name}_format", "TabSeparated"), payload))
        return tables


# ---------------------------------------------------------------------------
# Command line.
# ---------------------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Serve ClickHouse's HTTP interface from an in-process chDB engine.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8123, help="port to listen on; 0 picks a free one (default: 8123)")
    parser.add_argument("--data-dir", help="where the engine keeps its data; a temporary directory, "
                        "removed on exit, when not given")
    parser.add_argument("--ready-file", help="write the chosen port to this file once listening")
    parser.add_argument("--user", default="default", help="user name to require when --password is given")
    parser.add_argument("--password", help="require this password (by default any credentials are accepted)")
    parser.add_argument("--display-name", default=socket.gethostname(),
                        help="value of X-ClickHouse-Server-Display-Name (default: the host name)")
    parser.add_argument("--log-requests", action="store_true", help="log each request to stderr")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    temp_dir = None
    data_dir = args.data_dir
    if data_dir is None:
        temp_dir = data_dir = tempfile.mkdtemp(prefix="chdb-server-")
    engine = Engine(os.path.abspath(data_dir))
    Handler.engine = engine
    Handler.display_name = args.display_name
    Handler.credentials = (args.user, args.password) if args.password is not None else None
    Handler.quiet = not args.log_requests
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]

    def stop(signum, frame):
        # shutdown() waits for serve_forever() to return: not from its thread.
        threading.Thread(target=server.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if args.ready_file:
        partial = args.ready_file + ".tmp"
        with open(partial, "w", encoding="utf-8") as f:
            f.write(f"{port}\n")
        os.replace(partial, args.ready_file)
    print(f"chdb-server listening on http://{host}:{port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        engine.close()
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
