"""The dates and years a report states against its own year: the publication date (`report:
publication`, after the year has ended and by the deadline of pack data `deadlines:`), the date
it is signed (`report: signature`, not before 31 December of its year), the statistical period
it states (`report: period`, `pattern` with the groups y1 m1 d1 [y2] m2 d2: 1 January to 31
December of the report's year; a whole other year is the title-year check's finding), and the
year a figure of the year's own work is given for (`report: other-year`, see `_other_year`)."""

from __future__ import annotations

import re
from datetime import date

from linter.analyse.narrative import section_passages
from linter.cache import regex
from linter.checks.base import Hit, Text, kind
from linter.packs.schema import Int, Regex, Str

_SENTENCE = regex(r"[^。！？；!?;]+[。！？；!?;]?")


def _deadline(analysis) -> date | None:
    body = analysis.facts.body or ""
    for entry in analysis.data.get("deadlines", []):
        if "body" not in entry or re.search(entry["body"], body):
            month, day = map(int, str(entry["deadline"]).split("-"))
            return date(analysis.year + 1, month, day)
    return None


def _mentions(analysis, kind_: str):
    for mention in analysis.facts.dates:
        if mention.kind == kind_:
            try:
                yield mention, date(mention.year, mention.month, mention.day)
            except ValueError:
                continue


def _period(analysis, pattern, year: int):
    for paragraph in analysis.report.paragraphs:
        m = pattern.search(paragraph.text)
        if m is None:
            continue
        y1 = int(m.group("y1"))
        y2 = int(m.group("y2")) if m.group("y2") else y1
        start = (y1, int(m.group("m1")), int(m.group("d1")))
        end = (y2, int(m.group("m2")), int(m.group("d2")))
        whole_year = start[1:] == (1, 1) and end[1:] == (12, 31) and y1 == y2
        if whole_year or (start == (year, 1, 1) and end == (year, 12, 31)):
            return  # right, or a whole year that is not the title's: XG201
        stated = f"{start[0]}-{start[1]:02d}-{start[2]:02d}/{end[0]}-{end[1]:02d}-{end[2]:02d}"
        yield Hit(paragraph.span_of(m.start("y1"), m.end()), {"date": stated, "year": year}, key=stated)
        return


def _sections(analysis, first: int):
    top = [s for s in analysis.report.root.children if s.heading is not None and s.heading.level == 1]
    return top[:first]


def _other_year(analysis, params):
    """`2019年，本街道在区门户网站发布政务信息58条` in the report on 2020: in the first sections
    (`first`: 一 and 二, the year's own work), a sentence that opens with a year (`lead`, the
    group `year`) other than the report's and states a count of the body's own activity
    (`count`) gives this year's figure under another year's date. Not when the sentence
    compares, accumulates or plans (`comparison`: 较, 同比, 截至, 累计, 将 …) or is about
    another body (the pack's `narrative.other_body`)."""
    # the year the report names (title or statistical period), not one guessed from its
    # first sentence or its publication date
    year = analysis.facts.title_year or analysis.facts.period_year
    if year is None:
        return
    lead, count, comparison = params["lead"], params["count"], params["comparison"]
    own, vocab = analysis.own, analysis.vocabulary
    for section in _sections(analysis, params["first"]):
        for passage in section_passages(section):
            for s in _SENTENCE.finditer(passage.text):
                sentence = s.group(0)
                m = lead.match(sentence)
                if m is None or int(m.group("year")) == year:
                    continue
                c = count.search(sentence, m.end())
                if c is None or comparison.search(sentence) or own.another_body(sentence, vocab) is not None:
                    continue
                start = s.start() + m.start("year")
                phrase = passage.text[start:s.start() + c.end()].strip()
                yield Hit(passage.span_of(start, s.start() + m.end("year") + 1),
                          {"stated": m.group("year"), "year": year, "phrase": phrase}, key=phrase)


def run(analysis, params):
    if params["report"] == "other-year":
        yield from _other_year(analysis, params)
        return
    year = analysis.year
    if year is None:
        return
    if params["report"] == "period":
        yield from _period(analysis, params["pattern"], year)
        return
    if params["report"] == "signature":
        for mention, signed in _mentions(analysis, "signature"):
            if signed < date(year, 12, 31):
                yield Hit(mention.span, {"date": signed.isoformat(), "year": year}, key=signed.isoformat())
        return
    deadline = _deadline(analysis)
    for mention, published in _mentions(analysis, "publication"):
        values = {"date": published.isoformat(), "year": year}
        if published <= date(year, 12, 31):
            yield Hit(mention.span, {**values, "deadline": f"{year + 1}-01-01", "problem": Text.of("published_early")}, key="early")
        elif deadline and published > deadline:
            problem = Text.of("published_late", deadline=deadline.isoformat())
            yield Hit(mention.span, {**values, "deadline": deadline.isoformat(), "problem": problem}, key="late")


def _check(params, where, ck):
    needs = {"period": {"pattern"}, "other-year": {"first", "lead", "count", "comparison"}}.get(params["report"], set())
    if not needs <= params.keys():
        raise ck.fail(where, f"report: {params['report']} needs {', '.join(f'`{n}`' for n in sorted(needs))}")


KIND = kind(
    "dates", run,
    params={"report": Str(choices=("publication", "signature", "period", "other-year")), "pattern": Regex(),
            "first": Int(minimum=1), "lead": Regex(), "count": Regex(), "comparison": Regex()},
    fields=("date", "year", "deadline", "problem", "stated", "phrase"),
    texts={"published_early": (), "published_late": ("deadline",)},
    check_params=_check,
)
