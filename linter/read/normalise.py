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
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, compress

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
# A character _WIDTH rewrites, as a group: re.split keeps each one found, and fold_width puts its
# rewriting in its place. A report has a hundred or two (its `，：（）`) in some thousands of
# characters: str.translate with a dict looks up every character (and makes a KeyError for
# almost every one), six times the cost of the split. The class is written as its runs of
# consecutive characters (`\uff01-\uff5e`, 21 of them), not as its 343 characters one by one: the
# engine checks a character against a few ranges faster than against its table of single
# characters (measured: half the time of the split of a report).


def _ranges(codes) -> str:
    """The body of a character class of these code points, as runs of consecutive ones."""
    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in runs)


_WIDTH_CHAR = regex(f"([{_ranges(_WIDTH)}])")
_WIDTH_OF = {chr(code): chr(folded) for code, folded in _WIDTH.items()}.__getitem__


def fold_width(text: str) -> str:
    """text.translate(_WIDTH): full-width ASCII, the spaces and the radicals rewritten, one
    character for one (no line break is one of them)."""
    pieces = _WIDTH_CHAR.split(text)
    if len(pieces) == 1:
        return text
    pieces[1::2] = map(_WIDTH_OF, pieces[1::2])
    return "".join(pieces)


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
    converted = _converter().convert(joined)
    if converted == joined:  # nothing traditional (most reports)
        return texts
    pieces = converted.split("\n")
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
    stage after this one changes a DocLine: they make new ones). Widths are folded, and what
    needs deleting is looked for, in the whole text at once (the lines joined by line breaks,
    which neither rewrites nor deletes): only the few lines with something to delete are taken
    one by one."""
    texts = originals = [line.text for line in lines]
    joined = fold_width("\n".join(texts))
    if joined.count("\n") == len(texts) - 1:
        texts = joined.split("\n")
    else:  # a text that holds a line break itself (no reader makes one): folded on its own
        texts = [fold_width(text) for text in texts]
    maps: dict[int, tuple[array | None, array | None]] = {}  # column maps of lines with deletions
    if _NEEDS_DELETE.search(joined):
        starts = [start + index for index, start in enumerate(accumulate(map(len, texts), initial=0))]  # in joined
        for index in {bisect_right(starts, m.start()) - 1 for m in _NEEDS_DELETE.finditer(joined)}:
            line = lines[index]
            texts[index], cols, lines_ = _delete(texts[index], line)
            if cols is not line.cols:  # something was deleted
                maps[index] = cols, lines_
    texts = to_simplified_all(texts)
    out = list(lines)
    changed = compress(range(len(texts)), map(str.__ne__, texts, originals))  # the lines rewritten
    for index in maps.keys() | set(changed):
        line = lines[index]
        cols, lines_ = maps.get(index, (line.cols, line.lines))
        out[index] = DocLine(
            texts[index], line.line, cols, lines_, line.where, line.cell, line.page, line.page_line,
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
