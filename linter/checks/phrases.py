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

from dataclasses import dataclass

from linter.checks.base import Hit, kind
from linter.chinese import squeeze
from linter.packs.schema import Bool, ListOf, Ref, Regex, Str, required

_SCOPES = ("prose", "cells")


@dataclass(frozen=True, slots=True)
class _Text:
    text: str
    span_of: object  # (start, end) -> Span
    whole: str  # the text as quoted in a message when the match is inside it


def _paragraph(p) -> _Text:
    return _Text(p.text, p.span_of, p.text.strip())


def _cell(c) -> _Text:
    return _Text(c.text, lambda _a, _b, s=c.span: s, c.text.strip())


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
                out.append(_Text(line.text, line.span, line.text.strip()))
            out += [_paragraph(p) for p in section.paragraphs]
        if "cells" in scopes:
            out += [_cell(c) for t in section.tables for c in t.cells]
    out.sort(key=lambda t: _start(t.span_of(0, 1)))
    return out


def _start(span) -> tuple[int, int]:
    return span.line, span.column


def _masked(text: str, masks) -> str:
    for pattern in masks:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


_KEPT: dict[str, bool] = {}  # character -> whether squeeze() keeps it (a few thousand characters)


def _joined(texts: list[_Text], masks):
    """One squeezed stream of the texts, and for each character the text and index it came from."""
    chars: list[str] = []
    origin: list[tuple[int, int]] = []
    kept = _KEPT
    for k, t in enumerate(texts):
        masked = _masked(t.text, masks)
        for i, ch in enumerate(masked):
            keep = kept.get(ch)
            if keep is None:
                keep = kept[ch] = bool(squeeze(ch))
            if keep:
                chars.append(ch)
                origin.append((k, i))
    return "".join(chars), origin


def _once(analysis, key, make):
    """make(), kept for the report: checks with the same scopes and masks share the work."""
    memo = getattr(analysis, "memo", None)
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


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
    for t, masked in zip(texts, all_masked):
        for pattern in patterns:  # most texts match none: one search each says so
            if pattern.search(masked):
                break
        else:
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
