"""Configuration through the command line: found upwards from each report (the nearest wins),
--config instead, command-line options over it, extra packs, per-file ignores, and every mistake
in it an exit-2 error naming the file and the line."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import EXAMPLES

DEMO = EXAMPLES / "demo-defects-2021.md"
WARNINGS_ONLY = EXAMPLES / "000_e418e91e9b4d9838.txt"  # XG104, XG111 and XG122, all warnings

OFFICE_PACK = """\
pack: office
title: 本机关的补充检查
applies: {era: [fmt2021]}
extends: [fmt2021]
checks:
  - id: XG901
    name: nothing-carried-forward
    kind: assert
    severity: warning
    params:
      table: application
      each: column
      assert: application.forward == 0
    message: "表三“{column}”列：本机关要求年底前办结全部申请，结转下年度应为0（{lhs}）"
    message_en: "table 3, column “{column}”: this office handles every application within the year ({lhs} carried forward)"
    basis: 本机关政务公开工作制度
    docs: Our office carries nothing forward into the next year.
    examples:
      - fail: |
          某某县人民政府2021年政府信息公开工作年度报告
          三、收到和处理政府信息公开申请情况
          | 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        expect: [[3, 16, "表三“自然人”列：本机关要求年底前办结全部申请，结转下年度应为0（1）"]]
      - pass: |
          某某县人民政府2021年政府信息公开工作年度报告
          三、收到和处理政府信息公开申请情况
          | 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _report(path: Path, source: Path = DEMO) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)
    return path


@pytest.fixture
def lint_json(run_cli):
    """Run `check --format json` and return (exit status, [(rule, severity)...])."""

    def run(*args):
        result = run_cli("check", "--format", "json", *map(str, args))
        findings = json.loads(result.stdout) if result.stdout else []
        return result.exit_code, [(f["rule"], f["severity"]) for f in findings]

    return run


def _rules(findings):
    return sorted({rule for rule, _ in findings})


# discovery -------------------------------------------------------------------------------------


def test_yaml_config_beside_the_report_applies(tmp_path, lint_json):
    _write(tmp_path / ".xxgk-lint.yaml", "ignore: [XG1, XG3]\n")
    status, findings = lint_json(_report(tmp_path / "2024.md"))
    assert _rules(findings) == ["XG201", "XG202", "XG404"] and status == 1


def test_pyproject_table_applies(tmp_path, lint_json):
    _write(tmp_path / "pyproject.toml", '[project]\nname = "reports"\n\n[tool.xxgk-lint]\nfail-on = "warning"\n')
    report = _report(tmp_path / "reports" / "2019.txt", WARNINGS_ONLY)
    assert lint_json(report)[0] == 1  # warnings fail under this configuration


def test_the_nearest_config_wins_and_each_report_has_its_own(tmp_path, lint_json):
    _write(tmp_path / ".xxgk-lint.yaml", "select: [XG201]\n")
    _write(tmp_path / "county" / ".xxgk-lint.yaml", "select: [XG111]\n")
    top = _report(tmp_path / "city.md")
    county = _report(tmp_path / "county" / "2024" / "county.md")
    status, findings = lint_json(top, county)
    assert [rule for rule, _ in findings] == ["XG201", "XG111"]


def test_discovery_stops_at_the_repository_top(tmp_path, lint_json):
    _write(tmp_path / ".xxgk-lint.yaml", "select: [XG201]\n")  # outside the repository
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    status, findings = lint_json(_report(tmp_path / "repo" / "r.md"))
    assert len(_rules(findings)) > 1


def test_explicit_config_replaces_discovery(tmp_path, lint_json):
    _write(tmp_path / ".xxgk-lint.yaml", "select: [XG201]\n")
    explicit = _write(tmp_path / "ci" / "strict.yaml", "select: [XG111]\nfail-on: warning\n")
    status, findings = lint_json("--config", explicit, _report(tmp_path / "r.md"))
    assert (status, findings) == (1, [("XG111", "warning")])


def test_stdin_is_governed_by_the_config_where_its_name_says_it_is(tmp_path, run_cli, monkeypatch):
    _write(tmp_path / "reports" / ".xxgk-lint.yaml", "select: [XG111]\n")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--format", "json", "--stdin-filename", "reports/r.md", "-", input=DEMO.read_text(encoding="utf-8"))
    assert [f["rule"] for f in json.loads(result.stdout)] == ["XG111"]


# the keys --------------------------------------------------------------------------------------


def test_severity_override_and_fail_on(tmp_path, lint_json):
    _write(tmp_path / ".xxgk-lint.yaml", "severity: {XG111: error, XG104: info}\n")
    status, findings = lint_json(_report(tmp_path / "2019.txt", WARNINGS_ONLY))
    assert (status, sorted(findings)) == (1, [("XG104", "info"), ("XG111", "error"), ("XG122", "warning")])


def test_era_from_the_config(tmp_path, lint_json):
    _write(tmp_path / ".xxgk-lint.yaml", "era: fmt2021\nselect: [XG101]\n")
    status, findings = lint_json(_report(tmp_path / "2019.txt", WARNINGS_ONLY))
    assert len(findings) == 5  # the 2021 sections are required, as with --era fmt2021


def test_per_file_ignores(tmp_path, run_cli):
    _write(tmp_path / ".xxgk-lint.yaml", """
        per-file-ignores:
          - path: "2024/*.md"
            rules: [XG201, XG3]
            reason: 统计期限按上级通知填写，已备案
    """)
    ignored = _report(tmp_path / "2024" / "a.md")
    other = _report(tmp_path / "2023" / "a.md")
    findings = json.loads(run_cli("check", "--format", "json", str(ignored), str(other)).stdout)
    rules = {path: sorted(f["rule"] for f in findings if f["path"] == path) for path in (str(ignored), str(other))}
    assert rules[str(ignored)] == ["XG101", "XG111", "XG113", "XG202", "XG404"]
    assert rules[str(other)] == ["XG101", "XG111", "XG113", "XG201", "XG202", "XG302", "XG304", "XG404"]


