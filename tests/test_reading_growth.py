"""Reading grows linearly with the input: four times the text takes less than six times the
time. Ratios of CPU time measured in the test on the machine that runs it, never an absolute
time.

(A forward search for the next line that is not blank, made at every blank line, once took 69 s
on a 40 KB report whose table had blank lines between its cells.)"""

from __future__ import annotations

import gc
import time

import pytest

from linter.document import DocLine
from linter.engine import load_packs
from linter.parse.parser import parse
from linter.parse.vocabulary import vocabulary
from linter.read.normalise import normalize

VOCABULARY = vocabulary(load_packs())

HEAD = "某某县人民政府2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"


def blank_lines_inside_a_table(n: int) -> str:
    return HEAD + "一、本年新收政府信息公开申请数量\n1\n" + "\n" * n + "2\n"


def cells_between_blank_lines(n: int) -> str:
    row = "（一）予以公开\n\n" + "0\n\n" * 7
    return HEAD + row * (n // 16)


def cells_between_lone_pipes(n: int) -> str:
    row = "行政许可\n|\n" + "0\n|\n" * 3
    return HEAD + row * (n // 8)


def pipe_rows_without_leading_pipe(n: int) -> str:
    return HEAD + "规章 | 0 | 0 | 0 | ||\n" * (n // 4)


def one_line_body(n: int) -> str:
    part = "一、总体情况 全年主动公开政府信息12条。二、主动公开政府信息情况 全年制发文件6件，其中 1 2 3 4 5。"
    return "某某县人民政府2021年政府信息公开工作年度报告 " + part * (n // 20) + "\n"


def long_row_of_numbers(n: int) -> str:
    return HEAD + "行政许可 " + "1 " * n + "x\n" + "一、本年新收政府信息公开申请数量\t" + "0\t" * n + "\n"


def _best_seconds(texts: list[str], rounds: int = 3) -> list[float]:
    """The least CPU time of `rounds` parses of each text (CPU time: other processes on the
    machine do not count), the texts taking turns."""
    inputs = [[DocLine(t, i) for i, t in enumerate(text.split("\n"), 1)] for text in texts]
    best = [float("inf")] * len(texts)
    gc.collect()
    gc.disable()  # a collection falling in one run and not the other is not growth
    try:
        for _ in range(rounds):
            for k, lines in enumerate(inputs):
                start = time.process_time()
                parse(normalize(lines), "report.txt", VOCABULARY)
                best[k] = min(best[k], time.process_time() - start)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize(
    "make",
    [blank_lines_inside_a_table, cells_between_blank_lines, cells_between_lone_pipes,
     pipe_rows_without_leading_pipe, one_line_body, long_row_of_numbers],
)
def test_reading_time_grows_linearly(make):
    n = 6000
    _best_seconds([make(n // 4)], rounds=1)  # warm up: the grammar and the packs' vocabulary are built once
    small, large = _best_seconds([make(n), make(4 * n)], rounds=5)
    assert large / small < 6, f"{make.__name__}: {small:.4f}s -> {large:.4f}s for 4x the input"
