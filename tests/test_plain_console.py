"""The text format off a terminal is written by output/text.py's PlainConsole, not rich: the
bytes must be the ones rich's Console would write (markup, escapes, control codes, tabs)."""

from __future__ import annotations

import io
import random

import pytest
from rich.console import Console
from rich.markup import escape as rich_escape

from linter.output import text as text_format
from linter.output.text import PlainConsole, markup_escape

# Characters that matter to markup, escapes, control codes and tab stops, and wide ones.
_ALPHABET = list("ab z#/@[]\\\t=:|^.") + ["\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\n", "表", "年", "（", "…"]
_TAGS = ["bold", "dim", "yellow", "cyan", "bold red", "green"]


def _rich(markup: str, **options) -> str:
    out = io.StringIO()
    Console(file=out, highlight=False, emoji=False, force_terminal=False, no_color=True, soft_wrap=True).print(
        markup, highlight=False, **options)
    return out.getvalue()


def _plain(markup: str, **options) -> str:
    out = io.StringIO()
    PlainConsole(out).print(markup, highlight=False, **options)
    return out.getvalue()


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    fixed = ["", "\\", "a\\", "a\\\\", "[bold]", "\\[bold]", "\\\\[bold]", "[/]", "\\[1]", "[1]", "a\t表\tb",
             "表格\t\t1", "x[@click]y", "[link=https://x]", "\\\\\\[dim]x", "tab\tend\t"]
    return fixed + ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 24))) for _ in range(count)]


def test_markup_escape_is_riches():
    for value in _texts(3000, 1):
        assert markup_escape(value) == rich_escape(value), value


@pytest.mark.parametrize("style", [None, "dim"])
def test_plain_console_writes_what_rich_writes(style):
    rng = random.Random(2)
    for value in _texts(1500, 3):
        tag, other = rng.choice(_TAGS), rng.choice(_TAGS)
        close = rng.choice([f"[/{tag}]", "[/]"])
        for markup in (
            markup_escape(value),
            f"[{tag}]{markup_escape(value)}:{rng.randint(1, 99)}:[/{tag}] [{other}]XG1[/] \\[警告] {markup_escape(value)}",
            f"  [{tag}]{markup_escape(value)}{close} {markup_escape(value[::-1])}",
            f"[{tag}]{markup_escape(value)}[/{tag}]{markup_escape(value)}",
        ):
            assert _plain(markup, style=style) == _rich(markup, style=style), markup


def test_plain_console_looks_up_stdout_when_printing(monkeypatch):
    console = PlainConsole()
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    console.print("[bold]x[/bold]")
    assert out.getvalue() == "x\n"


@pytest.mark.parametrize(("color", "environ", "tty", "plain"), [
    (None, {}, False, True),
    (False, {}, True, True),  # --no-color on a terminal: rich writes no style at all
    (True, {}, False, False),
    (None, {}, True, False),
    (None, {"FORCE_COLOR": "1"}, False, False),
    (None, {"FORCE_COLOR": ""}, True, True),
    (None, {"TTY_COMPATIBLE": "1"}, False, False),
    (None, {"TTY_COMPATIBLE": "0"}, True, True),
    (None, {"NO_COLOR": "1"}, False, True),
])
def test_a_plain_console_wherever_rich_would_write_no_style(monkeypatch, color, environ, tty, plain):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)

    class Stdout(io.StringIO):
        def isatty(self):
            return tty

    monkeypatch.setattr("sys.stdout", Stdout())
    console = text_format.console(None, color)
    assert isinstance(console, PlainConsole) == plain
    if not plain:
        assert console.is_terminal or console.color_system is not None
    rich = Console(highlight=False, emoji=False, force_terminal=color, no_color=True if color is False else None,
                   soft_wrap=True)
    assert plain == (rich.color_system is None)
    assert isinstance(text_format.console(io.StringIO(), color), PlainConsole)


def test_a_reader_that_goes_away_ends_the_run_as_with_rich(tmp_path):
    """`xxgk-lint check … | head -1`: exit status 1 and nothing on stderr, as rich's console
    does (Console.on_broken_pipe), not an internal error."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "XXGK_LINT_CACHE_DIR": str(tmp_path / "cache")}
    # More findings than a pipe holds (~250 KB): the run writes after the reader has gone.
    process = subprocess.Popen([sys.executable, "-m", "linter.app.cli", "check", "--no-color", str(root / "examples"),
                                str(root / "tests" / "fixtures")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    process.stdout.readline()
    process.stdout.close()  # the reader goes away after one line
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 1
    assert stderr == b""


def test_an_output_that_cannot_encode_fails_as_with_rich():
    """A character the output's encoding cannot write: the same error as rich's, hint included."""
    errors = []
    for make in (lambda out: Console(file=out, highlight=False, emoji=False, force_terminal=False, no_color=True,
                                     soft_wrap=True), PlainConsole):
        out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
        with pytest.raises(UnicodeEncodeError) as raised:
            make(out).print("[bold]年报[/bold]", highlight=False)
        errors.append(str(raised.value))
    assert errors[0] == errors[1] and "PYTHONIOENCODING=utf-8" in errors[1]
