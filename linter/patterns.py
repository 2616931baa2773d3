"""What a regular expression's own syntax tree says about its matches (read with the re
module's parser), for searching many patterns cheaply and for refusing slow ones:

    first_chars        the characters a match can start with (analyse/starts.py tries a
                       pattern only there; could_start tests one, parse/lexer.py)
    required_strings   strings one of which every text with a match contains (the phrase
                       checks skip a text without any)
    may_match          a test of a text, False only where none of several patterns can match
                       (it holds none of their required strings)
    per_character      whether its matches are single characters of a class or runs of them
                       (`\\d+`): blanking them out is then a property of each character
    parsed             the syntax tree itself (packs/backtracking.py)

Each answers None where it cannot tell — another Python's parser, a shape it does not read —
(may_match then always True, per_character False) and the caller then searches as before: an
answer never changes what is found.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from linter.cache import regex

try:  # the regex syntax tree: re._parser since Python 3.11, sre_parse before
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover — Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

C = _c  # the parser's node codes (LITERAL, BRANCH, MAX_REPEAT, …), for readers of `parsed` trees


def parsed(pattern: re.Pattern | str, flags: int = 0):
    """The syntax tree of a pattern (a compiled one, or its source and flags), or None when
    the parser cannot read it (another Python's re: the callers search without it)."""
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    if not isinstance(pattern, str):
        return None
    try:
        return _parser.parse(pattern, flags)
    except Exception:  # noqa: BLE001 — re.compile judges validity, not this
        return None


_MAX_RANGE = 64  # a range of characters wider than this is not spelt out (`[一-龥]`): no first set
# the classes a first character may be of (not \D, \S, \W: almost every character), with the
# test of a character that is of the class: the engine's own (Py_UNICODE_ISDECIMAL, …)
_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"}
CLASS_TESTS = {r"\d": str.isdecimal, r"\s": str.isspace, r"\w": lambda char: char.isalnum() or char == "_"}


def first_chars(pattern: re.Pattern) -> tuple[str, ...] | None:
    """The characters a match of the pattern can start with, sorted: single characters and
    class escapes (`\\d`); None when that cannot be told (or the pattern may match the empty
    string, which starts on any character)."""
    if pattern.flags & re.IGNORECASE:
        return None
    tree = parsed(pattern)
    found = None if tree is None else _sequence(tree)
    if found is None or found[1] or not found[0]:
        return None
    return tuple(sorted(found[0]))



def could_start(pattern: re.Pattern):
    """A test of a text's first character that is False only where no match of `pattern` at
    the text's start can begin (`first_chars`); always True when that cannot be told. Cheaper
    than trying a pattern on every line when most lines start otherwise."""
    chars = first_chars(pattern)
    if chars is None:
        return lambda _char: True
    plain = frozenset(c for c in chars if c not in CLASS_TESTS)
    tests = tuple(CLASS_TESTS[c] for c in chars if c in CLASS_TESTS)
    return lambda char: char in plain or any(test(char) for test in tests)

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


_ONE_CHARACTER = {_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)} - {None}


def per_character(pattern: re.Pattern) -> bool:
    """Whether every match of the pattern is one character of a class (`x`, `[abc]`, `\\d`) or
    a run of them (`\\d+`, `[abc]+?`): then the characters its matches cover in a text are
    exactly the characters of the class, wherever they stand, and blanking them out of texts
    one by one or of the texts joined is the same. False when that cannot be told."""
    tree = parsed(pattern)
    if tree is None or len(tree.data) != 1:
        return False
    op, av = tree.data[0]
    if op in _REPEATS:
        least, _most, items = av
        if least != 1 or len(items.data) != 1:
            return False
        op, av = items.data[0]
    return op in _ONE_CHARACTER


# A text without any of a pattern's required strings (`_required`) cannot match it: the test
# `s in text` runs at C speed, while a pattern such as `(?<![\u4e00-\u9fff])…[\u4e00-\u9fff]{2,8}?
# (?:省|市|…)年(?=政务公开|…)` is tried at every position of the text. Most prose has none.
_MAX_OPTIONS = 16  # alternatives kept for a required piece, at most


