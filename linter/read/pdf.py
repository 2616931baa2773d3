"""PDF reader: a published report PDF becomes the same DocLines as every other format.

Libraries, and why they serve users:
  * pypdfium2 (BSD-3-Clause or Apache-2.0; PDFium itself BSD-3/Apache-2.0, shipped as a
    binary wheel): opens the PDF and gives every character with its box and every drawn path
    and image. PDFium is the PDF engine of Chrome, so it reads what offices publish (WPS and
    Word exports, Type0/Identity-H fonts with ToUnicode maps, encrypted files with an empty
    password) the way a browser shows them, and it is fast: the three published reports of
    tests/fixtures/pdf are read in 15-25 ms a page, tables included, where pdfminer.six's
    pure-Python content-stream interpreter takes 110-160 ms a page only to parse the characters
    (benchmarks/bench.py prints both figures).
  * pdfplumber (MIT; it depends on pdfminer.six, MIT, and on pypdfium2): its table finder
    (`pdfplumber.table`: merge the ruling lines, intersect them, make cells, group cells into
    tables) is a tested algorithm, the one that recovered 表二, 表三 and 表四 of these reports
    when the issue was filed; we feed it the ruling lines pypdfium2 found instead of letting
    pdfminer parse the page again (pdfminer.six comes with pdfplumber; its page parsing is
    not used). Their own dependencies: Pillow (MIT-CMU), charset-normalizer (MIT), cryptography
    (Apache-2.0 or BSD-3-Clause). No AGPL or GPL anywhere.
  Not PyMuPDF: AGPL. No OCR (see README "PDF"): a page without a text layer is refused.

What a page becomes, in reading order (top to bottom; reports are set in one column):
  * text lines: characters grouped into lines by their vertical overlap, ordered left to
    right; a space where the gap between two glyphs is wider than a quarter of the line's height,
    two spaces where it is wider than one and a half (a gap between columns of text that no
    ruled table holds); space glyphs themselves are not read, their gap is;
  * tables: found only on pages with at least two horizontal and two vertical visible ruling
    lines (stroked paths, or thin filled rectangles that are not white: WPS draws an invisible
    white rectangle behind each line of text, which must not make a table). A table needs two
    rows and two columns. Each cell is emitted once, at its top-left position in the grid
    (merged cells span rows and columns, as in the HTML reader), as a line `"<text> |"` (`"|"`
    when blank), with a `"|||"` line after each row: the flattened shape of
    linter/read/html.py, so every rule works unchanged. Inside a cell, lines join with nothing.
    A table that starts a page, right after a table that ended the previous one, with the
    same left and right borders, continues that table: its rows are numbered on, header rows
    repeated at its top are not emitted again, and a blank cell in a column of labels (the rest
    of a label cell merged over rows, or a blank beside a label) is not emitted;
  * running headers and footers are dropped: a line in the top or bottom eighth of the page
    whose text, digits aside, comes back at the same height on another page, and a page number
    (`- 3 -`, `第3页`, `第 3 页 共 6 页`, `3/6`, `3`) there when nothing is above or below it;
  * "fake bold" (a glyph drawn a second time a fraction of a point to the side) is read once;
  * text turned more than 10 degrees from the horizontal of the displayed page (a diagonal
    watermark, a stamp, a note in the margin) is not read, except inside a table cell (a
    column header set vertically).

Positions. The document text is the lines emitted, numbered from 1 (`xxgk-lint text` prints
them): `DocLine.line` is that number and a column counts characters in it. Each DocLine also
carries `page` and `page_line` (the line on the page as a person counts it: text lines from the
top without the running header, each table row one line); a cell's `where` is
`第3页 表2 第5行 第2列` (table ordinal in the document, row in the joined table, grid column).
The Chinese clean-up of linter/read/pdf_text.py then deletes the spaces of extraction with a
column map, so columns still count in the document text.

Refused, with a one-line reason (InputError, exit status 2): a file PDFium cannot open, an
encrypted PDF that needs a password, a PDF with no text at all or with a page that is a scanned
image without a text layer ("扫描件，没有文字层，需先OCR"), and text in fonts without a Unicode
map (what pdfminer prints as `(cid:N)`; PDFium flags each such character): such text cannot be
read reliably, and a number read wrong is a false finding. A character with no glyph (code 0)
or in the private use area (a symbol font's bullet) is left out, not refused.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from linter.cache import regex
from linter.document import DocLine
from linter.errors import InputError
from linter.read.source import Source

# --- geometry tolerances, in PDF points (1/72 inch) -------------------------------------------
_EDGE_MIN = 3.0  # a ruling line shorter than this is not a table border
_THIN = 3.0  # a filled rectangle thinner than this is a ruling line
_SNAP = 3.0  # pdfplumber's defaults: snap and join ruling lines, intersect them
_BOLD_SHIFT = 1.5  # a second copy of a glyph this close to the first is fake bold
_MARGIN = 1 / 8  # the bands at the top and bottom of a page where running headers live
_SCANNED_AREA = 0.3  # an image covering this share of a text-less page makes it a scan
_UPRIGHT = 10.0  # degrees: text turned further (a diagonal watermark) is not body text

_PAGE_NUMBER = regex(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)
_DIGITS = regex(r"\d+")


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    upright: bool = True  # set horizontally as the page is displayed (not a diagonal watermark)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class _Line:
    """A line of text on a page: its characters left to right and its vertical extent."""

    chars: list[_Char]
    top: float
    bottom: float
    text: str = ""


@dataclass(slots=True)
class _Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    row: int = 0  # 0-based, within the table part
    col: int = 0  # 0-based grid column, within the joined table


@dataclass(slots=True)
class _Table:
    x0: float
    top: float
    x1: float
    bottom: float
    cells: list[_Cell]
    rows: int = 0


@dataclass(slots=True)
class _Page:
    number: int  # 1-based
    height: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)


# --- reading ----------------------------------------------------------------------------------


def read(source: Source) -> list[DocLine]:
    """The DocLines of a PDF (see the module docstring)."""
    from linter.read.pdf_text import clean

    return clean(read_document(source))


def read_document(source: Source) -> list[DocLine]:
    """The DocLines of a PDF as read, before the clean-up of linter/read/pdf_text.py: their
    text is the document text that `line:column` count in."""
    pages = _pages(source)
    _drop_running_lines(pages)
    return _emit(pages)


def _open(source: Source):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(source.data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise InputError(source.name, "encrypted PDF: a password is needed; give an unencrypted copy", "PDF已加密，需要密码才能打开；请提供未加密的版本") from None
        raise InputError(source.name, f"not a readable PDF: {message}", f"不是可读取的PDF文件（{message}）") from None


def _pages(source: Source) -> list[_Page]:
    import pypdfium2.raw as pdfium_c

    document = _open(source)
    pages: list[_Page] = []
    scanned: list[int] = []
    unmapped: Counter[int] = Counter()
    try:
        for index in range(len(document)):
            try:
                page = document[index]
            except Exception as exc:  # PdfiumError: a page PDFium cannot load
                raise InputError(source.name, f"page {index + 1} cannot be read: {exc}", f"第{index + 1}页无法读取（{exc}）") from None
            try:
                number = index + 1
                view, height = _view(page)
                chars, bad = _chars(page, view, pdfium_c)
                if bad:
                    unmapped[number] += bad
                h_edges, v_edges, image_area = _graphics(page, view, pdfium_c)
                if not chars and image_area >= _SCANNED_AREA * page.get_width() * page.get_height():
                    scanned.append(number)
                result = _Page(number, height)
                if len(h_edges) >= 2 and len(v_edges) >= 2:
                    result.tables = _tables(h_edges + v_edges)
                result.lines = _lay_out(chars, result.tables)
                pages.append(result)
            finally:
                page.close()
    finally:
        document.close()
    if unmapped:
        first = min(unmapped)
        raise InputError(
            source.name,
            f"fonts without a Unicode map: {sum(unmapped.values())} characters from page {first} cannot be turned into text "
            "((cid:N) in pdfminer); export the PDF again from the original document",
            f"字体缺少Unicode映射，第{first}页起共{sum(unmapped.values())}个字符无法转为文字（pdfminer显示为(cid:N)），"
            "无法可靠读取；请用原文档重新导出PDF",
        )
    if scanned:
        if len(scanned) == len(pages):
            raise InputError(source.name, "scanned PDF without a text layer: run OCR first", "扫描件，没有文字层，需先OCR")
        listed = "、".join(str(n) for n in scanned[:5]) + ("等" if len(scanned) > 5 else "")
        raise InputError(
            source.name,
            f"page {', '.join(map(str, scanned[:5]))}: a scanned image without a text layer: run OCR first",
            f"第{listed}页是扫描图像，没有文字层，需先OCR",
        )
    if not any(page.lines or page.tables for page in pages):
        raise InputError(source.name, "the PDF has no text", "PDF中没有文字")
    return pages


def _view(page):
    """The map from PDF user space (y up) to the page as displayed: top-down, from the crop
    box's top-left corner, turned by the page's /Rotate; and the displayed height."""
    left, bottom, right, top = page.get_cropbox()
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return (lambda x, y: (y - bottom, x - left)), right - left
    if rotation == 180:
        return (lambda x, y: (right - x, y - bottom)), top - bottom
    if rotation == 270:
        return (lambda x, y: (top - y, right - x)), right - left
    return (lambda x, y: (x - left, top - y)), top - bottom


def _chars(page, view, pdfium_c) -> tuple[list[_Char], int]:
    """The visible characters of a page with their boxes (top-down coordinates), fake-bold
    copies dropped; and how many characters have no Unicode map."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        rect = pdfium_c.FS_RECTF()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        tight_box = pdfium_c.FPDFText_GetCharBox
        chars: list[_Char] = []
        bad = 0
        get_unicode, is_generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
        get_angle, turned = pdfium_c.FPDFText_GetCharAngle, page.get_rotation() % 360
        map_error, loose_box = pdfium_c.FPDFText_HasUnicodeMapError, pdfium_c.FPDFText_GetLooseCharBox
        for i in range(count):
            code = get_unicode(raw, i)
            if is_generated(raw, i) == 1:
                continue
            if map_error(raw, i) == 1 or code == 0xFFFD:
                bad += 1
                continue
            if code == 0 or 0xE000 <= code <= 0xF8FF:  # a missing glyph; a symbol font's bullet
                continue
            text = chr(code)
            if text.isspace() or not text.isprintable():
                continue
            if not tight_box(raw, i, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)):
                continue
            # The loose box (the font's ascent to descent) groups lines best, but some fonts
            # give a loose box far off the glyph (vertical text in WPS tables): then the
            # glyph's own box, made square.
            x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
            size = max(x1 - x0, y1 - y0, 1.0)
            if loose_box(raw, i, ctypes.byref(rect)) and rect.right - rect.left <= 3 * size + 6 and rect.top - rect.bottom <= 3 * size + 6:
                x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
            else:
                cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                x0, x1, y0, y1 = cx - size / 2, cx + size / 2, cy - size / 2, cy + size / 2
            (ax, ay), (bx, by) = view(x0, y0), view(x1, y1)
            angle = get_angle(raw, i)  # radians, clockwise; -1 when unknown
            shown = (math.degrees(angle) + turned) % 360 if angle >= 0 else 0.0
            upright = min(shown, 360 - shown) <= _UPRIGHT
            chars.append(_Char(text, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), upright))
    finally:
        textpage.close()
    return _drop_fake_bold(chars), bad


