"""Phrases that must not stand in a published report: the pack's `patterns`, found in its text.

Template residue is the case in point: a placeholder left unfilled (`XX局`, `〔〕号`, `青山县年
政务公开工作要点` with the year missing), a fill-in instruction of the format published with
it (`规章（仅设区的市级政府填写）`), a note of the format's table cut or garbled. What counts is
pack data; this kind only finds it.

    patterns   regular expressions over the normalised text; each match is one hit, at the
               match (prose) or at its cell (tables)
    in         where to look: `prose` (paragraphs, headings and the title), `cells` (table
               cells); both by default
    within     only in this section of the format (its heading's section)
    mask       regular expressions whose matches are blanked out before searching (Markdown
               `**bold**`, whose stars are not a `＊＊` placeholder)
    joined     search the texts of the scope as one stream with spaces and punctuation
               squeezed out, so that a note cut over several cells or lines by PDF extraction
               (`…第一项加第二项` / `法人或其他组织` / `之和，等于…`) is read whole; a match is
               reported at the text it starts in
"""

from __future__ import annotations

import re
from bisect import bisect_right

from linter.cache import regex
from linter.checks.base import Hit, kind, once
from linter.chinese import SQUEEZED, squeeze
from linter.packs.schema import Bool, ListOf, Ref, Regex, Str, required
from linter.patterns import may_match, per_character, required_strings

_SCOPES = ("prose", "cells")


# A text the patterns are searched in, as a tuple (a report has hundreds of cells, and a tuple
# is cheaper to make than an object): its text, the table cell it is (None for prose), and for
# prose the function mapping a range of its text to a Span. Its span is found only for a match:
# a cell is one span, prose maps a range of its text.
_TEXT, _CELL, _SPAN_AT = range(3)


def _span_of(t: tuple, start: int, end: int):
    return t[_CELL].span if t[_CELL] is not None else t[_SPAN_AT](start, end)


def _scope(analysis, within: str | None):
    """The section the texts are looked for in (the report's root without `within`), or None
    when the report lacks it."""
    if within is None:
        return analysis.report.root
    match = analysis.section(within)
    return None if match is None else match.section


def _prose(analysis, within: str | None) -> list[tuple]:
    """The headings and paragraphs of the scope, in document order: found once per report,
    when a phrase check has found a phrase in one of them."""
    return once(analysis, ("phrases.prose", within), lambda: _in_order(_scope(analysis, within), cells=False))


def _prose_texts(analysis, within: str | None) -> set[str]:
    """What the headings and paragraphs of the scope read, each text once (in no order: the
    order matters only for a text with a phrase)."""
    def make() -> set[str]:
        scope = _scope(analysis, within)
        if scope is None:
            return set()
        sections = list(scope.walk())
        texts = {s.heading.line.text for s in sections if s.heading is not None}
        return texts.union(p.text for s in sections for p in s.paragraphs)
    return once(analysis, ("phrases.prose_texts", within), make)


def _texts(analysis, scopes: list[str], within: str | None) -> list[tuple]:
    """The texts in the scopes, in document order. Found only where the order of the cells
    matters (a joined stream, a cell with a phrase): most checks of most reports go through
    the prose and the set of what the cells read."""
    texts = once(analysis, ("phrases.texts", within), lambda: _in_order(_scope(analysis, within), cells=True))
    prose, cells = "prose" in scopes, "cells" in scopes
    if prose and cells:
        return texts
    return [t for t in texts if (cells if t[_CELL] is not None else prose)]


def _cell_texts(analysis, within: str | None) -> set[str]:
    """What the cells of the scope read, each text once."""
    def make() -> set[str]:
        scope = _scope(analysis, within)
        if scope is None:
            return set()
        return {c.text for section in scope.walk() for table in section.tables for c in table.cells}
    return once(analysis, ("phrases.cell_texts", within), make)


def _in_order(scope, cells: bool) -> list[tuple]:
    """Every heading and paragraph (and with `cells`, every table cell) of a section and the
    sections inside it, in document order: a stable sort of the walk by where each text starts
    in the user's file. A section's texts, or the prose alone, come out in the order they have
    among all the report's texts."""
    if scope is None:
        return []
    starts: list[tuple[int, int]] = []  # (line, column) of each text's first character
    out: list[tuple] = []
    for section in scope.walk():
        if section.heading is not None:
            line = section.heading.line
            starts.append(line.origin(0))
            out.append((line.text, None, line.span))
        for p in section.paragraphs:
            starts.append(p.origin(0))
            out.append((p.text, None, p.span_of))
        if cells:
            for table in section.tables:
                table_cells = table.cells
                starts += [c.origin() for c in table_cells]
                out += [(c.text, c, None) for c in table_cells]
    order = sorted(range(len(out)), key=starts.__getitem__)
    return [out[k] for k in order]


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


