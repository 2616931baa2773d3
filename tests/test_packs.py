"""A malformed pack is an error naming the pack file, the line and what is wrong."""

from __future__ import annotations

import pytest

from linter.engine import load_packs
from linter.errors import PackError
from linter.packs.model import era_for

GOOD_CHECK = """\
checks:
  - id: XG901
    name: demo-rule
    kind: content-items
    severity: error
    message: 缺少
    message_en: missing
    basis: 条例
    docs: demo
    examples:
      - {fail: "x", expect: [[1, 1, "x"]]}
      - {pass: "y"}
"""


def _load(tmp_path, text):
    """The shipped packs with this one: it is checked on its own and against them."""
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return load_packs([path]).packs["p"], path


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("pack: p\nchecks: []\nsectons: []\n", 3, "unknown key 'sectons'"),
        ("pack: p\n" + GOOD_CHECK.replace("severity: error", "severity: fatal"), 6, "unknown severity 'fatal'"),
        ("pack: p\n" + GOOD_CHECK.replace("kind: content-items", "kind: nope"), 5, "unknown kind 'nope'"),
        ("pack: p\n" + GOOD_CHECK.replace("name: demo-rule", "name: Demo_Rule"), 4, "must be kebab-case"),
        ("pack: p\n" + GOOD_CHECK.replace("    docs: demo\n", ""), 3, "missing `docs`"),
        ("pack: p\n" + GOOD_CHECK.replace('      - {pass: "y"}\n', ""), 11, "needs a failing and a passing example"),
        ("pack: p\n" + GOOD_CHECK.replace("id: XG901", "id: X901"), 3, "must look like XG101"),
        ("pack: p\napplies: {era: [fmt2030]}\n", 2, "unknown era 'fmt2030'"),
        ("pack: p\nchecks: [\n", 3, "invalid YAML"),
        ("pack: p\ndeadlines:\n  - {deadline: 3-31}\n", 3, "deadline must be MM-DD"),
        ("pack: p\neras:\n  x2030: {years: {from: 2030}, alias: '2030'}\n", 3, "era 'x2030' needs `years`, `alias` and `name`"),
        ("pack: p\neras:\n  x2030:\n    years: [2030]\n    alias: '2030'\n    name: x\n", 4, "`years` is {from: YEAR, to: YEAR}"),
        ("pack: p\neras:\n  x2030: {years: {from: 2030}, alias: '2030', name: x, since: 1}\n", 3, "unknown key 'since'"),
    ],
)
def test_malformed_pack(tmp_path, text, line, reason):
    with pytest.raises(PackError) as info:
        _load(tmp_path, text)
    assert info.value.line == line
    assert reason in info.value.reason
    assert str(info.value).startswith(f"{tmp_path / 'pack.yaml'}:{line}: ")


def test_good_pack_loads(tmp_path):
    pack, _ = _load(tmp_path, "pack: p\n" + GOOD_CHECK)
    assert [r.id for r in pack.rules] == ["XG901"]


def test_shipped_packs_resolve_per_era():
    from linter.engine import load_packs

    packs = load_packs()
    rules_2021 = packs.resolve("fmt2021").rules
    rules_2008 = packs.resolve("reg2008").rules
    assert {"XG101", "XG102", "XG103", "XG111", "XG201"} <= {r.id for r in rules_2021}
    assert "XG104" not in {r.id for r in rules_2021}
    assert "XG104" in {r.id for r in rules_2008} and "XG101" not in {r.id for r in rules_2008}


@pytest.mark.parametrize(
    ("year", "content", "era"),
    [
        (2016, None, "reg2008"),  # narrative report of the 2008 era
        (2016, "stats2014", "stats2014"),  # with the 统计表: chosen by its fingerprint
        (2016, "fmt2021", "reg2008"),  # a later template in an old report: the year decides
        (2005, None, "reg2008"),  # before the table: the open end runs on
        (2019, None, "fmt2019"),
        (2020, "fmt2021", "fmt2019"),
        (2021, None, "fmt2021"),
        (2035, None, "fmt2021"),
        (None, "stats2014", "stats2014"),  # no year: the content decides
        (None, None, "fmt2021"),  # else the newest era
    ],
)
def test_era_of_a_report_comes_from_the_eras_table(year, content, era):
    assert era_for(load_packs().eras, year, content) == era


def test_era_aliases_are_pack_data():
    packs = load_packs()
    assert [(e.id, e.alias) for e in packs.eras.values()] == [
        ("reg2008", "2008"), ("stats2014", "2014"), ("fmt2019", "2019"), ("fmt2021", "2021"),
    ]
    assert (packs.era_id("2019"), packs.era_id("fmt2019"), packs.era_id("2020")) == ("fmt2019", "fmt2019", None)
