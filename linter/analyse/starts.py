"""Many patterns over one text, fast: each tried only where one of its matches can start.

The claim patterns of the packs open with look-behinds (`(?<![和及与或])(?:予以公开|同意公开)…`), and a
pattern that opens with anything but a literal makes the regex engine attempt a whole match at
every position of the text: some twenty patterns over every passage of a report cost more than
the rest of its analysis. Yet a match of such a pattern can only start on one of a few
characters (予, 同). `first_chars` (linter/patterns.py) reads those from the pattern's syntax
tree; `Finder` finds, in one pass of the engine, the positions of the text that hold any of
them, and tries each pattern only there, with `pattern.match(text, pos)` (a look-behind still
sees the text before `pos`). The matches are exactly `pattern.finditer(text)`'s: leftmost
first, none overlapping the one before. A pattern whose first characters cannot be told (a
class such as `\\d` or `[^，]`, a case-insensitive one, one that may match the empty string) is
searched with finditer, as before.
"""

from __future__ import annotations

import re
from typing import Sequence

from linter import cache
from linter.cache import regex
from linter.patterns import CLASS_TESTS, first_chars, required_strings

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

    __slots__ = ("patterns", "index", "starts", "firsts", "plain", "by_char", "needs")

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
        body = "".join(c if c in CLASS_TESTS else re.escape(c) for c in every)
        self.starts = regex(f"[{body}]") if body else None  # any pattern's first character
        self.by_char: dict[str, tuple[int, ...]] = {}  # a character -> the patterns it may start
        self.needs: tuple[str, ...] | None | bool = False  # see may_contain (False: not read yet)

    def _starting(self, char: str) -> tuple[int, ...]:
        if len(self.by_char) > _KNOWN_CHARS:
            self.by_char.clear()
        found = self.by_char[char] = tuple(
            k for k, chars in self.firsts.items() if char in chars or any(CLASS_TESTS[c](char) for c in chars if c in CLASS_TESTS)
        )
        return found

    def may_match(self, text: str) -> bool:
        """Whether any of the patterns may match in the text: False only when none can start."""
        if self.plain:
            return True
        return self.starts is not None and self.starts.search(text) is not None

    def may_contain(self, text: str) -> bool:
        """Whether any of the patterns may match somewhere in the text: False only when the text
        has none of the strings one of which every match of one of them has (linter/patterns.py
        `required_strings`, read when first asked; never for a case-insensitive pattern), so
        that a text is passed over without a search that tries a pattern at every position."""
        needs = self.needs
        if needs is False:
            strings: set[str] = set()
            for pattern in self.patterns:
                required = None if pattern.flags & re.IGNORECASE else required_strings(pattern)
                if required is None:
                    strings = None
                    break
                strings.update(required)
            needs = self.needs = None if strings is None else tuple(sorted(strings))
        if needs is None:
            return True
        for string in needs:
            if string in text:
                return True
        return False

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

