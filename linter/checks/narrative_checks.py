"""Check kinds over the figures of a report's prose and its zero counts (issue 3, XG4xx).

Which sentences state which quantity is pack data (`narrative:` in rules/common.yaml, read by
linter/narrative.py); which table cells hold the same quantity is each check's `params`, as
expressions over the table templates (`application.new.total`, `review.direct_suit.total +
review.suit_after_review.total`). A claim is compared only with cells of a table read reliably
(a readable grid, every cell of the quantity reported): the table findings XG301/XG307 cover the
rest, and a guess is never made.

    zero-total           a total of 0 beside a non-zero part, where a blank part keeps the
                         identity from being judged
    narrative-none       `未收到…申请` / `未发生…行政复议` beside non-zero table cells
    count-not-stated     a 依申请公开 section (2008 era) that gives no count at all
    narrative-figure     `共收到申请N件` etc. against the table
    narrative-arithmetic `共N件，其中A a件、B b件`: a part above the whole; parts of one
                         partition that exceed the whole or, naming every kind, miss it
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable

from linter.analyse.narrative import (
    Breakdown,
    Vocabulary,
    find_breakdowns,
    kind_set,
    kinds_of,
    passages_in_context,
    report_claims,
    section_passages,
    states_a_count,
    vocabulary,
)
from linter.analyse.tables import Grid, GridContext, format_number, parse_value
from linter.checks import (
    table_checks,  # the module, not its names: kinds.py imports both at its end
)
from linter.chinese import squeeze
from linter.engine import CheckContext, Hit, kind
from linter.findings import Related
from linter.packs.expr import Arith, Term, parse_arith, quantity, references
from linter.parse.tree import Section


def _vocabulary(ctx: CheckContext) -> Vocabulary:
    if "narrative" not in ctx.memo:
        ctx.memo["narrative"] = vocabulary(ctx.data)
    return ctx.memo["narrative"]


def _passages(ctx: CheckContext):
    """The report's passages with their heading context, once per report."""
    if "passages" not in ctx.memo:
        ctx.memo["passages"] = passages_in_context(ctx.report)
    return ctx.memo["passages"]


def _masks(ctx: CheckContext) -> dict:
    """The masked texts of the report's passages (narrative._masked), shared by the kinds."""
    return ctx.memo.setdefault("masks", {})


def _readable(ctx: CheckContext) -> dict[str, Grid]:
    return {tid: g for tid, g in table_checks.grids(ctx).items() if g.readable}


@lru_cache(maxsize=256)
def _arith(text: str) -> Arith:
    return parse_arith(text)


def _cell_name(found: dict[str, Grid], term: Term) -> str:
    t = found[term.ref.table].template
    row, column = t.row(term.ref.row).name, t.column(term.ref.column).label
    return f"{t.title.split()[0]}“{row}”" if len(t.columns) == 1 else f"{t.title.split()[0]}“{row}/{column}”"


class Quantity:
    """A quantity of the tables, as an expression, evaluated on the readable grids."""

    def __init__(self, found: dict[str, Grid], text: str):
        self.text = text
        node = _arith(text)
        self.bound = all(ref.table in found for ref in references(node))
        self.value: Decimal | None = None
        self.terms: tuple[Term, ...] = ()
        if self.bound:
            self.value, self.terms, _missing = quantity(node, GridContext(found))
        self.found = found

    @property
    def known(self) -> bool:
        return self.bound and self.value is not None

    def cells(self) -> str:
        """The cells, for a message: a group of many (the eight reasons of 不予公开) by its first."""
        names = [_cell_name(self.found, t) for t in self.terms]
        return "+".join(names) if len(names) <= 2 else f"{names[0]}等{len(names)}格之和"

    def related(self) -> tuple[Related, ...]:
        return tuple(
            Related(t.cell.span, f"{_cell_name(self.found, t)} = {format_number(t.number)}", t.cell.where) for t in self.terms
        )


def _quantities(found: dict[str, Grid], texts: Iterable[str]) -> list[Quantity]:
    return [q for q in (Quantity(found, t) for t in texts) if q.known]


# ---------------------------------------------------------------- (a) a total of 0 beside a non-zero part


