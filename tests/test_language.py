"""The command line speaks Chinese by default and English with `--lang en`: the findings (their
messages and the notes under them, from the packs' texts), the help, the errors.

`--lang en` output has no Chinese outside quoted report text (file paths, code frames and
anything between “ ” are the report's or the format's own words); the default output has no
English outside rule ids and names."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, FIXTURES

REPORTS = sorted(p for folder in (EXAMPLES, FIXTURES) for p in folder.rglob("*") if p.suffix in (".txt", ".md", ".html"))
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def _unquoted(line: str) -> str:
    """A line of the text output without its path, its code frame and quoted text."""
    if re.match(r"^\s*\d*\s*\|", line):
        return ""
    text = re.sub(r"^\S+?:\d+:\d+:", "", line.strip())
    while re.search(r"“[^“”]*”", text):
        text = re.sub(r"“[^“”]*”", "", text)
    return text


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_english_output_has_no_chinese_outside_quotes(run_cli, path):
    for fmt in ("text", "concise"):
        result = run_cli("check", "--no-color", "--format", fmt, "--lang", "en", str(path))
        assert result.exit_code in (0, 1), result.output
        leftover = [line for line in result.stdout.splitlines() if CJK.search(_unquoted(line))]
        assert leftover == [], fmt


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_default_output_has_no_english_outside_ids_and_names(run_cli, path):
    result = run_cli("check", "--no-color", str(path))
    for line in result.stdout.splitlines():
        text = re.sub(r"\bXG\d{3}\b", "", _unquoted(line))
        text = re.sub(r"\s[a-z]+(?:-[a-z0-9]+)+$", "", text)  # the rule's name
        assert not re.search(r"[A-Za-z]{2,}", text), line


def test_help_is_chinese_by_default_and_english_on_request(run_cli):
    zh = run_cli("check", "--help").stdout
    assert zh.startswith("用法： xxgk-lint check [OPTIONS] PATHS...") and "检查年度报告" in zh and "显示此帮助并退出。" in zh
    en = run_cli("check", "--help", "--lang", "en").stdout
    assert en.startswith("Usage: xxgk-lint check [OPTIONS] PATHS...") and "Lint reports" in en
    assert not CJK.search(re.sub(r"“[^”]*”", "", en.replace("\n", " ")))
    assert run_cli("--help", lang="en").stdout.startswith("Usage: xxgk-lint")


def test_usage_errors_are_one_line_in_the_language_asked(run_cli):
    zh = run_cli("check", "--fail-on", "ERROR", "x.txt")
    assert (zh.exit_code, zh.stderr) == (2, "xxgk-lint: 错误: '--fail-on' 的值无效：'ERROR' 不是 'error', 'warning', 'info' 之一。\n")
    en = run_cli("check", "--jobs", "-1", "x.txt", lang="en")
    assert (en.exit_code, en.stderr) == (2, "xxgk-lint: error: Invalid value for '--jobs' / '-j': -1 is not in the range x>=0.\n")
    unknown = run_cli("check", "--nope", "x.txt")
    assert unknown.exit_code == 2 and unknown.stderr.count("\n") == 1 and unknown.stderr.startswith("xxgk-lint: 错误: 没有选项")


def test_input_errors_speak_chinese_by_default(run_cli, tmp_path):
    result = run_cli("check", str(tmp_path / "nope.txt"))
    assert (result.exit_code, result.stderr) == (2, f"xxgk-lint: 错误: {tmp_path / 'nope.txt'}: 没有这个文件\n")


def test_severity_and_summary_of_the_text_output(run_cli):
    zh = run_cli("check", "--no-color", str(EXAMPLES / "000_e418e91e9b4d9838.txt")).stdout
    assert "XG111 [警告] 标题序号" in zh and zh.rstrip().endswith("共检查 1 个文件。")
    en = run_cli("check", "--no-color", "--lang", "en", str(EXAMPLES / "000_e418e91e9b4d9838.txt")).stdout
    assert "XG111 [warning] heading numeral" in en and "files checked." in en


def test_the_configuration_can_choose_english(run_cli, tmp_path):
    (tmp_path / ".xxgk-lint.yaml").write_text("lang: en\n", encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text((EXAMPLES / "000_e418e91e9b4d9838.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("check", "--no-color", "--format", "concise", str(report))
    assert "XG111 [warning] heading numeral “(—)” looks like a slip for “(一)”" in result.stdout
