"""Headings that do not stand at the start of a line.

Crawlers and CMS exports often give a report's whole body as one line: `…统计期限为2022年1月1日
至2022年12月31日。一、总体情况 2022年，全县… 二、主动公开政府信息情况 全年…`. Before lexing, such a
line is cut into pieces — the text before the first heading, each heading, and the text after
it — so that the lexer sees one heading a line, as in any other report.

Only official section headings cut a line (`[一二三…]、` followed by a title of the format, from
the packs, after `。`/`；`/white space), and only when the line holds at least two of them in
ascending order: a list inside a sentence (`主要做了以下工作：一、加强…；二、完善…`) names no
official title, and a table of contents (`一、概述,二、…`) has nothing between its titles. One
heading alone cuts a line when it is the first section and the report's title runs on into it
(`…工作年度报告 一、总体情况 2022年，…`). A
heading line whose title is followed by table cells glued together (`二、主动公开政府信息情况
第二十条第（一）项信息内容…规章000…`) is cut after the title, so that the cells are a table.

Every piece is a DocLine whose `origin()` still answers in the user's file: a finding on the
third heading of a one-line body points at its column in that line.
"""

from __future__ import annotations

from array import array

from linter.cache import regex
from linter.chinese import chinese_number
from linter.document import DocLine
from linter.memo import SHORT_TEXT
from linter.parse.vocabulary import Vocabulary

# What every heading _INLINE_HEADING finds has: a lone search for it passes over most lines with
# a `、` faster than _INLINE_HEADING, whose lookbehind at its start is tried at every position.
_NUMERAL_COMMA = regex(r"[一二三四五六七八九十]\s*、")
_INLINE_HEADING = regex(r"(?:^|(?<=[。；;！!？?\s]))\s*(?:#{1,6}\s+)?([一二三四五六七八九十]{1,2})\s*、\s*")
_CONTENT = regex(r"[^\s,，、;；.。:：|]")
# a report's title: short, no sentence punctuation, ending in 报告/年报
_TITLE = regex(r"[^。；;！!？?，,]{4,60}(?:报告|年报)")


def split_lines(lines: list[DocLine], vocab: Vocabulary) -> list[DocLine]:
    """The lines, each line with headings inside cut into its pieces."""
    search = _NUMERAL_COMMA.search
    memo = vocab.line_cuts
    out: list[DocLine] = []
    done = 0  # the lines before this one are in `out`
    for index in [i for i, line in enumerate(lines) if "、" in line.text and search(line.text)]:
        line = lines[index]
        text = line.text
        if len(text) <= SHORT_TEXT:  # a heading line (`一、总体情况`): the same in report after report
            cuts = memo.get(text, _UNSEEN)
            if cuts is _UNSEEN:
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                cuts = memo[text] = _cuts(text, vocab)
        else:
            cuts = _cuts(text, vocab)
        if not cuts:
            continue
        out += lines[done:index]
        bounds = [0, *cuts, len(line.text)]
        for a, b in zip(bounds, bounds[1:]):
            piece = slice_line(line, a, b)
            if piece is not None:
                out.append(piece)
        done = index + 1
    out += lines[done:]
    return out


# Lines of SHORT_TEXT characters or fewer have their cuts kept per vocabulary (they depend on
# nothing else): most lines with a `一、` in them are headings, worded alike in every report.
_MEMO_SIZE = 8192
_UNSEEN = object()


def _cuts(text: str, vocab: Vocabulary) -> list[int] | None:
    """Where to cut the line: before each heading and after its title."""
    heads: list[tuple[int, int, int]] = []  # (start, end of the title, number)
    for m in _INLINE_HEADING.finditer(text):
        end = vocab.title_end(text, m.end())
        if end is not None:
            heads.append((m.start(1), end, chinese_number(m.group(1))))
    if not heads:
        return None
    if len(heads) >= 2:
        numbers = [n for _, _, n in heads]
        if numbers != sorted(set(numbers)):
            return None  # not in ascending order: not the report's own sections
        bodies = [text[end:nxt] for (_, end, _), (nxt, _, _) in zip(heads, heads[1:])]
        if not any(_CONTENT.search(body) for body in bodies):
            return None  # titles one after the other: a table of contents
        cuts: list[int] = []
        for start, end, _ in heads:
            cuts += [start, end]
        return cuts
    start, end, number = heads[0]
    before = text[:start].strip(" \t#")
    if before == "" and vocab.glued_labels(text[end:]) >= 2:
        return [end]
    if number == 1 and _TITLE.fullmatch(before):
        return [start, end]  # the title runs on into the first section
    return None


def slice_line(line: DocLine, a: int, b: int) -> DocLine | None:
    """text[a:b] of the line, without surrounding white space, as a DocLine whose positions
    are those of the original characters; None when nothing but white space is there."""
    text = line.text
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a == b:
        return None
    origins = [line.origin(i) for i in range(a, b + 1)]
    cols = array("l", (c for _, c in origins))
    lines = array("l", (n for n, _ in origins)) if line.lines is not None else None
    return DocLine(text[a:b], origins[0][0], cols, lines, where=line.where, cell=line.cell)
