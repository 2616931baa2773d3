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


def run(analysis, params):
    report = analysis.report
    squeezed = squeeze("".join(_all_text(report)))
    span = analysis.facts.title_span or _first_line_span(report)
    for number, item in enumerate(analysis.data.get("content_items", []), 1):
        if not any(squeeze(p) in squeezed for p in item["match"]):
            yield Hit(Span.point(span.line, span.column), {"number": Words(cn(number), str(number)), "title": item["title"]}, key=item["id"])


KIND = kind("content-items", run, fields=("number", "title"))
