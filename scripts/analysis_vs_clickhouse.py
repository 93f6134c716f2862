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

Types are compared in ClickHouse's canonical spelling (print_pretty_type_names = 0).
"""

import json
import pathlib
import sys
import tempfile

import chdb
import yaml
from chdb import session

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "src/analysis/tests/cases.yaml"
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


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "cases":
        sys.exit(cases())
    if mode == "example":
        sys.exit(example())
    sys.exit(__doc__)
