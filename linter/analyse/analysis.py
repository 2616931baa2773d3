"""The analysis of one report: everything the checks read, built once before any check runs.

    parse tree + packs  ->  facts -> era -> the packs of that era -> sections, tables, prose

`Analysis` holds the facts (title, year, body, dates), the era and why, the data of the packs
that apply (their templates and vocabulary), the required sections bound to headings (and,
for a 2019+ report written in the 2008-era structure, its old headings: the checks of
sections and tables then leave the report to one finding of the era kind), every table read
against its template (`Grid`), the passages of prose with their heading context, and the
claims, breakdowns and shares (`占33.9%`) the prose states. Check kinds are pure functions of
an Analysis and their parameters; `Scope` is the one expression context over it (table
cells, facts and the claim at hand), for the `assert:` of every pack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Sequence

from linter.analyse.era import EraEvidence, content_era, decide, table_era
from linter.analyse.facts import Facts, read_facts
from linter.analyse.narrative import (
    Breakdown,
    Claim,
    Masked,
    Own,
    Share,
    Vocabulary,
    find_breakdowns,
    find_claims,
    find_shares,
    passages_in_context,
    vocabulary,
)
from linter.analyse.sections import (
    OldStructure,
    SectionMatch,
    match_sections,
    old_structure,
)
from linter.analyse.tables import Grid, Template, read_grid, template_from_data
from linter.document import Span
from linter.packs.expr import Value
from linter.packs.load import PackSet
from linter.packs.model import Resolved
from linter.parse.tree import Cell, Paragraph, Report, Table


@dataclass(slots=True, repr=False, eq=False)  # a dataclass for replace() (tests vary its grids); never compared
class Analysis:
    report: Report
    facts: Facts
    era: str
    era_reason: str
    evidence: EraEvidence  # the era the content shows (fingerprint phrases)
    packs: Resolved  # the packs of the era: data, rules, texts
    templates: dict[str, Template]
    sections: list[SectionMatch]
    old_structure: OldStructure | None  # a 2019+ report in the 2008-era structure (its old headings)
    grids: dict[str, Grid]  # every template of the era, read (or missing) in the report
    vocabulary: Vocabulary
    passages: list[tuple[Paragraph, str]]  # prose, with the titles of the headings above it
    claims: list[Claim]  # figures the prose states (`收到申请5件`)
    nones: list[Claim]  # claims of none (`未收到申请`)
    breakdowns: list[Breakdown]  # `共N件，其中A a件、B b件`
    shares: list[Share]  # `258件，占33.9%`
    masks: dict[str, Masked] = field(default_factory=dict, repr=False)
    # what the checks compute once per report: Scope.value of the table cells, the texts the
    # phrase checks read (not copied by dataclasses.replace)
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def data(self) -> dict:
        return self.packs.data

    @property
    def year(self) -> int | None:
        return self.facts.year

    @property
    def own(self) -> Own:
        """The report's year and body, for telling its own figures from others'."""
        return Own(self.facts.year, self.facts.body, self.vocabulary.governments)

    def grids_of(self, tables: list[str] | None) -> list[Grid]:
        """The grids of the tables named (every grid when None), in template order."""
        return [grid for tid, grid in self.grids.items() if tables is None or tid in tables]

    def readable(self) -> dict[str, Grid]:
        """The grids read reliably: the only ones any arithmetic is judged on."""
        return {tid: g for tid, g in self.grids.items() if g.readable}

    def section(self, section_id: str) -> SectionMatch | None:
        return next((m for m in self.sections if m.id == section_id), None)


def analyse(report: Report, packs: PackSet, forced_era: str | None = None) -> Analysis:
    facts = read_facts(report)
    squeezed: dict[int, str] = {}  # each table's cells squeezed, for the era of the content and of a section's tables
    evidence = content_era(report, packs.fingerprints(), squeezed)
    era, reason = decide(packs.eras, facts.year, evidence, forced_era)
    resolved = packs.resolve(era)
    sections = match_sections(report, resolved.data.get("sections", []))
    within: dict[str | None, tuple[list[Table], list[Cell]]] = {}  # the tables of each section, and their cells
    templates = _templates_by_section(report, _templates(resolved), sections, era, packs, within, squeezed)
    old = old_structure(report, resolved.data.get("old_structure"), resolved.data.get("sections", []), sections)
    grids = _read_grids(report, templates, sections, within)
    vocab = _vocabulary(resolved)
    passages = passages_in_context(report, facts.title_span)
    masks: dict[str, Masked] = {}
    own = Own(facts.year, facts.body, vocab.governments)
    claims, nones = find_claims(passages, vocab, own, masks)
    breakdowns = find_breakdowns([p for p, _ in passages], vocab, own, masks)
    shares = find_shares([p for p, _ in passages], vocab, own, masks)
    return Analysis(
        report=report, facts=facts, era=era, era_reason=reason, evidence=evidence, packs=resolved,
        templates=templates, sections=sections, old_structure=old, grids=grids, vocabulary=vocab, passages=passages,
        claims=claims, nones=nones, breakdowns=breakdowns, shares=shares, masks=masks,
    )


@lru_cache(maxsize=32)
def _templates(resolved: Resolved) -> dict[str, Template]:
    return {tid: template_from_data(tid, spec) for tid, spec in resolved.data.get("tables", {}).items()}


@lru_cache(maxsize=32)
def _vocabulary(resolved: Resolved) -> Vocabulary:
    return vocabulary(resolved.data.get("narrative") or {})


def _templates_by_section(
    report: Report, templates: dict[str, Template], sections: list[SectionMatch], era: str, packs: PackSet,
    within: dict[str | None, tuple[list[Table], list[Cell]]], squeezed: dict[int, str] | None = None,
) -> dict[str, Template]:
    """Each table read with the template of the era its own cells show: a 2022 report whose
    表二 has the 2019 columns is read with the 2019 表二 (the era-mismatch rule says once that
    the wrong format was used) — never with the report's, which would bind its columns wrongly.
    A phrase counts only in the tables of the section (the fingerprints of the packs).
    `within`: the tables of each section and their cells (see `_tables_of`), listed once;
    `squeezed`: each table's cells squeezed (`squeezed_cells`), shared with content_era."""
    chosen = dict(templates)
    fingerprints = packs.fingerprints()
    for section in {t.within for t in templates.values() if t.within}:
        tables, cells = _tables_of(report, next(t for t in templates.values() if t.within == section), sections, within)
        shown = table_era(tables, fingerprints, squeezed) if cells else None
        if shown is None or shown == era:
            continue
        other = _templates(packs.resolve(shown))
        for tid, template in templates.items():
            if template.within == section and tid in other and other[tid].within == section:
                chosen[tid] = other[tid]
    return chosen


