"""YAML that remembers where everything stands, for errors with file and line.

Mappings load as `LineDict` (the line of the mapping and of each key) and sequences as
`LineList` (the line of each item); `YamlLocator` answers the line of any place in the document
for the schema checker. The loader is PyYAML's safe loader (libyaml's when installed): no tag
builds a Python object.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from linter.errors import PackError
from linter.packs.schema import Locator, Where


class LineDict(dict):
    __slots__ = ("line", "key_lines")


class LineList(list):
    __slots__ = ("line", "item_lines")


def _mapping(loader, node) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            result[key] = loader.construct_object(value_node, deep=True)
        except TypeError:  # an unhashable key (a mapping as a key)
            import yaml

            raise yaml.constructor.ConstructorError(None, None, "a key must be a plain value", key_node.start_mark) from None
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader, node) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


@lru_cache(maxsize=1)
def _loader():
    """PyYAML's safe loader building LineDicts and LineLists (imported on first use: a run
    whose packs come from the cache does not load yaml)."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available: faster
        pass

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
    return Loader


MAX_FILE_BYTES = 16 * 1024 * 1024  # a pack or a configuration; the built-in packs are under 100 KB
MAX_DEPTH = 100  # nested mappings and lists: a pack needs about 8


def read_file(path, what: str, limit: int = MAX_FILE_BYTES) -> str:
    """The text of a pack, a configuration or a baseline (UTF-8, a BOM allowed): PackError
    naming the file for anything but a regular file of at most `limit` bytes (a FIFO or
    /dev/zero would hang or fill the memory), or for text that is not UTF-8."""
    import os
    import stat

    name = str(path)
    try:
        # Checked before opening (opening a FIFO waits for a writer), and again once open.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise PackError(name, None, f"cannot read {what}: not a regular file")
        with open(path, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise PackError(name, None, f"cannot read {what}: not a regular file")
            data = file.read(limit + 1)
    except OSError as exc:
        raise PackError(name, None, f"cannot read {what}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise PackError(name, None, f"cannot read {what}: larger than {limit:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(name, None, f"cannot read {what}: not UTF-8 text (byte {exc.start})") from None


def depth_of(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply lists and mappings nest in `value` (counted without recursion), at most limit + 1."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def too_long(exc: ValueError) -> str:
    """A parser's ValueError as a reason: Python's refusal of an integer of more than 4,300
    digits said shortly."""
    text = str(exc)
    return "a number too long to read (over 4,300 digits)" if "integer string conversion" in text else text


def check_tree(value: Any, file: str, limit: int = MAX_DEPTH) -> Any:
    """`value` (a parsed document) when it nests at most `limit` deep, else PackError."""
    if depth_of(value, limit) > limit:
        raise PackError(file, None, f"nests deeper than {limit} levels")
    return value


def load_yaml(text: str, file: str) -> Any:
    """The document, or PackError(file, line, "invalid YAML: ...") — also for one that nests too
    deeply or holds a number too long to read."""
    import yaml

    try:
        return check_tree(yaml.load(text, Loader=_loader()), file)  # noqa: S506 — a SafeLoader
    except RecursionError:
        raise PackError(file, None, f"invalid YAML: nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise PackError(file, None, f"invalid YAML: {too_long(exc)}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise PackError(file, mark.line + 1 if mark else None, f"invalid YAML: {getattr(exc, 'problem', None) or exc}") from None


def line_of(value: Any, key: Any = None) -> int | None:
    """The line of a key of a mapping (or an item of a list), else of the value itself."""
    if isinstance(value, LineDict):
        if key is not None and key in value.key_lines:
            return value.key_lines[key]
        return value.line
    if isinstance(value, LineList):
        if isinstance(key, int) and 0 <= key < len(value.item_lines):
            return value.item_lines[key]
        return value.line
    return None


class YamlLocator(Locator):
    """Lines of places in a document loaded by `load_yaml`."""

    def __init__(self, root: Any):
        self.root = root

    def line(self, where: Where, token: str | None = None) -> int | None:
        node, line = self.root, line_of(self.root) or 1
        for step in where:
            found = line_of(node, step)
            if found is not None:
                line = found
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return line
        if token is not None and isinstance(node, LineList):
            for i, item in enumerate(node):
                if item == token:
                    return node.item_lines[i]
        return line
