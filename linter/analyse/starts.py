"""Many patterns over one text, fast: each tried only where one of its matches can start.

The claim patterns of the packs open with look-behinds (`(?<![和及与或])(?:予以公开|同意公开)…`),
and a pattern that opens with anything but a literal makes the regex engine attempt a whole
match at every position of the text: some twenty patterns over every passage of a report cost
more than the rest of its analysis. Yet a match of such a pattern can only start on one of a
few characters (予, 同). `first_chars` reads those from the pattern's own syntax tree; `Finder`
finds, in one pass of the engine, the positions of the text that hold any of them, and tries
each pattern only there, with `pattern.match(text, pos)` (a look-behind still sees the text
before `pos`). The matches are exactly `pattern.finditer(text)`'s: leftmost first, none
overlapping the one before. A pattern whose first characters cannot be told (a class such as
`\\d` or `[^，]`, a case-insensitive one, one that may match the empty string) is searched
with finditer, as before.
"""

from __future__ import annotations

import re
from typing import Sequence

try:  # the regex syntax tree: re._parser since Python 3.11, sre_parse before
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover — Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

from linter import cache
from linter.cache import regex

_MAX_RANGE = 64  # a range of characters wider than this is not spelt out (`[一-龥]`): no first set
# the classes a first character may be of (not \D, \S, \W: almost every character), with the
# test of a character that is of the class: the engine's own (Py_UNICODE_ISDECIMAL, …)
_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"}
_IS = {r"\d": str.isdecimal, r"\s": str.isspace, r"\w": lambda char: char.isalnum() or char == "_"}


