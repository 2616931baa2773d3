"""Stage — engine: the analysis of a report and the rules that apply -> findings.

The engine is small and general. For each rule of the era's packs that the settings select,
it runs the rule's check kind (linter/checks) on the analysis with the rule's parameters, and
turns each hit into a `Finding`: the rule's id, name and severity (as the settings say), its
message in both languages with the hit's values filled in (a value that is words is a pack
text, rendered in each language), the related locations likewise. A finding is made once (a
set), and the findings come out in document order.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from linter.analyse.analysis import Analysis
from linter.analyse.facts import FIELDS as FACT_FIELDS
from linter.analyse.tables import format_number
from linter.cache import regex
from linter.checks import KINDS
from linter.checks.base import Join, Note, Text
from linter.findings import Finding, Related
from linter.memo import SHORT_TEXT
from linter.packs.load import Contracts, PackSet
from linter.packs.load import load_packs as _load_packs
from linter.packs.model import Rule, Words
from linter.settings import Settings, matches

CONTRACTS = Contracts(
    kinds={name: k.contract for name, k in KINDS.items()},
    names={"facts": FACT_FIELDS, "claim": frozenset({"figure"})},
)


def load_packs(extra: Iterable = ()) -> PackSet:
    """The built-in packs and `extra` ones, checked against the kinds' contracts (cached in
    the process, and between runs in the user cache: linter/cache.py)."""
    return _load_packs(tuple(extra), contracts=CONTRACTS, cache=True)


_FIELD = regex(r"\{(\w+)\}")


RENDERED = 2048  # Text objects whose rendering a Wording keeps


def _short(text: Text) -> bool:
    """Whether a Text's values are labels and numbers only: strings of SHORT_TEXT characters or
    fewer, the packs' words, numbers (not a quotation from the prose, nor a list)."""
    for _name, value in text.values:
        if type(value) is str:
            if len(value) > SHORT_TEXT:
                return False
        elif type(value) is not Words and type(value) is not int and type(value) is not Decimal:
            return False
    return True


class Wording:
    """Renders values and templates in one language with the packs' texts.

    A Text (linter.checks.base) is never changed once made, and the kinds hand the same one
    again for the same note (the assert kind keeps a cell's note per value written, across
    reports: about nine notes in ten of a batch), so what each Text object of labels and
    numbers (`_short`) came to is kept, by the object itself, up to RENDERED of them (then
    forgotten all at once). `wordings` keeps a pair per packs' texts, so that this lasts from
    one report to the next."""

    def __init__(self, texts: dict[str, Words], lang: str):
        self.texts = texts
        self.lang = lang
        self._templates: dict[str, Template] = {}  # text id -> its template in this language
        self._rendered: dict[Text, str] = {}  # a Text (by identity) -> its rendering

    def value(self, value: Any) -> str:
        if type(value) is str:  # most values: a label, a number already formatted
            return value
        if isinstance(value, Text):
            rendered = self._rendered.get(value)
            if rendered is None:
                rendered = self._text(value)
                if _short(value):
                    if len(self._rendered) >= RENDERED:
                        self._rendered.clear()
                    self._rendered[value] = rendered
            return rendered
        if isinstance(value, Words):
            return value.get(self.lang)
        if isinstance(value, Join):
            return self.value(value.sep).join([self.value(v) for v in value.items])
        if isinstance(value, Decimal):
            return format_number(value)
        return str(value)

    def _text(self, text: Text) -> str:
        template = self._templates.get(text.id)
        if template is None:
            template = self._templates[text.id] = _template(self.texts[text.id].get(self.lang))
        if not template[1]:  # a text without fields: a separator, a fixed phrase
            return template[0]
        return self._filled(template, dict(text.values))

    def fill(self, template: str, values: dict[str, Any]) -> str:
        """Fill `{name}` fields; plain substitution, never attribute access or eval. (The pack
        loader checked that every placeholder is a field the kind fills.) A field without a
        value stays as written."""
        compiled = _template(template)
        if not compiled[1]:
            return template
        return self._filled(compiled, values)

    def _filled(self, template: Template, values: dict[str, Any]) -> str:
        """A template (`_template`) filled. A text of the report that the template quotes
        (`正文“{clause}…”`) and that has quotation marks of its own gets them as the inner ones,
        ‘ ’ (a quotation inside a quotation), not a doubled ““. (The packs' own texts, such as
        a list joined by `”“`, are left as they are written.)"""
        first, fields = template
        out = [first]
        value = self.value
        for name, quoted, after in fields:
            if name in values:
                raw = values[name]
                if type(raw) is str:  # the report's words or a label, as they are
                    text = raw.translate(_INNER_QUOTES) if quoted and ("“" in raw or "”" in raw) else raw
                else:
                    text = value(raw)
            else:
                text = f"{{{name}}}"
            out.append(text)
            out.append(after)
        return "".join(out)


