"""Reading tables against the pack templates (linter/tables.py): exact grids, not-reported vs 0,
and one finding for a table that cannot be read."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from linter.analyse.tables import parse_value
from linter.api import Settings, analyse_source, lint_text
from linter.engine import load_packs
from linter.read.source import load

ROOT = Path(__file__).resolve().parent.parent


def grid_of(path: str, table: str):
    packs = load_packs()
    return analyse_source(load(str(ROOT / path)), packs).grids.get(table)


def numbers(grid) -> dict[str, list]:
    return {
        row.id: [None if (r := grid.value(row.id, c.id)) is None else r.number for c in grid.template.columns]
        for row in grid.template.rows
        if row.id in grid.cells
    }


@pytest.mark.parametrize(
    "text, expected",
    [("0", Decimal(0)), ("12", Decimal(12)), ("1,234", Decimal(1234)), ("251000元", Decimal(251000)),
     ("0.5", Decimal("0.5")), ("-3", Decimal(-3)), ("7730.20", Decimal("7730.20")),
     ("", None), ("/", None), ("-", None), ("—", None), ("——", None), ("无", None),
     ("予以公开", False), ("1.属于国家秘密", False)],
)
def test_parse_value(text, expected):
    assert parse_value(text) == expected
    if isinstance(expected, Decimal):
        assert str(parse_value(text)) == str(expected)  # the written precision is kept


def test_seed_001_application_grid_is_all_zeros_and_bound_to_lines():
    grid = grid_of("examples/001_d2562da69713e31b.txt", "application")
    assert grid.readable
    assert len(grid.cells) == 23  # the 2019 row set
    assert all(v == [Decimal(0)] * 7 for v in numbers(grid).values())
    # each row's values are the seven lines after its label
    assert [grid.value("new", c.id).cell.span.line for c in grid.template.columns] == list(range(105, 112))
    assert [grid.value("forward", c.id).cell.span.line for c in grid.template.columns] == list(range(307, 314))
    assert grid_of("examples/001_d2562da69713e31b.txt", "review").readable


def test_markdown_fragments_read_in_order():
    grid = grid_of("tests/fixtures/kiro-shuyang-county-gov-2025.md", "application")
    assert grid.readable
    got = numbers(grid)
    assert got["new"] == [705, 3, 0, 0, 5, 0, 713]
    assert got["carried"] == [36, 0, 0, 0, 0, 0, 36]
    assert got["other_overdue"] == [9, 0, 0, 0, 0, 0, 9]
    assert got["other_fee"] == [7, 0, 0, 0, 0, 0, 7]
    assert got["other_other"] == [142, 1, 0, 0, 0, 0, 143]
    assert got["total"] == [710, 3, 0, 0, 5, 0, 718]
    assert got["forward"] == [31, 0, 0, 0, 0, 0, 31]
    assert [r.id for r in grid.template.rows if "other_processing" in r.groups] == ["other_overdue", "other_fee", "other_other"]
    review = grid_of("tests/fixtures/kiro-shuyang-county-gov-2025.md", "review")
    assert numbers(review) == {
        "reconsideration": [27, 10, 9, 15, 61], "direct_suit": [3, 0, 0, 0, 3], "suit_after_review": [8, 0, 1, 1, 10],
    }


def test_pdf_extracted_table_with_interleaved_labels():
    grid = grid_of("tests/fixtures/govnianbao-huaian-city-2024.txt", "application")
    assert grid.readable
    got = numbers(grid)
    assert len(got) == 25  # the 2021 row set
    assert got["new"] == [3001, 53, 0, 0, 61, 4, 3119]
    assert got["partial"] == [447, 7, 0, 0, 0, 0, 454]
    assert got["withheld_internal"] == [7, 1, 0, 0, 0, 0, 8]
    assert got["unprocessed_confirm"] == [1, 0, 0, 0, 0, 0, 1]
    assert got["other_overdue"] == [67, 3, 0, 0, 1, 0, 71]
    assert got["total"] == [2932, 53, 0, 0, 61, 4, 3050]
    assert got["forward"] == [103, 0, 0, 0, 0, 0, 103]


def test_pdf_values_detached_from_labels_is_unreadable_not_guessed():
    grid = grid_of("tests/fixtures/kiro-hongze-district-2023.txt", "application")
    assert not grid.readable
    assert grid.problems[0].span.line == 111  # the 4 0 0 0 0 0 4 that stand before （二）'s label


def test_blank_is_not_reported_not_zero():
    grid = grid_of("tests/fixtures/kiro-shanghai-stcsm-2024.md", "application")
    cell = grid.value("forward", "total")
    assert cell.number is None and (cell.cell.span.line, cell.cell.span.column) == (178, 40)
    assert grid.value("forward", "natural").number == Decimal(1)


T3 = """某某县人民政府2020年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 |
| （一）予以公开 | 5 | 0 | 0 | 0 | 0 | 0 | 1 |
"""


def test_unreadable_table_gives_exactly_one_finding_and_no_arithmetic():
    findings = lint_text(T3, settings=Settings(select=["XG3"]))
    assert [(f.rule, f.line, f.column) for f in findings] == [("XG301", 3, 1)]


def test_not_reported_cell_blocks_the_identity_but_is_reported():
    text = "某某县人民政府2020年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n| 1 | 0 | 0 | 1 | 无 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    findings = lint_text(text, settings=Settings(select=["XG3"]))
    assert [(f.rule, f.line, f.column) for f in findings] == [("XG307", 3, 19)]


def _pack_error(tmp_path, text: str) -> str:
    from linter.engine import load_packs as _load
    from linter.errors import PackError

    extra = tmp_path / "extra.yaml"
    extra.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as info:
        _load([extra])
    return str(info.value)


CHECK = """pack: extra
applies: {era: [fmt2021]}
checks:
  - id: XG399
    name: extra-identity
    kind: assert
    severity: error
    params: {table: application, each: column, assert: "%s"}
    message: x
    message_en: x
    basis: x
    docs: x
    examples: [{fail: "x", expect: [[1, 1, "x"]]}, {pass: "x"}]
