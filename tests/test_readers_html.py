"""The HTML reader: text flow, tables, positions in the user's file, charsets, limits."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, findings_of

from linter.api import Settings, analyse_source, lint_path
from linter.document import DocLine
from linter.engine import load_packs
from linter.errors import InputError
from linter.read import read as read_any
from linter.read.html import read
from linter.read.source import Source, load

FIXTURES = Path(__file__).parent / "fixtures"


def read_html(markup: str | bytes, name: str = "page.html") -> list[DocLine]:
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    return read(Source(name, data, ".html"))


def texts(lines: list[DocLine]) -> list[str]:
    return [line.text for line in lines]


def at(markup: str, line: int, needle: str) -> tuple[int, int]:
    """(line, column) of `needle` on a 1-based line of `markup`: where a finding must point."""
    return line, markup.split("\n")[line - 1].index(needle) + 1


def only(lines: list[DocLine], text: str) -> DocLine:
    found = [line for line in lines if line.text == text]
    assert len(found) == 1, (text, texts(lines))
    return found[0]


# --- tables -----------------------------------------------------------------------------------

SPANS = "\n".join(
    [
        "<table>",
        '<tr><td rowspan="2">A</td><td colspan="2">B</td></tr>',
        "<tr><td>C</td><td>D</td></tr>",
        '<tr><td>E</td><td colspan="0">F</td><td rowspan="9">G</td></tr>',
        "</table>",
    ]
)


def test_rowspan_and_colspan_are_expanded_each_cell_emitted_once() -> None:
    lines = read_html(SPANS)
    assert texts(lines) == ["A |", "B |", "|||", "C |", "D |", "|||", "E |", "F |", "G |", "|||"]
    assert [line.cell for line in lines if line.cell] == [
        (1, 1, 1), (1, 1, 2),
        (1, 2, 2), (1, 2, 3),
        (1, 3, 1), (1, 3, 2), (1, 3, 3),
    ]  # fmt: skip
    assert only(lines, "D |").where == "表1 第2行 第3列"


def test_every_character_of_a_cell_points_at_its_td() -> None:
    lines = read_html(SPANS)
    d = only(lines, "D |")
    assert d.line == 3
    assert [d.origin(i) for i in range(len(d.text) + 1)] == [at(SPANS, 3, "<td>D")] * 4
    assert d.span() == d.span(0, 1)  # the whole cell is reported at its <td>
    b = only(lines, "B |")
    assert b.origin(0) == at(SPANS, 2, '<td colspan="2">B')


def test_row_separator_points_at_the_last_cell_of_its_row() -> None:
    separators = [line for line in read_html(SPANS) if line.text == "|||"]
    assert [line.origin(0) for line in separators] == [
        at(SPANS, 2, '<td colspan="2">B'),
        at(SPANS, 3, "<td>D"),
        at(SPANS, 4, '<td rowspan="9">G'),
    ]
    assert [line.where for line in separators] == ["表1 第1行", "表1 第2行", "表1 第3行"]
    assert all(line.cell is None for line in separators)


def test_row_covered_by_rowspans_only_emits_no_separator() -> None:
    markup = '<table><tr><td rowspan="2">a</td><td rowspan="2">b</td></tr><tr></tr><tr><td>c</td></tr></table>'
    lines = read_html(markup)
    assert texts(lines) == ["a |", "b |", "|||", "c |", "|||"]
    assert only(lines, "c |").cell == (1, 3, 1)


def test_number_split_across_spans_is_joined() -> None:
    lines = read_html(
        "<table><tr><td><span>20</span><span>23</span></td><td><p><span>1</span>2<b>3</b></p></td></tr></table>"
    )
    assert texts(lines) == ["2023 |", "123 |", "|||"]


def test_blank_cells_are_a_bare_bar() -> None:
    markup = "<table><tr><td>&nbsp;</td><td><p><span><o:p>&nbsp;</o:p></span></p></td><td> \n </td><td></td><td>x</td></tr></table>"
    assert texts(read_html(markup)) == ["|", "|", "|", "|", "x |", "|||"]


def test_br_and_paragraphs_inside_a_cell_join_with_nothing() -> None:
    markup = "<table><tr><td>结果<br>维持</td><td><p>商业</p>\n  <p>企业</p></td><td> 其 <br/> 他 </td></tr></table>"
    assert texts(read_html(markup)) == ["结果维持 |", "商业企业 |", "其他 |", "|||"]


def test_cells_without_end_tags_form_a_proper_grid() -> None:
    markup = "<table><tr><td>a<td>b<tr><td>c<td><p>d</table><p>after"
    lines = read_html(markup)
    assert texts(lines) == ["a |", "b |", "|||", "c |", "d |", "|||", "after"]
    assert [line.cell for line in lines if line.cell] == [(1, 1, 1), (1, 1, 2), (1, 2, 1), (1, 2, 2)]


def test_tables_are_numbered_in_order_and_caption_is_a_paragraph() -> None:
    markup = "<p>before</p><table><caption>表一</caption><tr><th>h</th></tr></table><p>between</p><table><tr><td>v</td></tr></table>"
    lines = read_html(markup)
    assert texts(lines) == ["before", "表一", "h |", "|||", "between", "v |", "|||"]
    assert only(lines, "h |").cell == (1, 1, 1)
    assert only(lines, "v |").cell == (2, 1, 1)
    assert only(lines, "表一").cell is None


def test_a_table_without_cells_is_not_counted() -> None:
    lines = read_html("<table></table><table><tr></tr></table><table><tr><td>v</td></tr></table>")
    assert [(line.text, line.cell) for line in lines] == [("v |", (1, 1, 1)), ("|||", None)]


def test_a_table_holding_tables_is_layout_and_its_inner_tables_are_read() -> None:
    markup = "\n".join(
        [
            "<table><tr><td>",
            "<p>一、总体情况</p>",
            "<table><tr><td>规章</td><td>3</td></tr></table>",
            "<p>二、其他</p>",
            "</td><td>side</td></tr></table>",
        ]
    )
    lines = read_html(markup)
    assert texts(lines) == ["一、总体情况", "规章 |", "3 |", "|||", "二、其他", "side"]
    assert only(lines, "3 |").cell == (1, 1, 2)
    assert only(lines, "3 |").origin(0) == at(markup, 3, "<td>3")


def test_table_cells_outside_rows_and_malformed_spans_never_crash() -> None:
    markup = '<table><td rowspan="x">a</td><td colspan="99999">b</td><tr><td rowspan="-2">c</td></tr></table>'
    lines = read_html(markup)
    assert texts(lines) == ["a |", "b |", "|||", "c |", "|||"]
    assert [line.cell for line in lines if line.cell] == [(1, 1, 1), (1, 1, 2), (1, 2, 1)]


# --- text flow and positions ------------------------------------------------------------------


def test_inline_elements_join_and_each_character_keeps_its_source_position() -> None:
    markup = "<body>\n<p><span>三、收到和处理</span><span>政府\n  信息</span></p>\n</body>"
    [line] = read_html(markup)
    assert line.text == "三、收到和处理政府 信息"
    assert line.line == 2
    assert line.origin(0) == at(markup, 2, "三")
    assert line.origin(7) == at(markup, 2, "政府")
    assert line.origin(9) == (2, at(markup, 2, "政府")[1] + 2)  # the line break, collapsed to a space
    assert line.origin(10) == at(markup, 3, "信息")
    assert line.origin(12) == (3, at(markup, 3, "信息")[1] + 2)  # just past the end
    assert line.span(7, 12).end_line == 3


def test_blocks_and_br_end_lines_blank_lines_are_dropped() -> None:
    markup = "<div>索引号：1<div>发布机构：某局</div>尾</div><p>第一行<br>第二行</p><p>&nbsp;</p><p><o:p></o:p></p><h1>标题</h1>"
    assert texts(read_html(markup)) == ["索引号：1", "发布机构：某局", "尾", "第一行", "第二行", "标题"]


def test_unclosed_paragraphs_are_closed_by_the_next_block() -> None:
    markup = "<p>一、总体情况<p>正文<div>块</div>"
    assert texts(read_html(markup)) == ["一、总体情况", "正文", "块"]


def test_entities_are_decoded_and_map_to_their_ampersand() -> None:
    markup = "<p>A&amp;B&#20013;&nbsp;C&lt;</p>"
    [line] = read_html(markup)
    assert line.text == "A&B中\u00a0C<"
    assert [line.origin(i)[1] for i in range(len(line.text))] == [4, 5, 10, 11, 19, 25, 26]


def test_white_space_runs_collapse_and_ends_are_trimmed() -> None:
    markup = "<p>\n    2023年，\t本机关\n\n    认真\u3000</p>"
    [line] = read_html(markup)
    assert line.text == "2023年， 本机关 认真"
    assert line.origin(0) == (2, 5)
    assert line.origin(len("2023年， 本机关 ")) == (4, 5)


def test_preformatted_text_keeps_its_lines() -> None:
    markup = "<pre>一、总体情况\n  正文 两格\n</pre>"
    lines = read_html(markup)
    assert texts(lines) == ["一、总体情况", "正文 两格"]
    assert lines[1].origin(0) == (2, 3)


def test_lone_cr_ends_a_line_as_it_does_for_text_files() -> None:
    lines = read_html(b"<p>a</p>\r<p>b</p>\r\n<p>c</p>")
    assert [line.origin(0) for line in lines] == [(1, 4), (2, 4), (3, 4)]


def test_script_style_comments_head_and_templates_are_ignored() -> None:
    markup = (
        "<html><head><title>标题栏</title><style>p{color:red}</style><script>var a='<p>x</p>';</script></head>"
        "<body><!-- 注释 --><p>正文</p><script>document.write('y')</script><noscript>请启用</noscript>"
        "<template><p>模板</p></template><p>尾<!-- 中 -->部</p></body></html>"
    )
    assert texts(read_html(markup)) == ["正文", "尾部"]


def test_navigation_chrome_is_ignored_outside_articles() -> None:
    markup = (
        "<header><h1>网站名称</h1></header>"
        '<nav>首页 | 政务公开</nav><div class="top-nav main">导航</div><ul id="menuList"><li>菜单</li></ul>'
        '<div class="breadcrumb">首页 &gt; 年报</div>'
        "<article><header><h1>某局2023年政府信息公开工作年度报告</h1></header><p>正文</p>"
        '<div class="article-footer">某局 2024年1月17日</div></article>'
        '<footer>版权所有</footer><div id="footer">主办单位</div>'
    )
    assert texts(read_html(markup)) == ["某局2023年政府信息公开工作年度报告", "正文", "某局 2024年1月17日"]


# --- charsets ---------------------------------------------------------------------------------


def test_meta_charset_gbk() -> None:
    markup = '<html><head><meta charset="gbk"></head><body><p>二、主动公开政府信息情况</p></body></html>'
    lines = read_html(markup.encode("gbk"))
    assert texts(lines) == ["二、主动公开政府信息情况"]
    assert lines[0].origin(0) == (1, markup.index("二") + 1)


def test_http_equiv_charset_gb2312() -> None:
    markup = '<head>\n<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n</head><p>政府信息公开</p>'
    assert texts(read_html(markup.encode("gb2312"))) == ["政府信息公开"]


def test_declared_charset_other_than_utf8_or_gb() -> None:
    markup = '<meta charset="big5"><p>政府資訊公開</p>'
    assert texts(read_html(markup.encode("big5"))) == ["政府資訊公開"]


def test_valid_utf8_wins_over_a_stale_gb2312_meta() -> None:
    markup = '<meta charset="gb2312"><p>政府信息公开</p>'
    assert texts(read_html(markup.encode("utf-8"))) == ["政府信息公开"]


def test_utf8_bom_is_not_a_column() -> None:
    lines = read_html(b"\xef\xbb\xbf<p>\xe6\xad\xa3\xe6\x96\x87</p>")
    assert texts(lines) == ["正文"]
    assert lines[0].origin(0) == (1, 4)


def test_undeclared_gb18030_is_detected() -> None:
    assert texts(read_html("<p>统计时限</p>".encode("gb18030"))) == ["统计时限"]


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        read_html(b"\x00\x01\x02<p>x</p>")


# --- limits -----------------------------------------------------------------------------------


def test_nesting_within_the_limit_is_read() -> None:
    markup = "<div>" * 190 + "深处" + "</div>" * 190
    assert texts(read_html(markup)) == ["深处"]


def test_nesting_beyond_the_limit_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_html("<div>" * 250 + "x")
    assert caught.value.path == "page.html"
    assert caught.value.reason == "HTML nests deeper than 200 levels"


def test_custom_limit() -> None:
    with pytest.raises(InputError, match="deeper than 10 levels"):
        read(Source("p.html", b"<span>" * 20, ".html"), max_depth=10)


def test_pathological_nesting_is_refused_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(InputError, match="nests deeper"):
        read_html("<div>" * 100_000 + "x" + "</div>" * 100_000)
    assert time.perf_counter() - start < 2.0


def test_many_unclosed_paragraphs_are_not_nesting() -> None:
    markup = "<p>段落" * 1000
    assert len(read_html(markup)) == 1000


def test_a_100kb_page_reads_in_linear_time() -> None:
    cell = (
        '<td style="width:48pt;border:solid 1pt"><p class="MsoNormal"><span style="font-family:宋体">{}</span></p></td>'
    )
    row = "<tr>" + "".join(cell.format(i) for i in range(8)) + "</tr>\n"
    paragraph = (
        '<p class="MsoNormal" style="text-indent:2em"><span style="font-size:16pt;font-family:仿宋_GB2312">'
        "本机关认真贯彻落实《条例》，持续推进政务公开。</span></p>\n"
    )
    markup = "<html><body>" + paragraph * 200 + "<table>" + row * 70 + "</table></body></html>"
    data = markup.encode("utf-8")
    assert 90_000 < len(data) < 110_000
    start = time.perf_counter()
    lines = read_html(data)
    elapsed = time.perf_counter() - start
    assert len(lines) == 200 + 70 * 9
    assert elapsed < 1.0  # measured well under this; the bound only catches super-linear regressions


# --- dispatch and corpus pages ----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".html", ".htm", ".shtml", ".xhtml"])
def test_dispatch_by_suffix(suffix: str) -> None:
    lines = read_any(Source("p" + suffix, b"<p>x</p><table><tr><td>1</td></tr></table>", suffix))
    assert texts(lines) == ["x", "1 |", "|||"]


def test_xhtml_with_xml_declaration() -> None:
    markup = '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>正文</p></body></html>'
    assert texts(read(Source("p.xhtml", markup.encode(), ".xhtml"))) == ["正文"]


def read_fixture(name: str) -> tuple[str, list[DocLine]]:
    path = FIXTURES / name
    return path.read_text(encoding="utf-8"), read(Source(str(path), path.read_bytes(), ".html"))


def test_corpus_shuyang_heading_and_application_row() -> None:
    markup, lines = read_fixture("kiro-shuyang-drc-2023.html")
    heading = only(lines, "三、收到和处理政府信息公开申请情况")
    assert heading.cell is None
    assert heading.origin(0) == (53, 10)
    assert heading.origin(7) == at(markup, 53, "政府信息公开申请情况")
    assert lines[0].text == "索引号：014314799/2024-00002"
    assert lines[3].text == "沭阳县发展和改革局2023年政府信息公开年度报告"

    start = lines.index(only(lines, "一、本年新收政府信息公开申请数量 |"))
    row = lines[start : start + 9]
    assert texts(row) == ["一、本年新收政府信息公开申请数量 |", "26 |", "|", "|", "|", "|", "|", "26 |", "|||"]
    assert [line.cell for line in row[:-1]] == [(2, 4, c) for c in (1, 4, 5, 6, 7, 8, 9, 10)]
    assert [line.origin(0) for line in row[:-1]] == [(61, c) for c in (5, 99, 154, 195, 236, 277, 318, 359)]
    assert row[1].where == "表2 第4行 第4列"


def test_corpus_shuyang_header_cells_and_numbers_split_in_spans() -> None:
    _, lines = read_fixture("kiro-shuyang-drc-2023.html")
    header = [line.text for line in lines if line.cell and line.cell[0] == 2 and line.cell[1] <= 3]
    assert header == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |",
        "申请人情况 |",
        "自然人 |",
        "法人或其他组织 |",
        "总计 |",
        "商业企业 |",
        "科研机构 |",
        "社会公益组织 |",
        "法律服务机构 |",
        "其他 |",
    ]
    assert only(lines, "三、本年度办理结果 |").cell == (2, 6, 1)
    assert only(lines, "2024年1月17日").origin(0) == (105, 135)
    assert "本年度报告所列数据的统计时限为2023年1月1日至2023年12月31日。" in lines[4].text


def test_corpus_hangzhou_table_three_region() -> None:
    markup, lines = read_fixture("kiro-fixture-hangzhou-style-2025.html")
    heading = only(lines, "三、收到和处理政府信息公开申请情况")
    assert heading.origin(0) == (26, 4)
    start = lines.index(heading)
    assert texts(lines[start + 1 : start + 23]) == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |",
        "申请人情况 |",
        "|||",
        "自然人 |",
        "法人或其他组织 |",
        "总计 |",
        "|||",
        "|",
        "商业企业 |",
        "科研机构 |",
        "社会公益组织 |",
        "法律服务机构 |",
        "其他 |",
        "|",
        "|||",
        "一、本年新收政府信息公开申请数量 |",
        "13612 |",
        "252 |",
        "0 |",
        "45 |",
        "128 |",
        "32 |",
    ]
    new = only(lines, "一、本年新收政府信息公开申请数量 |")
    assert (new.cell, new.origin(0)) == ((2, 4, 1), (38, 5))
    total = lines[lines.index(new) + 7]
    assert (total.text, total.cell, total.origin(0)) == ("14069 |", (2, 4, 10), at(markup, 38, "<td>14069"))
    outcome = only(lines, "三、本年度办理结果 |")
    assert (outcome.cell, outcome.origin(0)) == ((2, 6, 1), (40, 5))
    assert lines[lines.index(outcome) + 1].cell == (2, 6, 2)
    partial = only(lines, "（二）部分公开（区分处理的，只计这一情形，不计其他情形） |")
    assert (partial.cell, partial.origin(0)) == ((2, 7, 2), (41, 5))
    secret = only(lines, "1.属于国家秘密 |")
    assert secret.cell == (2, 8, 3)
    carried = only(lines, "四、结转下年度继续办理 |")
    assert carried.cell == (2, 28, 1)
    assert [line.cell for line in lines if line.cell and line.cell[0] == 3][-1] == (3, 4, 15)


# --- the demo report as a published page (issue 4) ---------------------------------------------

DEMO_MD = EXAMPLES / "demo-defects-2021.md"
DEMO_HTML = FIXTURES / "demo-defects-2021.html"
# The page renders the content of the Markdown demo as an office publishes it: nav bar,
# breadcrumb, footer and scripts around it, numbers split across <span>s, &nbsp; cells, 表三
# with its three-row header and the group labels as rowspan cells, 表四's three-level header.
# Every finding (all rules), and what the page holds at its line:column.
DEMO_HTML_GOLDEN = [
    ("XG201", 15, 34, "20</span><span>24</span>年政府信息公开"),  # title year 2024, period 2023
    ("XG404", 20, 65, '收到政府信息公开申请<span lang="EN-US">5</span>件'),  # the prose says 5, 本年新收 总计 6
    ("XG111", 22, 54, "—）政府信息公开平台建设"),  # `（—）` for `（一）`
    # 本年新收: 4 + 1 ≠ 6 (XG304) and 6 + 1 ≠ 5 + 1 (XG302): the <td> of its 总计 cell
    ("XG302", 37, 549, '<td><p class="MsoNormal" align="center"><span lang="EN-US">6</span>'),
    ("XG304", 37, 549, '<td><p class="MsoNormal" align="center"><span lang="EN-US">6</span>'),
    ("XG101", 71, 54, "六、其他需要报告的事项"),  # 五 is missing: reported at 六
    ("XG113", 71, 54, "六、其他需要报告的事项"),
    ("XG202", 73, 66, '20</span><span lang="EN-US">25</span>-02-20'),  # published after 2025-01-31
]


def test_demo_page_and_its_markdown_give_the_same_rule_ids() -> None:
    assert sorted(rule for rule, _, _ in findings_of(DEMO_HTML)) == sorted(rule for rule, _, _ in findings_of(DEMO_MD))


def test_demo_page_findings_point_into_the_page() -> None:
    assert findings_of(DEMO_HTML) == [(rule, line, col) for rule, line, col, _ in DEMO_HTML_GOLDEN]
    source = DEMO_HTML.read_text(encoding="utf-8").split("\n")
    for rule, line, col, text in DEMO_HTML_GOLDEN:
        assert source[line - 1][col - 1 :].startswith(text), rule


def test_demo_page_table_findings_name_their_cell() -> None:
    """What the JSON output shows as `where`: the cell in the page's own grid (表三 is the
    page's second table; row 4 is 本年新收 under the three header rows, column 10 its 总计)."""
    _, findings = lint_path(str(DEMO_HTML), Settings(select=["XG3", "XG4"]))
    assert [(f.rule, f.where) for f in findings] == [("XG404", None), ("XG302", "表2 第4行 第10列"), ("XG304", "表2 第4行 第10列")]
    # the cell the prose contradicts, and 上年结转 (the prose's 5 matches neither reading)
    assert [r.where for r in findings[0].related] == ["表2 第4行 第10列", "表2 第5行 第10列"]
    findings = findings[1:]
    assert [r.where for r in findings[0].related] == ["表2 第4行 第10列", "表2 第5行 第10列", "表2 第27行 第10列", "表2 第28行 第10列"]
    assert [r.where for r in findings[1].related] == ["表2 第4行 第10列"] + [f"表2 第4行 第{c}列" for c in range(4, 10)]


