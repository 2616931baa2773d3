"""Adopting the linter on old reports: --write-baseline records today's findings, --baseline
then fails only on new ones, however the report's lines moved."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import EXAMPLES

DEMO = EXAMPLES / "demo-defects-2021.md"
REVIEW_ROW = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"  # 表四


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "reports" / "2024.md"
    path.parent.mkdir()
    shutil.copyfile(DEMO, path)
    return path


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_baseline_passes_the_old_findings_and_fails_on_one_new_defect(run_cli, report, tmp_path):
    baseline = tmp_path / "xxgk-lint-baseline.json"
    written = run_cli("check", "--write-baseline", str(baseline), str(report))
    assert (written.exit_code, written.stdout) == (0, "")
    assert written.stderr == f"xxgk-lint: 已将 8 个问题记入基线 {baseline}\n"
    assert len(json.loads(baseline.read_text(encoding="utf-8"))["findings"]) == 8

    again = run_cli("check", "--no-color", "--baseline", str(baseline), str(report))
    assert again.exit_code == 0
    assert again.stdout == "未发现问题：共检查 1 个文件。\n（另有 8 个已记入基线的问题未列出。）\n"

    # A paragraph added near the top moves every finding below it; a 行政复议 case counted
    # without its 总计 is the one new defect.
    _edit(report, "全面推进政府信息公开工作。\n", "全面推进政府信息公开工作。\n\n本报告经局务会议审议通过。\n")
    _edit(report, REVIEW_ROW, REVIEW_ROW.replace("0", "1", 1))
    new = run_cli("check", "--format", "concise", "--baseline", str(baseline), str(report))
    assert new.exit_code == 1
    assert new.stdout == (
        f"{report}:74:19: XG305 [error] 表四“行政复议”：总计（0）应等于结果维持、结果纠正、其他结果、尚未审结之和（1），相差1\n"
    )
    rules_of = {
        "json": lambda data: [f["rule"] for f in data],
        "sarif": lambda data: [r["ruleId"] for r in data["runs"][0]["results"]],
        "gitlab": lambda data: [issue["check_name"] for issue in data],
    }
    for fmt, rules in rules_of.items():  # the machine formats show only the new one too
        result = run_cli("check", "--format", fmt, "--baseline", str(baseline), str(report))
        assert (result.exit_code, rules(json.loads(result.stdout))) == (1, ["XG305"])


def test_the_baseline_holds_from_another_working_directory(run_cli, report, tmp_path, monkeypatch):
    baseline = tmp_path / "baseline.json"
    monkeypatch.chdir(tmp_path)
    assert run_cli("check", "--write-baseline", "baseline.json", "reports/2024.md").exit_code == 0
    monkeypatch.chdir(report.parent)
    assert run_cli("check", "--baseline", str(baseline), "2024.md").exit_code == 0
    assert run_cli("check", "--baseline", str(baseline), str(report)).exit_code == 0


def test_a_repeated_finding_beyond_the_baseline_count_is_new(run_cli, report, tmp_path):
    baseline = tmp_path / "b.json"
    run_cli("check", "--select", "XG111", "--write-baseline", str(baseline), str(report))
    _edit(report, "（五）监督保障。", "（—）监督保障。")  # the same slip a second time
    result = run_cli("check", "--select", "XG111", "--format", "json", "--fail-on", "warning", "--baseline", str(baseline), str(report))
    assert result.exit_code == 1
    assert [(f["rule"], f["line"]) for f in json.loads(result.stdout)] == [("XG111", 17)]


def test_rewriting_the_baseline_accepts_the_current_state(run_cli, report, tmp_path):
    baseline = tmp_path / "b.json"
    run_cli("check", "--write-baseline", str(baseline), str(report))
    _edit(report, REVIEW_ROW, REVIEW_ROW.replace("0", "1", 1))
    assert run_cli("check", "--baseline", str(baseline), str(report)).exit_code == 1
    refreshed = run_cli("check", "--baseline", str(baseline), "--write-baseline", str(baseline), str(report))
    assert refreshed.exit_code == 0 and "9 个问题" in refreshed.stderr
    assert run_cli("check", "--baseline", str(baseline), str(report)).exit_code == 0


def test_configuration_ignores_are_not_recorded(run_cli, report, tmp_path):
    (tmp_path / ".xxgk-lint.yaml").write_text("ignore: [XG1]\n", encoding="utf-8")
    baseline = tmp_path / "b.json"
    run_cli("check", "--write-baseline", str(baseline), str(report))
    assert {e["rule"] for e in json.loads(baseline.read_text(encoding="utf-8"))["findings"]} == {"XG201", "XG202", "XG302", "XG304", "XG404"}


@pytest.mark.parametrize(
    "content, reason",
    [
        (None, "cannot read baseline: No such file or directory"),
        ("{not json", "1: baseline is not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"version": 9, "findings": []}', "unsupported baseline version 9 (expected 1)"),
    ],
)
def test_a_bad_baseline_is_exit_2_before_linting(run_cli_en, report, tmp_path, content, reason):
    baseline = tmp_path / "b.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    result = run_cli_en("check", "--baseline", str(baseline), str(report))
    assert (result.exit_code, result.stdout) == (2, "")
    separator = "" if reason[0].isdigit() else " "
    assert result.stderr == f"xxgk-lint: error: {baseline}:{separator}{reason}\n"


def test_writing_a_baseline_with_an_unreadable_input_is_exit_2(run_cli, report, tmp_path):
    baseline = tmp_path / "b.json"
    result = run_cli("check", "--write-baseline", str(baseline), str(report), str(tmp_path / "missing.md"))
    assert result.exit_code == 2 and baseline.exists()
