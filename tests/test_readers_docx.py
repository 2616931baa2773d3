"""The Word reader: document order, paragraph numbering (table rows count), merged cells."""

from __future__ import annotations

import functools
import io
import zipfile

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from linter.document import DocLine
from linter.errors import InputError
from linter.read import docx as docx_reader
from linter.read import read as read_any
from linter.read.docx import read
from linter.read.source import Source


def read_docx(document: DocxDocument, name: str = "report.docx") -> list[DocLine]:
    return read(_source(_save(document), name))


def _save(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _source(data: bytes, name: str = "report.docx") -> Source:
    return Source(name, data, ".docx")


def summary(lines: list[DocLine]) -> list[tuple[int, str, str | None]]:
    return [(line.line, line.text, line.where) for line in lines]


def _report() -> DocxDocument:
    document = docx.Document()
    document.add_heading("某局2023年政府信息公开工作年度报告", 0)
    document.add_heading("一、总体情况", 1)
    document.add_paragraph("2023年，本机关认真贯彻落实《条例》。")
    document.add_paragraph("")
    document.add_heading("三、收到和处理政府信息公开申请情况", 1)
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0))  # vertical merge
    table.cell(0, 1).merge(table.cell(0, 3))  # horizontal merge
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "申请人情况"
    for column, label in enumerate(["自然人", "法人", "总计"], 1):
        table.cell(1, column).text = label
    table.cell(2, 0).text = "一、本年新收政府信息公开申请数量"
    table.cell(2, 1).text = "20"
    table.cell(2, 3).text = "20"
    label = table.cell(3, 0)
    label.text = "二、上年结转"
    label.add_paragraph("政府信息公开申请数量")
    table.cell(3, 1).text = "0"
    document.add_heading("四、行政复议", 1)
    return document


def test_paragraphs_and_tables_in_document_order_rows_count_as_paragraphs() -> None:
    assert summary(read_docx(_report())) == [
        (1, "某局2023年政府信息公开工作年度报告", "第1段"),
        (2, "一、总体情况", "第2段"),
        (3, "2023年，本机关认真贯彻落实《条例》。", "第3段"),
        # paragraph 4 is blank: counted, not emitted
        (5, "三、收到和处理政府信息公开申请情况", "第5段"),
        (6, "项目 |", "表1 第1行 第1列"),
        (6, "申请人情况 |", "表1 第1行 第2列"),
        (6, "|||", "表1 第1行"),
        (7, "自然人 |", "表1 第2行 第2列"),
        (7, "法人 |", "表1 第2行 第3列"),
        (7, "总计 |", "表1 第2行 第4列"),
        (7, "|||", "表1 第2行"),
        (8, "一、本年新收政府信息公开申请数量 |", "表1 第3行 第1列"),
        (8, "20 |", "表1 第3行 第2列"),
        (8, "|", "表1 第3行 第3列"),
        (8, "20 |", "表1 第3行 第4列"),
        (8, "|||", "表1 第3行"),
        (9, "二、上年结转政府信息公开申请数量 |", "表1 第4行 第1列"),
        (9, "0 |", "表1 第4行 第2列"),
        (9, "|", "表1 第4行 第3列"),
        (9, "|", "表1 第4行 第4列"),
        (9, "|||", "表1 第4行"),
        (10, "四、行政复议", "第10段"),
    ]


def test_a_cell_points_at_its_row_paragraph_and_grid_column() -> None:
    lines = read_docx(_report())
    cell = next(line for line in lines if line.where == "表1 第3行 第4列")
    assert cell.cell == (1, 3, 4)
    assert [cell.origin(i) for i in range(len(cell.text) + 1)] == [(8, 4)] * 5
    assert cell.span().line == 8 and cell.span().column == 4
    assert next(line for line in lines if line.text == "申请人情况 |").cell == (1, 1, 2)
    assert all(line.cell is None for line in lines if line.text == "|||" or not line.text.endswith("|"))


