"""Normalisation rewrites text but never lines, and every column maps back to the original."""

from __future__ import annotations

from linter.document import DocLine
from linter.read.normalise import (
    normalize,
    normalize_line,
    to_simplified,
    to_simplified_all,
)


def test_traditional_pinyin_width_and_zero_width_with_exact_columns():
    original = "規(guī)定,鎮(zhèn),F(xiàn)根據(jù)（一）２０２３\u200b年\u00a0止"
    line = normalize_line(DocLine(original, 7))
    assert line.text == "规定,镇,根据(一)2023年 止"
    # each character of the result comes from this column of the original
    assert [line.origin(i) for i in range(len(line.text))] == [
        (7, 1), (7, 7), (7, 8), (7, 9), (7, 16), (7, 24), (7, 25), (7, 30), (7, 31),
        (7, 32), (7, 33), (7, 34), (7, 35), (7, 36), (7, 38), (7, 39), (7, 40),
    ]
    assert line.origin(len(line.text)) == (7, len(original) + 1)


def test_line_count_never_changes():
    lines = [DocLine(t, n) for n, t in enumerate(["", "\x0c第二頁", "a(zhèn)", "\u200b", "（二）"], 1)]
    result = normalize(lines)
    assert [(l.line, l.text) for l in result] == [(1, ""), (2, "第二页"), (3, "a(zhèn)"), (4, ""), (5, "(二)")]


def test_latin_text_in_brackets_is_not_taken_for_pinyin():
    assert normalize_line(DocLine("依据(GB/T 9704)和PDF(附件)", 1)).text == "依据(GB/T 9704)和PDF(附件)"


def test_question_mark_left_by_a_lost_no_break_space_before_a_number_is_deleted():
    line = normalize_line(DocLine("? 0 |", 3))
    assert line.text == " 0 |" and line.origin(1) == (3, 3)
    assert normalize_line(DocLine("\ufffd3", 1)).text == "3"
    assert normalize_line(DocLine("规章 ? 0 0", 1)).text == "规章  0 0"
    # a question in prose, a year, a mark glued to a word: kept
    for text in ("为什么？ 3件", "是否? 2022年", "a?1", "? 第3项"):
        assert normalize_line(DocLine(text, 1)).text == text.replace("？", "?")


def test_a_document_converted_at_once_is_each_line_converted_alone():
    # phrases (瞭解 -> 了解, where 瞭 alone stays), a line without Han, an empty line, one that
    # holds a line break (converted on its own): as to_simplified gives each
    texts = ["瞭解情況", "瞭", "", "abc 123", "乾燥", "顯著", "a\nb 規", "甚麼", "（一）"]
    assert to_simplified_all(texts) == [to_simplified(t) for t in texts]
    assert to_simplified_all(texts[:6]) == [to_simplified(t) for t in texts[:6]]


def test_a_line_normalisation_leaves_alone_is_kept_and_spans_count_in_it():
    line = DocLine("规章 0 0 |", 4)
    assert normalize([line])[0] is line
    assert (line.span(3, 4).column, line.span(3, 4).end_column) == (4, 5)
    for a in range(-1, len(line.text) + 2):  # the short path of span() agrees with origin()
        for b in range(-1, len(line.text) + 2):
            first, last = line.origin(a), line.origin(b - 1)
            expected = (*first, *first) if b <= a else (*first, last[0], last[1] + 1)
            span = line.span(a, b)
            assert (span.line, span.column, span.end_line, span.end_column) == expected


def test_width_folding_is_the_translation_table_for_every_character():
    from linter.read.normalise import _WIDTH, fold_width

    every = "".join(map(chr, range(0x30000)))
    assert fold_width(every) == every.translate(_WIDTH)
    for text in ("", "abc", "（一）", "２０２３年\u3000止", "\u3000", "⼀⻓"):
        assert fold_width(text) == text.translate(_WIDTH)


def test_a_document_normalised_at_once_is_each_line_normalised_alone():
    # the whole text is folded and searched at once: what is deleted stays on its line (a `?`
    # at the end of one line before a number on the next is kept), columns count in each line
    texts = [
        "规章 ?", "0 0", "規(guī)定（一）", "", "\u200b２０２３", "a\nb ? 3 鎮(zhèn)", "? 0 |", "\x0c第二頁",
        "为什么？", "12", "\ufffd", "F(xiàn)根據", "瞭解情況", "abc 123", "依据(GB/T 9704)",
    ]
    lines = [DocLine(t, n) for n, t in enumerate(texts, 1)]
    for size in range(len(lines) + 1):
        for start in range(0, len(lines) - size + 1, 3):
            part = lines[start:start + size]
            alone = [normalize([line])[0] for line in part]
            together = normalize(part)
            assert [(l.text, [l.origin(i) for i in range(len(l.text) + 1)]) for l in together] == [
                (l.text, [l.origin(i) for i in range(len(l.text) + 1)]) for l in alone
            ]
            assert [a is b for a, b in zip(together, part)] == [a is b for a, b in zip(alone, part)]
