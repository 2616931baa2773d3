"""What a check kind is: a pure function of the analysis and its parameters that yields hits,
and the contract it declares for the pack loader (parameters, message fields, texts).

A hit says where and gives the values of the message's fields; it never holds a sentence of
its own. A value that is words (a note, a fragment such as 早于统计年度结束) is a `Text`: the id
of a pack text (`texts:` in rules/*.yaml, zh and en), rendered in the language of the output by
the engine, so that `--lang` is one lookup and every user-facing word is in the packs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from linter.document import Span
from linter.packs.load import KindContract
from linter.packs.model import Words
from linter.packs.schema import Field


@dataclass(frozen=True, slots=True)
class Text:
    """A pack text (by id) with the values of its fields."""

    id: str
    values: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, text_id: str, **values: Any) -> "Text":
        return cls(text_id, tuple(values.items()))


@dataclass(frozen=True, slots=True)
class Join:
    """Several values joined by a separator in the language of the output (a pack text)."""

    items: tuple[Any, ...]
    sep: Text


@dataclass(frozen=True, slots=True)
class Note:
    """A related location: where, and what it says (a Text, or a label quoted from the report
    or the format, the same in both languages)."""

    span: Span
    text: Any
    where: str | None = None
    path: str | None = None  # in another report (a check across years)


@dataclass(frozen=True, slots=True)
class Hit:
    span: Span
    values: dict[str, Any] = field(default_factory=dict)
    related: tuple[Note, ...] = ()
    key: str = ""  # what identifies the defect across edits (baseline fingerprints)
    table: str | None = None  # for a finding about a table cell: its official labels
    row: str | None = None
    column_label: str | None = None
    where: str | None = None
    expected: Any = None  # a failed identity: the value the reported cell would need


Run = Callable[[Any, dict], Iterable[Hit]]  # (Analysis, params) -> hits


@dataclass(frozen=True, slots=True)
class Kind:
    contract: KindContract
    run: Run
    late: bool = False  # runs after the inline suppressions are applied (it reports on them)
    scope: str = "report"  # "report": run(analysis, params); "series": run(pair, params)

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


__all__ = ["Hit", "Join", "Kind", "Note", "Text", "Words", "kind"]
