"""Cells of the tables that do not hold what the format wants.

One detector, two cases (`report:`): `not-reported` — blank, `/`, `—` or `无` where the
format wants a number, in rows that were read (even in a table unreadable further down: the
row itself was bound to its label); a column blank in every row read is one finding, not one
per cell. `not-integer` — a negative count or a decimal, except in the cells `allow_negative`
and `allow_decimal` name (`table.row`, `table.*.column`, `table.row.column`).
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.checks.base import Hit, Join, Note, Text, kind
from linter.packs.schema import Custom, ListOf, Record, Ref, Str, required

# A column blank in every row read is one finding when it has at least this many rows (表三's
# 法人 columns); the few cells of a 表二 block are named one by one.
_BLANK_COLUMN_ROWS = 3


def _not_reported(analysis, params):
    """One finding per table that leaves cells blank (a house style writes every 0 as a blank,
    a row of `/` says "not applicable"): at its first blank cell, saying how many and which —
    whole columns, whole rows, then single cells — with every other blank cell as related.
    A row the packs call not applicable to a body of this kind (规章 for a body that cannot
    make 规章) is left out when the body is known."""
    skip = _not_applicable(analysis, params.get("not_applicable", []))
    for grid in analysis.grids_of(params.get("tables")):
        t = grid.template
        rows = [r for r in t.rows if r.id in grid.cells and (t.id, r.id) not in skip]
        blank = [(r, c) for r in rows for c in t.columns if grid.cells[r.id][c.id].number is None]
        if not blank:
            continue
        columns = [c for c in t.columns if len(rows) >= _BLANK_COLUMN_ROWS and all((r, c) in blank for r in rows)]
        whole_rows = [r for r in rows if len(t.columns) > 1 and all((r, c) in blank for c in t.columns)
                      and not (columns and set(columns) == set(t.columns))]
        single = [(r, c) for r, c in blank if c not in columns and r not in whole_rows]
        parts = []
        if len(columns) == 1:
            parts.append(Text.of("blank_column", column=columns[0].label, count=len(rows)))
        elif columns:
            parts.append(Text.of("blank_columns", first=columns[0].label, count=len(columns)))
        if len(whole_rows) == 1:
            parts.append(Text.of("blank_row", row=whole_rows[0].name, count=len(t.columns)))
        elif whole_rows:
            parts.append(Text.of("blank_rows", first=whole_rows[0].name, count=len(whole_rows)))
        parts += [Text.of("cell_name", row=r.name, column=c.label) for r, c in single[:_LISTED]]
        if len(single) > _LISTED:
            parts.append(Text.of("more_cells", count=len(single) - _LISTED))
        cells = Join(tuple(parts), Text.of("sep_list"))
        if len(blank) > 1:
            cells = Text.of("cells_total", cells=cells, count=len(blank))
        texts = {grid.cells[r.id][c.id].cell.text.strip() for r, c in blank}
        first_row, first_col = blank[0]
        first = grid.cells[first_row.id][first_col.id]
        marker = texts.pop() if len(texts) == 1 else ""
        yield Hit(
            first.cell.span,
            {"table": t.words, "cells": cells, "count": len(blank), "text": marker or Text.of("blank")},
            tuple(Note(grid.cells[r.id][c.id].cell.span, Text.of("cell_label", row=r.name, column=c.label),
                       grid.cells[r.id][c.id].cell.where) for r, c in blank[1:]),
            key=f"{t.id}:{len(blank)}",
            table=t.title,
            row=first_row.name if len(blank) == 1 else None,
            column_label=first_col.label if len(blank) == 1 else None,
            where=first.cell.where,
        )


_LISTED = 3  # single blank cells named in the message; the rest are counted


def _not_applicable(analysis, entries: list[dict]) -> set[tuple[str, str]]:
    """The (table, row) the report's body cannot have: entries {row: table.row, bodies: the
    bodies that do have it}. Only when the body is known."""
    import re

    body = analysis.facts.body
    if not body:
        return set()
    return {tuple(e["row"].split(".", 1)) for e in entries if not re.search(e["bodies"], body)}


def _allowed(entries: Iterable[str], table: str, row: str, column: str) -> bool:
    for entry in entries:
        parts = entry.split(".")
        if parts[0] != table:
            continue
        if len(parts) == 2 and parts[1] == row:
            return True
        if len(parts) == 3 and parts[1] in ("*", row) and parts[2] == column:
            return True
    return False


def _not_integer(analysis, params):
    negative_ok = params.get("allow_negative", [])
    decimal_ok = params.get("allow_decimal", [])
    for grid in analysis.grids_of(params.get("tables")):
        t = grid.template
        for row in t.rows:
            readings = grid.cells.get(row.id)  # grid.value of the row's cells, the row looked up once
            if not readings:
                continue
            for col in t.columns:
                reading = readings.get(col.id)
                if reading is None or reading.number is None:
                    continue
                n = reading.number
                negative, decimal = n < 0, n != n.to_integral_value()
                if not (negative or decimal):
                    continue  # most cells: a count
                problems = []
                if negative and not _allowed(negative_ok, t.id, row.id, col.id):
                    problems.append(Text.of("negative"))
                if decimal and not _allowed(decimal_ok, t.id, row.id, col.id):
                    problems.append(Text.of("decimal"))
                if problems:
                    yield Hit(
                        reading.cell.span,
                        {"table": t.words, "row": row.name, "column": col.label, "value": reading.cell.text,
                         "problem": Join(tuple(problems), Text.of("sep_and"))},
                        key=f"{t.id}:{row.id}:{col.id}",
                        table=t.title, row=row.name, column_label=col.label, where=reading.cell.where,
                    )


def run(analysis, params):
    if params["report"] == "not-reported":
        yield from _not_reported(analysis, params)
    else:
        yield from _not_integer(analysis, params)


def _cell_pattern(value, where, ck):
    text = Str(pattern=r"[A-Za-z_]\w*\.(?:\*|[A-Za-z_]\w*)(?:\.[A-Za-z_]\w*)?",
               explain="{value!r}: a cell pattern is table.row, table.*.column or table.row.column").check(value, where, ck)
    ck.refer("table", text.split(".")[0], where)
    return text


KIND = kind(
    "cells", run,
    params={
        "report": Str(choices=("not-reported", "not-integer")), "tables": ListOf(Ref("table")),
        "allow_negative": ListOf(Custom(_cell_pattern)), "allow_decimal": ListOf(Custom(_cell_pattern)),
        "not_applicable": ListOf(Record({"row": required(Custom(_cell_pattern)), "bodies": required(Str())},
                                        what="a row not applicable to some bodies")),
    },
    fields=("table", "row", "column", "value", "problem", "cells", "text", "count"),
    texts={"blank_column": ("column", "count"), "blank_columns": ("first", "count"), "blank_row": ("row", "count"),
           "blank_rows": ("first", "count"), "more_cells": ("count",), "cells_total": ("cells", "count"),
           "cell_name": ("row", "column"), "cell_label": ("row", "column"), "blank": (), "negative": (), "decimal": (),
           "sep_and": (), "sep_list": ()},
)
