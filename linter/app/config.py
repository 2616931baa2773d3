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

A mistake in the file is a PackError naming the file and the line, so that a typo such as
`fail_on` or `XG1O1` is never silently ignored.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from linter.errors import PackError
from linter.findings import Finding, Severity

try:  # Python 3.11+
    import tomllib as _toml
except ModuleNotFoundError:  # Python 3.10: the tomllib backport, when installed
    try:
        import tomli as _toml
    except ModuleNotFoundError:
        _toml = None

YAML_NAMES = (".xxgk-lint.yaml", ".xxgk-lint.yml")
TABLE = "tool.xxgk-lint"
KEYS = ("select", "ignore", "severity", "fail-on", "era", "packs", "per-file-ignores")
PER_FILE_KEYS = ("path", "rules", "reason")
ALL = "ALL"

# Where a value sits in the file: keys and list indexes from the top of our table.
Where = tuple[str | int, ...]


@dataclass
class PerFileIgnore:
    """Rules switched off for the reports a glob matches, with the reason a reviewer reads."""

    pattern: str  # glob, relative to the directory of the config file
    rules: list[str]
    reason: str


@dataclass
class Config:
    """Settings for a run. Defaults are the tool's: every rule, the packs' severities, era auto."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = None
    era: str | None = None  # None: detect from each report
    packs: list[Path] = field(default_factory=list)
    per_file_ignores: list[PerFileIgnore] = field(default_factory=list)
    source: Path | None = None  # the file this came from
    # Line of every rule id the file names, by where it is, for validate_rule_ids().
    rule_lines: dict[Where, int | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def base_dir(self) -> Path:
        """The directory per-file-ignores globs and pack paths are relative to."""
        return self.source.parent if self.source else Path.cwd()

    def enabled(self, rule_id: str) -> bool:
        """Whether a rule runs at all: selected (everything when `select` is unset) and not
        ignored."""
        selected = self.select is None or any(matches(s, rule_id) for s in self.select)
        return selected and not any(matches(s, rule_id) for s in self.ignore)

    def severity_for(self, rule_id: str, default: Severity) -> Severity:
        """The configured severity of a rule; the longest matching selector wins, so
        `{XG1: info, XG101: error}` makes XG101 an error and XG102 info."""
        matching = [s for s in self.severity if matches(s, rule_id)]
        if not matching:
            return default
        return self.severity[max(matching, key=lambda s: -1 if s == ALL else len(s))]

    def applies_ignore(self, path: str | Path) -> set[str]:
        """The rule selectors (ids, prefixes or ALL) per-file-ignores switch off for a report.

        A pattern matches the report's path relative to the config file's directory; a pattern
        without `/` also matches the file name alone, wherever the file is (as in ruff).
        """
        report = Path(path).resolve()
        try:
            relative = report.relative_to(self.base_dir.resolve()).as_posix()
        except ValueError:  # the report is outside the configured tree
            return set()
        ignored: set[str] = set()
        for entry in self.per_file_ignores:
            if fnmatch.fnmatchcase(relative, entry.pattern) or (
                "/" not in entry.pattern and fnmatch.fnmatchcase(report.name, entry.pattern)
            ):
                ignored.update(entry.rules)
        return ignored

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings this configuration lets through, with severity overrides applied."""
        kept = []
        ignored_by_path: dict[str, set[str]] = {}
        for finding in findings:
            if finding.path not in ignored_by_path:
                ignored_by_path[finding.path] = self.applies_ignore(finding.path)
            if not self.enabled(finding.rule) or any(
                matches(s, finding.rule) for s in ignored_by_path[finding.path]
            ):
                continue
            severity = self.severity_for(finding.rule, finding.severity)
            kept.append(
                finding
                if severity is finding.severity
                else dataclasses.replace(finding, severity=severity)
            )
        return kept

    def merge(
        self,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        severity: dict[str, Severity | str] | None = None,
        fail_on: Severity | str | None = None,
        era: str | None = None,
        packs: Sequence[Path | str] = (),
    ) -> Config:
        """This configuration with command-line options laid over it; None (or empty) means the
        option was not given. `select` replaces, `ignore`, `severity` and `packs` add to the
        file's, `fail_on` and `era` replace (`era="auto"` undoes the file's era)."""
        return dataclasses.replace(
            self,
            select=list(select) if select is not None else self.select,
            ignore=[*self.ignore, *ignore],
            severity={**self.severity, **{k: _severity(v) for k, v in (severity or {}).items()}},
            fail_on=_severity(fail_on) if fail_on is not None else self.fail_on,
            era=parse_era(era) if era is not None else self.era,
            packs=[*self.packs, *map(Path, packs)],
        )


