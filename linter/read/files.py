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
- Anything that cannot be linted is an error of its own, said before the first report is read,
  and the rest is still linted: a named pipe, a device or a socket (reading a pipe would wait
  for ever), a symbolic link that loops or leads nowhere, a directory that cannot be read. A
  directory linked back into one being walked is not walked again.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from linter.errors import InputError
from linter.settings import excluded


@dataclass(slots=True)
class Found:
    reports: list[str] = field(default_factory=list)  # to lint, in order
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): not a report
    errors: list[InputError] = field(default_factory=list)  # paths that cannot be linted, said before any is


_KINDS = (  # what a path is when it is neither a file nor a directory: (test, English, Chinese)
    (stat.S_ISFIFO, "a named pipe (FIFO)", "命名管道（FIFO）"),
    (stat.S_ISCHR, "a character device", "字符设备"),
    (stat.S_ISBLK, "a block device", "块设备"),
    (stat.S_ISSOCK, "a socket", "套接字"),
)


def find_reports(paths: Iterable[str], exclude: Iterable[str] = (), config_excludes: Callable[[str], bool] | None = None,
                 gitignore: bool = True) -> Found:
    """The files to lint of `paths` (see the module's docstring). Every path is classified
    before anything is read: a regular file is linted, a directory walked (a directory linked
    back into itself is walked once), anything else — a named pipe, a device, a socket, a
    symbolic link that loops or leads nowhere, a directory that cannot be read — is an error
    of its own, and the other paths are still linted."""
    walk = _Walk(list(exclude), config_excludes, gitignore)
    for path in paths:
        if path == "-":
            walk.found.reports.append(path)
            continue
        info = _stat(path)
        if isinstance(info, InputError):
            walk.found.errors.append(info)
        elif info is None or stat.S_ISREG(info.st_mode):  # missing or unreadable: reading it says so
            walk.found.reports.append(path)
        elif stat.S_ISDIR(info.st_mode):
            walk.directory(Path(path))
        else:
            walk.found.errors.append(_not_a_file(path, info))
    return walk.found


def _stat(path: str) -> os.stat_result | InputError | None:
    """The path's status, following links; an InputError for a link that loops or leads
    nowhere; None when it does not exist or cannot be looked at (reading it reports that)."""
    try:
        return os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return InputError(path, "symbolic link loop", "符号链接循环")
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return InputError(path, "symbolic link to nothing (its target does not exist)", "符号链接指向的文件不存在")
        return None


def _not_a_file(path: str, info: os.stat_result) -> InputError:
    for test, en, zh in _KINDS:
        if test(info.st_mode):
            return InputError(path, f"is {en}, not a file", f"是{zh}，不是普通文件")
    return InputError(path, "is not a regular file", "不是普通文件")


class _Walk:
    def __init__(self, exclude: list[str], config_excludes, gitignore: bool):
        from linter.read import REPORT_SUFFIXES, UNSUPPORTED

        self.suffixes = set(REPORT_SUFFIXES) | set(UNSUPPORTED)
        self.exclude, self.config_excludes, self.gitignore = exclude, config_excludes, gitignore
        self.cwd = Path.cwd()
        self.found = Found()

    def directory(self, top: Path) -> None:
        kept = _not_ignored(top) if self.gitignore else None
        before = (len(self.found.reports), len(self.found.errors))
        candidates = self._walk(top, top, kept, set())
        if not candidates and (len(self.found.reports), len(self.found.errors)) == before:
            from linter.read import REPORT_SUFFIXES

            listed = " ".join(REPORT_SUFFIXES)
            self.found.errors.append(InputError(str(top), f"no report files in this directory ({listed})",
                                                f"没有可检查的报告文件（{listed}）"))

    def _walk(self, top: Path, folder: Path, kept: set[Path] | None, seen: set[tuple[int, int]]) -> int:
        """Walk `folder` (sorted, hidden entries left out); returns the reports found in it,
        excluded ones included (a folder whose reports are all excluded is not empty)."""
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                return 0  # linked back into a directory being walked
            seen = seen | {(info.st_dev, info.st_ino)}
            with os.scandir(folder) as entries:
                names = sorted(entries, key=lambda e: e.name)
        except PermissionError:
            self.found.errors.append(InputError(str(folder), "directory cannot be read (permission denied)", "目录没有读取权限"))
            return 0
        except OSError as exc:
            self.found.errors.append(InputError(str(folder), f"directory cannot be read: {exc.strerror or exc}",
                                                f"目录无法读取：{exc.strerror or exc}"))
            return 0
        count = 0
        for entry in names:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            info = _stat(entry.path)
            suffix = path.suffix.lower()
            if isinstance(info, InputError) or info is None:
                if suffix in self.suffixes:
                    self.found.errors.append(info or InputError(entry.path, "cannot be looked at", "无法访问"))
                    count += 1
                else:
                    self.found.skipped.append((entry.path, "not a report format, and a link to nothing"))
                continue
            if stat.S_ISDIR(info.st_mode):
                count += self._walk(top, path, kept, seen)
                continue
            if suffix not in self.suffixes:
                self.found.skipped.append((entry.path, f"not a report format ({suffix or 'no suffix'})"))
                continue
            count += 1
            if not stat.S_ISREG(info.st_mode):
                self.found.errors.append(_not_a_file(entry.path, info))
            elif not self._left_out(path, kept):
                self.found.reports.append(entry.path)
        return count

    def _left_out(self, path: Path, kept: set[Path] | None) -> bool:
        """Ignored by git, or excluded by --exclude or the configuration's `exclude:`."""
        if kept is not None and path.resolve() not in kept:
            return True
        if self.exclude and excluded(_relative(path, self.cwd), self.exclude):
            return True
        return self.config_excludes is not None and self.config_excludes(str(path))


def _relative(path: Path, cwd: Path) -> str:
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _not_ignored(directory: Path) -> set[Path] | None:
    """The files under `directory` git does not ignore (tracked, or untracked and not ignored),
    or None when the directory is not in a git repository or git cannot be run."""
    import shutil
    import subprocess  # on first use: a run on files alone never starts git

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
