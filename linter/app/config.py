"""Configuration: `.xxgk-lint.yaml` (or `.yml`), or `[tool.xxgk-lint]` in `pyproject.toml`, found
upwards from each report like ruff and yamllint find theirs.

    select: [XG1, XG201]          # rule ids or prefixes, or ALL; default: every rule
    ignore: [XG305]
    severity: {XG204: warning}
    fail-on: warning
    era: fmt2021                  # auto | reg2008 | stats2014 | fmt2019 | fmt2021 (or 2008 ... 2021)
    packs: [rules/local.yaml]     # relative to this file
    per-file-ignores:
      - path: "2019/*.txt"        # glob, relative to this file's directory
        rules: [XG301]
        reason: 2019 年报按旧格式公开，已备案    # required: an ignore must say why
    exclude: ["草稿/", "*-old.txt"] # files a directory walk skips (relative to this file)
    reports:                      # body and year for the checks across years, where titles differ
      - {path: "hongze/*", body: 洪泽区人民政府}

A mistake in the file is a PackError naming the file and the line, so that a typo such as
`fail_on` or `XG1O1` is never silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.cache import regex
from linter.errors import PackError
from linter.findings import Severity
from linter.packs.schema import Checker, Custom, Int, ListOf, MapOf, Record, Str, Where
from linter.settings import ALL, PerFileIgnore, ReportFacts, Settings, matches

if TYPE_CHECKING:
    import yaml

_UNREAD = object()
_toml: Any = _UNREAD  # the TOML reader, imported when a pyproject.toml names xxgk-lint (_toml_reader)


def _toml_reader():
    """tomllib (Python 3.11+), else the tomli backport, else None; imported on first use: most
    runs read no TOML."""
    global _toml
    if _toml is _UNREAD:
        try:
            import tomllib as reader
        except ModuleNotFoundError:  # Python 3.10: the tomllib backport, when installed
            try:
                import tomli as reader
            except ModuleNotFoundError:
                reader = None
        _toml = reader
    return _toml

YAML_NAMES = (".xxgk-lint.yaml", ".xxgk-lint.yml")
TABLE = "tool.xxgk-lint"
LANGS = ("zh", "en")

__all__ = ["PerFileIgnore", "Settings", "discover", "load", "matches", "parse_era", "validate_rule_ids"]


def parse_era(value: object) -> str | None:
    """What `era` (and --era) says: `auto` (None: detect from each report), an era id of the
    packs' `eras:` table or its alias (`2019`); ValueError for anything else."""
    from linter.engine import load_packs

    text = str(value)  # YAML and TOML read `era: 2008` as a number
    if text == "auto":
        return None
    packs = load_packs()
    era = packs.era_id(text)
    if era is None:
        choices = ["auto", *packs.eras, *(e.alias for e in packs.eras.values())]
        raise ValueError(f"unknown era {text!r} (expected one of {', '.join(choices)})")
    return era


# ---------------------------------------------------------------------------------------------
# Finding the file


def discover(report_path: Path) -> Path | None:
    """The configuration that governs a report: in the report's directory or the nearest one
    above it, `.xxgk-lint.yaml`/`.yml` first, then a `pyproject.toml` with `[tool.xxgk-lint]`.

    The search stops at the top of the repository the report is in (the directory holding
    `.git`, a folder or a worktree's file), after looking there, so that a configuration
    somewhere above a checkout (a CI runner's work folder, a home directory) never governs it.
    Outside a repository it goes up to the filesystem root.
    """
    start = Path(report_path).resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        for name in YAML_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


_TABLE_HEADER = regex(r"""^\s*\[\[?\s*tool\s*\.\s*["']?xxgk-lint["']?\s*[.\]]""", re.MULTILINE)


def _has_table(pyproject: Path) -> bool:
    text = _read(pyproject)
    if "xxgk-lint" not in text:  # most pyproject.toml files are someone else's: skip the parse
        return False
    if _toml_reader() is None:  # load() will explain that it cannot read TOML here
        return bool(_TABLE_HEADER.search(text))
    return isinstance(_parse_toml(pyproject, text).get("tool", {}).get("xxgk-lint"), dict)


def _read(path: Path) -> str:
    from linter.packs.yaml_lines import read_file

    return read_file(path, "configuration")


# ---------------------------------------------------------------------------------------------
# Reading the file


def load(path: Path) -> Settings:
    """Read and check a configuration file (YAML, or a pyproject.toml's `[tool.xxgk-lint]`)."""
    path = Path(path)
    text = _read(path)
    if path.suffix == ".toml":
        data, locator = _load_toml(path, text)
    else:
        data, locator = _load_yaml(path, text)
    return _build(path, locator, data)


def _parse_toml(path: Path, text: str) -> dict:
    toml = _toml_reader()
    if toml is None:
        raise PackError(
            str(path), None, "reading pyproject.toml needs Python 3.11+ or `pip install tomli`"
        )
    from linter.packs.yaml_lines import check_tree, too_long

    try:
        return check_tree(toml.loads(text), str(path))
    except RecursionError:
        raise PackError(str(path), None, "invalid TOML: nests too deeply") from None
    except toml.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise PackError(
            str(path), int(line.group(1)) if line else None, f"invalid TOML: {exc}"
        ) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise PackError(str(path), None, f"invalid TOML: {too_long(exc)}") from None


