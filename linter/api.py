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
from linter.findings import Finding, Severity
from linter.packs.load import PackSet, load_packs
from linter.parse.parser import parse
from linter.parse.vocabulary import vocabulary
from linter.parse.tree import Report
from linter.read import read
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


def analyse(source: Source, packs: PackSet, era: str | None = None) -> Report:
    """Read, normalise and parse a source into a Report with its facts and era."""
    lines = normalize(read(source))
    if not any(line.text.strip() for line in lines):
        raise InputError(source.name, "empty report: nothing to lint")
    report = parse(lines, source.name, vocabulary(packs))
    facts.extract(report)
    facts.decide_era(report, packs, era)
    return report


def lint_source(source: Source, options: Options | None = None, packs: PackSet | None = None) -> tuple[Report, list[Finding]]:
    options = options or Options()
    packs = packs or load_packs(options.extra_packs)
    report = analyse(source, packs, options.era)
    data, rules = packs.resolve(report.era)
    findings = engine.run(
        report, data, rules,
        select=options.select, ignore=options.ignore, severities=options.severities,
    )
    return report, findings


def lint_path(path: str, options: Options | None = None, packs: PackSet | None = None, stdin_name: str | None = None):
    options = options or Options()
    return lint_source(load(path, stdin_name=stdin_name, max_bytes=options.max_bytes), options, packs)


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
