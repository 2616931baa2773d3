"""The sections of a report: the required sections of the 2019/2021 format missing, without
their heading, out of order; and the parts the report's opening announces.

One detector, four cases (`report:`): `missing` — no 一、 heading names the section and no
lower heading carries its content (reported where the section should begin: at the next
section present, else at the section before it); `heading` — its content stands under a lower heading between
its neighbours; `order` — a section comes before one it should follow; `announced` — the
count of parts the opening announces (`本报告由总体情况、…等六部分组成`) against the parts it
lists, the parts present and the format's sections (see `_announced`).

A report written in the 2008-era structure (`analysis.old_structure`) gets one finding of the
era kind at its first old heading instead: its sections are not missing one by one, the whole
report follows another model.
"""

from __future__ import annotations

import re

from linter.analyse.narrative import number_value
from linter.checks.base import Hit, Note, Text, Words, kind
from linter.chinese import cn, squeeze
from linter.document import Span
from linter.packs.schema import Int, Regex, Str


def _number(n: int) -> Words:
    return Words(cn(n), str(n))


def run(analysis, params):
    case = params["report"]
    if case == "announced":
        yield from _announced(analysis, params)
        return
    if analysis.old_structure is not None:
        return
    matches = analysis.sections
    if case == "missing":
        for i, m in enumerate(matches):
            if m.heading or m.weak:
                continue
            following = next((n.heading for n in matches[i + 1:] if n.heading), None)
            preceding = next((n.heading for n in reversed(matches[:i]) if n.heading), None)
            # where the section should begin: at the next section present, else after the one
            # before it (at its heading: the end of the file may be a signature or an annex)
            span = following.span if following else preceding.span if preceding else analysis.report.end_span()
            yield Hit(Span.point(span.line, span.column), {"number": _number(m.number), "title": m.title}, key=m.id)
    elif case == "heading":
        for m in matches:
            if m.weak:
                yield Hit(m.weak.span, {"number": _number(m.number), "title": m.title, "found": m.weak.title}, key=m.id)
    else:
        latest = None
        for m in (m for m in matches if m.heading):
            if latest and m.heading.span.line < latest.heading.span.line:
                yield Hit(
                    m.heading.span,
                    {"number": _number(m.number), "title": m.title, "after": latest.title},
                    (Note(latest.heading.span, Text.of("section_here", title=latest.title)),),
                    key=m.id,
                )
            elif latest is None or m.heading.span.line > latest.heading.span.line:
                latest = m


def _announcement(analysis, pattern: re.Pattern, first: int):
    for passage, _context in analysis.passages[:first]:
        m = pattern.search(passage.text)
        if m:
            return passage, m
    return None


def _items(text: str, separators: re.Pattern, item_end: re.Pattern) -> list[str] | None:
    """The parts a list names, or None when its pieces cannot be told apart."""
    items, pending = [], ""
    for piece in separators.split(text):
        piece = piece.strip()
        if not piece:
            continue
        pending += piece
        if item_end.search(pending):
            items.append(pending)
            pending = ""
    return None if pending or not items else items


def _present(analysis) -> int | None:
    """N when the report's 一、 headings are exactly 一, 二, … N."""
    numbers = [h.number for h in analysis.report.headings if h.level == 1]
    if numbers and numbers == list(range(1, len(numbers) + 1)):
        return len(numbers)
    return None


def _announced(analysis, params):
    """The opening's announcement (`pattern`: groups `n`, the count, and `list`, the parts
    named, in the first `passages` passages) against

    * the parts it lists: the list is split at `separators` (、，以及 …); a piece that does not
      end like a part's name (`item_end`: 情况, 事项, 措施, 概述 …) is joined to the next one, so
      that `政府信息公开行政复议、行政诉讼情况` stays one part; a list whose last piece does not
      end like a part is not counted (where its parts begin and end is unclear);
    * the parts present: the 一、 headings, when they are one clean run 一, 二, … N (numbering
      that restarts or skips is XG112/XG113's, and the count is not judged);
    * for a format with required sections (2019, 2021), their number; a report in the
      2008-era structure gets the era kind's finding instead.

    One finding, for the first of these that does not hold."""
    found = _announcement(analysis, params["pattern"], params["passages"])
    if found is None:
        return
    passage, m = found
    announced = number_value(m.group("n"))
    if not announced:
        return
    span = passage.span_of(m.start("n"), m.end())
    values = {"announced": _number(announced)}
    key = str(announced)
    listing = m.groupdict().get("list")
    items = _items(listing, params["separators"], params["item_end"]) if listing else None
    if items is not None and len(items) != announced:
        listed = squeeze(listing)
        related = tuple(
            Note(s.heading.span, Text.of("part_unlisted", title=s.title)) for s in analysis.sections
            if s.heading is not None and not any(squeeze(p) in listed for p in _phrases(analysis, s.id))
        )
        problem = Text.of("parts_listed", listed=_number(len(items)))
        yield Hit(span, {**values, "problem": problem}, related, key=f"{key}:listed:{len(items)}")
        return
    present = _present(analysis)
    if present is not None and present != announced:
        yield Hit(span, {**values, "problem": Text.of("parts_present", present=_number(present))}, key=f"{key}:present:{present}")
        return
    required_parts = len(analysis.sections)
    if required_parts and analysis.old_structure is None and announced != required_parts:
        eras = analysis.packs.eras
        era = eras[analysis.era].words if analysis.era in eras else ""
        problem = Text.of("parts_format", era=era, required=_number(required_parts))
        yield Hit(span, {**values, "problem": problem}, key=f"{key}:format")


def _phrases(analysis, section_id: str) -> list[str]:
    spec = next((s for s in analysis.data.get("sections", []) if s["id"] == section_id), None)
    return list(spec["match"]) if spec else []


def _check(params, where, ck):
    needs = {"pattern", "separators", "item_end", "passages"}
    if params["report"] == "announced" and not needs <= params.keys():
        raise ck.fail(where, "report: announced needs `pattern`, `separators`, `item_end` and `passages`")


KIND = kind(
    "sections", run,
    params={"report": Str(choices=("missing", "heading", "order", "announced")), "pattern": Regex(),
            "separators": Regex(), "item_end": Regex(), "passages": Int(minimum=1)},
    fields=("number", "title", "found", "after", "announced", "problem"),
    texts={"section_here": ("title",), "parts_listed": ("listed",), "parts_present": ("present",),
           "parts_format": ("era", "required"), "part_unlisted": ("title",)},
    check_params=_check,
)