def _drop_fake_bold(chars: list[_Char]) -> list[_Char]:
    """A glyph drawn twice at almost the same place (WPS and Word "bold" for fonts without a
    bold face) is one character."""
    kept: list[_Char] = []
    recent: dict[str, list[_Char]] = {}
    for char in chars:
        same = recent.get(char.text)
        if same and any(abs(c.x0 - char.x0) < _BOLD_SHIFT and abs(c.top - char.top) < _BOLD_SHIFT for c in same[-3:]):
            continue
        kept.append(char)
        recent.setdefault(char.text, []).append(char)
    return kept


# --- graphics: ruling lines and images --------------------------------------------------------


def _graphics(page, view, pdfium_c) -> tuple[list[dict], list[dict], float]:
    """The visible horizontal and vertical ruling lines of a page, as pdfplumber edges in
    top-down coordinates, and the area that images cover."""
    h_edges: list[dict] = []
    v_edges: list[dict] = []
    image_area = 0.0
    raw = page.raw
    stack = [((1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))])]
    matrix = pdfium_c.FS_MATRIX()
    depth = 0
    while stack and depth < 10_000:
        depth += 1
        parent, objects = stack.pop()
        for obj in objects:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            own = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            if pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            full = _compose(own, parent)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                count = pdfium_c.FPDFFormObj_CountObjects(obj)
                stack.append((full, [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(max(0, count))]))
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                xs, ys = zip(*(_apply(full, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))))
                image_area += (max(xs) - min(xs)) * (max(ys) - min(ys))
            else:
                _path_edges(obj, full, view, pdfium_c, h_edges, v_edges)
    return h_edges, v_edges, image_area