def matches(selector: str, rule_id: str) -> bool:
    """Whether a selector (`ALL`, a rule id or an id prefix such as `XG1`) covers a rule."""
    return selector == ALL or (bool(selector) and rule_id.startswith(selector))


def _severity(value: Severity | str) -> Severity:
    return value if isinstance(value, Severity) else Severity.parse(value)


def parse_era(value: object) -> str | None:
    """What `era` (and --era) says: `auto` (None: detect from each report), an era id of the
    packs' `eras:` table or its alias (`2019`); ValueError for anything else."""
    from linter.packs.load import load_packs

    text = str(value)  # YAML and TOML read `era: 2008` as a number
    if text == "auto":
        return None
    eras = load_packs().eras
    era = load_packs().era_id(text)
    if era is None:
        choices = ["auto", *eras, *(e.alias for e in eras.values())]
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


_TABLE_HEADER = re.compile(r"""^\s*\[\[?\s*tool\s*\.\s*["']?xxgk-lint["']?\s*[.\]]""", re.MULTILINE)


def _has_table(pyproject: Path) -> bool:
    text = _read(pyproject)
    if "xxgk-lint" not in text:  # most pyproject.toml files are someone else's: skip the parse
        return False
    if _toml is None:  # load() will explain that it cannot read TOML here
        return bool(_TABLE_HEADER.search(text))
    return isinstance(_parse_toml(pyproject, text).get("tool", {}).get("xxgk-lint"), dict)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), None, f"cannot read configuration: {exc}") from None


# ---------------------------------------------------------------------------------------------
# Reading the file


def load(path: Path) -> Config:
    """Read and check a configuration file (YAML, or a pyproject.toml's `[tool.xxgk-lint]`)."""
    path = Path(path)
    text = _read(path)
    if path.suffix == ".toml":
        data, locator = _load_toml(path, text)
    else:
        data, locator = _load_yaml(path, text)
    return _Builder(path, locator).build(data)


def _parse_toml(path: Path, text: str) -> dict:
    if _toml is None:
        raise PackError(
            str(path), None, "reading pyproject.toml needs Python 3.11+ or `pip install tomli`"
        )
    try:
        return _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise PackError(
            str(path), int(line.group(1)) if line else None, f"invalid TOML: {exc}"
        ) from None


def _load_toml(path: Path, text: str) -> tuple[dict, _TomlLocator]:
    table = _parse_toml(path, text).get("tool", {}).get("xxgk-lint")
    if not isinstance(table, dict):
        raise PackError(str(path), None, f"no [{TABLE}] table")
    return table, _TomlLocator(text)


def _load_yaml(path: Path, text: str) -> tuple[dict, _YamlLocator]:
    try:
        # Parsed twice, once for values and once for the node tree that knows their lines.
        data = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
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


