"""The six content items of 第三十二条 (2008 条例): an item counts as reported when any heading,
paragraph or table cell mentions it (pack data `content_items:`); one finding per item that
nothing mentions, at the title."""

from __future__ import annotations

from linter.checks.base import Hit, Words, kind
from linter.chinese import cn, squeeze
from linter.document import Span
from linter.parse.tree import Report


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


def run(analysis, params):
    """An item counts as reported when any text mentions it. The item of other matters also
    counts when the report has a part of its own beyond the named items (`审批事项及处理情况`,
    `工作人员及经费情况`) among or after them — not an opening part before them (an overview):
    other matters in substance, not under that name. A missing item is
    reported where it should stand: at the part after the one carrying the item before it."""
    report = analysis.report
    items = analysis.data.get("content_items", [])
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


KIND = kind("content-items", run, fields=("number", "title"))
