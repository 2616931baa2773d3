"""Stage 6a — reading a table against a template from the rule packs.

Real tables reach us as a stream of cells whose row and column structure was mostly lost:
PDF extraction puts every cell on its own line and interleaves merged labels, Markdown
conversions cut a table into fragments, and headers are garbled or replaced (`数据1`). What
survives reliably is the *row label* followed by that row's numbers, so reading is
label-anchored: for each row of the template, in order, find its label in the cell stream of
the section and take the value cells that follow it as the row's values, mapped to the value
columns in order.

Reading never guesses. A row whose label is missing, a row with fewer values than columns, or
values that stand between rows with no label of their own (the sign that PDF extraction put the
values of several rows after a block of labels) make the table *unreadable*: one finding for
the table, and no arithmetic is judged on it. A blank, `/`, `-`, `—`, `_` or `无` is "not
reported", which is not 0.

Two shapes are read although their labels are not followed by their values, because nothing
has to be guessed: a PDF extraction that gives a block of consecutive row labels and then
exactly as many values as those rows have cells (read row by row), and a table of the
`values` layout whose cell positions are known (HTML, Word, Markdown rows), where a blank cell
keeps its place. A table whose cells run together without separators (`规章000行政规范性文件
1237190`) is there but unreadable; a table with labels and no number at all is there, empty.
A row label with a remark or a typo in it (`规章（仅设区的市级政府填写）`, `行政规范文件`)
still anchors its row, and the grid records it (`Grid.irregular`).

Templates are pack data (`tables:` in rules/*.yaml); no label or identity lives in this module.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import attrgetter
from typing import Any, Sequence

from linter.cache import regex
from linter.chinese import squeeze
from linter.document import Span
from linter.memo import SHORT_TEXT, of_object
from linter.packs.expr import Value
from linter.packs.model import Words
from linter.parse.tree import Cell, Table
from linter.parse.values import is_marker
from linter.parse.vocabulary import label_key, without_parentheticals

__all__ = ["label_key"]  # re-exported: the checks compare labels the way reading does

_NUMBER = regex(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(元|万元|件|条|个|次|人|篇|人次)?$")
# A group label merged with its first item: `（三）不予公开 1.属于国家秘密`, `三、本年度办理结果 （一）予以公开`
_EMBEDDED_ITEM = regex(r"(?<=\S)\s*(?:\d{1,2}\s*[.．、]|[（(][一二三四五六七八九十]{1,3}[)）])\s*(?=\D)")
_MAX_LABEL_TAIL = 2  # continuation cells of a wrapped label allowed between a label and its values


# ---------------------------------------------------------------- templates (pack data)


# The templates and what reading makes are plain classes with __slots__, not dataclasses: they
# are never compared, hashed or copied with replace, and a dataclass costs a run on one report
# 0.1-0.3 ms of import each.


class RowSpec:
    __slots__ = ("id", "label", "variants", "groups", "heading", "display")

    def __init__(self, id: str, label: str, variants: tuple[str, ...] = (), groups: tuple[str, ...] = (),
                 heading: bool = False, display: str = ""):
        self.id = id
        self.label = label
        self.variants = variants
        self.groups = groups
        self.heading = heading  # a group heading row: may carry values, never required or checked
        self.display = display  # the official wording for messages (`（三）不予公开 1.属于国家秘密`)

    @property
    def name(self) -> str:
        return self.display or self.label


class ColumnSpec:
    __slots__ = ("id", "label", "groups")

    def __init__(self, id: str, label: str, groups: tuple[str, ...] = ()):
        self.id = id
        self.label = label
        self.groups = groups


class Template:
    """A table of the format. layout "labelled": each row's values follow its label; layout
    "values": the table's value cells, row by row, with the labels all in the header (表四)."""

    __slots__ = ("id", "title", "within", "columns", "rows", "layout", "skip", "title_en")

    def __init__(self, id: str, title: str, within: str | None, columns: tuple[ColumnSpec, ...],
                 rows: tuple[RowSpec, ...], layout: str = "labelled", skip: tuple[str, ...] = (), title_en: str = ""):
        self.id = id
        self.title = title
        self.within = within
        self.columns = columns
        self.rows = rows
        self.layout = layout
        self.skip = skip  # cells to pass over between a label and its values (units)
        self.title_en = title_en

    @property
    def words(self) -> Words:
        """The title in both languages of the messages."""
        return Words(self.title, self.title_en or self.title)

    @property
    def short(self) -> Words:
        """The table's name without its subject (`表三`, `table 3`), before a cell's labels."""
        en = re.split(r" \(|,", self.title_en)[0] if self.title_en else ""
        return Words(self.title.split()[0], en or self.title.split()[0])

    def row(self, row_id: str) -> RowSpec:
        return next(r for r in self.rows if r.id == row_id)

    def column(self, column_id: str) -> ColumnSpec:
        return next(c for c in self.columns if c.id == column_id)