class _Builder:
    """Turns the raw mapping into a Config, raising PackError at the first mistake."""

    def __init__(self, path: Path, locator: _YamlLocator | _TomlLocator):
        self.path = path
        self.locator = locator
        self.rule_lines: dict[Where, int | None] = {}

    def fail(self, where: Where, reason: str, token: str | None = None) -> PackError:
        return PackError(str(self.path), self.locator.line(where, token), reason)

    def build(self, data: dict) -> Config:
        for key in data:
            if key not in KEYS:
                raise self.fail(
                    (str(key),), f"unknown key '{key}' (expected one of {', '.join(KEYS)})"
                )
        config = Config(source=self.path)
        if "select" in data:
            config.select = self.rule_list(data["select"], ("select",))
        if "ignore" in data:
            config.ignore = self.rule_list(data["ignore"], ("ignore",))
        if "severity" in data:
            config.severity = self.severities(data["severity"])
        if "fail-on" in data:
            config.fail_on = self.level(data["fail-on"], ("fail-on",))
        if "era" in data:
            try:
                config.era = parse_era(data["era"])
            except ValueError as exc:
                raise self.fail(("era",), str(exc)) from None
        if "packs" in data:
            config.packs = self.packs(data["packs"])
        if "per-file-ignores" in data:
            config.per_file_ignores = self.per_file_ignores(data["per-file-ignores"])
        config.rule_lines = self.rule_lines
        return config

    def strings(self, value: object, where: Where) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, f"'{where[-1]}' must be a list of strings")
        return value

    def rule_list(self, value: object, where: Where) -> list[str]:
        rules = self.strings(value, where)
        for rule in rules:
            self.rule_lines[(*where, rule)] = self.locator.line(where, rule)
        return rules

    def level(self, value: object, where: Where) -> Severity:
        try:
            return Severity.parse(str(value))
        except ValueError as exc:
            raise self.fail(where, str(exc)) from None

    def severities(self, value: object) -> dict[str, Severity]:
        if not isinstance(value, dict):
            raise self.fail(("severity",), "'severity' must map rule ids to error, warning or info")
        result = {}
        for rule, level in value.items():
            where = ("severity", str(rule))
            self.rule_lines[where] = self.locator.line(where)
            result[str(rule)] = self.level(level, where)
        return result

    def packs(self, value: object) -> list[Path]:
        resolved = []
        for pack in self.strings(value, ("packs",)):
            path = (self.path.parent / Path(pack).expanduser()).resolve()
            if not path.is_file():
                raise self.fail(
                    ("packs",), f"pack file '{pack}' not found (looked for {path})", token=pack
                )
            resolved.append(path)
        return resolved

    def per_file_ignores(self, value: object) -> list[PerFileIgnore]:
        if not isinstance(value, list):
            raise self.fail(
                ("per-file-ignores",), "'per-file-ignores' must be a list of {path, rules, reason}"
            )
        return [
            self.per_file_ignore(entry, ("per-file-ignores", i)) for i, entry in enumerate(value)
        ]

    def per_file_ignore(self, entry: object, where: Where) -> PerFileIgnore:
        if not isinstance(entry, dict):
            raise self.fail(
                where, "each per-file-ignores entry must be a mapping with path, rules and reason"
            )
        for key in entry:
            if key not in PER_FILE_KEYS:
                raise self.fail(
                    (*where, str(key)),
                    f"unknown key '{key}' (expected one of {', '.join(PER_FILE_KEYS)})",
                )
        pattern, reason = entry.get("path"), entry.get("reason")
        if not isinstance(pattern, str) or not pattern.strip():
            raise self.fail(where, "per-file-ignores entry needs a 'path' glob")
        if not isinstance(reason, str) or not reason.strip():
            raise self.fail(
                where, f"per-file-ignores entry for '{pattern}' needs a non-empty 'reason'"
            )
        rules = self.rule_list(entry.get("rules"), (*where, "rules"))
        if not rules:
            raise self.fail(
                (*where, "rules"), f"per-file-ignores entry for '{pattern}' names no rules"
            )
        return PerFileIgnore(pattern, rules, reason.strip())


# ---------------------------------------------------------------------------------------------
# Checking rule ids, once the packs are loaded


def _rule_references(config: Config) -> Iterator[tuple[Where, str]]:
    for rule in config.select or ():
        yield ("select", rule), rule
    for rule in config.ignore:
        yield ("ignore", rule), rule
    for rule in config.severity:
        yield ("severity", rule), rule
    for i, entry in enumerate(config.per_file_ignores):
        for rule in entry.rules:
            yield ("per-file-ignores", i, "rules", rule), rule


def validate_rule_ids(config: Config, known_ids: set[str]) -> None:
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


class _YamlLocator:
    """Lines from the YAML node tree: exact."""

    def __init__(self, root: yaml.Node | None):
        self.root = root

    def line(self, where: Where, token: str | None = None) -> int | None:
        """The line of the key or item at `where`, or of `token` as a value inside it."""
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
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]#]+?)\s*\]\]?\s*(?:#.*)?$")


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
