"""Test expressions for the agreement test (`src/analysis/functions/tests.rs`):
calls the catalog never saw, with ClickHouse's type for each.

They differ from the catalog's samples in the parameters (zones, scales,
sizes, precisions the generator never used), in Nullable/LowCardinality
wrappers at random positions, in container types outside the probe set, in
longer calls of variadic functions, in aliases and case-insensitive
spellings, and in aggregate combinators, which the catalog does not sample at
all. The choice is pseudo-random with a fixed seed per function, so reruns
against the same engine write the same file.
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import replace

from .chtypes import can_be_inside_low_cardinality, can_be_inside_nullable, parse
from .fit import signature
from .probes import Arg, Probe
from .specs import Universal

PER_SIGNATURE = 6
EXTRA_TYPES = ["Array(Tuple(String, DateTime64(3)))", "Array(Decimal(20, 7))", "Array(Array(String))",
               "Array(Map(String, UInt8))", "Map(String, Decimal(12, 4))", "Tuple(x Date, y Nullable(Int32))",
               "Array(Enum8('x' = 1))", "Array(FixedString(2))", "Array(Nullable(DateTime('UTC')))"]
AGGREGATE_COMBINATORS = {
    "sum": ["UInt32", "Int8", "Float32", "Decimal(20, 4)", "Nullable(Int64)"],
    "avg": ["UInt64", "Decimal(10, 2)", "Nullable(Float32)"],
    "count": ["String", "Nullable(UInt8)"],
    "min": ["DateTime('UTC')", "LowCardinality(String)", "Nullable(Decimal(10, 2))"],
    "max": ["Date", "String", "Nullable(Float64)"],
    "any": ["String", "Nullable(Int32)", "Array(UInt8)"],
    "uniq": ["String", "Nullable(UInt64)"],
    "uniqExact": ["String", "UInt64"],
    "groupArray": ["String", "Nullable(UInt8)", "LowCardinality(String)"],
    "argMax": ["String", "Nullable(String)"],
    "quantile": ["Float64", "Decimal(18, 2)", "DateTime"],
    "quantiles": ["Float64", "UInt32"],
    "topK": ["String"],
}
COMBINATORS = ["If", "Distinct", "OrNull", "OrDefault", "State", "SimpleState", "Array", "ForEach", "ArgMax",
               "IfOrNull", "DistinctIf", "IfState", "ArrayIf", "OrNullIf"]
PARAMETERS = {"quantile": "0.9", "quantiles": "0.5, 0.9", "topK": "3"}


def parse_parameters(text):
    values = []
    for part in [p.strip() for p in text.split(",")] if text else []:
        if part.startswith("'"):
            values.append(part[1:-1])
        elif "." in part:
            values.append(float(part))
        else:
            values.append(int(part))
    return values


def describe_arg(arg):
    if arg.kind == "column":
        return arg.type
    if arg.kind == "lambda":
        return f"x -> {arg.type}"
    return arg.sql


def expression(name, params, args):
    text = name + (f"({params})" if params else "")
    return text + "(" + ", ".join(describe_arg(a) for a in args) + ")"


def record(name, params, args, expected, window):
    arguments = []
    for a in args:
        item = {"kind": a.kind, "type": a.type}
        if a.kind == "literal" and a.value is not None:
            item["value"] = a.value
        arguments.append(item)
    text = expression(name, params, args) + (" OVER ()" if window else "")
    return {"expression": text, "function": name, "parameters": parse_parameters(params),
            "arguments": arguments, "expected": expected}


def wrap(arg, rng):
    if arg.kind != "column" or rng.random() > 0.3:
        return arg
    t = parse(arg.type)
    choices = []
    if can_be_inside_nullable(t):
        choices.append("Nullable({})")
    if can_be_inside_low_cardinality(t):
        choices.append("LowCardinality({})")
        if can_be_inside_nullable(t):
            choices.append("LowCardinality(Nullable({}))")
    return replace(arg, type=rng.choice(choices).format(arg.type)) if choices else arg


def signature_calls(engine, name, spec, positions, rng):
    combos = list(itertools.product(*positions))
    rng.shuffle(combos)
    calls = []
    for combo in combos[:PER_SIGNATURE]:
        arity = len(combo)
        if spec.variadic and sum(spec.variadic) <= arity and rng.random() < 0.5:
            start, size = spec.variadic
            extra = rng.choice([2, 3])
            combo = combo[:start + size] + tuple(combo[start + j % size] for j in range(size * extra)) + \
                combo[start + size:]
        args = []
        for pos, probe in enumerate(combo):
            arg = probe.arg(pos, 2, engine)
            if isinstance(positions[min(pos, len(positions) - 1)], Universal) or arg.type.startswith("Array("):
                if arg.kind == "column" and rng.random() < 0.25:
                    arg = Arg("column", rng.choice(EXTRA_TYPES))
            args.append(wrap(arg, rng))
        calls.append(tuple(args))
    return calls


def generate(engine, path, version, plan, functions, samples_by_name):
    aliases: dict[str, list[str]] = {}
    for alias, info in functions.items():
        if info["alias_to"]:
            aliases.setdefault(info["alias_to"], []).append(alias)
    records = []
    for name in sorted(plan):
        rng = random.Random(name)
        seen = {signature(s.args) for s in samples_by_name.get(name, [])}
        planned = []
        for spec in plan[name]:
            params = spec.params[0] if spec.params else ""
            for positions in spec.signatures:
                for args in signature_calls(engine, name, spec, positions, rng):
                    if signature(args) in seen:
                        continue
                    called = name
                    names = sorted(aliases.get(name, []))
                    if names and rng.random() < 0.3:
                        called = rng.choice(names)
                    elif functions[name]["case_insensitive"] and rng.random() < 0.2:
                        called = name.upper()
                    planned.append((called, params, args, spec.window))
        records += run(engine, planned)
    records += run(engine, combinator_calls(engine))
    unique = {}
    for item in records:
        unique.setdefault(item["expression"], item)
    lines = [json.dumps(item, ensure_ascii=False, sort_keys=True) for item in unique.values()]
    header = json.dumps({"generated_by": "scripts/gen_function_catalog.py", "clickhouse": version})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header] + lines) + "\n", encoding="utf-8")
    return len(lines)


def run(engine, planned):
    from .calls import call_sql
    by_name = {}
    for index, (called, params, args, window) in enumerate(planned):
        by_name.setdefault(called, []).append(index)
    out = []
    for called, indices in by_name.items():
        expressions = [call_sql(engine, called, planned[i][2], planned[i][1], planned[i][3]) for i in indices]
        for i, result in zip(indices, engine.describe(expressions)):
            if result is not None:
                called, params, args, window = planned[i]
                out.append(record(called, params, args, result, window))
    return out


def combinator_calls(engine):
    planned = []
    for base, types in AGGREGATE_COMBINATORS.items():
        params = PARAMETERS.get(base, "")
        for type_text in types:
            value = Arg("column", type_text)
            key = Arg("column", "DateTime")
            args = [value, key] if base == "argMax" else [value]
            for combinator in COMBINATORS:
                call_args = list(args)
                if "Array" in combinator or combinator == "ForEach":
                    call_args = [Arg("column", f"Array({a.type})") for a in call_args]
                if "If" in combinator:
                    call_args.append(Arg("column", "UInt8"))
                if combinator == "ArgMax":
                    call_args.append(Arg("column", "Date"))
                planned.append((base + combinator, params, tuple(call_args), False))
            planned.append((base + "Merge", params, (Arg("column", state_type(base, params, args)),), False))
    planned.append(("countDistinct", "", (Arg("column", "String"),), False))
    planned.append(("countIf", "", (Arg("column", "Nullable(UInt8)"),), False))
    planned.append(("uniqExactIf", "", (Arg("column", "String"), Arg("column", "UInt8")), False))
    planned.append(("sumIf", "", (Arg("column", "Decimal(12, 2)"), Arg("column", "Nullable(UInt8)")), False))
    planned.append(("groupArrayArray", "", (Arg("column", "Array(String)"),), False))
    planned.append(("sumMap", "", (Arg("column", "Map(String, UInt32)"),), False))
    planned.append(("avgMap", "", (Arg("column", "Map(LowCardinality(String), Float32)"),), False))
    planned.append(("SUMIf", "", (Arg("column", "UInt16"), Arg("column", "UInt8")), False))
    return planned


def state_type(base, params, args):
    inner = ", ".join(a.type for a in args)
    head = f"{base}({params})" if params else base
    return f"AggregateFunction({head}, {inner})"


__all__ = ["generate", "Probe"]
