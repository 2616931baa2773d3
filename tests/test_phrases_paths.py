"""The phrase checks' shortcuts (linter/checks/phrases.py) find what the plain reading finds:
every text of the scope in document order, each searched with every pattern, or (`joined`) the
texts masked and squeezed one by one into one stream. The shortcuts — the prose ordered on its
own, the cells gone through as a set with what earlier reports' cells held, the texts without a
required string passed over, a stream masked and squeezed joined — must never change a hit."""

from __future__ import annotations

import random
import re

import pytest
from conftest import EXAMPLES, FIXTURES

from linter.api import analyse_source
from linter.checks import phrases
from linter.chinese import squeeze
from linter.engine import load_packs
from linter.errors import InputError
from linter.patterns import per_character
from linter.read.source import Source

_PLACEHOLDERS = ["XX局", "20XX年", "××镇", "于**年**月", "〔〕号", "〔2023〕号", "【 号】", "（单位名称）", "此处填写",
                 "《青山县年政务公开工作要点》", "规章（仅设区的市级政府填写）", "（填上年末数）", "（减少的填负数）",
                 "收取信息处理费的情况在此处报告", "**一、总体情况**", "xxgk@example.cn"]
_NOTES = [("勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "勾稽关系为：第一项加第二项之和"),
          ("区分处理的，只计这一情形，不计其他情形", "区分处理的"), ("（区分处理的，只计这一情形，不计其他情形）", "")]


def _varied(text: str, rnd: random.Random) -> str:
    """The text with placeholders put into random lines (table rows and prose) and the notes
    of 表三 cut at random."""
    lines = text.splitlines()
    for _ in range(rnd.randint(1, 6)):
        k = rnd.randrange(len(lines))
        at = rnd.randint(0, len(lines[k]))
        lines[k] = lines[k][:at] + rnd.choice(_PLACEHOLDERS) + lines[k][at:]
    text = "\n".join(lines)
    for note, cut in _NOTES:
        if rnd.random() < 0.5:
            text = text.replace(note, cut)
    return text


def _analyses() -> list:
    packs = load_packs()
    rnd = random.Random(14)
    sources = [p for folder in (EXAMPLES, FIXTURES) for p in sorted(folder.glob("*.*"))
               if p.suffix in (".txt", ".md", ".html")]
    out = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for variant in [text] + [_varied(text, rnd) for _ in range(3)]:
            try:
                out.append(analyse_source(Source(path.name, variant.encode("utf-8"), path.suffix), packs))
            except InputError:  # a file with no text, or a placeholder breaking its markup
                continue
    return out


def _in_document_order(analysis, params) -> list[tuple]:
    """(text, cell or None, span of a range) of the texts of the scope: the whole walk sorted
    (stably) by where each text starts, then the section and the kinds of text kept."""
    texts = []
    for section in analysis.report.root.walk():
        if section.heading is not None:
            line = section.heading.line
            texts.append((line.origin(0), line.text, None, line.span, section))
        texts += [(p.origin(0), p.text, None, p.span_of, section) for p in section.paragraphs]
        texts += [(c.origin(), c.text, c, lambda a, b, c=c: c.span, section) for t in section.tables for c in t.cells]
    texts.sort(key=lambda t: t[0])
    within = params.get("within")
    if within is not None:
        match = analysis.section(within)
        inside = set() if match is None or match.section is None else {id(s) for s in match.section.walk()}
        texts = [t for t in texts if id(t[4]) in inside]
    scopes = params.get("in") or ["prose", "cells"]
    return [t[1:4] for t in texts if ("cells" if t[2] is not None else "prose") in scopes]


def _plainly(analysis, params) -> list[tuple]:
    """The hits as the plain reading finds them."""
    masks = params.get("mask", [])
    texts = _in_document_order(analysis, params)
    hits = []
    if not params.get("joined"):
        for text, _cell, span_at in texts:
            for start, end, phrase in phrases._phrases(text, [(p, None) for p in params["patterns"]], masks):
                hits.append((span_at(start, end), {"found": phrase}, phrase))
        return hits
    kept, origins = [], []
    for k, (text, _cell, _span_at) in enumerate(texts):
        for i, char in enumerate(phrases._masked(text, masks)):
            if squeeze(char):
                kept.append(char)
                origins.append((k, i))
    stream = "".join(kept)
    for pattern in params["patterns"]:
        for m in pattern.finditer(stream):
            if m.start() < len(origins):
                k, i = origins[m.start()]
                text, _cell, span_at = texts[k]
                hits.append((span_at(i, i + 1), {"found": text.strip()}, f"{pattern.pattern}:{text.strip()}"))
    return hits


_BOLD = r"\*\*(?=[^*\s])[^*\n]{2,}?(?<=[^*\s])\*\*"
_MORE = [  # beyond the packs': patterns without required strings, a mask not per character, scopes
    {"patterns": [r"\d{4}年", r"[〔【]\s*[〕】]"], "mask": [_BOLD], "joined": True},
    {"patterns": [r"政府信息公开", r"勾稽"], "mask": [r"\d+", r"[，。]"], "joined": True, "in": ["prose"]},
    {"patterns": [r"(?i)xx+", r"合计|总计", r"\d{3,}"], "in": ["cells"]},
    {"patterns": [r"申请", r"公开\w{0,3}"], "in": ["prose"], "within": "requests"},
    {"patterns": [r"年", r"件", r"[^\d\s]{2}"], "mask": [_BOLD]},
    {"patterns": [r"(?<![A-Za-z])(?:XX+|××+)", r"此处"], "within": "active"},
]


def _params() -> list[dict]:
    packs = load_packs()
    params = [r.params for r in packs.rules.values() if r.kind == "phrases"]
    for more in _MORE:
        compiled = {k: [re.compile(p) for p in v] if k in ("patterns", "mask") else v for k, v in more.items()}
        params.append(compiled)
    return params


def _key(hit) -> tuple:
    span = hit[0]
    return (span.line, span.column, span.end_line, span.end_column, hit[1], hit[2])


def test_the_shortcuts_find_what_the_plain_reading_finds():
    analyses = _analyses()
    found_any = 0
    for params in _params():
        for _ in range(2):  # the second time with what the first left between reports
            for analysis in analyses:
                analysis.memo.clear()
                got = [_key((h.span, h.values, h.key)) for h in phrases.run(analysis, params)]
                assert got == [_key(h) for h in _plainly(analysis, params)], (params, analysis.report.path)
                found_any += bool(got)
    assert found_any > len(analyses)  # the varied reports have phrases to find


@pytest.mark.parametrize(("source", "per"), [
    (r"\d+", True), (r"[自然人法]+", True), (r"\d", True), (r"x", True), (r"[^a]+?", True), (r"\d{1,3}", True),
    (r"\d{2,}", False), (r"\d*", False), (r"(\d+)", False), (r"ab", False), (_BOLD, False), (r"\d+年", False),
])
def test_per_character(source, per):
    assert per_character(re.compile(source)) is per


def test_a_stream_masked_joined_is_the_stream_masked_text_by_text():
    rnd = random.Random(15)
    masks = [re.compile(m) for m in (r"\d+", r"[自然人或]+", r"x", r"[^a-z，]+?")]
    for _ in range(2000):
        texts = [("".join(rnd.choice("ab1 2自然人或，。x\n（）") for _ in range(rnd.randint(0, 8))), None, None)
                 for _ in range(rnd.randint(0, 5))]
        chosen = rnd.sample(masks, rnd.randint(0, len(masks)))
        text_by_text = "".join(run for runs in phrases._kept_runs(texts, chosen) for run, _i in runs)
        at_once = all(per_character(mask) for mask in chosen)
        assert at_once
        assert phrases._stream(texts, chosen, at_once, lambda: pytest.fail("not text by text")) == text_by_text
