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

python-docx opens the package; text is read from its XML: runs wherever they sit in the
paragraph (hyperlinks, smart tags such as the dates older Word marks up, fields, inserted
revisions, inline content controls), deleted revisions and text boxes left out. Heading
styles add nothing: a heading's number (一、) is part of its text. Numbering that Word
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

_P, _TBL, _TR, _TC, _R, _T = (qn(tag) for tag in ("w:p", "w:tbl", "w:tr", "w:tc", "w:r", "w:t"))
_VAL = qn("w:val")
# A cell's or row's properties and the ones read of them, by their qualified names: found as
# children (lxml's fast path), not by a path with prefixes (parsed again at every call).
_TR_PR, _GRID_BEFORE, _TC_PR, _GRID_SPAN, _V_MERGE = (
    qn(tag) for tag in ("w:trPr", "w:gridBefore", "w:tcPr", "w:gridSpan", "w:vMerge"))
# Content controls and custom XML wrap paragraphs, tables, rows and cells: looked through.
_WRAPPERS = frozenset(qn(tag) for tag in ("w:sdt", "w:sdtContent", "w:customXml"))
# What a run's text is made of, besides w:t.
_RUN_TEXT = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
# Never text of the paragraph: deleted revisions, text boxes (their own paragraphs), the
# fallback copy of alternate content, properties.
_NOT_TEXT = frozenset(
    [qn(tag) for tag in ("w:del", "w:moveFrom", "w:txbxContent", "w:pPr", "w:rPr", "w:sdtPr")]
    + ["{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"]
)


def read(source: Source) -> list[DocLine]:
    """The DocLines of a Word document (see the module docstring)."""
    return read_document(source)[0]


def read_document(source: Source) -> tuple[list[DocLine], None, list]:
    """The DocLines of a Word document, None for the text (positions are paragraph numbers),
    and its inline suppressions: Word comments (批注) whose text is `xxgk-lint: …`
    (read/directives.py). An `ignore` covers the paragraphs (table rows) its comment marks, from
    the comment's start to its end; a comment on a table cell covers that cell's row."""
    document = _open(source)
    out: list[DocLine] = []
    marks: dict[str, list[int]] = {}  # comment id -> the paragraph numbers its marks sit in
    n = t = 0
    for block in _children(document.element.body, (_P, _TBL)):
        check_lines(source.name, n)  # paragraphs and rows are lines: refused before they are all read
        if block.tag == _P:
            n += 1
            out.extend(_paragraph_lines(_text(block), n))
            _comment_marks(block, n, marks)
        else:
            t += 1
            for r, row in enumerate(_children(block, (_TR,)), 1):
                n += 1
                out.extend(_row_lines(row, t, r, n, source.name))
                _comment_marks(row, n, marks)
    return out, None, _directives(document, marks, out)


