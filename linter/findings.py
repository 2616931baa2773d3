"""What the engine produces and every output format consumes: findings and their severity."""

from __future__ import annotations

import hashlib
import posixpath
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from linter.document import DocLine, Span
from linter.resources import rule_docs

if TYPE_CHECKING:
    from .packs.model import Rule


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def label(self, lang: str) -> str:
        """The severity as the text output names it (the machine formats keep the id)."""
        return self.value if lang == "en" else _SEVERITY_ZH[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_SEVERITY_ZH = {Severity.INFO: "提示", Severity.WARNING: "警告", Severity.ERROR: "错误"}

@dataclass(slots=True, unsafe_hash=True)
class Related:
    """A location that explains a finding: a contributing cell, the sentence it conflicts with.

    A value: never assigned to once made. Not a frozen dataclass all the same, as Span is not
    (linter/document.py): a frozen one's __init__ sets each field through object.__setattr__,
    and a report's findings have tens of related locations; unsafe_hash gives the hash a frozen
    one has (findings are kept in sets)."""

    span: Span
    message: str  # Chinese
    where: str | None = None
    message_en: str = ""
    page: int | None = None  # PDF: the page and the line on it (DocLine.page, page_line)
    page_line: int | None = None
    path: str | None = None  # another report (a finding across years); None = the finding's own

    def __reduce__(self):
        """Pickled as its fields, the span as its four numbers (see `Finding.__reduce__`)."""
        span = self.span
        return _related, (span.line, span.column, span.end_line, span.end_column, self.message, self.where,
                          self.message_en, self.page, self.page_line, self.path)


def _related(line, column, end_line, end_column, *fields) -> Related:
    return Related(Span(line, column, end_line, end_column), *fields)


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    span: Span
    rule: str  # e.g. "XG101"
    name: str  # kebab-case, e.g. "missing-section"
    severity: Severity
    message: str  # Chinese
    message_en: str
    related: tuple[Related, ...] = ()
    where: str | None = None
    # For findings about a table cell: the official labels, for JSON/SARIF and fingerprints.
    table: str | None = None
    row: str | None = None
    column_label: str | None = None
    # What identifies this finding across edits that move lines (baseline fingerprints).
    key: str = ""
    # Its place among the findings of its rule in document order (a tie-breaker for sorting).
    seq: int = field(default=0, compare=False, hash=False)
    # PDF: the page and the line on that page as a person counts it (`on_pages`); `line` stays
    # the line of the document text, so that `path:line:col` means the same in every format.
    page: int | None = None
    page_line: int | None = None
    # For a failed identity: the value the reported cell would need for it to hold (the review
    # page shows it on the cell beside the reported one). Not part of the JSON form.
    expected: str | None = None

    def __reduce__(self):
        """Pickled as its fields, the span as its four numbers: a worker sends the findings of
        every report to the parent, and a dataclass with slots pickles through a call of Python
        code per object, its span and each related location included (2.5x the time)."""
        span = self.span
        return _finding, (span.line, span.column, span.end_line, span.end_column, self.path, self.rule, self.name,
                          self.severity, self.message, self.message_en, self.related, self.where, self.table,
                          self.row, self.column_label, self.key, self.seq, self.page, self.page_line, self.expected)

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple:
        """Path, position, rule, then the order in which the rule found them (一、二、三 of
        the sections, the cells of a row): never the Unicode order of the messages."""
        return (self.path, self.span.line, self.span.column, self.rule, self.seq)

    def cell_labels(self) -> dict[str, str]:
        """The official labels of the table cell a finding is about: `table`, and `row` and
        `column` when the finding is about one row, column or cell (JSON `cell`, SARIF
        properties). `column` here is the label; the top-level `column` is the position."""
        labels = {"table": self.table, "row": self.row, "column": self.column_label}
        return {k: v for k, v in labels.items() if v}

    def to_dict(self) -> dict:
        """The stable JSON form (design.md §3)."""
        data = {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "message_en": self.message_en,
        }
        if self.page is not None:
            data["page"] = self.page
            data["page_line"] = self.page_line
        if self.where:
            data["where"] = self.where
        if self.table:
            data["cell"] = self.cell_labels()
        data["docs"] = rule_docs(self.rule, self.name)
        data["related"] = [
            {
                "line": r.span.line,
                "column": r.span.column,
                "end_line": r.span.end_line,
                "end_column": r.span.end_column,
                "message": r.message,
                **({"page": r.page, "page_line": r.page_line} if r.page is not None else {}),
                **({"where": r.where} if r.where else {}),
                **({"path": r.path.replace("\\", "/")} if r.path else {}),
            }
            for r in self.related
        ]
        return data


def _finding(line, column, end_line, end_column, path, *fields) -> Finding:
    return Finding(path, Span(line, column, end_line, end_column), *fields)


def on_pages(findings: list[Finding], lines: list[DocLine]) -> list[Finding]:
    """The findings with the page and the line on the page of their line, for documents read
    from PDF (DocLine.page); a finding without a `where` of its own (a cell's) gets
    `第3页第12行`. Other findings are returned as they are."""
    pages = {line.line: (line.page, line.page_line) for line in lines if line.page is not None}
    if not pages:
        return findings

    def place(item, span: Span):
        found = pages.get(span.line)
        if found is None:
            return item
        page, page_line = found
        return replace(item, page=page, page_line=page_line, where=item.where or f"第{page}页第{page_line}行")

    return [
        replace(place(f, f.span), related=tuple(place(r, r.span) for r in f.related))
        for f in findings
    ]


@dataclass(slots=True)
class RunResult:
    """Everything an output format may need about one run."""

    findings: list[Finding]
    rules: dict[str, Rule]  # every rule known to the run, by id
    paths: list[str]  # every report linted, in order, including clean ones
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) of unreadable inputs


