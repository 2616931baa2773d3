"""Rule packs: the knowledge of the regulations, as YAML (rules/*.yaml).

A pack says which eras it applies to, what it extends, the data of its format (required
sections, content items, deadlines, fingerprint phrases, table templates) and its checks. The
engine runs checks by `kind`; a pack adds a check for a new format without touching Python.

    pack: fmt2021
    applies: {era: [fmt2021]}
    extends: [fmt2019]
    checks:
      - id: XG101
        name: missing-section
        kind: section-missing
        severity: error
        message: "缺少第{number}部分“{title}”"
        message_en: "missing section {number} “{title}”"
        basis: 《政府信息公开条例》第五十条
        docs: ...
        examples: [{fail: "...", expect: [[3, 1]]}, {pass: "..."}]

Loading validates everything and reports a malformed pack as `PackError(file, line, reason)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from linter.errors import PackError
from linter.findings import Severity
from linter.packs.model import Era, Example, Rule, era_for
from linter.resources import packs_dir

_ID = re.compile(r"^[A-Z]{2,4}\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

PACK_KEYS = {
    "pack": str, "title": str, "applies": dict, "extends": list, "checks": list,
    "sections": list, "content_items": list, "deadlines": list, "fingerprint": list, "tables": dict,
    "narrative": dict, "eras": dict,
}
# The pack-level keys that are data for the check kinds (`PackSet.resolve` merges them).
DATA_KEYS = ("sections", "content_items", "deadlines", "fingerprint", "tables", "narrative", "eras")
CHECK_KEYS = {
    "id": str, "name": str, "kind": str, "severity": str, "message": str, "message_en": str,
    "basis": str, "docs": str, "examples": list, "params": dict,
}
REQUIRED_CHECK_KEYS = ("id", "name", "kind", "severity", "message", "message_en", "basis", "docs", "examples")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available: faster start-up
    """A YAML loader whose mappings remember the line of each key (for error messages)."""


class LineDict(dict):
    __slots__ = ("line", "key_lines")


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line(mapping: Any, key: str | None = None) -> int | None:
    if isinstance(mapping, LineDict):
        if key is not None and key in mapping.key_lines:
            return mapping.key_lines[key]
        return mapping.line
    return None


@dataclass(slots=True)
class Pack:
    name: str
    path: str
    title: str
    eras: tuple[str, ...]
    extends: tuple[str, ...]
    data: dict[str, Any]  # DATA_KEYS; `eras` parsed into Era objects
    checks: list[dict]  # validated check entries (LineDict)
    rules: list[Rule] = field(default_factory=list)
    applies_line: int | None = None


def _check_types(mapping: dict, schema: dict[str, type], path: str, context: str) -> None:
    """Every key known to the schema and of its type, else a PackError at the key's line."""
    for key, value in mapping.items():
        expected = schema.get(key)
        if expected is None:
            raise PackError(path, _line(mapping, key), f"{context}unknown key {key!r} (expected one of {', '.join(schema)})")
        if not isinstance(value, expected):
            raise PackError(path, _line(mapping, key), f"{context}`{key}` must be a {expected.__name__}")