def _table_values(path: Path) -> dict[str, dict[tuple[str, str], object]]:
    packs = load_packs()
    found = analyse_source(load(str(path)), packs).grids
    assert all(grid.readable for grid in found.values()), path
    return {tid: {(r, c): v.number for r, row in g.cells.items() for c, v in row.items()} for tid, g in found.items()}


def test_demo_page_tables_read_as_the_markdown_ones() -> None:
    """表三's rowspan group labels (（三）不予公开 beside 1.属于国家秘密) and 表四 under its
    three-level header give every value the Markdown table gives."""
    page, markdown = _table_values(DEMO_HTML), _table_values(DEMO_MD)
    assert sorted(page) == ["active_documents", "active_enforcement", "active_fees", "active_licensing", "application", "review"]
    assert page == markdown


def test_demo_page_saved_as_gbk_gives_the_same_findings(tmp_path: Path) -> None:
    markup = DEMO_HTML.read_text(encoding="utf-8").replace('<meta charset="utf-8">', '<meta charset="gbk">')
    assert '<meta charset="gbk">' in markup
    data = markup.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the page's charset decides, not the UTF-8 guess
    page = tmp_path / "demo-defects-2021.html"
    page.write_bytes(data)
    assert findings_of(page) == findings_of(DEMO_HTML)


