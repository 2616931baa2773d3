"""The pre-commit hook (.pre-commit-hooks.yaml), run by the real `pre-commit try-repo` as a user's
commit would run it: pre-commit builds the hook's environment from this repository (pip install
of a copy of the working tree, committed in a temporary git repository, as try-repo needs) and
runs `xxgk-lint check` on the files given. The environment is built once for the module (about
20 s; PRE_COMMIT_HOME is a temporary folder, so nothing is left in the user's cache)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")

_NOT_SOURCE = shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", ".venv")


def _git(cwd, *args):
    subprocess.run(
        ["git", "-c", "user.name=xxgk-lint tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True,
    )


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory):
    base = tmp_path_factory.mktemp("pre-commit")
    hook_repo = base / "hook"
    shutil.copytree(ROOT, hook_repo, ignore=_NOT_SOURCE)
    _git(hook_repo, "init", "-q")
    _git(hook_repo, "add", "-A")
    _git(hook_repo, "commit", "-q", "-m", "hook under test")
    user_repo = base / "user"
    user_repo.mkdir()
    _git(user_repo, "init", "-q")
    shutil.copyfile(EXAMPLES / "demo-defects-2021.md", user_repo / "report.md")
    shutil.copyfile(EXAMPLES / "demo-clean-2021.md", user_repo / "clean.md")
    (user_repo / "notes.py").write_text("print('not a report')\n", encoding="utf-8")
    _git(user_repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT", None)

    def run(*files):
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "xxgk-lint", "--files", *files],
            cwd=user_repo, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
        )

    return run


def test_hook_fails_a_report_with_defects(try_repo):
    result = try_repo("report.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout and "- exit code: 1" in result.stdout
    assert "report.md:1:12: XG201 [错误] 标题年度（2024年）与统计期限年度（2023年）不一致" in result.stdout


def test_hook_passes_a_clean_report(try_repo):
    result = try_repo("clean.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_hook_skips_files_that_are_not_reports(try_repo):
    result = try_repo("notes.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in result.stdout
