"""Stage 4b — parse: the line tokens through grammars/report.lark (LALR) into the Report model.

The grammar gives the nesting of sections; this module turns its tree into `Section`,
`Paragraph`, `Table` and `Cell` objects whose spans are in the user's original coordinates.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Lark, Token
from lark.lexer import Lexer

from linter.chinese import chinese_number
from linter.document import DocLine, Span
from linter.parse.lexer import LineToken, lex
from linter.parse.tree import Cell, Heading, Paragraph, Report, Section, Table
from linter.resources import grammar_path


class LineLexer(Lexer):
    """Feeds the pre-lexed line tokens (linter/lexer.py) to the parser: lark's custom-lexer
    protocol. Module level, so that lark can cache the built parser."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, tokens):
        for token in tokens:
            yield Token(token.type, token)


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = grammar_path("report.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer=LineLexer, cache=True)


def parse(lines: list[DocLine], path: str) -> Report:
    tokens = lex(lines)
    tree = _parser().parse(tokens)
    root = Section(heading=None)
    _fill(root, tree.children, lines)
    return Report(path=path, lines=lines, root=root)


def _fill(section: Section, children, lines: list[DocLine]) -> None:
    for child in children:
        if isinstance(child, Token):
            if child.type.startswith("H"):
                section.heading = _heading(child.value, lines)
            continue  # BLANK
        if child.data == "paragraph":
            section.paragraphs.append(_paragraph([lines[t.value.index] for t in child.children]))
        elif child.data == "table":
            section.tables.append(_table([lines[t.value.index] for t in child.children]))
        else:  # section1..4
            sub = Section(heading=None)
            _fill(sub, child.children, lines)
            section.children.append(sub)


def _heading(token: LineToken, lines: list[DocLine]) -> Heading:
    line = lines[token.index]
    text = line.text
    start = _MD_PREFIX.match(text).end()  # the numeral, after indentation and a Markdown `##`
    return Heading(
        level=token.level,
        number=chinese_number(token.numeral),
        numeral=token.numeral,
        title=text[token.title_start:].strip(),
        span=line.span(start, len(text.rstrip())),
        line=line,
    )


def _paragraph(lines: list[DocLine]) -> Paragraph:
    return Paragraph(lines)


_MD_PREFIX = re.compile(r"\s*(?:#{1,6}\s+)?")
_TRAILING_VALUES = re.compile(r"(?:\s+(?:[+-]?\d[\d,]*(?:\.\d+)?|/|—+))+\s*$")
_SPLIT = re.compile(r"\S+")


def _table(lines: list[DocLine]) -> Table:
    cells: list[Cell] = []
    row_break = True
    for line in lines:
        text = line.text
        stripped = text.strip()
        if stripped.startswith("|") and stripped != "|":  # a Markdown row (or its |---| separator)
            if set(stripped) <= set("|-: "):
                row_break = True
                continue
            cells.extend(_markdown_cells(line, row_break))
            row_break = True
        elif stripped.endswith("|"):  # one cell a line, `|||` between rows
            content = stripped.rstrip("|").strip()
            if not content:
                if len(stripped) > 1:
                    row_break = True
                    continue
            start = text.find(content) if content else text.find("|")
            cells.append(Cell(content, line.span(start, start + len(content)), line.where, row_break))
            row_break = False
        else:  # extracted text: a label, a number, several numbers, or a label followed by numbers
            cells.extend(_text_cells(line, row_break))
            row_break = False
    first, last = lines[0], lines[-1]
    begin = first.span()
    end = last.span()
    return Table(cells, Span(begin.line, begin.column, end.end_line, end.end_column))


def _markdown_cells(line: DocLine, row_break: bool) -> list[Cell]:
    text = line.text
    cells = []
    first = text.index("|")
    last = text.rindex("|")
    pos = first + 1
    while pos <= last:
        nxt = text.find("|", pos)
        if nxt == -1:
            nxt = last
        raw = text[pos:nxt]
        content = raw.strip()
        start = pos + (raw.find(content) if content else 0)
        cells.append(Cell(content, line.span(start, start + len(content)), line.where, row_break))
        row_break = False
        pos = nxt + 1
    return cells


def _text_cells(line: DocLine, row_break: bool) -> list[Cell]:
    text = line.text
    stripped = text.strip()
    tail = _TRAILING_VALUES.search(text)
    label_end = tail.start() if tail else len(text.rstrip())
    cells = []
    label = text[:label_end].strip()
    from linter.parse.lexer import _NUM

    if label and not _NUM.match(label):
        start = text.find(label)
        cells.append(Cell(label, line.span(start, start + len(label)), line.where, row_break))
        row_break = False
        values_from = label_end
    else:
        values_from = 0
    if not stripped:
        return cells
    for m in _SPLIT.finditer(text, values_from):
        cells.append(Cell(m.group(), line.span(m.start(), m.end()), line.where, row_break))
        row_break = False
    return cells
