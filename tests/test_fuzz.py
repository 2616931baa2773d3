"""Property-based tests (hypothesis): random text and bytes, and mutations of real reports,
through the API (`linter.api.lint`). Whatever the input:

* no exception but `InputError` (the documented one-line refusal);
* no hang: every case runs under a SIGALRM guard (`_BUDGET` seconds of wall time) that fails it;
* the output is deterministic: the same source linted twice gives the same findings;
* every finding (and every related location) is inside the document text its positions count
  in: line <= the number of lines, column <= that line's length + 1 (Word documents, located
  by paragraph number, are not checked for this).

Inputs: report-like text (digits, Chinese numerals, 一、（一）, table words and pipes, full-width
spaces, traditional characters, control characters) read as .txt, .md and .html; random bytes
under each suffix; .docx files built from random paragraphs and tables; and the seeds
(examples/) and corpus (tests/fixtures/) with lines deleted, duplicated and swapped, table rows
and headings inserted, numerals changed (digits, Chinese numerals, long numbers, years 0000,
9999, 10000).

Profiles (hypothesis settings profiles):

    python -m pytest -q tests/test_fuzz.py                       # "ci": the default, derandomized, a few seconds
    XXGK_FUZZ=deep python -m pytest -q -s tests/test_fuzz.py     # "deep": >= 10,000 cases, random seed

The deep profile prints (with -s) the number of cases, the slowest case and its input, and
writes the same summary as JSON to $XXGK_FUZZ_LOG when it is set. Numbers of any length are
generated, more than Python's 4,300-digit limit of int() included.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES
from hypothesis import HealthCheck, given, settings  # the `test` extra (MPL-2.0)
from hypothesis import strategies as st

from linter.api import Settings, lint
from linter.engine import load_packs
from linter.errors import InputError
from linter.read.source import Source

DEEP = os.environ.get("XXGK_FUZZ", "").lower() == "deep"

settings.register_profile(
    "ci", max_examples=12, derandomize=True, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Seven tests: 1,500 cases each is 10,500.
settings.register_profile(
    "deep", max_examples=1500, deadline=20_000, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = "deep" if DEEP else "ci"
_BUDGET = 60  # seconds of wall time for one case (linted twice) before it counts as a hang

# ---------------------------------------------------------------------------- the properties


class Hang(Exception):
    pass


@contextmanager
def _guard(seconds: int):
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def alarm(_signum, _frame):
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


_PACKS = None
_STATS = {"cases": 0, "refused": 0, "slowest": 0.0, "slowest_case": None}


def _packs():
    global _PACKS
    if _PACKS is None:
        _PACKS = load_packs()
    return _PACKS


def _signature(findings) -> list:
    return [(f.to_dict(), f.seq, f.key) for f in findings]


def _inside(span, text: list[str], what: str) -> None:
    assert 1 <= span.line <= max(len(text), 1), f"{what}: line {span.line} of {len(text)}"
    length = len(text[span.line - 1]) if text else 0
    assert 1 <= span.column <= length + 1, f"{what}: column {span.column} of a line of {length} characters"


def check(source: Source) -> None:
    """The properties, for one source."""
    started = time.process_time()
    wall = time.perf_counter()
    results = []
    with _guard(_BUDGET):
        for _ in range(2):
            try:
                linted = lint(Source(source.name, source.data, source.suffix), Settings(), _packs())
            except InputError as error:
                message = str(error)
                assert "\n" not in message and message.startswith(source.name), message
                results.append(("refused", message))
            else:
                results.append(("linted", _signature(linted.findings), linted))
    _STATS["cases"] += 1
    elapsed = time.perf_counter() - wall
    if elapsed > _STATS["slowest"]:
        _STATS["slowest"] = elapsed
        _STATS["slowest_cpu"] = time.process_time() - started
        _STATS["slowest_case"] = (source.suffix, len(source.data), source.data[:3000].decode("utf-8", "replace"))
    first, second = results
    if first[0] == "refused":
        _STATS["refused"] += 1
    assert first[:2] == second[:2], "the same input linted twice gave different results"
    if first[0] == "linted":
        linted = first[2]
        if linted.text is None:  # Word: positions are paragraph numbers
            return
        for finding in linted.findings:
            _inside(finding.span, linted.text, f"{finding.rule} {finding.message_en}")
            for related in finding.related:
                if related.path is None:
                    _inside(related.span, linted.text, f"{finding.rule} related {related.message}")


@pytest.fixture(scope="module", autouse=True)
def _summary(request):
    yield
    if not DEEP:
        return
    summary = dict(_STATS)
    capture = request.config.pluginmanager.getplugin("capturemanager")
    text = (f"\nfuzz ({PROFILE}): {summary['cases']} cases, {summary['refused']} refused with InputError; "
            f"slowest case {summary['slowest']:.2f} s wall, {summary.get('slowest_cpu', 0):.2f} s CPU: "
            f"{summary['slowest_case'] and summary['slowest_case'][:2]}\n")
    if capture:
        with capture.global_and_fixture_disabled():
            sys.stdout.write(text)
    if os.environ.get("XXGK_FUZZ_LOG"):
        Path(os.environ["XXGK_FUZZ_LOG"]).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")


# ---------------------------------------------------------------------------- random text

_WORDS = [
    "政府信息公开", "年度报告", "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项",
    "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "予以公开", "部分公开", "不予公开",
    "无法提供", "不予处理", "其他处理", "总计", "合计", "自然人", "法人或其他组织", "商业企业", "科研机构",
    "社会公益组织", "法律服务机构", "其他", "维持", "纠正", "尚未审结", "结果", "复议后起诉", "未经复议直接起诉",
    "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "行政规范性文件", "行政许可", "行政处罚",
    "行政强制", "行政事业性收费", "件", "条", "个", "万元", "次", "人次", "年", "月", "日", "至", "年度",
    "其中", "较上年增加", "同比", "本机关", "办公室", "区人民政府", "街道办事处", "局",
    "政府資訊公開", "總體情況", "處理", "複議", "訴訟", "報告", "內容",
    "一、", "二、", "三、", "四、", "五、", "六、", "七、", "（一）", "（二）", "(三)", "1.", "2、", "（1）",
    "一", "二", "两", "三", "十", "百", "千", "万", "零", "〇", "十二", "一百零五", "二〇二四",
    "2024", "2023", "2025", "1,295", "0", "00", "0000", "9999", "10000", "123456789012345678901234567890",
    "2024年1月1日至2024年12月31日", "（2024年度）", "2025年1月31日", "2025-01-31", "发布时间：", "2024年政府信息公开工作年度报告",
    "9999年1月1日至9999年12月31日", "（0000年度）", "（9999年度）", "10000年", "0000年1月1日", "2月30日", "13月",
    "|", "||", "|||", " | ", "\n", "\n\n", "\r\n", "\r", "\u3000", " ", "\t", "。", "，", "；", "：", "、", "（", "）", "(", ")",
    "#", "## ", "- ", "* ", "**", "---", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<p>", "</p>",
    "<br>", "<td colspan=3>", "<td rowspan=2>", "&nbsp;", "&#x4e00;", "<!--", "-->", "<meta charset=utf-8>",
    "\x00", "\x01", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\u200b", "\ufeff", "\u2028", "\ud7ff", "\U00020000",
    "xxgk-lint: disable", "<!-- xxgk-lint: disable-next-line XG101 -->", "xxgk-lint: disable-file",
]
_CHARS = "0123456789０１２３一二三四五六七八九十百千万两零〇、（）()|．.，。％%：:－-—~年月日件条个 \u3000\n\t國說資訊"
_TEXT = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(alphabet=_CHARS, max_size=6)), max_size=150).map("".join)


def _source(text_or_data, suffix: str) -> Source:
    data = text_or_data.encode("utf-8", "surrogatepass") if isinstance(text_or_data, str) else text_or_data
    return Source(name=f"fuzz{suffix}", data=data, suffix=suffix)


@settings(settings.get_profile(PROFILE))
@given(text=_TEXT, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_random_text(text, suffix):
    check(_source(text, suffix))


_ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "big5"]


@settings(settings.get_profile(PROFILE))
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.tuples(_TEXT, st.sampled_from(_ENCODINGS)).map(lambda p: p[0].encode(p[1], "ignore")),
        st.tuples(_TEXT, st.sampled_from(_ENCODINGS), st.binary(max_size=8), st.integers(0, 2000))
        .map(lambda p: (lambda b: b[:p[3]] + p[2] + b[p[3]:])(p[0].encode(p[1], "ignore"))),
    ),
    suffix=st.sampled_from([".txt", ".md", ".html", ".docx", ".pdf", ".htm", ""]),
)
def test_random_bytes(data, suffix):
    check(_source(data, suffix))


# ---------------------------------------------------------------------------- Word documents

_CELL = st.one_of(st.sampled_from(_WORDS[:80]), st.text(alphabet=_CHARS, max_size=8)).map(lambda s: s.replace("\x00", ""))


def _docx(blocks: list) -> bytes:
    """A Word document of blocks: a string is a paragraph, a list of rows a table."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(_xml_safe(block))
        elif block:
            rows = block
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = _xml_safe(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


@settings(settings.get_profile(PROFILE))
@given(blocks=st.lists(st.one_of(
    _TEXT.map(lambda s: s[:200]),
    st.lists(st.lists(_CELL, min_size=1, max_size=5), min_size=1, max_size=6),
), max_size=12))
def test_random_docx(blocks):
    check(_source(_docx(blocks), ".docx"))


# ---------------------------------------------------------------------------- mutated reports

_REPORTS = sorted(EXAMPLES.glob("0*.txt")) + sorted(EXAMPLES.glob("demo-*.md")) + sorted(
    p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md", ".html"))
_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in _REPORTS}
_NUMERAL = re.compile(r"\d+|[零〇一二两三四五六七八九十百千万]+")
_ROWS = ["| 1 | 2 | 3 |", "|||", "| 合计 | 0 | 0 | 0 |", "|---|---|", "总计 | 5 | 3 | 2 |", "<tr><td>予以公开</td><td>7</td></tr>",
         "本年新收政府信息公开申请数量 | 12 |", "| | | |", "<td rowspan=99>1</td>"]
_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "（一）主动公开", "七、其他需要报告的事项",
             "四、政府信息公开行政复议、行政诉讼情况", "## 五、存在的主要问题及改进情况", "<h2>六、其他</h2>", "第二部分"]
