"""`--jobs N`: a supervising office lints hundreds of reports at once. Worker processes must
give exactly the run one process gives: the same findings in the same order, the same errors,
the same exit status."""

from __future__ import annotations

import dataclasses
import json
import shutil

from conftest import EXAMPLES, FIXTURES


def _tree(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(EXAMPLES, reports / "examples")
    shutil.copytree(FIXTURES, reports / "fixtures")
    (reports / "broken.txt").write_bytes(b"\x00\x01binary")
    return reports


def test_workers_give_the_same_run_as_one_process(run_cli, tmp_path):
    reports = _tree(tmp_path)
    one = run_cli("check", "--format", "json", "--jobs", "1", str(reports))
    many = run_cli("check", "--format", "json", "--jobs", "3", str(reports))
    assert one.exit_code == many.exit_code == 2  # broken.txt cannot be read; the others are linted
    assert one.stderr == many.stderr and "broken.txt" in many.stderr
    findings = json.loads(many.stdout)
    assert findings == json.loads(one.stdout)
    assert len({f["path"] for f in findings}) >= 10  # every readable report was linted


def test_jobs_zero_means_one_per_cpu(run_cli):
    result = run_cli("check", "--format", "concise", "--jobs", "0", str(EXAMPLES / "demo-clean-2021.md"), str(EXAMPLES / "demo-defects-2021.md"))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(str(EXAMPLES / "demo-defects-2021.md") + ":1:12: XG201")


def test_negative_jobs_is_a_usage_error(run_cli):
    result = run_cli("check", "--jobs", "-1", str(EXAMPLES / "demo-clean-2021.md"))
    assert result.exit_code == 2


def test_workers_send_what_the_outputs_show_and_the_outputs_are_the_same(run_cli, tmp_path):
    """Without an output that shows related locations or code frames (concise, github,
    gitlab, --statistics) the workers send neither (app/batch.py Task.related, Task.frames):
    such a format, one that shows them, and both at once write what one process writes, the
    checks across years included."""
    reports = _tree(tmp_path)
    shutil.copytree(EXAMPLES / "series", reports / "series", dirs_exist_ok=True)
    for fmt in ("concise", "gitlab", "text"):
        one = run_cli("check", "--format", fmt, "--no-color", "--jobs", "1", str(reports))
        many = run_cli("check", "--format", fmt, "--no-color", "--jobs", "2", str(reports))
        assert (one.exit_code, one.stdout, one.stderr) == (many.exit_code, many.stdout, many.stderr), fmt
        assert "XG501" in one.stdout
    text = tmp_path / "text.txt"
    both = run_cli("check", "--format", "concise", "--output-file", f"text:{text}", "--jobs", "2", str(reports))
    assert text.read_text(encoding="utf-8") == one.stdout and "XG501" in both.stdout


def test_a_worker_drops_only_what_no_output_shows():
    from linter.app import batch
    from linter.settings import Settings

    path = str(EXAMPLES / "demo-defects-2021.md")
    full, bare = batch.lint_chunk([batch.Task(path, Settings(), summary=True),
                                   batch.Task(path, Settings(), summary=True, related=False, frames=False)])
    assert any(f.related for f in full.findings) and full.lines and full.summary.load().lines
    assert not any(f.related for f in bare.findings) and bare.lines is None and bare.summary.load().lines is None
    assert [dataclasses.replace(f, related=()) for f in full.findings] == bare.findings
    assert full.summary.load().grids.keys() == bare.summary.load().grids.keys()
