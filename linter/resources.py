"""Where the grammars and the rule packs are, in a checkout or installed.

They live at the top of the repository (grammars/, rules/) so that reviewers find them, and are
installed inside the package as `linter.grammars` / `linter.packs` (pyproject.toml, package-dir).
Code asks here instead of building paths from `__file__`, so both layouts work.
"""

from __future__ import annotations

from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.abc.Traversable is deprecated from 3.12; only needed for hints
    from importlib.resources.abc import Traversable

_CHECKOUT = Path(__file__).resolve().parent.parent


def _folder(package: str, checkout_folder: str) -> Traversable:
    """The installed package's files when it exists, else the checkout's folder."""
    if find_spec(package) is not None:
        return resources.files(package)
    return _CHECKOUT / checkout_folder


def grammar_path(name: str) -> Traversable:
    """A grammar file, e.g. grammar_path("expr.lark"); read it with .read_text(encoding="utf-8")."""
    return _folder("linter.grammars", "grammars") / name


def packs_dir() -> Traversable:
    """The folder of the built-in rule packs (*.yaml)."""
    return _folder("linter.packs", "rules")