def _compose(inner: tuple, outer: tuple) -> tuple:
    """The matrix that applies `inner`, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _visible(obj, getter, pdfium_c) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return True  # no colour said: the default black
    return a.value > 0 and min(r.value, g.value, b.value) < 240


def _path_edges(obj, matrix: tuple, view, pdfium_c, h_edges: list, v_edges: list) -> None:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return
    stroked = bool(stroke.value) and _visible(obj, pdfium_c.FPDFPageObj_GetStrokeColor, pdfium_c)
    filled = fill_mode.value != 0 and _visible(obj, pdfium_c.FPDFPageObj_GetFillColor, pdfium_c)
    if not stroked and not filled:
        return
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []  # the current subpath, as displayed
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    all_points: list[tuple[float, float]] = []
    straight = True
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = view(*_apply(matrix, x.value, y.value))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            points = [point]
        else:
            if kind != pdfium_c.FPDF_SEGMENT_LINETO:
                straight = False
            if points:
                segments.append((points[-1], point))
            points.append(point)
            if pdfium_c.FPDFPathSegment_GetClose(segment) and len(points) > 1:
                segments.append((point, points[0]))
        all_points.append(point)
    if not all_points or not straight:
        return
    if filled and not stroked:
        xs = [p[0] for p in all_points]
        ys = [p[1] for p in all_points]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        if x1 - x0 <= _THIN and bottom - top >= _EDGE_MIN:
            _add(v_edges, (x0 + x1) / 2, top, (x0 + x1) / 2, bottom)
        elif bottom - top <= _THIN and x1 - x0 >= _EDGE_MIN:
            _add(h_edges, x0, (top + bottom) / 2, x1, (top + bottom) / 2)
        else:  # a shaded area (a header cell): its sides
            for (ax, ay), (bx, by) in segments:
                _add_segment(ax, ay, bx, by, h_edges, v_edges)
        return
    for (ax, ay), (bx, by) in segments:
        _add_segment(ax, ay, bx, by, h_edges, v_edges)


def _add_segment(ax: float, ay: float, bx: float, by: float, h_edges: list, v_edges: list) -> None:
    if abs(ay - by) < 0.5 and abs(ax - bx) >= _EDGE_MIN:
        _add(h_edges, min(ax, bx), ay, max(ax, bx), ay)
    elif abs(ax - bx) < 0.5 and abs(ay - by) >= _EDGE_MIN:
        _add(v_edges, ax, min(ay, by), ax, max(ay, by))


def _add(edges: list, x0: float, top: float, x1: float, bottom: float) -> None:
    edges.append({
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
        "width": x1 - x0, "height": bottom - top, "orientation": "h" if top == bottom else "v",
    })


# --- tables -----------------------------------------------------------------------------------


def _tables(edges: list[dict]) -> list[_Table]:
    """The ruled tables of a page (pdfplumber's table finder on the edges), top to bottom."""
    from pdfplumber import table as finder

    edges = edges + _closing_edges(edges)
    edges = finder.merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP)
    edges = [e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= _EDGE_MIN]
    intersections = finder.edges_to_intersections(edges, _SNAP, _SNAP)
    cells = finder.intersections_to_cells(intersections)
    tables: list[_Table] = []
    for group in finder.cells_to_tables(cells):
        found = [_Cell(*bbox) for bbox in group]
        tops = _cluster(c.top for c in found)
        lefts = _cluster(c.x0 for c in found)
        if len(tops) < 2 or len(lefts) < 2:
            continue
        for cell in found:
            cell.row = _index(tops, cell.top)
        table = _Table(
            min(c.x0 for c in found), min(c.top for c in found), max(c.x1 for c in found), max(c.bottom for c in found),
            sorted(found, key=lambda c: (c.row, c.x0)), len(tops),
        )
        tables.append(table)
    tables.sort(key=lambda t: t.top)
    return tables


