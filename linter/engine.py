"""Stage 6 — rules: run the checks of the packs that apply to a report.

The engine is general: it knows check *kinds* (linter/checks.py registers them), and a pack's
check entry chooses a kind, gives it parameters and supplies the words. A kind yields `Hit`s —
where, the values for the message template, related locations — and the engine turns them into
`Finding`s with the rule's id, name, severity and messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from linter.document import Span
from linter.findings import Finding, Related, Severity
from linter.packs.model import Rule
from linter.parse.tree import Report


@dataclass(frozen=True, slots=True)
class Hit:
    span: Span
    values: dict[str, Any] = field(default_factory=dict)
    related: tuple[Related, ...] = ()
    key: str = ""  # what identifies the defect across edits (baseline fingerprints)
    table: str | None = None
    row: str | None = None
    column_label: str | None = None
    where: str | None = None


@dataclass(slots=True)
class CheckContext:
    report: Report
    data: dict[str, Any]  # the merged data of the packs that apply
    params: dict[str, Any]  # the check entry's own parameters
    memo: dict[str, Any]  # per-report cache shared by the kinds (section matching, table grids)


@dataclass(frozen=True, slots=True)
class Kind:
    run: Callable[[CheckContext], Iterable[Hit]]
    params: frozenset[str] = frozenset()


KINDS: dict[str, Kind] = {}


def kind(name: str, params: Iterable[str] = ()):
    """Register a check kind under the name packs use in `kind:`."""

    def register(fn: Callable[[CheckContext], Iterable[Hit]]):
        KINDS[name] = Kind(fn, frozenset(params))
        return fn

    return register


_FIELD = re.compile(r"\{(\w+)\}")


def format_message(template: str, values: dict[str, Any]) -> str:
    """Fill `{name}` fields; plain substitution, never attribute access or eval."""
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def selected(rule_id: str, select: Iterable[str] | None, ignore: Iterable[str]) -> bool:
    """ruff-style selection: ids or prefixes (`XG1`), `ALL`; ignore wins over select."""

    def matches(patterns: Iterable[str]) -> bool:
        return any(p == "ALL" or rule_id.startswith(p) for p in patterns)

    if select is not None and not matches(select):
        return False
    return not matches(ignore)


def run(
    report: Report,
    data: dict[str, Any],
    rules: list[Rule],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    severities: dict[str, Severity] | None = None,
) -> list[Finding]:
    import linter.checks.kinds  # noqa: F401 — registers the kinds

    memo: dict[str, Any] = {}
    findings: set[Finding] = set()
    for rule in rules:
        if not selected(rule.id, select, ignore):
            continue
        severity = (severities or {}).get(rule.id, rule.severity)
        ctx = CheckContext(report, data, rule.params, memo)
        for hit in KINDS[rule.kind].run(ctx):
            findings.add(
                Finding(
                    path=report.path,
                    span=hit.span,
                    rule=rule.id,
                    name=rule.name,
                    severity=severity,
                    message=format_message(rule.message, hit.values),
                    message_en=format_message(rule.message_en, hit.values),
                    related=hit.related,
                    where=hit.where,
                    table=hit.table,
                    row=hit.row,
                    column_label=hit.column_label,
                    key=hit.key,
                )
            )
    return sorted(findings, key=Finding.sort_key)
