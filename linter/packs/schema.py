"""One schema checker for every file people write: rule packs, their `narrative:` data, check
parameters and the configuration.

A schema is a tree of small nodes (`Str`, `ListOf`, `Record`, ...). `Checker.check(schema,
value)` walks a value read from YAML or TOML, converts it (a regular expression is compiled, an
expression parsed, a list given as one string becomes a list) and raises `PackError(file, line,
reason)` at the first mistake, with the line of the key or item that is wrong. Lines come from a
locator, so one checker serves YAML (every mapping remembers its lines, see yaml_lines.py) and
TOML (a text scan, see app/config.py).

Nodes that name something defined elsewhere (a table, a claim, a text) do not resolve it here:
they record a `Reference` that the pack loader resolves once every pack is loaded, so that a
misspelt cell is a load-time error with its file and line, never a silent no-op.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from linter.cache import regex
from linter.errors import PackError
from linter.packs.backtracking import backtracks

# A place in a file: the keys and list indexes from the top of the document.
Where = tuple[Any, ...]


class Locator:
    """Where a value stands in its file: `line(where)` is the line of the key or item at
    `where`, at worst the line of the nearest enclosing one known."""

    def line(self, where: Where, token: str | None = None) -> int | None:  # pragma: no cover
        raise NotImplementedError


class Reference:
    """Something a value names that must exist once every pack is loaded. (Reference and Field
    are plain classes with __slots__: nothing compares or hashes them, and a dataclass costs
    every start ~0.3 ms to make.)"""

    __slots__ = ("kind", "value", "where", "context")

    def __init__(self, kind: str, value: Any, where: Where, context: dict | None = None):
        self.kind = kind  # "table", "claim", "none-claim", "text", "expr", "quantity", ...
        self.value = value  # the name, or the parsed expression
        self.where = where
        self.context = {} if context is None else context


class Checker:
    """Checks values against schemas for one file, collecting references."""

    def __init__(self, file: str, locator: Locator, prefix: str = "", paths: bool = False):
        self.file = file
        self.locator = locator
        self.prefix = prefix  # put before every reason, e.g. "check XG101: "
        self.paths = paths  # name nested places by their keys (`narrative.claims.x: …`)
        self.references: list[Reference] = []

    def line(self, where: Where, token: str | None = None) -> int | None:
        return self.locator.line(where, token)

    def fail(self, where: Where, reason: str, token: str | None = None) -> PackError:
        keys = [str(k) for k in where if isinstance(k, str)]
        place = f"{'.'.join(keys)}: " if self.paths and not self.prefix and len(keys) > 1 else ""
        return PackError(self.file, self.line(where, token), self.prefix + place + reason)

    def check(self, schema: Node, value: Any, where: Where = ()) -> Any:
        return schema.check(value, where, self)

    def refer(self, what: str, value: Any, where: Where, **context: Any) -> None:
        """Record a reference to resolve later, with the prefix in force (`check XG101: `)."""
        self.references.append(Reference(what, value, where, {"prefix": self.prefix, **context}))

    def fail_reference(self, ref: Reference, reason: str) -> PackError:
        prefix = ref.context.get("prefix", "")
        if prefix:
            return PackError(self.file, self.line(ref.where), prefix + reason)
        return self.fail(ref.where, reason)


def _name(where: Where) -> str:
    for step in reversed(where):
        if isinstance(step, str):
            return step
    return "value"


class Node:
    """A schema node. `check` returns the value converted, or raises through `ck.fail`."""

    describe = "a value"

    def check(self, value: Any, where: Where, ck: Checker) -> Any:  # pragma: no cover
        raise NotImplementedError


class Any_(Node):
    def check(self, value, where, ck):
        return value


class Str(Node):
    """A string; `pattern` (a regular expression it must match in full, with `explain`),
    `choices`, `nonempty`. Numbers are accepted and turned into text when `coerce` (YAML reads
    `era: 2019` as a number)."""

    describe = "a string"

    def __init__(self, *, pattern: str | None = None, explain: str = "", choices: Iterable[str] | None = None,
                 nonempty: bool = False, coerce: bool = False):
        self.pattern = regex(pattern) if pattern else None
        self.explain = explain
        self.choices = tuple(choices) if choices is not None else None
        self.nonempty = nonempty
        self.coerce = coerce

    def check(self, value, where, ck):
        if self.coerce and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ck.fail(where, f"`{_name(where)}` must be {self.describe}")
        if self.nonempty and not value.strip():
            raise ck.fail(where, f"`{_name(where)}` must not be empty")
        if self.choices is not None and value not in self.choices:
            raise ck.fail(where, f"`{_name(where)}` must be one of {', '.join(self.choices)}, not {value!r}")
        if self.pattern is not None and not self.pattern.fullmatch(value):
            raise ck.fail(where, self.explain.format(value=value) or f"`{_name(where)}`: {value!r} is not well-formed")
        return value


class Int(Node):
    describe = "a whole number"

    def __init__(self, minimum: int | None = None):
        self.minimum = minimum

    def check(self, value, where, ck):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ck.fail(where, f"`{_name(where)}` must be {self.describe}")
        if self.minimum is not None and value < self.minimum:
            raise ck.fail(where, f"`{_name(where)}` must be at least {self.minimum}")
        return value


class Bool(Node):
    describe = "true or false"

    def check(self, value, where, ck):
        if not isinstance(value, bool):
            raise ck.fail(where, f"`{_name(where)}` must be {self.describe}")
        return value


class ListOf(Node):
    """A list of items; `single` also accepts one item written alone (`era: fmt2021`)."""

    def __init__(self, item: Node, *, nonempty: bool = False, single: bool = False, what: str = ""):
        self.item = item
        self.nonempty = nonempty
        self.single = single
        self.what = what

    @property
    def describe(self) -> str:
        return self.what or f"a list of {self.item.describe.removeprefix('a ').removeprefix('an ')}s"

    def check(self, value, where, ck):
        if self.single and not isinstance(value, list):
            return [self.item.check(value, where, ck)]
        if not isinstance(value, list):
            raise ck.fail(where, f"`{_name(where)}` must be {self.describe}")
        if self.nonempty and not value:
            raise ck.fail(where, f"`{_name(where)}` must not be empty")
        return [self.item.check(v, (*where, i), ck) for i, v in enumerate(value)]


class MapOf(Node):
    """A mapping of names (checked by `key`) to values (checked by `value`)."""

    def __init__(self, value: Node, key: Node | None = None, *, nonempty: bool = False, what: str = "a mapping"):
        self.value = value
        self.key = key
        self.nonempty = nonempty
        self.describe = what

    def check(self, value, where, ck):
        if not isinstance(value, dict):
            raise ck.fail(where, f"`{_name(where)}` must be {self.describe}")
        if self.nonempty and not value:
            raise ck.fail(where, f"`{_name(where)}` must not be empty")
        out = {}
        for k, v in value.items():
            key = self.key.check(k, (*where, k), ck) if self.key is not None else str(k)
            out[key] = self.value.check(v, (*where, k), ck)
        return out


class Field:
    """A key of a Record: its schema node, and whether it must be there."""

    __slots__ = ("node", "required")

    def __init__(self, node: Node, required: bool = False):
        self.node = node
        self.required = required


def required(node: Node) -> Field:
    return Field(node, True)


class Record(Node):
    """A mapping with known keys. Unknown keys and missing required ones are errors; `what`
    names the thing in messages ("check XG101", "era 'x2030'")."""

    describe = "a mapping"

    def __init__(self, fields: dict[str, Field | Node], *, what: str = "", missing: str = "",
                 after: Callable[[dict, Where, Checker], dict] | None = None):
        self.fields = {k: v if isinstance(v, Field) else Field(v) for k, v in fields.items()}
        self.what = what
        self.missing = missing  # one message for any missing required key, when set
        self.after = after  # a check across fields, on the converted record

    def check(self, value, where, ck):
        label = f"{self.what}: " if self.what else ""
        if not isinstance(value, dict):
            raise ck.fail(where, f"{label}`{_name(where)}` must be a mapping" if where else f"{label}must be a mapping")
        for key in value:
            if key not in self.fields:
                raise ck.fail((*where, key), f"{label}unknown key {key!r} (expected one of {', '.join(self.fields)})")
        for key, f in self.fields.items():
            if f.required and key not in value:
                raise ck.fail(where, self.missing.format(what=self.what) if self.missing else f"{label}missing `{key}`")
        out = {key: self.fields[key].node.check(v, (*where, key), ck) for key, v in value.items()}
        return self.after(out, where, ck) if self.after else out


class Regex(Node):
    """A regular expression (compiled; `transform` rewrites the text first, e.g. `{n}`)."""

    describe = "a regular expression"

    def __init__(self, transform: Callable[[str], str] | None = None):
        self.transform = transform

    def check(self, value, where, ck):
        if not isinstance(value, str):
            raise ck.fail(where, f"`{_name(where)}` must be {self.describe}")
        text = self.transform(value) if self.transform else value
        try:
            compiled = re.compile(text)
        except re.error as exc:
            raise ck.fail(where, f"invalid regular expression {value!r}: {exc}") from None
        if backtracks(text):
            raise ck.fail(where, f"regular expression {value!r} repeats a repeat (as (a+)+ or (a|a)* do): "
                                 "it can take exponential time; write the inner repeat once")
        return compiled


class Ref(Node):
    """The name of something defined elsewhere (`kind`: table, claim, text, ...), resolved by
    the loader once every pack is loaded."""

    describe = "a name"

    def __init__(self, kind: str):
        self.kind = kind

    def check(self, value, where, ck):
        if not isinstance(value, str):
            raise ck.fail(where, f"`{_name(where)}` must name a {self.kind}")
        ck.refer(self.kind, value, where)
        return value


class Custom(Node):
    """A node checked by a function `(value, where, checker) -> converted`."""

    def __init__(self, fn: Callable[[Any, Where, Checker], Any], describe: str = "a value"):
        self.fn = fn
        self.describe = describe

    def check(self, value, where, ck):
        return self.fn(value, where, ck)


class OneOf(Node):
    """The first of several shapes that accepts the value (by its Python type)."""

    def __init__(self, *options: tuple[type | tuple[type, ...], Node], describe: str):
        self.options = options
        self.describe = describe

    def check(self, value, where, ck):
        for types, node in self.options:
            if isinstance(value, types):
                return node.check(value, where, ck)
        raise ck.fail(where, f"`{_name(where)}` must be {self.describe}")
