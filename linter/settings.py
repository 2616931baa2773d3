"""The settings of a report: which rules run, at which severity, the fail level, the era, the
extra packs, per-file ignores. One record for every source of settings — a configuration file
(app/config.py), the command line laid over it, or a caller of the API — applied once, by the
engine."""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from linter.findings import Severity

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # inputs larger than this are refused (--max-bytes)
REPORT_FOLDERS = {"reports", "report", "年报", "年度报告", "政府信息公开年报"}
REPORT_WORDS = ("年报", "年度报告", "信息公开")

ALL = "ALL"



def matches(selector: str, rule_id: str) -> bool:
    """Whether a selector (`ALL`, a rule id or an id prefix such as `XG1`) covers a rule."""
    return selector == ALL or (bool(selector) and rule_id.startswith(selector))


@dataclass
class PerFileIgnore:
    """Rules switched off for the reports a glob matches, with the reason a reviewer reads."""

    pattern: str  # glob, relative to the directory of the configuration file
    rules: list[str]
    reason: str


@dataclass
class ReportFacts:
    """What a configuration says about the reports a glob matches, where their titles do not
    say it (or say it differently each year): the body and the year, for the checks across
    years (`reports:`)."""

    pattern: str  # glob, relative to the directory of the configuration file
    body: str | None = None
    year: int | None = None


def _glob_matches(relative: str, name: str, pattern: str) -> bool:
    """A pattern matches a path relative to the configuration's directory; one without `/`
    also matches the file name alone (as in ruff)."""
    return fnmatch.fnmatchcase(relative, pattern) or ("/" not in pattern and fnmatch.fnmatchcase(name, pattern))


def excluded(relative: str, patterns: Sequence[str]) -> bool:
    """Whether a path (relative, with `/`) is excluded by one of `patterns`: a glob of the
    whole path, of a folder it is in (`2019` or `2019/` excludes everything under it), or,
    without `/`, of any one part of it (`草稿*`)."""
    parts = relative.split("/")
    for pattern in patterns:
        pat = pattern.rstrip("/")
        if not pat:
            continue
        if fnmatch.fnmatchcase(relative, pat) or any(
            fnmatch.fnmatchcase("/".join(parts[:i]), pat) for i in range(1, len(parts))
        ):
            return True
        if "/" not in pat and any(fnmatch.fnmatchcase(part, pat) for part in parts):
            return True
    return False


@dataclass
class Settings:
    """Defaults are the tool's: every rule, the packs' severities, the era of each report."""

    select: list[str] | None = None  # rule ids or prefixes, or ALL; None = every rule
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = None  # None = error
    era: str | None = None  # an era id; None = decide per report
    packs: list[Path] = field(default_factory=list)  # extra packs
    per_file_ignores: list[PerFileIgnore] = field(default_factory=list)
    include: list[str] = field(default_factory=list)  # globs of the reports (relative to the file)
    lang: str | None = None  # zh | en; None = zh
    max_bytes: int = DEFAULT_MAX_BYTES
    exclude: list[str] = field(default_factory=list)  # globs of files a directory walk skips
    reports: list[ReportFacts] = field(default_factory=list)  # body and year where titles differ
    source: Path | None = None  # the configuration file these came from
    # Line of every rule id the file names, by where it is (app/config.py validate_rule_ids).
    rule_lines: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def base_dir(self) -> Path:
        """The directory per-file-ignores globs and pack paths are relative to."""
        return self.source.parent if self.source else Path.cwd()

    @property
    def fail_level(self) -> Severity:
        return self.fail_on or Severity.ERROR

    def enabled(self, rule_id: str) -> bool:
        """Selected (everything when `select` is unset) and not ignored."""
        selected = self.select is None or any(matches(s, rule_id) for s in self.select)
        return selected and not any(matches(s, rule_id) for s in self.ignore)

    def severity_for(self, rule_id: str, default: Severity) -> Severity:
        """The configured severity of a rule; the longest matching selector wins, so
        `{XG1: info, XG101: error}` makes XG101 an error and XG102 info."""
        matching = [s for s in self.severity if matches(s, rule_id)]
        if not matching:
            return default
        return self.severity[max(matching, key=lambda s: -1 if s == ALL else len(s))]

    def ignored_for(self, path: str | Path) -> set[str]:
        """The rule selectors per-file-ignores switch off for a report. A pattern matches the
        report's path relative to the configuration file's directory; a pattern without `/`
        also matches the file name alone, wherever the file is (as in ruff)."""
        if not self.per_file_ignores:
            return set()
        report = Path(path).resolve()
        try:
            relative = report.relative_to(self.base_dir.resolve()).as_posix()
        except ValueError:  # the report is outside the configured tree
            return set()
        ignored: set[str] = set()
        for entry in self.per_file_ignores:
            if _glob_matches(relative, report.name, entry.pattern):
                ignored.update(entry.rules)
        return ignored

    def _relative(self, path: str | Path) -> tuple[str, str] | None:
        report = Path(path).resolve()
        try:
            return report.relative_to(self.base_dir.resolve()).as_posix(), report.name
        except ValueError:  # outside the configured tree
            return None

    def is_excluded(self, path: str | Path) -> bool:
        """Whether `exclude:` skips a report found by walking a directory."""
        if not self.exclude:
            return False
        relative = self._relative(path)
        return relative is not None and excluded(relative[0], self.exclude)

    def facts_for(self, path: str | Path) -> tuple[str | None, int | None]:
        """The body and year `reports:` gives a report (the last matching entry that says
        each wins); (None, None) when it says nothing."""
        if not self.reports:
            return None, None
        relative = self._relative(path)
        body = year = None
        if relative is not None:
            for entry in self.reports:
                if _glob_matches(relative[0], relative[1], entry.pattern):
                    body = entry.body or body
                    year = entry.year or year
        return body, year

    def is_report(self, path: str | Path) -> bool:
        """Whether a file looks like a report (`--only-reports`, the pre-commit hook): it
        matches an `include` glob of the configuration, or, without one, it stands in a folder
        of reports (reports/, report/, 年报/, 年度报告/) or its name says 年报, 年度报告 or
        信息公开. README.md, CHANGELOG.md and requirements.txt of a repository are not."""
        report = Path(path).resolve()
        if self.include:
            relative = self._relative(report)
            return relative is not None and any(_glob_matches(relative[0], relative[1], g) for g in self.include)
        folders = {part.lower() for part in report.parent.parts}
        return bool(folders & REPORT_FOLDERS) or any(word in report.name for word in REPORT_WORDS)

    def merged(
        self,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        severity: dict[str, Severity] | None = None,
        fail_on: Severity | None = None,
        era: str | None = None,
        packs: Sequence[Path | str] = (),
        lang: str | None = None,
        max_bytes: int | None = None,
    ) -> Settings:
        """These settings with others laid over them (the command line over a file); None or
        empty means "not given". `select` replaces, `ignore`, `severity` and `packs` add,
        `fail_on`, `era`, `lang` and `max_bytes` replace."""
        return dataclasses.replace(
            self,
            select=list(select) if select is not None else self.select,
            ignore=[*self.ignore, *ignore],
            severity={**self.severity, **(severity or {})},
            fail_on=fail_on if fail_on is not None else self.fail_on,
            era=era if era is not None else self.era,
            packs=[*self.packs, *map(Path, packs)],
            lang=lang if lang is not None else self.lang,
            max_bytes=max_bytes if max_bytes is not None else self.max_bytes,
        )
