"""Command line: `xxgk-lint check`, `xxgk-lint rules`, `xxgk-lint explain`.

Exit status (design.md §3): 0 when no finding is at or above --fail-on, 1 when one is, 2 on a
usage error or an input that cannot be read (the other inputs are still linted). A crash is
never exit 0.

Imports are lazy: `--help` and `rules` do not pay for lark, OpenCC or rich.
"""

from __future__ import annotations

import sys

import click

from . import __version__

ERA_CHOICES = ["auto", "reg2008", "stats2014", "fmt2019", "fmt2021", "2008", "2014", "2019", "2021"]
FAIL_ON = ["error", "warning", "info"]


def _csv(_ctx, _param, value):
    if value is None:
        return None
    items = [item.strip() for part in value for item in part.split(",") if item.strip()]
    return items


def _fail(message: str) -> None:
    click.echo(f"xxgk-lint: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xxgk-lint")
def main() -> None:
    """xxgk-lint：政府信息公开工作年度报告合规检查工具。

    Lints government information-disclosure annual reports (政府信息公开工作年度报告) against
    《政府信息公开条例》 and the official report formats.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@click.option("--select", multiple=True, callback=_csv, help="Only these rule ids or prefixes (comma separated, e.g. XG1,XG201).")
@click.option("--ignore", multiple=True, callback=_csv, help="Skip these rule ids or prefixes.")
@click.option("--era", type=click.Choice(ERA_CHOICES), default="auto", show_default=True, help="Force the report era instead of detecting it.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True, help="Lowest severity that makes the exit status 1.")
@click.option("--stdin-filename", help="The name to report for input read from '-'.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, help="Refuse inputs larger than this (default 20 MB).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the messages.")
@click.option("--color/--no-color", default=None, help="Force or disable colour (default: when writing to a terminal).")
def check(paths, fmt, select, ignore, era, fail_on, stdin_filename, max_bytes, lang, color):
    """Lint reports: files, directories (walked for .txt .md .html .docx) or '-' for stdin."""
    from .api import Options, iter_reports, lint_path
    from .errors import InputError, PackError
    from .model import RunResult, Severity
    from .packs import ERA_ALIASES, load_packs
    from .source import DEFAULT_MAX_BYTES

    try:
        packs = load_packs()
    except PackError as exc:
        _fail(str(exc))
        sys.exit(2)
    unknown = [p for p in (select or []) + (ignore or []) if p != "ALL" and not any(r.startswith(p) for r in packs.rules)]
    if unknown:
        _fail(f"unknown rule id or prefix {unknown[0]!r} (see `xxgk-lint rules`)")
        sys.exit(2)
    options = Options(
        era=None if era == "auto" else ERA_ALIASES.get(era, era),
        select=select or None,
        ignore=ignore or [],
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
    )
    result = RunResult(findings=[], rules=packs.rules, paths=[])
    for path in iter_reports(paths):
        try:
            _report, findings = lint_path(path, options, packs, stdin_name=stdin_filename)
        except InputError as exc:
            result.errors.append((exc.path, exc.reason))
            _fail(str(exc))
            continue
        except RecursionError:
            result.errors.append((path, "structure nests too deeply"))
            _fail(f"{path}: structure nests too deeply to lint")
            continue
        except Exception as exc:  # a bug must not pass as a clean report
            result.errors.append((path, f"internal error: {type(exc).__name__}: {exc}"))
            _fail(f"{path}: internal error: {type(exc).__name__}: {exc} (please report this)")
            continue
        result.paths.append(stdin_filename or "<stdin>" if path == "-" else path)
        result.findings.extend(findings)

    if fmt == "json":
        import json

        click.echo(json.dumps([f.to_dict() for f in result.findings], ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        console = Console(highlight=False, emoji=False, force_terminal=color, no_color=color is False, soft_wrap=True)
        from .output.text import write

        write(result, console, _source_lines(), english=lang == "en")

    threshold = Severity(fail_on).rank
    if result.errors:
        sys.exit(2)
    sys.exit(1 if any(f.severity.rank >= threshold for f in result.findings) else 0)


def _source_lines():
    """Original lines of a linted file, for code frames (read again only when a frame is shown)."""
    from functools import lru_cache
    from pathlib import Path

    from .source import decode, split_lines

    @lru_cache(maxsize=64)
    def lines_of(path: str) -> list[str] | None:
        p = Path(path)
        if not p.is_file() or p.suffix.lower() == ".docx":
            return None
        try:
            return split_lines(decode(p.read_bytes(), path))
        except Exception:
            return None

    return lines_of


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(fmt):
    """List every rule of the packs."""
    from .packs import load_packs

    packs = _packs_or_exit(load_packs)
    if fmt == "json":
        import json

        click.echo(json.dumps([
            {"id": r.id, "name": r.name, "severity": r.severity.value, "eras": list(r.eras), "pack": r.pack,
             "message": r.message, "message_en": r.message_en, "basis": r.basis}
            for r in packs.rules.values()
        ], ensure_ascii=False, indent=2))
        return
    for rule in packs.rules.values():
        eras = ",".join(rule.eras)
        click.echo(f"{rule.id}  {rule.name:<28} {rule.severity.value:<8} {eras:<36} {rule.message_en}")


@main.command()
@click.argument("rule_id")
def explain(rule_id):
    """Document one rule: what it checks, why, the legal basis and its examples."""
    from .packs import load_packs

    packs = _packs_or_exit(load_packs)
    rule = packs.rules.get(rule_id.upper()) or next((r for r in packs.rules.values() if r.name == rule_id), None)
    if rule is None:
        _fail(f"unknown rule {rule_id!r} (see `xxgk-lint rules`)")
        sys.exit(2)
    click.echo(f"{rule.id} {rule.name}  [{rule.severity.value}]  ({', '.join(rule.eras)}; pack {rule.pack})\n")
    click.echo(f"消息: {rule.message}\nMessage: {rule.message_en}\n依据 / Basis: {rule.basis}\n")
    click.echo(rule.docs + "\n")
    for example in rule.examples:
        label = "不合规示例 / failing example" if example.kind == "fail" else "合规示例 / passing example"
        where = f"  (findings at {', '.join(f'{l}:{c}' for l, c in example.expect)})" if example.expect else ""
        click.echo(f"{label}{where}:")
        for line in example.text.rstrip("\n").split("\n"):
            click.echo(f"    {line}")
        click.echo("")


def _packs_or_exit(load):
    from .errors import PackError

    try:
        return load()
    except PackError as exc:
        _fail(str(exc))
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