def load_pack(path: Path, known_kinds: dict[str, frozenset[str]], known_eras: Iterable[str] | None = None) -> Pack:
    """One pack, validated. The eras it names are checked against `known_eras` when given;
    `load_packs` checks them once every pack (and so the `eras:` table) is loaded."""
    text = path.read_text(encoding="utf-8")
    name = str(path)
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 — _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PackError(name, mark.line + 1 if mark else None, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(doc, dict):
        raise PackError(name, 1, "a pack is a mapping with at least `pack:` and `checks:`")
    _check_types(doc, PACK_KEYS, name, "")
    if "pack" not in doc:
        raise PackError(name, 1, "missing `pack:` (the pack's name)")
    applies = doc.get("applies", {})
    eras = applies.get("era", []) if isinstance(applies, dict) else []
    eras = [eras] if isinstance(eras, str) else eras
    checks = doc.get("checks", [])
    pack = Pack(
        name=doc["pack"], path=name, title=doc.get("title", ""), eras=tuple(eras),
        extends=tuple(doc.get("extends", [])), checks=checks,
        data={k: v for k, v in doc.items() if k in DATA_KEYS}, applies_line=_line(applies, "era"),
    )
    if "eras" in doc:
        pack.data["eras"] = _eras(pack, doc["eras"])
    for check in checks:
        pack.rules.append(_validate_check(check, pack, known_kinds))
    _validate_data(pack, doc)
    _validate_tables(pack, doc.get("tables", {}))
    _validate_narrative(pack, doc)
    if known_eras is not None:
        _check_eras_named(pack, list(known_eras))
    return pack


_ERA_KEYS = {"years", "alias", "name", "by_fingerprint"}


def _eras(pack: Pack, table: dict) -> dict[str, Era]:
    """The `eras:` table: id -> {years: {from, to}, alias, name, by_fingerprint}."""
    eras: dict[str, Era] = {}
    for era_id, spec in table.items():
        where = f"era {era_id!r}"
        if not isinstance(spec, dict) or not {"years", "alias", "name"} <= spec.keys():
            raise PackError(pack.path, _line(table, era_id), f"{where} needs `years`, `alias` and `name`")
        extra = set(spec) - _ERA_KEYS
        if extra:
            raise PackError(pack.path, _line(spec, sorted(extra)[0]), f"{where}: unknown key {sorted(extra)[0]!r}")
        years = spec["years"]
        if not isinstance(years, dict) or set(years) - {"from", "to"} or not all(isinstance(y, int) for y in years.values()):
            raise PackError(pack.path, _line(spec, "years"), f"{where}: `years` is {{from: YEAR, to: YEAR}}, either end may be open")
        eras[str(era_id)] = Era(
            str(era_id), years.get("from"), years.get("to"), str(spec["alias"]), str(spec["name"]),
            bool(spec.get("by_fingerprint", False)),
        )
    return eras


def _check_eras_named(pack: Pack, known: list[str]) -> None:
    """Every era a pack applies to, and every era an example forces, is one of the table."""
    expected = ", ".join(known) or "none: no pack has an `eras:` table"
    for era in pack.eras:
        if era not in known:
            raise PackError(pack.path, pack.applies_line, f"unknown era {era!r} (expected one of {expected})")
    for check in pack.checks:
        for entry in check.get("examples", []):
            era = entry.get("era") if isinstance(entry, dict) else None
            if era is not None and era not in known:
                raise PackError(pack.path, _line(entry, "era"), f"check {check['id']}: unknown era {era!r}")

def _validate_check(check: Any, pack: Pack, known_kinds: dict[str, frozenset[str]]) -> Rule:
    name = pack.path
    if not isinstance(check, dict):
        raise PackError(name, None, "each entry of `checks:` must be a mapping")
    line = _line(check)
    for key in REQUIRED_CHECK_KEYS:
        if key not in check:
            raise PackError(name, line, f"check {check.get('id', '?')}: missing `{key}`")
    _check_types(check, CHECK_KEYS, name, f"check {check['id']}: ")
    if not _ID.match(check["id"]):
        raise PackError(name, _line(check, "id"), f"check id {check['id']!r} must look like XG101")
    if not _NAME.match(check["name"]):
        raise PackError(name, _line(check, "name"), f"check {check['id']}: name {check['name']!r} must be kebab-case")
    if check["kind"] not in known_kinds:
        raise PackError(name, _line(check, "kind"), f"check {check['id']}: unknown kind {check['kind']!r} (expected one of {', '.join(sorted(known_kinds))})")
    for param in check.get("params", {}):
        if param not in known_kinds[check["kind"]]:
            raise PackError(name, _line(check["params"], param), f"check {check['id']}: kind {check['kind']} takes no parameter {param!r}")
    try:
        severity = Severity.parse(check["severity"])
    except ValueError as exc:
        raise PackError(name, _line(check, "severity"), f"check {check['id']}: {exc}") from None
    params = dict(check.get("params", {}))
    if "assert" in params:
        params["assert"] = _parse_asserts(params["assert"], check, name)
    examples = tuple(_example(e, check, name) for e in check["examples"])
    if not any(e.kind == "fail" for e in examples) or not any(e.kind == "pass" for e in examples):
        raise PackError(name, _line(check, "examples"), f"check {check['id']}: needs a failing and a passing example")
    return Rule(
        id=check["id"], name=check["name"], severity=severity, kind=check["kind"],
        message=check["message"], message_en=check["message_en"], basis=check["basis"],
        docs=check["docs"].strip(), pack=pack.name, eras=pack.eras, examples=examples,
        params=params,
    )


def _parse_asserts(value: Any, check: dict, name: str) -> tuple:
    """`assert:` is one expression or a list of them; parsed now so that a bad expression is a
    pack error (file, line, column) before any report is read."""
    from linter.packs.expr import ExprError, parse

    texts = [value] if isinstance(value, str) else value
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        raise PackError(name, _line(check["params"], "assert"), f"check {check['id']}: `assert` is an expression or a list of expressions")
    parsed = []
    for text in texts:
        try:
            parsed.append((text, parse(text)))
        except ExprError as exc:
            raise PackError(name, _line(check["params"], "assert"), f"check {check['id']}: assert {text!r}: {exc}") from None
    return tuple(parsed)


def _example(entry: Any, check: dict, name: str) -> Example:
    if not isinstance(entry, dict) or len({"fail", "pass"} & entry.keys()) != 1:
        raise PackError(name, _line(entry) or _line(check, "examples"), f"check {check['id']}: an example has exactly one of `fail:` or `pass:`")
    unknown = set(entry) - {"fail", "pass", "expect", "era"}
    if unknown:
        raise PackError(name, _line(entry), f"check {check['id']}: unknown example key {sorted(unknown)[0]!r}")
    kind = "fail" if "fail" in entry else "pass"
    expect = entry.get("expect", [])
    if kind == "fail" and not expect:
        raise PackError(name, _line(entry), f"check {check['id']}: a failing example needs `expect: [[line, column], ...]`")
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(v, int) for v in p) for p in expect):
        raise PackError(name, _line(entry, "expect"), f"check {check['id']}: `expect` is a list of [line, column] pairs")
    era = entry.get("era")
    return Example(kind=kind, text=entry[kind], era=era, expect=tuple(tuple(p) for p in expect))


