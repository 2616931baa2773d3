"""Stage 4b — parse: the line tokens through grammars/report.lark (LALR) into the Report model.

The grammar gives the nesting of sections; this module turns its tree into `Section`,
`Paragraph`, `Table` and `Cell` objects whose spans are in the user's original coordinates.
"""

from __future__ import annotations

from functools import lru_cache

from lark import Lark, Token
from lark.lexer import Lexer

from linter.cache import regex
from linter.chinese import chinese_number
from linter.document import DocLine, Span
from linter.memo import SHORT_TEXT
from linter.parse.inline import split_lines
from linter.parse.lexer import blocks, cells_side_by_side, lex
from linter.parse.tree import Cell, Heading, Paragraph, Report, Section, Table
from linter.parse.values import is_value_text, trailing_values
from linter.parse.vocabulary import EMPTY, Vocabulary
from linter.resources import grammar_path


class LineLexer(Lexer):
    """Feeds the types of the pre-lexed blocks (lexer.blocks) to the parser: lark's custom-lexer
    protocol. Module level, so that lark can cache the built parser.

    One Token a type, the same object each time (a token is made once, not once a block): the
    parser only reads a token's type and puts it in the tree, in the order it was fed; _fill
    takes the value of each token from the blocks, in that order."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, blocks):
        for kind, _value in blocks:
            yield _TOKENS[kind]


_TOKENS = {kind: Token(kind, kind) for kind in ("H1", "H2", "H3", "H4", "PARAGRAPH", "TABLE")}


@lru_cache(maxsize=1)
def _parser() -> Lark:
    from linter.cache import lark_parser

    return lark_parser(grammar_path("report.lark"), lexer=LineLexer)


def parse(lines: list[DocLine], path: str, vocab: Vocabulary | None = None) -> Report:
    """`vocab`: what the packs say of section titles and row labels (linter/parse/vocabulary.py,
    built by the caller from the packs); None = none, the structure from the shapes of lines."""
    if vocab is None:
        vocab = EMPTY  # structure from the shapes of lines alone
    lines = split_lines(lines, vocab)
    found = blocks(lex(lines, vocab))
    tree = _parser().parse(found)
    root = Section(heading=None)
    _fill(root, tree.children, iter([value for _kind, value in found]), lines)
    return Report(path=path, lines=lines, root=root)


def _fill(section: Section, children, values, lines: list[DocLine]) -> None:
    """`values`: the values of the blocks (lexer.blocks), in order: the next one is the value
    of the next token of the tree (the tree holds them in the order they were fed)."""
    for child in children:
        if isinstance(child, Token):
            value = next(values)
            if child.type == "PARAGRAPH":
                section.paragraphs.append(_paragraph([lines[i] for i in value]))
            elif child.type == "TABLE":
                section.tables.append(_table(*value, lines))
            else:  # H1..H4
                section.heading = _heading(value, lines)
        else:  # section1..4
            sub = Section(heading=None)
            _fill(sub, child.children, values, lines)
            section.children.append(sub)


def _heading(value: tuple[int, int, str, int], lines: list[DocLine]) -> Heading:
    """`value`: the heading's line index, level, numeral and offset of its title (lexer.blocks)."""
    index, level, numeral, title_start = value
    line = lines[index]
    text = line.text
    start = _MD_PREFIX.match(text).end()  # the numeral, after indentation and a Markdown `##`
    return Heading(
        level=level,
        number=chinese_number(numeral),
        numeral=numeral,
        title=text[title_start:].strip(),
        span=line.span(start, len(text.rstrip())),
        line=line,
    )


def _paragraph(lines: list[DocLine]) -> Paragraph:
    return Paragraph(lines)


_MD_PREFIX = regex(r"\s*(?:#{1,6}\s+)?")
_SPLIT = regex(r"\S+")


class _Rows:
    """Row numbers of a table's cells."""

    __slots__ = ("count", "html")

    def __init__(self) -> None:
        self.count = 0
        self.html: dict[tuple[int, int], int] = {}

    def new(self) -> int:
        self.count += 1
        return self.count


