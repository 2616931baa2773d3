"""Declared identities: the `assert:` expressions of the packs, judged on the analysis.

The one kind behind every rule that says "this must equal that": the identities of the tables
(表三 一 + 二 = （七）总计 + 四, per column), the year of the title against the statistical
period, a figure of the prose against the table, a claim of none against the table, a total of
0 beside parts that are not. An expression sees the cells of the tables read reliably
(`application.new.total`), what the report says about itself (`facts.title_year`) and, under
`each: claims`, the number a sentence states (`claim.figure`); see grammars/expr.lark.

    each: column | row      the expression once per column or row of `table`
    each: claims | nones    once per figure (claim of none) the prose states, the expressions
                            of its claim name (`claims: {received: "claim.figure == …"}`)
    cases: [...]            several {table, each, assert} (one rule, several bindings)

"Bind before you judge": a cell not reported, or of a table not read reliably, leaves the
comparison unjudged (never taken as 0), and the table findings say why. A failed comparison is
reported at its first term (the reported cell, the title's year) or, under `each: claims`, at
the sentence; `related` lists the terms that explain it: every term of the comparison
(`terms`), every term but the reported one (`others`), or the non-zero parts and the blank
cells of a total that is 0 (`parts`). An `or` that fails is reported at its first comparison,
its others being noted as alternative readings.
"""

from __future__ import annotations

from typing import Any, Iterator

from linter.analyse.analysis import Scope
from linter.analyse.narrative import Claim
from linter.analyse.tables import format_number
from linter.checks.base import Hit, Join, Note, Text, kind
from linter.memo import of_object
from linter.packs.expr import (
    Outcome,
    Ref,
    Term,
    Truth,
    Verdict,
    exact,
    judgement,
    may_fail,
)
from linter.packs.load import Conditions
from linter.packs.model import placeholders
from linter.packs.schema import ListOf, MapOf, Record, Str, required
from linter.packs.schema import Ref as RefNode

EACH = ("row", "column", "claims", "nones")
RELATED = ("terms", "others", "parts")
# The notes a rule may choose for its related locations (`note:`), with the fields they use.
NOTES = {
    "cell_value": ("cell", "value", "row", "column", "table"),
    "table_cell_value": ("cell", "value", "row", "column", "table"),
    "quoted_cell_value": ("cell", "value", "row", "column", "table"),
    "period_year": ("cell", "value", "row", "column", "table"),
}
KEY_FIELDS = ("table_id", "index", "each_row", "each_column", "term_table", "term_row", "term_column",
              "lhs", "rhs", "claim_name", "claimed")
DEFAULT_KEY = "{table_id}:{index}:{each_row}:{each_column}"
_NOWHERE = ((None, None),)  # the one place without `each: row | column` (a claim's too): no current row or column


def _failed(outcome: Outcome) -> Iterator[Verdict]:
    if isinstance(outcome, Verdict):
        if not outcome.holds:
            yield outcome
    elif isinstance(outcome, Truth) and outcome.holds is False:
        for part in outcome.parts:
            yield from _failed(part)


_LABELS: dict[tuple[int, str, str], tuple[Any, str, str, str]] = {}  # (template, row, column) -> cell_labels
_NOTES: dict[tuple, tuple[Any, Text]] = {}  # (note, template, table, row, column, number, sign) -> (template, its text)