_NUMBERS = st.one_of(
    st.integers(0, 10**6).map(str),
    st.sampled_from(["0000", "9999", "10000", "0", "1900", "2100", "99999", "00", "一", "二〇二四", "十", "两", "一百零五", "万", "零"]),
    st.integers(5, 6000).map(lambda n: "9" * n),
    st.integers(1, 40).map(lambda n: "1" + "0" * n),
    st.text(alphabet="零〇一二两三四五六七八九十百千万", min_size=1, max_size=12),
)

_MUTATION = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 5)),
    st.tuples(st.just("duplicate"), st.integers(0, 10**6), st.integers(1, 5)),
    st.tuples(st.just("swap"), st.integers(0, 10**6), st.integers(0, 10**6)),
    st.tuples(st.just("row"), st.integers(0, 10**6), st.sampled_from(_ROWS)),
    st.tuples(st.just("heading"), st.integers(0, 10**6), st.sampled_from(_HEADINGS)),
    st.tuples(st.just("numeral"), st.integers(0, 10**6), _NUMBERS),
    st.tuples(st.just("text"), st.integers(0, 10**6), _TEXT.map(lambda s: s[:80])),
    st.tuples(st.just("years"), st.integers(0, 10**6), st.sampled_from(["0000", "9999", "10000", "1899", "2100", "0001", "二〇二四"])),
)
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d{2}(?=\s*年)")


