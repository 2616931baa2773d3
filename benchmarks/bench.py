"""Speed figures, as ratios against a baseline measured in the same run (never a timed test).

    python benchmarks/bench.py [--repeat N]

Prints the median of:
  baseline   `python -c "import lark, yaml"` — the floor of any process built on this stack
  process    one whole `xxgk-lint check` process on one report (start-up, packs, lint, output)
  in-process linting one report in an already warm process (packs loaded, grammar built)
  per-MB     in-process linting of a 1 MB report, per MB
and the ratios process/baseline and in-process/baseline.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "tests" / "fixtures" / "govnianbao-huaian-city-2024.txt"


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from linter.api import Options, lint_path, lint_text
    from linter.packs import load_packs

    packs = load_packs()
    lint_path(str(REPORT), Options(), packs)  # warm: grammar cache, OpenCC

    baseline = median_time(lambda: subprocess.run([sys.executable, "-c", "import lark, yaml"], check=True), args.repeat)
    process = median_time(
        lambda: subprocess.run([sys.executable, "-m", "linter.cli", "check", "--no-color", str(REPORT)], capture_output=True, check=False),
        args.repeat,
    )
    in_process = median_time(lambda: lint_path(str(REPORT), Options(), packs), args.repeat * 4)
    big = REPORT.read_text(encoding="utf-8") * max(1, 1_000_000 // len(REPORT.read_bytes()))
    size_mb = len(big.encode("utf-8")) / 1e6
    per_mb = median_time(lambda: lint_text(big, "big.txt"), 3) / size_mb

    print(f"report: {REPORT.name} ({len(REPORT.read_bytes()):,} bytes)")
    print(f"baseline  python -c 'import lark, yaml'   {baseline * 1000:8.1f} ms")
    print(f"process   xxgk-lint check (one report)    {process * 1000:8.1f} ms   {process / baseline:5.2f} x baseline")
    print(f"in-process lint of one report             {in_process * 1000:8.1f} ms   {in_process / baseline:5.2f} x baseline")
    print(f"in-process lint of {size_mb:.1f} MB                 {per_mb * 1000:8.1f} ms/MB")


if __name__ == "__main__":
    main()