def tables_within(report: Report, template: Template, sections: list[SectionMatch]) -> list[Table]:
    """The tables of the template's section (a PDF/Markdown table comes in fragments, all of
    them in the section); every table of the report when the template has no `within`."""
    if template.within is None:
        return report.tables
    match = next((m for m in sections if m.id == template.within), None)
    if match is None or match.section is None:
        return []
    return [t for s in match.section.walk() for t in s.tables]


def _tables_of(report: Report, template: Template, sections: list[SectionMatch],
               within: dict[str | None, tuple[list[Table], list[Cell]]]) -> tuple[list[Table], list[Cell]]:
    """The tables of the template's section (`tables_within`) and their cells, listed once per
    section in `within` (the templates of a section, and of the era its cells show, share them)."""
    known = within.get(template.within)
    if known is None:
        tables = tables_within(report, template, sections)
        known = within[template.within] = tables, [c for t in tables for c in t.cells]
    return known


def _read_grids(report: Report, templates: dict[str, Template], sections: list[SectionMatch],
                within: dict[str | None, tuple[list[Table], list[Cell]]]) -> dict[str, Grid]:
    found: dict[str, Grid] = {}
    for tid, template in templates.items():
        tables, cells = _tables_of(report, template, sections, within)
        if tables and any(c.text.strip() for c in cells):
            found[tid] = read_grid(template, tables, cells)
        elif template.within is not None:
            found[tid] = Grid(template, Span(0, 0, 0, 0))  # the section has no table at all
    return found


# ---------------------------------------------------------------------------------------------
# Expressions over the analysis


@dataclass(frozen=True, slots=True)
class Fact:
    """What `facts.<name>` stands for in an expression: its value and where it was read."""

    name: str
    span: Span | None
    where: str | None = None


