"""What the parser knows of the formats: the official titles of the numbered sections and the
row labels of the official tables, taken from the rule packs (`sections:` and `tables:`).

The lexer uses them to tell structure apart where the shape of a line does not: a line that
starts `一、本年新收政府信息公开申请数量` is a row label of 表三, not a section heading, even
with no number after it (a template published without its numbers); `二、主动公开政府信息情况`
inside a long line is a section heading (a body exported as one line); `规章000行政规范性文件12…`
is a table whose cells were glued together. Nothing of the formats is written here: a new
format is a pack edit.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from linter.cache import regex
from linter.chinese import SQUEEZED, squeeze
from linter.memo import SHORT_TEXT, of_object

if TYPE_CHECKING:
    from linter.packs.load import PackSet

_LEADING_NUMBERING = regex(r"^(?:#+)?(?:[一二三四五六七八九十]+|\d+)(?=\D)")
# What follows a count in prose (`53件`, `12%`, `2023年`): a number glued to a label and
# followed by one of these is a sentence, not table cells run together.
_UNITS = "件条个项次人元万千百亿%％年月日号起宗份篇场期名家户批类余多倍"
_KEPT = regex(f"[^{SQUEEZED}]")  # a character squeeze() keeps
_PARENTHETICAL = regex(r"[（(][^（()）]*[)）]")


def label_key(text: str) -> str:
    """Squeezed text without its leading numbering (一、 （三） 1. ###): how table labels are
    compared, whatever spaces, punctuation and numbering a report gives them. The key of a
    short text (a label, a cell: the longest official label is 35 characters) is kept
    (`_kept_label_key`); a longer one, prose, is computed every time."""
    return _kept_label_key(text) if len(text) <= SHORT_TEXT else _label_key(text)


def _label_key(text: str) -> str:
    return key_of_squeezed(squeeze(text))


def key_of_squeezed(squeezed: str) -> str:
    """label_key of a text from the text squeezed (`squeeze(text)`)."""
    return _LEADING_NUMBERING.sub("", squeezed.lstrip("#"), count=1)


_kept_label_key = lru_cache(maxsize=4096)(_label_key)


def without_parentheticals(text: str) -> str:
    """The text with its parenthesised remarks removed (`规章（仅设区的市级政府填写）` → `规章`)."""
    previous = None
    while previous != text:  # nested remarks, innermost first
        previous, text = text, _PARENTHETICAL.sub("", text)
    return text


class Vocabulary:
    """section_titles: squeezed full titles of the numbered sections, longest first;
    section_phrases: squeezed phrases that name a section (a title contains one);
    row_labels: label keys of the table rows that carry numbers (not group titles);
    group_labels: label keys of the group titles of the tables (`本年度办理结果`);
    glued: matches a row label directly followed by a digit, in squeezed text;
    glued_hint: matches, in the text before it is squeezed, what each match of `glued` comes
    from: the last character of a label, then a digit (squeezed characters and a sign between).
    A line without it has no glued label, and is neither squeezed nor scanned for one.

    Made once per pack set and never changed (but for line_classes and line_cuts: the lexer's
    memo of the class of each short line it saw with this vocabulary, and parse/inline.py's of
    where each short line with a heading in it is cut); a plain class (never compared, hashed
    or printed)."""

    __slots__ = ("section_titles", "section_phrases", "_section_phrase", "row_labels", "group_labels", "glued", "glued_hint",
                 "line_classes", "line_cuts")

    def __init__(
        self,
        section_titles: tuple[str, ...] = (),
        section_phrases: tuple[str, ...] = (),
        row_labels: frozenset[str] = frozenset(),
        group_labels: frozenset[str] = frozenset(),
        glued: re.Pattern | None = None,
        glued_hint: re.Pattern | None = None,
    ):
        self.section_titles = section_titles
        self.section_phrases = section_phrases
        # any of them, as one expression: one search instead of a test for each phrase
        self._section_phrase = regex("|".join(map(re.escape, section_phrases))) if section_phrases else None
        self.row_labels = row_labels
        self.group_labels = group_labels
        self.glued = glued
        self.glued_hint = glued_hint
        self.line_classes: dict[str, int] = {}
        self.line_cuts: dict[str, list[int] | None] = {}

    def is_section_title(self, title: str) -> bool:
        s = squeeze(title)
        return bool(s) and self._section_phrase is not None and self._section_phrase.search(s) is not None

    def is_row_label(self, text: str, squeezed: str | None = None) -> bool:
        """The text is an official row label of four characters or more (numbering, spaces,
        punctuation and parenthesised remarks aside; no row label is a section title). Shorter
        labels (其他, 总计, 规章) are words of headings and prose too: only the table's shape
        tells. `squeezed`: the text squeezed, when the caller has it."""
        key = label_key(text) if squeezed is None else key_of_squeezed(squeezed)
        if key not in self.row_labels:
            if "(" not in text and "（" not in text:
                return False
            key = label_key(without_parentheticals(text))
            if key not in self.row_labels:
                return False
        return len(key) >= 4

    def is_table_label(self, text: str) -> bool:
        """A row label or the group title of rows (`本年度办理结果`), of four characters or more."""
        key = label_key(text)
        return self.is_row_label(text) or len(key) >= 4 and key in self.group_labels

    def title_end(self, text: str, start: int) -> int | None:
        """Where an official section title that starts at `start` ends in `text` (an index into
        `text`), or None when none starts there. Spaces and punctuation inside the title are
        passed over as `squeeze` does."""
        squeezed = squeeze(text[start:start + 80])
        if not squeezed.startswith(self.section_titles):
            return None  # (most calls: a list in a sentence)
        title = next(title for title in self.section_titles if squeezed.startswith(title))  # the longest
        kept = _KEPT.finditer(text, start, start + 80)  # the characters squeeze keeps
        return next(islice(kept, len(title) - 1, None)).end()

    def glued_labels(self, text: str, squeezed: str | None = None) -> int:
        """How many row labels in `text` are directly followed by a digit: the cells of a table
        run together without separators. `squeezed`: the text squeezed, when the caller has it."""
        if self.glued is None or self.glued_hint is not None and not self.glued_hint.search(text):
            return 0  # no label's last character before a digit (most lines of prose and labels)
        return sum(1 for _ in self.glued.finditer(squeeze(text) if squeezed is None else squeezed))


EMPTY = Vocabulary()


_CACHE: dict[int, tuple["PackSet", Vocabulary]] = {}


def vocabulary(packs: "PackSet") -> Vocabulary:
    """The vocabulary of every era of `packs` (computed once per pack set: load_packs returns
    the same set for the same packs)."""
    return of_object(_CACHE, packs, _build, 8)


def _build(packs: "PackSet") -> Vocabulary:
    titles: set[str] = set()
    phrases: set[str] = set()
    labels: set[str] = set()
    groups: set[str] = set()
    for era in packs.eras:
        data = packs.resolve(era).data
        for section in data.get("sections", []):
            titles.add(squeeze(section["title"]))
            titles.update(squeeze(m) for m in section.get("match", []))
            phrases.update(squeeze(m) for m in section.get("match", []))
        for table in (data.get("tables") or {}).values():
            if not table or table.get("layout") == "values":
                continue  # its row names stand in the header (行政复议), not before numbers
            for row in table.get("rows", {}).values():
                keys = {label_key(str(label)) for label in (row["label"], *row.get("variants", []))}
                (groups if row.get("heading") else labels).update(keys)
    labels.discard("")
    # A label of four characters or more glued to a number that has no unit after it
    # (`行政规范性文件1237190第二十条`); prose counts carry one (`办理行政许可53件`). Longest
    # label first, so that the longest label wins; labels of one length in their own order, so
    # that the expression is the same at every start (not in the set's order, which changes
    # with the hash seed: the expression was compiled afresh by every process, ~8 ms, instead
    # of being restored from the cache).
    long_labels = sorted((k for k in labels if len(k) >= 4), key=lambda k: (-len(k), k))
    glued = regex(
        "(?:" + "|".join(map(re.escape, long_labels)) + r")(?=[+-]?\d[\d.]*(?![\d.])(?!\s*[" + _UNITS + "]))"
    ) if long_labels else None
    lasts = re.escape("".join(sorted({label[-1] for label in long_labels})))
    glued_hint = regex(rf"[{lasts}][{SQUEEZED}]*(?:[+-][{SQUEEZED}]*)?\d") if long_labels else None
    return Vocabulary(
        section_titles=tuple(sorted(titles, key=len, reverse=True)),
        section_phrases=tuple(sorted(phrases)),
        row_labels=frozenset(labels - phrases - titles),
        group_labels=frozenset(groups - labels - phrases - titles),
        glued=glued,
        glued_hint=glued_hint,
    )
