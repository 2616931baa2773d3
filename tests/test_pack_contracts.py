"""The packs' contracts are checked when they are loaded: every reference a check makes (a
table, a row, a cell, a claim, a text), every expression and every message placeholder, with
the pack file and line — never a silent no-op or an internal error on the first report."""

from __future__ import annotations

import re

import pytest

from linter.engine import load_packs
from linter.errors import PackError
from linter.resources import packs_dir

COMMON = (packs_dir() / "common.yaml").read_text(encoding="utf-8")


def _error(tmp_path, text: str, name: str = "common.yaml") -> PackError:
    """Load the shipped packs with `common.yaml` replaced by `text`."""
    import shutil

    folder = tmp_path / "rules"
    shutil.copytree(packs_dir(), folder)
    (folder / name).write_text(text, encoding="utf-8")
    import linter.packs.load as load

    original = load.packs_dir
    load.packs_dir = lambda: folder
    try:
        with pytest.raises(PackError) as info:
            load_packs()
        return info.value
    finally:
        load.packs_dir = original


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _changed(old: str, new: str) -> str:
    assert COMMON.count(old) == 1, old
    return COMMON.replace(old, new)


def test_a_misspelt_cell_in_a_figure_check_is_a_load_error(tmp_path):
    text = _changed('carried: "claim.figure == first(application.carried.total,', 'carried: "claim.figure == first(application.carried.totl,')
    error = _error(tmp_path, text)
    assert (error.line, error.reason) == (
        _line_of(text, "carried: \"claim.figure"),
        "check XG404: table 'application' has no column 'totl'",
    )
    assert str(error).startswith(f"{tmp_path / 'rules' / 'common.yaml'}:{error.line}: ")


def test_a_syntax_error_in_an_expression_is_a_load_error(tmp_path):
    text = _changed('forward: "claim.figure == first(', 'forward: "claim.figure = first(')
    error = _error(tmp_path, text)
    assert error.line == _line_of(text, 'forward: "claim.figure =')
    assert error.reason == (
        "check XG404: 'claim.figure = first(application.forward.total, sum(application.forward.columns(applicants)))': "
        "column 14: use == to compare, not ="
    )


def test_a_misspelt_message_placeholder_is_a_load_error(tmp_path):
    text = _changed('message: "标题年度（{lhs}年）', 'message: "标题年度（{title_yaer}年）')
    error = _error(tmp_path, text)
    assert error.line == _line_of(text, "标题年度（{title_yaer}")
    assert error.reason.startswith("check XG201: `message` has the placeholder {title_yaer}, which kind assert does not fill (it fills: ")


@pytest.mark.parametrize(
    ("old", "new", "needle", "reason"),
    [
        # a claim the narrative data does not have
        ("        granted: \"claim.figure", "        grantd: \"claim.figure", "grantd:",
         "check XG404: unknown claim 'grantd' (the `narrative: claims:` names: "),
        # a text a kind uses, with a placeholder the kind does not fill
        ('period_year: {zh: "统计期限为{value}年"', 'period_year: {zh: "统计期限为{valu}年"', "period_year: {zh:",
         "text 'period_year' (zh) has the placeholder {valu}, which kind assert does not fill"),
        # a text no pack defines
        ("  qizhong: {zh: 其中, en: of which}\n", "", "    kind: breakdown",
         "check XG405: kind breakdown uses the text 'qizhong', which no pack defines"),
        # a parameter the kind does not take
        ("    params: {report: slip}", "    params: {report: slip, level: 2}", "level: 2",
         "check XG111: kind numbering: unknown key 'level'"),
        # a parameter of the wrong value
        ("    params: {report: slip}", "    params: {report: slips}", "params: {report: slips}",
         "check XG111: `report` must be one of slip, restart, gap, not 'slips'"),
        # claim.figure outside each: claims
        ("      assert: facts.title_year == facts.period_year", "      assert: claim.figure == facts.period_year",
         "assert: claim.figure", "check XG201: `claim.…` can only be used with each: claims"),
        # a fact that does not exist
        ("      assert: facts.title_year == facts.period_year", "      assert: facts.title_yr == facts.period_year",
         "assert: facts.title_yr", "check XG201: 'facts' has no 'title_yr'"),
    ],
)
def test_contract_failures_name_file_and_line(tmp_path, old, new, needle, reason):
    text = _changed(old, new)
    error = _error(tmp_path, text)
    assert reason in error.reason
    assert error.line == _line_of(text, needle), error


def test_a_pack_that_extends_itself_is_a_pack_error(tmp_path):
    text = COMMON.replace("applies: {era: [reg2008, stats2014, fmt2019, fmt2021]}", "applies: {era: [reg2008, stats2014, fmt2019, fmt2021]}\nextends: [common]")
    folder = tmp_path / "extra.yaml"
    folder.write_text("pack: loop\napplies: {era: [fmt2021]}\nextends: [loop]\n", encoding="utf-8")
    with pytest.raises(PackError) as info:  # when the packs are loaded, not when a report needs its era
        load_packs([folder])
    assert info.value.line == 3 and info.value.reason == "pack 'loop' extends itself (loop → loop)"
    assert text  # the shipped common pack is untouched


def test_every_kind_is_used_by_a_rule_and_every_text_by_a_kind():
    from linter.checks import KINDS

    packs = load_packs()
    used = {rule.kind for rule in packs.rules.values()}
    assert used == set(KINDS)
    declared = {t for kind in KINDS.values() for t in kind.contract.texts}
    assert set(packs.texts) == declared
    assert len([k for k in KINDS.values() if k.scope == "report"]) <= 11  # about ten, and `series` across years


def test_placeholders_of_every_shipped_message_are_fields_of_its_kind():
    from linter.checks import KINDS

    for rule in load_packs().rules.values():
        fields = KINDS[rule.kind].contract.fields
        for template in (rule.message, rule.message_en):
            assert set(re.findall(r"\{(\w+)\}", template)) <= fields, rule.id
