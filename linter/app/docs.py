"""The rule reference, docs/rules.md, generated from the packs:

    xxgk-lint rules --format markdown > docs/rules.md

Everything comes from the packs (ids, names, severities, eras, messages, legal basis, docs and
the examples the test suite runs), so the page cannot drift from what the linter does; a test
regenerates it and fails when the committed file is stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from linter.packs.load import PackSet
from linter.packs.model import Example, Rule

REGENERATE = "xxgk-lint rules --format markdown > docs/rules.md"


def example_label(example: Example) -> str:
    """`不合规示例 / failing example` — shared with `xxgk-lint explain`."""
    return "不合规示例 / failing example" if example.kind == "fail" else "合规示例 / passing example"


def example_body(example: Example) -> tuple[list[str], str]:
    """What an example shows: (lines of prose, the report text). A report made from a named
    example report shows the changes made to it; the report text is the whole report."""
    lines = []
    if example.previous is not None:
        lines.append("同一机关上一年度的报告 / the same body's report of the year before:")
        lines += ["    " + line for line in example.previous.rstrip("\n").split("\n")]
    if example.report:
        lines.append(f"示例报告 / example report `rules/examples/{example.report}.md`"
                     + ("，改动 / changed:" if example.replace else ""))
        for old, new in example.replace:
            lines.append(f"- `{old}` → `{new.replace(chr(10), ' ⏎ ')}`")
    for line, column, message in example.expect:
        lines.append(f"- {line}:{column} {message}")
    return lines, example.text


def effective_eras(packs: PackSet) -> dict[str, tuple[str, ...]]:
    """The eras each rule applies to: its own pack's and those of every pack that extends it
    (XG101 of the 2019 pack applies to 2021 reports too), in era order."""
    eras: dict[str, list[str]] = {rule_id: [] for rule_id in packs.rules}
    for era in packs.eras:
        for rule in packs.resolve(era).rules:
            eras[rule.id].append(era)
    return {rule_id: tuple(found) for rule_id, found in eras.items()}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _anchor(rule: Rule) -> str:
    """The rule's anchor in docs/rules.md: its stable documentation URL (resources.rule_docs)."""
    return f"{rule.id}-{rule.name}".lower()


def _fenced(text: str) -> list[str]:
    runs = [len(run) for run in re.findall(r"`{3,}", text)]
    fence = "`" * max([3, *(n + 1 for n in runs)])
    return [f"{fence}text", *text.rstrip("\n").split("\n"), fence]


def _rule_section(rule: Rule, eras: tuple[str, ...]) -> list[str]:
    lines = [
        f"## {rule.id} {rule.name}",
        "",
        f"**Severity** {rule.severity.value} · **Eras** {', '.join(eras) or '—'} · "
        f"**Pack** {rule.pack} · **Kind** `{rule.kind}`",
        "",
        f"- 消息：{rule.message}",
        f"- Message: {rule.message_en}",
        f"- 依据 / Basis: {rule.basis}",
        "",
        rule.docs,
        "",
    ]
    for example in rule.examples:
        era = f" — era {example.era}" if example.era else ""
        prose, text = example_body(example)
        lines += [f"{example_label(example)}{era}:", ""]
        if prose:
            lines += [*prose, ""]
        if not example.report:
            lines += [*_fenced(text), ""]
    return lines


def rules_markdown(packs: PackSet) -> str:
    """The whole page, ending with one newline."""
    rules = list(packs.rules.values())
    eras = effective_eras(packs)
    lines = [
        "# xxgk-lint rules",
        "",
        f"<!-- Generated from the rule packs by `{REGENERATE}`; do not edit by hand. -->",
        "",
        f"{len(rules)} rules in {len(packs.packs)} packs. The severity is the rule's default; a "
        "configuration can change it, select or ignore rules (see the README). "
        "`xxgk-lint explain ID` prints the same documentation.",
        "",
        "| rule | name | severity | eras | what it checks |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| [{rule.id}](#{_anchor(rule)}) | {rule.name} | {rule.severity.value} | "
        f"{', '.join(eras[rule.id])} | {_cell(rule.message_en)} |"
        for rule in rules
    ]
    lines += [
        "",
        "## Packs",
        "",
        "A pack applies to the eras it names and brings the packs it extends along.",
        "",
        "| pack | file | eras | extends | title |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {pack.name} | rules/{Path(pack.path).name} | {', '.join(pack.eras)} | "
        f"{', '.join(pack.extends) or '—'} | {_cell(pack.title)} |"
        for pack in sorted(packs.packs.values(), key=lambda p: p.name)
    ]
    lines.append("")
    for rule in rules:
        lines += _rule_section(rule, eras[rule.id])
    return "\n".join(lines).rstrip("\n") + "\n"
