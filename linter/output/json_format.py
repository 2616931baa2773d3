"""`json`: the stable list form of the findings (`Finding.to_dict`, design.md §3), UTF-8 text
kept readable (`ensure_ascii=False`) because the messages are Chinese."""

from __future__ import annotations

from linter.findings import RunResult
from linter.output.safe import json_dumps


def render(result: RunResult) -> str:
    """A JSON array of finding objects; `[]` when clean."""
    return json_dumps([{**f.to_dict(), "path": f.path.replace("\\", "/")} for f in result.findings], indent=2)
