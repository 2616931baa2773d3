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
of contents: a paragraph, not a heading. Lexing is linear in the number of lines: what follows
a line is computed once, backwards, not searched for at every line.
"""

from __future__ import annotations

from linter.cache import regex
from linter.chinese import SLIP_NUMERALS, chinese_number
from linter.document import DocLine
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


class LineToken:
    """One line as the lexer classed it. A plain class: a few hundred are made a report, and
    none is compared or printed."""

    __slots__ = ("type", "index", "level", "numeral", "title_start", "glued")

    def __init__(self, type: str, index: int, level: int = 0, numeral: str = "", title_start: int = 0, glued: bool = False):
        self.type = type  # H1 H2 H3 H4 PARA CONT CELL BLANK
        self.index = index  # index into the document lines
        self.level = level
        self.numeral = numeral
        self.title_start = title_start  # offset of the heading title in the line text
        self.glued = glued  # a table line whose cells run together (`规章000行政规范性文件1237190`)


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
    if vocab.glued_labels(s) >= 2:
        return GLUED
    if vocab.is_row_label(s):
        return SHORT  # `部分公开（区分处理的，只计这一情形，不计其他情形）` is a label, not a sentence
    if (len(s) >= 20 and _PROSE_PUNCT.search(s)) or len(s) > 60:
        return PROSE
    return SHORT


_MEMO_TEXT = 40  # lines this long or shorter have their class kept (labels, numbers, separators)
_MEMO_SIZE = 8192


def _classes(texts: list[str], vocab: Vocabulary) -> list[int]:
    """The raw class of each line. A short line's class is kept per vocabulary (it depends on
    nothing else): the same labels, numbers and table separators fill a report's tables, and
    every report's of the same template; prose is classed afresh."""
    memo = vocab.line_classes
    kinds = []
    for text in texts:
        if len(text) > _MEMO_TEXT:
            kinds.append(_classify(text, vocab))
            continue
        kind = memo.get(text)
        if kind is None:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            kind = memo[text] = _classify(text, vocab)
        kinds.append(kind)
    return kinds


def lex(lines: list[DocLine], vocab: Vocabulary = EMPTY) -> list[LineToken]:
    texts = [line.text for line in lines]
    kinds = _classes(texts, vocab)
    n = len(kinds)
    # What comes next, computed once backwards (a forward search from every blank line made
    # lexing quadratic on tables with blank lines between their cells):
    # following_any[i]: the kind of the next line after i that is not blank or a page marker;
    # following[i]: the same, passing over lone pipes too (the separators of a cell-per-line
    # table), for what a heading-shaped line is followed by.
    # following_at[i]: that line's index (n: none).
    following_any = [BLANK] * n
    following = [BLANK] * n
    following_at = [n] * n
    after_any = after = BLANK
    after_at = n
    for i in range(n - 1, -1, -1):
        following_any[i], following[i], following_at[i] = after_any, after, after_at
        kind = kinds[i]
        if kind not in _NOT_CONTENT:
            after_any = kind
            if not (kind == SPACER and texts[i].strip() == "|"):
                after, after_at = kind, i

    tokens: list[LineToken] = []
    in_table = False
    section_numeral = 0  # number of the current 一、 section, to spot `三、本年度办理结果` inside 三
    for i, kind in enumerate(kinds):
        if kind in _NOT_CONTENT:
            if kind == BLANK and not (in_table and following_any[i] in _TABLE_GOES_ON):
                tokens.append(LineToken("BLANK", i))
            continue
        if kind in _TABULAR:
            if not in_table and kind in (NUM, ROW):
                _absorb_labels(tokens, kinds, texts, vocab, headings=True)
            elif not in_table and kind == CELLS:
                _absorb_labels(tokens, kinds, texts, vocab, headings=False)
            elif not in_table and kind == SPACER and tokens and tokens[-1].index == i - 1:
                _absorb_labels(tokens, kinds, texts, vocab, headings=False, limit=1)  # `规章` then `|`
            in_table = True
            tokens.append(LineToken("CELL", i, glued=kind == GLUED))
            continue
        if kind == HEAD:
            level, numeral, title_start = _heading(texts[i])
            title = texts[i][title_start:]
            if vocab.is_row_label(title) and following[i] != PROSE:
                # `一、本年新收…`, `（一）主动公开政府信息数`: a label, numbers after it or not
                # (a heading that happens to be worded like one is followed by its prose)
                if not in_table:
                    _absorb_labels(tokens, kinds, texts, vocab, headings=False)
                in_table = True
                tokens.append(LineToken("CELL", i))
                continue
            if in_table and not vocab.is_section_title(title):
                below = texts[following_at[i]] if following_at[i] < n else ""
                if _is_label(level, numeral, title, following[i], section_numeral, vocab.is_table_label(below)):
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


