"""Configuration: discovery upwards, YAML and pyproject.toml, errors that name file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from linter.app import config as config_module
from linter.app.config import (
    PerFileIgnore,
    discover,
    load,
    matches,
    validate_rule_ids,
)
from linter.errors import PackError
from linter.findings import Severity
from linter.settings import Settings

KNOWN = {"XG101", "XG102", "XG201", "XG305"}
EXPECTED_KEYS = "select, ignore, severity, fail-on, era, lang, include, packs, per-file-ignores, exclude, reports"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _error(path: Path, known: set[str] | None = None) -> PackError:
    with pytest.raises(PackError) as error:
        loaded = load(path)
        if known is not None:
            validate_rule_ids(loaded, known)
    return error.value


# discovery --------------------------------------------------------------------------------------


def test_discovery_walks_upwards_to_the_nearest_config(tmp_path):
    top = _write(tmp_path / ".xxgk-lint.yaml", "era: fmt2021\n")
    report = _write(tmp_path / "2024" / "区县" / "淮安.txt", "报告\n")
    assert discover(report) == top
    assert discover(report.parent) == top  # a directory given on the command line


def test_a_pyproject_without_our_table_is_passed_over(tmp_path):
    top = _write(tmp_path / ".xxgk-lint.yml", "era: fmt2021\n")
    _write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "xxgk-lint-reports"\n')
    assert discover(tmp_path / "a" / "report.txt") == top


def test_a_nearer_pyproject_table_beats_a_yaml_further_up(tmp_path):
    _write(tmp_path / ".xxgk-lint.yaml", "era: fmt2021\n")
    nearer = _write(
        tmp_path / "a" / "pyproject.toml", "[tool.xxgk-lint.severity]\nXG101 = 'info'\n"
    )
    assert discover(tmp_path / "a" / "b" / "report.txt") == nearer


def test_yaml_beats_pyproject_in_the_same_directory(tmp_path):
    _write(tmp_path / "pyproject.toml", '[tool.xxgk-lint]\nera = "fmt2019"\n')
    yaml_file = _write(tmp_path / ".xxgk-lint.yaml", "era: fmt2021\n")
    assert discover(tmp_path / "report.txt") == yaml_file


def test_no_config_anywhere(tmp_path):
    assert discover(tmp_path / "report.txt") is None


def test_discovery_stops_at_the_top_of_the_repository(tmp_path):
    _write(tmp_path / ".xxgk-lint.yaml", "era: fmt2021\n")  # above the checkout: not ours
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert discover(tmp_path / "repo" / "2024" / "report.txt") is None
    own = _write(tmp_path / "repo" / ".xxgk-lint.yaml", "era: fmt2019\n")
    assert discover(tmp_path / "repo" / "2024" / "report.txt") == own


def test_a_worktree_git_file_also_ends_the_search(tmp_path):
    _write(tmp_path / ".xxgk-lint.yaml", "era: fmt2021\n")
    _write(tmp_path / "wt" / ".git", "gitdir: /elsewhere/.git/worktrees/wt\n")
    assert discover(tmp_path / "wt" / "report.txt") is None


# loading ----------------------------------------------------------------------------------------


def test_yaml_config_is_read_with_packs_relative_to_the_file(tmp_path):
    pack = _write(tmp_path / "rules" / "local.yaml", "rules: []\n")
    path = _write(
        tmp_path / ".xxgk-lint.yaml",
        """
        select: [XG1, XG201]
        ignore: [XG305]
        severity: {XG102: info}
        fail-on: warning
        era: 2008
        packs: [rules/local.yaml]
        per-file-ignores:
          - path: "2019/*.txt"
            rules: [XG201]
            reason: 2019 年报按旧格式公开
        """,
    )
    assert load(path) == Settings(
        select=["XG1", "XG201"],
        ignore=["XG305"],
        severity={"XG102": Severity.INFO},
        fail_on=Severity.WARNING,
        era="reg2008",
        packs=[pack.resolve()],
        per_file_ignores=[PerFileIgnore("2019/*.txt", ["XG201"], "2019 年报按旧格式公开")],
        source=path,
    )


def test_pyproject_table_is_read(tmp_path):
    (tmp_path / "packs").mkdir()
    pack = _write(tmp_path / "packs" / "extra.yaml", "rules: []\n")
    path = _write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "reports"

        [tool.xxgk-lint]
        select = ["ALL"]
        era = "auto"
        packs = ["packs/extra.yaml"]

        [tool.xxgk-lint.severity]
        XG201 = "error"

        [[tool.xxgk-lint.per-file-ignores]]
        path = "old/**"
        rules = ["XG1"]
        reason = "历年旧报告"
        """,
    )
    assert load(path) == Settings(
        select=["ALL"],
        severity={"XG201": Severity.ERROR},
        packs=[pack.resolve()],
        per_file_ignores=[PerFileIgnore("old/**", ["XG1"], "历年旧报告")],
        source=path,
    )


