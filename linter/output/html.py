"""`html`: the review page — one self-contained file a supervising office opens in a browser,
prints and attaches to the notice it sends a body. No network, no CDN: the style and a small
script are inline.

    <header>                       the run: when, how many reports, findings by severity
    <section class=report> × N     each report as it is linted (streamed): its findings with
                                   their code frames, and each table drawn as the official grid
                                   (表二, 表三, 表四, 统计表) — the cells of a failed identity
                                   highlighted, the reported value beside the value it needs,
                                   each finding linked to its cells and back
    <section id=series>            the findings across years, the two reports' tables side by
                                   side (written once every report is linted)
    <nav id=index>                 the index of the reports: body, year, era, findings by
                                   severity; sortable and filterable (written last, shown first)

The page is written as the run goes (`Page.report` per report, `Page.series`, `Page.close`),
so a batch of thousands of reports never holds more than one report's findings and tables;
the index's rows wait in a temporary file (one line a report) until the page is closed, as
the batch's summaries do: what the page holds does not grow with the number of reports but
for each report's name and anchor. Without its script the page is complete (links work,
cells are highlighted); the script sorts and filters the index, hides the reports filtered out
and links a cell back to its findings. The filter also reads the page's address:
`review.html?only=problems` shows the reports with findings, `?q=洪泽` those whose path, body or
year contains the text, `?sort=year`.
"""

from __future__ import annotations

import datetime
import html
import json
import tempfile
from array import array
from collections.abc import Callable, Iterable
from typing import TextIO

from linter.document import where_in
from linter.findings import Finding, Severity

WORDS = {
    "zh": {
        "title": "政府信息公开工作年度报告审查", "generated": "生成时间", "reports": "份报告",
        "index": "报告索引", "filter": "筛选：文件、机关、年度", "only": "只看有问题的报告", "file": "文件",
        "body": "机关", "year": "年度", "era": "格式时期", "error": "错误", "warning": "警告", "info": "提示",
        "clean": "未发现问题", "series": "跨年度核对", "unreadable": "无法可靠读取", "missing": "未找到此表",
        "expected": "应为", "reported": "填报", "no_series": "本次检查没有跨年度问题。", "unreadable_input": "无法读取",
        "related": "相关位置", "shown": "显示", "of": "/", "year_suffix": "年", "tables": "表格",
        "prev": "上一年度", "this": "本年度", "series_found": "跨年度核对发现的问题：", "no_grid": "（两份报告中均未可靠读取此表）", "row": "行", "column": "列",
    },
    "en": {
        "title": "Review of government information-disclosure annual reports", "generated": "Generated",
        "reports": "reports", "index": "Index of reports", "filter": "Filter: file, body, year",
        "only": "Only reports with findings", "file": "File", "body": "Body", "year": "Year", "era": "Era",
        "error": "errors", "warning": "warnings", "info": "notes", "clean": "No problems found",
        "series": "Across years", "unreadable": "cannot be read reliably", "missing": "table not found",
        "expected": "needs", "reported": "reported", "no_series": "No findings across years in this run.",
        "unreadable_input": "cannot be read", "related": "Related", "shown": "shown", "of": "of", "year_suffix": "",
        "tables": "Tables", "prev": "Year before", "this": "This year", "series_found": "Findings across years:", "no_grid": "(this table was not read reliably in either report)",
        "row": "row", "column": "column",
    },
}

_SEV_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def _e(text: object) -> str:
    """Escaped for HTML, and every control character shown as output/safe.py shows it."""
    from linter.output.safe import text as safe

    return html.escape(safe(str(text)), quote=True)