def _masked(text: str, masks) -> str:
    for pattern in masks:
        text = pattern.sub(_blank, text)
    return text


_KEPT_RUN = regex(f"[^{SQUEEZED}]+")  # a run of the characters squeeze() keeps


class _Origins:
    """For each character of the joined stream, the text and index it came from: kept as the
    runs of kept characters (a run is consecutive in one text), found by bisection."""

    __slots__ = ("starts", "runs", "length")

    def __init__(self) -> None:
        self.starts: list[int] = []  # offset in the stream of each run
        self.runs: list[tuple[int, int]] = []  # (text, index in it) of each run's first character
        self.length = 0

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, offset: int) -> tuple[int, int]:
        r = bisect_right(self.starts, offset) - 1
        k, i = self.runs[r]
        return k, i + offset - self.starts[r]


def _stream(texts: list[tuple], masks, at_once: bool, runs) -> str:
    """The texts as one stream, masked, with spaces and punctuation squeezed out: `at_once`
    (every mask blanks characters of a class wherever they stand), masked and squeezed
    joined; else text by text (`runs()`)."""
    if at_once:
        stream = "".join([t[_TEXT] for t in texts])
        for mask in masks:
            stream = mask.sub("", stream)  # blanked, then squeezed out: removed
        return squeeze(stream)
    return "".join([run for of_text in runs() for run, _i in of_text])


def _kept_runs(texts: list[tuple], masks) -> list[list[tuple[str, int]]]:
    """The runs of kept characters of each text (masked, then what squeeze() keeps), each
    with where it starts in its text: the stream is made of them, and where its characters
    came from (`_origins`). Found once for the texts that read the same (the cells of
    numbers)."""
    found: dict[str, list] = {}
    out = []
    for t in texts:
        text = t[_TEXT]
        runs = found.get(text)
        if runs is None:
            runs = found[text] = [(m.group(), m.start()) for m in _KEPT_RUN.finditer(_masked(text, masks))]
        out.append(runs)
    return out


def _origins(of_text: list) -> _Origins:
    """For each character of the joined stream, the text (its index) and index it came from."""
    origin = _Origins()
    starts, origins = origin.starts, origin.runs
    length = 0
    for k, runs in enumerate(of_text):
        for run, i in runs:
            starts.append(length)
            origins.append((k, i))
            length += len(run)
    origin.length = length
    return origin


_KEPT = 4096  # cell texts kept per set of patterns and masks, at most


def _key(patterns) -> tuple:
    return tuple((p.pattern, p.flags) for p in patterns)


class _Patterns:
    """A check's patterns and masks as searched, made once per process: each pattern with its
    required strings (None: none known); `could_match`, False for a text that has none of them
    (patterns.may_match); whether every mask blanks characters of a class wherever they stand
    (`\\d+`: patterns.per_character), so that texts can be masked joined; and what the
    patterns found in cell texts, kept between reports (`hot_cells`)."""

    __slots__ = ("prefilter", "could_match", "masks_per_character", "clean", "hot")

    def __init__(self, patterns, masks) -> None:
        self.prefilter = [(p, required_strings(p) if not p.flags & re.IGNORECASE else None) for p in patterns]
        self.could_match = may_match(patterns)
        self.masks_per_character = all(per_character(mask) for mask in masks)
        self.clean: set[str] = set()  # cell texts without a phrase
        self.hot: dict[str, list] = {}  # cell texts with one, and their phrases

    def hot_cells(self, cell_texts: set[str], masks) -> dict[str, list]:
        """The phrases of those of the cell texts that have any (most have none). A cell text
        is searched once per process: those without a phrase are kept as a set, passed over
        for a report's cells at once (a set difference)."""
        if len(self.clean) + len(self.hot) >= _KEPT:
            self.clean, self.hot = set(), {}
        out = {}
        for text in cell_texts.difference(self.clean):
            phrases = self.hot.get(text)
            if phrases is None:
                phrases = _phrases(text, self.prefilter, masks) if self.could_match(text) else []
                if not phrases:
                    self.clean.add(text)
                    continue
                self.hot[text] = phrases
            out[text] = phrases
        return out