# --- robustness -------------------------------------------------------------------------------

SOUP_ATOMS = [
    "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<br>", "</br>", "<o:p>", "</o:p>", "<pre>", "</pre>",
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", '<td rowspan="3">', "<td colspan=2>",
    "<caption>", "<tbody>", "<li>", "<ul>", "</ul>", '<div class="nav">', '<a href="x>y">', "</a>",
    "<!-- c -->", "<!--", "-->", "<![CDATA[x]]>", "<?pi?>", "<!DOCTYPE html>", "<script>", "</script>",
    "&amp;", "&nbsp;", "&#20013;", "&#12ab;", "&bogus;", "&", "<", ">", '"', "<b", "文本", " ", "\n", "\r\n", "\r",
]  # fmt: skip


def test_tag_soup_never_crashes_and_source_text_maps_to_itself() -> None:
    rng = random.Random(2024)
    for _ in range(300):
        markup = "".join(rng.choice(SOUP_ATOMS) for _ in range(rng.randint(1, 150)))
        source = markup.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for line in read_html(markup):
            assert line.cols is not None and len(line.cols) == len(line.text) + 1
            assert line.lines is None or len(line.lines) == len(line.text) + 1
            for i, char in enumerate(line.text):
                row, col = line.origin(i)
                assert 1 <= row <= len(source)
                if line.cell is None and char in "文本":
                    assert source[row - 1][col - 1] == char, (markup, line, i)


