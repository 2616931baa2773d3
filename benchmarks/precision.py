"""Precision report: the findings per file and per rule over the real reports (examples/,
tests/fixtures/, the shared seeds and corpus when present) and the cases (tests/fixtures/cases),
so that a change that adds noise shows.

    PYTHONPATH=. python benchmarks/precision.py                 # the table
    PYTHONPATH=. python benchmarks/precision.py --save p.json   # keep the counts
    PYTHONPATH=. python benchmarks/precision.py --compare p.json  # what a change added or removed

Every finding on a real report is either in its golden test (read and judged there) or new: the
comparison lists each file whose counts moved, rule by rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".txt", ".md", ".html", ".docx", ".pdf"}


def reports() -> dict[str, list[Path]]:
    shared = ROOT.parent / "shared"
    groups = {
        "real": [*(ROOT / "examples").iterdir(), *(ROOT / "tests" / "fixtures").iterdir(),
                 *((ROOT / "tests" / "fixtures" / "pdf").iterdir() if (ROOT / "tests" / "fixtures" / "pdf").is_dir() else [])],
        "cases": list((ROOT / "tests" / "fixtures" / "cases").iterdir()) if (ROOT / "tests" / "fixtures" / "cases").is_dir() else [],
    }
    if shared.is_dir():
        groups["real"] += [*(shared / "seeds").iterdir(), *(shared / "corpus").iterdir()]
    return {k: sorted(p for p in v if p.is_file() and p.suffix.lower() in SUFFIXES) for k, v in groups.items()}


def counts() -> dict[str, dict[str, int]]:
    from linter.api import lint_path
    from linter.errors import InputError

    result: dict[str, dict[str, int]] = {}
    for group, paths in reports().items():
        for path in paths:
            name = f"{group}/{path.relative_to(ROOT) if ROOT in path.parents else path.name}"
            try:
                found = Counter(f.rule for f in lint_path(str(path))[1])
            except InputError as exc:
                found = Counter({f"error: {exc.reason[:40]}": 1})
            result[name] = dict(sorted(found.items()))
    return result


def table(data: dict[str, dict[str, int]]) -> str:
    by_rule: Counter[str] = Counter()
    lines = []
    for name, found in data.items():
        by_rule.update(found)
        cells = " ".join(f"{rule}×{n}" for rule, n in found.items()) or "—"
        lines.append(f"{name:<70} {sum(found.values()):>3}  {cells}")
    lines.append("")
    lines.append("per rule: " + " ".join(f"{rule}×{n}" for rule, n in sorted(by_rule.items())))
    real = sum(sum(f.values()) for n, f in data.items() if n.startswith("real/"))
    lines.append(f"findings on real reports: {real}; on cases: {sum(by_rule.values()) - real}; files: {len(data)}")
    return "\n".join(lines)


def compare(old: dict[str, dict[str, int]], new: dict[str, dict[str, int]]) -> str:
    moved = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name, {}), new.get(name, {})
        for rule in sorted(set(a) | set(b)):
            if a.get(rule, 0) != b.get(rule, 0):
                moved.append(f"{name}: {rule} {a.get(rule, 0)} -> {b.get(rule, 0)}")
    return "\n".join(moved) or "no change"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    data = counts()
    print(table(data))
    if args.save:
        args.save.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.compare:
        print("\nchanged since", args.compare, ":\n" + compare(json.loads(args.compare.read_text(encoding="utf-8")), data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
