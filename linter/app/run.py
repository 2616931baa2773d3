"""One `xxgk-lint check` run, without the command line's parsing: the settings of each report
(its configuration with the command-line options over it, and the packs that asks for), the
linting, the baseline, the outputs and the exit status.

Settings. A report is governed by `--config FILE` when given, else by the configuration found
upwards from it (linter/config.py `discover`: the nearest wins, the search ends at the top of
the repository). Every configuration a run needs is read, with its extra packs loaded and its
rule ids checked, before any report is linted: a mistake in one is a usage error (exit 2) naming
its file and line, not a run that silently lints with other settings.

Exit status (design.md §3), whatever the formats: 2 on a usage error or an input that cannot be
read (also with --exit-zero); else 1 when a finding at or above its report's fail level
(`--fail-on`, else the configuration's `fail-on`, else error) remains after the baseline; else 0.
`--exit-zero` turns that 1 into 0. An internal error is reported as an input error: never 0.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from linter.app.batch import in_language, render  # noqa: F401 — a format's text in the run's language (callers of run)
from linter.app.config import discover, parse_era, validate_rule_ids
from linter.app.config import load as load_config
from linter.app.words import say
from linter.engine import load_packs
from linter.findings import RunResult, Severity
from linter.packs.load import PackSet
from linter.packs.model import Rule
from linter.settings import Settings

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """How the linter was called or configured is wrong: one line on stderr, exit status 2."""


# ---------------------------------------------------------------------------------------------
# Output files


class OutputFile:
    """An --output-file: its format and path (None: standard output, `FORMAT:-`)."""

    __slots__ = ("fmt", "path")

    def __init__(self, fmt: str, path: Path | None):
        self.fmt = fmt
        self.path = path

    def __str__(self) -> str:
        return f"{self.fmt}:{self.path or '-'}"


def parse_output_file(spec: str) -> OutputFile:
    """`FORMAT:PATH` of --output-file (only the first `:` separates, so `C:\\x` is a path);
    `FORMAT:-` is standard output."""
    from linter.output import FORMATS

    fmt, sep, path = spec.partition(":")
    if not sep or not path:
        raise UsageError(say("out.spec", spec=spec))
    if fmt not in FORMATS:
        raise UsageError(say("out.format", spec=spec, fmt=fmt, formats=", ".join(FORMATS)))
    return OutputFile(fmt, None if path == "-" else Path(path))


def _same_file(path: Path, other: Path | str) -> bool:
    """The same file, also through a hard or symbolic link. A report is given as the string it
    is named by, and no Path is made of it: a batch names thousands, and every Path made keeps
    the names of its parts in the interpreter's table of interned strings, which never shrinks."""
    try:
        if isinstance(other, str):
            return str(path.resolve()) == os.path.realpath(other) or (
                path.exists() and os.path.exists(other) and os.path.samefile(path, other))
        return path.resolve() == other.resolve() or (path.exists() and other.exists() and path.samefile(other))
    except OSError:
        return False


def _protected(protected: dict[Path, str], reports: Sequence[str]) -> Iterator[tuple[Path | str, str]]:
    """What no output may be, in the order of a dict of the reports' paths updated with
    `protected` (a path there that is a report's keeps the report's place; the name of standard
    input's never replaces a report's), without making that dict: a report already given or a
    path given twice cannot be the first found the same file as an output. (A report's path
    equal to one of `protected` has that one's name in it: only such a report is made a Path.)"""
    names = {path.name for path in protected}
    for report in reports:
        if report != "-":
            what = protected.get(Path(report)) if any(name in report for name in names) else None
            yield report, "protected.report" if what in (None, "protected.stdin_name") else what
    yield from protected.items()