_DATA_FIELDS = {
    "sections": ({"id", "title", "match"}, {"id", "title", "match", "weak_match"}),
    "content_items": ({"id", "title", "match"}, {"id", "title", "match"}),
    "deadlines": ({"deadline"}, {"deadline", "body"}),
}


def _validate_data(pack: Pack, doc: dict) -> None:
    for key, (required, allowed) in _DATA_FIELDS.items():
        for entry in doc.get(key, []):
            if not isinstance(entry, dict):
                raise PackError(pack.path, _line(doc, key), f"each entry of `{key}` must be a mapping")
            missing = required - entry.keys()
            if missing:
                raise PackError(pack.path, _line(entry), f"`{key}` entry needs `{sorted(missing)[0]}`")
            extra = entry.keys() - allowed
            if extra:
                raise PackError(pack.path, _line(entry, sorted(extra)[0]), f"`{key}` entry: unknown key {sorted(extra)[0]!r}")
            if key == "deadlines" and not re.fullmatch(r"\d{2}-\d{2}", str(entry["deadline"])):
                raise PackError(pack.path, _line(entry, "deadline"), "deadline must be MM-DD, e.g. \"03-31\"")
            if key == "deadlines" and "body" in entry:
                try:
                    re.compile(entry["body"])
                except re.error as exc:
                    raise PackError(pack.path, _line(entry, "body"), f"invalid regular expression: {exc}") from None


def _validate_narrative(pack: Pack, doc: dict) -> None:
    """`narrative:` (linter/narrative.py): the phrases of quantity sentences, each a regular
    expression; a problem is reported at the line of the innermost key it names."""
    if "narrative" not in doc:
        return
    from linter.analyse.narrative import problems

    for path, reason in problems(doc["narrative"]):
        node, line = doc, _line(doc, "narrative")
        for key in ("narrative", *path):
            if not isinstance(node, dict) or key not in node:
                break
            line = _line(node, key) or line
            node = node[key]
        raise PackError(pack.path, line, f"narrative{''.join(f'.{k}' for k in path)}: {reason}")


_TABLE_KEYS = {"title", "within", "layout", "columns", "rows", "skip", "replace_rows"}
_ROW_KEYS = {"label", "display", "variants", "group", "heading"}
_COLUMN_KEYS = {"label", "group"}
_LAYOUTS = ("labelled", "values")


