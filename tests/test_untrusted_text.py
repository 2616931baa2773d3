"""Untrusted text in every output (issue 16): a report's terminal escape sequences, control and
bidirectional characters, and file names with them or with bytes that are not UTF-8, never reach
a terminal, a log or a page as themselves, and every format stays valid UTF-8 (valid JSON, XML).
One representation everywhere (linter/output/safe.py): `^[` for ESC, `\\u009b` for a C1
control, `\\xff` for a file name's byte that is not UTF-8."""

from __future__ import annotations

import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import pytest
from conftest import EXAMPLES

from linter.output import FORMATS

ATTACK = "\x1b]0;PWNED\x07\x1b[31m\x9b\u202e"
# What may not appear in any output, as bytes: C0 controls but tab, LF (and CR), DEL, C1 as
# UTF-8, the bidirectional overrides.
_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")


def _reports(folder) -> list[str]:
    text = (EXAMPLES / "demo-defects-2021.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    attacked = "\n".join(ATTACK + line if i in (0, 10) else line for i, line in enumerate(lines))
    (folder / "attacked.md").write_text(attacked, encoding="utf-8")
    (folder / "name\x1b[31m.md").write_text(text, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"bad\xff.md"), "wb") as file:  # not UTF-8: \udcff in Python
        file.write(text.encode("utf-8"))
    return [str(folder / "attacked.md"), str(folder / "name\x1b[31m.md"), os.fsdecode(os.fsencode(folder) + b"/bad\xff.md")]


def _invoke(*args):
    """In process, with colour allowed: click strips nothing (it would hide an escape)."""
    from click.testing import CliRunner

    from linter.app.cli import main

    return CliRunner(env={"XXGK_LINT_LANG": "en"}).invoke(main, list(args), catch_exceptions=False, color=True)


def _valid(fmt: str, data: bytes) -> str:
    assert _FORBIDDEN.search(data) is None, _FORBIDDEN.search(data)
    text = data.decode("utf-8")  # valid UTF-8
    if fmt in ("json", "gitlab", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        ET.fromstring(data)
    return text


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="file names of any bytes are POSIX")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_escapes_and_odd_names_safely(tmp_path, fmt):
    reports = _reports(tmp_path)
    result = _invoke("check", "--format", fmt, "--no-color" if fmt == "text" else "--exit-zero", *reports)
    assert result.exit_code in (0, 1), result.stderr
    assert _FORBIDDEN.search(result.stderr_bytes) is None
    out = _valid(fmt, result.stdout_bytes)
    if fmt in ("json", "gitlab"):
        paths = {item["path"] if fmt == "json" else item["location"]["path"] for item in json.loads(out)}
        assert {p.rsplit("/", 1)[-1] for p in paths} == {"attacked.md", "name\x1b[31m.md", "bad\\xff.md"}
    elif fmt == "sarif":
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]}
        assert {u.rsplit("/", 1)[-1] for u in uris} == {"attacked.md", "name%1B%5B31m.md", "bad%FF.md"}
    else:
        assert "name^[[31m.md" in out and "bad\\xff.md" in out
    if fmt in ("text", "html"):  # the code frame of line 11
        assert "11 | ^[]0;PWNED^G^[[31m\\u009b\\u202e（二）依申请公开" in out


def test_the_code_frame_caret_counts_an_escape_as_wide_as_it_is_shown():
    from linter.document import Span
    from linter.output.text import frame

    assert frame({3: "\x1b[1m收到申请5件"}, Span(3, 7, 3, 8)) == [
        "  |",
        "3 | ^[[1m收到申请5件",
        "  | " + " " * 9 + "^^",  # under 申: `^[` is two cells, `[1m` three, 收到 four
    ]


def test_the_python_api_renders_every_machine_format_safely(tmp_path):
    from linter.api import lint_file
    from linter.findings import RunResult
    from linter.output import render

    reports = _reports(tmp_path)
    findings = [f for path in reports for f in lint_file(path).findings]
    result = RunResult(findings=findings, rules={}, paths=reports, errors=[(reports[1], "odd\x1b[2J reason")])
    for fmt in ("concise", "json", "sarif", "github", "gitlab", "junit"):
        _valid(fmt, render(fmt, result).encode("utf-8"))


def test_a_name_not_utf8_in_a_baseline_is_written_and_read_back(tmp_path):
    reports = _reports(tmp_path)
    baseline = tmp_path / "baseline.json"
    written = _invoke("check", "--write-baseline", str(baseline), *reports)
    assert written.exit_code == 0, written.stderr
    document = json.loads(_valid("json", baseline.read_bytes()))
    assert "bad\\xff.md" in {entry["path"] for entry in document["findings"]}
    again = _invoke("check", "--baseline", str(baseline), *reports)
    assert again.exit_code == 0 and "No problems found" in again.stdout


def test_errors_on_stderr_are_one_safe_line(tmp_path):
    bad = tmp_path / "x\x1b[2J.md"
    bad.write_bytes(b"\x00\x01binary")
    result = _invoke("check", str(bad))
    assert result.exit_code == 2
    assert result.stderr == f"xxgk-lint: error: {tmp_path}/x^[[2J.md: binary file (contains NUL bytes); UTF-16 needs a byte-order mark\n"


def test_a_sarif_uri_of_a_name_not_utf8_is_percent_encoded():
    from linter.output.sarif import artifact_location

    assert artifact_location("d/bad\udcff.md") == {"uri": "d/bad%FF.md", "uriBaseId": "%SRCROOT%"}
    assert artifact_location("/d/bad\udcff.md") == {"uri": "file:///d/bad%FF.md"}
    assert artifact_location("C:\\d\\bad\udcff.md") == {"uri": "file:///C:/d/bad%FF.md"}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_suffixes_of_skipped_files_are_shown_safely(tmp_path, fmt):
    (tmp_path / "r.md").write_text((EXAMPLES / "demo-clean-2021.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "x.\x1b[31m").write_bytes(b"")
    with open(os.path.join(os.fsencode(tmp_path), b"y.\xff"), "wb"):
        pass
    result = _invoke("check", "--format", fmt, str(tmp_path))
    assert result.exit_code == 0
    shown = result.stdout if fmt == "text" else result.stderr
    assert _FORBIDDEN.search(shown.encode("utf-8", "surrogateescape")) is None
    assert "skipped, not a report format (.^[[31m 1, .\\xff 1)." in shown
