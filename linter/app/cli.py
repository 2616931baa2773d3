"""Command line: `xxgk-lint check`, `xxgk-lint rules`, `xxgk-lint explain`.

Exit status (design.md §3), whatever the output formats: 0 when no finding is at or above
--fail-on, 1 when one is (0 with --exit-zero), 2 on a usage or configuration error or an input
that cannot be read (the other inputs are still linted). A crash is never exit 0. The run itself
(settings, baseline, outputs) is linter/run.py.

Imports are lazy: `--help` and `rules` do not pay for lark, OpenCC or rich.
"""

from __future__ import annotations

import dataclasses
import sys

import click

from linter import __version__
from linter.output import FORMATS

FAIL_ON = ["error", "warning", "info"]


def _csv(_ctx, _param, value):
    if value is None:
        return None
    items = [item.strip() for part in value for item in part.split(",") if item.strip()]
    return items


def _fail(message: str) -> None:
    click.echo(f"xxgk-lint: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xxgk-lint")
def main() -> None:
    """xxgk-lint：政府信息公开工作年度报告合规检查工具。

    Lints government information-disclosure annual reports (政府信息公开工作年度报告) against
    《政府信息公开条例》 and the official report formats.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format on stdout.")
@click.option("--output-file", "output_files", multiple=True, metavar="FORMAT:PATH", help="Also write FORMAT to PATH (repeatable), e.g. sarif:xxgk-lint.sarif.")
@click.option("--select", multiple=True, callback=_csv, help="Only these rule ids or prefixes (comma separated, e.g. XG1,XG201).")
@click.option("--ignore", multiple=True, callback=_csv, help="Skip these rule ids or prefixes.")
@click.option("--era", metavar="ERA", default=None, help="Force the report era instead of detecting it: auto, an era id of the packs or its alias (the `eras:` table of rules/common.yaml)  [default: the configuration's, else auto]")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None, help="Lowest severity that makes the exit status 1  [default: the configuration's, else error]")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (input and usage errors still exit 2).")
@click.option("--config", "config_file", metavar="FILE", help="Use this configuration (.xxgk-lint.yaml or pyproject.toml) instead of the one found upwards from each report.")
@click.option("--baseline", "baseline_file", metavar="FILE", help="Do not report the findings recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_file", metavar="FILE", help="Record every finding of this run in FILE as accepted, and exit 0.")
@click.option("--stdin-filename", help="The name to report for input read from '-'.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, help="Refuse inputs larger than this (default 20 MB).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True, help="Lint with this many worker processes; 0 = one per CPU.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the messages.")
@click.option("--color/--no-color", default=None, help="Force or disable colour (default: when writing to a terminal).")
def check(**options):
    """Lint reports: files, directories (walked for .txt .md .html .docx .pdf) or '-' for stdin.

    In a directory, .doc .wps .rtf .ofd .xls .xlsx .et files are errors that say how to convert
    them, other files are skipped and counted; a directory with no report is an error."""
    from linter.app.run import UsageError
    from linter.errors import PackError

    try:
        status = _check(**options)
    except (UsageError, PackError) as exc:
        _fail(str(exc))
        status = 2
    except Exception as exc:  # a crash is never exit 0, and never a traceback
        _fail(f"internal error: {type(exc).__name__}: {exc} (please report this)")
        status = 2
    sys.exit(status)


def _check(*, paths, fmt, output_files, select, ignore, era, fail_on, exit_zero, config_file, baseline_file,
           write_baseline_file, stdin_filename, max_bytes, jobs, lang, color) -> int:
    from pathlib import Path

    from linter.read.files import find_reports
    from linter.app import run
    from linter.app.baseline import load_baseline, write_baseline
    from linter.app.config import matches, parse_era
    from linter.read import REPORT_SUFFIXES
    from linter.read.source import DEFAULT_MAX_BYTES

    # Everything that can be wrong with the call is found before the first report is read.
    outputs = [run.parse_output_file(spec) for spec in output_files]
    reports, skipped, empty = find_reports(paths)
    report_files = {Path(p).resolve() for p in reports if p != "-"}
    for output in outputs:
        run.check_writable(output.path, f"--output-file {output.fmt}:{output.path}", report_files)
    if write_baseline_file:
        run.check_writable(Path(write_baseline_file), "--write-baseline", report_files)
    if era is not None:
        try:
            parse_era(era)
        except ValueError as exc:
            raise run.UsageError(f"--era: {exc}") from None
    overrides = run.Overrides(select=select or None, ignore=ignore or [], fail_on=fail_on, era=era)
    resolver = run.Resolver(overrides, Path(config_file) if config_file else None, stdin_filename)
    settings = {path: resolver.for_report(path) for path in reports}
    rules = resolver.rules()
    unknown = [s for s in overrides.selectors() if not any(matches(s, rule) for rule in rules)]
    if unknown:
        raise run.UsageError(f"unknown rule id or prefix {unknown[0]!r} (see `xxgk-lint rules`)")
    baseline = load_baseline(Path(baseline_file)) if baseline_file else None

    result, fail_levels = run.lint_all(
        reports, settings, rules, max_bytes=max_bytes or DEFAULT_MAX_BYTES, stdin_name=stdin_filename,
        on_error=_fail, jobs=jobs or run.default_jobs(),
    )
    result.skipped = skipped
    for folder in empty:  # a folder with nothing to lint is a mistake, never a green run
        reason = f"没有可检查的报告文件（{' '.join(REPORT_SUFFIXES)}） (no report files in this directory)"
        result.errors.append((folder, reason))
        _fail(f"{folder}: {reason}")
    english = lang == "en"
    if write_baseline_file:
        try:
            write_baseline(Path(write_baseline_file), result.findings)
        except OSError as exc:
            raise run.UsageError(f"{write_baseline_file}: cannot write: {exc.strerror or exc}") from None
        count = len(result.findings)
        click.echo(
            f"xxgk-lint: recorded {count} findings in {write_baseline_file}" if english
            else f"xxgk-lint: 已将 {count} 个问题记入基线 {write_baseline_file}",
            err=True,
        )
    shown, baselined = run.apply_baseline(result, baseline)
    for output in outputs:
        if output.fmt == "text":
            run.write_file(output.path, _text_of(shown, english, baselined))
        else:
            run.write_file(output.path, run.render(output.fmt, shown, lang))
    if write_baseline_file:
        return 2 if result.errors else 0
    if fmt == "text":
        _text(shown, english, baselined, color=color)
    else:
        text = run.render(fmt, shown, lang)
        if text:
            click.echo(text)
        from linter.output.text import coverage

        if (line := coverage(shown, english)) is not None:  # machine formats keep stdout clean
            click.echo(line, err=True)
    return run.exit_status(shown, run.is_failing(shown.findings, fail_levels), exit_zero)


def _text(result, english: bool, baselined: int, color: bool | None = None, file=None) -> None:
    """The text format: on stdout coloured when it is a terminal (or as --color says); into
    `file` plain."""
    from rich.console import Console

    from linter.output.text import write

    if file is None:
        console = Console(highlight=False, emoji=False, force_terminal=color, no_color=color is False, soft_wrap=True)
    else:
        console = Console(file=file, highlight=False, emoji=False, force_terminal=False, no_color=True, soft_wrap=True)
    write(result, console, english=english, baselined=baselined)


def _text_of(result, english: bool, baselined: int) -> str:
    """The text format for an output file (without its last newline, like the other formats)."""
    import io

    buffer = io.StringIO()
    _text(result, english, baselined, file=buffer)
    return buffer.getvalue().rstrip("\n")


@main.command("text")
@click.argument("path")
@click.option("--as-linted", is_flag=True, help="The text after clean-up and normalisation (t2s, widths, PDF spacing), as the rules match it.")
@click.option("--stdin-filename", help="The name of input read from '-' (its suffix chooses the reader).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, help="Refuse inputs larger than this (default 20 MB).")
def text_command(path, as_linted, stdin_filename, max_bytes):
    """Print the document lines as xxgk-lint read them, numbered: the text that a finding's
    line:column count in (for a PDF also the page and the line on it, for a table cell its
    place in the table). Any input format."""
    from linter.errors import InputError
    from linter.read import read_document
    from linter.read.normalise import normalize
    from linter.read.source import DEFAULT_MAX_BYTES, load

    try:
        source = load(path, stdin_name=stdin_filename, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
        document = read_document(source)
    except InputError as exc:
        _fail(str(exc))
        sys.exit(2)
    if as_linted:
        lines = normalize(document.lines)
    elif document.text is not None and all(line.page is not None for line in document.lines):
        # PDF: the document text itself (before the clean-up that the column maps undo)
        lines = [dataclasses.replace(line, text=document.text[line.line - 1]) for line in document.lines]
    else:
        lines = document.lines
    click.echo("\n".join(text_lines(lines)))


def text_lines(lines) -> list[str]:
    """`xxgk-lint text`: each DocLine as `number  place | text`, the places aligned."""
    from rich.cells import cell_len

    def place(line) -> str:
        if line.page is not None:
            here = f"第{line.page}页第{line.page_line}行"
            cell = (line.where or "").removeprefix(f"第{line.page}页 ")
            return f"{here} {cell}" if "表" in cell else here
        return line.where or ""

    places = [place(line) for line in lines]
    width = max((cell_len(p) for p in places), default=0)
    digits = len(str(max((line.line for line in lines), default=1)))
    out = []
    for line, where in zip(lines, places):
        gutter = f"{line.line:>{digits}}"
        if width:
            gutter += "  " + where + " " * (width - cell_len(where))
        out.append(f"{gutter} | {line.text}".rstrip())
    return out


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="markdown is the rule reference, docs/rules.md.")
def rules(fmt):
    """List every rule of the packs."""
    from linter.packs.load import load_packs

    packs = _packs_or_exit(load_packs)
    from linter.app.docs import effective_eras, rules_markdown

    if fmt == "markdown":
        click.echo(rules_markdown(packs), nl=False)
        return
    eras = effective_eras(packs)  # a rule applies to the eras of the packs that extend its own
    if fmt == "json":
        import json

        click.echo(json.dumps([
            {"id": r.id, "name": r.name, "severity": r.severity.value, "eras": list(eras[r.id]), "pack": r.pack,
             "message": r.message, "message_en": r.message_en, "basis": r.basis}
            for r in packs.rules.values()
        ], ensure_ascii=False, indent=2))
        return
    for rule in packs.rules.values():
        applies = ",".join(eras[rule.id])
        click.echo(f"{rule.id}  {rule.name:<28} {rule.severity.value:<8} {applies:<36} {rule.message_en}")


@main.command()
@click.argument("rule_id")
def explain(rule_id):
    """Document one rule: what it checks, why, the legal basis and its examples."""
    from linter.packs.load import load_packs

    packs = _packs_or_exit(load_packs)
    rule = packs.rules.get(rule_id.upper()) or next((r for r in packs.rules.values() if r.name == rule_id), None)
    if rule is None:
        _fail(f"unknown rule {rule_id!r} (see `xxgk-lint rules`)")
        sys.exit(2)
    from linter.app.docs import effective_eras, example_label

    eras = ", ".join(effective_eras(packs)[rule.id])
    click.echo(f"{rule.id} {rule.name}  [{rule.severity.value}]  ({eras}; pack {rule.pack})\n")
    click.echo(f"消息: {rule.message}\nMessage: {rule.message_en}\n依据 / Basis: {rule.basis}\n")
    click.echo(rule.docs + "\n")
    for example in rule.examples:
        click.echo(f"{example_label(example)}:")
        for line in example.text.rstrip("\n").split("\n"):
            click.echo(f"    {line}")
        click.echo("")


def _packs_or_exit(load):
    from linter.errors import PackError

    try:
        return load()
    except PackError as exc:
        _fail(str(exc))
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
