"""HTML reader: a saved report page becomes DocLines that point back into the page's source.

Parser. The standard library's `html.parser.HTMLParser`, with a small tree builder of our own
(`_TreeParser`). Why it serves users:
  * no dependency: html.parser ships with Python. (The reader used to go through Beautiful
    Soup's html.parser builder, which added a package, held text positions only through its
    private parser state, and spent half the reading time building a tree we walk once.)
  * exact positions: `getpos()` gives the line and column of every start tag and of every
    piece of text as it is handed over (a character or entity reference is placed at its `&`),
    so each character of a line maps to its place in the user's file;
  * tolerant enough: html.parser never gives up on hand-edited or Word-exported markup
    (`<o:p>`, `<![if !supportLists]>`, unclosed and stray tags, broken comments, a lone `<` or
    `&`); tests/test_readers_html.py feeds it 300 random tag soups besides the corpus pages.
    Beautiful Soup used the same tokenizer, so it added no tolerance: on 20,000 random soups
    and the corpus pages both readers gave identical DocLines, positions included. The one
    refusal is html.parser's own: a `<![` declaration it cannot scan becomes an InputError.
    The corpus pages read to the same DocLines on Python 3.10, 3.11, 3.12 and 3.13.
  * fast: the tag-dense 100 KB page of benchmarks/bench.py reads in half the time the Beautiful
    Soup version took (about 55 -> 28 ms of CPU; html.parser's own tokenizing is over half of
    what is left). A page of plain markup (simply written tags and attributes, references
    with their `;`, comments, script and style without markup in them: what most generators
    write) is not given to html.parser at all: one expression tokenizes it and the builder gets
    the events html.parser would give, at the same positions (`_read_plain`); anything else on
    a page sends the whole page to html.parser. A table cell of text only written whole,
    `<td>text</td>`, and a row of them on one line are one event each, building what the three
    events of each cell would (`_cell`, `_cells`): most cells of a generated table.
What the builder adds to html.parser's events: the end tags HTML implies (`<td>` closes the
open cell, `<tr>` the open row, `<li>` the open item, a block closes an open `<p>`), which
html.parser would leave open, nesting each cell inside the one before it; void elements
(`<br>`, `<img>`, ...) that never open, and `<x/>` opening and closing at once; an end tag
closing the most recent open element of its name (ignored when none is open); references
decoded as browsers do; and a nesting limit checked while the tree is built, so a pathological
page is refused after a few hundred tags instead of exhausting memory. Everything afterwards
walks the tree with explicit stacks.
Nothing the page refers to (scripts, frames, images, stylesheets) is ever fetched or run.

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
from array import array
from collections.abc import Iterator
from html import unescape
from html.entities import html5
from html.parser import HTMLParser
from typing import NamedTuple

from linter.cache import regex
from linter.document import DocLine, Span
from linter.errors import InputError
from linter.read.limits import MAX_HTML_ELEMENTS, MAX_TABLE_GRID_CELLS, over
from linter.read.source import Source, decode

DEFAULT_MAX_DEPTH = 200

# --- decoding ---------------------------------------------------------------------------------

_SNIFF_BYTES = 8192
_META_CHARSET = regex(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9][A-Za-z0-9_.:-]*)""", re.I)
_LONE_CR = regex(r"\r(?!\n)")


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


class _Element:
    """An element: its name, attributes, where its start tag's `<` is, and its children
    (elements and pieces of text) in document order."""

    __slots__ = ("name", "attrs", "line", "col", "children", "has_table")

    def __init__(self, name: str, attrs: list[tuple[str, str | None]], line: int, col: int):
        self.name = name
        self.attrs = attrs
        self.line = line
        self.col = col  # 1-based
        self.children: list[_Element | _Piece] = []
        self.has_table = False  # a <table> is among its descendants

    def get(self, attr: str) -> str | None:
        """An attribute's value: the last one when repeated, "" when it has none."""
        for key, value in reversed(self.attrs):
            if key == attr:
                return value or ""
        return None


