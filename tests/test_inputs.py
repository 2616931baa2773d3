"""Every kind of bad or unusual input: a clear one-line error and exit 2, or a correct lint."""

from __future__ import annotations

import codecs

import pytest
from conftest import EXAMPLES, findings_of

SEED = EXAMPLES / "003_16c7a534f4d23119.txt"
# no 统计表 with a 2017 report (XG122); the opening announces seven parts and lists eight
# (XG105); the 依申请公开 section gives no count (XG403)
SEED_FINDINGS = [("XG122", 2, 1), ("XG105", 4, 183), ("XG403", 12, 1)]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gbk", b""), ("gb18030", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
def test_encodings_give_the_same_findings(tmp_path, encoding, bom):
    path = tmp_path / "report.txt"
    text = SEED.read_text(encoding="utf-8").replace("\u00a0", " ")  # GBK has no NBSP
    path.write_bytes(bom + text.encode(encoding))
    assert findings_of(path) == SEED_FINDINGS


def test_crlf_and_cr_line_ends_keep_line_numbers(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    for newline in ("\r\n", "\r"):
        path = tmp_path / "report.txt"
        path.write_bytes(text.replace("\n", newline).encode("utf-8"))
        assert findings_of(path) == SEED_FINDINGS


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file (contains NUL bytes); UTF-16 needs a byte-order mark"),
        (b"", "empty report: nothing to lint"),
        (b"\n  \n\t\n", "empty report: nothing to lint"),
        (bytes(range(0x80, 0x100)) * 4 + b"\x81", "not text: neither UTF-8 nor GB18030/GBK (binary or unknown encoding)"),
    ],
    ids=["binary", "empty", "blank", "undecodable"],
)
def test_bad_input_is_one_line_and_exit_2_and_others_still_linted(tmp_path, run_cli_en, data, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    result = run_cli_en("check", "--no-color", "--format", "json", str(bad), str(SEED))
    assert result.exit_code == 2
    assert result.stderr == f"xxgk-lint: error: {bad}: {reason}\nxxgk-lint: 1 files linted; 1 could not be read (errors above).\n"
    assert '"rule": "XG403"' in result.stdout  # the good file was still linted


def test_missing_file_and_directory_argument(tmp_path, run_cli_en):
    result = run_cli_en("check", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert result.stderr == f"xxgk-lint: error: {tmp_path / 'nope.txt'}: no such file\n"


def test_too_large_input_is_refused(tmp_path, run_cli_en):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    result = run_cli_en("check", "--max-bytes", "1000", str(big))
    assert result.exit_code == 2
    assert "over the limit of 1,000" in result.stderr


def test_one_megabyte_single_line_does_not_hang(tmp_path):
    """A 1 MB line of text (no line breaks): linted, findings at line 1, no hang."""
    path = tmp_path / "one-line.txt"
    path.write_text("某某县人民政府2023年政府信息公开工作年度报告" + "政务公开工作，" * 150_000, encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    findings = findings_of(path)
    assert findings and all(line == 1 for _rule, line, _col in findings)


def test_one_megabyte_line_of_numbers(tmp_path):
    path = tmp_path / "numbers.txt"
    path.write_text("1  " * 350_000 + "x", encoding="utf-8")
    assert findings_of(path, prefix=("XG1",))  # sections missing, reported; no hang


def test_stdin_with_a_name(run_cli):
    text = SEED.read_text(encoding="utf-8")
    result = run_cli("check", "--no-color", "--format", "json", "--stdin-filename", "stdin-report.txt", "-", input=text)
    assert result.exit_code == 0  # a warning only
    assert '"path": "stdin-report.txt"' in result.stdout and '"line": 12' in result.stdout


def test_directories_are_walked(tmp_path, run_cli):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a" / "notes.csv").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "r.txt").write_text("x", encoding="utf-8")
    result = run_cli("check", "--no-color", "--format", "json", str(tmp_path))
    assert result.stdout.count('"rule"') == len(SEED_FINDINGS) and "notes" not in result.stdout


def test_control_bytes_counted_are_the_control_characters_of_the_text():
    import random

    from linter.read.source import _looks_binary

    rng = random.Random(14)
    plain = ["a", "1", " ", "\t", "\n", "\r", "\x0b", "\x0c", "中", "，", "€", "😀", "\u3000"]
    controls = ["\x00", "\x01", "\x1b", "\x1f", "\x7f"]
    for _ in range(400):
        rate = rng.choice([0, 0.0005, 0.001, 0.0015, 0.002, 0.01, 0.3])  # about the limit, and far from it
        size = rng.choice([0, 5, 200, 5000, 9000, 12000])
        text = "".join(rng.choice(controls if rng.random() < rate else plain) for _ in range(size))
        for encoding in ("utf-8", "gb18030"):
            data = text.encode(encoding)
            assert data.decode(encoding) == text
            assert _looks_binary(text, data) == _looks_binary(text), (encoding, text[:40])
