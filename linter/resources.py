"""Where the grammars and rule packs are.

Installed (`pip install .`), they are the package data `linter.grammars` and `linter.rules`
(pyproject.toml maps the top-level `grammars/` and `rules/` there). In a source checkout that
was not installed they are the repository's own folders.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=None)
def _data_dir(package: str, repo_folder: str) -> Path:
    try:
        path = Path(str(resources.files(package)))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return _REPO / repo_folder


def grammar_path(name: str) -> Path:
    return _data_dir("linter.grammars", "grammars") / name


def packs_dir() -> Path:
    return _data_dir("linter.rules", "rules")
