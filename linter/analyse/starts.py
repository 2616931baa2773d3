"""Many patterns over one text, fast: each tried only where one of its matches can start.

The claim patterns of the packs open with look-behinds (`(?<![和及与或])(?:予以公开|同意公开)…`), and a
pattern that opens with anything but a literal makes the regex engine attempt a whole match at
every position of the text: some twenty patterns over every passage of a report cost more than
the rest of its analysis. Yet a match of such a pattern can only start on one of a few
characters (予, 同). `first_chars` (linter/patterns.py) reads those from the pattern's syntax
tree; `Finder` finds, in one pass of the engine, the positions of the text that hold any of
them, and tries each pattern only there, with `pattern.match(text, pos)` (a look-behind still
sees the text before `pos`). Where the tree also tells the characters that can come second
(`first_pairs`: 予 then 以, 同 then 意), a position counts only when they follow: prose is
full of 不, 其 and 行, and few of them open a phrase. The matches are exactly `pattern.finditer(text)`'s: leftmost
first, none overlapping the one before. A pattern whose first characters cannot be told (a
class such as `\\d` or `[^，]`, a case-insensitive one, one that may match the empty string) is
searched with finditer, as before.
"""

from __future__ import annotations

import re
from typing import Sequence

from linter import cache
from linter.cache import regex
from linter.patterns import CLASS_TESTS, C, first_chars, parsed, required_strings

Pairs = dict[str, frozenset[str] | None]  # a first character -> the second ones (None: any)

# first_chars and first_pairs of the patterns met, (source, flags) -> both: parsing the packs'
# claim patterns costs milliseconds, a run on one report reads them from the user cache instead
# (as linter.cache.regex keeps the compiled code of the modules' expressions)
_KNOWN: dict[tuple[str, int], tuple[tuple[str, ...] | None, Pairs | None]] | None = None
_ADDED = False
_OFF = False  # the cache was off when they were first needed (--no-cache): nothing written at exit


def _starts_kept(pattern: re.Pattern) -> tuple[tuple[str, ...] | None, Pairs | None]:
    """The pattern's first_chars and first_pairs, read once per process (or from the cache)."""
    global _KNOWN, _ADDED, _OFF
    if _KNOWN is None:
        _OFF = cache.disabled()
        stored = None if _OFF else cache.load("starts", "patterns")
        _KNOWN = stored if isinstance(stored, dict) else {}
    key = (pattern.pattern, pattern.flags)
    if key not in _KNOWN:
        _KNOWN[key] = first_chars(pattern), first_pairs(pattern)
        if not _ADDED:
            import atexit

            _ADDED = True
            atexit.register(_store)
    return _KNOWN[key]


def _store() -> None:
    if _KNOWN and len(_KNOWN) <= _MAX_KEPT and not _OFF and not cache.disabled():
        cache.store("starts", "patterns", _KNOWN, [])


_MAX_KEPT = 2000  # patterns kept in the user cache (more: packs edited again and again; not kept)


# ---------------------------------------------------------------- the first two characters

_WILD = ""  # in a prefix: a character that cannot be told (of a class, any at all)
_MAX_PREFIXES = 512  # prefixes of two characters followed, at most (more: not told)
_MAX_SET = 64  # characters of a set spelt out, at most (more: a character that cannot be told)


def first_pairs(pattern: re.Pattern) -> Pairs | None:
    """For each character a match of the pattern can start with, the characters that can come
    second — None for a character after which any may come (a class, or a match of one
    character); None when the first characters cannot be told (`first_chars` then decides
    alone). Read from the pattern's syntax tree: zero-width assertions (look-behinds,
    look-aheads, anchors) constrain nothing."""
    if pattern.flags & re.IGNORECASE:
        return None
    tree = parsed(pattern)
    found = None if tree is None else _prefixes(tree.data, 2)
    if found is None:
        return None
    pairs: dict[str, set[str] | None] = {}
    for prefix in found:
        if not prefix or prefix[0] == _WILD:
            return None  # an empty match, or a first character of a class
        first, second = prefix[0], prefix[1] if len(prefix) > 1 else _WILD
        if second == _WILD:
            pairs[first] = None
        elif pairs.get(first, ()) is not None:
            pairs.setdefault(first, set()).add(second)
    return {c: None if seconds is None else frozenset(seconds) for c, seconds in pairs.items()}


