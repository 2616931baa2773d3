"""Baselines: adopt the linter on years of old reports and fail CI only on new findings.

A baseline file records a fingerprint per finding. A fingerprint must survive the edits that
happen to old reports (a paragraph added above moves every line), so it is built from what the
finding is about, never from where it is:

    rule id  +  report identity (its path)  +  finding.key, else the table cell, else the message

A baseline file names reports by their path relative to the file's own directory (when they are
under it), so the same baseline works whichever directory the linter is run from and whether
the reports are named relative or absolute.

Several findings can share that identity (the same sentence repeated). They are told apart by
their order among equals: the 2nd gets the suffix `:2`, the 3rd `:3`, ... So a baseline holding
N of them suppresses N, and an (N+1)-th is reported as new.

SARIF `partialFingerprints` and GitLab `fingerprint` use the same values, so a code-scanning
service tracks a finding across runs exactly as the baseline does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from linter.errors import PackError
from linter.findings import Finding, fingerprints, path_identity

BASELINE_VERSION = 1
_SEPARATOR = "\x1f"  # ASCII unit separator: cannot occur in a rule id, a path or a message


def write_baseline(path: Path, findings: Sequence[Finding]) -> None:
    """Write every finding of a run as the accepted state, sorted so that the file diffs well."""
    root = Path(path).parent
    entries = [
        {
            "fingerprint": fp,
            "rule": finding.rule,
            "path": path_identity(finding.path, root),
            "message": finding.message,
        }
        for finding, fp in zip(findings, fingerprints(findings, root), strict=True)
    ]
    entries.sort(key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    document = {"version": BASELINE_VERSION, "tool": "xxgk-lint", "findings": entries}

    from linter.app.outputs import write_file
    from linter.output.safe import json_dumps

    write_file(Path(path), json_dumps(document, indent=2))  # whole or not at all


@dataclass(frozen=True, slots=True)
class Baseline:
    """The fingerprints of accepted findings, read from a baseline file."""

    path: Path
    fingerprints: frozenset[str]

    def filter(self, findings: Sequence[Finding]) -> tuple[list[Finding], int]:
        """Split a run's findings: those not in the baseline (returned, in order) and the number
        suppressed because they are."""
        accepted = fingerprints(findings, self.path.parent)
        new = [f for f, fp in zip(findings, accepted, strict=True) if fp not in self.fingerprints]
        return new, len(findings) - len(new)


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; anything malformed is a PackError naming the file (and the line for
    a JSON syntax error), never a traceback."""
    import json  # on first use: most runs read no baseline

    from linter.packs.yaml_lines import check_tree, read_file, too_long

    name = str(path)
    text = read_file(path, "baseline", MAX_BASELINE_BYTES)
    try:
        document = check_tree(json.loads(text, parse_int=_short_int, parse_constant=_no_constant), name)
    except json.JSONDecodeError as exc:
        raise PackError(name, exc.lineno, f"baseline is not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise PackError(name, None, "baseline is not valid JSON: nests too deeply") from None
    except ValueError as exc:
        raise PackError(name, None, f"baseline is not valid JSON: {too_long(exc)}") from None
    if not isinstance(document, dict):
        raise PackError(name, 1, "baseline must be a JSON object with 'version' and 'findings'")
    version = document.get("version")
    if version != BASELINE_VERSION:
        reason = f"unsupported baseline version {version!r} (expected {BASELINE_VERSION})"
        raise PackError(name, None, reason)
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise PackError(name, None, "baseline 'findings' must be a list")
    return Baseline(Path(path), frozenset(_entry_fingerprints(name, entries)))


MAX_BASELINE_BYTES = 256 * 1024 * 1024  # about a million findings


def _short_int(text: str) -> int:
    if len(text) > 100:
        raise ValueError(f"a number of {len(text):,} digits")
    return int(text)


def _no_constant(text: str):
    raise ValueError(f"{text} is not JSON")


def _entry_fingerprints(name: str, entries: Iterable[object]) -> Iterable[str]:
    for index, entry in enumerate(entries):
        value = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(value, str) or not value:
            raise PackError(
                name, None, f"baseline finding #{index + 1} has no 'fingerprint' string"
            )
        yield value
