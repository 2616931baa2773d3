"""A malformed pack is an error naming the pack file, the line and what is wrong."""

from __future__ import annotations

import pytest

from linter.errors import PackError
from linter.packs import load_pack

KINDS = {"section-missing": frozenset(), "era-mismatch": frozenset({"era_names"})}
GOOD_CHECK = """\
checks:
  - id: XG901
    name: demo-rule
    kind: section-missing
    severity: error
    message: 缺少
    message_en: missing
    basis: 条例
    docs: demo
    examples:
      - {fail: "x", expect: [[1, 1]]}
      - {pass: "y"}
"""


def _load(tmp_path, text):
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return load_pack(path, KINDS), path


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("pack: p\nchecks: []\nsectons: []\n", 3, "unknown key 'sectons'"),
        ("pack: p\n" + GOOD_CHECK.replace("severity: error", "severity: fatal"), 6, "unknown severity 'fatal'"),
        ("pack: p\n" + GOOD_CHECK.replace("kind: section-missing", "kind: nope"), 5, "unknown kind 'nope'"),
        ("pack: p\n" + GOOD_CHECK.replace("name: demo-rule", "name: Demo_Rule"), 4, "must be kebab-case"),
        ("pack: p\n" + GOOD_CHECK.replace("    docs: demo\n", ""), 3, "missing `docs`"),
        ("pack: p\n" + GOOD_CHECK.replace('      - {pass: "y"}\n', ""), 11, "needs a failing and a passing example"),
        ("pack: p\n" + GOOD_CHECK.replace("id: XG901", "id: X901"), 3, "must look like XG101"),
        ("pack: p\napplies: {era: [fmt2030]}\n", 2, "unknown era 'fmt2030'"),
        ("pack: p\nchecks: [\n", 3, "invalid YAML"),
        ("pack: p\ndeadlines:\n  - {deadline: 3-31}\n", 3, "deadline must be MM-DD"),
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
    from linter.packs import load_packs

    packs = load_packs()
    _data, rules_2021 = packs.resolve("fmt2021")
    _data, rules_2008 = packs.resolve("reg2008")
    assert {"XG101", "XG102", "XG103", "XG111", "XG201"} <= {r.id for r in rules_2021}
    assert "XG104" not in {r.id for r in rules_2021}
    assert "XG104" in {r.id for r in rules_2008} and "XG101" not in {r.id for r in rules_2008}
