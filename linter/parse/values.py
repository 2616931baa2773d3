"""The syntax of a table value, shared by the lexer (is this line a row of numbers?), the
parser (where do a label's values begin?) and the reading of tables (what number is it?).

A value is a number, optionally with a unit (`12`, `1,234`, `-3`, `0.5`, `251000元`, `100%`), or
a mark that says "not reported": a dash of any kind (`-`, `—`, `——`, `–`, `―`, `─`), an
underscore (`_`, `＿` before normalisation), a slash, or `无`.
"""

from __future__ import annotations

from linter.cache import regex

NUMBER = r"[+-]?\d[\d,]*(?:\.\d+)?"
UNIT = r"%|万元|元|件|条|个|人次|人|次|篇|项|场|期"
MARKER = r"[-－]{1,2}|[—–―─]{1,6}|[_＿]{1,4}|[/／]|无"
# A unit, when present, takes the spaces before it: no two quantifiers compete for a space, so
# matching stays linear on a 1 MB line.
VALUE = rf"{NUMBER}(?:\s*(?:{UNIT}))?|{MARKER}"

_VALUE = regex(rf"(?:{VALUE})")
_CAN_END_A_VALUE = frozenset("0123456789%元件条个次篇项场期人-－—–―─_＿/／无")
_MARKER = regex(rf"(?:{MARKER})")


def is_value_text(text: str) -> bool:
    """One value, as a whole (`12`, `0.5万元`, `—`)."""
    return _VALUE.fullmatch(text) is not None


def is_marker(text: str) -> bool:
    return _MARKER.fullmatch(text) is not None


def trailing_values(text: str) -> int:
    """Where the run of white-space separated values that ends the line begins (the end of
    its text when the line does not end in a value). Walks back from the end, token by token,
    and stops at the first one that is not a value: linear, however long the line."""
    end = start = len(text.rstrip())
    if not end or text[end - 1] not in _CAN_END_A_VALUE:
        return start  # most lines: prose ending in a character no value ends in
    while end > 0:
        begin = end
        while begin > 0 and not text[begin - 1].isspace():
            begin -= 1
        if not is_value_text(text[begin:end]):
            break
        start = end = begin
        while end > 0 and text[end - 1].isspace():
            end -= 1
    return start
