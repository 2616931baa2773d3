"""Stage — read: bytes -> document lines. Every input format becomes the same list of DocLines.

A reader takes the Source (bytes) and returns DocLines whose `origin()` answers in the user's
file. Plain text and Markdown are read line for line; HTML and Word documents are read by their
own modules and emit one DocLine per text block or table cell, table cells ending in " |" and a
"|||" line between table rows, the same shape as the flattened tables users already paste.
"""

from __future__ import annotations

from linter.document import DocLine
from linter.read.source import Source, decode, split_lines

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
DOCX_SUFFIXES = (".docx",)
REPORT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES


def read_document(source: Source) -> tuple[list[DocLine], list]:
    """The document lines and the inline suppressions written in them (read/directives.py)."""
    lines = read(source)
    if source.suffix in HTML_SUFFIXES or source.suffix in DOCX_SUFFIXES:
        return lines, []
    from linter.read.directives import from_lines

    return from_lines(lines)


def read(source: Source) -> list[DocLine]:
    if source.suffix in HTML_SUFFIXES:
        from linter.read import html

        return html.read(source)
    if source.suffix in DOCX_SUFFIXES:
        from linter.read import docx

        return docx.read(source)
    return read_text(source)


def read_text(source: Source) -> list[DocLine]:
    text = decode(source.data, source.name)
    return [DocLine(text=line, line=number) for number, line in enumerate(split_lines(text), 1)]
