"""Stage 4a — lex: each document line becomes one token for the report grammar.

Token types (declared in grammars/report.lark):

    H1 `一、`  H2 `（一）` (also the slip `（—）`)  H3 `1.` / `1、`  H4 `（1）`
    PARA  the first line of a paragraph      CONT  a wrapped continuation line of it
    CELL  a table line                        BLANK an empty line (page markers are dropped)

The hard part is telling a heading from a table label that looks like one. Official tables put
`一、本年新收政府信息公开申请数量`, `（一）予以公开`, `1.属于国家秘密` in their first column, and
text extracted from PDF or Word puts each cell on its own line with no separator. So the lexer
tracks a *table context*:

* a line that is itself tabular (ends in `|`, a Markdown row, a bare number, a short label
  followed by its numbers such as `行政许可 97`) opens it;
* short lines just before the first bare number are the table's header and row labels;
* inside it, a heading-shaped line is a label unless what follows shows it is a heading:
  a `一、` heading is followed by something other than a number and is numbered after the
  current section; a `（一）`/`1.`/`（1）` heading is followed by prose;
* prose (a long line with sentence punctuation) or a real heading closes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..chinese import SLIP_NUMERALS, chinese_number
from ..document import DocLine

_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_HEADINGS = (
    (1, re.compile(r"\s*([一二三四五六七八九十]{1,3})\s*[、]\s*")),
    (2, re.compile(rf"\s*\(\s*([一二三四五六七八九十]{{1,3}}|[{SLIP_NUMERALS}])\s*\)\s*")),
    (3, re.compile(r"\s*(\d{1,2})\s*(?:、|\.(?!\d)|．)\s*")),
    (4, re.compile(r"\s*\(\s*(\d{1,2})\s*\)\s*")),
)
# A unit, when present, takes the spaces before it: no two quantifiers compete for a space, so
# matching stays linear on a 1 MB line.
_VALUE = r"[+-]?\d[\d,]*(?:\.\d+)?(?:\s*(?:%|万元|元|件|条|个|人次|人|次|篇|项|场|期))?|/|-|—+|无"
_NUM = re.compile(rf"^\s*(?:{_VALUE})(?:\s+(?:{_VALUE}))*\s*$")
# `行政许可 97`: a table row whose label and values PDF extraction put on one line. The label is
# short, has no digits or sentence punctuation (a wrapped prose line has them or is longer).
_ROW = re.compile(rf"^\s*[^\d\s，。；：、,;:|#（）()]{{2,20}}\s+(?:{_VALUE})(?:\s+(?:{_VALUE}))*\s*$")
_PAGE = re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$|^\s*第\s*\d{1,3}\s*页(?:\s*/?\s*共\s*\d+\s*页)?\s*$")
_MD_SEP = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
_PROSE_PUNCT = re.compile(r"[。；;，,：:！？]")
_SENTENCE_END = ("。", "！", "？", "；", "：", ":", "”", "…")

# Raw classes, before context decides.
BLANK, PAGE, PIPE, SPACER, MDROW, MDSEP, NUM, HEAD, SHORT, PROSE, ROW = range(11)
_TABULAR = {PIPE, SPACER, MDROW, MDSEP, NUM, ROW}


@dataclass(slots=True)
class LineToken:
    type: str  # H1 H2 H3 H4 PARA CONT CELL BLANK
    index: int  # index into the document lines
    level: int = 0
    numeral: str = ""
    title_start: int = 0  # offset of the heading title in the line text




def _heading(text: str) -> tuple[int, str, int] | None:
    """(level, numeral, offset of the title) when the line is shaped like a numbered heading."""
    md = _MD_HEADING.match(text)
    start = md.end() if md else 0
    for level, pattern in _HEADINGS:
        m = pattern.match(text, start)
        if m:
            return level, m.group(1), m.end()
    return None


def _classify(text: str) -> int:
    s = text.strip()
    if not s:
        return BLANK
    if _PAGE.match(s):
        return PAGE
    if s.startswith("|"):
        if _MD_SEP.match(s):
            return MDSEP
        if len(s) > 1 and s.endswith("|"):
            return MDROW
    if s.endswith("|"):
        return SPACER if not s.strip("| ") else PIPE
    if _NUM.match(s):
        return NUM
    if _heading(text):
        return HEAD
    if _ROW.match(s):
        return ROW
    if (len(s) >= 20 and _PROSE_PUNCT.search(s)) or len(s) > 60:
        return PROSE
    return SHORT


def lex(lines: list[DocLine]) -> list[LineToken]:
    texts = [line.text for line in lines]
    kinds = [_classify(t) for t in texts]
    n = len(kinds)

    def next_kind(i: int) -> int:
        for j in range(i + 1, n):
            if kinds[j] not in (BLANK, PAGE):
                return kinds[j]
        return BLANK

    tokens: list[LineToken] = []
    in_table = False
    section_numeral = 0  # number of the current 一、 section, to spot `三、本年度办理结果` inside 三
    for i, kind in enumerate(kinds):
        if kind in (BLANK, PAGE):
            if kind == BLANK and not (in_table and next_kind(i) in _TABULAR | {SHORT}):
                tokens.append(LineToken("BLANK", i))
            continue
        if kind in _TABULAR:
            if kind in (NUM, ROW) and not in_table:
                _absorb_labels(tokens, kinds, texts)
            in_table = True
            tokens.append(LineToken("CELL", i))
            continue
        if kind == HEAD:
            level, numeral, title_start = _heading(texts[i])
            if in_table and _is_label(level, numeral, texts[i][title_start:], next_kind(i), section_numeral):
                tokens.append(LineToken("CELL", i))
                continue
            in_table = False
            if level == 1:
                section_numeral = chinese_number(numeral)
            tokens.append(LineToken(f"H{level}", i, level, numeral, title_start))
            continue
        if in_table and kind == SHORT:
            tokens.append(LineToken("CELL", i))
            continue
        in_table = False
        previous = tokens[-1] if tokens else None
        wraps = (  # a line wrapped by PDF extraction continues its paragraph (page markers between)
            previous is not None
            and previous.type in ("PARA", "CONT")
            and all(kinds[k] == PAGE for k in range(previous.index + 1, i))
            and not texts[previous.index].rstrip().endswith(_SENTENCE_END)
            and not texts[i][:1].isspace()
        )
        tokens.append(LineToken("CONT" if wraps else "PARA", i))
    return tokens


def _is_label(level: int, numeral: str, title: str, following: int, section_numeral: int) -> bool:
    """Inside a table, is this heading-shaped line a row label?"""
    if level == 1:
        # A new section can only be numbered after the current one: `一、本年新收…`, `三、本年度
        # 办理结果` inside section 三 are labels; so is one right above a number.
        return following == NUM or len(title.strip()) < 2 or chinese_number(numeral) <= section_numeral
    return following != PROSE


def _absorb_labels(tokens: list[LineToken], kinds: list[int], texts: list[str]) -> None:
    """A bare number opens a table: the short lines just before it are its header and labels."""
    j = len(tokens) - 1
    while j >= 0:
        token = tokens[j]
        if token.type in ("PARA", "CONT") and kinds[token.index] == SHORT:
            token.type = "CELL"
        elif token.type in ("H1", "H2", "H3", "H4") and _label_shaped(token, texts, j == len(tokens) - 1):
            token.type, token.level, token.numeral = "CELL", 0, ""
        else:
            break
        j -= 1


def _label_shaped(token: LineToken, texts: list[str], adjacent: bool) -> bool:
    """`一、本年新收…` right above the number, `（一）予以公开`, `1.属于国家秘密`: short titles
    without sentence punctuation. A `一、` line counts only when it is right above the number."""
    title = texts[token.index][token.title_start:].strip()
    if token.type == "H1" and not adjacent:
        return False
    return len(title) <= 30 and not _PROSE_PUNCT.search(title.rstrip("。"))
