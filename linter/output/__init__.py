"""Stage — output: findings -> text (rich, with a code frame) or machine formats.

Each format module has `render(result: RunResult) -> str`; the text format writes to a rich
console instead so that it can colour. Findings arrive sorted (path, line, column, rule).
"""

from __future__ import annotations

FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "junit", "html")


def render(fmt: str, result) -> str:
    """Render `result` (a RunResult) in a machine format, imported lazily."""
    import importlib

    module = importlib.import_module(f".{'json_format' if fmt == 'json' else fmt}", __name__)
    return module.render(result)
