"""Checks across years (XG5xx): goldens on the made-up series of examples/series and on the real
洪泽区 2023 → 2024 reports, bodies never mixed, the configuration's `reports:` mapping, and the
same findings with worker processes (the summaries travel between processes)."""

from __future__ import annotations

import json
import pickle
import shutil

import pytest
from conftest import EXAMPLES, FIXTURES

SERIES = EXAMPLES / "series"


def _json(run_cli, *args):
    result = run_cli("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _xg5(findings):
    return [(f["path"].rsplit("/", 1)[-1], f["line"], f["column"], f["rule"], f["message"]) for f in findings
            if f["rule"].startswith("XG5")]


def test_golden_made_up_series(run_cli):
    findings = _json(run_cli, str(SERIES))
    assert _xg5(findings) == [
        ("shixian-jiaotong-2023.md", 42, 22, "XG501", "表三“自然人”列：二、上年结转（2）应等于2022年报告的四、结转下年度继续办理（1），相差1"),
        ("shixian-jiaotong-2023.md", 42, 46, "XG501", "表三“总计”列：二、上年结转（2）应等于2022年报告的四、结转下年度继续办理（1），相差1"),
    ]
    assert [f for f in findings if not f["rule"].startswith("XG5")] == []  # each report alone is clean
    related = findings[0]["related"]
    assert related[0] == {"line": 42, "column": 22, "end_line": 42, "end_column": 23,
                          "message": "2023年报告 二、上年结转政府信息公开申请数量/自然人 = 2"}
    assert related[1]["path"] == str(SERIES / "shixian-jiaotong-2022.md")
    assert (related[1]["line"], related[1]["column"], related[1]["message"]) == (65, 17, "2022年报告 四、结转下年度继续办理/自然人 = 1")


def test_the_series_is_judged_only_when_its_reports_are_linted_together(run_cli):
    one = _json(run_cli, str(SERIES / "shixian-jiaotong-2023.md"))
    assert _xg5(one) == []
    gap = _json(run_cli, str(SERIES / "shixian-jiaotong-2021.md"), str(SERIES / "shixian-jiaotong-2023.md"))
    assert _xg5(gap) == [("shixian-jiaotong-2023.md", 1, 3, "XG506", "本机关的年度报告缺少2022年度（所检查的上一份为2021年报告）")]
    assert gap[0]["severity"] == "info"


def _other_body(tmp_path, years=(2021, 2023), name="示例县水务局"):
    """Another body's reports in the same folder: copies of the series under another name, the
    2021 one carrying forward 2 (what 交通运输局 2023 carries over: mixed up, it would match)."""
    folder = tmp_path / "reports"
    folder.mkdir(exist_ok=True)
    for year in years:
        text = (SERIES / f"shixian-jiaotong-{year}.md").read_text(encoding="utf-8").replace("示例县交通运输局", name)
        (folder / f"shuiwu-{year}.md").write_text(text, encoding="utf-8")
    return folder


def test_two_bodies_in_one_folder_never_mix(run_cli, tmp_path):
    folder = _other_body(tmp_path)
    for year in (2021, 2022, 2023):
        shutil.copy(SERIES / f"shixian-jiaotong-{year}.md", folder)
    found = _xg5(_json(run_cli, str(folder)))
    assert [(name, rule) for name, _l, _c, rule, _m in found] == [
        ("shixian-jiaotong-2023.md", "XG501"), ("shixian-jiaotong-2023.md", "XG501"),
        ("shuiwu-2023.md", "XG506"),  # 水务局 has no 2022 report, although 交通运输局 has one
    ]


def test_workers_give_the_same_findings_across_years(run_cli, tmp_path):
    folder = _other_body(tmp_path)
    for year in (2021, 2022, 2023):
        shutil.copy(SERIES / f"shixian-jiaotong-{year}.md", folder)
    assert _json(run_cli, "--jobs", "2", str(folder)) == _json(run_cli, "--jobs", "1", str(folder))


def test_the_configuration_maps_files_to_their_body(run_cli, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SERIES / "shixian-jiaotong-2022.md", folder)
    text = (SERIES / "shixian-jiaotong-2023.md").read_text(encoding="utf-8").replace("示例县交通运输局2023年", "示例县交通局2023年")
    (folder / "shixian-jiaotong-2023.md").write_text(text, encoding="utf-8")
    assert _xg5(_json(run_cli, str(folder))) == []  # the titles name two bodies
    (folder / ".xxgk-lint.yaml").write_text("reports:\n  - {path: 'shixian-jiaotong-*.md', body: 示例县交通运输局}\n", encoding="utf-8")
    assert [rule for *_, rule, _m in _xg5(_json(run_cli, str(folder)))] == ["XG501", "XG501"]


def test_the_configuration_gives_the_year_and_body_a_title_does_not(run_cli, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SERIES / "shixian-jiaotong-2022.md", folder)
    text = (SERIES / "shixian-jiaotong-2023.md").read_text(encoding="utf-8")
    text = text.replace("示例县交通运输局2023年", "示例县交通运输局").replace("统计期限自2023年1月1日起至2023年12月31日止", "统计期限为本年度")
    (folder / "latest.md").write_text(text, encoding="utf-8")
    assert _xg5(_json(run_cli, str(folder))) == []
    (folder / ".xxgk-lint.yaml").write_text("reports:\n  - {path: latest.md, year: 2023, body: 示例县交通运输局}\n", encoding="utf-8")
    assert [rule for *_, rule, _m in _xg5(_json(run_cli, str(folder)))] == ["XG501", "XG501"]


def test_a_report_whose_title_and_period_disagree_is_left_out_of_its_series(run_cli, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SERIES / "shixian-jiaotong-2022.md", folder)
    text = (SERIES / "shixian-jiaotong-2023.md").read_text(encoding="utf-8").replace("统计期限自2023年", "统计期限自2022年").replace("至2023年12月31日", "至2022年12月31日")
    (folder / "shixian-jiaotong-2023.md").write_text(text, encoding="utf-8")
    found = _json(run_cli, str(folder))
    assert "XG201" in {f["rule"] for f in found} and _xg5(found) == []


def test_series_rules_can_be_selected_ignored_and_relevelled(run_cli):
    assert _xg5(_json(run_cli, "--ignore", "XG5", str(SERIES))) == []
    assert [f["rule"] for f in _json(run_cli, "--select", "XG501", str(SERIES))] == ["XG501", "XG501"]
    result = run_cli("check", "--format", "concise", "--fail-on", "warning", str(SERIES))
    assert result.exit_code == 1 and "XG501 [warning]" in result.stdout
    assert run_cli("check", "--format", "concise", str(SERIES)).exit_code == 0  # warnings only


def test_english_messages_across_years(run_cli):
    result = run_cli("check", "--format", "concise", "--lang", "en", str(SERIES))
    assert "XG501 [warning] table 3, column “自然人”: carried over from last year (2) must equal what the 2022 report carried forward (1); difference 1" in result.stdout


# ---------------------------------------------------------------------------------------------
# The real series: 洪泽区 2023 → 2024


def _hongze():
    from linter.analyse.summary import summarise
    from linter.api import lint_path

    return [summarise(lint_path(str(FIXTURES / f"kiro-hongze-district-{year}.txt"))[0]) for year in (2023, 2024)]


def test_hongze_is_one_body_although_the_2024_title_names_the_city():
    before, after = _hongze()
    assert (before.body, after.body) == ("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert before.body_key == after.body_key == "洪泽区人民政府" and (before.year, after.year) == (2023, 2024)


def _judged(rule_id):
    from linter import engine
    from linter.checks.series import pairs

    packs = engine.load_packs()
    rules = [r for r in engine.series_rules(packs) if r.id == rule_id]
    (pair,) = list(pairs(_hongze()))
    return pair, engine.run_series(pair, rules, packs.texts)


def test_hongze_documents_in_force_pass():
    pair, findings = _judged("XG502")
    before, after = pair.prev.grids["active_documents"], pair.this.grids["active_documents"]
    assert before.readable and after.readable  # judged, not skipped
    assert [str(after.value("normative", c).number) for c in ("issued", "repealed", "in_force")] == ["3", "0", "8"]
    assert str(before.value("normative", "in_force").number) == "5"  # 5 + 3 − 0 = 8
    assert findings == []


@pytest.mark.xfail(strict=True, reason="表三 of both 洪泽区 text versions is not read reliably (PDF-extracted layout: "
                   "values before （二）部分公开 belong to no row, XG301): reading them would be a guess")
def test_hongze_carried_over_passes():
    pair, findings = _judged("XG501")
    assert pair.prev.grids["application"].readable and pair.this.grids["application"].readable
    assert findings == []


def test_hongze_series_has_no_finding_across_years(run_cli):
    reports = [str(FIXTURES / f"kiro-hongze-district-{year}.txt") for year in (2023, 2024)]
    assert _xg5(_json(run_cli, *reports)) == []


# ---------------------------------------------------------------------------------------------
# Summaries


def test_body_key():
    from linter.analyse.summary import body_key

    assert body_key("淮安市洪泽区人民政府") == body_key("洪泽区人民政府") == body_key("江苏省淮安市洪泽区人民政府")
    assert body_key("淮安市人民政府") == "淮安市人民政府"
    assert body_key("淮安市市场监督管理局") == "淮安市市场监督管理局"
    assert body_key("洪泽区教育局") != body_key("洪泽区人民政府")
    assert body_key(None) is None


def test_a_summary_is_small_and_picklable():
    from linter.analyse.summary import summarise
    from linter.api import lint_path

    summary = summarise(lint_path(str(SERIES / "shixian-jiaotong-2022.md"))[0])
    data = pickle.dumps(summary)
    assert pickle.loads(data).grids["application"].value("forward", "total").number == 1
    assert len(data) < 64_000
    assert summary.sentences and all(isinstance(h, int) for h, *_ in summary.sentences)


def test_a_summary_loads_as_it_was_pickled():
    """Its tables' cells pickle as plain tuples (GridSummary.__getstate__): loaded again, every
    grid has the same rows and cells in the same order, each a CellValue."""
    from linter.analyse.summary import CellValue, summarise
    from linter.api import lint_file

    for path in sorted(SERIES.iterdir())[:6] + sorted(EXAMPLES.glob("*.md"))[:6]:
        linted = lint_file(str(path))
        summary = summarise(linted.analysis, text=linted.text)
        loaded = pickle.loads(pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL))
        assert list(loaded.grids) == list(summary.grids)
        for tid, grid in summary.grids.items():
            again = loaded.grids[tid]
            assert [(r, list(cols.items())) for r, cols in again.cells.items()] == [(r, list(cols.items())) for r, cols in grid.cells.items()]
            assert all(type(c) is CellValue for cols in again.cells.values() for c in cols.values())
            assert all(getattr(again, name) == getattr(grid, name) for name in grid.__slots__)
        assert all(getattr(loaded, name) == getattr(summary, name) for name in summary.__slots__ if name != "grids")


def _sentences_one_by_one(paragraphs):
    """The sentences' fingerprint as summary._sentences defines it, each sentence masked and
    squeezed by itself, its numbers found by the plain form of the pattern (what its masking
    once per paragraph, with a pattern written for speed, must agree with)."""
    import hashlib
    import re

    from linter.analyse.summary import MIN_SENTENCE
    from linter.chinese import squeeze

    _SENTENCE_END = re.compile(r"[。；;！!？?]")
    _DIGITS = re.compile(r"\d+(?:\.\d+)?|[〇○零一二三四五六七八九十百千万两]+(?=[件条个项次人篇年月日])")

    found = []
    for paragraph in paragraphs:
        text, start = paragraph.text, 0
        for m in [*_SENTENCE_END.finditer(text), None]:
            end = m.end() if m else len(text)
            key = squeeze(_DIGITS.sub("#", text[start:end]))
            if len(key) >= MIN_SENTENCE:
                lead = len(text[start:end]) - len(text[start:end].lstrip())
                span = paragraph.span_of(start + lead, end)
                digest = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")
                found.append((digest, len(key), span.line, span.column))
            start = end
    return found


def test_sentences_masked_once_per_paragraph_are_those_masked_one_by_one():
    import random

    from linter.analyse.summary import _sentences
    from linter.document import DocLine
    from linter.parse.tree import Paragraph

    texts = []
    for path in sorted(EXAMPLES.glob("*.*")) + sorted(SERIES.glob("*.*")):
        texts += path.read_text(encoding="utf-8").splitlines()
    rng = random.Random(14)
    pieces = ["全年共收到申请", "12", "3.5", "十二", "三", "件", "条", "年", "月", "。", "；", ";", "！", "?", " ", "，",
              "“", "”", "政府信息公开", "0", "〇", "两", "个", "\u3000", ".", "1.", "万"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40))) for _ in range(3000)]
    paragraphs = [Paragraph([DocLine(text, n + 1)]) for n, text in enumerate(texts) if text]
    wrapped = [Paragraph([DocLine(a, 1), DocLine(b, 2, cols=None)]) for a, b in zip(texts[::2], texts[1::2]) if a and b]
    for group in (paragraphs, wrapped):
        assert _sentences(group) == _sentences_one_by_one(group)
