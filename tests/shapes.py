"""Rewrite a report's tables into every shape reports are published in, keeping track of where
each cell and line went, so that a test can say: the same report in every shape gives the same
findings at the corresponding places.

    text, where = rewrite(path, "lonepipe")
    where(line, column) -> (line, column) in `text`
    where(line, column, cell=False) -> the same for a finding about a table, a line or the end

Shapes (the families of ../shared/cases): `md` Markdown rows; `pipe` rows without the leading
pipe; `tabs` cells between tabs (a copy from Excel or Word); `spaces` a label and its numbers
separated by spaces (a copy from a browser or a PDF viewer); `vertical` one cell a line ending in
` |` and `|||` after each row; `blank` one cell a line and a blank line after each; `lonepipe` one
cell a line and a line holding a single `|` after each.

Everything but the tables is left as it is. The rows of a table are its source rows where the
source gives them (Markdown), else a label and the values after it. A blank cell that reading bound
to a row and column stays blank where the shape can say so (md, pipe, tabs, lonepipe) and becomes
`—` (also "not reported") where it cannot (a blank line, a space, or a lone pipe after a cell all
mean something else there); a blank cell bound to nothing (the pipes of merged cells) is dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from reading import grids_of, report, source_at

from linter.analyse.tables import is_value
from linter.parse.tree import Cell

SHAPES = ("md", "pipe", "tabs", "spaces", "vertical", "blank", "lonepipe")
_SAYS_BLANK = {"md", "pipe", "tabs", "lonepipe"}


def _rows(cells: list[Cell], bound: set[tuple[int, int]]) -> list[list[Cell]]:
    kept = [c for c in cells if c.text.strip() or (c.span.line, c.span.column) in bound]
    if kept and all(c.row is not None for c in kept):
        rows: dict[int, list[Cell]] = {}
        for cell in kept:
            rows.setdefault(cell.row, []).append(cell)
        # the source's rows, unless a "row" runs on past its values (`|||` after block titles only)
        if not any(is_value(a) and not is_value(b) for r in rows.values() for a, b in zip(r, r[1:])):
            return list(rows.values())
    out: list[list[Cell]] = []
    for cell in kept:
        if out and is_value(cell):
            out[-1].append(cell)  # a value joins the row of the label before it
        else:
            out.append([cell])  # a label starts a row
    return out


def _render(shape: str, rows: list[list[Cell]]) -> list[tuple[str, list[tuple[Cell, int]]]]:
    """Lines of the table in `shape`: (text, [(cell, offset of its text in the line)])."""
    def text(cell: Cell) -> str:
        if cell.text.strip():
            return cell.text
        return "" if shape in _SAYS_BLANK else "—"

    lines: list[tuple[str, list[tuple[Cell, int]]]] = []
    for row in rows:
        if shape in ("md", "pipe", "tabs", "spaces"):
            start, sep, end = {"md": ("| ", " | ", " |"), "pipe": ("", " | ", " |"),
                               "tabs": ("", "\t", ""), "spaces": ("", "    ", "")}[shape]
            parts, placed, pos = [], [], len(start)
            for i, cell in enumerate(row):
                t = text(cell)
                if i:
                    pos += len(sep)
                # a blank between pipes is placed right after its pipe
                placed.append((cell, pos - 1 if not t and shape in ("md", "pipe") else pos))
                parts.append(t)
                pos += len(t)
            if shape == "spaces" and len(row) > 1 and not is_value(row[0]) and all(is_value(c) for c in row[1:]):
                # the numbers of a row stand one space apart, after the label
                parts, placed, pos = [text(row[0])], [(row[0], 0)], len(text(row[0])) + 4
                for cell in row[1:]:
                    placed.append((cell, pos))
                    parts.append(text(cell))
                    pos += len(text(cell)) + 1
                lines.append((parts[0] + "    " + " ".join(parts[1:]), placed))
                continue
            lines.append((start + sep.join(parts) + end, placed))
            continue
        for cell in row:
            t = text(cell)
            if shape == "vertical":
                lines.append((f"{t} |", [(cell, 0)]))
            elif shape == "blank":
                lines += [(t, [(cell, 0)]), ("", [])]
            elif t:  # lonepipe: the cell, then its pipe
                lines += [(t, [(cell, 0)]), ("|", [])]
            else:  # lonepipe: a blank cell is its pipe alone (two pipes in a row)
                lines.append(("|", [(cell, 0)]))
        if shape == "vertical":
            lines.append(("|||", []))
    return lines


def rewrite(path: Path | str, shape: str) -> tuple[str, Callable[[int, int], tuple[int, int]]]:
    """The report at `path` with its tables in `shape`, and the map from a position in the
    original to the corresponding position in the result."""
    parsed = report(source_at(path))
    bound = {  # reading re-reads the report: cells are told apart by where they are
        (reading.cell.span.line, reading.cell.span.column)
        for grid in grids_of(source_at(path)).values()
        for row in grid.cells.values() for reading in row.values()
    }
    original = Path(path).read_text(encoding="utf-8").split("\n")
    regions = sorted(((t.span.line, t.span.end_line, t) for t in parsed.tables), key=lambda r: r[:2])
    out: list[str] = []
    line_map: dict[int, int] = {}
    cell_map: dict[tuple[int, int], tuple[int, int]] = {}
    table_start: dict[int, int] = {}
    table_end: dict[int, int] = {}
    number = 1
    k = 0
    while number <= len(original):
        if k < len(regions) and regions[k][0] == number:
            first, last, table = regions[k]
            table_start[first] = len(out) + 1
            for text, placed in _render(shape, _rows(table.cells, bound)):
                out.append(text)
                for cell, offset in placed:
                    cell_map[(cell.span.line, cell.span.column)] = (len(out), offset + 1)
            table_end[last] = max(i for i in range(1, len(out) + 1) if out[i - 1].strip())
            number = last + 1
            k += 1
            continue
        out.append(original[number - 1])
        line_map[number] = len(out)
        number += 1

    def where(line: int, column: int, cell: bool = True) -> tuple[int, int]:
        """`cell`: the position is that of a table cell (else of a table, a line or the end
        of the report, which may be a table's last line)."""
        if cell and (line, column) in cell_map:
            return cell_map[(line, column)]
        if line in table_start and column == 1:
            return table_start[line], 1
        if line in line_map:
            return line_map[line], column
        if line in table_end and column == 1:  # the end of a report that ends in a table
            return table_end[line], 1
        return cell_map[(line, column)]  # a phrase in a table's cell (XG203)

    return "\n".join(out), where