class Page:
    """The review page, written to `out` as the run goes."""

    def __init__(self, out: TextIO, lines_of: Callable[[str], list[str] | None], lang: str = "zh",
                 era_names: dict[str, str] | None = None, version: str = ""):
        self.out = out
        self.lines_of = lines_of
        self.lang = "en" if lang == "en" else "zh"
        self.w = WORDS[self.lang]
        self.era_names = era_names or {}
        self.version = version
        # the index: a JSON line per report [id, path, body, year, era, errors, warnings, infos,
        # unreadable], read back by close(); the findings across years each report gets, by
        # severity, three counts a report by its number (from 1: r1 is at 0, 1 and 2)
        self._rows = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
        self._count = 0
        self._series_counts = array("q")
        self.ids: dict[str, int] = {}  # a report's name -> its number, r1 r2 … its anchor (the last report of that name)
        self.totals = {s: 0 for s in _SEV_ORDER}
        self._series: int | None = None  # findings across years written (None: section not opened)
        self._head()

    # -- the page, top to bottom --------------------------------------------------------------

    def _head(self) -> None:
        now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        self.out.write(
            f'<!DOCTYPE html>\n<html lang="{"en" if self.lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="xxgk-lint {_e(self.version)}">\n'
            f"<title>{_e(self.w['title'])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f'<header class="page-head"><h1>{_e(self.w["title"])}</h1>'
            f'<p class="meta">{_e(self.w["generated"])} {now} · xxgk-lint {_e(self.version)}</p></header>\n<main id="reports">\n'
        )

    def report(self, name: str, findings: list[Finding], summary=None) -> None:
        """One report's section: its findings and its tables."""
        rid = self._row_id()
        self.ids[name] = self._count
        counts = {s: 0 for s in _SEV_ORDER}
        for f in findings:
            counts[f.severity] += 1
            self.totals[f.severity] += 1
        body = summary.body if summary else None
        year = (summary.year or summary.report_year) if summary else None
        era = summary.era if summary else ""
        self._row([rid, name, body or "", year or "", era, counts[Severity.ERROR], counts[Severity.WARNING],
                   counts[Severity.INFO], False])
        cells = _CellIndex(rid)
        grids = [self._grid(g, cells, findings, name) for g in (summary.grids.values() if summary else ())]
        out = self.out
        out.write(f'<section class="report" id="{rid}" data-path="{_e(name)}">\n<h2><span class="path">{_e(name)}</span>')
        facts = " · ".join(x for x in (body or "", f"{year}{self.w['year_suffix']}" if year else "", self.era_names.get(era, era)) if x)
        out.write(f' <span class="facts">{_e(facts)}</span> {self._badges(counts)}</h2>\n')
        if findings:
            out.write('<ol class="findings">\n')
            for n, f in enumerate(findings, 1):
                out.write(self._finding(f, f"{rid}-f{n}", cells, name))
            out.write("</ol>\n")
        else:
            out.write(f'<p class="clean">{_e(self.w["clean"])}</p>\n')
        shown = [g for g in grids if g]
        if shown:
            out.write(f'<div class="grids"><h3>{_e(self.w["tables"])}</h3>\n' + "".join(shown) + "</div>\n")
        out.write("</section>\n")

    def error(self, name: str, reason: str) -> None:
        rid = self._row_id()
        self._row([rid, name, "", "", "", 0, 0, 0, True])
        self.out.write(f'<section class="report unreadable-input" id="{rid}" data-path="{_e(name)}"><h2><span class="path">{_e(name)}</span> '
                       f'<span class="badge error">{_e(self.w["unreadable_input"])}</span></h2><p>{_e(reason)}</p></section>\n')

    def _row_id(self) -> str:
        self._count += 1
        return f"r{self._count}"

    def _anchor(self, name: str | None) -> str:
        """The anchor of the report of that name (r1, r2 …), "" for none."""
        number = self.ids.get(name) if name else None
        return "" if number is None else f"r{number}"

    def _row(self, row: list) -> None:
        self._rows.write(json.dumps(row) + "\n")  # (ASCII: a name's undecodable bytes, as surrogates, too)

    def _open_series(self) -> None:
        if self._series is None:
            self._series = 0
            self.out.write(f'</main>\n<section id="series" data-label="{_e(self.w["series_found"])}"><h2>{_e(self.w["series"])}</h2>\n')

    def series(self, findings: Iterable[Finding], summary_of: Callable[[str], object]) -> None:
        """Findings across years (of one body; called once per body), each with the two
        reports side by side."""
        self._open_series()
        from functools import lru_cache

        summary_of = lru_cache(maxsize=4)(summary_of)  # the findings of one pair come together
        for f in findings:
            self._series += 1
            n = self._series
            self.totals[f.severity] += 1
            number = self.ids.get(f.path)  # (a finding across years is of a report linted, never of one unreadable)
            if number is not None:
                counts = self._series_counts
                if len(counts) < 3 * number:
                    counts.frombytes(bytes(8 * (3 * number - len(counts))))
                counts[3 * (number - 1) + _SEV_ORDER.index(f.severity)] += 1
            prev_path = next((r.path for r in f.related if r.path), None)
            this = summary_of(f.path) if f.table else None
            prev = summary_of(prev_path) if prev_path and f.table else None
            fid = f"s{n}"
            sides = []
            for label, summary, path in ((self.w["prev"], prev, prev_path), (self.w["this"], this, f.path)):
                cells = _CellIndex(f"{fid}-{'p' if path == prev_path else 't'}")
                grid = ""
                if summary is not None and f.table:
                    g = next((g for g in summary.grids.values() if g.title == f.table), None)
                    if g is not None:
                        own = [r for r in f.related if (r.path or f.path) == path]
                        grid = self._grid(g, cells, [f] if path == f.path else [], path, extra=own, force=True)
                year = summary.year if summary is not None else ""
                link = f'<a href="#{self._anchor(path)}">{_e(path or "")}</a>'
                sides.append(f'<div class="side"><h4>{_e(label)} {_e(year)} · {link}</h4>{grid or ""}</div>')
            self.out.write(f'<article class="pair" id="{fid}" data-path="{_e(f.path)}" data-rule="{_e(f.rule)}">{self._finding(f, fid + "-f", _CellIndex(fid), f.path, link_path=True)}'
                           f'<div class="sides">{"".join(sides)}</div></article>\n')

    def close(self) -> None:
        w = self.w
        out = self.out
        if self._series is None:
            self._open_series()
            out.write(f'<p class="clean">{_e(self.w["no_series"])}</p>\n')
        out.write("</section>\n")
        out.write(f'<nav id="index"><h2>{_e(w["index"])}</h2>\n<p class="totals">{self._count} {_e(w["reports"])} · '
                  f'{self._badges(self.totals)}</p>\n'
                  f'<div class="controls"><input id="q" type="search" placeholder="{_e(w["filter"])}"> '
                  f'<label><input id="only" type="checkbox"> {_e(w["only"])}</label> <span id="shown"></span></div>\n'
                  f'<table id="index-table"><thead><tr><th data-key="path">{_e(w["file"])}</th><th data-key="body">{_e(w["body"])}</th>'
                  f'<th data-key="year" data-num="1">{_e(w["year"])}</th><th data-key="era">{_e(w["era"])}</th>'
                  f'<th data-key="error" data-num="1">{_e(w["error"])}</th><th data-key="warning" data-num="1">{_e(w["warning"])}</th>'
                  f'<th data-key="info" data-num="1">{_e(w["info"])}</th></tr></thead><tbody>\n')
        self._rows.seek(0)
        added = self._series_counts
        for at, line in enumerate(self._rows):
            rid, path, body, year, era, e, wn, i, bad = json.loads(line)
            if 3 * at < len(added):
                e, wn, i = e + added[3 * at], wn + added[3 * at + 1], i + added[3 * at + 2]
            problems = e + wn + i + (1 if bad else 0)
            out.write(f'<tr data-target="{rid}" data-problems="{problems}" data-path="{_e(path)}" data-body="{_e(body)}" '
                      f'data-year="{_e(year)}" data-era="{_e(era)}" data-error="{e}" data-warning="{wn}" data-info="{i}">'
                      f'<td><a href="#{rid}">{_e(path)}</a></td><td>{_e(body)}</td><td>{_e(year)}</td>'
                      f'<td>{_e(self.era_names.get(era, era))}</td><td class="n{" error" if e else ""}">{e}</td>'
                      f'<td class="n{" warning" if wn else ""}">{wn}</td><td class="n{" info" if i else ""}">{i}</td></tr>\n')
        out.write(f"</tbody></table></nav>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")
        self._rows.close()

    # -- pieces -------------------------------------------------------------------------------

    def _badges(self, counts: dict) -> str:
        parts = [f'<span class="badge {s.value}">{counts[s]} {_e(self.w[s.value])}</span>' for s in _SEV_ORDER if counts[s]]
        return "".join(parts) or f'<span class="badge clean">{_e(self.w["clean"])}</span>'

    def _finding(self, f: Finding, fid: str, cells: "_CellIndex", path: str, link_path: bool = False) -> str:
        english = self.lang == "en"
        message = f.message_en if english else f.message
        own = cells.find(f.span)
        linked = [own] if own else []
        related = []
        for r in f.related:
            cell = cells.find(r.span) if not r.path else None
            if cell:
                linked.append(cell)
            note = r.message_en if english and r.message_en else r.message
            where = f" ({where_in(r.where, self.lang)})" if r.where else ""
            place = f"{r.path or path}:{r.span.line}:{r.span.column}{where}"
            target = f' href="#{cell}"' if cell else (f' href="#{self._anchor(r.path)}"' if r.path and r.path in self.ids else "")
            related.append(f"<li><a{target}>{_e(place)}</a> {_e(note)}</li>")
        frame = ""
        source = self.lines_of(path)
        if source is not None:
            from linter.output.text import frame as text_frame

            frame = "\n".join(text_frame(source, f.span))
            frame = f'<pre class="frame">{_e(frame)}</pre>' if frame else ""
        elif f.where:
            frame = f'<p class="where">{_e(where_in(f.where, self.lang))}</p>'
        data = f' data-cells="{" ".join(dict.fromkeys(linked))}"' if linked else ""
        jump = f' <a class="jump" href="#{own}">▦</a>' if own else ""
        place = f"{path}:{f.line}:{f.column}" if link_path else f"{f.line}:{f.column}"
        return (f'<li class="finding {f.severity.value}" id="{fid}"{data}><div class="head"><span class="sev {f.severity.value}">'
                f'{_e(self.w[f.severity.value])}</span> <code>{_e(f.rule)}</code> <span class="place">{_e(place)}</span> '
                f'<span class="msg">{_e(message)}</span> <span class="name">{_e(f.name)}</span>{jump}</div>{frame}'
                + (f'<ul class="related">{"".join(related)}</ul>' if related else "") + "</li>\n")

    def _grid(self, grid, cells: "_CellIndex", findings: list[Finding], path: str, extra=(), force: bool = False) -> str:
        """A table drawn as the format's grid: rows and columns in the format's order, the
        values read, the cells of a finding marked (the reported one with the value it
        needs)."""
        if grid.missing and not force:
            return ""
        reported = {}  # (line, column) -> finding: the cell a finding is about
        parts = {}  # (line, column) -> findings whose related locations name it
        for f in findings:
            reported.setdefault((f.span.line, f.span.column), []).append(f)
            for r in f.related:
                if not r.path:
                    parts.setdefault((r.span.line, r.span.column), []).append(f)
        for r in extra:
            parts.setdefault((r.span.line, r.span.column), []).append(None)
        english = self.lang == "en"
        status = ""
        if grid.missing:
            status = f' <span class="status">{_e(self.w["missing"])}</span>'
        elif not grid.readable:
            status = f' <span class="status">{_e(self.w["unreadable"])}：{_e("；".join(grid.problems[:2]))}</span>'
        head = "".join(f"<th>{_e(label)}</th>" for _cid, label in grid.columns)
        body = []
        marked = reported.keys() | parts.keys()
        for row_id, name in grid.rows:
            tds = []
            values = grid.cells.get(row_id, {})
            for col_id, _label in grid.columns:
                cell = values.get(col_id)
                if cell is None:
                    tds.append('<td class="none"></td>')
                    continue
                text = cell.text or "　"
                shown = text if text.isdigit() else _e(text)
                key = (cell.line, cell.column)
                if key not in marked:  # most cells: no finding names them
                    tds.append(f'<td class="blank">{shown}</td>' if cell.number is None else f"<td>{shown}</td>")
                    continue
                cid = cells.add(cell)
                classes, notes = [], []
                if cell.number is None:
                    classes.append("blank")
                for f in reported.get(key, ()):
                    classes.append(f"bad {f.severity.value}")
                    if f.expected is not None:
                        notes.append(f'<span class="exp">{_e(self.w["expected"])} {_e(f.expected)}</span>')
                if key in parts and not any(c.startswith("bad") for c in classes):
                    classes.append("part")
                titles = [(f.message_en if english else f.message) for f in [*reported.get(key, ()), *(p for p in parts.get(key, ()) if p)]]
                title = f' title="{_e(chr(10).join(dict.fromkeys(titles)))}"' if titles else ""
                cls = f' class="{" ".join(classes)}"' if classes else ""
                value = f'<span class="rep">{shown}</span>' if notes else shown
                tds.append(f'<td id="{cid}"{cls}{title}>{value}{"".join(dict.fromkeys(notes))}</td>')
            body.append(f'<tr><th scope="row">{_e(name)}</th>{"".join(tds)}</tr>')
        return (f'<figure class="grid"><figcaption>{_e(grid.title)}{status}</figcaption><div class="scroll"><table>'
                f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div></figure>\n")


class _CellIndex:
    """Ids of the cells drawn for one report, by where the cell is in the file."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.ids: dict[tuple[int, int], str] = {}

    def add(self, span) -> str:
        key = (span.line, span.column)
        if key not in self.ids:
            self.ids[key] = f"{self.prefix}-c{len(self.ids) + 1}"
        return self.ids[key]

    def find(self, span) -> str | None:
        return self.ids.get((span.line, span.column))


CSS = """
:root{--err:#c62828;--warn:#b26a00;--info:#1565c0;--bad:#ffd6d6;--part:#fff3c4;--line:#d0d7de}
*{box-sizing:border-box}
body{font:15px/1.6 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa;display:flex;flex-direction:column}
.page-head{order:-2;padding:16px 24px;background:#24292f;color:#fff}.page-head h1{margin:0;font-size:22px}.page-head .meta{margin:4px 0 0;opacity:.8}
#index{order:-1;background:#fff;margin:16px 24px 0;padding:12px 16px;border:1px solid var(--line);border-radius:6px}
#index h2,#series h2{margin:0 0 8px;font-size:18px}
.controls{margin:8px 0;display:flex;gap:12px;align-items:center;flex-wrap:wrap}.controls input[type=search]{padding:4px 8px;min-width:260px}
#index-table{border-collapse:collapse;width:100%}#index-table th,#index-table td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left}
#index-table th{cursor:pointer;user-select:none;background:#f6f8fa}#index-table th.asc::after{content:" ▲"}#index-table th.desc::after{content:" ▼"}
td.n{text-align:right}td.error{color:var(--err);font-weight:bold}td.warning{color:var(--warn)}td.info{color:var(--info)}
main,#series{margin:0 24px}
.report,#series{background:#fff;border:1px solid var(--line);border-radius:6px;margin:16px 0;padding:12px 16px}
.report h2{font-size:17px;margin:0 0 8px}.report .path{font-family:monospace}.facts{color:#57606a;font-weight:normal;margin:0 8px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;margin-left:4px;font-size:13px;color:#fff}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}.badge.clean{background:#2e7d32}
.findings{padding-left:24px}.finding{margin:6px 0}.finding .head code{font-weight:bold}
.sev{font-weight:bold}.sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.sev.info{color:var(--info)}
.finding .name,.place{color:#57606a;font-size:13px}.finding.focus{outline:2px solid var(--info)}
.frame{background:#f6f8fa;padding:4px 8px;margin:4px 0;overflow-x:auto;font-size:13px}
.related{font-size:13px;color:#57606a;margin:2px 0}.jump{text-decoration:none}
.grids h3{font-size:15px;margin:12px 0 4px}.grid{margin:8px 0 16px}.grid figcaption{font-weight:bold;margin-bottom:4px}
.grid .status{color:var(--err);font-weight:normal;font-size:13px}.scroll{overflow-x:auto}
.grid table{border-collapse:collapse;font-size:13px}.grid th,.grid td{border:1px solid #8c959f;padding:2px 6px}
.grid thead th{background:#eef1f4;font-weight:normal}.grid tbody th{text-align:left;font-weight:normal;max-width:28em}
.grid td{text-align:right;min-width:3em}.grid td.blank{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#eee 4px,#eee 8px)}
.grid td.bad{background:var(--bad);outline:2px solid var(--err);outline-offset:-2px}.grid td.part{background:var(--part)}
.grid td.focus{box-shadow:inset 0 0 0 3px var(--info)}.grid td .rep{text-decoration:line-through}
.grid td .exp{display:block;color:var(--err);font-weight:bold;white-space:nowrap}
.pair{border-top:1px solid var(--line);padding-top:8px}.pair .findings,.pair>li{list-style:none}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:16px}.side h4{margin:4px 0}
.clean{color:#2e7d32}.badge.clean{color:#fff}.hidden{display:none!important}.series-link{margin:4px 0}
@media print{body{background:#fff;display:block}.controls,.jump{display:none}
 .report,#series,#index{border:none;margin:0;padding:0}.report~.report,#series,#index{break-before:page}
 .grid table{break-inside:avoid}.sides{grid-template-columns:1fr 1fr}a{color:inherit;text-decoration:none}}
"""

# Sorting and filtering of the index (the reports filtered out are hidden too), the address's
# ?only=problems&q=...&sort=..., and a cell linked back to the findings that name it.
SCRIPT = r"""
(function(){
var tbody=document.querySelector('#index-table tbody'),rows=[].slice.call(tbody.rows);
var q=document.getElementById('q'),only=document.getElementById('only'),shown=document.getElementById('shown');
function apply(){var t=q.value.trim().toLowerCase(),n=0;rows.forEach(function(r){
 var hay=(r.dataset.path+' '+r.dataset.body+' '+r.dataset.year+' '+r.dataset.era).toLowerCase();
 var ok=(!t||hay.indexOf(t)>=0)&&(!only.checked||+r.dataset.problems>0);
 r.classList.toggle('hidden',!ok);var s=document.getElementById(r.dataset.target);if(s)s.classList.toggle('hidden',!ok);if(ok)n++;});
 shown.textContent=n+' / '+rows.length;}
function sort(key,dir){var th=document.querySelector('#index-table th[data-key="'+key+'"]');if(!th)return;
 var num=th.dataset.num;rows.sort(function(a,b){var x=a.dataset[key],y=b.dataset[key];
 var c=num?(+x||0)-(+y||0):x.localeCompare(y,'zh');return dir*c;});
 rows.forEach(function(r){tbody.appendChild(r);});
 [].forEach.call(document.querySelectorAll('#index-table th'),function(h){h.classList.remove('asc','desc');});
 th.classList.add(dir>0?'asc':'desc');}
[].forEach.call(document.querySelectorAll('#index-table th'),function(th){th.addEventListener('click',function(){
 sort(th.dataset.key,th.classList.contains('asc')?-1:1);});});
q.addEventListener('input',apply);only.addEventListener('change',apply);
var p=new URLSearchParams(location.search);if(p.get('only')==='problems')only.checked=true;if(p.get('q'))q.value=p.get('q');
if(p.get('sort'))sort(p.get('sort'),p.get('desc')?-1:1);apply();
[].forEach.call(document.querySelectorAll('[data-cells]'),function(f){f.dataset.cells.split(' ').forEach(function(id){
 var c=document.getElementById(id);if(!c)return;c.dataset.findings=((c.dataset.findings||'')+' '+f.id).trim();});
 f.addEventListener('click',function(){[].forEach.call(document.querySelectorAll('.focus'),function(e){e.classList.remove('focus');});
 f.classList.add('focus');f.dataset.cells.split(' ').forEach(function(id){var c=document.getElementById(id);if(c)c.classList.add('focus');});});});
var series=document.getElementById('series');
[].forEach.call(document.querySelectorAll('article.pair'),function(a){
 var s=[].filter.call(document.querySelectorAll('section.report'),function(r){return r.dataset.path===a.dataset.path;})[0];if(!s)return;
 var p=s.querySelector('.series-link');if(!p){p=document.createElement('p');p.className='series-link';p.textContent=series.dataset.label;
 s.querySelector('h2').insertAdjacentElement('afterend',p);[].forEach.call(s.querySelectorAll('p.clean,h2 .badge.clean'),function(c){c.remove();});}
 var l=document.createElement('a');l.href='#'+a.id;l.textContent=' '+a.dataset.rule;p.appendChild(l);});
[].forEach.call(document.querySelectorAll('td[data-findings]'),function(c){c.style.cursor='pointer';c.addEventListener('click',function(){
 var f=document.getElementById(c.dataset.findings.split(' ')[0]);if(f){f.click();f.scrollIntoView({block:'center'});}});});
})();
"""


def render(result) -> str:
    """The page of a finished run (a RunResult) without its tables: a batch run writes the full
    page as it goes (linter/app/batch.py)."""
    import io

    buffer = io.StringIO()
    page = Page(buffer, lambda _path: None)
    by_path: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    for path in result.paths:
        page.report(path, by_path.get(path, []))
    for path, reason in result.errors:
        page.error(path, reason)
    page.close()
    return buffer.getvalue().rstrip("\n")