@pytest.mark.parametrize("name", ["kiro-shuyang-drc-2023.html", "kiro-fixture-hangzhou-style-2025.html"])
def test_corpus_lines_come_in_source_order(name: str) -> None:
    _, lines = read_fixture(name)
    origins = [line.origin(0) for line in lines]
    assert origins == sorted(origins)


# --- plain markup: tokenized at once, read as html.parser reads it ----------------------------

# atoms inside the plain subset, and outside it
PLAIN_ATOMS = [
    "<p>", "</p>", "<P>", "</P >", "<div>", "</div>", "<span>", "</span>", "<br>", "<br/>", "<br />", "<o:p>", "</o:p>",
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", '<td rowspan="3">', "<td colspan=2>",
    '<td\nclass="x" ROWSPAN=\'2\'>', '<p class="MsoNormal" style="text-indent:32.0pt">', '<a href="a&amp;b" title=\'&lt;\'>',
    "<img src=x.png alt>", '<meta charset="utf-8">', "<caption>", "<tbody>", "<li>", "<ul>", "</ul>", '<div class="nav">',
    "<pre>", "</pre>", "<!-- c -->", "<!--\n多行 -->", "<!-- xxgk-lint: ignore -->", "<!-- xxgk-lint: disable R1 -->",
    "<!DOCTYPE html>", "<script>var a = 1 < 2;</script>", "<style>p{margin:0}</style>", "<title>年报</title>",
    "&amp;", "&nbsp;", "&#20013;", "&#x4e2d;", "&#0;", "&#150;", "&bogus;", "文本", "一、总体情况",
    " ", "\n", "\t", "\u3000", "\xa0", "12", "</script>", "<textarea>t</textarea>",
    "<td>12</td>", "<td></td>", "<th>文本</th>", "<td colspan=2>一、总体情况</td>", "<td>\n多行 </td >", "<td>a</th>",
    '<td\nclass="x">a\nb</td>', "<TD>x</td>", "<tr><td>1</td><td></td><th>文本</th><td> a  b </td></tr>",
]  # fmt: skip
OUTSIDE_ATOMS = ["&", "<", "&#12ab;", "&amp", "<![if !supportLists]>", "<?xml version='1.0'?>", "<a x=1/>", '<a x="1"y="2">',
                 "<SCRIPT>x</SCRIPT>", "<style><!-- p{} --></style>", "<!---->", "<title>&lt;</title>", "<p\u3000class=x>"]


