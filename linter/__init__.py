"""xxgk-lint: a compliance linter for 政府信息公开工作年度报告 (government information-disclosure
annual reports).

The pipeline, one module per stage (see docs/design.md in the shared material):

    source.py     bytes -> decoded text, split into lines           (InputError on bad input)
    readers/      .txt/.md as is; .html/.docx -> the same DocLines
    normalize.py  t2s, full-width forms, pinyin noise; line- and column-preserving
    lexer.py      each line -> one token (heading, table cell, paragraph, ...)
    parse.py      grammars/report.lark (LALR) over those tokens -> Report (model.py)
    facts.py      title, year, era, issuing body, dates
    packs.py      rules/*.yaml -> validated rule packs
    engine.py     runs the checks of the packs that apply -> Findings
      checks.py           section, numbering, year, era and date check kinds
      tables.py           tables read against the packs' templates (label-anchored) -> Grids
      table_checks.py     identities (expr.py over the grids), blank and non-integer cells
      narrative.py        the figures the prose states -> Claims
      narrative_checks.py claims against the tables and their own arithmetic
    run.py        one `check` run: configuration per report (config.py), worker processes,
                  baseline (baseline.py), exit status
    output/       text (rich), concise, json, sarif, github, gitlab, junit
    cli.py        click
"""

__version__ = "0.1.0"
