"""Where one report's time goes, stage by stage, in a warm process (CPU time, never a test).

    python benchmarks/stages.py [--reports N] [--rounds R] [--profile cumulative|tottime]

Lints N varied reports of 8–16 KB (the in-process batch of bench.py: the larger fixtures with
about one table figure in twenty changed, every report another text) R times and prints the
CPU milliseconds per report of each stage of api.lint — reading, normalising, parsing,
analysing, the rules (and each rule kind) — beside the whole lint_path, and the reports per
CPU-second the issue-14 target (≥ 250) is about. With --profile, a cProfile of the same loop.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import varied_batch  # noqa: E402 — the same reports as bench.py's per-CPU figure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", choices=("cumulative", "tottime"))
    args = parser.parse_args()

    from linter import engine
    from linter.analyse.analysis import analyse
    from linter.api import Settings, collector_paused, lint_path
    from linter.checks import KINDS
    from linter.parse import parse
    from linter.parse.vocabulary import vocabulary
    from linter.read import read_document
    from linter.read.normalise import normalize
    from linter.read.source import load

    folder = Path(tempfile.mkdtemp(prefix="xxgk-stages-"))
    varied_batch(folder, args.reports)
    paths = sorted(str(p) for p in folder.iterdir())
    packs = engine.load_packs()
    settings = Settings()
    for path in paths[:5]:
        lint_path(path, settings, packs)  # warm: grammar, OpenCC, compiled patterns

    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        for path in paths:
            lint_path(path, settings, packs)
        profile.disable()
        pstats.Stats(profile).sort_stats(args.profile).print_stats(60)
        return

    clock = time.process_time
    stages: collections.Counter = collections.Counter()
    kinds: collections.Counter = collections.Counter()
    wording = engine.Wording(packs.texts, "zh"), engine.Wording(packs.texts, "en")
    rules = [r for r in packs.rules.values() if KINDS[r.kind].scope == "report"]
    for _ in range(args.rounds):
        for path in paths:
            with collector_paused():  # as in api.lint: no collection is charged to one stage
                t0 = clock()
                source = load(path)
                document = read_document(source)
                t1 = clock()
                lines = normalize(document.lines)
                t2 = clock()
                report = parse(lines, source.name, vocabulary(packs))
                report.directives = document.directives
                t3 = clock()
                analysis = analyse(report, packs, None)
                t4 = clock()
                for rule in rules:
                    start = clock()
                    list(engine._findings(rule, analysis, settings, wording))
                    kinds[rule.kind] += clock() - start
                t5 = clock()
                del source, document, lines, report, analysis  # dropped before the collector resumes
            t6 = clock()
            lint_path(path, settings, packs)
            t7 = clock()
            for name, seconds in (("read", t1 - t0), ("normalise", t2 - t1), ("parse", t3 - t2),
                                  ("analyse", t4 - t3), ("rules", t5 - t4), ("whole lint_path", t7 - t6)):
                stages[name] += seconds
    n = args.reports * args.rounds
    for name, seconds in stages.items():
        print(f"{name:18s} {seconds / n * 1000:7.2f} ms")
    for name, seconds in kinds.most_common():
        print(f"  rules {name:12s} {seconds / n * 1000:7.2f} ms")
    print(f"reports per CPU-second (whole lint_path): {n / stages['whole lint_path']:.0f}  (target >= 250)")


if __name__ == "__main__":
    main()
