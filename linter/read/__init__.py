"""Stage — read: bytes -> document lines. Every input format becomes the same list of DocLines.

A reader takes the Source (bytes) and returns DocLines whose `origin()` answers in the user's
file. Plain text and Markdown are read line for line; HTML, Word documents and PDF are read by
their own modules and emit one DocLine per text block or table cell, table cells ending in " |"
and a "|||" line between table rows, the same shape as the flattened tables users already paste.

The document text. Every finding's `line:column` counts in a text: the file itself for .txt and
.md, the page's source for HTML, the lines the PDF reader emitted for PDF (see linter/read/pdf.py);
a Word document has paragraph numbers instead (`where` says it in words). `read_document`
returns the DocLines with that text, which code frames show and `xxgk-lint text` prints, so
nothing is read twice.

Formats that are not read (legacy Word `.doc`, WPS `.wps`, OFD, spreadsheets) are refused with a
one-line reason naming the format and how to convert it (`unsupported_reason`), never as
"binary file".
"""

from __future__ import annotations

from linter.document import DocLine
from linter.read.limits import check_lines, count_lines
from linter.read.source import Source, decode, split_lines

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
REPORT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES + PDF_SUFFIXES

_SAVE_AS = "请用 Word 或 WPS 打开后“另存为”.docx 或导出 PDF 再检查"
_SHEET = "不是年度报告格式，请检查报告正文（.docx、PDF 或网页）"
# Formats reports are published in that are not read: the reason, in Chinese and English.
UNSUPPORTED: dict[str, tuple[str, str]] = {
    ".doc": (f"Word 97-2003 文档（.doc）不能直接读取，{_SAVE_AS}", "legacy Word .doc is not read: save it as .docx or PDF"),
    ".wps": (f"WPS 文字文档（.wps）不能直接读取，{_SAVE_AS}", "WPS .wps is not read: save it as .docx or PDF"),
    ".rtf": (f"RTF 文档（.rtf）不能直接读取，{_SAVE_AS}", "RTF is not read: save it as .docx or PDF"),
    ".ofd": ("OFD 版式文档（.ofd）不能直接读取，请用数科 OFD 阅读器或 WPS 转换为 PDF 再检查", "OFD is not read: convert it to PDF"),
    ".xls": (f"Excel 表格（.xls）{_SHEET}", "spreadsheets are not read: lint the report itself"),
    ".xlsx": (f"Excel 表格（.xlsx）{_SHEET}", "spreadsheets are not read: lint the report itself"),
    ".et": (f"WPS 表格（.et）{_SHEET}", "spreadsheets are not read: lint the report itself"),
}
# What a file's first bytes say it is, for inputs whose name does not (stdin, a wrong suffix).
_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ("Office 97-2003 或 WPS 的二进制文档（.doc/.wps/.xls），不能直接读取，" + _SAVE_AS,
                                          "a legacy Office or WPS binary document is not read: save it as .docx or PDF")),
    (b"{\\rtf", UNSUPPORTED[".rtf"]),
)


class Document:
    """What reading gives: the DocLines, the document text their positions count in (None for
    Word: its positions are paragraph numbers), and the inline suppressions written in it
    (read/directives.py). A plain class: never compared or printed."""

    __slots__ = ("lines", "text", "directives")

    def __init__(self, lines: list[DocLine], text: list[str] | None, directives: list | None = None):
        self.lines = lines
        self.text = text
        self.directives = [] if directives is None else directives


def unsupported_reason(source: Source) -> tuple[str, str] | None:
    """Why a source in a format that is not read is refused (zh, en), or None."""
    reason = UNSUPPORTED.get(source.suffix)
    if reason is not None:
        return reason
    for magic, why in _MAGIC:  # also a .doc renamed .docx, or saved as .txt
        if source.data.startswith(magic):
            return why
    return None


def is_pdf(source: Source) -> bool:
    return source.suffix in PDF_SUFFIXES or (source.suffix not in REPORT_SUFFIXES and source.data[:1024].lstrip().startswith(b"%PDF-"))


def read(source: Source) -> list[DocLine]:
    return read_document(source).lines


def read_document(source: Source) -> Document:
    """The document read, refused over the line limit (read/limits.py)."""
    document = _read_document(source)
    check_lines(source.name, len(document.lines))
    return document


def _read_document(source: Source) -> Document:
    from linter.errors import InputError

    reason = unsupported_reason(source)
    if reason is not None:
        raise InputError(source.name, reason[1], reason[0])
    if is_pdf(source):
        from linter.read import pdf

        raw = pdf.read_document(source)
        from linter.read.pdf_text import clean

        return Document(clean(raw), [line.text for line in raw])
    if source.suffix in HTML_SUFFIXES:
        from linter.read import html

        text = html.decode_page(source)
        check_lines(source.name, count_lines(text))  # the page's own lines, before it is parsed
        lines, directives = html.read_page(text, source)
        return Document(lines, split_lines(text), directives)
    if source.suffix in DOCX_SUFFIXES:
        from linter.read import docx

        return Document(*docx.read_document(source))
    text = decode(source.data, source.name)
    check_lines(source.name, count_lines(text))  # before the text is split and a DocLine made for each
    lines = split_lines(text)
    from linter.read.directives import MARK, from_lines

    doc_lines = list(map(DocLine, lines, range(1, len(lines) + 1)))
    if MARK not in text:  # no directive in it (most reports): no line to look at
        return Document(doc_lines, lines)
    doc_lines, directives = from_lines(doc_lines)
    return Document(doc_lines, lines, directives)
