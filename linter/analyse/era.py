"""The era of a report: which format it follows (pack data `eras:`), and what its content
shows of a format (the packs' fingerprint phrases)."""

from __future__ import annotations

import re

from linter.cache import regex
from linter.chinese import squeeze
from linter.document import Span
from linter.packs.model import Era, era_for
from linter.parse.tree import Report, Table


class EraEvidence:
    """The era the content looks like, the span of the evidence and the phrase; era None when
    no fingerprint phrase was found. (A plain class: never compared, and a dataclass costs
    0.1-0.3 ms of import.)"""

    __slots__ = ("era", "span", "phrase")

    def __init__(self, era: str | None = None, span: Span | None = None, phrase: str = ""):
        self.era = era
        self.span = span
        self.phrase = phrase


def content_era(report: Report, fingerprints: dict[str, tuple[tuple[str, bool], ...]],
                squeezed: dict[int, str] | None = None) -> EraEvidence:
    """`fingerprints`: the phrases only a report of an era contains, newest era first (a 2021
    report may quote a 2019 phrase, never the reverse), each with whether it counts anywhere or
    only in a table (政府集中采购 is a 2019 表二 row, and also a category of information every
    report may list in its prose). The evidence is the first text (headings, then table cells,
    then paragraphs) with a phrase of the newest era that has one. `squeezed`: each table's
    cells squeezed (`squeezed_cells`), kept for `table_era`."""
    searches = _searches(fingerprints)
    if searches is None:
        return _content_era_text_by_text(list(_texts(report)), fingerprints)
    # the texts of each kind squeezed at once, one after another (in document order within the
    # kind): an era's phrases are found with one search, the text that has one by where it
    # stops; the paragraphs, most of a report, are listed and squeezed only when no heading or
    # cell has a phrase of the newest eras
    known: list[tuple[list, str] | None] = [None] * len(_KINDS)  # each kind's items and joined text, once listed
    for era, (anywhere, only_in_tables, _every) in searches.items():
        for kind, in_table in enumerate(_KINDS):
            if known[kind] is None:
                items, texts = _items(report, kind)
                text = (_SEPARATOR.join([squeezed_cells(t, squeezed) for t in report.tables if t.cells]) if kind == 1
                        else squeeze(_SEPARATOR.join(texts)))
                if texts and text.count(_SEPARATOR) != len(texts) - 1:  # a NUL in a text
                    return _content_era_text_by_text(list(_texts(report)), fingerprints)
                known[kind] = items, text
            items, text = known[kind]
            if not items:
                continue
            found = [m.start() for m in (anywhere and anywhere.search(text),
                                         in_table and only_in_tables and only_in_tables.search(text)) if m]
            if found:
                at = min(found)
                k = text.count(_SEPARATOR, 0, at)  # the text the phrase is in
                squeezed = text[text.rfind(_SEPARATOR, 0, at) + 1:].split(_SEPARATOR, 1)[0]
                phrase = next(p for p, anywhere in fingerprints[era] if (anywhere or in_table) and p in squeezed)
                return EraEvidence(era, items[k].span, phrase)
    return EraEvidence()


_KINDS = (False, True, False)  # the headings, the table cells, the paragraphs: whether the kind is in a table


def _items(report: Report, kind: int) -> tuple[list, list[str]]:
    """The headings, the table cells or the paragraphs of a report (`_KINDS`), and their texts."""
    if kind == 0:
        headings = report.headings
        return headings, [h.title for h in headings]
    if kind == 1:
        cells = [c for t in report.tables for c in t.cells]
        return cells, [c.text for c in cells]
    paragraphs = report.paragraphs
    return paragraphs, [p.text for p in paragraphs]


def _content_era_text_by_text(texts, fingerprints: dict[str, tuple[tuple[str, bool], ...]]) -> EraEvidence:
    """content_era text by text: for a text or a phrase with a NUL in it (texts joined by NUL
    would not be told apart)."""
    squeezed_texts = [(squeeze(text), span, in_table) for text, span, in_table in texts]
    for era, phrases in fingerprints.items():
        for squeezed, span, in_table in squeezed_texts:
            phrase = next((p for p, anywhere in phrases if (anywhere or in_table) and p in squeezed), None)
            if phrase is not None:
                return EraEvidence(era, span, phrase)
    return EraEvidence()


def table_era(tables: list[Table], fingerprints: dict[str, tuple[tuple[str, bool], ...]],
              squeezed: dict[int, str] | None = None) -> str | None:
    """The era the cells of a section's tables show (newest first), or None. `squeezed`: as
    for `content_era`."""
    texts = [c.text for t in tables for c in t.cells]
    searches = _searches(fingerprints)
    if not texts or searches is None:
        texts = [squeeze(t) for t in texts]
        return next((era for era, phrases in fingerprints.items() if any(p in t for p, _ in phrases for t in texts)), None)
    joined = _SEPARATOR.join([squeezed_cells(t, squeezed) for t in tables if t.cells])
    for era, (_anywhere, _only_in_tables, every) in searches.items():
        if every.search(joined):  # a phrase that has no NUL is found in the cells joined by NUL
            return era
    return None


_SEPARATOR = "\x00"  # between two texts: squeeze keeps it and no phrase has it (see _searches)


def squeezed_cells(table: Table, squeezed: dict[int, str] | None) -> str:
    """The texts of a table's cells joined by _SEPARATOR and squeezed (the same as the cells
    squeezed one by one and joined: squeeze drops characters one by one and keeps the
    separator), kept in `squeezed` by the table's id (for the analysis of one report, which
    keeps its tables): the cells of a report are squeezed once for content_era and table_era."""
    known = squeezed.get(id(table)) if squeezed is not None else None
    if known is None:
        known = squeeze(_SEPARATOR.join([c.text for c in table.cells]))
        if squeezed is not None:
            squeezed[id(table)] = known
    return known


def _texts(report: Report):
    for heading in report.headings:
        yield heading.title, heading.span, False
    for table in report.tables:
        for cell in table.cells:
            yield cell.text, cell.span, True
    for paragraph in report.paragraphs:
        yield paragraph.text, paragraph.span, False


_SEARCHES: dict[int, tuple[dict, dict]] = {}  # id(fingerprints) -> (fingerprints, searches)


def _searches(fingerprints: dict[str, tuple[tuple[str, bool], ...]]) -> dict[str, tuple] | None:
    """For each era, a search for its phrases that count anywhere, one for those that count in
    a table only (None when it has none) and one for all of them; made once per pack set. None
    when a phrase has a NUL in it (it could be found across two texts joined)."""
    known = _SEARCHES.get(id(fingerprints))
    if known is not None and known[0] is fingerprints:
        return known[1]
    searches: dict[str, tuple] | None = {}
    for era, phrases in fingerprints.items():
        if any(_SEPARATOR in p for p, _anywhere in phrases):
            searches = None  # a phrase with a NUL in it: texts are searched one by one
            break
        anywhere = [p for p, a in phrases if a]
        only_in_tables = [p for p, a in phrases if not a]
        searches[era] = (_alternatives(anywhere), _alternatives(only_in_tables), _alternatives([p for p, _a in phrases]))
    if len(_SEARCHES) > 16:
        _SEARCHES.clear()
    _SEARCHES[id(fingerprints)] = (fingerprints, searches)
    return searches


def _alternatives(phrases: list[str]) -> re.Pattern | None:
    return regex("|".join(map(re.escape, phrases))) if phrases else None


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
