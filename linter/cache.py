"""The user cache: what every run would otherwise rebuild (the checked rule packs, the report
grammar's LALR tables), kept between runs so a pre-commit hook starts in a fraction of the time.

Where: `XXGK_LINT_CACHE_DIR` when set, else `$XDG_CACHE_HOME/xxgk-lint`, else
`~/.cache/xxgk-lint`. Off: `XXGK_LINT_NO_CACHE=1` (or `xxgk-lint check --no-cache`, which sets
it for the run and its workers): nothing is read or written there.

An entry is named by a key made of the linter's and Python's versions, the size and time of
each of the linter's own source files (a changed checkout is a new key) and what the caller adds
(the pack files' paths; lark's version for grammar tables);
it records the files it was built from with the SHA-256 of their contents, and is used only
when every one of them still has that hash (an edited pack is rebuilt, never served stale).
An entry that cannot be read (truncated, garbage, another Python's) is ignored and rebuilt;
entries are written to a temporary file and renamed into place (no reader sees half of one);
a cache directory that cannot be created or written only costs the time: never an error.

The entries are pickles; the directory is the user's own (created 0700), like pip's cache.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

FORMAT = 1  # bumped when the layout of an entry changes


_REFUSED = False  # the cache was off at some point of this run (--no-cache): nothing written at exit


def disabled() -> bool:
    global _REFUSED
    off = os.environ.get("XXGK_LINT_NO_CACHE", "").strip() not in ("", "0")
    _REFUSED = _REFUSED or off
    return off


def directory() -> Path | None:
    """The cache directory (not created), or None when the cache is off."""
    if disabled():
        return None
    chosen = os.environ.get("XXGK_LINT_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "xxgk-lint"


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """The version, Python's version and the size and mtime of every source file of the
    package: a checkout whose code changed gets new keys (an installed release changes its
    version)."""
    from linter import __version__

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{FORMAT}:{__version__}:{sys.version_info[:2]}".encode())
    stack = [str(package)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir() and entry.name != "__pycache__":
                    stack.append(entry.path)
                elif entry.name.endswith((".py", ".lark")):
                    st = entry.stat()
                    digest.update(f"{entry.path}:{st.st_size}:{st.st_mtime_ns};".encode())
    return digest.hexdigest()[:20]


def file_hash(path: Path | str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def entry_path(kind: str, key: str) -> Path | None:
    """The file of an entry (kind: a short name), or None when the cache is off."""
    folder = directory()
    if folder is None:
        return None
    name = hashlib.sha256(f"{_code_stamp()}:{key}".encode()).hexdigest()[:24]
    return folder / f"{kind}-{name}.pickle"


def load(kind: str, key: str) -> Any | None:
    """The value stored under (kind, key) when every file it was built from is unchanged; else
    None (also for a missing, unreadable or corrupt entry)."""
    path = entry_path(kind, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            stored = pickle.load(f)
        fmt, sources, value = stored
        if fmt != FORMAT or any(file_hash(p) != h for p, h in sources):
            return None
        return value
    except Exception:  # missing, truncated, garbage, made by other code: rebuilt by the caller
        return None


def store(kind: str, key: str, value: Any, sources: list[Path | str]) -> None:
    """Keep `value`, built from the files `sources`, under (kind, key); atomically, and
    silently not at all when the cache is off or cannot be written."""
    path = entry_path(kind, key)
    if path is None:
        return
    try:
        hashes = [(str(p), file_hash(p)) for p in sources]
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _DISPATCH
        pickler.dump((FORMAT, hashes, value))
        write_atomic(path, buffer.getvalue())
    except Exception:  # unwritable, full, not picklable: the run goes on without the cache
        return


def _reduce_pattern(pattern: re.Pattern):
    """A compiled regular expression pickled with its compiled code, not only its source: the
    packs' ~80 expressions would otherwise be parsed and compiled again every time the cache is
    read (about 13 ms of a run on one report)."""
    return restore_pattern, (pattern.pattern, pattern.flags, compiled_code(pattern.pattern, pattern.flags))


def compiled_code(source: str | bytes, flags: int) -> tuple | None:
    """What re.compile gives the regular expression engine for (source, flags), with the
    engine's version and Python's; None where this Python's re does not work so."""
    try:
        from re import _compiler, _constants, _parser

        parsed = _parser.parse(source, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        return (_constants.MAGIC, sys.version_info[:3], flags | parsed.state.flags, [int(op) for op in code],
                parsed.state.groups - 1, groupindex, tuple(indexgroup))
    except Exception:
        return None


def restore_pattern(source: str | bytes, flags: int, code: tuple | None) -> re.Pattern:
    """The compiled regular expression (source, flags) from its pickled code: the same
    re.Pattern as re.compile(source, flags) (they compare equal: same code), without parsing
    and compiling it again. The engine checks the code it is given; code of another engine or
    Python version, or any problem, and it is compiled from its source."""
    restored = _restored(source, code) if code is not None else None
    return restored if restored is not None else re.compile(source, flags)


def _restored(source: str | bytes, code: tuple) -> re.Pattern | None:
    try:
        import _sre
        from re import _constants

        magic, version, all_flags, program, groups, groupindex, indexgroup = code
        if magic == _constants.MAGIC and tuple(version) == sys.version_info[:3]:
            return _sre.compile(source, all_flags, program, groups, groupindex, indexgroup)
    except Exception:
        pass
    return None


_DISPATCH = {**copyreg.dispatch_table, re.Pattern: _reduce_pattern}

# The regular expressions the linter's modules compile when imported (about a hundred): their
# code kept in the cache, (source, flags) -> compiled_code(), read on the first and written at
# the end of a run that compiled one it did not have. What is written is what this run asked
# for (_USED), not everything ever stored: an expression made from data that differs from run
# to run would otherwise make the entry grow with every run, and every start read it all.
_PATTERNS: dict[tuple[str, int], tuple] | None = None
_USED: set[tuple[str, int]] = set()
_ADDED = False


def regex(source: str, flags: int = 0) -> re.Pattern:
    """re.compile(source, flags), from its code in the cache when it is there (see
    restore_pattern): for the expressions of the modules, compiled at every start."""
    global _PATTERNS, _ADDED
    if _PATTERNS is None:
        stored = None if disabled() else load("regex", "modules")
        _PATTERNS = stored if isinstance(stored, dict) else {}
    key = (source, flags)
    _USED.add(key)
    code = _PATTERNS.get(key)
    if code is not None:
        pattern = _restored(source, code)
        if pattern is not None:
            return pattern
    pattern = re.compile(source, flags)
    made = compiled_code(source, flags)
    if made is not None:
        _PATTERNS[key] = made
        if not _ADDED:
            import atexit

            _ADDED = True
            atexit.register(_store_patterns)
    return pattern


def _store_patterns() -> None:
    if _PATTERNS and not _REFUSED and not disabled():
        store("regex", "modules", {key: code for key, code in _PATTERNS.items() if key in _USED}, [])


def write_atomic(path: Path, data: bytes) -> None:
    import tempfile

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def lark_parser(grammar: Path, **options):
    """A LALR parser for the grammar file, its tables from the cache when the file is
    unchanged (lark's own save/load), else built and stored."""
    import io

    from lark import Lark
    from lark import __version__ as lark_version

    key = f"lark {lark_version}:{grammar.resolve()}:{sorted(options.items(), key=lambda kv: kv[0])!r}"
    saved = load("lark", key)
    if isinstance(saved, bytes):
        try:
            return Lark.load(io.BytesIO(saved))
        except Exception:  # written by another lark: built again below
            pass
    parser = Lark(grammar.read_text(encoding="utf-8"), parser="lalr", **options)
    if directory() is not None:
        data = io.BytesIO()
        parser.save(data)
        store("lark", key, data.getvalue(), [grammar])
    return parser
