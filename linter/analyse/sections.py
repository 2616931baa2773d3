"""The required sections of the format (pack data `sections:`), bound to the headings that
carry them."""

from __future__ import annotations

from dataclasses import dataclass

from linter.chinese import squeeze
from linter.parse.tree import Heading, Report, Section


@dataclass(slots=True)
class SectionMatch:
    number: int  # position in the required order, 1-based
    id: str
    title: str
    heading: Heading | None  # the 一、 heading that carries it
    weak: Heading | None  # a lower heading with its content, when the 一、 heading is missing
    section: Section | None = None  # the section the heading opens


def _matches(text: str, phrases: list[str]) -> bool:
    squeezed = squeeze(text)
    return any(squeeze(p) in squeezed for p in phrases)


def match_sections(report: Report, required: list[dict]) -> list[SectionMatch]:
    """Each required section, bound to the first top-level heading whose title names it; for a
    missing one, a lower-level heading between its neighbours that carries its content."""
    top = [s for s in report.root.walk() if s.heading is not None and s.heading.level == 1]
    result = []
    for number, spec in enumerate(required, 1):
        section = next((s for s in top if _matches(s.heading.title, spec["match"])), None)
        heading = section.heading if section else None
        result.append(SectionMatch(number, spec["id"], spec["title"], heading, None, section))
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
