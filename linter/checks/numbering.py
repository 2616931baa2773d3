"""Heading numbering: a slip (`（—）` for `（一）`), a run of siblings that restarts at 一, a
number skipped or repeated.

One detector, three cases (`report:`): `slip`, `restart`, `gap`. A slip stands for the
number it should be, so it is not also a gap.
"""

from __future__ import annotations

from linter.checks.base import Hit, Note, Text, kind, once
from linter.chinese import SLIP_NUMERALS, cn
from linter.document import Span
from linter.packs.schema import Str
from linter.parse.tree import Heading, Section


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


def breaks(root: Section):
    """(heading, previous heading, expected number) where a run of siblings does not count on."""
    found = []
    for run_ in _sibling_runs(root):
        number = {id(h): h.number for h in run_}
        for previous, heading in zip(run_, run_[1:]):
            expected = number[id(previous)] + 1
            if heading.numeral in SLIP_NUMERALS:  # stands for the number it should be (the slip case says so)
                number[id(heading)] = expected
            elif heading.number and number[id(previous)] and heading.number != expected:
                found.append((heading, previous, expected))
    return found


def _numeral(heading: Heading, number: int) -> str:
    return str(number) if heading.level in (3, 4) else cn(number)


def run(analysis, params):
    case = params["report"]
    if case == "slip":
        for heading in analysis.report.headings:
            if heading.numeral in SLIP_NUMERALS:
                yield Hit(_numeral_span(heading), {"numeral": heading.numeral, "title": heading.title[:20]}, key=heading.title)
        return
    for heading, previous, expected in once(analysis, "numbering.breaks", lambda: breaks(analysis.report.root)):
        if (heading.number == 1) != (case == "restart"):
            continue
        values = {"numeral": heading.numeral, "previous": previous.numeral, "title": heading.title[:20]}
        if case == "gap":
            values["expected"] = _numeral(heading, expected)
        yield Hit(
            _numeral_span(heading), values,
            (Note(previous.span, Text.of("previous_heading", numeral=previous.numeral)),),
            key=heading.title,
        )


KIND = kind(
    "numbering", run,
    params={"report": Str(choices=("slip", "restart", "gap"))},
    fields=("numeral", "title", "previous", "expected"),
    texts={"previous_heading": ("numeral",)},
)