@kind("zero-total", params=["totals"])
def zero_total(ctx: CheckContext):
    """For each `{table, row, rows}` (the total row against a row group, in every column) or
    `{table, column, columns}` (the total column against a column group, in every row): a
    reported 0 total with a reported non-zero part. Only where some part is blank: with every
    part reported the table's identity (XG303/XG304/XG305/XG311) already judges it."""
    found = _readable(ctx)
    for entry in ctx.params.get("totals", []):
        grid = found.get(entry["table"])
        if grid is None:
            continue
        t = grid.template
        if "row" in entry:
            parts = [r.id for r in t.rows if entry["rows"] in r.groups]
            pairs = [((entry["row"], c.id), [(r, c.id) for r in parts]) for c in t.columns]
        else:
            parts = [c.id for c in t.columns if entry["columns"] in c.groups]
            pairs = [((r.id, entry["column"]), [(r.id, c) for c in parts]) for r in t.rows if r.id in grid.cells]
        for total, cells in pairs:
            hit = _zero_total_hit(grid, total, cells)
            if hit:
                yield hit


def _zero_total_hit(grid: Grid, total: tuple[str, str], parts: list[tuple[str, str]]) -> Hit | None:
    t = grid.template
    reading = grid.value(*total)
    readings = [(p, grid.value(*p)) for p in parts]
    if reading is None or reading.number != 0 or any(r is None for _, r in readings):
        return None
    if all(r.number is not None for _, r in readings):
        return None  # the identity judges it
    nonzero = [(p, r) for p, r in readings if r.number is not None and r.number != 0]
    if not nonzero:
        return None

    def name(cell: tuple[str, str]) -> str:
        return t.row(cell[0]).name if len(t.columns) == 1 else f"{t.row(cell[0]).name}/{t.column(cell[1]).label}"

    blank = [p for p, r in readings if r.number is None]
    related = tuple(Related(r.cell.span, f"“{name(p)}” = {format_number(r.number)}", r.cell.where) for p, r in nonzero)
    related += tuple(Related(grid.value(*p).cell.span, f"“{name(p)}”未填", grid.value(*p).cell.where) for p in blank)
    return Hit(
        reading.cell.span,
        {
            "table": t.title, "total": name(total),
            "parts": "、".join(f"“{name(p)}”为{format_number(r.number)}" for p, r in nonzero),
            "parts_en": ", ".join(f"“{name(p)}” is {format_number(r.number)}" for p, r in nonzero),
        },
        related,
        key=f"{t.id}:{total[0]}:{total[1]}",
        table=t.title, row=t.row(total[0]).name, column_label=t.column(total[1]).label, where=reading.cell.where,
    )


# ---------------------------------------------------------------- (b) a claim of none beside non-zero cells


@kind("narrative-none", params=["claims"])
def narrative_none(ctx: CheckContext):
    """`claims` maps a claim of none of the pack's `narrative.none` to the quantities that
    hold the same count, one per era's table (`[application.new.total, stats.received]`)."""
    wanted: dict[str, list[str]] = ctx.params.get("claims", {})
    found = _readable(ctx)
    if not found:
        return
    for claim in report_claims(ctx.report, _vocabulary(ctx), wanted, none=True, texts=_passages(ctx), masks=_masks(ctx)):
        for q in _quantities(found, wanted.get(claim.name, [])):
            if q.value != 0:
                yield Hit(
                    claim.span,
                    {"phrase": claim.phrase, "label": claim.label, "cells": q.cells(), "value": format_number(q.value)},
                    q.related(),
                    key=f"{claim.name}:{format_number(q.value)}",
                )
                break


# ---------------------------------------------------------------- (c) a section on applications with no count


@kind("count-not-stated", params=["headings", "units", "cells"])
def count_not_stated(ctx: CheckContext):
    """A section whose heading names the applications (`headings`, the most specific one when
    they nest) and that states no count: no figure in `units` in its text, no value in its
    tables, no claim of none, and no table of the report that holds the count (`cells`: their
    tables; one that is there, even unreadable, states a count)."""
    present = {tid for tid, g in table_checks.grids(ctx).items() if not g.missing}
    for text in ctx.params.get("cells", []):
        if any(ref.table in present for ref in references(_arith(text))):
            return
    vocab = _vocabulary(ctx)
    for section in _sections_named(ctx.report.root, ctx.params.get("headings", [])):
        if _has_values(section) or states_a_count(section_passages(section), vocab, ctx.params.get("units")):
            continue
        heading = section.heading
        yield Hit(heading.span, {"title": _head(heading.title)}, key=squeeze(_head(heading.title)))


_HEAD_END = re.compile(r"[。，,：:；;]")


def _head(title: str) -> str:
    """A heading's own words, before any text run on after it (`依申请公开。全年…`)."""
    return _HEAD_END.split(title, maxsplit=1)[0].strip()


