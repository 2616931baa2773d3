"""Every input path is classified before anything is read (read/files.py): a named pipe, a
device, a link that loops or leads nowhere, a directory that cannot be read are one-line errors
of their own, and the rest of the run is still linted; a worker that dies names the report it
was linting; a report over its time budget is an error, not a hang."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import EXAMPLES

from linter.app import batch
from linter.read.files import find_reports

CLEAN = EXAMPLES / "demo-clean-2021.md"
DEFECTS = EXAMPLES / "demo-defects-2021.md"


def _folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CLEAN, folder / "a.md")
    shutil.copy(DEFECTS, folder / "b.md")
    return folder


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("xxgk-lint: error:")]


def test_a_named_pipe_is_an_error_and_the_rest_is_linted(run_cli_en, tmp_path):
    folder = _folder(tmp_path)
    os.mkfifo(folder / "c.txt")  # reading it would wait for a writer for ever
    given = tmp_path / "given.md"
    os.mkfifo(given)
    result = run_cli_en("check", "--format", "concise", str(folder), str(given))
    assert result.exit_code == 2
    assert _errors(result) == [
        f"xxgk-lint: error: {folder / 'c.txt'}: is a named pipe (FIFO), not a file",
        f"xxgk-lint: error: {given}: is a named pipe (FIFO), not a file",
    ]
    assert f"{folder / 'b.md'}:" in result.stdout  # the reports beside them were linted


def test_a_device_is_an_error(run_cli_en):
    result = run_cli_en("check", "/dev/null")
    assert _errors(result) == ["xxgk-lint: error: /dev/null: is a character device, not a file"]


def test_links_that_loop_or_lead_nowhere_are_errors_and_stop_nothing(run_cli_en, tmp_path):
    folder = _folder(tmp_path)
    (folder / "loop.md").symlink_to("loop.md")
    (folder / "gone.md").symlink_to("nothing.md")
    (folder / "up").symlink_to("..")  # a directory linked back into the walk: walked once
    result = run_cli_en("check", "--format", "concise", str(folder))
    assert _errors(result) == [
        f"xxgk-lint: error: {folder / 'gone.md'}: symbolic link to nothing (its target does not exist)",
        f"xxgk-lint: error: {folder / 'loop.md'}: symbolic link loop",
    ]
    linted = {line.split(":")[0] for line in result.stdout.splitlines()}
    assert linted == {str(folder / "b.md")}
    assert "2 files linted; 2 could not be read" in result.stderr


def test_a_directory_that_cannot_be_read_is_an_error_never_silence(run_cli_en, tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    locked = folder / "locked"
    locked.mkdir()
    shutil.copy(DEFECTS, locked / "c.md")
    real = os.scandir

    def scandir(path):  # permissions do not stop root, who may run the tests: refuse as the OS would
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run_cli_en("check", "--format", "concise", str(folder))
    assert result.exit_code == 2
    assert _errors(result) == [f"xxgk-lint: error: {locked}: directory cannot be read (permission denied)"]


def test_find_reports_keeps_the_order_of_a_sorted_walk(tmp_path):
    folder = tmp_path / "r"
    (folder / "a").mkdir(parents=True)
    for name in ("a.txt", "a/b.md", "b.html", ".hidden.md", "notes.csv"):
        (folder / name).write_text("x", encoding="utf-8")
    found = find_reports([str(folder)], gitignore=False)
    assert found.reports == [str(folder / "a" / "b.md"), str(folder / "a.txt"), str(folder / "b.html")]
    assert found.skipped == [(str(folder / "notes.csv"), "not a report format (.csv)")]
    assert found.errors == []


def _dies_on(name):
    original = batch.lint_task

    def lint_task(task):
        if task.path.endswith(name):
            os._exit(9)  # the worker dies as if killed
        return original(task)

    return lint_task


def test_a_worker_that_dies_names_its_report_and_the_run_completes(run_cli_en, tmp_path, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        shutil.copy(DEFECTS if n % 2 else CLEAN, folder / f"r{n:02}.md")
    monkeypatch.setattr(batch, "lint_task", _dies_on("r05.md"))  # forked workers inherit it
    result = run_cli_en("check", "--jobs", "2", "--format", "concise", str(folder))
    assert result.exit_code == 2
    assert _errors(result) == [
        f"xxgk-lint: error: {folder / 'r05.md'}: the worker process linting it stopped (killed, out of memory or crashed); "
        "the other reports were linted",
    ]
    linted = sorted({line.split(":")[0] for line in result.stdout.splitlines()})
    assert linted == [str(folder / f"r{n:02}.md") for n in (1, 3, 7, 9, 11)]  # every other one with defects
    assert "11 files linted; 1 could not be read" in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_report_over_its_time_budget_is_an_error(run_cli_en, tmp_path, monkeypatch, jobs):
    import time

    import linter.api

    folder = _folder(tmp_path)
    original = linter.api.lint_file

    def slow(path, *args, **kwargs):
        if path.endswith("b.md"):
            time.sleep(30)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(linter.api, "lint_file", slow)
    started = time.monotonic()
    result = run_cli_en("check", "--timeout", "0.5", "--jobs", jobs, str(folder))
    assert time.monotonic() - started < 20
    assert _errors(result) == [
        f"xxgk-lint: error: {folder / 'b.md'}: not linted: it took longer than the time budget of 0.5 s (see --timeout)",
    ]
    assert result.exit_code == 2


_SENDING = r'''
from linter.app import batch


def send_a_large_result(tasks):
    return [b"x" * 300_000_000]  # far more than a pipe holds: a worker writes it for a while


batch.lint_chunk = send_a_large_result  # the forked workers inherit it
linting = batch.Linting([batch.Task(path=f"r{n}.md", settings=None) for n in range(4)], jobs=2)
next(iter(linting))  # one worker's result read: the other is writing its own
linting.close(interrupted=True)  # as after Ctrl-C
print("closed")
'''


def test_workers_stopped_while_they_send_a_result_do_not_hang_the_run(tmp_path):
    """Ctrl-C or SIGTERM stops the workers at once; one stopped while it wrote a result left part
    of it in the pipe, and the pool's reading thread (with the shutdown and the exit) waited
    for the rest for ever — a run hung after Ctrl-C about one time in fifty. Here a worker
    is stopped in the middle of a 300 MB result."""
    import subprocess
    import sys

    script = tmp_path / "sending.py"
    script.write_text(_SENDING, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.stdout == "closed\n", done.stderr
    assert done.returncode == 0, done.stderr
