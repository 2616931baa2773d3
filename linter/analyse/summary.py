"""The summary of one report: the little the checks across years and the review page need of it,
small and picklable, made in the worker beside the report's findings so that no process ever
holds the analyses of a batch.

    Analysis -> Summary(path, body, year, era, title, grids, sentences)

- `body`, `year`, `era`: which series the report belongs to (a configuration may say the body
  and year where the title does not: app/config.py `reports:`); `body_key` makes
  `淮安市洪泽区人民政府` and `洪泽区人民政府` one body.
- `grids`: every table read against its template, as values with their spans: the cells the
  series rules compare (`prev.`/`this.` of linter/checks/series.py) and what the review page
  draws, each cell with its row and column labels and whether the table was read reliably.
- `sentences`: a fingerprint of the prose, one (hash, length, line, column) per sentence,
  digits masked, so that text repeated from the previous year is found without keeping it.

`SummaryScope` is the expression context (linter.packs.expr.Context) over one summary: cells of
the tables read reliably, like `Scope` over an analysis.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import NamedTuple, Sequence

from linter.cache import regex
from linter.chinese import squeeze
from linter.document import Span
from linter.memo import of_object
from linter.packs.expr import Value

# A sentence: the text up to and with its end, or the rest of a text that has no end
_SENTENCE = regex(r"[^。；;！!？?]*[。；;！!？?]|[^。；;！!？?]+")
# A number: digits (`12`, `3.5`), or a Chinese numeral before a counter (`十二件`), written to
# begin with one class of characters, so that the engine skips ahead to where one can start:
# \d+(?:\.\d+)?|[〇…两]+(?=[件…日]) (no character is both a digit and such a numeral).
_DIGITS = regex(r"[\d〇○零一二三四五六七八九十百千万两](?:(?<=\d)\d*(?:\.\d+)?|(?<!\d)[〇○零一二三四五六七八九十百千万两]*(?=[件条个项次人篇年月日]))")
MIN_SENTENCE = 12  # characters (squeezed): shorter ones (`无。`, headings) are common to every report
# `江苏省淮安市` before a place that is itself a 市/区/县: the same body named from higher up
_PREFIX = regex(r"^[\u4e00-\u9fff]{2,7}?(?:省|自治区|市)(?=[\u4e00-\u9fff]{2,}?(?:市|区|县|旗|州)[\u4e00-\u9fff])")


def body_key(body: str | None) -> str | None:
    """The identity of a body across years: its name without spaces, punctuation and the names
    of the province or city above a 市/区/县 (`淮安市洪泽区人民政府` = `洪泽区人民政府`), so that a
    title that names the city one year and not the next stays one series; two bodies with
    different names never meet (`洪泽区教育局` is not `洪泽区人民政府`)."""
    if not body:
        return None
    key = squeeze(body)
    while True:
        stripped = _PREFIX.sub("", key, count=1)
        if stripped == key:
            return key or None
        key = stripped


class CellValue(NamedTuple):
    """A value cell as read: its text, its number (None = not reported) and where it is. A
    tuple, not a dataclass: a batch pickles hundreds of these per report (a frozen dataclass
    with slots pickles ten times slower)."""

    text: str
    number: Decimal | None
    line: int
    column: int
    end_line: int
    end_column: int
    where: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.end_line, self.end_column)


class _Slots:
    """A plain class whose instances pickle as the tuple of their slots (as a dataclass with
    slots does): GridSummary and Summary are made for every report and never compared or
    copied, and a dataclass costs 0.1-0.3 ms of import."""

    __slots__ = ()

    def __getstate__(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state) -> None:
        for name, value in zip(self.__slots__, state):
            setattr(self, name, value)


class GridSummary(_Slots):
    """A table read against its template, without the analysis: labels of its rows and
    columns (in the format's order), the cells read, and why it is unreadable if it is.

    The cells are kept as they pickle — row by row, (row, column ids, a plain tuple per cell)
    — and made a dict of CellValues when first asked for: a worker of a batch makes a summary
    only to pickle it, and a named tuple is made, and pickled, through a call of Python code
    per cell (2.5x the time of the whole summary's pickling; its loading likewise)."""

    __slots__ = ("table", "title", "readable", "span", "rows", "columns", "groups", "read", "problems", "missing",
                 "where", "_cells")

    def __init__(
        self, table: str, title: str, readable: bool, span: Span, rows: tuple[tuple[str, str], ...],
        columns: tuple[tuple[str, str], ...], groups: dict[str, tuple[str, ...]],
        cells: dict[str, dict[str, CellValue]] | None = None, problems: tuple[str, ...] = (), missing: bool = False,
        where: str | None = None, read: list[tuple[str, tuple[str, ...], list[tuple]]] | None = None,
    ):
        self.table = table  # template id
        self.title = title
        self.readable = readable
        self.span = span
        self.rows = rows  # (row id, official name)
        self.columns = columns  # (column id, label)
        self.groups = groups  # "rows:<group>" / "columns:<group>" -> ids
        self._cells = {} if cells is None and read is None else cells
        # the cells as (row id, column ids, a tuple of CellValue's fields each), when not `cells`
        self.read = read
        self.problems = problems
        self.missing = missing
        self.where = where

    @property
    def cells(self) -> dict[str, dict[str, CellValue]]:
        """row id -> column id -> the cell."""
        cells = self._cells
        if cells is None:
            cells = self._cells = {row: dict(zip(cols, map(CellValue._make, values))) for row, cols, values in self.read}
        return cells

    def value(self, row: str, column: str) -> CellValue | None:
        return self.cells.get(row, {}).get(column)

    def __getstate__(self):
        state = [getattr(self, name) for name in _STATE]
        if self.read is None:
            state[_READ] = [(row, tuple(cols), list(map(tuple, cols.values()))) for row, cols in self._cells.items()]
        return tuple(state)

    def __setstate__(self, state) -> None:
        for name, value in zip(_STATE, state):
            setattr(self, name, value)
        self._cells = None


_STATE = GridSummary.__slots__[:-1]  # what pickles: every slot but the cells made of `read`
_READ = _STATE.index("read")


class Summary(_Slots):
    __slots__ = ("path", "body", "year", "era", "title", "title_span", "grids", "sentences", "report_year", "lines")

    def __init__(
        self, path: str, body: str | None, year: int | None, era: str, title: str | None = None,
        title_span: Span | None = None, grids: dict[str, GridSummary] | None = None,
        sentences: tuple[tuple[int, int, int, int], ...] = (), report_year: int | None = None,
        lines: dict[int, str] | None = None,
    ):
        self.path = path
        self.body = body
        self.year = year
        self.era = era
        self.title = title
        self.title_span = title_span
        self.grids = {} if grids is None else grids
        self.sentences = sentences  # (hash, length, line, column)
        self.report_year = report_year  # the year the report says (shown), even when `year` is None
        # the document lines a finding across years may point at (the title, the cells, the
        # sentences), for code frames; None for a Word document
        self.lines = lines

    @property
    def body_key(self) -> str | None:
        return body_key(self.body)

    @property
    def anchor(self) -> Span:
        """Where a finding about the whole report points: its title, else its first line."""
        return self.title_span or Span.point(1)


def summarise(analysis, body: str | None = None, year: int | None = None, text: list[str] | None = None) -> Summary:
    """The summary of an analysis; `body` and `year` replace what the report says about itself
    (a configuration's `reports:` mapping); `text` is the document text the positions count in."""
    facts = analysis.facts
    grids = {tid: _grid(grid) for tid, grid in analysis.grids.items()}
    sentences = tuple(_sentences(p for p, _context in analysis.passages))
    lines = None
    if text is not None:
        wanted = {s[2] for s in sentences} | {c[2] for g in grids.values() for _row, _cols, cells in g.read for c in cells}
        wanted |= {g.span.line for g in grids.values()} | ({facts.title_span.line} if facts.title_span else set()) | {1}
        lines = {n: text[n - 1] for n in sorted(wanted) if 1 <= n <= len(text)}
    return Summary(
        path=analysis.report.path, body=body or facts.body, year=year or series_year(facts), era=analysis.era,
        title=facts.title, title_span=facts.title_span, grids=grids,
        sentences=sentences, report_year=year or facts.year, lines=lines,
    )


def series_year(facts) -> int | None:
    """The year a report stands for in its body's series: its year, unless the title and the
    statistical period disagree (XG201's finding) — then it is not known which, and the report
    is left out of the checks across years rather than compared with the wrong year."""
    if facts.title_year is not None and facts.period_year is not None and facts.title_year != facts.period_year:
        return None
    return facts.year


_OF_TEMPLATE: dict = {}  # id(template) -> (template, its labels and groups): linter/memo.py


def _of_template(t) -> tuple:
    """What a grid's summary keeps of its template (pack data, the same for every report):
    made once a template, not once a report."""
    groups: dict[str, list[str]] = {}
    for r in t.rows:
        for g in r.groups:
            groups.setdefault(f"rows:{g}", []).append(r.id)
    for c in t.columns:
        for g in c.groups:
            groups.setdefault(f"columns:{g}", []).append(c.id)
    return (t.id, t.title, tuple((r.id, r.name) for r in t.rows if not r.heading),
            tuple((c.id, c.label) for c in t.columns), {k: tuple(v) for k, v in groups.items()})


def _grid(grid) -> GridSummary:
    table, title, rows, columns, groups = of_object(_OF_TEMPLATE, grid.template, _of_template, 256)
    read = []
    for row, cols in grid.cells.items():
        values = []
        for reading in cols.values():
            c = reading.cell
            span = c.span
            values.append((c.text.strip(), reading.number, span.line, span.column, span.end_line, span.end_column, c.where))
        read.append((row, tuple(cols), values))
    return GridSummary(
        table=table, title=title, readable=grid.readable, span=grid.span, rows=rows, columns=columns,
        groups=dict(groups), read=read, problems=tuple(p.reason for p in grid.problems), missing=grid.missing,
        where=grid.where,
    )


def _sentences(paragraphs) -> list[tuple[int, int, int, int]]:
    """(hash, length, line, column) of each sentence of the paragraphs whose text without digits
    and punctuation (squeezed) has MIN_SENTENCE characters or more. The digits of a paragraph are
    masked once: no number crosses a sentence's end, so its sentences are those of the masked
    text, end for end. (Made for every report of a batch with checks across years: the
    sentences are found as the runs of text up to each end, not by splitting at a lookbehind,
    which tries every position.)"""
    found = []
    pieces, mask, digest = _SENTENCE.findall, _DIGITS.sub, hashlib.blake2b
    for paragraph in paragraphs:
        text = paragraph.text
        start = 0
        for sentence, masked in zip(pieces(text), pieces(mask("#", text))):
            if len(masked) >= MIN_SENTENCE:  # squeezing only shortens
                key = squeeze(masked)
                if len(key) >= MIN_SENTENCE:
                    line, column = paragraph.origin(start + len(sentence) - len(sentence.lstrip()))
                    found.append((int.from_bytes(digest(key.encode("utf-8"), digest_size=8).digest(), "big"), len(key),
                                  line, column))
            start += len(sentence)
    return found


# ---------------------------------------------------------------------------------------------
# Expressions over a summary


class SummaryScope:
    """The expression context over one summary: the cells of its tables read reliably. The
    template's rows and columns are the grid's own (a table the report's era lacks has none,
    so an expression about it stays unjudged)."""

    def __init__(self, summary: Summary):
        self.summary = summary
        self.row: str | None = None
        self.column: str | None = None

    def value(self, table: str, row: str, column: str) -> Value | None:
        grid = self.summary.grids.get(table)
        if grid is None or not grid.readable:
            return None
        cell = grid.value(row, column)
        if cell is None or cell.number is None:
            return None
        return Value(cell.number, cell)

    def rows(self, table: str, group: str) -> Sequence[str]:
        grid = self.summary.grids.get(table)
        return grid.groups.get(f"rows:{group}", ()) if grid else ("?",)

    def columns(self, table: str, group: str | None) -> Sequence[str]:
        grid = self.summary.grids.get(table)
        if grid is None:
            return ("?",)
        if group is None:
            return [c for c, _ in grid.columns]
        return grid.groups.get(f"columns:{group}", ())
