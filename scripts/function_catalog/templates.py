"""Return-type templates: the rule language of the catalog.

A template is a type expression over the call's arguments. Its text form is
what the catalog stores and what `src/analysis/functions/template.rs` parses
and evaluates; this module renders templates, evaluates them (to check a
candidate against what ClickHouse answered) and proposes the candidates that
explain one observed call.

    $1            the type of argument 1 ($-1: the last; a lambda's is its body's)
    $1..  $1..-2:2   argument lists (from 1; from 1 to the second last, step 2)
    elem(e) mapkey(e) mapvalue(e)    element, key, value type of e
    field(e, $i)  the tuple element of e named or numbered by literal argument i
    nullable(e) strip(e) nolc(e)     makeNullable, removeNullable, removeLowCardinality
    super(list) supervar(list)       least supertype (strict / with the Variant fallback)
    coalesce(list)                   coalesce's rule (skip past the first non-Nullable)
    type($i)      the type named by string literal argument i
    Array(e) Nullable(e) LowCardinality(e) Map(e, e) Tuple(e | list, ...)
    DateTime(tz) DateTime64(p[, tz]) Decimal(p, s) FixedString(n)
        where a parameter is a number, a quoted zone, tz($i), prec($i),
        scale($i), size($i), lit($i), max(p, p) or add(p, p)
    anything else: a concrete ClickHouse type
"""

from __future__ import annotations

import itertools

from .chtypes import (can_be_inside_nullable, make_nullable, parse, quote, strip_low_cardinality,
                      strip_nullable)


def _index(i: int, n: int) -> int | None:
    j = i + n if i < 0 else i
    return j if 0 <= j < n else None


class Selector:
    """`$i` or `$i..j:step`; inside `Tuple(...)` it may carry a unary op,
    applied to each selected argument: `Tuple(elem($0..))`."""

    def __init__(self, start, end=None, step=1, single=False, op=None):
        self.start, self.end, self.step, self.single, self.op = start, end, step, single, op

    def render(self):
        if self.op:
            return f"{self.op}({Selector(self.start, self.end, self.step, self.single).render()})"
        if self.single:
            return f"${self.start}"
        text = f"${self.start}.."
        if self.end is not None:
            text += str(self.end)
        if self.step != 1:
            text += f":{self.step}"
        return text

    def indices(self, n):
        start = _index(self.start, n)
        if start is None:
            return None
        if self.single:
            return [start]
        end = n - 1 if self.end is None else _index(self.end, n)
        if end is None:
            return None
        return list(range(start, end + 1, self.step))


def expand(selectors, n):
    out = []
    for selector in selectors:
        indices = selector.indices(n)
        if indices is None:
            return None
        out += indices
    return out


# --- parameters --------------------------------------------------------------

class Param:
    pass


class Const(Param):
    def __init__(self, value):
        self.value = value

    def render(self):
        return quote(self.value) if isinstance(self.value, str) else str(self.value)

    def ev(self, args, ctx):
        return self.value


class Of(Param):
    """tz($i), prec($i), scale($i), size($i), lit($i)."""

    def __init__(self, what, i):
        self.what, self.i = what, i

    def render(self):
        return f"{self.what}(${self.i})"

    def ev(self, args, ctx):
        j = _index(self.i, len(args))
        if j is None:
            return None
        arg = args[j]
        if self.what == "lit":
            return arg.value if arg.kind == "literal" else None
        t = parse(arg.type)
        # parameters are read through Nullable, LowCardinality and Array wrappers
        while t.head in ("Nullable", "LowCardinality", "Array"):
            t = t.child()
        return {"tz": t.tz, "prec": t.precision, "scale": t.scale, "size": t.size}[self.what]()


class Combine(Param):
    def __init__(self, op, a, b):
        self.op, self.a, self.b = op, a, b

    def render(self):
        return f"{self.op}({self.a.render()}, {self.b.render()})"

    def ev(self, args, ctx):
        a, b = self.a.ev(args, ctx), self.b.ev(args, ctx)
        if not isinstance(a, int) or not isinstance(b, int):
            return None
        return max(a, b) if self.op == "max" else a + b


# --- templates ---------------------------------------------------------------

