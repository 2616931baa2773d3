"""Snapshot of everything the linter prints, for refactors that must not change behaviour.

    python tests/tools/snapshot_outputs.py OUT_DIR [--shared ../shared]

Runs `xxgk-lint check` in process (click's runner) on every example, test fixture, and the
shared seeds, corpus and cases, in every output format and both languages, plus `rules` (all
formats) and `explain` of every rule, and writes one file per run into OUT_DIR. Compare two
snapshots with `diff -r`: a refactor that keeps behaviour gives no difference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


def inputs(shared: Path | None) -> list[Path]:
    folders = [ROOT / "examples", ROOT / "tests" / "fixtures"]
    if shared is not None:
        folders += [shared / "seeds", shared / "corpus", shared / "cases", shared / "cases" / "gen"]
    found = []
    for folder in folders:
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    from click.testing import CliRunner

    sys.path.insert(0, str(ROOT))
    from linter.app.cli import main as cli

    try:
        from linter.output import FORMATS
    except ImportError:  # pragma: no cover — after a move
        from linter.output.formats import FORMATS  # type: ignore
    runner = CliRunner()
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)

    def run(name: str, argv: list[str]) -> None:
        result = runner.invoke(cli, argv, catch_exceptions=True)
        text = f"$ {' '.join(argv)}\nexit {result.exit_code}\n{result.output}"
        if result.exception and not isinstance(result.exception, SystemExit):
            text += f"\nEXCEPTION {type(result.exception).__name__}: {result.exception}\n"
        (args.out / name).write_text(text, encoding="utf-8")

    import os

    shared = args.shared.resolve() if args.shared.is_dir() else None
    os.chdir(ROOT)  # paths in the output are relative, whichever checkout runs this
    for path in inputs(shared):
        arg = os.path.relpath(path, ROOT)
        key = arg.replace("../", "").replace("/", "__")
        for fmt in FORMATS:
            for lang in ("zh", "en"):
                run(f"{key}.{fmt}.{lang}", ["check", "--no-color", "--format", fmt, "--lang", lang, arg])
    for fmt in ("text", "json", "markdown"):
        run(f"rules.{fmt}", ["rules", "--format", fmt])
    from linter.engine import load_packs

    for rule_id in load_packs().rules:
        run(f"explain.{rule_id}", ["explain", rule_id])
    print(f"{len(list(args.out.iterdir()))} snapshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