def _sections_named(root: Section, phrases: list[str]) -> list[Section]:
    wanted = [squeeze(p) for p in phrases]

    def named(section: Section) -> bool:
        if section.heading is None:
            return False
        head = squeeze(_head(section.heading.title))
        return len(head) <= 30 and any(p in head for p in wanted)

    chosen = []
    for section in root.walk():
        if named(section) and not any(named(s) for s in list(section.walk())[1:]):
            chosen.append(section)
    return chosen


def _has_values(section: Section) -> bool:
    return any(isinstance(parse_value(c.text), Decimal) for s in section.walk() for t in s.tables for c in t.cells)


# ---------------------------------------------------------------- (2) a figure of the text against the table


@kind("narrative-figure", params=["claims"])
def narrative_figure(ctx: CheckContext):
    """`claims` maps a figure of the pack's `narrative.claims` to `cells` (the quantity in each
    era's tables; the first one that was read is the one reported) and `also` (other readings
    the sentence may mean, e.g. new + carried over for `共受理…749件`): the figure is
    consistent when it equals any of them."""
    wanted: dict[str, dict[str, Any]] = ctx.params.get("claims", {})
    found = _readable(ctx)
    if not found:
        return
    for claim in report_claims(ctx.report, _vocabulary(ctx), wanted, texts=_passages(ctx), masks=_masks(ctx)):
        spec = wanted[claim.name]
        primary = _quantities(found, spec.get("cells", []))
        if not primary:
            continue
        readings = primary + _quantities(found, spec.get("also", []))
        if any(q.value == claim.number for q in readings):
            continue
        q = primary[0]
        related = q.related() + tuple(
            Related(alt.terms[-1].cell.span, f"另一读法 {alt.cells()} = {format_number(alt.value)}", alt.terms[-1].cell.where)
            for alt in readings[1:] if alt.terms
        )
        yield Hit(
            claim.span,
            {"phrase": claim.phrase, "label": claim.label, "claimed": claim.number, "value": format_number(q.value), "cells": q.cells()},
            related,
            key=f"{claim.name}:{claim.number}",
        )


# ---------------------------------------------------------------- (3) the arithmetic of 共N件，其中…


@kind("narrative-arithmetic", params=["kind_sets"])
def narrative_arithmetic(ctx: CheckContext):
    """A part greater than its total; parts that are kinds of one partition (`kind_sets`, each
    with the words of its kinds and the `total` it partitions) summing above the total, or,
    naming every kind, not summing to it. Parts in units other than the total's are left out."""
    sets = [kind_set(name, spec) for name, spec in ctx.params.get("kind_sets", {}).items()]
    for b in find_breakdowns([p for p, _ in _passages(ctx)], _vocabulary(ctx), ctx.report.year, _masks(ctx)):
        hit = _breakdown_hit(b, sets)
        if hit:
            yield hit


def _breakdown_hit(b: Breakdown, sets) -> Hit | None:
    total = b.total
    parts = [p for p in b.parts if p.unit == total.unit]
    if not parts:
        return None
    unit = total.unit
    related = tuple(Related(p.span, f"{p.label or '其中'} {p.number}{unit}") for p in parts)

    def hit(key: str, problem: str, problem_en: str) -> Hit:
        values = {"clause": b.clause, "total": total.number, "unit": unit, "problem": problem, "problem_en": problem_en}
        return Hit(total.span, values, related, key=f"{b.clause}:{total.number}:{key}")

    biggest = max(parts, key=lambda p: p.number)
    if biggest.number > total.number:
        return hit("part", f"其中“{biggest.label}”{biggest.number}{unit}大于总数",
                   f"the part “{biggest.label}” ({biggest.number}) is greater than the total")
    s = sum(p.number for p in parts)
    for ks in sets:
        if not ks.total.search(b.clause):
            continue
        named = [kinds_of(p.label, ks) for p in parts]
        flat = [k for ks_ in named for k in ks_]
        if not all(named) or len(flat) != len(set(flat)):
            continue  # a part of another dimension, or a kind named twice
        kinds = "、".join(flat)
        if len(flat) == len(ks.kinds) and s != total.number:
            return hit(ks.name, f"已列出{ks.name}的全部各项（{kinds}），其和为{s}{unit}",
                       f"it names every kind of {ks.name} ({kinds}) and they add up to {s}")
        if s > total.number:
            return hit(ks.name, f"其中{kinds}之和为{s}{unit}，超过总数",
                       f"its parts ({kinds}) add up to {s}, more than the total")
        return None
    return None
