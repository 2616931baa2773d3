"""`concise`: one line per finding, `path:line:col: RULE [severity] message`, for grep and editors
that jump to `file:line:col`. Nothing else is printed, so a clean run prints nothing; a line break
inside a message becomes a space so that each finding stays one line."""

from __future__ import annotations

from linter.findings import Finding, RunResult
from linter.output.safe import line


def _line(finding: Finding) -> str:
    path = line(finding.path.replace("\\", "/"))
    message = line(" ".join(finding.message.splitlines()))
    severity = finding.severity.value
    return f"{path}:{finding.line}:{finding.column}: {finding.rule} [{severity}] {message}"


def render(result: RunResult) -> str:
    """The findings one per line, without a trailing newline; the empty string when clean."""
    return "\n".join(_line(f) for f in result.findings)