def _tree(node) -> tuple:
    from linter.read.html import _Piece

    if isinstance(node, _Piece):
        return tuple(node)
    return (node.name, tuple(node.attrs), node.line, node.col, node.has_table, tuple(_tree(c) for c in node.children))


def _plain_and_general(markup: str):
    """The tree and directives from plain tokenizing (None when the page is not plain) and from
    html.parser."""
    from linter.read.html import _read_plain, _TreeParser

    def seen(parser):
        return _tree(parser.root), [(d.verb, d.span, None if e is None else (e.line, e.col)) for d, e in parser.directives], parser.waiting

    general = _TreeParser("page.html", 200)
    general.feed(markup)
    general.close()
    plain = _TreeParser("page.html", 200)
    return (seen(plain) if _read_plain(markup, plain) else None), seen(general)


def test_a_page_of_plain_markup_is_read_as_html_parser_reads_it() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from bench import html_page
    from markdown_formats import markdown_html

    pages = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.rglob("*.htm*"))]
    pages += [markdown_html(path.read_text(encoding="utf-8")).decode() for path in sorted(EXAMPLES.glob("*.md"))]
    pages.append(html_page().decode())
    rng = random.Random(14)
    pages += ["".join(rng.choice(PLAIN_ATOMS) for _ in range(rng.randint(1, 80))) for _ in range(400)]
    pages += ["".join(rng.choice(PLAIN_ATOMS + OUTSIDE_ATOMS) for _ in range(rng.randint(1, 30))) for _ in range(400)]
    plain = 0
    for markup in pages:
        fast, general = _plain_and_general(markup)
        if fast is not None:
            plain += 1
            assert fast == general, markup
    assert 400 <= plain <= len(pages) - 200  # both kinds were tried


