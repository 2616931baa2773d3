"""The data that flows through the pipeline.

Every position a user sees is in the coordinates of *their* file (1-based line and column,
columns counted in characters), whatever reading and normalisation did to the text. Each stage
keeps that promise by carrying, for every character it produces, the original position it came
from (`DocLine.origin`).

    DocLine   one line of document text with the map back to the original file
    Span      a range in original coordinates
    Report    what the parser understood: title, year, era, sections, paragraphs, tables
    Finding   one defect, ready for output
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Span:
    """A range in the user's original file: 1-based line and column, end inclusive of its line,
    end_column exclusive (one past the last character), like LSP and SARIF."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int = 1) -> "Span":
        return cls(line, column, line, column)


@dataclass(slots=True)
class DocLine:
    """One line of document text and where each of its characters came from.

    Readers produce DocLines (a .txt line is itself; an HTML table cell becomes one line) and the
    normaliser rewrites `text` while composing the maps, so `origin(i)` always answers in the
    user's file.

    cols[i]  original 1-based column of character i (len(text)+1 entries, the last one is the
             position just past the line's end); None means the identity map, col = i + 1.
    lines[i] original line of character i, for text assembled from several source lines
             (HTML); None means every character is on `line`.
    where    a human-readable location for formats without lines (docx: "表3 第5行 第2列").
    cell     for a table cell read from HTML or docx: (table ordinal, row, column), 1-based.
    """

    text: str
    line: int
    cols: array | None = None
    lines: array | None = None
    where: str | None = None
    cell: tuple[int, int, int] | None = None

    def origin(self, i: int) -> tuple[int, int]:
        """Original (line, column) of character i; i == len(text) is the end of the line."""
        i = max(0, min(i, len(self.text)))
        col = self.cols[i] if self.cols is not None else i + 1
        line = self.lines[i] if self.lines is not None else self.line
        return line, col

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """Original span of text[start:end]."""
        if end is None:
            end = len(self.text)
        line, col = self.origin(start)
        if end > start:
            end_line, end_col = self.origin(end - 1)
            end_col += 1
        else:
            end_line, end_col = line, col
        return Span(line, col, end_line, end_col)


@dataclass(slots=True)
class Cell:
    """One cell of a table as read: its text (normalised) and where it is."""

    text: str
    span: Span
    where: str | None = None
    row_break: bool = False  # a row separator precedes this cell (`|||` lines, a new md row)


@dataclass(slots=True)
class Table:
    """The cells of one table region, in reading order. Which row and column a cell belongs to is
    decided later, against a template from a rule pack (linter/tables.py)."""

    cells: list[Cell]
    span: Span
    section: str | None = None  # id of the required section it stands in, once known


class Paragraph:
    """A paragraph: one line, or several when PDF extraction wrapped it. `text` joins the lines
    without a separator (Chinese does not put spaces at a wrap) and `span_of` maps a range of
    it back to the user's file, across the wraps."""

    __slots__ = ("lines", "text", "_starts")

    def __init__(self, lines: list[DocLine]):
        self.lines = lines
        starts, pos = [], 0
        for line in lines:
            starts.append(pos)
            pos += len(line.text)
        self._starts = starts
        self.text = "".join(line.text for line in lines)

    @property
    def span(self) -> Span:
        return self.span_of(0, len(self.text.rstrip()))

    def _locate(self, i: int) -> tuple[DocLine, int]:
        k = bisect_right(self._starts, i) - 1
        k = max(0, min(k, len(self.lines) - 1))
        return self.lines[k], i - self._starts[k]

    def span_of(self, start: int, end: int) -> Span:
        first, a = self._locate(start)
        line, col = first.origin(a)
        if end <= start:
            return Span(line, col, line, col)
        last, b = self._locate(end - 1)
        end_line, end_col = last.origin(b)
        return Span(line, col, end_line, end_col + 1)


@dataclass(slots=True)
class Heading:
    """A numbered heading: level 1 `一、`, 2 `（一）`, 3 `1.`/`1、`, 4 `（1）`."""

    level: int
    number: int  # 1-based ordinal read from the numeral; 0 when unreadable
    numeral: str  # the numeral as written, e.g. "三", "—", "2"
    title: str  # the text after the numeral
    span: Span
    line: DocLine


