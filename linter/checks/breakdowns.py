"""The arithmetic of `共N件，其中A a件、B b件` in the prose (narrative arithmetic).

A part greater than its total; parts that are kinds of one partition (`kind_sets`, each with
the words of its kinds and the `total` it partitions) summing above the total, or, naming
every kind, not summing to it. Parts in units other than the total's are left out.
"""

from __future__ import annotations

from linter.analyse.narrative import Breakdown, kind_set, kinds_of
from linter.checks.base import Hit, Join, Note, Text, kind
from linter.packs.schema import ListOf, MapOf, Record, Regex, Str, required


def _hit(b: Breakdown, sets) -> Hit | None:
    total = b.total
    parts = [p for p in b.parts if p.unit == total.unit]
    if not parts:
        return None
    unit = total.unit
    related = tuple(Note(p.span, Text.of("breakdown_part", label=p.label or Text.of("qizhong"), number=p.number, unit=unit)) for p in parts)

    def hit(key: str, problem: Text) -> Hit:
        values = {"clause": b.clause, "total": total.number, "unit": unit, "problem": problem}
        return Hit(total.span, values, related, key=f"{b.clause}:{total.number}:{key}")

    biggest = max(parts, key=lambda p: p.number)
    if biggest.number > total.number:
        return hit("part", Text.of("part_exceeds", label=biggest.label, number=biggest.number, unit=unit))
    s = sum(p.number for p in parts)
    for ks in sets:
        if not ks.total.search(b.clause):
            continue
        named = [kinds_of(p.label, ks) for p in parts]
        flat = [k for ks_ in named for k in ks_]
        if not all(named) or len(flat) != len(set(flat)):
            continue  # a part of another dimension, or a kind named twice
        kinds = Join(tuple(flat), Text.of("sep_list"))
        if len(flat) == len(ks.kinds) and s != total.number:
            return hit(ks.name, Text.of("all_kinds_sum", set=ks.name, kinds=kinds, sum=s, unit=unit))
        if s > total.number:
            return hit(ks.name, Text.of("parts_exceed", kinds=kinds, sum=s, unit=unit))
        return None
    return None


def run(analysis, params):
    sets = [kind_set(name, spec) for name, spec in params.get("kind_sets", {}).items()]
    for b in analysis.breakdowns:
        hit = _hit(b, sets)
        if hit:
            yield hit


KIND = kind(
    "breakdown", run,
    params={"kind_sets": MapOf(Record({"total": required(Regex()), "kinds": required(MapOf(ListOf(Str(), nonempty=True)))},
                                      what="a kind set"))},
    fields=("clause", "total", "unit", "problem"),
    texts={"breakdown_part": ("label", "number", "unit"), "qizhong": (), "part_exceeds": ("label", "number", "unit"),
           "all_kinds_sum": ("set", "kinds", "sum", "unit"), "parts_exceed": ("kinds", "sum", "unit"), "sep_list": ()},
)