def _closing_edges(edges: list[dict]) -> list[dict]:
    """The borders a table split over two pages leaves out: where two or more vertical ruling
    lines start (or end) at the same height, a horizontal line joining them (where a border is
    drawn there, the two merge). WPS and Word draw no bottom border under the last row of a
    page when the table goes on, and no top border over the first row of the next page."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    added: list[dict] = []
    for end in ("top", "bottom"):
        for group in _groups(vertical, end):
            if len(group) >= 2:
                y = min(e[end] for e in group) if end == "top" else max(e[end] for e in group)
                x0, x1 = min(e["x0"] for e in group), max(e["x0"] for e in group)
                _add(added, x0, y, x1, y)
    return added


def _groups(edges: list[dict], key: str) -> list[list[dict]]:
    """Edges whose `key` coordinate lies within the snap tolerance of the previous one's."""
    groups: list[list[dict]] = []
    for edge in sorted(edges, key=lambda e: e[key]):
        if groups and edge[key] - groups[-1][-1][key] <= _SNAP:
            groups[-1].append(edge)
        else:
            groups.append([edge])
    return groups


def _cluster(values, tolerance: float = 2.0) -> list[float]:
    """Distinct coordinates, those within `tolerance` of the previous one taken as the same."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _index(clusters: list[float], value: float) -> int:
    return min(range(len(clusters)), key=lambda i: abs(clusters[i] - value))


# --- text lines -------------------------------------------------------------------------------


def _lay_out(chars: list[_Char], tables: list[_Table]) -> list[_Line]:
    """Fill the tables' cells with their characters; the other characters make the page's
    lines of text."""
    free: list[_Char] = []
    inside: dict[int, list[_Char]] = {}
    for char in chars:
        cell = _cell_at(tables, (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2)
        if cell is None:  # outside the tables, or inside a table's box but in none of its cells
            if char.upright:  # turned text there is a watermark, a stamp, a margin note
                free.append(char)
        else:
            inside.setdefault(id(cell), []).append(char)
    for table in tables:
        for cell in table.cells:
            cell.text = "".join(line.text.strip() for line in _lines(inside.get(id(cell), [])))
    return _lines(free)


def _cell_at(tables: list[_Table], x: float, y: float) -> _Cell | None:
    for table in tables:
        if table.x0 <= x <= table.x1 and table.top <= y <= table.bottom:
            for cell in table.cells:
                if cell.x0 <= x <= cell.x1 and cell.top <= y <= cell.bottom:
                    return cell
    return None


def _lines(chars: list[_Char]) -> list[_Line]:
    """Characters grouped into lines by vertical overlap, each line left to right."""
    lines: list[_Line] = []
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        middle = (char.top + char.bottom) / 2
        for line in reversed(lines[-3:]):
            if line.top <= middle <= line.bottom:
                line.chars.append(char)
                break
        else:
            lines.append(_Line([char], char.top, char.bottom))
    for line in lines:
        line.chars.sort(key=lambda c: c.x0)
        line.text = _text(line.chars)
    return [line for line in lines if line.text.strip()]


def _text(chars: list[_Char]) -> str:
    """The characters of a line with the spaces their gaps show."""
    parts: list[str] = []
    previous: _Char | None = None
    for char in chars:
        if previous is not None:
            gap = char.x0 - previous.x1
            size = max(char.height, previous.height, 1.0)
            if gap > 1.5 * size:
                parts.append("  ")
            elif gap > 0.25 * size:
                parts.append(" ")
        parts.append(char.text)
        previous = char
    return "".join(parts)


# --- running headers and footers --------------------------------------------------------------


def _drop_running_lines(pages: list[_Page]) -> None:
    """Drop page numbers and the lines that come back at the same height on other pages, in
    the top and bottom bands of each page."""
    def in_band(page: _Page, line: _Line) -> bool:
        return line.bottom <= page.height * _MARGIN or line.top >= page.height * (1 - _MARGIN)

    def key(page: _Page, line: _Line) -> tuple[str, int]:
        return _DIGITS.sub("#", line.text.replace(" ", "")), round(line.top / 6)

    def page_number(page: _Page, line: _Line) -> bool:
        """A page number is the first or the last thing on the page (a bare `3` elsewhere is
        a value)."""
        if not _PAGE_NUMBER.match(line.text.replace(" ", "")):
            return False
        blocks = page.lines + page.tables
        return line.top <= min(b.top for b in blocks) + 1 or line.bottom >= max(b.bottom for b in blocks) - 1

    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        seen.update({key(page, line) for line in page.lines if in_band(page, line)})
    for page in pages:
        page.lines = [
            line for line in page.lines
            if not (in_band(page, line) and (page_number(page, line) or seen[key(page, line)] >= 2))
        ]


# --- emitting the document lines --------------------------------------------------------------


def _emit(pages: list[_Page]) -> list[DocLine]:
    out: list[DocLine] = []
    page_lines: Counter[int] = Counter()  # lines emitted so far on each page
    for ordinal, item in _blocks(pages):
        if isinstance(item, tuple):
            page, line = item
            page_lines[page.number] += 1
            out.append(DocLine(line.text, len(out) + 1, page=page.number, page_line=page_lines[page.number]))
            continue
        parts: list[tuple[_Page, _Table]] = item
        columns = _cluster(c.x0 for _, table in parts for c in table.cells)
        for _, table in parts:
            for cell in table.cells:
                cell.col = _index(columns, cell.x0)
        labels = _label_columns([c for _, table in parts for c in table.cells])
        number = 0
        for part, (page, table) in enumerate(parts):
            repeated = _repeated_header(parts[0][1], table) if part else 0
            for row in range(repeated, table.rows):
                # A blank cell in a column of labels holds no value: the rest of a label merged
                # over rows (also on the next page) or a blank beside a label (`（七）总计 | |`).
                cells = [c for c in table.cells if c.row == row and (c.text or c.col not in labels)]
                if not cells:
                    continue
                page_lines[page.number] += 1
                number += 1
                at = dict(page=page.number, page_line=page_lines[page.number])
                for cell in cells:
                    text = f"{cell.text} |" if cell.text else "|"
                    where = f"第{page.number}页 表{ordinal} 第{number}行 第{cell.col + 1}列"
                    out.append(DocLine(text, len(out) + 1, where=where, cell=(ordinal, number, cell.col + 1), **at))
                out.append(DocLine("|||", len(out) + 1, where=f"第{page.number}页 表{ordinal} 第{number}行", **at))
    return out


def _row_texts(table: _Table, row: int) -> tuple:
    return tuple((c.col, c.text) for c in table.cells if c.row == row and c.text)


def _repeated_header(first: _Table, part: _Table) -> int:
    """How many rows at the top of a continuation repeat the table's first rows (Word's and
    WPS's "repeat as header row"): they are not rows of data and are not emitted again."""
    count = 0
    while count < min(first.rows, part.rows) - 1 and _row_texts(part, count) and _row_texts(part, count) == _row_texts(first, count):
        count += 1
    return count