def _prefixes(items, k: int) -> set[tuple[str, ...]] | None:
    """The first k characters of every match of a sequence of nodes (all of a shorter match),
    each a tuple of characters or _WILD; None when they cannot be told or are too many."""
    found: set[tuple[str, ...]] = {()}
    for op, av in items:
        if all(len(p) == k for p in found):
            break
        node = _node_prefixes(op, av, k)
        if node is None:
            return None
        found = _joined(found, node, k)
        if found is None:
            return None
    return found


def _joined(heads: set[tuple[str, ...]], tails: set[tuple[str, ...]], k: int) -> set[tuple[str, ...]] | None:
    joined = {h if len(h) == k else (h + t)[:k] for h in heads for t in tails}
    return joined if len(joined) <= _MAX_PREFIXES else None


def _node_prefixes(op, av, k: int) -> set[tuple[str, ...]] | None:
    if op is C.LITERAL:
        return {(chr(av),)}
    if op is C.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is C.LITERAL:
                chars.add(chr(value))
            elif kind is C.RANGE and value[1] - value[0] < _MAX_SET:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:  # a negated set, a category, a wide range
                return {(_WILD,)}
        return {(c,) for c in chars} if len(chars) <= _MAX_SET else {(_WILD,)}
    if op in (C.ANY, C.NOT_LITERAL):
        return {(_WILD,)}
    if op is C.BRANCH:
        found: set[tuple[str, ...]] = set()
        for branch in av[1]:
            one = _prefixes(branch, k)
            if one is None:
                return None
            found |= one
        return found if len(found) <= _MAX_PREFIXES else None
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, items = av
        return None if add_flags or del_flags else _prefixes(items, k)
    if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
        return {()}  # zero-width
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        least, most, items = av
        one = _prefixes(items, k)
        if one is None:
            return None
        # the prefixes of 0, 1, 2 … repetitions: they stop changing after k of them at most
        found, repeated, times = set(), {()}, 0
        while True:
            if times >= least:
                found |= repeated
            if times == most:
                return found
            more = _joined(repeated, one, k)
            if more is None:
                return None
            if more == repeated:
                return found | repeated
            repeated, times = more, times + 1
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _prefixes(av, k)
    return None  # a back-reference, a conditional …
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
        seconds: dict[str, set[str] | None] = {}  # a first character -> what may follow it (None: any)
        for k, pattern in enumerate(patterns):
            chars, pairs = _starts_kept(pattern)
            if chars is None:
                self.plain.append(k)
                continue
            self.firsts[k] = chars
            for c in chars:
                after = None if pairs is None or c in CLASS_TESTS else pairs.get(c)
                if after is None:
                    seconds[c] = None
                elif seconds.get(c, ()) is not None:
                    seconds.setdefault(c, set()).update(after)
        self.starts = _starts_pattern(seconds)  # where any pattern may start
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


def _starts_pattern(seconds: dict[str, set[str] | None]) -> re.Pattern | None:
    """An expression whose matches are the positions of a first character followed by one of
    its second characters (any, where None); one character long, so that none hides the next.
    A class (`\\d`) or every first character free: one set of characters, as before."""
    if not seconds:
        return None
    free = sorted(c for c, after in seconds.items() if after is None)
    if any(c in CLASS_TESTS for c in free) or len(free) == len(seconds):
        body = "".join(c if c in CLASS_TESTS else re.escape(c) for c in sorted(seconds))
        return regex(f"[{body}]")
    # alternatives that each open with a literal: the engine then skips to their first characters
    alternatives = [re.escape(c) for c in free]
    alternatives += [
        f"{re.escape(c)}(?=[{''.join(map(re.escape, sorted(after)))}])"
        for c, after in sorted(seconds.items()) if after is not None
    ]
    return regex("|".join(alternatives))


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

