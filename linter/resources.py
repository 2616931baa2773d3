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


DOCS_PAGE = "docs/rules.md"  # the rule reference, in the repository (generated from the packs)


def docs_base() -> str | None:
    """Where the repository's documents are published, when known: `XXGK_LINT_DOCS_URL` (an
    office that hosts its copy sets it once), else the package's `Documentation` URL."""
    import os

    base = os.environ.get("XXGK_LINT_DOCS_URL", "").strip()
    if not base:
        try:
            from importlib.metadata import metadata

            urls = metadata("xxgk-lint").get_all("Project-URL") or []
            base = next((u.split(",", 1)[1].strip() for u in urls if u.lower().startswith("documentation,")), "")
        except Exception:  # not installed: a checkout run with PYTHONPATH
            base = ""
    return base.rstrip("/") or None


def rule_docs(rule_id: str, name: str) -> str:
    """A rule's stable documentation: its anchor in docs/rules.md, as an absolute URL when the
    documents' base is known (`docs_base`), else as the path in the repository."""
    anchor = f"{rule_id}-{name}".lower()
    base = docs_base()
    return f"{base}/{DOCS_PAGE}#{anchor}" if base else f"{DOCS_PAGE}#{anchor}"
