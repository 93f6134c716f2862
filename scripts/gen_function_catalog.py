#!/usr/bin/env python3
"""Regenerate kiln's function catalog from a real ClickHouse engine.

kiln types SQL expressions without a database, so it needs to know what every
ClickHouse function returns. This script asks ClickHouse itself (embedded
through chDB): it reads `system.functions` and
`system.aggregate_function_combinators`, then calls the functions analytics
models use (listed with their argument shapes in `function_catalog/specs.py`)
over representative argument types, as `DESCRIBE (SELECT f(...) FROM probe)`
over an empty table with a column of each argument type (nothing is executed),
and fits a compact rule to the answers (`function_catalog/fit.py`,
`function_catalog/templates.py`).

Outputs (never edit them by hand; change the specs and rerun):

    src/analysis/functions/catalog.tsv            the catalog kiln embeds
    src/analysis/functions/tests/expressions.jsonl  calls with argument types
        the catalog never saw, and ClickHouse's answer, for the agreement test

Run:    .venv/bin/python scripts/gen_function_catalog.py   (about ten minutes)
Rerunning against a newer ClickHouse (a newer chdb-core) refreshes both; the
output is deterministic for a given engine.
"""

from __future__ import annotations

import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from function_catalog import calls as calls_mod  # noqa: E402
from function_catalog import testgen, write  # noqa: E402
from function_catalog.engine import Engine  # noqa: E402
from function_catalog.fit import Fitter  # noqa: E402
from function_catalog.specs import SPECS  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOG = ROOT / "src/analysis/functions/catalog.tsv"
EXPRESSIONS = ROOT / "src/analysis/functions/tests/expressions.jsonl"
WINDOW_ONLY = "can only be used as a window function"


def system_functions(engine):
    text = engine.query("SELECT name, is_aggregate, case_insensitive, alias_to FROM system.functions ORDER BY name")
    rows = {}
    for line in text.splitlines():
        name, is_aggregate, case_insensitive, alias_to = line.split("\t")
        rows[name] = {"aggregate": is_aggregate == "1", "case_insensitive": case_insensitive == "1",
                      "alias_to": alias_to}
    combinators = engine.query(
        "SELECT name FROM system.aggregate_function_combinators WHERE NOT is_internal ORDER BY name").split()
    return rows, combinators


def canonical(functions, name):
    seen = set()
    while name in functions and functions[name]["alias_to"] and name not in seen:
        seen.add(name)
        name = functions[name]["alias_to"]
    return name


def main():
    started = time.time()
    engine = Engine()
    version = engine.version()
    functions, combinators = system_functions(engine)
    print(f"ClickHouse {version}: {len(functions)} functions "
          f"({sum(f['aggregate'] for f in functions.values())} aggregate), {len(combinators)} combinators")

    plan: dict[str, list] = {}
    missing = []
    for spec in SPECS:
        for name in spec.names:
            if name not in functions:
                missing.append(name)
                continue
            plan.setdefault(canonical(functions, name), []).append(spec)
    if missing:
        print(f"not in this ClickHouse, skipped: {' '.join(sorted(set(missing)))}")

    fitter = Fitter(engine)
    fitted_all = {}
    samples_by_name = {}
    totals = {"calls": 0, "accepted": 0, "policy": 0, "rows": 0, "unexplained": 0, "variadic": 0}
    slowest = []
    for index, name in enumerate(sorted(plan)):
        function_started = time.time()
        entries = plan[name]
        planned, universal, variadic = calls_mod.plan_calls(engine, name, entries)
        samples = calls_mod.run(engine, name, planned)
        params = next((e.params[0] for e in entries if e.params), "")
        window = any(e.window for e in entries)
        samples += calls_mod.run(engine, name, calls_mod.wrap_calls(samples, params, window))
        fitted, _ = fitter.fit(name, samples, universal, variadic)
        fitted_all[name] = fitted
        samples_by_name[name] = samples
        totals["calls"] += len(samples)
        totals["accepted"] += sum(s.result is not None for s in samples)
        totals["policy"] += fitted.policy_samples
        totals["rows"] += len(fitted.rows)
        totals["unexplained"] += len(fitted.unexplained)
        totals["variadic"] += sum(r.repeat is not None for r in fitted.rows)
        slowest.append((time.time() - function_started, name))
        if (index + 1) % 50 == 0:
            print(f"  {index + 1}/{len(plan)} functions, {totals['calls']} calls, {time.time() - started:.0f} s")

    kinds = window_only(engine, functions, samples_by_name)
    versions = state_versions(engine, functions, samples_by_name, kinds)
    write.catalog(CATALOG, version, functions, combinators, fitted_all, kinds, versions, plan)
    test_count = testgen.generate(engine, EXPRESSIONS, version, plan, functions, samples_by_name)

    for fitted in fitted_all.values():
        for line in fitted.unexplained:
            print(f"  no rule: {line}")
    print(f"probed {len(plan)} functions with {totals['calls']} calls ({totals['accepted']} accepted, "
          f"{totals['policy']} for Nullable/LowCardinality policies); {totals['rows']} rows "
          f"({totals['variadic']} variadic), {totals['unexplained']} argument classes without a rule")
    print(f"wrote {CATALOG.relative_to(ROOT)} and {test_count} test expressions to {EXPRESSIONS.relative_to(ROOT)}")
    slowest = ", ".join(f"{name} {seconds:.1f} s" for seconds, name in sorted(slowest, reverse=True)[:8])
    print(f"slowest: {slowest}")
    print(f"{engine.queries} queries in {time.time() - started:.1f} s")


def window_only(engine, functions, samples_by_name):
    kinds = {}
    for name, info in functions.items():
        if not info["aggregate"] or info["alias_to"]:
            continue
        tries = []
        for s in samples_by_name.get(name, []):
            if s.result is not None:
                tries.append(calls_mod.call_sql(engine, name, s.args))
                break
        column = engine.column("UInt64")
        tries += [f"{name}()", f"{name}({column})", f"{name}({column}, {column})"]
        kind = "aggregate"
        for expression in tries:
            error = engine.executes(expression)
            if error is not None and WINDOW_ONLY in error:
                kind = "window"
                break
            if error is None:
                break
        kinds[name] = kind
    return kinds


def state_versions(engine, functions, samples_by_name, kinds):
    versions = {}
    for name, samples in samples_by_name.items():
        if kinds.get(name) != "aggregate":
            continue
        accepted = next((s for s in samples if s.result is not None and not s.args or
                         s.result is not None and all(a.kind == "column" for a in s.args)), None)
        if accepted is None:
            continue
        (state,) = engine.describe([calls_mod.call_sql(engine, name + "State", accepted.args)])
        if state and state.startswith("AggregateFunction(") and state[len("AggregateFunction("):].split(",")[0].isdigit():
            versions[name] = int(state[len("AggregateFunction("):].split(",")[0])
    return versions


if __name__ == "__main__":
    main()