_COMMENT_MARKS = (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"))


def _comment_marks(element: etree._Element, n: int, marks: dict[str, list[int]]) -> None:
    for mark in element.iter(_COMMENT_MARKS):
        marks.setdefault(mark.get(qn("w:id"), ""), []).append(n)


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


def _children(element: etree._Element, tags: tuple[str, ...]) -> list[etree._Element]:
    """The child elements with one of `tags`, in document order, looking through wrappers."""
    found: list[etree._Element] = []
    stack = list(reversed(element))
    while stack:
        child = stack.pop()
        if child.tag in tags:
            found.append(child)
        elif child.tag in _WRAPPERS:
            stack.extend(reversed(child))
    return found


def _text(paragraph: etree._Element) -> str:
    """A paragraph's text: its runs wherever they sit, tabs as \\t, manual line breaks as \\n."""
    parts: list[str] = []
    _runs_text(paragraph, parts)
    return "".join(parts)


def _runs_text(element: etree._Element, parts: list[str]) -> None:
    """Add the text of the runs inside `element`, in document order, to `parts` (not entering a
    run's children other than its text, nor what is not text). Recursive: as deep as the XML,
    which libxml2 refuses past 256 levels."""
    for child in element:
        tag = child.tag
        if tag == _R:
            parts.extend((piece.text or "") if piece.tag == _T else _RUN_TEXT.get(piece.tag, "") for piece in child)
        elif tag not in _NOT_TEXT:
            _runs_text(child, parts)


def _paragraphs(element: etree._Element) -> list[etree._Element]:
    """The paragraphs inside an element (a cell), those of tables inside it included (not those
    inside another paragraph or what is not text)."""
    return [p for p in element.iterdescendants(_P) if _nothing_between(p, element, _NOT_TEXT_OR_PARAGRAPH)]


_NOT_TEXT_OR_PARAGRAPH = _NOT_TEXT | {_P}


def _nothing_between(element: etree._Element, ancestor: etree._Element, tags: frozenset[str]) -> bool:
    """Whether no element between `element` and its `ancestor` (both left out) has one of `tags`."""
    parent = element.getparent()
    while parent is not ancestor:
        if parent.tag in tags:
            return False
        parent = parent.getparent()
    return True


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


def _row_lines(row: etree._Element, t: int, r: int, n: int, name: str) -> list[DocLine]:
    out: list[DocLine] = []
    column = max(0, _number(_property(row, _TR_PR, _GRID_BEFORE), 0))  # grid columns before the first cell
    for cell in _children(row, (_TC,)):
        if column >= MAX_GRID_COLUMNS:
            raise over(name, f"table {t} row {r} is over the limit of {MAX_GRID_COLUMNS:,} grid columns (w:gridSpan)",
                       f"表{t} 第{r}行超过表格列数上限 {MAX_GRID_COLUMNS:,} 列（w:gridSpan）")
        span, merge = _cell_properties(cell)
        if r == 1 or not _continues_merge(merge):
            text = "".join(segment.strip() for p in _paragraphs(cell) for segment in _text(p).split("\n"))
            text = f"{text} |" if text else "|"
            cols = array("l", [column + 1]) * (len(text) + 1)
            out.append(DocLine(text, n, cols, where=f"表{t} 第{r}行 第{column + 1}列", cell=(t, r, column + 1)))
        column += min(max(1, _number(span, 1)), MAX_GRID_COLUMNS)
    if out:
        out.append(DocLine("|||", n, where=f"表{t} 第{r}行"))
    return out


def _cell_properties(cell: etree._Element) -> tuple[etree._Element | None, etree._Element | None]:
    """A cell's w:gridSpan and w:vMerge (None where absent), in one look at its properties."""
    span = merge = None
    for properties in cell:
        if properties.tag == _TC_PR:
            for child in properties:
                if child.tag == _GRID_SPAN and span is None:
                    span = child
                elif child.tag == _V_MERGE and merge is None:
                    merge = child
    return span, merge


def _continues_merge(merge: etree._Element | None) -> bool:
    """Whether a cell whose w:vMerge is `merge` continues a vertically merged cell above it."""
    return merge is not None and merge.get(_VAL, "continue") == "continue"


MAX_GRID_SPAN = 1000  # grid columns a cell spans, or a row skips (Word allows 63): clamped, as in HTML


def _property(element: etree._Element, group: str, name: str) -> etree._Element | None:
    """The property `name` in the properties `group` of an element (w:tcPr of a cell, w:trPr
    of a row), or None."""
    for properties in element:  # (a loop over the few children is cheaper than lxml's find)
        if properties.tag == group:
            for child in properties:
                if child.tag == name:
                    return child
    return None


def _number(found: etree._Element | None, default: int) -> int:
    """A property's w:val as a grid count (`default` when absent or not a number)."""
    value = found.get(_VAL) if found is not None else None
    if value is None:
        return default
    value = value.strip()
    if not value.isascii() or not value.isdigit():
        return default
    value = value.lstrip("0") or "0"
    return min(int(value), MAX_GRID_SPAN) if len(value) <= 9 else MAX_GRID_SPAN