class Template:
    rank = 9

    def __repr__(self):
        return self.render()


class Arg(Template):
    rank = 1

    def __init__(self, i):
        self.i = i

    def render(self):
        return f"${self.i}"

    def ev(self, args, ctx):
        j = _index(self.i, len(args))
        return None if j is None else args[j].type


class Concrete(Template):
    rank = 8

    def __init__(self, text):
        self.text = text

    def render(self):
        return self.text

    def ev(self, args, ctx):
        return self.text


class Unary(Template):
    """elem, mapkey, mapvalue, nullable, strip, nolc."""

    rank = 2

    def __init__(self, op, inner):
        self.op, self.inner = op, inner

    def render(self):
        return f"{self.op}({self.inner.render()})"

    def ev(self, args, ctx):
        inner = self.inner.ev(args, ctx)
        if inner is None:
            return None
        t = parse(inner)
        if self.op == "elem":
            return t.args[0] if t.head == "Array" else None
        if self.op in ("mapkey", "mapvalue"):
            return t.args[0 if self.op == "mapkey" else 1] if t.head == "Map" else None
        if self.op == "nullable":
            return make_nullable(inner)
        if self.op == "strip":
            return strip_nullable(inner)
        if self.op == "nolc":
            return strip_low_cardinality(inner)
        raise ValueError(self.op)


class Field(Template):
    rank = 2

    def __init__(self, inner, i):
        self.inner, self.i = inner, i

    def render(self):
        return f"field({self.inner.render()}, ${self.i})"

    def ev(self, args, ctx):
        inner, j = self.inner.ev(args, ctx), _index(self.i, len(args))
        if inner is None or j is None or args[j].kind != "literal":
            return None
        t = parse(inner)
        if t.head != "Tuple":
            return None
        key = args[j].value
        if isinstance(key, int) and 1 <= key <= len(t.args):
            return str(t.tuple_elements()[key - 1])
        if isinstance(key, str):
            from .chtypes import NAMED_ELEMENT
            for raw in t.args:
                match = NAMED_ELEMENT.match(raw)
                if match and match.group(1).strip("`") == key:
                    return match.group(2)
        return None


class TypeOf(Template):
    rank = 2

    def __init__(self, i):
        self.i = i

    def render(self):
        return f"type(${self.i})"

    def ev(self, args, ctx):
        j = _index(self.i, len(args))
        if j is None or args[j].kind != "literal" or not isinstance(args[j].value, str):
            return None
        return ctx.canonical(args[j].value)


class ListOp(Template):
    """super, supervar, coalesce over argument lists."""

    rank = 5

    def __init__(self, op, selectors):
        self.op, self.selectors = op, selectors

    def render(self):
        return f"{self.op}({', '.join(s.render() for s in self.selectors)})"

    def ev(self, args, ctx):
        indices = expand(self.selectors, len(args))
        if not indices or any(args[i].kind == "lambda" for i in indices):
            return None
        types = [args[i].type for i in indices]
        if self.op == "coalesce":
            return coalesce(types, ctx)
        return ctx.supertype(tuple(types), self.op == "supervar")


def coalesce(types, ctx):
    """ClickHouse's FunctionCoalesce::getReturnTypeImpl: the arguments up to the
    first one that is not Nullable (NULL literals skipped), their supertype
    (with the Variant fallback), not Nullable when that last one is not."""
    kept = []
    for t in types:
        if t == "Nullable(Nothing)":
            continue
        kept.append(t)
        if parse(t).head != "Nullable":
            break
    if not kept:
        return "Nullable(Nothing)"
    if len(kept) == 1:
        return kept[0]
    result = ctx.supertype(tuple(kept), True)
    if result is not None and parse(kept[-1]).head != "Nullable":
        result = strip_nullable(result)
    return result


class Ctor(Template):
    """Array(e), Nullable(e), LowCardinality(e), Map(e, e), Tuple(e or list, ...)."""

    rank = 4

    def __init__(self, family, items):
        self.family, self.items = family, items

    def render(self):
        return f"{self.family}({', '.join(i.render() for i in self.items)})"

    def ev(self, args, ctx):
        parts = []
        for item in self.items:
            if isinstance(item, Selector):
                indices = item.indices(len(args))
                if indices is None:
                    return None
                for i in indices:
                    value = Unary(item.op, Arg(i)).ev(args, ctx) if item.op else args[i].type
                    if value is None:
                        return None
                    parts.append(value)
            else:
                value = item.ev(args, ctx)
                if value is None:
                    return None
                parts.append(value)
        if self.family == "Nullable":
            inner = parse(parts[0])
            if not can_be_inside_nullable(inner):
                return None
        return f"{self.family}({', '.join(parts)})"