def first_chars(pattern: re.Pattern) -> tuple[str, ...] | None:
    """The characters a match of the pattern can start with, sorted: single characters and
    class escapes (`\\d`); None when that cannot be told (or the pattern may match the empty
    string, which starts on any character)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return None
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 — another Python's parser: the plain search is always right
        return None
    found = _sequence(tree)
    if found is None or found[1] or not found[0]:
        return None
    return tuple(sorted(found[0]))


def _sequence(items) -> tuple[set[str], bool] | None:
    """The first characters of a sequence of nodes, and whether it may match the empty string."""
    chars: set[str] = set()
    for op, av in items:
        found = _node(op, av)
        if found is None:
            return None
        chars |= found[0]
        if not found[1]:
            return chars, False
    return chars, True


def _node(op, av) -> tuple[set[str], bool] | None:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        chars = set()
        for kind, value in av:
            if kind is _c.LITERAL:
                chars.add(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] <= _MAX_RANGE:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            elif kind is _c.CATEGORY and value in _CATEGORIES:
                chars.add(_CATEGORIES[value])
            else:  # a negated set, a negated category: too many characters
                return None
        return chars, False
    if op is _c.BRANCH:
        chars, empty = set(), False
        for branch in av[1]:
            found = _sequence(branch)
            if found is None:
                return None
            chars |= found[0]
            empty = empty or found[1]
        return chars, empty
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, items = av
        return None if add_flags or del_flags else _sequence(items)
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return set(), True  # zero-width: the match starts on what follows
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        least, _most, items = av
        found = _sequence(items)
        return None if found is None else (found[0], found[1] or least == 0)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(av)
    return None  # any character, a back-reference, a conditional …


# first_chars of the patterns met, (source, flags) -> first characters: parsing the packs' claim
# patterns costs milliseconds, a run on one report reads them from the user cache instead (as
# linter.cache.regex keeps the compiled code of the modules' expressions)
_KNOWN: dict[tuple[str, int], tuple[str, ...] | None] | None = None
_ADDED = False
_OFF = False  # the cache was off when they were first needed (--no-cache): nothing written at exit


def _first_chars_kept(pattern: re.Pattern) -> tuple[str, ...] | None:
    global _KNOWN, _ADDED, _OFF
    if _KNOWN is None:
        _OFF = cache.disabled()
        stored = None if _OFF else cache.load("starts", "patterns")
        _KNOWN = stored if isinstance(stored, dict) else {}
    key = (pattern.pattern, pattern.flags)
    if key not in _KNOWN:
        _KNOWN[key] = first_chars(pattern)
        if not _ADDED:
            import atexit

            _ADDED = True
            atexit.register(_store)
    return _KNOWN[key]


def _store() -> None:
    if _KNOWN and len(_KNOWN) <= _MAX_KEPT and not _OFF and not cache.disabled():
        cache.store("starts", "patterns", _KNOWN, [])


_MAX_KEPT = 2000  # patterns kept in the user cache (more: packs edited again and again; not kept)
_KNOWN_CHARS = 20000  # characters whose patterns a Finder remembers (a text's alphabet)


class Finder:
    """The matches of several patterns in a text, each list exactly `pattern.finditer(text)`.
    Built once per set of patterns (see `finder`)."""

    __slots__ = ("patterns", "index", "starts", "firsts", "plain", "by_char")

    def __init__(self, patterns: tuple[re.Pattern, ...]):
        self.patterns = patterns
        self.index = {}  # id(pattern) -> its first place in `patterns`
        for k, pattern in enumerate(patterns):
            self.index.setdefault(id(pattern), k)
        self.firsts: dict[int, tuple[str, ...]] = {}  # pattern -> its first characters
        self.plain: list[int] = []  # the patterns searched with finditer
        for k, pattern in enumerate(patterns):
            chars = _first_chars_kept(pattern)
            if chars is None:
                self.plain.append(k)
            else:
                self.firsts[k] = chars
        every = sorted({c for chars in self.firsts.values() for c in chars})
        body = "".join(c if c in _IS else re.escape(c) for c in every)
        self.starts = regex(f"[{body}]") if body else None  # any pattern's first character
        self.by_char: dict[str, tuple[int, ...]] = {}  # a character -> the patterns it may start

    def _starting(self, char: str) -> tuple[int, ...]:
        if len(self.by_char) > _KNOWN_CHARS:
            self.by_char.clear()
        found = self.by_char[char] = tuple(
            k for k, chars in self.firsts.items() if char in chars or any(_IS[c](char) for c in chars if c in _IS)
        )
        return found

    def may_match(self, text: str) -> bool:
        """Whether any of the patterns may match in the text: False only when none can start."""
        if self.plain:
            return True
        return self.starts is not None and self.starts.search(text) is not None

    def finditer(self, text: str) -> list[Sequence[re.Match]]:
        """For each pattern, in order, its matches in the text (a list; an empty tuple when it
        has none: most patterns in most texts, and no list is made for them)."""
        found: list[Sequence[re.Match]] = [()] * len(self.patterns)
        for k in self.plain:
            found[k] = list(self.patterns[k].finditer(text))
        if self.starts is None:
            return found
        patterns, by_char = self.patterns, self.by_char
        free = [0] * len(patterns)  # where the next match of each pattern may start
        for start in self.starts.finditer(text):
            pos = start.start()
            char = text[pos]
            ks = by_char.get(char)
            if ks is None:
                ks = self._starting(char)
            for k in ks:
                if pos >= free[k]:
                    m = patterns[k].match(text, pos)
                    if m is not None:
                        if found[k]:
                            found[k].append(m)
                        else:
                            found[k] = [m]
                        free[k] = m.end()
        return found


_FINDERS: dict[tuple[int, ...], Finder] = {}  # by the ids of the patterns (hashing a pattern hashes its code)


def finder(patterns: tuple[re.Pattern, ...]) -> Finder:
    """The Finder of these patterns, built once (the patterns of a pack set are few)."""
    key = tuple(map(id, patterns))
    found = _FINDERS.get(key)
    if found is None or any(a is not b for a, b in zip(found.patterns, patterns)):
        if len(_FINDERS) > 256:
            _FINDERS.clear()
        found = _FINDERS[key] = Finder(patterns)
    return found