# never open: the start tag is the whole element (html.parser lowercases every name)
_VOID = frozenset(
    "area base basefont bgsound br col command embed frame hr image img input isindex keygen link menuitem "
    "meta nextid param source spacer track wbr".split()
)
_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"})
_CELLS, _TABLE_SCOPE = frozenset({"td", "th"}), frozenset({"table"})
_P_SCOPE = frozenset({"table", "td", "th", "caption", "button", "object", "template", "html"})
_CLOSE_P = ((frozenset({"p"}), _P_SCOPE),)
_P_CLOSERS = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section summary table ul".split()
)
# start tag -> the elements it closes when one is open before the first scope boundary
_IMPLIED_END: dict[str, tuple[tuple[frozenset[str], frozenset[str]], ...]] = {
    **{name: ((_CELLS, _TABLE_SCOPE),) for name in ("td", "th")},  # (written out in _TreeParser._cell)
    "tr": ((frozenset({"tr", "td", "th"}), frozenset({"table"})),),
    **{name: ((_TABLE_PARTS, frozenset({"table"})),) for name in ("thead", "tbody", "tfoot")},
    "li": ((frozenset({"li"}), frozenset({"ul", "ol", "menu", "table"})),) + _CLOSE_P,
    **{name: ((frozenset({"dt", "dd"}), frozenset({"dl", "table"})),) + _CLOSE_P for name in ("dt", "dd")},
    **{name: _CLOSE_P for name in _P_CLOSERS},
}
# named references, with or without their semicolon (html.parser hands over the name only)
_ENTITIES = {name.removesuffix(";"): char for name, char in html5.items()}
_DECIMAL_REF = regex("^([0-9]+)(.*)")
_HEX_REF = regex("^([0-9a-f]+)(.*)", re.IGNORECASE)


def _charref(name: str) -> tuple[str, str]:
    """A numeric reference as browsers resolve it (0, surrogates and numbers past U+10FFFF give
    U+FFFD; 128-159 are read as Windows-1252), and any text after the number that html.parser
    passed as part of the name."""
    base, digits = 10, _DECIMAL_REF
    if name[:1] in ("x", "X"):
        name, base, digits = name[1:], 16, _HEX_REF
    match = digits.search(name)
    if match is None:
        return "", name
    written, extra = match.group(1).lstrip("0"), match.group(2)
    number = int(written or "0", base) if len(written) <= 8 else 0x110000  # past U+10FFFF, whatever its length
    if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return "\ufffd", extra
    if 0x80 <= number <= 0x9F:
        return bytes([number]).decode("cp1252", "ignore") or chr(number), extra
    return chr(number), extra


