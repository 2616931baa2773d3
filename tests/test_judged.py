"""What can be judged is judged (issue 10 item 4): a blank count is zero or more, so a total
below the parts that are reported is wrong whatever the blanks hold; a figure of the text is
compared with the rows that were read even when the table is cut further down. Nothing is
judged on a guess: rows after the place where reading failed are not used."""

from __future__ import annotations

from conftest import lint

T3 = (
    "某某县人民政府2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
    "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    "| （一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n| （二）部分公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
    + "".join(f"| {i}.{label} | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n" for i, label in enumerate(
        ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益", "属于三类内部事务信息",
         "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"], 1))
    + "".join(f"| {i}.{label} | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n" for i, label in enumerate(
        ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"], 1))
    + "".join(f"| {i}.{label} | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n" for i, label in enumerate(
        ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"], 1))
    + "| （六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n| （七）总计 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
    "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
)


def _found(text, *select):
    return [(f.rule, f.line, f.column, f.message) for f in lint(text, select=list(select) or None)]


def test_a_table_that_balances_is_clean():
    assert _found(T3, "XG3", "XG4") == []


def test_known_parts_above_a_total_are_reported_whatever_the_blanks_hold():
    # 部分公开 blank: the results are at least 3 in 自然人 and in 总计; a total of 2 is below
    text = T3.replace("| （二）部分公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |", "| （二）部分公开 |  | 0 | 0 | 0 | 0 | 0 |  |")
    text = text.replace("| （七）总计 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |", "| （七）总计 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |")
    found = [f for f in _found(text, "XG303") if f[0] == "XG303"]
    assert [(r, line, col) for r, line, col, _ in found] == [("XG303", 24, 11), ("XG303", 24, 35)]
    assert found[0][3] == "表三“自然人”列：（七）总计（2）应等于各项办理结果之和（至少3），相差至少1"
    # a total above the known parts is not judged: the blank could make up the difference
    above = text.replace("| （七）总计 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |", "| （七）总计 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |")
    assert [f for f in _found(above, "XG303") if f[0] == "XG303"] == []


def test_a_total_of_zero_beside_a_part_is_one_finding_not_two():
    text = T3.replace("| （二）部分公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |", "| （二）部分公开 |  | 0 | 0 | 0 | 0 | 0 |  |")
    text = text.replace("| （七）总计 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |", "| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |")
    found = [(r, line, col) for r, line, col, _ in _found(text, "XG303", "XG401")]
    assert found == [("XG401", 24, 11), ("XG401", 24, 35)]  # XG303 says the same there: superseded


def test_a_figure_is_compared_with_the_rows_read_before_the_table_is_cut():
    cut = "\n".join(T3.splitlines()[:5]) + "\n"
    text = cut.replace("三、收到和处理政府信息公开申请情况\n", "三、收到和处理政府信息公开申请情况\n全年共收到政府信息公开申请4件。\n")
    found = [(r, line, col) for r, line, col, _ in _found(text, "XG301", "XG404")]
    assert found == [("XG404", 3, 4), ("XG301", 4, 1)]
