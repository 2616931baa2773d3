"""Reading one shape at a time: what each table shape reads into, exactly, and where reading
refuses to guess. (tests/test_cases.py has the shared cases, tests/test_shapes.py the property
that every shape of one report gives the same findings.)"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, FIXTURES
from reading import grids_of, numbers, positions, report, source_of

from linter.analyse.tables import parse_value

TITLE_2021 = "某某县人民政府2021年政府信息公开工作年度报告\n"


def report_of(text: str, name: str = "report.txt"):
    return report(source_of(text, name))


def grid(text: str, table: str, name: str = "report.txt"):
    return grids_of(source_of(text, name)).get(table)


def found(text: str, *select: str, name: str = "report.txt"):
    return positions(source_of(text, name), *select)


@pytest.mark.parametrize("mark", ["_", "__", "＿", "–", "―", "─", "——", "/", "／", "-", "无"])
def test_not_reported_marks(mark):
    assert parse_value(mark) is None


# ---------------------------------------------------------------- rows on one line


def test_tab_separated_rows_as_copied_from_a_spreadsheet():
    text = TITLE_2021 + "三、收到和处理政府信息公开申请情况\n" + "\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n" + (
        "一、本年新收政府信息公开申请数量\t9\t2\t0\t0\t1\t\t12\n"
        "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    )
    g = grid(text, "application")
    assert numbers(g) == {"new": [9, 2, 0, 0, 1, None, 12], "carried": [1, 0, 0, 0, 0, 0, 1]}
    blank = g.value("new", "other").cell.span
    assert (blank.line, blank.column) == (4, 28)  # between the two tabs


def test_label_and_numbers_a_few_spaces_apart():
    text = TITLE_2021 + "二、主动公开政府信息情况\n第二十条第(五)项\n信息内容    本年处理决定数量\n行政许可    14\n"
    g = grid(text, "active_licensing")
    assert numbers(g) == {"licensing": [14]}
    assert (g.value("licensing", "decisions").cell.span.line, g.value("licensing", "decisions").cell.span.column) == (5, 9)
    cells = [c.text for t in report_of(text).tables for c in t.cells]
    assert cells == ["第二十条第(五)项", "信息内容    本年处理决定数量", "行政许可", "14"]  # two labels: one cell
    text = text.replace("信息内容    本年处理决定数量", "信息内容    本年处理决定数量    备注")
    assert [c.text for t in report_of(text).tables for c in t.cells][1:4] == ["信息内容", "本年处理决定数量", "备注"]


def test_pipe_row_without_leading_pipe_keeps_blank_cells_and_drops_merged_pipes():
    text = TITLE_2021 + "二、主动公开政府信息情况\n第二十条第(一)项 | |||\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 |  | 0 | 0 | ||\n行政规范性文件 | 2 | 1 | 9\n"
    g = grid(text, "active_documents")
    assert numbers(g) == {"regulations": [None, 0, 0], "normative": [2, 1, 9]}
    assert found(text, "XG301", "XG307") == []  # the 规章 row of a county government: not applicable
    city = text.replace("县人民政府", "市人民政府", 1)  # a city with districts makes 规章: the blank counts
    assert found(city, "XG301", "XG307") == [("XG307", 5, 5)]  # right after its pipe


# ---------------------------------------------------------------- cells one a line


def test_lone_pipes_two_in_a_row_are_a_blank_cell():
    text = TITLE_2021 + "二、主动公开政府信息情况\n第二十条第(一)项\n|\n规章\n|\n|\n0\n|\n0\n|\n行政规范性文件\n|\n2\n|\n1\n|\n9\n|\n"
    g = grid(text, "active_documents")
    assert numbers(g) == {"regulations": [None, 0, 0], "normative": [2, 1, 9]}
    assert g.value("regulations", "issued").cell.span.line == 7


def test_pdf_labels_first_then_exactly_their_values_are_read_row_by_row():
    block = "第二十条第(一)项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n行政规范性文件\n"
    text = TITLE_2021 + "二、主动公开政府信息情况\n" + block + "0\n0\n0\n2\n1\n9\n"
    g = grid(text, "active_documents")
    assert g.readable and numbers(g) == {"regulations": [0, 0, 0], "normative": [2, 1, 9]}
    assert g.value("normative", "issued").cell.span.line == 13


@pytest.mark.parametrize("values", ["0\n0\n0\n2\n1\n", "0\n0\n0\n2\n1\n9\n4\n"])
def test_pdf_labels_first_with_a_value_missing_or_left_over_is_unreadable(values):
    block = "第二十条第(一)项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n行政规范性文件\n"
    text = TITLE_2021 + "二、主动公开政府信息情况\n" + block + values
    g = grid(text, "active_documents")
    assert not g.readable and g.cells == {}
    assert g.problems[0].reason.startswith("自“规章”起2行的标签连在一起，其后有")
    assert [r for r, _, _ in found(text, "XG301", "XG306", "XG307")] == ["XG301"]


# ---------------------------------------------------------------- 表四 with its cell positions


def test_markdown_table4_keeps_its_blank_cells_in_place():
    row = "| 2 | | | 1 | 4 | 3 | | | | 3 | | | | | |"
    text = TITLE_2021 + "四、政府信息公开行政复议、行政诉讼情况\n| 行政复议 | 行政诉讼 |\n" + row + "\n"
    g = grid(text, "review")
    assert not g.problems
    assert numbers(g)["reconsideration"] == [2, None, None, 1, 4]
    assert numbers(g)["suit_after_review"] == [None] * 5


def test_table4_flattened_as_html_is_flattened_keeps_its_blank_cells():
    # the shape of linter/read/html.py, pasted as text: a cell a line, `|` for a blank cell,
    # `|||` after each row
    header = "行政复议 |\n行政诉讼 |\n|||\n"
    row = "2 |\n|\n|\n1 |\n4 |\n3 |\n|\n|\n|\n3 |\n|\n|\n|\n|\n|\n|||\n"
    g = grid(TITLE_2021 + "四、政府信息公开行政复议、行政诉讼情况\n" + header + row, "review")
    assert not g.problems
    assert numbers(g) == {
        "reconsideration": [2, None, None, 1, 4], "direct_suit": [3, None, None, None, 3], "suit_after_review": [None] * 5,
    }
    assert g.value("direct_suit", "corrected").cell.span.line == 12


def test_table4_cell_per_line_without_row_marks_counts_what_is_written():
    text = TITLE_2021 + "四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(["1"] * 5) + "\n"
    g = grid(text, "review")
    assert g.problems[0].reason == "应有15个数值，读到5个"


# ---------------------------------------------------------------- irregular labels


def test_fill_in_remark_left_in_a_label_anchors_the_row_and_is_recorded():
    g = grid(open_case("m07_fill_in_instructions_left_in_cells.md"), "active_documents", "m07.md")
    assert g.readable and numbers(g) == {"regulations": [0, 0, 0], "normative": [1, 1, 9]}
    assert [(i.row, i.kind, i.label, i.cell.text, i.cell.span.line) for i in g.irregular] == [
        ("regulations", "remark", "规章", "规章(仅设区的市级政府填写)", 5),
    ]


def test_official_remark_of_partial_disclosure_is_not_irregular():
    g = grid(open_example("demo-clean-2021.md"), "application", "demo.md")
    assert g.readable and g.irregular == []


def test_label_one_character_off_anchors_the_row_as_a_typo():
    text = TITLE_2021 + "二、主动公开政府信息情况\n| 第二十条第(一)项 | | | |\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n| 行政规范文件 | 2 | 1 | 9 |\n"
    g = grid(text, "active_documents", "report.md")
    assert g.readable and numbers(g)["normative"] == [2, 1, 9]
    assert [(i.row, i.kind, i.cell.text) for i in g.irregular] == [("normative", "typo", "行政规范文件")]


def test_a_typo_that_two_labels_could_be_is_not_guessed():
    # 政府微X公开政府信息数 is one character from both 政府微博… and 政府微信…
    text = "某某镇人民政府2017年政府信息公开工作年度报告\n政府信息公开情况统计表\n| 统计指标 | 单位 | 统计数 |\n| 政府微X公开政府信息数 | 条 | 3 |\n"
    g = grid(text, "stats", "report.md")
    assert "weibo" not in g.cells and "wechat" not in g.cells and g.irregular == []


# ---------------------------------------------------------------- empty and glued tables


def test_labels_only_markdown_table_is_there_empty():
    text = TITLE_2021 + "二、主动公开政府信息情况\n| 第二十条第(一)项 | | | |\n| 规章 | | | |\n| 行政规范性文件 | | | |\n"
    g = grid(text, "active_documents", "report.md")
    assert g.labels_only and not g.missing
    assert [p.reason for p in g.problems] == ["只有表格标签，没有填写任何数值"]


def test_prose_with_counts_after_labels_is_not_glued_table_text():
    text = TITLE_2021 + "二、主动公开政府信息情况\n全年办理行政许可530件，行政处罚20件，行政强制3件。\n"
    report = report_of(text)
    assert report.tables == [] and [p.text for p in report.paragraphs][-1].startswith("全年办理行政许可530件")


# ---------------------------------------------------------------- headings


def test_a_numbered_list_inside_a_sentence_is_not_split_into_headings():
    text = TITLE_2021 + "一、总体情况\n主要做了以下工作：一、加强组织领导；二、完善制度建设。三、主动公开政府信息情况良好。\n"
    assert [h.title for h in report_of(text).headings] == ["总体情况"]


def test_headings_inside_a_line_keep_their_columns_after_normalisation():
    # full-width spaces and traditional script before the headings: columns are the file's
    line = "青石縣人民政府2022年報告　統計期限為2022年。一、總體情況　全年公開1200條。二、主動公開政府信息情況　全年制發6件。"
    report = report_of(line + "\n")
    assert [(h.numeral, h.title, h.span.column) for h in report.headings] == [
        ("一", "总体情况", line.index("一、") + 1), ("二", "主动公开政府信息情况", line.index("二、") + 1),
    ]


def test_table_of_contents_separated_by_spaces_is_a_paragraph():
    text = "一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况\n一、总体情况\n全年公开100条。\n"
    assert [(h.title, h.span.line) for h in report_of(text).headings] == [("总体情况", 2)]


def open_case(name: str) -> str:
    return (FIXTURES / "cases" / name).read_text(encoding="utf-8")


def open_example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_a_heading_worded_like_a_row_label_but_followed_by_prose_stays_a_heading():
    text = TITLE_2021 + "三、收到和处理政府信息公开申请情况\n（一）予以公开\n全年予以公开的申请均在期限内答复，群众满意度较高。\n（二）行政复议\n本年度未发生行政复议。\n"
    assert [(h.level, h.title) for h in report_of(text).headings] == [(1, "收到和处理政府信息公开申请情况"), (2, "予以公开"), (2, "行政复议")]


def test_a_page_number_below_a_heading_does_not_make_the_heading_a_label():
    text = TITLE_2021 + "一、总体情况\n（二）依申请公开\n\n3\n\n全年收到申请5件。\n"
    assert [h.title for h in report_of(text).headings] == ["总体情况", "依申请公开"]
