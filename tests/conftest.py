"""Shared helpers. Tests import the installed package (`pip install .[test]`); this directory,
not the repository root, is on sys.path, so an uninstalled checkout is not tested by mistake
(run from a checkout with PYTHONPATH=. during development)."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    from click.testing import CliRunner

    from linter.app.cli import main

    def run(*args, input=None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return run