class _Terms:
    """Names and notes of the terms of a comparison, over one analysis."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self._templates = scope.analysis.templates
        self._short: dict[str, Any] = {}  # table id -> its short name (a template finds it anew each time)

    def template(self, table: str) -> Any:
        """The template of a table whose cells have labels; None for a fact or a claim."""
        return None if table in ("facts", "claim") else self._templates.get(table)

    def cell_labels(self, ref: Ref) -> tuple[Any, str, str, str] | None:
        """(template, row name, column label, cell name) of a table cell; None for a fact or
        a claim. Found once per template and cell (a template is pack data: its labels are
        the same in every report), not by a search of its rows per report."""
        template = self.template(ref.table)
        if template is None:
            return None
        key = (id(template), ref.row, ref.column)
        found = _LABELS.get(key)
        if found is None or found[0] is not template:  # (the template kept: its id is not reused)
            row, column = template.row(ref.row).name, template.column(ref.column).label
            if len(_LABELS) >= 20_000:
                _LABELS.clear()
            found = _LABELS[key] = template, row, column, row if len(template.columns) == 1 else f"{row}/{column}"
        return found

    def in_table(self, term: Term) -> Text:
        """`表三“一、本年新收…/总计”`: a cell named with its table, for a message."""
        template, _row, _column, name = self.cell_labels(term.ref)
        return Text.of("cell_in_table", table=self.short(term.ref.table, template), cell=name)

    def short(self, table: str, template) -> Any:
        """The template's short name (`表三`)."""
        found = self._short.get(table)
        if found is None:
            found = self._short[table] = template.short
        return found

    def description(self, terms: tuple[Term, ...]) -> Any:
        """The cells of a quantity: `A+B`, or a group of many by its first (`A等8格之和`)."""
        named = [t for t in terms if self.template(t.ref.table) is not None]
        if len(named) <= 2:
            return Join(tuple(self.in_table(t) for t in named), Text.of("sep_plus"))
        return Text.of("cells_many", first=self.in_table(named[0]), count=len(named))

    def note(self, text_id: str, term: Term) -> Note:
        """The note on a term's cell: its name and value (a fact's name and value), its text
        made once per template, cell and value written (pack data and a number: the same in
        every report that writes it)."""
        ref, number = term.ref, term.number
        template = self.template(ref.table)
        # the value written is the number's (format_number: 1.50 and 1.5 are both `1.5`) and its
        # sign's (-0 is `-0`)
        key = (text_id, id(template), ref.table, ref.row, ref.column, number, number.is_signed())
        found = _NOTES.get(key)
        if found is None or found[0] is not template:  # (the template kept: its id is not reused)
            value = format_number(number)
            if template is None:
                text = Text.of(text_id, cell=ref.row, value=value, row=ref.row, column="", table="")
            else:
                _template, row, column, name = self.cell_labels(ref)
                text = Text.of(text_id, cell=name, value=value, row=row, column=column, table=self.short(ref.table, template))
            if len(_NOTES) >= 4096:
                _NOTES.clear()
            found = _NOTES[key] = template, text
        return Note(term.cell.span, found[1], getattr(term.cell, "where", None))


