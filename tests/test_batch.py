"""A supervising office's batch: `--statistics`, `--exclude` (and `exclude:`), what git ignores,
the progress bar (on a terminal only), and output streamed as each report finishes."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

DEFECTS = str(EXAMPLES / "demo-defects-2021.md")
CLEAN = str(EXAMPLES / "demo-clean-2021.md")


def _folder(tmp_path, names=("demo-defects-2021.md", "demo-clean-2021.md", "000_e418e91e9b4d9838.txt")):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in names:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def test_statistics_counts_per_file_and_per_rule(run_cli):
    result = run_cli("check", "--statistics", DEFECTS, CLEAN)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["文件", "错误", "警告", "提示"]
    assert lines[1].split() == [DEFECTS, "4", "4", "0"]  # the clean report has no line
    assert "    1  XG302  application-balance" in result.stdout and "[错误]" in result.stdout
    assert lines[-1] == "发现 8 个问题（4 个错误，4 个警告，0 个提示），涉及 1 个文件，共检查 2 个文件。"
    assert "^" not in result.stdout  # no code frames: the counts only


def test_statistics_in_english_and_on_a_clean_run(run_cli):
    en = run_cli("check", "--statistics", "--lang", "en", DEFECTS)
    assert en.stdout.splitlines()[0].split() == ["file", "error", "warning", "info"]
    assert "[error]" in en.stdout
    clean = run_cli("check", "--statistics", CLEAN)
    assert (clean.exit_code, clean.stdout) == (0, "未发现问题：共检查 1 个文件。\n")


def test_statistics_with_output_files_still_writes_them(run_cli, tmp_path):
    out = tmp_path / "out.json"
    result = run_cli("check", "--statistics", "--output-file", f"json:{out}", DEFECTS)
    assert result.exit_code == 1 and out.read_text(encoding="utf-8").startswith("[\n  {")


def _linted(result):
    return sorted({line.split(":", 1)[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines() if line})


def test_exclude_on_the_command_line(run_cli, tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    (folder / "草稿").mkdir()
    shutil.copy(EXAMPLES / "demo-defects-2021.md", folder / "草稿" / "draft.md")
    monkeypatch.chdir(tmp_path)
    every = run_cli("check", "--format", "concise", "reports")
    assert _linted(every) == ["000_e418e91e9b4d9838.txt", "demo-defects-2021.md", "draft.md"]
    some = run_cli("check", "--format", "concise", "--exclude", "草稿", "--exclude", "reports/000_*.txt", "reports")
    assert _linted(some) == ["demo-defects-2021.md"]
    # a file named on the command line is linted whatever the globs say (as in ruff)
    named = run_cli("check", "--format", "concise", "--exclude", "*.md", "reports/demo-defects-2021.md")
    assert _linted(named) == ["demo-defects-2021.md"]


def test_exclude_in_the_configuration(run_cli, tmp_path):
    folder = _folder(tmp_path)
    (folder / ".xxgk-lint.yaml").write_text("exclude: ['000_*']\n", encoding="utf-8")
    result = run_cli("check", "--format", "concise", str(folder))
    assert _linted(result) == ["demo-defects-2021.md"]
    (folder / ".xxgk-lint.yaml").write_text("exclude: 000_*\n", encoding="utf-8")
    bad = run_cli("check", str(folder))
    assert bad.exit_code == 2 and ".xxgk-lint.yaml:1" in bad.stderr


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_what_git_ignores_is_skipped_inside_a_repository(run_cli, tmp_path):
    folder = _folder(tmp_path)
    (folder / "old").mkdir()
    shutil.copy(EXAMPLES / "demo-defects-2021.md", folder / "old" / "copy.md")
    (folder / ".gitignore").write_text("old/\n000_*.txt\n", encoding="utf-8")
    assert _linted(run_cli("check", "--format", "concise", str(folder))) == ["000_e418e91e9b4d9838.txt", "copy.md", "demo-defects-2021.md"]
    _git(folder, "init", "-q")
    assert _linted(run_cli("check", "--format", "concise", str(folder))) == ["demo-defects-2021.md"]
    # a file git tracks is not ignored, whatever .gitignore says (git's own rule)
    _git(folder, "add", "-f", "000_e418e91e9b4d9838.txt")
    assert _linted(run_cli("check", "--format", "concise", str(folder))) == ["000_e418e91e9b4d9838.txt", "demo-defects-2021.md"]


def test_progress_is_wanted_only_on_a_terminal():
    from linter.app.batch import want_progress

    class Stream:
        def __init__(self, tty, fd=None):
            self.tty, self.fd = tty, fd

        def isatty(self):
            return self.tty

        def fileno(self):
            if self.fd is None:
                raise OSError("no file")
            return self.fd

    read, write = os.pipe()
    try:
        with open(os.devnull, "w") as devnull:
            terminal, regular = Stream(True), Stream(False, devnull.fileno())
            assert want_progress(100, terminal, regular, {}) is True
            assert want_progress(3, terminal, regular, {}) is False  # a few files finish at once
            assert want_progress(100, Stream(False), regular, {}) is False  # stderr piped
            assert want_progress(100, terminal, Stream(False, write), {}) is False  # stdout piped into a program
            assert want_progress(100, terminal, regular, {"CI": "true"}) is False
    finally:
        os.close(read)
        os.close(write)


def _run_on_terminal(args, tmp_path):
    """Run the command with stderr on a pseudo-terminal and stdout into a file; what the
    terminal showed, and stdout."""
    primary, secondary = pty.openpty()
    out = tmp_path / "stdout.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "TERM")} | {"TERM": "xterm", "COLUMNS": "100"}
    with open(out, "w") as stdout:
        process = subprocess.Popen([sys.executable, "-m", "linter.app.cli", "check", *args], stdout=stdout, stderr=secondary,
                                   stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
        os.close(secondary)
        shown = b""
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            shown += chunk
        process.wait(timeout=120)
    os.close(primary)
    return shown.decode("utf-8", "replace"), out.read_text(encoding="utf-8")


def test_a_progress_bar_on_a_terminal_and_none_when_piped(tmp_path, run_cli):
    folder = _folder(tmp_path, [p.name for p in sorted(EXAMPLES.iterdir()) if p.is_file()])
    shown, stdout = _run_on_terminal(["--format", "concise", str(folder)], tmp_path)
    assert "xxgk-lint" in shown and "/7" in shown.replace(" ", "")  # the bar counts the reports
    assert "XG201" in stdout and "xxgk-lint" not in stdout
    piped = subprocess.run([sys.executable, "-m", "linter.app.cli", "check", "--format", "concise", str(folder)],
                           capture_output=True, text=True, env={**os.environ, "CI": ""}, cwd=ROOT)
    assert piped.stderr == ""  # nothing but the findings when stderr is not a terminal


def test_output_is_streamed_as_each_report_finishes(monkeypatch):
    from linter.app import batch
    from linter.settings import Settings

    events = []
    real = batch.lint_task

    def lint(task):
        events.append(("lint", Path(task.path).name))
        return real(task)

    class Recorder(batch.Sink):
        def report(self, name, findings, summary, lines=None):
            events.append(("write", Path(name).name))

    monkeypatch.setattr(batch, "lint_task", lint)
    reports = [DEFECTS, CLEAN, str(EXAMPLES / "000_e418e91e9b4d9838.txt")]
    from linter.engine import load_packs

    batch.run_batch(reports, {p: Settings() for p in reports}, lambda _s: load_packs(), [Recorder()])
    assert events == [("lint", "demo-defects-2021.md"), ("write", "demo-defects-2021.md"),
                      ("lint", "demo-clean-2021.md"), ("write", "demo-clean-2021.md"),
                      ("lint", "000_e418e91e9b4d9838.txt"), ("write", "000_e418e91e9b4d9838.txt")]


def test_summaries_are_kept_on_disk_not_in_memory():
    from linter.analyse.summary import summarise
    from linter.api import lint_path
    from linter.app.batch import SummaryStore

    store = SummaryStore()
    try:
        for year in (2021, 2022, 2023):
            store.add(summarise(lint_path(str(EXAMPLES / "series" / f"shixian-jiaotong-{year}.md"))[0]))
        assert [type(a).__name__ for a in (store.offsets, store.body_of, store.numbers)] == ["array"] * 3
        (body,) = list(store.series())
        assert [s.year for s in body] == [2021, 2022, 2023]
        assert store.of(str(EXAMPLES / "series" / "shixian-jiaotong-2022.md")).year == 2022
    finally:
        store.close()


def test_the_store_gives_each_body_by_year_and_finds_its_reports():
    """The bodies in the order they came, each body's summaries by year (in the order they came
    within a year), only bodies of two years or more; `of` and `number` for the body given last."""
    from linter.analyse.summary import Summary
    from linter.app.batch import PickledSummary, SummaryStore

    made = [("a-2022", "甲局", 2022), ("b-2021", "乙局", 2021), ("none", None, 2021), ("a-2021", "甲局", 2021),
            ("c-2021", "丙局", 2021), ("d-2021", "丁局", 2021), ("b-2022", "乙局", 2022), ("d-2021", "丁局", 2021),
            ("noyear", "甲局", None), ("a-2021b", "甲局", 2021)]
    store = SummaryStore()
    try:
        for number, (path, body, year) in enumerate(made):
            summary = Summary(path, body, year, "2021")
            store.add(PickledSummary(summary) if number % 2 else summary, number * 10)
        read, load = [], store.load
        store.load = lambda offset: read.append(load(offset).path) or load(offset)
        seen = []
        for found in store.series():
            seen.append([s.path for s in found])
            assert [store.number(s.path) for s in found] == [[p for p, _b, _y in made].index(s.path) * 10 for s in found]
            assert [store.of(s.path).path for s in found] == [s.path for s in found]
            assert store.of("c-2021") is None and store.number("c-2021") is None and store.of(None) is None
        assert seen == [["a-2021", "a-2021b", "a-2022"], ["b-2021", "b-2022"]]  # 丙局 one report, 丁局 one year
        # read back: only the summaries of the bodies of two years (丁局's two of one year never)
        assert set(read) == {"a-2021", "a-2021b", "a-2022", "b-2021", "b-2022"}
        assert store.number("a-2022") is None and store.number("b-2021") == 10
    finally:
        store.close()


def test_lint_all_collects_the_run_with_the_findings_across_years():
    from linter.app.run import lint_all
    from linter.engine import load_packs
    from linter.settings import Settings

    reports = [str(p) for p in sorted((EXAMPLES / "series").iterdir())]
    errors = []
    result, fail_levels = lint_all(reports, {p: Settings() for p in reports}, load_packs().rules, stdin_name=None,
                                   on_error=errors.append, jobs=2)
    assert result.paths == reports and errors == [] and set(fail_levels) == set(reports)
    assert [(Path(f.path).name, f.rule) for f in result.findings] == [("shixian-jiaotong-2023.md", "XG501")] * 2


def test_summaries_made_in_workers_are_stored_as_their_bytes(monkeypatch):
    """The parent writes the summaries the workers pickled as they are, and loads none of them
    for outputs that do not show them: the findings across years still come."""
    from linter.app import batch
    from linter.app.run import lint_all
    from linter.engine import load_packs
    from linter.settings import Settings

    loaded = []
    monkeypatch.setattr(batch.PickledSummary, "load", lambda self: loaded.append(self.path))
    reports = [str(p) for p in sorted((EXAMPLES / "series").iterdir())]
    result, _fail_levels = lint_all(reports, {p: Settings() for p in reports}, load_packs().rules, stdin_name=None,
                                    on_error=lambda _message: None, jobs=2)
    assert [(Path(f.path).name, f.rule) for f in result.findings] == [("shixian-jiaotong-2023.md", "XG501")] * 2
    assert loaded == []


def test_findings_load_as_they_were_pickled():
    """A worker sends its findings pickled (Finding.__reduce__, Related.__reduce__: fields in
    order, spans as numbers): loaded again, each has every field it had, `seq` (not compared)
    and the spans' type included, with and without pages, related paths and expected values."""
    import dataclasses
    import pickle

    from linter.api import lint_path
    from linter.document import Span
    from linter.findings import Finding, Related

    findings = []
    for path in sorted(EXAMPLES.glob("*.*"))[:12]:
        findings += lint_path(str(path))[1]
    assert any(f.related for f in findings)
    findings += [dataclasses.replace(f, page=3, page_line=12, expected="7", seq=5,
                                     related=tuple(dataclasses.replace(r, page=2, page_line=1, path="other.md") for r in f.related))
                 for f in findings[:20]]

    def fields(item):
        values = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
        values["related"] = [fields(r) for r in values.get("related", ())]
        return values, type(item.span)

    loaded = pickle.loads(pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL))
    assert [fields(f) for f in loaded] == [fields(f) for f in findings]
    assert all(type(f) is Finding and type(f.span) is Span and all(type(r) is Related for r in f.related) for f in loaded)


def test_chunks_cover_the_tasks_in_order_and_shrink_towards_the_end():
    from linter.app.batch import Linting

    for count, workers, chunk in ((400, 2, 16), (401, 4, 12), (37, 2, 2), (2, 2, 1), (1000, 8, 15)):
        linting = Linting.__new__(Linting)  # without a pool: only the chunking
        linting.tasks, linting.workers, linting.chunk = list(range(count)), workers, chunk
        chunks = list(linting._chunks())
        assert [t for c in chunks for t in c] == linting.tasks
        assert all(1 <= len(c) <= linting.chunk for c in chunks)
        assert [len(c) for c in chunks] == sorted((len(c) for c in chunks), reverse=True)
        assert len(chunks[-1]) == 1


def test_a_worker_looks_up_the_packs_load_packs_gives():
    """app/batch.py `_packs`: the same PackSet engine.load_packs gives, once a process."""
    from linter.app import batch
    from linter.engine import load_packs

    assert batch._packs(()) is load_packs(()) is batch._packs(())