def test_cells_written_whole_read_as_html_parser_reads_them() -> None:
    """`<td>text</td>` and a row of them are one event of the plain tokenizer (`_cell`, `_cells`): the same tree,
    wherever the cell is and whatever is open before it."""
    pages = [
        "<table><tr><td>1</td><td></td><th> 文本 </th></tr></table>",
        "<table><tr><td>open<td>2</td><th>3</th><td>4</td></table>",  # an open cell is closed by the next
        "<table><tr><td>a<table><tr><td>inner</td></tr></table><td>b</td></table>",  # nested: the scope stops
        "<td>outside a table</td><p>x<td>y</td>",
        '<table>\n<tr><td\nrowspan="2"\n>a\nb</td><td colspan=3 >c</td\n></tr>\n</table>',
        "<!-- xxgk-lint: ignore --><table><tr><td>1</td></tr></table><!-- xxgk-lint: ignore --><td>2</td>",
        "<li><td>1</td><li>2",
    ]
    for markup in pages:
        fast, general = _plain_and_general(markup)
        assert fast == general, markup


def test_cells_written_whole_count_towards_the_limits(monkeypatch) -> None:
    from linter.read import html

    def refusal(markup: str, plain: bool) -> str | None:
        parser = html._TreeParser("page.html", 4)
        try:
            assert html._read_plain(markup, parser) if plain else parser.feed(markup) is None
        except InputError as exc:
            return str(exc)
        return None

    for divs, refused in ((3, False), (4, True)):  # the cell is the 5th level: refused past 4 open elements
        for cells in ("<td>x</td>", "<td>x</td><td>y</td>", "<td colspan=2>x</td>"):
            markup = "<div>" * divs + cells
            assert refusal(markup, plain=True) == refusal(markup, plain=False)
            assert (refusal(markup, plain=True) is not None) == refused
    monkeypatch.setattr(html, "MAX_HTML_ELEMENTS", 12)  # a table, a row and 10 cells
    for cells, refused in ((10, False), (11, True)):
        for cell in ("<td>1</td>", "<td></td>", "<td> 12 </td>"):
            markup = "<table><tr>" + cell * cells + "</tr></table>"
            assert refusal(markup, plain=True) == refusal(markup, plain=False)
            assert (refusal(markup, plain=True) is not None) == refused, markup
    for after, refused in ((5, False), (6, True)):  # cells far from the limit, then elements reaching it
        markup = "<table><tr>" + "<td>1</td>" * 5 + "</tr></table>" + "<b>1</b>" * after
        assert refusal(markup, plain=True) == refusal(markup, plain=False)
        assert (refusal(markup, plain=True) is not None) == refused, markup