def _hit(terms: _Terms, outcome: Outcome, params: dict, binding: dict) -> Hit | None:
    failed = list(_failed(outcome))
    if not failed:
        return None
    v, others = failed[0], failed[1:]
    claim: Claim | None = binding.get("claim")
    all_terms = v.lhs_terms + v.rhs_terms
    reported = next((t for t in all_terms if not isinstance(t.cell, Claim)), None) if claim is None else None
    if claim is None and reported is None:
        return None  # nothing to point at (a comparison of constants)
    lhs, rhs, difference = format_number(v.lhs), format_number(v.rhs), format_number(abs(v.difference))
    values: dict[str, Any] = {
        # a side with blank cells gives a lower bound: `至少5`
        "lhs": Text.of("at_least", value=lhs) if v.at_least == "lhs" else lhs,
        "rhs": Text.of("at_least", value=rhs) if v.at_least == "rhs" else rhs,
        "difference": Text.of("at_least", value=difference) if v.at_least else difference,
        "tolerance": format_number(v.tolerance), "cells": terms.description(v.rhs_terms),
    }
    key = {k: "" for k in KEY_FIELDS} | {
        "table_id": binding.get("table") or "", "index": binding["index"], "each_row": binding.get("row") or "",
        "each_column": binding.get("column") or "", "lhs": lhs, "rhs": rhs,
    }
    labels = terms.cell_labels(reported.ref) if reported is not None else None
    cell: dict[str, Any] = {}
    if labels is not None:
        template, row, column, name = labels
        values.update(row=row, column=column, table=template.words, cell=name)
        key.update(term_table=reported.ref.table, term_row=reported.ref.row, term_column=reported.ref.column)
        cell = {"table": template.title, "row": row, "column_label": column, "where": getattr(reported.cell, "where", None)}
    if claim is not None:
        values.update(phrase=claim.phrase, label=claim.label, claimed=claim.number)
        key.update(claim_name=claim.name, claimed=claim.number)
    mode, note = params.get("related", "terms"), params.get("note", "cell_value")
    if mode == "parts":
        parts = [t for o in others for t in o.lhs_terms + o.rhs_terms if t.number != 0]
        values["parts"] = Join(tuple(
            Text.of("part_value", cell=terms.cell_labels(t.ref)[3], value=format_number(t.number)) for t in parts
        ), Text.of("sep_parts"))
        related = tuple(terms.note(note, t) for t in parts)
        related += _blank_notes(terms, [ref for o in others for ref in o.blanks])
    else:
        shown = [t for t in all_terms if not isinstance(t.cell, Claim) and (mode == "terms" or t is not reported)]
        related = tuple(terms.note(note, t) for t in shown)
        if v.at_least:  # the blank cells that make a side a lower bound
            related += _blank_notes(terms, v.blanks)
        related += tuple(
            Note(o.rhs_terms[-1].cell.span, Text.of("alternative", cells=terms.description(o.rhs_terms), value=format_number(o.rhs)),
                 getattr(o.rhs_terms[-1].cell, "where", None))
            for o in others if o.rhs_terms and o.rhs_terms != v.rhs_terms  # the same cells are not another reading
        )
    span = claim.span if claim is not None else reported.cell.span
    # the value the reported cell (the first term, on the left) would need for the comparison to
    # hold, the others being right: shown on the cell by the review page
    with exact():
        expected = (reported.number - v.difference
                    if reported is not None and v.op == "==" and v.lhs_terms[:1] == (reported,) else None)
    return Hit(span, values, related, key=params.get("key", DEFAULT_KEY).format(**key), expected=expected, **cell)


def _blank_notes(terms: _Terms, refs) -> tuple[Note, ...]:
    """The blank cells that make a side a lower bound, each where it is in the report; a cell
    the report's table does not have (its row was left out) is in no place to point at."""
    notes = []
    for ref in refs:
        grid = terms.scope.analysis.grids.get(ref.table)
        reading = grid.value(ref.row, ref.column) if grid else None
        if reading is not None:
            notes.append(Note(reading.cell.span, Text.of("part_blank", cell=terms.cell_labels(ref)[3]), reading.cell.where))
    return tuple(notes)


_PLACES: dict[tuple[int, str], tuple[Any, tuple]] = {}  # (template by id, each) -> (template, its places)
_NODES: dict[int, tuple[Any, tuple]] = {}  # a list of asserts of the packs by id -> (it, its expressions)
_KEPT = 512  # the packs' templates and cases: a few dozen


def _places(scope: Scope, table: str | None, each: str | None) -> tuple[tuple[str | None, str | None], ...]:
    """(row, column) of each binding: every column, or every row but the headings, of `table`;
    else the one place with neither. The same tuple for a template report after report (pack
    data), which may_fail then finds by identity."""
    template = scope.template(table) if table else None
    if each not in ("column", "row"):
        return _NOWHERE
    if template is None:
        return ()
    kept = _PLACES.get((id(template), each))
    if kept is None or kept[0] is not template:  # (the template kept: its id is not reused)
        if len(_PLACES) >= _KEPT:
            _PLACES.clear()
        places = tuple((None, c.id) for c in template.columns) if each == "column" else \
            tuple((r.id, None) for r in template.rows if not r.heading)
        kept = _PLACES[(id(template), each)] = template, places
    return kept[1]


def _nodes(asserts) -> tuple:
    """The expressions of a list of (text, expression) of the packs: the same tuple report
    after report."""
    return of_object(_NODES, asserts, lambda kept: tuple(node for _text, node in kept), _KEPT)