def test_extra_pack_relative_to_the_config(tmp_path, lint_json, run_cli):
    _write(tmp_path / "packs" / "office.yaml", OFFICE_PACK)
    _write(tmp_path / ".xxgk-lint.yaml", "packs: [packs/office.yaml]\nselect: [XG901]\n")
    report = _report(tmp_path / "r.md")
    assert lint_json(report) == (0, [("XG901", "warning"), ("XG901", "warning")])  # 自然人 and 总计
    # its rule can be named on the command line, too
    assert lint_json("--select", "XG9", report) == (0, [("XG901", "warning"), ("XG901", "warning")])
    sarif = json.loads(run_cli("check", "--format", "sarif", str(report)).stdout)
    assert "XG901" in [rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]]


def test_a_malformed_extra_pack_names_its_file_and_line(tmp_path, run_cli_en):
    pack = _write(tmp_path / "office.yaml", OFFICE_PACK.replace("kind: assert", "kind: assrt"))
    _write(tmp_path / ".xxgk-lint.yaml", "packs: [office.yaml]\n")
    result = run_cli_en("check", str(_report(tmp_path / "r.md")))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"xxgk-lint: error: {pack}:8: check XG901: unknown kind 'assrt'")


def test_packs_that_extend_each_other_are_blamed_not_the_report(tmp_path, run_cli_en):
    first = _write(tmp_path / "a.yaml", "pack: a\napplies: {era: [fmt2021]}\nextends: [b]\nchecks: []\n")
    _write(tmp_path / "b.yaml", "pack: b\napplies: {era: [fmt2021]}\nextends: [a]\nchecks: []\n")
    _write(tmp_path / ".xxgk-lint.yaml", "packs: [a.yaml, b.yaml]\n")
    result = run_cli_en("check", str(_report(tmp_path / "r.md")))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"xxgk-lint: error: {first}:3: pack 'a' extends itself (a → b → a)\n"


# command line over configuration --------------------------------------------------------------


def test_command_line_options_override_the_config(tmp_path, lint_json):
    _write(tmp_path / ".xxgk-lint.yaml", "select: [XG111, XG104]\nfail-on: warning\nera: reg2008\n")
    report = _report(tmp_path / "r.md")
    both = [("XG111", "warning"), ("XG104", "warning")]
    assert lint_json(report) == (1, both)  # XG104 is a rule of the 2008 era the file forces
    assert lint_json("--fail-on", "error", report) == (0, both)
    assert lint_json("--select", "XG201", report) == (1, [("XG201", "error")])
    assert lint_json("--ignore", "XG104", report) == (1, [("XG111", "warning")])
    assert lint_json("--era", "auto", report) == (1, [("XG111", "warning")])  # 2021 detected again


# mistakes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, text, line, reason",
    [
        (".xxgk-lint.yaml", "select: [XG1]\nfail_on: warning\n", 2,
         "unknown key 'fail_on' (expected one of select, ignore, severity, fail-on, era, lang, include, packs, per-file-ignores, exclude, reports)"),
        (".xxgk-lint.yaml", "select:\n  - XG101\n  - XG1O1\n", 3,
         "unknown rule 'XG1O1' in 'select' (no rule id is or starts with it)"),
        (".xxgk-lint.yaml", "per-file-ignores:\n  - path: a.md\n    rules: [XG201]\n", 2,
         "per-file-ignores entry for 'a.md' needs a non-empty 'reason'"),
        ("pyproject.toml", '[tool.xxgk-lint]\nselect = ["XG1"]\n\n[tool.xxgk-lint.severity]\nXG999 = "info"\n', 5,
         "unknown rule 'XG999' in 'severity' (no rule id is or starts with it)"),
        ("pyproject.toml", '[tool.xxgk-lint]\nera = "fmt2021"\nsellect = ["XG1"]\n', 3,
         "unknown key 'sellect' (expected one of select, ignore, severity, fail-on, era, lang, include, packs, per-file-ignores, exclude, reports)"),
    ],
)
def test_a_config_mistake_is_exit_2_naming_file_and_line(tmp_path, run_cli_en, name, text, line, reason):
    config = _write(tmp_path / name, text)
    result = run_cli_en("check", str(_report(tmp_path / "r.md")))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"xxgk-lint: error: {config}:{line}: {reason}\n"


def test_a_missing_explicit_config_is_exit_2(tmp_path, run_cli_en):
    result = run_cli_en("check", "--config", str(tmp_path / "none.yaml"), str(DEMO))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"xxgk-lint: error: {tmp_path / 'none.yaml'}: cannot read configuration")


def test_the_readme_configuration_examples_are_valid(tmp_path, run_cli):
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    yaml_example = re.search(r"```yaml\n(# \.xxgk-lint\.yaml\n.*?)```", readme, re.S).group(1)
    toml_example = re.search(r"```toml\n(# pyproject\.toml\n.*?)```", readme, re.S).group(1)
    _write(tmp_path / "yaml" / "lint" / "our-office.yaml", OFFICE_PACK)
    for name, text in (("yaml/.xxgk-lint.yaml", yaml_example), ("toml/pyproject.toml", toml_example)):
        config = _write(tmp_path / name, text)
        result = run_cli("check", "--format", "json", str(_report(config.parent / "2024.md")))
        assert result.exit_code in (0, 1) and result.stderr == "", (name, result.stderr)
