"""From ClickHouse's answers to rules: the Nullable/LowCardinality policy of a
function, one return-type template per class of argument types, and catalog
rows that group the classes sharing a template.

The policies mirror ClickHouse's default implementations
(`IFunction::useDefaultImplementationForNulls` and
`useDefaultImplementationForLowCardinalityColumns`), which wrap most
functions; `src/analysis/functions/mod.rs` applies them the same way:

    low cardinality  dictionary: LowCardinality arguments are unwrapped, and the
                     result is LowCardinality when exactly one LowCardinality
                     column and otherwise only constants were passed
                     deep: LowCardinality is removed everywhere in the
                     arguments, nested too (aggregate functions do this)
                     strip: unwrapped, the result is not LowCardinality
                     rows: the rows list LowCardinality arguments themselves
    nulls            propagate: Nullable arguments are unwrapped and the result
                     made Nullable (a NULL literal gives Nullable(Nothing))
                     nullable: the same, but a NULL literal is typed by the rows
                     strip: unwrapped, the result is what the rows say
                     rows: the rows list Nullable arguments themselves
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field, replace

from .chtypes import can_be_inside_low_cardinality, can_be_inside_nullable, family_of, make_nullable, parse
from .probes import Arg
from .templates import candidates, supertype_operands

NULL_POLICIES = ("propagate", "nullable", "strip", "rows")
LC_POLICIES = ("dictionary", "deep", "strip", "rows")


@dataclass
class Sample:
    args: tuple[Arg, ...]
    result: str | None
    combo: tuple = ()  # the probes per position
    k: int = 0
    group: tuple | None = None  # for a longer call of a variadic function: the shorter call's classes


@dataclass
class Row:
    patterns: list[list[str]]
    template: str
    values: list[list[str]] = field(default_factory=list)  # the probed classes, before wildcards
    repeat: tuple[int, int] | None = None


@dataclass
class Fitted:
    name: str
    nulls: str = "propagate"
    lc: str = "dictionary"
    rows: list[Row] = field(default_factory=list)
    samples: int = 0
    errors: int = 0
    policy_samples: int = 0
    unexplained: list[str] = field(default_factory=list)


def signature(args) -> tuple:
    return tuple((a.kind, a.type, a.sql) for a in args)


def wrappers(args) -> set[str]:
    """Which wrappers the arguments carry: `lc`, `null`, `nothing` at the top,
    `nested_lc` for LowCardinality inside a container."""
    kinds = set()
    for a in args:
        if a.kind == "lambda":
            continue
        t = parse(a.type)
        if "LowCardinality(" in a.type and t.head != "LowCardinality":
            kinds.add("nested_lc")
        if t.head == "LowCardinality":
            kinds.add("lc")
            if parse(t.args[0]).head == "Nullable":
                kinds.add("null")
        elif a.type == "Nullable(Nothing)":
            kinds.add("nothing")
        elif t.head == "Nullable":
            kinds.add("null")
    return kinds


def _strip_lc(arg):
    t = parse(arg.type)
    return replace(arg, type=t.args[0]) if t.head == "LowCardinality" and arg.kind != "lambda" else arg


def _strip_null(arg):
    t = parse(arg.type)
    return replace(arg, type=t.args[0]) if t.head == "Nullable" and arg.kind != "lambda" else arg


def remove_low_cardinality(text: str) -> str:
    """ClickHouse's recursiveRemoveLowCardinality, on canonical type text."""
    t = parse(text)
    if t.head == "LowCardinality":
        return remove_low_cardinality(t.args[0])
    if not t.args or "LowCardinality(" not in text:
        return text
    if t.head in ("Array", "Nullable"):
        return f"{t.head}({remove_low_cardinality(t.args[0])})"
    if t.head == "Map":
        return f"Map({remove_low_cardinality(t.args[0])}, {remove_low_cardinality(t.args[1])})"
    if t.head == "Tuple":
        from .chtypes import NAMED_ELEMENT
        parts = []
        for raw in t.args:
            match = NAMED_ELEMENT.match(raw)
            if match and "(" not in match.group(1):
                parts.append(f"{match.group(1)} {remove_low_cardinality(match.group(2))}")
            else:
                parts.append(remove_low_cardinality(raw))
        return f"Tuple({', '.join(parts)})"
    return text


