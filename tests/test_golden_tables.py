"""Golden findings of the table and zero-count rules (XG3xx, XG4xx) on every text/Markdown
report in examples/ and tests/fixtures/ (text, Markdown, HTML), decided by reading each report; and a mutation test:
adding 1 to any single value of a readable table must break at least one identity.

(tests/test_golden.py, owned by main, covers XG1xx/XG2xx.)"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

import pytest

from linter.analyse.tables import Reading
from linter.api import Settings, analyse_source, lint_path
from linter.checks import KINDS
from linter.engine import load_packs
from linter.packs.expr import Ref, references
from linter.read.source import load

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted(
    str(p.relative_to(ROOT))
    for folder in ("examples", "tests/fixtures")
    for p in (ROOT / folder).iterdir()
    if p.suffix in (".txt", ".md", ".html")
)

GOLDEN: dict[str, list[tuple[str, int, int]]] = {
    # 2008-era narratives without a 统计表: no table rules apply.
    # 000: (三)依申请公开 says 没有依申请公开的政府信息 (a count: none), and no table to
    # contradict it; 共14件，其中区长信箱11件，网上咨询3件 adds up.
    "examples/000_e418e91e9b4d9838.txt": [],
    # 003: 三、依申请公开政府信息情况 only describes the procedure (安排专人及时查收…申请): no
    # figure, no 未收到, no 统计表 -> XG403 at the heading. 五、 says 未发生…行政复议、提起诉讼,
    # with no table to contradict it.
    "examples/003_16c7a534f4d23119.txt": [("XG403", 12, 1)],
    # 004: a 2008 总结 without a 依申请公开 heading; 还没有收到…申请 names 书面 applications (a
    # subset), not read as a claim of none; no table
    "examples/004_62eb7be2edb7b481.txt": [],
    # 2019 format, one cell a line, all zeros: 表三 and 表四 read and balance; the text states
    # no figure of applications or cases. All zero (本年新收, 上年结转 and the three 表四
    # totals): the info-level hint XG408, at 本年新收/总计 (line 111)
    "examples/001_d2562da69713e31b.txt": [("XG408", 111, 1)],
    # 统计表 (2017): every row read; 20 ≥ 9 规范性文件, 人员 1 = 0 + 1, 经费 0.5 万元; the
    # narrative has no 依申请公开 part and the table states 收到申请数 0
    "examples/002_3ff82377b92f7b75.txt": [],
    # the README demos (Markdown, 2021 format, group label merged with its first item);
    # the clean one says 全年共收到…申请5件 and 本年新收 总计 is 5
    "examples/demo-clean-2021.md": [],
    # 本年新收 总计 6, but 4 + 1 = 5 and 6 + 1 ≠ 5 + 1; the text says 全年共收到…申请5件
    # (line 11), which is neither 6 nor 6 + 1 carried over -> XG404 at the sentence
    "examples/demo-defects-2021.md": [("XG404", 11, 13), ("XG302", 41, 46), ("XG304", 41, 46)],
    # 3119 + 34 = 3050 + 103; every row and column sums. The text agrees with the tables:
    # 全市共受理…3119件 = 本年新收; 行政复议351件 = 表四 复议 总计, and 72+64+178+37 = 351;
    # 行政诉讼46件 = 26 + 20 (未经复议 + 复议后), and 25+5+9+7 = 46
    "tests/fixtures/govnianbao-huaian-city-2024.txt": [],
    # 表三: the values of （二） stand before its label and （三）…（五） labels come in a block
    # before their values -> unreadable. 表四 as extracted: 复议 10 1 0 0 | 总计 0 and
    # 复议后起诉 5 0 0 0 | 总计 0 (the 2024 report of the same template reads in this order
    # and balances)
    # and balances). 全区受理…21件 is not compared with an unreadable 表三 (it agrees anyway);
    # the 0 totals of 表四 come with every part reported: XG305's finding, not XG401's
    "tests/fixtures/kiro-hongze-district-2023.txt": [("XG301", 73, 1), ("XG305", 322, 1), ("XG305", 332, 1)],
    # 表三: （二）'s values 9 0 0 0 0 0 9 come before its label -> unreadable; 表四 balances.
    # 区政府办代表区政府受理…17件: the office acting for the district government, the report's own
    # body (its short name 区政府), so the figure is the report's: 95 in 本年新收 disagrees (XG404)
    "tests/fixtures/kiro-hongze-district-2024.txt": [("XG404", 23, 28), ("XG301", 74, 1)],
    # 表二 （一）: the values of 行政规范性文件 (22 （其中修订16件） 55 （含自然失效29件）) stand
    # under the block title and 规章 has two numbers (22 235) -> unreadable;
    # 表三 fragments: 5.要求行政机关确认… label sits above 3.补正后… and its values stand alone
    # (line 154) -> unreadable; 表四 flattened 15 cells balance (40+0+10+5 = 55, …)
    # The text (市政府共受理1295件…, 不予公开20件, 无法提供564件…) is not compared with an
    # unreadable 表三, but agrees with its rows; 208+20+564+80+319 = 1191 follows 其中 in the
    # next sentence, so it is not a 共N件，其中 breakdown. 全年未发生因依申请公开被行政复议纠错或
    # 行政诉讼败诉情形 is about corrected/lost cases, not a claim of none (表四 has 55 and 34)
    "tests/fixtures/kiro-shanghai-gov-office-2025.md": [("XG301", 78, 1), ("XG301", 112, 1)],
    # 表三 fragments with rows split from their values -> unreadable; 结转 总计 left blank.
    # 行政诉讼数为0件 = 表四 (0 + 0). “上海科技”网站全年累计发布信息2139条，其中 动态类 1744 +
    # 政务信息 393 + 解读类 21 + 回应热点 2 = 2160 > 2139 (line 65, at the total): the four
    # categories of the site's information, as written, add up to more than the whole — 2160
    # − 2139 = 21, the 解读类 figure, which is likely counted inside 政务信息 too. The text
    # does not say so, and a reader cannot reconcile the figures: XG405
    "tests/fixtures/kiro-shanghai-stcsm-2024.md": [("XG405", 65, 18), ("XG301", 100, 1), ("XG307", 178, 40)],
    # the README demo as a published page: the same table findings as its Markdown form
    "tests/fixtures/demo-defects-2021.html": [("XG404", 20, 65), ("XG302", 37, 549), ("XG304", 37, 549)],
    # HTML, 2025 template: every table read from its grid and balanced; its placeholder text
    # states no figure
    "tests/fixtures/kiro-fixture-hangzhou-style-2025.html": [],
    # HTML with rowspan=22: 表三's five 法人 columns are left blank in all 25 rows (only 自然人 and
    # 总计 filled): one finding for the table, at the <td> of its first blank cell, naming the five
    # columns (125 cells). 我局共收到依申请信息公开26件 = 本年新收 总计 26
    "tests/fixtures/kiro-shuyang-drc-2023.html": [("XG307", 61, 154)],
    # headers lost (数据1…6) but every row label carries its values: 713+36 = 718+31.
    # 全县全年共受理…749件 is 713 new + 36 carried over (a reading the words allow, accepted);
    # 其中自然人申请741件，法人或其他组织申请8件 = 749; 结转下一年31件 = 四、结转 31
    "tests/fixtures/kiro-shuyang-county-gov-2025.md": [],
}


def test_every_report_has_a_golden_entry():
    assert sorted(GOLDEN) == REPORTS


@pytest.mark.parametrize("path", REPORTS)
def test_table_findings(path):
    _, findings = lint_path(str(ROOT / path), Settings(select=["XG3", "XG4"]))
    assert [(f.rule, f.line, f.column) for f in findings] == GOLDEN[path]


def _identities(rules):
    """The rules that state an identity of a table (an `assert` bound to a table)."""
    return [rule for rule in rules if rule.kind == "assert" and "table" in rule.params]


def _identity_failures(analysis, rules) -> list[tuple]:
    """Every failed identity with its reported and computed values: a mutation is caught when
    this changes (a report with a published defect already fails some identities)."""
    failures = []
    for rule in _identities(rules):
        failures += [(rule.id, hit.key, hit.values["lhs"], hit.values["rhs"]) for hit in KINDS["assert"].run(analysis, rule.params)]
    return sorted(failures)


# Cells no identity of the packs covers, and why (the mutation test cannot catch a wrong value
# there). 表三 and 表四: none — every cell is in its row's 总计 identity.
UNCHECKABLE_STATS = {
    "gazette", "website", "weibo", "wechat", "other_channel", "hotspots", "interpretations",
    "weibo_responses", "other_responses", "complaints", "fees", "offices", "reading_points",
    "budget", "meetings", "trainings", "trainees",
}

BOUNDS_ONLY_STATS = {"active_total", "normative_issued", "press_total", "interview_total"}


@pytest.mark.parametrize("path", REPORTS)
def test_adding_one_to_any_value_breaks_an_identity(path):
    analysis = analyse_source(load(str(ROOT / path)), load_packs())
    rules = analysis.packs.rules
    found = analysis.readable()
    published = _identity_failures(analysis, rules)
    assert len(published) == len(
        [g for g in GOLDEN[path] if g[0] in ("XG302", "XG303", "XG304", "XG305", "XG311", "XG312")]
    )
    named = {
        (ref.table, ref.row)
        for rule in _identities(rules)
        for _, expr in rule.params["assert"] for ref in references(expr) if isinstance(ref, Ref)
    }
    uncheckable: list[tuple[str, str, str, str]] = []
    for tid, grid in found.items():
        for row_id, row in grid.cells.items():
            for col_id, reading in row.items():
                if reading.number is None:
                    uncheckable.append((tid, row_id, col_id, "not reported"))
                    continue
                mutated = dict(found)
                g = copy.copy(grid)
                g.cells = {r: dict(c) for r, c in grid.cells.items()}
                g.cells[row_id][col_id] = Reading(reading.cell, reading.number + 1)
                mutated[tid] = g
                if _identity_failures(replace(analysis, grids=mutated), rules) == published:
                    if (tid, row_id) in named:
                        why = "only in an inequality: caught only when it crosses the bound"
                    else:
                        why = "in no identity of the packs"
                    uncheckable.append((tid, row_id, col_id, why))
    print(path, uncheckable)
    expected = set()
    if "stats" in found:
        expected = {("stats", r, "count", "in no identity of the packs") for r in UNCHECKABLE_STATS} | {
            ("stats", r, "count", "only in an inequality: caught only when it crosses the bound")
            for r in BOUNDS_ONLY_STATS
        }
    # 表二 has no identity in the format: its counts are only checked for being non-negative
    # integers (XG306), so a wrong value there cannot be caught.
    expected |= {
        (tid, r, c, "in no identity of the packs")
        for tid, g in found.items() if tid.startswith("active_") for r, row in g.cells.items() for c in row
        if row[c].number is not None
    }
    # a cell left blank is "not reported", never taken as 0: no identity can use it (XG307)
    expected |= {(tid, r, c, "not reported") for tid, g in found.items()
                 for r, row in g.cells.items() for c in row if row[c].number is None}
    assert set(uncheckable) == expected


def test_a_quoted_clause_with_quotes_of_its_own_nests_them():
    """XG405 quotes the sentence it reads (`正文“{clause}…”`); the sentence quotes a website's
    name, which becomes the inner quotation (‘ ’), not a doubled ““."""
    _, findings = lint_path("tests/fixtures/kiro-shanghai-stcsm-2024.md", Settings(select=["XG405"]), load_packs())
    assert [(f.rule, f.line, f.column) for f in findings] == [("XG405", 65, 18)]
    assert findings[0].message.startswith("正文“‘上海科技’网站全年累计发布信息2139条”与其后所列各项不符：")