@lru_cache(maxsize=256)  # a pack's patterns, asked for by more than one reader (may_match)
def required_strings(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which every text with a match of `pattern` contains, or None when none
    can be told: read from the parsed pattern (the re module's own parser), the most telling
    run of its top-level sequence of literals, character sets and alternations of literals."""
    tree = parsed(pattern)
    return None if tree is None else _best(_runs(tree.data, _c))


def may_match(patterns) -> Callable[[str], bool]:
    """A test of a text that is False only where none of the patterns can match anywhere in it:
    it holds none of their required strings (one expression looks for all of them at once).
    Always True when a pattern's required strings cannot be told, or it ignores case."""
    needles: set[str] = set()
    for pattern in patterns:
        required = None if pattern.flags & re.IGNORECASE else required_strings(pattern)
        if required is None:
            return lambda _text: True
        needles.update(required)
    if not needles:
        return lambda _text: False  # no pattern at all
    finder = regex("|".join(map(re.escape, sorted(needles))))
    return lambda text: finder.search(text) is not None


def _runs(items, c) -> list[set[str]]:
    """The required pieces of a sequence: each a set of strings one of which the text has where
    the piece stands. Consecutive exact items (a literal, a set of characters, an alternation
    of literal strings) make one piece, their product: the text has them one after another."""
    pieces: list[set[str]] = []
    run: set[str] | None = None  # the piece being extended: exact so far
    last: set[str] | None = None  # the last exact item of the run
    for op, av in items:
        exact = _exact(op, av, c)
        if exact is None and op is c.ASSERT and av[0] == 1 and len(av[1].data) == 1:
            exact = _exact(*av[1].data[0], c)  # a lookahead: its text follows the run's ...
            if exact is not None and run is not None:
                for before in (run, last):  # ... (too many ways: the last item's)
                    if len(before) * len(exact) <= _MAX_OPTIONS:
                        pieces.append({a + b for a in before for b in exact})
                        break
            exact = None  # ... and the next item starts where it does: the run ends
        if exact is not None and run is not None:
            if len(run) * len(exact) <= _MAX_OPTIONS:
                run, last = {a + b for a in run for b in exact}, exact
                continue
            if len(last) * len(exact) <= _MAX_OPTIONS:  # too many ways: a run from the last item
                pieces.append(run)
                run, last = {a + b for a in last for b in exact}, exact
                continue
        if run is not None:
            pieces.append(run)
            run = None
        if exact is not None:
            run = last = exact
            continue
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            pieces.extend(_runs(av[2].data, c))  # once at least: what one repetition needs
        elif op is c.SUBPATTERN and not av[1] and not av[2]:
            pieces.extend(_runs(av[3].data, c))
        elif op is c.BRANCH:
            each = [_best(_runs(alternative.data, c)) for alternative in av[1]]
            if all(each) and sum(map(len, each)) <= _MAX_OPTIONS:
                pieces.append(set().union(*each))  # one of the alternatives' pieces
        elif op is c.ASSERT and av[0] == 1:  # a lookahead: its text follows in the text too
            pieces.extend(_runs(av[1].data, c))
    if run is not None:
        pieces.append(run)
    return pieces


def _exact(op, av, c) -> set[str] | None:
    """The strings an item matches exactly, when it is a literal, a small set of characters
    or an alternation of literal strings; else None."""
    if op is c.LITERAL:
        return {chr(av)}
    if op is c.IN and all(o is c.LITERAL for o, _ in av) and len(av) <= _MAX_OPTIONS:
        return {chr(v) for _, v in av}
    if op is c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            if not alternative.data or any(o is not c.LITERAL for o, _ in alternative.data):
                return None
            out.add("".join(chr(v) for _, v in alternative.data))
        return out if len(out) <= _MAX_OPTIONS else None
    if op is c.SUBPATTERN and not av[1] and not av[2] and len(av[3].data) == 1:
        return _exact(*av[3].data[0], c)
    return None


def _best(pieces: list[set[str]]) -> tuple[str, ...] | None:
    """The most telling piece: the one whose shortest string is longest (then fewest strings).
    None with a space: a mask blanks text out with spaces, and the strings must be found in the
    text as written whenever they are in it masked."""
    pieces = [p for p in pieces if p and "" not in p and not any(" " in s for s in p)]
    if not pieces:
        return None
    best = max(pieces, key=lambda p: (min(map(len, p)), -len(p)))
    return tuple(sorted(best))
