"""The PDF reader (linter/read/pdf.py) and its clean-up (linter/read/pdf_text.py).

Real reports: the three published PDFs of tests/fixtures/pdf/ (WPS exports; their pdfminer
text is in tests/fixtures/*.txt) lint with the rule ids of their text versions, plus what only
the PDF shows, at the page and line a person finds them. Generated reports (tests/pdfgen.py,
reportlab): the README's demo report as a PDF with a running header, page numbers, fake-bold
headings, 表三 with merged header cells and split over two pages; a scanned page; fonts without
a Unicode map; encrypted files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pdfgen
import pytest
from conftest import EXAMPLES, FIXTURES, findings_of

from linter.api import Settings, lint_path
from linter.document import DocLine
from linter.errors import InputError
from linter.read import pdf, read_document
from linter.read.pdf_text import clean_line
from linter.read.source import load

PDFS = FIXTURES / "pdf"


def _document(path: Path) -> list[tuple[int, int, int, str | None, str]]:
    """(line, page, page_line, where, text) of each document line as read."""
    return [(d.line, d.page, d.page_line, d.where, d.text) for d in pdf.read_document(load(str(path)))]


# --- the three published reports ---------------------------------------------------------------

# (rule, line, column, page, page_line, where), decided by reading each PDF page by page.
GOLDEN = {
    # 表三 uses the 2019 single-row （六）其他处理 in a 2021 report (第4页, the 7th row on the
    # page): XG309; so the 2021 row （六）1. is not found and 表三 is not judged (XG301, at its
    # first cell, 第3页 line 8: 6 rows of 表二 and the heading above it). 表四 as printed
    # (第4页 line 14, the values row under three header rows): 复议 10 1 0 0 | 总计 0 and 复议后
    # 起诉 5 0 0 0 | 总计 0, the two XG305 of the text version.
    "kiro-hongze-district-2023.pdf": [
        ("XG301", 84, 1, 3, 8, "第3页 表2 第1行 第1列"),
        ("XG309", 281, 1, 4, 7, "第4页第7行"),
        ("XG305", 335, 1, 4, 14, "第4页 表3 第4行 第5列"),
        ("XG305", 345, 1, 4, 14, "第4页 表3 第4行 第15列"),
    ],
    # The same mixed 表三 (XG309, XG301); the blank cell printed beside （六）其他处理 and
    # （七）总计 (第4页) sits in the column of labels, not a value: no XG307. 表四 balances.
    # 区政府办代表区政府受理…17件 against 本年新收 95, as in the text version.
    "kiro-hongze-district-2024.pdf": [
        ("XG404", 23, 29, 1, 23, "第1页第23行"),
        ("XG301", 85, 1, 3, 9, "第3页 表2 第1行 第1列"),
        ("XG309", 282, 1, 4, 8, "第4页第8行"),
    ],
    # 2021 layout throughout, every identity holds, the text agrees with the tables.
    "govnianbao-huaian-city-2024.pdf": [],
}
# The rule ids of the text versions (tests/test_golden*.py), which the PDF must give too.
TEXT_RULES = {
    "kiro-hongze-district-2023.pdf": {"XG301", "XG305"},
    "kiro-hongze-district-2024.pdf": {"XG301", "XG404"},
    "govnianbao-huaian-city-2024.pdf": set(),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_published_pdf_findings(name):
    _, findings = lint_path(str(PDFS / name), Settings())
    assert [(f.rule, f.line, f.column, f.page, f.page_line, f.where) for f in findings] == GOLDEN[name]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_published_pdf_gives_the_rules_of_its_text_version(name):
    pdf_rules = {rule for rule, *_ in GOLDEN[name]}
    text_rules = {rule for rule, _, _ in findings_of(FIXTURES / name.replace(".pdf", ".txt"))}
    assert text_rules == TEXT_RULES[name]
    # what the PDF adds: the mixed template its tables show (the text lost the table layout)
    assert pdf_rules - text_rules == ({"XG309"} if "hongze" in name else set())
    assert text_rules <= pdf_rules


def test_published_pdf_reads_its_tables_as_grids():
    lines = _document(PDFS / "kiro-hongze-district-2023.pdf")
    text = [t for *_, t in lines]
    # page 1: title over two lines, no page number `- 1 -` anywhere
    assert text[:2] == ["洪泽区人民政府", "2023 年政府信息公开工作年度报告"]
    assert not any(t.replace(" ", "") in ("-1-", "-2-", "-3-", "-4-", "-5-") for t in text)
    # pages 1-2 draw an invisible white box behind every line of text: no table until 表二
    assert [where for _, _, _, where, _ in lines[:38]] == [None] * 38
    assert lines[38] == (39, 2, 15, "第2页 表1 第1行 第1列", "第二十条第（一）项 |")
    # 表二 goes on from page 2 to page 3 as one table (rows 8 and 9)
    assert (64, 2, 22, "第2页 表1 第8行 第1列", "第二十条第（六）项 |") in lines
    assert (66, 3, 1, "第3页 表1 第9行 第1列", "信息内容 |") in lines
    # 表三: the vertical merged label, once, at its top row; its rest on page 4 is not a cell
    assert (115, 3, 13, "第3页 表2 第6行 第1列", "三、本年度办理结果 |") in lines
    assert lines[225:228] == [
        (226, 4, 1, "第4页 表2 第18行 第3列", "3.补正后申请内容仍不明确 |"),
        (227, 4, 1, "第4页 表2 第18行 第4列", "0 |"),
        (228, 4, 1, "第4页 表2 第18行 第5列", "0 |"),
    ]
    # the last row of page 3 has no bottom border (the table goes on): still a row of cells
    assert (217, 3, 24, "第3页 表2 第17行 第3列", "2.没有现成信息需要另行制作 |") in lines


def test_published_pdf_with_a_typo_in_a_label_is_read_as_printed():
    text = [t for *_, t in _document(PDFS / "kiro-hongze-district-2024.pdf")]
    assert "2.其他法律行政止公开 |" in text


# --- the demo report, generated --------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory) -> Path:
    markdown = (EXAMPLES / "demo-defects-2021.md").read_text(encoding="utf-8")
    return pdfgen.build(tmp_path_factory.mktemp("pdf") / "demo-defects-2021.pdf", pdfgen.demo_doc(markdown))


def test_demo_pdf_has_the_findings_of_its_markdown(demo_pdf):
    # The Markdown gives XG201 1:12, XG404 11:13, XG111 15:2, XG302/XG304 41:46, XG101/XG113
    # 74:4, XG202 78:6: the same rules on the same words, at the PDF's lines (the running
    # header dropped, the long paragraph wrapped over three lines, table cells one a line).
    # Page 2 holds rows 9-27 of 表三 (its lines 1-19), the heading 四 (20), 表四 (21-23), then
    # 六、 (24) and the date (26).
    _, findings = lint_path(str(demo_pdf), Settings())
    assert [(f.rule, f.line, f.column, f.page, f.page_line) for f in findings] == [
        ("XG201", 1, 10, 1, 1),
        ("XG404", 8, 13, 1, 8),
        ("XG111", 10, 2, 1, 10),
        ("XG302", 102, 1, 1, 30),
        ("XG304", 102, 1, 1, 30),
        ("XG101", 369, 1, 2, 24),
        ("XG113", 369, 1, 2, 24),
        ("XG202", 371, 6, 2, 26),
    ]
    assert {f.rule for f in findings} == {f[0] for f in findings_of(EXAMPLES / "demo-defects-2021.md")}
    cell = next(f for f in findings if f.rule == "XG302")
    assert cell.where == "第1页 表2 第3行 第8列"


def test_demo_pdf_running_header_page_numbers_and_fake_bold(demo_pdf):
    lines = _document(demo_pdf)
    text = [t for *_, t in lines]
    assert "某某县发展和改革局政府信息公开工作年度报告" not in text  # the running header, on both pages
    assert not any(t in ("- 1 -", "- 2 -", "-1-", "-2-") for t in text)
    # headings drawn twice 0.4 pt apart read once
    assert lines[0] == (1, 1, 1, None, "某某县发展和改革局2024年政府信息公开工作年度报告")
    assert (5, 1, 5, None, "一、总体情况") in lines


def test_demo_pdf_merged_cells_and_a_table_split_over_two_pages(demo_pdf):
    lines = _document(demo_pdf)
    header = [(line, page, where, text) for line, page, _, where, text in lines if where and where.startswith("第1页 表2 第")][:11]
    # the two-row header: 申请人情况 and 自然人 span two rows, 法人或其他组织 five columns, 总计
    # two rows; each merged cell once, at its top-left grid position
    assert header == [
        (84, 1, "第1页 表2 第1行 第1列", "申请人情况 |"),
        (85, 1, "第1页 表2 第1行 第2列", "自然人 |"),
        (86, 1, "第1页 表2 第1行 第3列", "法人或其他组织 |"),
        (87, 1, "第1页 表2 第1行 第8列", "总计 |"),
        (88, 1, "第1页 表2 第1行", "|||"),
        (89, 1, "第1页 表2 第2行 第3列", "商业企业 |"),
        (90, 1, "第1页 表2 第2行 第4列", "科研机构 |"),
        (91, 1, "第1页 表2 第2行 第5列", "社会公益组织 |"),
        (92, 1, "第1页 表2 第2行 第6列", "法律服务机构 |"),
        (93, 1, "第1页 表2 第2行 第7列", "其他 |"),
        (94, 1, "第1页 表2 第2行", "|||"),
    ]
    # page 1 ends with row 8 of 表三, page 2 goes on with row 9 of the same table
    assert (147, 1, 35, "第1页 表2 第8行 第8列", "0 |") in lines
    assert (149, 2, 1, "第2页 表2 第9行 第1列", "3.危及“三安全一稳定” |") in lines
    assert not any(where and where.startswith("第2页 表3 第9行") for *_, where, _ in lines)


# --- what cannot be read ----------------------------------------------------------------------


def _scan_image():
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (420, 594), 255)
    draw = ImageDraw.Draw(image)
    for y in range(40, 560, 16):  # lines of "text" as a scanner sees them
        draw.rectangle((40, y, 380, y + 8), fill=30)
    return ImageReader(image)


def _scanned_pdf(path: Path, text_pages: int) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=pdfgen.A4)
    for _ in range(text_pages):
        c.setFont(pdfgen.FONT, 12)
        c.drawString(72, 700, "某某县2023年政府信息公开工作年度报告")
        c.showPage()
    c.drawImage(_scan_image(), 20, 20, pdfgen.WIDTH - 40, pdfgen.HEIGHT - 40)
    c.showPage()
    c.save()
    return path


def test_a_scanned_pdf_is_refused(tmp_path, run_cli):
    scan = _scanned_pdf(tmp_path / "scan.pdf", text_pages=0)
    result = run_cli("check", str(scan))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"xxgk-lint: 错误: {scan}: 扫描件，没有文字层，需先OCR"
    )


def test_a_scanned_page_in_a_text_pdf_is_refused(tmp_path):
    scan = _scanned_pdf(tmp_path / "mixed.pdf", text_pages=2)
    with pytest.raises(InputError) as error:
        read_document(load(str(scan)))
    assert (error.value.zh, error.value.reason) == ("第3页是扫描图像，没有文字层，需先OCR", "page 3: a scanned image without a text layer: run OCR first")


def test_a_small_image_on_a_page_without_text_is_not_a_scan(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "seal.pdf"
    c = canvas.Canvas(str(path), pagesize=pdfgen.A4)
    c.setFont(pdfgen.FONT, 12)
    c.drawString(72, 700, "某某县2023年政府信息公开工作年度报告")
    c.showPage()
    c.drawImage(_scan_image(), 400, 100, 80, 80)  # a seal on an otherwise empty last page
    c.showPage()
    c.save()
    assert [t for *_, t in _document(path)] == ["某某县2023年政府信息公开工作年度报告"]


def test_fonts_without_a_unicode_map_are_refused(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))  # embedded as a subset with a ToUnicode map
    path = tmp_path / "cid.pdf"
    c = canvas.Canvas(str(path), pagesize=pdfgen.A4)
    c.setFont(pdfgen.FONT, 12)
    c.drawString(72, 700, "本年新收政府信息公开申请数量")
    c.setFont("Vera", 12)
    c.drawString(72, 680, "Àé ÉÎÕÜ")  # letters that reportlab's subset codes as 1, 2, 3, ...
    c.save()
    assert [t for *_, t in _document(path)] == ["本年新收政府信息公开申请数量", "Àé ÉÎÕÜ"]
    path.write_bytes(pdfgen.strip_unicode_maps(path.read_bytes(), b"Vera"))
    with pytest.raises(InputError) as error:
        read_document(load(str(path)))
    assert error.value.zh == (
        "字体缺少Unicode映射，第1页起共6个字符无法转为文字（pdfminer显示为(cid:N)），无法可靠读取；"
        "请用原文档重新导出PDF"
    )
    assert error.value.reason.startswith("fonts without a Unicode map: 6 characters from page 1")


def test_an_encrypted_pdf_needing_a_password_is_refused_and_one_without_is_read(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    for name, user in (("locked.pdf", "secret"), ("permissions.pdf", "")):
        doc = pdfgen.Doc(header=None, page_numbers=False, blocks=["某某县2023年政府信息公开工作年度报告"])
        pdfgen.build(tmp_path / name, doc, encrypt=StandardEncryption(user, ownerPassword="owner", canPrint=0))
    with pytest.raises(InputError) as error:
        read_document(load(str(tmp_path / "locked.pdf")))
    assert error.value.zh == "PDF已加密，需要密码才能打开；请提供未加密的版本"
    assert [t for *_, t in _document(tmp_path / "permissions.pdf")] == ["某某县2023年政府信息公开工作年度报告"]


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nnot really\n")
    with pytest.raises(InputError) as error:
        read_document(load(str(path)))
    assert error.value.zh.startswith("不是可读取的PDF文件（") and error.value.reason.startswith("not a readable PDF: ")


# --- the clean-up ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("2024 年 1 月 1 日", "2024年1月1日"),
        ("（国令第 711号）", "（国令第711号）"),
        ("要求编制此报告。 报告中", "要求编制此报告。报告中"),
        ("行政许可  97  3", "行政许可  97  3"),  # a gap between columns stays
        ("本年新收申请数量 21 0 0", "本年新收申请数量 21 0 0"),  # a label and its values
        ("全市在运维政务新媒体共计 95", "全市在运维政务新媒体共计 95"),  # the word goes on on the next line
        ("共计 95 个，合格率 100%", "共计95个，合格率 100%"),
        ("合格率均为 100%。", "合格率均为100%。"),
        ("hzzwgk@126.com 0517 87222589", "hzzwgk@126.com 0517 87222589"),
        ("Word 文档", "Word 文档"),
    ],
)
def test_clean_up_deletes_the_spaces_of_extraction(raw, clean):
    assert clean_line(DocLine(raw, 7)).text == clean


def test_clean_up_keeps_columns_in_the_document_text():
    line = clean_line(DocLine("统计期限自 2023 年 1 月", 12, page=1, page_line=5))
    assert line.text == "统计期限自2023年1月"
    assert [line.origin(i) for i in (5, 9, 10)] == [(12, 7), (12, 12), (12, 14)]  # 2, 年, 1
    assert (line.page, line.page_line) == (1, 5)


def test_kangxi_radicals_read_as_the_ideographs_without_nfkc():
    from linter.read.normalise import normalize_text

    assert normalize_text("⼀、⼆〇⼆三年⻓⻔") == "一、二〇二三年长门"
    assert normalize_text("①（）：") == "①():"  # full-width forms as everywhere; no NFKC of ①


# --- the command line -------------------------------------------------------------------------


def test_a_folder_of_pdf_and_doc_lints_the_pdfs_and_errs_on_the_doc(tmp_path, run_cli):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(PDFS / "kiro-hongze-district-2024.pdf", folder / "a.pdf")
    shutil.copy(PDFS / "govnianbao-huaian-city-2024.pdf", folder / "b.pdf")
    (folder / "c.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run_cli("check", "--format", "concise", str(folder))
    assert result.exit_code == 2  # never 0: one report could not be read
    assert result.stdout.splitlines() == [
        f"{folder / 'a.pdf'}:23:29: XG404 [warning] 正文所述收到申请数为17（“受理政府信息公开申请17件”），"
        "与表三“一、本年新收政府信息公开申请数量/总计”（95）不一致",
        f"{folder / 'a.pdf'}:85:1: XG301 [warning] 表三 收到和处理政府信息公开申请情况无法可靠读取"
        "（未找到“（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”行），未核对其勾稽关系",
        f"{folder / 'a.pdf'}:282:1: XG309 [error] 表三 收到和处理政府信息公开申请情况的“(六)其他处理”只有一行，"
        "这是2019年格式；2021年度起应分为三行：1.申请人无正当理由逾期不补正…；2.申请人逾期未按收费通知要求缴纳费用…；3.其他",
    ]
    assert result.stderr.splitlines() == [
        f"xxgk-lint: 错误: {folder / 'c.doc'}: Word 97-2003 文档（.doc）不能直接读取，"
        "请用 Word 或 WPS 打开后“另存为”.docx 或导出 PDF 再检查",
        "xxgk-lint: 已检查 2 个文件；1 个文件无法读取（原因见上方错误）；跳过 1 个非报告格式的文件（.png 1）。",
    ]


def test_a_folder_with_no_report_is_an_error(tmp_path, run_cli):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run_cli("check", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"xxgk-lint: 错误: {tmp_path}: 没有可检查的报告文件（.txt .md .markdown .text .html .htm .shtml .xhtml .docx .pdf）\n"
    )


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.wps", b"\xd0\xcf\x11\xe0", "WPS 文字文档（.wps）不能直接读取，请用 Word 或 WPS 打开后“另存为”.docx 或导出 PDF 再检查"),
        ("a.ofd", b"PK\x03\x04", "OFD 版式文档（.ofd）不能直接读取，请用数科 OFD 阅读器或 WPS 转换为 PDF 再检查"),
        ("a.xlsx", b"PK\x03\x04", "Excel 表格（.xlsx）不是年度报告格式，请检查报告正文（.docx、PDF 或网页）"),
        ("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Office 97-2003 或 WPS 的二进制文档（.doc/.wps/.xls），不能直接读取，请用 Word 或 WPS 打开后“另存为”.docx 或导出 PDF 再检查"),
        ("a.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Office 97-2003 或 WPS 的二进制文档（.doc/.wps/.xls），不能直接读取，请用 Word 或 WPS 打开后“另存为”.docx 或导出 PDF 再检查"),
    ],
)
def test_unsupported_formats_name_the_format_and_how_to_convert(tmp_path, run_cli, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    result = run_cli("check", "--format", "json", str(path))
    assert (result.exit_code, result.stdout) == (2, "[]\n")
    assert result.stderr.splitlines()[0] == f"xxgk-lint: 错误: {path}: {reason}"


def test_a_pdf_on_stdin_is_read_as_pdf(run_cli):
    data = (PDFS / "kiro-hongze-district-2024.pdf").read_bytes()
    result = run_cli("check", "--format", "concise", "--select", "XG309", "-", input=data)
    assert result.stdout == (
        "<stdin>:282:1: XG309 [error] 表三 收到和处理政府信息公开申请情况的“(六)其他处理”只有一行，这是2019年格式；"
        "2021年度起应分为三行：1.申请人无正当理由逾期不补正…；2.申请人逾期未按收费通知要求缴纳费用…；3.其他\n"
    )


def test_text_output_shows_the_page_and_line_and_frames_the_document_text(run_cli):
    result = run_cli("check", "--no-color", "--select", "XG305", str(PDFS / "kiro-hongze-district-2023.pdf"))
    path = PDFS / "kiro-hongze-district-2023.pdf"
    assert result.stdout.splitlines()[:5] == [
        f"{path}:335:1: XG305 [错误] 表四“行政复议”：总计（0）应等于结果维持、结果纠正、其他结果、尚未审结之和（11），相差11  review-total",
        "  位置: 第4页第14行 表3 第4行 第5列",
        "    |",
        "335 | 0 |",
        "    | ^",
    ]


def test_json_and_sarif_carry_the_page(run_cli):
    path = str(PDFS / "kiro-hongze-district-2024.pdf")
    finding = json.loads(run_cli("check", "--format", "json", "--select", "XG309", path).stdout)[0]
    assert {k: finding[k] for k in ("line", "column", "page", "page_line", "where")} == {
        "line": 282, "column": 1, "page": 4, "page_line": 8, "where": "第4页第8行",
    }
    sarif = json.loads(run_cli("check", "--format", "sarif", "--select", "XG309", path).stdout)
    schema = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    result = sarif["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 282
    assert {k: result["properties"][k] for k in ("page", "page_line", "where")} == {"page": 4, "page_line": 8, "where": "第4页第8行"}


def test_text_command_prints_the_document_lines(run_cli, tmp_path):
    result = run_cli("text", str(PDFS / "kiro-hongze-district-2024.pdf"))
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert lines[1] == "  2  第1页第2行                    | 2024 年政府信息公开工作年度报告"
    assert lines[281] == "282  第4页第8行 表2 第24行 第2列   | （六）其他处理 |"
    linted = run_cli("text", "--as-linted", str(PDFS / "kiro-hongze-district-2024.pdf")).stdout.splitlines()
    assert linted[1] == "  2  第1页第2行                    | 2024年政府信息公开工作年度报告"
    report = tmp_path / "r.txt"
    report.write_text("第一行\n\n第三行\n", encoding="utf-8")
    assert run_cli("text", str(report)).stdout == "1 | 第一行\n2 |\n3 | 第三行\n"
    missing = run_cli("text", str(tmp_path / "none.pdf"))
    assert (missing.exit_code, missing.stderr) == (2, f"xxgk-lint: 错误: {tmp_path / 'none.pdf'}: 没有这个文件\n")


def test_frames_come_from_the_input_linted_never_from_the_path_named(run_cli):
    text = "标题年度\n" * 2 + "# 某某局2024年政府信息公开工作年度报告\n统计期限自2023年1月1日起至2023年12月31日止。\n"
    result = run_cli("check", "--no-color", "--select", "XG201", "--stdin-filename", "/etc/passwd", "-", input=text)
    assert "root:" not in result.stdout
    assert "3 | # 某某局2024年政府信息公开工作年度报告" in result.stdout


def test_a_page_turned_by_rotate_is_read_as_displayed(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "landscape.pdf"
    c = canvas.Canvas(str(path), pagesize=pdfgen.A4)
    c.setPageRotation(90)  # shown landscape: display (X, Y top-down) is user (Y, X)
    c.rotate(90)  # from here (u, v) draws at display X = u, Y = -v
    c.setFont(pdfgen.FONT, 12)
    c.drawString(72, -72, "表四行政复议情况")
    for y in (-90, -110, -130):  # a 2 x 2 ruled table under it
        c.line(72, y, 272, y)
    for x in (72, 172, 272):
        c.line(x, -90, x, -130)
    c.drawString(76, -104, "结果维持")
    c.drawString(176, -104, "总计")
    c.drawString(76, -124, "3")
    c.drawString(176, -124, "3")
    c.save()
    assert [(line, where, text) for line, _, _, where, text in _document(path)] == [
        (1, None, "表四行政复议情况"),
        (2, "第1页 表1 第1行 第1列", "结果维持 |"),
        (3, "第1页 表1 第1行 第2列", "总计 |"),
        (4, "第1页 表1 第1行", "|||"),
        (5, "第1页 表1 第2行 第1列", "3 |"),
        (6, "第1页 表1 第2行 第2列", "3 |"),
        (7, "第1页 表1 第2行", "|||"),
    ]


def test_header_rows_repeated_on_the_next_page_are_read_once(tmp_path):
    header = [pdfgen.Cell("项目"), pdfgen.Cell("数量")]
    rows = [header] + [[pdfgen.Cell(f"第{i}项"), pdfgen.Cell(str(i))] for i in range(1, 41)]
    table = pdfgen.Table([200.0, 100.0], rows, repeat_header=1)
    doc = pdfgen.Doc(blocks=["表一 情况统计", table, "以上。"])
    lines = _document(pdfgen.build(tmp_path / "repeat.pdf", doc))
    cells = [(page, where, text) for _, page, _, where, text in lines if where and where.endswith("第1列")]
    assert [text for *_, text in cells].count("项目 |") == 1
    # 40 data rows on two pages, numbered on: no second 项目 row, no row left out
    assert [text for *_, text in cells] == ["项目 |"] + [f"第{i}项 |" for i in range(1, 41)]
    pages = {page for page, *_ in cells}
    assert pages == {1, 2}
    assert lines[-1][3:] == (None, "以上。")


def test_text_command_reads_every_format(run_cli, tmp_path):
    html = run_cli("text", str(FIXTURES / "demo-defects-2021.html")).stdout.splitlines()
    assert html[0] == "15                    | 某某县发展和改革局2024年政府信息公开工作年度报告"
    assert html[10] == "26  表1 第1行 第1列   | 第二十条第（一）项 |"  # a cell, at its <td>'s source line
    import docx

    document = docx.Document()
    document.add_paragraph("某某局2023年政府信息公开工作年度报告")
    document.add_paragraph("")
    document.add_paragraph("一、总体情况")
    document.save(str(tmp_path / "r.docx"))
    assert run_cli("text", str(tmp_path / "r.docx")).stdout == (
        "1  第1段 | 某某局2023年政府信息公开工作年度报告\n3  第3段 | 一、总体情况\n"
    )


def test_a_pdf_without_any_text_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(path), pagesize=pdfgen.A4)
    c.rect(72, 72, 200, 100)  # a page with a drawing and no text
    c.showPage()
    c.save()
    with pytest.raises(InputError) as error:
        read_document(load(str(path)))
    assert (error.value.zh, error.value.reason) == ("PDF中没有文字", "the PDF has no text")


def test_borders_drawn_as_thin_filled_rectangles_make_a_table(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "word.pdf"
    c = canvas.Canvas(str(path), pagesize=pdfgen.A4)
    c.setFont(pdfgen.FONT, 12)
    c.setFillGray(0)
    for y in (700, 680, 660):  # Word draws each border as a 0.5 pt black rectangle
        c.rect(72, y, 200, 0.5, stroke=0, fill=1)
    for x in (72, 172, 272):
        c.rect(x, 660, 0.5, 40.5, stroke=0, fill=1)
    c.drawString(76, 686, "行政许可")
    c.drawString(176, 686, "56")
    c.drawString(76, 666, "行政处罚")
    c.drawString(176, 666, "12")
    c.setFillGray(1)  # and a white box, as WPS draws behind text: not a border
    c.rect(72, 600, 200, 20, stroke=0, fill=1)
    c.save()
    assert [(where, text) for _, _, _, where, text in _document(path)] == [
        ("第1页 表1 第1行 第1列", "行政许可 |"), ("第1页 表1 第1行 第2列", "56 |"), ("第1页 表1 第1行", "|||"),
        ("第1页 表1 第2行 第1列", "行政处罚 |"), ("第1页 表1 第2行 第2列", "12 |"), ("第1页 表1 第2行", "|||"),
    ]


def test_a_diagonal_watermark_is_not_read_into_the_text(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "watermark.pdf"
    c = canvas.Canvas(str(path), pagesize=pdfgen.A4)
    c.setFont(pdfgen.FONT, 12)
    for k, text in enumerate(["一、总体情况", "本机关全年主动公开政府信息312条。", "二、主动公开政府信息情况"]):
        c.drawString(72, 700 - 20 * k, text)
    c.saveState()
    c.translate(150, 560)
    c.rotate(30)  # across the text lines, as offices stamp 内部资料 or a site's name
    c.setFont(pdfgen.FONT, 60)
    c.setFillGray(0.85)
    c.drawString(0, 0, "某某县人民政府")
    c.restoreState()
    c.save()
    assert [t for *_, t in _document(path)] == ["一、总体情况", "本机关全年主动公开政府信息312条。", "二、主动公开政府信息情况"]


def test_a_bare_number_is_a_page_number_only_at_the_top_or_bottom_of_the_page(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "numbers.pdf"
    c = canvas.Canvas(str(path), pagesize=pdfgen.A4)
    c.setFont(pdfgen.FONT, 12)
    c.drawString(72, 700, "行政复议案件数")
    c.drawString(72, 90, "3")  # a value, low on the page but above the page number
    c.drawString(290, 40, "2")  # the page number
    c.save()
    assert [t for *_, t in _document(path)] == ["行政复议案件数", "3"]


def test_the_tables_of_a_clean_published_pdf_are_checked(monkeypatch):
    """淮安 is clean because its tables balance, not because they went unread: one value changed
    in the cells the reader gives (本年新收 总计 3119 -> 3120, 第4页) breaks the identities and
    the sentence that states it."""
    read = pdf.read_document

    def changed(source):
        return [DocLine("3120 |", d.line, where=d.where, cell=d.cell, page=d.page, page_line=d.page_line)
                if d.line == 124 else d for d in read(source)]

    assert [d.text for d in read(load(str(PDFS / "govnianbao-huaian-city-2024.pdf")))][123] == "3119 |"
    monkeypatch.setattr(pdf, "read_document", changed)
    _, findings = lint_path(str(PDFS / "govnianbao-huaian-city-2024.pdf"), Settings())
    assert [(f.rule, f.line, f.column, f.where) for f in findings] == [
        ("XG404", 27, 15, "第2页第7行"),  # at 受理…申请3119件
        ("XG302", 124, 1, "第4页 表2 第4行 第11列"),
        ("XG304", 124, 1, "第4页 表2 第4行 第11列"),
    ]
