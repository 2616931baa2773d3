"""The breakdown check's test of whether a part's label names a kind of a partition
(linter/checks/breakdowns.py `_kind_sets`: one expression of the kinds' words) says what
narrative.kinds_of finds, for the packs' kind sets and random labels."""

from __future__ import annotations

import random

from linter.analyse.narrative import kinds_of
from linter.checks.breakdowns import _kind_sets
from linter.engine import load_packs


def test_names_a_kind_is_what_kinds_of_finds():
    packs = load_packs()
    specs = [r.params["kind_sets"] for r in packs.rules.values() if r.kind == "breakdown" and r.params.get("kind_sets")]
    assert specs
    specs.append({"empty": {"total": specs[0][next(iter(specs[0]))]["total"], "kinds": {}}})
    rnd = random.Random(14)
    for kind_sets in specs:
        sets = _kind_sets(kind_sets)
        assert _kind_sets(kind_sets) is sets  # made once
        words = [w for ks, _test in sets for _kind, ws in ks.kinds for w in ws] or ["公开"]
        chars = sorted(set("".join(words)) | set("其中件的和"))
        labels = ["", *words] + ["".join(rnd.choice(chars) for _ in range(rnd.randint(0, 8))) for _ in range(3000)]
        labels += [rnd.choice(words) + rnd.choice(words) for _ in range(200)]
        for ks, names_a_kind in sets:
            for label in labels:
                assert names_a_kind(label) == bool(kinds_of(label, ks)), (ks.name, label)