def _load_toml(path: Path, text: str) -> tuple[dict, _TomlLocator]:
    table = _parse_toml(path, text).get("tool", {}).get("xxgk-lint")
    if not isinstance(table, dict):
        raise PackError(str(path), None, f"no [{TABLE}] table")
    return table, _TomlLocator(text)


def _load_yaml(path: Path, text: str) -> tuple[dict, _YamlLocator]:
    import yaml  # on first use: most runs read no YAML configuration

    from linter.packs.yaml_lines import MAX_DEPTH, check_tree, too_long

    try:
        # Parsed twice, once for values and once for the node tree that knows their lines.
        data = check_tree(yaml.safe_load(text), str(path))
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise PackError(str(path), None, f"invalid YAML: nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise PackError(str(path), None, f"invalid YAML: {too_long(exc)}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PackError(
            str(path), mark.line + 1 if mark else None, f"invalid YAML: {exc.problem}"
        ) from None
    except yaml.YAMLError as exc:
        raise PackError(str(path), None, f"invalid YAML: {exc}") from None
    if data is None:
        return {}, _YamlLocator(None)
    if not isinstance(data, dict):
        raise PackError(str(path), 1, "configuration must be a mapping of keys to values")
    return data, _YamlLocator(root)


def _severity(value, where, ck) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise ck.fail(where, str(exc)) from None


def _era(value, where, ck) -> str | None:
    try:
        return parse_era(value)
    except ValueError as exc:
        raise ck.fail(where, str(exc)) from None


def _pack(base: Path):
    def check(value, where, ck) -> Path:
        pack = Str().check(value, where, ck)
        path = (base / Path(pack).expanduser()).resolve()
        if not path.is_file():
            raise ck.fail(where[:-1], f"pack file '{pack}' not found (looked for {path})", token=pack)
        return path
    return Custom(check, "a pack file")


def _per_file_ignore(value, where, ck) -> PerFileIgnore:
    if not isinstance(value, dict):
        raise ck.fail(where, "each per-file-ignores entry must be a mapping with path, rules and reason")
    entry = Record({"path": Str(), "rules": _RULES, "reason": Str()}).check(value, where, ck)
    pattern, reason = entry.get("path"), entry.get("reason")
    if not isinstance(pattern, str) or not pattern.strip():
        raise ck.fail(where, "per-file-ignores entry needs a 'path' glob")
    if not isinstance(reason, str) or not reason.strip():
        raise ck.fail(where, f"per-file-ignores entry for '{pattern}' needs a non-empty 'reason'")
    if "rules" not in entry:
        raise ck.fail((*where, "rules"), "`rules` must be a list of strings")
    if not entry["rules"]:
        raise ck.fail((*where, "rules"), f"per-file-ignores entry for '{pattern}' names no rules")
    return PerFileIgnore(pattern, entry["rules"], reason.strip())


_RULES = ListOf(Str(), what="a list of strings")


def _report_facts(value, where, ck) -> ReportFacts:
    if not isinstance(value, dict):
        raise ck.fail(where, "each reports entry must be a mapping with path and body and/or year")
    entry = Record({"path": Str(), "body": Str(), "year": Int(minimum=1990)}).check(value, where, ck)
    pattern = entry.get("path")
    if not isinstance(pattern, str) or not pattern.strip():
        raise ck.fail(where, "reports entry needs a 'path' glob")
    if "body" not in entry and "year" not in entry:
        raise ck.fail(where, f"reports entry for '{pattern}' gives neither 'body' nor 'year'")
    return ReportFacts(pattern, entry.get("body"), entry.get("year"))


def schema(base: Path) -> Record:
    """The configuration file's keys (the same schema checker as the rule packs)."""
    return Record({
        "select": _RULES,
        "ignore": _RULES,
        "severity": MapOf(Custom(_severity), what="a mapping of rule ids to error, warning or info"),
        "fail-on": Custom(_severity),
        "era": Custom(_era),
        "lang": Str(choices=LANGS),
        "include": ListOf(Str(), what="a list of globs"),
        "packs": ListOf(_pack(base), what="a list of strings"),
        "per-file-ignores": ListOf(Custom(_per_file_ignore), what="a list of {path, rules, reason}"),
        "exclude": ListOf(Str(), what="a list of globs"),
        "reports": ListOf(Custom(_report_facts), what="a list of {path, body, year}"),
    })


KEYS = tuple(schema(Path(".")).fields)


def _build(path: Path, locator, data: dict) -> Settings:
    checked = Checker(str(path), locator).check(schema(path.parent), data)
    settings = Settings(
        select=checked.get("select"), ignore=checked.get("ignore", []), severity=checked.get("severity", {}),
        fail_on=checked.get("fail-on"), era=checked.get("era"), packs=checked.get("packs", []),
        per_file_ignores=checked.get("per-file-ignores", []), lang=checked.get("lang"), include=checked.get("include", []),
        exclude=checked.get("exclude", []), reports=checked.get("reports", []), source=path,
    )
    settings.rule_lines = {where: locator.line(where[:-1], rule) for where, rule in _rule_references(settings)}
    return settings


# ---------------------------------------------------------------------------------------------
# Checking rule ids, once the packs are loaded


def _rule_references(config: Settings) -> Iterator[tuple[Where, str]]:
    for rule in config.select or ():
        yield ("select", rule), rule
    for rule in config.ignore:
        yield ("ignore", rule), rule
    for rule in config.severity:
        yield ("severity", rule), rule
    for i, entry in enumerate(config.per_file_ignores):
        for rule in entry.rules:
            yield ("per-file-ignores", i, "rules", rule), rule


def validate_rule_ids(config: Settings, known_ids: set[str]) -> None:
    """Raise PackError for the first (in file order) rule selector that matches no known rule.

    An id that came from the command line (merged in, so without a line) is reported as coming
    from `<command line>`.
    """
    unknown = [
        (where, rule)
        for where, rule in _rule_references(config)
        if rule != ALL and not any(matches(rule, known) for known in known_ids)
    ]
    if not unknown:
        return
    where, rule = min(unknown, key=lambda item: config.rule_lines.get(item[0]) or float("inf"))
    line = config.rule_lines.get(where)
    origin = str(config.source) if where in config.rule_lines else "<command line>"
    raise PackError(
        origin, line, f"unknown rule '{rule}' in '{where[0]}' (no rule id is or starts with it)"
    )


# ---------------------------------------------------------------------------------------------
# Lines of values, for error messages


class _YamlLocator:  # a packs.schema.Locator
    """Lines from the YAML node tree: exact."""

    def __init__(self, root: yaml.Node | None):
        self.root = root

    def line(self, where: Where, token: str | None = None) -> int | None:
        """The line of the key or item at `where`, or of `token` as a value inside it."""
        import yaml

        node, line = self.root, 1
        for step in where:
            if isinstance(node, yaml.MappingNode):
                pair = next((p for p in node.value if p[0].value == step), None)
                if pair is None:
                    return line
                line, node = pair[0].start_mark.line + 1, pair[1]
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(step, int)
                and step < len(node.value)
            ):
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                return line
        if token is not None and node is not None:
            return next((n.start_mark.line + 1 for n in _scalars(node) if n.value == token), line)
        return line


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


