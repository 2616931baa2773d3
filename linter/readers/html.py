"""HTML reader: a saved report page becomes DocLines that point back into the page's source.

Parser. Beautiful Soup with the standard library's `html.parser` builder:
  * tolerant: government pages are hand-edited or exported from Word (`<o:p>`, unclosed
    tags, stray end tags); html.parser never gives up on them;
  * positions: html.parser knows where every tag and piece of text starts (line, column),
    which is what lets a finding point into the user's file; lxml gives lines only,
    html5lib nothing;
  * pure Python (nothing to compile) and well kept (html.parser ships with Python, Beautiful
    Soup is the most used HTML library in Python).
Nothing the page refers to (scripts, frames, images, stylesheets) is ever fetched or run.
Cost: building Beautiful Soup's tree is most of the reading time (about 75 ms of 80 for a
100 KB page exported from Word, more for pages that are nothing but tags).

Three additions to html.parser, all in `_Parser`:
  * positions of text: Beautiful Soup keeps `sourceline`/`sourcepos` for tags only, so every
    piece of text html.parser hands over is recorded with its position (an entity records the
    position of its `&`) and the pieces are matched, in document order, to the strings of the
    tree (Beautiful Soup joins the pieces between two tags into one string);
  * the end tags HTML implies (`<td>` closes the open cell, `<tr>` the open row, `<li>` the
    open item, a block closes an open `<p>`), which html.parser would otherwise leave open,
    nesting each cell inside the one before it;
  * a nesting limit checked while the tree is built, so a pathological page is refused after
    a few hundred tags instead of exhausting memory or recursion; everything afterwards walks
    the tree with explicit stacks.

Output. Text flows into lines the way a browser lays it out: block elements (p, div, h1, li,
...) and `<br>` end a line, inline elements (span, font, b, o:p, ...) are joined, so
`20</span><span>23` reads `2023`; runs of HTML white space collapse to one space (in `<pre>`
they are kept and line breaks end lines); blank lines are dropped. Each character of a line maps to its own place in the source (`DocLine.lines`,
`DocLine.cols`). Skipped: head, script, style, noscript, template, nav, frames, forms'
selects, and site chrome outside `<article>`/`<section>`: `<header>`, `<footer>` and
elements whose id or class names a nav, menu, breadcrumb or footer.

Tables. A table is expanded into its grid (rowspan/colspan) and emitted row by row, each cell
once, at its top-left grid position, as a line `"<text> |"` (a blank cell is `"|"`), with a
line `"|||"` after each row that has cells of its own: the shape of the flattened tables
users paste as text. Inside a cell, blocks and `<br>` join with nothing (labels wrapped over
two lines read as one). Every character of a cell line maps to the cell's `<td>`/`<th>` start
tag: a finding on a table value points at its cell; a `"|||"` line maps to the row's last
cell, so DocLines stay in source order. `DocLine.cell` is (table, row, column), 1-based,
counting the tables emitted. A table that contains another table is page layout, not data:
its cells flow like any block and the tables inside are read as tables.
"""

from __future__ import annotations

import re
import warnings
from array import array
from collections.abc import Iterator
from typing import NamedTuple

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, ParserRejectedMarkup, XMLParsedAsHTMLWarning
from bs4.builder import HTMLParserTreeBuilder
from bs4.builder._htmlparser import BeautifulSoupHTMLParser
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from ..errors import InputError
from ..model import DocLine
from ..source import Source, decode

DEFAULT_MAX_DEPTH = 200

# --- decoding ---------------------------------------------------------------------------------

