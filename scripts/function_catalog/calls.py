"""Building probe calls and asking the engine for their types."""

from __future__ import annotations

import itertools
from dataclasses import replace

from .chtypes import can_be_inside_low_cardinality, can_be_inside_nullable, parse
from .fit import Sample, wrappers
from .probes import Arg, Literal, instantiate
from .specs import Universal


def call_sql(engine, name, args, params="", window=False):
    text = name + (f"({params})" if params else "")
    text += "(" + ", ".join(engine.arg_sql(a) for a in args) + ")"
    return text + (" OVER ()" if window else "")


def run(engine, name, calls):
    """calls: list of (args, combo, k, params, window[, group]) -> list of Sample."""
    expressions = [call_sql(engine, name, c[0], c[3], c[4]) for c in calls]
    results = engine.describe(expressions)
    return [Sample(c[0], result, c[1], c[2], c[5] if len(c) > 5 else None) for c, result in zip(calls, results)]


def plan_calls(engine, name, entries):
    """Every probe combination of every signature of the function's specs."""
    calls = []
    universal = set()
    variadic = {}
    for spec in entries:
        params = spec.params[0] if spec.params else ""
        for positions in spec.signatures:
            arity = len(positions)
            for i, position in enumerate(positions):
                if isinstance(position, Universal):
                    universal.add((arity, i))
            if spec.variadic and sum(spec.variadic) <= arity:
                variadic[arity] = spec.variadic
            for combo in itertools.product(*positions):
                parametric = sum(p.parametric and not isinstance(p, Literal) for p in combo)
                ks = (0, 1, 3) if parametric >= 2 else (0, 1) if parametric or any(p.parametric for p in combo) else (0,)
                for k in ks:
                    args = tuple(p.arg(i, k, engine) for i, p in enumerate(combo))
                    calls.append((args, combo, k, params, spec.window))
                    if arity in variadic and spec.variadic == variadic[arity]:
                        start, size = spec.variadic
                        longer = combo[:start + size] + combo[start:start + size] + combo[start + size:]
                        longer_args = tuple(p.arg(i, k, engine) for i, p in enumerate(longer))
                        calls.append((longer_args, longer, k, params, spec.window,
                                      tuple(a.key for a in args)))
    return calls, universal, variadic


def wrap_calls(samples, params, window, limit=8):
    """Nullable / LowCardinality / NULL variants of a few accepted calls, to fit the policies."""
    pure = [s for s in samples if s.result is not None and not wrappers(s.args) and s.group is None]
    if not pure:
        return []
    step = max(1, len(pure) // limit)
    chosen = pure[::step][:limit]
    calls = []
    for s in chosen:
        columns = [i for i, a in enumerate(s.args) if a.kind == "column"]
        variants = []
        for i in columns:
            t = parse(s.args[i].type)
            if can_be_inside_nullable(t):
                variants.append({i: "Nullable({})"})
            if can_be_inside_low_cardinality(t):
                variants.append({i: "LowCardinality({})"})
                if can_be_inside_nullable(t):
                    variants.append({i: "LowCardinality(Nullable({}))"})
        nullable_all = {i: "Nullable({})" for i in columns if can_be_inside_nullable(parse(s.args[i].type))}
        if len(nullable_all) > 1:
            variants.append(nullable_all)
        for variant in variants:
            args = tuple(replace(a, type=variant[i].format(a.type)) if i in variant else a
                         for i, a in enumerate(s.args))
            calls.append((args, s.combo, s.k, params, window))
        for i in columns[:2]:
            args = tuple(Arg("literal", "Nullable(Nothing)", "NULL") if j == i else a for j, a in enumerate(s.args))
            calls.append((args, s.combo, s.k, params, window))
    return calls


__all__ = ["run", "plan_calls", "wrap_calls", "instantiate"]