class _TreeParser(HTMLParser):
    """html.parser's events made into a tree of `_Element`s (see the module docstring)."""

    def __init__(self, name: str, max_depth: int):
        super().__init__(convert_charrefs=False)  # references come one by one, each with its position
        self.name = name
        self.max_depth = max_depth
        self.root = _Element("#document", [], 1, 1)
        self.stack = [self.root]  # the open elements
        self.children = self.root.children  # where the next node goes: the last open element's
        self.open: dict[str, int] = {}  # how many elements of each name are open
        self.directives: list = []  # (directive, the element it annotates or None), read/directives.py
        self.waiting: list = []  # `ignore`s written before an element that has not started yet
        self.elements = 0

    # html.parser's events, each placed where html.parser is (`getpos`); the plain page's
    # tokenizer (`_read_plain`) calls the same builders with the positions it counts itself

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, False, *self.getpos())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, True, *self.getpos())

    def handle_data(self, data: str) -> None:
        self._data(data, *self.getpos())

    def handle_charref(self, name: str) -> None:
        self._charref(name, *self.getpos())

    def handle_entityref(self, name: str) -> None:
        self._entityref(name, *self.getpos())

    def handle_comment(self, data: str) -> None:
        self._comment(data, *self.getpos())

    # declarations, processing instructions and CDATA sections: HTMLParser ignores them

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool, line: int, offset: int) -> None:
        """An element starts at line:offset (0-based offset, as html.parser's)."""
        implied = _IMPLIED_END.get(tag)
        if implied:
            for closes, scope in implied:
                self._close_implied(closes, scope)
        self.elements += 1
        if self.elements > MAX_HTML_ELEMENTS:
            raise over(self.name, f"HTML page of over {MAX_HTML_ELEMENTS:,} elements",
                       f"HTML 页面超过元素数上限 {MAX_HTML_ELEMENTS:,} 个")
        element = _Element(tag, attrs, line, offset + 1)
        self.children.append(element)
        if self.waiting:
            self.directives.extend((directive, element) for directive in self.waiting)
            self.waiting = []
        stack = self.stack
        if tag == "table":
            for ancestor in stack:
                if ancestor.name == "table":
                    ancestor.has_table = True
        elif tag in _VOID and not self_closing:  # `<br>`: nothing can be inside
            return
        if len(stack) > self.max_depth:  # `<x/>` counts: it opens, then closes
            raise InputError(self.name, f"HTML nests deeper than {self.max_depth} levels")
        if not self_closing:
            stack.append(element)
            self.children = element.children
            self.open[tag] = self.open.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        """Close the most recent open element called `tag` and those opened after it; nothing
        when none is open."""
        if not self.open.get(tag):
            return
        stack, open_ = self.stack, self.open
        while True:
            element = stack.pop()
            open_[element.name] -= 1
            if element.name == tag:
                self.children = stack[-1].children
                return

    def _close_implied(self, closes: frozenset[str], scope: frozenset[str]) -> None:
        """Close the outermost open element named in `closes` below the nearest `scope` element."""
        open_ = self.open
        for name in closes:
            if open_.get(name):
                break
        else:  # none is open, the usual case: no walk
            return
        target = None
        for element in reversed(self.stack):
            if element.name in scope:
                break
            if element.name in closes:
                target = element.name
        if target:
            self.handle_endtag(target)

    def _cell(self, tag: str, data: str, line: int, offset: int) -> None:
        """A cell written whole without attributes, `<td>text</td>`, its `<` at line:offset
        (`_read_plain`): what `_start`, `_data` and `handle_endtag` make of it, without opening
        and closing the cell."""
        open_ = self.open
        if open_.get("td") or open_.get("th"):  # (_IMPLIED_END of td and th)
            self._close_implied(_CELLS, _TABLE_SCOPE)
        self.elements += 1
        if self.elements > MAX_HTML_ELEMENTS:
            raise over(self.name, f"HTML page of over {MAX_HTML_ELEMENTS:,} elements",
                       f"HTML 页面超过元素数上限 {MAX_HTML_ELEMENTS:,} 个")
        element = _Element(tag, [], line, offset + 1)
        self.children.append(element)
        if self.waiting:
            self.directives.extend((directive, element) for directive in self.waiting)
            self.waiting = []
        if len(self.stack) > self.max_depth:
            raise InputError(self.name, f"HTML nests deeper than {self.max_depth} levels")
        if data:
            element.children.append(_Piece(data, line, offset + 5, True))  # (after `<td>`)

    def _cells(self, text: str, start: int, end: int, line: int, line_start: int) -> None:
        """Cells written whole without attributes, `<td>text</td><td>text</td>…`, from
        text[start:end], all on `line` (`_read_plain`): what `_cell` makes of each. The first
        closes what a cell closes; those after it close nothing, as nothing they would close
        is left open."""
        if self.elements + (end - start) // 9 > MAX_HTML_ELEMENTS or len(self.stack) > self.max_depth:
            for match in _CELL.finditer(text, start, end):  # near a limit: the checks cell by cell
                self._cell(match.group(1), match.group(2), line, match.start() - line_start)
            return
        open_ = self.open
        if open_.get("td") or open_.get("th"):  # (_IMPLIED_END of td and th)
            self._close_implied(_CELLS, _TABLE_SCOPE)
        children, new_tuple = self.children, tuple.__new__
        first = len(children)
        col = start - line_start + 1
        for tag, data in _CELL.findall(text, start, end):
            element = _Element(tag, [], line, col)
            children.append(element)
            if data:
                element.children.append(new_tuple(_Piece, (data, line, col + 4, True)))  # (_Piece(...) without its __new__)
            col += len(data) + 9  # `<td>`, the text, `</td>`
        self.elements += len(children) - first
        if self.waiting:
            self.directives.extend((directive, children[first]) for directive in self.waiting)
            self.waiting = []

    def _data(self, data: str, line: int, offset: int) -> None:
        if data:
            self.children.append(_Piece(data, line, offset + 1, True))

    def _charref(self, name: str, line: int, offset: int) -> None:
        for text in _charref(name):
            if text:
                self.children.append(_Piece(text, line, offset + 1, False))

    def _entityref(self, name: str, line: int, offset: int) -> None:
        self.children.append(_Piece(_ENTITIES.get(name, "&" + name), line, offset + 1, False))

    def _comment(self, data: str, line: int, offset: int) -> None:
        """`<!-- xxgk-lint: … -->`: an inline suppression; an `ignore` annotates the element
        that starts next. Other comments are nothing."""
        if "xxgk-lint" not in data:
            return
        from linter.read.directives import carried

        whole = f"<!--{data}-->"
        end_line = line + whole.count("\n")
        end_column = (offset + len(whole) + 1) if end_line == line else len(whole) - whole.rfind("\n")
        directive = carried(data, Span(line, offset + 1, end_line, end_column))
        if directive is None:
            return
        if directive.verb == "ignore":
            self.waiting.append(directive)
        else:
            self.directives.append((directive, None))


