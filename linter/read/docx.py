"""Word reader: a .docx report becomes DocLines located by paragraph number.

A Word document has no lines or columns a user could go to, so positions are paragraph
numbers: the body is read in document order (paragraphs and tables interleaved, content
controls opened) and numbered 1, 2, 3, ... where every body paragraph counts, blank ones
included, and every table row counts as one paragraph (a table of 5 rows takes 5 numbers).
`DocLine.line` is that number and `DocLine.where` says it in words:

    paragraph    DocLine(text, line=n, where="第n段"); column = character position in the
                 paragraph (a paragraph split at a manual line break keeps its offsets)
    table cell   DocLine("<text> |", line=n of its row, where="表t 第r行 第c列", cell=(t, r, c)),
                 every character in column c (the cell's 1-based grid column), so a finding
                 on a cell reads "line n, column c"
    row end      DocLine("|||", line=n of the row), after each row that has cells of its own

Tables have the shape of the HTML reader's: each cell once, at its top-left grid position (a
cell merged across columns, `w:gridSpan`, is one `w:tc`; the rows a vertically merged cell
continues into, `w:vMerge`, hold continuation `w:tc`s that are skipped); the paragraphs of a
cell, and any table inside it, join with nothing. Blank paragraphs and lines are not emitted.

The main document part is read from the zip (python-docx opens a package for its comments or
to say what is wrong with it), its body by an XSLT stylesheet (`_READ`): runs wherever they sit
in the paragraph (hyperlinks, smart tags such as the dates older Word marks up, fields,
inserted revisions, inline content controls), deleted revisions and text boxes left out.
Heading styles add nothing: a heading's number (一、) is part of its text. Numbering that Word
generates from a list style is not part of the text and is not rendered.
"""

from __future__ import annotations

import io
import zipfile
from array import array
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.exceptions import PythonDocxError
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from lxml import etree

from linter.cache import regex
from linter.document import DocLine
from linter.errors import InputError
from linter.read.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_GRID_COLUMNS,
    MAX_UNZIPPED_BYTES,
    MAX_XML_BYTES,
    RATIO_CHECKED_FROM,
    check_lines,
    over,
)
from linter.read.source import Source

# python-docx names the stream it was given ("file '<_io.BytesIO object at 0x...>' is not a
# Word file, content type is ..."): keep what helps the user.
_PYTHON_DOCX_PREFIX = regex(r"^file '.*?' is not a Word file, ")

# The namespaces of the names below (in the stylesheet that reads the body: `_READ`).
_NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
               "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
# Content controls and custom XML wrap paragraphs, tables, rows and cells: looked through.
_WRAPPERS = ("w:sdt", "w:sdtContent", "w:customXml")
# What a run's text is made of, besides w:t.
_RUN_TEXT = {"w:tab": "\t", "w:ptab": "\t", "w:br": "\n", "w:cr": "\n", "w:noBreakHyphen": "-"}
# Never text of the paragraph: deleted revisions, text boxes (their own paragraphs), the
# fallback copy of alternate content, properties.
_NOT_TEXT = ("w:del", "w:moveFrom", "w:txbxContent", "w:pPr", "w:rPr", "w:sdtPr", "mc:Fallback")


def read(source: Source) -> list[DocLine]:
    """The DocLines of a Word document (see the module docstring)."""
    return read_document(source)[0]


def read_document(source: Source) -> tuple[list[DocLine], None, list]:
    """The DocLines of a Word document, None for the text (positions are paragraph numbers),
    and its inline suppressions: Word comments (批注) whose text is `xxgk-lint: …`
    (read/directives.py). An `ignore` covers the paragraphs (table rows) its comment marks, from
    the comment's start to its end; a comment on a table cell covers that cell's row."""
    document = _open(source)
    out, marks = _body_lines(document.element.body, source.name)
    return out, None, _directives(document, marks, out)


