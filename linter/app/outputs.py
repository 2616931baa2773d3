"""The outputs of one `check` run as sinks of the batch (app/batch.py): what goes to stdout
(`--format`, or the statistics with `--statistics`) and each `--output-file FORMAT:PATH`,
opened before the first report is linted and closed when the run is over.

An output file is written atomically: into a temporary file beside it, renamed over it once the
run has written all of it. A run that fails or is interrupted leaves the file as it was (and a
link is replaced, never written through). `FORMAT:-` is standard output.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from linter.app.batch import (
    DocumentSink,
    LinesSink,
    PageSink,
    Sink,
    StatisticsSink,
    TextSink,
)

LINE_FORMATS = ("concise", "github")


def era_names(lang: str) -> dict[str, str]:
    """How the review page names each era (the packs' `eras:` table)."""
    from linter.engine import load_packs

    return {era_id: era.words.get(lang) for era_id, era in load_packs().eras.items()}


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator:
    """A text file written in full or not at all (see the module's docstring)."""
    import tempfile  # on first use: start-up stays lean

    from linter.app.run import UsageError
    from linter.app.words import say

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UsageError(say("out.cannot_write", path=path, reason=exc.strerror or exc)) from None
    try:
        os.chmod(tmp, _mode(path))  # mkstemp's 0600 is for secrets; an output is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
            yield file
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(say("out.cannot_write", path=path, reason=exc.strerror or exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode(path: Path) -> int:
    """The mode of the file replaced, else what a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_file(path: Path, text: str) -> None:
    """A whole text written atomically (the baseline)."""
    with atomic_file(path) as file:
        file.write(text + "\n" if text else "")


@contextlib.contextmanager
def open_sinks(outputs, stdout: str | None, rules, lang: str, color: bool | None) -> Iterator[list[Sink]]:
    """The sinks of a run: one per output file (opened now: an error is a usage error before
    anything is linted), then stdout's. `stdout` is a format, "statistics", or None."""
    english = lang == "en"
    sinks: list[Sink] = []
    with contextlib.ExitStack() as stack:
        for output in outputs:
            file = None if output.path is None else stack.enter_context(atomic_file(output.path))
            sinks.append(_sink(output.fmt, file, rules, lang, english, color=color if file is None else False))
        if stdout == "statistics":
            import click

            sinks.append(StatisticsSink(click.echo, rules, english))
        elif stdout is not None:
            sinks.append(_sink(stdout, None, rules, lang, english, color=color))
        yield sinks


def _sink(fmt: str, file, rules, lang: str, english: bool, color: bool | None) -> Sink:
    import click

    def write(text: str) -> None:
        if file is None:
            click.echo(text)
        else:
            file.write(text + "\n" if text else "")

    if fmt == "text":
        from linter.output.text import console

        return TextSink(console(file, color), english)
    if fmt == "html":
        return PageSink(file if file is not None else sys.stdout, lang, era_names(lang))
    if fmt in LINE_FORMATS:
        return LinesSink(fmt, write, rules, lang)
    return DocumentSink(fmt, (lambda text: click.echo(text) if text else None) if file is None else write, rules, lang)
