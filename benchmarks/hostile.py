"""Hostile input figures: CPU time and peak memory of one `xxgk-lint check` process per shape
(the shapes of issue 16's denial-of-service list), each as the reader meets it.

    python benchmarks/hostile.py [--only NAME ...] [--timeout SECONDS]

Prints, per input: its size, CPU seconds (user + system, from wait4), peak RSS in MB, the exit
status and the first line of the error when refused. Shapes:
  short-N      N MB of two-byte lines ("1\\n"); 10 MB took 130-165 s and 3-4.7 GB before the
               line limit
  lines-100k   100,000 lines of 40 characters: the most lines a report may have
  blank-N      N KB of a table whose cells have blank lines between them (.txt)
  wide-N       N KB of HTML rows `<td colspan=1000 rowspan=1000>`, each starting 1,000 columns
               right of the one above
  bomb-N       a .docx whose document.xml unzips to N MB of repeated paragraphs
  gridspan     a .docx cell of w:gridSpan 10^30
  pre-10       10 MB of two-byte lines in an HTML <pre>
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

TITLE = "某某县人民政府2021年政府信息公开工作年度报告"


def _docx(body: bytes) -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["word/document.xml"] = files["word/document.xml"].replace(b"<w:body>", b"<w:body>" + body, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def shapes() -> dict[str, tuple[str, bytes]]:
    head = f"{TITLE}\n一、总体情况\n"
    out: dict[str, tuple[str, bytes]] = {}
    for mb in (1, 5, 10):
        out[f"short-{mb}"] = (".txt", (head + "1\n" * (mb * 1024 * 1024 // 2)).encode())
    out["lines-100k"] = (".txt", (head + ("全年主动公开政府信息一百二十条，其中规章三件。" * 2 + "\n") * 99_990).encode())
    row = "（一）予以公开\n\n" + "0\n\n" * 7
    for kb in (40, 160):
        text = f"{TITLE}\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n1\n"
        out[f"blank-{kb}"] = (".txt", (text + row * (kb * 1024 // len(row.encode()))).encode())
    for kb in (42, 80):
        cell = "<tr><td colspan=1000 rowspan=1000>1</td></tr>"
        out[f"wide-{kb}"] = (".html", f"<p>{TITLE}</p><table>{cell * (kb * 1024 // len(cell))}</table>".encode())
    out["pre-10"] = (".html", (f"<p>{TITLE}</p><pre>" + "x\n" * (5 * 1024 * 1024) + "</pre>").encode())
    paragraph = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
    for mb in (50, 200):
        out[f"bomb-{mb}"] = (".docx", _docx(paragraph * (mb * 1024)))
    cell = b'<w:tc><w:tcPr><w:gridSpan w:val="1' + b"0" * 30 + b'"/></w:tcPr><w:p/></w:tc>'
    out["gridspan"] = (".docx", _docx(b"<w:tbl><w:tr>" + cell + b"<w:tc><w:p/></w:tc></w:tr></w:tbl>"))
    return out


def measure(path: Path, timeout: float) -> tuple[float, float, int, str]:
    """CPU seconds, peak RSS in MB, exit status and the first error line of one check process."""
    process = subprocess.Popen([sys.executable, "-c", "import sys; from linter.app.cli import main; sys.exit(main())", "check", "--timeout", str(timeout), str(path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "XXGK_LINT_LANG": "en"})
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    error = next((line for line in stderr.splitlines() if "error" in line), "")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--write", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:  # in a child process: a child's peak RSS starts from its parent's at fork
        for name, (suffix, data) in shapes().items():
            if not args.only or name in args.only:
                (Path(args.write) / f"{name}{suffix}").write_bytes(data)
        return
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, __file__, "--write", folder, *(["--only", *args.only] if args.only else [])], check=True)
        for path in sorted(Path(folder).iterdir(), key=lambda p: p.stat().st_mtime):
            cpu, rss, status, error = measure(path, args.timeout)
            print(f"{path.stem:<12} {path.stat().st_size / 1024:>9,.0f} KB  {cpu:>7.2f} s CPU  {rss:>7.0f} MB  exit {status}  {error[:120]}", flush=True)


if __name__ == "__main__":
    main()
