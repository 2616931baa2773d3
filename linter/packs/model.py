"""What a rule pack declares, once loaded: rules and their examples, the eras of the reports, the
words of the messages, and the data of each era resolved for the analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linter.cache import regex
from linter.findings import Severity

LANGUAGES = ("zh", "en")
_FIELD = regex(r"\{(\w+)\}")


def placeholders(template: str) -> list[str]:
    """The `{name}` fields of a message template, in order."""
    return _FIELD.findall(template)


@dataclass(frozen=True, slots=True)
class Words:
    """A text in both languages of the messages: a fixed label, or a template whose `{fields}`
    a check fills (pack data `texts:`, a rule's message)."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True, slots=True)
class Example:
    """A report from a rule pack that the tests run: `fail` ones must produce exactly the
    `expect`ed findings of the rule (line, column and message), `pass` ones none. The text is
    written out, or a named example report (rules/examples/NAME.md) with some of its text
    replaced."""

    kind: str  # "fail" | "pass"
    text: str
    era: str | None = None
    expect: tuple[tuple[int, int, str], ...] = ()  # (line, column, message) of each expected finding
    report: str | None = None  # the example report it is made from, when it is
    replace: tuple[tuple[str, str], ...] = ()  # (old, new) replacements made in that report
    previous: str | None = None  # a check across years: the same body's report of an earlier year


@dataclass(frozen=True, slots=True)
class Era:
    """An era of the reports (pack data `eras:`): the years it covers (None = open end), the
    alias --era accepts, its name in messages, and whether it is chosen for a year only when
    the content shows its fingerprint (the 统计表 of 2014–2018 beside the narrative reports)."""

    id: str
    first: int | None
    last: int | None
    alias: str
    name: str
    by_fingerprint: bool = False
    name_en: str = ""

    def covers(self, year: int) -> bool:
        return (self.first is None or year >= self.first) and (self.last is None or year <= self.last)

    @property
    def words(self) -> Words:
        return Words(self.name, self.name_en or self.name)


def era_for(eras: dict[str, Era], year: int | None, content: str | None) -> str:
    """A report's era (`eras` oldest first): of the eras covering its year, the one its content
    shows if any, else the first not chosen by fingerprint alone; without a year, the content's
    era; else the newest. A year before the first era takes the oldest, after the last the
    newest."""
    newest = next(reversed(eras))
    if year is None:
        return content or newest
    covering = [e for e in eras.values() if e.covers(year)]
    if not covering:
        oldest = next(iter(eras.values()))
        return oldest.id if oldest.first is not None and year < oldest.first else newest
    if content in (e.id for e in covering):
        return content
    return next((e.id for e in covering if not e.by_fingerprint), covering[0].id)


@dataclass(frozen=True, slots=True)
class Rule:
    """What `xxgk-lint rules` lists and `explain` prints; the metadata SARIF carries; and what
    the engine runs: the kind and its checked parameters."""

    id: str
    name: str
    severity: Severity
    kind: str  # which check kind carries it out
    message: str  # Chinese message template
    message_en: str
    basis: str  # legal basis, e.g. 国办公开办函〔2021〕30号
    docs: str
    pack: str  # the pack that defines it
    eras: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    params: dict = field(default_factory=dict, hash=False, compare=False)  # the kind's parameters, checked
    supersedes: tuple[str, ...] = ()  # rules whose finding at the same place this one makes redundant

    @property
    def words(self) -> Words:
        return Words(self.message, self.message_en)


@dataclass(slots=True)
class Pack:
    name: str
    path: str
    title: str
    eras: tuple[str, ...]
    extends: tuple[str, ...]
    data: dict[str, Any]  # the pack's data keys (sections, tables, narrative, ...), checked
    rules: list[Rule] = field(default_factory=list)
    texts: dict[str, Words] = field(default_factory=dict)
    lines: dict[str, int | None] = field(default_factory=dict)  # line of each top-level key, of each rule id


@dataclass(eq=False, slots=True)
class Resolved:
    """The packs that apply to one era, merged: their data (a later pack's key wins; tables
    merge by `replace_rows`), their rules (a later check of the same id wins) and the texts of
    every pack. Built once per era; compared by identity, so the analysis can cache what it
    derives from it."""

    era: str
    data: dict[str, Any]
    rules: list[Rule]
    texts: dict[str, Words]
    eras: dict[str, Era]
