"""What a report must say, three cases (`report:`):

`items` — the six content items of 第三十二条 (2008 条例): an item counts as reported when any
heading, paragraph or table cell mentions it (pack data `content_items:`). The item of other
matters also counts when the report has a part of its own beyond the named items
(`parts_beyond`). One finding per item that nothing mentions, where it should stand: at the part
after the one carrying the item before it, else at the title.

`count` — a part on applications that states no count (2008 era, 第三十二条第（二）项): a
section whose heading names the applications (`headings`, the most specific one when they
nest; not one that names fees, `not_headings`) and that states no count: no figure in `units` in its text, no value in its tables, no
claim of none, and no table of the report that holds the count (`cells`: quantities in the
tables; a table that is there at all, even unreadable, states a count).

`statement` — a statement the report must make: words of `phrases` in a section (`within`,
with its subsections; a section that is not there is the sections kind's finding) or, without
`within`, anywhere in the report (text and cells). `also`: phrases that count wherever they
stand (`信息处理费` reported in another section is reported); `sections`: headings whose
sections also count (a 2008-style part `收费及减免情况`); `tables`: tables whose presence is the
statement (the 统计表 read as such); `years`: only reports of these years; `notice`: a quantity
of the tables that, above 0, makes the statement due for a reason the finding names (表三（六）2:
fee notices were sent). The finding stands at the section's heading, else at the title.
"""

from __future__ import annotations

from decimal import Decimal

from linter.analyse.analysis import Scope
from linter.analyse.narrative import section_passages, states_a_count
from linter.analyse.tables import format_number, parse_value
from linter.cache import regex
from linter.checks.base import Hit, Note, Text, Words, kind
from linter.chinese import cn, squeeze
from linter.document import Span
from linter.packs.expr import quantity, references
from linter.packs.load import Quantity
from linter.packs.schema import Custom, ListOf, Ref, Regex, Str
from linter.parse.tree import Report, Section

_HEAD_END = regex(r"[。，,：:；;]")


def _all_text(report: Report):
    for heading in report.headings:
        yield heading.title
    for paragraph in report.paragraphs:
        yield paragraph.text
    for table in report.tables:
        for cell in table.cells:
            yield cell.text


def _first_line_span(report: Report) -> Span:
    for line in report.lines:
        if line.text.strip():
            start = len(line.text) - len(line.text.lstrip())
            return line.span(start)
    return Span.point(1)


def _mentions(title: str, item: dict) -> bool:
    """A heading names an item (its own words, before any text run on after it)."""
    squeezed = squeeze(title.split("。")[0])
    return any(squeeze(p) in squeezed for p in item["match"])


_ORGANISED = 3  # parts naming an item: the report is organised by the items of 第三十二条


def _items(analysis):
    """An item counts as reported when any text mentions it. The item of other matters also
    counts when the report has a part of its own beyond the named items (`审批事项及处理情况`,
    `工作人员及经费情况`) among or after them — not an opening part before them (an overview):
    other matters in substance, not under that name. A missing item is
    reported where it should stand: at the part after the one carrying the item before it."""
    items = analysis.data.get("content_items", [])
    if not items:
        return  # the packs of the report's era list none
    report = analysis.report
    squeezed = squeeze("".join(_all_text(report)))
    parts = [s.heading for s in report.root.walk() if s.heading is not None and s.heading.level == 1]
    start = analysis.facts.title_span or _first_line_span(report)
    for number, item in enumerate(items, 1):
        if any(squeeze(p) in squeezed for p in item["match"]):
            continue
        beyond = item.get("parts_beyond")
        carriers = [i for i, h in enumerate(parts) if any(_mentions(h.title, other) for other in items)]
        first_item = carriers[0] if carriers else len(parts)
        if beyond is not None and len(carriers) >= _ORGANISED and any(
            not any(_mentions(h.title, other) for other in items) and not any(squeeze(w) in squeeze(h.title) for w in beyond)
            for h in parts[first_item + 1:]  # a part among or after the named ones, not an opening
        ):
            continue
        span = start
        previous = items[number - 2] if number > 1 else None
        carrier = next((i for i, h in enumerate(parts) if previous and _mentions(h.title, previous)), None)
        if carrier is not None:
            span = parts[carrier + 1].span if carrier + 1 < len(parts) else parts[carrier].span
        yield Hit(Span.point(span.line, span.column), {"number": Words(cn(number), str(number)), "title": item["title"]}, key=item["id"])


