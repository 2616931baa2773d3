"""--output-file and --write-baseline: what a run refuses to write before it lints (an input, a
file named twice, standard output twice), and how it writes (whole or not at all, an ordinary
file's mode, a link replaced rather than written through)."""

from __future__ import annotations

import json
import os
import stat

import pytest
from conftest import EXAMPLES

from linter.app import batch

DEFECTS = str(EXAMPLES / "demo-defects-2021.md")
CLEAN = str(EXAMPLES / "demo-clean-2021.md")


def _error(result) -> str:
    assert result.exit_code == 2 and result.stdout == "", result.stdout
    return result.stderr.removeprefix("xxgk-lint: error: ").rstrip("\n")


def test_dash_is_standard_output(run_cli):
    result = run_cli("check", "--format", "concise", "--output-file", "json:-", DEFECTS)
    assert result.exit_code == 1
    concise, _, document = result.stdout.partition("\n[")
    assert concise.splitlines()[0].startswith(f"{DEFECTS}:")
    assert json.loads("[" + document)[0]["path"] == DEFECTS


def test_standard_output_named_twice_is_refused(run_cli_en):
    result = run_cli_en("check", "--output-file", "json:-", "--output-file", "sarif:-", DEFECTS)
    assert _error(result) == "--output-file: standard output (-) is named twice"


def test_a_file_named_twice_is_refused_also_through_a_link(run_cli_en, tmp_path):
    out = tmp_path / "out.json"
    twice = run_cli_en("check", "--output-file", f"json:{out}", "--output-file", f"sarif:{out}", DEFECTS)
    assert _error(twice) == f"{out}: named twice (--output-file json:{out} and --output-file sarif:{out})"
    link = tmp_path / "link.json"
    out.write_text("", encoding="utf-8")
    link.symlink_to(out)
    linked = run_cli_en("check", "--output-file", f"json:{out}", "--write-baseline", str(link), DEFECTS)
    assert _error(linked) == f"{link}: named twice (--output-file json:{out} and --write-baseline)"


@pytest.mark.parametrize("what", ["baseline", "config"])
def test_an_input_of_the_run_is_never_overwritten_also_through_a_link(run_cli_en, tmp_path, what):
    kept = tmp_path / ("baseline.json" if what == "baseline" else "xxgk.yaml")
    kept.write_text('{"version": 1, "tool": "xxgk-lint", "findings": []}\n' if what == "baseline" else "select: [XG1]\n",
                    encoding="utf-8")
    before = kept.read_bytes()
    link = tmp_path / "out.json"
    link.symlink_to(kept)
    option = ["--baseline", str(kept)] if what == "baseline" else ["--config", str(kept)]
    result = run_cli_en("check", *option, "--output-file", f"json:{link}", DEFECTS)
    name = "the baseline being read" if what == "baseline" else "the configuration"
    assert _error(result) == f"{link}: is {name}, refusing to overwrite it (--output-file json:{link})"
    assert kept.read_bytes() == before


@pytest.mark.parametrize("link", ["hard", "symbolic"])
@pytest.mark.parametrize("what", ["report", "baseline", "config", "pack"])
def test_a_link_to_an_input_is_refused_and_nothing_written(run_cli_en, tmp_path, link, what):
    """Any input of the run — a report, the baseline read, the configuration, an extra pack it
    names — through a hard or a symbolic link, as --output-file or --write-baseline."""
    report = tmp_path / "report.md"
    report.write_bytes(open(DEFECTS, "rb").read())
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"version": 1, "tool": "xxgk-lint", "findings": []}\n', encoding="utf-8")
    pack = tmp_path / "office.yaml"
    pack.write_text("pack: office\napplies: {era: [fmt2021]}\nchecks: []\n", encoding="utf-8")
    config = tmp_path / "xxgk.yaml"
    config.write_text("packs: [office.yaml]\n", encoding="utf-8")
    kept = {"report": report, "baseline": baseline, "config": config, "pack": pack}[what]
    names = {"report": "a report being linted", "baseline": "the baseline being read", "config": "the configuration",
             "pack": "a rule pack being read"}
    files = sorted(tmp_path.iterdir())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    out = tmp_path / "out" / "linked"
    out.parent.mkdir()
    os.link(kept, out) if link == "hard" else out.symlink_to(kept)
    common = ["--config", str(config), "--baseline", str(baseline), str(report)]
    for option, shown in ([["--output-file", f"json:{out}"], f"--output-file json:{out}"],
                          [["--write-baseline", str(out)], "--write-baseline"]):
        if what == "baseline" and option[0] == "--write-baseline":
            continue  # rewriting the baseline read is what --write-baseline is for
        result = run_cli_en("check", *option, *common)
        assert _error(result) == f"{out}: is {names[what]}, refusing to overwrite it ({shown})"
        assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
        assert sorted(p.name for p in out.parent.iterdir()) == ["linked"]


def test_the_file_named_by_stdin_filename_is_not_overwritten(run_cli_en, tmp_path):
    report = tmp_path / "report.md"
    report.write_bytes(open(DEFECTS, "rb").read())
    result = run_cli_en("check", "-", "--stdin-filename", str(report), "--output-file", f"json:{report}",
                        input=report.read_bytes())
    assert _error(result) == f"{report}: is the file named by --stdin-filename, refusing to overwrite it (--output-file json:{report})"
    assert report.read_bytes() == open(DEFECTS, "rb").read()


