"""Every rule's failing and passing examples (in its pack) are run: coverage by construction.
A failing example states each finding as the user reads it: line, column and message."""

from __future__ import annotations

import pytest
from conftest import lint


def _cases():
    from linter.engine import load_packs

    for rule in load_packs().rules.values():
        for n, example in enumerate(rule.examples):
            yield pytest.param(rule, example, id=f"{rule.id}-{rule.name}-{example.kind}{n}")


@pytest.mark.parametrize(("rule", "example"), list(_cases()))
def test_rule_example(rule, example):
    """Every rule runs (the unused-suppression rule needs the rules it names to), and the
    rule's own findings are compared; a check across years gets the same body's earlier report
    first."""
    if example.previous is not None:
        from linter.api import Settings, lint_series

        texts = [("previous.txt", example.previous), ("report.txt", example.text)]
        findings = [f for f in lint_series(texts, Settings(era=example.era)) if f.path == "report.txt" and f.rule == rule.id]
    else:
        findings = [f for f in lint(example.text, era=example.era) if f.rule == rule.id]
    assert [(f.line, f.column, f.message) for f in findings] == [tuple(p) for p in example.expect]
    assert all(f.rule == rule.id and f.severity == rule.severity for f in findings)


def test_every_rule_has_a_failing_and_a_passing_example():
    from linter.engine import load_packs

    for rule in load_packs().rules.values():
        kinds = {e.kind for e in rule.examples}
        assert kinds == {"fail", "pass"}, rule.id
        assert rule.message and rule.message_en and rule.basis and rule.docs, rule.id


def test_the_table_examples_are_made_from_the_named_example_reports():
    """表三 and the 统计表 are written out once (rules/examples/), each example changing a few
    of their lines: a reader sees what is wrong at a glance."""
    from linter.engine import load_packs

    examples = [e for r in load_packs().rules.values() for e in r.examples]
    from_reports = [e for e in examples if e.report]
    assert len(from_reports) >= 15
    assert all(len(e.replace) <= 4 for e in from_reports)
    # no other example carries a whole 表三 (its 23 rows) of its own
    assert not [e for e in examples if not e.report and e.text.count("| 1.") >= 8]
