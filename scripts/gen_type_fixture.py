#!/usr/bin/env python3
"""Regenerate tests/fixtures/types/canonical.tsv from a real ClickHouse engine.

For every input type string below, ClickHouse (embedded through chDB) is asked
for its canonical spelling:

    SELECT toTypeName(defaultValueOfTypeName('<input>'))
    SETTINGS print_pretty_type_names = 0

`defaultValueOfTypeName` builds the type with ClickHouse's own type factory,
so an input it rejects is a type ClickHouse rejects; those rows get `!error`.
A few types have no default value (`Nothing`); for them the type is asked for
as an array element instead and the `Array(...)` is peeled off.

Setup:  scripts/bootstrap-python.sh   (installs chdb-core, pinned in requirements.txt)
Run:    .venv/bin/python scripts/gen_type_fixture.py   (about two minutes)

Output format: TabSeparated with ClickHouse's escaping (`\\t`, `\\n`, `\\\\`),
two columns `input` and `canonical`, lines starting with `#` are comments.
Never edit the output by hand; add inputs here and rerun.
"""

import pathlib
import sys

import chdb

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/types/canonical.tsv"

NOT_IMPLEMENTED = "Code: 48."

# Hand-picked inputs: spellings, whitespace, escapes, nesting rules.
HAND_PICKED = [
    # decimals
    "Decimal(10, 2)", "Decimal(10)", "Decimal", "Decimal( 10 , 2 )", "Decimal(0x0A, 2)",
    "Decimal(76, 76)", "Decimal(1,1)", "Decimal(0, 0)", "Decimal(77, 2)", "Decimal(10, 11)",
    "Decimal(-1, 0)", "Decimal(10.5, 2)", "Decimal(9223372036854775808, 2)",
    "Decimal32(2)", "Decimal32(9)", "Decimal32(10)", "Decimal64(18)", "Decimal128(2)",
    "Decimal256(76)", "Decimal32", "decimal32(2)", "DECIMAL64(4)", "DEC(10,2)", "numeric(10, 2)",
    "NUMERIC", "FIXED(5, 1)",
    # strings
    "String", "String(10)", "VARCHAR(255)", "varchar", "TEXT", "text", "CHAR(3)",
    "character varying(20)", "NATIONAL CHARACTER VARYING", "national char", "NCHAR LARGE OBJECT",
    "BINARY LARGE OBJECT", "BINARY VARYING", "LONGBLOB", "BYTEA", "String('x')",
    "FixedString(16)", "FixedString(1)", "FixedString(0)", "FixedString(-1)", "FixedString(1.0)",
    "FixedString('3')", "FixedString(0x10)", "FixedString(16777215)", "FixedString(16777216)",
    "FixedString", "BINARY(4)", "binary(16)",
    # integers and MySQL spellings
    "INT", "int", "Int", "INTEGER", "BIGINT", "bigint unsigned", "BIGINT   UNSIGNED",
    "TINYINT", "TINYINT(1)", "SMALLINT UNSIGNED", "MEDIUMINT", "INT(11)", "INT(11) UNSIGNED",
    "int(10) signed", "INT1", "BYTE", "BIT", "SET", "YEAR", "SIGNED", "UNSIGNED",
    "UInt8(1)", "Int8(1, 2)", "uint8", "UINT8", "int32", "INT64", "Int32 UNSIGNED",
    # floats
    "FLOAT", "float", "FLOAT(10)", "DOUBLE", "double precision", "DOUBLE   PRECISION",
    "DOUBLE(10,2)", "REAL", "SINGLE", "Float32(10)", "BFloat16", "bfloat16", "float32",
    # dates and times
    "Date", "date", "DATE32", "DateTime", "datetime", "DateTime('UTC')",
    "DateTime('Europe/Moscow')", "DateTime('')", "DateTime(' UTC')", "DateTime('Nope/Zone')",
    "DateTime(\"UTC\")", "DateTime(3)", "DateTime(3, 'UTC')", "DateTime32", "DateTime32('UTC')",
    "DateTime64", "DateTime64(0)", "DateTime64(3)", "DateTime64(9)", "DateTime64(10)",
    "DateTime64(-1)", "DateTime64(3.0)", "DateTime64(3, 'UTC')", "DateTime64(3,'Asia/Kolkata')",
    "DateTime64(6, 'America/New_York')", "datetime64(3)", "DateTime64(3, 'UTC', 1)",
    "DateTime64(3,)", "TIMESTAMP", "timestamp(3)", "Time", "time", "Time(3)", "Time64",
    "Time64(9)", "Time64(10)", "Time('UTC')", "Time64(3, 'UTC')",
    # enums
    "Enum8('a' = 1, 'b' = 2)", "Enum8('a'=1,'b'=2)", "Enum8('b' = 2, 'a' = 1)",
    "Enum8('a', 'b')", "Enum('a', 'b')", "ENUM('a','b')", "enum8('a' = 1)", "eNuM16('a' = 1)",
    "Enum8('a' = -1, 'b' = 0, 'c' = 1)", "Enum8('a' = -128, 'b' = 127)", "Enum8('a' = -129)",
    "Enum8('a' = 128)", "Enum16('a' = -32768, 'b' = 32767)", "Enum16('a' = 32768)",
    "Enum('a' = 1, 'b' = 2)", "Enum('a' = 128)", "Enum('x' = 200, 'y' = -5)",
    "Enum('a' = 100000)", "Enum8('a' = 5, 'b')", "Enum8('a' = -1, 'b')", "Enum8('a' = 127, 'b')",
    "Enum8('b', 'a' = 5)", "Enum8('b', 'a' = 1)", "Enum8('a', 'b' = 5, 'c')",
    "Enum8('a', 'b', 'c' = 10)", "Enum8('a' = 5, 'b', 'c' = 7)", "Enum8('a' = 1, 'a' = 2)",
    "Enum8('a' = 1, 'b' = 1)", "Enum8()", "Enum8", "Enum8('a' = 1.0)", "Enum8('a' = 0x10)",
    "Enum8('a' = +1)", "Enum8(a = 1)", "Enum8(1 = 'a')", "Enum8('a' = 1,)",
    "Enum8('it\\'s' = 1)", "Enum8('it''s' = 1)", "Enum8('a\\\\b' = 1)", "Enum8('a\\nb' = 1)",
    "Enum8('tab\\there' = 1)", "Enum8('\\x41\\x42' = 1)", "Enum8('\\0' = 1)", "Enum8('\\a\\v\\e' = 1)",
    "Enum8('\\d' = 1)", "Enum8('\\N' = 1)", "Enum8('\"' = 1)", "Enum8('`' = 1)", "Enum8('' = 1)",
    "Enum8('é' = 1, '日本' = 2)", "Enum8(' spaced ' = 1)", "Enum8('a' = 1, 'A' = 2)",
    # nullable and low cardinality
    "Nullable(String)", "Nullable( String )", "Nullable(Nullable(UInt8))", "Nullable()",
    "Nullable(UInt8, UInt8)", "nullable(UInt8)", "Nullable(LowCardinality(String))",
    "LowCardinality(Nullable(String))", "LowCardinality(LowCardinality(String))",
    "LowCardinality(Nullable(FixedString(3)))", "Nullable(Nothing)", "Nothing",
    "Array(Nullable(Array(UInt8)))", "Array(LowCardinality(Nullable(String)))",
    "Nullable(Null)", "Array(Null)",
    # arrays, maps, tuples, nested
    "Array(UInt8)", "  Array ( UInt8 )  ", "Array(Array(Array(String)))", "Array()",
    "Array(UInt8, UInt8)", "Array(1)", "array(UInt8)", "Array(Nothing)",
    "Map(String, UInt64)", "Map(LowCardinality(String), Array(Nullable(UInt8)))",
    "Map(String, Map(String, Array(Tuple(a UInt8, b Nullable(String)))))", "Map(String)",
    "Map(Nullable(String), UInt8)", "Map(LowCardinality(Nullable(String)), UInt8)",
    "Map(Array(UInt8), UInt8)", "Map(String, UInt8,)", "Map(UUID, Decimal(10, 2))",
    "Tuple()", "Tuple", "Tuple(UInt8)", "Tuple(UInt8, String)", "Tuple(a UInt8, b String)",
    "  Tuple ( a  UInt8 ,b String ) ", "Tuple(\n    a UInt8,\n    b String)",
    "Tuple(\ta\tUInt8)", "Tuple(a UInt8, UInt8)", "Tuple(UInt8, a UInt8)",
    "Tuple(a UInt8, a String)", "Tuple(`a b` UInt8, `1` String)", "Tuple(`a` UInt8)",
    "Tuple(\"a\" UInt8)", "Tuple(`a.b` UInt8)", "Tuple(a.b UInt8)", "Tuple(`a``b` UInt8)",
    "Tuple(`a\\`b` UInt8)", "Tuple(`a'b` UInt8)", "Tuple(`é` UInt8)", "Tuple(é UInt8)",
    "Tuple(`` UInt8)", "Tuple(select UInt8)", "Tuple(`from` UInt8, `table` UInt8)",
    "Tuple(key UInt8, value String, date Date, type String, index UInt8, order UInt8)",
    "Tuple(`null` UInt8)", "Tuple(`NULL` UInt8)", "Tuple(`Null` UInt8)", "Tuple(true UInt8)",
    "Tuple(`inf` Float64, `nan` Float64)", "Tuple(_ UInt8, _1 UInt8, x1 UInt8)",
    "Tuple($a UInt8)", "Tuple(INT UNSIGNED)", "Tuple(x INT UNSIGNED)", "Tuple(DOUBLE PRECISION)",
    "Tuple(double Float64)", "Tuple(a DateTime64(3, 'UTC'))", "Tuple(Int, String,)",
    "Tuple(Array(Int),)", "Tuple(a Int,)", "Tuple(,)", "tuple(UInt8)", "`Tuple`(a UInt8)",
    "Tuple(a Tuple(b UInt8, c String), d Array(Tuple(e UInt8)))", "Tuple(NOT UInt8)",
    "Tuple(a Null)", "Tuple(a Nullable(UInt8), b LowCardinality(Nullable(String)))",
    "Nested(a UInt8, b String)", "Nested(a UInt8)", "Nested(n Nested(a UInt8, b String), c UInt8)",
    "Nested()", "Nested(UInt8)", "Nested(a UInt8, a String)", "Nested(`from` UInt8)",
    "Nested(a UInt8,)", "nested(a UInt8)", "Array(Nested(a UInt8))", "Map(String, Nested(a UInt8))",
    # variant, dynamic, json, object
    "Variant(String, UInt8)", "Variant(UInt8, String)", "Variant(String, String)", "Variant()",
    "Variant(Nothing)", "Variant(Nullable(String))", "Variant(LowCardinality(Nullable(String)))",
    "Variant(Variant(UInt8))", "Variant(Dynamic)", "Variant(JSON)",
    "Variant(Array(UInt8), Array(String), UInt8, Int8, UInt16, String, LowCardinality(String), Tuple(UInt8), Map(String, UInt8))",
    "Dynamic", "Dynamic()", "Dynamic(max_types=10)", "Dynamic(max_types = 5)",
    "Dynamic(max_types=32)", "Dynamic(max_types=0)", "Dynamic(max_types=254)",
    "Dynamic(max_types=255)", "Dynamic(5)", "Dynamic(foo=3)", "Dynamic(max_types=3, max_types=4)",
    "dynamic", "JSON", "json", "Json", "JSON()", "JSON(max_dynamic_paths=10)",
    "JSON(max_dynamic_paths = 10)", "JSON(max_dynamic_paths=1024)", "JSON(max_dynamic_types=32)",
    "JSON(max_dynamic_paths=10, max_dynamic_types=3)", "JSON(max_dynamic_paths=10, max_dynamic_paths=2)",
    "JSON(max_dynamic_paths=0)", "JSON(max_dynamic_paths=10001)", "JSON(max_dynamic_types=255)",
    "JSON(foo=1)", "JSON(a UInt32)", "JSON( a  UInt32 )", "JSON(a.b UInt32)", "JSON(a.b.c UInt8)",
    "JSON(`a.b`.c UInt8)", "JSON(`a b` UInt32)", "JSON(`from` UInt8)",
    "JSON(z UInt8, a UInt8, m.n String)", "JSON(a UInt8, a String)", "JSON(a Array(JSON))",
    "JSON(a JSON(max_dynamic_paths=2))", "JSON(SKIP a)", "JSON(SKIP a.b)", "JSON(SKIP `a.b`)",
    "JSON(SKIP z, SKIP a, SKIP REGEXP 'b', SKIP REGEXP 'a')", "JSON(skip regexp 'a\\\\.b')",
    "JSON(a.b String, SKIP c.d, SKIP REGEXP 'x.*', max_dynamic_types=3)", "JSON(a UInt8,)",
    "Nullable(JSON)", "Object('json')",
    # aggregate functions
    "AggregateFunction(uniq, UInt64)", "AggregateFunction(uniq, UInt64, String)",
    "AggregateFunction(count)", "AggregateFunction(sum, UInt8,)", "AggregateFunction(sum(), UInt8)",
    "AggregateFunction(`sum`, UInt8)", "AggregateFunction(uniqIf, UInt64, UInt8)",
    "AggregateFunction(quantiles(0.5, 0.9), Float64)", "AggregateFunction(quantiles(0.5,0.9),Float64)",
    "AggregateFunction(quantile(0.5), Float64)", "AggregateFunction(quantile(1.0), Float64)",
    "AggregateFunction(quantile(1e-7), Float64)", "AggregateFunction(quantile(0.000001), Float64)",
    "AggregateFunction(quantiles(0.1, 0.25, 0.333), Float64)", "AggregateFunction(topK(10), String)",
    "AggregateFunction(sequenceMatch('(?1)(?2)'), DateTime, UInt8, UInt8)",
    "AggregateFunction(1, sumMap, Array(UInt8), Array(UInt64))", "AggregateFunction(0, sum, UInt8)",
    "AggregateFunction(groupArray, Array(UInt8))", "AggregateFunction(argMax, String, DateTime)",
    "AggregateFunction(uniqExact, Nullable(String))", "AggregateFunction()", "AggregateFunction",
    "SimpleAggregateFunction(sum, UInt64)", "SimpleAggregateFunction(anyLast, Nullable(String))",
    "SimpleAggregateFunction(any, LowCardinality(String))", "SimpleAggregateFunction(max, DateTime)",
    "SimpleAggregateFunction(groupUniqArrayArray, Array(String))",
    "SimpleAggregateFunction(maxMap, Tuple(Array(UInt8), Array(UInt64)))",
    "SimpleAggregateFunction(uniq, UInt64)", "SimpleAggregateFunction(any)",
    "SimpleAggregateFunction(min, UInt8, UInt8)", "Nullable(SimpleAggregateFunction(sum, UInt64))",
    "LowCardinality(SimpleAggregateFunction(any, String))",
    "Nullable(AggregateFunction(sum, UInt8))", "Array(AggregateFunction(uniq, String))",
    # geo, qbit, misc
    "Point", "Ring", "Polygon", "MultiPolygon", "LineString", "MultiLineString", "MultiPoint",
    "Geometry", "GEOMETRY", "geometry", "point", "Array(Point)", "Nullable(Point)", "Nullable(Ring)",
    "QBit(Float32, 8)", "QBit(Float32,8)", "QBit(BFloat16, 16)", "QBit(Int8, 3)", "QBit(Float64, 0)",
    "QBit(UInt8, 8)", "QBit(Float32, 8, 8)", "IntervalDay", "intervalday", "IntervalYear",
    "Nullable(IntervalHour)", "UUID", "uuid", "IPv4", "ipv4", "INET4", "inet6", "IPv6", "Bool",
    "bool", "BOOLEAN", "boolean",
    # whitespace, comments, quoting, garbage
    "Int32 ", "\tInt32\n", "Array(/* element */ UInt8)", "Array(UInt8 -- comment\n)",
    "`UInt8`", "\"UInt8\"", "`int`", "Array(`8`)", "`Null`", "Strin", "Nulable(UInt8)",
    "LowCardinality(Strng)", "Array(UInt8", "Array(UInt8))", "Array UInt8", "UInt8 UInt8",
    "(UInt8)", "Array(,)", "", " ", "123", "'String'", "Map(String, UInt8", "Tuple(a UInt8 b UInt8)",
]

