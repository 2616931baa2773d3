"""`gitlab`: a GitLab Code Quality report (the subset of the Code Climate issue format that
GitLab reads), for `artifacts: reports: codequality:` in `.gitlab-ci.yml`.

GitLab shows only the first issue of each fingerprint and compares fingerprints between the
source and target branch to say what a merge request introduced, so they must be unique and
stable across line moves: they are the baseline's (linter/baseline.py).
"""

from __future__ import annotations

from linter.findings import RunResult, Severity, fingerprints
from linter.output.safe import json_dumps

# GitLab's scale is info < minor < major < critical < blocker.
_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(result: RunResult) -> str:
    """A JSON array of Code Quality issues; `[]` when clean."""
    issues = [
        {
            "description": f"{finding.rule} {finding.message}",
            "check_name": finding.rule,
            "fingerprint": fp,
            "severity": _SEVERITY[finding.severity],
            "location": {"path": finding.path.replace("\\", "/"), "lines": {"begin": finding.line}},
        }
        for finding, fp in zip(result.findings, fingerprints(result.findings), strict=True)
    ]
    return json_dumps(issues, indent=2)
