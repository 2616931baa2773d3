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


class _Text:
    """A text the patterns are searched in (a plain class: a report has hundreds of cells)."""

    __slots__ = ("text", "span_of", "whole", "start")

    def __init__(self, text: str, span_of, whole: str, start: tuple[int, int]):
        self.text = text
        self.span_of = span_of  # (start, end) -> Span
        self.whole = whole  # the text as quoted in a message when the match is inside it
        self.start = start  # (line, column) of its first character: the document order


def _paragraph(p) -> _Text:
    return _Text(p.text, p.span_of, p.text.strip(), _start(p.span_of(0, 1)))


def _cell(c) -> _Text:
    span = c.span
    return _Text(c.text, lambda _a, _b, s=span: s, c.text.strip(), (span.line, span.column))


def _texts(analysis, scopes: list[str], within: str | None):
    """The texts in the scopes, in document order (found once per report)."""
    memo = getattr(analysis, "memo", {})
    key = ("phrases.texts", tuple(scopes), within)
    if key not in memo:
        memo[key] = _find_texts(analysis, scopes, within)
    return memo[key]


def _find_texts(analysis, scopes: list[str], within: str | None):
    sections = None
    if within is not None:
        match = analysis.section(within)
        if match is None or match.section is None:
            return []
        sections = list(match.section.walk())
    else:
        sections = list(analysis.report.root.walk())
    out: list[_Text] = []
    for section in sections:
        if "prose" in scopes:
            if section.heading is not None:
                line = section.heading.line
                out.append(_Text(line.text, line.span, line.text.strip(), _start(line.span(0, 1))))
            out += [_paragraph(p) for p in section.paragraphs]
        if "cells" in scopes:
            out += [_cell(c) for t in section.tables for c in t.cells]
    out.sort(key=lambda t: t.start)
    return out


def _start(span) -> tuple[int, int]:
    return span.line, span.column


def _masked(text: str, masks) -> str:
    for pattern in masks:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
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


def _joined(texts: list[_Text], masks):
    """One squeezed stream of the texts, and for each character the text and index it came from."""
    chars: list[str] = []
    origin = _Origins()
    length = 0
    for k, t in enumerate(texts):
        for m in _KEPT_RUN.finditer(_masked(t.text, masks)):
            run = m.group()
            chars.append(run)
            origin.starts.append(length)
            origin.runs.append((k, m.start()))
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


_ANY_OF: dict[tuple, re.Pattern | None] = {}


def _any_of(patterns) -> re.Pattern | None:
    """One pattern that matches somewhere exactly when one of `patterns` does (their
    alternation), or None when they cannot be joined: a pattern with groups (a backreference
    would count them differently), different flags, verbose ones (a comment would run on), or
    an inline flag."""
    key = tuple((p.pattern, p.flags) for p in patterns)
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
    key = (tuple(scopes), params.get("within"), tuple(masks))
    if params.get("joined"):
        stream, origin = _once(analysis, ("phrases.joined", *key), lambda: _joined(texts, masks))
        for pattern in params["patterns"]:
            for m in pattern.finditer(stream):
                if m.start() >= len(origin):
                    continue
                k, i = origin[m.start()]
                t = texts[k]
                yield Hit(t.span_of(i, i + 1), {"found": t.whole}, key=f"{pattern.pattern}:{t.whole}")
        return
    all_masked = _once(analysis, ("phrases.masked", *key), lambda: [_masked(t.text, masks) for t in texts])
    patterns = params["patterns"]
    any_of = _any_of(patterns)
    for t, masked in zip(texts, all_masked):
        if any_of is not None:  # most texts match none: one search says so
            if not any_of.search(masked):
                continue
        elif not any(pattern.search(masked) for pattern in patterns):
            continue
        matches = sorted((m for p in patterns for m in p.finditer(masked)), key=lambda m: (m.start(), -m.end()))
        end = -1
        for m in matches:
            found = t.text[m.start():m.end()].strip()
            if not found or m.start() < end:
                continue  # empty, or inside a phrase already found (two patterns, one phrase)
            end = m.end()
            yield Hit(t.span_of(m.start(), m.end()), {"found": found}, key=found)


KIND = kind(
    "phrases", run,
    params={"patterns": required(ListOf(Regex(), nonempty=True)), "in": ListOf(Str(choices=_SCOPES), single=True),
            "within": Ref("section"), "mask": ListOf(Regex()), "joined": Bool()},
    fields=("found",),
)
