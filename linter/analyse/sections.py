"""The required sections of the format (pack data `sections:`), bound to the headings that
carry them."""

from __future__ import annotations

import re

from linter.cache import regex
from linter.chinese import squeeze
from linter.parse.tree import Heading, Report, Section


class SectionMatch:
    """A required section and the heading that carries it. (Plain classes with __slots__
    here: never compared or copied, and a dataclass costs 0.1-0.3 ms of import.)"""

    __slots__ = ("number", "id", "title", "heading", "weak", "section")

    def __init__(self, number: int, id: str, title: str, heading: Heading | None, weak: Heading | None,
                 section: Section | None = None):
        self.number = number  # position in the required order, 1-based
        self.id = id
        self.title = title
        self.heading = heading  # the 一、 heading that carries it
        self.weak = weak  # a lower heading with its content, when the 一、 heading is missing
        self.section = section  # the section the heading opens


def _matches(text: str, phrases: list[str]) -> bool:
    return _names(squeeze(text), phrases)


def _names(squeezed: str, phrases: list[str]) -> bool:
    """Whether a squeezed text has one of the phrases in it."""
    return _search(phrases).search(squeezed) is not None


# id(phrases) -> (phrases, how many, one search for any of them squeezed)
_SEARCHES: dict[int, tuple[list[str], int, re.Pattern]] = {}


def _search(phrases: list[str]) -> re.Pattern:
    """One search for the pack's phrases squeezed, made once per list (the pack data is read,
    never changed): a text has one of them when it finds one."""
    known = _SEARCHES.get(id(phrases))
    if known is None or known[0] is not phrases or known[1] != len(phrases):
        if len(_SEARCHES) > 256:
            _SEARCHES.clear()
        search = regex("|".join(re.escape(squeeze(p)) for p in phrases)) if phrases else _NOTHING
        known = _SEARCHES[id(phrases)] = (phrases, len(phrases), search)
    return known[2]


_NOTHING = regex(r"(?!)")  # no phrase: no text names one


_CLOSE = 0.8  # how alike a misspelt title and the section's words must be (difflib's ratio)


def _close(title: str, phrases: list[str]) -> bool:
    from difflib import SequenceMatcher

    head = squeeze(title.split("。")[0])
    if not head:
        return True  # the numeral alone
    for phrase in phrases:
        want = squeeze(phrase)
        start = head[: len(want) + 2]
        # the ratio is at most SequenceMatcher.real_quick_ratio's, read from the lengths alone:
        # a title much shorter than the phrase is not compared at all
        if 2.0 * min(len(start), len(want)) / (len(start) + len(want)) < _CLOSE:
            continue
        if SequenceMatcher(None, start, want).ratio() >= _CLOSE:
            return True
    return False


def match_sections(report: Report, required: list[dict]) -> list[SectionMatch]:
    """Each required section, bound to the first top-level heading whose title names it; for a
    missing one, a lower-level heading between its neighbours that carries its content."""
    top = [s for s in report.root.walk() if s.heading is not None and s.heading.level == 1]
    titles = [squeeze(s.heading.title) for s in top]
    result = []
    for number, spec in enumerate(required, 1):
        section = next((s for s, title in zip(top, titles) if _names(title, spec["match"])), None)
        heading = section.heading if section else None
        result.append(SectionMatch(number, spec["id"], spec["title"], heading, None, section))
    # A heading in its place that names no section: reduced to its numeral (`三、` over 表三), or
    # its title misspelt (`四、政府信息公开行政法复议…`): the section, when its numeral is the
    # section's position and the title is empty or close to the section's own words.
    taken = {id(m.section) for m in result if m.section}
    for found, spec in zip(result, required):
        if found.heading:
            continue
        candidate = next((s for s in top if id(s) not in taken and s.heading.number == found.number), None)
        if candidate is not None and _close(candidate.heading.title, [spec["title"], *spec["match"]]):
            found.heading, found.section = candidate.heading, candidate
            taken.add(id(candidate))
    headings = report.headings
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
    return result


def _old_only(squeezed: str, old: list[str], required: list[dict]) -> bool:
    """Whether a squeezed title names an old part and none of the format's sections (each
    section's phrases are the pack's own list: squeezed once, see `_search`)."""
    return _names(squeezed, old) and not any(_names(squeezed, s["match"]) for s in required)


class OldStructure:
    """A report of the 2019/2021 formats written in the 2008-era structure (pack data
    `old_structure:`): its 一、 headings that only the old structure has, in order."""

    __slots__ = ("headings",)

    def __init__(self, headings: list[Heading]):
        self.headings = headings


def old_structure(report: Report, spec: dict | None, required: list[dict], matches: list[SectionMatch]) -> OldStructure | None:
    """The 2008-era structure, when at least `min` 一、 headings name an old part (`headings`:
    概述, 依申请公开, 收费及减免 …) and none of the format's sections, and at least `missing`
    sections of the format are not there at all: the report was written on the old model,
    not a report that lost a section or two."""
    if not spec:
        return None
    old = [
        s.heading for s in report.root.walk()
        if s.heading is not None and s.heading.level == 1 and _old_only(squeeze(s.heading.title), spec["headings"], required)
    ]
    missing = sum(1 for m in matches if m.heading is None and m.weak is None)
    if len(old) >= spec.get("min", 2) and missing >= spec.get("missing", 2):
        return OldStructure(old)
    return None