def test_paragraph_columns_are_character_positions() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("\u3000\u30002023年，")
    paragraph.add_run("本机关").bold = True
    paragraph.add_run("第一行")
    paragraph.add_run().add_break()
    paragraph.add_run("  第二行\t")
    lines = read_docx(document)
    assert summary(lines) == [(1, "2023年，本机关第一行", "第1段"), (1, "第二行", "第1段")]
    assert lines[0].origin(0) == (1, 3)  # after the two ideographic spaces
    assert lines[0].origin(len(lines[0].text)) == (1, 15)
    assert lines[1].origin(0) == (1, 18)  # 15 characters and the line break, then two spaces


def test_paragraph_from_offset_zero_uses_the_identity_map() -> None:
    document = docx.Document()
    document.add_paragraph("六、其他需要报告的事项")
    [line] = read_docx(document)
    assert line.cols is None and line.lines is None
    assert line.origin(3) == (1, 4)


def test_two_tables_are_numbered_and_rows_keep_counting() -> None:
    document = docx.Document()
    document.add_paragraph("前")
    first = document.add_table(rows=2, cols=1)
    first.cell(0, 0).text = "a"
    first.cell(1, 0).text = "b"
    second = document.add_table(rows=1, cols=2)
    second.cell(0, 1).text = "c"
    document.add_paragraph("后")
    lines = read_docx(document)
    assert [(line.line, line.text, line.cell) for line in lines] == [
        (1, "前", None),
        (2, "a |", (1, 1, 1)),
        (2, "|||", None),
        (3, "b |", (1, 2, 1)),
        (3, "|||", None),
        (4, "|", (2, 1, 1)),
        (4, "c |", (2, 1, 2)),
        (4, "|||", None),
        (5, "后", None),
    ]


def test_text_in_smart_tags_content_controls_and_revisions() -> None:
    document = docx.Document()
    body = document.element.body
    paragraph = parse_xml(
        f"<w:p {nsdecls('w')}><w:r><w:t>落款日期：</w:t></w:r>"
        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate">'
        "<w:r><w:t>2024年1月17日</w:t></w:r></w:smartTag>"
        '<w:ins w:id="1" w:author="a"><w:r><w:t>（新增）</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>"
    )
    control = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="标题"/></w:sdtPr>'
        "<w:sdtContent><w:p><w:r><w:t>控件中的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.insert(0, paragraph)
    body.insert(1, control)
    assert summary(read_docx(document)) == [
        (1, "落款日期：2024年1月17日（新增）链接", "第1段"),
        (2, "控件中的段落", "第2段"),
    ]


def test_row_starting_after_skipped_grid_columns() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "a"
    row = table.rows[1]._tr
    row.remove(row.tc_lst[0])
    row.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    row.tc_lst[0].append(parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>b</w:t></w:r></w:p>"))
    lines = read_docx(document)
    assert [(line.text, line.cell) for line in lines if line.line == 2] == [
        ("b |", (1, 2, 2)),
        ("|", (1, 2, 3)),
        ("|||", None),
    ]


def test_nested_table_text_is_part_of_its_cell() -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外"
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内1"
    inner.cell(0, 1).text = "内2"
    outer.cell(0, 1).text = "5"
    assert summary(read_docx(document)) == [
        (1, "外内1内2 |", "表1 第1行 第1列"),
        (1, "5 |", "表1 第1行 第2列"),
        (1, "|||", "表1 第1行"),
    ]


def test_empty_document() -> None:
    assert read_docx(docx.Document()) == []


def test_dispatch_by_suffix() -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    assert summary(read_any(_source(_save(document)))) == [(1, "正文", "第1段")]


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _without(data: bytes, member: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _zip({name: archive.read(name) for name in archive.namelist() if name != member})


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"plain text, not a zip", "not a Word .docx file: File is not a zip file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "not a Word .docx file: File is not a zip file"),
        (_zip({"a.txt": b"x"}), "not a Word .docx file: There is no item named '[Content_Types].xml' in the archive"),
        (
            _without(_save(docx.Document()), "word/document.xml"),
            "not a Word .docx file: There is no item named 'word/document.xml' in the archive",
        ),
    ],
)
def test_not_a_docx_is_an_input_error(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        read(_source(data))
    assert caught.value.path == "report.docx"
    assert caught.value.reason == reason


def _docx_files() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(_save(docx.Document()))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_zip_bomb_is_refused_before_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _save(docx.Document())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = sum(member.file_size for member in archive.infolist())
    monkeypatch.setattr(docx_reader, "MAX_UNZIPPED_BYTES", size - 1)
    with pytest.raises(InputError) as caught:
        read(_source(data))
    assert caught.value.reason == f"not a Word .docx file: unzips to {size:,} bytes, over the limit of {size - 1:,} (a resource limit)"


def test_malformed_document_xml_is_an_input_error() -> None:
    files = _docx_files()
    files["word/document.xml"] = b"<w:document"
    with pytest.raises(InputError, match=r"^report.docx: not a Word .docx file: "):
        read(_source(_zip(files)))


def test_other_office_file_is_an_input_error() -> None:
    files = _docx_files()
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
    )
    with pytest.raises(InputError) as caught:
        read(_source(_zip(files)))
    assert caught.value.reason == (
        "not a Word .docx file: content type is 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'"
    )


