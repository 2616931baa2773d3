"""The pipeline as the reading tests see it, in one place (tests/test_cases.py,
tests/test_reading_shapes.py, tests/test_shapes.py and tests/shapes.py use only this): a
report's parse tree, the grids its tables read into, its findings."""

from __future__ import annotations

from pathlib import Path

from linter.api import Settings, analyse_source, lint_source
from linter.engine import load_packs
from linter.parse.tree import Report
from linter.read.source import Source, load


def source_of(text: str, name: str = "report.txt") -> Source:
    return Source(name=name, data=text.encode("utf-8"), suffix=Path(name).suffix.lower() or ".txt")


def source_at(path: Path | str) -> Source:
    return load(str(path))


def report(source: Source) -> Report:
    """The parse tree (sections, paragraphs, tables) of a report."""
    return analyse_source(source, load_packs()).report


def grids_of(source: Source) -> dict:
    """Every table template of the report's era read against it: template id -> Grid."""
    return analyse_source(source, load_packs()).grids


def findings(source: Source, select: list[str] | None = None) -> list:
    """The findings of a report (objects with rule, line, column, row, column_label, severity,
    message)."""
    return lint_source(source, Settings(select=select))[1]


def positions(source: Source, *select: str) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in findings(source, list(select) or None)]


def numbers(grid) -> dict[str, list]:
    """Each row read: its numbers (None: not reported), column by column."""
    return {
        row.id: [None if (r := grid.value(row.id, c.id)) is None else r.number for c in grid.template.columns]
        for row in grid.template.rows
        if row.id in grid.cells
    }
