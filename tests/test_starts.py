"""starts.Finder (linter/analyse/starts.py): the matches of several patterns found where they can
start are exactly those of `pattern.finditer`, for the packs' own narrative patterns over the
example reports, for patterns whose first characters cannot be told and for patterns whose
first two can (`first_pairs`)."""

from __future__ import annotations

import random
import re

import pytest
from conftest import EXAMPLES

from linter.analyse.narrative import _count_pattern
from linter.analyse.starts import Finder, first_pairs
from linter.engine import load_packs
from linter.patterns import first_chars


def _same(patterns: tuple[re.Pattern, ...], texts: list[str]) -> None:
    finder = Finder(patterns)
    for text in texts:
        found = finder.finditer(text)
        for pattern, matches in zip(patterns, found):
            want = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in matches] == want, (pattern.pattern, text)
        assert finder.may_match(text) or not any(found)


def _texts() -> list[str]:
    texts = []
    for path in sorted(EXAMPLES.glob("*.*")):
        text = path.read_text(encoding="utf-8")
        texts += [text, *text.splitlines()]
    return texts


def test_the_packs_narrative_patterns_match_as_with_finditer():
    packs = load_packs()
    texts = _texts()
    for era in packs.eras:
        spec = packs.resolve(era).data.get("narrative") or {}
        patterns = [c["pattern"] for c in (*spec.get("claims", {}).values(), *spec.get("none", {}).values())]
        patterns += [*spec.get("other_body", []), *spec.get("other_time", []), *spec.get("qualifiers", [])]
        patterns += [p for p in (spec.get("breakdowns") or {}).values()] + [p for p in (spec.get("shares") or {}).values()]
        patterns.append(_count_pattern(spec.get("units", ["件"])))
        assert all(first_chars(p) is not None for p in patterns)  # each tried only where it can start
        _same(tuple(patterns), texts)


@pytest.mark.parametrize("source, first", [
    (r"(?<![和及])(?:予以公开|同意公开)\d+件", ("予", "同")),
    (r"(?<!\d)(?:\d+|[一二三]+)件", (r"\d", "一", "三", "二")),
    (r"a?b", ("a", "b")),
    (r"x*", None),  # may match the empty string
    (r"[^，]+件", None),  # any character but one
    (r".件", None),
    (r"(?i)abc", None),
    (r"(a)\1", ("a",)),
])
def test_first_characters(source, first):
    assert first_chars(re.compile(source)) == first


def test_random_texts_match_as_with_finditer():
    patterns = tuple(re.compile(p) for p in (
        r"(?<![ab])(?:ab|ba)c?", r"(?<=c)a+", r"b(?=a)", r"\d+", r"(?:a|b)(?:c|\d)*", r"[^a]b", r"^a", r"a$",
    ))
    rnd = random.Random(14)
    texts = ["".join(rnd.choice("abc1 ") for _ in range(rnd.randint(0, 30))) for _ in range(3000)]
    _same(patterns, texts)


@pytest.mark.parametrize("source, pairs", [
    (r"(?<![和及])(?:予以公开|同意公开)\d+件", {"予": {"以"}, "同": {"意"}}),
    (r"a?b", {"a": {"b"}, "b": None}),  # b alone is a match: anything may follow
    (r"ab*c", {"a": {"b", "c"}}),
    (r"a{0,2}b", {"a": {"a", "b"}, "b": None}),
    (r"(?:ab){2,}", {"a": {"b"}}),
    (r"a(?=b)c", {"a": {"c"}}),  # a look-ahead constrains nothing
    (r"a[b-d]", {"a": {"b", "c", "d"}}),
    (r"a\d", {"a": None}),
    (r"a[^b]", {"a": None}),
    (r"a|ab", {"a": None}),
    (r"\da", None),  # the first character is of a class: first_chars alone
    (r"x*", None),
    (r"(?i)ab", None),
    (r"(a)\1", None),
])
def test_first_pairs(source, pairs):
    found = first_pairs(re.compile(source))
    assert found == (None if pairs is None else {c: None if a is None else frozenset(a) for c, a in pairs.items()})


def test_random_texts_match_as_with_finditer_starting_on_two_characters():
    patterns = tuple(re.compile(p) for p in (
        r"(?<![ab])(?:ab|ba)c?", r"(?<=c)a+", r"b(?=a)", r"a(?:c|b)*", r"^a", r"a$", r"ca?b", r"c{2,3}a", r"(?:bc|a)b",
    ))
    assert "(?=" in Finder(patterns).starts.pattern  # positions told by their first two characters
    rnd = random.Random(14)
    texts = ["".join(rnd.choice("abc ") for _ in range(rnd.randint(0, 30))) for _ in range(3000)]
    _same(patterns, texts)
    for pattern in patterns:  # every match opens with one of the pattern's pairs
        pairs = first_pairs(pattern)
        for text in texts:
            for m in pattern.finditer(text):
                first, second = text[m.start()], text[m.start() + 1:m.start() + 2]
                assert first in pairs and (pairs[first] is None or second in pairs[first]), (pattern.pattern, text)
