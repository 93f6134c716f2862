#!/usr/bin/env python3
"""Compare kiln's static analysis with what a real ClickHouse (chDB) says.

    .venv/bin/python scripts/analysis_vs_clickhouse.py cases
        Builds the tables of src/analysis/tests/cases.yaml (empty, Memory engine), asks
        ClickHouse `DESCRIBE (<sql>)` for every case and compares the column names and
        types with the case's expected `columns`. A case whose expected issues include an
        error must be refused by ClickHouse. Columns kiln leaves `unknown` are not
        compared; a case with a `differential:` reason is listed, not run. Prints the
        agreement rate; exits 1 on any disagreement.

    .venv/bin/python scripts/analysis_vs_clickhouse.py example
        Builds the example project's seeds, sources and models (as views, from target/manifest.json
        and target/compiled: run `cargo run -- compile` first) and rewrites
        src/analysis/tests/example_schemas.tsv with ClickHouse's schema of every model.

    .venv/bin/python scripts/analysis_vs_clickhouse.py corpus
        Builds the parser corpus's tables (src/analysis/tests/corpus.rs, MergeTree engines
        so FINAL and SAMPLE work), asks ClickHouse `DESCRIBE` for every statement of
        tests/parser_corpus/statements.sql and compares the names and types with the
        columns in snapshots/parser_corpus.snap. Columns kiln leaves unknown (`?`) are
        compared by name only. Prints the agreement rate; exits 1 on any disagreement.

Types are compared in ClickHouse's canonical spelling (print_pretty_type_names = 0).
"""

import json
import pathlib
import re
import sys
import tempfile

import chdb
import yaml
from chdb import session

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "src/analysis/tests/cases.yaml"
CORPUS = ROOT / "tests/parser_corpus/statements.sql"
CORPUS_SNAPSHOT = ROOT / "snapshots/parser_corpus.snap"
# The tables of src/analysis/tests/corpus.rs, with engines that allow FINAL and SAMPLE.
CORPUS_TABLES = """
CREATE TABLE db.events (event_id UInt64, user_id UInt32, event_time DateTime, event_date Date,
    event_type LowCardinality(String), url String, duration_ms UInt32, revenue Decimal(18, 4),
    tags Array(String), props Map(String, String), geo Tuple(country String, city String),
    session_id Nullable(String), is_bot UInt8, version UInt32)
    ENGINE = ReplacingMergeTree(version) ORDER BY (event_id, intHash32(user_id)) SAMPLE BY intHash32(user_id);
CREATE TABLE db.users (user_id UInt32, name String, email Nullable(String), country LowCardinality(String),
    signup_date Date, age UInt8, score Float64, attributes Map(String, String), updated_at DateTime64(3))
    ENGINE = MergeTree ORDER BY user_id;
CREATE TABLE db.orders (order_id UInt64, user_id UInt32, amount Decimal(10, 2), status LowCardinality(String),
    order_time DateTime, items Array(UInt32), quantities Array(UInt16), discount Nullable(Float32))
    ENGINE = MergeTree ORDER BY order_id;
CREATE TABLE db.prices (product_id UInt32, price_time DateTime, price Float64) ENGINE = MergeTree ORDER BY (product_id, price_time);
CREATE TABLE db.metrics (ts DateTime, host String, metric String, value Float64) ENGINE = MergeTree ORDER BY ts
"""
SCHEMAS = ROOT / "src/analysis/tests/example_schemas.tsv"


def describe(sess, sql):
    """[(name, type)] of a query, or raises."""
    result = sess.query(f"DESCRIBE ({sql}) SETTINGS print_pretty_type_names = 0", "JSONCompact")
    return [(row[0], row[1]) for row in json.loads(str(result))["data"]]


def quote(name):
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


def create_tables(sess, tables):
    for qualified, table in tables.items():
        database, name = qualified.split(".", 1)
        sess.query(f"CREATE DATABASE IF NOT EXISTS {quote(database)}")
        columns = ", ".join(
            f"{quote(column)} {'String' if t == 'unknown' else t}" for column, t in table["columns"].items()
        )
        sess.query(f"CREATE TABLE {quote(database)}.{quote(name)} ({columns}) ENGINE = Memory")


def cases():
    spec = yaml.safe_load(CASES.read_text())
    agree, disagree, skipped = 0, [], []
    with tempfile.TemporaryDirectory() as path:
        sess = session.Session(path)
        create_tables(sess, spec["tables"])
        for case in spec["cases"]:
            name = case["name"]
            if case.get("differential"):
                skipped.append(f"{name}: {case['differential']}")
                continue
            expects_error = any(issue.startswith("error ") for issue in case.get("issues", []))
            try:
                actual = describe(sess, case["sql"])
            except Exception as error:  # noqa: BLE001 - any refusal is an answer
                message = str(error).strip().splitlines()[0][:200]
                if expects_error:
                    agree += 1
                else:
                    disagree.append(f"{name}: ClickHouse refuses the query: {message}")
                continue
            if expects_error:
                disagree.append(f"{name}: kiln reports an error, ClickHouse accepts the query")
                continue
            expected = [next(iter(column.items())) for column in case.get("columns", [])]
            problems = []
            if expected and len(expected) != len(actual):
                problems.append(f"{len(actual)} columns, kiln expects {len(expected)}")
            for (name_expected, type_expected), (name_actual, type_actual) in zip(expected, actual):
                if type_expected == "unknown":
                    continue
                if (name_expected, type_expected) != (name_actual, type_actual):
                    problems.append(
                        f"kiln `{name_expected}` {type_expected}, ClickHouse `{name_actual}` {type_actual}"
                    )
            if problems:
                disagree.append(f"{name}: " + "; ".join(problems))
            else:
                agree += 1
    total = agree + len(disagree)
    for line in disagree:
        print("DISAGREE", line)
    for line in skipped:
        print("SKIPPED ", line)
    rate = 100.0 * agree / total if total else 100.0
    print(f"{agree} of {total} cases agree with ClickHouse ({rate:.1f} %), {len(skipped)} not comparable")
    return 1 if disagree else 0