# Bases that the wrapper combinations below are applied to.
WRAPPED = [
    "Int8", "UInt256", "Float32", "Float64", "BFloat16", "Decimal(10, 2)", "String",
    "FixedString(2)", "UUID", "Date", "Date32", "DateTime", "DateTime('UTC')", "DateTime64(3)",
    "Time", "Time64(3)", "Enum8('a' = 1)", "Enum16('a' = 1)", "Array(UInt8)", "Tuple(UInt8)",
    "Tuple(a UInt8)", "Tuple()", "Map(String, UInt8)", "Nested(a UInt8)", "IPv4", "IPv6", "Bool",
    "Nothing", "IntervalDay", "JSON", "Dynamic", "Variant(UInt8)",
    "AggregateFunction(sum, UInt8)", "SimpleAggregateFunction(sum, UInt64)", "Point", "Ring",
    "Polygon", "MultiPolygon", "LineString", "MultiLineString", "MultiPoint", "Geometry",
    "QBit(Float32, 8)", "Nullable(UInt8)", "LowCardinality(UInt8)", "LowCardinality(Nullable(UInt8))",
]
WRAPPERS = ["Nullable({})", "LowCardinality({})", "LowCardinality(Nullable({}))", "Array({})", "Map({}, UInt8)"]


def family_inputs():
    """Every family and alias ClickHouse lists, bare and with a few argument shapes."""
    rows = chdb.query("SELECT name FROM system.data_type_families ORDER BY name", "TSVRaw")
    names = [line for line in str(rows).splitlines() if line]
    inputs = []
    for name in names:
        inputs += [name, name.lower(), name + "()", name + "(1)", name + "(1, 2)", name + "(UInt8)"]
    return inputs