# ---------------------------------------------------------------------------------------------
# What identifies a finding across edits (baselines, SARIF partialFingerprints, GitLab)
#
# A fingerprint must survive the edits that happen to old reports (a paragraph added above
# moves every line), so it is built from what the finding is about, never from where it is:
# rule id + report identity (its path) + finding.key, else the table cell, else the message.

_SEPARATOR = "\x1f"  # ASCII unit separator: cannot occur in a rule id, a path or a message


def path_identity(path: str, root: Path | None = None) -> str:
    """The identity of a report for fingerprints: its path with forward slashes and without
    `./` or `a/../`, so that the same file named two ways on two platforms agrees. With `root`,
    a report under that directory is named relative to it."""
    if root is not None:
        try:
            return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
        except (ValueError, OSError):  # outside root: named as given
            pass
    return posixpath.normpath(path.replace("\\", "/"))


def _normalise_message(message: str) -> str:
    # NFKC folds full-width digits and punctuation; whitespace differences are not a new finding.
    return " ".join(unicodedata.normalize("NFKC", message).split())


def fingerprint(
    finding: Finding, report_identity: str | None = None, root: Path | None = None
) -> str:
    """The line-independent fingerprint of one finding (sha256, hex), without the occurrence
    suffix; use `fingerprints()` for a whole run.

    `report_identity` replaces the path when the caller knows something steadier (for example
    the report's title and year); by default the normalised path is used, relative to `root`
    when given.
    """
    if report_identity is not None:
        identity = report_identity
    else:
        identity = path_identity(finding.path, root)
    if finding.key:
        what = ("key", finding.key)
    elif finding.table:
        what = ("cell", finding.table, finding.row or "", finding.column_label or "")
    else:
        what = ("message", _normalise_message(finding.message))
    text = _SEPARATOR.join((finding.rule, identity, *what))
    try:
        data = text.encode("utf-8", "surrogateescape")  # a file name's non-UTF-8 byte as itself
    except UnicodeEncodeError:  # another lone surrogate (not from a file name)
        data = text.encode("utf-8", "backslashreplace")
    return hashlib.sha256(data).hexdigest()


def fingerprints(findings: Sequence[Finding], root: Path | None = None) -> list[str]:
    """Fingerprints of a run's findings, in their order, with `:N` on the N-th of equal ones.

    Findings must be in their usual sorted order, so that "the 2nd one" means the same finding
    in the run that wrote the baseline and in the run that reads it.
    """
    seen: Counter[str] = Counter()
    result = []
    for finding in findings:
        base = fingerprint(finding, root=root)
        seen[base] += 1
        result.append(base if seen[base] == 1 else f"{base}:{seen[base]}")
    return result
