"""A small model of ClickHouse type names, enough to fit return-type rules.

Types arrive in ClickHouse's canonical spelling (from `toTypeName`/`DESCRIBE`),
so parsing only has to split a name into its family and top-level arguments.
`class_key` mirrors `class_key` in `src/analysis/functions/pattern.rs`: both
sides must put a type in the same class, or a catalog row never matches.
"""

from __future__ import annotations

import functools
import re

SIMPLE_NUMBERS = [
    "UInt8", "UInt16", "UInt32", "UInt64", "UInt128", "UInt256",
    "Int8", "Int16", "Int32", "Int64", "Int128", "Int256",
    "Float32", "Float64", "BFloat16",
]
LOW_CARDINALITY_OK = set(SIMPLE_NUMBERS) | {
    "String", "FixedString", "UUID", "Date", "Date32", "DateTime", "Time", "IPv4", "IPv6", "Bool",
}


def split_top(text: str) -> list[str]:
    """Splits `a, b(c, d), 'e,f'` at top-level commas."""
    parts, depth, quote, start, i = [], 0, None, 0, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'`\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
        i += 1
    tail = text[start:].strip()
    if tail or parts:
        parts.append(tail)
    return parts


class T:
    """A parsed type: `head` is the family, `args` the raw top-level arguments."""

    __slots__ = ("head", "args", "text")

    def __init__(self, text: str):
        text = text.strip()
        self.text = text
        open_at = text.find("(")
        if open_at < 0:
            self.head, self.args = text, []
        else:
            self.head = text[:open_at]
            self.args = split_top(text[open_at + 1 : -1])

    def __str__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, T) and self.text == other.text

    def __hash__(self):
        return hash(self.text)

    # --- children ---------------------------------------------------------
    def child(self, index: int = 0) -> "T":
        return parse(self.args[index])

    def tuple_elements(self) -> list["T"]:
        return [parse(strip_element_name(arg)) for arg in self.args]

    # --- parameters -------------------------------------------------------
    def tz(self):
        if self.head == "DateTime" and self.args:
            return unquote(self.args[0])
        if self.head == "DateTime64" and len(self.args) > 1:
            return unquote(self.args[1])
        return None

    def precision(self):
        if self.head in ("DateTime64", "Decimal", "Time64"):
            return int(self.args[0])
        return None

    def scale(self):
        if self.head == "Decimal":
            return int(self.args[1])
        return None

    def size(self):
        if self.head == "FixedString":
            return int(self.args[0])
        return None


@functools.lru_cache(maxsize=None)
def parse(text: str) -> T:
    return T(text)


NAMED_ELEMENT = re.compile(r"^(`(?:[^`\\]|\\.)*`|[A-Za-z_][A-Za-z0-9_]*) (.+)$", re.S)


def strip_element_name(arg: str) -> str:
    """`a UInt8` -> `UInt8`; `UInt8` stays. Canonical types have no top-level spaces."""
    match = NAMED_ELEMENT.match(arg)
    if match and "(" not in match.group(1):
        return match.group(2)
    return arg


def unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        return text[1:-1].replace("\\'", "'").replace("\\\\", "\\")
    return text


def quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def decimal_width(precision: int) -> str:
    if precision <= 9:
        return "Decimal32"
    if precision <= 18:
        return "Decimal64"
    if precision <= 38:
        return "Decimal128"
    return "Decimal256"


@functools.lru_cache(maxsize=None)
def class_key(text: str) -> str:
    """The class a catalog row matches a type by; parameters that rules can
    carry through (zones, precisions, scales, sizes, enum values) are dropped."""
    t = parse(text)
    head = t.head
    if head in ("Nullable", "LowCardinality", "Array"):
        return f"{head}({class_key(t.args[0])})"
    if head == "Map":
        return f"Map({class_key(t.args[0])}, {class_key(t.args[1])})"
    if head == "Tuple":
        return "Tuple(" + ", ".join(class_key(str(e)) for e in t.tuple_elements()) + ")"
    if head == "DateTime":
        return "DateTime(tz)" if t.args else "DateTime"
    if head == "DateTime64":
        return "DateTime64(tz)" if len(t.args) > 1 else "DateTime64"
    if head == "Decimal":
        return decimal_width(int(t.args[0]))
    if head in ("FixedString", "Enum8", "Enum16", "Time64", "AggregateFunction",
                "SimpleAggregateFunction", "JSON", "Dynamic", "Variant", "Object", "QBit", "Nested"):
        return head
    return head


def family_of(key: str) -> str | None:
    """The wildcard family a class belongs to (`Array(*)` for `Array(UInt8)`)."""
    for family in ("Array", "Map", "Tuple", "Lambda"):
        if key.startswith(family + "("):
            return family
    return None


# --- Nullable / LowCardinality, mirroring src/types/predicates.rs -------------

def can_be_inside_nullable(t: T) -> bool:
    if t.head in ("Array", "Map", "Nested", "LowCardinality", "Nullable", "Variant", "Dynamic",
                  "AggregateFunction", "Ring", "Polygon", "MultiPolygon", "LineString",
                  "MultiLineString", "MultiPoint", "Geometry"):
        return False
    if t.head == "SimpleAggregateFunction":
        return False
    return True


def can_be_inside_low_cardinality(t: T) -> bool:
    if t.head == "Nullable":
        return can_be_inside_low_cardinality(t.child())
    return t.head in LOW_CARDINALITY_OK or t.head.startswith("Interval")


def make_nullable(text: str) -> str | None:
    t = parse(text)
    if t.head == "Nullable":
        return text
    if t.head == "LowCardinality":
        inner = make_nullable(t.args[0])
        return None if inner is None else f"LowCardinality({inner})"
    if can_be_inside_nullable(t):
        return f"Nullable({text})"
    return text


def strip_nullable(text: str) -> str:
    t = parse(text)
    if t.head == "Nullable":
        return t.args[0]
    if t.head == "LowCardinality" and parse(t.args[0]).head == "Nullable":
        return f"LowCardinality({parse(t.args[0]).args[0]})"
    return text


def strip_low_cardinality(text: str) -> str:
    t = parse(text)
    return t.args[0] if t.head == "LowCardinality" else text


def is_nullable(text: str) -> bool:
    t = parse(text)
    if t.head == "Nullable":
        return True
    return t.head == "LowCardinality" and parse(t.args[0]).head == "Nullable"
