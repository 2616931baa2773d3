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


def load_yaml(text: str, file: str) -> Any:
    """The document, or PackError(file, line, "invalid YAML: ...")."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 — a SafeLoader
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
