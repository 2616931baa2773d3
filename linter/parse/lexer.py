"""Stage 4a — lex: each document line becomes one token for the report grammar.

Token types (declared in grammars/report.lark):

    H1 `一、`  H2 `（一）` (also the slip `（—）`)  H3 `1.` / `1、`  H4 `（1）`
    PARA  the first line of a paragraph      CONT  a wrapped continuation line of it
    CELL  a table line                        BLANK an empty line (page markers are dropped)

The hard part is telling a heading from a table label that looks like one. Official tables put
`一、本年新收政府信息公开申请数量`, `（一）予以公开`, `1.属于国家秘密` in their first column, and
text extracted from PDF or Word puts each cell on its own line with no separator. So the lexer
tracks a *table context*:

* a line that is itself tabular opens it: a line with pipes (a Markdown row, a row without its
  leading pipe `规章 | 0 | 0 | 0 |`, a cell ending in `|`, a lone `|`), a bare number, a label
  followed by its numbers (`行政许可 97`, `一、本年新收…\t9\t2\t0…`), an official row label of the
  packs (`一、本年新收政府信息公开申请数量` without numbers: a template published empty), or
  table text whose cells were glued together (`规章000行政规范性文件1237190`);
* short lines just before it are the table's header and row labels, blank lines between them
  included;
* inside it, a heading-shaped line is a label unless what follows shows it is a heading: a
  `一、` heading names an official section, or is followed by something other than a number
  and is numbered after the current section (a bare `三、` too); a `（一）`/`1.`/`（1）` heading
  is followed by prose;
* prose (a long line with sentence punctuation) or a real heading closes it.

A line that lists numbered titles separated by commas (`一、概述,二、主动公开…,三、…`) is a table
of contents: a paragraph, not a heading. Lexing is n log n in the number of lines at worst: what
follows a line is found by bisection in the list of the lines that can follow, never searched for
line by line.
"""

from __future__ import annotations

from bisect import bisect_right

from linter.cache import regex
from linter.chinese import SLIP_NUMERALS, chinese_number, squeeze
from linter.document import DocLine
from linter.memo import SHORT_TEXT
from linter.parse.values import VALUE, is_value_text, trailing_values
from linter.parse.vocabulary import EMPTY, Vocabulary
from linter.patterns import could_start

