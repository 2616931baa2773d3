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

import hashlib
import json
import posixpath
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from linter.errors import PackError
from linter.findings import Finding

BASELINE_VERSION = 1
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
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    Path(path).write_text(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


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
    name = str(path)
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackError(name, None, f"cannot read baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise PackError(name, None, "baseline is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise PackError(name, exc.lineno, f"baseline is not valid JSON: {exc.msg}") from None
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


def _entry_fingerprints(name: str, entries: Iterable[object]) -> Iterable[str]:
    for index, entry in enumerate(entries):
        value = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(value, str) or not value:
            raise PackError(
                name, None, f"baseline finding #{index + 1} has no 'fingerprint' string"
            )
        yield value