def _judge(scope: Scope, terms: _Terms, params: dict, table: str | None, each: str | None, asserts) -> Iterator[Hit]:
    """The hits of the asserts in each binding: every comparison judged first, in one decimal
    context (never left entered while a hit is yielded), then the failed ones described. Only
    the asserts that may fail (`may_fail`: `never_fails` at every binding at once, the exact
    sums without the terms that would describe them) are judged in full."""
    nodes = _nodes(asserts)
    places = _places(scope, table, each)
    failed = []
    with exact():
        # most identities hold exactly or lack their table: nothing to say
        for place, index in may_fail(nodes, places, scope):
            scope.row, scope.column = places[place]
            outcome = judgement(nodes[index])(scope)
            if outcome.holds is False:  # else it holds, or cannot be judged: nothing failed
                failed.append((places[place], index, outcome))
    scope.row = scope.column = None
    for (row, column), index, outcome in failed:
        hit = _hit(terms, outcome, params, {"row": row, "column": column, "table": table, "index": index})
        if hit:
            yield hit


def run(analysis, params):
    scope = Scope(analysis)
    terms = _Terms(scope)
    each = params.get("each")
    if each in ("claims", "nones"):
        wanted = params.get(each, {})
        failed = []
        with exact():
            for claim in (analysis.claims if each == "claims" else analysis.nones):
                if claim.name not in wanted:
                    continue
                scope.claim = claim
                nodes = _nodes(wanted[claim.name])
                for _place, index in may_fail(nodes, _NOWHERE, scope):
                    outcome = judgement(nodes[index])(scope)
                    if outcome.holds is False:
                        failed.append((claim, index, outcome))
        scope.claim = None
        for claim, index, outcome in failed:
            hit = _hit(terms, outcome, params, {"claim": claim, "index": index})
            if hit:
                yield hit
        return
    if "cases" in params:
        for case in params["cases"]:
            yield from _judge(scope, terms, params, case["table"], case.get("each"), case["assert"])
        return
    yield from _judge(scope, terms, params, params.get("table"), each, params.get("assert", ()))


def _check(params: dict, where, ck) -> None:
    each = params.get("each")
    given = [k for k in ("assert", "claims", "nones", "cases") if k in params]
    if len(given) != 1:
        raise ck.fail(where, "give one of `assert`, `claims`, `nones` or `cases`")
    if each in ("claims", "nones") and given != [each]:
        raise ck.fail(where, f"each: {each} takes the expressions of each claim in `{each}:`")
    if given[0] in ("claims", "nones") and each != given[0]:
        raise ck.fail(where, f"`{given[0]}:` goes with each: {given[0]}")
    if each in ("row", "column") and "table" not in params:
        raise ck.fail(where, f"each: {each} needs the `table` whose {each}s it goes through")
    for name in placeholders(params.get("key", "")):
        if name not in KEY_FIELDS:
            raise ck.fail((*where, "key"), f"`key` has the placeholder {{{name}}} (it can use: {', '.join(KEY_FIELDS)})")


_EXPRESSIONS = Conditions()
_CLAIM_EXPRESSIONS = Conditions(allow=("claim",))

KIND = kind(
    "assert", run,
    params={
        "table": RefNode("table"), "each": Str(choices=EACH), "assert": _EXPRESSIONS,
        "claims": MapOf(_CLAIM_EXPRESSIONS, key=RefNode("claim")),
        "nones": MapOf(_CLAIM_EXPRESSIONS, key=RefNode("none-claim")),
        "cases": ListOf(Record({"table": required(RefNode("table")), "each": Str(choices=("row", "column")),
                                "assert": required(_EXPRESSIONS)}, what="a case")),
        "related": Str(choices=RELATED), "note": Str(choices=tuple(NOTES)), "key": Str(),
    },
    fields=("lhs", "rhs", "difference", "tolerance", "row", "column", "table", "cell", "cells", "parts",
            "phrase", "label", "claimed"),
    texts={**{n: f for n, f in NOTES.items()}, "cell_in_table": ("table", "cell"), "cells_many": ("first", "count"),
           "at_least": ("value",),
           "sep_plus": (), "part_value": ("cell", "value"), "part_blank": ("cell",), "sep_parts": (),
           "alternative": ("cells", "value")},
    check_params=_check,
)

