"""Never a write to a user's file (issue 16): after every kind of run — each format on stdout and
as --output-file, --write-baseline, --baseline, a configuration with an extra pack, --statistics,
--jobs, standard input, `xxgk-lint text` — every file of the folder linted (reports of each
type: .txt .md .html .docx .pdf, the configuration, the pack, the baseline) has the same bytes,
modification time and mode, and no file has appeared or gone in it."""

from __future__ import annotations

import os
import shutil

import docx
from conftest import EXAMPLES, FIXTURES

from linter.output import FORMATS

PACK = "pack: office\napplies: {era: [fmt2021]}\nextends: [fmt2021]\nchecks: []\n"
PAST = 1_000_000_000  # 2001: a rewrite, even within the same second, changes the time


def _folder(root):
    folder = root / "reports"
    folder.mkdir()
    shutil.copy(EXAMPLES / "000_e418e91e9b4d9838.txt", folder / "a.txt")
    shutil.copy(EXAMPLES / "demo-defects-2021.md", folder / "b.md")
    shutil.copy(FIXTURES / "kiro-fixture-hangzhou-style-2025.html", folder / "c.html")
    shutil.copy(FIXTURES / "pdf" / "kiro-hongze-district-2023.pdf", folder / "d.pdf")
    document = docx.Document()
    for line in (EXAMPLES / "demo-clean-2021.md").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("|"):
            document.add_paragraph(line.lstrip("# "))
    document.save(folder / "e.docx")
    (folder / ".xxgk-lint.yaml").write_text("packs: [office.yaml]\nfail-on: warning\n", encoding="utf-8")
    (folder / "office.yaml").write_text(PACK, encoding="utf-8")
    (folder / "baseline.json").write_text('{"version": 1, "tool": "xxgk-lint", "findings": []}\n', encoding="utf-8")
    for path in folder.iterdir():
        os.utime(path, ns=(PAST * 10**9, PAST * 10**9))
    os.utime(folder, ns=(PAST * 10**9, PAST * 10**9))
    return folder


def _state(folder):
    files = {p.name: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode) for p in sorted(folder.iterdir())}
    return files, folder.stat().st_mtime_ns


def test_no_run_changes_an_input(run_cli_en, tmp_path):
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    before = _state(folder)
    assert len(before[0]) == 8
    reports = sorted(str(p) for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html", ".pdf", ".docx"))
    runs = [[*(f"--output-file={fmt}:{out / ('all.' + fmt)}" for fmt in FORMATS), str(folder)]]
    runs += [["--format", fmt, str(folder)] for fmt in FORMATS]
    runs += [
        ["--write-baseline", str(out / "baseline.json"), str(folder)],
        ["--baseline", str(folder / "baseline.json"), "--output-file", f"sarif:{out / 'b.sarif'}", *reports],
        ["--config", str(folder / ".xxgk-lint.yaml"), "--statistics", "-j", "2", str(folder)],
        ["--format", "html", "--exclude", "*.pdf", str(folder)],
    ]
    for args in runs:
        result = run_cli_en("check", *args)
        assert result.exit_code in (0, 1), (args, result.stderr)
        assert _state(folder) == before, args
    for report in reports:
        assert run_cli_en("text", report).exit_code == 0
        assert run_cli_en("text", "--as-linted", report).exit_code == 0
        data = open(report, "rb").read()
        assert run_cli_en("check", "-", "--stdin-filename", report, input=data).exit_code in (0, 1)
    assert _state(folder) == before
    assert len(list(out.iterdir())) == len(FORMATS) + 2  # the outputs went where they were asked to
