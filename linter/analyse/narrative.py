"""Prose: the quantities the sentences of a report state.

A report gives its figures twice: in the tables and in sentences (`全年共收到政府信息公开申请
23件`, `未发生因政府信息公开引发的行政复议`, `行政复议351件，其中结果维持72件…`). This module
finds those sentences and gives the analysis *claims*: which
quantity, the number (Arabic or Chinese, `十二件`, `两件`), and the span of the phrase in the
user's original file. What the phrases look like is pack data (`narrative:` in rules/common.yaml);
this module only applies it.

A sentence is taken as a statement of the report's own figure only when nothing in it says
otherwise — a false claim is worse than a missed one:

* the phrase stands inside parentheses (`（含上年结转189件）`): a remark, not the figure;
* another body is the subject (`其中，县教育局收到申请3件`, `区政府办代表区政府受理…`): the
  pack's `other_body` patterns, searched from the start of the sentence to the phrase;
* the clause speaks of another period or of a change (`上年`, `同比`, `较…增加`, a year other
  than the report's): the pack's `other_time` patterns, searched in the phrase's clause outside
  the phrase itself;
* a qualifier follows in the clause (`未发生…行政复议纠错`): the pack's `qualifiers`;
* the quantity needs a context (`context:`, e.g. 政府信息公开 for 行政复议: a 司法局 handles
  reviews of its own) that neither the sentence nor a heading above it gives;
* the phrase follows `其中` in its sentence and the quantity is not itself a part (a count of
  applications after `其中` is a subset; a count of 予以公开 after `其中` is the whole count of
  that result, so result claims say `part: true`).

Positions: every text here is a `Paragraph` (a heading line is one too), whose `span_of` maps a
range of its text back to the original file through the normaliser's column map, so a claim in
traditional script with pinyin noise still points at the right column.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

from linter.analyse.starts import Finder, finder
from linter.cache import regex
from linter.chinese import NUMBER, chinese_number, digits_value
from linter.document import Span
from linter.parse.tree import Paragraph, Report, Section

_CHINESE = regex(r"[零〇一二两三四五六七八九十百千]+")
_ARABIC = regex(r"\d{1,3}(?:,\d{3})+|\d+")

_SENTENCE_END = "。！？；!?;"
_CLAUSE_END = _SENTENCE_END + "，,：:"
_MASK = "□"  # stands for a character inside parentheses
# where the sentence, clause and item ends of a text are, found by the regex engine
_SENTENCE_ENDS = regex("[" + re.escape(_SENTENCE_END) + "]")
_CLAUSE_ENDS = regex("[" + re.escape(_CLAUSE_END) + "]")
_ITEM_ENDS = regex("[" + re.escape(_CLAUSE_END + "、") + "]")
_WINDOW = 200  # how far before and after a phrase its sentence is read (a longer one is not prose)
_YEAR = regex(r"((?:19|20)\d{2})\s*年")
_HEADING_PROSE = regex(r"[。，,；;]")


def number_value(text: str) -> int | None:
    """The count a numeral states: `23`, `1,295`, `十二`, `两`, `一百零五`, `零`; None when it is
    not a well-formed count."""
    t = text.strip()
    if t.isascii() and t.isdigit():  # plain digits (most counts): what _ARABIC's `\d+` reads
        return digits_value(t)
    if _ARABIC.fullmatch(t):
        return digits_value(t.replace(",", ""))  # None: more digits than any count has
    if _CHINESE.fullmatch(t):
        if t in ("零", "〇"):
            return 0
        value = chinese_number(t)
        return value or None
    return None


# ---------------------------------------------------------------- pack data


# The pack data and most of what the prose states are plain classes with __slots__, not
# dataclasses: they are never compared, hashed or copied with replace, and a dataclass costs a
# run on one report 0.1-0.3 ms of import each. (A Claim stays one: it is the source of a value
# in an expression, see analysis.Scope.)


class ClaimSpec:
    """A kind of quantity sentence (pack data `narrative.claims` / `narrative.none`)."""

    __slots__ = ("name", "label", "pattern", "what", "part", "context")

    def __init__(self, name: str, label: str, pattern: re.Pattern, what: re.Pattern | None = None,
                 part: bool = False, context: re.Pattern | None = None):
        self.name = name
        self.label = label  # what the quantity is called in messages
        self.pattern = pattern
        self.what = what  # the group `what`, when present, must match this in full
        self.part = part  # a part by nature (a kind of result): may stand after 其中
        self.context = context  # the sentence or a heading above it must say this


class KindSet:
    """Kinds that partition a total (pack data of the narrative-arithmetic check)."""

    __slots__ = ("name", "total", "kinds", "words")

    def __init__(self, name: str, total: re.Pattern, kinds: tuple[tuple[str, tuple[str, ...]], ...]):
        self.name = name
        self.total = total  # the total's clause names what these kinds partition
        self.kinds = kinds  # (kind, its words), longest words first
        # every (word, kind) of the set, longest words first (kinds_of tries them in this order)
        self.words = tuple(sorted(((w, kind) for kind, ws in kinds for w in ws), key=lambda x: -len(x[0])))


_NEVER = regex(r"(?!)")


class Vocabulary:
    __slots__ = ("other_body", "other_time", "qualifiers", "units", "claims", "none", "parts", "complete",
                 "share_after", "share_inside", "governments")

    def __init__(
        self, other_body: tuple[re.Pattern, ...], other_time: tuple[re.Pattern, ...], qualifiers: tuple[re.Pattern, ...],
        units: tuple[str, ...], claims: dict[str, ClaimSpec], none: dict[str, ClaimSpec], parts: re.Pattern = _NEVER,
        complete: re.Pattern = _NEVER, share_after: re.Pattern = _NEVER, share_inside: re.Pattern = _NEVER,
        governments: tuple[str, ...] = (),
    ):
        self.other_body = other_body
        self.other_time = other_time
        self.qualifiers = qualifiers
        self.units = units
        self.claims = claims
        self.none = none
        self.parts = parts  # where the parts of a total begin (`其中`, `分别为`, `按类别分：`)
        self.complete = complete  # a marker that says the parts are all of the total
        self.share_after = share_after  # a share after a count: `，占33.9%`
        self.share_inside = share_inside  # a share in the parentheses after a count: `（17.46%）`
        self.governments = governments  # how a government's short name ends (`政府`): see Own.is_own


def _number_text(m: re.Match) -> str | None:
    for name, value in m.groupdict().items():
        if value is not None and (name == "n" or re.fullmatch(r"n\d+", name)):
            return value
    return None


def _claim_spec(name: str, data: dict) -> ClaimSpec:
    return ClaimSpec(
        name=name, label=str(data["label"]), pattern=data["pattern"], what=data.get("what"),
        part=bool(data.get("part", False)), context=data.get("context"),
    )


def vocabulary(spec: dict) -> Vocabulary:
    """The `narrative:` data of the packs that apply, as the pack loader checked and compiled
    it (packs/load.py NARRATIVE)."""
    return Vocabulary(
        other_body=tuple(spec.get("other_body", [])),
        other_time=tuple(spec.get("other_time", [])),
        qualifiers=tuple(spec.get("qualifiers", [])),
        units=tuple(sorted(spec.get("units", ["件"]), key=len, reverse=True)),
        governments=tuple(spec.get("governments", [])),
        claims={name: _claim_spec(name, c) for name, c in (spec.get("claims") or {}).items()},
        none={name: _claim_spec(name, c) for name, c in (spec.get("none") or {}).items()},
        parts=(spec.get("breakdowns") or {}).get("parts", _NEVER),
        complete=(spec.get("breakdowns") or {}).get("complete", _NEVER),
        share_after=(spec.get("shares") or {}).get("after", _NEVER),
        share_inside=(spec.get("shares") or {}).get("inside", _NEVER),
    )


def kind_set(name: str, data: dict) -> KindSet:
    """A partition of a total (parameter of the narrative-arithmetic check, checked and
    compiled by its kind's schema)."""
    kinds = tuple(
        (kind, tuple(sorted((str(w) for w in words), key=len, reverse=True)))
        for kind, words in data["kinds"].items()
    )
    return KindSet(name, data["total"], kinds)


# ---------------------------------------------------------------- passages


def passages_in_context(report: Report, title_span: Span | None) -> list[tuple[Paragraph, str]]:
    """Every stretch of prose, in document order, each with the titles of the headings it
    stands under (its context): the paragraphs, and each heading line (`（二）依申请公开。全年共
    收到申请5件。` is a heading with its text on the same line). A heading line that reads as
    prose and runs on into the next line (PDF wraps) is joined to it; the report's title
    (`title_span`), which the lexer may run on into the first sentence, is left out."""
    title = range(title_span.line, title_span.end_line + 1) if title_span else range(0)
    found: list[tuple[Paragraph, str]] = []
    # The sections depth first, each before its children, from a stack: a nested function that
    # calls itself would be a cycle (the function, its closure), which kept `found` and every
    # passage in it alive after the analysis was dropped, until the garbage collector came.
    stack: list[tuple[Section, str]] = [(report.root, "")]
    while stack:
        section, context = stack.pop()
        if section.heading is not None:
            context += " " + section.heading.title
        for passage in _section_passages(section):
            lines = passage.lines
            if lines[0].line in title:  # the title, run on into the first sentence
                lines = [line for line in lines if line.line not in title]
                if not lines:
                    continue
                passage = Paragraph(lines)
            found.append((passage, context))
        stack.extend((child, context) for child in reversed(section.children))
    return found


def _section_passages(section: Section) -> list[Paragraph]:
    paragraphs = list(section.paragraphs)
    heading = section.heading
    if heading is None:
        return paragraphs
    line = heading.line
    first = paragraphs[0] if paragraphs else None
    runs_on = (
        first is not None
        and first.lines[0].line == line.line + 1
        and _HEADING_PROSE.search(heading.title) is not None
        and not line.text.rstrip().endswith(tuple(_SENTENCE_END + "：:”…"))
    )
    if runs_on:
        return [Paragraph([line, *first.lines]), *paragraphs[1:]]
    return [Paragraph([line]), *paragraphs]


def section_passages(section: Section) -> list[Paragraph]:
    """The prose of a section and of every section inside it."""
    return [p for s in section.walk() for p in _section_passages(s)]


# ---------------------------------------------------------------- sentences


def mask(text: str) -> str:
    """The text with every parenthesised remark (within one sentence) replaced by `□`, so that
    `办结1191件（含上年结转189件）` reads `办结1191件□□□□□□□□□□` and nothing inside counts."""
    if "(" not in text and "（" not in text:
        return text  # most passages: nothing to mask
    pieces: list[str] = []
    done = 0  # the text up to here is in pieces
    opened: list[int] = []
    for m in _PARENTHESES.finditer(text):  # the parentheses and sentence ends, in order
        i, ch = m.start(), m.group()
        if ch in "(（":
            opened.append(i)
        elif ch in ")）":
            if opened:
                start = opened.pop()
                if not opened:
                    pieces += (text[done:start], _MASK * (i + 1 - start))
                    done = i + 1
        else:
            opened.clear()  # an unclosed parenthesis does not swallow the next sentence
    pieces.append(text[done:])
    return "".join(pieces)


_PARENTHESES = regex("[()（）" + re.escape(_SENTENCE_END) + "]")


class _Ends:
    """An attribute of a Masked text: where an expression's matches start in it, found when
    first asked for and kept in the text's __dict__ (as functools.cached_property keeps it,
    without the lock it takes on Python 3.11)."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, text: "Masked | None", owner: type | None = None):
        if text is None:
            return self
        ends = text.__dict__[self.name] = [m.start() for m in self.pattern.finditer(text)]
        return ends


class Masked(str):
    """The masked text of a passage (see `mask`) with its sentence and clause ends, so that the
    sentence or clause around a position is found in O(log n). The ends are found when first
    asked for: most passages state nothing, and nobody asks."""

    def __new__(cls, text: str) -> "Masked":
        return super().__new__(cls, mask(text))

    sentence_ends = _Ends(_SENTENCE_ENDS)
    clause_ends = _Ends(_CLAUSE_ENDS)
    item_ends = _Ends(_ITEM_ENDS)

    @staticmethod
    def _around(ends: list[int], start: int, end: int, length: int) -> tuple[int, int]:
        k = bisect_left(ends, start)
        a = ends[k - 1] + 1 if k > 0 else 0
        k = bisect_left(ends, end)
        return a, ends[k] if k < len(ends) else length

    def sentence(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Start and end of the sentence around text[start:end] (end at its 。 or the text end)."""
        return self._around(self.sentence_ends, start, start if end is None else end, len(self))

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Start and end of the clause (between commas, colons, sentence ends) around it."""
        return self._around(self.clause_ends, start, end, len(self))

    def item_end(self, pos: int) -> int:
        return self._around(self.item_ends, pos, pos, len(self))[1]


def _masked(text: str, masks: dict[str, Masked] | None = None) -> Masked:
    """The Masked form of a text; with `masks` (one dict per report), built once per passage
    however many readers (claims, claims of none, breakdowns) ask for it."""
    if isinstance(text, Masked):
        return text
    if masks is None:
        return Masked(text)
    if text not in masks:
        masks[text] = Masked(text)
    return masks[text]


# ---------------------------------------------------------------- claims


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence's statement of a quantity: its figure (0 for a claim of none)."""

    name: str  # the claim's name in the pack (`received`, `reconsideration`, …)
    label: str
    number: int
    none: bool  # a claim of none (`未收到…申请`) rather than a figure
    phrase: str  # the matched text (normalised)
    span: Span  # the phrase in the original file
    passage: Paragraph
    start: int
    end: int


class Own:
    """What a report is about: its year and its body (发布机关), so that a figure of another
    year or another body is not taken for the report's own."""

    __slots__ = ("year", "body", "governments")

    def __init__(self, year: int | None, body: str | None = None, governments: tuple[str, ...] = ()):
        self.year = year
        self.body = body
        self.governments = governments  # the pack's `narrative.governments`

    def is_own(self, name: str) -> bool:
        """Whether a body named in the prose (`市政府办公厅`, `县发改局`) is the report's own body,
        by its full name or a short one: the name's characters appear in the body's, in order,
        and it ends as the body does, or in a government's ending that the body holds (the pack's
        `governments`: `某某市人民政府办公厅` is 市政府办公厅 and 市政府; `某某县发展和改革局` is
        县发改局, not 县教育局 or 县政府)."""
        body = self.body
        if not body or not name:
            return False
        if name[-1] != body[-1] and not any(name.endswith(g) and g in body for g in self.governments):
            return False
        rest = iter(body)
        return all(char in rest for char in name)

    def another_body(self, text: str, vocab: Vocabulary) -> str | None:
        """The first body other than the report's own that `text` names (the pack's
        `narrative.other_body`), or None."""
        for pattern in vocab.other_body:
            for m in pattern.finditer(text):
                if not self.is_own(m.group(0)):
                    return m.group(0)
        return None


def excluded(text: str, start: int, end: int, vocab: Vocabulary, part: bool, own: Own) -> str | None:
    """Why the phrase text[start:end] (masked, see `mask`) is not a statement of the report's
    own figure, or None. The reason is for tests and debugging; the checks only skip."""
    masked = _masked(text)
    if _MASK in masked[start:end]:
        return "inside parentheses"
    s_start, _s_end = masked.sentence(start)
    lead = masked[max(s_start, start - _WINDOW):start]
    other = own.another_body(lead, vocab)
    if other is not None:
        return f"another body: {other}"
    if not part and "其中" in lead:
        return "a part (after 其中)"
    c_start, c_end = masked.clause(start, end)
    c_start, c_end = max(c_start, start - _WINDOW), min(c_end, end + _WINDOW)
    outside = masked[c_start:start] + " " + masked[end:c_end]
    for pattern in vocab.other_time:
        m = pattern.search(outside)
        if m:
            return f"another period or a change: {m.group(0)}"
    for m in _YEAR.finditer(lead + masked[start:c_end]):
        if own.year is not None and int(m.group(1)) != own.year:
            return f"another year: {m.group(0)}"
    after = masked[end:c_end]
    for pattern in vocab.qualifiers:
        m = pattern.search(after)
        if m:
            return f"qualified: {m.group(0)}"
    return None


def find_claims(
    texts: Iterable[Paragraph | tuple[Paragraph, str]], vocab: Vocabulary, own: Own,
    masks: dict[str, Masked] | None = None,
) -> tuple[list[Claim], list[Claim]]:
    """Every statement of the vocabulary's quantities (`claims`) and of none (`none`) in the
    texts (passages, or passages with the titles of their headings) that passes the scope
    filters: the claims and the claims of none, each list in document order. Every pattern is
    tried in one pass of each text, and a text none of them matches is passed over at once."""
    entries = [(spec, False) for spec in vocab.claims.values()] + [(spec, True) for spec in vocab.none.values()]
    patterns = finder(tuple(spec.pattern for spec, _none in entries))
    places = [(patterns.index[id(spec.pattern)], spec, none) for spec, none in entries]
    claims: list[Claim] = []
    nones: list[Claim] = []
    for item in texts:
        passage, context = item if isinstance(item, tuple) else (item, "")
        masked = _masked(passage.text, masks)
        matched = patterns.finditer(masked)
        if not any(matched):
            continue  # no phrase of a quantity at all: most passages
        for place, spec, none in places:
            for m in matched[place]:
                claim = _claim(m, spec, none, masked, passage, context, vocab, own)
                if claim is not None:
                    (nones if none else claims).append(claim)
    claims.sort(key=_claim_order)
    nones.sort(key=_claim_order)
    return claims, nones


def _claim_order(claim: Claim) -> tuple[int, int, str]:
    return claim.span.line, claim.span.column, claim.name


def _claim(m: re.Match, spec: ClaimSpec, none: bool, masked: Masked, passage: Paragraph, context: str,
           vocab: Vocabulary, own: Own) -> Claim | None:
    """The claim a match of a spec's pattern states, or None when the scope filters say it is
    not the report's own figure (or its numeral is no count)."""
    if spec.what is not None and "what" in spec.pattern.groupindex:
        if not spec.what.fullmatch(m.group("what") or ""):
            return None
    if spec.context is not None:
        s_start, s_end = masked.sentence(m.start(), m.end())
        sentence = masked[max(s_start, m.start() - _WINDOW):min(s_end, m.end() + _WINDOW)]
        if not (spec.context.search(sentence) or spec.context.search(context)):
            return None
    if excluded(masked, m.start(), m.end(), vocab, spec.part, own):
        return None
    if none:
        number = 0
    else:
        value = number_value(_number_text(m) or "")
        if value is None:
            return None
        number = value
    start, end = m.start(), len(masked[:m.end()].rstrip())
    return Claim(spec.name, spec.label, number, none, passage.text[start:end], passage.span_of(start, end), passage, start, end)


def states_a_count(texts: Iterable[Paragraph], vocab: Vocabulary, units: Iterable[str] | None = None,
                   masks: dict[str, Masked] | None = None) -> bool:
    """Whether the texts give any count in `units` (default: the pack's units), or a claim of
    none (no scope filters: any figure at all is a count stated)."""
    count = _count_pattern(units or vocab.units)
    for passage in texts:
        masked = _masked(passage.text, masks)
        if any(number_value(m.group("n")) is not None for m in count.finditer(masked)):
            return True
        if any(spec.pattern.search(masked) for spec in vocab.none.values()):
            return True
    return False


# ---------------------------------------------------------------- breakdowns: 共N件，其中A a件、B b件


class Count:
    """A number and its unit in the prose. Its span (the number and its unit in the original
    file) is given, or made from characters start:end of `passage` when first asked for: a
    report states dozens of counts and few stand in a finding."""

    __slots__ = ("number", "unit", "label", "_span", "_passage", "_start", "_end", "share")

    def __init__(self, number: int, unit: str, label: str, span: Span | None, share: "Share | None" = None,
                 passage: Paragraph | None = None, start: int = 0, end: int = 0):
        self.number = number
        self.unit = unit
        self.label = label  # the words that name it (`予以公开`, `自然人申请`)
        self._span = span
        self._passage, self._start, self._end = passage, start, end
        self.share = share  # the share of the total stated with it: `50条（占16.7%）`

    @property
    def span(self) -> Span:
        span = self._span
        if span is None:
            span = self._span = self._passage.span_of(self._start, self._end)
        return span


class Breakdown:
    __slots__ = ("total", "clause", "parts", "passage", "others", "complete")

    def __init__(self, total: Count, clause: str, parts: tuple[Count, ...], passage: Paragraph,
                 others: tuple[tuple[Count, str], ...] = (), complete: bool = False):
        self.total = total  # the total the parts are of: the count right before the marker, else the
        self.clause = clause  # last count of the sentence before; and its clause (`全年共受理…申请`)
        self.parts = parts
        self.passage = passage
        # other totals the parts may be of: the other counts of the sentence before (`受理1295件，
        # 办结1191件。其中…` may break down either); each with its clause
        self.others = others
        self.complete = complete  # a marker says the parts are all of the total (`分别为`, `按类别分：`)

    @property
    def totals(self) -> tuple[tuple[Count, str], ...]:
        return ((self.total, self.clause), *self.others)


class Share:
    """A count stated with its share of a whole: `258件，占33.9%`, `208件（17.46%）`."""

    __slots__ = ("count", "percent", "span", "text", "bases")

    def __init__(self, count: Count, percent: Decimal, span: Span, text: str, bases: tuple[Count, ...]):
        self.count = count
        self.percent = percent
        self.span = span  # the count and its percentage
        self.text = text  # as written (normalised)
        self.bases = bases  # the counts of the passage (and the one before) it may be a share of


_APPROXIMATE = regex(r"(?:约|近|超过|超|逾|将近|大约|达)\s*$")  # a total that is not exact
_AFTER_GAP = regex(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# a label that starts another statement, or an approximate figure: the list of parts ends
_STOP_LABEL = regex(r"共|合计|总计|累计|另有|另外|此外|同时|其中|分别|约|近|超|逾|突破|达")


def _count_pattern(units: Iterable[str]) -> re.Pattern:
    """A number and its unit (longer units first: 人次 before 人)."""
    return _count_pattern_of(tuple(units))


@lru_cache(maxsize=16)
def _count_pattern_of(units: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(map(re.escape, sorted(units, key=len, reverse=True)))
    return regex(rf"(?P<n>{NUMBER})\s*(?P<unit>{alternatives})")


@lru_cache(maxsize=16)
def _count_at_end(count: str) -> re.Pattern:
    """A count (the source of a `_count_pattern`) that ends where the search ends."""
    return re.compile(rf"(?:{count})$")


@lru_cache(maxsize=16)
def _count_items(count: str) -> re.Pattern:
    """A part of a breakdown: its words, then its count (the source of a `_count_pattern`)."""
    return re.compile(rf"(?P<label>[^\d，,；;。：:]{{0,40}}?)\s*{count}")


def find_breakdowns(texts: Iterable[Paragraph], vocab: Vocabulary, own: Own,
                    masks: dict[str, Masked] | None = None) -> list[Breakdown]:
    """`共N件，其中A a件、B b件`: the run of `label count` items after a marker of parts (the
    pack's `breakdowns.parts`: 其中, 分别为, 按类别分：), and the total they are of: the count
    right before the marker in its sentence, else, when the marker opens its sentence, the
    counts of the sentence before (`累计主动公开915条。其中…`), in the same passage or the one
    before."""
    count = _count_pattern(vocab.units)
    markers = finder((vocab.parts,))  # only to pass over the passages where none can start
    found = []
    previous: Masked | None = None
    previous_passage: Paragraph | None = None
    for passage in texts:
        masked = _masked(passage.text, masks)
        for q in vocab.parts.finditer(masked) if markers.may_match(masked) else ():
            complete = bool(vocab.complete.match(masked, q.start()))
            totals = _totals(masked, q.start(), count, vocab, own, passage, previous, previous_passage)
            if not totals:
                continue
            parts = _parts_after(masked, q.end(), count, passage, vocab)
            if not parts:
                continue
            (total, clause), *others = totals
            complete = complete or _shares_complete(parts)
            found.append(Breakdown(total, clause, tuple(parts), passage, tuple(others), complete))
        previous, previous_passage = masked, passage
    return found


def _totals(masked: Masked, at: int, count: re.Pattern, vocab: Vocabulary, own: Own, passage: Paragraph,
            previous: Masked | None, previous_passage: Paragraph | None) -> list[tuple[Count, str]]:
    """The totals the parts after `at` may be of, nearest first."""
    total = _total_before(masked, at, count)
    if total is not None:
        t_match, clause_start = total
        one = _total(masked, t_match, clause_start, vocab, own, passage)
        return [one] if one else []
    s_start, _ = masked.sentence(at)
    if masked[s_start:at].strip(" ，,、" + _MASK):
        return []  # the marker does not open its sentence: not a breakdown of the sentence before
    if s_start > 0:
        source, text, end = passage, masked, s_start - 1
    elif previous is not None and previous.rstrip():
        source, text, end = previous_passage, previous, len(previous.rstrip()) - 1
    else:
        return []
    p_start, p_end = text.sentence(end)
    found = []
    for m in count.finditer(text, p_start, p_end + 1):
        c_start, _ = text.clause(m.start(), m.start())
        one = _total(text, m, max(c_start, p_start), vocab, own, source)
        if one:
            found.append(one)
    return found[::-1]


def _shares_complete(parts: list[Count]) -> bool:
    """Every part states its share and the shares add up to 100%, to within the rounding of
    their last digits: the parts are all of the whole."""
    if len(parts) < 2 or any(p.share is None for p in parts):
        return False
    percents = [p.share.percent for p in parts]
    slack = sum(Decimal(5).scaleb(p.as_tuple().exponent - 1) for p in percents) + Decimal("0.001")
    return abs(sum(percents) - 100) <= slack


def _total(masked: Masked, m: re.Match, clause_start: int, vocab: Vocabulary, own: Own,
           passage: Paragraph) -> tuple[Count, str] | None:
    value = number_value(m.group("n"))
    if value is None or _MASK in masked[m.start():m.end()]:
        return None
    clause = masked[clause_start:m.start()]
    if excluded(masked, m.start(), m.end(), vocab, True, own):
        return None
    if any(p.search(clause) for p in vocab.other_time) or _APPROXIMATE.search(clause):
        return None
    # a body on one line (`…年度报告 一、…情况 全年共发布…`): the clause starts after the last
    # space between two words, where a heading or the title ends
    clause = _AFTER_GAP.split(clause)[-1].strip()
    return Count(value, m.group("unit"), clause, None, None, passage, m.start(), m.end()), clause


def _total_before(masked: Masked, at: int, count: re.Pattern) -> tuple[re.Match, int] | None:
    """The count that ends the clause right before 其中 (only punctuation, spaces or masked
    remarks between), and where its clause starts."""
    s_start, _ = masked.sentence(at)
    floor = max(s_start, at - _WINDOW)
    gap = at
    while gap > floor and (masked[gap - 1] in "，,：:、 " + _MASK or masked[gap - 1].isspace()):
        gap -= 1
    at_end = _count_at_end(count.pattern)
    last = at_end.search(masked, max(floor, gap - 40), gap)
    if last is None:
        return None
    c_start, _ = masked.clause(last.start(), last.start())
    return last, max(c_start, floor)


def _share_at(masked: Masked, passage: Paragraph, pos: int, vocab: Vocabulary) -> tuple[Decimal, int] | None:
    """The share stated right after a count ending at `pos`: its percentage and where it ends
    (in the passage's text)."""
    m = vocab.share_after.match(masked, pos)
    if m is None:
        start = pos
        while start < len(masked) and masked[start].isspace():
            start += 1
        if start < len(masked) and masked[start] == _MASK:
            m = vocab.share_inside.match(passage.text, start)
    if m is None:
        return None
    return Decimal(m.group("p")), m.end()


def _parts_after(masked: Masked, pos: int, count: re.Pattern, passage: Paragraph, vocab: Vocabulary) -> list[Count]:
    _, s_end = masked.sentence(pos)
    item = _count_items(count.pattern)
    items: list[tuple[str, re.Match, tuple[Decimal, int] | None]] = []
    while pos < s_end:
        while pos < s_end and (masked[pos] in "，,、 " + _MASK or masked[pos].isspace()):
            pos += 1
        m = item.match(masked, pos, s_end)
        if m is None or _STOP_LABEL.search(m.group("label")):
            break
        if m.group("unit") in "个" and masked[m.end():m.end() + 1] in ("月", "人"):
            break  # `3个月`, not a count of things
        share = _share_at(masked, passage, m.end(), vocab)
        items.append((m.group("label"), m, share))
        pos = m.end()
        if share is not None and vocab.share_after.match(masked, m.end()):
            pos = share[1]  # `，占16.7%` stands between two parts
    if not items:
        return []
    # `其中1条播放量破亿、2条破千万`: counts first, each followed by its words
    if not items[0][0].strip():
        labels = [masked[m.end():(items[k + 1][1].start("n") if k + 1 < len(items) else masked.item_end(m.end()))]
                  for k, (_, m, _s) in enumerate(items)]
    else:
        labels = [label for label, _, _s in items]
    out = []
    for label, (_, m, share) in zip(labels, items):
        value = number_value(m.group("n"))
        if value is None:
            continue
        count_ = Count(value, m.group("unit"), label.strip(" 、，," + _MASK), None, None, passage, m.start("n"), m.end())
        if share is not None:
            count_ = Count(count_.number, count_.unit, count_.label, None,
                           Share(count_, share[0], passage.span_of(m.start("n"), share[1]),
                                 passage.text[m.start("n"):share[1]], ()), passage, m.start("n"), m.end())
        out.append(count_)
    return out


# ---------------------------------------------------------------- shares: 258件，占33.9%


def find_shares(texts: Iterable[Paragraph], vocab: Vocabulary, own: Own,
                masks: dict[str, Masked] | None = None) -> list[Share]:
    """Every count stated with its share of a whole (`258件，占33.9%`, `208件（17.46%）`), with
    the counts in the same unit it may be a share of: the other counts of its passage and of
    the passage before (a list of shares often follows the sentence that gives the total)."""
    count = finder((_count_pattern(vocab.units),))
    after, inside = finder((vocab.share_after,)), finder((vocab.share_inside,))  # to pass over passages without a share
    found: list[Share] = []
    previous: tuple[Paragraph, Masked, list[Count] | None] | None = None  # and its counts, once made
    for passage in texts:
        masked = _masked(passage.text, masks)
        if not (after.may_contain(masked) and vocab.share_after.search(masked)) and not (
                inside.may_contain(passage.text) and vocab.share_inside.search(passage.text)):
            previous = (passage, masked, None)  # no share in it (most passages): no count of it needed yet
            continue
        counts = _count_matches(masked, count)
        shares = [_share_at(masked, passage, m.end(), vocab) for m, _value in counts]
        made = None  # the Counts (with their spans) are made only for a passage with a share
        if any(share is not None for share in shares):
            made = _counts(passage, counts)
            before: list[Count] = []
            if previous is not None:
                before = previous[2] if previous[2] is not None else _counts(previous[0], _count_matches(previous[1], count))
            shared = list(zip(counts, made, shares))
            for (m, _value), c, share in shared:
                if share is None or excluded(masked, m.start(), m.end(), vocab, True, own):
                    continue
                bases = tuple(b for (n, _v), b in zip(counts, made) if n is not m and b.unit == c.unit and b.number >= c.number)
                bases += tuple(b for b in before if b.unit == c.unit and b.number >= c.number)
                # shares computed on the sum of the parts stated with them (not the total given):
                # the parts' sum is then XG405's finding, not each share's
                s_start, s_end = masked.sentence(m.start())
                siblings = [o for (n, _v), o, sh in shared if sh is not None and o.unit == c.unit and s_start <= n.start() < s_end]
                if len(siblings) > 1:
                    bases += (Count(sum(o.number for o in siblings), c.unit, "", c._span, None, c._passage, c._start, c._end),)
                found.append(Share(c, share[0], passage.span_of(m.start("n"), share[1]), passage.text[m.start("n"):share[1]], bases))
        previous = (passage, masked, made)
    return found


def _count_matches(masked: Masked, count: Finder) -> list[tuple[re.Match, int]]:
    """The counts of a masked passage (not inside parentheses), with their values."""
    found = []
    for m in count.finditer(masked)[0]:
        value = number_value(m.group("n"))
        if value is not None and _MASK not in masked[m.start():m.end()]:
            found.append((m, value))
    return found


def _counts(passage: Paragraph, counts: list[tuple[re.Match, int]]) -> list[Count]:
    """The counts of a passage (see `_count_matches`) with their spans."""
    return [Count(value, m.group("unit"), "", None, None, passage, m.start("n"), m.end()) for m, value in counts]


def kinds_of(label: str, kind_set: KindSet) -> list[str]:
    """The kinds of the set a part's label names (`予以公开及部分公开` names two); longer words
    first, each stretch of the label used once."""
    rest = label
    found: list[str] = []
    for word, kind in kind_set.words:
        if word in rest:
            rest = rest.replace(word, "\x00")
            if kind not in found:
                found.append(kind)
    return found