def example():
    manifest = json.loads((ROOT / "target/manifest.json").read_text())
    nodes = manifest["nodes"]
    lines = []
    with tempfile.TemporaryDirectory() as path:
        sess = session.Session(path)
        for node in nodes.values():
            sess.query(f"CREATE DATABASE IF NOT EXISTS {quote(node['schema'])}")
            if node["resource_type"] == "seed":
                types = node["config"].get("column_types", {})
                columns = ", ".join(f"{quote(c)} {types[c]}" for c in node["columns"])
                sess.query(f"CREATE TABLE {quote(node['schema'])}.{quote(node['alias'])} ({columns}) ENGINE = Memory")
        for source in manifest.get("sources", {}).values():
            sess.query(f"CREATE DATABASE IF NOT EXISTS {quote(source['schema'])}")
            columns = ", ".join(f"{quote(c['name'])} {c['data_type']}" for c in source["columns"].values())
            sess.query(f"CREATE TABLE {quote(source['schema'])}.{quote(source['identifier'])} ({columns}) ENGINE = Memory")
        models = [n for n in nodes.values() if n["resource_type"] == "model"]
        built = {}
        while len(built) < len(models):
            progress = False
            for node in models:
                if node["unique_id"] in built:
                    continue
                if any(dep.startswith("model.") and dep not in built for dep in node["depends_on"]["nodes"]):
                    continue
                sql = (ROOT / node["compiled_path"]).read_text()
                relation = f"{quote(node['schema'])}.{quote(node['alias'])}"
                sess.query(f"CREATE VIEW {relation} AS {sql}")
                built[node["unique_id"]] = describe(sess, f"SELECT * FROM {relation}")
                progress = True
            if not progress:
                sys.exit("models depend on each other in a cycle")
        for node in sorted(models, key=lambda n: n["name"]):
            lines.append(f"## {node['name']}")
            lines.extend(f"{name}\t{data_type}" for name, data_type in built[node["unique_id"]])
    SCHEMAS.write_text("\n".join(lines) + "\n")
    print(f"wrote {SCHEMAS.relative_to(ROOT)} ({len(models)} models, ClickHouse {chdb.__version__})")
    return 0


def corpus_statements():
    """{name: sql} of the corpus file, split as corpus.rs splits it."""
    statements = {}
    for chunk in CORPUS.read_text().split(";\n"):
        lines = chunk.splitlines()
        starts = [i for i, line in enumerate(lines) if re.fullmatch(r"-- [a-z0-9_]+", line)]
        if starts:
            statements[lines[starts[0]][3:]] = "\n".join(lines[starts[0] + 1 :]).strip().rstrip(";")
    return statements


def corpus_snapshot():
    """{name: [(name, type)]} of the snapshot's `columns:` lines; type `?` when unknown."""
    columns, current = {}, None
    for line in CORPUS_SNAPSHOT.read_text().splitlines():
        if match := re.fullmatch(r"-- ([a-z0-9_]+): .*", line):
            current = match.group(1)
            columns[current] = []
        elif current and (match := re.fullmatch(r"   columns: (.*)", line)):
            columns[current] = [tuple(c.split(": ", 1)) for c in match.group(1).split(" | ")]
    return columns


def corpus():
    kiln = corpus_snapshot()
    agree, disagree, refused = 0, 0, []
    with tempfile.TemporaryDirectory() as path:
        sess = session.Session(path)
        sess.query("CREATE DATABASE db")
        for statement in CORPUS_TABLES.split(";\n"):
            sess.query(statement)
        for name, sql in corpus_statements().items():
            # DESCRIBE takes no FORMAT clause; the statements' own SETTINGS stay.
            sql = re.sub(r"\s+FORMAT\s+\w+\s*$", "", sql)
            try:
                clickhouse = describe(sess, sql)
            except Exception as error:  # noqa: BLE001 - chDB raises a bare RuntimeError
                refused.append(f"{name}: {str(error).splitlines()[0][:160]}")
                continue
            for index, (column, data_type) in enumerate(kiln.get(name, [])):
                other = clickhouse[index] if index < len(clickhouse) else ("<absent>", "<absent>")
                if (column, data_type) == other or (data_type == "?" and column == other[0]):
                    agree += data_type != "?"
                    continue
                disagree += 1
                print(f"DISAGREE {name}: kiln `{column}` {data_type}, ClickHouse `{other[0]}` {other[1]}")
    for line in refused:
        print(f"REFUSED  {line}")
    print(f"{agree} of {agree + disagree} typed corpus columns agree with ClickHouse, {len(refused)} statements not described")
    return 1 if disagree else 0


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "cases":
        sys.exit(cases())
    if mode == "example":
        sys.exit(example())
    if mode == "corpus":
        sys.exit(corpus())
    sys.exit(__doc__)
