"""The ClickHouse engine (chDB) the generator asks: one session and
`DESCRIBE (SELECT ...)` to learn the type of many expressions at once without
running them. Arguments that are columns (not constants: constants change
`LowCardinality` results) come from an empty table made for each batch with
just the columns the batch uses, since every column a table has slows every
query down, and so does `materialize(...)` in place of a column."""

from __future__ import annotations

import re

from chdb import session

COLUMN_NAME = re.compile(r"\bcol_\d+\b")
SETTINGS = ("allow_suspicious_low_cardinality_types = 1, print_pretty_type_names = 0, "
            "allow_experimental_time_time64_type = 1")
BATCH = 200


class Engine:
    def __init__(self):
        self.session = session.Session()
        self.columns: dict[str, str] = {"UInt8": "col_0"}
        self.queries = 0
        self._literal_types: dict[str, str] = {}
        self._supertypes: dict[tuple[str, ...], str | None] = {}
        self.query(f"SET {SETTINGS}")
        self.table_columns: set[str] = set()
        self.tables = 0

    def query(self, sql: str) -> str:
        self.queries += 1
        return str(self.session.query(sql, "TSVRaw"))

    def version(self) -> str:
        return self.query("SELECT version()").strip()

    # --- columns ----------------------------------------------------------
    def column(self, type_text: str) -> str:
        """The name of a column of this type (the batch's table will have it)."""
        name = self.columns.get(type_text)
        if name is None:
            name = f"col_{len(self.columns)}"
            self.columns[type_text] = name
        return name

    def _table_for(self, expressions) -> str:
        """Makes the table `probe` hold every column the expressions name."""
        needed = set(COLUMN_NAME.findall(" ".join(expressions))) | {"col_0"}
        if not needed <= self.table_columns:
            types = {name: t for t, name in self.columns.items()}
            definitions = ", ".join(f"{name} {types[name]}" for name in sorted(needed))
            self.query("DROP TABLE IF EXISTS probe")
            self.query(f"CREATE TABLE probe ({definitions}) ENGINE = Memory")
            self.table_columns = needed
            self.tables += 1
        return "probe"

    def arg_sql(self, arg) -> str:
        return self.column(arg.type) if arg.kind == "column" else arg.sql

    # --- types of expressions --------------------------------------------
    def describe(self, expressions: list[str], settings: str = "") -> list[str | None]:
        """The type of each expression over `probe`, None where ClickHouse refuses it.
        Batches go in one query; a failing batch is split in halves."""
        results: list[str | None] = [None] * len(expressions)
        self._table_for(expressions)
        for start in range(0, len(expressions), BATCH):
            self._describe_range(expressions, start, min(start + BATCH, len(expressions)), results, settings)
        return results

    def _describe_range(self, expressions, lo, hi, results, settings):
        select = ", ".join(f"{expressions[i]} AS e{i}" for i in range(lo, hi))
        try:
            text = self.query(f"DESCRIBE (SELECT {select} FROM probe){settings}")
        except Exception:  # chDB raises RuntimeError with ClickHouse's message
            if hi - lo == 1:
                return
            mid = (lo + hi) // 2
            self._describe_range(expressions, lo, mid, results, settings)
            self._describe_range(expressions, mid, hi, results, settings)
            return
        for line in text.splitlines():
            fields = line.split("\t")
            if len(fields) > 1 and fields[0].startswith("e"):
                results[int(fields[0][1:])] = unescape(fields[1])

    def executes(self, expression: str) -> str | None:
        """Runs `SELECT expression` over no rows; returns the error text or None."""
        self._table_for([expression])
        try:
            self.query(f"SELECT {expression} FROM probe")
            return None
        except Exception as error:
            return str(error)

    def literal_type(self, sql: str) -> str:
        if sql not in self._literal_types:
            (result,) = self.describe([sql])
            if result is None:
                raise ValueError(f"ClickHouse refuses the literal {sql}")
            self._literal_types[sql] = result
        return self._literal_types[sql]

    def canonical(self, type_text: str) -> str | None:
        """ClickHouse's spelling of a type name, None when it is not a type."""
        escaped = type_text.replace("\\", "\\\\").replace("'", "\\'")
        return self.literal_type_or_none(f"defaultValueOfTypeName('{escaped}')")

    def literal_type_or_none(self, sql):
        try:
            return self.literal_type(sql)
        except ValueError:
            return None

    def supertype(self, types: tuple[str, ...], variant: bool) -> str | None:
        """ClickHouse's least supertype of `types` (with `variant`, the
        `Variant` fallback `if` and `array` use by default), asked through an
        array literal. Without the fallback there is no supertype exactly when
        the fallback answers a `Variant` none of the types is."""
        if types not in self._supertypes:
            self.prefetch_supertypes([types])
        result = self._supertypes[types]
        if not variant and result is not None and result.startswith("Variant(") and not any(
                t.startswith("Variant(") for t in types):
            return None
        return result

    def prefetch_supertypes(self, type_lists):
        todo = sorted({t for t in type_lists if t not in self._supertypes})
        expressions = ["[" + ", ".join(self.column(t) if t != "Nullable(Nothing)" else "NULL" for t in types) + "]"
                       for types in todo]
        for types, result in zip(todo, self.describe(expressions)):
            self._supertypes[types] = result[len("Array("):-1] if result else None


def unescape(field: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "\\": "\\"}.get(m.group(1), m.group(1)), field)
