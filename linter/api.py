"""The pipeline end to end, for the command line, the tests and anyone embedding xxgk-lint.

    source -> read -> normalise -> parse -> analyse -> checks (engine) -> findings

    from linter.api import Settings, lint_path, lint_text
    analysis, findings = lint_path("reports/2024年报.md", config=True)
    findings = lint_text(text, name="report.txt", settings=Settings(select=["XG3"]))
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable
from pathlib import Path

from linter import engine
from linter.analyse.analysis import Analysis, analyse
from linter.errors import InputError
from linter.findings import Finding, on_pages
from linter.packs.load import PackSet
from linter.parse import parse
from linter.parse.vocabulary import vocabulary
from linter.read import Document, read_document
from linter.read.normalise import normalize
from linter.read.source import Source, load
from linter.settings import Settings

__all__ = ["Linted", "Settings", "analyse_source", "iter_reports", "lint", "lint_file", "lint_path", "lint_series", "lint_source", "lint_text"]


class Linted:
    """One report linted: its analysis, its findings, and the document text their `line:column`
    count in (None for Word documents, located by paragraph number): what code frames show."""

    __slots__ = ("analysis", "findings", "text")

    def __init__(self, analysis: Analysis, findings: list[Finding], text: list[str] | None):
        self.analysis = analysis
        self.findings = findings
        self.text = text


def _analyse(source: Source, packs: PackSet, era: str | None) -> tuple[Analysis, Document]:
    document = read_document(source)
    lines = normalize(document.lines)
    if not any(line.text.strip() for line in lines):
        raise InputError(source.name, "empty report: nothing to lint", "空报告：没有可检查的内容")
    report = parse(lines, source.name, vocabulary(packs))
    report.directives = document.directives
    return analyse(report, packs, era), document


def analyse_source(source: Source, packs: PackSet, era: str | None = None) -> Analysis:
    """Read, normalise, parse and analyse a source."""
    return _analyse(source, packs, era)[0]


def lint(source: Source, settings: Settings | None = None, packs: PackSet | None = None) -> Linted:
    settings = settings or Settings()
    packs = packs or engine.load_packs(settings.packs)
    _check_selectors(settings, packs)
    with collector_paused():
        analysis, document = _analyse(source, packs, settings.era)
        findings = on_pages(engine.run(analysis, settings), analysis.report.lines)
    return Linted(analysis, findings, document.text)


@contextlib.contextmanager
def collector_paused():
    """The cyclic garbage collector paused while one report is linted, as it was before after.

    What a report's lint builds (its lines, spans, cells, tree, analysis) lives until the lint
    is over, and the collector would walk it again and again while it grows, finding nothing to
    free: on a 1 MB report that is about a third of the time, and the cost per MB grew with the
    report's size (measured: 100 KB -> 1 MB, 1.2-1.5x the CPU per MB with the collector, 1.0x
    without). The little cyclic garbage a lint makes is collected afterwards, as usual: the
    first collection after the pause walks every object made during it that is still alive, so
    a caller that keeps only the findings pauses around the whole lint and drops the analysis
    before the pause ends (app/batch.py `lint_task`: ~0.4 ms a report of 10-20 KB that the
    collector would spend walking an analysis about to be freed). Nested pauses keep the
    outermost's: the collector comes back when it ends. (The setting is the process's: a
    caller linting in several threads at once gets it back on when the first of them is
    done.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def lint_source(source: Source, settings: Settings | None = None, packs: PackSet | None = None) -> tuple[Analysis, list[Finding]]:
    linted = lint(source, settings, packs)
    return linted.analysis, linted.findings


def _check_selectors(settings: Settings, packs: PackSet) -> None:
    """An unknown rule id or prefix is an error, as on the command line (a typo such as
    `XG1O1` would otherwise select nothing)."""
    from linter.settings import matches

    for selector in [*(settings.select or ()), *settings.ignore]:
        if not any(matches(selector, rule) for rule in packs.rules):
            raise ValueError(f"unknown rule id or prefix {selector!r} (see `xxgk-lint rules`)")


def lint_file(
    path: str, settings: Settings | None = None, packs: PackSet | None = None, stdin_name: str | None = None,
    *, config: bool = False,
) -> Linted:
    """A file linted, with its document text (see `Linted`). With `config=True` the
    configuration found upwards from it is read, and `settings` (what a command line would
    add) is laid over it."""
    if config:
        settings = _configured(path, settings)
    settings = settings or Settings()
    return lint(load(path, stdin_name=stdin_name, max_bytes=settings.max_bytes), settings, packs)


def lint_path(
    path: str, settings: Settings | None = None, packs: PackSet | None = None, stdin_name: str | None = None,
    *, config: bool = False,
) -> tuple[Analysis, list[Finding]]:
    """Lint a file (`lint_file` without the document text)."""
    linted = lint_file(path, settings, packs, stdin_name, config=config)
    return linted.analysis, linted.findings


def _configured(path: str, settings: Settings | None) -> Settings:
    import dataclasses

    from linter.app.config import discover
    from linter.app.config import load as load_config

    source = discover(Path(path).parent if path != "-" else Path.cwd())
    found = load_config(source) if source else Settings()
    if settings is None:
        return found
    merged = found.merged(select=settings.select, ignore=settings.ignore, severity=settings.severity,
                          fail_on=settings.fail_on, packs=settings.packs, lang=settings.lang)
    return dataclasses.replace(merged, era=settings.era or found.era)


def lint_text(text: str, name: str = "<string>.txt", settings: Settings | None = None) -> list[Finding]:
    """Lint a report given as a string (tests, examples in the packs)."""
    source = Source(name=name, data=text.encode("utf-8"), suffix=Path(name).suffix.lower() or ".txt")
    with collector_paused():  # until the analysis is dropped
        return lint_source(source, settings)[1]


def lint_series(texts: Iterable[tuple[str, str]], settings: Settings | None = None) -> list[Finding]:
    """Lint several reports given as (name, text) and judge the checks across years on those of
    one body (tests, the examples of the series rules): every report's findings, then those
    across years, each list in document order."""
    from linter.analyse.summary import summarise
    from linter.checks.series import pairs

    settings = settings or Settings()
    packs = engine.load_packs(settings.packs)
    findings: list[Finding] = []
    summaries = []
    for name, text in texts:
        source = Source(name=name, data=text.encode("utf-8"), suffix=Path(name).suffix.lower() or ".txt")
        analysis, found = lint_source(source, settings, packs)
        findings += found
        summaries.append(summarise(analysis))
    rules = engine.series_rules(packs)
    for pair in pairs(summaries):
        findings += engine.run_series(pair, rules, packs.texts, settings)
    return findings


def iter_reports(paths: Iterable[str]) -> Iterable[str]:
    """The files to lint of the paths given (directories walked; see read/files.py)."""
    from linter.read.files import find_reports

    return find_reports(paths).reports