_PATTERNS: dict[tuple, _Patterns] = {}  # by the patterns' and masks' sources
_OF_PARAMS: dict[tuple[int, int], tuple] = {}  # by the lists' ids, kept with them so that the ids stand for them
_NO_MASKS: tuple = ()


def _patterns(patterns, masks) -> _Patterns:
    """The _Patterns of a rule's patterns and masks: found by the lists themselves (a rule's
    parameters are the same objects report after report), else by their sources."""
    kept = _OF_PARAMS.get((id(patterns), id(masks)))
    if kept is not None and kept[0] is patterns and kept[1] is masks:
        return kept[2]
    key = (_key(patterns), _key(masks))
    found = _PATTERNS.get(key)
    if found is None:
        if len(_PATTERNS) >= 64:  # the packs' rules: a bound all the same
            _PATTERNS.clear()
        found = _PATTERNS[key] = _Patterns(patterns, masks)
    if len(_OF_PARAMS) >= 64:
        _OF_PARAMS.clear()
    _OF_PARAMS[id(patterns), id(masks)] = (patterns, masks, found)
    return found


def run(analysis, params):
    scopes = params.get("in") or list(_SCOPES)
    masks = params.get("mask") or _NO_MASKS
    within = params.get("within")
    searched = _patterns(params["patterns"], masks)
    if params.get("joined"):
        texts = _texts(analysis, scopes, within)
        key = ("phrases.joined", tuple(scopes), within, tuple(masks))

        def runs() -> list:
            return once(analysis, key + ("runs",), lambda: _kept_runs(texts, masks))

        stream = once(analysis, key, lambda: _stream(texts, masks, searched.masks_per_character, runs))
        origin = None
        for pattern in params["patterns"]:
            for m in pattern.finditer(stream):
                if origin is None:
                    origin = once(analysis, key + ("origins",), lambda: _origins(runs()))
                if m.start() >= len(origin):
                    continue
                k, i = origin[m.start()]
                t = texts[k]
                whole = t[_TEXT].strip()  # the text as quoted in a message when the match is inside it
                yield Hit(_span_of(t, i, i + 1), {"found": whole}, key=f"{pattern.pattern}:{whole}")
        return
    # Each text once (the cells' mostly known from other reports): most reports have no
    # phrase, and then the order of their texts is never found; else every text with a phrase
    # is gone through in document order.
    hot = searched.hot_cells(_cell_texts(analysis, within), masks) if "cells" in scopes else {}
    found: dict[str, list] = {}  # the prose texts with a phrase, and their phrases
    for text in _prose_texts(analysis, within) if "prose" in scopes else ():
        if searched.could_match(text):
            phrases = _phrases(text, searched.prefilter, masks)
            if phrases:
                found[text] = phrases
    if not found and not hot:
        return
    for t in _texts(analysis, scopes, within) if hot else _prose(analysis, within):
        phrases = found.get(t[_TEXT]) if t[_CELL] is None else hot.get(t[_TEXT])
        for start, end, phrase in phrases or ():
            yield Hit(_span_of(t, start, end), {"found": phrase}, key=phrase)


def _phrases(text: str, prefilter, masks) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of each phrase of the patterns in a text, in order; a phrase
    inside one already found (two patterns, one phrase) is not found again. A pattern is
    searched only in a text that has one of its required strings (most texts match none)."""
    masked = _masked(text, masks)
    patterns = [p for p, required in prefilter if required is None or any(s in masked for s in required)]
    if not any(pattern.search(masked) for pattern in patterns):
        return []
    matches = sorted((m for p in patterns for m in p.finditer(masked)), key=lambda m: (m.start(), -m.end()))
    out = []
    end = -1
    for m in matches:
        phrase = text[m.start():m.end()].strip()
        if not phrase or m.start() < end:
            continue  # empty, or inside a phrase already found (two patterns, one phrase)
        end = m.end()
        out.append((m.start(), m.end(), phrase))
    return out


KIND = kind(
    "phrases", run,
    params={"patterns": required(ListOf(Regex(), nonempty=True)), "in": ListOf(Str(choices=_SCOPES), single=True),
            "within": Ref("section"), "mask": ListOf(Regex()), "joined": Bool()},
    fields=("found",),
)
