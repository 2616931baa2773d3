"""The shape property: one report, its tables written in every shape reports are published in
(tests/shapes.py), gives the same findings — same rule, at the corresponding line and column.
And a report whose tables are consistent gives no error in any shape."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, FIXTURES
from reading import findings, source_at
from shapes import SHAPES, rewrite

from linter.findings import Severity

REPORTS = [
    EXAMPLES / "demo-clean-2021.md",
    EXAMPLES / "demo-defects-2021.md",
    EXAMPLES / "001_d2562da69713e31b.txt",  # a seed: 2019 format, one cell a line
    FIXTURES / "kiro-shuyang-county-gov-2025.md",  # corpus: Markdown fragments, headers lost
    FIXTURES / "govnianbao-huaian-city-2024.txt",  # corpus: PDF extraction
    FIXTURES / "cases" / "gen_shape_md.txt",  # gen.py's report with its three planted defects
]
# Reports whose tables are consistent (their golden findings have no error).
CONSISTENT = [REPORTS[0], REPORTS[2], REPORTS[3], REPORTS[4]]


def _findings(path):
    return findings(source_at(path))


def _about_a_cell(finding) -> bool:
    return finding.row is not None or finding.column_label is not None


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_same_findings_at_the_same_places_in_every_shape(path, shape, tmp_path):
    text, where = rewrite(path, shape)
    rewritten = tmp_path / path.name
    rewritten.write_text(text, encoding="utf-8")
    expected = sorted((f.rule, *where(f.line, f.column, cell=_about_a_cell(f))) for f in _findings(path))
    assert sorted((f.rule, f.line, f.column) for f in _findings(rewritten)) == expected


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("path", CONSISTENT, ids=lambda p: p.name)
def test_no_error_on_consistent_tables_in_any_shape(path, shape, tmp_path):
    text, _ = rewrite(path, shape)
    rewritten = tmp_path / path.name
    rewritten.write_text(text, encoding="utf-8")
    assert [(f.rule, f.line) for f in _findings(rewritten) if f.severity is Severity.ERROR] == []


def test_the_rewrite_changes_the_shape_and_keeps_the_text():
    text, where = rewrite(EXAMPLES / "demo-defects-2021.md", "lonepipe")
    lines = text.split("\n")
    # 表三 一、本年新收 总计 (41:46 in the Markdown) is a line of its own, between lone pipes
    line, column = where(41, 46)
    assert (lines[line - 1], lines[line - 2], lines[line], column) == ("6", "|", "|", 1)
    assert where(1, 12) == (1, 12)  # the title is left as it is
