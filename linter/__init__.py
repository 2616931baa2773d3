"""xxgk-lint: a compliance linter for 政府信息公开工作年度报告 (government information-disclosure
annual reports).

The pipeline, one folder per stage (see the README, "How it works"):

    read/      bytes -> document lines (source, readers, normalise)
    parse/     lines -> report structure (lexer, grammars/report.lark, tree)
    packs/     rules/*.yaml -> validated rule packs (loading, schema, resolution, expressions)
    analyse/   report + packs -> the analysis (facts, era, sections, tables, prose)
    checks/    analysis -> hits, one module per detector
    engine.py  hits -> findings (selection, severity, wording, once)
    output/    findings -> text, concise, json, sarif, github, gitlab, junit
    app/       command line, one run, configuration, baseline, docs

Shared by every stage: document.py (DocLine, Span), findings.py (Finding, Severity),
chinese.py (numerals, squeezed text), errors.py.
"""

__version__ = "0.1.0"
