"""docs/rules.md is generated from the packs and must be current; the CLI stays light to start."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

from linter.app.docs import REGENERATE

RULES_MD = ROOT / "docs" / "rules.md"


def test_docs_rules_md_is_current(run_cli):
    generated = run_cli("rules", "--format", "markdown").stdout
    committed = RULES_MD.read_text(encoding="utf-8") if RULES_MD.exists() else ""
    assert generated == committed, f"docs/rules.md is stale: regenerate it with `{REGENERATE}` and commit it"


def test_rules_md_documents_every_rule_with_its_examples(run_cli):
    from linter.engine import load_packs

    text = run_cli("rules", "--format", "markdown").stdout
    for rule in load_packs().rules.values():
        assert f"| [{rule.id}](#{rule.id.lower()}-{rule.name}) |" in text
        assert f"\n## {rule.id} {rule.name}\n" in text
        assert rule.basis in text
    assert "| [XG101](#xg101-missing-section) | missing-section | error | fmt2019, fmt2021 |" in text


def test_rule_listings_give_the_eras_a_rule_reaches_through_extends(run_cli):
    import json

    listed = {r["id"]: r["eras"] for r in json.loads(run_cli("rules", "--format", "json").stdout)}
    assert listed["XG101"] == ["fmt2019", "fmt2021"]  # fmt2021 extends fmt2019
    assert listed["XG104"] == ["reg2008", "stats2014"]
    assert "(fmt2019, fmt2021; pack fmt2019)" in run_cli("explain", "XG101").stdout


def test_help_and_rules_do_not_import_rich():
    """--help and `rules` answer without the terminal renderer (lark is needed by `rules`: the
    packs parse their assert expressions when they load)."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from linter.app.cli import main\n"
        "for args in (['--help'], ['check', '--help']):\n"
        "    assert CliRunner().invoke(main, args).exit_code == 0\n"
        "    assert not {'rich', 'lark', 'opencc', 'bs4', 'docx'} & set(sys.modules), (args, sys.modules.keys())\n"
        "assert CliRunner().invoke(main, ['rules']).exit_code == 0\n"
        "assert 'rich' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