_HEADER = regex(r"^\s*(\[\[?)\s*([^\[\]#]+?)\s*\]\]?\s*(?:#.*)?$")


class _TomlLocator:
    """Lines found by scanning the text of our tables: tomllib keeps no positions. Good for the
    ways people write these tables (keys, `[tool.xxgk-lint.severity]` sub-tables,
    `[[tool.xxgk-lint.per-file-ignores]]` entries, inline arrays and tables)."""

    def __init__(self, text: str):
        self.text = text.splitlines()
        # (line number, table name, whether the line is a table header) for lines in our tables
        self.owned: list[tuple[int, str, bool]] = []
        table = ""
        for number, raw in enumerate(self.text, 1):
            header = _HEADER.match(raw)
            if header:
                table = re.sub(r"""[\s"']""", "", header.group(2))
            if table == TABLE or table.startswith(TABLE + "."):
                self.owned.append((number, table, bool(header)))

    def _first(
        self, start: int, pattern: re.Pattern[str], tables: tuple[str, ...] | None = None
    ) -> int | None:
        for number, table, is_header in self.owned:
            if number < start or is_header or (tables is not None and table not in tables):
                continue
            if pattern.search(self.text[number - 1]):
                return number
        return None

    def line(self, where: Where, token: str | None = None) -> int | None:
        """The line of the key or item at `where`, or of `token` inside it; at worst the line of
        the nearest enclosing key that was found."""
        if not self.owned:
            return None
        line = self.owned[0][0]
        top = str(where[0]) if where else ""
        for depth, step in enumerate(where):
            if isinstance(step, int):
                headers = [n for n, t, h in self.owned if h and t == f"{TABLE}.{top}"]
                braces = [
                    n for n, _, h in self.owned if not h and n >= line and "{" in self.text[n - 1]
                ]
                entries = headers or braces  # [[...]] entries, else inline tables
                if step < len(entries):
                    line = entries[step]
                continue
            key = re.compile(rf"""(^|[{{,])\s*["']?{re.escape(step)}["']?\s*=""")
            sub_table = (
                [n for n, t, h in self.owned if h and t == f"{TABLE}.{step}"] if depth == 0 else []
            )
            found = (
                sub_table[0]
                if sub_table
                else self._first(line, key, (TABLE,) if depth == 0 else None)
            )
            if found is None:
                return line
            line = found
        if token is not None:
            return self._first(line, re.compile(rf"(?<![\w-]){re.escape(token)}(?![\w-])")) or line
        return line