def predict(nulls, lc, args, lookup):
    """What the policies say a wrapped call returns, from the unwrapped call's
    result (`lookup`). Mirrors `Rules::apply` in the Rust catalog."""
    work = list(args)
    wrap_lc = False
    if lc == "deep":
        work = [a if a.kind == "lambda" else replace(a, type=remove_low_cardinality(a.type)) for a in work]
    elif lc != "rows":
        has_lc, full_lc, full_ordinary = False, 0, 0
        for i, a in enumerate(work):
            if a.kind == "lambda":
                continue
            constant = a.kind == "literal"
            if parse(a.type).head == "LowCardinality":
                has_lc = True
                work[i] = _strip_lc(a)
                full_lc += 0 if constant else 1
            elif not constant:
                full_ordinary += 1
        wrap_lc = lc == "dictionary" and has_lc and full_lc <= 1 and full_ordinary == 0
    if nulls == "propagate" and any(a.type == "Nullable(Nothing)" for a in work if a.kind != "lambda"):
        result = "Nullable(Nothing)"
        wrap_lc = False
    elif nulls in ("propagate", "nullable") and any(
            parse(a.type).head == "Nullable" for a in work if a.kind != "lambda"):
        base = lookup(tuple(_strip_null(a) for a in work))
        if base is MISSING or base is None:
            return MISSING
        # makeNullableSafe: a result that cannot be Nullable (an array) stays as it is
        result = base if base is None or not can_be_inside_nullable(parse(base)) else make_nullable(base)
    elif nulls == "strip":
        result = lookup(tuple(_strip_null(a) for a in work))
    else:
        result = lookup(tuple(work))
    if result is MISSING or result is None:
        # the unwrapped call was refused or not made: this call cannot judge the policy
        return MISSING
    if result is not None and wrap_lc and can_be_inside_low_cardinality(parse(result)):
        result = f"LowCardinality({result})"
    return result


UNKNOWN = "unknown"  # the template of classes no rule explains: kiln answers "unknown" for them
MISSING = object()  # the unwrapped call was not probed: the sample cannot judge a policy


def fit_policy(pure: list[Sample], wrapped: list[Sample]):
    """The first (nulls, lc) pair that predicts every wrapped call ClickHouse
    accepted from the unwrapped calls' results. `deep` must also have been
    seen to matter: at least one call with LowCardinality nested in an
    argument agreed with it."""
    index = {signature(s.args): s.result for s in pure}

    def lookup(args):
        return index.get(signature(args), MISSING)

    # `nullable` differs from `propagate` only for NULL literals, whose rows
    # then exist only when the policy is chosen; it is tried second.

    for nulls in NULL_POLICIES:
        for lc in LC_POLICIES:
            ok, deep_judged = True, False
            for s in wrapped:
                if s.result is None:
                    continue
                kinds = wrappers(s.args)
                if ("null" in kinds or "nothing" in kinds) and nulls == "rows":
                    continue
                if "lc" in kinds and lc == "rows":
                    continue
                if "nested_lc" in kinds and lc != "deep":
                    continue
                predicted = predict(nulls, lc, s.args, lookup)
                if predicted is MISSING:
                    continue
                if predicted != s.result:
                    ok = False
                    break
                deep_judged |= "nested_lc" in kinds
            if ok and (lc != "deep" or deep_judged):
                return nulls, lc
    return "rows", "rows"


def row_kinds(nulls, lc):
    kinds = set() if lc == "deep" else {"nested_lc"}
    if nulls == "nullable":
        kinds.add("nothing")
    if nulls == "rows":
        kinds |= {"null", "nothing"}
    if lc == "rows":
        kinds.add("lc")
    return kinds