def check_outputs(outputs: list[OutputFile], baseline_out: Path | None, protected: dict[Path, str],
                  reports: Sequence[str] = ()) -> None:
    """Refuse, before linting, files the run could not write or must not: one named twice, an
    input it reads (`reports`, and what `protected` names: the baseline, a configuration — also
    through a link), a directory, a missing directory, a file not writable; and two outputs on
    standard output."""
    named: list[tuple[Path, str]] = [(o.path, f"--output-file {o}") for o in outputs if o.path is not None]
    if baseline_out is not None:
        named.append((baseline_out, "--write-baseline"))
    if sum(o.path is None for o in outputs) > 1:
        raise UsageError(say("out.stdout_twice"))
    for i, (path, option) in enumerate(named):
        for other, other_option in named[:i]:
            if _same_file(path, other) or path.resolve() == other.resolve():
                raise UsageError(say("out.twice", path=path, first=other_option, second=option))
        if path.is_dir():
            raise UsageError(say("out.directory", path=path, option=option))
        parent = path.parent
        if not parent.is_dir():
            raise UsageError(say("out.no_directory", path=path, parent=parent, option=option))
        if not os.access(path if path.exists() else parent, os.W_OK):
            raise UsageError(say("out.not_writable", path=path, option=option))
        for kept, what in _protected(protected, reports):
            if _same_file(path, kept) and not (option == "--write-baseline" and what == "protected.baseline"):
                raise UsageError(say("out.protected", path=path, what=say(what), option=option))




# ---------------------------------------------------------------------------------------------
# Settings


class Resolver:
    """Finds, reads and checks the configuration of each report, each file once, and lays the
    command line's options over it: one `Settings` per configuration file, with its packs."""

    def __init__(self, overrides: dict, explicit: Path | None = None, stdin_name: str | None = None):
        self.overrides = overrides  # Settings.merged() keywords; era "auto" undoes the file's era
        self.explicit = explicit
        self.stdin_name = stdin_name
        self._settings: dict[Path | None, tuple[Settings, PackSet]] = {}
        self._found: dict[Path, Path | None] = {}  # a folder (resolved) -> its configuration file
        self._folders: dict[str, Path] = {}  # a folder as named -> resolved: once, not once a report

    def config_file(self, report: str) -> Path | None:
        if self.explicit is not None:
            return self.explicit
        if report == "-":  # stdin: where its name says it is, else the working directory
            named = os.path.dirname(self.stdin_name) if self.stdin_name else os.getcwd()
        else:  # (strings, not Paths: this runs twice a report before the first is linted)
            named = report if os.path.isdir(report) else os.path.dirname(report)
        where = self._folders.get(named)
        if where is None:
            where = self._folders[named] = Path(named or ".").resolve()
        if where not in self._found:
            self._found[where] = discover(where)
        return self._found[where]

    def for_report(self, report: str) -> Settings:
        """The settings of a report; PackError for a bad configuration or pack."""
        return self._load(self.config_file(report))[0]

    def packs_for(self, settings: Settings) -> PackSet:
        return self._load(settings.source)[1]

    def _load(self, source: Path | None) -> tuple[Settings, PackSet]:
        if source not in self._settings:
            settings = load_config(source) if source is not None else Settings()
            packs = load_packs(settings.packs)
            validate_rule_ids(settings, set(packs.rules))
            overrides = dict(self.overrides)
            era = overrides.pop("era", None)
            settings = settings.merged(**overrides)
            if era is not None:
                settings = dataclasses.replace(settings, era=parse_era(era))
            self._settings[source] = (settings, packs)
        return self._settings[source]

    def rules(self) -> dict[str, Rule]:
        """Every rule known to the run: the built-in packs' and the extra packs' of every
        configuration read so far."""
        known = dict(load_packs().rules)
        for _settings, packs in self._settings.values():
            known.update(packs.rules)
        return dict(sorted(known.items()))


# ---------------------------------------------------------------------------------------------
# The run


def lint_all(
    reports: Sequence[str],
    settings: dict[str, Settings],
    rules: dict[str, Rule],
    *,
    stdin_name: str | None,
    on_error: Callable[[str], None],
    jobs: int = 1,
) -> tuple[RunResult, dict[str, Severity]]:
    """Lint every report with its settings; an unreadable one is recorded and reported through
    `on_error`, and the others are still linted. Returns the result (with the findings across
    years of the reports of one body) and each report's fail level, by the name its findings
    carry. With `jobs` > 1 the reports are linted by that many worker processes; the result
    (order, findings, errors) is the same as with one. (The command line streams its outputs
    instead: app/batch.py `run_batch`, which this collects.)"""
    from linter.app.batch import Collector, run_batch

    collector = Collector(rules)
    run_batch(reports, settings, lambda s: load_packs(s.packs), [collector], stdin_name=stdin_name, jobs=jobs,
              on_error=on_error)
    names = {((stdin_name or "<stdin>") if path == "-" else path): settings[path] for path in reports}
    fail_levels = {name: names[name].fail_level for name in collector.result.paths}
    return collector.result, fail_levels


def default_jobs() -> int:
    """`--jobs 0`: one worker per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1
