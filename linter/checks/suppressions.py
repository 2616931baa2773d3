"""Inline suppressions that do not work (read/directives.py): one without a reason, or not
written as the syntax says (`report: invalid`); one that suppressed nothing in this run
(`report: unused`, like ruff's unused `noqa`: the defect was mended, or the rule id is wrong).

A late kind: the engine runs it after applying the suppressions to the other rules' findings,
so that each directive knows whether it was used; its own findings cannot be suppressed.
"""

from __future__ import annotations

from linter.checks.base import Hit, Join, Text, kind
from linter.packs.schema import Str


def run(analysis, params):
    for directive in analysis.report.directives:
        rules = Join(directive.rules, Text.of("sep_list")) if directive.rules else "?"
        if params["report"] == "invalid":
            if directive.problem:
                yield Hit(directive.span, {"rules": rules, "problem": Text.of(f"suppression_{directive.problem.replace('-', '_')}")},
                          key=f"{directive.problem}:{','.join(directive.rules)}")
        elif directive.verb != "enable" and not directive.problem and not directive.used and directive.checked:
            yield Hit(directive.span, {"rules": rules, "first": directive.first, "last": directive.last},
                      key=",".join(directive.rules))


KIND = kind(
    "suppressions", run,
    params={"report": Str(choices=("unused", "invalid"))},
    fields=("rules", "problem", "first", "last"),
    texts={"sep_list": (), "suppression_no_reason": (), "suppression_syntax": ()},
    late=True,
)