def _parse(text: str, name: str, max_depth: int) -> _TreeParser:
    """The parser, done: its root stands for the document, its directives are the page's. A
    page of plain markup is tokenized at once (`_read_plain`); any other goes through
    html.parser."""
    parser = _TreeParser(name, max_depth)
    if not _read_plain(text, parser):
        parser = _TreeParser(name, max_depth)
        try:
            parser.feed(text)
            parser.close()
        except AssertionError as exc:  # html.parser's way of refusing a declaration it cannot scan
            raise InputError(name, f"unreadable HTML: {' '.join(str(exc).split())}") from None
    parser.directives.extend((directive, None) for directive in parser.waiting)
    return parser


# --- plain markup -----------------------------------------------------------------------------
#
# html.parser spends most of a page's reading on finding each tag with several expressions and
# Python steps. A page made only of the plainest markup — tags with simply written attributes,
# text, `&name;`/`&#n;` references, comments, a doctype, script and style without markup in
# them — is tokenized by one expression instead, giving the builder the events html.parser
# would give, at the same positions. What is outside that subset (a lone `<` or `&`, a
# reference without its `;`, `<![if …]>`, `<?xml …>`, attributes written loosely, markup or
# references inside script, style, title or textarea, any xmp, iframe, noscript, ...: elements
# whose content some Python version reads as raw text) is left to html.parser: the page is read
# again from the start by it. tests/test_readers_html.py compares both on pages inside and
# outside the subset, cells and rows written whole among them.

_W = r"[ \t\n\r\f]"  # white space for every Python's html.parser (its \s would take more)
_NAME = "[a-zA-Z][-.a-zA-Z0-9:_]*"
# an attribute; a bare value is followed by white space or `>` (html.parser takes a `/` after
# it into the value)
_ATTRIBUTE = (rf"{_W}+(?P<name>[a-zA-Z_:][-.a-zA-Z0-9_:]*)"
              rf"(?:{_W}*={_W}*(?:\"(?P<double>[^\"<]*)\"|'(?P<single>[^'<]*)'|(?P<bare>[-.a-zA-Z0-9_:#%,;+]+)(?={_W}|>|\Z)))?")