def _table(indices: list[int], codes: str, lines: list[DocLine]) -> Table:
    """The cells of a table region, from every shape a table is published in: Markdown rows,
    pipe rows without their leading pipe, one cell a line (ending in `|`, or followed by a lone
    `|`, or by a blank line), label and numbers on a line (spaces or tabs between), HTML and Word
    cells (one a line, their place in the grid known).

    A lone `|` closes the cell on the line above when that cell has no pipe of its own; after
    another separator it is a blank cell (`x`, `|`, `|`: x and a blank), and so is every lone
    `|` of a table whose rows are marked by `|||` lines; otherwise, after a cell that ends in
    its own pipe, it stands between rows."""
    cells: list[Cell] = []
    rows = _Rows()
    row_break = True
    # Where rows are marked by lines of pipes (`|||`, the shape of a flattened HTML or Word
    # table), a lone `|` is a blank cell; elsewhere it may also stand between rows.
    table_lines = [lines[i] for i in indices]
    texts = [line.text.strip() for line in table_lines]
    marked = "||" in "\n".join(texts) and any(len(s) > 1 and not s.strip("|") for s in texts)
    marked_row = rows.new() if marked else None  # the row the cells between two `|||` lines are in
    is_open = False  # the last cell line had no pipe of its own: a lone `|` closes it
    closed_by_pipe = False  # the last line was a lone `|` that closed a cell
    append, new_cell = cells.append, Cell  # (a few hundred cells a report)
    for code, line, stripped in zip(codes, table_lines, texts):
        if line.cell is not None:  # an HTML or Word cell: one cell, whatever its text
            content = stripped[:-1].strip() if stripped.endswith("|") else stripped
            row = rows.html.setdefault(line.cell[:2], len(rows.html) + 1)
            append(_cell(line, content, row_break, row))
            row_break = False
            continue
        if not stripped.strip("| "):  # a lone `|`, or `||`/`|||` between rows
            if stripped == "|" and is_open:
                is_open, closed_by_pipe = False, True  # closes the cell on the line above
            elif stripped == "|" and (closed_by_pipe or marked):
                append(_cell(line, "", row_break, marked_row))  # two separators: a blank cell
                row_break = False
            else:
                row_break = True
                is_open = closed_by_pipe = False
                if marked and len(stripped) > 1:
                    marked_row = rows.new()
            continue
        closed_by_pipe = False
        text = line.text
        if stripped[0] == "|":  # a Markdown row (or its |---| separator)
            is_open = False
            if not stripped.strip("|-: "):
                row_break = True
                continue
            # every piece between the pipes, blank ones included (GFM); a row of its own
            row = rows.new()
            for a, b, content in _markdown_spans(text) if len(text) <= _MEMO_ROW else _markdown_pieces(text):
                append(new_cell(content, line, a, b, row_break, row))  # a cell each; the row break goes to the first
                row_break = False
            row_break = True
        elif "|" in stripped:  # a cell ending in its pipe (`11 | ||`), or a row without its leading pipe
            is_open = False
            cells.extend(_pipe_cells(line, row_break, rows))
            row_break = cells[-1].row is not None
            if cells[-1].row is None:
                cells[-1].row = marked_row
        else:  # extracted text: a label, a number, several numbers, or a label followed by numbers
            is_open = True
            spans = _short_text_spans(text) if len(text) <= SHORT_TEXT else _text_spans(text)
            if len(spans) == 1:  # one cell (most lines of a cell-per-line table)
                a, b, content = spans[0]
                append(new_cell(content, line, a, b, row_break, None, code == "G"))
            else:  # more than one cell: a row of its own; `G`: its cells run together
                row, glued = rows.new() if spans else None, code == "G"
                for a, b, content in spans:  # a cell each; the row break goes to the first
                    append(new_cell(content, line, a, b, row_break, row, glued))
                    row_break = False
            row_break = False
    begin = table_lines[0].span()
    end = table_lines[-1].span()
    return Table(cells, Span(begin.line, begin.column, end.end_line, end.end_column))


def _cell(line: DocLine, content: str, row_break: bool, row: int | None) -> Cell:
    """A cell whose text is `content` (a blank one is placed at the line's first pipe)."""
    start = max(line.text.find(content) if content else line.text.find("|"), 0)
    return Cell(content, line, start, start + len(content), row_break, row)


