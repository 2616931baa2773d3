"""The whole lint grows linearly with the input, whatever its shape, and absurd inputs are refused
by a resource limit (linter/read/limits.py) with a one-line error naming it, exit status 2.

Growth is a ratio of CPU time measured in the test on the machine that runs it (four times the
input takes less than six times the time), never an absolute time. Each shape is one that once
took minutes or gigabytes: blank lines between a table's cells (a 40 KB .txt, 69 s), HTML cells
spanning many rows and columns (42 KB, 18 s; 80 KB, over 2 minutes), a .docx table of merged
cells, and short lines (10 MB, 130 s and 4 GB)."""

from __future__ import annotations

import gc
import io
import time
import zipfile

import docx
import pytest

from linter import engine
from linter.api import lint_source
from linter.errors import InputError
from linter.read import limits
from linter.read.source import Source

PACKS = engine.load_packs()
TITLE = "某某县人民政府2021年政府信息公开工作年度报告"
HEAD = f"{TITLE}\n三、收到和处理政府信息公开申请情况\n"


def blank_lines_inside_a_table(n: int) -> Source:
    row = "（一）予以公开\n\n" + "0\n\n" * 7
    return _text(HEAD + "一、本年新收政府信息公开申请数量\n1\n" + "\n" * n + row * (n // 16))


def short_lines(n: int) -> Source:
    return _text(f"{TITLE}\n一、总体情况\n" + "全年公开1条。\n1\nx\n" * (n // 3))


def html_cells_spanning_rows(n: int) -> Source:
    """A wide cell spanning every row (rowspan=0) beside rows of cells spanning two columns and
    two rows: the shape whose grid walk was quadratic."""
    rows = "".join(f"<tr><td colspan=2 rowspan=2>行政许可{'申请' * 20}</td><td>{i}</td></tr><tr><td>0</td></tr>" for i in range(n // 2))
    page = f"<html><body><p>{TITLE}</p><table><tr><td rowspan=0 colspan=3>{'宽' * 200}</td></tr>{rows}</table></body></html>"
    return Source("report.html", page.encode(), ".html")


def html_cells_walking_right(n: int) -> Source:
    """Each row's cell starts where the one above ends, 1,000 columns further right: the walk
    over the columns taken grew with the square of the rows until the grid limit refused it."""
    rows = "<tr><td colspan=1000 rowspan=1000>1</td></tr>" * n
    return Source("report.html", f"<p>{TITLE}</p><table>{rows}</table>".encode(), ".html")


def docx_merged_cells(n: int) -> Source:
    """A cell spanning two grid columns merged down every row, beside two cells of text."""
    def row(r: int) -> str:
        merge = "restart" if r == 0 else "continue"
        first = f'<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="{merge}"/></w:tcPr><w:p><w:r><w:t>{"宽" * 50}</w:t></w:r></w:p></w:tc>'
        return f"<w:tr>{first}{_tc('行政许可')}{_tc(str(r))}</w:tr>"

    table = f'<w:p><w:r><w:t>{TITLE}</w:t></w:r></w:p><w:tbl>{"".join(row(r) for r in range(n))}</w:tbl>'
    return Source("report.docx", _docx_with(table.encode()), ".docx")


def _tc(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _text(text: str) -> Source:
    return Source("report.txt", text.encode(), ".txt")


def _best_seconds(sources: list[Source], rounds: int) -> list[float]:
    """The least CPU time of `rounds` whole lints of each source, the sources taking turns."""
    best = [float("inf")] * len(sources)
    gc.collect()
    gc.disable()  # a collection falling in one run and not the other is not growth
    try:
        for _ in range(rounds):
            for k, source in enumerate(sources):
                start = time.process_time()
                try:
                    lint_source(source, packs=PACKS)
                except InputError:  # refused by a limit: that too must come in linear time
                    pass
                best[k] = min(best[k], time.process_time() - start)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize(("make", "n"), [
    (blank_lines_inside_a_table, 2000), (short_lines, 1500), (html_cells_spanning_rows, 150), (html_cells_walking_right, 100), (docx_merged_cells, 300),
])
def test_the_whole_lint_grows_linearly(make, n):
    small, large = make(n), make(4 * n)
    _best_seconds([small], rounds=1)  # warm up
    small_s, large_s = _best_seconds([small, large], rounds=3)
    assert large_s / small_s < 6, f"{make.__name__}: {small_s:.4f}s -> {large_s:.4f}s for 4x the input"


# limits: one line naming the limit, exit status 2 ---------------------------------------------


@pytest.fixture
def lint_json_lines(run_cli_en, tmp_path):
    def run(count: int) -> int:
        path = tmp_path / "r.txt"
        path.write_text(f"{TITLE}\n一、总体情况\n" + "x\n" * (count - 2))
        return run_cli_en("check", "--format", "json", str(path)).exit_code

    return run


def _refused(run_cli_en, path) -> str:
    result = run_cli_en("check", str(path))
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("xxgk-lint: error: ")]
    assert len(errors) == 1, result.stderr
    return errors[0].removeprefix(f"xxgk-lint: error: {path}: ")


def test_a_report_over_the_line_limit_is_refused(run_cli_en, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(f"{TITLE}\n" + "1\n" * limits.MAX_LINES)  # 10 MB of such lines took 130 s and 4 GB
    assert _refused(run_cli_en, path) == "100,001 lines, over the limit of 100,000 lines (a resource limit)"


def test_a_report_at_the_line_limit_is_linted(lint_json_lines, monkeypatch):
    monkeypatch.setattr(limits, "MAX_LINES", 3)
    assert lint_json_lines(3) != 2  # linted (findings or none)
    assert lint_json_lines(4) == 2


def test_an_html_page_over_the_line_limit_is_refused_before_it_is_parsed(run_cli_en, tmp_path):
    path = tmp_path / "r.html"
    path.write_text(f"<p>{TITLE}</p><pre>" + "x\n" * limits.MAX_LINES + "</pre>")  # 5 million took 30 s and 2.5 GB
    assert _refused(run_cli_en, path) == "100,001 lines, over the limit of 100,000 lines (a resource limit)"


def test_a_word_document_over_the_line_limit_is_refused(run_cli_en, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_LINES", 5)
    path = tmp_path / "r.docx"
    path.write_bytes(_docx_with(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 6))
    assert _refused(run_cli_en, path) == "6 lines, over the limit of 5 lines (a resource limit)"


def test_html_tables_over_the_grid_limit_are_refused(run_cli_en, tmp_path):
    path = tmp_path / "r.html"
    rows = "<tr><td colspan=1000 rowspan=1000>1</td></tr>" * 100  # each row starts 1,000 columns further right
    path.write_text(f"<p>{TITLE}</p><table>{rows}</table>")
    assert _refused(run_cli_en, path) == "tables spanning over 1,000,000 grid cells (rowspan/colspan) (a resource limit)"


def test_html_pages_over_the_element_limit_are_refused(run_cli_en, tmp_path, monkeypatch):
    from linter.read import html

    monkeypatch.setattr(html, "MAX_HTML_ELEMENTS", 50)
    path = tmp_path / "r.html"
    path.write_text(f"<p>{TITLE}</p>" + "<b>1</b>" * 50)
    assert _refused(run_cli_en, path) == "HTML page of over 50 elements (a resource limit)"


def _docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["word/document.xml"] = files["word/document.xml"].replace(b"<w:body>", b"<w:body>" + document_xml, 1)
    files.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_docx_bomb_is_refused_by_its_compression_ratio(run_cli_en, tmp_path):
    path = tmp_path / "r.docx"
    path.write_bytes(_docx_with(b"", {"word/media/image1.png": bytes(4 * 1024 * 1024)}))  # 4 MB of zeros: 4 KB zipped
    message = _refused(run_cli_en, path)
    assert message.startswith("not a Word .docx file: word/media/image1.png deflated ")
    assert message.endswith(" times, over the limit of 100 (a zip bomb) (a resource limit)")


def test_a_docx_of_too_much_xml_is_refused(run_cli_en, tmp_path, monkeypatch):
    from linter.read import docx as reader

    monkeypatch.setattr(reader, "MAX_XML_BYTES", 1000)
    path = tmp_path / "r.docx"
    path.write_bytes(_docx_with(b""))
    message = _refused(run_cli_en, path)
    assert message.startswith("not a Word .docx file: its XML unzips to ")
    assert message.endswith(" bytes, over the limit of 1,000 (a resource limit)")


@pytest.mark.parametrize("span", ["1001", "4611686018427387904", "1" + "0" * 30])
def test_a_docx_table_over_the_column_limit_is_refused(run_cli_en, tmp_path, span):
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="%s"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>' % span
    xml = f'<w:tbl><w:tr>{cell}<w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'.encode()
    path = tmp_path / "r.docx"
    path.write_bytes(_docx_with(xml))
    assert _refused(run_cli_en, path) == "table 1 row 1 is over the limit of 1,000 grid columns (w:gridSpan) (a resource limit)"


def test_limits_speak_chinese(run_cli, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(f"{TITLE}\n" + "\n" * limits.MAX_LINES)
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert f"xxgk-lint: 错误: {path}: 共 100,001 行，超过行数上限 100,000 行（资源上限）" in result.stderr.splitlines()


# an office's pack: a regular expression that backtracks exponentially -------------------------

SLOW_PACK = """\
pack: office
title: 本机关的补充检查
applies: {era: [fmt2021]}
extends: [fmt2021]
checks:
  - id: XG901
    name: slow-pattern
    kind: phrases
    params:
      patterns: ['PATTERN']
    severity: warning
    message: "“{found}”"
    message_en: "“{found}”"
    basis: 本机关政务公开工作制度
    docs: A pattern of the office's own.
    examples:
      - fail: |
          某某县人民政府2021年政府信息公开工作年度报告
          一、总体情况
          xxy
        expect: [[3, 1, "“xxy”"]]
      - pass: |
          某某县人民政府2021年政府信息公开工作年度报告
          一、总体情况
"""


def _office(tmp_path, pattern: str):
    pack = tmp_path / "office.yaml"
    pack.write_text(SLOW_PACK.replace("PATTERN", pattern), encoding="utf-8")
    (tmp_path / ".xxgk-lint.yaml").write_text("packs: [office.yaml]\n", encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(f"{TITLE}\n一、总体情况\n{'x' * 40}\n", encoding="utf-8")  # no y: every split is tried
    return pack, report


@pytest.mark.parametrize("pattern", ["(x+)+y", "(?:x*)*y", "(?:\\s*x?)+y", "(x+|z)+y", "(x|x)*y", "(?:(xy|xy))+"])
def test_a_pack_regular_expression_that_repeats_a_repeat_is_refused(run_cli_en, tmp_path, pattern):
    pack, report = _office(tmp_path, pattern)
    result = run_cli_en("check", str(report))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"xxgk-lint: error: {pack}:10: check XG901: regular expression {pattern!r} repeats a repeat "
        "(as (a+)+ or (a|a)* do): it can take exponential time; write the inner repeat once"
    ]


@pytest.mark.parametrize("pattern", ["(?:\\d+，)*x", "[^。]+(?:，[^。]+)*y", "(?:x|z)*y", "(?:x+)++y", "(x|xz)*y"])
def test_repeats_that_split_text_one_way_are_allowed(tmp_path, pattern):
    from linter.packs.backtracking import backtracks

    assert not backtracks(pattern)


def test_the_time_budget_interrupts_a_regular_expression_that_backtracks(run_cli_en, tmp_path):
    """(x+x+)+y is not caught at load; on forty x's it would run for hours: CPython's matcher
    checks for signals, so the per-file budget ends it."""
    _, report = _office(tmp_path, "(x+x+)+y")
    started = time.monotonic()
    result = run_cli_en("check", "--timeout", "0.5", str(report))
    assert time.monotonic() - started < 30
    assert result.exit_code == 2
    assert f"xxgk-lint: error: {report}: not linted: it took longer than the time budget of 0.5 s (see --timeout)" in result.stderr.splitlines()