def _groups(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def template_from_data(table_id: str, spec: dict) -> Template:
    """Build a template from a validated `tables:` entry (see packs._validate_tables)."""
    columns = tuple(
        ColumnSpec(cid, str((c or {}).get("label", cid)), _groups((c or {}).get("group")))
        for cid, c in spec["columns"].items()
    )
    rows = tuple(
        RowSpec(
            rid, str(r["label"]), tuple(str(v) for v in r.get("variants", [])),
            _groups(r.get("group")), bool(r.get("heading", False)), str(r.get("display", "")),
        )
        for rid, r in spec["rows"].items()
    )
    return Template(
        id=table_id, title=str(spec.get("title", table_id)), within=spec.get("within"),
        columns=columns, rows=rows, layout=spec.get("layout", "labelled"),
        skip=tuple(squeeze(str(s)) for s in spec.get("skip", [])), title_en=str(spec.get("title_en", "")),
    )


# ---------------------------------------------------------------- values


class Reading(Value):
    """A value cell as read: number None = not reported. An expression's Value (its number and
    cell) as it is: the cells of a table read reliably are the values of the expressions
    (analysis.Scope), with no Value made again for each. (A plain class with __slots__: one is
    made for every value of every table.)"""

    __slots__ = ()

    def __init__(self, cell: Cell, number: Decimal | None) -> None:
        self.cell = cell
        self.number = number

    def _fields(self) -> tuple:  # (Value's fields: equality by them; its own __slots__ are none)
        return self.number, self.cell

    def __repr__(self) -> str:
        return f"Reading(cell={self.cell!r}, number={self.number!r})"


def parse_value(text: str) -> Decimal | None | bool:
    """The number a cell states; None for a not-reported marker; False when it is not a value
    cell at all (a label). The Decimal keeps the written precision ("7730.20")."""
    if len(text) <= SHORT_TEXT:  # the same few numbers and labels fill every report's tables
        return _short_value(text)
    return _parse_value(text)


@lru_cache(maxsize=8192)
def _short_value(text: str) -> Decimal | None | bool:
    return _parse_value(text)


def _parse_value(text: str) -> Decimal | None | bool:
    t = text.strip().replace(" ", "")
    if not t or is_marker(t):
        return None
    m = _NUMBER.match(t)
    if not m:
        return False
    sign, digits, decimals, _unit = m.groups()
    try:
        return Decimal(sign + digits.replace(",", "") + (decimals or ""))
    except InvalidOperation:  # pragma: no cover — the pattern admits only numbers
        return False


def format_number(d: Decimal | int) -> str:
    """A number for a message, as people write it: `4`, `0.5`, `-3` (no `4.00`, no exponent)."""
    text = format(Decimal(d), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def is_value(cell: Cell) -> bool:
    return parse_value(cell.text) is not False


# ---------------------------------------------------------------- grids


class Problem:
    """Why a table cannot be read reliably: where, and a reason in both languages."""

    __slots__ = ("span", "reason", "reason_en", "where")

    def __init__(self, span: Span, reason: str, reason_en: str, where: str | None = None):
        self.span = span
        self.reason = reason
        self.reason_en = reason_en
        self.where = where  # the cell in an HTML or Word table (`表2 第5行 第3列`)


class IrregularLabel:
    """A row label that anchored its row although it is not written as the format writes it:
    kind "remark" — a parenthesised remark the format does not have (a fill-in instruction
    left in: `规章（仅设区的市级政府填写）`); kind "typo" — one character missing, extra or
    wrong (`行政规范文件`)."""

    __slots__ = ("row", "cell", "kind", "label")

    def __init__(self, row: str, cell: Cell, kind: str, label: str):
        self.row = row  # the row id
        self.cell = cell
        self.kind = kind  # "remark" | "typo"
        self.label = label  # the official label


class Grid:
    """A table read against its template: row id -> column id -> Reading. A row absent from
    `cells` was not read; `problems` non-empty = the table is unreadable (no identity judged)."""

    __slots__ = ("template", "span", "where", "cells", "problems", "seen", "irregular", "labels_only", "glued")

    def __init__(self, template: Template, span: Span, where: str | None = None):
        self.template = template
        self.span = span  # where the table starts, for table-level findings
        self.where = where  # its first cell in an HTML or Word table
        self.cells: dict[str, dict[str, Reading]] = {}
        self.problems: list[Problem] = []
        self.seen = 0  # row labels (or, for a `values` table, value cells) found at all
        self.irregular: list[IrregularLabel] = []  # labels that anchored despite a remark or typo
        self.labels_only = False  # labels found, but not one number in the table (a template left empty)
        self.glued = False  # the table's text runs together without separators between its cells

    @property
    def missing(self) -> bool:
        """Nothing of the table is there: not one of its row labels (or values)."""
        return self.seen == 0

    @property
    def readable(self) -> bool:
        return not self.problems and not self.missing

    def value(self, row: str, column: str) -> Reading | None:
        return self.cells.get(row, {}).get(column)


# Keyed by text: reports repeat the same cell texts (0, 总计, the official row labels) and every
# template of a section reads the same cells, so a key is computed once per text.
@lru_cache(maxsize=8192)
def _label_keys(cell_text: str) -> tuple[str, ...]:
    """The cell's label key; for a group label merged with its first item (`（三）不予公开
    1.属于国家秘密`, a rowspan cell flattened into the row), also the item's key. None for a
    value cell, which is never a label."""
    if parse_value(cell_text) is not False:
        return ()
    keys = [label_key(cell_text)]
    parts = _EMBEDDED_ITEM.split(cell_text)
    if len(parts) > 1:
        keys.append(label_key(parts[-1]))
    return tuple(k for k in keys if k)


_MIN_PREFIX = 4  # a label shorter than this (其他, 总计) must match exactly


class _LabelIndex:
    """The row labels of a template, indexed so that a cell key is matched in a few lookups.
    A key is a row's label when it equals the label or a variant, starts with one of at least
    four characters (the rest of a long label cell), or, being four or more, is the start of
    one (a label cut by the layout). `known` keeps what `_match` found for each cell text
    already seen with this template, and the number it states: reports repeat the same labels,
    so a text is matched once per process, not once per report (a plain class: built once per
    template, never compared)."""

    __slots__ = ("exact", "starts", "lengths", "known")

    def __init__(self, exact: dict[str, frozenset[int]], starts: dict[str, frozenset[int]], lengths: tuple[int, ...]):
        self.exact = exact  # label key -> rows
        self.starts = starts  # every prefix of 4+ characters of a label key -> rows
        self.lengths = lengths  # the lengths of the label keys of 4+ characters
        self.known: dict[str, tuple[frozenset[int], str, Decimal | None | bool]] = {}

    def rows(self, key: str) -> frozenset[int]:
        found = set(self.exact.get(key, ()))
        if len(key) >= _MIN_PREFIX:
            found.update(self.starts.get(key, ()))
        for n in self.lengths:
            if n < len(key):
                found.update(self.exact.get(key[:n], ()))
        return frozenset(found)

    def typo(self, key: str) -> frozenset[int]:
        """The rows of the one label of five characters or more that `key` misses by one
        character (left out, added or replaced); nothing when none or several do."""
        if len(key) < _MIN_TYPO:
            return frozenset()
        found = {rows for want, rows in self.exact.items() if len(want) >= _MIN_TYPO and _one_edit(key, want)}
        return next(iter(found)) if len(found) == 1 else frozenset()


_MIN_TYPO = 5  # a label shorter than this is too short to tell a typo from another word


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by exactly one character left out, added or replaced."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


_INDEXES: dict[int, tuple[Template, _LabelIndex]] = {}  # id(template) -> (template, its index)


def _label_index(template: Template) -> _LabelIndex:
    """The index of a template's labels, made once per template object (looked up by identity:
    hashing a frozen Template walks all its rows, every time)."""
    return of_object(_INDEXES, template, _make_label_index, 64)


def _make_label_index(template: Template) -> _LabelIndex:
    exact: dict[str, set[int]] = {}
    starts: dict[str, set[int]] = {}
    for i, row in enumerate(template.rows):
        for want in {label_key(label) for label in (row.label, *row.variants)}:
            exact.setdefault(want, set()).add(i)
            for n in range(_MIN_PREFIX, len(want) + 1):
                starts.setdefault(want[:n], set()).add(i)
    lengths = tuple(sorted({len(w) for w in exact if len(w) >= _MIN_PREFIX}))
    freeze = lambda d: {k: frozenset(v) for k, v in d.items()}  # noqa: E731
    return _LabelIndex(freeze(exact), freeze(starts), lengths)


def _match(index: _LabelIndex, text: str) -> tuple[frozenset[int], str]:
    """The template rows whose label the cell text carries, and how regularly: "" (the label,
    a variant, a cut or a longer label cell), "remark" (with a parenthesised remark the label
    does not have), "typo" (one character off)."""
    keys = _label_keys(text)
    if not keys:
        return frozenset(), ""
    rows = frozenset().union(*(index.rows(k) for k in keys))
    bare = label_key(without_parentheticals(text)) if "(" in text or "（" in text else keys[0]
    if bare != keys[0] and bare in index.exact and not any(k in index.exact for k in keys):
        return index.exact[bare], "remark"  # `规章（仅设区的市级政府填写）`
    if rows:
        return rows, ""
    typo = index.typo(keys[0])
    return (typo, "typo") if typo else (frozenset(), "")


def _rows_labelled(cells: Sequence[Cell], template: Template) -> list[frozenset[int]]:
    """For each cell, the indexes of the template rows whose label it carries (computed once
    per distinct text: reading then never matches a label twice)."""
    return _matches(cells, template)[0]


def _matches(cells: Sequence[Cell], template: Template) -> tuple[list[frozenset[int]], list[str], list[Decimal | None | bool]]:
    """For each cell, the rows whose label it carries and how regularly (see `_match`), and
    the number it states (see `parse_value`)."""
    index = _label_index(template)
    known = index.known
    if len(known) > _KNOWN_TEXTS:  # a long batch of varied reports: start again, bounded
        known.clear()
    texts = [cell.text for cell in cells]
    found = list(map(known.get, texts))
    if None in found:  # a text not seen before with this template
        for i, one in enumerate(found):
            if one is None:
                text = texts[i]
                found[i] = known[text] = (*_match(index, text), parse_value(text))
    if not found:
        return [], [], []
    rows, kinds, parsed = zip(*found)
    return list(rows), list(kinds), list(parsed)


_KNOWN_TEXTS = 20000  # cell texts remembered per template (labels, and the values between them)
_GLUED = attrgetter("glued")  # a cell whose text runs together with its neighbours'


def read_grid(template: Template, tables: Sequence[Table], cells: list[Cell] | None = None) -> Grid:
    """Read the cell stream of `tables` (the fragments of one table, in order) as `template`;
    `cells`: the cells of the tables, in order, when the caller has listed them."""
    if cells is None:
        cells = [c for t in tables for c in t.cells]
    grid = Grid(template, tables[0].span, where=cells[0].where if cells else None)
    glued = next(filter(_GLUED, cells), None)
    if glued is not None:
        grid.glued, grid.seen = True, 1
        grid.problems.append(Problem(
            glued.span, "单元格之间没有分隔，数值连在一起", "its cells run together without separators", glued.where,
        ))
        return grid
    if template.layout == "values":
        _read_values(grid, cells)
    else:
        _read_labelled(grid, cells)
    if grid.seen and not any(c.text.strip() and is_value(c) for c in cells):
        grid.labels_only = True  # the template published without its numbers: one reason, not one per row
        grid.problems[:] = [Problem(grid.span, "只有表格标签，没有填写任何数值", "it has its labels but not one number", grid.where)]
    return grid


def _read_values(grid: Grid, cells: list[Cell]) -> None:
    """The value cells row by row. Where the source gives each cell its row (HTML, Word,
    Markdown), a blank cell of a row of values keeps its place; otherwise only the cells that
    say something count, and their number must be exactly the template's."""
    t = grid.template
    need = len(t.rows) * len(t.columns)
    values = _positional_values(cells)
    if values is None or len(values) != need:
        written = [c for c in cells if c.text.strip() and is_value(c)]
        if values is None or len(written) == need:
            values = written
    grid.seen = len(values) or _names_a_header(cells, t)
    if len(values) != need:
        if values:
            grid.problems.append(Problem(
                grid.span,
                f"应有{need}个数值，读到{len(values)}个",
                f"expected {need} values, found {len(values)}",
                grid.where,
            ))
        return
    it = iter(values)
    for row in t.rows:
        grid.cells[row.id] = {col.id: Reading(c, _number(c)) for col, c in zip(t.columns, it)}


def _positional_values(cells: list[Cell]) -> list[Cell] | None:
    """The cells of the rows that hold only values (blanks included, at least one written),
    when every cell's row is known; None otherwise."""
    if not cells or any(c.row is None for c in cells):
        return None
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    return [
        c for row in rows.values()
        if all(is_value(c) for c in row) and any(c.text.strip() for c in row)
        for c in row
    ]


def _names_a_header(cells: list[Cell], t: Template) -> bool:
    """A `values` table without values is still there when its header is: a cell that is one of
    its row or column labels."""
    names = {label_key(x.label) for x in (*t.rows, *t.columns)}
    names |= {label_key(part) for r in t.rows for part in r.label.split()}
    return any(label_key(c.text) in names for c in cells if c.text.strip())


def _number(cell: Cell) -> Decimal | None:
    """The number of a value cell, None when not reported (0 stays 0)."""
    v = parse_value(cell.text)
    return v if isinstance(v, Decimal) else None


def _read_labelled(grid: Grid, cells: list[Cell]) -> None:
    """Bind each template row to its label and the value cells right after it. After a
    problem, reading goes on with the next rows (a later row found by its own label is still
    bound, for the cell findings), but the grid stays unreadable for the identities."""
    t = grid.template
    width = len(t.columns)
    labels, kinds, parsed = _matches(cells, t)  # each cell's rows and number, once
    labelled = [i for i, rows in enumerate(labels) if rows]
    headers = {label_key(c.label) for c in t.columns}
    pos = 0
    index = 0
    while index < len(t.rows):
        row = t.rows[index]
        candidates = _candidates(cells, labels, labelled, pos, index, headers)
        grid.seen += bool(candidates)
        if not candidates:
            if not row.heading:
                grid.problems.append(Problem(grid.span, f"未找到“{row.name}”行", f"row “{row.name}” not found", grid.where))
            index += 1
            continue
        best: tuple[int, int, list[Reading]] | None = None
        for found in candidates:  # a heading that repeats the label comes before the real row
            end, readings = values_after(cells, found, width, t, labels, parsed)
            if best is None or len(readings) > len(best[2]):
                best = (found, end, readings)
            if len(readings) == width:
                break
        found, end, readings = best
        stray = [cells[i] for i in range(pos, found) if parsed[i] is not False and cells[i].text.strip()] if found > pos > 0 else ()
        if stray:
            grid.problems.append(Problem(
                stray[0].span,
                f"“{row.name}”之前有{len(stray)}个数值不属于任何行（标签与数值未对齐）",
                f"{len(stray)} values before “{row.name}” belong to no row (labels and values do not line up)",
                stray[0].where,
            ))
        if row.heading:  # a group title: pass over whatever numbers stand beside it ...
            if any(r > index for r in labels[found]):
                pos = found  # ... unless its cell is also the label of a row under it (`三、本年度办理结果 （一）予以公开`)
            else:
                while end < len(cells) and (parsed[end] is not False or squeeze(cells[end].text) in t.skip):
                    end += 1
                pos = end
            index += 1
            continue
        block = _label_block(cells, labels, found, index, t) if not readings else None
        if block is not None:  # labels first, then their values (PDF extraction)
            bound = block.readings(width)
            if bound is not None:
                for (r, at), values in zip(block.rows, bound):
                    _bind(grid, t.rows[r], cells[at], kinds[at], values)
            else:  # not one of the block's rows is read: which value is whose would be a guess
                n, need = len(block.rows), len(block.rows) * width
                grid.problems.append(Problem(
                    cells[found].span,
                    f"自“{row.name}”起{n}行的标签连在一起，其后有{len(block.values)}个数值，应有{need}个",
                    f"the labels of {n} rows from “{row.name}” come one after another, then {len(block.values)} values where {need} are needed",
                    cells[found].where,
                ))
            grid.seen += len(block.rows) - 1
            pos = block.end
            index += len(block.rows)
            continue
        if len(readings) < width:
            grid.problems.append(Problem(
                cells[found].span,
                f"“{row.name}”行只读到{len(readings)}个数值，应有{width}个",
                f"row “{row.name}” has {len(readings)} values, expected {width}",
                cells[found].where,
            ))
            pos = found + 1
            index += 1
            continue
        _bind(grid, row, cells[found], kinds[found], readings)
        pos = end
        index += 1


def _bind(grid: Grid, row: RowSpec, label: Cell, kind: str, readings: list[Reading]) -> None:
    grid.cells[row.id] = {col.id: r for col, r in zip(grid.template.columns, readings)}
    if kind:
        grid.irregular.append(IrregularLabel(row.id, label, kind, row.label))


class _Block:
    """Labels of consecutive rows one after the other, then a run of values."""

    __slots__ = ("rows", "values", "end")

    def __init__(self, rows: list[tuple[int, int]], values: list[Cell], end: int):
        self.rows = rows  # (row index, label cell)
        self.values = values
        self.end = end  # the cell after the run of values

    def readings(self, width: int) -> list[list[Reading]] | None:
        """Each row's values, read row by row — only when the values are exactly as many as
        the rows have cells, never when one is missing or left over."""
        if len(self.values) != len(self.rows) * width:
            return None
        readings = [Reading(c, _number(c)) for c in self.values]
        return [readings[k * width:(k + 1) * width] for k in range(len(self.rows))]


def _label_block(cells: list[Cell], labels: list[frozenset[int]], found: int, index: int, t: Template) -> _Block | None:
    """PDF extraction that gives the labels of consecutive rows (`index`, `index`+1, …) one
    after the other, then their values; None when the label at `found` is not followed by
    the label of the next row."""
    block: list[tuple[int, int]] = []  # (row index, label cell)
    i, r = found, index
    while i < len(cells) and r < len(t.rows) and not t.rows[r].heading and r in labels[i]:
        block.append((r, i))
        i, r = i + 1, r + 1
    if len(block) < 2:
        return None
    values: list[Cell] = []
    while i < len(cells) and (is_value(cells[i]) or squeeze(cells[i].text) in t.skip):
        if is_value(cells[i]):
            values.append(cells[i])
        i += 1
    return _Block(block, values, i)


def _candidates(cells: list[Cell], labels: list[frozenset[int]], labelled: list[int], pos: int, index: int,
                headers: set[str]) -> list[int]:
    """Cells from `pos` that carry the label of row `index`, up to the first label of a later
    row (a repeated column header such as 总计 does not count as one). `labelled`: the
    positions of the cells that carry any row's label, in order (the only cells looked at)."""
    found: list[int] = []
    for i in labelled[bisect_left(labelled, pos):]:
        rows = labels[i]
        if index in rows:
            found.append(i)
        elif found and rows and max(rows) > index and label_key(cells[i].text) not in headers:
            break
    return found


def values_after(
    cells: list[Cell], found: int, width: int, t: Template, labels: list[frozenset[int]] | None = None,
    parsed: list[Decimal | None | bool] | None = None,
) -> tuple[int, list[Reading]]:
    """The value cells right after a label (skipping units and up to two continuation cells
    of a wrapped label), at most `width`; and where reading stopped. `parsed`: parse_value of
    each cell, when the caller has it already."""
    if labels is None:
        labels = _rows_labelled(cells, t)
    i, tail, readings = found + 1, 0, []
    n, skip, count = len(cells), t.skip, 0
    while i < n and count < width:
        cell = cells[i]
        number = parse_value(cell.text) if parsed is None else parsed[i]
        if number is not False:
            readings.append(Reading(cell, number))  # a Decimal, or None: not reported
            count += 1
        elif skip and squeeze(cell.text) in skip:
            pass
        elif not count and tail < _MAX_LABEL_TAIL and not labels[i]:
            tail += 1
        else:
            break
        i += 1
    return i, readings
