"""Report PDFs built for the tests with reportlab, laid out the way WPS and Word publish them:
A4 pages, a running header and a page number (`- 1 -`) on every page, ruled tables whose cells
are drawn one by one (merged cells spanning rows and columns), a table that does not fit going
on on the next page with no bottom border under its last row and no top border over the
continuation, headings in "fake bold" (each glyph drawn twice, 0.4 pt apart).

The Chinese text is set in a font made here (`test_font`): every CJK, fullwidth and ASCII
character drawn as a box, embedded with its ToUnicode map. An unembedded font such as
STSong-Light is drawn by PDFium with whatever font the machine has, and what it then extracts
depends on that font (installing fonts-liberation made it drop every glyph on a rotated page and
a wrapped cell line it took for a fake-bold duplicate); an embedded font reads the same
everywhere and the tests need no font package. Fonts without a Unicode map are made from
reportlab's own embedded Vera font with its ToUnicode map renamed away (`strip_unicode_maps`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "XxgkTestSong"

# Ranges drawn full width: general punctuation, enclosed numbers, box drawing, CJK symbols,
# CJK extension A and unified ideographs, fullwidth forms.
_WIDE = ((0x2000, 0x206F), (0x2460, 0x24FF), (0x2500, 0x257F), (0x3000, 0x303F), (0x3400, 0x4DBF),
         (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


def test_font() -> bytes:
    """A TrueType font whose glyphs are boxes: 1000 units wide for CJK, 500 for ASCII;
    a space is 200 wide, narrower than the quarter em gap the reader reads as a space."""
    import io

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box(width: int):
        pen = TTGlyphPen(None)
        pen.moveTo((0, -100))
        pen.lineTo((0, 800))
        pen.lineTo((width, 800))
        pen.lineTo((width, -100))
        pen.closePath()
        return pen.glyph()

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "space", "narrow", "wide"])
    cmap = {0x20: "space"} | {c: "narrow" for c in range(0x21, 0x7F)}
    cmap |= {c: "wide" for low, high in _WIDE for c in range(low, high + 1)}
    builder.setupCharacterMap(cmap)
    builder.setupGlyf({".notdef": box(500), "space": TTGlyphPen(None).glyph(), "narrow": box(500), "wide": box(1000)})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "space": (200, 0), "narrow": (500, 0), "wide": (1000, 0)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": FONT, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


pdfmetrics.registerFont(TTFont(FONT, __import__("io").BytesIO(test_font())))

WIDTH, HEIGHT = A4
LEFT, RIGHT = 72.0, WIDTH - 72.0
TOP, BOTTOM = HEIGHT - 80.0, 80.0
SIZE, CELL_SIZE, LEADING = 12.0, 9.0, 20.0


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    widths: list[float]  # column widths in points
    rows: list[list[Cell | None]]  # None: the place of a merged cell's continuation
    repeat_header: int = 0  # rows drawn again at the top of each continuation page


@dataclass
class Doc:
    header: str | None = "某某县发展和改革局政府信息公开工作年度报告"
    page_numbers: bool = True
    blocks: list = field(default_factory=list)  # str lines, ("bold", str) and Table


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(current + ch, FONT, size) > width and current:
            lines.append(current)
            current = ch
        else:
            current += ch
    return lines + ([current] if current else [])


class _Writer:
    def __init__(self, path: Path, doc: Doc, **options):
        self.c = canvas.Canvas(str(path), pagesize=A4, **options)
        self.doc = doc
        self.page = 0
        self._new_page(first=True)

    def _new_page(self, first: bool = False) -> None:
        if not first:
            self.c.showPage()
        self.page += 1
        self.y = TOP
        if self.doc.header:
            self.c.setFont(FONT, 9)
            self.c.drawCentredString(WIDTH / 2, HEIGHT - 50, self.doc.header)
            self.c.setLineWidth(0.5)
            self.c.line(LEFT, HEIGHT - 56, RIGHT, HEIGHT - 56)
        if self.doc.page_numbers:
            self.c.setFont(FONT, 10)
            self.c.drawCentredString(WIDTH / 2, 40, f"- {self.page} -")

    def line(self, text: str, bold: bool = False) -> None:
        if self.y - LEADING < BOTTOM:
            self._new_page()
        self.y -= LEADING
        self.c.setFont(FONT, SIZE)
        self.c.drawString(LEFT, self.y, text)
        if bold:  # fake bold: the same glyphs again, 0.4 pt to the right
            self.c.drawString(LEFT + 0.4, self.y, text)

    def table(self, table: Table) -> None:
        xs = [LEFT]
        for w in table.widths:
            xs.append(xs[-1] + w)
        heights = []
        for row in table.rows:
            need = 1
            for c, cell in enumerate(row):
                if cell is not None and cell.rowspan == 1:
                    width = xs[c + cell.colspan] - xs[c] - 4
                    need = max(need, len(_wrap(cell.text, width, CELL_SIZE)))
            heights.append(6 + need * 11.0)
        self.y -= 6
        r = 0
        while r < len(table.rows):
            # rows that fit on this page (a merged cell's rows stay together)
            top = self.y
            end = r
            bottom = top - (sum(heights[:table.repeat_header]) if r > 0 else 0)
            while end < len(table.rows):
                span = max((cell.rowspan for cell in table.rows[end] if cell is not None), default=1)
                block = sum(heights[end:end + span])
                if bottom - block < BOTTOM:
                    break
                bottom -= block
                end += span
            if end == r:
                self._new_page()
                continue
            continued_from_previous = r > 0
            goes_on = end < len(table.rows)
            y = top
            drawn = list(range(r, end))
            if continued_from_previous and table.repeat_header:
                drawn = list(range(table.repeat_header)) + drawn
                continued_from_previous = False  # the repeated header has its borders
            for i in drawn:
                for c, cell in enumerate(table.rows[i]):
                    if cell is None:
                        continue
                    h = sum(heights[i:i + cell.rowspan])
                    x0, x1 = xs[c], xs[c + cell.colspan]
                    self._cell_box(x0, y - h, x1, y, top=not (continued_from_previous and i == drawn[0]),
                                   bottom=not (goes_on and i + cell.rowspan == end))
                    lines = _wrap(cell.text, x1 - x0 - 4, CELL_SIZE)
                    ty = y - h / 2 + (len(lines) * 11.0) / 2 - 9
                    self.c.setFont(FONT, CELL_SIZE)
                    for k, text in enumerate(lines):
                        self.c.drawString(x0 + 2, ty - k * 11.0, text)
                y -= heights[i]
            self.y = y
            r = end
            if goes_on:
                self._new_page()

    def _cell_box(self, x0: float, y0: float, x1: float, y1: float, top: bool, bottom: bool) -> None:
        self.c.setLineWidth(0.75)
        self.c.line(x0, y0, x0, y1)
        self.c.line(x1, y0, x1, y1)
        if top:
            self.c.line(x0, y1, x1, y1)
        if bottom:
            self.c.line(x0, y0, x1, y0)

    def save(self) -> None:
        self.c.save()


def build(path: Path, doc: Doc, **options) -> Path:
    writer = _Writer(path, doc, **options)
    for block in doc.blocks:
        if isinstance(block, Table):
            writer.table(block)
        elif isinstance(block, tuple):
            writer.line(block[1], bold=True)
        else:
            for text in _wrap(block, RIGHT - LEFT, SIZE):
                writer.line(text)
    writer.save()
    return path


# --- the README's demo report as a published PDF ----------------------------------------------

_MD_ROW = re.compile(r"^\|(.*)\|\s*$")


def demo_doc(markdown: str) -> Doc:
    """The demo report of examples/ as WPS would publish it: headings in fake bold, `2024 年`
    spaced as WPS spaces digits, 表三 with a two-row merged header, the others as in the
    Markdown."""
    doc = Doc()
    rows: list[list[str]] = []
    for raw in markdown.splitlines() + [""]:
        match = _MD_ROW.match(raw)
        if match:
            cells = [c.strip() for c in match.group(1).split("|")]
            if not all(set(c) <= set("-:") for c in cells):
                rows.append(cells)
            continue
        if rows:
            doc.blocks.append(_table(rows))
            rows = []
        text = raw.strip()
        if not text:
            continue
        if text.startswith("#"):
            text = text.lstrip("#").strip().replace("2024年", "2024 年")
            doc.blocks.append(("bold", text))
        else:
            doc.blocks.append(text)
    return doc


def _table(rows: list[list[str]]) -> Table:
    columns = len(rows[0])
    if rows[0][0] == "申请人情况":  # 表三: the official two-row header with merged cells
        header = [
            [Cell("申请人情况", rowspan=2), Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), None, None, None, None,
             Cell("总计", rowspan=2)],
            [None, None, *(Cell(t) for t in rows[0][2:7]), None],
        ]
        body = [[Cell(t) for t in row] for row in rows[1:]]
        return Table([170.0] + [39.0] * 7, header + body)
    if columns == 15:  # 表四: narrow columns
        return Table([30.0] * 15, [[Cell(t) for t in row] for row in rows])
    width = (RIGHT - LEFT) / columns
    return Table([width] * columns, [[Cell(t) for t in row] for row in rows])


def strip_unicode_maps(data: bytes, font: bytes = b"") -> bytes:
    """The PDF with the ToUnicode maps of the fonts whose name contains `font` (all fonts by
    default) renamed away; same length, so offsets stay valid."""
    pattern = rb"(/BaseFont /[^/\s]*" + re.escape(font) + rb"[^>]*?)/ToUnicode"
    return re.sub(pattern, rb"\1/XoUnicode", data)
