"""A batch: lint many reports and write every output as the reports come, in input order, with
memory flat in the number of reports; then judge the checks across years.

    tasks ─► workers (lint + summarise) ─► outcome per report, in order ─► sinks (each output)
                                                    │
                                                    └─► summaries spilled to a temporary file
    after the last report: the series of each body ─► engine.run_series ─► sinks ─► close

- A worker returns a report's findings and, when the run needs it (a check across years is
  selected, or the review page is written), its `Summary` (linter/analyse/summary.py): small
  and picklable, so the parent never holds an analysis. The findings' related locations and
  the lines code frames show come only when an output shows them (`Task.related`, `frames`).
- Summaries go to a temporary file as they come; the parent keeps three numbers per report in
  arrays (where in the file, which body, which task) and each body's key once, and once every
  report is linted reads back one body's summaries at a time to judge its consecutive years
  (linter/checks/series.py) and to draw the two tables side by side.
- Each output is a sink: the text and line formats (concise, github) and the review page
  (html) are written per report as it finishes; the whole-document formats (json, sarif,
  gitlab, junit) and `--write-baseline` keep the findings until the end, as their formats
  require. Statistics keep counts.
- A progress bar (rich, on stderr) when stderr is a terminal, stdout is not a pipe, the run is
  not in CI and there are more than a few reports.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import itertools
import os
import pickle
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from linter.errors import InputError
from linter.findings import Finding, RunResult, Severity
from linter.settings import Settings

PROGRESS_MIN = 5  # reports: fewer finish before a bar would be worth drawing
# The formats whose message is the finding's `message`, so that --lang en may swap it for
# `message_en`. json and sarif carry both already; gitlab fingerprints use the Chinese text.
# (text chooses its language itself.)
_TRANSLATABLE = ("concise", "github", "junit")


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


# ---------------------------------------------------------------------------------------------
# Linting, in workers


# Task, Outcome and Totals are plain classes with __slots__, not dataclasses: nothing compares,
# hashes or copies them, and a dataclass costs a run ~0.3 ms to make when imported.


class Task:
    """A report to lint (sent to a worker: picklable). `related` and `frames` say whether an
    output shows the findings' related locations and code frames: a worker sends neither when
    none does (a third of what it sends for the line formats, and what the parent loads)."""

    __slots__ = ("path", "settings", "stdin_name", "summary", "budget", "related", "frames")

    def __init__(self, path: str, settings: Settings, stdin_name: str | None = None, summary: bool = False,
                 budget: float = 0, related: bool = True, frames: bool = True):
        self.path = path
        self.settings = settings
        self.stdin_name = stdin_name
        self.summary = summary  # make the report's summary too
        self.budget = budget  # seconds the report may take (0: no limit)
        self.related = related  # the findings with their related locations
        self.frames = frames  # the document lines the findings point at (and the summary's)


class Outcome:
    """A report linted: its name, findings and summary, or the error that kept it from being
    linted ((path, reason) and the message to print). Sent back by a worker: picklable."""

    __slots__ = ("name", "findings", "summary", "error", "lines")

    def __init__(self, name: str, findings: list[Finding] | None = None, summary: object = None,
                 error: tuple[tuple[str, str], str] | None = None, lines: dict[int, str] | None = None):
        self.name = name
        self.findings = [] if findings is None else findings
        self.summary = summary
        self.error = error
        self.lines = lines  # the document lines the findings point at (code frames)


def lint_task(task: Task) -> Outcome:
    """Lint one report (in this process or a worker): never raises for a bad input or a bug.
    The garbage collector is paused until the report's analysis is dropped (api.py
    `collector_paused`)."""
    from linter.api import collector_paused

    with collector_paused():
        return _outcome(task)


def _outcome(task: Task) -> Outcome:
    from linter.api import lint_file
    from linter.app.words import current, say

    name = (task.stdin_name or "<stdin>") if task.path == "-" else task.path
    try:
        packs = _packs(tuple(task.settings.packs))
        with time_budget(task.budget):
            linted = lint_file(task.path, task.settings, packs, stdin_name=task.stdin_name)
            summary = None
            if task.summary:
                from linter.analyse.summary import summarise

                body, year = task.settings.facts_for(task.path) if task.path != "-" else (None, None)
                summary = PickledSummary(summarise(linted.analysis, body, year, linted.text if task.frames else None))
        lines = lines_at(linted.text, (f.line for f in linted.findings)) if task.frames else None
        return Outcome(name, linted.findings, summary, lines=lines)
    except OverBudget:
        error = InputError(name, f"not linted: it took longer than the time budget of {task.budget:g} s (see --timeout)",
                           f"未检查：耗时超过 {task.budget:g} 秒的时间上限（见 --timeout）")
        return Outcome(name, error=((name, error.reason), error.text(current())))
    except InputError as exc:
        return Outcome(name, error=((exc.path, exc.reason), exc.text(current())))
    except RecursionError:
        error = InputError(name, "structure nests too deeply to lint", "结构嵌套过深，无法检查")
        return Outcome(name, error=((name, error.reason), error.text(current())))
    except Exception as exc:  # a bug must not pass as a clean report
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return Outcome(name, error=((name, reason), f"{name}: {say('internal', what=f'{type(exc).__name__}: {exc}')}"))


@functools.lru_cache(maxsize=8)
def _packs(extra: tuple):
    """The packs of a report's settings (its extra packs), looked up once a process and not once
    a report: engine.load_packs lists the folder of the built-in packs at every call (0.05 ms).
    (It keeps the packs themselves, these same objects: nothing more is kept.)"""
    from linter.engine import load_packs

    return load_packs(extra)


class OverBudget(BaseException):
    """A report took longer than its time budget (a BaseException: no `except Exception` of
    the linter may take it for an error of its own)."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in what runs inside once `seconds` have passed (a timer signal: the
    last line of defence against an input that makes some stage slow beyond reason; the
    regular expression engine is interrupted too). No limit for 0, off the main thread, or
    where the platform has no interval timers."""
    import signal
    import threading

    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def over(_signum, _frame):
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lines_at(text: list[str] | None, numbers) -> dict[int, str] | None:
    """The lines `numbers` of a document text (None for a Word document: no lines)."""
    if text is None:
        return None
    return {n: text[n - 1] for n in numbers if 1 <= n <= len(text)}


def lint_chunk(tasks: Sequence[Task]) -> list[Outcome]:
    """Lint tasks in a worker: their outcomes, to be pickled to the parent, the findings without
    their related locations where no output shows them (`Task.related`)."""
    outcomes = [lint_task(task) for task in tasks]
    for task, outcome in zip(tasks, outcomes):
        if not task.related:
            outcome.findings = [dataclasses.replace(f, related=()) if f.related else f for f in outcome.findings]
    return outcomes


class Linting:
    """The outcomes of `tasks`, in order, as they finish: in this process, or in `jobs` worker
    processes (forked where the platform allows, so they inherit the loaded packs). The pool is
    started here, before any progress bar starts a thread. At most a few chunks per worker are
    in flight, so that finished reports never pile up waiting for the outputs: memory stays flat
    however many reports there are.

    A worker that dies (killed, out of memory, a crash in a library's C code) breaks the pool:
    a new one is started, the chunks in flight are sent again, and the reports of the chunk
    that was lost are linted one at a time, so that the one that killed its worker is named
    in an error and every other report is still linted."""

    AHEAD = 4  # chunks in flight per worker

    def __init__(self, tasks: Sequence[Task], jobs: int):
        self.pool = self.solo = None
        self.tasks = tasks
        if jobs <= 1 or len(tasks) < 2 or any(t.path == "-" for t in tasks):
            return
        self.workers = min(jobs, len(tasks))
        self.chunk = max(1, min(16, len(tasks) // (self.workers * 8)))
        self.pool = self._start()
        self.pending = self._chunks()
        self.window: collections.deque = collections.deque()
        for chunk in itertools.islice(self.pending, self.workers * self.AHEAD):
            self.window.append((chunk, self.pool.submit(lint_chunk, chunk)))

    def _start(self, workers: int | None = None):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        return ProcessPoolExecutor(max_workers=workers or self.workers, mp_context=multiprocessing.get_context(method),
                                   initializer=_worker_signals)

    def _chunks(self) -> Iterator[Sequence[Task]]:
        """The tasks in chunks of `chunk`, smaller towards the end (a share of what is left for
        each worker), so that the workers finish together rather than one linting a whole last
        chunk while the others wait."""
        start = 0
        while start < len(self.tasks):
            size = max(1, min(self.chunk, (len(self.tasks) - start) // (self.workers * self.AHEAD)))
            yield self.tasks[start:start + size]
            start += size

    def __iter__(self) -> Iterator[Outcome]:
        if self.pool is None:
            yield from map(lint_task, self.tasks)
            return
        from concurrent.futures.process import BrokenProcessPool

        while self.window:
            chunk, future = self.window.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                self._restart()
                outcomes = [self._alone(task) for task in chunk]
            following = next(self.pending, None)
            if following is not None:
                sent = self._submit(following)  # first: a restart there replaces the window
                self.window.append((following, sent))
            yield from outcomes

    def _submit(self, chunk: Sequence[Task]):
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.pool.submit(lint_chunk, chunk)
        except BrokenProcessPool:  # broken since the last result: its chunks come back when due
            self._restart()
            return self.pool.submit(lint_chunk, chunk)

    def _restart(self) -> None:
        """A new pool, and the chunks that were in flight in the broken one sent to it."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()
        self.window = collections.deque((chunk, self.pool.submit(lint_chunk, chunk)) for chunk, _ in self.window)

    def _alone(self, task: Task) -> Outcome:
        """One report of a lost chunk, in a worker of its own (not in the pool, where another
        chunk may break it): if that worker dies too, the report is what killed it."""
        from concurrent.futures.process import BrokenProcessPool

        if self.solo is None:
            self.solo = self._start(1)
        try:
            return self.solo.submit(lint_chunk, [task]).result()[0]
        except BrokenProcessPool:
            self.solo.shutdown(wait=False)
            self.solo = None
            from linter.app.words import current

            name = (task.stdin_name or "<stdin>") if task.path == "-" else task.path
            error = InputError(name, "the worker process linting it stopped (killed, out of memory or crashed); "
                                     "the other reports were linted", "检查该文件的工作进程意外终止（被终止、内存不足或崩溃）；其他文件已照常检查")
            return Outcome(name, error=((name, error.reason), error.text(current())))

    def close(self, interrupted: bool = False) -> None:
        """End the workers: after the last report, once they are idle; when the run is
        interrupted, at once (a worker in the middle of a slow report is not waited for)."""
        for pool in (self.pool, self.solo):
            if pool is None:
                continue
            if interrupted:
                _stop_workers(pool)
            # Waited for even when interrupted: the workers are gone, so this is quick, and a
            # pool left running has its manager thread write to a closed pipe at exit
            # ("Exception ignored in: <module 'threading'>", a traceback on stderr).
            pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool) -> None:
    """Stop a pool's workers at once (there is no public way), so that its shutdown ends.

    A worker stopped while it writes a result to the pipe back to this process leaves part of
    the result in it, and the pool's thread that reads the results then waits for the rest for
    ever — and with it the shutdown, and the interpreter's exit (a run hung after Ctrl-C or
    SIGTERM, about one time in fifty). Once every worker is gone, this process holds the only
    other end of that pipe open for writing: closing it ends the wait (the reader sees the end
    of the pipe, and the pool counts itself broken)."""
    import time
    from multiprocessing.connection import wait

    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    running = {p.sentinel for p in processes}
    deadline = time.monotonic() + 10
    while running and time.monotonic() < deadline:  # dead (not reaped: the pool's thread does that)
        running -= set(wait(list(running), timeout=max(0.0, deadline - time.monotonic())))
    if not running:
        writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
        if writer is not None:
            writer.close()


