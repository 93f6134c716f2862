"""Probe arguments: the representative argument types (and literals and
lambdas) the generator calls functions with.

A probe is instantiated per argument position `pos` and instantiation `k`
(0 or 1). Parameterised types get different parameters in each position and
each instantiation (`DateTime('Asia/Kolkata')` at position 0, instantiation
0; `DateTime('Australia/Sydney')` at position 1, instantiation 1), so a rule
such as "the zone of argument 0" can be told apart from "the zone of argument
1" or a constant zone: the fitted rule must explain both instantiations.
"""

from __future__ import annotations

from dataclasses import dataclass

from .chtypes import class_key, decimal_width, quote

# Markers per position: (instantiation 0, instantiation 1).
ZONES = [("Asia/Kolkata", "America/Sao_Paulo"), ("Europe/Berlin", "Australia/Sydney"),
         ("Africa/Cairo", "Asia/Tokyo"), ("Europe/London", "America/Denver"),
         ("Asia/Shanghai", "America/Lima"), ("Europe/Madrid", "Asia/Seoul"),
         ("Africa/Lagos", "Europe/Rome"), ("America/Bogota", "Asia/Dhaka")]
LITERAL_ZONES = [("Pacific/Auckland", "America/Chicago"), ("Asia/Singapore", "Europe/Paris"),
                 ("Asia/Dubai", "America/Toronto"), ("Europe/Athens", "Asia/Manila")]
DATETIME64_PRECISIONS = [(3, 8), (2, 7), (5, 9), (1, 4), (4, 2), (6, 1), (7, 3), (8, 5)]
SCALES = [(2, 5), (3, 1), (4, 2), (1, 3), (5, 4), (2, 1), (3, 4), (1, 5)]
FIXED_SIZES = [(3, 8), (4, 10), (5, 12), (6, 14), (7, 9), (11, 13), (15, 16), (17, 18)]
DECIMAL_PRECISION_OFFSET = {"Decimal32": 4, "Decimal64": 10, "Decimal128": 20, "Decimal256": 40}
LITERAL_INTS = [(4, 7), (3, 5), (6, 2), (1, 8)]
LITERAL_TYPES = [("UInt32", "Array(Nullable(String))"), ("Nullable(Float64)", "Map(String, Int16)")]

# The third instantiation, used only by the test expressions: parameters the
# catalog never saw.
TEST_ZONES = ["Europe/Moscow", "America/New_York", "Asia/Jerusalem", "UTC"]
TEST_DATETIME64_PRECISIONS = [9, 0, 3, 6]
TEST_SCALES = [7, 0, 4, 9]
TEST_FIXED_SIZES = [11, 2, 20, 1]


def _marker(table, pos, k):
    row = table[pos % len(table)]
    return row[k] if k < 2 else None


def instantiate(template: str, pos: int, k: int) -> str:
    """Fills `{tz}`, `{p}`, `{n}`, `{Decimal64}`, `{Enum8}`... for position `pos`,
    instantiation `k` (2 is the test-only instantiation)."""
    if "{" not in template:
        return template
    if k == 3:  # shared: every position gets position 0's parameters, so equal types meet
        pos, k = 0, 0
    if k == 2:
        tz, p = TEST_ZONES[pos % 4], TEST_DATETIME64_PRECISIONS[pos % 4]
        scale, n = TEST_SCALES[pos % 4], TEST_FIXED_SIZES[pos % 4]
    else:
        tz, p = _marker(ZONES, pos, k), _marker(DATETIME64_PRECISIONS, pos, k)
        scale, n = _marker(SCALES, pos, k), _marker(FIXED_SIZES, pos, k)
    values = {"tz": quote(tz), "p": str(p), "n": str(n)}
    for width, offset in DECIMAL_PRECISION_OFFSET.items():
        s = min(scale, {"Decimal32": 5}.get(width, scale))
        precision = s + offset + (3 if k == 2 else 0)
        precision = min(precision, {"Decimal32": 9, "Decimal64": 18, "Decimal128": 38, "Decimal256": 76}[width])
        values[width] = f"Decimal({precision}, {s})"
    values["Enum8"] = f"Enum8('p{pos}k{k}' = 1, 'other' = 2)"
    values["Enum16"] = f"Enum16('p{pos}k{k}' = 1000, 'other' = 2000)"
    return template.format(**values)


@dataclass(frozen=True)
class Arg:
    """One argument of a probe call."""

    kind: str  # "column" | "literal" | "lambda"
    type: str  # canonical type; for a lambda the type of its body
    sql: str = ""  # literal or lambda text; columns get their name from the engine
    value: object = None  # a literal's value (int, float or str)
    enum: bool = False  # a literal whose value selects the rule (date_trunc's unit)
    params: int = 0  # a lambda's parameter count

    @property
    def key(self) -> str:
        if self.kind == "lambda":
            return f"Lambda({class_key(self.type)})"
        if self.enum:
            return "=" + quote(str(self.value).lower())
        return class_key(self.type)


class Probe:
    """A column of a type template such as `DateTime({tz})`."""

    def __init__(self, template: str):
        self.template = template
        self.parametric = "{" in template

    def arg(self, pos: int, k: int, engine) -> Arg:
        return Arg("column", instantiate(self.template, pos, k))

    def __repr__(self):
        return self.template


class Literal(Probe):
    """A literal: `values` gives (instantiation 0, instantiation 1[, test]) or one value for all."""

    def __init__(self, values, enum=False, render=None):
        self.values = values if isinstance(values, tuple) else (values, values, values)
        self.enum = enum
        self.render = render or (lambda v: quote(v) if isinstance(v, str) else repr(v))
        self.parametric = len(set(self.values[:2])) > 1
        self.template = f"literal {self.values[0]!r}"

    def arg(self, pos, k, engine):
        value = self.values[0 if k == 3 else min(k, len(self.values) - 1)]
        sql = self.render(value)
        return Arg("literal", engine.literal_type(sql), sql, value, self.enum)


class Sql(Probe):
    """A constant expression given as SQL, such as `INTERVAL 1 DAY` or `NULL`."""

    def __init__(self, sql):
        self.sql, self.parametric, self.template = sql, False, f"sql {sql}"

    def arg(self, pos, k, engine):
        return Arg("literal", engine.literal_type(self.sql), self.sql)


class Lambda(Probe):
    """A lambda with `params` parameters whose body is a column of `body`'s type."""

    def __init__(self, body: str, params: int = 1):
        self.body, self.params = body, params
        self.parametric = "{" in body
        self.template = f"lambda -> {body}"

    def arg(self, pos, k, engine):
        body_type = instantiate(self.body, pos, k)
        names = ", ".join(f"x{i}" for i in range(self.params))
        sql = f"({names}) -> {engine.column(body_type)}"
        return Arg("lambda", body_type, sql, params=self.params)


def probes(*templates) -> list[Probe]:
    return [t if isinstance(t, Probe) else Probe(t) for t in templates]


def lit_ints(pos_values=None):
    return Literal(tuple(pos_values) if pos_values else (4, 7, 9))


def decimal_of(width: str) -> str:
    return "{" + width + "}"


__all__ = ["Arg", "Probe", "Literal", "Sql", "Lambda", "probes", "instantiate", "decimal_width",
           "LITERAL_ZONES", "LITERAL_TYPES", "LITERAL_INTS"]
