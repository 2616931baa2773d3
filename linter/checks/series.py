"""Checks across years: two reports of one body (their summaries, linter/analyse/summary.py) ->
hits in the later one, each pointing at the earlier one too (`related`, with its path).

The regulations tie each year to the one before: what was carried forward at the end of Y−1 is
what is carried over at the start of Y; the documents in force at the end of Y−1, plus those
issued in Y, less those repealed in Y, are those in force at the end of Y. Evaluators also
deduct for a report that repeats last year's (内容雷同: the same tables, the same text).

A `Pair` is two reports of one body in consecutive years of its series (the years between them
missing when `gap` > 0). One kind, `series`, run on every pair of every body, with four ways to
`compare:` them:

    identity          a quantity of this year's report == a quantity of last year's
                      (`this:` and `prev:` are arithmetic over the cells of each, `each: row`
                      or `column` of `table`), when both reports are of the rule's `eras`
    copy              a table whose numbers are all those of last year's (with some non-zero)
    text              the share of this year's prose (by characters) repeated from last year's
    gap               a year missing between two reports of the series

"Bind before you judge", as everywhere: a cell not reported, or of a table not read reliably in
either report, leaves the identity unjudged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from linter.analyse.tables import format_number
from linter.checks.base import Hit, Join, Note, Text, kind
from linter.document import Span
from linter.packs.expr import exact, quantity
from linter.packs.load import Quantity
from linter.packs.schema import Custom, Int, ListOf, Str, required
from linter.packs.schema import Ref as RefNode

if TYPE_CHECKING:  # summaries are made only for checks across years: imported there
    from linter.analyse.summary import Summary


class Pair:
    """Two reports of one body: `prev` of an earlier year, `this` of the next year it has.
    (A plain class: nothing compares or hashes pairs, and a dataclass costs every start
    ~0.3 ms to make.)"""

    __slots__ = ("prev", "this")

    def __init__(self, prev: Summary, this: Summary):
        self.prev = prev
        self.this = this

    @property
    def gap(self) -> int:
        """How many years are missing between them (0 = consecutive)."""
        return self.this.year - self.prev.year - 1

    @property
    def years(self) -> dict[str, int]:
        return {"year": self.this.year, "prev_year": self.prev.year}


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


# ---------------------------------------------------------------------------------------------
# series-identity


def _cell_name(summary: Summary, table: str, row: str, column: str) -> str:
    grid = summary.grids[table]
    row_name = dict(grid.rows).get(row, row)
    return row_name if len(grid.columns) == 1 else f"{row_name}/{dict(grid.columns).get(column, column)}"


def _bindings(summary: Summary, table: str | None, each: str | None) -> list[dict]:
    grid = summary.grids.get(table) if table else None
    if each == "column":
        return [{"column": c} for c, _ in grid.columns] if grid else []
    if each == "row":
        return [{"row": r} for r, _ in grid.rows] if grid else []
    return [{}]


def run_identity(pair: Pair, params: dict) -> Iterator[Hit]:
    if pair.gap != 0 or pair.prev.era not in params["eras"] or pair.this.era not in params["eras"]:
        return
    from linter.analyse.summary import SummaryScope

    table, each = params.get("table"), params.get("each")
    now, before = SummaryScope(pair.this), SummaryScope(pair.prev)
    for binding in _bindings(pair.this, table, each):
        for scope in (now, before):
            scope.row, scope.column = binding.get("row"), binding.get("column")
        this, this_terms, this_missing = quantity(params["this"], now)
        prev, prev_terms, prev_missing = quantity(params["prev"], before)
        if this is None or prev is None or this_missing or prev_missing or not this_terms:
            continue
        if this == prev:
            continue
        first = this_terms[0]
        ref, cell = first.ref, first.cell
        grid = pair.this.grids[ref.table]
        row = dict(grid.rows).get(ref.row, ref.row)
        column = dict(grid.columns).get(ref.column, ref.column)
        with exact():
            difference = this - prev
            expected = first.number - difference
        values = {
            "this": format_number(this), "prev": format_number(prev), "difference": format_number(difference),
            "table": grid.title, "row": row, "column": column, **pair.years,
        }
        related = tuple(
            Note(t.cell.span, Text.of("series_cell", year=summary.year, cell=_cell_name(summary, t.ref.table, t.ref.row, t.ref.column),
                                      value=format_number(t.number)), t.cell.where, path)
            for summary, terms, path in ((pair.this, this_terms, None), (pair.prev, prev_terms, pair.prev.path))
            for t in terms
        )
        yield Hit(
            cell.span, values, related, key=f"{table}:{binding.get('row', '')}:{binding.get('column', '')}:{pair.prev.year}",
            table=grid.title, row=row, column_label=column, where=cell.where, expected=expected,
        )


# ---------------------------------------------------------------------------------------------
# series-copy


def run_copy(pair: Pair, params: dict) -> Iterator[Hit]:
    if pair.gap != 0 or pair.prev.era != pair.this.era:
        return
    for table in params["tables"]:
        a, b = pair.prev.grids.get(table), pair.this.grids.get(table)
        if a is None or b is None or not (a.readable and b.readable) or a.columns != b.columns:
            continue
        same = nonzero = count = 0
        for row, cols in b.cells.items():
            for col, cell in cols.items():
                old = a.value(row, col)
                if cell.number is None or old is None or old.number is None:
                    continue
                count += 1
                if old.number == cell.number:
                    same += 1
                    nonzero += cell.number != 0
        if not count or same / count < params.get("min_share", 1.0) or nonzero < params.get("min_nonzero", 1):
            continue
        related = (Note(a.span, Text.of("series_table", year=pair.prev.year), a.where, pair.prev.path),)
        yield Hit(
            b.span, {"table": b.title, "same": same, "count": count, "nonzero": nonzero, "share": _percent(same / count), **pair.years},
            related, key=f"{table}:{pair.prev.year}", table=b.title, where=b.where,
        )


# ---------------------------------------------------------------------------------------------
# series-text


def run_text(pair: Pair, params: dict) -> Iterator[Hit]:
    if pair.gap != 0 or not pair.this.sentences:
        return
    before = {h: (line, column) for h, _n, line, column in reversed(pair.prev.sentences)}
    total = sum(n for _h, n, _l, _c in pair.this.sentences)
    repeated = [(h, n, line, column) for h, n, line, column in pair.this.sentences if h in before]
    chars = sum(n for _h, n, _l, _c in repeated)
    if len(repeated) < params.get("min_sentences", 1) or chars / total <= params.get("min_share", 0.5):
        return
    h, _n, line, column = repeated[0]
    prev_line, prev_column = before[h]
    related = (Note(Span(prev_line, prev_column, prev_line, prev_column), Text.of("series_sentence", year=pair.prev.year),
                    None, pair.prev.path),)
    values = {"share": _percent(chars / total), "sentences": len(repeated), "count": len(pair.this.sentences), **pair.years}
    yield Hit(Span(line, column, line, column), values, related, key=f"text:{pair.prev.year}")


# ---------------------------------------------------------------------------------------------
# series-gap


def run_gap(pair: Pair, params: dict) -> Iterator[Hit]:
    if pair.gap <= 0:
        return
    missing = tuple(str(y) for y in range(pair.prev.year + 1, pair.this.year))
    related = (Note(pair.prev.anchor, Text.of("series_report", year=pair.prev.year), None, pair.prev.path),)
    yield Hit(pair.this.anchor, {"missing": Join(missing, Text.of("sep_list")), **pair.years}, related,
              key=f"gap:{pair.prev.year}")


# ---------------------------------------------------------------------------------------------
# The kinds


def _share(value, where, ck) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ck.fail(where, f"`{where[-1]}` must be a share between 0 and 1 (0.5 = 50 %)")
    return float(value)


Share = Custom(_share, "a share between 0 and 1")


_RUN = {"identity": run_identity, "copy": run_copy, "text": run_text, "gap": run_gap}
# the parameters each comparison takes (besides `compare`), and those it requires
_PARAMS = {
    "identity": ({"eras", "table", "each", "this", "prev"}, {"eras", "this", "prev"}),
    "copy": ({"tables", "min_share", "min_nonzero"}, {"tables"}),
    "text": ({"min_share", "min_sentences"}, set()),
    "gap": (set(), set()),
}


def run(pair: Pair, params: dict) -> Iterator[Hit]:
    return _RUN[params["compare"]](pair, params)


def _check(params: dict, where, ck) -> None:
    compare = params["compare"]
    allowed, needed = _PARAMS[compare]
    for key in sorted(set(params) - allowed - {"compare"}):
        raise ck.fail((*where, key), f"compare: {compare} takes no `{key}` (it takes: {', '.join(sorted(allowed)) or 'nothing'})")
    for key in sorted(needed - set(params)):
        raise ck.fail(where, f"compare: {compare} needs the parameter `{key}`")
    if params.get("each") and "table" not in params:
        raise ck.fail(where, f"each: {params['each']} needs the `table` whose {params['each']}s it goes through")


def _share(value, where, ck) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ck.fail(where, f"`{where[-1]}` must be a share between 0 and 1 (0.5 = 50 %)")
    return float(value)


KIND = kind(
    "series", run,
    params={
        "compare": required(Str(choices=tuple(_RUN))),
        "eras": ListOf(RefNode("era")), "table": RefNode("table"), "each": Str(choices=("row", "column")),
        "this": Quantity(), "prev": Quantity(),
        "tables": ListOf(RefNode("table")), "min_share": Custom(_share, "a share between 0 and 1"),
        "min_nonzero": Int(minimum=0), "min_sentences": Int(minimum=1),
    },
    fields=("this", "prev", "difference", "table", "row", "column", "same", "count", "nonzero", "share", "sentences",
            "missing", "year", "prev_year"),
    texts={"series_cell": ("year", "cell", "value"), "series_table": ("year",), "series_sentence": ("year",),
           "series_report": ("year",), "sep_list": ()},
    check_params=_check, scope="series",
)

__all__ = ["KIND", "Pair", "pairs"]


def pairs(summaries) -> Iterator[Pair]:
    """Every pair of reports of one body in consecutive years of its series, bodies in the
    order they first appear, years ascending. Reports without a body or a year form no series;
    two reports of one body and year (the same report as a page and a PDF) are each paired
    with the reports of the neighbouring years."""
    bodies: dict[str, dict[int, list[Summary]]] = {}
    for summary in summaries:
        key = summary.body_key
        if key is None or summary.year is None:
            continue
        bodies.setdefault(key, {}).setdefault(summary.year, []).append(summary)
    for years in bodies.values():
        ordered = sorted(years)
        for before, after in zip(ordered, ordered[1:]):
            for prev in years[before]:
                for this in years[after]:
                    yield Pair(prev, this)
