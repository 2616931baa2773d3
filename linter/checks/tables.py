"""Tables of the format that are not there, or not readable.

One detector, two cases (`report:`): `missing` — not one row label of a table was found in
its section (one finding per section, at its heading, naming every missing table; a missing
section is the sections check's finding); `unreadable` — a table is there but its labels and
values do not line up, so no arithmetic is judged on it (one finding per table). A report in
the 2008-era structure has none of the format's tables: the era kind's one finding says so.
"""

from __future__ import annotations

from linter.checks.base import Hit, Join, Note, Text, Words, kind
from linter.packs.schema import ListOf, Ref, Str


def run(analysis, params):
    if params["report"] == "unreadable":
        # one finding per table of the format: 表二's blocks (第二十条第（一）项 …) are one table
        unreadable: dict[str, list] = {}
        for grid in analysis.grids_of(params.get("tables")):
            if grid.problems and not grid.missing:
                unreadable.setdefault(grid.template.title.split()[0], []).append(grid)
        for grids in unreadable.values():
            first = grids[0]
            problem = first.problems[0]
            reason = Words(problem.reason, problem.reason_en)
            table = first.template.words if len(grids) == 1 else Join(tuple(g.template.words for g in grids), Text.of("sep_list"))
            yield Hit(
                first.span, {"table": table, "reason": reason},
                tuple(Note(g.problems[0].span, Words(g.problems[0].reason, g.problems[0].reason_en), g.problems[0].where)
                      for g in grids),
                key="+".join(g.template.id for g in grids), table=first.template.title, where=first.where,
            )
        return
    if analysis.old_structure is not None:
        return
    headings = {m.id: m.heading for m in analysis.sections if m.heading is not None}
    missing: dict[str, list] = {}
    for grid in analysis.grids_of(params.get("tables")):
        if grid.missing and grid.template.within in headings:
            missing.setdefault(grid.template.within, []).append(grid.template)
    for section, found in missing.items():
        titles = "、".join(t.title for t in found)
        yield Hit(
            headings[section].span, {"table": Join(tuple(t.words for t in found), Text.of("sep_list"))},
            key="+".join(t.id for t in found), table=titles,
        )


KIND = kind(
    "tables", run,
    params={"report": Str(choices=("missing", "unreadable")), "tables": ListOf(Ref("table"))},
    fields=("table", "reason"),
    texts={"sep_list": ()},
)
