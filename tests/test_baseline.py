"""Baselines: fingerprints that survive line moves, N identical findings suppress N."""

from __future__ import annotations

import dataclasses
import json

import pytest

from linter.app.baseline import Baseline, load_baseline, write_baseline
from linter.document import Span
from linter.errors import PackError
from linter.findings import Finding, Severity, fingerprint, fingerprints, path_identity

REPORT = "reports/淮安市2024年报.txt"


def _finding(
    line: int, *, rule: str = "XG305", message: str = "“不予公开”一栏应填写理由", **extra
) -> Finding:
    return Finding(
        path=REPORT,
        span=Span(line, 3, line, 9),
        rule=rule,
        name="some-rule",
        severity=Severity.WARNING,
        message=message,
        message_en="some rule",
        **extra,
    )


FINDINGS = [
    _finding(3, rule="XG101", key="section:2", message="缺少第二部分"),
    _finding(
        12,
        rule="XG201",
        table="表三",
        row="本年新收申请数量",
        column_label="总计",
        message="合计 23 ≠ 21",
    ),
    _finding(20),
]


@pytest.fixture
def baseline(tmp_path) -> Baseline:
    write_baseline(tmp_path / "baseline.json", FINDINGS)
    return load_baseline(tmp_path / "baseline.json")


def test_write_then_filter_finds_nothing_new(baseline):
    assert baseline.filter(FINDINGS) == ([], 3)


def test_a_moved_finding_is_still_suppressed(baseline):
    moved = [dataclasses.replace(f, span=Span(f.line + 40, 1, f.line + 40, 2)) for f in FINDINGS]
    assert baseline.filter(moved) == ([], 3)


def test_one_extra_finding_is_exactly_the_new_one(baseline):
    extra = _finding(30, message="“其他”一栏未说明")
    assert baseline.filter([*FINDINGS, extra]) == ([extra], 3)


def test_n_identical_findings_suppress_n_and_the_next_is_new(tmp_path):
    write_baseline(tmp_path / "b.json", [_finding(5), _finding(9)])
    baseline = load_baseline(tmp_path / "b.json")
    three = [_finding(5), _finding(9), _finding(14)]
    assert baseline.filter(three) == ([three[2]], 2)
    assert baseline.filter(three[:1]) == ([], 1)


def test_fingerprint_ignores_position_and_whitespace_but_not_what_the_finding_is():
    base = _finding(20)
    assert fingerprint(base) == fingerprint(dataclasses.replace(base, span=Span(99, 1, 99, 1)))
    assert fingerprint(base) == fingerprint(
        dataclasses.replace(base, message=" “不予公开”一栏应填写理由\n")
    )
    assert fingerprint(base) != fingerprint(dataclasses.replace(base, rule="XG306"))
    assert fingerprint(base) != fingerprint(dataclasses.replace(base, path="reports/other.txt"))


def test_key_then_table_cell_then_message_identify_a_finding():
    keyed, cell, plain = FINDINGS
    # With a key or a cell the message may change (new numbers) without making a new finding.
    assert fingerprint(keyed) == fingerprint(
        dataclasses.replace(keyed, message="缺少第二部分（主动公开）")
    )
    assert fingerprint(cell) == fingerprint(dataclasses.replace(cell, message="合计 25 ≠ 21"))
    assert fingerprint(cell) != fingerprint(dataclasses.replace(cell, column_label="自然人"))
    assert fingerprint(plain) != fingerprint(dataclasses.replace(plain, message="另一句话"))


def test_path_spelling_does_not_matter_but_an_explicit_identity_wins():
    assert path_identity(".\\reports\\sub\\..\\a.txt") == "reports/a.txt"
    windows = dataclasses.replace(_finding(20), path=".\\reports\\淮安市2024年报.txt")
    assert fingerprint(windows) == fingerprint(_finding(20))
    assert (
        fingerprint(_finding(20), "淮安市/2024")
        == fingerprint(windows, "淮安市/2024")
        != fingerprint(windows)
    )


def test_reports_under_the_baseline_are_named_relative_to_it(tmp_path, monkeypatch):
    """The same baseline holds whether the linter runs from the repository top, from a
    sub-folder or with absolute paths."""
    (tmp_path / "reports").mkdir()
    monkeypatch.chdir(tmp_path)
    from_top = dataclasses.replace(_finding(20), path="reports/a.txt")
    write_baseline(tmp_path / "baseline.json", [from_top])
    document = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert document["findings"][0]["path"] == "reports/a.txt"
    monkeypatch.chdir(tmp_path / "reports")
    for spelling in ("a.txt", str(tmp_path / "reports" / "a.txt")):
        moved = dataclasses.replace(_finding(40), path=spelling)
        assert load_baseline(tmp_path / "baseline.json").filter([moved]) == ([], 1)
    assert path_identity("../elsewhere/b.txt", tmp_path / "reports") == "../elsewhere/b.txt"


def test_fingerprints_number_repeats():
    first, second, third = fingerprints([_finding(1), _finding(2), _finding(3)])
    assert (second, third) == (f"{first}:2", f"{first}:3")


def test_baseline_file_is_sorted_readable_json(tmp_path):
    write_baseline(tmp_path / "b.json", list(reversed(FINDINGS)))
    text = (tmp_path / "b.json").read_text(encoding="utf-8")
    document = json.loads(text)
    assert "缺少第二部分" in text
    assert (document["version"], document["tool"]) == (1, "xxgk-lint")
    assert [(e["rule"], e["path"], e["message"]) for e in document["findings"]] == [
        ("XG101", REPORT, "缺少第二部分"),
        ("XG201", REPORT, "合计 23 ≠ 21"),
        ("XG305", REPORT, "“不予公开”一栏应填写理由"),
    ]
    assert [e["fingerprint"] for e in document["findings"]] == [fingerprint(f) for f in FINDINGS]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ('{"version": 1,\n "findings": [}', 2, "baseline is not valid JSON: Expecting value"),
        ("[]", 1, "baseline must be a JSON object with 'version' and 'findings'"),
        ('{"version": 2, "findings": []}', None, "unsupported baseline version 2 (expected 1)"),
        ('{"version": 1, "findings": {}}', None, "baseline 'findings' must be a list"),
        (
            '{"version": 1, "findings": [{"fingerprint": "ab"}, {"rule": "XG1"}]}',
            None,
            "baseline finding #2 has no 'fingerprint' string",
        ),
    ],
)
def test_malformed_baseline_is_a_pack_error(tmp_path, content, line, reason):
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PackError) as error:
        load_baseline(path)
    assert (error.value.path, error.value.line, error.value.reason) == (str(path), line, reason)


def test_missing_baseline_is_a_pack_error(tmp_path):
    with pytest.raises(PackError) as error:
        load_baseline(tmp_path / "absent.json")
    assert error.value.reason == "cannot read baseline: No such file or directory"
