"""A Markdown report written as an office would publish it in another format: the blocks of
its lines (headings, paragraphs, runs of `|` rows), an HTML page and a Word document made from
them. Used by tests (tests/test_docx_reports.py) and the benchmark (benchmarks/bench.py)."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path


def blocks(markdown: str) -> Iterator[tuple]:
    """("table", rows), ("heading", level, text) and ("paragraph", line) in document order; a
    table's `|---|` separator is left out, a blank line is a paragraph of its own."""
    rows: list[list[str]] = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            if not set(stripped) <= set("|-: "):
                rows.append([cell.strip() for cell in stripped.strip("|").split("|")])
            continue
        if rows:
            yield ("table", rows)
            rows = []
        if stripped.startswith("#"):
            yield ("heading", len(stripped) - len(stripped.lstrip("#")), stripped.lstrip("#").strip())
        else:
            yield ("paragraph", line)
    if rows:
        yield ("table", rows)


def markdown_html(markdown: str) -> bytes:
    """A plain HTML page: headings, paragraphs (blank lines left out), tables."""
    out = ['<html><head><meta charset="utf-8"></head><body>']
    for block in blocks(markdown):
        if block[0] == "table":
            out.append("<table>" + "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in block[1])
                       + "</table>")
        elif block[0] == "heading":
            out.append(f"<h{block[1]}>{escape(block[2])}</h{block[1]}>")
        elif block[1].strip():
            out.append(f"<p>{escape(block[1].strip())}</p>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


def markdown_docx(markdown: str, target: Path) -> Path:
    """A Word document: one paragraph per line (a heading style for `#` lines, blank lines as
    empty paragraphs), one Word table per run of `|` rows."""
    import docx

    document = docx.Document()
    for block in blocks(markdown):
        if block[0] == "table":
            rows = block[1]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
        elif block[0] == "heading":
            document.add_heading(block[2], min(block[1] - 1, 9) if block[1] > 1 else 0)
        else:
            document.add_paragraph(block[1])
    document.save(str(target))
    return target
