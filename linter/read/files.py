"""Which files of the paths given are linted: directories walked for reports, everything else
counted as skipped."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def find_reports(paths: Iterable[str]) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Expand directories: (the files to lint, the files skipped with why, the directories that
    hold no report at all). In a directory, a file in a format reports are published in is to
    lint, also one that is not read (`.doc`, `.wps`, `.ofd`, `.xls`: linting it gives the error
    that says how to convert it); any other file is skipped as not a report. Hidden files and
    folders are left out. A path that is not a directory is linted as given."""
    from linter.read import REPORT_SUFFIXES, UNSUPPORTED

    reports: list[str] = []
    skipped: list[tuple[str, str]] = []
    empty: list[str] = []
    for path in paths:
        p = Path(path)
        if path == "-" or not p.is_dir():
            reports.append(path)
            continue
        found = 0
        for child in sorted(p.rglob("*")):
            if not child.is_file() or any(part.startswith(".") for part in child.relative_to(p).parts):
                continue
            suffix = child.suffix.lower()
            if suffix in REPORT_SUFFIXES or suffix in UNSUPPORTED:
                reports.append(str(child))
                found += 1
            else:
                skipped.append((str(child), f"not a report format ({suffix or 'no suffix'})"))
        if not found:
            empty.append(path)
    return reports, skipped, empty
