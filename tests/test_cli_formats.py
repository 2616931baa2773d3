"""`check` through the command line in every format: on the demo report with defects and on the
clean one, in the shape each consumer reads; --output-file; the exit status whatever the format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from conftest import EXAMPLES

from linter.output import FORMATS

DEFECTS = str(EXAMPLES / "demo-defects-2021.md")
CLEAN = str(EXAMPLES / "demo-clean-2021.md")
WARNINGS_ONLY = str(EXAMPLES / "000_e418e91e9b4d9838.txt")  # XG104, XG111 and XG122, all warnings
# (rule, line, column) of every finding of the demo with defects, in output order.
DEFECT_FINDINGS = [
    ("XG201", 1, 12), ("XG404", 11, 13), ("XG111", 15, 2), ("XG302", 41, 46), ("XG304", 41, 46),
    ("XG101", 74, 4), ("XG113", 74, 4), ("XG202", 78, 6),
]
SEVERITY = {"XG201": "error", "XG404": "warning", "XG111": "warning", "XG302": "error", "XG304": "error",
            "XG101": "error", "XG113": "warning", "XG202": "warning"}


@pytest.fixture(scope="module")
def sarif_schema():
    from test_output_formats import SARIF_SCHEMA

    return SARIF_SCHEMA


def _check(run_cli, fmt, *paths, extra=()):
    return run_cli("check", "--no-color", "--format", fmt, *extra, *paths)


# --- each format, with findings and clean ---------------------------------------------------


def test_text(run_cli):
    result = _check(run_cli, "text", DEFECTS)
    assert result.exit_code == 1
    assert f"{DEFECTS}:41:46: XG302 [错误]" in result.stdout
    assert "发现 8 个问题（4 个错误，4 个警告，0 个提示）" in result.stdout
    clean = _check(run_cli, "text", CLEAN)
    assert (clean.exit_code, clean.stdout) == (0, "未发现问题：共检查 1 个文件。\n")


def test_text_in_english(run_cli):
    result = _check(run_cli, "text", DEFECTS, extra=["--lang", "en"])
    assert "Found 8 problems (4 errors, 4 warnings, 0 notes) in 1 of 1 files checked." in result.stdout
    assert "No problems found: 1 files checked." in _check(run_cli, "text", CLEAN, extra=["--lang", "en"]).stdout


def test_concise(run_cli):
    result = _check(run_cli, "concise", DEFECTS)
    lines = result.stdout.splitlines()
    assert [tuple(line.split(": ")[0].rsplit(":", 2)[1:]) for line in lines] == [
        (str(line), str(column)) for _, line, column in DEFECT_FINDINGS
    ]
    assert lines[0] == f"{DEFECTS}:1:12: XG201 [error] 标题年度（2024年）与统计期限年度（2023年）不一致"
    assert result.exit_code == 1
    clean = _check(run_cli, "concise", CLEAN)
    assert (clean.exit_code, clean.stdout) == (0, "")


def test_concise_in_english(run_cli):
    first = _check(run_cli, "concise", DEFECTS, extra=["--lang", "en"]).stdout.splitlines()[0]
    assert first == f"{DEFECTS}:1:12: XG201 [error] the title's year (2024) differs from the year of the statistical period (2023)"


def test_json(run_cli):
    result = _check(run_cli, "json", DEFECTS)
    data = json.loads(result.stdout)
    assert [(d["rule"], d["line"], d["column"]) for d in data] == DEFECT_FINDINGS
    for item in data:
        assert set(item) >= {"path", "line", "column", "end_line", "end_column", "rule", "name", "severity", "message", "message_en", "related"}
        assert item["severity"] == SEVERITY[item["rule"]]
    assert result.exit_code == 1
    # a table finding names its cell by the official labels, and lists the cells it adds up
    balance = next(d for d in data if d["rule"] == "XG302")
    assert balance["cell"] == {"table": "表三 收到和处理政府信息公开申请情况", "row": "一、本年新收政府信息公开申请数量", "column": "总计"}
    assert [(r["line"], r["column"], r["message"]) for r in balance["related"]] == [
        (41, 46, "一、本年新收政府信息公开申请数量/总计 = 6"),
        (42, 46, "二、上年结转政府信息公开申请数量/总计 = 1"),
        (64, 35, "（七）总计/总计 = 5"),
        (65, 41, "四、结转下年度继续办理/总计 = 1"),
    ]
    assert "cell" not in next(d for d in data if d["rule"] == "XG101")
    clean = _check(run_cli, "json", CLEAN)
    assert (clean.exit_code, json.loads(clean.stdout)) == (0, [])


def test_sarif_is_valid_and_complete(run_cli, sarif_schema):
    result = _check(run_cli, "sarif", DEFECTS)
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    run = log["runs"][0]
    results = run["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        (rule, line) for rule, line, _ in DEFECT_FINDINGS
    ]
    assert all(r["partialFingerprints"] for r in results)
    rules = run["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert result.exit_code == 1
    clean = _check(run_cli, "sarif", CLEAN)
    clean_log = json.loads(clean.stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(clean_log)
    assert clean.exit_code == 0 and clean_log["runs"][0]["results"] == []
    assert clean_log["runs"][0]["tool"]["driver"]["rules"]  # what was checked, even when clean


def test_github_annotations(run_cli):
    result = _check(run_cli, "github", DEFECTS)
    lines = result.stdout.splitlines()
    assert len(lines) == len(DEFECT_FINDINGS)
    for line, (rule, number, column) in zip(lines, DEFECT_FINDINGS):
        command, _, message = line[2:].partition("::")
        kind, _, properties = command.partition(" ")
        fields = dict(item.split("=", 1) for item in properties.split(","))
        assert kind == SEVERITY[rule]  # error / warning (info would be notice)
        assert (fields["line"], fields["col"]) == (str(number), str(column))
        assert fields["title"].startswith(rule) and message
        assert fields["file"] == DEFECTS.replace(":", "%3A").replace(",", "%2C")
    assert result.exit_code == 1
    clean = _check(run_cli, "github", CLEAN)
    assert (clean.exit_code, clean.stdout) == (0, "")


def test_gitlab_code_quality(run_cli):
    result = _check(run_cli, "gitlab", DEFECTS)
    issues = json.loads(result.stdout)
    assert [(i["check_name"], i["location"]["lines"]["begin"]) for i in issues] == [
        (rule, line) for rule, line, _ in DEFECT_FINDINGS
    ]
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["path"] == DEFECTS
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert result.exit_code == 1
    clean = _check(run_cli, "gitlab", CLEAN)
    assert (clean.exit_code, json.loads(clean.stdout)) == (0, [])


def test_junit(run_cli):
    result = _check(run_cli, "junit", DEFECTS, CLEAN)
    suites = ET.fromstring(result.stdout.encode("utf-8"))
    suite = suites.find("testsuite")
    assert (suites.tag, suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("testsuites", "9", "8", "0")
    failures = [case.find("failure") for case in suite.iter("testcase")]
    assert [f.get("type") for f in failures if f is not None] == [rule for rule, _, _ in DEFECT_FINDINGS]
    assert [case.get("classname") for case in suite.iter("testcase") if case.find("failure") is None] == [CLEAN]
    assert result.exit_code == 1
    clean = _check(run_cli, "junit", CLEAN)
    suite = ET.fromstring(clean.stdout.encode("utf-8")).find("testsuite")
    assert (clean.exit_code, suite.get("tests"), suite.get("failures")) == (0, "1", "0")


def test_an_unreadable_input_is_exit_2_in_every_format_and_recorded(run_cli_en, tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    for fmt in FORMATS:
        result = _check(run_cli_en, fmt, CLEAN, str(binary))
        assert result.exit_code == 2, fmt
        error, *rest = result.stderr.splitlines()
        assert error.startswith(f"xxgk-lint: error: {binary}: ")
        # how many files were linted and how many not: in the text summary, else on stderr
        counts = "xxgk-lint: 1 files linted; 1 could not be read (errors above)."
        assert rest == ([] if fmt == "text" else [counts]), fmt
        assert (counts in result.stdout) == (fmt == "text"), fmt
    suite = ET.fromstring(_check(run_cli_en, "junit", str(binary)).stdout.encode("utf-8")).find("testsuite")
    assert suite.get("errors") == "1"


# --- exit status, whatever the format -------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_fail_on_warning_turns_a_warning_into_exit_1(run_cli, fmt):
    assert _check(run_cli, fmt, WARNINGS_ONLY).exit_code == 0
    assert _check(run_cli, fmt, WARNINGS_ONLY, extra=["--fail-on", "warning"]).exit_code == 1
    assert _check(run_cli, fmt, WARNINGS_ONLY, extra=["--fail-on", "info"]).exit_code == 1
    assert _check(run_cli, fmt, WARNINGS_ONLY, extra=["--fail-on", "warning", "--exit-zero"]).exit_code == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_exit_zero_keeps_input_errors_at_2(run_cli, fmt, tmp_path):
    assert _check(run_cli, fmt, DEFECTS, extra=["--exit-zero"]).exit_code == 0
    missing = str(tmp_path / "missing.md")
    assert _check(run_cli, fmt, DEFECTS, missing, extra=["--exit-zero"]).exit_code == 2


def test_a_crash_is_exit_2_with_one_line(run_cli_en, monkeypatch):
    import linter.output.sarif

    def broken(_result):
        raise KeyError("boom")

    monkeypatch.setattr(linter.output.sarif, "render", broken)
    result = _check(run_cli_en, "sarif", CLEAN, extra=["--exit-zero"])
    assert result.exit_code == 2
    assert result.stderr == "xxgk-lint: error: internal error: KeyError: 'boom' (please report this)\n"


# --- --output-file ----------------------------------------------------------------------------


def test_one_run_prints_text_and_writes_sarif_and_junit(run_cli, tmp_path, sarif_schema):
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    result = run_cli("check", "--no-color", "--output-file", f"sarif:{sarif}", "--output-file", f"junit:{junit}", DEFECTS)
    assert result.exit_code == 1
    assert f"{DEFECTS}:1:12: XG201 [错误]" in result.stdout
    log = json.loads(sarif.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    assert len(log["runs"][0]["results"]) == len(DEFECT_FINDINGS)
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("failures") == str(len(DEFECT_FINDINGS))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_can_be_written_to_a_file_as_it_is_printed(run_cli, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    printed = run_cli("check", "--no-color", "--format", fmt, "--output-file", f"{fmt}:{out}", DEFECTS).stdout
    assert out.read_text(encoding="utf-8") == printed


def test_clean_run_writes_files_too(run_cli, tmp_path):
    out = tmp_path / "clean.json"
    assert run_cli("check", "--output-file", f"json:{out}", CLEAN).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "spec, reason",
    [
        ("xml:out.xml", "--output-file 'xml:out.xml': unknown format 'xml' (expected one of text, concise, json, sarif, github, gitlab, junit, html)"),
        ("sarif", "--output-file 'sarif': expected FORMAT:PATH, e.g. sarif:results.sarif"),
        ("sarif:", "--output-file 'sarif:': expected FORMAT:PATH, e.g. sarif:results.sarif"),
    ],
)
def test_a_bad_output_file_format_is_a_one_line_usage_error(run_cli_en, spec, reason):
    result = run_cli_en("check", "--output-file", spec, CLEAN)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"xxgk-lint: error: {reason}\n")


def test_an_unwritable_output_path_is_refused_before_linting(run_cli_en, tmp_path):
    nowhere = tmp_path / "no" / "such" / "dir" / "out.sarif"
    result = run_cli_en("check", "--output-file", f"sarif:{nowhere}", DEFECTS)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"xxgk-lint: error: {nowhere}: directory {nowhere.parent} does not exist (--output-file sarif:{nowhere})\n"
    directory = run_cli_en("check", "--output-file", f"json:{tmp_path}", DEFECTS)
    assert directory.exit_code == 2 and directory.stderr == f"xxgk-lint: error: {tmp_path}: is a directory (--output-file json:{tmp_path})\n"


def test_a_report_is_never_overwritten(run_cli, tmp_path):
    report = tmp_path / "report.md"
    original = (EXAMPLES / "demo-defects-2021.md").read_text(encoding="utf-8")
    report.write_text(original, encoding="utf-8")
    for option in (["--output-file", f"text:{report}"], ["--write-baseline", str(report)]):
        result = run_cli("check", *option, str(tmp_path))  # the report found in a directory, too
        assert result.exit_code == 2 and result.stderr == f"xxgk-lint: 错误: {report}：是正在检查的报告，不会覆盖它（{option[0] if option[0] == '--write-baseline' else ' '.join(option)}）\n"
        assert report.read_text(encoding="utf-8") == original