def _head(title: str) -> str:
    """A heading's own words, before any text run on after it (`依申请公开。全年…`)."""
    return _HEAD_END.split(title, maxsplit=1)[0].strip()


def _sections_named(root: Section, phrases: list[str], not_phrases: list[str] = ()) -> list[Section]:
    wanted = [squeeze(p) for p in phrases]
    unwanted = [squeeze(p) for p in not_phrases]

    def named(section: Section) -> bool:
        if section.heading is None:
            return False
        head = squeeze(_head(section.heading.title))
        return len(head) <= 30 and any(p in head for p in wanted) and not any(p in head for p in unwanted)

    chosen = []
    for section in root.walk():
        if named(section) and not any(named(s) for s in list(section.walk())[1:]):
            chosen.append(section)
    return chosen


def _has_values(section: Section) -> bool:
    return any(isinstance(parse_value(c.text), Decimal) for s in section.walk() for t in s.tables for c in t.cells)


def _count(analysis, params):
    present = {tid for tid, g in analysis.grids.items() if not g.missing}
    for node in params.get("cells", []):
        if any(ref.table in present for ref in references(node)):
            return
    for section in _sections_named(analysis.report.root, params.get("headings", []), params.get("not_headings", [])):
        if _has_values(section) or states_a_count(section_passages(section), analysis.vocabulary, params.get("units"), analysis.masks):
            continue
        heading = section.heading
        yield Hit(heading.span, {"title": _head(heading.title)}, key=squeeze(_head(heading.title)))


def _years(value, where, ck):
    if not isinstance(value, dict) or set(value) - {"from", "to"} or not all(isinstance(y, int) for y in value.values()):
        raise ck.fail(where, "`years` is {from: YEAR, to: YEAR}, either end may be open")
    return value


def _says(texts, patterns) -> bool:
    return any(p.search(t) for t in texts for p in patterns)


def _statement(analysis, params):
    years = params.get("years")
    year = analysis.year
    if years is not None and (year is None or year < years.get("from", year) or year > years.get("to", year)):
        return
    if any(t in analysis.grids and not analysis.grids[t].missing for t in params.get("tables", [])):
        return
    report = analysis.report
    phrases = params["phrases"]
    within = params.get("within")
    if within is not None:
        match = analysis.section(within)
        if match is None or match.section is None:
            return
        texts = [p.text for p in section_passages(match.section)]
        span = match.heading.span
        where = {"title": match.title}
    else:
        texts = list(_all_text(report))
        title = analysis.facts.title_span or _first_line_span(report)
        span = Span.point(title.line, title.column)
        where = {}
    if _says(texts, phrases) or _says([p.text for p, _ in analysis.passages], params.get("also", [])):
        return
    named = [squeeze(s) for s in params.get("sections", [])]
    for section in report.root.walk():
        if section.heading is not None and any(n in squeeze(section.heading.title) for n in named):
            if _says([p.text for p in section_passages(section)], phrases):
                return
    values = {**where, "year": year or "", "notice": ""}
    related: tuple[Note, ...] = ()
    notice = params.get("notice")
    if notice is not None:
        number, terms, _missing = quantity(notice, Scope(analysis))
        if number is not None and number > Decimal(0):
            values["notice"] = Text.of("fee_notices", value=format_number(number))
            related = tuple(Note(t.cell.span, Text.of("notice_cell", value=format_number(t.number)), getattr(t.cell, "where", None))
                            for t in terms)
    yield Hit(span, values, related, key=within or "report")


def run(analysis, params):
    case = params.get("report", "items")
    if case == "items":
        yield from _items(analysis)
    elif case == "count":
        yield from _count(analysis, params)
    else:
        yield from _statement(analysis, params)


def _check(params, where, ck):
    if params.get("report") == "statement" and "phrases" not in params:
        raise ck.fail(where, "report: statement needs `phrases`")


KIND = kind(
    "content-items", run,
    params={"report": Str(choices=("items", "count", "statement")),
            "headings": ListOf(Str()), "not_headings": ListOf(Str()), "units": ListOf(Str()), "cells": ListOf(Quantity()),
            "phrases": ListOf(Regex(), nonempty=True), "within": Ref("section"), "also": ListOf(Regex()),
            "sections": ListOf(Str()), "tables": ListOf(Ref("table")), "years": Custom(_years), "notice": Quantity()},
    fields=("number", "title", "year", "notice"),
    texts={"fee_notices": ("value",), "notice_cell": ("value",)},
    check_params=_check,
)