class ParamCtor(Template):
    """DateTime(tz), DateTime64(p[, tz]), Decimal(p, s), FixedString(n)."""

    rank = 3

    def __init__(self, family, params):
        self.family, self.params = family, params

    def render(self):
        return f"{self.family}({', '.join(p.render() for p in self.params)})"

    def ev(self, args, ctx):
        values = [p.ev(args, ctx) for p in self.params]
        if any(v is None for v in values):
            return None
        text = [quote(v) if isinstance(v, str) else str(v) for v in values]
        if self.family == "DateTime" and not isinstance(values[0], str):
            return None
        if self.family == "DateTime64" and (not isinstance(values[0], int)
                                             or (len(values) > 1 and not isinstance(values[1], str))):
            return None
        if self.family in ("Decimal", "FixedString") and not all(isinstance(v, int) for v in values):
            return None
        return f"{self.family}({', '.join(text)})"


# --- candidates --------------------------------------------------------------

def supertype_operands(args, variadic):
    """Every type list `super(...)`/`supervar(...)`/`coalesce(...)` candidates
    would ask the engine about for these arguments, to ask in one batch."""
    needed = set()
    n = len(args)
    for selectors in selector_lists(n, variadic) + (selector_lists(n, False) if variadic else []):
        indices = expand(selectors, n)
        if not indices or any(args[i].kind == "lambda" for i in indices):
            continue
        types = [args[i].type for i in indices]
        needed.add(tuple(types))
        kept = []
        for t in types:
            if t == "Nullable(Nothing)":
                continue
            kept.append(t)
            if parse(t).head != "Nullable":
                break
        if len(kept) > 1:
            needed.add(tuple(kept))
    return needed


def selector_lists(n, variadic):
    """Argument lists worth trying as `super(...)`/`coalesce(...)` operands."""
    lists = []
    if n >= 1:
        lists.append([Selector(0)])
    if n >= 2:
        lists.append([Selector(1)])
        if variadic:
            lists += [[Selector(0, step=2)], [Selector(1, step=2)]]
    if n >= 3:
        lists.append([Selector(2)])
        # the branches of multiIf(c, a, c, b, e) and caseWithExpression(x, w, a, w, b, e)
        for start in (1, 2):
            if (n - start) % 2 == 0:
                lists.append([Selector(start, -2, 2), Selector(-1, single=True)])
    if not variadic:
        for i, j in itertools.combinations(range(min(n, 4)), 2):
            lists.append([Selector(i, single=True), Selector(j, single=True)])
    return lists


def candidates(result: str, args, ctx, variadic: bool) -> list[Template]:
    """Every template (from a bounded family) that gives `result` for `args`."""
    out: list[Template] = []
    seen = set()

    def add(template):
        text = template.render()
        if text not in seen and template.ev(args, ctx) == result:
            seen.add(text)
            out.append(template)

    for template in explain(result, args, ctx, 2, variadic, lists=False):
        add(template)
    add(Concrete(result))
    # Argument lists last: in a tie with a constant, the constant is the
    # smaller claim about types never probed.
    for template in list_ops(args, variadic):
        add(template)
    return out


def list_ops(args, variadic):
    n = len(args)
    if n < 2 and not variadic:
        return []
    return [ListOp(op, selectors) for selectors in selector_lists(n, variadic)
            for op in ("supervar", "super", "coalesce")]


def _arg_refs(n, variadic):
    refs = [Arg(i) for i in range(n)]
    if variadic and n:
        refs.insert(0, Arg(-1))
    return refs


