"""The claim extractor (linter/narrative.py) and the narrative checks (XG401–XG405): numerals,
scope exclusions, breakdowns, spans into the original text through the normaliser's column
map, and the checks on real reports with one figure changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, lint

from linter.analyse.narrative import Own, excluded, mask, number_value
from linter.api import Settings, analyse_source, lint_text
from linter.chinese import chinese_number
from linter.engine import CONTRACTS, load_packs
from linter.errors import PackError
from linter.packs import load_pack
from linter.read.source import Source

TITLE = "某某县人民政府2023年政府信息公开工作年度报告\n\n"


def _report(text: str, name: str = "r.txt"):
    """The analysis of a report, and its narrative vocabulary."""
    analysis = analyse_source(Source(name=name, data=text.encode("utf-8"), suffix=Path(name).suffix), load_packs())
    return analysis, analysis.vocabulary


def claims(text: str, none: bool = False):
    report, vocab = _report(TITLE + text)
    return [(c.name, c.number) for c in (report.nones if none else report.claims)]


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [("23", 23), ("1,295", 1295), ("0", 0), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("两", 2),
     ("一百零五", 105), ("两百", 200), ("三千二百", 3200), ("零", 0),
     ("二〇二三", None), ("一九", None), ("十十", None), ("12,34", None), ("", None)],
)
def test_number_value(text, value):
    assert number_value(text) == value


def test_number_value_of_plain_digits_is_the_general_reading():
    """The fast path for ASCII digits gives what the general reading (`_ARABIC`) gives, for
    digits with spaces around, leading zeros, commas, full-width and other Unicode digits."""
    import random

    from linter.analyse.narrative import _ARABIC
    from linter.chinese import digits_value

    def general(text):
        t = text.strip()
        return digits_value(t.replace(",", "")) if _ARABIC.fullmatch(t) else None  # no Chinese numeral here

    rng = random.Random(14)
    alphabet = "0123456789,０１２３٣ x"
    texts = ["0", "007", " 12 ", "1,295", "12,34", "１２", "٣", "1 2", "12x", "", "1" * 1200]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    for text in texts:
        assert number_value(text) == general(text), text


def test_chinese_number_keeps_heading_numerals():
    assert [chinese_number(n) for n in ("一", "九", "十", "十一", "二十", "三十一", "—", "7")] == [1, 9, 10, 11, 20, 31, 1, 7]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("全年共收到政府信息公开申请十二件，均按时答复。", [("received", 12)]),
        ("本年度受理依申请公开两件。", [("received", 2)]),
        ("全年共收到政府信息公开申请 1,295 件。", [("received", 1295)]),
        ("我局共收到依申请信息公开26件。", [("received", 26)]),
        ("全年新收政府信息公开申请三件，予以公开两件，不予公开一件。",
         [("received", 3), ("granted", 2), ("withheld", 1)]),
        ("政府信息公开行政复议 351 件，行政诉讼 46 件。", [("reconsideration", 351), ("litigation", 46)]),
        ("办结政府信息公开申请1191件，结转下一年度31件，上年结转申请2件。", [("concluded", 1191), ("forward", 31), ("carried", 2)]),
    ],
)
def test_figures(sentence, found):
    assert claims(sentence) == found


# ---------------------------------------------------------------- scope: what is not the report's own figure


@pytest.mark.parametrize(
    "sentence",
    [
        "其中，县教育局收到申请3件。",  # one office inside a government report
        "2024年，区政府办代表区政府受理政府信息公开申请17件。",  # the office, not the district
        "全市各级行政机关共受理政府信息公开申请300件。",
        "上年收到政府信息公开申请8件。",  # another year
        "2022年共收到政府信息公开申请8件。",  # another year, by number (the report is 2023)
        "全年共收到政府信息公开申请30件较上年增加5件。",  # a change in the same clause
        "收到申请数同比增加12件。",
        "近三年共收到政府信息公开申请40件。",
        "其中通过网络收到申请6件。",  # a subset, after 其中
        "全年收到网上申请6件。",  # a subset: 网上 is not a word the pattern allows
        "全年收到申请约30件。",  # approximate
        "全年共受理申请（含转办）5件。",  # a remark inside the phrase
    ],
)
def test_scope_exclusions(sentence):
    assert claims(sentence) == []


def test_a_remark_is_not_a_figure_but_its_sentence_is():
    assert claims("办结政府信息公开申请1191件（含上年结转189件）。") == [("concluded", 1191)]
    assert claims("共收到政府信息公开申请10件，其中通过网络收到申请6件。") == [("received", 10)]


def test_combined_kinds_are_not_either_kind():
    # 予以公开及部分公开 208 is neither 予以公开 nor 部分公开: it is their sum (a claim of its own)
    assert claims("办结的申请中，予以公开及部分公开208件（17.46%），不予公开20件（1.68%）。") == [
        ("granted_or_partial", 208), ("withheld", 20),
    ]


def test_a_list_separated_by_dunhao_is_read_item_by_item():
    # `、` after a count separates the items of a list; `、` between two kinds joins them
    assert claims("全年共办结政府信息公开申请6件，其中予以公开4件、部分公开2件。") == [
        ("concluded", 6), ("granted", 4), ("partial", 2),
    ]
    assert claims("全年共办结政府信息公开申请6件，其中予以公开、部分公开共6件。") == [("concluded", 6), ("granted_or_partial", 6)]


def test_results_after_qizhong_are_the_whole_count():
    assert claims("全年共办结政府信息公开申请10件，其中予以公开5件，部分公开2件。") == [
        ("concluded", 10), ("granted", 5), ("partial", 2),
    ]


def test_a_figure_needs_its_context():
    """The sentence, or a heading above it, says what the figure is about."""
    assert claims("全年办理行政复议案件120件。") == []  # a 司法局's own reviews
    assert claims("政务服务中心全年受理申请5000件。") == []
    assert claims("窗口全年未收到申请。", none=True) == []
    assert claims("（三）依申请公开\n\n全年共收到申请5件。") == [("received", 5)]
    assert claims("全年政府信息公开行政复议3件。") == [("reconsideration", 3)]


def test_claims_of_none():
    assert claims("本年度未收到政府信息公开申请。", none=True) == [("applications", 0)]
    assert claims("街道办事处在2023年度没有依申请公开的政府信息。", none=True) == [("applications", 0)]
    assert claims("本机关未收到公民、法人或其他组织提出的政府信息公开申请。", none=True) == [("applications", 0)]
    assert sorted(claims("四、政府信息公开行政复议、行政诉讼情况：无。", none=True)) == [
        ("litigation", 0), ("reconsideration", 0),
    ]
    assert sorted(claims("2023年，我街未发生因政府信息公开引发举报、投诉、申请行政复议、提起诉讼和申诉的情况。", none=True)) == [
        ("litigation", 0), ("reconsideration", 0),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",  # about corrected / lost cases
        "未收到申请人的补正材料。",  # 申请人, not 申请
        "还没有收到群众书面主动要求公开政府信息的申请。",  # written applications: a subset
        "其中，县教育局未收到政府信息公开申请。",  # another office
        "上年未发生行政复议。",  # another year
        "没有出现超期答复，有效避免了行政复议。",  # the negation is about something else
    ],
)
def test_not_claims_of_none(sentence):
    assert claims(sentence, none=True) == []


def test_exclusion_reasons():
    _, vocab = _report(TITLE + "x")
    text = mask("其中，县教育局收到申请3件。")
    own = Own(2023, "某某县人民政府", vocab.governments)
    assert excluded(text, text.index("收到"), text.index("。"), vocab, False, own).startswith("another body")
    text = mask("上年收到申请3件。")
    assert excluded(text, text.index("收到"), text.index("。"), vocab, False, own).startswith("another period")
    text = mask("收到申请3件（2022年）。")
    assert excluded(text, 0, text.index("件") + 1, vocab, False, own) is None  # a remark is masked
    assert mask("办结5件（含上年结转1件），其中") == "办结5件□□□□□□□□□，其中"


@pytest.mark.parametrize(
    ("body", "name", "own"),
    [
        ("某某市人民政府办公厅", "市政府办公厅", True),  # its short name
        ("某某市人民政府办公厅", "市政府", True),  # 办公厅代表市政府: the government it reports for
        ("某某县发展和改革局", "县发改局", True),
        ("某某县发展和改革局", "县教育局", False),
        ("某某县发展和改革局", "县政府", False),  # the government above it
        ("某某县人民政府", "县政府办公室", False),  # an office of the government: another body
        (None, "县发改局", False),  # no body stated: any body named is another
    ],
)
def test_a_body_named_in_the_prose_is_the_reports_own_by_its_full_or_short_name(body, name, own):
    _, vocab = _report(TITLE + "x")
    assert vocab.governments == ("政府",)
    assert Own(2023, body, vocab.governments).is_own(name) is own


def test_a_report_naming_itself_by_its_short_name_states_its_own_figure():
    title = "某某县发展和改革局2023年政府信息公开工作年度报告\n\n"
    report, _ = _report(title + "2023年，县发改局共收到政府信息公开申请12件。\n")
    assert [(c.name, c.number) for c in report.claims] == [("received", 12)]
    report, _ = _report(title + "2023年，县教育局共收到政府信息公开申请12件。\n")
    assert report.claims == []


# ---------------------------------------------------------------- spans into the original file


def test_span_through_traditional_script_and_pinyin_noise():
    line = "我鎮(zhèn)全年共收到政府信息公開申請(qǐng)十二件，均按時答覆。"
    report, vocab = _report(TITLE + line + "\n")
    [claim] = report.claims
    assert (claim.name, claim.number) == ("received", 12)
    span = claim.span
    assert (span.line, span.column) == (3, line.index("收到") + 1)
    assert span.end_column == line.index("件") + 2  # one past 件, in original columns
    assert line[span.column - 1:span.end_column - 1] == "收到政府信息公開申請(qǐng)十二件"


def test_span_across_a_pdf_wrap():
    text = TITLE + "（二）依申请公开情况。2023 年全区受理政府信息公开申\n请 21 件，均在法定期限答复。\n"
    report, vocab = _report(text)
    [claim] = report.claims
    assert claim.number == 21
    assert (claim.span.line, claim.span.end_line, claim.span.end_column) == (3, 4, 7)


def test_span_in_markdown_heading_and_fullwidth_digits():
    text = TITLE + "## （二）依申请公开。全年共收到政府信息公开申请５件。\n"
    report, vocab = _report(text, "r.md")
    [claim] = report.claims
    assert claim.number == 5
    line = text.splitlines()[2]
    assert (claim.span.line, claim.span.column) == (3, line.index("收到") + 1)


def test_the_title_is_not_part_of_the_first_sentence():
    # the lexer runs the title on into the next line; 县人民政府 must not read as another body
    report, vocab = _report("某某县人民政府2023年政府信息公开工作年度报告\n全年共收到政府信息公开申请5件。\n")
    assert [p.text for p in [p for p, _ in report.passages]] == ["全年共收到政府信息公开申请5件。"]
    assert [c.number for c in report.claims] == [5]


# ---------------------------------------------------------------- breakdowns


def breakdowns(text: str):
    report, vocab = _report(TITLE + text)
    return [
        (b.total.number, b.total.unit, [(p.label, p.number, p.unit) for p in b.parts])
        for b in report.breakdowns
    ]


def test_breakdowns():
    assert breakdowns("全县共受理申请749件，其中自然人申请741件，法人或其他组织申请8件；共办理718件。") == [
        (749, "件", [("自然人申请", 741, "件"), ("法人或其他组织申请", 8, "件")]),
    ]
    assert breakdowns("年度涌现爆款内容52条，其中1条播放量破亿、2条破千万、49条破百万。") == [
        (52, "条", [("播放量破亿", 1, "条"), ("破千万", 2, "条"), ("破百万", 49, "条")]),
    ]
    # a remark in parentheses is not a part; the list ends at what is not a part
    assert breakdowns("办结10件（含上年结转2件），其中予以公开5件（含部分公开1件），不予公开5件，均按时答复。") == [
        (10, "件", [("予以公开", 5, "件"), ("不予公开", 5, "件")]),
    ]
    assert breakdowns("共收到申请10件，其中网上申请6件，累计答复12件。") == [(10, "件", [("网上申请", 6, "件")])]
    # 其中 opening the next sentence: the total is in the sentence before
    assert breakdowns("共收到申请10件。其中网上申请6件。") == [(10, "件", [("网上申请", 6, "件")])]
    # 其中 inside a sentence without a total before it: none
    assert breakdowns("共收到申请10件。经审核，其中网上申请6件。") == []
    # a change is not a total, nor is an approximate figure
    assert breakdowns("收到申请较上年增加10件，其中网上申请6件。") == []
    assert breakdowns("粉丝数累积超3170人，其中微信公众号粉丝达1360人。") == []


# ---------------------------------------------------------------- the checks on real reports, one figure changed


def _fixture_findings(name: str, old: str, new: str, rule: str):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert old in text
    findings = lint_text(text.replace(old, new, 1), name=name, settings=Settings(select=[rule]))
    return [(f.rule, f.line, f.column, f.message) for f in findings]


HUAIAN = "govnianbao-huaian-city-2024.txt"


def test_huaian_figures_are_compared():
    assert _fixture_findings(HUAIAN, "申请 3119 件", "申请 3118 件", "XG404") == [
        ("XG404", 28, 16, "正文所述收到申请数为3118（“受理政府信息公开申请 3118 件”），与表三“一、本年新收政府信息公开申请数量/总计”（3119）不一致"),
    ]
    [(rule, line, column, message)] = _fixture_findings(HUAIAN, "行政诉讼 46 件", "行政诉讼 47 件", "XG404")
    assert (rule, line, column) == ("XG404", 32, 16)
    assert "为47" in message and "（46）" in message


def test_huaian_review_breakdown_is_summed():
    [(rule, line, column, message)] = _fixture_findings(HUAIAN, "结果维持 72 件", "结果维持 73 件", "XG405")
    assert (rule, line, column) == ("XG405", 30, 28)  # at the total, 351
    assert "其和为352件" in message


def test_huaian_claim_of_none_beside_the_table_is_an_error():
    findings = _fixture_findings(HUAIAN, "政府信息公开行政复议 351", "全年未发生政府信息公开行政复议。政府信息公开行政复议 351", "XG402")
    assert [f[:3] for f in findings] == [("XG402", 30, 19)]
    assert "表四“行政复议/总计”为351" in findings[0][3]


def test_related_cells_explain_the_finding():
    text = (FIXTURES / HUAIAN).read_text(encoding="utf-8").replace("行政诉讼 46 件", "行政诉讼 47 件", 1)
    [finding] = lint_text(text, name=HUAIAN, settings=Settings(select=["XG404"]))
    assert [(r.span.line, r.message) for r in finding.related] == [
        (371, "表四“行政诉讼 未经复议直接起诉/总计” = 26"),
        (376, "表四“行政诉讼 复议后起诉/总计” = 20"),
    ]


def test_no_error_on_the_clean_demo():
    findings = lint((Path(__file__).parent.parent / "examples" / "demo-clean-2021.md").read_text(encoding="utf-8"), name="demo.md")
    assert [f for f in findings if f.severity.value == "error"] == []


def test_rows_read_before_a_table_becomes_unreadable_are_compared():
    # hongze 2023: 表三 cannot be read reliably from its row （二） on (values before labels); row
    # 一、本年新收 was read by its label before that, and a wrong figure is judged against it
    [finding] = _fixture_findings("kiro-hongze-district-2023.txt", "申请 21 件", "申请 22 件", "XG404")
    assert finding[:3] == ("XG404", 20, 18) and "（21）" in finding[3]


# ---------------------------------------------------------------- the pack data


@pytest.mark.parametrize(
    ("narrative", "line", "reason"),
    [
        ("  claim: {}\n", 3, "narrative.claim: unknown key 'claim'"),
        ("  claims:\n    x: {label: x, pattern: '收到申请'}\n", 4, "a figure's pattern has a {n}"),
        ("  claims:\n    x:\n      label: x\n      pattern: '收到({n}件'\n", 6, "invalid regular expression"),
        ("  none:\n    x: {label: x, pattern: '未收到{n}'}\n", 4, "a claim of none has no number"),
        ("  other_time: ['上年(']\n", 3, "narrative.other_time"),
    ],
)
def test_malformed_narrative_data(tmp_path, narrative, line, reason):
    path = tmp_path / "pack.yaml"
    path.write_text("pack: p\nnarrative:\n" + narrative, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path, CONTRACTS)
    assert info.value.line == line
    assert reason in info.value.reason


def test_count_not_stated_when_a_statistics_table_is_there():
    section = "某某镇人民政府2017年政府信息公开工作年度报告\n三、依申请公开情况\n我镇安排专人受理申请。\n"
    assert [(f.rule, f.line) for f in lint(section, select=["XG403"])] == [("XG403", 2)]
    # a 统计表 at the end, even one that cannot be read reliably, states the count
    table = "附：政府信息公开情况统计表\n| 统计指标 | 单位 | 统计数 |\n| 收到申请数 | 件 | 3 |\n| 当面申请数 | 件 | 3 |\n"
    assert lint(section + table, select=["XG403"], era="stats2014") == []
    # a figure or a claim of none in the section states it too
    assert lint(section.replace("我镇安排专人受理申请。", "全年共受理申请两件。"), select=["XG403"]) == []
    assert lint(section.replace("我镇安排专人受理申请。", "本年度未收到政府信息公开申请。"), select=["XG403"]) == []


def test_statistics_table_era_on_seed_002():
    """The 统计表 (2017, traditional script): 收到申请数 0 against a sentence of the narrative."""
    seed = Path(__file__).parent.parent / "examples" / "002_3ff82377b92f7b75.txt"
    text = seed.read_text(encoding="utf-8")
    anchor = "二、存在的問題及今后的工作思路"
    assert anchor in text
    figure = text.replace(anchor, "全年共收到政府信息公開申請3件。\n" + anchor, 1)
    [finding] = lint_text(figure, name="002.txt", settings=Settings(select=["XG404"]))
    assert (finding.line, finding.column) == (6, 4)
    assert "统计表“收到申请数”（0）" in finding.message
    # a claim of none beside 收到申请数 2 (its four ways changed with it)
    none = text.replace(anchor, "本年度未收到政府信息公開申請。\n" + anchor, 1)
    none = none.replace("(一)收到申請數(shù) |\n件 |\n0 |", "(一)收到申請數(shù) |\n件 |\n2 |", 1)
    none = none.replace("1、當面申請數(shù) |\n件 |\n0 |", "1、當面申請數(shù) |\n件 |\n2 |", 1)
    [finding] = lint_text(none, name="002.txt", settings=Settings(select=["XG402", "XG311"]))
    assert (finding.rule, finding.line, finding.column) == ("XG402", 6, 4)


def test_html_report_points_into_the_page():
    page = FIXTURES / "kiro-shuyang-drc-2023.html"
    text = page.read_text(encoding="utf-8")
    assert text.count("共收到依申请信息公开26件") == 1
    changed = text.replace("共收到依申请信息公开26件", "共收到依申请信息公开27件")
    findings = lint_text(changed, name="page.html", settings=Settings(select=["XG404"]))
    [finding] = findings
    line = changed.splitlines()[finding.line - 1]
    assert line[finding.column - 1:finding.column + 1] == "收到"


@pytest.mark.parametrize(
    "body",
    ["共5件其中" * 40_000, "共" + "1," * 100_000 + "件", "其中" + "一" * 200_000, "共5件，其中" + "自然人1件、" * 30_000],
    ids=["many-qizhong", "comma-digits", "numeral-run", "many-parts"],
)
def test_hostile_sentences_stay_linear(body):
    """One giant sentence: boundaries are looked up, not searched, and numbers start only where
    a numeral starts (these took minutes before)."""
    import time

    start = time.perf_counter()
    lint(TITLE + "（二）依申请公开\n" + body + "\n", select=["XG4"])
    assert time.perf_counter() - start < 20


def test_a_report_s_passages_are_freed_when_its_analysis_is_dropped():
    """passages_in_context makes no reference cycle (a nested function calling itself was one,
    with the list of passages in its closure): once the analysis is dropped, no line or
    paragraph of the report is left for the cyclic garbage collector (in a batch, that walk came
    after every report)."""
    import gc

    from linter.app.batch import Task, lint_task

    paths = [str(FIXTURES / name) for name in ("kiro-shanghai-gov-office-2025.md", "govnianbao-huaian-city-2024.txt")]
    for path in paths:  # what the first lints build once a process (caches) is not garbage
        lint_task(Task(path, Settings(), summary=True))
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for path in paths:
            lint_task(Task(path, Settings(), summary=True))
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage if type(o).__name__ in ("DocLine", "Paragraph")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []
