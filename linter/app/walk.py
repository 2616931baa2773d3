"""Which files a run lints: the paths given, with directories walked for reports, less what
`--exclude` and the configurations' `exclude:` name and what git ignores.

- A file named on the command line is always linted (as in ruff: the user asked for it; a
  pre-commit hook passes the staged files by name).
- A directory is walked for reports (.txt .md .html .htm .shtml .docx), sorted, hidden folders
  skipped; from what it holds, a run leaves out
  - the files `--exclude GLOB` matches (repeatable; relative to the working directory; a glob
    without `/` matches any one part of the path, so `--exclude 草稿` skips every 草稿 folder),
  - the files the `exclude:` of their configuration matches (relative to its directory),
  - inside a git repository, the files git ignores (.gitignore, .git/info/exclude, the global
    excludes file): asked of git itself (`git ls-files`), so its rules apply exactly. Without
    git on the machine nothing is skipped for this reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from linter.settings import excluded


def expand(paths: Iterable[str], exclude: Iterable[str] = (), config_excludes: Callable[[str], bool] | None = None,
           gitignore: bool = True) -> Iterator[str]:
    """The reports to lint, in order: each path given, a directory replaced by the reports it
    holds less the excluded and ignored ones."""
    from linter.read import REPORT_SUFFIXES

    patterns = list(exclude)
    cwd = Path.cwd()
    for path in paths:
        p = Path(path)
        if path == "-" or not p.is_dir():
            yield path
            continue
        kept = _not_ignored(p) if gitignore else None
        for child in sorted(p.rglob("*")):
            if not child.is_file() or child.suffix.lower() not in REPORT_SUFFIXES:
                continue
            if any(part.startswith(".") for part in child.relative_to(p).parts):
                continue
            if kept is not None and child.resolve() not in kept:
                continue
            if patterns and excluded(_relative(child, cwd), patterns):
                continue
            if config_excludes is not None and config_excludes(str(child)):
                continue
            yield str(child)


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