class Fitter:
    def __init__(self, engine):
        self.engine = engine
        self.templates = {}  # rendered text -> template object, for re-evaluation

    # the template context: supertypes and type names come from the engine
    def supertype(self, types, variant):
        return self.engine.supertype(types, variant)

    def canonical(self, text):
        return self.engine.canonical(text)

    def fit(self, name, samples: list[Sample], universal: set, variadic: dict) -> tuple[Fitted, dict]:
        fitted = Fitted(name, samples=len(samples), errors=sum(s.result is None for s in samples))
        pure = [s for s in samples if not wrappers(s.args)]
        wrapped = [s for s in samples if wrappers(s.args)]
        fitted.policy_samples = len(wrapped)
        fitted.nulls, fitted.lc = fit_policy(pure, wrapped)
        kinds = row_kinds(fitted.nulls, fitted.lc)
        rows_samples = pure + [s for s in wrapped if wrappers(s.args) <= kinds]
        groups: dict[tuple, list[Sample]] = defaultdict(list)
        for s in rows_samples:
            groups[s.group or tuple(a.key for a in s.args)].append(s)
        needed = set()
        for s in rows_samples:
            if s.result is not None:
                needed |= supertype_operands(s.args, len(s.args) in variadic)
        self.engine.prefetch_supertypes(needed)
        assigned, dont_care = self.choose_templates(fitted, groups, variadic)
        fitted.rows = build_rows(assigned, dont_care, universal, groups)
        for row in fitted.rows:
            if len(row.patterns) in variadic:
                row.repeat = variadic[len(row.patterns)]
        return fitted, assigned

    def choose_templates(self, fitted, groups, variadic):
        """Greedy set cover: the template explaining the most argument classes first.
    A variadic function's group also holds its longer calls, so the template
    chosen works for any number of repetitions."""
        options: dict[tuple, list[str]] = {}
        dont_care = set()
        for key, group in groups.items():
            ok = [s for s in group if s.result is not None]
            if not ok:
                dont_care.add(key)
                continue
            arity = len(key)
            is_variadic = arity in variadic
            common = None
            for s in ok:
                found = candidates(s.result, s.args, self, is_variadic)
                for template in found:
                    self.templates.setdefault(template.render(), template)
                texts = [t.render() for t in found]
                common = texts if common is None else [t for t in common if t in texts]
            if common:
                options[key] = common
            else:
                options[key] = [UNKNOWN]
                fitted.unexplained.append(
                    f"{fitted.name}({', '.join(key)}): " + " / ".join(sorted({s.result for s in ok})))
        assigned: dict[tuple, str] = {}
        remaining = set(options)
        while remaining:
            score: dict[str, list] = {}
            for key in remaining:
                for position, text in enumerate(options[key]):
                    entry = score.setdefault(text, [0, 0])
                    entry[0] += 1
                    entry[1] += position
            best = min(score, key=lambda t: (-score[t][0], score[t][1] / score[t][0], t))
            for key in list(remaining):
                if best in options[key]:
                    assigned[key] = best
                    remaining.discard(key)
        return assigned, dont_care


def build_rows(assigned: dict[tuple, str], dont_care: set, universal: set, groups) -> list[Row]:
    """Per arity: rows for the exceptions first, then one default row, with the
    template most classes share, over every class probed at each position.
    Exception rows are rectangles (a product of class sets) that contain no
    class tuple ClickHouse typed differently."""
    rows = []
    by_arity: dict[int, dict[tuple, str]] = defaultdict(dict)
    for key, template in assigned.items():
        by_arity[len(key)][key] = template
    for arity in sorted(by_arity):
        keys = by_arity[arity]
        # Classes ClickHouse only ever refused stay out of the rows: kiln
        # answers "unknown" for them rather than generalise to them.
        positions = [sorted({k[i] for k in keys}) for i in range(arity)]
        counts: dict[str, int] = defaultdict(int)
        for template in keys.values():
            if template != UNKNOWN:
                counts[template] += 1
        default = min(counts, key=lambda t: (-counts[t], t)) if counts else None
        exceptions = []
        covered = set()
        for key in sorted(keys, key=lambda k: (keys[k], k)):
            template = keys[key]
            if template == default or key in covered:
                continue
            rect = grow_rectangle(key, template, keys, positions)
            for combo in itertools.product(*rect):
                if keys.get(combo) == template:
                    covered.add(combo)
            patterns = [generalize(sorted(values), positions[i], (arity, i) in universal)
                        for i, values in enumerate(rect)]
            exceptions.append(Row(patterns, template, [sorted(v) for v in rect]))
        exceptions.sort(key=lambda r: (sum(p == ["*"] for p in r.patterns),
                                       sum(any(v.endswith("(*)") for v in p) for p in r.patterns),
                                       r.template, r.patterns))
        rows += exceptions
        if default is not None:
            default_values = [sorted({k[i] for k, t in keys.items() if t == default}) for i in range(arity)]
            patterns = [generalize(positions[i], positions[i], (arity, i) in universal) for i in range(arity)]
            rows.append(Row(patterns, default, default_values))
    return rows


def grow_rectangle(key, template, keys, positions):
    """Grows {key} one position at a time by classes whose slice adds a tuple
    with this template and none with another."""
    arity = len(key)
    rect = [{v} for v in key]
    for i in range(arity):
        for value in positions[i]:
            if value in rect[i]:
                continue
            slice_ = [rect[j] if j != i else {value} for j in range(arity)]
            hits, ok = 0, True
            for combo in itertools.product(*slice_):
                other = keys.get(combo)
                if other is not None and other != template:
                    ok = False
                    break
                hits += other == template
            if ok and hits:
                rect[i].add(value)
    return rect


def generalize(values: list[str], probed: list[str], universal: bool) -> list[str]:
    """Replaces every probed member of a family by the family wildcard, and the
    whole set by `*` at a universal position, when the row holds for all of them."""
    if universal and set(values) >= set(probed):
        return ["*"]
    out = list(values)
    for family in ("Array", "Map", "Tuple", "Lambda"):
        members = [p for p in probed if family_of(p) == family]
        if len(members) >= 2 and set(members) <= set(values):
            out = [v for v in out if family_of(v) != family] + [f"{family}(*)"]
    return out
