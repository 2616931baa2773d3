"""Where the grammars and rule packs are.

Installed (`pip install .`), they are the package data `linter/grammars` and `linter/rules`
(pyproject.toml maps the top-level `grammars/` and `rules/` there). In a source checkout that
was not installed they are the repository's own folders, beside the package.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def _data_dir(name: str) -> Path:
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def grammar_path(name: str) -> Path:
    return _data_dir("grammars") / name


def packs_dir() -> Path:
    return _data_dir("rules")
