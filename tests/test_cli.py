"""The command line: exit status, formats, selection, rules and explain."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES

SEED_000 = str(EXAMPLES / "000_e418e91e9b4d9838.txt")
SEED_001 = str(EXAMPLES / "001_d2562da69713e31b.txt")


def test_text_output_has_location_rule_severity_and_an_aligned_caret(run_cli):
    result = run_cli("check", "--no-color", SEED_000)
    lines = result.stdout.splitlines()
    i = lines.index(f"{SEED_000}:11:4: XG111 [警告] 标题序号“(—)”疑为“(一)”的误写  heading-numeral-slip")
    assert lines[i + 1 : i + 4] == ["   |", "11 |   (—)坚持强化领导,夯实工作基础", "   |    ^"]
    # full-width characters are two cells wide: the caret under 三 spans both
    j = lines.index(f"{SEED_000}:55:3: XG104 [警告] 未报告第三十二条第（六）项“其他需要报告的事项”  content-item-missing")
    assert lines[j + 3] == "   |   ^^"
    assert result.exit_code == 0  # warnings only, --fail-on error


def test_fail_on_warning_and_exit_codes(run_cli):
    assert run_cli("check", "--no-color", "--fail-on", "warning", SEED_000).exit_code == 1
    assert run_cli("check", "--no-color", SEED_001).exit_code == 0


def test_json_output_is_stable(run_cli):
    result = run_cli("check", "--format", "json", SEED_000)
    data = json.loads(result.stdout)
    assert [(d["rule"], d["line"], d["column"]) for d in data] == [("XG122", 3, 1), ("XG111", 11, 4), ("XG104", 55, 3)]
    assert set(data[1]) >= {"path", "line", "column", "end_line", "end_column", "rule", "name", "severity", "message", "message_en"}
    assert (data[1]["end_line"], data[1]["end_column"], data[1]["severity"]) == (11, 5, "warning")


def test_select_ignore_and_era(run_cli_en):
    out = json.loads(run_cli_en("check", "--format", "json", "--select", "XG111", SEED_000).stdout)
    assert [d["rule"] for d in out] == ["XG111"]
    out = json.loads(run_cli_en("check", "--format", "json", "--ignore", "XG1", SEED_000).stdout)
    assert out == []
    out = json.loads(run_cli_en("check", "--format", "json", "--era", "fmt2021", "--select", "XG101", SEED_000).stdout)
    assert len(out) == 5  # only 五 is there (as a weak match): the other five sections are missing
    bad = run_cli_en("check", "--select", "XG999", SEED_000)
    assert bad.exit_code == 2 and bad.stderr == "xxgk-lint: error: unknown rule id or prefix 'XG999' (see `xxgk-lint rules`)\n"


def test_english_messages(run_cli):
    result = run_cli("check", "--no-color", "--lang", "en", "--select", "XG111", SEED_000)
    assert "heading numeral “(—)” looks like a slip for “(一)”" in result.stdout


def test_rules_and_explain(run_cli):
    listing = run_cli("rules").stdout
    assert "XG101  missing-section" in listing and "XG111  heading-numeral-slip" in listing
    explained = run_cli("explain", "XG101")
    assert explained.exit_code == 0
    assert "XG101 missing-section  [error]" in explained.stdout and "国办公开办函" in explained.stdout
    assert "不合规示例 / failing example:\n  - 6:1 缺少第五部分“存在的主要问题及改进情况”" in explained.stdout
    assert run_cli("explain", "heading-numeral-slip").exit_code == 0
    assert run_cli("explain", "XG999").exit_code == 2


def test_line_numbers_are_not_taken_for_emoji_codes(run_cli, tmp_path):
    """rich would print `:100:` (as in path:100:1) as an emoji."""
    path = tmp_path / "r.txt"
    path.write_text("\n" * 99 + "  (—)主动公开\n", encoding="utf-8")
    result = run_cli("check", "--no-color", "--select", "XG111", str(path))
    assert f"{path}:100:4: XG111 [警告]" in result.stdout


def test_an_unknown_era_is_a_one_line_usage_error(run_cli_en):
    result = run_cli_en("check", "--era", "fmt2030", SEED_000)
    assert result.exit_code == 2
    assert result.stderr == (
        "xxgk-lint: error: --era: unknown era 'fmt2030' (expected one of auto, reg2008, stats2014, fmt2019, "
        "fmt2021, 2008, 2014, 2019, 2021)\n"
    )
    assert run_cli_en("check", "--era", "2008", "--select", "XG104", "--format", "json", SEED_000).exit_code == 0


def test_era_mismatch_names_the_era_of_the_year_even_when_the_era_is_forced(run_cli, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("某某县人民政府2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(九)项 |\n政府集中采购 |\n0 |\n", encoding="utf-8")
    for era in ("auto", "fmt2019"):
        result = run_cli("check", "--era", era, "--select", "XG203", "--format", "json", str(report))
        [finding] = json.loads(result.stdout)
        assert (finding["line"], finding["column"]) == (3, 1)
        assert finding["message"] == (
            "2023年度报告应使用2021年格式（国办公开办函〔2021〕30号），但内容含有2019年格式（国办公开办函〔2019〕60号）才有的“第二十条第九项”"
        )


def test_the_python_api_reads_the_configuration_when_asked_and_refuses_unknown_rule_ids(tmp_path):
    import pytest

    from linter.api import Settings, lint_path, lint_text

    (tmp_path / ".xxgk-lint.yaml").write_text("select: [XG2]\n", encoding="utf-8")
    report = tmp_path / "r.md"
    report.write_text((Path(SEED_000).parent / "demo-defects-2021.md").read_text(encoding="utf-8"), encoding="utf-8")
    everything = {f.rule for f in lint_path(str(report))[1]}
    configured = {f.rule for f in lint_path(str(report), config=True)[1]}
    assert "XG302" in everything and configured == {"XG201", "XG202"}
    # settings given lay over the configuration's, as a command line does
    assert {f.rule for f in lint_path(str(report), Settings(ignore=["XG202"]), config=True)[1]} == {"XG201"}
    with pytest.raises(ValueError, match="unknown rule id or prefix 'XG1O1'"):
        lint_text("某某县人民政府2023年政府信息公开工作年度报告\n", settings=Settings(select=["XG1O1"]))