def mutate(text: str, mutations) -> str:
    lines = text.split("\n")
    for kind, at, arg in mutations:
        if not lines:
            lines = [""]
        i = at % len(lines)
        if kind == "delete":
            del lines[i:i + arg]
        elif kind == "duplicate":
            lines[i:i] = lines[i:i + arg]
        elif kind == "swap":
            j = arg % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind in ("row", "heading"):
            lines.insert(i, arg)
        elif kind == "text":
            lines[i] = lines[i][: len(lines[i]) // 2] + arg + lines[i][len(lines[i]) // 2:]
        elif kind == "years":  # every year the report names, the title's, the period's, the dates'
            lines = _YEARS.sub(arg, "\n".join(lines)).split("\n")
        elif kind == "numeral":
            joined = "\n".join(lines)
            numerals = list(_NUMERAL.finditer(joined))
            if numerals:
                m = numerals[at % len(numerals)]
                lines = (joined[: m.start()] + arg + joined[m.end():]).split("\n")
    return "\n".join(lines)


@settings(settings.get_profile(PROFILE))
@given(name=st.sampled_from(sorted(_TEXTS)), mutations=st.lists(_MUTATION, min_size=1, max_size=6))
def test_mutated_reports(name, mutations):
    check(_source(mutate(_TEXTS[name], mutations), Path(name).suffix))


@settings(settings.get_profile(PROFILE))
@given(name=st.sampled_from(sorted(_TEXTS)), numerals=st.lists(st.tuples(st.integers(0, 10**6), _NUMBERS), min_size=1, max_size=12))
def test_numerals_changed(name, numerals):
    check(_source(mutate(_TEXTS[name], [("numeral", at, value) for at, value in numerals]), Path(name).suffix))


@settings(settings.get_profile(PROFILE))
@given(name=st.sampled_from(sorted(_TEXTS)), mutations=st.lists(_MUTATION, min_size=1, max_size=3),
       suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_mutated_reports_read_as_another_format(name, mutations, suffix):
    check(_source(mutate(_TEXTS[name], mutations), suffix))


@settings(settings.get_profile(PROFILE))
@given(name=st.sampled_from(sorted(_TEXTS)), lines=st.lists(st.integers(0, 10**6), min_size=1, max_size=4))
def test_report_as_docx(name, lines):
    """A report's lines as the paragraphs of a Word document, lines with pipes as table rows."""
    check(_report_docx(name, lines))


def _report_docx(name: str, lines: list[int]) -> Source:
    text = mutate(_TEXTS[name], [("delete", at, 3) for at in lines])
    blocks: list = []
    for line in text.split("\n")[:200]:
        if "|" in line:
            if not blocks or isinstance(blocks[-1], str):
                blocks.append([])
            blocks[-1].append([c.strip() for c in line.strip("|").split("|")][:12])
        else:
            blocks.append(line)
    return _source(_docx(blocks), ".docx")


# ---------------------------------------------------------------------------- regressions
# Inputs the deep profile found, each linted once with the properties above.

REGRESSIONS: list[tuple[str, str]] = [
    # A statistical period in year 9999 made the deadline 10000-01-31: `date()` raised ValueError
    # (linter/checks/dates.py `_deadline`); 0000 made `date(0, 12, 31)` raise. Periods and the
    # table's `(2017年度)` now take plausible years only (19xx, 20xx).
    (".txt", "本报告中所列数据的统计期限自9999年1月1日起至9999年12月31日止。\n\n一、总体情况\n\n发布时间：2025年1月20日\n"),
    (".txt", "本报告中所列数据的统计期限自0000年1月1日起至0000年12月31日止。\n\n一、总体情况\n\n发布时间：2025年1月20日\n"),
    (".txt", "（9999年度）\n一、总体情况\n发布时间：2025年1月20日\n"),
    (".txt", "（0000年度）\n一、总体情况\n发布时间：2025年1月20日\n"),
    (".txt", "统计期限自10000年1月1日起至10000年12月31日止。\n一、总体情况\n发布时间：2025年1月20日\n"),
]


@pytest.mark.parametrize("suffix,text", REGRESSIONS)
def test_found_by_fuzzing(suffix, text):
    check(_source(text, suffix))


# Mutated reports the deep profile found: (report, mutations, read as).
MUTATED: list[tuple[str, list, str]] = [
    # A row of table 3 deleted: a sum over a blank cell the table does not have gave XG303 a
    # related location without a place (Related.span None), and every output format failed
    # on it (AttributeError). linter/checks/assertion.py `_blank_notes` leaves such cells out.
    ("demo-clean-2021.md", [("delete", 209, 1), ("numeral", 92, "1")], ".txt"),
    ("demo-defects-2021.md", [("delete", 0, 1), ("delete", 0, 1), ("swap", 0, 295), ("delete", 18615, 5)], ".md"),
    # Every year 9999 (title, period, dates): the deadline date(10000, …) (see REGRESSIONS).
    ("kiro-shuyang-county-gov-2025.md", [("years", 0, "9999")], ".md"),
    ("kiro-hongze-district-2024.txt", [("years", 0, "0000")], ".txt"),
]


@pytest.mark.parametrize("name,mutations,suffix", MUTATED)
def test_mutated_found_by_fuzzing(name, mutations, suffix):
    check(_source(mutate(_TEXTS[name], mutations), suffix))


@pytest.mark.parametrize("name,lines", [
    ("demo-clean-2021.md", [72, 6141, 6144]),  # the same, in a Word document
])
def test_docx_found_by_fuzzing(name, lines):
    check(_report_docx(name, lines))
