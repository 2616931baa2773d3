"""may_fail (linter/packs/expr.py) over the analyses of real reports: with Scope, whose shapes
are the templates of the report's tables and which keeps the cells it found, every case of
every assert rule of the packs is judged once per binding by one function compiled per shape;
it must clear exactly what never_fails clears binding by binding (each reference resolved per
call), also with a table of the report taken away or with a claim at hand."""

from __future__ import annotations

import dataclasses

from conftest import EXAMPLES, FIXTURES

from linter.analyse.analysis import Scope
from linter.api import analyse_source
from linter.checks.assertion import _places
from linter.engine import load_packs
from linter.packs.expr import exact, may_fail, never_fails
from linter.read.source import load


def _cases(packs):
    for rule in packs.rules.values():
        if rule.kind != "assert":
            continue
        params = rule.params
        if params.get("each") in ("claims", "nones"):
            continue
        for case in params.get("cases") or [params]:
            yield case.get("table"), case.get("each"), [node for _text, node in case["assert"]]


def _claim_cases(packs):
    for rule in packs.rules.values():
        each = rule.params.get("each")
        if rule.kind == "assert" and each in ("claims", "nones"):
            yield each, {name: [node for _text, node in asserts] for name, asserts in rule.params[each].items()}


def _one_by_one(nodes, places, analysis, claim=None) -> list[tuple[int, int]]:
    scope = Scope(dataclasses.replace(analysis))  # its own memo: no cell found before
    scope.claim = claim
    failing = []
    for p, (scope.row, scope.column) in enumerate(places):
        failing += [(p, e) for e, node in enumerate(nodes) if not never_fails(node)(scope)]
    return failing


def _analyses():
    packs = load_packs()
    paths = [p for p in sorted(EXAMPLES.iterdir()) + sorted(FIXTURES.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    for path in paths:
        analysis = analyse_source(load(str(path)), packs)
        yield analysis
        if analysis.grids:  # the first table taken away
            first = next(iter(analysis.grids))
            yield dataclasses.replace(analysis, grids={k: g for k, g in analysis.grids.items() if k != first})


def test_may_fail_clears_what_never_fails_clears_on_real_reports():
    packs = load_packs()
    cases, claim_cases = list(_cases(packs)), list(_claim_cases(packs))
    swept = 0
    for analysis in _analyses():
        scope = Scope(analysis)
        with exact():
            for table, each, nodes in cases:
                places = _places(scope, table, each)
                found = may_fail(nodes, places, scope)
                assert found == _one_by_one(nodes, places, analysis), (analysis.report.path, table, nodes)
                swept += len(places) * len(nodes)
            for each, wanted in claim_cases:
                for claim in analysis.claims if each == "claims" else analysis.nones:
                    if claim.name in wanted:
                        scope.claim = claim
                        nodes = wanted[claim.name]
                        assert may_fail(nodes, [(None, None)], scope) == _one_by_one(nodes, [(None, None)], analysis, claim)
    assert swept > 1000