def blocks(tokens: list[LineToken]) -> list[tuple[str, LineToken | list[LineToken]]]:
    """The tokens of grammars/report.lark, as (type, value): a heading line is one (H1..H4, its
    LineToken); a paragraph — a PARA or CONT line and the CONT lines right after it — is one
    PARAGRAPH, a run of CELL lines one TABLE (their LineTokens, in order). A blank line ends
    a paragraph or a table and is no token: the parser is fed one token a block, not one a
    line (about a sixth as many)."""
    out: list[tuple[str, LineToken | list[LineToken]]] = []
    previous = "BLANK"  # the type of the line before
    for token in tokens:
        kind = token.type
        if kind == "CELL":
            if previous == "CELL":
                out[-1][1].append(token)
            else:
                out.append(("TABLE", [token]))
        elif kind == "PARA" or kind == "CONT":
            if kind == "CONT" and (previous == "PARA" or previous == "CONT"):
                out[-1][1].append(token)
            else:
                out.append(("PARAGRAPH", [token]))
        elif kind != "BLANK":
            out.append((kind, token))
        previous = kind
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


def _absorb_labels(
    tokens: list[LineToken], kinds: list[int], texts: list[str], vocab: Vocabulary, headings: bool, limit: int = 0,
) -> None:
    """A table opens: the short lines just before it are its header and labels, blank lines
    between them included (a sentence, ending in `。`, is not a label). A heading-shaped line
    is taken when it is a label of the tables (`一、主动公开情况`); with `headings` (a bare number
    opens it), other label-shaped headings too, up to the first blank line (a page number
    below a heading is not a table). A `一、` line is taken only right above the table.
    `limit`: take at most this many lines (0: no limit)."""
    taken: list[LineToken] = []
    adjacent = True
    while tokens and not (limit and len(taken) >= limit):
        token = tokens[-1]
        if token.type == "BLANK":
            taken.append(tokens.pop())
            headings = False  # across a blank line only short lines (a bare page number below a heading)
            continue
        if (
            token.type in ("PARA", "CONT")
            and kinds[token.index] == SHORT
            and not texts[token.index].rstrip().endswith(_SENTENCE_END)
        ):
            token.type = "CELL"
        elif token.type in ("H1", "H2", "H3", "H4") and (
            headings and _label_shaped(token, texts, vocab, adjacent)
            or (adjacent or token.type != "H1") and vocab.is_table_label(texts[token.index][token.title_start:])
        ):  # `一、主动公开情况` right above `—— ——`
            token.type, token.level, token.numeral = "CELL", 0, ""
        else:
            break
        taken.append(tokens.pop())
        adjacent = False
    while taken and taken[-1].type == "BLANK":  # blanks before the first label stay where they are
        tokens.append(taken.pop())
    tokens.extend(t for t in reversed(taken) if t.type != "BLANK")


def _label_shaped(token: LineToken, texts: list[str], vocab: Vocabulary, adjacent: bool) -> bool:
    """`一、本年新收…` right above the number, `（一）予以公开`, `1.属于国家秘密`: short titles
    without sentence punctuation, never an official section title. A `一、` line counts only
    when it is right above the number."""
    title = texts[token.index][token.title_start:].strip()
    if token.type == "H1" and not adjacent or vocab.is_section_title(title) and not vocab.is_row_label(title):
        return False
    return len(title) <= 30 and not _PROSE_PUNCT.search(title.rstrip("。"))