def _validate_tables(pack: Pack, tables: dict) -> None:
    """Table templates (linter/tables.py): a table either defines `columns` and `rows`, or
    only `replace_rows` to change rows of the template it inherits, or is `~` to drop an
    inherited table the format no longer has."""
    for table_id, spec in tables.items():
        where = f"table {table_id!r}"
        if spec is None:
            continue
        if not isinstance(spec, dict):
            raise PackError(pack.path, _line(tables, table_id), f"{where} must be a mapping")
        extra = set(spec) - _TABLE_KEYS
        if extra:
            raise PackError(pack.path, _line(spec, sorted(extra)[0]), f"{where}: unknown key {sorted(extra)[0]!r} (expected one of {', '.join(sorted(_TABLE_KEYS))})")
        if spec.get("layout", "labelled") not in _LAYOUTS:
            raise PackError(pack.path, _line(spec, "layout"), f"{where}: layout must be one of {', '.join(_LAYOUTS)}")
        if "replace_rows" in spec:
            if set(spec) - {"replace_rows"}:
                raise PackError(pack.path, _line(spec), f"{where}: `replace_rows` overrides an inherited table and stands alone")
            if not isinstance(spec["replace_rows"], dict):
                raise PackError(pack.path, _line(spec, "replace_rows"), f"{where}: `replace_rows` maps a row id to its new rows")
            for old, new in spec["replace_rows"].items():
                _validate_rows(pack, new, f"{where} replace_rows {old!r}")
            continue
        for key in ("columns", "rows"):
            if not isinstance(spec.get(key), dict) or not spec[key]:
                raise PackError(pack.path, _line(spec, key) if key in spec else _line(spec), f"{where}: needs `{key}:` (a mapping of ids)")
        for col_id, col in spec["columns"].items():
            if col is not None and (not isinstance(col, dict) or set(col) - _COLUMN_KEYS):
                raise PackError(pack.path, _line(spec["columns"], col_id), f"{where}: column {col_id!r} takes only {', '.join(sorted(_COLUMN_KEYS))}")
        _validate_rows(pack, spec["rows"], where)


def _validate_rows(pack: Pack, rows: Any, where: str) -> None:
    if not isinstance(rows, dict) or not rows:
        raise PackError(pack.path, _line(rows), f"{where}: rows must be a mapping of row ids")
    for row_id, row in rows.items():
        if not isinstance(row, dict) or "label" not in row:
            raise PackError(pack.path, _line(rows, row_id), f"{where}: row {row_id!r} needs a `label`")
        extra = set(row) - _ROW_KEYS
        if extra:
            raise PackError(pack.path, _line(row, sorted(extra)[0]), f"{where}: row {row_id!r}: unknown key {sorted(extra)[0]!r}")
        if not isinstance(row.get("variants", []), list):
            raise PackError(pack.path, _line(row, "variants"), f"{where}: row {row_id!r}: `variants` is a list")


def merge_tables(base: dict, override: dict) -> dict:
    """A later pack's tables: a full definition replaces the inherited one; `replace_rows`
    swaps the named rows of the inherited template for the given ones, in place."""
    merged = dict(base)
    for table_id, spec in override.items():
        if spec is None:
            merged.pop(table_id, None)
        elif "replace_rows" in spec and table_id in merged:
            parent = dict(merged[table_id])
            rows: dict = {}
            for row_id, row in parent["rows"].items():
                if row_id in spec["replace_rows"]:
                    rows.update(spec["replace_rows"][row_id])
                else:
                    rows[row_id] = row
            parent["rows"] = rows
            merged[table_id] = parent
        elif "replace_rows" not in spec:
            merged[table_id] = spec
    return merged


def _check_references(packs: dict[str, "Pack"]) -> None:
    """Every table, row, column and group an assert names must exist in some pack's template,
    so that a typo is a pack error at load time, not a silent Unbound on every report."""
    from linter.packs.expr import GroupSum, Ref, references

    ids: dict[str, dict[str, set[str]]] = {}
    for pack in packs.values():
        for tid, spec in pack.data.get("tables", {}).items():
            if spec is None:
                continue
            entry = ids.setdefault(tid, {"rows": set(), "columns": set(), "row_groups": set(), "column_groups": set()})
            row_sets = [spec.get("rows", {})] + list(spec.get("replace_rows", {}).values())
            for rows in row_sets:
                for rid, row in rows.items():
                    entry["rows"].add(rid)
                    groups = row.get("group") or []
                    entry["row_groups"].update([groups] if isinstance(groups, str) else groups)
            for cid, col in spec.get("columns", {}).items():
                entry["columns"].add(cid)
                groups = (col or {}).get("group") or []
                entry["column_groups"].update([groups] if isinstance(groups, str) else groups)
    for pack in packs.values():
        for check in pack.checks:
            params = check.get("params", {})
            rule = next(r for r in pack.rules if r.id == check["id"])
            table = params.get("table")
            if table is not None and table not in ids:
                raise PackError(pack.path, _line(params, "table"), f"check {check['id']}: unknown table {table!r}")
            for _, expr in rule.params.get("assert", ()):
                for ref in references(expr):
                    problem = None
                    known = ids.get(ref.table)
                    if known is None:
                        problem = f"unknown table {ref.table!r}"
                    elif isinstance(ref, Ref):
                        if ref.row and ref.row not in known["rows"]:
                            problem = f"table {ref.table!r} has no row {ref.row!r}"
                        elif ref.column and ref.column not in known["columns"]:
                            problem = f"table {ref.table!r} has no column {ref.column!r}"
                    elif isinstance(ref, GroupSum):
                        groups = known["row_groups"] if ref.axis == "rows" else known["column_groups"]
                        at = known["columns"] if ref.axis == "rows" else known["rows"]
                        if ref.group not in groups:
                            problem = f"table {ref.table!r} has no {ref.axis[:-1]} group {ref.group!r}"
                        elif ref.at and ref.at not in at:
                            problem = f"table {ref.table!r} has no {'column' if ref.axis == 'rows' else 'row'} {ref.at!r}"
                    if problem:
                        raise PackError(pack.path, _line(params, "assert"), f"check {check['id']}: {problem}")


