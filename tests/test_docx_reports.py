"""Whole reports as Word documents (issue 4): the two demo reports are built here with
python-docx — headings as paragraphs, every Markdown table as a Word table — and linted with all
rules. The findings must be those of the Markdown form, pointing at paragraph ordinals (table
rows count as paragraphs) with the cell named in `where`."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES
from markdown_formats import markdown_docx

from linter.api import Settings, lint_path


def _docx_of(markdown: Path, target: Path) -> Path:
    """The Markdown demo as an office would write it in Word (tests/markdown_formats.py)."""
    return markdown_docx(markdown.read_text(encoding="utf-8"), target)


def _findings(path: Path) -> list:
    _, findings = lint_path(str(path), Settings())
    return findings


def test_clean_demo_as_docx_has_no_findings(tmp_path):
    assert _findings(_docx_of(EXAMPLES / "demo-clean-2021.md", tmp_path / "clean.docx")) == []


def test_defects_demo_as_docx_gives_the_markdown_findings_at_paragraph_ordinals(tmp_path):
    path = _docx_of(EXAMPLES / "demo-defects-2021.md", tmp_path / "defects.docx")
    found = _findings(path)
    markdown = _findings(EXAMPLES / "demo-defects-2021.md")
    assert sorted(f.rule for f in found) == sorted(f.rule for f in markdown)
    # Paragraph ordinals: blank lines of the Markdown are empty paragraphs and count; each
    # Markdown table row (without its |---| separator) is one paragraph, so from the first
    # table on, the ordinals are the Markdown lines less the separators above them (41 → 39). The table cells give
    # their position in the row as the column, and `where` names them.
    assert [(f.rule, f.line, f.column, f.where) for f in found] == [
        ("XG201", 1, 10, None),
        ("XG404", 11, 13, None),
        ("XG111", 15, 2, None),
        ("XG302", 39, 8, "表2 第2行 第8列"),
        ("XG304", 39, 8, "表2 第2行 第8列"),
        ("XG101", 71, 1, None),
        ("XG113", 71, 1, None),
        ("XG202", 75, 6, None),
    ]
    balance = next(f for f in found if f.rule == "XG302")
    assert [(r.span.line, r.where, r.message) for r in balance.related] == [
        (39, "表2 第2行 第8列", "一、本年新收政府信息公开申请数量/总计 = 6"),
        (40, "表2 第3行 第8列", "二、上年结转政府信息公开申请数量/总计 = 1"),
        (62, "表2 第25行 第8列", "（七）总计/总计 = 5"),
        (63, "表2 第26行 第8列", "四、结转下年度继续办理/总计 = 1"),
    ]


def test_docx_json_output_carries_where_and_the_cell_labels(tmp_path, run_cli):
    path = _docx_of(EXAMPLES / "demo-defects-2021.md", tmp_path / "defects.docx")
    result = run_cli("check", "--format", "json", "--select", "XG302", str(path))
    [finding] = json.loads(result.stdout)
    assert (finding["line"], finding["column"], finding["where"]) == (39, 8, "表2 第2行 第8列")
    assert finding["cell"] == {"table": "表三 收到和处理政府信息公开申请情况", "row": "一、本年新收政府信息公开申请数量", "column": "总计"}