_INNER_QUOTES = str.maketrans("“”", "‘’")

_WORDINGS: list[tuple[dict[str, Words], tuple[Wording, Wording]]] = []  # the last few packs' texts


def wordings(texts: dict[str, Words]) -> tuple[Wording, Wording]:
    """The Chinese and English Wording of the packs' texts `texts`: the same pair for the same
    texts (what they rendered is kept: `Wording`), for the last four sets of texts used."""
    for known, pair in _WORDINGS:
        if known is texts:
            return pair
    pair = Wording(texts, "zh"), Wording(texts, "en")
    _WORDINGS.insert(0, (texts, pair))
    del _WORDINGS[4:]
    return pair


# A template: its text before the first field, then each field's name, whether the template's
# own text has a quotation open there, and its text up to the next field.
Template = tuple[str, tuple[tuple[str, bool, str], ...]]

_TEMPLATES: dict[str, Template] = {}


def _template(text: str) -> Template:
    """A template split once into its text and its fields (`_FIELD.split`), each field knowing
    whether it stands inside a quotation of the template: the same few pack texts are filled
    thousands of times."""
    template = _TEMPLATES.get(text)
    if template is None:
        if len(_TEMPLATES) >= 4096:  # templates are pack texts; a bound all the same
            _TEMPLATES.clear()
        parts = _FIELD.split(text)
        fields = []
        depth = parts[0].count("“") - parts[0].count("”")  # open quotations of the template
        for i in range(1, len(parts), 2):
            fields.append((parts[i], depth > 0, parts[i + 1]))
            depth += parts[i + 1].count("“") - parts[i + 1].count("”")
        template = _TEMPLATES[text] = (parts[0], tuple(fields))
    return template


def run(analysis: Analysis, settings: Settings | None = None) -> list[Finding]:
    """Every finding of the report, with the selection, severities and per-file ignores of
    `settings` applied, and the report's inline suppressions (read/directives.py)."""
    settings = settings or Settings()
    report = analysis.report
    ignored = settings.ignored_for(report.path)
    wording = wordings(analysis.packs.texts)
    rules = [r for r in analysis.packs.rules if KINDS[r.kind].scope == "report" and settings.enabled(r.id)]
    if ignored:  # per-file ignores: most reports have none
        rules = [r for r in rules if not any(matches(s, r.id) for s in ignored)]
    findings: set[Finding] = set()
    for rule in rules:
        if not KINDS[rule.kind].late:
            findings.update(_findings(rule, analysis, settings, wording))
    findings = _superseded(findings, rules)
    findings = _suppress(findings, report.directives, [r.id for r in rules])
    for rule in rules:
        if KINDS[rule.kind].late:
            findings.update(_findings(rule, analysis, settings, wording))
    # What the rules kept for one another (the cells' values, the phrase checks' texts: a few
    # hundred objects) is dropped once they have all run; a rule run again finds it anew. The
    # analysis a caller keeps is smaller, and the collector's first pass after a lint (see
    # api.collector_paused) has that much less to walk.
    memo = getattr(analysis, "memo", None)
    if memo is not None:
        memo.clear()
    return sorted(findings, key=Finding.sort_key)


