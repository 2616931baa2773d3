"""The pre-commit hook (.pre-commit-hooks.yaml), run by the real `pre-commit run` as a user's
commit would run it: the user's `.pre-commit-config.yaml` names this repository (a copy of the
working tree, committed in a temporary git repository) at a commit, as the README says; pre-commit
builds the hook's environment from it (pip install) and runs `xxgk-lint check` on the files
given. The environment is built once for the module (about 15 s; `try-repo` would build it again
for every run) in a temporary PRE_COMMIT_HOME, so nothing is left in the user's cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT


def _index_reachable() -> bool:
    """pre-commit builds the hook's environment with pip, from the package index: is one
    reachable? (The rest of the suite never needs the network.)"""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--dest", os.devnull + "-dir", "--no-cache-dir",
             "--quiet", "--disable-pip-version-check", "lark"],
            capture_output=True, timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    shutil.rmtree(os.devnull + "-dir", ignore_errors=True)
    return result.returncode == 0


pytestmark = [
    pytest.mark.network,
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git"),
]


@pytest.fixture(scope="module", autouse=True)
def _needs_an_index():
    if not _index_reachable():
        pytest.skip("no package index reachable: pre-commit cannot build the hook's environment offline")

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
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, check=True, capture_output=True, text=True).stdout.strip()
    user_repo = base / "user"
    user_repo.mkdir()
    _git(user_repo, "init", "-q")
    (user_repo / "reports").mkdir()
    shutil.copyfile(EXAMPLES / "demo-defects-2021.md", user_repo / "reports" / "report.md")
    shutil.copyfile(EXAMPLES / "demo-clean-2021.md", user_repo / "reports" / "clean.md")
    shutil.copyfile(ROOT / "tests" / "fixtures" / "pdf" / "kiro-hongze-district-2024.pdf", user_repo / "reports" / "report.pdf")
    (user_repo / "notes.py").write_text("print('not a report')\n", encoding="utf-8")
    # the repository's own text files, which the hook must not lint
    (user_repo / "README.md").write_text("# 本仓库\n一、说明\n三、其他\n", encoding="utf-8")
    (user_repo / "CHANGELOG.md").write_text("# Changelog\n", encoding="utf-8")
    (user_repo / "requirements.txt").write_text("xxgk-lint\n", encoding="utf-8")
    (user_repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: xxgk-lint\n", encoding="utf-8")
    _git(user_repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT", None)

    def run(*files):
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "xxgk-lint", "--files", *files],
            cwd=user_repo, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
        )

    return run


def test_hook_fails_a_report_with_defects(try_repo):
    result = try_repo("reports/report.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout and "- exit code: 1" in result.stdout
    assert "reports/report.md:1:12: XG201 [错误] 标题年度（2024年）与统计期限年度（2023年）不一致" in result.stdout


def test_hook_passes_a_clean_report(try_repo):
    result = try_repo("reports/clean.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_hook_skips_files_that_are_not_reports(try_repo):
    result = try_repo("notes.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in result.stdout


def test_hook_does_not_lint_the_repositorys_own_text_files(try_repo):
    result = try_repo("README.md", "CHANGELOG.md", "requirements.txt", "reports/clean.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout and "README" not in result.stdout


def test_hook_checks_a_pdf_report(try_repo):
    result = try_repo("reports/report.pdf")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "reports/report.pdf:282:1: XG309 [错误] " in result.stdout
