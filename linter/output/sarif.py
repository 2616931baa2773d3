"""`sarif`: SARIF 2.1.0, the format of GitHub code scanning and most analysis dashboards.

One run. The driver lists every rule of the run, used or not, so a dashboard can show what was
checked; each result points at its rule by id and index. Choices that a reader may wonder about:

- `columnKind` is `unicodeCodePoints`: our columns count characters, and SARIF's default
  (UTF-16 code units) would be wrong after any character outside the BMP.
- A relative path becomes a percent-encoded URI against `%SRCROOT%` (`年报 1.txt` →
  `%E5%B9%B4%E6%8A%A5%201.txt`), since a SARIF `uri` must be a valid URI reference; an absolute
  path becomes a `file:` URI.
- `partialFingerprints` are the baseline's (linter/baseline.py), so the service tracks a finding
  across line moves the same way `--baseline` does.
- Inputs that could not be read are `toolExecutionNotifications` of the invocation.
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from linter import __version__
from linter.document import Span
from linter.findings import Finding, Related, RunResult, Severity, fingerprints
from linter.output.safe import json_dumps
from linter.packs.model import Rule
from linter.resources import docs_base, rule_docs

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "xxgkLintFingerprint/v1"
SRCROOT = "%SRCROOT%"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: str) -> dict:
    """The SARIF artifactLocation of a report path as the user gave it."""
    windows = PureWindowsPath(path)
    if windows.is_absolute():
        try:
            return {"uri": windows.as_uri()}
        except UnicodeEncodeError:  # a byte that is not UTF-8 (a POSIX name that looks like C:\…)
            return {"uri": "file:///" + quote(windows.as_posix(), safe="/:", errors="surrogateescape")}
    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return {"uri": PurePosixPath(posix).as_uri()}
    return {"uri": quote(posix, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}  # a non-UTF-8 byte: %FF


def _region(span: Span) -> dict:
    end_line = max(span.end_line, span.line)
    # A range never ends before it starts, whatever a check computed.
    end_column = span.end_column if end_line > span.line else max(span.end_column, span.column)
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": end_line,
        "endColumn": end_column,
    }


def _physical(path: str, span: Span) -> dict:
    return {
        "physicalLocation": {"artifactLocation": artifact_location(path), "region": _region(span)}
    }


def _descriptor(rule: Rule) -> dict:
    help_text = "\n\n".join(
        part for part in (rule.docs, f"依据 / Basis: {rule.basis}" if rule.basis else "") if part
    )
    descriptor = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.message_en},
        "fullDescription": {"text": rule.message},
        "help": {"text": help_text or rule.message, "markdown": help_text or rule.message},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"message": rule.message, "basis": rule.basis, "pack": rule.pack,
                       "docs": rule_docs(rule.id, rule.name)},
    }
    url = rule_docs(rule.id, rule.name)
    if url.startswith(("https://", "http://")):  # a SARIF helpUri is absolute: only when the docs are published
        descriptor["helpUri"] = url
    return descriptor


def _related(index: int, path: str, related: Related) -> dict:
    location = {"id": index, **_physical(related.path or path, related.span), "message": {"text": related.message}}
    properties = {}
    if related.page is not None:
        properties |= {"page": related.page, "page_line": related.page_line}
    if related.where:
        properties["where"] = related.where
    if properties:
        location["properties"] = properties
    return location


def _result(finding: Finding, rule_index: dict[str, int], fingerprint: str) -> dict:
    properties = {"name": finding.name, "message_en": finding.message_en}
    if finding.page is not None:  # a PDF: the page and the line on it; `region` is the document text's
        properties |= {"page": finding.page, "page_line": finding.page_line}
    if finding.where:
        properties["where"] = finding.where
    if finding.table:
        properties["cell"] = finding.cell_labels()
    result: dict = {"ruleId": finding.rule}
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    result |= {
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_physical(finding.path, finding.span)],
    }
    if finding.related:
        result["relatedLocations"] = [
            _related(i, finding.path, r) for i, r in enumerate(finding.related, 1)
        ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    result["properties"] = properties
    return result


def _invocation(result: RunResult) -> dict:
    return {
        "executionSuccessful": not result.errors,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": reason},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
            }
            for path, reason in result.errors
        ],
    }


def render(result: RunResult) -> str:
    """A SARIF log with one run; its `results` are empty when clean."""
    rules = [result.rules[rule_id] for rule_id in sorted(result.rules)]
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "xxgk-lint",
                "version": __version__,
                **({"informationUri": f"{docs_base()}/README.md"} if docs_base() else {}),
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "invocations": [_invocation(result)],
        "artifacts": [
            {"location": artifact_location(path), "roles": ["analysisTarget"]}
            for path in result.paths
        ],
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(finding, rule_index, fp)
            for finding, fp in zip(result.findings, fingerprints(result.findings), strict=True)
        ],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_dumps(log, indent=2)
