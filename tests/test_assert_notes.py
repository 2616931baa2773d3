"""The assert kind's notes (linter/checks/assertion.py _Terms.note): a note's text, kept per
template, cell and number, says the value as format_number writes it whatever number of the
same cell came before (1.50 and 1.5 are `1.5`, -0 is `-0` beside 0), and a fact's note its
name."""

from __future__ import annotations

from decimal import Decimal

from conftest import EXAMPLES

from linter.analyse.analysis import Scope
from linter.analyse.tables import format_number
from linter.api import analyse_source
from linter.checks.assertion import _Terms
from linter.engine import load_packs
from linter.packs.expr import Ref, Term
from linter.read.source import load


def test_a_notes_value_is_the_number_as_written_whatever_came_before():
    analysis = analyse_source(load(str(EXAMPLES / "demo-defects-2021.md")), load_packs())
    terms = _Terms(Scope(analysis))
    table = next(t for t, grid in analysis.grids.items() if grid.cells)
    row, readings = next(iter(analysis.grids[table].cells.items()))
    column, reading = next(iter(readings.items()))
    numbers = ["1.50", "1.5", "-0", "0", "0.0", "-0.0", "10", "1E+1", "1.5"]
    for ref in (Ref(table, row, column), Ref("facts", "title_year", "value")):
        for text in numbers:
            note = terms.note("cell_value", Term(ref, Decimal(text), reading.cell))
            values = dict(note.text.values)
            assert values["value"] == format_number(Decimal(text)), (ref, text)
            labels = terms.cell_labels(ref)
            assert values["cell"] == (labels[3] if labels else ref.row)
