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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from linter.app.baseline import Baseline
from linter.app.config import Config, discover, validate_rule_ids
from linter.app.config import load as load_config
from linter.errors import InputError
from linter.findings import Finding, RunResult, Severity
from linter.packs.load import PackSet, load_packs
from linter.packs.model import Rule

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# The formats whose message is the finding's `message`, so that --lang en may swap it for
# `message_en`. json and sarif carry both already; gitlab fingerprints use the Chinese text.
# (text chooses its language itself.)
_TRANSLATABLE = ("concise", "github", "junit")


class UsageError(Exception):
    """How the linter was called or configured is wrong: one line on stderr, exit status 2."""


# ---------------------------------------------------------------------------------------------
# Output files


@dataclass(frozen=True, slots=True)
class OutputFile:
    fmt: str
    path: Path


def parse_output_file(spec: str) -> OutputFile:
    """`FORMAT:PATH` of --output-file (only the first `:` separates, so `C:\\x` is a path)."""
    from linter.output import FORMATS

    fmt, sep, path = spec.partition(":")
    if not sep or not path:
        raise UsageError(f"--output-file {spec!r}: expected FORMAT:PATH, e.g. sarif:results.sarif")
    if fmt not in FORMATS:
        raise UsageError(f"--output-file {spec!r}: unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return OutputFile(fmt, Path(path))


def check_writable(path: Path, option: str, reports: set[Path]) -> None:
    """Refuse, before linting, a file the run could not write or must not: a report it reads."""
    if path.is_dir():
        raise UsageError(f"{path}: is a directory ({option})")
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(f"{path}: directory {parent} does not exist ({option})")
    if not os.access(path if path.exists() else parent, os.W_OK):
        raise UsageError(f"{path}: not writable ({option})")
    if path.resolve() in reports:
        raise UsageError(f"{path}: is a report being linted, refusing to overwrite it ({option})")


def write_file(path: Path, text: str) -> None:
    try:
        path.write_text(text + "\n" if text else "", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


# ---------------------------------------------------------------------------------------------
# Settings


@dataclass(slots=True)
class Settings:
    """What governs one report: the configuration (command line over file) and its packs."""

    config: Config
    packs: PackSet

    @property
    def fail_on(self) -> Severity:
        return self.config.fail_on or Severity.ERROR


@dataclass
class Overrides:
    """The command-line options that lay over a configuration file; None is "not given"."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    era: str | None = None  # as given: "auto", an era id or its alias

    def selectors(self) -> list[str]:
        return [*(self.select or ()), *self.ignore]


class Resolver:
    """Finds, reads and checks the configuration of each report, each file once."""

    def __init__(self, overrides: Overrides, explicit: Path | None = None, stdin_name: str | None = None):
        self.overrides = overrides
        self.explicit = explicit
        self.stdin_name = stdin_name
        self._settings: dict[Path | None, Settings] = {}
        self._found: dict[Path, Path | None] = {}

    def config_file(self, report: str) -> Path | None:
        if self.explicit is not None:
            return self.explicit
        if report == "-":  # stdin: where its name says it is, else the working directory
            where = Path(self.stdin_name).parent if self.stdin_name else Path.cwd()
        else:
            where = Path(report) if Path(report).is_dir() else Path(report).parent
        where = where.resolve()
        if where not in self._found:
            self._found[where] = discover(where)
        return self._found[where]

    def for_report(self, report: str) -> Settings:
        """The settings of a report; PackError for a bad configuration or pack."""
        source = self.config_file(report)
        if source not in self._settings:
            config = load_config(source) if source is not None else Config()
            packs = load_packs(config.packs)
            validate_rule_ids(config, set(packs.rules))
            merged = config.merge(
                select=self.overrides.select,
                ignore=self.overrides.ignore,
                fail_on=self.overrides.fail_on,
                era=self.overrides.era,
            )
            self._settings[source] = Settings(merged, packs)
        return self._settings[source]

    def rules(self) -> dict[str, Rule]:
        """Every rule known to the run: the built-in packs' and the extra packs' of every
        configuration read so far."""
        known = dict(load_packs().rules)
        for settings in self._settings.values():
            known.update(settings.packs.rules)
        return dict(sorted(known.items()))


# ---------------------------------------------------------------------------------------------
# The run


def lint_all(
    reports: Sequence[str],
    settings: dict[str, Settings],
    rules: dict[str, Rule],
    *,
    max_bytes: int,
    stdin_name: str | None,
    on_error: Callable[[str], None],
    jobs: int = 1,
) -> tuple[RunResult, dict[str, Severity]]:
    """Lint every report with its settings; an unreadable one is recorded and reported through
    `on_error`, and the others are still linted. Returns the result and each report's fail
    level, by the name its findings carry. With `jobs` > 1 the reports are linted by that many
    worker processes; the result (order, findings, errors) is the same as with one."""
    from linter.api import Options

    result = RunResult(findings=[], rules=rules, paths=[])
    fail_levels: dict[str, Severity] = {}
    tasks = []
    for path in reports:
        config = settings[path].config
        options = Options(era=config.era, select=config.select, ignore=config.ignore, max_bytes=max_bytes)
        tasks.append((path, options, tuple(config.packs), stdin_name))
    for path, (findings, error, lines) in zip(reports, _run_tasks(tasks, jobs)):
        name = (stdin_name or "<stdin>") if path == "-" else path
        result.source_lines[name] = lines
        if error is not None:
            (where, reason), message = error
            result.errors.append((where, reason))
            on_error(message)
            continue
        governing = settings[path]
        result.paths.append(name)
        result.findings.extend(governing.config.apply(findings))
        fail_levels[name] = governing.fail_on
    return result, fail_levels


# A report's outcome: its findings, or the (path, reason) of the error and the message to print;
# and the lines of its document text that the findings point at, for code frames.
Outcome = tuple[list[Finding], tuple[tuple[str, str], str] | None, dict[int, str] | None]


def lint_one(task: tuple) -> Outcome:
    """Lint one report (in this process or a worker): never raises for a bad input or a bug."""
    from linter.api import lint_file

    path, options, extra_packs, stdin_name = task
    name = (stdin_name or "<stdin>") if path == "-" else path
    try:
        linted = lint_file(path, options, load_packs(list(extra_packs)), stdin_name=stdin_name)
        text = linted.text
        lines = None if text is None else {
            f.line: text[f.line - 1] for f in linted.findings if 1 <= f.line <= len(text)
        }
        return linted.findings, None, lines
    except InputError as exc:
        return [], ((exc.path, exc.reason), str(exc)), None
    except RecursionError:
        return [], ((name, "structure nests too deeply"), f"{name}: structure nests too deeply to lint"), None
    except Exception as exc:  # a bug must not pass as a clean report
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return [], ((name, reason), f"{name}: {reason} (please report this)"), None


def _run_tasks(tasks: list[tuple], jobs: int):
    """The outcomes of `tasks` in order: in this process, or in a pool of `jobs` workers when
    there are enough reports to pay for starting it. Workers are forked where the platform
    allows (they inherit the loaded packs), else spawned (each loads them once)."""
    if jobs <= 1 or len(tasks) < 2 or any(t[0] == "-" for t in tasks):
        return map(lint_one, tasks)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    workers = min(jobs, len(tasks))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(lint_one, tasks, chunksize=max(1, len(tasks) // (workers * 4))))


def default_jobs() -> int:
    """`--jobs 0`: one worker per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def apply_baseline(result: RunResult, baseline: Baseline | None) -> tuple[RunResult, int]:
    """The result without the findings the baseline holds, and how many it held back."""
    if baseline is None:
        return result, 0
    new, held = baseline.filter(result.findings)
    return dataclasses.replace(result, findings=new), held


def is_failing(findings: Sequence[Finding], fail_levels: dict[str, Severity]) -> bool:
    return any(f.severity.rank >= fail_levels.get(f.path, Severity.ERROR).rank for f in findings)


def exit_status(result: RunResult, failing: bool, exit_zero: bool) -> int:
    if result.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN


def in_language(result: RunResult, fmt: str, lang: str) -> RunResult:
    """The result with English messages for the formats that show one message, under --lang en."""
    if lang != "en" or fmt not in _TRANSLATABLE:
        return result
    english = [dataclasses.replace(f, message=f.message_en) for f in result.findings]
    return dataclasses.replace(result, findings=english)


def render(fmt: str, result: RunResult, lang: str) -> str:
    """A machine format as text (every format but `text`, which writes to a console)."""
    from linter.output import render as render_format

    return render_format(fmt, in_language(result, fmt, lang))