@pytest.mark.parametrize("value", ["1" + "0" * 30, "9" * 5000, "2147483648", "-3", "x"])
def test_a_huge_or_odd_grid_span_is_a_limit_not_a_crash(value: str) -> None:
    """Word allows 63 grid columns: a span past docx.MAX_GRID_SPAN counts as that many (as
    browsers clamp colspan), which puts the row over the limit of grid columns (a one-line
    error naming it); one that is not a number counts as 1."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "a", "b"
    first = table.rows[0]._tr.tc_lst[0]
    first.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="{value}"/>'))
    if value[0] in "129":
        with pytest.raises(InputError) as caught:
            read_docx(document)
        assert caught.value.reason == "table 1 row 1 is over the limit of 1,000 grid columns (w:gridSpan) (a resource limit)"
        return
    lines = read_docx(document)
    assert [(line.text, line.cell) for line in lines if line.cell] == [("a |", (1, 1, 1)), ("b |", (1, 1, 2))]


def test_the_body_is_read_without_python_docx_opening_the_package(monkeypatch) -> None:
    """python-docx parses every part of a package: only its main document part is read, and
    python-docx opens a package only for its comments or to say what is wrong with it."""
    data = _save(_report())
    expected = summary(read(_source(data)))

    def not_opened(*_args, **_kwargs):
        raise AssertionError("python-docx opened the package")

    monkeypatch.setattr(docx_reader.docx, "Document", not_opened)
    assert summary(read(_source(data))) == expected and len(expected) > 10
    # a package whose main part is not a Word document is left to python-docx (and its errors)
    archive = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(archive, "w") as copy:
        for item in original.infolist():
            content = original.read(item)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"wordprocessingml.document.main", b"wordprocessingml.template.main")
            copy.writestr(item, content)
    monkeypatch.undo()
    with pytest.raises(InputError, match="not a Word .docx file: .*template"):
        read(_source(archive.getvalue()))


def _clark(name: str) -> str:
    from linter.read.docx import _NAMESPACES

    prefix, local = name.split(":")
    return f"{{{_NAMESPACES[prefix]}}}{local}"


@functools.cache
def _walk_names():
    from linter.read.docx import _NOT_TEXT, _RUN_TEXT

    return ({_clark(name) for name in _NOT_TEXT}, {_clark(name): text for name, text in _RUN_TEXT.items()},
            *(_clark(name) for name in ("w:p", "w:r", "w:t", "w:tbl", "w:tr", "w:tc")))


def _paragraphs_walked(element) -> list:
    """The paragraphs of an element found the long way: a walk that takes each paragraph and
    passes over what is not text, entering nothing else it takes or passes over."""
    _NOT_TEXT, _, _P, *_ = _walk_names()
    found, stack = [], list(reversed(element))
    while stack:
        child = stack.pop()
        if child.tag == _P:
            found.append(child)
        elif child.tag not in _NOT_TEXT:
            stack.extend(reversed(child))
    return found


def _text_walked(paragraph) -> str:
    """A paragraph's text found the long way: a walk that reads each run's text and passes over
    what is not text, entering nothing else it reads or passes over."""
    _NOT_TEXT, _RUN_TEXT, _P, _R, _T, *_ = _walk_names()
    parts, stack = [], list(reversed(paragraph))
    while stack:
        element = stack.pop()
        if element.tag == _R:
            parts.extend((child.text or "") if child.tag == _T else _RUN_TEXT.get(child.tag, "") for child in element)
        elif element.tag not in _NOT_TEXT:
            stack.extend(reversed(element))
    return "".join(parts)


def _body_walked(body) -> tuple[list, dict]:
    """What the reader gives for a body (`_body_lines`: its DocLines, the paragraph numbers of
    each comment's marks) found the long way, a walk in Python: the reader as it was before the
    body was read by XSLT."""
    from array import array

    from docx.oxml.ns import qn

    from linter.read.docx import _number, _paragraph_lines

    _, _, _P, _, _, _TBL, _TR, _TC = _walk_names()
    wrappers = {qn(tag) for tag in ("w:sdt", "w:sdtContent", "w:customXml")}

    def children(element, tags):
        found, stack = [], list(reversed(element))
        while stack:
            child = stack.pop()
            if child.tag in tags:
                found.append(child)
            elif child.tag in wrappers:
                stack.extend(reversed(child))
        return found

    def first(element, group, name):
        found = [child for properties in element if properties.tag == qn(group) for child in properties if child.tag == qn(name)]
        return found[0] if found else None

    def val(found):
        return None if found is None else found.get(qn("w:val"))

    def comment_marks(element, n):
        for mark in element.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference")):
            marks.setdefault(mark.get(qn("w:id"), ""), []).append(n)

    out, marks, n, t = [], {}, 0, 0
    for block in children(body, (_P, _TBL)):
        if block.tag == _P:
            n += 1
            out.extend(_paragraph_lines(_text_walked(block), n))
            comment_marks(block, n)
            continue
        t += 1
        for r, row in enumerate(children(block, (_TR,)), 1):
            n += 1
            cells, column = [], max(0, _number(val(first(row, "w:trPr", "w:gridBefore")), 0))
            for cell in children(row, (_TC,)):
                if column >= 1000:
                    raise InputError("r.docx", f"table {t} row {r} is over the limit of 1,000 grid columns (w:gridSpan)")
                merge = first(cell, "w:tcPr", "w:vMerge")
                if r == 1 or merge is None or merge.get(qn("w:val"), "continue") != "continue":
                    text = "".join(segment.strip() for p in _paragraphs_walked(cell) for segment in _text_walked(p).split("\n"))
                    text = f"{text} |" if text else "|"
                    cells.append(DocLine(text, n, array("l", [column + 1]) * (len(text) + 1),
                                         where=f"表{t} 第{r}行 第{column + 1}列", cell=(t, r, column + 1)))
                column += min(max(1, _number(val(first(cell, "w:tcPr", "w:gridSpan")), 1)), 1000)
            out.extend(cells + ([DocLine("|||", n, where=f"表{t} 第{r}行")] if cells else []))
            comment_marks(row, n)
    return out, marks


def _random_body(rng):
    """A body of random elements of the kinds the reader tells apart, mostly where Word puts
    them (paragraphs and tables in the body, rows, cells, runs, text), now and then anywhere;
    with text, and some with a tail, a comment or a property value."""
    from docx.oxml.ns import qn
    from lxml import etree

    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    anywhere = [qn(t) for t in ("w:p", "w:r", "w:t", "w:tab", "w:br", "w:del", "w:moveFrom", "w:txbxContent", "w:pPr",
                                "w:rPr", "w:sdtPr", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent", "w:customXml",
                                "w:hyperlink", "w:tcPr", "w:trPr", "w:commentRangeStart", "w:commentReference")] + [fallback]
    usual = {  # what an element holds, as Word writes it (wrappers hold what their parent does)
        "w:body": ["w:p", "w:p", "w:tbl", "w:sdt", "w:customXml"],
        "w:tbl": ["w:tr", "w:tr", "w:tr", "w:sdt", "w:tblPr"],
        "w:tr": ["w:tc", "w:tc", "w:tc", "w:trPr", "w:sdt", "w:commentRangeStart"],
        "w:trPr": ["w:gridBefore", "w:gridBefore", "w:jc"],
        "w:tc": ["w:p", "w:p", "w:tcPr", "w:tbl", "w:sdt"],
        "w:tcPr": ["w:gridSpan", "w:vMerge", "w:tcW"],
        "w:p": ["w:r", "w:r", "w:r", "w:pPr", "w:hyperlink", "w:del", "w:ins", "w:sdt", "w:commentRangeEnd"],
        "w:hyperlink": ["w:r"], "w:del": ["w:r"], "w:ins": ["w:r"], "w:moveFrom": ["w:r"],
        "w:r": ["w:t", "w:t", "w:t", "w:tab", "w:ptab", "w:br", "w:cr", "w:noBreakHyphen", "w:rPr", "w:commentReference",
                "mc:Fallback", "w:txbxContent"],
        "w:txbxContent": ["w:p"], "mc:Fallback": ["w:p", "w:r"],
    }
    values = [None, None, "", "2", " 3 ", "continue", "restart", "0", "x", "999999999999"]
    texts = ["1", " 2\t", "\n", "", None, "  ", "字 ", "第一\n第二"]
    body = etree.Element(qn("w:body"))

    def fill(element, kind, depth):
        for _ in range(rng.randint(0, 4 if depth < 5 else 0)):
            if rng.random() < 0.04:
                element.append(etree.Comment("c"))
            tag = rng.choice(anywhere) if rng.random() < 0.08 or kind not in usual else None
            if tag is None:
                child_kind = rng.choice(usual[kind])
                tag = fallback if child_kind == "mc:Fallback" else qn(child_kind)
            child = etree.SubElement(element, tag)
            child.text = rng.choice(texts)
            if rng.random() < 0.05:
                child.tail = "tail"
            value = rng.choice(values)
            if value is not None:
                child.set(qn("w:val"), value)
                child.set(qn("w:id"), value)
            child_kind = next((k for k in usual if k != "mc:Fallback" and qn(k) == tag), "mc:Fallback" if tag == fallback else "")
            if child_kind in ("w:sdt", "w:customXml", "w:sdtContent"):
                child_kind = kind  # a wrapper holds what its parent does
            fill(child, child_kind, depth + 1)

    fill(body, "w:body", 0)
    return body


def test_the_body_read_in_xslt_is_what_a_walk_finds() -> None:
    """The reader's XSLT against a walk in Python over random bodies: the same DocLines and
    comment marks (so the same paragraph numbers, cells, merged cells and spans)."""
    import random

    from linter.read.docx import _body_lines

    def outcome(read, body):
        try:
            return read(body)
        except InputError as error:  # a row over the limit of grid columns
            return error.reason.removesuffix(" (a resource limit)")

    rng = random.Random(16)
    lines = 0
    for _ in range(3000):
        body = _random_body(rng)
        found = outcome(lambda body: _body_lines(body, "r.docx"), body)
        assert found == outcome(_body_walked, body)
        lines += len(found[0]) if isinstance(found, tuple) else 0
    assert lines > 3000  # most bodies have lines


def test_the_demo_reports_read_in_xslt_are_what_a_walk_finds(tmp_path) -> None:
    from pathlib import Path

    from markdown_formats import markdown_docx

    from linter.read.docx import _body_lines, _main_body

    for name in ("demo-defects-2021.md", "demo-clean-2021.md"):
        path = Path(__file__).parent.parent / "examples" / name
        if not path.exists():
            continue
        data = markdown_docx(path.read_text(encoding="utf-8"), tmp_path / "r.docx").read_bytes()
        body = _main_body(data)
        lines, _marks = _body_lines(body, "r.docx")
        assert len(lines) > 100 and (lines, {}) == _body_walked(body)
    report = _main_body(_save(_report()))
    assert _body_lines(report, "r.docx") == _body_walked(report)