def test_a_cell_of_text_only_reads_as_the_general_flow() -> None:
    from linter.read.html import _Element, _Piece, _plain_cell_text, _Reader

    rng = random.Random(15)
    atoms = ["a", "文本", " ", "  ", "\n", "\t", "\r", "\f", "\xa0", "\u3000", "1 2", " x "]
    for _ in range(500):
        cell = _Element("td", [], 1, 1)
        cell.children = [_Piece("".join(rng.choice(atoms) for _ in range(rng.randint(1, 4))), 1, 1, rng.random() < 0.7)
                         for _ in range(rng.randint(0, 5))]
        assert _plain_cell_text(cell.children) == "".join(_Reader("x")._flow(cell, in_cell=True)), cell.children


def test_the_grid_of_random_spans_is_the_full_grid_walk() -> None:
    """`_Reader._table` keeps the rows a cell spans only for cells spanning rows: each cell's
    place is the one the walk over every grid column gives."""
    from linter.read.html import _MAX_COLSPAN, _Element, _parse, _rows, _span

    def places(table: _Element) -> list[tuple[int, int]]:
        rows, busy, found = _rows(table), [], []
        for r, cells in enumerate(rows):
            c = 0
            for cell in cells:
                while c < len(busy) and busy[c] >= r:
                    c += 1
                rowspan = _span(cell.get("rowspan"), len(rows) - r, len(rows) - r)
                colspan = _span(cell.get("colspan"), 1, _MAX_COLSPAN)
                busy.extend([-1] * (c + colspan - len(busy)))
                busy[c : c + colspan] = [max(b, r + rowspan - 1) for b in busy[c : c + colspan]]
                found.append((r + 1, c + 1))
                c += colspan
        return found

    rng = random.Random(16)
    spans = ["", "", "", ' rowspan="2"', " rowspan=3", ' colspan="2"', " colspan=3 rowspan=2", " rowspan=0", " colspan=0",
             " rowspan=x", ' class="x"']
    for _ in range(300):
        rows = ["<tr>" + "".join(f"<td{rng.choice(spans)}>{k}</td>" for k in range(rng.randint(0, 5))) + "</tr>"
                for _ in range(rng.randint(1, 6))]
        markup = "<table>" + "".join(rows) + "</table>"
        tables = [node for node in _parse(markup, "page.html", 200).root.children if isinstance(node, _Element)]
        cells = [line.cell[1:] for line in read_html(markup) if line.cell and line.text != "|||"]
        assert cells == (places(tables[0]) if tables else []), markup
