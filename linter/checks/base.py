"""What a check kind is: a pure function of the analysis and its parameters that yields hits,
and the contract it declares for the pack loader (parameters, message fields, texts).

A hit says where and gives the values of the message's fields; it never holds a sentence of
its own. A value that is words (a note, a fragment such as 早于统计年度结束) is a `Text`: the id
of a pack text (`texts:` in rules/*.yaml, zh and en), rendered in the language of the output by
the engine, so that `--lang` is one lookup and every user-facing word is in the packs.

Text, Join, Note, Hit and Kind are plain classes with __slots__, not dataclasses: nothing
compares, hashes or copies them (the engine turns each hit into a Finding, which is compared),
a dataclass costs every start ~0.3 ms to make, and a frozen one's __init__ is slow for objects
made once per hit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from linter.document import Span
from linter.packs.load import KindContract
from linter.packs.model import Words
from linter.packs.schema import Field


class Text:
    """A pack text (by id) with the values of its fields."""

    __slots__ = ("id", "values")

    def __init__(self, id: str, values: tuple[tuple[str, Any], ...] = ()):
        self.id = id
        self.values = values

    @classmethod
    def of(cls, text_id: str, **values: Any) -> "Text":
        return cls(text_id, tuple(values.items()))


class Join:
    """Several values joined by a separator in the language of the output (a pack text)."""

    __slots__ = ("items", "sep")

    def __init__(self, items: tuple[Any, ...], sep: Text):
        self.items = items
        self.sep = sep


class Note:
    """A related location: where, and what it says (a Text, or a label quoted from the report
    or the format, the same in both languages)."""

    __slots__ = ("span", "text", "where", "path")

    def __init__(self, span: Span, text: Any, where: str | None = None, path: str | None = None):
        self.span = span
        self.text = text
        self.where = where
        self.path = path  # in another report (a check across years)


class Hit:
    """A defect a kind found: where, the values of the message's fields, related locations."""

    __slots__ = ("span", "values", "related", "key", "table", "row", "column_label", "where", "expected")

    def __init__(self, span: Span, values: dict[str, Any] | None = None, related: tuple[Note, ...] = (), key: str = "",
                 table: str | None = None, row: str | None = None, column_label: str | None = None,
                 where: str | None = None, expected: Any = None):
        self.span = span
        self.values = {} if values is None else values
        self.related = related
        self.key = key  # what identifies the defect across edits (baseline fingerprints)
        self.table = table  # for a finding about a table cell: its official labels
        self.row = row
        self.column_label = column_label
        self.where = where
        self.expected = expected  # a failed identity: the value the reported cell would need


Run = Callable[[Any, dict], Iterable[Hit]]  # (Analysis, params) -> hits


def once(analysis, key, make: Callable[[], Any]) -> Any:
    """make(), kept in the analysis's memo for the report: the rules of a kind that read the
    same thing find it once. (An analysis without a memo makes it every time.)"""
    memo = getattr(analysis, "memo", None)
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


class Kind:
    """A check kind: its contract and the function that runs it."""

    __slots__ = ("contract", "run", "late", "scope")

    def __init__(self, contract: KindContract, run: Run, late: bool = False, scope: str = "report"):
        self.contract = contract
        self.run = run
        self.late = late  # runs after the inline suppressions are applied (it reports on them)
        self.scope = scope  # "report": run(analysis, params); "series": run(pair, params)

    @property
    def name(self) -> str:
        return self.contract.name


def kind(name: str, run: Run, *, params: dict[str, Field | Any] | None = None, fields: Iterable[str] = (),
         texts: dict[str, Iterable[str]] | None = None, check_params: Callable | None = None, late: bool = False,
         scope: str = "report") -> Kind:
    """Declare a kind: its parameters (schema nodes, packs/schema.py), the fields its hits fill
    in a message, and the texts it renders with the fields each may use. `scope` is "report"
    (run on the analysis of one report) or "series" (run on two reports of one body,
    linter/checks/series.py)."""
    fields_ = {k: v if isinstance(v, Field) else Field(v) for k, v in (params or {}).items()}
    contract = KindContract(
        name=name, params=fields_, fields=frozenset(fields),
        texts={t: frozenset(f) for t, f in (texts or {}).items()}, check_params=check_params,
    )
    return Kind(contract, run, late, scope)


__all__ = ["Hit", "Join", "Kind", "Note", "Text", "Words", "kind", "once"]