_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9][A-Za-z0-9_.:-]*)""", re.I)
_LONE_CR = re.compile(r"\r(?!\n)")


def _decode(source: Source) -> str:
    """A BOM decides; then the page's own charset; then UTF-8, then GB18030 (`decode`).

    A page that is valid UTF-8 is read as UTF-8 whatever its meta says: sites that moved to
    UTF-8 often kept `<meta charset=gb2312>` (the HTTP header overrode it), while GBK text is
    practically never valid UTF-8. A UTF-16/32 meta is ignored, as browsers do: it was found
    by an ASCII scan, so the bytes are not UTF-16.
    """
    declared = _sniff_charset(source.data[:_SNIFF_BYTES])
    if declared and (declared.lower().startswith(("utf-16", "utf-32", "utf16", "utf32")) or _is_utf8(source.data)):
        declared = None
    text = decode(source.data, source.name, declared)
    # html.parser counts lines by LF only; an old Mac CR alone ends a line for the rest of the
    # pipeline (source.split_lines), so make it an LF: same length, same columns.
    return _LONE_CR.sub("\n", text)


def _sniff_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- parsing ----------------------------------------------------------------------------------


class _Piece(NamedTuple):
    """A piece of text as html.parser delivered it and where it starts in the source."""

    text: str
    line: int
    col: int  # 1-based
    literal: bool  # text copied from the source (else decoded from a reference at line:col)


_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"})
_P_SCOPE = frozenset({"table", "td", "th", "caption", "button", "object", "template", "html"})
_CLOSE_P = ((frozenset({"p"}), _P_SCOPE),)
_P_CLOSERS = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section summary table ul".split()
)
# start tag -> the elements it closes when one is open before the first scope boundary
_IMPLIED_END: dict[str, tuple[tuple[frozenset[str], frozenset[str]], ...]] = {
    **{name: ((frozenset({"td", "th"}), frozenset({"table"})),) for name in ("td", "th")},
    "tr": ((frozenset({"tr", "td", "th"}), frozenset({"table"})),),
    **{name: ((_TABLE_PARTS, frozenset({"table"})),) for name in ("thead", "tbody", "tfoot")},
    "li": ((frozenset({"li"}), frozenset({"ul", "ol", "menu", "table"})),) + _CLOSE_P,
    **{name: ((frozenset({"dt", "dd"}), frozenset({"dl", "table"})),) + _CLOSE_P for name in ("dt", "dd")},
    **{name: _CLOSE_P for name in _P_CLOSERS},
}


class _Builder(HTMLParserTreeBuilder):
    """The html.parser tree builder, with `_Parser` and what it records."""

    def __init__(self, name: str, max_depth: int):
        super().__init__()
        self.name = name
        self.max_depth = max_depth
        self.runs: list[list[_Piece]] = []  # the pieces of each string, in document order

    def feed(self, markup: str) -> None:
        args, kwargs = self.parser_args
        parser = _Parser(self.soup, *args, **kwargs)
        parser.feed(markup)
        parser.close()


class _Parser(BeautifulSoupHTMLParser):
    """Beautiful Soup's html.parser driver, plus text positions, implied end tags and the
    nesting limit. It relies on the tree builder's state (`tagStack`, `current_data`, kept since
    Beautiful Soup 4.0) and on the parser's constructor taking the soup (4.13 and later)."""

    _ref_at: tuple[int, int] | None = None  # position of the reference being decoded

    @property
    def _builder(self) -> _Builder:
        return self.soup.builder

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]], handle_empty_element: bool = True) -> None:
        for closes, scope in _IMPLIED_END.get(tag, ()):
            self._close_implied(closes, scope)
        super().handle_starttag(tag, attrs, handle_empty_element)
        if len(self.soup.tagStack) - 1 > self._builder.max_depth:
            raise InputError(self._builder.name, f"HTML nests deeper than {self._builder.max_depth} levels")

    def _close_implied(self, closes: frozenset[str], scope: frozenset[str]) -> None:
        """Close the outermost open element named in `closes` below the nearest `scope` element."""
        target = None
        for element in reversed(self.soup.tagStack):
            if element.name in scope:
                break
            if element.name in closes:
                target = element.name
        if target:
            self.soup.handle_endtag(target)

    def handle_data(self, data: str) -> None:
        if not self.soup.current_data:  # Beautiful Soup starts a new string
            self._builder.runs.append([])
        line, offset = self._ref_at or self.getpos()
        self._builder.runs[-1].append(_Piece(data, line, offset + 1, self._ref_at is None))
        super().handle_data(data)

    def handle_charref(self, name: str) -> None:
        self._ref_at = self.getpos()
        try:
            super().handle_charref(name)
        finally:
            self._ref_at = None

    def handle_entityref(self, name: str) -> None:
        self._ref_at = self.getpos()
        try:
            super().handle_entityref(name)
        finally:
            self._ref_at = None


def _parse(text: str, name: str, max_depth: int) -> tuple[BeautifulSoup, dict[int, list[_Piece]]]:
    """The tree, and the pieces of each of its strings by id()."""
    builder = _Builder(name, max_depth)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(text, builder=builder)
    except (ParserRejectedMarkup, AssertionError) as exc:
        raise InputError(name, f"unreadable HTML: {' '.join(str(exc).split())}") from None
    pieces: dict[int, list[_Piece]] = {}
    strings = (s for s in soup.descendants if isinstance(s, NavigableString) and not isinstance(s, PreformattedString))
    for string, run in zip(strings, builder.runs, strict=False):  # equal counts; never trusted blindly
        if "".join(piece.text for piece in run) == string:
            pieces[id(string)] = run
        elif run:  # white space Beautiful Soup collapsed
            pieces[id(string)] = [_Piece(str(string), run[0].line, run[0].col, False)]
    return soup, pieces


