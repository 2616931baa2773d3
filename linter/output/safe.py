"""Untrusted text made safe to show: every output format passes what came from a report or its
file name (paths, messages quoting the report, code frames, reasons) through here.

A report, a page or a file name may hold terminal escape sequences (`ESC [ 31 m`, `ESC ] 0 ;
title BEL`), other control characters, bidirectional overrides (which reorder what a reviewer
reads) and, as a file name, bytes that are not UTF-8 (Python hands them over as lone surrogates,
os.fsdecode's `surrogateescape`). None of them may reach a terminal, a CI log or a page as
themselves, and every format must stay valid UTF-8 (and valid JSON, XML, HTML).

What is shown instead, the same in every format:

- C0 controls and DEL in caret notation, as `cat -v`, `less` and git's pager show them:
  ESC `^[`, BEL `^G`, CR `^M`, DEL `^?` (tab and line feed are kept where a format has lines;
  `text(..., newlines=False)` shows a line feed as `^J` too);
- C1 controls (U+0080–U+009F), bidirectional controls (U+202A–U+202E, U+2066–U+2069), the line
  and paragraph separators and other lone surrogates as `\\u009b`, `\\u202e` …;
- a byte of a file name that is not UTF-8 as `\\xff` (the byte, in hex).

JSON formats (json, sarif, gitlab, the baseline) keep the data itself: `json_dumps` writes
every such character as a JSON escape (`\\u001b`), so the file is plain, valid UTF-8 and a
reader gets the same string back; a non-UTF-8 byte of a name, which JSON cannot carry, becomes
the four characters `\\xff` there too.
"""

from __future__ import annotations

from linter.cache import regex

# Characters never shown as themselves (tab and line feed are decided by the caller).
_UNSAFE = regex("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_NO_NEWLINE = regex("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# In JSON text, after json.dumps has escaped the C0 controls: what it leaves as itself.
_JSON_UNSAFE = regex("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _shown(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def text(value: str, newlines: bool = True) -> str:
    """`value` with every character that must not be shown as itself escaped (see above)."""
    pattern = _UNSAFE if newlines else _UNSAFE_NO_NEWLINE
    if pattern.search(value) is None:
        return value
    return pattern.sub(lambda m: _shown(m.group()), value)


def line(value: str) -> str:
    """`value` on one line: a line feed too is escaped."""
    return text(value, newlines=False)


def _json_shown(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\\\x{code - 0xDC00:02x}"  # the characters `\xff`, as JSON writes a backslash
    return f"\\u{code:04x}"


def json_dumps(value, **options) -> str:
    """json.dumps with readable Chinese (`ensure_ascii=False`) that is valid UTF-8 and safe to
    print: see the module's docstring."""
    import json  # on first use: the text format, the one most runs write, needs no JSON

    dumped = json.dumps(value, ensure_ascii=False, **options)
    if _JSON_UNSAFE.search(dumped) is None:
        return dumped
    return _JSON_UNSAFE.sub(lambda m: _json_shown(m.group()), dumped)  # only ever inside a string

