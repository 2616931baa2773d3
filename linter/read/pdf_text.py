"""Chinese PDF clean-up: the spacing that PDF text extraction leaves in Chinese text, removed
without losing where each character came from.

What a PDF's text layer gives is not what the author typed: a word processor that justifies a
line places each glyph on its own, a space glyph is drawn between `2024` and `年`, and the reader
(linter/read/pdf.py) cannot tell a space the author typed from the gap of a justified line. So
the document text keeps every space that was read (it is what `xxgk-lint text` shows and what
`line:column` count in), and this step deletes, as `normalise.py` does, with a column map:

  * a single space between two Chinese characters or Chinese punctuation marks (`年 度`);
  * a single space between a number and the Chinese character after it (`2024 年`, `95 个`);
  * a single space between a Chinese character and a number inside a word, that is with a
    Chinese character after the number too (`年 1 月`, `第 711 号`, `共 21 件`, `为 100%。`). Not before a
    number that ends the line or that other numbers follow (`申请数量 21 0 0`): that is a label
    and its values.

A run of two or more spaces is kept: the reader writes one where a wide gap separates two
columns of text that no ruled table holds (`行政许可  97`), and the lexer reads a label and its
values by that gap. Spaces between Latin letters or digits (`hzzwgk@126.com`, `0517 87222589`)
are kept.

What this step does not do, and where it is done instead:
  * Kangxi radicals and CJK radical supplement code points (`⼀` for `一`) and full-width
    forms: `normalise.py`, for every input format, one character for one;
  * "fake bold" (a glyph drawn twice, slightly offset, to look bold): the reader drops the
    second copy by its position before any text is made, so it never reaches the document text;
  * never a blanket NFKC, which would also turn `（）：` into ASCII and `①` into `1`.
"""

from __future__ import annotations

from array import array

from linter.cache import regex
from linter.document import DocLine

# Han ideographs and the Chinese punctuation of reports (、。，：；？！“”‘’《》（）【】…—).
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018\u2019\u201c\u201d\u2026\u2014"
_HAN_ONLY = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = regex(rf"[{_CJK}]")
_HAN_RE = regex(rf"[{_HAN_ONLY}]")
_NUMBER_RUN = regex(r"[0-9][0-9.,]*")


def clean_line(line: DocLine) -> DocLine:
    """The line without the spaces described in the module docstring; `origin()` unchanged for
    every character kept."""
    text = line.text
    if " " not in text:
        return line
    drop = {i for i, ch in enumerate(text) if ch == " " and not _in_run(text, i) and _inside_word(text, i)}
    if not drop:
        return line
    index = [i for i in range(len(text)) if i not in drop]
    index.append(len(text))
    cols = array("l", (line.origin(i)[1] for i in index))
    lines = array("l", (line.origin(i)[0] for i in index)) if line.lines is not None else None
    new_text = "".join(text[i] for i in index[:-1])
    return DocLine(
        text=new_text, line=line.line, cols=cols, lines=lines, where=line.where, cell=line.cell,
        page=line.page, page_line=line.page_line,
    )


def _inside_word(text: str, i: int) -> bool:
    """Whether the single space at i is one of those the module docstring lists."""
    if i == 0 or i + 1 >= len(text):
        return False
    left, right = text[i - 1], text[i + 1]
    if _CJK_RE.match(left) and _CJK_RE.match(right):
        return True
    if left.isascii() and left.isdigit():
        return bool(_HAN_RE.match(right))
    if _CJK_RE.match(left) and right.isascii() and right.isdigit():
        end = _NUMBER_RUN.match(text, i + 1).end()
        if text[end:end + 1] in ("%", "％"):  # `为 100%。`
            return bool(_CJK_RE.match(text[end + 1:end + 2]))
        after = text[end + 1:end + 2] if text[end:end + 1] == " " else text[end:end + 1]
        return bool(after and _HAN_RE.match(after))
    return False


def _in_run(text: str, i: int) -> bool:
    """Whether the space at i is part of a run of two or more."""
    return (i > 0 and text[i - 1] == " ") or (i + 1 < len(text) and text[i + 1] == " ")


def clean(lines: list[DocLine]) -> list[DocLine]:
    return [clean_line(line) for line in lines]