def canonical(type_text):
    quoted = type_text.replace("\\", "\\\\").replace("'", "\\'")
    settings = " SETTINGS print_pretty_type_names = 0"
    try:
        return str(chdb.query(f"SELECT toTypeName(defaultValueOfTypeName('{quoted}')){settings}", "TSVRaw")).rstrip("\n")
    except Exception as error:  # chDB raises a plain RuntimeError
        if NOT_IMPLEMENTED not in str(error):
            return "!error"
    try:
        text = str(chdb.query(f"SELECT toTypeName(CAST([], 'Array({quoted})')){settings}", "TSVRaw")).rstrip("\n")
    except Exception:
        return "!error"
    return text.removeprefix("Array(").removesuffix(")")


def escape(field):
    return field.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main():
    inputs = HAND_PICKED + [w.format(b) for b in WRAPPED for w in WRAPPERS] + family_inputs()
    seen = set()
    lines = [
        "# Canonical ClickHouse spellings of type names, generated by scripts/gen_type_fixture.py",
        f"# from ClickHouse {str(chdb.query('SELECT version()', 'TSVRaw')).strip()} (chDB). Do not edit by hand.",
        "# input<TAB>canonical, TabSeparated escaping; `!error` marks inputs ClickHouse rejects.",
    ]
    for text in inputs:
        if text in seen:
            continue
        seen.add(text)
        lines.append(f"{escape(text)}\t{escape(canonical(text))}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(seen)} rows to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