def _body_lines(body: etree._Element, name: str) -> tuple[list[DocLine], dict[str, list[int]]]:
    """The DocLines of a document's body, and the paragraph numbers each comment's marks sit in
    (by comment id)."""
    out: list[DocLine] = []
    marks: dict[str, list[int]] = {}
    n = t = r = column = 0
    row_start = None  # where the current row's lines start in `out`
    read = _READ if next(body.iter(_COMMENT_MARKS), None) is None else _READ_MARKS
    for item in read(body).getroot():
        kind = item.tag
        if kind == "c":
            if column >= MAX_GRID_COLUMNS:
                raise over(name, f"table {t} row {r} is over the limit of {MAX_GRID_COLUMNS:,} grid columns (w:gridSpan)",
                           f"表{t} 第{r}行超过表格列数上限 {MAX_GRID_COLUMNS:,} 列（w:gridSpan）")
            if r == 1 or item.get("m") is None:  # not a cell continuing a vertical merge
                text = item.text or ""
                if text.find("\n") == len(text) - 1:  # one paragraph, no line break (the usual cell)
                    text = text[:-1].strip()
                else:
                    text = "".join([segment.strip() for segment in text.split("\n")])
                text = f"{text} |" if text else "|"
                cols = array("l", [column + 1]) * (len(text) + 1)
                # (text, line, cols, lines, where, cell: positional, the cheaper call)
                out.append(DocLine(text, n, cols, None, f"表{t} 第{r}行 第{column + 1}列", (t, r, column + 1)))
            span = item.get("s")
            column += 1 if span is None else min(max(1, _number(span, 1)), MAX_GRID_COLUMNS)
            continue
        if kind == "k":
            marks.setdefault(item.text or "", []).append(n)
            continue
        if row_start is not None and len(out) > row_start:
            out.append(DocLine("|||", n, where=f"表{t} 第{r}行"))
        row_start = None
        if kind == "r":
            n, r, row_start = n + 1, r + 1, len(out)
            column = max(0, _number(item.get("b"), 0))  # grid columns before the first cell
            continue
        check_lines(name, n)  # paragraphs and rows are lines: refused before they are all read
        if kind == "p":
            n += 1
            text = item.text
            if text:
                out.extend(_paragraph_lines(text, n))
        else:  # "t"
            t, r = t + 1, 0
    if row_start is not None and len(out) > row_start:
        out.append(DocLine("|||", n, where=f"表{t} 第{r}行"))
    return out, marks


