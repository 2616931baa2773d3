"""A report made on another era's template.

One detector, three cases (`report:`): `content` — the content shows an era (a fingerprint
phrase of the packs) whose years do not cover the report's year; `structure` — a report of the
2019/2021 formats written in the 2008-era structure (`analysis.old_structure`, from the pack's
`old_structure:`), reported once at its first old heading (the sections and tables kinds then
stay silent); `obsolete-row` — a row of an
earlier format, recognised by its exact label followed by a full row of values (2019's one-row
`（六）其他处理` in a report of 2021 or later, where the label heads three numbered rows and
has no values of its own).
"""

from __future__ import annotations

from linter.analyse.analysis import tables_within
from linter.analyse.tables import label_key, values_after
from linter.checks.base import Hit, Join, Note, Text, kind
from linter.packs.model import era_for
from linter.packs.schema import Ref, Str


def _content(analysis):
    year = analysis.year
    if year is None:
        return
    evidence = analysis.evidence
    eras = analysis.packs.eras
    if evidence.era is None or evidence.era not in eras or eras[evidence.era].covers(year):
        return
    expected = eras[era_for(eras, year, None)]
    yield Hit(
        evidence.span,
        {"year": year, "era": eras[evidence.era].words, "expected": expected.words, "phrase": evidence.phrase},
        key=f"{evidence.era}/{expected.id}",
    )


def _structure(analysis):
    old = analysis.old_structure
    if old is None:
        return
    eras = analysis.packs.eras
    expected = eras[analysis.era].words if analysis.era in eras else ""
    first = old.headings[0]
    titles = Join(tuple(h.title.strip() for h in old.headings), Text.of("sep_quoted"))
    related = tuple(Note(h.span, Text.of("old_heading", title=h.title.strip())) for h in old.headings[1:])
    yield Hit(first.span, {"year": analysis.year or "", "expected": expected, "headings": titles}, related,
              key="+".join(h.title.strip() for h in old.headings))


def _obsolete_row(analysis, table: str, label: str):
    template = analysis.templates.get(table)
    if template is None:
        return
    want = label_key(label)
    last = want[-1:]  # the key's characters are the text's: a text without its last one is passed over
    cells = [c for t in tables_within(analysis.report, template, analysis.sections) for c in t.cells]
    for i, cell in enumerate(cells):
        if last in cell.text and label_key(cell.text) == want:
            _, readings = values_after(cells, i, len(template.columns), template)
            if len(readings) == len(template.columns):
                yield Hit(cell.span, {"table": template.words, "label": cell.text.strip()}, key=template.id, table=template.title)
                return


def run(analysis, params):
    if params["report"] == "content":
        yield from _content(analysis)
    elif params["report"] == "structure":
        yield from _structure(analysis)
    else:
        yield from _obsolete_row(analysis, params["table"], params["label"])


def _check(params, where, ck):
    if params["report"] == "obsolete-row" and not {"table", "label"} <= params.keys():
        raise ck.fail(where, "report: obsolete-row needs `table` and `label`")


KIND = kind(
    "era", run,
    params={"report": Str(choices=("content", "structure", "obsolete-row")), "table": Ref("table"), "label": Str()},
    fields=("year", "era", "expected", "phrase", "table", "label", "headings"),
    texts={"sep_quoted": (), "old_heading": ("title",)},
    check_params=_check,
)
