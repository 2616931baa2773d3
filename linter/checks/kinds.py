"""The check kinds the packs can use. Each kind is general; what it looks for (which sections,
which phrases, which deadlines) comes from the pack data in `ctx.data` and `ctx.params`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from linter.chinese import SLIP_NUMERALS, cn, squeeze
from linter.document import Span
from linter.engine import CheckContext, Hit, kind
from linter.findings import Related
from linter.packs.model import era_for
from linter.parse.tree import Heading, Report, Section

# ---------------------------------------------------------------- required sections (2019, 2021)


@dataclass(slots=True)
class SectionMatch:
    number: int  # position in the required order, 1-based
    id: str
    title: str
    heading: Heading | None  # the 一、 heading that carries it
    weak: Heading | None  # a lower heading with its content, when the 一、 heading is missing


def _matches(text: str, phrases: list[str]) -> bool:
    squeezed = squeeze(text)
    return any(squeeze(p) in squeezed for p in phrases)


def match_sections(ctx: CheckContext) -> list[SectionMatch]:
    """Each required section, bound to the first top-level heading whose title names it; for a
    missing one, a lower-level heading between its neighbours that carries its content."""
    if "sections" in ctx.memo:
        return ctx.memo["sections"]
    required = ctx.data.get("sections", [])
    top = [h for h in ctx.report.headings if h.level == 1]
    result = []
    for number, spec in enumerate(required, 1):
        heading = next((h for h in top if _matches(h.title, spec["match"])), None)
        result.append(SectionMatch(number, spec["id"], spec["title"], heading, None))
    headings = ctx.report.headings
    for i, found in enumerate(result):
        spec = required[i]
        if found.heading or not spec.get("weak_match"):
            continue
        after = max((m.heading.span.line for m in result[:i] if m.heading), default=0)
        before = min((m.heading.span.line for m in result[i + 1:] if m.heading), default=10**9)
        found.weak = next(
            (h for h in headings if h.level > 1 and after < h.span.line < before and _matches(h.title, spec["weak_match"])),
            None,
        )
    ctx.memo["sections"] = result
    return result


@kind("section-missing")
def section_missing(ctx: CheckContext):
    matches = match_sections(ctx)
    for i, m in enumerate(matches):
        if m.heading or m.weak:
            continue
        following = next((n.heading for n in matches[i + 1:] if n.heading), None)
        span = following.span if following else ctx.report.end_span()
        yield Hit(Span.point(span.line, span.column), {"number": cn(m.number), "title": m.title}, key=m.id)


@kind("section-heading-missing")
def section_heading_missing(ctx: CheckContext):
    for m in match_sections(ctx):
        if m.weak:
            yield Hit(m.weak.span, {"number": cn(m.number), "title": m.title, "found": m.weak.title}, key=m.id)


@kind("section-order")
def section_order(ctx: CheckContext):
    present = [m for m in match_sections(ctx) if m.heading]
    latest: SectionMatch | None = None
    for m in present:
        if latest and m.heading.span.line < latest.heading.span.line:
            yield Hit(
                m.heading.span,
                {"number": cn(m.number), "title": m.title, "after": latest.title},
                (Related(latest.heading.span, f"“{latest.title}”在此"),),
                key=m.id,
            )
        elif latest is None or m.heading.span.line > latest.heading.span.line:
            latest = m


# ---------------------------------------------------------------- required content (2008 第三十二条)


@kind("content-item-missing")
def content_item_missing(ctx: CheckContext):
    report = ctx.report
    text = "".join(_all_text(report))
    squeezed = squeeze(text)
    span = report.title_span or _first_line_span(report)
    for number, item in enumerate(ctx.data.get("content_items", []), 1):
        if not any(squeeze(p) in squeezed for p in item["match"]):
            yield Hit(Span.point(span.line, span.column), {"number": cn(number), "title": item["title"]}, key=item["id"])


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


# ---------------------------------------------------------------- heading numbering


def _sibling_runs(section: Section):
    """Lists of sibling headings of the same level under one parent, in order."""
    by_level: dict[int, list[Heading]] = {}
    for child in section.children:
        if child.heading:
            by_level.setdefault(child.heading.level, []).append(child.heading)
    yield from by_level.values()
    for child in section.children:
        yield from _sibling_runs(child)


def _numeral_span(heading: Heading) -> Span:
    text = heading.line.text
    i = text.find(heading.numeral)
    return heading.line.span(i, i + len(heading.numeral)) if i >= 0 else heading.span


@kind("heading-numeral-slip")
def heading_numeral_slip(ctx: CheckContext):
    for heading in ctx.report.headings:
        if heading.numeral in SLIP_NUMERALS:
            yield Hit(_numeral_span(heading), {"numeral": heading.numeral, "title": heading.title[:20]}, key=heading.title)


def _numbering_breaks(ctx: CheckContext):
    """(heading, previous heading, expected number) where a run of siblings does not count on."""
    if "numbering" not in ctx.memo:
        breaks = []
        for run in _sibling_runs(ctx.report.root):
            number = {id(h): h.number for h in run}
            for previous, heading in zip(run, run[1:]):
                expected = number[id(previous)] + 1
                if heading.numeral in SLIP_NUMERALS:  # stands for the number it should be (XG111 says so)
                    number[id(heading)] = expected
                elif heading.number and number[id(previous)] and heading.number != expected:
                    breaks.append((heading, previous, expected))
        ctx.memo["numbering"] = breaks
    return ctx.memo["numbering"]


def _numeral(heading: Heading, number: int) -> str:
    return str(number) if heading.level in (3, 4) else cn(number)


@kind("heading-numbering-restart")
def heading_numbering_restart(ctx: CheckContext):
    for heading, previous, _expected in _numbering_breaks(ctx):
        if heading.number == 1:
            yield Hit(
                _numeral_span(heading),
                {"numeral": heading.numeral, "previous": previous.numeral, "title": heading.title[:20]},
                (Related(previous.span, f"上一个同级标题“{previous.numeral}”"),),
                key=heading.title,
            )


@kind("heading-numbering-gap")
def heading_numbering_gap(ctx: CheckContext):
    for heading, previous, expected in _numbering_breaks(ctx):
        if heading.number != 1:
            yield Hit(
                _numeral_span(heading),
                {"numeral": heading.numeral, "previous": previous.numeral, "expected": _numeral(heading, expected), "title": heading.title[:20]},
                (Related(previous.span, f"上一个同级标题“{previous.numeral}”"),),
                key=heading.title,
            )


# ---------------------------------------------------------------- year, era, dates


@kind("year-mismatch")
def year_mismatch(ctx: CheckContext):
    r = ctx.report
    if r.title_year and r.period_year and r.title_year != r.period_year:
        yield Hit(
            r.title_year_span,
            {"title_year": r.title_year, "period_year": r.period_year},
            (Related(r.period_span, f"统计期限为{r.period_year}年"),),
            key=f"{r.title_year}/{r.period_year}",
        )


@kind("era-mismatch")
def era_mismatch(ctx: CheckContext):
    """The content shows an era (a fingerprint phrase) whose years do not cover the report's
    year (pack data `eras:`): the report was made on another era's template."""
    r = ctx.report
    if r.year is None:
        return
    era_id, span, phrase = r.content_era
    eras = ctx.data.get("eras", {})
    if era_id is None or era_id not in eras or eras[era_id].covers(r.year):
        return
    expected = eras[era_for(eras, r.year, None)]
    yield Hit(
        span,
        {"year": r.year, "era": eras[era_id].name, "expected": expected.name, "phrase": phrase},
        key=f"{era_id}/{expected.id}",
    )


