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
from linter.checks.base import Hit, kind
from linter.chinese import SQUEEZED
from linter.packs.schema import Bool, ListOf, Ref, Regex, Str, required
from linter.patterns import required_strings

_SCOPES = ("prose", "cells")


# A text the patterns are searched in, as a tuple (a report has hundreds of cells, and a tuple
# is cheaper to make than an object): its text, the table cell it is (None for prose), for
# prose the function mapping a range of its text to a Span, and the section it stands in. Its
# span is found only for a match: a cell is one span, prose maps a range of its text.
_TEXT, _CELL, _SPAN_AT, _SECTION = range(4)


def _span_of(t: tuple, start: int, end: int):
    return t[_CELL].span if t[_CELL] is not None else t[_SPAN_AT](start, end)


def _texts(analysis, scopes: list[str], within: str | None) -> list[tuple]:
    """The texts in the scopes, in document order: the report's texts are found once (the
    phrase checks share them), and a scope is the ones of its kind in its sections."""
    texts = _once(analysis, "phrases.texts", lambda: _report_texts(analysis))
    if within is not None:
        match = analysis.section(within)
        if match is None or match.section is None:
            return []
        texts = _once(analysis, ("phrases.within", within), lambda: _in_sections(texts, match.section))
    prose, cells = "prose" in scopes, "cells" in scopes
    if prose and cells:
        return texts
    return [t for t in texts if (cells if t[_CELL] is not None else prose)]


def _in_sections(texts: list[tuple], section) -> list[tuple]:
    """The texts that stand in the section or in a section inside it."""
    sections = {id(s) for s in section.walk()}
    return [t for t in texts if id(t[_SECTION]) in sections]


def _report_texts(analysis) -> list[tuple]:
    """Every heading, paragraph and cell of the report, in document order (a stable sort of
    the walk, by where each text starts in the user's file, so that the texts of a section come
    out as they would on their own)."""
    starts: list[tuple[int, int]] = []  # (line, column) of each text's first character
    out: list[tuple] = []
    for section in analysis.report.root.walk():
        if section.heading is not None:
            line = section.heading.line
            starts.append(line.origin(0))
            out.append((line.text, None, line.span, section))
        for p in section.paragraphs:
            starts.append(p.origin(0))
            out.append((p.text, None, p.span_of, section))
        for table in section.tables:
            cells = table.cells
            starts += [c.origin() for c in cells]
            out += [(c.text, c, None, section) for c in cells]
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


def _joined(texts: list[tuple], masks) -> tuple[str, list]:
    """One squeezed stream of the texts, and the kept runs of each text (the origins of the
    stream's characters are made of them only when a pattern matches: `_origins`). A text's
    squeezed form and runs are found once for all the texts that read the same (the cells of
    numbers)."""
    of_text: list[tuple[str, list[tuple[str, int]]]] = []
    prose: dict[str, tuple] = {}
    cells = _cell_memo(("squeezed", _key(masks)))
    for text, cell, _span_at, _section in texts:
        memo = prose if cell is None else cells
        entry = memo.get(text)
        if entry is None:
            runs = [(m.group(), m.start()) for m in _KEPT_RUN.finditer(_masked(text, masks))]
            entry = memo[text] = ("".join(run for run, _i in runs), runs)
        of_text.append(entry)
    return "".join([squeezed for squeezed, _runs in of_text]), of_text


def _origins(of_text: list) -> _Origins:
    """For each character of the joined stream, the text (its index) and index it came from."""
    origin = _Origins()
    starts, origins = origin.starts, origin.runs
    length = 0
    for k, (_squeezed, runs) in enumerate(of_text):
        for run, i in runs:
            starts.append(length)
            origins.append((k, i))
            length += len(run)
    origin.length = length
    return origin


def _once(analysis, key, make):
    """make(), kept for the report: checks with the same scopes and masks share the work."""
    memo = getattr(analysis, "memo", None)
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


_CELL_TEXTS: dict[tuple, dict[str, list]] = {}
_KEPT = 20_000  # cell texts kept per set of patterns, at most


def _cell_memo(key: tuple) -> dict[str, list]:
    """What the patterns (or masks) `key` found in a cell's text, kept between reports: a
    table's cells are the format's labels and small numbers, the same in report after report.
    (Prose is another text in every report: it is not kept.)"""
    memo = _CELL_TEXTS.get(key)
    if memo is None or len(memo) >= _KEPT:
        memo = _CELL_TEXTS[key] = {}
    return memo


def _key(patterns) -> tuple:
    return tuple((p.pattern, p.flags) for p in patterns)


_PREFILTERS: dict[tuple, list] = {}


def _prefilter(patterns) -> list[tuple[re.Pattern, tuple[str, ...] | None]]:
    """Each pattern with its required strings (None: none known), made once per process."""
    key = _key(patterns)
    if key not in _PREFILTERS:
        _PREFILTERS[key] = [(p, required_strings(p) if not p.flags & re.IGNORECASE else None) for p in patterns]
    return _PREFILTERS[key]


def run(analysis, params):
    scopes = params.get("in") or list(_SCOPES)
    masks = params.get("mask", [])
    within = params.get("within")
    texts = _texts(analysis, scopes, within)
    if params.get("joined"):
        key = ("phrases.joined", tuple(scopes), within, tuple(masks))
        stream, of_text = _once(analysis, key, lambda: _joined(texts, masks))
        origin = None
        for pattern in params["patterns"]:
            for m in pattern.finditer(stream):
                if origin is None:
                    origin = _once(analysis, key + ("origins",), lambda: _origins(of_text))
                if m.start() >= len(origin):
                    continue
                k, i = origin[m.start()]
                t = texts[k]
                whole = t[_TEXT].strip()  # the text as quoted in a message when the match is inside it
                yield Hit(_span_of(t, i, i + 1), {"found": whole}, key=f"{pattern.pattern}:{whole}")
        return
    patterns = params["patterns"]
    prefilter = _prefilter(patterns)
    prose, cell_texts, all_prose = _once(analysis, ("phrases.kinds", tuple(scopes), within), lambda: _kinds(texts))
    # the patterns the prose can match: what a text has masked, the prose has as written
    live = [(p, None) for p, required in prefilter if required is None or any(s in all_prose for s in required)]
    # The cells first, each text once (most are known from other reports): when none has a
    # phrase (the rule), only the prose is gone through; else every text, in document order.
    cells = _cell_memo(("phrases", _key(patterns), _key(masks)))
    hot = set()
    for text in cell_texts:
        phrases = cells.get(text)
        if phrases is None:
            phrases = cells[text] = _phrases(text, prefilter, masks)
        if phrases:
            hot.add(text)
    found: dict[str, list] = {}  # the phrases of a text, found once for the texts that read the same
    for t in texts if hot else prose:
        text = t[_TEXT]
        if t[_CELL] is None:
            phrases = found.get(text)
            if phrases is None:
                phrases = found[text] = _phrases(text, live, masks)
        elif text in hot:
            phrases = cells[text]
        else:
            continue
        for start, end, phrase in phrases:
            yield Hit(_span_of(t, start, end), {"found": phrase}, key=phrase)


def _kinds(texts: list[tuple]) -> tuple[list[tuple], set[str], str]:
    """The prose texts of a scope (in order), the set of what its cells read, and the prose
    joined (for whether a pattern's required strings are there at all)."""
    prose = [t for t in texts if t[_CELL] is None]
    return prose, {t[_TEXT] for t in texts if t[_CELL] is not None}, "\n".join([t[_TEXT] for t in prose])


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
