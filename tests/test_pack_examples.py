"""Every rule's failing and passing examples (in its pack) are run: coverage by construction."""

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
    findings = lint(example.text, select=[rule.id], era=example.era)
    assert [(f.line, f.column) for f in findings] == [tuple(p) for p in example.expect]
    assert all(f.rule == rule.id and f.severity == rule.severity for f in findings)


def test_every_rule_has_a_failing_and_a_passing_example():
    from linter.engine import load_packs

    for rule in load_packs().rules.values():
        kinds = {e.kind for e in rule.examples}
        assert kinds == {"fail", "pass"}, rule.id
        assert rule.message and rule.message_en and rule.basis and rule.docs, rule.id