def _findings(rule, analysis: Analysis, settings: Settings, wording: tuple[Wording, Wording]) -> Iterable[Finding]:
    severity = settings.severity_for(rule.id, rule.severity)
    for seq, hit in enumerate(KINDS[rule.kind].run(analysis, rule.params)):
        yield _finding(analysis.report.path, rule, severity, hit, wording, seq)


def _superseded(findings: set[Finding], rules) -> set[Finding]:
    """One defect, one finding: a finding whose rule another finding at the same place
    supersedes (pack data `supersedes:`, e.g. a total of 0 beside non-zero parts over the
    identity that says the same in general terms) is dropped (from `findings` itself)."""
    supersedes = {r.id: set(r.supersedes) for r in rules if r.supersedes}
    if not supersedes:
        return findings
    over = {(f.path, f.span.line, f.span.column, other) for f in findings for other in supersedes.get(f.rule, ())}
    if over:  # the few dropped taken out (a new set would hash every finding, its related locations included, again)
        findings.difference_update([f for f in findings if (f.path, f.span.line, f.span.column, f.rule) in over])
    return findings


def _suppress(findings: set[Finding], directives: list, ran: list[str]) -> set[Finding]:
    """The findings no working directive covers; each directive learns whether it was used,
    and whether a rule it names ran at all (else it cannot be called unused)."""
    working = [d for d in directives if d.verb in ("ignore", "disable") and not d.problem]
    if not working:
        return findings
    for d in working:
        d.checked = any(matches(selector, rule) for selector in d.rules for rule in ran)
    kept = set()
    for finding in findings:
        covering = [d for d in working if d.covers(finding.span.line) and any(matches(s, finding.rule) for s in d.rules)]
        for d in covering:
            d.used = True
        if not covering:
            kept.add(finding)
    return kept


def series_rules(packs: PackSet) -> list[Rule]:
    """The rules that judge two reports of one body (checks/series.py), in id order."""
    return [rule for rule in packs.rules.values() if KINDS[rule.kind].scope == "series"]


def run_series(pair, rules: Iterable[Rule], texts: dict[str, Words], settings: Settings | None = None) -> list[Finding]:
    """The findings of the checks across years on two reports of one body (a
    linter.checks.series.Pair), in the later report, with the selection, severities and
    per-file ignores of its settings."""
    settings = settings or Settings()
    path = pair.this.path
    ignored = settings.ignored_for(path)
    wording = wordings(texts)
    findings: set[Finding] = set()
    for rule in rules:
        if not settings.enabled(rule.id) or any(matches(s, rule.id) for s in ignored):
            continue
        severity = settings.severity_for(rule.id, rule.severity)
        for seq, hit in enumerate(KINDS[rule.kind].run(pair, rule.params)):
            findings.add(_finding(path, rule, severity, hit, wording, seq))
    return sorted(findings, key=Finding.sort_key)


def _finding(path: str, rule: Rule, severity, hit, wording: tuple[Wording, Wording], seq: int) -> Finding:
    zh, en = wording
    return Finding(
        path=path,
        span=hit.span,
        rule=rule.id,
        name=rule.name,
        severity=severity,
        message=zh.fill(rule.message, hit.values),
        message_en=en.fill(rule.message_en, hit.values),
        related=tuple(_related(note, zh, en) for note in hit.related),
        where=hit.where,
        table=hit.table,
        row=hit.row,
        column_label=hit.column_label,
        key=hit.key,
        seq=seq,
        expected=None if hit.expected is None else zh.value(hit.expected),
    )


def _related(note: Note, zh: Wording, en: Wording) -> Related:
    return Related(note.span, zh.value(note.text), note.where, en.value(note.text), path=note.path)
