"""`github`: GitHub Actions workflow commands, which the runner turns into annotations on the
pull request's diff (`::error file=...,line=...::message`).

The runner parses these lines itself, so values are escaped as its toolkit does
(actions/toolkit `command.ts`): in the message `%`, CR and LF; in a property value also `:` and
`,`, which would otherwise end the value.
"""

from __future__ import annotations

from linter.findings import Finding, RunResult, Severity
from linter.output.safe import text as safe

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command (and every character that must not reach
    the log as itself, output/safe.py)."""
    return safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file, title) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(finding: Finding) -> str:
    span = finding.span
    end_line = max(span.end_line, span.line)
    # A range never ends before it starts, whatever a check computed.
    end_column = span.end_column if end_line > span.line else max(span.end_column, span.column)
    properties = {
        "file": finding.path.replace("\\", "/"),
        "line": span.line,
        "col": span.column,
        "endLine": end_line,
        "endColumn": end_column,
        "title": f"{finding.rule} {finding.name}",
    }
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{_COMMAND[finding.severity]} {props}::{escape_data(finding.message)}"


def render(result: RunResult) -> str:
    """One workflow command per finding; the empty string when clean."""
    return "\n".join(_command(f) for f in result.findings)