# --- lines ------------------------------------------------------------------------------------


class _Text(NamedTuple):
    text: str
    lines: array  # len(text) + 1 entries, the last one just past the end
    cols: array


_TOKEN = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")  # HTML white space, and the rest


class _Line:
    """The line being assembled, with the source position of each character."""

    __slots__ = ("parts", "lines", "cols", "space")

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.parts: list[str] = []
        self.lines = array("l")
        self.cols = array("l")
        self.space = False  # the line ends in a collapsed space

    def add(self, piece: _Piece) -> None:
        """Add text, collapsing each run of white space to one space."""
        text, line, col, literal = piece
        base, counted = col, 0  # while on `line`, text[k] is in column base + k
        for match in _TOKEN.finditer(text):
            k = match.start()
            if literal and (newline := text.rfind("\n", counted, k)) >= 0:
                line += text.count("\n", counted, k)
                base = -newline
            counted = k
            at = base + k if literal else col
            token = match.group()
            if token[0] in " \t\n\r\f":
                if self.parts and not self.space:
                    self._append(" ", line, at, False)
                    self.space = True
            else:
                self._append(token, line, at, literal)
                self.space = False

    def add_preformatted(self, piece: _Piece) -> None:
        """Add text without a line break in it, white space kept."""
        self._append(piece.text, piece.line, piece.col, piece.literal)
        self.space = False

    def _append(self, text: str, line: int, col: int, literal: bool) -> None:
        self.parts.append(text)
        self.lines.extend([line] * len(text))
        self.cols.extend(range(col, col + len(text)) if literal else [col] * len(text))

    def take(self) -> _Text | None:
        """The finished line without surrounding white space (None if blank); start afresh."""
        if not self.parts:
            return None
        text = "".join(self.parts)
        start, end = len(text) - len(text.lstrip()), len(text.rstrip())
        lines, cols = self.lines[start:end], self.cols[start:end]
        self._reset()
        if start >= end:
            return None
        lines.append(lines[-1])
        cols.append(cols[-1] + 1)
        return _Text(text[start:end], lines, cols)


def _source_lines(piece: _Piece) -> list[_Piece]:
    """A piece split at its line breaks, each part with its own position."""
    parts = piece.text.split("\n")
    if not piece.literal:
        return [piece._replace(text=part) for part in parts]
    return [_Piece(part, piece.line + i, piece.col if i == 0 else 1, True) for i, part in enumerate(parts)]


# --- reading ----------------------------------------------------------------------------------

_SKIP = frozenset("head title script style noscript template nav iframe object svg select".split())
_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu ol p pre section summary "
    "table tbody thead tfoot tr td th ul".split()
)
_SECTIONING = frozenset({"article", "section"})  # chrome is not looked for inside these
_CHROME_TAGS = frozenset({"header", "footer"})
_CHROME_NAME = re.compile(r"nav|menu|breadcrumb|footer", re.I)
_SPAN = re.compile(r"\s*(\d+)")
_MAX_COLSPAN = 1000  # as browsers clamp it


def _is_chrome(tag: Tag) -> bool:
    if tag.name in _CHROME_TAGS:
        return True
    if tag.name in ("html", "body"):
        return False
    names = [tag.get("id"), *(tag.get("class") or ())]
    return any(isinstance(name, str) and _CHROME_NAME.search(name) for name in names)


def _has_table(tag: Tag) -> bool:
    return any(isinstance(node, Tag) and node.name == "table" for node in tag.descendants)


def _span(value: object, default: int, limit: int) -> int:
    """A rowspan/colspan value as browsers read it: leading digits, 0 means `default`."""
    match = _SPAN.match(value) if isinstance(value, str) else None
    number = int(match.group(1)) if match else 1
    return min(number or default, limit)


def _start(tag: Tag) -> tuple[int, int]:
    """(line, column) of a tag's `<`."""
    return tag.sourceline or 1, (tag.sourcepos or 0) + 1


def _same(value: int, count: int) -> array:
    return array("l", [value]) * count


