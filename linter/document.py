"""Positions in the user's file, and the document lines every reader produces.

Every position a user sees is in the coordinates of *their* file (1-based line and column,
columns counted in characters), whatever reading and normalisation did to the text. Each stage
keeps that promise by carrying, for every character it produces, the original position it came
from (`DocLine.origin`).
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

from linter.cache import regex


@dataclass(slots=True, unsafe_hash=True)
class Span:
    """A range in the user's original file: 1-based line and column, end inclusive of its line,
    end_column exclusive (one past the last character), like LSP and SARIF.

    A value: never assigned to once made. Not a frozen dataclass all the same, because a
    frozen one's __init__ sets each field through object.__setattr__ (seven times the cost),
    and the parser and the analysis make thousands a report; unsafe_hash gives the hash a
    frozen one has (of its fields: findings are kept in sets)."""

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
    cell     for a table cell read from HTML, docx or PDF: (table ordinal, row, column), 1-based.
    page     for a PDF: the page the line is on (1-based), and
    page_line  the line on that page as a person counts it: the lines of text from the top,
             the running header left out, each table row one line (a cell has its row's).
    """

    text: str
    line: int
    cols: array | None = None
    lines: array | None = None
    where: str | None = None
    cell: tuple[int, int, int] | None = None
    page: int | None = None
    page_line: int | None = None

    def origin(self, i: int) -> tuple[int, int]:
        """Original (line, column) of character i; i == len(text) is the end of the line."""
        if i < 0:
            i = 0
        elif i > len(self.text):
            i = len(self.text)
        cols, lines = self.cols, self.lines
        return (self.line if lines is None else lines[i]), (i + 1 if cols is None else cols[i])

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """Original span of text[start:end]. What origin(start) and origin(end - 1) give, written
        out: a table cell, a heading and a paragraph each take one, and the parser makes a few
        hundred a report."""
        size = len(self.text)
        if end is None:
            end = size
        cols, lines = self.cols, self.lines
        if cols is None and lines is None and 0 <= start <= end <= size:  # the identity map (most lines)
            return Span(self.line, start + 1, self.line, end + 1)
        a = 0 if start < 0 else size if start > size else start
        col = cols[a] if cols is not None else a + 1
        line = lines[a] if lines is not None else self.line
        if end <= start:
            return Span(line, col, line, col)
        b = end - 1
        b = 0 if b < 0 else size if b > size else b
        return Span(
            line, col,
            lines[b] if lines is not None else self.line,
            (cols[b] if cols is not None else b + 1) + 1,
        )


_PLACE_WORDS = (("页", "page"), ("段", "paragraph"), ("行", "row"), ("列", "column"))
_PLACE = regex(r"表(\d+)|第(\d+)(页|段|行|列)")


def where_in(where: str | None, lang: str) -> str | None:
    """A reader's `where` (`表2 第5行 第3列`, `第41段`, `第3页`) in the language of the output:
    `table 2, row 5, column 3` in English."""
    if where is None or lang != "en":
        return where
    where = re.sub(r"第(\d+)页\s*第(\d+)行", r"page \1, line \2", where)  # a line of a PDF page
    parts = [m.group(0) for m in re.finditer(r"page \d+, line \d+", where)]
    where = re.sub(r"page \d+, line \d+", "", where)
    for m in _PLACE.finditer(where):
        if m.group(1):
            parts.append(f"table {m.group(1)}")
        else:
            parts.append(f"{dict(_PLACE_WORDS)[m.group(3)]} {m.group(2)}")
    return ", ".join(parts) if parts else where
