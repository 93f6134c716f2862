#!/usr/bin/env python3
"""Generates a dbt-format ClickHouse project of N models shaped like a real warehouse.

kiln's compile benchmark (issue 7) needs projects of 1,000 and 10,000 models that look like
what teams actually write, so that the time spent in each phase (load, render, parse,
analyse, plan, emit) is representative: ~10 % staging models reading declared sources,
~40 % intermediate and ~50 % marts; each model refs 1 to 3 earlier ones; CTEs, joins on
shared keys, GROUP BY with sumIf/countIf/uniqExact, CASE, date functions, `config()` with
`order_by`/`partition_by`, incremental models with `is_incremental()`, and property YAML
with column `data_type`s and data tests (unique, not_null, accepted_values, relationships).

The SQL is valid ClickHouse and every column a model reads exists upstream: the generator
keeps each relation's columns (name, ClickHouse type, role, known values) as data while it
writes, and a model only selects columns its refs produce. The declared `data_type`s are
the types ClickHouse gives those expressions (bench/validate.py checks them against
`system.columns` after applying a small project to chDB).

Written into --out:

  dbt_project.yml, profiles.yml   the project (type: clickhouse)
  models/<layer>/<domain>/*.sql    the models
  models/<layer>/<domain>/_<layer>_<domain>__models.yml   their properties and tests
  models/staging/_sources.yml      source `raw`: tables t0..tK with columns and data types
  setup.sql                        CREATE DATABASE raw + the source tables + a few rows, one
                                   statement per line, to run on a server before `kiln apply`
  expected_columns.json            every relation's columns and types, for the validator

Deterministic: the same --models and --seed give byte-identical output (one
`random.Random(seed)`, no iteration over unordered collections). Standard library only.

    python3 bench/gen.py --models 1000 --out /tmp/bench-1000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from dataclasses import dataclass, field

# Rows per source table in setup.sql. Every key column's values are in 1..SOURCE_ROWS and
# every source's `id` takes all of them, so relationships tests to a staging model pass.
SOURCE_ROWS = 40

ENTITIES = [
    "customer", "order", "product", "store", "supplier", "employee", "campaign",
    "account", "invoice", "shipment", "ticket", "session", "region", "warehouse",
]
DOMAINS = ["finance", "marketing", "sales", "product", "operations", "support", "logistics", "growth"]
# Raw measure columns: (raw suffix, raw type). `_cents` becomes a Float64 `_amount` in staging.
MEASURE_WORDS = [
    "gross", "net", "discount", "tax", "shipping", "refund", "fee", "cost", "margin",
    "revenue", "spend", "balance", "credit", "budget", "payout",
]
QUANTITY_WORDS = ["units", "items", "clicks", "views", "visits", "minutes", "attempts", "pages"]
SCORE_WORDS = ["rating", "score", "weight", "distance", "latency", "probability"]
CATEGORIES = {
    "status": ["pending", "completed", "shipped", "cancelled", "returned"],
    "channel": ["web", "mobile", "store", "partner"],
    "tier": ["free", "basic", "pro", "enterprise"],
    "priority": ["low", "normal", "high", "urgent"],
    "payment_method": ["card", "bank_transfer", "voucher", "wallet"],
    "country_code": ["US", "DE", "FR", "GB", "JP", "BR"],
    "device": ["ios", "android", "desktop"],
}
FLAGS = ["is_test", "is_deleted", "is_internal", "is_promo", "is_flagged"]
INT_VERBS = ["enriched", "joined", "rollup", "daily", "monthly", "scored", "summary", "activity"]
MART_PREFIXES = ["fct", "dim", "rpt", "agg"]


@dataclass
class Col:
    """One column of a relation, as the generator knows it."""

    name: str
    type: str  # the ClickHouse type, exactly as toTypeName prints it
    kind: str  # key | ts | date | num | cat | flag
    word: str  # short root for derived names (`gross_amount` -> `gross_amount_sum`)
    values: tuple[str, ...] | None = None  # a cat's possible values, when guaranteed
    entity: str | None = None  # for keys


@dataclass
class Relation:
    name: str
    layer: str  # source | staging | intermediate | marts
    cols: list[Col]
    unique: str | None = None  # a column known to be unique
    tag: str = ""  # short name used to prefix columns taken from it

    def col(self, name: str) -> Col:
        return next(c for c in self.cols if c.name == name)

    def of_kind(self, *kinds: str) -> list[Col]:
        return [c for c in self.cols if c.kind in kinds]


@dataclass
class ModelFile:
    relation: Relation
    domain: str
    sql: str
    description: str
    tests: dict[str, list] = field(default_factory=dict)  # column -> dbt data tests
    materialized: str = "view"


def sum_type(t: str) -> str:
    if t.startswith("Float"):
        return "Float64"
    if t.startswith("UInt"):
        return "UInt64"
    return "Int64"


def root(word: str) -> str:
    """A derived word without its `first_`/`last_`/`_month` decorations, so names stay short
    however deep the model."""
    for prefix in ("first_", "last_"):
        while word.startswith(prefix):
            word = word[len(prefix):]
    return word.removesuffix("_month")


def fresh(base: str, taken: set[str]) -> str:
    """`base`, or `base_2`, `base_3`... whichever is not taken yet; records it as taken."""
    name, n = base, 2
    while name in taken:
        name = f"{base}_{n}"
        n += 1
    taken.add(name)
    return name


def sql_list(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Generator:
    def __init__(self, models: int, seed: int):
        self.rng = random.Random(seed)
        self.n = models
        self.sources: list[Relation] = []
        self.models: list[ModelFile] = []
        self.by_layer: dict[str, list[Relation]] = {"staging": [], "intermediate": [], "marts": []}
        self.staging_by_entity: dict[str, list[Relation]] = {}

    # -- sources and staging -----------------------------------------------------------

    def make_source(self, index: int) -> Relation:
        rng = self.rng
        entity = rng.choice(ENTITIES)
        cols = [Col("id", "UInt64", "key", "id", entity=entity)]
        for fk in sorted(rng.sample([e for e in ENTITIES if e != entity], rng.randint(1, 3))):
            cols.append(Col(f"{fk}_id", "UInt64", "key", fk, entity=fk))
        cols.append(Col("created_at", "DateTime", "ts", "created"))
        cols.append(Col("updated_at", "DateTime", "ts", "updated"))
        for word in rng.sample(MEASURE_WORDS, rng.randint(2, 4)):
            cols.append(Col(f"{word}_cents", "Int64", "num", word))
        for word in rng.sample(QUANTITY_WORDS, rng.randint(1, 2)):
            cols.append(Col(f"{word}_qty", "UInt32", "num", word))
        if rng.random() < 0.5:
            word = rng.choice(SCORE_WORDS)
            cols.append(Col(word, "Float64", "num", word))
        for cat in rng.sample(sorted(CATEGORIES), rng.randint(1, 2)):
            cols.append(Col(cat, "String", "cat", cat, values=tuple(CATEGORIES[cat])))
        cols.append(Col(rng.choice(FLAGS), "UInt8", "flag", "flag"))
        return Relation(f"t{index}", "source", cols, unique="id", tag=f"t{index}")

    def make_staging(self, source: Relation, index: int, domain: str) -> ModelFile:
        rng = self.rng
        pk_entity = source.cols[0].entity or "id"
        name = f"stg_{pk_entity}s_{source.name}"
        out: list[Col] = []
        lines: list[str] = []
        taken = {c.name for c in source.cols}
        for c in source.cols:
            if c.name == "id":
                pk = f"{pk_entity}_id"
                lines.append(f"id as {pk}")
                out.append(Col(pk, "UInt64", "key", pk_entity, entity=pk_entity))
                taken.add(pk)
            elif c.name.endswith("_cents"):
                amount = fresh(f"{c.word}_amount", taken)
                lines.append(f"round({c.name} / 100, 2) as {amount}")
                out.append(Col(amount, "Float64", "num", amount))
            else:
                lines.append(c.name)
                out.append(Col(c.name, c.type, c.kind, c.word, c.values, c.entity))
        created = fresh("created_date", taken)
        lines.append(f"toDate(created_at) as {created}")
        out.append(Col(created, "Date", "date", "created_date"))
        days = fresh("days_to_update", taken)
        lines.append(f"dateDiff('day', created_at, updated_at) as {days}")
        out.append(Col(days, "Int64", "num", "days_to_update"))
        for cat in [c for c in source.cols if c.kind == "cat"]:
            expr, col = self.case_on_cat(cat, taken)
            lines.append(expr)
            out.append(col)
        rel = Relation(name, "staging", out, unique=f"{pk_entity}_id", tag=f"{pk_entity}{source.name[1:]}")
        body = ",\n        ".join(lines)
        sql = (
            f"-- Staging model for raw.{source.name}: one row per {pk_entity}, renamed and typed.\n"
            f"-- Amounts arrive in cents; dates are derived here so downstream models agree.\n\n"
            f"with source as (\n\n    select * from {{{{ source('raw', '{source.name}') }}}}\n\n),\n\n"
            f"renamed as (\n\n    select\n        {body}\n    from source\n\n)\n\n"
            f"select * from renamed\n"
        )
        model = ModelFile(rel, domain, sql, f"Staged `{source.name}`: one row per {pk_entity}.")
        self.add_tests(model, staging=True)
        return model

    def case_on_cat(self, cat: Col, taken: set[str], indent: str = "        ") -> tuple[str, Col]:
        """A CASE grouping a categorical column's values into buckets."""
        values = list(cat.values or ())
        self.rng.shuffle(values)
        cut = max(1, len(values) // 2)
        first, second = sorted(values[:cut]), sorted(values[cut:])
        word = cat.word.removesuffix("_group")
        name = fresh(f"{word}_group", taken)
        inner = indent + "    "
        lines = [f"case\n{inner}when {cat.name} in ({sql_list(first)}) then 'group_a'"]
        if second:
            lines.append(f"{inner}when {cat.name} = '{second[0]}' then 'group_b'")
        lines.append(f"{inner}else 'other'\n{indent}end as {name}")
        return "\n".join(lines), Col(name, "String", "cat", f"{word}_group", ("group_a", "group_b", "other"))

    # -- intermediate and marts --------------------------------------------------------

    def pick_refs(self, pool: list[Relation]) -> tuple[Relation, list[tuple[Relation, Col]]]:
        """A base relation and up to two others sharing a key with it (the join key)."""
        rng = self.rng
        base = rng.choice(pool)
        keys = {c.name: c for c in base.of_kind("key")}
        wanted = rng.choices([0, 1, 2], weights=[3, 4, 3])[0]
        joins: list[tuple[Relation, Col]] = []
        used = {base.name}
        for _ in range(30):
            if len(joins) >= wanted:
                break
            other = rng.choice(pool)
            if other.name in used:
                continue
            shared = sorted(set(keys) & {c.name for c in other.of_kind("key")})
            if shared:
                joins.append((other, keys[rng.choice(shared)]))
                used.add(other.name)
        return base, joins

    def right_side_cte(self, cte: str, other: Relation, key: Col, taken: set[str]) -> tuple[str, list[Col]]:
        """A CTE pre-aggregating a joined relation to one row per join key (so the join
        keeps the base's grain), and the columns it adds."""
        rng = self.rng
        lines = [key.name]
        out: list[Col] = []
        prefix = other.tag
        name = fresh(f"{prefix}_rows", taken)
        lines.append(f"count() as {name}")
        out.append(Col(name, "UInt64", "num", f"{prefix}_rows"))
        nums = other.of_kind("num")
        for c in rng.sample(nums, min(len(nums), rng.randint(1, 3))):
            stat = rng.choice(["sum", "max", "avg"])
            name = fresh(f"{prefix}_{c.word}_{stat}", taken)
            lines.append(f"{stat}({c.name}) as {name}")
            t = sum_type(c.type) if stat == "sum" else ("Float64" if stat == "avg" else c.type)
            out.append(Col(name, t, "num", f"{c.word}_{stat}"))
        ts = other.of_kind("ts")
        if ts:
            c = rng.choice(ts)
            name = fresh(f"{prefix}_last_{root(c.word)}", taken)
            lines.append(f"max({c.name}) as {name}")
            out.append(Col(name, "DateTime", "ts", f"last_{root(c.word)}"))
        body = ",\n        ".join(lines)
        sql = (
            f"{cte} as (\n\n    select\n        {body}\n"
            f"    from {{{{ ref('{other.name}') }}}}\n    group by {key.name}\n\n)"
        )
        return sql, out

    def base_filter(self, base: Relation) -> str | None:
        rng = self.rng
        options = []
        for c in base.of_kind("flag"):
            options.append(f"{c.name} = 0")
        for c in base.of_kind("ts"):
            options.append(f"{c.name} >= toDateTime('2020-01-01 00:00:00')")
        for c in base.of_kind("cat"):
            if c.values:
                options.append(f"{c.name} != '{c.values[-1]}'")
        if options and rng.random() < 0.6:
            return rng.choice(options)
        return None

    def make_derived(self, layer: str, index: int, domain: str) -> ModelFile:
        rng = self.rng
        pool = self.by_layer["staging"] + self.by_layer["intermediate"]
        if layer == "marts":
            pool = pool + self.by_layer["marts"]
        base, joins = self.pick_refs(pool)
        aggregate = rng.random() < 0.55
        entity = next(c.entity for c in base.of_kind("key"))
        if layer == "intermediate":
            name = f"int_{entity}_{rng.choice(INT_VERBS)}_{index}"
        else:
            prefix = "dim" if aggregate and rng.random() < 0.4 else rng.choice(["fct", "rpt", "agg"])
            name = f"{prefix}_{entity}_{rng.choice(INT_VERBS)}_{index}"

        # Which materialization: decided first, since an incremental model filters its base.
        materialized = "view"
        if layer == "marts":
            materialized = rng.choices(["table", "incremental", "view"], weights=[7, 2, 1])[0]
        elif rng.random() < 0.15:
            materialized = "table"

        ctes: list[str] = []
        taken = {c.name for c in base.cols}
        where = self.base_filter(base)
        # The incremental filter compares a base timestamp with its image in the model.
        incremental_ts = None
        base_ts = base.of_kind("ts")
        if materialized == "incremental" and not base_ts:
            materialized = "table"
        if materialized == "incremental":
            incremental_ts = rng.choice(base_ts)
        base_lines = [f"    select * from {{{{ ref('{base.name}') }}}}"]
        if where:
            base_lines.append(f"    where {where}")
        inc_placeholder = "__INCREMENTAL__"
        if incremental_ts is not None:
            base_lines.append(inc_placeholder)
        ctes.append("base as (\n\n" + "\n".join(base_lines) + "\n\n)")

        joined_cols: list[tuple[str, Col]] = [("b", c) for c in base.cols]
        join_clauses = []
        all_taken = set(taken)
        for j, (other, key) in enumerate(joins, start=1):
            cte = f"{other.tag}_by_{key.entity}"
            cte = fresh(cte, all_taken)
            sql, added = self.right_side_cte(cte, other, key, all_taken)
            ctes.append(sql)
            alias = f"j{j}"
            kind = rng.choice(["left join", "left join", "inner join"])
            join_clauses.append(f"    {kind} {cte} as {alias}\n        on b.{key.name} = {alias}.{key.name}")
            joined_cols += [(alias, c) for c in added]

        # `joined`: the base's columns (a subset, always its keys) and the joined ones.
        keep = []
        for alias, c in joined_cols:
            if alias != "b" or c.kind in ("key", "ts") or c.name == base.unique or rng.random() < 0.75:
                keep.append((alias, c))
        if len(keep) > 24:
            must = [x for x in keep if x[0] == "b" and (x[1].kind in ("key", "ts") or x[1].name == base.unique)]
            rest = [x for x in keep if x not in must]
            keep = must + rng.sample(rest, max(0, 24 - len(must)))
            keep.sort(key=lambda x: joined_cols.index(x))
        if joins:
            lines = [f"b.{c.name} as {c.name}" if a == "b" else f"{a}.{c.name} as {c.name}" for a, c in keep]
            body = ",\n        ".join(lines)
            ctes.append(
                "joined as (\n\n    select\n        " + body + "\n    from base as b\n"
                + "\n".join(join_clauses) + "\n\n)"
            )
            frm = "joined"
        else:
            frm = "base"
        # Columns of the right side of a left join may hold default values: no
        # accepted_values guarantee for them.
        scope = [Col(c.name, c.type, c.kind, c.word, c.values if a == "b" else None, c.entity) for a, c in keep]
        if not joins:
            scope = list(base.cols)

        if aggregate:
            select, cols, unique, unique_key, order_by, partition_by, inc_ts = self.aggregate_select(
                scope, frm, incremental_ts)
        else:
            select, cols, unique, unique_key, order_by, partition_by, inc_ts = self.enrich_select(
                scope, frm, base, incremental_ts)

        tag = f"{entity[:4]}{index}"
        rel = Relation(name, layer, cols, unique=unique, tag=tag)

        config = self.config_call(materialized, order_by, partition_by, unique_key)
        if incremental_ts is not None:
            cond = f"{incremental_ts.name} > (select max({inc_ts}) from {{{{ this }}}})"
            joiner = "and" if where else "where"
            block = f"    {{% if is_incremental() %}}\n    {joiner} {cond}\n    {{% endif %}}"
            ctes[0] = ctes[0].replace(inc_placeholder, block)
        header = (
            f"-- {name}: {'aggregates' if aggregate else 'enriches'} {base.name}"
            + (f" with {', '.join(o.name for o, _ in joins)}" if joins else "")
            + ".\n"
        )
        sql = (config + "\n\n" if config else "") + header + "\nwith " + ",\n\n".join(ctes) + "\n\n" + select
        description = f"{'Aggregate' if aggregate else 'Enriched view'} of `{base.name}` ({layer}, {domain})."
        model = ModelFile(rel, domain, sql, description, materialized=materialized)
        self.add_tests(model, staging=False)
        return model

    def config_call(self, materialized, order_by, partition_by, unique_key) -> str:
        rng = self.rng
        if materialized == "view":
            return "{{ config(materialized='view') }}" if rng.random() < 0.2 else ""
        args = [f"materialized='{materialized}'"]
        if order_by:
            if len(order_by) == 1:
                args.append(f"order_by='{order_by[0]}'")
            else:
                args.append("order_by=[" + sql_list(order_by) + "]")
        if partition_by and rng.random() < 0.7:
            args.append(f"partition_by='toYYYYMM({partition_by})'")
        if materialized == "incremental":
            if unique_key:
                keys = unique_key if isinstance(unique_key, list) else [unique_key]
                args.append("incremental_strategy='delete+insert'")
                args.append("unique_key=" + ("[" + sql_list(keys) + "]" if len(keys) > 1 else f"'{keys[0]}'"))
            else:
                args.append("incremental_strategy='append'")
        if len(args) > 2:
            return "{{\n    config(\n        " + ",\n        ".join(args) + "\n    )\n}}"
        return "{{ config(" + ", ".join(args) + ") }}"

    def aggregate_select(self, scope: list[Col], frm: str, incremental_ts: Col | None):
        rng = self.rng
        keys = [c for c in scope if c.kind == "key"]
        taken = {c.name for c in scope}
        group = [rng.choice(keys)]
        dates = [c for c in scope if c.kind in ("ts", "date")]
        lines: list[str] = [group[0].name]
        out: list[Col] = [group[0]]
        month = None
        if dates and rng.random() < 0.5:
            d = rng.choice(dates)
            month = fresh(f"{d.word}_month", taken)
            lines.append(f"toStartOfMonth({d.name}) as {month}")
            out.append(Col(month, "Date", "date", f"{d.word}_month"))
        elif len(keys) > 1 and rng.random() < 0.3:
            second = rng.choice([k for k in keys if k is not group[0]])
            group.append(second)
            lines.append(second.name)
            out.append(second)

        def add(expr: str, base_name: str, t: str, kind: str, word: str, values=None):
            name = fresh(base_name, taken)
            lines.append(f"{expr} as {name}")
            out.append(Col(name, t, kind, word, values))
            return name

        rows = add("count()", "row_count", "UInt64", "num", "row_count")
        cats = [c for c in scope if c.kind == "cat" and c.values]
        flags = [c for c in scope if c.kind == "flag"]
        nums = [c for c in scope if c.kind == "num"]
        for c in rng.sample(cats, min(len(cats), 2)):
            v = rng.choice(c.values)
            add(f"countIf({c.name} = '{v}')", f"{c.word}_{v}_count", "UInt64", "num", f"{c.word}_{v}_count")
        for c in rng.sample(nums, min(len(nums), rng.randint(2, 5))):
            stat = rng.choice(["sum", "sum", "sumIf", "avg", "max"])
            if stat == "sumIf":
                if cats and rng.random() < 0.6:
                    cat = rng.choice(cats)
                    v = rng.choice(cat.values)
                    cond, suffix = f"{cat.name} = '{v}'", v
                elif flags:
                    cond, suffix = f"{flags[0].name} = 1", "flagged"
                else:
                    cond, suffix = f"{c.name} > 0", "positive"
                add(f"sumIf({c.name}, {cond})", f"{c.word}_{suffix}_sum", sum_type(c.type), "num", f"{c.word}_{suffix}")
            elif stat == "sum":
                add(f"sum({c.name})", f"{c.word}_total", sum_type(c.type), "num", f"{c.word}_total")
            elif stat == "avg":
                add(f"avg({c.name})", f"{c.word}_avg", "Float64", "num", f"{c.word}_avg")
            else:
                add(f"max({c.name})", f"{c.word}_max", c.type, "num", f"{c.word}_max")
        others = [k for k in keys if k not in group]
        for k in rng.sample(others, min(len(others), 2)):
            add(f"uniqExact({k.name})", f"{k.entity}_distinct", "UInt64", "num", f"{k.entity}_distinct")
        inc_ts = None
        ts = [c for c in scope if c.kind == "ts"]
        if ts:
            first_ts = incremental_ts if incremental_ts is not None else rng.choice(ts)
            word = root(first_ts.word)
            add(f"min({first_ts.name})", f"first_{word}_at", "DateTime", "ts", f"first_{word}")
            inc_ts = add(f"max({first_ts.name})", f"last_{word}_at", "DateTime", "ts", f"last_{word}")
            add(f"dateDiff('day', min({first_ts.name}), max({first_ts.name}))", f"{word}_span_days",
                "Int64", "num", f"{word}_span")
        # A final CASE over an aggregate: a tier with known values.
        num_out = [c for c in out if c.kind == "num" and c.name != rows]
        if num_out and rng.random() < 0.7:
            c = rng.choice(num_out)
            agg_expr = next(line.rsplit(" as ", 1)[0] for line in lines if line.endswith(f" as {c.name}"))
            add(
                f"case\n        when {agg_expr} >= 1000 then 'high'\n"
                f"        when {agg_expr} >= 100 then 'medium'\n        else 'low'\n    end",
                f"{c.word}_tier", "String", "cat", f"{c.word}_tier", ("high", "medium", "low"))
        group_names = [g.name for g in group] + ([month] if month else [])
        body = ",\n    ".join(lines)
        select = f"select\n    {body}\nfrom {frm}\ngroup by {', '.join(group_names)}\n"
        unique = group[0].name if len(group_names) == 1 else None
        unique_key = group_names if len(group_names) > 1 else unique
        partition_by = month or inc_ts
        return select, out, unique, unique_key, group_names, partition_by, inc_ts

    def enrich_select(self, scope: list[Col], frm: str, base: Relation, incremental_ts: Col | None):
        rng = self.rng
        taken = {c.name for c in scope}
        lines = [c.name for c in scope]
        out = list(scope)
        ts = [c for c in scope if c.kind == "ts"]
        dates = [c for c in scope if c.kind in ("ts", "date")]
        if len(ts) >= 2:
            a, b = rng.sample(ts, 2)
            name = fresh(f"{a.word}_to_{b.word}_days", taken)
            lines.append(f"dateDiff('day', {a.name}, {b.name}) as {name}")
            out.append(Col(name, "Int64", "num", f"{a.word}_to_{b.word}"))
        if dates:
            d = rng.choice(dates)
            name = fresh(f"{d.word}_month", taken)
            lines.append(f"toStartOfMonth({d.name}) as {name}")
            out.append(Col(name, "Date", "date", f"{d.word}_month"))
        cats = [c for c in scope if c.kind == "cat" and c.values]
        if cats and rng.random() < 0.6:
            expr, col = self.case_on_cat(rng.choice(cats), taken, indent="    ")
            lines.append(expr)
            out.append(col)
        nums = [c for c in scope if c.kind == "num"]
        if nums:
            c = rng.choice(nums)
            name = fresh(f"{c.word}_band", taken)
            lines.append(
                f"case\n        when {c.name} > 500 then 'large'\n"
                f"        when {c.name} > 50 then 'medium'\n        else 'small'\n    end as {name}")
            out.append(Col(name, "String", "cat", f"{c.word}_band", ("large", "medium", "small")))
        body = ",\n    ".join(lines)
        select = f"select\n    {body}\nfrom {frm}\n"
        unique = base.unique if base.unique in {c.name for c in scope} else None
        keys = [c.name for c in scope if c.kind == "key"]
        order_by = [unique] if unique else keys[:2]
        partition_by = dates[0].name if dates else None
        inc_ts = incremental_ts.name if incremental_ts is not None else None
        return select, out, unique, unique, order_by, partition_by, inc_ts

    # -- properties ----------------------------------------------------------------------

    def add_tests(self, model: ModelFile, staging: bool) -> None:
        rng = self.rng
        rel = model.relation
        tests = model.tests
        if rel.unique:
            tests.setdefault(rel.unique, []).extend(["unique", "not_null"])
        keys = [c for c in rel.cols if c.kind == "key" and c.name != rel.unique]
        for k in keys[:2]:
            if rng.random() < 0.5:
                tests.setdefault(k.name, []).append("not_null")
        for k in keys:
            parents = self.staging_by_entity.get(k.entity or "")
            if parents and rng.random() < (0.6 if staging else 0.15):
                parent = rng.choice(parents)
                tests.setdefault(k.name, []).append(("relationships", parent.name, f"{k.entity}_id"))
        cats = [c for c in rel.cols if c.kind == "cat" and c.values]
        for c in cats:
            if rng.random() < 0.5:
                tests.setdefault(c.name, []).append(("accepted_values", list(c.values)))

    def generate(self) -> None:
        rng = self.rng
        n_staging = max(1, round(self.n * 0.10))
        n_intermediate = max(1, round(self.n * 0.40))
        n_marts = max(1, self.n - n_staging - n_intermediate)
        # Some sources feed two staging models (a common sight: a raw table staged twice).
        n_sources = max(1, round(n_staging * 0.9))
        self.sources = [self.make_source(i) for i in range(n_sources)]
        for i in range(n_staging):
            source = self.sources[i] if i < n_sources else rng.choice(self.sources)
            model = self.make_staging(source, i, rng.choice(DOMAINS))
            if i >= n_sources:  # the second staging of one source needs its own name
                model.relation.name += f"_v{i}"
            self.models.append(model)
            self.by_layer["staging"].append(model.relation)
            entity = model.relation.unique[: -len("_id")] if model.relation.unique else ""
            self.staging_by_entity.setdefault(entity, []).append(model.relation)
        # Intermediate and marts interleave, as a warehouse grows: a mart may feed another.
        layers = ["intermediate"] * n_intermediate + ["marts"] * n_marts
        # Keep the first few intermediate so marts have something beyond staging to read.
        head, tail = layers[:5], layers[5:]
        rng.shuffle(tail)
        for i, layer in enumerate(head + tail, start=n_staging):
            model = self.make_derived(layer, i, rng.choice(DOMAINS))
            self.models.append(model)
            self.by_layer[layer].append(model.relation)

    # -- writing -------------------------------------------------------------------------

    def write(self, out: str) -> None:
        if os.path.exists(out):
            shutil.rmtree(out)
        os.makedirs(out)
        w = lambda path, text: _write(os.path.join(out, path), text)  # noqa: E731
        w("dbt_project.yml", PROJECT_YML)
        w("profiles.yml", PROFILES_YML)
        w("models/staging/_sources.yml", self.sources_yml())
        w("setup.sql", self.setup_sql())
        folders: dict[tuple[str, str], list[ModelFile]] = {}
        for m in self.models:
            folders.setdefault((m.relation.layer, m.domain), []).append(m)
            w(f"models/{m.relation.layer}/{m.domain}/{m.relation.name}.sql", m.sql)
        for (layer, domain), models in sorted(folders.items()):
            w(f"models/{layer}/{domain}/_{layer}_{domain}__models.yml", self.properties_yml(models))
        database = {"staging": "bench_staging", "intermediate": "bench_intermediate", "marts": "bench_marts"}
        expected = {"raw." + s.name: [[c.name, c.type] for c in s.cols] for s in self.sources}
        for m in self.models:
            expected[f"{database[m.relation.layer]}.{m.relation.name}"] = [[c.name, c.type] for c in m.relation.cols]
        w("expected_columns.json", json.dumps(expected, indent=1, sort_keys=True) + "\n")

    def sources_yml(self) -> str:
        lines = ["version: 2", "", "sources:", "  - name: raw", "    schema: raw",
                 "    description: Tables landed by the loaders, untouched.", "    tables:"]
        for s in self.sources:
            lines.append(f"      - name: {s.name}")
            lines.append(f"        description: Raw {s.cols[0].entity} records.")
            lines.append("        columns:")
            for c in s.cols:
                lines.append(f"          - name: {c.name}")
                lines.append(f"            data_type: {c.type}")
                if c.name == "id":
                    lines.append("            data_tests: [unique, not_null]")
        return "\n".join(lines) + "\n"

    def properties_yml(self, models: list[ModelFile]) -> str:
        lines = ["version: 2", "", "models:"]
        for m in models:
            rel = m.relation
            lines.append(f"  - name: {rel.name}")
            lines.append(f"    description: \"{m.description}\"")
            lines.append("    columns:")
            for c in rel.cols:
                lines.append(f"      - name: {c.name}")
                lines.append(f"        data_type: {c.type}")
                if c.kind == "key" and c.name == rel.unique:
                    lines.append(f'        description: "Primary key, one row per {c.entity}."')
                tests = m.tests.get(c.name)
                if not tests:
                    continue
                lines.append("        data_tests:")
                for t in tests:
                    if isinstance(t, str):
                        lines.append(f"          - {t}")
                    elif t[0] == "accepted_values":
                        lines.append("          - accepted_values:")
                        lines.append("              arguments:")
                        lines.append(f"                values: [{sql_list(t[1])}]")
                    else:
                        lines.append("          - relationships:")
                        lines.append("              arguments:")
                        lines.append(f"                to: ref('{t[1]}')")
                        lines.append(f"                field: {t[2]}")
        return "\n".join(lines) + "\n"

    def setup_sql(self) -> str:
        """One statement per line: CREATE DATABASE raw, then each source table and its rows."""
        stmts = ["CREATE DATABASE IF NOT EXISTS raw"]
        for si, s in enumerate(self.sources):
            defs = ", ".join(f"`{c.name}` {c.type}" for c in s.cols)
            stmts.append(f"CREATE TABLE IF NOT EXISTS raw.`{s.name}` ({defs}) ENGINE = MergeTree ORDER BY id")
            exprs = []
            for ci, c in enumerate(s.cols):
                mul, add = 7 + 2 * ci + si % 5, 3 * ci + si
                if c.name == "id":
                    exprs.append("number + 1")
                elif c.kind == "key":
                    exprs.append(f"(number * {mul} + {add}) % {SOURCE_ROWS} + 1")
                elif c.name == "created_at":
                    exprs.append(f"toDateTime('2024-01-01 00:00:00') + number * {86400 + 3600 * si % 7}")
                elif c.name == "updated_at":
                    exprs.append(f"toDateTime('2024-01-01 00:00:00') + number * {86400 + 3600 * si % 7} + number * 5000")
                elif c.kind == "cat":
                    exprs.append(f"[{sql_list(c.values)}][(number * {mul}) % {len(c.values)} + 1]")
                elif c.kind == "flag":
                    exprs.append(f"(number * {mul}) % 5 = 0")
                elif c.type == "Float64":
                    exprs.append(f"((number * {mul} + {add}) % 97) / 7")
                else:
                    exprs.append(f"(number * {mul} * 131 + {add}) % 100000")
            stmts.append(f"INSERT INTO raw.`{s.name}` SELECT {', '.join(exprs)} FROM numbers({SOURCE_ROWS})")
        return "\n".join(stmts) + "\n"


PROJECT_YML = """\
name: 'bench'
version: '1.0.0'
config-version: 2
profile: 'bench'

model-paths: ["models"]
seed-paths: ["seeds"]
test-paths: ["tests"]
macro-paths: ["macros"]

models:
  bench:
    +materialized: view
    staging:
      +schema: bench_staging
      +tags: ["staging"]
    intermediate:
      +schema: bench_intermediate
      +tags: ["intermediate"]
    marts:
      +materialized: table
      +schema: bench_marts
      +tags: ["marts"]
"""

PROFILES_YML = """\
bench:
  target: dev
  outputs:
    dev:
      type: clickhouse
      schema: bench
      host: localhost
      port: 8123
      user: default
      password: "{{ env_var('CLICKHOUSE_PASSWORD', '') }}"
      secure: False
      threads: 4
"""


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, required=True, help="how many models (N)")
    parser.add_argument("--out", required=True, help="the project folder to (re)create")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    args = parser.parse_args()
    if args.models < 10:
        parser.error("--models must be at least 10")
    gen = Generator(args.models, args.seed)
    gen.generate()
    gen.write(args.out)
    sql = sum(len(m.sql.encode()) for m in gen.models)
    print(f"wrote {len(gen.models)} models ({sql / len(gen.models) / 1024:.1f} KB of SQL on average, "
          f"{sql / 1e6:.1f} MB in all), {len(gen.sources)} sources -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
