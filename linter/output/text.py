"""The default output: one header line per finding, like ruff, and a code frame of the user's
original line with a caret under the column.

    examples/000.txt:11:4: XG111 [warning] 标题序号“(—)”疑为“(一)”的误写  heading-numeral-slip
       |
    11 |   (—)坚持强化领导,夯实工作基础
       |    ^

Chinese characters take two terminal cells, so the caret is placed by display width
(rich.cells.cell_len), not by character count. Related locations (the cells an identity adds up,
the sentence a number conflicts with) are listed under the finding.
"""

from __future__ import annotations

from typing import Callable

from linter.document import Span, where_in
from linter.findings import RunResult

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_MAX_WIDTH = 100  # display cells of a source line shown in a frame


def write(
    result: RunResult,
    console,
    lines_of: Callable[[str], list[str] | None],
    english: bool = False,
    baselined: int = 0,
) -> None:
    """Every finding with its code frame and related locations, then a summary line.
    `baselined` is the number of findings a baseline held back, which the summary mentions."""
    write_findings(result.findings, console, lines_of, english)
    summary(result, console, english, baselined)


def write_findings(findings, console, lines_of: Callable[[str], list[str] | None], english: bool = False) -> None:
    """Findings with their code frames and related locations (a batch writes each report's as
    it is linted)."""
    from rich.markup import escape

    lang = "en" if english else "zh"
    for finding in findings:
        message = finding.message_en if english else finding.message
        console.print(
            f"[bold]{escape(finding.path)}:{finding.line}:{finding.column}:[/bold] "
            f"[{_STYLE[finding.severity.value]}]{finding.rule}[/] \\[{finding.severity.label(lang)}] "
            f"{escape(message)}  [dim]{finding.name}[/dim]",
            highlight=False,
            soft_wrap=True,
        )
        source = lines_of(finding.path)
        if source is not None:
            for text in frame(source, finding.span):
                console.print(escape(text), highlight=False, soft_wrap=True, style="dim" if text.endswith("|") else None)
        elif finding.where:
            label = "at" if english else "位置"
            console.print(f"  [dim]{label}: {escape(where_in(finding.where, lang))}[/dim]", highlight=False)
        for related in finding.related:
            where = f" ({where_in(related.where, lang)})" if related.where else ""
            note = related.message_en if english and related.message_en else related.message
            console.print(
                f"  [dim]{escape(related.path or finding.path)}:{related.span.line}:{related.span.column}:{escape(where)}[/dim] {escape(note)}",
                highlight=False,
                soft_wrap=True,
            )


def summary(result: RunResult, console, english: bool = False, baselined: int = 0) -> None:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in result.findings:
        counts[finding.severity.value] += 1
    files = len({f.path for f in result.findings})
    write_summary(counts, files, len(result.paths), console, english, baselined)


def write_summary(counts: dict[str, int], files: int, checked: int, console, english: bool = False, baselined: int = 0) -> None:
    """The last line: how many findings of each severity, in how many of the files checked."""
    total = sum(counts.values())
    if total and english:
        console.print(
            f"Found {total} problems ({counts['error']} errors, {counts['warning']} warnings, "
            f"{counts['info']} notes) in {files} of {checked} files checked.",
            highlight=False,
        )
    elif total:
        console.print(
            f"发现 {total} 个问题（{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示），"
            f"涉及 {files} 个文件，共检查 {checked} 个文件。",
            highlight=False,
        )
    elif checked:
        clean = "[green]No problems found[/green]: {} files checked." if english else "[green]未发现问题[/green]：共检查 {} 个文件。"
        console.print(clean.format(checked), highlight=False)
    if baselined:
        held = f"({baselined} known problems held back by the baseline.)" if english else f"（另有 {baselined} 个已记入基线的问题未列出。）"
        console.print(held, highlight=False)


def frame(lines: list[str], span: Span) -> list[str]:
    """The gutter, the original line and a caret line under span's columns (same line only)."""
    from rich.cells import cell_len

    if not 1 <= span.line <= len(lines):
        return []
    text = lines[span.line - 1].replace("\t", " ")
    start = max(0, span.column - 1)
    end = span.end_column - 1 if span.end_line == span.line and span.end_column > span.column else start + 1
    end = max(start + 1, min(end, len(text))) if text else start + 1
    # Long lines (a 1 MB line) are cut to a window around the column.
    window_start = 0
    if cell_len(text[:start]) > _MAX_WIDTH - 20:
        window_start = start - 20
    shown = text[window_start:]
    while cell_len(shown) > _MAX_WIDTH:
        shown = shown[: max(len(shown) // 2, _MAX_WIDTH)] if len(shown) > 4 * _MAX_WIDTH else shown[:-1]
    prefix = "…" if window_start else ""
    ellipsis = "…" if len(shown) < len(text) - window_start else ""
    gutter = str(span.line)
    pad = " " * len(gutter)
    caret_at = cell_len(prefix) + cell_len(text[window_start:start])
    caret_len = max(1, cell_len(text[start:end]))
    caret_len = min(caret_len, max(1, cell_len(prefix + shown) - caret_at))
    return [
        f"{pad} |",
        f"{gutter} | {prefix}{shown}{ellipsis}",
        f"{pad} | {' ' * caret_at}{'^' * caret_len}",
    ]
