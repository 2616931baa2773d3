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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from linter.document import Span, where_in

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_MAX_WIDTH = 100  # display cells of a source line shown in a frame


def write_findings(findings, console, lines_of: Callable[[str], Mapping[int, str] | None], english: bool = False) -> None:
    """Findings with their code frames and related locations (a batch writes each report's as
    it is linted). Frames show the document text the report was linted from (`lines_of(path)`:
    line number -> text), never the file read again; a PDF finding also says its page and the
    line on it."""
    from rich.markup import escape as markup

    from linter.output.safe import line as safe

    def escape(value: str) -> str:
        return markup(safe(value))

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
        if finding.page is not None:
            label = f"page {finding.page}, line {finding.page_line}" if english else f"第{finding.page}页第{finding.page_line}行"
            cell = (finding.where or "").removeprefix(f"第{finding.page}页 ")
            if "表" in cell:  # a cell: `表2 第5行 第2列`
                label += f", {cell}" if english else f" {cell}"
            console.print(f"  [dim]{'at' if english else '位置'}: {escape(label)}[/dim]", highlight=False)
        if source is not None and finding.span.line in source:
            for text in frame(source, finding.span):
                console.print(escape(text), highlight=False, soft_wrap=True, style="dim" if text.endswith("|") else None)
        elif finding.where and finding.page is None:
            label = "at" if english else "位置"
            console.print(f"  [dim]{label}: {escape(where_in(finding.where, lang))}[/dim]", highlight=False)
        for related in finding.related:
            where = f" ({where_in(related.where, lang)})" if related.where else ""
            note = related.message_en if english and related.message_en else related.message
            console.print(
                f"  [dim]{escape(related.path or finding.path)}:{related.span.line}:{related.span.column}:{escape(where)}[/dim] "
                f"{escape(note)}",
                highlight=False,
                soft_wrap=True,
            )


@dataclass(frozen=True, slots=True)
class Tally:
    """What the last lines of a run say: findings by severity, in how many files, of how many
    linted; findings a baseline held back; files that could not be read and files skipped."""

    counts: Mapping[str, int]
    files: int  # reports with findings
    checked: int  # reports linted
    baselined: int = 0
    unread: int = 0
    skipped: Sequence[tuple[str, str]] = ()


def write_summary(tally: Tally, console, english: bool = False) -> None:
    """The last line: how many findings of each severity, in how many of the files checked;
    then what a baseline held back and which files were not linted."""
    from rich.markup import escape

    counts, files, checked = tally.counts, tally.files, tally.checked
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
    if tally.baselined:
        held = (f"({tally.baselined} known problems held back by the baseline.)" if english
                else f"（另有 {tally.baselined} 个已记入基线的问题未列出。）")
        console.print(held, highlight=False)
    if (line := coverage(tally, english)) is not None:
        console.print(escape(line), highlight=False)


def coverage(tally: Tally, english: bool = False) -> str | None:
    """How many files were linted, how many could not be read (their errors are printed on
    stderr) and how many files in the directories given were skipped, by suffix; None when every
    file was linted and none skipped."""
    unread, skipped = tally.unread, tally.skipped
    if not unread and not skipped:
        return None
    kinds: dict[str, int] = {}
    for path, _reason in skipped:
        kind = PurePath(path).suffix.lower() or ("no suffix" if english else "无扩展名")
        kinds[kind] = kinds.get(kind, 0) + 1
    from linter.output.safe import line as safe

    listed = safe(", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))))
    if english:
        parts = [f"{tally.checked} files linted"]
        if unread:
            parts.append(f"{unread} could not be read (errors above)")
        if skipped:
            parts.append(f"{len(skipped)} skipped, not a report format ({listed})")
        return "xxgk-lint: " + "; ".join(parts) + "."
    parts = [f"已检查 {tally.checked} 个文件"]
    if unread:
        parts.append(f"{unread} 个文件无法读取（原因见上方错误）")
    if skipped:
        parts.append(f"跳过 {len(skipped)} 个非报告格式的文件（{listed}）")
    return "xxgk-lint: " + "；".join(parts) + "。"


def frame(lines: Mapping[int, str], span: Span) -> list[str]:
    """The gutter, the document line `span.line` (from `lines`, line number -> text) and a caret
    line under span's columns (same line only)."""
    from rich.cells import cell_len

    if span.line not in lines:
        return []
    from linter.output.safe import line as safe

    text = lines[span.line].replace("\t", " ")
    start = max(0, span.column - 1)
    end = span.end_column - 1 if span.end_line == span.line and span.end_column > span.column else start + 1
    end = max(start + 1, min(end, len(text))) if text else start + 1
    # Long lines (a 1 MB line) are cut to a window around the column.
    window_start = 0
    if cell_len(text[:start]) > _MAX_WIDTH - 20:
        window_start = start - 20
    shown = text[window_start:]
    while cell_len(safe(shown)) > _MAX_WIDTH:
        shown = shown[: max(len(shown) // 2, _MAX_WIDTH)] if len(shown) > 4 * _MAX_WIDTH else shown[:-1]
    prefix = "…" if window_start else ""
    ellipsis = "…" if len(shown) < len(text) - window_start else ""
    gutter = str(span.line)
    pad = " " * len(gutter)
    # Escaped characters (`^[`) are as wide as they are shown.
    caret_at = cell_len(prefix) + cell_len(safe(text[window_start:start]))
    caret_len = max(1, cell_len(safe(text[start:end])))
    caret_len = min(caret_len, max(1, cell_len(prefix + safe(shown)) - caret_at))
    return [
        f"{pad} |",
        f"{gutter} | {prefix}{safe(shown)}{ellipsis}",
        f"{pad} | {' ' * caret_at}{'^' * caret_len}",
    ]
