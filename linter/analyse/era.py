"""The era of a report: which format it follows (pack data `eras:`), and what its content
shows of a format (the packs' fingerprint phrases)."""

from __future__ import annotations

from dataclasses import dataclass

from linter.chinese import squeeze
from linter.document import Span
from linter.packs.model import Era, era_for
from linter.parse.tree import Report


@dataclass(frozen=True, slots=True)
class EraEvidence:
    """The era the content looks like, the span of the evidence and the phrase; era None when
    no fingerprint phrase was found."""

    era: str | None = None
    span: Span | None = None
    phrase: str = ""


def content_era(report: Report, fingerprints: dict[str, tuple[tuple[str, bool], ...]]) -> EraEvidence:
    """`fingerprints`: the phrases only a report of an era contains, newest era first (a 2021
    report may quote a 2019 phrase, never the reverse), each with whether it counts anywhere or
    only in a table (政府集中采购 is a 2019 表二 row, and also a category of information every
    report may list in its prose)."""
    texts = [(squeeze(text), span, in_table) for text, span, in_table in _texts(report)]
    for era, phrases in fingerprints.items():
        for squeezed, span, in_table in texts:
            phrase = next((p for p, anywhere in phrases if (anywhere or in_table) and p in squeezed), None)
            if phrase is not None:
                return EraEvidence(era, span, phrase)
    return EraEvidence()


def table_era(cells, fingerprints: dict[str, tuple[tuple[str, bool], ...]]) -> str | None:
    """The era the cells of a section's tables show (newest first), or None."""
    texts = [squeeze(c.text) for c in cells]
    for era, phrases in fingerprints.items():
        if any(p in t for p, _ in phrases for t in texts):
            return era
    return None


def _texts(report: Report):
    for heading in report.headings:
        yield heading.title, heading.span, False
    for table in report.tables:
        for cell in table.cells:
            yield cell.text, cell.span, True
    for paragraph in report.paragraphs:
        yield paragraph.text, paragraph.span, False


def decide(eras: dict[str, Era], year: int | None, evidence: EraEvidence, forced: str | None) -> tuple[str, str]:
    """The era and why: given with --era; else from the year (the `eras:` table); without a
    year, from the content; else the newest format."""
    if forced:
        return forced, "given with --era"
    era = era_for(eras, year, evidence.era)
    if year is not None:
        return era, f"report year {year}"
    if evidence.era:
        return era, f"content ({evidence.phrase})"
    return era, "no year or format found; the newest format assumed"