class _Reader:
    def __init__(self, pieces: dict[int, list[_Piece]]):
        self.pieces = pieces
        self.out: list[DocLine] = []
        self.tables = 0

    def read(self, root: Tag) -> list[DocLine]:
        for item in self._flow(root, in_cell=False):
            if isinstance(item, Tag):
                self._table(item)
            else:
                self.out.append(_paragraph(item))
        return self.out

    def _flow(self, root: Tag, in_cell: bool) -> Iterator[_Text | Tag]:
        """The lines of text under `root` in document order; outside a cell, a data table is
        yielded as its Tag, in its place."""
        line = _Line()
        stack: list[tuple[PageElement, bool]] = [(root, False)]
        pre = sectioning = 0
        while stack:
            node, closing = stack.pop()
            if isinstance(node, NavigableString):
                if not isinstance(node, PreformattedString):  # comment, doctype, CDATA...
                    yield from self._text(node, line, pre > 0)
                continue
            name = node.name
            if closing:
                pre -= name == "pre"
                sectioning -= name in _SECTIONING
                if name in _BLOCK and (done := line.take()):
                    yield done
                continue
            if name in _SKIP or (not in_cell and not sectioning and _is_chrome(node)):
                continue
            is_data_table = name == "table" and not in_cell and not _has_table(node)
            if (name in _BLOCK or name == "br" or is_data_table) and (done := line.take()):
                yield done
            if is_data_table:
                yield node
            elif name != "br":
                pre += name == "pre"
                sectioning += name in _SECTIONING
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
        if done := line.take():
            yield done

    def _text(self, string: NavigableString, line: _Line, pre: bool) -> Iterator[_Text]:
        """Add a string to the line; in <pre>, its line breaks end lines."""
        pieces = self.pieces.get(id(string))
        if pieces is None:  # not matched to the source: place it at its element
            pieces = [_Piece(str(string), *_start(string.parent), False)]
        for piece in pieces:
            if not pre:
                line.add(piece)
                continue
            for i, part in enumerate(_source_lines(piece)):
                if i and (done := line.take()):
                    yield done
                line.add_preformatted(part)

    def _table(self, table: Tag) -> None:
        for caption in table.contents:
            if isinstance(caption, Tag) and caption.name == "caption":
                self.read(caption)
        rows = _rows(table)
        if not any(rows):
            return
        self.tables += 1
        t = self.tables
        busy: list[int] = []  # busy[c]: the last grid row taken in grid column c
        for r, cells in enumerate(rows):
            c = 0
            for cell in cells:
                while c < len(busy) and busy[c] >= r:
                    c += 1
                rowspan = _span(cell.get("rowspan"), len(rows) - r, len(rows) - r)
                colspan = _span(cell.get("colspan"), 1, _MAX_COLSPAN)
                busy.extend([-1] * (c + colspan - len(busy)))
                busy[c : c + colspan] = [max(b, r + rowspan - 1) for b in busy[c : c + colspan]]
                self.out.append(self._cell(cell, t, r + 1, c + 1))
                c += colspan
            if cells:  # the separator sits at the row's last cell, keeping lines in source order
                line, col = _start(cells[-1])
                self.out.append(DocLine("|||", line, _same(col, 4), where=f"表{t} 第{r + 1}行"))

    def _cell(self, cell: Tag, t: int, r: int, c: int) -> DocLine:
        text = "".join(item.text for item in self._flow(cell, in_cell=True))
        text = f"{text} |" if text else "|"
        line, col = _start(cell)
        return DocLine(text, line, _same(col, len(text) + 1), where=f"表{t} 第{r}行 第{c}列", cell=(t, r, c))


def _rows(table: Tag) -> list[list[Tag]]:
    """The cells of each row of a table (no table inside it), in source order. Cells outside
    any `<tr>` join the row before them, or make one."""
    rows: list[list[Tag]] = []
    stack: list[PageElement] = list(reversed(table.contents))
    while stack:
        node = stack.pop()
        if not isinstance(node, Tag) or node.name in _SKIP or node.name == "caption":
            continue
        if node.name in ("td", "th"):
            if not rows:
                rows.append([])
            rows[-1].append(node)
            continue
        if node.name == "tr":
            rows.append([])
        stack.extend(reversed(node.contents))
    return rows


def _paragraph(text: _Text) -> DocLine:
    line = text.lines[0]
    lines = None if text.lines.count(line) == len(text.lines) else text.lines
    return DocLine(text.text, line, text.cols, lines)


def read(source: Source, *, max_depth: int = DEFAULT_MAX_DEPTH) -> list[DocLine]:
    """The DocLines of an HTML page (see the module docstring)."""
    soup, pieces = _parse(_decode(source), source.name, max_depth)
    return _Reader(pieces).read(soup)
