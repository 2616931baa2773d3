"""The pipeline end to end, for the CLI, the tests and anyone embedding xxgk-lint.

    source -> read -> normalise -> parse -> facts -> rules -> findings
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from linter import engine
from linter.analyse import facts
from linter.errors import InputError
from linter.findings import Finding, Severity, on_pages
from linter.packs.load import PackSet, load_packs
from linter.parse.parser import parse
from linter.parse.tree import Report
from linter.read import Document, read_document
from linter.read.normalise import normalize
from linter.read.source import DEFAULT_MAX_BYTES, Source, load


@dataclass(slots=True)
class Options:
    era: str | None = None  # forced era; None = decide per report
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severities: dict[str, Severity] = field(default_factory=dict)
    extra_packs: list[Path] = field(default_factory=list)
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(slots=True)
class Linted:
    """One report linted: its Report, its findings, and the document text their `line:column`
    count in (None for Word documents, located by paragraph number): what code frames show."""

    report: Report
    findings: list[Finding]
    text: list[str] | None


def analyse(source: Source, packs: PackSet, era: str | None = None) -> Report:
    """Read, normalise and parse a source into a Report with its facts and era."""
    return _analyse(source, packs, era)[0]


def _analyse(source: Source, packs: PackSet, era: str | None) -> tuple[Report, Document]:
    document = read_document(source)
    lines = normalize(document.lines)
    if not any(line.text.strip() for line in lines):
        raise InputError(source.name, "empty report: nothing to lint")
    report = parse(lines, source.name)
    facts.extract(report)
    facts.decide_era(report, packs, era)
    return report, document


def lint(source: Source, options: Options | None = None, packs: PackSet | None = None) -> Linted:
    options = options or Options()
    packs = packs or load_packs(options.extra_packs)
    report, document = _analyse(source, packs, options.era)
    data, rules = packs.resolve(report.era)
    findings = engine.run(
        report, data, rules,
        select=options.select, ignore=options.ignore, severities=options.severities,
    )
    return Linted(report, on_pages(findings, report.lines), document.text)


def lint_source(source: Source, options: Options | None = None, packs: PackSet | None = None) -> tuple[Report, list[Finding]]:
    linted = lint(source, options, packs)
    return linted.report, linted.findings


def lint_path(path: str, options: Options | None = None, packs: PackSet | None = None, stdin_name: str | None = None):
    options = options or Options()
    return lint_source(load(path, stdin_name=stdin_name, max_bytes=options.max_bytes), options, packs)


def lint_file(path: str, options: Options | None = None, packs: PackSet | None = None, stdin_name: str | None = None) -> Linted:
    """`lint_path` with the document text (see `Linted`)."""
    options = options or Options()
    return lint(load(path, stdin_name=stdin_name, max_bytes=options.max_bytes), options, packs)


def lint_text(text: str, name: str = "<string>.txt", options: Options | None = None) -> list[Finding]:
    """Lint a report given as a string (tests, examples in the packs)."""
    source = Source(name=name, data=text.encode("utf-8"), suffix=Path(name).suffix.lower() or ".txt")
    return lint_source(source, options)[1]


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
