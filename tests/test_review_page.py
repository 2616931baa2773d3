"""The review page (`--format html`, `--output-file html:review.html`): self-contained, the
index of the reports, each report's findings and tables with the failing cells marked, the
findings across years side by side — and, in a real browser (headless Chromium), the DOM after
its script ran and a screenshot that is not blank."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLES

DEFECTS = str(EXAMPLES / "demo-defects-2021.md")
CLEAN = str(EXAMPLES / "demo-clean-2021.md")
SERIES = EXAMPLES / "series"


class _Dom(HTMLParser):
    """Elements by id with their attributes and text (enough to read the page back)."""

    def __init__(self, text: str):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self.stack: list[dict] = []
        self.all: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, **{k: v or "" for k, v in attrs}, "text": ""}
        self.all.append(node)
        if "id" in node:
            self.by_id[node["id"]] = node
        if tag not in ("meta", "input", "br", "link"):
            self.stack.append(node)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for node in self.stack:
            node["text"] += data

    def classes(self, node) -> set[str]:
        return set(node.get("class", "").split())


def _page(run_cli, tmp_path, *paths, lang=None):
    out = tmp_path / "review.html"
    args = ["check", "--format", "concise", "--output-file", f"html:{out}", *map(str, paths)]
    result = run_cli(*args, lang=lang)
    assert result.exit_code in (0, 1), result.stderr
    return out


def test_the_page_is_self_contained_and_indexes_every_report(run_cli, tmp_path):
    out = _page(run_cli, tmp_path, DEFECTS, CLEAN, SERIES)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)  # no network
    assert "<link" not in text and "<script src" not in text
    dom = _Dom(text)
    rows = [n for n in dom.all if n["tag"] == "tr" and "data-target" in n]
    assert [Path(r["data-path"]).name for r in rows] == [
        "demo-defects-2021.md", "demo-clean-2021.md", "shixian-jiaotong-2021.md", "shixian-jiaotong-2022.md", "shixian-jiaotong-2023.md"]
    defects, clean = rows[0], rows[1]
    assert (defects["data-error"], defects["data-warning"], defects["data-problems"]) == ("4", "4", "8")
    assert (clean["data-body"], clean["data-year"], clean["data-problems"]) == ("某某县发展和改革局", "2023", "0")
    assert rows[4]["data-warning"] == "2"  # the findings across years count for the later report
    for row in rows:
        assert dom.by_id[row["data-target"]]["tag"] == "section"


def test_failing_cells_are_marked_with_the_reported_and_the_needed_value(run_cli, tmp_path):
    dom = _Dom(_page(run_cli, tmp_path, DEFECTS).read_text(encoding="utf-8"))
    xg302 = next(n for n in dom.all if n["tag"] == "li" and "XG302" in n["text"])
    cells = xg302["data-cells"].split()
    assert len(cells) == 4  # the reported cell and the four terms (one is the reported one)
    reported = dom.by_id[cells[0]]
    assert "bad" in dom.classes(reported) and reported["tag"] == "td"
    assert reported["text"] == "6应为 5"  # reported 6, the balance needs 5
    assert "表三“总计”列" in reported["title"]
    parts = [dom.by_id[c] for c in cells[1:]]
    assert all(dom.classes(p) & {"part", "bad"} for p in parts)
    assert [p["text"] for p in parts] == ["1", "5", "1"]  # 二、上年结转, （七）总计, 四、结转下年度
    grids = [n for n in dom.all if n["tag"] == "figcaption"]
    assert [g["text"].split()[0] for g in grids][:2] == ["表三", "表四"]


def test_findings_across_years_show_both_reports(run_cli, tmp_path):
    dom = _Dom(_page(run_cli, tmp_path, SERIES).read_text(encoding="utf-8"))
    pairs = [n for n in dom.all if n["tag"] == "article" and "pair" in dom.classes(n)]
    assert len(pairs) == 2
    sides = [n for n in dom.all if n["tag"] == "div" and "side" in dom.classes(n)]
    assert len(sides) == 4 and "2022" in sides[0]["text"] and "2023" in sides[1]["text"]
    marked = [n for n in dom.all if n["tag"] == "td" and dom.classes(n) & {"bad", "part"} and n["id"].startswith("s1-")]
    assert sorted(n["text"] for n in marked) == ["1", "2应为 1"]  # 2022 forward 1, 2023 carried 2 (needs 1)


def test_the_page_on_stdout_and_in_english(run_cli, tmp_path):
    result = run_cli("check", "--format", "html", DEFECTS)
    assert result.exit_code == 1 and result.stdout.startswith("<!DOCTYPE html>") and "表三 收到和处理政府信息公开申请情况" in result.stdout
    en = _page(run_cli, tmp_path, DEFECTS, lang="en").read_text(encoding="utf-8")
    assert '<html lang="en">' in en and "Index of reports" in en and "needs 5" in en


def test_an_unreadable_report_is_listed(run_cli, tmp_path):
    broken = tmp_path / "scan.txt"
    broken.write_bytes(b"\x00\x01" * 50)
    out = tmp_path / "review.html"
    result = run_cli("check", "--output-file", f"html:{out}", CLEAN, str(broken))
    assert result.exit_code == 2
    dom = _Dom(out.read_text(encoding="utf-8"))
    row = next(n for n in dom.all if n.get("data-path") == str(broken) and n["tag"] == "tr")
    assert row["data-problems"] == "1"


# ---------------------------------------------------------------------------------------------
# In a real browser

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser test: .ci/run installs Debian's chromium")
        pytest.skip("needs Chromium (Debian's chromium package; .ci/run installs it)")
    return found


def _browser(*args, timeout=120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def test_in_chromium_the_script_filters_and_links_cells(run_cli, tmp_path):
    out = _page(run_cli, tmp_path, DEFECTS, CLEAN, SERIES)
    done = _browser("--dump-dom", out.as_uri() + "?only=problems")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = _Dom(done.stdout)
    rows = {Path(n["data-path"]).name: n for n in dom.all if n["tag"] == "tr" and "data-target" in n}
    clean_row = rows["demo-clean-2021.md"]
    assert "hidden" in dom.classes(clean_row) and "hidden" in dom.classes(dom.by_id[clean_row["data-target"]])
    defects_row = rows["demo-defects-2021.md"]
    assert "hidden" not in dom.classes(defects_row) and "hidden" not in dom.classes(dom.by_id[defects_row["data-target"]])
    assert dom.by_id["shown"]["text"] == "2 / 5"  # demo-defects and shixian-jiaotong-2023
    failing = next(n for n in dom.all if n["tag"] == "td" and "bad" in dom.classes(n) and n["id"].startswith(defects_row["data-target"] + "-"))
    assert failing["data-findings"]  # the script linked the highlighted cell back to its findings
    assert all(dom.by_id[f]["tag"] == "li" for f in failing["data-findings"].split())
    search = _Dom(_browser("--dump-dom", out.as_uri() + "?q=2022").stdout)
    visible = [Path(n["data-path"]).name for n in search.all if n["tag"] == "tr" and "data-target" in n and "hidden" not in search.classes(n)]
    assert visible == ["shixian-jiaotong-2022.md"]
    by_year = _Dom(_browser("--dump-dom", out.as_uri() + "?sort=year&desc=1").stdout)
    years = [n["data-year"] for n in by_year.all if n["tag"] == "tr" and "data-target" in n]
    assert years == ["2024", "2023", "2023", "2022", "2021"]  # demo-defects states 2024 (its title)
    # the findings across years are listed in the later report's own section
    later = by_year.by_id[rows["shixian-jiaotong-2023.md"]["data-target"]]
    assert "XG501" in next(n for n in by_year.all if n["tag"] == "p" and "series-link" in by_year.classes(n))["text"]
    assert later["tag"] == "section"


def test_in_chromium_the_page_prints(run_cli, tmp_path):
    out = _page(run_cli, tmp_path, DEFECTS, SERIES)
    pdf = tmp_path / "review.pdf"
    done = _browser(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", out.as_uri())
    assert pdf.is_file(), done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 5  # a page per report at least


def test_in_chromium_a_screenshot_is_not_blank(run_cli, tmp_path):
    out = _page(run_cli, tmp_path, DEFECTS, SERIES)
    shot = tmp_path / "review.png"
    done = _browser(f"--screenshot={shot}", "--window-size=1200,1600", out.as_uri() + "?q=demo-defects")
    assert shot.is_file(), done.stderr[-2000:]
    width, height, pixels = _read_png(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    dark = sum(1 for r, g, b in pixels if r + g + b < 200)
    red = sum(1 for r, g, b in pixels if r > 200 and g < 120 and b < 120)  # the error badges and marked cells
    distinct = len(set(pixels))
    assert dark > 0.005 * len(pixels) and red > 50 and distinct > 50, (dark, red, distinct)


def _read_png(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """The pixels of an 8-bit RGB or RGBA PNG (what Chromium writes), unfiltered."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    pixels = []
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        pixels += [tuple(line[x:x + 3]) for x in range(0, stride, channels)]
        previous = line
    return width, height, pixels
