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
from linter.packs.schema import Custom, ListOf, Ref, Str

# A column blank in every row read is one finding when it has at least this many rows (表三's
# 法人 columns); the few cells of a 表二 block are named one by one.
_BLANK_COLUMN_ROWS = 3


def _not_reported(analysis, params):
    for grid in analysis.grids_of(params.get("tables")):
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
                    {"table": t.words, "cells": Text.of("blank_column", column=col.label, count=len(rows)),
                     "text": first.cell.text or Text.of("blank")},
                    tuple(Note(grid.cells[r.id][col.id].cell.span, Text.of("cell_label", row=r.name, column=col.label),
                               grid.cells[r.id][col.id].cell.where) for r in rows[1:]),
                    key=f"{t.id}:*:{col.id}",
                    table=t.title, column_label=col.label, where=first.cell.where,
                )
        for row in rows:
            for col in t.columns:
                reading = grid.cells[row.id][col.id]
                if reading.number is None and col.id not in blank_columns:
                    yield Hit(
                        reading.cell.span,
                        {"table": t.words, "cells": Text.of("cell_name", row=row.name, column=col.label),
                         "text": reading.cell.text or Text.of("blank")},
                        key=f"{t.id}:{row.id}:{col.id}",
                        table=t.title, row=row.name, column_label=col.label, where=reading.cell.where,
                    )


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
            for col in t.columns:
                reading = grid.value(row.id, col.id)
                if reading is None or reading.number is None:
                    continue
                n = reading.number
                problems = []
                if n < 0 and not _allowed(negative_ok, t.id, row.id, col.id):
                    problems.append(Text.of("negative"))
                if n != n.to_integral_value() and not _allowed(decimal_ok, t.id, row.id, col.id):
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
    },
    fields=("table", "row", "column", "value", "problem", "cells", "text"),
    texts={"blank_column": ("column", "count"), "cell_name": ("row", "column"), "cell_label": ("row", "column"), "blank": (),
           "negative": (), "decimal": (), "sep_and": ()},
)
