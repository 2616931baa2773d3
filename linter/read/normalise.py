"""Stage 3 — normalise: one spelling for the same text, without losing where it came from.

What users paste has traditional characters (OpenCC t2s), full-width digits and brackets
(`（一）`, `２０２３`), pinyin that converters inserted after characters (`鎮(zhèn)`, `規(guī)`, and
`F(xiàn)` where the character itself was lost), no-break spaces and zero-width characters and form feeds (page breaks of PDF extraction),
and the `?` or U+FFFD a lost no-break space leaves before a number in a table cell (`? 0`).

Two promises: the number of lines never changes, and every character of the result maps back to
the original column (`DocLine.origin`). Deletions build an explicit column map; 1:1 rewrites
(width folding, t2s) keep the existing one.
"""

from __future__ import annotations

import unicodedata
from array import array
from functools import lru_cache

from linter.cache import regex
from linter.document import DocLine

# Full-width ASCII (U+FF01..U+FF5E) to ASCII, ideographic space and the other spaces to " ".
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x202F: 0x20, 0x205F: 0x20, 0x2007: 0x20})
_WIDTH.update({code: 0x20 for code in range(0x2000, 0x200B)})
# Kangxi radicals (U+2F00..U+2FD5) and CJK radical supplements that PDF fonts map their glyphs
# to (`⼀` for `一`, `⻓` for `长`): the ideograph they look like, one character for one. Never a
# blanket NFKC: that would also turn `（）：` into ASCII and `①` into `1`.
_WIDTH.update({code: ord(unicodedata.normalize("NFKC", chr(code))) for code in range(0x2F00, 0x2FD6)})
_WIDTH.update({ord(radical): ord(han) for radical, han in zip(
    # the supplement radicals that stand for a whole character (Unicode names: CIVILIAN,
    # C-SIMPLIFIED LONG, GATE, WIND, FLY, HORSE, CART, SEE, SHELL, EVEN, TOOTH, DRAGON, LEAF,
    # SIMPLIFIED YELLOW, HORN, BLUE, GHOST, WEST TWO, MOTHER, C-SIMPLIFIED TURTLE)
    "⺠⻓⻔⻛⻜⻢⻋⻅⻉⻬⻮⻰⻚⻩⻆⻘⻤⻄⺟⻳",
    "民长门风飞马车见贝齐齿龙页黄角青鬼西母龟",
    strict=True,
)})

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü]*[{_TONED}][a-zü]*"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# What normalisation deletes: a pinyin annotation after a character, a Latin placeholder
# letter with its annotation where the character was lost, zero-width characters and form feeds (page breaks of PDF extraction),
# and conversion debris before a number: a no-break space that an encoding turned into `?` or
# U+FFFD, standing alone before the number of a cell (`? 0 |`, `\ufffd3`).
_DELETE = regex(
    rf"(?<=[{_HAN}])\({_SYLLABLE}\)"
    rf"|(?<![A-Za-z])[A-Z]\({_SYLLABLE}\)(?=[{_HAN}])"
    r"|[\u200b-\u200d\u2060\ufeff\u00ad\x0c]"
    r"|(?<![^\s|])[?\ufffd]+(?=\s*[+-]?\d[\d,]*(?:\.\d+)?(?:[\s|]|$))"
)
_NEEDS_DELETE = regex(rf"[{_TONED}\u200b-\u200d\u2060\ufeff\u00ad\x0c?\ufffd]")
_HAN_RE = regex(rf"[{_HAN}]")
# A character _WIDTH rewrites. Most lines have none (a third of a report's lines do): the search
# is cheap, str.translate with a dict is not (a lookup, and a KeyError, for every character).
_NEEDS_WIDTH = regex("[" + "".join(f"\\u{code:04x}" for code in sorted(_WIDTH)) + "]")


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported on first use: start-up stays lean for `--help` and `rules`

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified, one character for one, so columns survive."""
    if not _HAN_RE.search(text):
        return text
    return _one_for_one(text, _converter().convert(text))


def _one_for_one(text: str, converted: str) -> str:
    """The conversion of `text` when it kept the length; else character by character."""
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to character by character.
    convert = _converter().convert
    return "".join(c if len(c := convert(ch)) == 1 else ch for ch in text)


def to_simplified_all(texts: list[str]) -> list[str]:
    """to_simplified of each text, with one call of OpenCC for them all (a call per line cost
    more than the conversion). The texts are joined by line breaks: OpenCC's dictionaries
    have no key with a line break, so no phrase is matched across one and each piece of the
    result is the conversion of its text alone; a text without Han characters stays as it is,
    as to_simplified leaves it. Texts that hold a line break themselves (no reader makes one)
    are converted one by one."""
    joined = "\n".join(texts)
    if not _HAN_RE.search(joined):
        return texts
    if joined.count("\n") != len(texts) - 1:
        return [to_simplified(text) for text in texts]
    pieces = _converter().convert(joined).split("\n")
    if len(pieces) != len(texts):  # not as promised: one by one
        return [to_simplified(text) for text in texts]
    for i, (text, converted) in enumerate(zip(texts, pieces)):
        if converted == text or not _HAN_RE.search(text):
            pieces[i] = text
        elif len(converted) != len(text):
            pieces[i] = _one_for_one(text, converted)
    return pieces


def normalize_text(text: str) -> str:
    """The normalised form of a label or phrase (rule packs are matched in this form)."""
    return normalize_line(DocLine(text=text, line=1)).text


def normalize_line(line: DocLine) -> DocLine:
    return normalize([line])[0]


def normalize(lines: list[DocLine]) -> list[DocLine]:
    """The lines normalised; a line that normalisation leaves as it is is returned itself (no
    stage after this one changes a DocLine: they make new ones)."""
    texts: list[str] = []
    maps: dict[int, tuple[array | None, array | None]] = {}  # column maps of lines with deletions
    needs_width, needs_delete = _NEEDS_WIDTH.search, _NEEDS_DELETE.search
    for index, line in enumerate(lines):
        text = line.text
        if needs_width(text):
            text = text.translate(_WIDTH)
        if needs_delete(text):
            text, cols, lines_ = _delete(text, line)
            if cols is not line.cols:  # something was deleted
                maps[index] = cols, lines_
        texts.append(text)
    out = list(lines)
    for index, text in enumerate(to_simplified_all(texts)):
        line = lines[index]
        if text != line.text or index in maps:
            cols, lines_ = maps.get(index, (line.cols, line.lines))
            out[index] = DocLine(
                text, line.line, cols, lines_, where=line.where, cell=line.cell, page=line.page, page_line=line.page_line,
            )
    return out


def _delete(text: str, line: DocLine) -> tuple[str, array | None, array | None]:
    kept: list[str] = []
    index: list[int] = []  # original character index of each kept character
    pos = 0
    for match in _DELETE.finditer(text):
        kept.append(text[pos:match.start()])
        index.extend(range(pos, match.start()))
        pos = match.end()
    if pos == 0 and not kept:
        return text, line.cols, line.lines
    kept.append(text[pos:])
    index.extend(range(pos, len(text)))
    index.append(len(text))  # the end-of-line sentinel
    cols = array("l", (line.origin(i)[1] for i in index))
    lines = array("l", (line.origin(i)[0] for i in index)) if line.lines is not None else None
    return "".join(kept), cols, lines
