"""Stage — checks: the analysis of a report -> hits, one module per detector.

Each module declares one kind (`KIND`): a pure function of the analysis and the parameters a
rule of the packs gives it, with the contract the pack loader checks (parameters, message
fields, texts). `KINDS` is the registry, listed here — nothing registers by being imported.
The kind of `series.py` runs on two reports of one body (scope "series"), not on one analysis.
"""

from __future__ import annotations

from linter.checks import (
    assertion,
    breakdowns,
    cells,
    content_items,
    dates,
    era,
    numbering,
    phrases,
    sections,
    series,
    suppressions,
    tables,
)
from linter.checks.base import Kind

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        sections.KIND, numbering.KIND, content_items.KIND, dates.KIND, era.KIND, tables.KIND, cells.KIND,
        assertion.KIND, breakdowns.KIND, phrases.KIND, suppressions.KIND, series.KIND,
    )
}
