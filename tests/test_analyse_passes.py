"""The analysis's passes over a whole report (linter/analyse) give what the same reading of one
text at a time gives: each fast path here is compared with its plain form on varied input, so
that the two cannot silently diverge."""

from __future__ import annotations

import random
import re

from conftest import EXAMPLES

from linter.analyse import facts
from linter.document import DocLine


def _example_lines() -> list[str]:
    return [line for path in sorted(EXAMPLES.glob("*.*")) if path.is_file()
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]


def _varied_line_sets(words: tuple[str, ...]) -> list[list[str]]:
    """Lines of the examples, in runs, with the given words put at the start, the middle and the
    end of some of them, two on one line, cut in half, and lines left empty."""
    rng = random.Random(14)
    lines = _example_lines()
    sets = [lines, [], [""], ["", ""], list(words), ["".join(words)]]
    for _ in range(200):
        start = rng.randrange(len(lines))
        run = lines[start:start + rng.randrange(1, 30)]
        for _ in range(rng.randrange(4)):
            k = rng.randrange(len(run))
            word = rng.choice(words)
            cut = rng.randrange(len(run[k]) + 1)
            where = rng.choice(("start", "middle", "end", "half", "twice"))
            if where == "start":
                run[k] = word + run[k]
            elif where == "end":
                run[k] += word
            elif where == "half":
                run[k] = run[k][:cut] + word[:len(word) // 2]
            elif where == "twice":
                run[k] = word + run[k] + rng.choice(words)
            else:
                run[k] = run[k][:cut] + word + run[k][cut:]
        if rng.random() < 0.2:
            run.insert(rng.randrange(len(run) + 1), "")
        sets.append(run)
    return sets


def test_labelled_lines_are_the_lines_with_a_label_word():
    words = facts._LABEL_WORDS
    assert words and "" not in words  # the one search is used, not the fallback
    for texts in [*_varied_line_sets(words), ["发布\n日期", "发布日期"], ["发布日期\n", "x"]]:
        lines = [DocLine(text, n) for n, text in enumerate(texts, 1)]
        want = [line for line in lines if any(word in line.text for word in words)]
        found = facts._labelled_lines(lines)
        if any("\n" in text for text in texts):
            assert found == lines  # a line break inside a line: every line, as before
            continue
        assert found == want, texts


def test_may_contain_is_false_only_where_no_pattern_matches():
    """Finder.may_contain for the narrative patterns of every era, one at a time and all at
    once, over the example lines (with and without their parenthesised remarks masked): a text
    passed over has no match."""
    from linter.analyse.narrative import mask
    from linter.analyse.starts import Finder
    from linter.engine import load_packs

    packs = load_packs()
    lines = _example_lines()
    texts = [*lines, *map(mask, lines), "208件（17.46%）", "258件，占33.9%", "占", "%", ""]
    passed_over = 0
    for era in packs.eras:
        spec = packs.resolve(era).data.get("narrative") or {}
        patterns = [*(spec.get("shares") or {}).values(), *(spec.get("breakdowns") or {}).values()]
        patterns += [c["pattern"] for c in (*spec.get("claims", {}).values(), *spec.get("none", {}).values())]
        for some in [*((p,) for p in patterns), tuple(patterns)]:
            finder = Finder(some)
            for text in texts:
                if not finder.may_contain(text):
                    passed_over += 1
                    assert not any(p.search(text) for p in some), (some, text)
    assert passed_over  # the strings were read: most texts are passed over
    assert Finder((re.compile("(?i)abc"),)).may_contain("xyz")  # case-insensitive: always searched
    assert Finder((re.compile("abc"), re.compile(r"\d+"))).may_contain("xyz")  # one without strings: always


def _reports():
    """The example reports and the text fixtures, parsed (with the packs they are parsed with)."""
    from conftest import FIXTURES

    from linter.engine import load_packs
    from linter.parse import parse
    from linter.parse.vocabulary import vocabulary
    from linter.read import read_document
    from linter.read.normalise import normalize
    from linter.read.source import load

    packs = load_packs()
    paths = [p for p in (*sorted(EXAMPLES.rglob("*.*")), *sorted(FIXTURES.rglob("*.*")))
             if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"]
    reports = []
    for path in paths:
        source = load(str(path))
        reports.append(parse(normalize(read_document(source).lines), source.name, vocabulary(packs)))
    return packs, reports


def test_content_era_is_that_of_the_texts_one_by_one():
    """content_era's one search per kind of text (headings, cells, paragraphs; the paragraphs
    listed only when needed) finds the era, the span and the phrase the texts read one by one
    give: for the packs' fingerprints, and for those of one era at a time (the evidence then
    stands in the other kinds of text)."""
    from linter.analyse import era as E
    from linter.chinese import squeeze

    packs, reports = _reports()
    every = packs.fingerprints()
    sets = [every, *({name: phrases} for name, phrases in every.items())]
    sets += [{name: tuple((p, False) for p, _anywhere in phrases)} for name, phrases in every.items()]  # in tables only
    rng = random.Random(14)
    kinds = set()
    for report in reports:
        # and phrases of the report's own texts: a piece of a heading, a cell or a paragraph
        texts = [squeeze(text) for text, _span, _in_table in E._texts(report)]
        pieces = [text[k:k + rng.randrange(2, 9)] for text in rng.sample(texts, min(len(texts), 12)) if text
                  for k in [rng.randrange(len(text))]]
        own = [{"new": tuple((p, rng.random() < 0.7) for p in pieces[:n]), "old": tuple((p, True) for p in pieces[n:])}
               for n in range(0, len(pieces), 3)]
        for fingerprints in sets + own:
            fast = E.content_era(report, fingerprints)
            slow = E._content_era_text_by_text(list(E._texts(report)), fingerprints)
            assert (fast.era, fast.span, fast.phrase) == (slow.era, slow.span, slow.phrase), report.path
            kinds.add("none" if fast.era is None else next(kind for kind, items in (
                ("heading", report.headings), ("cell", [c for t in report.tables for c in t.cells]),
                ("paragraph", report.paragraphs)) if any(x.span == fast.span for x in items)))
    assert kinds == {"none", "heading", "cell", "paragraph"}  # the evidence found in every kind of text, and none


def test_candidates_looking_at_the_labelled_cells_only_are_those_of_every_cell():
    """A row's candidate labels found among the labelled cells alone (tables._candidates) are
    those found cell by cell, from every position of every table of the examples and fixtures,
    for every row of every template of the era, and of the templates of the other eras."""
    from linter.analyse import tables as T
    from linter.analyse.analysis import analyse, tables_within

    packs, reports = _reports()
    templates = [T.template_from_data(tid, spec) for era in packs.eras
                 for tid, spec in packs.resolve(era).data.get("tables", {}).items()]
    compared = 0
    for report in reports:
        analysis = analyse(report, packs)
        for template in templates:
            cells = [c for t in tables_within(report, template, analysis.sections) for c in t.cells]
            labels = T._rows_labelled(cells, template)
            labelled = [i for i, rows in enumerate(labels) if rows]
            headers = {T.label_key(c.label) for c in template.columns}
            every = list(range(len(cells)))  # every cell looked at, the labelled ones and the others
            for pos in range(0, len(cells) + 1, 3):
                for index in range(len(template.rows)):
                    want = T._candidates(cells, labels, every, pos, index, headers)
                    assert T._candidates(cells, labels, labelled, pos, index, headers) == want
                    compared += bool(want)
    assert compared > 1000


def test_close_titles_are_those_the_full_ratio_finds():
    """sections._close, which compares only the titles whose length lets them be close, finds
    close what SequenceMatcher's ratio of every phrase finds close: the headings of the examples
    and fixtures, cut, with a character changed, against the packs' section phrases."""
    from difflib import SequenceMatcher

    from linter.analyse import sections as S
    from linter.chinese import squeeze

    packs, reports = _reports()
    phrase_sets = [[spec["title"], *spec["match"]] for era in packs.eras
                   for spec in packs.resolve(era).data.get("sections", [])]
    rng = random.Random(14)
    titles = [h.title for report in reports for h in report.headings]
    titles += [p[:k] + rng.choice("的和及") + p[k + 1:] for ps in phrase_sets for p in ps for k in [rng.randrange(len(p))]]
    titles += [t[:rng.randrange(len(t) + 1)] for t in list(titles)] + ["", "。", "。存在问题"]
    close = 0
    for title in titles:
        for phrases in phrase_sets:
            head = squeeze(title.split("。")[0])
            want = not head or any(SequenceMatcher(None, head[: len(squeeze(p)) + 2], squeeze(p)).ratio() >= S._CLOSE
                                   for p in phrases)
            assert S._close(title, phrases) == want, (title, phrases)
            close += want
    assert close > 100