@dataclass(slots=True)
class Section:
    heading: Heading | None  # None for the preamble before the first heading
    children: list["Section"] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def level(self) -> int:
        return self.heading.level if self.heading else 0

    def walk(self):
        """This section and every section inside it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class DatedMention:
    """A date the report states, with what kind of date it is."""

    kind: str  # "publication" | "signature" | "filled"
    year: int
    month: int
    day: int
    span: Span


@dataclass(slots=True)
class Report:
    path: str
    lines: list[DocLine]  # normalised document lines
    root: Section
    title: str | None = None
    title_span: Span | None = None
    year: int | None = None  # the year reported on
    title_year: int | None = None
    title_year_span: Span | None = None
    period_year: int | None = None  # year of the statistical period (统计期限)
    period_span: Span | None = None
    body: str | None = None  # issuing body (发布机关) when stated
    era: str | None = None  # an era id of the packs' `eras:` (reg2008 | stats2014 | fmt2019 | fmt2021)
    era_reason: str = ""
    # The era the content looks like (the packs' fingerprint phrases), with the span and the
    # phrase that show it: (None, None, "") when no phrase was found.
    content_era: tuple[str | None, Span | None, str] = (None, None, "")
    dates: list[DatedMention] = field(default_factory=list)

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


@dataclass(frozen=True, slots=True)
class Related:
    """A location that explains a finding: a contributing cell, the sentence it conflicts with."""

    span: Span
    message: str
    where: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    span: Span
    rule: str  # e.g. "XG101"
    name: str  # kebab-case, e.g. "missing-section"
    severity: Severity
    message: str  # Chinese
    message_en: str
    related: tuple[Related, ...] = ()
    where: str | None = None
    # For findings about a table cell: the official labels, for JSON/SARIF and fingerprints.
    table: str | None = None
    row: str | None = None
    column_label: str | None = None
    # What identifies this finding across edits that move lines (baseline fingerprints).
    key: str = ""

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.rule, self.message)

    def cell_labels(self) -> dict[str, str]:
        """The official labels of the table cell a finding is about: `table`, and `row` and
        `column` when the finding is about one row, column or cell (JSON `cell`, SARIF
        properties). `column` here is the label; the top-level `column` is the position."""
        labels = {"table": self.table, "row": self.row, "column": self.column_label}
        return {k: v for k, v in labels.items() if v}

    def to_dict(self) -> dict:
        """The stable JSON form (design.md §3)."""
        data = {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "message_en": self.message_en,
        }
        if self.where:
            data["where"] = self.where
        if self.table:
            data["cell"] = self.cell_labels()
        data["related"] = [
            {
                "line": r.span.line,
                "column": r.span.column,
                "end_line": r.span.end_line,
                "end_column": r.span.end_column,
                "message": r.message,
                **({"where": r.where} if r.where else {}),
            }
            for r in self.related
        ]
        return data


@dataclass(frozen=True, slots=True)
class Example:
    """A report snippet from a rule pack that the tests run: `fail` ones must produce exactly the
    `expect`ed findings of the rule, `pass` ones none."""

    kind: str  # "fail" | "pass"
    text: str
    era: str | None = None
    expect: tuple[tuple[int, int], ...] = ()  # (line, column) of each expected finding


@dataclass(frozen=True, slots=True)
class Era:
    """An era of the reports (pack data `eras:`): the years it covers (None = open end), the
    alias --era accepts, its name in messages, and whether it is chosen for a year only when
    the content shows its fingerprint (the 统计表 of 2014–2018 beside the narrative reports)."""

    id: str
    first: int | None
    last: int | None
    alias: str
    name: str
    by_fingerprint: bool = False

    def covers(self, year: int) -> bool:
        return (self.first is None or year >= self.first) and (self.last is None or year <= self.last)


def era_for(eras: dict[str, Era], year: int | None, content: str | None) -> str:
    """A report's era (`eras` oldest first): of the eras covering its year, the one its content
    shows if any, else the first not chosen by fingerprint alone; without a year, the content's
    era; else the newest. A year before the first era takes the oldest, after the last the
    newest."""
    newest = next(reversed(eras))
    if year is None:
        return content or newest
    covering = [e for e in eras.values() if e.covers(year)]
    if not covering:
        oldest = next(iter(eras.values()))
        return oldest.id if oldest.first is not None and year < oldest.first else newest
    if content in (e.id for e in covering):
        return content
    return next((e.id for e in covering if not e.by_fingerprint), covering[0].id)


@dataclass(frozen=True, slots=True)
class Rule:
    """What `xxgk-lint rules` lists and `explain` prints; the metadata SARIF carries."""

    id: str
    name: str
    severity: Severity
    kind: str  # which engine check carries it out
    message: str  # Chinese message template
    message_en: str
    basis: str  # legal basis, e.g. 国办公开办函〔2021〕30号
    docs: str
    pack: str  # the pack that defines it
    eras: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    params: dict = field(default_factory=dict, hash=False, compare=False)  # the kind's parameters


@dataclass(slots=True)
class RunResult:
    """Everything an output format may need about one run."""

    findings: list[Finding]
    rules: dict[str, Rule]  # every rule known to the run, by id
    paths: list[str]  # every report linted, in order, including clean ones
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) of unreadable inputs
    source_lines: dict[str, list[str]] = field(default_factory=dict)  # original lines, for code frames
