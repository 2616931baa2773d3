"""The pipeline end to end, for the command line, the tests and anyone embedding xxgk-lint.

    source -> read -> normalise -> parse -> analyse -> checks (engine) -> findings

    from linter.api import lint_path, lint_text, Settings
    findings = lint_text(text, name="report.txt", settings=Settings(select=["XG3"]))
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from linter import engine
from linter.analyse.analysis import Analysis, analyse
from linter.errors import InputError
from linter.findings import Finding
from linter.packs.load import PackSet
from linter.parse import parse
from linter.read import read
from linter.read.normalise import normalize
from linter.read.source import Source, load
from linter.settings import Settings

__all__ = ["Settings", "analyse_source", "iter_reports", "lint_path", "lint_series", "lint_source", "lint_text"]


def analyse_source(source: Source, packs: PackSet, era: str | None = None) -> Analysis:
    """Read, normalise, parse and analyse a source."""
    lines = normalize(read(source))
    if not any(line.text.strip() for line in lines):
        raise InputError(source.name, "empty report: nothing to lint", "空报告：没有可检查的内容")
    return analyse(parse(lines, source.name), packs, era)


def lint_source(source: Source, settings: Settings | None = None, packs: PackSet | None = None) -> tuple[Analysis, list[Finding]]:
    settings = settings or Settings()
    packs = packs or engine.load_packs(settings.packs)
    analysis = analyse_source(source, packs, settings.era)
    return analysis, engine.run(analysis, settings)


def lint_path(path: str, settings: Settings | None = None, packs: PackSet | None = None, stdin_name: str | None = None):
    settings = settings or Settings()
    return lint_source(load(path, stdin_name=stdin_name, max_bytes=settings.max_bytes), settings, packs)


def lint_text(text: str, name: str = "<string>.txt", settings: Settings | None = None) -> list[Finding]:
    """Lint a report given as a string (tests, examples in the packs)."""
    source = Source(name=name, data=text.encode("utf-8"), suffix=Path(name).suffix.lower() or ".txt")
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
    """Expand directories into the report files they hold (sorted, hidden folders skipped)."""
    from linter.read import REPORT_SUFFIXES

    for path in paths:
        p = Path(path)
        if path != "-" and p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in REPORT_SUFFIXES and not any(
                    part.startswith(".") for part in child.relative_to(p).parts
                ):
                    yield str(child)
        else:
            yield path
