"""Which files of the paths given are linted: directories walked for reports, less what
`--exclude` and the configurations' `exclude:` name and what git ignores; everything else found
is counted as skipped.

- A file named on the command line is always linted (as in ruff: the user asked for it; a
  pre-commit hook passes the staged files by name).
- A directory is walked for reports, sorted, hidden files and folders left out. A file in a
  format reports are published in is to lint, also one that is not read (`.doc`, `.wps`, `.ofd`,
  `.xls`: linting it gives the error that says how to convert it); any other file is skipped as
  not a report. From what it holds, a run leaves out
  - the files `--exclude GLOB` matches (repeatable; relative to the working directory; a glob
    without `/` matches any one part of the path, so `--exclude 草稿` skips every 草稿 folder),
  - the files the `exclude:` of their configuration matches (relative to its directory),
  - inside a git repository, the files git ignores (.gitignore, .git/info/exclude, the global
    excludes file): asked of git itself (`git ls-files`), so its rules apply exactly. Without
    git on the machine nothing is left out for this reason.
- A directory that holds no report at all is a mistake the run reports (never a green run);
  one whose reports are all excluded is not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from linter.settings import excluded


@dataclass(slots=True)
class Found:
    reports: list[str] = field(default_factory=list)  # to lint, in order
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): not a report
    empty: list[str] = field(default_factory=list)  # directories given that hold no report


def find_reports(paths: Iterable[str], exclude: Iterable[str] = (), config_excludes: Callable[[str], bool] | None = None,
                 gitignore: bool = True) -> Found:
    """The files to lint of `paths` (see the module's docstring)."""
    from linter.read import REPORT_SUFFIXES, UNSUPPORTED

    patterns = list(exclude)
    cwd = Path.cwd()
    found = Found()
    for path in paths:
        p = Path(path)
        if path == "-" or not p.is_dir():
            found.reports.append(path)
            continue
        kept = _not_ignored(p) if gitignore else None
        reports = 0
        for child in sorted(p.rglob("*")):
            if not child.is_file() or any(part.startswith(".") for part in child.relative_to(p).parts):
                continue
            suffix = child.suffix.lower()
            if suffix not in REPORT_SUFFIXES and suffix not in UNSUPPORTED:
                found.skipped.append((str(child), f"not a report format ({suffix or 'no suffix'})"))
                continue
            reports += 1
            if kept is not None and child.resolve() not in kept:
                continue
            if patterns and excluded(_relative(child, cwd), patterns):
                continue
            if config_excludes is not None and config_excludes(str(child)):
                continue
            found.reports.append(str(child))
        if not reports:
            found.empty.append(path)
    return found


def _relative(path: Path, cwd: Path) -> str:
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _not_ignored(directory: Path) -> set[Path] | None:
    """The files under `directory` git does not ignore (tracked, or untracked and not ignored),
    or None when the directory is not in a git repository or git cannot be run."""
    git = shutil.which("git")
    if git is None or not _in_repository(directory):
        return None
    try:
        done = subprocess.run(
            [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=directory, capture_output=True, timeout=60, check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    base = directory.resolve()
    return {(base / name).resolve() for name in done.stdout.decode("utf-8", "surrogateescape").split("\0") if name}


def _in_repository(directory: Path) -> bool:
    start = directory.resolve()
    return any((candidate / ".git").exists() for candidate in (start, *start.parents))
