"""A part on applications that states no count (2008 era, 第三十二条第（二）项).

A section whose heading names the applications (`headings`, the most specific one when they
nest; not one that names fees, `not_headings`) and that states no count: no figure in `units` in its text, no value in its tables, no
claim of none, and no table of the report that holds the count (`cells`: quantities in the
tables; a table that is there at all, even unreadable, states a count).
"""

from __future__ import annotations

import re
from decimal import Decimal

from linter.analyse.narrative import section_passages, states_a_count
from linter.analyse.tables import parse_value
from linter.checks.base import Hit, kind
from linter.chinese import squeeze
from linter.packs.expr import references
from linter.packs.load import Quantity
from linter.packs.schema import ListOf, Str
from linter.parse.tree import Section

_HEAD_END = re.compile(r"[。，,：:；;]")


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


def run(analysis, params):
    present = {tid for tid, g in analysis.grids.items() if not g.missing}
    for node in params.get("cells", []):
        if any(ref.table in present for ref in references(node)):
            return
    for section in _sections_named(analysis.report.root, params.get("headings", []), params.get("not_headings", [])):
        if _has_values(section) or states_a_count(section_passages(section), analysis.vocabulary, params.get("units"), analysis.masks):
            continue
        heading = section.heading
        yield Hit(heading.span, {"title": _head(heading.title)}, key=squeeze(_head(heading.title)))


KIND = kind(
    "count-not-stated", run,
    params={"headings": ListOf(Str()), "not_headings": ListOf(Str()), "units": ListOf(Str()), "cells": ListOf(Quantity())},
    fields=("title",),
)
