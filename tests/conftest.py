"""Shared helpers. Tests import the installed package (`pip install .[test]`); this directory,
not the repository root, is on sys.path, so an uninstalled checkout is not tested by mistake
(run from a checkout with PYTHONPATH=. during development)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The user cache (linter/cache.py) of the tests' runs, and of the linter processes they start,
# is a directory of this session: the real ~/.cache is never written.
_CACHE = tempfile.mkdtemp(prefix="xxgk-lint-test-cache-")
os.environ["XXGK_LINT_CACHE_DIR"] = _CACHE


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)
    # nothing written there again at exit (the modules' regular expressions: cache.regex)
    os.environ["XXGK_LINT_NO_CACHE"] = "1"


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"


def findings_of(path: Path | str, prefix: tuple[str, ...] = ("",), **options):
    from linter.api import Settings, lint_path

    _report, findings = lint_path(str(path), Settings(**options))
    return [(f.rule, f.line, f.column) for f in findings if f.rule.startswith(prefix)]


def lint(text: str, name: str = "report.txt", **options):
    from linter.api import Settings, lint_text

    return lint_text(text, name=name, settings=Settings(**options))


@pytest.fixture
def run_cli():
    """Run the command line in process, in its default language (Chinese) or, with
    `lang="en"`, as `XXGK_LINT_LANG=en` asks (English help, errors and messages)."""
    from click.testing import CliRunner

    from linter.app.cli import main

    def run(*args, input=None, lang=None):
        env = {"XXGK_LINT_LANG": lang} if lang else {"XXGK_LINT_LANG": ""}
        return CliRunner(env=env).invoke(main, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture
def run_cli_en(run_cli):
    """The command line with `XXGK_LINT_LANG=en`: English help, errors and messages."""

    def run(*args, input=None):
        return run_cli(*args, input=input, lang="en")

    return run
