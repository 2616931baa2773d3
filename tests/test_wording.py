"""The engine's Wording keeps what each Text object rendered to (linter/engine.py `wordings`):
the findings, their messages and related notes in both languages, are those that fresh
Wordings render, report after report, and again when the same reports come back."""

from __future__ import annotations

from conftest import EXAMPLES, FIXTURES

from linter import engine
from linter.api import analyse_source
from linter.checks.base import Text
from linter.read.source import load
from linter.settings import Settings

REPORTS = [*sorted(EXAMPLES.glob("*.txt")), *sorted(EXAMPLES.glob("*.md")), *sorted(FIXTURES.glob("*.txt")),
           *sorted(FIXTURES.glob("*.md")), *sorted(FIXTURES.glob("*.html"))]


def _fresh(texts):
    return engine.Wording(texts, "zh"), engine.Wording(texts, "en")


def test_kept_renderings_give_the_findings_fresh_wordings_give(monkeypatch):
    analyses = [analyse_source(load(str(path)), engine.load_packs()) for path in REPORTS]
    kept = [engine.run(a, Settings()) for a in analyses] + [engine.run(a, Settings()) for a in analyses]
    monkeypatch.setattr(engine, "wordings", _fresh)
    fresh = [engine.run(a, Settings()) for a in analyses]
    assert sum(len(f.related) for found in fresh for f in found) > 100
    for found in (kept[:len(analyses)], kept[len(analyses):]):
        for mine, theirs in zip(found, fresh, strict=True):
            assert mine == theirs
            assert [(r.message, r.message_en) for f in mine for r in f.related] == \
                   [(r.message, r.message_en) for f in theirs for r in f.related]


def test_a_wording_forgets_all_at_once_when_full(monkeypatch):
    monkeypatch.setattr(engine, "RENDERED", 3)
    zh = engine.Wording(engine.load_packs().texts, "zh")
    texts = [Text.of("cell_value", row=f"行{i}", column="列", value=str(i)) for i in range(5)]
    first = [zh.value(t) for t in texts]
    assert len(zh._rendered) == 2  # cleared when the fourth came
    assert [zh.value(t) for t in texts] == first == [_fresh(zh.texts)[0].value(t) for t in texts]


def test_a_text_quoting_the_prose_is_not_kept():
    zh = engine.Wording(engine.load_packs().texts, "zh")
    long = Text.of("cell_value", row="很长的" * 20, column="列", value="1")
    short = Text.of("cell_value", row="行", column="列", value=3)
    assert zh.value(long) == _fresh(zh.texts)[0].value(long) and zh.value(short) == "行/列 = 3"
    assert list(zh._rendered) == [short]