def test_an_input_that_is_also_a_report_is_named_as_the_later_input(run_cli_en, tmp_path):
    """A report given that is also the configuration is named the configuration, also through
    another spelling of its path; one that is also the file --stdin-filename names stays a
    report; the first report the output is, in the order given, is the one named."""
    report = tmp_path / "report.md"
    report.write_bytes(open(DEFECTS, "rb").read())
    config = tmp_path / "xxgk.yaml"
    config.write_text("select: [XG]\n", encoding="utf-8")
    spelled = f"{tmp_path}/./xxgk.yaml"
    result = run_cli_en("check", "--config", str(config), "--output-file", f"json:{config}", str(report), spelled)
    assert _error(result) == f"{config}: is the configuration, refusing to overwrite it (--output-file json:{config})"
    result = run_cli_en("check", "-", str(report), "--stdin-filename", str(report), "--output-file", f"json:{report}",
                        input=report.read_bytes())
    assert _error(result) == f"{report}: is a report being linted, refusing to overwrite it (--output-file json:{report})"
    link = tmp_path / "link.md"
    link.symlink_to(report)
    result = run_cli_en("check", "--output-file", f"json:{link}", DEFECTS, str(report))
    assert _error(result) == f"{link}: is a report being linted, refusing to overwrite it (--output-file json:{link})"
    assert report.read_bytes() == open(DEFECTS, "rb").read() and config.read_text(encoding="utf-8") == "select: [XG]\n"


def test_a_baseline_may_be_rewritten_in_place(run_cli, tmp_path):
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", "--write-baseline", str(baseline), DEFECTS).exit_code == 0
    again = run_cli("check", "--baseline", str(baseline), "--write-baseline", str(baseline), DEFECTS)
    assert again.exit_code == 0 and json.loads(baseline.read_text(encoding="utf-8"))["findings"]


def test_an_interrupted_run_leaves_the_output_files_as_they_were(run_cli, tmp_path, monkeypatch):
    page, sarif = tmp_path / "review.html", tmp_path / "out.sarif"
    page.write_text("the page of yesterday\n", encoding="utf-8")

    def interrupted(task):
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "lint_task", interrupted)
    result = run_cli("check", "--output-file", f"html:{page}", "--output-file", f"sarif:{sarif}", DEFECTS, CLEAN)
    assert result.exit_code == 130
    assert page.read_text(encoding="utf-8") == "the page of yesterday\n"
    assert not sarif.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.html"]  # no temporary file left


def test_an_output_is_an_ordinary_file_and_a_replaced_one_keeps_its_mode(run_cli, tmp_path):
    new, kept = tmp_path / "new.json", tmp_path / "kept.json"
    kept.write_text("", encoding="utf-8")
    kept.chmod(0o640)
    umask = os.umask(0o022)
    try:
        assert run_cli("check", "--output-file", f"json:{new}", "--output-file", f"json:{kept}", CLEAN).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert json.loads(new.read_text(encoding="utf-8")) == [] == json.loads(kept.read_text(encoding="utf-8"))


def test_a_link_as_output_is_replaced_not_written_through(run_cli, tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("not ours\n", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    assert run_cli("check", "--output-file", f"json:{link}", CLEAN).exit_code == 0
    assert target.read_text(encoding="utf-8") == "not ours\n"
    assert not link.is_symlink() and json.loads(link.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(("signal_number", "status"), [(2, 130), (15, 143)])
def test_a_signal_mid_run_exits_with_its_status_and_leaves_no_half_file(tmp_path, signal_number, status, jobs):
    """A real process, Ctrl-C (SIGINT, to the whole process group as a terminal sends it) or
    SIGTERM (to the process) while it lints: exit 128 + the signal, the workers ended, the old
    page untouched, no temporary file left."""
    import subprocess
    import sys
    import time

    reports = tmp_path / "reports"
    reports.mkdir()
    text = (EXAMPLES / "demo-defects-2021.md").read_text(encoding="utf-8")
    for n in range(2000):  # far more than can be linted before the signal comes
        (reports / f"r{n:04}.md").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    page = out / "review.html"
    page.write_text("yesterday\n", encoding="utf-8")
    findings = out / "findings.txt"
    process = subprocess.Popen([sys.executable, "-m", "linter.app.cli", "check", "--jobs", jobs, "--output-file", f"html:{page}",
                                "--output-file", f"concise:{findings}", str(reports)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    # until findings stream into the temporary file of findings.txt: the run is linting
    while time.monotonic() < deadline and process.poll() is None and not _streaming(out, ".findings.txt."):
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before the signal"
    if signal_number == 2:
        os.killpg(process.pid, signal_number)
    else:
        process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status, stderr.decode()
    assert b"Traceback" not in stderr
    assert page.read_text(encoding="utf-8") == "yesterday\n"
    assert [p.name for p in out.iterdir()] == ["review.html"]  # no findings.txt, no temporary file
    time.sleep(0.5)
    assert _in_group(process.pid) == []  # no worker left behind


def _streaming(folder, prefix: str) -> bool:
    """Whether a temporary file of that prefix in the folder has something in it."""
    for path in folder.iterdir():
        try:
            if path.name.startswith(prefix) and path.stat().st_size > 0:
                return True
        except FileNotFoundError:  # renamed meanwhile
            continue
    return False


def _in_group(group: int) -> list[int]:
    """The processes of a process group (Linux /proc: the fifth field of stat)."""
    from pathlib import Path

    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:
            found.append(int(stat_file.parent.name))
    return found
