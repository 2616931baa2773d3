"""What a rule pack declares, once loaded: rules and their examples, the eras of the reports, the
words of the messages, and the data of each era resolved for the analysis.

Only `Words` is a dataclass: a value in hits and messages, compared and hashed as one. The
others are plain classes with __slots__ (nothing compares, hashes or copies them; they are
pickled into the user cache, and a dataclass costs every start ~0.3 ms to make on import and
its frozen __setstate__ more to read the cache).
"""

from __future__ import annotations

from dataclasses import dataclass
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


class Example:
    """A report from a rule pack that the tests run: `fail` ones must produce exactly the
    `expect`ed findings of the rule (line, column and message), `pass` ones none. The text is
    written out, or a named example report (rules/examples/NAME.md) with some of its text
    replaced."""

    __slots__ = ("kind", "text", "era", "expect", "report", "replace", "previous")

    def __init__(self, kind: str, text: str, era: str | None = None, expect: tuple[tuple[int, int, str], ...] = (),
                 report: str | None = None, replace: tuple[tuple[str, str], ...] = (), previous: str | None = None):
        self.kind = kind  # "fail" | "pass"
        self.text = text
        self.era = era
        self.expect = expect  # (line, column, message) of each expected finding
        self.report = report  # the example report it is made from, when it is
        self.replace = replace  # (old, new) replacements made in that report
        self.previous = previous  # a check across years: the same body's report of an earlier year


class Era:
    """An era of the reports (pack data `eras:`): the years it covers (None = open end), the
    alias --era accepts, its name in messages, and whether it is chosen for a year only when
    the content shows its fingerprint (the 统计表 of 2014–2018 beside the narrative reports)."""

    __slots__ = ("id", "first", "last", "alias", "name", "by_fingerprint", "name_en")

    def __init__(self, id: str, first: int | None, last: int | None, alias: str, name: str,
                 by_fingerprint: bool = False, name_en: str = ""):
        self.id = id
        self.first = first
        self.last = last
        self.alias = alias
        self.name = name
        self.by_fingerprint = by_fingerprint
        self.name_en = name_en

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


class Rule:
    """What `xxgk-lint rules` lists and `explain` prints; the metadata SARIF carries; and what
    the engine runs: the kind and its checked parameters."""

    __slots__ = ("id", "name", "severity", "kind", "message", "message_en", "basis", "docs", "pack", "eras",
                 "examples", "params", "supersedes")

    def __init__(self, id: str, name: str, severity: Severity, kind: str, message: str, message_en: str,
                 basis: str, docs: str, pack: str, eras: tuple[str, ...] = (), examples: tuple[Example, ...] = (),
                 params: dict | None = None, supersedes: tuple[str, ...] = ()):
        self.id = id
        self.name = name
        self.severity = severity
        self.kind = kind  # which check kind carries it out
        self.message = message  # Chinese message template
        self.message_en = message_en
        self.basis = basis  # legal basis, e.g. 国办公开办函〔2021〕30号
        self.docs = docs
        self.pack = pack  # the pack that defines it
        self.eras = eras
        self.examples = examples
        self.params = {} if params is None else params  # the kind's parameters, checked
        self.supersedes = supersedes  # rules whose finding at the same place this one makes redundant

    @property
    def words(self) -> Words:
        return Words(self.message, self.message_en)


class Pack:
    """One pack file, checked: its name, eras, the packs it extends, its data and rules."""

    __slots__ = ("name", "path", "title", "eras", "extends", "data", "rules", "texts", "lines")

    def __init__(self, name: str, path: str, title: str, eras: tuple[str, ...], extends: tuple[str, ...],
                 data: dict[str, Any], rules: list[Rule] | None = None, texts: dict[str, Words] | None = None,
                 lines: dict[str, int | None] | None = None):
        self.name = name
        self.path = path
        self.title = title
        self.eras = eras
        self.extends = extends
        self.data = data  # the pack's data keys (sections, tables, narrative, ...), checked
        self.rules = [] if rules is None else rules
        self.texts = {} if texts is None else texts
        self.lines = {} if lines is None else lines  # line of each top-level key, of each rule id


class Resolved:
    """The packs that apply to one era, merged: their data (a later pack's key wins; tables
    merge by `replace_rows`), their rules (a later check of the same id wins) and the texts of
    every pack. Built once per era; compared by identity, so the analysis can cache what it
    derives from it."""

    __slots__ = ("era", "data", "rules", "texts", "eras")

    def __init__(self, era: str, data: dict[str, Any], rules: list[Rule], texts: dict[str, Words],
                 eras: dict[str, Era]):
        self.era = era
        self.data = data
        self.rules = rules
        self.texts = texts
        self.eras = eras