_UNKNOWN = object()  # a cell not asked for yet (None: asked for, not reported)
_ONE = ("value",)  # the one "column" of a fact or a claim
_ABSENT = ("?",)  # a table the era does not have: its cells are never reported


class Scope:
    """The expression context (linter.packs.expr.Context) over an analysis: the cells of the
    tables read reliably and, in a table that cannot be read reliably further down (a table
    cut, a PDF block of labels), the rows read before the first place reading failed — an
    identity or a figure is judged on what was read, never on a guess —; `facts.<name>`; and
    `claim.figure` under `each: claims`."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.grids = analysis.grids
        self.row: str | None = None
        self.column: str | None = None
        self.claim: Claim | None = None
        # ids of a group of a table's rows or columns, asked for once per cell of an expression
        self._groups: dict[tuple[str, str, str | None], Sequence[str]] = {}
        # each table cell's value, found once per report (the grids do not change once read) and
        # kept in the analysis's memo for every rule's scope; keyed (table, row, column), the
        # lookup of every cell of every expression. A table's cells are all found at its first
        # cell asked for (an identity reads most of them), its other cells (None) when asked for.
        known = analysis.memo
        if known.get(None) is not self.grids:  # grids put in place of the analysis's own (tests do)
            known.clear()
            known[None] = self.grids
        cells = known.get("cells")
        if cells is None:
            cells = known["cells"] = {}
            known["tables"] = set()  # the tables whose cells are in `cells`
        self._cells: dict[tuple[str, str, str], Value | None] = cells
        self._tables: set[str] = known["tables"]

    def _read(self, table: str) -> None:
        """Every cell of the table read reliably, as a Value, into `_cells`: in a table that
        cannot be read reliably further down, those read before the first place reading failed.
        A row that was not found at all (its problem stands at the table's start) does not make
        the rows read by their own labels doubtful; values out of place do, from where they are."""
        self._tables.add(table)
        grid = self.grids.get(table)
        if grid is None:
            return
        placed = [(p.span.line, p.span.column) for p in grid.problems if p.span != grid.span]
        limit = min(placed) if placed else None
        cells = self._cells
        for row, readings in grid.cells.items():
            for column, reading in readings.items():
                # (where a cell is, without making its span: most never stand in a finding)
                if reading.number is not None and (limit is None or reading.cell.origin() < limit):
                    cells[(table, row, column)] = reading  # (a Reading is the Value of its cell)

    def value(self, table: str, row: str, column: str) -> Value | None:
        key = (table, row, column)
        found = self._cells.get(key, _UNKNOWN)
        if found is not _UNKNOWN:  # a table cell found before (facts and claims are never kept)
            return found
        if table == "facts":
            found = self.analysis.facts.number(row)
            return None if found is None else Value(Decimal(found[0]), Fact(row, found[1]))
        if table == "claim":
            return None if self.claim is None else Value(Decimal(self.claim.number), self.claim)
        if table not in self._tables:
            self._read(table)
            found = self._cells.get(key)
            if found is not None:
                return found
        self._cells[key] = None  # not reported, not read reliably, or no such cell
        return None

    def rows(self, table: str, group: str) -> Sequence[str]:
        key = ("rows", table, group)
        found = self._groups.get(key)
        if found is None:
            template = self.analysis.templates.get(table)
            found = _ABSENT if template is None else tuple(r.id for r in template.rows if group in r.groups)
            self._groups[key] = found
        return found

    def columns(self, table: str, group: str | None) -> Sequence[str]:
        if table in ("facts", "claim"):
            return _ONE
        key = ("columns", table, group)
        found = self._groups.get(key)
        if found is None:
            template = self.analysis.templates.get(table)
            found = _ABSENT if template is None else tuple(c.id for c in template.columns if group is None or group in c.groups)
            self._groups[key] = found
        return found

    def template(self, table: str) -> Template | None:
        return self.analysis.templates.get(table)

    # what fixes rows() and columns() of a table, for linter.packs.expr.may_fail: its template
    # (None: a table the era does not have, facts, the claim)
    shape = template

    @property
    def found(self) -> dict[tuple[str, str, str], Value | None]:
        """The table cells value() found so far (facts and the claim are never kept)."""
        return self._cells