def explain(result: str, args, ctx, depth: int, variadic: bool, lists: bool = True) -> list[Template]:
    n = len(args)
    refs = _arg_refs(n, variadic)
    found = [ref for ref in refs if ref.ev(args, ctx) == result]
    for ref in refs:
        for op in ("elem", "mapkey", "mapvalue", "strip", "nolc", "nullable"):
            template = Unary(op, ref)
            if template.ev(args, ctx) == result and template.ev(args, ctx) != ref.ev(args, ctx):
                found.append(template)
        for j in range(n):
            if args[j].kind == "literal" and parse(args[ref.i].type).head == "Tuple":
                found.append(Field(ref, j))
        elem = Unary("elem", ref)
        if elem.ev(args, ctx) is not None:
            for op in ("elem", "strip", "nullable"):
                found.append(Unary(op, elem))
    if variadic and n and args[-1].kind == "literal" and isinstance(args[-1].value, str):
        found.append(TypeOf(-1))
    for j in range(n):
        if args[j].kind == "literal" and isinstance(args[j].value, str):
            found.append(TypeOf(j))
    if lists:
        found += list_ops(args, variadic)
    t = parse(result)
    if t.head == "DateTime" and t.args:
        found += [ParamCtor("DateTime", [p]) for p in zone_params(t.tz(), args)]
    if t.head == "DateTime64":
        zones = zone_params(t.tz(), args) if t.tz() is not None else [None]
        for p in int_params(t.precision(), args, ("prec", "lit")):
            for zone in zones:
                found.append(ParamCtor("DateTime64", [p] if zone is None else [p, zone]))
    if t.head == "Decimal":
        for p in int_params(t.precision(), args, ("prec", "lit")):
            for s in int_params(t.scale(), args, ("scale", "prec", "lit"), combine=True):
                found.append(ParamCtor("Decimal", [p, s]))
    if t.head == "FixedString":
        found += [ParamCtor("FixedString", [p]) for p in int_params(t.size(), args, ("size", "lit"))]
    if depth > 0:
        if t.head in ("Array", "Nullable", "LowCardinality"):
            for inner in explain(t.args[0], args, ctx, depth - 1, variadic)[:16]:
                found.append(Ctor(t.head, [inner]))
        if t.head == "Map":
            keys = explain(t.args[0], args, ctx, depth - 1, variadic)[:8]
            values = explain(t.args[1], args, ctx, depth - 1, variadic)[:8]
            found += [Ctor("Map", [k, v]) for k in keys for v in values]
        if t.head == "Tuple" and t.args and all(str(e) == raw for e, raw in zip(t.tuple_elements(), t.args)):
            for start in (0, 1):
                for op in (None, "elem"):
                    found.append(Ctor("Tuple", [Selector(start, op=op)]))
            per_element = [explain(str(e), args, ctx, depth - 1, variadic)[:3] for e in t.tuple_elements()]
            if len(per_element) <= 4:
                for combo in itertools.islice(itertools.product(*per_element), 16):
                    found.append(Ctor("Tuple", list(combo)))
    out, seen = [], set()
    for template in found:
        text = template.render()
        if text not in seen and template.ev(args, ctx) == result:
            seen.add(text)
            out.append(template)
    return out


def zone_params(zone, args):
    out = []
    for i, arg in enumerate(args):
        if arg.kind == "literal" and arg.value == zone:
            out.append(Of("lit", i))
        if arg.kind != "literal" and parse(arg.type).tz() == zone:
            out.append(Of("tz", i))
    return out + [Const(zone)]


def int_params(value, args, kinds, combine=False):
    out = []
    singles = []
    for i, arg in enumerate(args):
        for kind in kinds:
            param = Of(kind, i)
            got = param.ev(args, None)
            if kind != "lit" and got is not None:
                singles.append(param)
            if got == value and (kind != "lit" or isinstance(got, int)):
                out.append(param)
    if combine:
        for what in ("scale", "prec"):
            same = [p for p in singles if p.what == what]
            for a, b in itertools.combinations_with_replacement(same, 2):
                for op in ("max", "add"):
                    param = Combine(op, a, b)
                    if param.ev(args, None) == value:
                        out.append(param)
    for a in singles:
        if a.what == "prec" and "prec" in kinds:
            for floor in (3, 6, 9):
                param = Combine("max", a, Const(floor))
                if param.ev(args, None) == value:
                    out.append(param)
    return out + [Const(value)]
