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
    every = _once(analysis, "phrases.texts", lambda: _report_texts(analysis))
    sections = None
    if within is not None:
        match = analysis.section(within)
        if match is None or match.section is None:
            return []
        sections = {id(s) for s in match.section.walk()}
    prose, cells = "prose" in scopes, "cells" in scopes
    if sections is None:
        if prose and cells:
            return every
        return [t for t in every if (cells if t[_CELL] is not None else prose)]
    return [t for t in every if (cells if t[_CELL] is not None else prose) and id(t[_SECTION]) in sections]


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


def _joined(texts: list[tuple], masks):
    """One squeezed stream of the texts, and for each character the text and index it came
    from. The runs of a text are found once for all the texts that read the same (the cells
    of numbers)."""
    chars: list[str] = []
    origin = _Origins()
    starts, origins = origin.starts, origin.runs
    length = 0
    runs_of: dict[str, list[tuple[str, int]]] = {}
    cells = _cell_memo(("runs", _key(masks)))
    for k, (text, cell, _span_at, _section) in enumerate(texts):
        memo = runs_of if cell is None else cells
        runs = memo.get(text)
        if runs is None:
            runs = memo[text] = [(m.group(), m.start()) for m in _KEPT_RUN.finditer(_masked(text, masks))]
        for run, i in runs:
            chars.append(run)
            starts.append(length)
            origins.append((k, i))
            length += len(run)
    origin.length = length
    return "".join(chars), origin


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


_ANY_OF: dict[tuple, re.Pattern | None] = {}


def _any_of(patterns) -> re.Pattern | None:
    """One pattern that matches somewhere exactly when one of `patterns` does (their
    alternation), or None when they cannot be joined: a pattern with groups (a backreference
    would count them differently), different flags, verbose ones (a comment would run on), or
    an inline flag."""
    key = _key(patterns)
    if key not in _ANY_OF:
        joined = None
        flags = {p.flags for p in patterns}
        if len(flags) == 1 and not flags.pop() & re.VERBOSE and not any(p.groups for p in patterns):
            try:
                joined = regex("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
            except re.error:
                joined = None
        _ANY_OF[key] = joined
    return _ANY_OF[key]


def run(analysis, params):
    scopes = params.get("in") or list(_SCOPES)
    masks = params.get("mask", [])
    texts = _texts(analysis, scopes, params.get("within"))
    if params.get("joined"):
        key = ("phrases.joined", tuple(scopes), params.get("within"), tuple(masks))
        stream, origin = _once(analysis, key, lambda: _joined(texts, masks))
        for pattern in params["patterns"]:
            for m in pattern.finditer(stream):
                if m.start() >= len(origin):
                    continue
                k, i = origin[m.start()]
                t = texts[k]
                whole = t[_TEXT].strip()  # the text as quoted in a message when the match is inside it
                yield Hit(_span_of(t, i, i + 1), {"found": whole}, key=f"{pattern.pattern}:{whole}")
        return
    patterns = params["patterns"]
    any_of = _any_of(patterns)
    found: dict[str, list] = {}  # the phrases of a text, found once for the texts that read the same
    cells = _cell_memo(("phrases", _key(patterns), _key(masks)))
    for t in texts:
        text = t[_TEXT]
        memo = found if t[_CELL] is None else cells
        phrases = memo.get(text)
        if phrases is None:
            phrases = memo[text] = _phrases(text, patterns, any_of, masks)
        for start, end, phrase in phrases:
            yield Hit(_span_of(t, start, end), {"found": phrase}, key=phrase)


def _phrases(text: str, patterns, any_of, masks) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of each phrase of the patterns in a text, in order; a phrase
    inside one already found (two patterns, one phrase) is not found again."""
    masked = _masked(text, masks)
    if any_of is not None:  # most texts match none: one search says so
        if not any_of.search(masked):
            return []
    elif not any(pattern.search(masked) for pattern in patterns):
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
