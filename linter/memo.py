"""What the linter makes of pack data, kept per object for the life of the process.

Pack data — a template, a rule's parameters, a node of an expression, the packs themselves —
lives as long as the process, and the stages make the same thing of it for every report (a
template's label index, a rule's kind sets, an expression's compiled function). `of_object`
keeps what was made by the object's identity: hashing a frozen template or a rule's
parameters would walk them on every lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# Characters: a text this long or shorter (a label, a number, a heading, a cell) may have what
# a stage made of it kept between reports — the same few fill report after report; a longer
# one (prose) never is. One bound for every such memo (the lexer, the parser, the label keys,
# the cells' values, the rendered notes), so that what one of them relies on another keeping
# (the lexer squeezes a line longer than this once for two tests) holds.
SHORT_TEXT = 40


def of_object(table: dict[int, tuple[Any, Any]], obj: Any, make: Callable[[Any], T], bound: int) -> T:
    """make(obj), kept in `table` by the object's identity, the object kept beside it (its id
    is not reused while the entry stands); at most `bound` entries, then forgotten all at
    once (objects made on the fly, as tests make them, must not make a table grow for ever)."""
    entry = table.get(id(obj))
    if entry is not None and entry[0] is obj:
        return entry[1]
    made = make(obj)
    if len(table) >= bound:
        table.clear()
    table[id(obj)] = (obj, made)
    return made
