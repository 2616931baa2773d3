"""Check kinds over the tables of a report: identities, unreadable tables, blank and
non-integer cells. What the tables look like and what must hold is pack data (`tables:` and
each check's `assert:`); this module only binds, evaluates and reports.

"Bind before you judge": an identity is judged only on a table read reliably, and a cell that
was not reported is never taken as 0 — the table-unreadable and cell-not-reported findings
cover those, so that one defect gives one finding, not a cascade of arithmetic ones.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from linter.analyse.tables import (
    Grid,
    GridContext,
    Template,
    format_number,
    label_key,
    read_grid,
    template_from_data,
    values_after,
)
from linter.checks.kinds import match_sections
from linter.document import Span
from linter.engine import CheckContext, Hit, kind
from linter.findings import Related
from linter.packs.expr import Outcome, Ref, Truth, Verdict, evaluate, references
from linter.parse.tree import Table


def templates(ctx: CheckContext) -> dict[str, Template]:
    if "templates" not in ctx.memo:
        ctx.memo["templates"] = {tid: template_from_data(tid, spec) for tid, spec in ctx.data.get("tables", {}).items()}
    return ctx.memo["templates"]


def _tables_of(ctx: CheckContext, template: Template) -> list[Table]:
    """The tables of the template's section (a PDF/Markdown table comes in fragments, all of
    them in the section); every table of the report when the template has no `within`."""
    if template.within is None:
        return ctx.report.tables
    match = next((m for m in match_sections(ctx) if m.id == template.within), None)
    if match is None or match.heading is None:
        return []
    section = next((s for s in ctx.report.sections if s.heading is match.heading), None)
    return [t for s in section.walk() for t in s.tables] if section else []


def grids(ctx: CheckContext) -> dict[str, Grid]:
    """Every template of the packs read against the report (cached per report)."""
    if "grids" not in ctx.memo:
        found: dict[str, Grid] = {}
        for tid, template in templates(ctx).items():
            tables = _tables_of(ctx, template)
            if tables and any(c.text.strip() for t in tables for c in t.cells):
                found[tid] = read_grid(template, tables)
            elif template.within is not None:
                found[tid] = Grid(template, Span(0, 0, 0, 0))  # the section has no table at all
        ctx.memo["grids"] = found
    return ctx.memo["grids"]


def _chosen(ctx: CheckContext) -> Iterable[Grid]:
    wanted = ctx.params.get("tables")
    for tid, grid in grids(ctx).items():
        if wanted is None or tid in wanted:
            yield grid


# ---------------------------------------------------------------- kinds


@kind("table-missing", params=["tables"])
def table_missing(ctx: CheckContext):
    """Tables of the format of which nothing is there, in a section that is (a missing section
    is XG101's finding): one finding per section, at its heading, naming every missing table."""
    headings = {m.id: m.heading for m in match_sections(ctx) if m.heading is not None}
    missing: dict[str, list[Template]] = {}
    for grid in _chosen(ctx):
        if grid.missing and grid.template.within in headings:
            missing.setdefault(grid.template.within, []).append(grid.template)
    for section, found in missing.items():
        titles = "、".join(t.title for t in found)
        yield Hit(headings[section].span, {"table": titles}, key="+".join(t.id for t in found), table=titles)


@kind("table-unreadable", params=["tables"])
def table_unreadable(ctx: CheckContext):
    for grid in _chosen(ctx):
        if grid.problems and not grid.missing:
            problem = grid.problems[0]
            yield Hit(
                grid.span,
                {"table": grid.template.title, "reason": problem.reason, "reason_en": problem.reason_en},
                (Related(problem.span, problem.reason, problem.where),),
                key=grid.template.id,
                table=grid.template.title,
                where=grid.where,
            )


# A column blank in every row read is one finding when it has at least this many rows (表三's
# 法人 columns); the few cells of a 表二 block are named one by one.
_BLANK_COLUMN_ROWS = 3


@kind("cell-not-reported", params=["tables"])
def cell_not_reported(ctx: CheckContext):
    """Blank where the format wants a number, in rows that were read (even in a table that is
    unreadable further down: the row itself was bound to its label). A column left blank in
    every row read (法人 columns nobody filled in) is one finding, not one per cell."""
    for grid in _chosen(ctx):
        t = grid.template
        rows = [r for r in t.rows if r.id in grid.cells]
        blank_columns = {
            col.id for col in t.columns
            if len(rows) >= _BLANK_COLUMN_ROWS and all(grid.cells[r.id][col.id].number is None for r in rows)
        }
        for col in t.columns:
            if col.id in blank_columns:
                first = grid.cells[rows[0].id][col.id]
                yield Hit(
                    first.cell.span,
                    {"table": t.title, "cells": f"“{col.label}”列（全部{len(rows)}格）",
                     "cells_en": f"column “{col.label}” (all {len(rows)} cells)", "text": first.cell.text or "空白"},
                    tuple(Related(grid.cells[r.id][col.id].cell.span, f"{r.name}/{col.label}", grid.cells[r.id][col.id].cell.where)
                          for r in rows[1:]),
                    key=f"{t.id}:*:{col.id}",
                    table=t.title, column_label=col.label, where=first.cell.where,
                )
        for row in rows:
            for col in t.columns:
                reading = grid.cells[row.id][col.id]
                if reading.number is None and col.id not in blank_columns:
                    yield Hit(
                        reading.cell.span,
                        {"table": t.title, "cells": f"“{row.name}/{col.label}”", "cells_en": f"“{row.name}/{col.label}”",
                         "text": reading.cell.text or "空白"},
                        key=f"{t.id}:{row.id}:{col.id}",
                        table=t.title, row=row.name, column_label=col.label, where=reading.cell.where,
                    )


def _allowed(entries: Iterable[str], table: str, row: str, column: str) -> bool:
    """Entries `table.row`, `table.*.column` or `table.row.column` allow a cell."""
    for entry in entries:
        parts = entry.split(".")
        if parts[0] != table:
            continue
        if len(parts) == 2 and parts[1] == row:
            return True
        if len(parts) == 3 and parts[1] in ("*", row) and parts[2] == column:
            return True
    return False


@kind("cell-not-integer", params=["tables", "allow_negative", "allow_decimal"])
def cell_not_integer(ctx: CheckContext):
    negative_ok = ctx.params.get("allow_negative", [])
    decimal_ok = ctx.params.get("allow_decimal", [])
    for grid in _chosen(ctx):
        t = grid.template
        for row in t.rows:
            for col in t.columns:
                reading = grid.value(row.id, col.id)
                if reading is None or reading.number is None:
                    continue
                n = reading.number
                problems = []
                if n < 0 and not _allowed(negative_ok, t.id, row.id, col.id):
                    problems.append(("负数", "negative"))
                if n != n.to_integral_value() and not _allowed(decimal_ok, t.id, row.id, col.id):
                    problems.append(("小数", "a decimal"))
                if problems:
                    yield Hit(
                        reading.cell.span,
                        {"table": t.title, "row": row.name, "column": col.label, "value": reading.cell.text,
                         "problem": "、".join(p[0] for p in problems), "problem_en": " and ".join(p[1] for p in problems)},
                        key=f"{t.id}:{row.id}:{col.id}",
                        table=t.title, row=row.name, column_label=col.label, where=reading.cell.where,
                    )


def _failed_verdicts(outcome: Outcome) -> Iterator[Verdict]:
    if isinstance(outcome, Verdict):
        if not outcome.holds:
            yield outcome
    elif isinstance(outcome, Truth) and outcome.holds is False:
        for part in outcome.parts:
            yield from _failed_verdicts(part)


@kind("table-identity", params=["table", "each", "assert"])
def table_identity(ctx: CheckContext):
    """Evaluate each assert for every row or column (`each`) of a readable table. A failed
    comparison is reported at its reported (left-hand) cell with every contributing cell."""
    table_id = ctx.params["table"]
    all_grids = grids(ctx)
    grid = all_grids.get(table_id)
    asserts = ctx.params["assert"]
    needed = {r.table for _, e in asserts for r in references(e)} | {table_id}
    if grid is None or any(t not in all_grids or not all_grids[t].readable for t in needed):
        return
    t = grid.template
    each = ctx.params.get("each")
    bindings: list[tuple[str | None, str | None]]
    if each == "column":
        bindings = [(None, c.id) for c in t.columns]
    elif each == "row":
        bindings = [(r.id, None) for r in t.rows if not r.heading]
    else:
        bindings = [(None, None)]
    env = GridContext(all_grids)
    for row, column in bindings:
        env.row, env.column = row, column
        for index, (text, expr) in enumerate(asserts):
            for verdict in _failed_verdicts(evaluate(expr, env)):
                yield _identity_hit(all_grids, verdict, row, column, f"{table_id}:{index}:{row or ''}:{column or ''}")
                break


def _labels(grids_: dict[str, Grid], ref: Ref) -> tuple[str, str]:
    template = grids_[ref.table].template
    return template.row(ref.row).name, template.column(ref.column).label


def _identity_hit(grids_: dict[str, Grid], v: Verdict, row: str | None, column: str | None, key: str) -> Hit:
    terms = v.lhs_terms + v.rhs_terms
    reported = (v.lhs_terms or v.rhs_terms)[0]
    row_label, column_label = _labels(grids_, reported.ref)
    related = tuple(
        Related(term.cell.span, "{}/{} = {}".format(*_labels(grids_, term.ref), format_number(term.number)), term.cell.where)
        for term in terms
    )
    values = {
        "row": row_label, "column": column_label, "lhs": format_number(v.lhs), "rhs": format_number(v.rhs),
        "difference": format_number(v.difference), "tolerance": format_number(v.tolerance),
    }
    return Hit(
        reported.cell.span, values, related, key=key,
        table=grids_[reported.ref.table].template.title, row=row_label, column_label=column_label,
        where=reported.cell.where,
    )


@kind("table-obsolete-row", params=["table", "label"])
def table_obsolete_row(ctx: CheckContext):
    """A row of an earlier format, recognised by its exact label followed by a full row of
    values (2019's one-row `（六）其他处理` in a report of 2021 or later, where the label heads
    three numbered rows and has no values of its own)."""
    template = templates(ctx).get(ctx.params["table"])
    if template is None:
        return
    want = label_key(ctx.params["label"])
    cells = [c for t in _tables_of(ctx, template) for c in t.cells]
    for i, cell in enumerate(cells):
        if label_key(cell.text) == want:
            _, readings = values_after(cells, i, len(template.columns), template)
            if len(readings) == len(template.columns):
                yield Hit(cell.span, {"table": template.title, "label": cell.text.strip()}, key=template.id, table=template.title)
                return
