"""The user cache (linter/cache.py): the checked packs and the LALR tables kept between runs.
On, off, stale (a pack edited: rebuilt, its new rule seen), corrupt (garbage in an entry:
ignored, rebuilt, the same findings), unwritable (the run still lints); and the lazy imports
that keep `--version` and `--help` from paying for the linter."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_packs import GOOD_CHECK

from linter import cache
from linter.api import Settings, lint_path
from linter.engine import CONTRACTS
from linter.packs import load as pack_loading
from linter.packs.load import PackSet

REPORT = EXAMPLES / "demo-defects-2021.md"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("XXGK_LINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("XXGK_LINT_NO_CACHE", raising=False)
    return folder


def _packs(*extra) -> PackSet:
    """The packs through the user cache, past the process's own memos (as a new run loads them)."""
    getattr(pack_loading._load_packs, "cache_clear", lambda: None)()
    paths = tuple(sorted(pack_loading.packs_dir().glob("*.yaml"))) + tuple(extra)
    return pack_loading._cached_packs.__wrapped__(paths, CONTRACTS)


def _findings(packs: PackSet) -> list[tuple]:
    _analysis, findings = lint_path(str(REPORT), Settings(), packs)
    return [(f.rule, f.line, f.column, f.message) for f in findings]


def _entries(folder, kind="packs"):
    return sorted(folder.glob(f"{kind}-*.pickle")) if folder.is_dir() else []


def test_packs_are_stored_then_served_from_the_cache(cache_dir, monkeypatch):
    built = _packs()
    assert len(_entries(cache_dir)) == 1

    def not_again(*_args):
        raise AssertionError("the packs were loaded again instead of being read from the cache")

    monkeypatch.setattr(pack_loading, "_load_packs", not_again)
    served = _packs()
    assert served is not built
    assert list(served.rules) == list(built.rules)
    assert _findings(served) == _findings(built) != []


def _patterns(value, seen=None) -> list:
    """Every compiled regular expression inside a value (packs: rules, params, vocabulary)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, re.Pattern):
        return [value]
    if isinstance(value, dict):
        items = list(value.values())
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    elif hasattr(value, "__dict__"):
        items = list(vars(value).values())
    else:
        items = [getattr(value, name, None) for name in getattr(type(value), "__slots__", ())]
    return [p for item in items for p in _patterns(item, seen)]


def test_cached_regular_expressions_are_those_re_compiles(cache_dir, monkeypatch):
    _packs()
    compiled, compile_ = [], re._compiler.compile
    re.purge()  # no pattern served by re's own memo
    monkeypatch.setattr(re._compiler, "compile", lambda *a: compiled.append(a) or compile_(*a))
    served = _packs()
    monkeypatch.undo()
    patterns = _patterns(served)
    assert len(patterns) > 50 and compiled == []  # restored from their code, not compiled again
    # equal patterns have the same code; groups by name too
    assert all(p == re.compile(p.pattern, p.flags) and p.groupindex == re.compile(p.pattern, p.flags).groupindex
               for p in patterns)


def test_a_regular_expression_of_another_engine_is_compiled_from_its_source():
    code = cache.compiled_code(r"(?P<n>\d+)个", 0)
    other = (code[0] + 1, *code[1:])
    garbled = (*code[:3], [255] * len(code[3]), *code[4:])
    for stored in (other, garbled, None):
        restored = cache.restore_pattern(r"(?P<n>\d+)个", 0, stored)
        assert restored == re.compile(r"(?P<n>\d+)个") and restored.search("共12个").group("n") == "12"


def test_no_cache_reads_and_writes_nothing(cache_dir, monkeypatch):
    monkeypatch.setenv("XXGK_LINT_NO_CACHE", "1")
    assert cache.directory() is None
    packs = _packs()
    assert not cache_dir.exists()
    assert _findings(packs) != []


def test_an_edited_pack_is_rebuilt_and_its_new_rule_seen(cache_dir, tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("pack: p\n" + GOOD_CHECK, encoding="utf-8")
    assert "XG902" not in _packs(pack).rules
    second = GOOD_CHECK.split("\n", 1)[1].replace("XG901", "XG902").replace("demo-rule", "demo-rule-two")
    pack.write_text("pack: p\n" + GOOD_CHECK + second, encoding="utf-8")
    assert {"XG901", "XG902"} <= set(_packs(pack).rules)


@pytest.mark.parametrize("garbage", [b"not a pickle at all", b"\x80\x05\x95", b""])
def test_a_corrupt_entry_is_ignored_and_rebuilt(cache_dir, garbage):
    expected = _findings(_packs())
    [entry] = _entries(cache_dir)
    entry.write_bytes(garbage)
    assert _findings(_packs()) == expected
    assert entry.read_bytes() != garbage  # written again, whole
    assert isinstance(cache.load("packs", "\n".join(str(p.resolve()) for p in sorted(pack_loading.packs_dir().glob("*.yaml")))), PackSet)


def test_a_corrupt_grammar_entry_is_ignored(cache_dir):
    from linter.parse.parser import LineLexer
    from linter.resources import grammar_path

    cache.lark_parser(grammar_path("report.lark"), lexer=LineLexer)
    [entry] = _entries(cache_dir, "lark")
    entry.write_bytes(b"garbage")
    parser = cache.lark_parser(grammar_path("report.lark"), lexer=LineLexer)
    assert parser.parser is not None
    assert entry.read_bytes() != b"garbage"


def test_an_unwritable_cache_directory_still_lints(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("XXGK_LINT_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setenv("XXGK_LINT_NO_CACHE", "1")
    expected = _findings(_packs())
    monkeypatch.delenv("XXGK_LINT_NO_CACHE")
    assert _findings(_packs()) == expected
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_the_default_directory_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("XXGK_LINT_CACHE_DIR", raising=False)
    monkeypatch.delenv("XXGK_LINT_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "xxgk-lint"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / ".cache" / "xxgk-lint"


def _cache_in(folder: Path) -> dict[str, str]:
    """The environment of a process with the cache on, in `folder`, whatever the suite's own
    environment says (the suite also passes with the cache off: XXGK_LINT_NO_CACHE=1)."""
    return {"XXGK_LINT_CACHE_DIR": str(folder), "XXGK_LINT_NO_CACHE": ""}


def _run(code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          check=False, timeout=60)


_MODULES_AFTER = """
import json, sys
from linter.app.cli import main
sys.argv = ["xxgk-lint", *{args!r}]
try:
    main()
