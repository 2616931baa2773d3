"""The structure the parser understood: sections nested by heading level, their paragraphs and
tables, every piece with its span in the user's original file.

Plain classes with __slots__, not dataclasses: a report makes hundreds of cells, and nothing
compares, hashes or prints these objects (a dataclass would also cost its generated methods at
every start)."""

from __future__ import annotations

from bisect import bisect_right

from ..document import DocLine, Span


class Cell:
    """One cell of a table as read: its text (normalised) and where it is, characters
    start:end of `line`. The span is line.span(start, end), made when first asked for: a report
    has hundreds of cells and most never stand in a finding."""

    __slots__ = ("text", "_span", "_line", "_start", "_end", "row_break", "row", "glued")

    def __init__(self, text: str, line: DocLine, start: int, end: int, row_break: bool = False,
                 row: int | None = None, glued: bool = False):
        self.text = text
        self._span: Span | None = None
        self._line, self._start, self._end = line, start, end
        self.row_break = row_break  # a row separator precedes this cell (`|||` lines, a new md row)
        # The row of the table this cell is in, when the source says so: the row of an HTML or
        # Word table cell, a Markdown or pipe row, a line of tab-separated cells or of a label
        # and its numbers. None when cells stand one a line and rows are not marked.
        self.row = row
        self.glued = glued  # table text whose cells run together without separators

    @property
    def where(self) -> str | None:
        """Its line's `where` (an HTML or Word table cell: `表2 第5行 第3列`)."""
        return self._line.where

    @property
    def span(self) -> Span:
        span = self._span
        if span is None:
            span = self._span = self._line.span(self._start, self._end)
        return span

    def origin(self) -> tuple[int, int]:
        """(line, column) of its first character in the user's file: span.line and span.column,
        without making the span."""
        span = self._span
        if span is not None:
            return span.line, span.column
        line = self._line
        if line.cols is None and line.lines is None:  # the identity map (most lines); 0 <= start <= len
            return line.line, self._start + 1
        return line.origin(self._start)


class Table:
    """The cells of one table region, in reading order. Which row and column a cell belongs to is
    decided later, against a template from a rule pack (linter/tables.py)."""

    __slots__ = ("cells", "span", "section")

    def __init__(self, cells: list[Cell], span: Span, section: str | None = None):
        self.cells = cells
        self.span = span
        self.section = section  # id of the required section it stands in, once known


class Paragraph:
    """A paragraph: one line, or several when PDF extraction wrapped it. `text` joins the lines
    without a separator (Chinese does not put spaces at a wrap) and `span_of` maps a range of
    it back to the user's file, across the wraps."""

    __slots__ = ("lines", "text", "_starts")

    def __init__(self, lines: list[DocLine]):
        self.lines = lines
        if len(lines) == 1:  # one line (most paragraphs but those of PDF text)
            self._starts = [0]
            self.text = lines[0].text
            return
        starts, pos = [], 0
        texts = [line.text for line in lines]
        for text in texts:
            starts.append(pos)
            pos += len(text)
        self._starts = starts
        self.text = "".join(texts)

    @property
    def span(self) -> Span:
        return self.span_of(0, len(self.text.rstrip()))

    def _locate(self, i: int) -> tuple[DocLine, int]:
        k = bisect_right(self._starts, i) - 1
        if k < 0:  # before the first character: the first line
            k = 0
        return self.lines[k], i - self._starts[k]

    def origin(self, i: int) -> tuple[int, int]:
        """(line, column) of character i in the user's file: span_of(i, i + 1)'s start."""
        line, k = self._locate(i)
        return line.origin(k)

    def span_of(self, start: int, end: int) -> Span:
        first, a = self._locate(start)
        line, col = first.origin(a)
        if end <= start:
            return Span(line, col, line, col)
        last, b = self._locate(end - 1)
        end_line, end_col = last.origin(b)
        return Span(line, col, end_line, end_col + 1)


class Heading:
    """A numbered heading: level 1 `一、`, 2 `（一）`, 3 `1.`/`1、`, 4 `（1）`."""

    __slots__ = ("level", "number", "numeral", "title", "span", "line")

    def __init__(self, level: int, number: int, numeral: str, title: str, span: Span, line: DocLine):
        self.level = level
        self.number = number  # 1-based ordinal read from the numeral; 0 when unreadable
        self.numeral = numeral  # the numeral as written, e.g. "三", "—", "2"
        self.title = title  # the text after the numeral
        self.span = span
        self.line = line


class Section:
    """A heading (None for the preamble before the first heading), and the sections, paragraphs
    and tables under it."""

    __slots__ = ("heading", "children", "paragraphs", "tables")

    def __init__(self, heading: Heading | None, children: list["Section"] | None = None,
                 paragraphs: list[Paragraph] | None = None, tables: list[Table] | None = None):
        self.heading = heading
        self.children = [] if children is None else children
        self.paragraphs = [] if paragraphs is None else paragraphs
        self.tables = [] if tables is None else tables

    @property
    def level(self) -> int:
        return self.heading.level if self.heading else 0

    def walk(self):
        """This section and every section inside it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


class Report:
    """A parsed report: its document lines and the tree of its sections. What the report says
    about itself (title, year, era) is the analysis's (linter/analyse)."""

    __slots__ = ("path", "lines", "root", "directives")

    def __init__(self, path: str, lines: list[DocLine], root: Section, directives: list | None = None):
        self.path = path
        self.lines = lines  # normalised document lines
        self.root = root
        self.directives = [] if directives is None else directives  # inline suppressions (read/directives.py)

    @property
    def sections(self) -> list[Section]:
        return list(self.root.walk())[1:]

    @property
    def headings(self) -> list[Heading]:
        return [s.heading for s in self.root.walk() if s.heading is not None]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for s in self.root.walk() for p in s.paragraphs]

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.root.walk() for t in s.tables]

    def end_span(self) -> Span:
        """The last non-blank line, where something missing at the end is reported."""
        for line in reversed(self.lines):
            if line.text.strip():
                return line.span()
        return Span.point(1)