_ATTRIBUTES = regex(_ATTRIBUTE)
_ATTRS = f"(?:{_ATTRIBUTE.replace('?P<name>', '').replace('?P<double>', '').replace('?P<single>', '').replace('?P<bare>', '')})*"
# the elements some html.parser reads as raw text (script, style) or escapable raw text
_RAW = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext"
# what the `cell` branch of _PLAIN reads (without a group: it is looked for ahead)
_WHOLE_CELL = rf"td>[^<&]*</td{_W}*>|th>[^<&]*</th{_W}*>"
_PLAIN = regex(
    r"(?P<text>[^<&]+)"
    # (not a cell of text only without attributes, read below)
    rf"|<(?P<start>(?!(?i:{_RAW})(?![-.a-zA-Z0-9:_])|{_WHOLE_CELL}){_NAME})(?P<attrs>{_ATTRS}){_W}*(?P<close>/?)>"
    rf"|</(?P<end>{_NAME}){_W}*>"
    r"|&(?P<entity>[a-zA-Z][a-zA-Z0-9]*);"
    r"|&#(?P<charref>[0-9]+|[xX][0-9a-fA-F]+);"
    r"|<!--(?P<comment>(?![->])(?:[^-]|-(?!-))*(?<!-))-->"
    r"|<![dD][oO][cC][tT][yY][pP][eE][^<>]*>"
    # script and style (raw text in every version) holding no `</` and no `<!`; title and
    # textarea (escapable raw text in some versions) holding no `<` and no `&`
    rf"|<(?P<raw>script|style)(?P<rawattrs>{_ATTRS}){_W}*>(?P<rawtext>(?:[^<]|<(?![/!]))*)</(?P=raw)>"
    rf"|<(?P<escapable>title|textarea)(?P<escapableattrs>{_ATTRS}){_W}*>(?P<escapabletext>[^<&]*)</(?P=escapable)>"
    # a table cell of text only written whole without attributes, `<td>text</td>`: one event
    # instead of three; and a run of them on one line (a row written on one line): one event for
    # them all. (Last: the branches before them fail at their first character or at once, the
    # way the expression stays as fast on other markup.)
    r"|(?P<cells>(?:<(?P<run>td|th)>[^<&\n]*</(?P=run)>)+)"
    rf"|<(?P<cell>td|th)>(?P<celltext>[^<&]*)</(?P=cell){_W}*>"
)


_CELL = regex(r"<(td|th)>([^<&\n]*)</\1>")  # one cell of the `cells` of _PLAIN


def _read_plain(text: str, parser: _TreeParser) -> bool:
    """Give `parser` the events of a page of plain markup (see above) and say True; False as
    soon as something outside it is met (what `parser` was given is then to be thrown away)."""
    at, line, line_start = 0, 1, 0
    count = text.count
    for match in _PLAIN.finditer(text):
        start = match.start()
        if start != at:
            return False
        at = match.end()
        offset = start - line_start
        kind = match.lastgroup  # the last group of the alternative that matched
        if kind == "text":
            parser._data(match.group(), line, offset)
        elif kind == "close":
            attrs = match.group("attrs")
            parser._start(match.group("start").lower(), _attributes(attrs) if attrs else [], bool(match.group("close")), line, offset)
        elif kind == "end":
            parser.handle_endtag(match.group("end").lower())
        elif kind == "cells":  # (no line break in them)
            parser._cells(text, start, at, line, line_start)
            continue
        elif kind == "celltext":
            parser._cell(match.group("cell"), match.group(kind), line, offset)
        elif kind == "entity":
            parser._entityref(match.group("entity"), line, offset)
        elif kind == "charref":
            parser._charref(match.group("charref"), line, offset)
        elif kind == "comment":
            parser._comment(match.group("comment"), line, offset)
        elif kind in ("rawtext", "escapabletext"):  # the element, its text, its end
            name = match.group(kind[:-4])
            parser._start(name, _attributes(match.group(kind[:-4] + "attrs")), False, line, offset)
            content = match.start(kind)
            lines = count("\n", start, content)
            parser._data(match.group(kind), line + lines, content - (text.rfind("\n", start, content) + 1 if lines else line_start))
            parser.handle_endtag(name)
        newlines = count("\n", start, at)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", start, at) + 1
    return at == len(text)