except SystemExit:
    pass
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""


def _modules_after(*args, env=None) -> set[str]:
    out = _run(_MODULES_AFTER.format(args=list(args)), env)
    line = next(line for line in out.stdout.splitlines() if line.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_do_not_import_the_linter(flag):
    modules = _modules_after(flag)
    assert "click" in modules
    assert not {"lark", "yaml", "opencc", "rich", "linter.packs", "linter.engine", "linter.analyse"} & modules


def test_check_with_the_cache_filled_does_not_read_yaml(tmp_path):
    env = _cache_in(tmp_path / "cache")
    first = _modules_after("check", str(REPORT), env=env)  # fills the cache
    assert "yaml" in first
    assert _entries(tmp_path / "cache") and _entries(tmp_path / "cache", "lark")
    assert "yaml" not in _modules_after("check", str(REPORT), env=env)


def test_no_cache_option_writes_nothing(tmp_path):
    folder = tmp_path / "cache"
    out = subprocess.run([sys.executable, "-m", "linter.app.cli", "check", "--no-cache", "--format", "concise", str(REPORT)],
                         capture_output=True, text=True, env={**os.environ, "XXGK_LINT_CACHE_DIR": str(folder)}, timeout=60,
                         check=False)
    assert out.returncode == 1 and out.stdout.count(str(REPORT)) > 1
    assert not folder.exists()


_COMPILES = """
import re, sys
from re import _compiler
compiled = []
compile_ = _compiler.compile
_compiler.compile = lambda p, flags=0: compiled.append(p) or compile_(p, flags)
from linter import cache
import linter.app.run, linter.api, linter.engine, linter.read.normalise, linter.parse.parser, linter.analyse.analysis
from linter.cache import _PATTERNS
_compiler.compile = compile_
same = all(cache.regex(s, f) == re.compile(s, f) for s, f in _PATTERNS)
print("COMPILES", len({s for s, _f in _PATTERNS} & set(compiled)), len(_PATTERNS), same)
"""


def test_the_modules_regular_expressions_come_from_the_cache(tmp_path):
    env = _cache_in(tmp_path / "cache")
    _run(_MODULES_AFTER.format(args=["check", str(REPORT)]), env)  # fills the cache
    [entry] = _entries(tmp_path / "cache", "regex")

    def compiles() -> tuple[int, int, bool]:
        line = next(line for line in _run(_COMPILES, env).stdout.splitlines() if line.startswith("COMPILES "))
        count, patterns, same = line.split()[1:]
        return int(count), int(patterns), same == "True"

    count, patterns, same = compiles()
    assert patterns > 50 and same and count == 0  # none of them compiled again
    entry.write_bytes(b"garbage")  # a corrupt entry: compiled from their sources, and stored again
    assert compiles()[0] > 50
    assert entry.read_bytes() != b"garbage"
    assert compiles()[0] == 0
