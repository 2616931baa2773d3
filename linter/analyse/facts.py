"""Facts: what the report says about itself.

Title, the year reported on (from the title, the statistical period 统计期限, or the first
sentence), the issuing body (发布机关) and the dates it states. Each fact keeps the span it was
read from, so rules can point at it; `facts.<name>` in a pack's expression is one of them
(FIELDS).
"""

from __future__ import annotations

import re

from linter.cache import regex
from linter.chinese import chinese_number
from linter.document import DocLine, Span
from linter.parse.tree import Paragraph, Report
from linter.patterns import required_strings

_CN_YEAR_DIGITS = str.maketrans("〇○零O一二三四五六七八九", "0000123456789")
_YEAR = r"((?:19|20)\d{2}|[二][〇○零O0][〇○零O0一二三四五六七八九]{2})"
_YEAR_RE = regex(_YEAR + r"\s*年")
_TITLE_END = regex(r"(报告|年报|总结)\s*$")
_PROSE = regex(r"[，。,：:；;！？]")
# The year of a statistical period: a plausible one (a `9999年` or `0000年` is no year a report
# is about, and the year after it, the deadline's, would not be a date).
_PERIOD = regex(
    r"(?<!\d)((?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*起?\s*(?:至|到|—|-|~)\s*(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日"
)
_TABLE_PERIOD = regex(r"^\s*\(\s*((?:19|20)\d{2})\s*年度?\s*\)\s*$")
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
_CN_DATE = regex(
    _YEAR + r"\s*年\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*月\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*日"
)
_ARABIC_DATE = regex(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_LABELLED_DATES = (
    ("publication", regex(r"(?:信息)?(?:发布|公开|发文)(?:日期|时间)\s*[:：]?\s*" + _DATE)),
    ("filled", regex(r"填报日期\s*[:：]?\s*" + _DATE)),
)
_BODY_FROM_TITLE = regex(r"^(?P<pre>.*?)" + _YEAR + r"\s*年度?(?P<post>.*?)(?:政府|政务)?信息公开")
# Strings one of which a line with a labelled date has (read from the patterns themselves;
# "" when a pattern's cannot be told: every line is then searched), and one search for them
_LABEL_WORDS = tuple(sorted({word for _kind, pattern in _LABELLED_DATES for word in required_strings(pattern) or ("",)}))
_LABEL_SEARCH = regex("|".join(map(re.escape, _LABEL_WORDS))) if "" not in _LABEL_WORDS else None
_DATES_THE_REPORT = regex(r"发布|印发|公布|报送|编制日期|成文日期|发文日期")
_BODY_FROM_FORM = regex(r"填报单位\s*(?:\(盖章\))?\s*[:：]\s*(\S+)")


# Plain classes with __slots__: never compared or copied, and a dataclass costs 0.1-0.3 ms of
# import.


class DatedMention:
    """A date the report states, with what kind of date it is."""

    __slots__ = ("kind", "year", "month", "day", "span")

    def __init__(self, kind: str, year: int, month: int, day: int, span: Span):
        self.kind = kind  # "publication" | "signature" | "filled"
        self.year = year
        self.month = month
        self.day = day
        self.span = span


class Facts:
    __slots__ = ("title", "title_span", "year", "title_year", "title_year_span", "period_year", "period_span",
                 "body", "dates")

    def __init__(self):
        self.title: str | None = None
        self.title_span: Span | None = None
        self.year: int | None = None  # the year reported on
        self.title_year: int | None = None
        self.title_year_span: Span | None = None
        self.period_year: int | None = None  # year of the statistical period (统计期限)
        self.period_span: Span | None = None
        self.body: str | None = None  # issuing body (发布机关) when stated
        self.dates: list[DatedMention] = []

    def number(self, name: str) -> tuple[int, Span | None] | None:
        """A fact that an expression may use (`facts.<name>`), with where it was read."""
        value = getattr(self, name)
        if value is None:
            return None
        return value, {"year": self.title_year_span or self.period_span, "title_year": self.title_year_span,
                       "period_year": self.period_span}[name]


# The facts `facts.<name>` may name in an expression of a pack.
FIELDS = frozenset({"year", "title_year", "period_year"})


def year_value(text: str) -> int:
    return int(text.translate(_CN_YEAR_DIGITS))


def read_facts(report: Report) -> Facts:
    """What the report says about itself."""
    facts = Facts()
    paragraphs = report.paragraphs
    _title(report, facts)
    _period(paragraphs, facts)
    _first_sentence_year(paragraphs, facts)
    _body(report, paragraphs, facts)
    _dates(report, facts)
    return facts


_MARKDOWN_HEADING = regex(r"^\s*#{1,6}\s+")


def _clean(text: str) -> str:
    return _MARKDOWN_HEADING.sub("", text).strip()


def _title(report: Report, facts: Facts) -> None:
    """The title is among the first lines: short, no sentence punctuation, ends in 报告/年报/总结,
    and may be wrapped over two lines (`洪泽区人民政府` / `2023 年政府信息公开工作年度报告`)."""
    heading = next((s.heading for s in report.root.walk() if s.heading is not None), None)
    first_heading = heading.span.line if heading is not None else None
    seen: list = []
    candidates: list[list] = []
    for line in report.lines:
        text = _clean(line.text)
        if not text:
            continue
        if (first_heading and line.line >= first_heading) or len(seen) >= 8:
            break
        if _TITLE_END.search(text) and len(text) <= 60 and not _PROSE.search(text):
            parts = [line]
            previous = seen[-1] if seen else None
            if previous is not None and previous.line == line.line - 1 and not _joined(candidates, previous):
                prev_text = _clean(previous.text)
                # the body on the line above (`洪泽区人民政府`), or the start of a wrapped title
                if len(prev_text) <= 40 and not _PROSE.search(prev_text) and not (
                    _YEAR_RE.search(prev_text) and _YEAR_RE.search(text)
                ):
                    parts.insert(0, previous)
            candidates.append(parts)
        seen.append(line)
    # A site's running head (`信息公开年报`) may come first: prefer the line that names a year.
    with_year = [c for c in candidates if any(_YEAR_RE.search(p.text) for p in c)]
    if with_year or candidates:
        _set_title(facts, (with_year or candidates)[0])


def _joined(candidates: list[list], line) -> bool:
    return any(line in parts for parts in candidates)


def _set_title(facts: Facts, parts: list) -> None:
    facts.title = "".join(_clean(p.text) for p in parts)
    start = parts[0].text.find(_clean(parts[0].text))
    end_text = parts[-1].text.rstrip()
    first_span, last_span = parts[0].span(start), parts[-1].span(0, len(end_text))
    facts.title_span = Span(first_span.line, first_span.column, last_span.end_line, last_span.end_column)
    for part in parts:
        m = _YEAR_RE.search(part.text)
        if m:
            facts.title_year = year_value(m.group(1))
            facts.title_year_span = part.span(m.start(1), m.end())
            return


def _period(paragraphs: list[Paragraph], facts: Facts) -> None:
    for paragraph in paragraphs:
        m = _PERIOD.search(paragraph.text)
        if m:
            facts.period_year = int(m.group(1))
            facts.period_span = paragraph.span_of(m.start(), m.end())
            return
    for paragraph in paragraphs:  # the 统计表's own `(2017年度)`
        for line in paragraph.lines:
            m = _TABLE_PERIOD.match(line.text)
            if m:
                facts.period_year = int(m.group(1))
                facts.period_span = line.span(m.start(1), m.end(1))
                return


def _first_sentence_year(paragraphs: list[Paragraph], facts: Facts) -> None:
    """Without a title or a statistical period, the year the body opens with (`2020年，本区…`).
    A sentence that dates the report itself (`2021年2月，本报告发布。`, `发布时间：…`) names the
    year after the one reported on: it is passed over, not taken as the report's year."""
    facts.year = facts.title_year or facts.period_year
    for paragraph in paragraphs[:4]:
        if facts.year is not None:
            return
        head = paragraph.text[:80]
        if _DATES_THE_REPORT.search(head):
            continue
        m = _YEAR_RE.search(head)
        if m:
            facts.year = year_value(m.group(1))


def _body(report: Report, paragraphs: list[Paragraph], facts: Facts) -> None:
    if facts.title:
        m = _BODY_FROM_TITLE.match(facts.title)
        if m:
            body = (m.group("pre") or m.group("post")).strip()
            if body:
                facts.body = body
                return
    for paragraph in paragraphs[:40]:
        m = _BODY_FROM_FORM.search(paragraph.text)
        if m:
            facts.body = m.group(1)
            return
    for table in report.tables:
        for cell in table.cells[:5]:
            m = _BODY_FROM_FORM.search(cell.text)
            if m:
                facts.body = m.group(1)
                return


def _labelled_lines(lines: list[DocLine]) -> list[DocLine]:
    """The lines that have one of the strings a labelled date needs (`_LABEL_WORDS`), in order:
    found with one search of the text of all the lines, most of which have none; every line
    when the strings cannot be told or a line's text has a line break in it."""
    joined = "\n".join([line.text for line in lines])
    if _LABEL_SEARCH is None or joined.count("\n") != len(lines) - 1:
        return lines
    found = []
    k, at = 0, 0  # line k starts at `at` in the joined text
    m = _LABEL_SEARCH.search(joined)
    while m is not None:
        k += joined.count("\n", at, m.start())
        found.append(lines[k])
        end = joined.find("\n", m.end())
        if end < 0:
            break
        k, at = k + 1, end + 1
        m = _LABEL_SEARCH.search(joined, at)
    return found


def _dates(report: Report, facts: Facts) -> None:
    for line in _labelled_lines(report.lines):
        text = line.text
        for kind, pattern in _LABELLED_DATES:
            m = pattern.search(text)
            if m:
                facts.dates.append(
                    DatedMention(kind, int(m.group(1)), int(m.group(2)), int(m.group(3)), line.span(m.start(1), m.end()))
                )
    # The signature date (落款): a line that is only a date, among the last lines.
    tail = []  # the last five lines that say anything
    for line in reversed(report.lines):
        if len(tail) == 5:
            break
        if line.text.strip():
            tail.insert(0, line)
    for line in tail:
        text = line.text.strip()
        m = _CN_DATE.fullmatch(text) or _ARABIC_DATE.fullmatch(text)
        if m:
            start = line.text.find(text)
            facts.dates.append(
                DatedMention(
                    "signature",
                    year_value(m.group(1)),
                    chinese_number(m.group(2)),
                    chinese_number(m.group(3)),
                    line.span(start, start + len(text)),
                )
            )


