"""Resource limits: an absurd input is refused with a one-line error naming the limit, before
it can take minutes of CPU or gigabytes of memory. Every figure is far above any real report
(a county's annual report is 200 to 3,000 lines, its tables a few dozen rows of at most about
20 columns, its Word document.xml a few MB) and low enough that what it admits is linted in
seconds and a few hundred MB. The per-file time budget (`--timeout`) stays the last line of
defence behind them.

MAX_LINES = 100,000
    lines of a document (text lines; the lines of an HTML page's source, and the DocLines read
    from a page, a Word document or a PDF).
    Every line costs the pipeline about 20 us and 1 KB held to the end, whatever its length;
    100,000 lines are 30 times the longest real report (100,000 lines of 40 characters, 13 MB,
    lint in about 13 s of CPU and 300 MB). 10 MB of two-byte lines, 5 million of them, took
    130 s and 4 GB; it is refused in half a second.

MAX_HTML_ELEMENTS = 500,000
    elements in an HTML page. A saved report page has a few thousand (Word's HTML export, the
    most verbose, about 20 per line of text); the tree of 500,000 holds about 150 MB.

MAX_TABLE_GRID_CELLS = 1,000,000
    grid cells laid out for the tables of an HTML page (each row counts the grid columns it
    spans to its last cell). Placing a cell walks the columns its row's spanning cells take,
    so cells `colspan=1000 rowspan=1000` row after row made the walk quadratic (40 KB took
    12 s, 80 KB over 2 minutes). Real tables are under 10,000 grid cells.

MAX_GRID_COLUMNS = 1,000
    grid columns of a Word table (`w:gridBefore` plus each cell's `w:gridSpan`). Word itself
    makes at most 63; HTML clamps colspan at the same 1,000, as browsers do.

MAX_UNZIPPED_BYTES = 100 MB, MAX_XML_BYTES = 32 MB, MAX_COMPRESSION_RATIO = 100
    a .docx is checked from its zip central directory before anything is inflated. Media is
    stored already compressed, so a legitimate document unzips to about its own size (under
    the 20 MB input limit: 100 MB total is five times that); its XML parts, which python-docx
    parses into trees 10 to 20 times their size, are a few MB (32 MB of XML holds more text than
    a 20 MB .txt). Word's XML deflates 5 to 20 times (a repetitive table up to about 40); a
    zip bomb a thousand times or more, so a member over 1 MB that deflated more than 100 times
    is refused. The central directory's sizes bind the inflation: zipfile stops a member at its
    declared size and fails on a CRC mismatch. (A 180 KB .docx used to take 5.4 GB.)
"""

from __future__ import annotations

from linter.errors import InputError

MAX_LINES = 100_000
MAX_HTML_ELEMENTS = 500_000
MAX_TABLE_GRID_CELLS = 1_000_000
MAX_GRID_COLUMNS = 1_000
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_XML_BYTES = 32 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # members smaller than this may deflate as they like


def over(name: str, en: str, zh: str) -> InputError:
    """The one-line error for an input over a limit: what is over, and the limit's figure."""
    return InputError(name, f"{en} (a resource limit)", f"{zh}（资源上限）")


def check_lines(name: str, count: int) -> None:
    if count > MAX_LINES:
        raise over(name, f"{count:,} lines, over the limit of {MAX_LINES:,} lines",
                   f"共 {count:,} 行，超过行数上限 {MAX_LINES:,} 行")


def count_lines(text: str) -> int:
    """The lines of a text as an editor numbers them (CRLF, CR and LF end a line), counted
    without splitting it."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + (not text.endswith(("\n", "\r")))