def test_empty_yaml_is_the_defaults(tmp_path):
    path = _write(tmp_path / ".xxgk-lint.yaml", "# nothing yet\n")
    assert load(path) == Settings(source=path)


# errors that name the file and the line -----------------------------------------------------


def test_unknown_yaml_key_names_file_and_line(tmp_path):
    path = _write(tmp_path / ".xxgk-lint.yaml", "select: [XG1]\n\nfail_on: warning\n")
    error = _error(path)
    assert str(error) == f"{path}:3: unknown key 'fail_on' (expected one of {EXPECTED_KEYS})"


def test_unknown_toml_key_names_file_and_line(tmp_path):
    path = _write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "reports"
        select = "not ours"

        [tool.xxgk-lint]
        era = "fmt2021"
        selct = ["XG1"]
        """,
    )
    assert str(_error(path)) == f"{path}:7: unknown key 'selct' (expected one of {EXPECTED_KEYS})"


def test_unknown_key_inside_a_per_file_ignore(tmp_path):
    path = _write(
        tmp_path / ".xxgk-lint.yaml",
        """
        per-file-ignores:
          - path: a.txt
            rules: [XG101]
            reason: 已知问题
            reasons: typo
        """,
    )
    assert (
        str(_error(path))
        == f"{path}:5: unknown key 'reasons' (expected one of path, rules, reason)"
    )


def test_unknown_rule_id_in_yaml_names_its_line(tmp_path):
    path = _write(
        tmp_path / ".xxgk-lint.yaml",
        """
        select:
          - XG1
          - ALL
        ignore:
          - XG305
          - XG1O1
        """,
    )
    error = _error(path, KNOWN)
    assert (error.path, error.line) == (str(path), 6)
    assert error.reason == "unknown rule 'XG1O1' in 'ignore' (no rule id is or starts with it)"


def test_the_first_unknown_rule_id_in_file_order_is_reported(tmp_path):
    path = _write(
        tmp_path / ".xxgk-lint.yaml",
        """
        per-file-ignores:
          - path: a.txt
            rules: [XG101, XG777]
            reason: 已知问题
        severity:
          XG888: info
        """,
    )
    error = _error(path, KNOWN)
    assert (error.line, error.reason) == (
        3,
        "unknown rule 'XG777' in 'per-file-ignores' (no rule id is or starts with it)",
    )


@pytest.mark.parametrize(
    ("body", "line", "rule", "key"),
    [
        ('[tool.xxgk-lint]\nselect = [\n  "XG1",\n  "XG9",\n]\n', 4, "XG9", "select"),
        ('[tool.xxgk-lint.severity]\nXG101 = "info"\nXG999 = "info"\n', 3, "XG999", "severity"),
        (
            '[[tool.xxgk-lint.per-file-ignores]]\npath = "a"\nrules = ["XG101"]\nreason = "x"\n\n'
            '[[tool.xxgk-lint.per-file-ignores]]\npath = "b"\nreason = "y"\n'
            'rules = ["XG101", "XG404"]\n',
            9,
            "XG404",
            "per-file-ignores",
        ),
    ],
)
def test_unknown_rule_id_in_toml_names_its_line(tmp_path, body, line, rule, key):
    path = _write(
        tmp_path / "pyproject.toml", '[project]\nname = "r"\n\n' + body
    )  # 3 lines before the body
    error = _error(path, KNOWN)
    assert (error.line, error.reason) == (
        line + 3,
        f"unknown rule '{rule}' in '{key}' (no rule id is or starts with it)",
    )


def test_unknown_rule_id_from_the_command_line(tmp_path):
    merged = load(_write(tmp_path / ".xxgk-lint.yaml", "select: [XG1]\n")).merged(ignore=["XG9"])
    with pytest.raises(PackError) as error:
        validate_rule_ids(merged, KNOWN)
    assert (
        str(error.value)
        == "<command line>: unknown rule 'XG9' in 'ignore' (no rule id is or starts with it)"
    )


@pytest.mark.parametrize("reason_line", ["", "    reason: ''\n", "    reason: '   '\n"])
def test_per_file_ignore_needs_a_reason(tmp_path, reason_line):
    path = _write(
        tmp_path / ".xxgk-lint.yaml",
        "per-file-ignores:\n  - path: old/*.txt\n    rules: [XG101]\n" + reason_line,
    )
    error = _error(path)
    assert (error.line, error.reason) == (
        2,
        "per-file-ignores entry for 'old/*.txt' needs a non-empty 'reason'",
    )


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (
            "severity:\n  XG101: fatal\n",
            2,
            "unknown severity 'fatal' (expected error, warning or info)",
        ),
        ("fail-on: loud\n", 1, "unknown severity 'loud' (expected error, warning or info)"),
        (
            "era: 2020\n",
            1,
            "unknown era '2020' (expected one of auto, reg2008, stats2014, fmt2019, fmt2021, 2008, 2014, 2019, 2021)",
        ),
        ("select: XG101\n", 1, "`select` must be a list of strings"),
        ("packs:\n  - rules/none.yaml\n", 2, None),
        ("select: [XG1\n", 2, "invalid YAML: expected ',' or ']', but got '<stream end>'"),
        ("- select\n", 1, "configuration must be a mapping of keys to values"),
    ],
)
def test_bad_values_name_their_line(tmp_path, text, line, reason):
    path = _write(tmp_path / ".xxgk-lint.yaml", text)
    error = _error(path)
    if reason is None:  # the missing pack: the message carries the resolved path
        resolved = (tmp_path / "rules" / "none.yaml").resolve()
        reason = f"pack file 'rules/none.yaml' not found (looked for {resolved})"
    assert (error.path, error.line, error.reason) == (str(path), line, reason)


def test_invalid_toml_names_its_line(tmp_path):
    path = _write(tmp_path / "pyproject.toml", "[tool.xxgk-lint]\nera = fmt2021\n")
    error = _error(path)
    assert (error.line, error.reason) == (2, "invalid TOML: Invalid value (at line 2, column 7)")


def test_pyproject_without_a_toml_reader_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(config_module, "_toml", None)
    path = _write(tmp_path / "pyproject.toml", '[tool.xxgk-lint]\nera = "fmt2021"\n')
    assert discover(tmp_path / "report.txt") == path
    assert _error(path).reason == "reading pyproject.toml needs Python 3.11+ or `pip install tomli`"


# using a configuration --------------------------------------------------------------------------


def test_selectors_are_ids_prefixes_or_all():
    assert matches("XG1", "XG101") and matches("XG101", "XG101") and matches("ALL", "XG305")
    assert not matches("XG2", "XG101") and not matches("", "XG101")


def test_enabled_and_severity_overrides():
    config = Settings(
        select=["XG1", "XG201"],
        ignore=["XG102"],
        severity={"ALL": Severity.INFO, "XG101": Severity.ERROR},
    )
    assert [r for r in sorted(KNOWN) if config.enabled(r)] == ["XG101", "XG201"]
    assert config.severity_for("XG101", Severity.WARNING) is Severity.ERROR
    assert config.severity_for("XG201", Severity.WARNING) is Severity.INFO
    assert Settings().severity_for("XG201", Severity.WARNING) is Severity.WARNING


def test_per_file_ignores_match_relative_to_the_config_file(tmp_path):
    config = Settings(
        per_file_ignores=[
            PerFileIgnore("2019/*.txt", ["XG201"], "旧格式"),
            PerFileIgnore("*草稿*", ["ALL"], "草稿不检查"),
        ],
        source=tmp_path / ".xxgk-lint.yaml",
    )
    assert config.ignored_for(tmp_path / "2019" / "淮安.txt") == {"XG201"}
    assert config.ignored_for(tmp_path / "2024" / "淮安.txt") == set()
    assert config.ignored_for(tmp_path / "2024" / "淮安草稿.txt") == {"ALL"}
    assert config.ignored_for(tmp_path.parent / "2019" / "淮安.txt") == set()  # outside the tree


def test_settings_are_applied_once_by_the_engine(tmp_path):
    """Selection, severity overrides and per-file ignores, applied where findings are made."""
    from linter.api import lint_path

    report = "某某县人民政府2023年政府信息公开工作年度报告\n本报告统计期限自2022年1月1日起至2022年12月31日止。\n"
    new, old = _write(tmp_path / "new.txt", report), _write(tmp_path / "old" / "a.txt", report)
    settings = Settings(
        select=["XG2"],
        severity={"XG201": Severity.WARNING},
        per_file_ignores=[PerFileIgnore("old/*", ["XG201"], "旧报告")],
        source=tmp_path / ".xxgk-lint.yaml",
    )
    found = {path.name: [(f.rule, f.severity) for f in lint_path(str(path), settings)[1]] for path in (new, old)}
    assert found == {"new.txt": [("XG201", Severity.WARNING)], "a.txt": []}


def test_command_line_options_lay_over_the_file():
    config = Settings(
        select=["XG1"],
        ignore=["XG305"],
        severity={"XG101": Severity.INFO},
        era="fmt2019",
        packs=[Path("/p/a.yaml")],
    )
    merged = config.merged(
        select=["XG2"],
        ignore=["XG201"],
        severity={"XG102": Severity.ERROR},
        fail_on=Severity.WARNING,
        packs=["b.yaml"],
    )
    assert merged == Settings(
        select=["XG2"],
        ignore=["XG305", "XG201"],
        severity={"XG101": Severity.INFO, "XG102": Severity.ERROR},
        fail_on=Severity.WARNING,
        era="fmt2019",
        packs=[Path("/p/a.yaml"), Path("b.yaml")],
    )
    assert config.merged(severity={"XG1": Severity.ERROR}, fail_on=Severity.INFO).fail_on is Severity.INFO
    assert config.merged() == config