# A numbered heading, after indentation and a Markdown `##`: level 1 `一、`, 2 `（一）` (or the
# slip `（—）`), 3 `1.`/`1、`, 4 `（1）`; tried in that order, as one expression (one match a line).
_HEADING = regex(
    r"(?:\s*#{1,6}\s+)?\s*(?:"
    r"(?P<h1>[一二三四五六七八九十]{1,3})\s*、"
    rf"|\(\s*(?P<h2>[一二三四五六七八九十]{{1,3}}|[{SLIP_NUMERALS}])\s*\)"
    r"|(?P<h3>\d{1,2})\s*(?:、|\.(?!\d)|．)"
    r"|\(\s*(?P<h4>\d{1,2})\s*\)"
    r")\s*"
)
_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
_NUM = regex(rf"^\s*(?:{VALUE})(?:\s+(?:{VALUE}))*\s*$")
# `行政许可 97`: a table row whose label and values PDF extraction put on one line. The label is
# short, has no digits or sentence punctuation (a wrapped prose line has them or is longer).
_ROW_LABEL = regex(r"^\s*[^\d\s，。；：、,;:|#（）()]{2,20}\s*$")
_PAGE = regex(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$|^\s*第\s*\d{1,3}\s*页(?:\s*/?\s*共\s*\d+\s*页)?\s*$")
# whether a line's first character can start a match: most lines are passed over at once
_PAGE_CAN_START, _NUM_CAN_START = could_start(_PAGE), could_start(_NUM)
_MD_SEP = regex(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
_PROSE_PUNCT = regex(r"[。；;，,：:！？]")
_SENTENCE_END = ("。", "！", "？", "；", "：", ":", "”", "…")
_ROW_LABEL_MAX = 60  # a row label with its numbers on its line is no longer than this
# `一、概述,二、主动公开…,三、…`: numbered titles one after another, separated by commas.
_TOC_ITEM = regex(r"[,，;；、\s]\s*([一二三四五六七八九十]{1,2})\s*、")

# Cells side by side: between tabs, or three or more short pieces between runs of spaces.
_TAB_PIECE = regex(r"[^\t]+")
_SPACED_PIECE = regex(r"\S+(?: \S+)*")
_CELL_MAX = 30  # a piece of a row of cells is no longer than this

# Raw classes, before context decides.
BLANK, PAGE, PIPE, SPACER, MDROW, MDSEP, NUM, HEAD, SHORT, PROSE, ROW, GLUED, CELLS = range(13)
_TABULAR = frozenset({PIPE, SPACER, MDROW, MDSEP, NUM, ROW, GLUED, CELLS})
_NOT_CONTENT = frozenset({BLANK, PAGE})
_TABLE_GOES_ON = _TABULAR | {SHORT}  # a blank line before one of these does not end a table


class Tokens:
    """The lines as the lexer classed them: `order`, the indices of the lines that are tokens, in
    document order (page markers, and blank lines inside a table, are none); `codes`, the type of
    each as one character (below); `heads`, (level, numeral, offset of the title) of each
    heading line, by its index. Lists of ints and characters, not an object a line: a report has
    a few hundred lines, and blocks() groups the codes with one regular expression."""

    __slots__ = ("order", "codes", "heads")

    def __init__(self) -> None:
        self.order: list[int] = []
        self.codes: list[str] = []
        self.heads: dict[int, tuple[int, str, int]] = {}


# The codes of the token types: H1..H4 `1`..`4`, PARA `P`, CONT `c`, CELL `C` (`G`: a table
# line whose cells run together, `规章000行政规范性文件1237190`), BLANK `B`.
_HEADS = "1234"
# A block: a run of table lines, a paragraph (its first line and the lines that continue it; a
# CONT after anything else starts one), a heading. Blank lines are in none.
_BLOCK = regex(r"[CG]+|[Pc]c*|[1-4]")


def _heading(text: str) -> tuple[int, str, int] | None:
    """(level, numeral, offset of the title) when the line is shaped like a numbered heading."""
    m = _HEADING.match(text)
    if m is None:
        return None
    group = m.lastgroup
    return _LEVELS[group], m.group(group), m.end()


def _is_toc(text: str) -> bool:
    """Three or more numbered titles in ascending order on one line, without a full stop."""
    if "。" in text:
        return False
    numbers = [chinese_number(m.group(1)) for m in _TOC_ITEM.finditer(text)]
    return len(numbers) >= 2 and numbers == sorted(set(numbers))


def cells_side_by_side(text: str) -> list[tuple[int, int]] | None:
    """Where the cells of a row of labels copied from a table are (`信息内容\t本年制发件数\t…`,
    or three or more short pieces with runs of spaces between), as (start, end) offsets into
    `text`; None when the line is not such a row. No piece is a sentence."""
    if "\t" in text.strip():
        pieces = [(m.start(), m.end()) for m in _TAB_PIECE.finditer(text)]
        written = [text[a:b].strip() for a, b in pieces if text[a:b].strip()]
        return pieces if len(written) >= 2 and not any("。" in p for p in written) else None
    # Without tabs, double spaces are also found in prose (justified PDF text): only short
    # pieces without any punctuation of a sentence are cells.
    pieces = [(m.start(), m.end()) for m in _SPACED_PIECE.finditer(text)]
    if len(pieces) < 3 or any(b - a > _CELL_MAX or _PROSE_PUNCT.search(text, a, b) for a, b in pieces):
        return None
    return pieces


def _row_line(text: str, head: tuple[int, str, int] | None, vocab: Vocabulary) -> bool:
    """A label followed on its line by its values (white space or tabs between)."""
    cut = trailing_values(text)
    if cut >= len(text.rstrip()):
        return False  # no values at the end (most lines)
    label = text[:cut].strip()
    if not label or len(label) > _ROW_LABEL_MAX or label.endswith(_SENTENCE_END):
        return False
    values = text[cut:].split()
    numbers = sum(1 for v in values if v[:1].isdigit() or v[1:2].isdigit())
    if head is None and _ROW_LABEL.match(label):
        return True
    if vocab.is_table_label(label) or "\t" in text:
        return True
    return len(values) >= 2 and numbers >= 1  # `（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0`


def _classify(text: str, vocab: Vocabulary) -> int:
    s = text.strip()
    if not s:
        return BLANK
    first = s[0]  # what _PAGE and _NUM can start with is checked before either is tried
    if _PAGE_CAN_START(first) and _PAGE.match(s):
        return PAGE
    if "|" in s:
        if not s.strip("| "):
            return SPACER  # a lone `|`, `||`, `|||`
        if s.startswith("|"):
            if _MD_SEP.match(s):
                return MDSEP
            if "|" in s[1:]:
                return MDROW
            return PIPE
        if s.endswith("|"):
            return PIPE  # a cell ending in its pipe, a row without its leading pipe, `11 | ||`
        if any(is_value_text(p.strip()) for p in s.split("|")):
            return PIPE  # `规章 | 0 | 0 | 0` (no pipe at either end)
    if _NUM_CAN_START(first) and _NUM.match(s):
        return NUM
    head = _heading(text)
    if _row_line(text, head, vocab):
        return ROW
    if head:
        return PROSE if _is_toc(s) else HEAD
    if ("\t" in s or "  " in s) and cells_side_by_side(s) is not None:
        return CELLS
    # a long line (prose, most of them: never kept) squeezed once for both tests, which would
    # each squeeze it (label_key keeps only the keys of short texts)
    squeezed = squeeze(s) if len(s) > SHORT_TEXT else None
    if vocab.glued_labels(s, squeezed) >= 2:
        return GLUED
    if vocab.is_row_label(s, squeezed):
        return SHORT  # `部分公开（区分处理的，只计这一情形，不计其他情形）` is a label, not a sentence
    if (len(s) >= 20 and _PROSE_PUNCT.search(s)) or len(s) > 60:
        return PROSE
    return SHORT


_MEMO_SIZE = 8192  # lines of SHORT_TEXT characters or fewer have their class kept (labels, numbers, separators)


def _classes(texts: list[str], vocab: Vocabulary) -> list[int]:
    """The raw class of each line. A short line's class is kept per vocabulary (it depends on
    nothing else): the same labels, numbers and table separators fill a report's tables, and
    every report's of the same template; prose is classed afresh (never kept, so never found)."""
    memo = vocab.line_classes
    kinds = list(map(memo.get, texts))
    for i in [i for i, kind in enumerate(kinds) if kind is None]:
        text = texts[i]
        kind = kinds[i] = _classify(text, vocab)
        if len(text) <= SHORT_TEXT:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[text] = kind
    return kinds


def lex(lines: list[DocLine], vocab: Vocabulary = EMPTY) -> Tokens:
    texts = [line.text for line in lines]
    kinds = _classes(texts, vocab)
    n = len(kinds)
    # What comes next, found by bisection in the lines that can come next (a forward search
    # from every blank line made lexing quadratic on tables with blank lines between their cells):
    # `content`, the lines that are not blank or a page marker, for what a blank line is followed
    # by; `ahead`, the same without lone pipes (the separators of a cell-per-line table), for
    # what a heading-shaped line is followed by.
    content = [i for i, kind in enumerate(kinds) if kind not in _NOT_CONTENT]
    ahead = [i for i in content if kinds[i] != SPACER or texts[i].strip() != "|"]
    kinds_past = [*kinds, BLANK]  # ... and the kind of "no line" (index n)

    tokens = Tokens()
    order, codes = tokens.order, tokens.codes
    in_table = False
    section_numeral = 0  # number of the current 一、 section, to spot `三、本年度办理结果` inside 三
    for i, kind in enumerate(kinds):
        if kind in _NOT_CONTENT:
            if kind == BLANK and not (in_table and kinds_past[_next(content, i, n)] in _TABLE_GOES_ON):
                order.append(i)
                codes.append("B")
            continue
        if kind in _TABULAR:
            if not in_table and kind in (NUM, ROW):
                _absorb_labels(tokens, kinds, texts, vocab, headings=True)
            elif not in_table and kind == CELLS:
                _absorb_labels(tokens, kinds, texts, vocab, headings=False)
            elif not in_table and kind == SPACER and order and order[-1] == i - 1:
                _absorb_labels(tokens, kinds, texts, vocab, headings=False, limit=1)  # `规章` then `|`
            in_table = True
            order.append(i)
            codes.append("G" if kind == GLUED else "C")
            continue
        if kind == HEAD:
            level, numeral, title_start = _heading(texts[i])
            title = texts[i][title_start:]
            following_at = _next(ahead, i, n)
            following = kinds_past[following_at]
            if vocab.is_row_label(title) and following != PROSE:
                # `一、本年新收…`, `（一）主动公开政府信息数`: a label, numbers after it or not
                # (a heading that happens to be worded like one is followed by its prose)
                if not in_table:
                    _absorb_labels(tokens, kinds, texts, vocab, headings=False)
                in_table = True
                order.append(i)
                codes.append("C")
                continue
            if in_table and not vocab.is_section_title(title):
                below = texts[following_at] if following_at < n else ""
                if _is_label(level, numeral, title, following, section_numeral, vocab.is_table_label(below)):
                    order.append(i)
                    codes.append("C")
                    continue
            in_table = False
            if level == 1:
                section_numeral = chinese_number(numeral)
            order.append(i)
            codes.append(_HEADS[level - 1])
            tokens.heads[i] = level, numeral, title_start
            continue
        if in_table and kind == SHORT:
            order.append(i)
            codes.append("C")
            continue
        in_table = False
        wraps = (  # a line wrapped by PDF extraction continues its paragraph (page markers between)
            order
            and codes[-1] in "Pc"
            and (order[-1] == i - 1 or all(kinds[k] == PAGE for k in range(order[-1] + 1, i)))
            and not texts[order[-1]].rstrip().endswith(_SENTENCE_END)
            and not texts[i][:1].isspace()
        )
        order.append(i)
        codes.append("c" if wraps else "P")
    return tokens


def _next(after: list[int], i: int, n: int) -> int:
    """The first line of `after` (ascending line indices) below line i; n when there is none."""
    k = bisect_right(after, i)
    return after[k] if k < len(after) else n


def blocks(tokens: Tokens) -> list[tuple[str, object]]:
    """The tokens of grammars/report.lark, as (type, value): a heading line is one (H1..H4, its
    line index, level, numeral and offset of the title); a paragraph — a PARA or CONT line and
    the CONT lines right after it — is one PARAGRAPH (its line indices), a run of CELL lines one
    TABLE (their line indices, and their codes: `G` for one whose cells run together). A blank
    line ends a paragraph or a table and is no token: the parser is fed one token a block, not
    one a line (about a sixth as many)."""
    order, heads = tokens.order, tokens.heads
    code = "".join(tokens.codes)
    out: list[tuple[str, object]] = []
    for m in _BLOCK.finditer(code):
        a, b = m.span()
        first = code[a]
        if first in "CG":
            out.append(("TABLE", (order[a:b], code[a:b])))
        elif first in "Pc":
            out.append(("PARAGRAPH", order[a:b]))
        else:
            index = order[a]
            out.append(("H" + first, (index, *heads[index])))
    return out


def _is_label(level: int, numeral: str, title: str, following: int, section_numeral: int, label_below: bool) -> bool:
    """Inside a table, is this heading-shaped line a row label? `label_below`: the line below
    is a label of the tables (`三、` then `本年度办理结果`: a label cut in two)."""
    if level == 1:
        number = chinese_number(numeral)
        if not title.strip():
            # a heading reduced to its numeral: the next section when it is numbered next,
            # and not the start of a label cut by the layout
            return number != section_numeral + 1 or label_below
        # A new section can only be numbered after the current one: `一、本年新收…`, `三、本年度
        # 办理结果` inside section 三 are labels; so is one right above a number.
        return following == NUM or len(title.strip()) < 2 or number <= section_numeral
    return following != PROSE


def _absorb_labels(tokens: Tokens, kinds: list[int], texts: list[str], vocab: Vocabulary, headings: bool, limit: int = 0) -> None:
    """A table opens: the short lines just before it are its header and labels, blank lines
    between them included (a sentence, ending in `。`, is not a label). A heading-shaped line
    is taken when it is a label of the tables (`一、主动公开情况`); with `headings` (a bare number
    opens it), other label-shaped headings too, up to the first blank line (a page number
    below a heading is not a table). A `一、` line is taken only right above the table.
    `limit`: take at most this many lines (0: no limit)."""
    order, codes = tokens.order, tokens.codes
    taken: list[tuple[int, str]] = []  # (line index, code), last first
    adjacent = True
    while order and not (limit and len(taken) >= limit):
        i, code = order[-1], codes[-1]
        if code == "B":
            taken.append((order.pop(), codes.pop()))
            headings = False  # across a blank line only short lines (a bare page number below a heading)
            continue
        if code in "Pc" and kinds[i] == SHORT and not texts[i].rstrip().endswith(_SENTENCE_END):
            pass
        elif code in _HEADS and (
            headings and _label_shaped(code, texts[i][tokens.heads[i][2]:], vocab, adjacent)
            or (adjacent or code != "1") and vocab.is_table_label(texts[i][tokens.heads[i][2]:])
        ):  # `一、主动公开情况` right above `—— ——`
            pass
        else:
            break
        order.pop()
        codes.pop()
        taken.append((i, "C"))
        adjacent = False
    while taken and taken[-1][1] == "B":  # blanks before the first label stay where they are
        i, code = taken.pop()
        order.append(i)
        codes.append(code)
    for i, code in reversed(taken):
        if code != "B":
            order.append(i)
            codes.append(code)


def _label_shaped(code: str, title: str, vocab: Vocabulary, adjacent: bool) -> bool:
    """`一、本年新收…` right above the number, `（一）予以公开`, `1.属于国家秘密`: short titles
    without sentence punctuation, never an official section title. A `一、` line (code `1`)
    counts only when it is right above the number."""
    title = title.strip()
    if code == "1" and not adjacent or vocab.is_section_title(title) and not vocab.is_row_label(title):
        return False
    return len(title) <= 30 and not _PROSE_PUNCT.search(title.rstrip("。"))