def _attributes(written: str) -> list[tuple[str, str | None]]:
    """A start tag's attributes as html.parser gives them: names lowercased, values unquoted and
    their references decoded, None for an attribute without a value."""
    if not written:
        return []
    found = []
    for match in _ATTRIBUTES.finditer(written):
        name, double, single, bare = match.group("name", "double", "single", "bare")
        value = double if double is not None else single if single is not None else bare
        found.append((name.lower(), unescape(value) if value and "&" in value else value))
    return found


def _last_line(element: _Element) -> int:
    """The last source line an element's content reaches (its start line when empty)."""
    last, stack = element.line, [element]
    while stack:
        for child in stack.pop().children:
            if isinstance(child, _Element):
                stack.append(child)
            else:
                last = max(last, child.line + child.text.count("\n"))
    return last


# --- lines ------------------------------------------------------------------------------------


class _Text(NamedTuple):
    text: str
    lines: array  # len(text) + 1 entries, the last one just past the end
    cols: array


_WHITE = " \t\n\r\f"  # HTML white space
_WHITE_RUN = regex(r"[ \t\n\r\f]+")
_TOKEN = regex(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")  # HTML white space, and the rest


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
            if token[0] in _WHITE:
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


class _CellLine:
    """A line being assembled inside a table cell, where every character maps to the cell's
    start tag: `_Line` without the positions."""

    __slots__ = ("parts", "space")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.space = False

    def add(self, piece: _Piece) -> None:
        parts = self.parts
        for token in _TOKEN.findall(piece.text):
            if token[0] in _WHITE:
                if parts and not self.space:
                    parts.append(" ")
                    self.space = True
            else:
                parts.append(token)
                self.space = False

    def add_preformatted(self, piece: _Piece) -> None:
        self.parts.append(piece.text)
        self.space = False

    def take(self) -> str | None:
        if not self.parts:
            return None
        text = "".join(self.parts).strip()
        self.parts = []
        self.space = False
        return text or None


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
_CHROME_NAME = regex(r"nav|menu|breadcrumb|footer", re.I)
_SPAN = regex(r"\s*(\d+)")
_MAX_COLSPAN = 1000  # as browsers clamp it


def _is_chrome(element: _Element) -> bool:
    if element.name in _CHROME_TAGS:
        return True
    if element.name in ("html", "body") or not element.attrs:
        return False
    return any((value := element.get(name)) and _CHROME_NAME.search(value) for name in ("id", "class"))


def _span(value: str | None, default: int, limit: int) -> int:
    """A rowspan/colspan value as browsers read it: leading digits, 0 means `default`."""
    match = _SPAN.match(value) if value else None
    written = match.group(1).lstrip("0") if match else "1"
    number = int(written or "0") if len(written) <= 9 else limit  # never int() on a digit string of any length
    return min(number or default, limit)


def _same(value: int, count: int) -> array:
    return array("l", [value]) * count


class _Reader:
    def __init__(self, name: str) -> None:
        self.out: list[DocLine] = []
        self.tables = 0
        self.grid = 0  # grid cells laid out so far (read/limits.py)
        self.name = name
        self.lines_of: dict[str, str] = {}  # the text of a cell of one piece -> its line's (the same in many cells)

    def read(self, root: _Element) -> list[DocLine]:
        for item in self._flow(root, in_cell=False):
            if isinstance(item, _Element):
                self._table(item)
            else:
                self.out.append(_paragraph(item))
        return self.out

    def _flow(self, root: _Element, in_cell: bool) -> list[_Text | str | _Element]:
        """The lines of text under `root` (itself included) in document order; outside a cell,
        a data table is listed as its element, in its place. In a cell, lines are strings."""
        out: list[_Text | str | _Element] = []
        line = _CellLine() if in_cell else _Line()
        frames: list[Iterator[_Element | _Piece]] = [iter((root,))]
        entered: list[_Element | None] = [None]  # the element of each frame
        pre = sectioning = 0
        while frames:
            for node in frames[-1]:
                if node.__class__ is _Piece:
                    if not pre:
                        line.add(node)
                        continue
                    for i, part in enumerate(_source_lines(node)):  # in <pre>, line breaks end lines
                        if i and (done := line.take()):
                            out.append(done)
                        line.add_preformatted(part)
                    continue
                name = node.name
                if name in _SKIP or (not in_cell and not sectioning and _is_chrome(node)):
                    continue
                is_data_table = name == "table" and not in_cell and not node.has_table
                if (name in _BLOCK or name == "br" or is_data_table) and (done := line.take()):
                    out.append(done)
                if is_data_table:
                    out.append(node)
                elif name != "br":
                    pre += name == "pre"
                    sectioning += name in _SECTIONING
                    frames.append(iter(node.children))
                    entered.append(node)
                    break
            else:  # the frame is done: close its element
                frames.pop()
                closed = entered.pop()
                if closed is not None:
                    pre -= closed.name == "pre"
                    sectioning -= closed.name in _SECTIONING
                    if closed.name in _BLOCK and (done := line.take()):
                        out.append(done)
        if done := line.take():
            out.append(done)
        return out

    def _table(self, table: _Element) -> None:
        for caption in table.children:
            if isinstance(caption, _Element) and caption.name == "caption":
                self.read(caption)
        rows = _rows(table)
        if not any(rows):
            return
        self.tables += 1
        t = self.tables
        out, lines_of = self.out, self.lines_of
        # busy[c]: the last grid row taken in grid column c by a cell spanning rows (the columns a
        # cell of one row takes matter to no other row: its own cells after it are further right);
        # reach: the largest of busy, the last grid row any cell has spanned to
        busy: list[int] = []
        reach = -1
        for r, cells in enumerate(rows):
            c = 0
            row = f"表{t} 第{r + 1}行"
            for cell in cells:
                if reach >= r:  # a cell of a row above may take this one's column
                    while c < len(busy) and busy[c] >= r:
                        c += 1
                if cell.attrs:
                    rowspan = _span(cell.get("rowspan"), len(rows) - r, len(rows) - r)
                    colspan = _span(cell.get("colspan"), 1, _MAX_COLSPAN)
                    if rowspan > 1:
                        last = r + rowspan - 1
                        if len(busy) < c + colspan:
                            busy.extend([-1] * (c + colspan - len(busy)))
                        busy[c : c + colspan] = [max(b, last) for b in busy[c : c + colspan]]
                        reach = max(reach, last)
                else:  # (what _span reads of no value)
                    colspan = 1
                children = cell.children
                if len(children) == 1 and children[0].__class__ is _Piece:  # one piece of text, the usual cell
                    written = children[0].text
                    text = lines_of.get(written)
                    if text is None:
                        text = lines_of[written] = _cell_line(_WHITE_RUN.sub(" ", written).strip())
                elif not children:
                    text = "|"
                else:
                    text = _cell_line(self._cell_text(cell))
                # (text, line, cols, lines, where, cell: positional, the cheaper call)
                out.append(DocLine(text, cell.line, array("l", [cell.col]) * (len(text) + 1), None, f"{row} 第{c + 1}列",
                                   (t, r + 1, c + 1)))
                c += colspan
            self.grid += c + 1  # the columns this row walked and wrote, at most
            if self.grid > MAX_TABLE_GRID_CELLS:
                raise over(self.name, f"tables spanning over {MAX_TABLE_GRID_CELLS:,} grid cells (rowspan/colspan)",
                           f"表格跨行跨列展开后超过网格单元格上限 {MAX_TABLE_GRID_CELLS:,} 个")
            if cells:  # the separator sits at the row's last cell, keeping lines in source order
                last = cells[-1]
                out.append(DocLine("|||", last.line, _same(last.col, 4), where=row))

    def _cell_text(self, cell: _Element) -> str:
        children = cell.children
        if all(child.__class__ is _Piece for child in children):  # text only
            return _plain_cell_text(children)
        return "".join(self._flow(cell, in_cell=True))  # type: ignore[arg-type]  # strings in a cell


def _plain_cell_text(pieces: list[_Piece]) -> str:
    """What `_Reader._flow` makes of a cell holding only text: its pieces joined, each run of
    HTML white space one space, the ends trimmed."""
    return _WHITE_RUN.sub(" ", "".join([piece.text for piece in pieces])).strip()


def _cell_line(text: str) -> str:
    """The text of a cell's line."""
    return f"{text} |" if text else "|"


def _rows(table: _Element) -> list[list[_Element]]:
    """The cells of each row of a table (no table inside it), in source order. Cells outside
    any `<tr>` join the row before them, or make one."""
    rows: list[list[_Element]] = []
    stack = list(reversed(table.children))
    while stack:
        node = stack.pop()
        if not isinstance(node, _Element) or node.name in _SKIP or node.name == "caption":
            continue
        if node.name in ("td", "th"):
            if not rows:
                rows.append([])
            rows[-1].append(node)
            continue
        if node.name == "tr":
            children = node.children
            if all(child.__class__ is _Element and child.name in _CELLS for child in children):  # cells only, the usual row
                rows.append(children.copy())
                continue
            rows.append([])
        stack.extend(reversed(node.children))
    return rows


def _paragraph(text: _Text) -> DocLine:
    line = text.lines[0]
    lines = None if text.lines.count(line) == len(text.lines) else text.lines
    return DocLine(text.text, line, text.cols, lines)


def read(source: Source, *, max_depth: int = DEFAULT_MAX_DEPTH) -> list[DocLine]:
    """The DocLines of an HTML page (see the module docstring)."""
    return read_text(decode_page(source), source, max_depth=max_depth)


def decode_page(source: Source) -> str:
    """The page's source as text: the text that DocLine positions count in."""
    return _decode(source)


def read_text(text: str, source: Source, *, max_depth: int = DEFAULT_MAX_DEPTH) -> list[DocLine]:
    """The DocLines of a page's decoded source (`decode_page`)."""
    return read_page(text, source, max_depth=max_depth)[0]


def read_page(text: str, source: Source, *, max_depth: int = DEFAULT_MAX_DEPTH) -> tuple[list[DocLine], list]:
    """The DocLines of a page's decoded source and its inline suppressions (`<!-- xxgk-lint:
    … -->`, read/directives.py): an `ignore` covers the lines of the element after it (a
    paragraph, a table), or its own line when nothing follows."""
    from linter.read.directives import scope

    parser = _parse(text, source.name, max_depth)
    lines = _Reader(source.name).read(parser.root)
    found = []
    for index, (directive, element) in enumerate(parser.directives):
        if directive.verb == "ignore":
            directive.first = element.line if element is not None else directive.span.line
            directive.last = _last_line(element) if element is not None else directive.span.line
        found.append((index, directive, True))
    found.sort(key=lambda item: (item[1].span.line, item[1].span.column))
    return lines, scope([(k, d, alone) for k, (_, d, alone) in enumerate(found)], lines)
