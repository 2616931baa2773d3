"""Inline suppression written in the report: an HTML comment in .md/.txt (and .html), a Word
comment in .docx; a reason is required; one that suppresses nothing is reported (XG001)."""

from __future__ import annotations

from conftest import EXAMPLES, lint

DEMO = (EXAMPLES / "demo-defects-2021.md").read_text(encoding="utf-8")


def _found(text: str, name: str = "r.md"):
    return [(f.rule, f.line, f.column) for f in lint(text, name=name)]


def test_an_ignore_covers_the_next_element_only():
    text = DEMO.replace("（—）政府信息公开平台建设", "<!-- xxgk-lint: 忽略 XG111 理由：原件如此 -->\n（—）政府信息公开平台建设", 1)
    found = _found(text)
    assert ("XG111", 16, 2) not in found and not [f for f in found if f[0] in ("XG001", "XG002")]
    # the comment is not text of the report: no paragraph, no heading, every other finding stays
    assert [f for f in found if f[0] != "XG111"] == [
        (r, line + 1 if line >= 15 else line, c) for r, line, c in _found(DEMO) if r != "XG111"
    ]


def test_an_ignore_of_a_table_covers_the_whole_table():
    before = [f for f in _found(DEMO) if f[0].startswith("XG30")]
    assert before  # the demo's 表三 has defects
    text = DEMO.replace("| 一、本年新收", "<!-- xxgk-lint: ignore XG302, XG304 reason: known, reported to the office -->\n\n| 一、本年新收", 1)
    found = _found(text)
    assert not [f for f in found if f[0] in ("XG302", "XG304", "XG001")]


def test_a_region_between_disable_and_enable():
    text = (
        "某某街道2017年政府信息公开工作年度报告\n一、主动公开情况\n"
        "<!-- xxgk-lint: 停用 XG1 理由：按原件排版 -->\n(—)主动公开\n\n(三)依申请公开\n"
        "<!-- xxgk-lint: 启用 XG1 -->\n(—)其他\n"
    )
    found = [f for f in _found(text) if f[0].startswith(("XG11", "XG00"))]
    assert found == [("XG111", 8, 2)]


def test_a_suppression_without_reason_suppresses_nothing_and_is_reported():
    text = "某某街道2017年政府信息公开工作年度报告\n一、主动公开情况\n<!-- xxgk-lint: 忽略 XG111 -->\n(—)主动公开\n"
    found = _found(text)
    assert ("XG111", 4, 2) in found and ("XG002", 3, 1) in found


def test_bad_syntax_is_reported():
    text = "某某街道2017年政府信息公开工作年度报告\n一、主动公开情况\n<!-- xxgk-lint: 关掉XG111 -->\n(—)主动公开\n"
    [finding] = [f for f in lint(text, name="r.md") if f.rule == "XG002"]
    assert (finding.line, finding.column) == (3, 1) and "写法不对" in finding.message


def test_an_unused_suppression_is_reported_unless_its_rule_did_not_run():
    text = "某某街道2017年政府信息公开工作年度报告\n<!-- xxgk-lint: 忽略 XG307 理由：无法人申请 -->\n一、主动公开情况\n"
    assert ("XG001", 2, 1) in _found(text)
    assert "XG001" not in [f.rule for f in lint(text, name="r.md", select=["XG1", "XG001"])]  # XG307 did not run
