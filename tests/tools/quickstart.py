"""Print the README's quick-start commands, one a line, as a user pastes them (.ci/run runs them)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def commands(text: str) -> list[str]:
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


if __name__ == "__main__":
    print("\n".join(commands(README.read_text(encoding="utf-8"))))
    sys.exit(0)
