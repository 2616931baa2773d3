"""The default output: one header line per finding, like ruff, and a code frame of the user's
original line with a caret under the column.

    examples/000.txt:11:4: XG111 [warning] 标题序号“(—)”疑为“(一)”的误写  heading-numeral-slip
       |
    11 |   (—)坚持强化领导,夯实工作基础
       |    ^

Chinese characters take two terminal cells, so the caret is placed by display width
(rich.cells.cell_len), not by character count. Related locations (the cells an identity adds up,
the sentence a number conflicts with) are listed under the finding.

What is printed is rich console markup (`[bold]…[/bold]`, everything from the report escaped).
A terminal gets it through rich, in colour. Anything else (a pipe, a file, `--no-color` off a
terminal, an output file) gets the same text without styles, and rich would only strip them:
`PlainConsole` writes that text itself — the same bytes as rich (tests/test_plain_console.py
compares the two), without importing rich's console, about a tenth of a run on one report.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePath

from linter.cache import regex
from linter.document import Span, where_in

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_MAX_WIDTH = 100  # display cells of a source line shown in a frame


# ---------------------------------------------------------------------------------------------
# The console: rich's, or the plain text rich would write


# rich.markup's expressions: what looks like a tag (`[bold]`, `[/]`), with the backslashes before it.
_MARKUP_TAG = regex(r"((\\*)\[([a-z#/@][^[]*?)])")
_ESCAPABLE = regex(r"(\\*)(\[[a-z#/@][^[]*?])")
# The control codes rich drops from any text it prints (rich.control.strip_control_codes).
_STRIPPED = dict.fromkeys((7, 8, 11, 12, 13))
_TAB_SIZE = 8  # rich's default


def markup_escape(text: str) -> str:
    """`text` as console markup that shows it as it is: rich.markup.escape (the same
    expression and rule; rich's own is not imported for a plain console)."""
    text = _ESCAPABLE.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", text)
    if text.endswith("\\") and not text.endswith("\\\\"):
        return text + "\\"
    return text


def plain_text(markup: str) -> str:
    """The text rich.markup.render(markup) holds (emoji off), without its styles: tags dropped,
    escaped tags and backslashes as rich reads them, `\\[` outside a tag as `[`, control codes
    dropped. `markup` is this module's: its tags are balanced (rich would raise otherwise)."""
    if "[" not in markup:
        return markup.translate(_STRIPPED)
    parts: list[str] = []
    position = 0
    for match in _MARKUP_TAG.finditer(markup):
        full, escapes, _tag = match.groups()
        start, end = match.span()
        if start > position:
            parts.append(markup[position:start].replace("\\[", "["))
        position = end
        if escapes:
            backslashes, escaped = divmod(len(escapes), 2)
            parts.append("\\" * backslashes)
            if escaped:
                parts.append(full[len(escapes):])
    if position < len(markup):
        parts.append(markup[position:].replace("\\[", "["))
    return "".join(parts).translate(_STRIPPED)


def _expand_tabs(line: str) -> str:
    """Tabs as rich expands them (Text.expand_tabs): to the next stop of 8 display cells."""
    from rich.cells import cell_len

    out, cells = [], 0
    pieces = line.split("\t")
    for piece in pieces[:-1]:
        piece += " "
        cells += cell_len(piece)
        if cells % _TAB_SIZE:
            piece += " " * (_TAB_SIZE - cells % _TAB_SIZE)
            cells += _TAB_SIZE - cells % _TAB_SIZE
        out.append(piece)
    out.append(pieces[-1])
    return "".join(out)


class PlainConsole:
    """What the text format needs of a rich Console that writes no styles (`Console(...,
    highlight=False, emoji=False, soft_wrap=True)` off a terminal): `print(markup)` writes the
    text rich would, and flushes as rich does. Lines are never wrapped (soft wrap). A reader
    that goes away (`| head`) ends the run as rich's does (Console.on_broken_pipe): standard
    output to /dev/null, exit status 1, nothing more printed. A character the output's encoding
    cannot write is an error with rich's hint (PYTHONIOENCODING=utf-8)."""

    __slots__ = ("_file", "_quiet")

    def __init__(self, file=None):
        self._file = file  # None: sys.stdout when printing (as rich's Console looks it up)
        self._quiet = False

    @property
    def file(self):
        file = self._file or sys.stdout
        return getattr(file, "rich_proxied_file", file)  # stdout while a rich progress bar runs

    def print(self, markup: str, *, highlight: bool = False, soft_wrap: bool = True, style: str | None = None) -> None:
        text = plain_text(markup)
        if "\t" in text:
            text = "\n".join(_expand_tabs(line) if "\t" in line else line for line in text.split("\n"))
        file = self.file
        if file is None or self._quiet:
            return
        try:
            try:
                file.write(text + "\n")
            except UnicodeEncodeError as error:  # the hint rich adds (Console._write_buffer)
                error.reason = f"{error.reason}\n*** You may need to add PYTHONIOENCODING=utf-8 to your environment ***"
                raise
            file.flush()
        except BrokenPipeError:
            import os

            self._quiet = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(1) from None


def console(file=None, color: bool | None = None):
    """The console the text format writes to: `file` (an output file: never coloured), else
    standard output, coloured when `color` says so, or when None as rich decides (a terminal,
    FORCE_COLOR, NO_COLOR …). A PlainConsole wherever rich would write no styles."""
    if file is not None:
        return PlainConsole(file) if _plain_is_rich() else _rich_console(file=file, force_terminal=False, no_color=True)
    if _plain_is_rich() and (color is False or (color is None and not _rich_terminal(sys.stdout))):
        return PlainConsole()
    return _rich_console(force_terminal=color, no_color=True if color is False else None)


def _rich_console(**options):
    from rich.console import Console

    return Console(highlight=False, emoji=False, soft_wrap=True, **options)


def _plain_is_rich() -> bool:
    """Whether rich's console off a terminal writes plain text to its file, as PlainConsole does:
    not on Windows (rich may write through the legacy console API there), not in Jupyter (rich
    shows its output in the notebook)."""
    import builtins

    return sys.platform != "win32" and not hasattr(builtins, "get_ipython")


def _rich_terminal(file) -> bool:
    """rich's Console.is_terminal for standard output, without force_terminal: IDLE is no
    terminal; TTY_COMPATIBLE=0/1 says; else FORCE_COLOR (set and not empty: a terminal); else
    isatty()."""
    import os

    if getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return False
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    force_color = os.environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color != ""
    file = getattr(file, "rich_proxied_file", file)
    isatty = getattr(file, "isatty", None)
    try:
        return False if isatty is None else isatty()
    except ValueError:
        return False


# ---------------------------------------------------------------------------------------------
# Findings


def write_findings(findings, console, lines_of: Callable[[str], Mapping[int, str] | None], english: bool = False) -> None:
    """Findings with their code frames and related locations (a batch writes each report's as
    it is linted). Frames show the document text the report was linted from (`lines_of(path)`:
    line number -> text), never the file read again; a PDF finding also says its page and the
    line on it."""
    from linter.output.safe import line as safe

    def escape(value: str) -> str:
        return markup_escape(safe(value))

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


class Tally:
    """What the last lines of a run say: findings by severity, in how many files, of how many
    linted; findings a baseline held back; files that could not be read and files skipped."""

    __slots__ = ("counts", "files", "checked", "baselined", "unread", "skipped")

    def __init__(self, counts: Mapping[str, int], files: int, checked: int, baselined: int = 0, unread: int = 0,
                 skipped: Sequence[tuple[str, str]] = ()):
        self.counts = counts
        self.files = files  # reports with findings
        self.checked = checked  # reports linted
        self.baselined = baselined
        self.unread = unread
        self.skipped = skipped


def write_summary(tally: Tally, console, english: bool = False) -> None:
    """The last line: how many findings of each severity, in how many of the files checked;
    then what a baseline held back and which files were not linted."""
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
        console.print(markup_escape(line), highlight=False)


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
