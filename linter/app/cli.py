"""Command line: `xxgk-lint check`, `xxgk-lint rules`, `xxgk-lint explain`.

Exit status (design.md §3), whatever the output formats: 0 when no finding is at or above
--fail-on, 1 when one is (0 with --exit-zero), 2 on a usage or configuration error or an input
that cannot be read (the other inputs are still linted). A crash is never exit 0. The run itself
(settings, baseline, outputs) is app/run.py.

Language: Chinese by default, English with `--lang en` (or `XXGK_LINT_LANG=en`, or `lang: en` in
the configuration for the messages of a run): help texts, errors and click's own words come
from app/words.py. Every error, click's usage errors included, is one line on stderr.

Imports are lazy: `--help` and `rules` do not pay for lark, OpenCC or rich.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import gc
import sys

import click

from linter import __version__
from linter.app.words import current, help_text, language_of, say, use
from linter.output import FORMATS

FAIL_ON = ["error", "warning", "info"]

# The cyclic garbage collector and a short run. Start-up (imports, configuration, packs, the
# parser) makes long-lived objects only: collections would walk them again and again and find
# nothing to free (about a tenth of a one-report run). So `check` starts with the collector
# off, and before the first report is linted freezes what start-up made (gc.freeze: moved out
# of the collector's sight, also in the workers forked from this process) and turns it on for
# the reports, which do make cyclic garbage (memory stays flat in a batch); unfrozen when the
# command is over (a caller in the same process, such as a test, gets its objects back). At
# exit every object is frozen, so that the interpreter's last collections do not walk what the
# run built only to drop it (about 20 ms on one report); nothing the linter writes depends on
# them.
atexit.register(gc.freeze)


def _csv(_ctx, _param, value):
    if value is None:
        return None
    items = [item.strip() for part in value for item in part.split(",") if item.strip()]
    return items


def _fail(message: str) -> None:
    """An error: one line on stderr, whatever the message holds (a line break, an exception's
    several lines, a file name's escape sequence: output/safe.py)."""
    from linter.output.safe import line

    click.echo(line(say("error", message=" ".join(part.strip() for part in message.split("\n") if part.strip()))), err=True)


class _Option(click.Option):
    """An option whose help is looked up in the current language when it is shown."""

    def __init__(self, *args, help_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_key = help_key

    def get_help_record(self, ctx):
        self.help = help_text(self.help_key)
        return super().get_help_record(ctx)


class _Localized:
    """click caches the --help option with its help text: say it in the current language."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = help_text("opt.help")
        return option


class _Command(_Localized, click.Command):
    def __init__(self, *args, help_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_key = help_key

    def format_help_text(self, ctx, formatter):
        self.help = help_text(self.help_key)
        super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        self.help = help_text(self.help_key)
        return super().get_short_help_str(limit)


DEFAULT_TIMEOUT = 120  # seconds per file: a 10 MB report takes well under a minute


class Terminated(BaseException):
    """SIGTERM, raised where the run is so that it unwinds like Ctrl-C (no half-written file)."""


@contextlib.contextmanager
def _sigterm_unwinds():
    """While the command runs, SIGTERM raises Terminated (then the previous handler again)."""
    import signal
    import threading

    def terminated(_signum, _frame):
        raise Terminated

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _App(_Localized, click.Group):
    """The program: picks the language from the command line, and makes every usage error one
    line on stderr with exit status 2 (click prints three by default)."""

    def format_help_text(self, ctx, formatter):
        self.help = help_text("app")
        super().format_help_text(ctx, formatter)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        use(language_of(args))
        try:
            with _sigterm_unwinds() if standalone_mode else contextlib.nullcontext():
                status = super().main(args, prog_name or "xxgk-lint", complete_var, standalone_mode=False, **extra)
        except click.exceptions.UsageError as exc:
            _fail(" ".join(exc.format_message().split()))
            status = 2
        except click.exceptions.Abort:
            status = 130
        except click.exceptions.Exit as exc:
            status = exc.exit_code
        except SystemExit:
            raise
        except KeyboardInterrupt:  # Ctrl-C: the output files being written are left as they were
            status = 130
        except Terminated:
            status = 143
        except Exception as exc:  # never a traceback, never exit 0
            _fail(say("internal", what=f"{type(exc).__name__}: {exc}"))
            status = 2
        if not standalone_mode:
            return status
        sys.exit(status or 0)


def _option(*decls, help_key: str, **kwargs):
    return click.option(*decls, cls=_Option, help_key=help_key, **kwargs)


def _version(ctx, _param, value):
    if value and not ctx.resilient_parsing:
        click.echo(f"xxgk-lint {__version__}")
        ctx.exit(0)


@click.group("xxgk-lint", cls=_App, context_settings={"help_option_names": ["-h", "--help"]})
@_option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version, help_key="opt.version")
def main() -> None:
    """xxgk-lint"""


@main.command(cls=_Command, help_key="check")
@click.argument("paths", nargs=-1, required=True)
@_option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help_key="opt.format")
@_option("--output-file", "output_files", multiple=True, metavar="FORMAT:PATH", help_key="opt.output_file")
@_option("--select", multiple=True, callback=_csv, help_key="opt.select")
@_option("--ignore", multiple=True, callback=_csv, help_key="opt.ignore")
@_option("--era", metavar="ERA", default=None, help_key="opt.era")
@_option("--fail-on", type=click.Choice(FAIL_ON), default=None, help_key="opt.fail_on")
@_option("--exit-zero", is_flag=True, help_key="opt.exit_zero")
@_option("--config", "config_file", metavar="FILE", help_key="opt.config")
@_option("--baseline", "baseline_file", metavar="FILE", help_key="opt.baseline")
@_option("--write-baseline", "write_baseline_file", metavar="FILE", help_key="opt.write_baseline")
@_option("--stdin-filename", help_key="opt.stdin_filename")
@_option("--max-bytes", type=click.IntRange(min=1), default=None, help_key="opt.max_bytes")
@_option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True, help_key="opt.jobs")
@_option("--lang", type=click.Choice(["zh", "en"]), default=None, help_key="opt.lang")
@_option("--color/--no-color", default=None, help_key="opt.color")
@_option("--only-reports", is_flag=True, help_key="opt.only_reports")
@_option("--exclude", multiple=True, metavar="GLOB", help_key="opt.exclude")
@_option("--statistics", is_flag=True, help_key="opt.statistics")
@_option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
         help_key="opt.timeout")
@_option("--no-cache", is_flag=True, help_key="opt.no_cache")
def check(no_cache=False, **options):
    import os

    # The collector off during start-up, on again by `linting` before the first report (see
    # the top of the module). Frozen only when no caller in this process froze objects of its own.
    collecting, freeze = gc.isenabled(), gc.get_freeze_count() == 0

    def linting() -> None:
        if collecting and freeze:
            gc.freeze()
        if collecting:
            gc.enable()

    previous = os.environ.get("XXGK_LINT_NO_CACHE")
    if no_cache:  # neither read nor write the user cache (linter/cache.py), here and in the workers
        os.environ["XXGK_LINT_NO_CACHE"] = "1"  # before the linter is imported (cache.regex)
    gc.disable()
    try:
        from linter.app.run import UsageError
        from linter.errors import InputError, PackError

        try:
            status = _check(**options, linting=linting)
        except InputError as exc:
            _fail(exc.text(current()))
            status = 2
        except (UsageError, PackError) as exc:
            _fail(str(exc))
            status = 2
        except Exception as exc:  # a crash is never exit 0, and never a traceback
            _fail(say("internal", what=f"{type(exc).__name__}: {exc}"))
            status = 2
    finally:
        if collecting and freeze:
            gc.unfreeze()
        if collecting:
            gc.enable()
        if no_cache:
            if previous is None:
                os.environ.pop("XXGK_LINT_NO_CACHE", None)
            else:
                os.environ["XXGK_LINT_NO_CACHE"] = previous
    sys.exit(status)


def _check(*, paths, fmt, output_files, select, ignore, era, fail_on, exit_zero, config_file, baseline_file,
           write_baseline_file, stdin_filename, max_bytes, jobs, lang, color, only_reports=False, exclude=(),
           statistics=False, timeout=0, linting=lambda: None) -> int:
    """The `check` command; `linting` is called once start-up is over, before the first report
    is linted (the garbage collector: see above)."""
    from pathlib import Path

    from linter.app import run
    from linter.app.config import matches, parse_era
    from linter.findings import Severity
    from linter.read.files import find_reports

    # Everything that can be wrong with the call is found before the first report is read.
    outputs = [run.parse_output_file(spec) for spec in output_files]
    if era is not None:
        try:
            parse_era(era)
        except ValueError as exc:
            raise run.UsageError(f"--era: {exc}") from None
    overrides = {
        "select": select or None, "ignore": ignore or [], "fail_on": Severity.parse(fail_on) if fail_on else None,
        "era": era, "max_bytes": max_bytes, "lang": lang,
    }
    resolver = run.Resolver(overrides, Path(config_file) if config_file else None, stdin_filename)
    found = find_reports(paths, exclude, lambda report: resolver.for_report(report).is_excluded(report))
    reports = found.reports
    # What no output file may overwrite, what each is (a words.py key): the reports (as they are
    # named: no Path a report), and these
    protected: dict[Path, str] = {}
    if baseline_file:
        protected[Path(baseline_file)] = "protected.baseline"
    if config_file:
        protected[Path(config_file)] = "protected.config"
    settings = {path: resolver.for_report(path) for path in reports}
    if only_reports:  # a hook passes every changed file: keep those that look like reports
        reports = [p for p in reports if p == "-" or settings[p].is_report(p)]
    protected.update({s.source: "protected.config" for s in settings.values() if s.source})
    protected.update({Path(pack): "protected.pack" for s in settings.values() for pack in s.packs})
    if stdin_filename and "-" in reports and Path(stdin_filename).exists():
        protected.setdefault(Path(stdin_filename), "protected.stdin_name")
    run.check_outputs(outputs, Path(write_baseline_file) if write_baseline_file else None, protected, found.reports)
    rules = resolver.rules()
    selectors = [*(select or ()), *(ignore or ())]
    unknown = [s for s in selectors if not any(matches(s, rule) for rule in rules)]
    if unknown:
        raise run.UsageError(say("unknown_rule", rule=unknown[0]))
    baseline = None
    if baseline_file:  # (app/baseline.py imported only then: most runs have none)
        from linter.app.baseline import load_baseline

        baseline = load_baseline(Path(baseline_file))

    lang = lang or next((s.lang for s in settings.values() if s.lang), None) or current()
    use(lang)
    from linter.app import batch
    from linter.app import outputs as sinks_for

    keep = [] if write_baseline_file else None
    linting()
    stdout = None if write_baseline_file else ("statistics" if statistics else fmt)
    with sinks_for.open_sinks(outputs, stdout, rules, lang, color) as sinks:
        totals = batch.run_batch(
            reports, settings, resolver.packs_for, sinks, stdin_name=stdin_filename, jobs=jobs or run.default_jobs(),
            baseline=baseline, on_error=_fail, progress=batch.want_progress(len(reports)),
            summaries=any(o.fmt == "html" for o in outputs) or stdout == "html", budget=timeout, keep=keep,
            skipped=found.skipped, errors=found.errors,
        )
    if write_baseline_file:
        from linter.app.baseline import write_baseline

        try:
            write_baseline(Path(write_baseline_file), keep)
        except OSError as exc:
            raise run.UsageError(say("out.cannot_write", path=write_baseline_file, reason=exc.strerror or exc)) from None
        from linter.output.safe import line

        click.echo(line(say("recorded", count=len(keep), path=write_baseline_file)), err=True)
        return 2 if totals.errors else 0
    if stdout not in (None, "text", "statistics"):
        from linter.output.text import coverage

        if (line := coverage(totals.tally(), lang == "en")) is not None:  # machine formats keep stdout clean
            click.echo(line, err=True)
    if totals.errors:
        return run.EXIT_ERROR
    return run.EXIT_FINDINGS if totals.failing and not exit_zero else run.EXIT_CLEAN


@main.command("text", cls=_Command, help_key="text")
@click.argument("path")
@_option("--as-linted", is_flag=True, help_key="opt.as_linted")
@_option("--stdin-filename", help_key="opt.stdin_filename")
@_option("--max-bytes", type=click.IntRange(min=1), default=None, help_key="opt.max_bytes")
@_option("--lang", type=click.Choice(["zh", "en"]), default=None, help_key="opt.lang")
def text_command(path, as_linted, stdin_filename, max_bytes, lang):
    """The document lines as read, numbered (a finding's line:column count in them)."""

    from linter.errors import InputError
    from linter.read import read_document
    from linter.read.normalise import normalize
    from linter.read.source import load
    from linter.settings import DEFAULT_MAX_BYTES

    try:
        source = load(path, stdin_name=stdin_filename, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
        document = read_document(source)
    except InputError as exc:
        _fail(exc.text(current()))
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

    from linter.document import where_in
    from linter.output.safe import line as shown

    def place(line) -> str:
        if line.page is not None:
            here = f"第{line.page}页第{line.page_line}行"
            cell = (line.where or "").removeprefix(f"第{line.page}页 ")
            return where_in(f"{here} {cell}" if "表" in cell else here, current())
        return where_in(line.where, current()) or ""

    places = [place(line) for line in lines]
    width = max((cell_len(p) for p in places), default=0)
    digits = len(str(max((line.line for line in lines), default=1)))
    out = []
    for line, where in zip(lines, places):
        gutter = f"{line.line:>{digits}}"
        if width:
            gutter += "  " + where + " " * (width - cell_len(where))
        out.append(f"{gutter} | {shown(line.text)}".rstrip())
    return out


@main.command(cls=_Command, help_key="rules")
@_option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
         help_key="opt.rules_format")
@_option("--lang", type=click.Choice(["zh", "en"]), default=None, help_key="opt.lang")
def rules(fmt, lang):
    """The rules: one line each (text), the stable JSON list, or the reference page."""
    from linter.engine import load_packs

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
        message = rule.message_en if current() == "en" else rule.message
        click.echo(f"{rule.id}  {rule.name:<28} {rule.severity.value:<8} {applies:<36} {message}")


@main.command(cls=_Command, help_key="explain")
@click.argument("rule_id")
@_option("--lang", type=click.Choice(["zh", "en"]), default=None, help_key="opt.lang")
def explain(rule_id, lang):
    """What a rule checks, why, its legal basis and the examples the tests run."""
    from linter.engine import load_packs

    packs = _packs_or_exit(load_packs)
    rule = packs.rules.get(rule_id.upper()) or next((r for r in packs.rules.values() if r.name == rule_id), None)
    if rule is None:
        _fail(say("unknown_rule", rule=rule_id))
        sys.exit(2)
    from linter.app.docs import effective_eras, example_body, example_label

    eras = ", ".join(effective_eras(packs)[rule.id])
    click.echo(f"{rule.id} {rule.name}  [{rule.severity.value}]  ({eras}; pack {rule.pack})\n")
    from linter.resources import rule_docs

    message = rule.message_en if current() == "en" else rule.message
    click.echo(f"{say('explain.message')}: {message}\n{say('explain.basis')}: {rule.basis}\n"
               f"{say('explain.docs')}: {rule_docs(rule.id, rule.name)}\n")
    click.echo(rule.docs + "\n")
    for example in rule.examples:
        click.echo(f"{example_label(example)}:")
        prose, text = example_body(example)
        for line in prose:
            click.echo(f"  {line}")
        for line in text.rstrip("\n").split("\n"):
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
