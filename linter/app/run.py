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
from dataclasses import dataclass
from pathlib import Path

from linter.app.baseline import Baseline
from linter.app.config import discover, parse_era, validate_rule_ids
from linter.app.config import load as load_config
from linter.engine import load_packs
from linter.errors import InputError
from linter.findings import Finding, RunResult, Severity
from linter.packs.load import PackSet
from linter.packs.model import Rule
from linter.settings import Settings

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
    path: Path | None  # None: standard output (`FORMAT:-`)

    def __str__(self) -> str:
        return f"{self.fmt}:{self.path or '-'}"


def parse_output_file(spec: str) -> OutputFile:
    """`FORMAT:PATH` of --output-file (only the first `:` separates, so `C:\\x` is a path);
    `FORMAT:-` is standard output."""
    from linter.output import FORMATS

    fmt, sep, path = spec.partition(":")
    if not sep or not path:
        raise UsageError(f"--output-file {spec!r}: expected FORMAT:PATH, e.g. sarif:results.sarif")
    if fmt not in FORMATS:
        raise UsageError(f"--output-file {spec!r}: unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return OutputFile(fmt, None if path == "-" else Path(path))


def _same_file(path: Path, other: Path) -> bool:
    """The same file, also through a hard or symbolic link."""
    try:
        return path.resolve() == other.resolve() or (path.exists() and other.exists() and path.samefile(other))
    except OSError:
        return False


def check_outputs(outputs: list[OutputFile], baseline_out: Path | None, protected: dict[Path, str]) -> None:
    """Refuse, before linting, files the run could not write or must not: one named twice, an
    input it reads (a report, the baseline, a configuration — also through a link), a
    directory, a missing directory, a file not writable; and two outputs on standard output."""
    named: list[tuple[Path, str]] = [(o.path, f"--output-file {o}") for o in outputs if o.path is not None]
    if baseline_out is not None:
        named.append((baseline_out, "--write-baseline"))
    if sum(o.path is None for o in outputs) > 1:
        raise UsageError("--output-file: standard output (-) is named twice")
    for i, (path, option) in enumerate(named):
        for other, other_option in named[:i]:
            if _same_file(path, other) or path.resolve() == other.resolve():
                raise UsageError(f"{path}: named twice ({other_option} and {option})")
        if path.is_dir():
            raise UsageError(f"{path}: is a directory ({option})")
        parent = path.parent
        if not parent.is_dir():
            raise UsageError(f"{path}: directory {parent} does not exist ({option})")
        if not os.access(path if path.exists() else parent, os.W_OK):
            raise UsageError(f"{path}: not writable ({option})")
        for kept, what in protected.items():
            if _same_file(path, kept) and not (option == "--write-baseline" and what == "the baseline being read"):
                raise UsageError(f"{path}: is {what}, refusing to overwrite it ({option})")


def write_file(path: Path, text: str) -> None:
    """Write atomically: a temporary file beside it, renamed over it once complete, so that an
    interrupted run never leaves half a file (and a link is replaced, never written through)."""
    import tempfile

    data = (text + "\n" if text else "").encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


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
    `on_error`, and the others are still linted. Returns the result and each report's fail
    level, by the name its findings carry. With `jobs` > 1 the reports are linted by that many
    worker processes; the result (order, findings, errors) is the same as with one."""
    result = RunResult(findings=[], rules=rules, paths=[])
    fail_levels: dict[str, Severity] = {}
    tasks = [(path, settings[path], stdin_name) for path in reports]
    for path, (findings, error, lines) in zip(reports, _run_tasks(tasks, jobs)):
        name = (stdin_name or "<stdin>") if path == "-" else path
        result.source_lines[name] = lines
        if error is not None:
            (where, reason), message = error
            result.errors.append((where, reason))
            on_error(message)
            continue
        result.paths.append(name)
        result.findings.extend(findings)
        fail_levels[name] = settings[path].fail_level
    return result, fail_levels


# A report's outcome: its findings, or the (path, reason) of the error and the message to print;
# and the lines of its document text that the findings point at, for code frames.
Outcome = tuple[list[Finding], tuple[tuple[str, str], str] | None, dict[int, str] | None]


def lint_one(task: tuple) -> Outcome:
    """Lint one report (in this process or a worker): never raises for a bad input or a bug."""
    from linter.api import lint_file
    from linter.app.words import current

    path, settings, stdin_name = task
    name = (stdin_name or "<stdin>") if path == "-" else path
    try:
        linted = lint_file(path, settings, load_packs(settings.packs), stdin_name=stdin_name)
        text = linted.text
        lines = None if text is None else {
            f.line: text[f.line - 1] for f in linted.findings if 1 <= f.line <= len(text)
        }
        return linted.findings, None, lines
    except InputError as exc:
        return [], ((exc.path, exc.reason), exc.text(current())), None
    except RecursionError:
        error = InputError(name, "structure nests too deeply to lint", "结构嵌套过深，无法检查")
        return [], ((name, error.reason), error.text(current())), None
    except Exception as exc:  # a bug must not pass as a clean report
        from linter.app.words import say

        reason = f"internal error: {type(exc).__name__}: {exc}"
        return [], ((name, reason), f"{name}: {say('internal', what=f'{type(exc).__name__}: {exc}')}"), None


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