"""


def test_pack_assert_with_unknown_row_is_a_pack_error(tmp_path):
    message = _pack_error(tmp_path, CHECK % "application.nonesuch == application.total")
    assert "extra.yaml" in message and "no row 'nonesuch'" in message


def test_pack_assert_syntax_error_is_a_pack_error(tmp_path):
    assert "use == to compare" in _pack_error(tmp_path, CHECK % "application.new = application.total")


def test_pack_table_row_without_label_is_a_pack_error(tmp_path):
    text = "pack: extra\napplies: {era: [fmt2021]}\ntables:\n  t:\n    columns: {a: {label: A}}\n    rows:\n      r: {variants: [x]}\n"
    message = _pack_error(tmp_path, text)
    assert "row 'r' needs a `label`" in message


def test_table_two_2019_blocks_of_seed_001():
    got = {t: numbers(grid_of("examples/001_d2562da69713e31b.txt", t)) for t in
           ("active_documents", "active_licensing", "active_enforcement", "active_fees", "active_procurement")}
    assert got == {
        "active_documents": {"regulations": [0, 0, 0], "normative": [0, 0, 0]},
        "active_licensing": {"licensing": [0, 0, 0], "services": [0, 0, 0]},
        "active_enforcement": {"penalty": [0, 0, 0], "coercion": [0, 0, 0]},
        "active_fees": {"fees": [0, 0]},
        "active_procurement": {"procurement": [0, 0]},
    }


def test_table_two_2021_blocks_of_a_pdf_extraction():
    path = "tests/fixtures/govnianbao-huaian-city-2024.txt"
    assert numbers(grid_of(path, "active_documents")) == {"regulations": [1, 0, 11], "normative": [8, 26, 66]}
    assert numbers(grid_of(path, "active_licensing")) == {"licensing": [447228]}
    assert numbers(grid_of(path, "active_enforcement")) == {"penalty": [3985758], "coercion": [88283]}
    assert numbers(grid_of(path, "active_fees")) == {"fees": [Decimal("96171.6")]}
    assert grid_of(path, "active_procurement") is None  # the 2021 format has no （九）


def test_label_and_value_on_one_line_are_a_table_row():
    # `行政许可 97` under `信息内容本年处理决定数量`: PDF extraction put a row on one line
    grid = grid_of("tests/fixtures/kiro-shanghai-stcsm-2024.md", "active_licensing")
    assert numbers(grid) == {"licensing": [97]}
    assert (grid.value("licensing", "decisions").cell.span.line, grid.value("licensing", "decisions").cell.span.column) == (77, 6)


def test_group_label_merged_with_its_first_item():
    grid = grid_of("examples/demo-clean-2021.md", "application")
    assert grid.readable
    assert grid.value("withheld_secret", "natural").cell.span.line == grid.value("withheld_law", "natural").cell.span.line - 1


def test_blank_html_cells_are_not_reported_not_dropped():
    grid = grid_of("tests/fixtures/kiro-shuyang-drc-2023.html", "application")
    assert not grid.problems
    assert numbers(grid)["new"] == [26, None, None, None, None, None, 26]
    assert grid.value("new", "business").cell.where == "表2 第4行 第5列"


def test_missing_table_blocks_are_one_finding_at_the_section_heading():
    text = ("某某县人民政府2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n本年度主动公开信息120条。\n"
            "三、收到和处理政府信息公开申请情况\n")
    findings = lint_text(text, settings=Settings(select=["XG308"]))
    assert [(f.rule, f.line, f.column) for f in findings] == [("XG308", 2, 1), ("XG308", 4, 1)]
    assert "第二十条第（一）项" in findings[0].message and "第二十条第（八）项" in findings[0].message
    assert "表三" in findings[1].message


def test_section_label_merged_with_the_first_result_row():
    # `三、本年度办理结果` is a rowspan cell; flattened, it shares a cell with `（一）予以公开`
    text = open(ROOT / "examples/demo-clean-2021.md", encoding="utf-8").read().replace(
        "| （一）予以公开 |", "| 三、本年度办理结果 （一）予以公开 |")
    assert "三、本年度办理结果 （一）予以公开" in text
    findings = lint_text(text, settings=Settings(select=["XG3"]))
    assert findings == []


def test_unreadable_html_table_names_the_cell_where_reading_failed(tmp_path):
    page = tmp_path / "r.html"
    page.write_text(
        "<html><body><p>某某县人民政府2023年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>"
        "<table><tr><td>申请人情况</td><td>自然人</td></tr>"
        "<tr><td>一、本年新收政府信息公开申请数量</td><td>1</td><td>0</td></tr></table></body></html>",
        encoding="utf-8",
    )
    from linter.api import lint_path

    _, findings = lint_path(str(page), Settings(select=["XG301"]))
    assert [(f.rule, f.where, [r.where for r in f.related]) for f in findings] == [
        ("XG301", "表1 第1行 第1列", ["表1 第2行 第1列"])
    ]
