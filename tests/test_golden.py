"""Golden findings of the structural, year and date rules (XG1xx, XG2xx) on every real report.

Each expectation was decided by reading the report (see the comments); the table rules (XG3xx,
XG4xx) have their own golden file.
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, FIXTURES, findings_of

GOLDEN = {
    # 2017 街道 report, 2008 era: `(—)` for `(一)` at 11:4; all items but 其他需要报告的事项,
    # reported where it should stand: after the last part, 三、存在问题和改进措施 (55:3). Its
    # opening part 一、以“四坚持”为标准… is an overview, not other matters. A 2017 report without
    # the 统计表: the page text never names one or an attachment (附表, 附件) — only a 区长信箱
    # breakdown and narrative counts (XG122, at the title).
    EXAMPLES / "000_e418e91e9b4d9838.txt": [("XG122", 3, 1), ("XG111", 11, 4), ("XG104", 55, 3)],
    # 2020, 2019 format, all six sections in order: clean.
    EXAMPLES / "001_d2562da69713e31b.txt": [],
    # 2017 镇 report with the 统计表, traditional script with pinyin noise: no 其他需要报告的事项,
    # reported after the part that carries the item before it (二、存在的問題…, 6:1).
    EXAMPLES / "002_3ff82377b92f7b75.txt": [("XG104", 6, 1)],
    # 2017 街道 report, seven narrative parts: 六、北沟街道政务公开工作重点任务分工情况 is a part
    # of its own after the named ones: other matters in substance (no XG104). No 统计表 and none
    # named (its 二 shows a chart `如下图` of 2013-2017 totals, not the table) (XG122). The opening
    # says `…等七个部分组成` but names eight: 概述, 主动公开…, 依申请公开…, …收费情况,
    # 因…行政复议、提起诉讼和申诉情况 (one part, the 、 inside it), …重点任务分工情况, a stray
    # `公开情况`, 存在的主要问题和2018年重点工作安排; the report has seven (一…七) (XG105, at 七).
    EXAMPLES / "003_16c7a534f4d23119.txt": [("XG122", 2, 1), ("XG105", 4, 183)],
    # 2008 总结: nothing on fees (item 3) nor other matters (item 6); the 2009 plans restart the
    # 一、二、三 numbering at 23:3; signed 2008-12-15, before the year ended.
    EXAMPLES / "004_62eb7be2edb7b481.txt": [("XG104", 3, 1), ("XG104", 3, 1), ("XG112", 23, 3), ("XG204", 29, 3)],
    # HTML pages (read by linter/readers/html.py): a 2023 department page with numbers split
    # across <span>s, and a 2025 page with rowspan=22 headers; the six sections are there
    # (五 reads 存在的主要问题及整改措施, an accepted wording).
    FIXTURES / "kiro-shuyang-drc-2023.html": [],
    FIXTURES / "kiro-fixture-hangzhou-style-2025.html": [],
    # The demo reports of the README: a clean 2021-format report, and one with defects — title
    # year 2024 vs period 2023, `(—)`, section 五 missing (at 六, which also skips 五), published
    # 2025-02-20 by a 局 (deadline 2025-01-31).
    EXAMPLES / "demo-clean-2021.md": [],
    EXAMPLES / "demo-defects-2021.md": [("XG201", 1, 12), ("XG111", 15, 2), ("XG101", 74, 4), ("XG113", 74, 4), ("XG202", 78, 6)],
    # The same report as a published page (positions checked in tests/test_readers_html.py).
    FIXTURES / "demo-defects-2021.html": [("XG201", 15, 34), ("XG111", 22, 54), ("XG101", 71, 54), ("XG113", 71, 54), ("XG202", 73, 66)],
    # 2021-format reports with the six sections in order.
    FIXTURES / "govnianbao-huaian-city-2024.txt": [],
    FIXTURES / "kiro-hongze-district-2023.txt": [],
    FIXTURES / "kiro-hongze-district-2024.txt": [],
    FIXTURES / "kiro-shuyang-county-gov-2025.md": [],
    # No 五、 heading: its content is under （一）… at 183; the numbering jumps 四 → 六 at 214.
    FIXTURES / "kiro-shanghai-gov-office-2025.md": [("XG103", 183, 1), ("XG113", 214, 1)],
    # The narrative is numbered 一..六, then the format's sections start again at 一 (73); the
    # 五 heading is missing (its content under （一）主要问题, 192), so 三 is followed by 五 (205).
    FIXTURES / "kiro-shanghai-stcsm-2024.md": [("XG112", 73, 1), ("XG103", 192, 1), ("XG113", 205, 1)],
}


@pytest.mark.parametrize("path", sorted(GOLDEN), ids=lambda p: p.name)
def test_golden_findings(path):
    assert findings_of(path, prefix=("XG1", "XG2")) == GOLDEN[path]


def test_every_seed_and_text_fixture_has_a_golden_entry():
    files = {p for p in EXAMPLES.glob("*") if p.suffix in (".txt", ".md", ".html")}
    files |= {p for p in FIXTURES.glob("*") if p.suffix in (".txt", ".md", ".html")}
    assert files == set(GOLDEN)


@pytest.mark.parametrize(
    ("path", "year", "era", "title"),
    [
        (EXAMPLES / "000_e418e91e9b4d9838.txt", 2017, "reg2008", "罗湖区东湖街道2017年度政务信息公开年报"),
        (EXAMPLES / "001_d2562da69713e31b.txt", 2020, "fmt2019", None),
        (EXAMPLES / "002_3ff82377b92f7b75.txt", 2017, "stats2014", None),
        (EXAMPLES / "003_16c7a534f4d23119.txt", 2017, "reg2008", "四平市铁西区北沟街道办事处2017年政府信息公开工作年度报告"),
        (EXAMPLES / "004_62eb7be2edb7b481.txt", 2008, "reg2008", "三垟街道2008年政府信息公开工作总结"),
        (FIXTURES / "kiro-hongze-district-2023.txt", 2023, "fmt2021", "洪泽区人民政府2023 年政府信息公开工作年度报告"),
        (FIXTURES / "kiro-shanghai-stcsm-2024.md", 2024, "fmt2021", "2024 年上海市科委政府信息公开工作年度报告"),
        (FIXTURES / "kiro-shuyang-county-gov-2025.md", 2025, "fmt2021", "沐阳县人民政府 2025 年 政府信息公开工作年度报告"),
    ],
    ids=lambda v: getattr(v, "name", str(v)),
)
def test_report_facts(path, year, era, title):
    from linter.api import analyse_source
    from linter.engine import load_packs
    from linter.read.source import load

    report = analyse_source(load(str(path)), load_packs())
    assert (report.facts.year, report.era, report.facts.title) == (year, era, title)


def test_facts_of_the_traditional_seed_survive_normalisation():
    """Seed 002 is traditional script with pinyin noise: the 统计表 labels and the period are
    still read, and positions point into the original text."""
    from linter.api import analyse_source
    from linter.engine import load_packs
    from linter.read.source import load

    report = analyse_source(load(str(EXAMPLES / "002_3ff82377b92f7b75.txt")), load_packs())
    assert report.facts.period_year == 2017
    assert (report.facts.period_span.line, report.facts.period_span.column) == (14, 2)
    assert report.facts.body == "岳阳县杨林街镇人民政府"
    labels = [c.text for t in report.report.tables for c in t.cells]
    assert "(三)从事政府信息公开工作人员数" in labels and "1、当面申请数" in labels
    assert [(d.kind, d.year, d.month, d.day) for d in report.facts.dates] == [("filled", 2018, 3, 9)]


def test_publication_and_signature_dates_are_read():
    from linter.api import analyse_source
    from linter.engine import load_packs
    from linter.read.source import load

    report = analyse_source(load(str(EXAMPLES / "004_62eb7be2edb7b481.txt")), load_packs())
    assert [(d.kind, d.year, d.month, d.day, d.span.line) for d in report.facts.dates] == [
        ("publication", 2009, 1, 5, 5),
        ("signature", 2008, 12, 15, 29),
    ]