_COMMENT_MARKS = (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"))


def _directives(document: DocxDocument, marks: dict[str, list[int]], lines: list[DocLine]) -> list:
    if not marks:
        return []
    from linter.document import Span
    from linter.read.directives import carried, scope

    found = []
    for comment in document.comments:
        where = marks.get(str(comment.comment_id))
        if not where:
            continue
        first, last = min(where), max(where)
        directive = carried(comment.text, Span(first, 1, first, 1))
        if directive is None:
            continue
        if directive.verb == "ignore":
            directive.first, directive.last = first, last
        found.append(directive)
    found.sort(key=lambda d: d.span.line)
    return scope([(k, d, True) for k, d in enumerate(found)], lines)


def _open(source: Source) -> DocxDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            _check_sizes(source.name, archive.infolist())
    except zipfile.BadZipFile as exc:
        raise InputError(source.name, f"not a Word .docx file: {exc}") from None
    try:
        return _word_document(source)
    except (OpcError, PythonDocxError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc  # KeyError quotes its message
        reason = _PYTHON_DOCX_PREFIX.sub("", " ".join(str(message).split())) or type(exc).__name__
        raise InputError(source.name, f"not a Word .docx file: {reason}") from None


def _check_sizes(name: str, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from the central directory, before anything is inflated (the limits and
    why: read/limits.py)."""
    total = sum(member.file_size for member in members)
    if total > MAX_UNZIPPED_BYTES:
        raise over(name, f"not a Word .docx file: unzips to {total:,} bytes, over the limit of {MAX_UNZIPPED_BYTES:,}",
                   f"不是可读取的 Word 文档：解压后 {total:,} 字节，超过上限 {MAX_UNZIPPED_BYTES:,} 字节")
    xml = sum(member.file_size for member in members if member.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise over(name, f"not a Word .docx file: its XML unzips to {xml:,} bytes, over the limit of {MAX_XML_BYTES:,}",
                   f"不是可读取的 Word 文档：其中 XML 解压后 {xml:,} 字节，超过上限 {MAX_XML_BYTES:,} 字节")
    for member in members:
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > MAX_COMPRESSION_RATIO * member.compress_size:
            ratio = member.file_size // max(member.compress_size, 1)
            raise over(name, f"not a Word .docx file: {member.filename} deflated {ratio:,} times, over the limit of {MAX_COMPRESSION_RATIO} (a zip bomb)",
                       f"不是可读取的 Word 文档：{member.filename} 压缩比 {ratio:,} 倍，超过上限 {MAX_COMPRESSION_RATIO} 倍（疑似压缩炸弹）")


# What python-docx checks of a package before it reads the main document part: the package's
# relationship to it and its content type (anything else is left to python-docx, and to its
# error messages).
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_BODY = qn("w:body")


class _Body:
    """The main document part read directly: its body, and the comments (python-docx opens the
    package for them only when the body has comment marks, which is rare)."""

    __slots__ = ("element", "_data")

    class _Element:
        __slots__ = ("body",)

    def __init__(self, body: etree._Element, data: bytes):
        self.element = self._Element()
        self.element.body = body
        self._data = data

    @property
    def comments(self):
        return docx.Document(io.BytesIO(self._data)).comments


def _word_document(source: Source):
    """The document of an already checked package (`_open`): `word/document.xml` read straight
    from the zip with python-docx's parser settings (python-docx would parse every part of the
    package, most of a small report's reading time); python-docx itself for a package that is
    not plainly a Word document (its errors say why)."""
    body = _main_body(source.data)
    return _Body(body, source.data) if body is not None else docx.Document(io.BytesIO(source.data))


def _main_body(data: bytes) -> etree._Element | None:
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
                return None
            targets = [r.get("Target", "") for r in etree.fromstring(archive.read("_rels/.rels"), parser).iter(_RELS)
                       if r.get("Type") == _OFFICE_DOCUMENT and r.get("TargetMode", "Internal") == "Internal"]
            if len(targets) != 1:
                return None
            name = targets[0].lstrip("/")
            if name not in names or name.startswith("."):
                return None
            types = etree.fromstring(archive.read("[Content_Types].xml"), parser)
            overrides = [o.get("ContentType") for o in types.iter(_CT + "Override")
                         if (o.get("PartName") or "").lower() == "/" + name.lower()]
            if overrides != [_MAIN_TYPE]:
                return None
            root = etree.fromstring(archive.read(name), parser)
    except Exception:  # python-docx reads it again and says what is wrong
        return None
    body = root.find(_BODY) if root.tag == qn("w:document") else None
    return body


# The body read in one walk by libxslt, in C (a walk in Python took about 1 µs an element, most
# of a report's reading time): a flat list of what the reader numbers, in document order,
#   <p>text</p>         a paragraph: its runs' text (tabs as \t, manual line breaks as \n)
#   <t/>                a table
#   <r b="gridBefore"/> a row of it: w:val of its first w:trPr/w:gridBefore, if any
#   <c s="gridSpan" m="1">text</c>
#                       a cell of the row: w:val of its first w:tcPr/w:gridSpan, if any; m when
#                       its first w:vMerge continues a merged cell; the text of its paragraphs
#                       (those of tables inside it included), each followed by \n
#   <k>id</k>           a comment mark in the paragraph or row before it (its w:id)
# Paragraphs and tables are found looking through content controls and custom XML; a
# paragraph's runs wherever they sit (not entering what is not text, `_NOT_TEXT`); a run's text
# is its w:t's text (up to a child node, as lxml's .text), w:tab, w:br and the like; a cell's
# paragraphs are those inside it, not inside another paragraph or what is not text.
_STYLESHEET = """<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
 xmlns:w="{w}" xmlns:mc="{mc}" exclude-result-prefixes="w mc">
<xsl:template match="/"><o><xsl:apply-templates select="*/*" mode="block"/></o></xsl:template>

<xsl:template match="w:p" mode="block"><p><xsl:apply-templates mode="runs"/></p>{marks}</xsl:template>
<xsl:template match="w:tbl" mode="block"><t/><xsl:apply-templates mode="row"/></xsl:template>
<xsl:template match="{wrappers}" mode="block"><xsl:apply-templates mode="block"/></xsl:template>
<xsl:template match="*|text()" mode="block"/>

<xsl:template match="w:tr" mode="row"><r><xsl:for-each select="(w:trPr/w:gridBefore)[1]/@w:val">
 <xsl:attribute name="b"><xsl:value-of select="."/></xsl:attribute></xsl:for-each></r>
 <xsl:apply-templates mode="cell"/>{marks}</xsl:template>
<xsl:template match="{wrappers}" mode="row"><xsl:apply-templates mode="row"/></xsl:template>
<xsl:template match="*|text()" mode="row"/>

<xsl:template match="w:tc" mode="cell"><c><xsl:apply-templates mode="cell-properties"/>
 <xsl:apply-templates mode="paragraphs"/></c></xsl:template>
<xsl:template match="{wrappers}" mode="cell"><xsl:apply-templates mode="cell"/></xsl:template>
<xsl:template match="*|text()" mode="cell"/>

<xsl:template match="w:tcPr" mode="cell-properties"><xsl:apply-templates mode="cell-property"/></xsl:template>
<xsl:template match="*|text()" mode="cell-properties"/>
<xsl:template match="w:gridSpan[not(preceding-sibling::w:gridSpan or ../preceding-sibling::w:tcPr/w:gridSpan)]"
 mode="cell-property"><xsl:for-each select="@w:val"><xsl:attribute name="s"><xsl:value-of select="."/></xsl:attribute>
 </xsl:for-each></xsl:template>
<xsl:template match="w:vMerge[not(preceding-sibling::w:vMerge or ../preceding-sibling::w:tcPr/w:vMerge)]"
 mode="cell-property"><xsl:if test="not(@w:val) or @w:val = 'continue'"><xsl:attribute name="m">1</xsl:attribute>
 </xsl:if></xsl:template>
<xsl:template match="*|text()" mode="cell-property"/>

<xsl:template match="w:p" mode="paragraphs"><xsl:apply-templates mode="runs"/><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="{not_text}|text()" mode="paragraphs"/>

<xsl:template match="w:r" mode="runs"><xsl:apply-templates mode="run"/></xsl:template>
<xsl:template match="{not_text}|text()" mode="runs"/>

<xsl:template match="w:t" mode="run"><xsl:value-of select="node()[1][self::text()]"/></xsl:template>
{run_text}
<xsl:template match="*|text()" mode="run"/>
</xsl:stylesheet>"""
# a comment mark in the paragraph or row (marks are rare: looked for only in a body that has them)
_MARKS = """<xsl:for-each select="descendant::*[self::w:commentRangeStart or self::w:commentRangeEnd
 or self::w:commentReference]"><k><xsl:value-of select="@w:id"/></k></xsl:for-each>"""
_READ, _READ_MARKS = (etree.XSLT(etree.XML(_STYLESHEET.format(
    **_NAMESPACES, wrappers="|".join(_WRAPPERS), not_text="|".join(_NOT_TEXT), marks=marks,
    run_text="\n".join(f'<xsl:template match="{name}" mode="run"><xsl:text>&#{ord(text)};</xsl:text></xsl:template>'
                       for name, text in _RUN_TEXT.items()))),
    access_control=etree.XSLTAccessControl.DENY_ALL) for marks in ("", _MARKS))


def _paragraph_lines(text: str, n: int) -> Iterator[DocLine]:
    """A paragraph's DocLines: one per manual line break, blank ones left out, columns counted
    from the start of the paragraph."""
    offset = 0
    for segment in text.split("\n"):
        stripped = segment.strip()
        if stripped:
            start = offset + len(segment) - len(segment.lstrip())
            cols = array("l", range(start + 1, start + len(stripped) + 2)) if start else None
            yield DocLine(stripped, n, cols, where=f"第{n}段")
        offset += len(segment) + 1


MAX_GRID_SPAN = 1000  # grid columns a cell spans, or a row skips (Word allows 63): clamped, as in HTML


def _number(value: str | None, default: int) -> int:
    """A property's w:val as a grid count (`default` when absent or not a number)."""
    if value is None:
        return default
    value = value.strip()
    if not value.isascii() or not value.isdigit():
        return default
    value = value.lstrip("0") or "0"
    return min(int(value), MAX_GRID_SPAN) if len(value) <= 9 else MAX_GRID_SPAN
