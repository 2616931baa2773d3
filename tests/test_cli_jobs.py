"""`--jobs N`: a supervising office lints hundreds of reports at once. Worker processes must
give exactly the run one process gives: the same findings in the same order, the same errors,
the same exit status."""

from __future__ import annotations

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
