"""The figures of the prose against each other (narrative arithmetic), three cases (`report:`):

`breakdown` — `共N件，其中A a件、B b件`. For each breakdown the prose states (analysis.breakdowns: the parts after 其中, 分别为, 按类别分：
and the total before them, in the same sentence or the sentence before), in the total's unit:

* a part greater than the total;
* parts that are kinds of one partition (`kind_sets`, each with the words of its kinds and the
  `total` it partitions) summing above the total, or, naming every kind, not summing to it;
* parts of no known partition (`其中网站400条，微信700条，微博900条`) summing above the total:
  a list after 其中 is read as parts of the total, so together they cannot exceed it;
* parts a marker says are complete (`分别为`, `按类别分：`) not summing to the total.

Kinds of two different known partitions (`其中网上申请12件，自然人申请18件`), or a kind of a
known partition beside parts of no known one, are different dimensions that may overlap: their
sum is not judged. A list of parts of no known partition that falls short of the total may be
a selection (`其中工作动态1302篇，通知公告210篇`): only a marker of completeness makes it wrong. With the total in the sentence before, every count of that sentence is a
possible total (`受理1295件，办结1191件。其中…`): a breakdown is reported only when it fails
against each of them.

`shares` — a share stated with a count (`258件，占33.9%`) against the counts it can be a share
of (see `_shares`). `restated` — one quantity stated twice with two figures (see `_restated`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from linter.analyse.narrative import (
    Breakdown,
    Count,
    _masked,
    excluded,
    kind_set,
    kinds_of,
    number_value,
)
from linter.analyse.tables import format_number
from linter.cache import regex
from linter.checks.base import Hit, Join, Note, Text, kind
from linter.memo import of_object
from linter.packs.schema import ListOf, MapOf, Record, Regex, Str, required
from linter.patterns import may_match

_SENTENCE = regex(r"[^。！？；!?;]+[。！？；!?;]?")


def _problem(total: Count, clause: str, parts: list[Count], sets: list[tuple], b: Breakdown) -> tuple[str, Text] | None:
    unit = total.unit
    biggest = max(parts, key=lambda p: p.number)
    if biggest.number > total.number:
        return "part", Text.of("part_exceeds", label=biggest.label, number=biggest.number, unit=unit)
    s = sum(p.number for p in parts)
    for ks, _names_a_kind in sets:
        if not ks.total.search(clause):
            continue
        kinds = [kinds_of(p.label, ks) for p in parts]
        flat = [k for ks_ in kinds for k in ks_]
        if not all(kinds) or len(flat) != len(set(flat)):
            continue  # a part of another dimension, or a kind named twice
        joined = Join(tuple(flat), Text.of("sep_list"))
        if len(flat) == len(ks.kinds) and s != total.number:
            return ks.name, Text.of("all_kinds_sum", set=ks.name, kinds=joined, sum=s, unit=unit)
        if s > total.number:
            return ks.name, Text.of("parts_exceed", kinds=joined, sum=s, unit=unit)
        return None
    if any(names_a_kind(p.label) for _ks, names_a_kind in sets for p in parts):
        return None  # a kind of a known partition beside parts of another dimension
    labels = Join(tuple(p.label for p in parts), Text.of("sep_list"))
    if s > total.number and len(parts) > 1:
        return "sum", Text.of("parts_exceed", kinds=labels, sum=s, unit=unit)
    if b.complete and s != total.number and len(parts) > 1:
        return "complete", Text.of("complete_sum", kinds=labels, sum=s, unit=unit)
    return None


def _hit(b: Breakdown, sets: list[tuple]) -> Hit | None:
    failures = []
    for total, clause in b.totals:
        parts = [p for p in b.parts if p.unit == total.unit]
        if not parts:
            return None
        problem = _problem(total, clause, parts, sets, b)
        if problem is None:
            return None  # the parts agree with one reading of the total
        failures.append((total, clause, parts, problem))
    total, clause, parts, (key, problem) = failures[0]
    unit = total.unit
    related = tuple(Note(p.span, Text.of("breakdown_part", label=p.label or Text.of("qizhong"), number=p.number, unit=unit))
                    for p in parts)
    values = {"clause": clause, "total": total.number, "unit": unit, "problem": problem}
    return Hit(total.span, values, related, key=f"{clause}:{total.number}:{key}")


def _agrees(count: int, percent: Decimal, whole: int) -> bool:
    if whole <= 0:
        return False
    exponent = percent.as_tuple().exponent
    unit = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return abs(Decimal(count) * 100 / Decimal(whole) - percent) < unit


def _shares(analysis, params):
    """A share agrees with a whole N when count / N × 100 is the percentage as written, to
    within one unit of its last digit (rounded, truncated or rounded up: a truncated figure is
    not worth a finding). One that agrees with none of the counts around it (analysis.shares:
    the counts of its passage and of the passage before, in its unit) is reported, computed
    against the first larger count of its passage; one with no count to compare with is not
    judged."""
    for share in analysis.shares:
        if not share.bases or any(_agrees(share.count.number, share.percent, b.number) for b in share.bases):
            continue
        base = share.bases[0]
        computed = (Decimal(share.count.number) * 100 / Decimal(base.number)).quantize(Decimal("0.01"))
        values = {"phrase": share.text, "whole": base.number, "computed": format_number(computed),
                  "percent": format_number(share.percent)}
        related = (Note(base.span, Text.of("share_whole", whole=base.number)),)
        yield Hit(share.span, values, related, key=f"{share.text}:{base.number}")


def _statements(analysis, params):
    vocab, own = analysis.vocabulary, analysis.own
    names_a_channel = _may_match(params["channel"])
    for passage, _context in analysis.passages:
        if not names_a_channel(passage.text):
            continue  # no sentence of it names one channel (most passages quote none)
        masked = _masked(passage.text, analysis.masks)
        for s in _SENTENCE.finditer(masked):
            # one figure, no exclusion, one channel; the figure first: few sentences have one,
            # and `exclude` is the costliest search
            figures = list(params["figure"].finditer(masked, s.start(), s.end()))
            if len(figures) != 1 or params["exclude"].search(s.group(0)):
                continue
            names = {m.group("name") for m in params["channel"].finditer(passage.text, s.start(), s.end())}
            if len(names) != 1:
                continue
            f = figures[0]
            number = number_value(f.group("n"))
            if number is None or excluded(masked, f.start(), f.end(), vocab, False, own):
                continue
            what = f.group("what")
            if not what:
                o = params["object"].search(masked, s.start(), s.end())
                what = o.group("what") if o else ""
            key = (names.pop(), f.group("verb"), what or "", f.group("unit"))
            yield key, number, passage.span_of(f.start(), f.end()), passage.text[s.start():f.end()].strip()


_MAY_MATCH: dict[tuple[str, int], object] = {}


def _may_match(pattern):
    """patterns.may_match of one pattern, made once per process."""
    key = (pattern.pattern, pattern.flags)
    if key not in _MAY_MATCH:
        if len(_MAY_MATCH) >= 64:  # the packs' patterns: a bound all the same
            _MAY_MATCH.clear()
        _MAY_MATCH[key] = may_match([pattern])
    return _MAY_MATCH[key]


def _restated(analysis, params):
    """Two sentences that each name one channel (`channel`, its group `name`: a quoted column,
    site or account) and state one figure of the same action on it (`figure`: groups `verb`,
    `what` (else the sentence's `object`), `n`, `unit`) with different figures. A sentence
    about a part of the year, a change or a running total (`exclude`), another body, another
    year or a subset after 其中 is left out."""
    first: dict[tuple, tuple[int, object, str]] = {}
    reported: set[tuple] = set()
    for key, number, span, phrase in _statements(analysis, params):
        if key not in first:
            first[key] = (number, span, phrase)
            continue
        earlier, earlier_span, earlier_phrase = first[key]
        if number != earlier and key not in reported:
            reported.add(key)
            channel, verb, what, unit = key
            values = {"phrase": phrase, "figure": number, "earlier": earlier, "channel": channel, "verb": verb,
                      "what": what, "unit": unit}
            yield Hit(span, values, (Note(earlier_span, Text.of("stated_before", phrase=earlier_phrase)),),
                      key=f"{key[0]}:{earlier}:{number}")


def run(analysis, params):
    case = params.get("report", "breakdown")
    if case == "shares":
        yield from _shares(analysis, params)
        return
    if case == "restated":
        yield from _restated(analysis, params)
        return
    sets = _kind_sets(params.get("kind_sets", {}))
    for b in analysis.breakdowns:
        hit = _hit(b, sets)
        if hit:
            yield hit


_KIND_SETS: dict[int, tuple[dict, list[tuple]]] = {}


def _kind_sets(specs: dict) -> list[tuple]:
    """The kind sets of the parameters, each with a test of whether a label names one of its
    kinds (kinds_of would find one: it has one of their words), made once per process for the
    parameters of a rule (kept with them, so that their id stands for them)."""
    if not specs:
        return []
    return of_object(_KIND_SETS, specs, _make_kind_sets, 64)  # the packs' rules: a bound all the same


def _make_kind_sets(specs: dict) -> list[tuple]:
    sets = []
    for name, spec in specs.items():
        ks = kind_set(name, spec)
        words = [w for _kind, ws in ks.kinds for w in ws]
        finder = regex("|".join(map(re.escape, words))) if words else None
        sets.append((ks, lambda label, finder=finder: finder is not None and finder.search(label) is not None))
    return sets


def _check(params, where, ck):
    if params.get("report") == "restated" and not {"channel", "figure", "object", "exclude"} <= params.keys():
        raise ck.fail(where, "report: restated needs `channel`, `figure`, `object` and `exclude`")


KIND = kind(
    "breakdown", run,
    params={"report": Str(choices=("breakdown", "shares", "restated")),
            "kind_sets": MapOf(Record({"total": required(Regex()), "kinds": required(MapOf(ListOf(Str(), nonempty=True)))},
                                      what="a kind set")),
            "channel": Regex(), "figure": Regex(), "object": Regex(), "exclude": Regex()},
    fields=("clause", "total", "unit", "problem", "phrase", "whole", "computed", "percent", "figure", "earlier",
            "channel", "verb", "what"),
    texts={"breakdown_part": ("label", "number", "unit"), "qizhong": (), "part_exceeds": ("label", "number", "unit"),
           "all_kinds_sum": ("set", "kinds", "sum", "unit"), "parts_exceed": ("kinds", "sum", "unit"), "sep_list": (),
           "complete_sum": ("kinds", "sum", "unit"), "share_whole": ("whole",), "stated_before": ("phrase",)},
    check_params=_check,
)