def _pieces(text: str, sep: str) -> list[tuple[int, str]]:
    """The pieces of `text` between separators, with their offsets."""
    pieces, pos = [], 0
    for part in text.split(sep):
        pieces.append((pos, part))
        pos += len(part) + 1
    return pieces


def _cells_of(line: DocLine, pieces: list[tuple[int, str]], row_break: bool, row: int | None) -> list[Cell]:
    """One cell per piece: its text stripped, a blank one placed at the start of its piece."""
    cells = [Cell(content, line, a, b, False, row) for a, b, content in _stripped(pieces)]
    if cells:
        cells[0].row_break = row_break
    return cells


def _stripped(pieces: list[tuple[int, str]]) -> tuple[tuple[int, int, str], ...]:
    """(start, end, text) of each piece stripped; a blank one at the start of its piece."""
    out = []
    for offset, raw in pieces:
        content = raw.strip()
        start = offset + raw.find(content) if content else offset
        out.append((start, start + len(content), content))
    return tuple(out)


def _markdown_pieces(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, text) of each cell of `| a | b |` (or `| a | b` without the closing pipe)."""
    pieces = _pieces(text, "|")[1:]  # what stands before the leading pipe is indentation
    if not pieces[-1][1].strip():
        pieces.pop()  # after the closing pipe
    return _stripped(pieces)


def _pipe_cells(line: DocLine, row_break: bool, rows: _Rows) -> list[Cell]:
    """`11 | ||`: one cell, its pipe and the pipes of merged cells after it. `规章 | 0 | 0 | 0 |`:
    a row whose leading pipe is missing; a trailing ` ||` run stands for merged cells (not
    cells), while `|  |` with spaces between is a blank cell."""
    pieces = _pieces(line.text, "|")
    if not pieces[-1][1].strip():
        pieces.pop()  # after the closing pipe: nothing, or spaces
    while len(pieces) > 1 and pieces[-1][1] == "":
        pieces.pop()  # `||`: the pipes of merged cells ...
        if len(pieces) > 1 and pieces[-1][1] and not pieces[-1][1].strip():
            pieces.pop()  # ... and the space before them
    if len(pieces) == 1:
        return [_cell(line, pieces[0][1].strip(), row_break, None)]
    return _cells_of(line, pieces, row_break, rows.new())


def _text_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, text) of each cell of a line of extracted text: cells between tabs (Excel,
    Word), else a label and the values after it (separated by spaces), or values alone."""
    return tuple((a, b, text[a:b]) for a, b in _text_pieces(text))


def _text_pieces(text: str) -> tuple[tuple[int, int], ...]:
    """Where the cells of a line of extracted text are, as (start, end) offsets."""
    if "\t" in text and "\t" in text.strip(" "):
        pieces = _pieces(text, "\t")
        while pieces and not pieces[0][1].strip():
            pieces.pop(0)  # indentation
        written = [p for p in pieces if p[1].strip()]
        if len(written) == 1 and is_value_text(written[0][1].strip()):
            pieces = written  # one value and a stray tab: not a row with empty cells
        elif pieces and pieces[-1][1] and not pieces[-1][1].strip():
            pieces.pop()  # spaces after the last tab (a row ending in a tab ends in an empty cell)
        out = []
        for offset, raw in pieces:  # each piece stripped, a blank one at the start of its piece
            content = raw.strip()
            start = offset + raw.find(content) if content else offset
            out.append((start, start + len(content)))
        return tuple(out)
    label_end = trailing_values(text)
    label = text[:label_end].strip()
    side_by_side = cells_side_by_side(text[:label_end]) if "  " in label else None
    if side_by_side:  # `信息内容    本年制发件数    本年废止件数`: labels a few spaces apart
        out = list(side_by_side)
    elif label:
        start = text.find(label)
        out = [(start, start + len(label))]
    else:
        out = []
    if label_end < len(text):
        out.extend(m.span() for m in _SPLIT.finditer(text, label_end))
    return tuple(out)


# The same short lines (a number, a label) fill a report's tables, and every report's of the
# same template: their pieces are kept.
_short_text_spans = lru_cache(maxsize=8192)(_text_spans)
# ... and so do the rows of its Markdown tables.
_MEMO_ROW = 200
_markdown_spans = lru_cache(maxsize=8192)(_markdown_pieces)