@dataclass(slots=True)
class PackSet:
    packs: dict[str, Pack]
    rules: dict[str, Rule]
    eras: dict[str, Era] = field(default_factory=dict)  # oldest first
    _fingerprints: dict[str, tuple[str, ...]] | None = field(default=None, repr=False, compare=False)

    def era_id(self, text: str) -> str | None:
        """The era an id or its alias names (`fmt2019`, `2019`), or None."""
        if text in self.eras:
            return text
        return next((e.id for e in self.eras.values() if e.alias == text), None)

    def era_for(self, year: int | None, content: str | None) -> str:
        return era_for(self.eras, year, content)

    def resolve(self, era: str) -> tuple[dict[str, Any], list[Rule]]:
        """The merged data and the rules that apply to a report of `era`: the packs that name
        the era, with everything they extend, ancestors first; a later pack's data key and a
        later check of the same id win."""
        order: list[Pack] = []

        def visit(pack: Pack) -> None:
            if pack in order:
                return
            for parent in pack.extends:
                visit(self.packs[parent])
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
        return data, list(rules.values())

    def fingerprints(self) -> dict[str, tuple[str, ...]]:
        """The squeezed fingerprint phrases of each era, newest era first (computed once)."""
        if self._fingerprints is not None:
            return self._fingerprints
        from linter.chinese import squeeze

        found: dict[str, tuple[str, ...]] = {}
        for pack in self.packs.values():
            phrases = tuple(squeeze(p) for p in pack.data.get("fingerprint", []))
            for era in pack.eras:
                if phrases:
                    found[era] = found.get(era, ()) + phrases
        self._fingerprints = {era: found[era] for era in reversed(self.eras) if era in found}
        return self._fingerprints


def load_packs(extra: list[Path] = (), known_kinds: dict[str, frozenset[str]] | None = None) -> PackSet:
    if known_kinds is None:
        import linter.checks.kinds  # noqa: F401 — registers the kinds
        from linter.engine import KINDS

        known_kinds = {name: kind.params for name, kind in KINDS.items()}
    paths = sorted(packs_dir().glob("*.yaml")) + [Path(p) for p in extra]
    return _load_packs(tuple(paths), tuple(sorted((k, tuple(sorted(v))) for k, v in known_kinds.items())))


@lru_cache(maxsize=8)
def _load_packs(paths: tuple[Path, ...], kinds: tuple) -> PackSet:
    known_kinds = {k: frozenset(v) for k, v in kinds}
    packs: dict[str, Pack] = {}
    rules: dict[str, Rule] = {}
    for path in paths:
        pack = load_pack(path, known_kinds)
        if pack.name in packs:
            raise PackError(pack.path, 1, f"pack name {pack.name!r} is already used by {packs[pack.name].path}")
        packs[pack.name] = pack
        for rule in pack.rules:
            if rule.id in rules:
                other = rules[rule.id]
                raise PackError(pack.path, _line(next(c for c in pack.checks if c["id"] == rule.id), "id"), f"rule id {rule.id} is already defined in pack {other.pack}")
            rules[rule.id] = rule
    for pack in packs.values():
        for parent in pack.extends:
            if parent not in packs:
                raise PackError(pack.path, None, f"extends unknown pack {parent!r}")
    eras: dict[str, Era] = {}
    for pack in packs.values():
        for era_id, era in pack.data.get("eras", {}).items():
            if era_id in eras:
                raise PackError(pack.path, _line(pack.data["eras"], era_id), f"era {era_id!r} is already declared")
            eras[era_id] = era
    for pack in packs.values():
        _check_eras_named(pack, list(eras))
    _check_references(packs)
    return PackSet(packs=packs, rules=dict(sorted(rules.items())), eras=eras)