def _worker_signals() -> None:
    """A worker dies of SIGTERM (the parent's handler, inherited through fork, would unwind it
    into a result nobody reads) and leaves Ctrl-C to the parent, which ends it."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# ---------------------------------------------------------------------------------------------
# Summaries, on disk


class PickledSummary:
    """A report's summary pickled where it was made (in a worker): sent to the parent as bytes,
    which the store of summaries writes as they are; loaded again only for an output that shows
    it (the review page). In the process that made it, the summary itself is kept beside."""

    __slots__ = ("path", "body_key", "year", "data", "_summary")

    def __init__(self, summary) -> None:
        self.path, self.body_key, self.year = summary.path, summary.body_key, summary.year
        self.data = pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL)
        self._summary = summary

    def __getstate__(self):
        return self.path, self.body_key, self.year, self.data

    def __setstate__(self, state) -> None:
        self.path, self.body_key, self.year, self.data = state
        self._summary = None

    def load(self):
        if self._summary is None:
            self._summary = pickle.loads(self.data)
        return self._summary


class SummaryStore:
    """The summaries of a run in a temporary file, read back for the checks across years. In
    memory, for each report with a body and a year (no other summary is read back), its place in
    the file, its body's number, its year and the caller's number for it, in arrays (no object a
    report: memory flat in the number of reports); each body's key once."""

    def __init__(self) -> None:
        import tempfile  # on first use: start-up stays lean
        from array import array

        self.file = tempfile.TemporaryFile()
        self.bodies: dict[str, int] = {}  # a body's key -> its number, in the order the bodies came
        self.offsets, self.body_of, self.numbers = array("q"), array("q"), array("q")
        self.years = array("q")  # a body whose reports are all of one year is never read back
        # the reports of the body series() gave last: name -> (offset, number)
        self.current: dict[str, tuple[int, int]] = {}

    def add(self, summary, number: int = -1) -> None:
        """Keep a summary (or a PickledSummary, written as it is) and the caller's `number` for
        its report (see `number`)."""
        key = summary.body_key
        if key is None or summary.year is None:
            return
        self.file.seek(0, os.SEEK_END)
        self.offsets.append(self.file.tell())
        if isinstance(summary, PickledSummary):
            self.file.write(summary.data)
        else:
            pickle.dump(summary, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.body_of.append(self.bodies.setdefault(key, len(self.bodies)))
        self.numbers.append(number)
        self.years.append(summary.year)

    def load(self, offset: int):
        self.file.seek(offset)
        return pickle.load(self.file)

    def series(self) -> Iterator[list]:
        """The summaries of each body with reports of at least two years, one body at a time (in
        the order the bodies came), by year (and in the order they came within a year). While a
        body's are used, `of` and `number` answer for its reports."""
        from array import array

        # the reports of each body in the order they came, as a counting sort does it: in arrays
        starts = array("q", bytes(8 * (len(self.bodies) + 1)))
        for body in self.body_of:
            starts[body + 1] += 1
        for body in range(len(self.bodies)):
            starts[body + 1] += starts[body]
        order, free = array("q", bytes(8 * len(self.body_of))), starts[:-1]
        for i, body in enumerate(self.body_of):
            order[free[body]] = i
            free[body] += 1
        del free
        for body in range(len(self.bodies)):
            reports = order[starts[body]:starts[body + 1]]
            if len({self.years[i] for i in reports}) < 2:  # (fewer than two reports, or one year)
                continue
            found = [(self.load(self.offsets[i]), i) for i in reports]
            found.sort(key=lambda item: item[0].year)  # (stable: in the order they came within a year)
            self.current = {summary.path: (self.offsets[i], self.numbers[i]) for summary, i in found}
            yield [summary for summary, _i in found]

    def of(self, path: str | None):
        """The summary of a report of the body `series` gave last, by its name (the last of that
        name), or None."""
        found = self.current.get(path) if path else None
        return None if found is None else self.load(found[0])

    def number(self, path: str | None) -> int | None:
        """The number `add` was given for a report of the body `series` gave last, by its name
        (the last of that name), or None."""
        found = self.current.get(path) if path else None
        return None if found is None else found[1]

    def close(self) -> None:
        self.file.close()


# ---------------------------------------------------------------------------------------------
# Sinks: one per output


class Totals:
    """What the run counted, for the last lines and the exit status."""

    __slots__ = ("counts", "files", "checked", "errors", "baselined", "failing", "rules", "per_file", "skipped")

    def __init__(self, per_file: dict[str, Counter] | None = None, skipped: list[tuple[str, str]] | None = None):
        self.counts: dict[str, int] = {"error": 0, "warning": 0, "info": 0}
        self.files: set[str] = set()  # reports with findings
        self.checked = 0
        self.errors: list[tuple[str, str]] = []
        self.baselined = 0
        self.failing = False
        self.rules: Counter = Counter()  # rule id -> findings
        self.per_file = per_file  # report -> severity -> findings (for --statistics)
        self.skipped = [] if skipped is None else skipped  # files of the folders given, not reports

    def tally(self):
        from linter.output.text import Tally

        return Tally(self.counts, len(self.files), self.checked, self.baselined, len(self.errors), self.skipped)

    def add(self, name: str, findings: Sequence[Finding]) -> None:
        if findings:
            self.files.add(name)
        counter = self.per_file.setdefault(name, Counter()) if findings and self.per_file is not None else None
        for f in findings:
            self.counts[f.severity.value] += 1
            self.rules[f.rule] += 1
            if counter is not None:
                counter[f.severity.value] += 1


class Sink:
    """An output written as the run goes. `report` gets each report's findings (after the
    baseline) and summary, `error` each input that could not be read, `series` the findings
    across years of one body after another once every report is linted, `close` the totals
    (the store of summaries is still open)."""

    summaries = False  # whether `report` uses the summary (else it is given None)
    related = True  # whether it shows the findings' related locations
    frames = False  # whether it shows code frames (the lines of `report`, the summaries' lines)

    def report(self, name: str, findings: list[Finding], summary, lines: dict[int, str] | None = None) -> None: ...

    def error(self, path: str, reason: str) -> None: ...

    def series(self, findings: list[Finding], store: SummaryStore | None) -> None: ...

    def close(self, totals: Totals) -> None: ...


class Frames:
    """The lines code frames show, by report: the current report's (its outcome's `lines`), or
    for the findings across years the lines kept in the reports' summaries."""

    def __init__(self) -> None:
        self.current: tuple[str, dict[int, str] | None] = ("", None)
        self.store: SummaryStore | None = None
        self._kept: dict[str, dict[int, str] | None] = {}

    def __call__(self, path: str) -> dict[int, str] | None:
        name, lines = self.current
        if path == name:
            return lines
        if self.store is None:
            return None
        if path not in self._kept:  # the findings of one body come together: keep a few
            if len(self._kept) >= 4:
                self._kept.pop(next(iter(self._kept)))
            summary = self.store.of(path)
            self._kept[path] = summary.lines if summary is not None else None
        return self._kept[path]


class TextSink(Sink):
    """The text format: each report's findings with their code frames as it finishes, the
    findings across years, then the summary line."""

    frames = True

    def __init__(self, console, english: bool):
        self.console, self.english = console, english
        self.frames = Frames()

    def report(self, name, findings, summary, lines=None) -> None:
        from linter.output.text import write_findings

        self.frames.current = (name, lines)
        write_findings(findings, self.console, self.frames, self.english)

    def series(self, findings, store) -> None:
        from linter.output.text import write_findings

        self.frames.current, self.frames.store = ("", None), store
        write_findings(findings, self.console, self.frames, self.english)

    def close(self, totals) -> None:
        from linter.output.text import write_summary

        write_summary(totals.tally(), self.console, self.english)


class LinesSink(Sink):
    """A format of one line per finding (concise, github), written per report."""

    related = False

    def __init__(self, fmt: str, write: Callable[[str], None], rules, lang: str):
        self.fmt, self.write, self.rules, self.lang = fmt, write, rules, lang

    def report(self, name, findings, summary, lines=None) -> None:
        text = render(self.fmt, RunResult(findings=list(findings), rules=self.rules, paths=[name] if name else []), self.lang)
        if text:
            self.write(text)

    def series(self, findings, store) -> None:
        self.report("", findings, None)


class Collector(Sink):
    """Every finding, report and error of the run in one RunResult (what a whole-document format
    or a caller of app/run.py `lint_all` needs)."""

    def __init__(self, rules):
        self.result = RunResult(findings=[], rules=rules, paths=[])

    def report(self, name, findings, summary, lines=None) -> None:
        self.result.paths.append(name)
        self.result.findings.extend(findings)

    def error(self, path, reason) -> None:
        self.result.errors.append((path, reason))

    def series(self, findings, store) -> None:
        self.result.findings.extend(findings)


class DocumentSink(Collector):
    """A whole-document format (json, sarif, gitlab, junit): rendered once the run is over."""

    def __init__(self, fmt: str, write: Callable[[str], None], rules, lang: str):
        super().__init__(rules)
        self.fmt, self.write, self.lang = fmt, write, lang
        self.related = fmt != "gitlab"

    def close(self, totals) -> None:
        self.write(render(self.fmt, self.result, self.lang))


class PageSink(Sink):
    """The review page (output/html.py), written as the run goes."""

    summaries = True
    frames = True

    def __init__(self, out, lang: str, era_names: dict[str, str]):
        from linter import __version__
        from linter.output.html import Page

        self.frames = Frames()
        self.page = Page(out, self.frames, lang, era_names, __version__)

    def report(self, name, findings, summary, lines=None) -> None:
        self.frames.current = (name, lines)
        self.page.report(name, findings, summary)

    def error(self, path, reason) -> None:
        self.page.error(path, reason)

    def series(self, findings, store) -> None:
        self.frames.current, self.frames.store = ("", None), store
        self.page.series(findings, store.of if store is not None else (lambda _path: None))

    def close(self, totals) -> None:
        self.page.close()


class StatisticsSink(Sink):
    """`--statistics`: findings per report and per rule, instead of the findings."""

    related = False

    def __init__(self, echo: Callable[[str], None], rules, english: bool):
        self.echo, self.rules, self.english = echo, rules, english

    def close(self, totals) -> None:
        from rich.cells import cell_len

        def pad(text: str, width: int) -> str:
            return text + " " * max(0, width - cell_len(text))

        sev = ("error", "warning", "info")
        names = {"error": "错误", "warning": "警告", "info": "提示"}
        head = [s if self.english else names[s] for s in sev]
        if totals.per_file:  # the run keeps them when a StatisticsSink is among its sinks
            from linter.output.safe import line as shown

            width = max(cell_len("file" if self.english else "文件"), *(cell_len(shown(p)) for p in totals.per_file))
            self.echo(pad("file" if self.english else "文件", width) + "".join(f"  {' ' * max(0, 7 - cell_len(h))}{h}" for h in head))
            from linter.output.safe import line

            for path, counts in totals.per_file.items():
                self.echo(pad(line(path), width) + "".join(f"  {counts[s]:>7}" for s in sev))
            self.echo("")
        for rule_id, count in sorted(totals.rules.items(), key=lambda item: (-item[1], item[0])):
            rule = self.rules.get(rule_id)
            name = rule.name if rule else ""
            level = Severity(rule.severity).label("en" if self.english else "zh") if rule else ""
            self.echo(f"{count:>6}  {rule_id}  {pad(name, 34)} [{level}]")
        import io

        from linter.output.text import console, write_summary

        buffer = io.StringIO()
        write_summary(totals.tally(), console(buffer), self.english)
        self.echo(buffer.getvalue().rstrip("\n"))


# ---------------------------------------------------------------------------------------------
# The run


def want_progress(count: int, stderr=None, stdout=None, environ=None) -> bool:
    """A progress bar only for a person watching: stderr a terminal, stdout not piped into
    another program, not in CI, and more than a few reports."""
    stderr = stderr or sys.stderr
    stdout = stdout or sys.stdout
    environ = os.environ if environ is None else environ
    if count <= PROGRESS_MIN or environ.get("CI") or environ.get("TERM") == "dumb":
        return False
    try:
        if not stderr.isatty():
            return False
        return not stat.S_ISFIFO(os.fstat(stdout.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):
        return False


class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(TextColumn("xxgk-lint"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("", total=total)
            self.bar.start()

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def run_batch(
    reports: Sequence[str],
    settings: dict[str, Settings],
    packs_for: Callable[[Settings], object],
    sinks: Sequence[Sink],
    *,
    stdin_name: str | None = None,
    jobs: int = 1,
    baseline=None,
    on_error: Callable[[str], None] = lambda _m: None,
    progress: bool = False,
    summaries: bool = False,
    budget: float = 0,
    keep: list[Finding] | None = None,
    skipped: Sequence[tuple[str, str]] = (),
    errors: Sequence[InputError] = (),
) -> Totals:
    """Lint `reports`, feed every sink as each report finishes, then judge the checks across
    years. `keep` collects every finding before the baseline (for --write-baseline);
    `skipped` are the files of the folders given that are not reports (counted), `errors`
    the paths found unfit before any report is read (read/files.py: a folder with no report,
    a named pipe, a link that loops …)."""
    from linter import engine

    series = _series_wanted(reports, settings, packs_for)
    related, frames = any(s.related for s in sinks), any(s.frames for s in sinks)
    tasks = [Task(path, settings[path], stdin_name, summaries or series, budget, related, frames) for path in reports]
    totals = Totals(per_file={} if any(isinstance(sink, StatisticsSink) for sink in sinks) else None, skipped=list(skipped))
    for error in errors:
        from linter.app.words import current

        totals.errors.append((error.path, error.reason))
        on_error(error.text(current()))
        for sink in sinks:
            sink.error(error.path, error.reason)
    store = SummaryStore() if (summaries or series) else None
    linting = Linting(tasks, jobs)
    bar = _Progress(len(tasks), progress)
    try:
        for number, (task, outcome) in enumerate(zip(tasks, linting, strict=True)):  # an outcome lost is a bug, never silence
            bar.advance()
            if outcome.error is not None:
                (where, reason), message = outcome.error
                totals.errors.append((where, reason))
                on_error(message)
                for sink in sinks:
                    sink.error(where, reason)
                continue
            # the task's string for the name where they are equal: what outputs keep of a report
            # (the page's anchor, the reports with findings) is no copy made by unpickling
            name = task.path if outcome.name == task.path else outcome.name
            findings = _shown(outcome.findings, baseline, totals, keep)
            totals.checked += 1
            totals.add(name, findings)
            totals.failing |= _failing(findings, task.settings)
            if store is not None and outcome.summary is not None:
                store.add(outcome.summary, number)
            summary = outcome.summary.load() if outcome.summary is not None and any(s.summaries for s in sinks) else None
            for sink in sinks:
                sink.report(name, findings, summary, outcome.lines)
        if series and store is not None:  # one body at a time, its findings written as they come
            from linter.checks.series import pairs

            def settings_of(path: str) -> Settings:  # a report's of the body being judged
                number = store.number(path)
                return Settings() if number is None else tasks[number].settings

            for body in store.series():
                found: list[Finding] = []
                for pair in pairs(body):
                    own = settings_of(pair.this.path)
                    packs = packs_for(own)
                    found += engine.run_series(pair, engine.series_rules(packs), packs.texts, own)
                found = _shown(sorted(found, key=Finding.sort_key), baseline, totals, keep)
                for f in found:
                    totals.add(f.path, [f])
                    totals.failing |= _failing([f], settings_of(f.path))
                if found:
                    for sink in sinks:
                        sink.series(found, store)
        for sink in sinks:
            sink.close(totals)
    finally:
        bar.close()
        linting.close(interrupted=sys.exc_info()[0] is not None)
        if store is not None:
            store.close()
    return totals


def _series_wanted(reports: Sequence[str], settings: dict[str, Settings], packs_for) -> bool:
    """Whether a check across years can find anything: two reports or more, and one of the
    series rules selected for one of them."""
    if len(reports) < 2:
        return False
    from linter import engine

    seen: set[int] = set()
    for path in reports:
        s = settings[path]
        if id(s) in seen:
            continue
        seen.add(id(s))
        if any(s.enabled(rule.id) for rule in engine.series_rules(packs_for(s))):
            return True
    return False


def _shown(findings: list[Finding], baseline, totals: Totals, keep: list[Finding] | None) -> list[Finding]:
    if keep is not None:
        keep.extend(findings)
    if baseline is None or not findings:
        return findings
    new, held = baseline.filter(findings)
    totals.baselined += held
    return new


def _failing(findings: Sequence[Finding], settings: Settings) -> bool:
    return any(f.severity.rank >= settings.fail_level.rank for f in findings)
