"""The machine output formats, on a run with findings (Chinese text, related cells, a Windows
path with `,` and `:`) and on a clean run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT

from linter import __version__
from linter.document import Span
from linter.findings import Finding, Related, RunResult, Severity, fingerprints
from linter.output import FORMATS, render
from linter.packs.model import Rule

# The official OASIS SARIF 2.1.0 schema (errata01, draft-04), unchanged from
# oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json.
SARIF_SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8")
)

HUAIAN = "reports/淮安市2024年报.txt"
OLD = "reports\\2019,旧:版.md"  # as a Windows user typed it
CLEAN = "reports/clean.txt"


def _rule(rule_id: str, name: str, severity: Severity, message: str, message_en: str) -> Rule:
    return Rule(
        id=rule_id,
        name=name,
        severity=severity,
        kind="test",
        message=message,
        message_en=message_en,
        basis="国办公开办函〔2021〕30号",
        docs=f"{name} 的说明。",
        pack="fmt2021",
    )


RULES = {
    "XG999": _rule("XG999", "unused-rule", Severity.INFO, "未使用", "Unused"),
    "XG101": _rule(
        "XG101", "missing-section", Severity.ERROR, "缺少必备部分", "Missing required section"
    ),
    "XG201": _rule(
        "XG201", "table-identity", Severity.WARNING, "表格合计不符", "Table total does not add up"
    ),
    "XG305": _rule("XG305", "rate-note", Severity.INFO, "比率需注明", "Rate needs a note"),
}

MISSING = Finding(
    path=HUAIAN,
    span=Span(3, 1, 3, 9),
    rule="XG101",
    name="missing-section",
    severity=Severity.ERROR,
    message="缺少“二、主动公开政府信息情况”部分",
    message_en="Missing section 2",
    key="section:2",
)
IDENTITY = Finding(
    path=HUAIAN,
    span=Span(12, 5, 12, 9),
    rule="XG201",
    name="table-identity",
    severity=Severity.WARNING,
    message="表三 总计（23）≠ 各项之和（21），差 2",
    message_en="Table 3 total (23) != sum of parts (21), difference 2",
    related=(
        Related(Span(10, 5, 10, 7), "自然人：15"),
        Related(Span(11, 5, 11, 6), "法人或其他组织：6", where="表3 第2行"),
    ),
    table="表三",
    row="本年新收政府信息公开申请数量",
    column_label="总计",
)
NOTE = Finding(
    path=OLD,
    span=Span(7, 4, 7, 2),  # an end before the start: formats must still give a valid range
    rule="XG305",
    name="rate-note",
    severity=Severity.INFO,
    message="完成率 100%\n见附注",
    message_en="Rate 100%",
)


def _result(*, errors: list[tuple[str, str]] | None = None) -> RunResult:
    return RunResult(
        findings=[MISSING, IDENTITY, NOTE],
        rules=RULES,
        paths=[HUAIAN, OLD, CLEAN],
        errors=errors or [],
    )


def _clean() -> RunResult:
    return RunResult(findings=[], rules=RULES, paths=[HUAIAN, CLEAN])


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "text"])
def test_every_format_is_deterministic_and_reached_through_render(fmt):
    assert render(fmt, _result()) == render(fmt, _result())


# concise ----------------------------------------------------------------------------------------


def test_concise_is_one_line_per_finding_even_for_a_multiline_message():
    assert render("concise", _result()).split("\n") == [
        "reports/淮安市2024年报.txt:3:1: XG101 [error] 缺少“二、主动公开政府信息情况”部分",
        "reports/淮安市2024年报.txt:12:5: XG201 [warning] 表三 总计（23）≠ 各项之和（21），差 2",
        "reports/2019,旧:版.md:7:4: XG305 [info] 完成率 100% 见附注",
    ]


def test_concise_clean_is_empty():
    assert render("concise", _clean()) == ""


# json -------------------------------------------------------------------------------------------


def test_json_is_the_stable_dict_form_with_readable_chinese():
    text = render("json", _result())
    assert "缺少“二、主动公开政府信息情况”部分" in text  # not \u escapes
    data = json.loads(text)
    assert data == [
        MISSING.to_dict(),
        IDENTITY.to_dict(),
        {**NOTE.to_dict(), "path": "reports/2019,旧:版.md"},
    ]
    assert data[1]["related"][1] == {
        "line": 11,
        "column": 5,
        "end_line": 11,
        "end_column": 6,
        "message": "法人或其他组织：6",
        "where": "表3 第2行",
    }


def test_json_clean_is_empty_list():
    assert render("json", _clean()) == "[]"


# sarif ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("validator", [jsonschema.Draft7Validator, jsonschema.Draft4Validator])
@pytest.mark.parametrize(
    "make", [_result, _clean, lambda: _result(errors=[("bad.docx", "不是有效的 Word 文件")])]
)
def test_sarif_is_valid_against_the_official_schema(validator, make):
    validator(SARIF_SCHEMA).validate(json.loads(render("sarif", make())))


def test_the_schema_check_would_catch_a_wrong_level():
    log = json.loads(render("sarif", _result()))
    log["runs"][0]["results"][0]["level"] = "info"  # SARIF says "note"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)


def test_sarif_driver_lists_every_rule_used_or_not():
    run = json.loads(render("sarif", _result()))["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("xxgk-lint", __version__)
    assert [r["id"] for r in driver["rules"]] == ["XG101", "XG201", "XG305", "XG999"]
    assert driver["rules"][0] == {
        "id": "XG101",
        "name": "missing-section",
        "shortDescription": {"text": "Missing required section"},
        "fullDescription": {"text": "缺少必备部分"},
        "help": {
            "text": "missing-section 的说明。\n\n依据 / Basis: 国办公开办函〔2021〕30号",
            "markdown": "missing-section 的说明。\n\n依据 / Basis: 国办公开办函〔2021〕30号",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "message": "缺少必备部分",
            "basis": "国办公开办函〔2021〕30号",
            "pack": "fmt2021",
            "docs": "docs/rules.md#xg101-missing-section",
        },
    }
    assert "informationUri" not in driver  # no page that does not exist
    assert [r["defaultConfiguration"]["level"] for r in driver["rules"]] == [
        "error",
        "warning",
        "note",
        "note",
    ]


def test_sarif_results_point_at_rule_region_related_cells_and_fingerprint():
    run = json.loads(render("sarif", _result()))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    missing, identity, note = run["results"]
    assert (missing["ruleId"], missing["ruleIndex"], missing["level"]) == ("XG101", 0, "error")
    assert missing["message"] == {"text": "缺少“二、主动公开政府信息情况”部分"}
    assert missing["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {
                    "uri": "reports/%E6%B7%AE%E5%AE%89%E5%B8%822024%E5%B9%B4%E6%8A%A5.txt",
                    "uriBaseId": "%SRCROOT%",
                },
                "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 9},
            }
        }
    ]
    assert identity["relatedLocations"][1] == {
        "id": 2,
        "physicalLocation": missing["locations"][0]["physicalLocation"]
        | {"region": {"startLine": 11, "startColumn": 5, "endLine": 11, "endColumn": 6}},
        "message": {"text": "法人或其他组织：6"},
        "properties": {"where": "表3 第2行"},
    }
    assert identity["properties"] == {
        "name": "table-identity",
        "message_en": "Table 3 total (23) != sum of parts (21), difference 2",
        "cell": {"table": "表三", "row": "本年新收政府信息公开申请数量", "column": "总计"},
    }
    assert (note["ruleIndex"], note["level"]) == (2, "note")
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "reports/2019%2C%E6%97%A7%3A%E7%89%88.md"
    )
    assert note["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 7,
        "startColumn": 4,
        "endLine": 7,
        "endColumn": 4,
    }
    expected = fingerprints(_result().findings)
    assert [r["partialFingerprints"] for r in run["results"]] == [
        {"xxgkLintFingerprint/v1": fp} for fp in expected
    ]


def test_sarif_absolute_paths_are_file_uris():
    finding = Finding(
        path="/srv/年报/a.txt",
        span=Span(1, 1, 1, 2),
        rule="XG101",
        name="missing-section",
        severity=Severity.ERROR,
        message="缺少",
        message_en="missing",
    )
    run = json.loads(render("sarif", RunResult([finding], RULES, [finding.path])))["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "file:///srv/%E5%B9%B4%E6%8A%A5/a.txt"}


def test_sarif_clean_run_has_rules_artifacts_and_no_results():
    run = json.loads(render("sarif", _clean()))["runs"][0]
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == 4
    assert [a["location"]["uri"] for a in run["artifacts"]] == [
        "reports/%E6%B7%AE%E5%AE%89%E5%B8%822024%E5%B9%B4%E6%8A%A5.txt",
        "reports/clean.txt",
    ]
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_sarif_unreadable_inputs_are_notifications():
    run = json.loads(render("sarif", _result(errors=[("bad.docx", "不是有效的 Word 文件")])))[
        "runs"
    ][0]
    assert run["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": "不是有效的 Word 文件"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "bad.docx", "uriBaseId": "%SRCROOT%"}
                            }
                        }
                    ],
                }
            ],
        }
    ]


# github -----------------------------------------------------------------------------------------


def test_github_workflow_commands_exactly():
    assert render("github", _result()).split("\n") == [
        "::error file=reports/淮安市2024年报.txt,line=3,col=1,endLine=3,endColumn=9,"
        "title=XG101 missing-section::缺少“二、主动公开政府信息情况”部分",
        "::warning file=reports/淮安市2024年报.txt,line=12,col=5,endLine=12,endColumn=9,"
        "title=XG201 table-identity::表三 总计（23）≠ 各项之和（21），差 2",
        "::notice file=reports/2019%2C旧%3A版.md,line=7,col=4,endLine=7,endColumn=4,"
        "title=XG305 rate-note::完成率 100%25%0A见附注",
    ]


def test_github_clean_is_empty():
    assert render("github", _clean()) == ""


# gitlab -----------------------------------------------------------------------------------------


def test_gitlab_code_quality_issues():
    issues = json.loads(render("gitlab", _result()))
    assert issues[0] == {
        "description": "XG101 缺少“二、主动公开政府信息情况”部分",
        "check_name": "XG101",
        "fingerprint": fingerprints([MISSING])[0],
        "severity": "major",
        "location": {"path": "reports/淮安市2024年报.txt", "lines": {"begin": 3}},
    }
    assert [i["severity"] for i in issues] == ["major", "minor", "info"]
    assert issues[2]["location"] == {"path": "reports/2019,旧:版.md", "lines": {"begin": 7}}


def test_gitlab_fingerprints_are_unique_even_for_identical_findings():
    twice = RunResult([MISSING, MISSING, IDENTITY], RULES, [HUAIAN])
    prints = [i["fingerprint"] for i in json.loads(render("gitlab", twice))]
    assert len(set(prints)) == 3
    assert prints[1] == prints[0] + ":2"


def test_gitlab_clean_is_empty_list():
    assert render("gitlab", _clean()) == "[]"


# junit ------------------------------------------------------------------------------------------


def _suite(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.get("name") == "xxgk-lint"
    assert {k: root.get(k) for k in ("tests", "failures", "errors")} == {
        k: suite.get(k) for k in ("tests", "failures", "errors")
    }
    return suite


def test_junit_findings_fail_and_clean_reports_pass():
    suite = _suite(render("junit", _result()))
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "3", "0")
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        (HUAIAN, "XG101 missing-section (3:1)"),
        (HUAIAN, "XG201 table-identity (12:5)"),
        ("reports/2019,旧:版.md", "XG305 rate-note (7:4)"),
        (CLEAN, "xxgk-lint"),
    ]
    failure = cases[1].find("failure")
    assert (failure.get("type"), failure.get("message")) == ("XG201", IDENTITY.message)
    assert failure.text == (
        "reports/淮安市2024年报.txt:12:5: XG201 [warning] 表三 总计（23）≠ 各项之和（21），差 2\n"
        "reports/淮安市2024年报.txt:10:5: 自然人：15\n"
        "reports/淮安市2024年报.txt:11:5: 法人或其他组织：6"
    )
    assert cases[3].find("failure") is None


def test_junit_clean_run_still_has_tests():
    suite = _suite(render("junit", _clean()))
    assert (suite.get("tests"), suite.get("failures")) == ("2", "0")
    assert [c.get("classname") for c in suite.findall("testcase")] == [HUAIAN, CLEAN]


def test_junit_unreadable_inputs_are_errors_and_control_characters_are_replaced():
    suite = _suite(render("junit", _result(errors=[("bad.docx", "第3段含控制字符\x0c")])))
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "3", "1")
    error = suite.findall("testcase")[-1].find("error")
    assert error.get("message") == "第3段含控制字符^L"  # shown as output/safe.py shows it, valid XML


def test_rule_documentation_urls_are_absolute_when_the_docs_are_published(monkeypatch):
    """Every rule has a stable URL: its anchor in docs/rules.md; SARIF's helpUri and
    informationUri only when the documents' base is known (a SARIF URI is absolute)."""
    monkeypatch.setenv("XXGK_LINT_DOCS_URL", "https://git.example.gov.cn/tools/xxgk-lint/-/blob/main/")
    driver = json.loads(render("sarif", _result()))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://git.example.gov.cn/tools/xxgk-lint/-/blob/main/README.md"
    assert driver["rules"][0]["helpUri"] == "https://git.example.gov.cn/tools/xxgk-lint/-/blob/main/docs/rules.md#xg101-missing-section"
    [first, *_] = json.loads(render("json", _result()))
    assert first["docs"].startswith("https://git.example.gov.cn/") and first["docs"].endswith("#" + first["rule"].lower() + "-" + first["name"])


def test_every_rules_anchor_is_in_the_rule_reference():
    from linter.engine import load_packs
    from linter.resources import rule_docs

    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in load_packs().rules.values():
        anchor = rule_docs(rule.id, rule.name).split("#")[1]
        assert f"## {rule.id} {rule.name}" in page and f"(#{anchor})" in page
