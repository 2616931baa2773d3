"""The outputs of one `check` run as sinks of the batch (app/batch.py): what goes to stdout
(`--format`, or the statistics with `--statistics`) and each `--output-file FORMAT:PATH`,
opened before the first report is linted and closed when the run is over."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from linter.app.batch import DocumentSink, LinesSink, PageSink, Sink, StatisticsSink, TextSink, source_lines

LINE_FORMATS = ("concise", "github")


def era_names(lang: str) -> dict[str, str]:
    """How the review page names each era (the packs' `eras:` table)."""
    from linter.engine import load_packs

    return {era_id: era.words.get(lang) for era_id, era in load_packs().eras.items()}


@contextlib.contextmanager
def open_sinks(outputs, stdout: str | None, rules, lang: str, color: bool | None) -> Iterator[list[Sink]]:
    """The sinks of a run: one per output file (opened now: an error is a usage error before
    anything is linted), then stdout's. `stdout` is a format, "statistics", or None."""
    from linter.app.run import UsageError

    english = lang == "en"
    lines_of = source_lines()
    sinks: list[Sink] = []
    with contextlib.ExitStack() as stack:
        for output in outputs:
            try:
                file = stack.enter_context(open(output.path, "w", encoding="utf-8", newline="\n"))
            except OSError as exc:
                raise UsageError(f"{output.path}: cannot write: {exc.strerror or exc}") from None
            sinks.append(_sink(output.fmt, file, rules, lang, english, lines_of, color=False))
        if stdout == "statistics":
            import click

            sinks.append(StatisticsSink(click.echo, rules, english))
        elif stdout is not None:
            sinks.append(_sink(stdout, None, rules, lang, english, lines_of, color=color))
        yield sinks


def _sink(fmt: str, file, rules, lang: str, english: bool, lines_of, color: bool | None) -> Sink:
    import click

    def write(text: str) -> None:
        if file is None:
            click.echo(text)
        else:
            file.write(text + "\n" if text else "")

    if fmt == "text":
        from rich.console import Console

        if file is None:
            console = Console(highlight=False, emoji=False, force_terminal=color, no_color=color is False, soft_wrap=True)
        else:
            console = Console(file=file, highlight=False, emoji=False, force_terminal=False, no_color=True, soft_wrap=True)
        return TextSink(console, lines_of, english)
    if fmt == "html":
        return PageSink(file if file is not None else sys.stdout, lines_of, lang, era_names(lang))
    if fmt in LINE_FORMATS:
        return LinesSink(fmt, write, rules, lang)
    return DocumentSink(fmt, (lambda text: click.echo(text) if text else None) if file is None else write, rules, lang)