def _deadline(ctx: CheckContext) -> tuple[date, str] | None:
    r = ctx.report
    body = r.body or ""
    for entry in ctx.data.get("deadlines", []):
        if "body" not in entry or re.search(entry["body"], body):
            month, day = map(int, str(entry["deadline"]).split("-"))
            return date(r.year + 1, month, day), entry.get("body", "")
    return None


@kind("publication-deadline")
def publication_deadline(ctx: CheckContext):
    r = ctx.report
    if r.year is None:
        return
    deadline = _deadline(ctx)
    for mention in r.dates:
        if mention.kind != "publication":
            continue
        try:
            published = date(mention.year, mention.month, mention.day)
        except ValueError:
            continue
        values = {"date": published.isoformat(), "year": r.year}
        if published <= date(r.year, 12, 31):
            yield Hit(mention.span, {**values, "deadline": f"{r.year + 1}-01-01", "problem": "早于统计年度结束", "problem_en": "before the reported year ended"}, key="early")
        elif deadline and published > deadline[0]:
            yield Hit(mention.span, {**values, "deadline": deadline[0].isoformat(), "problem": f"晚于法定期限{deadline[0].isoformat()}", "problem_en": f"after the deadline {deadline[0].isoformat()}"}, key="late")


@kind("dated-before-year-end")
def dated_before_year_end(ctx: CheckContext):
    r = ctx.report
    if r.year is None:
        return
    for mention in r.dates:
        if mention.kind == "signature":
            try:
                signed = date(mention.year, mention.month, mention.day)
            except ValueError:
                continue
            if signed < date(r.year, 12, 31):
                yield Hit(mention.span, {"date": signed.isoformat(), "year": r.year}, key=signed.isoformat())


# The table kinds live in their own module; importing it here registers them wherever the
# kinds are loaded (engine.run, packs.load_packs).
from linter.checks import (
    narrative_checks,  # noqa: E402,F401
    table_checks,  # noqa: E402,F401
)
