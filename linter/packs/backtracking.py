"""Regular expressions that can take exponential time, refused when a pack loads.

A pack given with the configuration or on the command line is an office's own file: a pattern
such as `(a+)+$` run on a line of forty a's and a b backtracks for minutes. The per-file time
budget (`--timeout`) interrupts it (CPython's matcher checks for signals), but only after the
budget, 120 s by default, on every report of a batch. So the classic shapes are refused with the
pack's file and line instead:

  a repeat whose body is itself unbounded repetition, give or take parts that may match
  nothing:   (a+)+   (a*)*   (?:\\s*x?)*   (a+|b)+
  a repeat of alternatives of which two are the same:   (a|a)*

These are the shapes whose matches can split a run of text in exponentially many ways. A body
with a required part between its repeats, such as `(?:\\d+,)*`, splits one way and is allowed;
so are possessive repeats and atomic groups, which never backtrack. Not every slow pattern is
caught (overlapping alternatives such as `(a|ab)*` are left alone): the time budget stays the
last line of defence.
"""

from __future__ import annotations

from linter.patterns import C as _c
from linter.patterns import parsed as _parsed

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
_POSSESSIVE = getattr(_c, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}


def backtracks(pattern: str) -> bool:
    """Whether `pattern` (a valid regular expression) has one of the shapes above."""
    parsed = _parsed(pattern)
    if parsed is None:  # re.compile judges validity, not this
        return False
    return _walk(list(parsed))


def _walk(items) -> bool:
    for op, av in items:
        if op in _REPEATS:
            _, maximum, body = av
            body = list(body)
            if maximum == _c.MAXREPEAT and (_ambiguous(body) or _same_alternatives(body)):
                return True
            if _walk(body):
                return True
        elif op is _ATOMIC or op == _POSSESSIVE:
            continue  # never backtracks into
        elif op == _c.BRANCH:
            if any(_walk(list(alternative)) for alternative in av[1]):
                return True
        elif op == _c.SUBPATTERN:
            if _walk(list(av[-1])):
                return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if _walk(list(av[1])):
                return True
    return False


def _empty(items) -> bool:
    """Whether a sequence can match the empty string."""
    return all(_item_empty(op, av) for op, av in items)


def _item_empty(op, av) -> bool:
    if op in _ZERO_WIDTH:
        return True
    if op in _REPEATS or op == _POSSESSIVE:
        return av[0] == 0 or _empty(list(av[2]))
    if op == _c.SUBPATTERN:
        return _empty(list(av[-1]))
    if op == _c.BRANCH:
        return any(_empty(list(alternative)) for alternative in av[1])
    return False


def _ambiguous(items) -> bool:
    """Whether a sequence is an unbounded repeat, give or take parts that may match nothing
    (or alternatives of which one is)."""
    for k, (op, av) in enumerate(items):
        if not _empty(items[:k] + items[k + 1:]):
            continue
        if op in _REPEATS and av[1] == _c.MAXREPEAT and not _empty(list(av[2])):
            return True
        if op == _c.SUBPATTERN and _ambiguous(list(av[-1])):
            return True
        if op == _c.BRANCH and any(_ambiguous(list(alternative)) for alternative in av[1]):
            return True
    return False


def _same_alternatives(items) -> bool:
    """Whether a sequence holds, give or take groups, alternatives of which two are the same
    (the parser takes their common start out: `(a|a)` is `a(?:|)`)."""
    for op, av in items:
        if op == _c.SUBPATTERN and _same_alternatives(list(av[-1])):
            return True
        if op == _c.BRANCH:
            seen = [str(list(alternative)) for alternative in av[1]]
            if len(set(seen)) < len(seen):
                return True
    return False
