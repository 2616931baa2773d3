"""Speed figures, as ratios against a baseline measured in the same run (never a timed test).

    python benchmarks/bench.py [--repeat N]

Prints the median of:
  baseline   `python -c "import lark, yaml"` — the floor of any process built on this stack
  process    one whole `xxgk-lint check` process on one report (start-up, packs, lint, output)
  in-process linting one report in an already warm process (packs loaded, grammar built)
  per-MB     in-process linting of a 1 MB report, per MB
  batch      one `xxgk-lint check` process over 200 reports (copies of the corpus and
             examples), with --jobs 1 and --jobs 0 (one worker per CPU), per report
  html       reading a generated, tag-dense 100 KB page (Word-export markup: every paragraph
             and cell wrapped in styled <p>/<span>s, numbers split across <span>s, &nbsp;
             cells) into DocLines, per 100 KB
  pdf        the three published PDFs of tests/fixtures/pdf: reading each into DocLines (per
             page and per report) beside reading its text version, linting it in-process, and
             one whole `xxgk-lint check` process on the 6-page report (target: under 1 s); and,
             for the record of the reader's design, pdfminer.six (through pdfplumber) only
             parsing the characters of the same pages
  review     a supervising office's batch: `xxgk-lint check` over N generated reports (N/5
             bodies × 5 years, varied numbers, so the checks across years run) writing the
             review page (--output-file html:…) and concise findings: wall and CPU time, and the
             peak RSS of the run (the largest of its processes, from wait4), for 200 and N reports
             with --jobs 1 (one process: memory flat in N means the two peaks are close) and
             for N with --jobs 0
and the ratios process/baseline, in-process/baseline and html/baseline.

    python benchmarks/bench.py --only-review [--reports 1000]   the review batch alone
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "tests" / "fixtures" / "govnianbao-huaian-city-2024.txt"


# Subprocesses run as an installed linter does: with compiled bytecode (pip compiles it at
# install). PYTHONDONTWRITEBYTECODE would make every process compile every module from source;
# the bytecode goes to a temporary prefix, not into the checkout.
_PYCACHE = tempfile.mkdtemp(prefix="xxgk-bench-pycache-")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPYCACHEPREFIX": _PYCACHE}


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def html_page(size: int = 100_000) -> bytes:
    """A report page as Word exports it, about `size` bytes of UTF-8."""
    paragraph = (
        '<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><span style="font-size:16.0pt;'
        'font-family:仿宋_GB2312">本机关认真贯彻落实《条例》，</span><span lang="EN-US" style="font-size:16.0pt">'
        "2023</span><span>年持续推进政务公开。<o:p></o:p></span></p>\n"
    )
    cell = (
        '<td width="48" valign="top" style="width:36.0pt;border:solid windowtext 1.0pt"><p class="MsoNormal" '
        'align="center"><span lang="EN-US">{}</span><span lang="EN-US">{}</span></p></td>'
    )
    blank = '<td width="48"><p class="MsoNormal"><span lang="EN-US">&nbsp;<o:p></o:p></span></p></td>'
    label = '<td colspan="2" style="border:solid windowtext 1.0pt"><p class="MsoNormal"><span>（三）不予公开</span></p></td>'
    row = "<tr>" + label + "".join(cell.format(i % 10, i) for i in range(6)) + blank + "</tr>\n"
    chunk = paragraph * 10 + '<table class="MsoNormalTable" border="1">' + row * 10 + "</table>\n"
    head = '<html><head><meta charset="utf-8"><style>p.MsoNormal{margin:0}</style></head><body>\n'
    body = chunk * -(-(size - len(head.encode())) // len(chunk.encode()))  # rounded up
    return (head + body + "</body></html>\n").encode("utf-8")


SERIES_TEMPLATE = ROOT / "examples" / "series" / "shixian-jiaotong-2022.md"


def series_batch(folder: Path, count: int) -> None:
    """`count` reports of count/5 made-up bodies over 2021–2025, from the example series with
    the body, the years and the figures of 表二 varied (the same 表三 and text each year, so
    the checks across years find copied tables and text: a batch with findings)."""
    import random

    rng = random.Random(13)
    template = SERIES_TEMPLATE.read_text(encoding="utf-8")
    for i in range(count):
        body, year = f"示例县第{i // 5 + 1}号局", 2021 + i % 5
        text = template.replace("示例县交通运输局", body).replace("2022年", f"{year}年").replace("2023-01-18", f"{year + 1}-01-18")
        text = text.replace("| 行政许可 | 97 |", f"| 行政许可 | {rng.randint(0, 500)} |")
        text = text.replace("| 行政处罚 | 31 |", f"| 行政处罚 | {rng.randint(0, 200)} |")
        text = text.replace("| 行政规范性文件 | 2 | 1 | 15 |", f"| 行政规范性文件 | {rng.randint(0, 5)} | {rng.randint(0, 3)} | {rng.randint(10, 30)} |")
        (folder / f"{i // 5 + 1:04d}-{year}.md").write_text(text, encoding="utf-8")


def timed_peak(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (its processes together: on a loaded machine the steadier
    figure) and the peak RSS in MB of a command (the largest of its processes)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _pid, _status, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def review_batch(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted({200, count}):
            folder = Path(tmp) / f"reports-{n}"
            folder.mkdir()
            series_batch(folder, n)
            page = Path(tmp) / f"review-{n}.html"
            for jobs in ("1", "0") if n == count else ("1",):
                command = [sys.executable, "-m", "linter.app.cli", "check", "--format", "concise", "--jobs", jobs,
                           "--output-file", f"html:{page}", str(folder)]
                timed_peak(command[:-1] + [str(next(folder.iterdir()))])  # bytecode compiled once
                seconds, cpu, peak = timed_peak(command)
                print(f"review    {n:>5} reports, --jobs {jobs}, review page  {seconds:7.1f} s wall  {cpu:7.1f} s CPU "
                      f"({cpu / n * 1000:5.1f} ms/report)  peak RSS {peak:6.1f} MB  page {page.stat().st_size / 1e6:5.1f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reports", type=int, default=1000, help="reports in the review batch")
    parser.add_argument("--only-review", action="store_true", help="only the review batch")
    args = parser.parse_args()
    if args.only_review:
        review_batch(args.reports)
        return

    from linter.api import Settings, lint_path, lint_text
    from linter.engine import load_packs
    from linter.read import html
    from linter.read.source import Source

    packs = load_packs()
    lint_path(str(REPORT), Settings(), packs)  # warm: grammar cache, OpenCC

    def baseline_run():
        subprocess.run([sys.executable, "-c", "import lark, yaml"], check=True, env=ENV)

    def process_run():
        subprocess.run([sys.executable, "-m", "linter.app.cli", "check", "--no-color", str(REPORT)], capture_output=True, check=False, env=ENV)

    baseline_run(), process_run()  # compile the bytecode once
    baseline = median_time(baseline_run, args.repeat)
    process = median_time(process_run, args.repeat)
    in_process = median_time(lambda: lint_path(str(REPORT), Settings(), packs), args.repeat * 4)
    big = REPORT.read_text(encoding="utf-8") * max(1, 1_000_000 // len(REPORT.read_bytes()))
    size_mb = len(big.encode("utf-8")) / 1e6
    per_mb = median_time(lambda: lint_text(big, "big.txt"), 3) / size_mb
    with tempfile.TemporaryDirectory() as tmp:
        sources = [p for d in (ROOT / "examples", ROOT / "tests" / "fixtures") for p in sorted(d.iterdir()) if p.is_file()]
        for i in range(200):
            source = sources[i % len(sources)]
            shutil.copyfile(source, Path(tmp) / f"{i:03d}{source.suffix}")
        def batch(jobs: str) -> float:
            return median_time(
                lambda: subprocess.run([sys.executable, "-m", "linter.app.cli", "check", "--format", "concise", "--jobs", jobs, tmp],
                                       capture_output=True, check=False, env=ENV),
                3,
            ) / 200
        batch_one, batch_all = batch("1"), batch("0")
    page = Source("page.html", html_page(), ".html")
    html.read(page)  # warm
    html_read = median_time(lambda: html.read(page), args.repeat * 2) * 100_000 / len(page.data)

    print(f"report: {REPORT.name} ({len(REPORT.read_bytes()):,} bytes)")
    print(f"baseline  python -c 'import lark, yaml'   {baseline * 1000:8.1f} ms")
    print(f"process   xxgk-lint check (one report)    {process * 1000:8.1f} ms   {process / baseline:5.2f} x baseline")
    print(f"in-process lint of one report             {in_process * 1000:8.1f} ms   {in_process / baseline:5.2f} x baseline")
    print(f"in-process lint of {size_mb:.1f} MB                 {per_mb * 1000:8.1f} ms/MB")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"batch     200 reports, --jobs 1           {batch_one * 1000:8.1f} ms/report")
    print(f"batch     200 reports, --jobs 0 ({cpus} CPUs)   {batch_all * 1000:8.1f} ms/report  {batch_one / batch_all:5.2f} x faster")
    print(f"html      reading a tag-dense page         {html_read * 1000:8.1f} ms/100KB {html_read / baseline:5.2f} x baseline")
    pdf_figures(args.repeat, packs)
    review_batch(args.reports)


PDFS = ROOT / "tests" / "fixtures" / "pdf"


def pdf_figures(repeat: int, packs) -> None:
    """Seconds per page and per report for the PDF reader, beside the text reader."""
    import pdfplumber

    from linter.api import Settings, lint_path
    from linter.read import pdf, read_document
    from linter.read.source import load

    print("pdf       report                              pages   read/page  read/report  text read  lint in-process  pdfminer chars/page")
    for path in sorted(PDFS.glob("*.pdf")):
        source = load(str(path))
        text_source = load(str(ROOT / "tests" / "fixtures" / path.with_suffix(".txt").name))
        pages = max(line.page for line in pdf.read_document(source))
        read = median_time(lambda: read_document(source), repeat)
        text_read = median_time(lambda: read_document(text_source), repeat)
        lint = median_time(lambda: lint_path(str(path), Settings(), packs), repeat)

        def pdfminer_chars():
            with pdfplumber.open(str(path)) as document:
                for page in document.pages:
                    page.chars

        miner = median_time(pdfminer_chars, 3)
        print(f"          {path.name:<36}{pages:>4} {read / pages * 1000:8.1f} ms {read * 1000:9.1f} ms {text_read * 1000:8.2f} ms"
              f" {lint * 1000:11.1f} ms {miner / pages * 1000:14.1f} ms")
    six = PDFS / "govnianbao-huaian-city-2024.pdf"
    cpu: list[float] = []

    def one_process():
        before = os.times()
        subprocess.run([sys.executable, "-m", "linter.app.cli", "check", "--no-color", str(six)], capture_output=True, check=False, env=ENV)
        after = os.times()
        cpu.append(after.children_user + after.children_system - before.children_user - before.children_system)

    process = median_time(one_process, repeat)
    print(f"pdf       xxgk-lint check {six.name} (6 pages, one process): {process * 1000:.0f} ms wall, "
          f"{statistics.median(cpu) * 1000:.0f} ms CPU (target < 1000 ms; wall time counts other load on the machine)")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(_PYCACHE, ignore_errors=True)
