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


# --- the carriers of .html and .docx ---------------------------------------------------------

HTML_DEMO = (EXAMPLES.parent / "tests" / "fixtures" / "demo-defects-2021.html").read_text(encoding="utf-8")


def _found_in(path) -> list[tuple[str, int, int]]:
    from linter.api import Settings, lint_path

    return [(f.rule, f.line, f.column) for f in lint_path(str(path), Settings())[1]]


def test_an_html_comment_ignores_the_element_after_it(tmp_path):
    before = _found_in(_write(tmp_path / "before.html", HTML_DEMO))
    assert ("XG111", 22, 54) in before
    # on the line of the paragraph, before it: the paragraph's finding goes, nothing else moves
    page = HTML_DEMO.replace('<p class="MsoNormal" style="text-indent:32pt"><span>（—）',
                             '<!-- xxgk-lint: 忽略 XG111 理由：原件如此 --><p class="MsoNormal" style="text-indent:32pt"><span>（—）', 1)
    assert _found_in(_write(tmp_path / "after.html", page)) == [f for f in before if f[0] != "XG111"]
    # naming another rule, it suppresses nothing (XG001 at the comment) and the finding moves right
    other = _found_in(_write(tmp_path / "other.html", page.replace("XG111 理由", "XG201 理由")))
    assert [f for f in other if f[1] == 22] == [("XG001", 22, 1), ("XG111", 22, 54 + 36)]


def test_an_html_comment_before_a_table_covers_the_table_over_its_lines(tmp_path):
    # 表三 starts on line 32 and runs to line 63: the XG302/XG304 on its row 37 are covered
    lines = HTML_DEMO.split("\n")
    assert lines[31].startswith("<table")
    lines.insert(31, "<!-- xxgk-lint: ignore XG302, XG304 reason: reported to the office -->")
    found = _found_in(_write(tmp_path / "table.html", "\n".join(lines)))
    assert [f[0] for f in found] == ["XG201", "XG404", "XG111", "XG101", "XG113", "XG202"]


def test_an_html_disable_enable_region_and_an_unused_ignore(tmp_path):
    lines = HTML_DEMO.split("\n")
    lines.insert(19, "<!-- xxgk-lint: 停用 XG111, XG404 理由：按原件 -->")  # before the paragraph of XG404
    lines.insert(24, "<!-- xxgk-lint: 启用 XG111, XG404 -->")
    lines.insert(25, "<!-- xxgk-lint: 忽略 XG307 理由：本单位无法人申请 -->")
    found = _found_in(_write(tmp_path / "region.html", "\n".join(lines)))
    assert [f for f in found if f[0] in ("XG111", "XG404", "XG001", "XG002")] == [("XG001", 26, 1)]


def test_a_word_comment_on_a_paragraph_and_on_a_table_cell(tmp_path):
    import docx
    from test_docx_reports import _docx_of

    path = _docx_of(EXAMPLES / "demo-defects-2021.md", tmp_path / "plain.docx")
    assert [f[:2] for f in _found_in(path)] == [("XG201", 1), ("XG404", 11), ("XG111", 15), ("XG302", 39), ("XG304", 39),
                                               ("XG101", 71), ("XG113", 71), ("XG202", 75)]
    document = docx.Document(str(path))
    paragraph = document.paragraphs[14]
    assert paragraph.text.startswith("（—）")
    document.add_comment(paragraph.runs, text="xxgk-lint: 忽略 XG111 理由：原件如此", author="办公室")
    table = document.tables[1]
    cell = table.cell(1, 7)  # row 2 of 表三, the 总计 of 本年新收
    document.add_comment(cell.paragraphs[0].runs, text="xxgk-lint: ignore XG302 reason: reported", author="办公室")
    document.add_comment(document.paragraphs[0].runs, text="一个普通的批注", author="审核人")  # not a directive
    document.add_comment(document.paragraphs[2].runs, text="xxgk-lint: 忽略 XG307", author="办公室")  # no reason
    commented = tmp_path / "commented.docx"
    document.save(str(commented))
    assert [f[:2] for f in _found_in(commented)] == [("XG201", 1), ("XG002", 3), ("XG404", 11), ("XG304", 39),
                                                    ("XG101", 71), ("XG113", 71), ("XG202", 75)]


def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path