def _blocks(pages: list[_Page]):
    """The document's blocks in reading order: (0, (page, line)) for a line of text and
    (ordinal, [(page, part), ...]) for a table, a table continued over pages joined."""
    items: list[list] = []
    open_table: list | None = None  # the table the previous page ended with
    count = 0
    for page in pages:
        blocks: list[tuple[float, object]] = [(line.top, line) for line in page.lines]
        blocks += [(table.top, table) for table in page.tables]
        blocks.sort(key=lambda b: b[0])
        for position, (_top, block) in enumerate(blocks):
            if isinstance(block, _Line):
                items.append([0, (page, block)])
                continue
            last = open_table[1][-1][1] if open_table else None
            if position == 0 and last is not None and abs(last.x0 - block.x0) <= _SNAP and abs(last.x1 - block.x1) <= _SNAP:
                open_table[1].append((page, block))
                continue
            count += 1
            open_table = [count, [(page, block)]]
            items.append(open_table)
        if not blocks or not isinstance(blocks[-1][1], _Table):
            open_table = None
    return [(ordinal, item) for ordinal, item in items]


_VALUE = regex(r"^[\d.,，%％]+$|^[-—/／－无]+$")


def _label_columns(cells: list[_Cell]) -> set[int]:
    """The grid columns whose filled cells are words, not values (at least two, and no value)."""
    words: Counter[int] = Counter()
    values: Counter[int] = Counter()
    for cell in cells:
        if cell.text:
            (values if _VALUE.match(cell.text.replace(" ", "")) else words)[cell.col] += 1
    return {col for col, n in words.items() if n >= 2 and not values[col]}
