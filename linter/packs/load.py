"""Rule packs: the knowledge of the regulations, as YAML (rules/*.yaml), loaded and checked.

A pack says which eras it applies to, what it extends, the data of its format (required
sections, content items, deadlines, fingerprint phrases, table templates, the phrases of
quantity sentences), the words of the messages (`texts:`, zh and en) and its checks:

    pack: fmt2021
    applies: {era: [fmt2021]}
    extends: [fmt2019]
    checks:
      - id: XG101
        name: missing-section
        kind: sections
        severity: error
        params: {report: missing}
        message: "缺少第{number}部分“{title}”"
        message_en: "section {number} “{title}” is missing"
        basis: 《政府信息公开条例》第五十条
        docs: ...
        examples: [{fail: "...", expect: [[3, 1]]}, {pass: "..."}]

Everything a pack says is checked when it is loaded, so that a mistake is a `PackError(file,
line, reason)` before any report is read, never a silent no-op on every report: the shape of
every key (one schema checker, packs/schema.py); each check's parameters against the contract
its kind declares (their types, and what they refer to: a table, a row, a claim, a text, an
expression); every `{placeholder}` of a message and of a text against the fields the kind
fills; and, once every pack is loaded, every reference across packs.

The kinds are not imported here (they belong to a later stage): the caller passes their
contracts (`Contracts`, see linter/engine.py `load_packs`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from linter.chinese import NUMBER
from linter.errors import PackError
from linter.findings import Severity
from linter.packs.expr import ExprError, GroupSum, parse, parse_arith, references
from linter.packs.expr import Ref as CellRef
from linter.packs.model import (
    LANGUAGES,
    Era,
    Example,
    Pack,
    Resolved,
    Rule,
    Words,
    placeholders,
)
from linter.packs.schema import (
    Bool,
    Checker,
    Custom,
    Field,
    Int,
    ListOf,
    MapOf,
    Node,
    OneOf,
    Record,
    Ref,
    Regex,
    Str,
    Where,
    required,
)
from linter.packs.yaml_lines import YamlLocator, line_of, load_yaml, read_file
from linter.resources import packs_dir

# ---------------------------------------------------------------------------------------------
# What the kinds declare


# KindContract, Contracts, _Loaded and PackSet are plain classes with __slots__, not dataclasses:
# nothing compares, hashes or copies them, and a dataclass costs every start ~0.3 ms to make.


class KindContract:
    """What a check kind accepts and produces, for the loader to check the packs against:
    its parameters (schema fields), the fields its hits fill in a message, and the texts it
    renders (text id -> the fields that text may use)."""

    __slots__ = ("name", "params", "fields", "texts", "check_params")

    def __init__(self, name: str, params: dict[str, Field] | None = None, fields: frozenset[str] = frozenset(),
                 texts: dict[str, frozenset[str]] | None = None, check_params: Any = None):
        self.name = name
        self.params = {} if params is None else params
        self.fields = fields
        self.texts = {} if texts is None else texts
        self.check_params = check_params  # (params, where, checker) -> None: a check across parameters


class Contracts:
    """Everything the packs may refer to that a later stage defines: the check kinds, and the
    names an expression may use besides table cells (`facts.year`, `claim.figure`)."""

    __slots__ = ("kinds", "names")

    def __init__(self, kinds: dict[str, KindContract], names: dict[str, frozenset[str]] | None = None):
        self.kinds = kinds
        self.names = {} if names is None else names


# ---------------------------------------------------------------------------------------------
# The schema of a pack file

_ID = r"[A-Z]{2,4}\d{3}"
_NAME = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def with_numbers(pattern: str) -> str:
    """Each `{n}` of a narrative pattern as a named number group (n, n2, n3… for alternatives)."""
    parts = pattern.split("{n}")
    out = [parts[0]]
    for k, part in enumerate(parts[1:], 1):
        out.append(rf"\s*(?P<n{k if k > 1 else ''}>{NUMBER})\s*" + part)
    return "".join(out)


def _pattern_has_number(figure: bool):
    def check(value, where, ck):
        text = Str().check(value, where, ck)
        if figure and "{n}" not in text:
            raise ck.fail(where, "a figure's pattern has a {n} where the number stands")
        if not figure and "{n}" in text:
            raise ck.fail(where, "a claim of none has no number: no {n}")
        return Regex(with_numbers).check(text, where, ck)
    return Custom(check, "a pattern")


def _claim(figure: bool) -> Record:
    return Record({
        "label": required(Str()), "pattern": required(_pattern_has_number(figure)),
        "what": Regex(), "part": Bool(), "context": Regex(),
    }, missing="a claim needs `label` and `pattern`")


NARRATIVE = Record({
    "other_body": ListOf(Regex()), "other_time": ListOf(Regex()), "qualifiers": ListOf(Regex()),
    "units": ListOf(Str()), "governments": ListOf(Str()),
    "breakdowns": Record({"parts": required(Regex()), "complete": Regex()}, what="`breakdowns`"),
    "shares": Record({"after": required(Regex()), "inside": required(Regex())}, what="`shares`"),
    "claims": MapOf(_claim(True), what="a mapping of a name to its phrase"),
    "none": MapOf(_claim(False), what="a mapping of a name to its phrase"),
})


def _years(value, where, ck):
    if not isinstance(value, dict) or set(value) - {"from", "to"} or not all(isinstance(y, int) for y in value.values()):
        raise ck.fail(where, f"era {where[-2]!r}: `years` is {{from: YEAR, to: YEAR}}, either end may be open")
    return value


ERA = Record({
    "years": required(Custom(_years)), "alias": required(Str(coerce=True)), "name": required(Str()),
    "name_en": Str(), "by_fingerprint": Bool(),
}, missing="{what} needs `years`, `alias` and `name`")


def _eras(value, where, ck):
    if not isinstance(value, dict):
        raise ck.fail(where, "`eras` maps an era id to its years, alias and name")
    eras = {}
    for era_id, spec in value.items():
        record = Record(ERA.fields, what=f"era {era_id!r}", missing=ERA.missing)
        checked = record.check(spec, (*where, era_id), ck)
        years = checked["years"]
        eras[str(era_id)] = Era(str(era_id), years.get("from"), years.get("to"), checked["alias"], checked["name"],
                                checked.get("by_fingerprint", False), checked.get("name_en", ""))
    return eras


def _groups(value, where, ck):
    if isinstance(value, str):
        return [value]
    return ListOf(Str()).check(value, where, ck)


ROW = Record({
    "label": Str(coerce=True), "display": Str(), "variants": ListOf(Str(coerce=True)),
    "group": Custom(_groups), "heading": Bool(),
})


def _rows(where_label: str):
    def check(value, where, ck):
        if not isinstance(value, dict) or not value:
            raise ck.fail(where, f"{where_label(where)}: rows must be a mapping of row ids")
        out = {}
        for row_id, row in value.items():
            label = f"{where_label(where)}: row {row_id!r}"
            if not isinstance(row, dict) or "label" not in row:
                raise ck.fail((*where, row_id), f"{label} needs a `label`")
            out[row_id] = Record(ROW.fields, what=label).check(row, (*where, row_id), ck)
        return out
    return Custom(check, "rows")


def _table_name(where: Where) -> str:
    return f"table {where[1]!r}"


def _table(value, where, ck):
    if value is None:
        return None  # drop an inherited table the format no longer has
    name = _table_name(where)
    if not isinstance(value, dict):
        raise ck.fail(where, f"{name} must be a mapping")
    if "replace_rows" in value:
        if set(value) - {"replace_rows"}:
            raise ck.fail(where, f"{name}: `replace_rows` overrides an inherited table and stands alone")
        replace = MapOf(_rows(lambda w: f"{name} replace_rows {w[-1]!r}"), what="a mapping of a row id to its new rows")
        return {"replace_rows": replace.check(value["replace_rows"], (*where, "replace_rows"), ck)}
    spec = Record({
        "title": Str(), "title_en": Str(), "within": Ref("section"), "layout": Str(choices=("labelled", "values")),
        "columns": Field(MapOf(OneOf((type(None), Custom(lambda v, w, c: None)), (dict, Record({"label": Str(), "group": Custom(_groups)}, what=f"{name}: column")), describe="a column")), True),
        "rows": Field(_rows(lambda w: name), True), "skip": ListOf(Str()),
        "replace_rows": Custom(lambda v, w, c: v),
    }, what=name, missing=f"{name}: needs `columns:` and `rows:` (mappings of ids)")
    checked = spec.check(value, where, ck)
    if not checked["columns"]:
        raise ck.fail((*where, "columns"), f"{name}: needs `columns:` (a mapping of ids)")
    return checked


def _deadline(value, where, ck):
    return Str(pattern=r"\d{2}-\d{2}", explain='deadline must be MM-DD, e.g. "03-31"', coerce=True).check(value, where, ck)


def _texts(value, where, ck):
    checked = MapOf(Record({lang: required(Str()) for lang in LANGUAGES}, missing="a text has `zh` and `en`"),
                    key=Str(pattern=_IDENT, explain="text id {value!r}: letters, digits and _"), what="a mapping of text ids").check(value, where, ck)
    return {text_id: Words(spec["zh"], spec["en"]) for text_id, spec in checked.items()}


PACK = Record({
    "pack": Str(pattern=_IDENT, explain="pack name {value!r}: letters, digits and _"),
    "title": Str(),
    "applies": Record({"era": ListOf(Ref("era"), single=True)}),
    "extends": ListOf(Ref("pack")),
    "eras": Custom(_eras),
    "sections": ListOf(Record({"id": required(Str(pattern=_IDENT)), "title": required(Str()), "match": required(ListOf(Str())),
                               "weak_match": ListOf(Str())}, what="`sections` entry")),
    "content_items": ListOf(Record({"id": required(Str(pattern=_IDENT)), "title": required(Str()), "match": required(ListOf(Str())),
                                    "parts_beyond": ListOf(Str())}, what="`content_items` entry")),
    "deadlines": ListOf(Record({"deadline": required(Custom(_deadline)), "body": Regex()}, what="`deadlines` entry")),
    # phrases only the tables of an era have (a phrase found in prose counts only with `anywhere`)
    "fingerprint": ListOf(OneOf((str, Str()), (dict, Record({"phrase": required(Str()), "anywhere": Bool()})),
                                describe="a phrase or {phrase, anywhere}")),
    "old_structure": Record({"headings": required(ListOf(Str(), nonempty=True)), "min": Int(minimum=1),
                             "missing": Int(minimum=1)}, what="`old_structure`"),
    "tables": MapOf(Custom(_table)),
    "narrative": NARRATIVE,
    "texts": Custom(_texts),
    "checks": Custom(lambda v, w, c: v),  # checked one by one below, against their kinds
})
DATA_KEYS = ("sections", "content_items", "deadlines", "fingerprint", "old_structure", "tables", "narrative", "eras")


def _severity(value, where, ck):
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise ck.fail(where, str(exc)) from None


CHECK = Record({
    "id": required(Str(pattern=_ID, explain="check id {value!r} must look like XG101")),
    "name": required(Str(pattern=_NAME, explain="name {value!r} must be kebab-case")),
    "kind": required(Str()), "severity": required(Custom(_severity)),
    "message": required(Str()), "message_en": required(Str()), "basis": required(Str()), "docs": required(Str()),
    "examples": required(Custom(lambda v, w, c: v)), "params": Custom(lambda v, w, c: v),
    # rules whose finding at the same place this rule's finding makes redundant (one defect, one finding)
    "supersedes": ListOf(Ref("rule")),
})


def _example(entry, where, ck, folder: Path) -> Example:
    """An example: its text written out, or `{report: NAME, replace: {OLD: NEW, ...}}` (a named
    report of `examples/` beside the pack, each OLD occurring in it exactly once)."""
    if not isinstance(entry, dict) or len({"fail", "pass"} & entry.keys()) != 1:
        raise ck.fail(where, "an example has exactly one of `fail:` or `pass:`")
    unknown = set(entry) - {"fail", "pass", "expect", "era", "previous"}
    if unknown:
        raise ck.fail(where, f"unknown example key {sorted(unknown)[0]!r}")
    kind = "fail" if "fail" in entry else "pass"
    expect = entry.get("expect", [])
    if kind == "fail" and not expect:
        raise ck.fail(where, "a failing example needs `expect: [[line, column, message], ...]`")
    if not isinstance(expect, list) or not all(
        isinstance(p, list) and len(p) == 3 and all(isinstance(v, int) for v in p[:2]) and isinstance(p[2], str) for p in expect
    ):
        raise ck.fail((*where, "expect"), "`expect` is a list of [line, column, message] (the message as the user reads it)")
    era = entry.get("era")
    if era is not None:
        Ref("era").check(era, (*where, "era"), ck)
    previous = None
    if "previous" in entry:  # a check across years: the same body's report of an earlier year
        previous, _report, _replace = _example_text(entry["previous"], (*where, "previous"), ck, folder)
    text, report, replace = _example_text(entry[kind], (*where, kind), ck, folder)
    return Example(kind=kind, text=text, era=era, expect=tuple(tuple(p) for p in expect), report=report, replace=replace,
                   previous=previous)


def _example_text(body, where, ck, folder: Path) -> tuple[str, str | None, tuple]:
    """The text of an example: written out, or a named report with replacements."""
    report, replace = None, ()
    if isinstance(body, dict):
        spec = Record({"report": required(Str(pattern=r"[a-z0-9][a-z0-9-]*", explain="example report {value!r}: lower-case letters, digits and -")), "replace": MapOf(Str(coerce=True))}, what="an example report").check(body, where, ck)
        report, replace = spec["report"], tuple(spec.get("replace", {}).items())
        path = folder / "examples" / f"{report}.md"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            raise ck.fail((*where, "report"), f"no example report {report!r} (looked for {path})") from None
        for old, new in replace:
            count = text.count(old)
            if count != 1:
                raise ck.fail((*where, "replace", old), f"{old!r} occurs {count} times in example report {report!r}, not once")
            text = text.replace(old, new)
    else:
        text = Str().check(body, where, ck)
    return text, report, replace


def _check(entry: Any, where: Where, ck: Checker, pack: str, eras: tuple[str, ...], contracts: Contracts, folder: Path) -> Rule:
    if not isinstance(entry, dict):
        raise ck.fail(where, "each entry of `checks:` must be a mapping")
    ck.prefix = f"check {entry.get('id', '?')}: "
    try:
        c = CHECK.check(entry, where, ck)
        contract = contracts.kinds.get(c["kind"])
        if contract is None:
            raise ck.fail((*where, "kind"), f"unknown kind {c['kind']!r} (expected one of {', '.join(sorted(contracts.kinds))})")
        params = Record(contract.params, what=f"kind {contract.name}").check(entry.get("params") or {}, (*where, "params"), ck)
        for key, f in contract.params.items():
            if f.required and key not in params:
                raise ck.fail((*where, "params"), f"kind {contract.name} needs the parameter `{key}`")
        if contract.check_params is not None:
            contract.check_params(params, (*where, "params"), ck)
        for key in ("message", "message_en"):
            for name in placeholders(c[key]):
                if name not in contract.fields:
                    fields = ", ".join(sorted(contract.fields)) or "none"
                    raise ck.fail((*where, key), f"`{key}` has the placeholder {{{name}}}, which kind {contract.name} does not fill (it fills: {fields})")
        examples = tuple(_example(e, (*where, "examples", i), ck, folder) for i, e in enumerate(ListOf(Custom(lambda v, w, k: v)).check(c["examples"], (*where, "examples"), ck)))
        if not any(e.kind == "fail" for e in examples) or not any(e.kind == "pass" for e in examples):
            raise ck.fail((*where, "examples"), "needs a failing and a passing example")
        return Rule(
            id=c["id"], name=c["name"], severity=c["severity"], kind=c["kind"], message=c["message"],
            message_en=c["message_en"], basis=c["basis"], docs=c["docs"].strip(), pack=pack, eras=eras,
            examples=examples, params=params, supersedes=tuple(c.get("supersedes", ())),
        )
    finally:
        ck.prefix = ""


# ---------------------------------------------------------------------------------------------
# Loading


class _Loaded:
    """A pack and what its checker recorded, until references are resolved."""

    __slots__ = ("pack", "checker", "text_lines")

    def __init__(self, pack: Pack, checker: Checker, text_lines: dict[str, int | None] | None = None):
        self.pack = pack
        self.checker = checker
        self.text_lines = {} if text_lines is None else text_lines


def load_pack(path: Path, contracts: Contracts) -> Pack:
    """One pack, checked on its own (references across packs are resolved by `load_packs`)."""
    return _load_one(Path(path), contracts).pack


def _load_one(path: Path, contracts: Contracts) -> _Loaded:
    name = str(path)
    doc = load_yaml(read_file(path, "pack"), name)
    ck = Checker(name, YamlLocator(doc), paths=True)
    if not isinstance(doc, dict):
        raise PackError(name, 1, "a pack is a mapping with at least `pack:` and `checks:`")
    if "pack" not in doc:
        PACK.check({k: v for k, v in doc.items()}, (), ck)  # unknown keys first
        raise PackError(name, 1, "missing `pack:` (the pack's name)")
    checked = PACK.check(doc, (), ck)
    eras = tuple(checked.get("applies", {}).get("era", []))
    pack = Pack(
        name=checked["pack"], path=name, title=checked.get("title", ""), eras=eras,
        extends=tuple(checked.get("extends", [])),
        data={k: checked[k] for k in DATA_KEYS if k in checked}, texts=checked.get("texts", {}),
        lines={key: line_of(doc, key) for key in doc},
    )
    checks = doc.get("checks", [])
    if not isinstance(checks, list):
        raise ck.fail(("checks",), "`checks` must be a list of checks")
    for i, entry in enumerate(checks):
        rule = _check(entry, ("checks", i), ck, pack.name, eras, contracts, path.parent)
        pack.rules.append(rule)
        pack.lines[rule.id] = ck.line(("checks", i, "id"))
    loaded = _Loaded(pack, ck, {t: ck.line(("texts", t)) for t in pack.texts})
    for rule_index, rule in enumerate(pack.rules):
        ck.prefix = f"check {rule.id}: "
        for text_id in contracts.kinds[rule.kind].texts:
            ck.refer("text", text_id, ("checks", rule_index, "kind"), kind=rule.kind)
    ck.prefix = ""
    return loaded


def load_packs(extra: Iterable[Path | str] = (), *, contracts: Contracts, cache: bool = False) -> PackSet:
    """The built-in packs (rules/*.yaml) and `extra` ones, checked together. `cache`: kept in
    the user cache between runs (linter/cache.py; only for the engine's own contracts)."""
    paths = sorted(packs_dir().glob("*.yaml")) + [Path(p) for p in extra]
    return (_cached_packs if cache else _load_packs)(tuple(paths), contracts)


@lru_cache(maxsize=8)
def _cached_packs(paths: tuple[Path, ...], contracts: Contracts) -> PackSet:
    """The packs from the user cache when their files (and the example reports beside them)
    are unchanged, else loaded, checked and stored there. A pack with an error is never stored."""
    from linter import cache

    key = "\n".join(str(p.resolve()) for p in paths)
    packs = cache.load("packs", key)
    if isinstance(packs, PackSet):
        return packs
    packs = _load_packs(paths, contracts)
    folders = sorted({p.resolve().parent for p in paths})
    sources = [*paths, *(e for folder in folders for e in sorted((folder / "examples").glob("*.md")))]
    cache.store("packs", key, packs, sources)
    return packs


@lru_cache(maxsize=8)
def _load_packs(paths: tuple[Path, ...], contracts: Contracts) -> PackSet:
    loaded: dict[str, _Loaded] = {}
    rules: dict[str, Rule] = {}
    for path in paths:
        one = _load_one(path, contracts)
        pack = one.pack
        if pack.name in loaded:
            raise PackError(pack.path, 1, f"pack name {pack.name!r} is already used by {loaded[pack.name].pack.path}")
        loaded[pack.name] = one
        for rule in pack.rules:
            if rule.id in rules:
                raise PackError(pack.path, pack.lines.get(rule.id), f"rule id {rule.id} is already defined in pack {rules[rule.id].pack}")
            rules[rule.id] = rule
    _Resolver(loaded, contracts).resolve()
    packs = {name: one.pack for name, one in loaded.items()}
    eras: dict[str, Era] = {}
    for pack in packs.values():
        eras.update(pack.data.get("eras", {}))
    texts: dict[str, Words] = {}
    for pack in packs.values():
        texts.update(pack.texts)
    return PackSet(packs=packs, rules=dict(sorted(rules.items())), eras=eras, texts=texts)


class _Resolver:
    """Every reference of every pack, resolved against everything every pack defines."""

    def __init__(self, loaded: dict[str, _Loaded], contracts: Contracts):
        self.loaded = loaded
        self.contracts = contracts
        self.eras: dict[str, tuple[str, int | None]] = {}
        self.texts: dict[str, tuple[Words, str, int | None]] = {}
        self.sections: set[str] = set()
        self.claims: set[str] = set()
        self.nones: set[str] = set()
        self.tables: dict[str, dict[str, set[str]]] = {}
        for one in loaded.values():
            pack = one.pack
            for era_id in pack.data.get("eras", {}):
                if era_id in self.eras:
                    raise one.checker.fail(("eras", era_id), f"era {era_id!r} is already declared")
                self.eras[era_id] = (pack.path, None)
            for text_id, words in pack.texts.items():
                if text_id in self.texts:
                    raise one.checker.fail(("texts", text_id), f"text {text_id!r} is already defined in {self.texts[text_id][1]}")
                self.texts[text_id] = (words, pack.path, one.text_lines.get(text_id))
            self.sections.update(s["id"] for s in pack.data.get("sections", []))
            narrative = pack.data.get("narrative", {})
            self.claims.update(narrative.get("claims", {}))
            self.nones.update(narrative.get("none", {}))
            for table_id, spec in pack.data.get("tables", {}).items():
                if spec is not None:
                    self._table_ids(table_id, spec)

    def _table_ids(self, table_id: str, spec: dict) -> None:
        entry = self.tables.setdefault(table_id, {"rows": set(), "columns": set(), "row_groups": set(), "column_groups": set()})
        for rows in [spec.get("rows", {}), *spec.get("replace_rows", {}).values()]:
            for row_id, row in rows.items():
                entry["rows"].add(row_id)
                entry["row_groups"].update(row.get("group") or [])
        for column_id, column in spec.get("columns", {}).items():
            entry["columns"].add(column_id)
            entry["column_groups"].update((column or {}).get("group") or [])

    def resolve(self) -> None:
        for one in self.loaded.values():
            for ref in one.checker.references:
                problem = self._problem(ref)
                if problem:
                    raise one.checker.fail_reference(ref, problem)
        self._no_cycle()

    def _no_cycle(self) -> None:
        """No pack extends itself, directly or through others: blamed on the pack's `extends:`
        when the packs are loaded (not on the first report that resolves its era)."""
        done: set[str] = set()

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in done:
                return
            if name in path:
                pack = self.loaded[name].pack
                chain = " → ".join((*path[path.index(name):], name))
                raise PackError(pack.path, pack.lines.get("extends"), f"pack {name!r} extends itself ({chain})")
            for parent in self.loaded[name].pack.extends:
                visit(parent, (*path, name))
            done.add(name)

        for name in self.loaded:
            visit(name, ())

    def _problem(self, ref) -> str | None:
        kind, value = ref.kind, ref.value
        if kind == "pack":
            return None if value in self.loaded else f"extends unknown pack {value!r}"
        if kind == "era":
            expected = ", ".join(self.eras) or "none: no pack has an `eras:` table"
            return None if value in self.eras else f"unknown era {value!r} (expected one of {expected})"
        if kind == "section":
            return None if value in self.sections else f"unknown section {value!r}"
        if kind == "rule":
            known = {r.id for one in self.loaded.values() for r in one.pack.rules}
            return None if value in known else f"unknown rule {value!r}"
        if kind == "table":
            return None if value in self.tables else f"unknown table {value!r}"
        if kind == "claim":
            return None if value in self.claims else f"unknown claim {value!r} (the `narrative: claims:` names: {', '.join(sorted(self.claims))})"
        if kind == "none-claim":
            return None if value in self.nones else f"unknown claim of none {value!r} (the `narrative: none:` names: {', '.join(sorted(self.nones))})"
        if kind == "text":
            return self._text_problem(value, ref.context.get("kind"))
        if kind == "expr":
            return self._expr_problem(value, ref.context.get("allow", frozenset()))
        raise AssertionError(f"unknown reference kind {kind}")  # pragma: no cover

    def _text_problem(self, text_id: str, kind: str | None) -> str | None:
        if text_id not in self.texts:
            return f"kind {kind} uses the text {text_id!r}, which no pack defines (in `texts:`, with `zh` and `en`)"
        words, path, line = self.texts[text_id]
        allowed = self.contracts.kinds[kind].texts.get(text_id, frozenset()) if kind else frozenset()
        for lang in LANGUAGES:
            for name in placeholders(words.get(lang)):
                if name not in allowed:
                    raise PackError(path, line, f"text {text_id!r} ({lang}) has the placeholder {{{name}}}, which kind {kind} does not fill (it fills: {', '.join(sorted(allowed)) or 'none'})")
        return None

    def _expr_problem(self, node: Any, allow: frozenset[str]) -> str | None:
        for ref in references(node):
            names = self.contracts.names.get(ref.table)
            if names is not None:
                if ref.table not in allow and ref.table != "facts":
                    return f"`{ref.table}.…` can only be used with each: claims"
                if isinstance(ref, GroupSum) or ref.row not in names or ref.column is not None:
                    return f"{ref.table!r} has no {ref.row!r} (it has: {', '.join(sorted(names))})"
                continue
            known = self.tables.get(ref.table)
            if known is None:
                return f"unknown table {ref.table!r}"
            if isinstance(ref, CellRef):
                if ref.row and ref.row not in known["rows"]:
                    return f"table {ref.table!r} has no row {ref.row!r}"
                if ref.column and ref.column not in known["columns"]:
                    return f"table {ref.table!r} has no column {ref.column!r}"
            else:
                groups = known["row_groups"] if ref.axis == "rows" else known["column_groups"]
                at = known["columns"] if ref.axis == "rows" else known["rows"]
                if ref.group not in groups:
                    return f"table {ref.table!r} has no {ref.axis[:-1]} group {ref.group!r}"
                if ref.at and ref.at not in at:
                    return f"table {ref.table!r} has no {'column' if ref.axis == 'rows' else 'row'} {ref.at!r}"
        return None


# ---------------------------------------------------------------------------------------------
# The packs of a run


def merge_tables(base: dict, override: dict) -> dict:
    """A later pack's tables: a full definition replaces the inherited one; `replace_rows`
    swaps the named rows of the inherited template for the given ones, in place; `~` drops it."""
    merged = dict(base)
    for table_id, spec in override.items():
        if spec is None:
            merged.pop(table_id, None)
        elif "replace_rows" in spec:
            if table_id not in merged:
                continue
            parent = dict(merged[table_id])
            rows: dict = {}
            for row_id, row in parent["rows"].items():
                rows.update(spec["replace_rows"].get(row_id, {row_id: row}))
            parent["rows"] = rows
            merged[table_id] = parent
        else:
            merged[table_id] = spec
    return merged


class PackSet:
    """Every pack of a run, checked and linked: the rules by id, the eras (oldest first), the
    texts; and each era's packs merged, on demand (`resolve`)."""

    __slots__ = ("packs", "rules", "eras", "texts", "_resolved", "_fingerprints")

    def __init__(self, packs: dict[str, Pack], rules: dict[str, Rule], eras: dict[str, Era] | None = None,
                 texts: dict[str, Words] | None = None):
        self.packs = packs
        self.rules = rules
        self.eras = {} if eras is None else eras  # oldest first
        self.texts = {} if texts is None else texts
        self._resolved: dict[str, Resolved] = {}
        self._fingerprints: dict[str, tuple[tuple[str, bool], ...]] | None = None

    def era_id(self, text: str) -> str | None:
        """The era an id or its alias names (`fmt2019`, `2019`), or None."""
        if text in self.eras:
            return text
        return next((e.id for e in self.eras.values() if e.alias == text), None)

    def resolve(self, era: str) -> Resolved:
        """The packs that name `era`, with everything they extend, ancestors first, merged
        (computed once per era)."""
        if era in self._resolved:
            return self._resolved[era]
        order: list[Pack] = []

        def visit(pack: Pack, seen: tuple[str, ...] = ()) -> None:
            if pack in order:
                return
            if pack.name in seen:
                raise PackError(pack.path, pack.lines.get("extends"), f"pack {pack.name!r} extends itself (through {' → '.join(seen)})")
            for parent in pack.extends:
                visit(self.packs[parent], (*seen, pack.name))
            order.append(pack)

        for pack in self.packs.values():
            if era in pack.eras:
                visit(pack)
        data: dict[str, Any] = {}
        rules: dict[str, Rule] = {}
        for pack in order:
            tables = merge_tables(data.get("tables", {}), pack.data.get("tables", {}))
            data.update(pack.data)
            data["tables"] = tables
            for rule in pack.rules:
                rules[rule.id] = rule
        data["eras"] = self.eras
        resolved = self._resolved[era] = Resolved(era, data, list(rules.values()), self.texts, self.eras)
        return resolved

    def fingerprints(self) -> dict[str, tuple[tuple[str, bool], ...]]:
        """The squeezed fingerprint phrases of each era with whether they count anywhere (else
        only in a table), newest era first (computed once)."""
        if self._fingerprints is not None:
            return self._fingerprints
        from linter.chinese import squeeze

        found: dict[str, tuple[tuple[str, bool], ...]] = {}
        for pack in self.packs.values():
            phrases = tuple(
                (squeeze(p), False) if isinstance(p, str) else (squeeze(p["phrase"]), bool(p.get("anywhere")))
                for p in pack.data.get("fingerprint", [])
            )
            for era in pack.eras:
                if phrases:
                    found[era] = found.get(era, ()) + phrases
        self._fingerprints = {era: found[era] for era in reversed(self.eras) if era in found}
        return self._fingerprints


# Schema nodes for the parameters of check kinds (used by linter/checks/*).


class Condition(Node):
    """An `assert:` expression (a condition), parsed now; its cells are checked once every pack
    is loaded. `allow` names the namespaces it may use besides tables and facts (`claim`)."""

    describe = "an expression"

    def __init__(self, allow: Iterable[str] = (), quantity: bool = False):
        self.allow = frozenset(allow)
        self.quantity = quantity

    def check(self, value, where, ck):
        if not isinstance(value, str):
            raise ck.fail(where, f"`{where[-1] if where else 'value'}` must be an expression (a string)")
        try:
            node = parse_arith(value) if self.quantity else parse(value)
        except ExprError as exc:
            raise ck.fail(where, f"{value!r}: {exc}") from None
        ck.refer("expr", node, where, allow=self.allow)
        return node


def Quantity(allow: Iterable[str] = ()) -> Condition:  # noqa: N802 — a schema node, like the classes
    """A quantity (arithmetic over cells, facts or claims): `application.new.total + …`."""
    return Condition(allow, quantity=True)


def Conditions(allow: Iterable[str] = ()) -> Node:  # noqa: N802
    """One expression or a list of them (`assert:`), kept with their text: [(text, parsed)]."""
    one = Condition(allow)

    def check(value, where, ck):
        texts = [value] if isinstance(value, str) else value
        if not isinstance(texts, list) or not texts:
            raise ck.fail(where, "`assert` is an expression or a list of expressions")
        return tuple((text, one.check(text, (*where, i) if isinstance(value, list) else where, ck)) for i, text in enumerate(texts))

    return Custom(check, "an expression or a list of expressions")


__all__ = [
    "Bool", "Condition", "Conditions", "Contracts", "Custom", "Field", "Int", "KindContract", "ListOf", "MapOf",
    "PackSet", "Quantity", "Record", "Ref", "Regex", "Str", "load_pack", "load_packs", "required",
]
