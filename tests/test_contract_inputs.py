"""Odd inputs that used to end in "internal error" (issue 16): numbers of thousands of digits,
charsets that are Python codec names but not web charsets, a closed stdin, a huge --max-bytes,
configurations and baselines that nest deeply, hold huge numbers or are not regular files —
each is linted or refused with one line naming the file, exit status 2 at worst, never a
traceback; and every error, whatever an exception said, is one line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import EXAMPLES, lint

from linter.read.source import Source, decode

DEMO = (EXAMPLES / "demo-defects-2021.md").read_text(encoding="utf-8")
CLEAN = str(EXAMPLES / "demo-clean-2021.md")
HUGE = "9" * 5000  # past Python's 4,300-digit limit of int(str)


def _error(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr, result.stderr
    return result.stderr.removeprefix("xxgk-lint: error: ").rstrip("\n")


# numbers of any length ------------------------------------------------------------------------


def test_a_number_of_thousands_of_digits_in_prose_is_no_count():
    text = DEMO.replace("全年共收到政府信息公开申请5件", f"全年共收到政府信息公开申请{HUGE}件")
    assert "XG404" not in [f.rule for f in lint(text, "r.md")]  # the claim is not read, nothing crashes


def test_a_table_cell_of_thousands_of_digits_is_read():
    text = DEMO.replace("| 6 |", f"| {HUGE} |", 1)
    assert lint(text, "r.md")  # no exception


def test_html_references_and_spans_of_thousands_of_digits(tmp_path):
    from linter.read import read_document

    page = (f"<html><body><p>&#{HUGE};&#x1F600;&#X41;&#0000065;</p><table><tr><td colspan='{HUGE}'>a</td>"
            f"<td rowspan='{HUGE}'>b</td></tr></table></body></html>")
    lines = read_document(Source("p.html", page.encode(), ".html")).lines
    assert [line.text for line in lines[:1]] == ["\ufffd😀AA"]
    assert [line.where for line in lines[1:3]] == ["表1 第1行 第1列", "表1 第1行 第1001列"]  # colspan clamped at 1000


# charsets: the WHATWG labels, nothing else ----------------------------------------------------


@pytest.mark.parametrize("label", ["cp037", "rot13", "unicode_escape", "undefined", "base64", "hex", "mbcs", "utf-7", "idna"])
def test_a_python_codec_name_is_not_a_web_charset_and_is_ignored(label):
    gbk = "某某县人民政府2023年政府信息公开工作年度报告".encode("gbk")
    assert decode(gbk, "p.html", label) == "某某县人民政府2023年政府信息公开工作年度报告"


@pytest.mark.parametrize(("label", "text"), [
    ("gb2312", "政府信息公开"), ("GBK", "政府信息公开"), ("x-gbk", "政府信息公开"), ("gb18030", "政府信息公开"),
    ("big5", "政府資訊公開"), ("windows-1252", "café"), ("iso-8859-1", "café"), ("latin1", "café"),
    ("shift_jis", "情報公開"), ("euc-kr", "정보공개"), ("koi8-r", "Отчёт"), ("utf8", "政府信息公开"),
])
def test_whatwg_labels_decode_as_browsers_do(label, text):
    from linter.read.source import WHATWG_LABELS

    codec = WHATWG_LABELS[label.lower()]
    page = f"<html><head><meta charset={label}></head><body><p>{text}</p></body></html>".encode(codec)
    from linter.read import read_document

    assert [line.text for line in read_document(Source("p.html", page, ".html")).lines] == [text]


def test_charset_undefined_is_read_not_an_internal_error(run_cli_en, tmp_path):
    page = tmp_path / "p.html"
    body = DEMO.replace("\n", "</p><p>")
    page.write_bytes(f"<html><head><meta charset=undefined></head><body><p>{body}</p></body></html>".encode("gbk"))
    result = run_cli_en("check", "--format", "concise", str(page))
    assert result.exit_code == 1 and "XG202" in result.stdout, result.stderr


# the command line's inputs ----------------------------------------------------------------------


def test_a_huge_max_bytes_is_a_limit_not_a_read_size(run_cli_en):
    result = run_cli_en("check", "--max-bytes", "9" * 30, CLEAN)
    assert result.exit_code == 0, result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a closed descriptor 0 is POSIX")
def test_a_closed_stdin_is_an_input_error():
    result = subprocess.run([sys.executable, "-m", "linter.app.cli", "check", "-"], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, env={**os.environ, "XXGK_LINT_LANG": "en"},
                            preexec_fn=lambda: os.close(0), timeout=60)
    assert (result.returncode, result.stderr) == (2, "xxgk-lint: error: <stdin>: standard input is closed\n")


def _deep_json(depth: int) -> str:
    return '{"version": 1, "findings": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize(("option", "name", "text", "reason"), [
    ("--baseline", "b.json", _deep_json(100_000), "baseline is not valid JSON: nests too deeply"),
    ("--baseline", "b.json", _deep_json(200), "nests deeper than 100 levels"),
    ("--baseline", "b.json", '{"version": 1' + "0" * 5000 + ', "findings": []}', "baseline is not valid JSON: a number of 5,001 digits"),
    ("--baseline", "b.json", '{"version": NaN, "findings": []}', "baseline is not valid JSON: NaN is not JSON"),
    ("--config", "c.yaml", "select: " + "[" * 100_000 + "]" * 100_000, "invalid YAML: nests deeper than 100 levels"),
    ("--config", "c.yaml", f"max-bytes: {HUGE}", "invalid YAML: a number too long to read (over 4,300 digits)"),
    ("--config", "pyproject.toml", "[tool.xxgk-lint]\nselect = " + "[" * 100_000 + "]" * 100_000, "invalid TOML: nests too deeply"),
    ("--config", "pyproject.toml", f"[tool.xxgk-lint]\nmax-bytes = {HUGE}", "invalid TOML: a number too long to read (over 4,300 digits)"),
])
def test_bombs_in_a_baseline_or_a_configuration_are_one_line_errors(run_cli_en, tmp_path, option, name, text, reason):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert _error(run_cli_en("check", option, str(path), CLEAN)) == f"{path}: {reason}"


@pytest.mark.skipif(not os.path.exists("/dev/zero") or not hasattr(os, "mkfifo"), reason="POSIX devices and FIFOs")
@pytest.mark.parametrize("option", ["--config", "--baseline"])
def test_a_device_or_a_fifo_as_configuration_or_baseline_is_refused(run_cli_en, tmp_path, option):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    what = "configuration" if option == "--config" else "baseline"
    for path in ("/dev/zero", str(fifo)):  # would fill the memory, would wait for a writer
        assert _error(run_cli_en("check", option, path, CLEAN)) == f"{path}: cannot read {what}: not a regular file"


def test_a_pack_that_is_not_a_regular_file_is_refused(tmp_path):
    from linter.errors import PackError
    from linter.packs.yaml_lines import read_file

    with pytest.raises(PackError, match="not a regular file"):
        read_file(tmp_path, "pack")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 101)
    with pytest.raises(PackError, match="larger than 100 bytes"):
        read_file(big, "pack", limit=100)


# every error one line ---------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["--fail-on", "ERROR"], "Invalid value for '--fail-on': 'ERROR' is not one of 'error', 'warning', 'info'."),
    (["-j", "-1"], "Invalid value for '--jobs' / '-j': -1 is not in the range x>=0."),
    (["--max-bytes", "0"], "Invalid value for '--max-bytes': 0 is not in the range x>=1."),
])
def test_click_usage_errors_are_one_line(run_cli_en, args, message):
    assert _error(run_cli_en("check", *args, CLEAN)) == message


def test_a_yaml_message_of_several_lines_is_one(tmp_path, run_cli_en, monkeypatch):
    import yaml


    def several(*_args, **_kwargs):
        raise yaml.YAMLError("while scanning a thing\n  in \"<unicode string>\", line 1\nfound trouble\n")

    monkeypatch.setattr(yaml, "load", several)  # yaml_lines imports yaml on first use
    config = tmp_path / "c.yaml"
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\n", encoding="utf-8")
    config.write_text("packs: [p.yaml]\n", encoding="utf-8")
    assert _error(run_cli_en("check", "--config", str(config), CLEAN)) == (
        f'{config}: invalid YAML: while scanning a thing in "<unicode string>", line 1 found trouble')


def test_an_internal_error_of_several_lines_is_one(run_cli_en, monkeypatch):
    from linter import api

    def crash(*_args, **_kwargs):
        raise RuntimeError("first line\nsecond line\n\x1b[2J third")

    monkeypatch.setattr(api, "lint", crash)
    result = run_cli_en("check", CLEAN)
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first == f"xxgk-lint: error: {CLEAN}: internal error: RuntimeError: first line second line ^[[2J third (please report this)"


# exact arithmetic ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("upheld", "total", "found"), [
    ("1" + "0" * 30, "1" + "0" * 29 + "1", ["XG305"]),  # 31 digits, one off: Decimal's 28 digits missed it
    ("1" + "0" * 30, "1" + "0" * 30, []),
    ("9" * 5000, "9" * 4999 + "8", ["XG305"]),
])
def test_a_table_total_one_off_is_found_at_any_length(upheld, total, found):
    text = (EXAMPLES / "demo-clean-2021.md").read_text(encoding="utf-8")
    row = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    assert row in text
    text = text.replace(row, f"| {upheld} | 0 | 0 | 0 | {total} | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |")
    assert [f.rule for f in lint(text, "r.md", select=["XG305"])] == found
