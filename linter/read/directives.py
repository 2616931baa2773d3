"""Inline suppression: what a report's author writes in the report to switch a rule off, with
the reason a reviewer reads.

    <!-- xxgk-lint: 忽略 XG307 理由：本单位无法人申请 -->       the next element (paragraph, table)
    <!-- xxgk-lint: 停用 XG3 理由：表格由上级统一填报 -->        from here …
    <!-- xxgk-lint: 启用 XG3 -->                              … to here (or the end)

English works too (`ignore`, `disable`, `enable`, `reason:`). Rules are ids or prefixes
(`XG307`, `XG3`, `ALL`), separated by commas, `、` or spaces. The carrier is the format's own
comment: an HTML comment in .md, .txt and .html, a Word comment (批注) in .docx. A directive
without a reason suppresses nothing; the engine reports it, and one that suppresses nothing
(like ruff's unused `noqa`).

Here: the directive itself, and how .md/.txt lines carry it (the comment is blanked out of the
document text, columns kept, so that it is not read as a paragraph). The HTML and Word readers
find their carriers themselves (read/html.py, read/docx.py), give each `ignore` the lines of
the element it annotates, and leave `disable` … `enable` regions to `scope`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linter.cache import regex
from linter.document import DocLine, Span

VERBS = {"忽略": "ignore", "ignore": "ignore", "停用": "disable", "disable": "disable", "启用": "enable", "enable": "enable"}
_BODY = regex(
    r"^\s*(?P<verb>忽略|停用|启用|ignore|disable|enable)\s+(?P<rules>(?:ALL|[A-Za-z]{2,4}\d{0,3})(?:\s*[,，、\s]\s*(?:ALL|[A-Za-z]{2,4}\d{0,3}))*)"
    r"\s*(?:(?:理由|原因|reason)\s*[:：]\s*(?P<reason>.*?))?\s*$",
    re.I | re.S,
)
MARK = "xxgk-lint"  # in every directive a text carries: a text without it has none
_COMMENT = regex(r"<!--\s*xxgk-lint\s*[:：](?P<body>.*?)-->", re.S)
_CARRIED = regex(r"^\s*xxgk-lint\s*[:：](?P<body>.*)$", re.S)  # an HTML comment's or a Word comment's text


@dataclass(slots=True)
class Directive:
    verb: str  # ignore | disable | enable
    rules: tuple[str, ...]
    reason: str
    span: Span  # where the directive is written
    first: int = 0  # the lines it covers (original line numbers, inclusive)
    last: int = 0
    used: bool = field(default=False, compare=False)  # set by the engine: it suppressed a finding
    checked: bool = field(default=False, compare=False)  # set by the engine: a rule it names ran
    problem: str = ""  # why it is not a directive that works ("no reason", "bad syntax")

    def covers(self, line: int) -> bool:
        return self.first <= line <= self.last


def parse_body(body: str, span: Span) -> Directive:
    """A directive from the text after `xxgk-lint:`; one with a problem when it does not parse."""
    m = _BODY.match(body)
    if not m:
        return Directive("ignore", (), "", span, problem="syntax")
    verb = VERBS[m.group("verb").lower() if m.group("verb").isascii() else m.group("verb")]
    rules = tuple(r.upper() for r in re.split(r"[,，、\s]+", m.group("rules").strip()) if r)
    reason = (m.group("reason") or "").strip()
    problem = "" if reason or verb == "enable" else "no-reason"
    return Directive(verb, rules, reason, span, problem=problem)


def carried(text: str, span: Span) -> Directive | None:
    """The directive a comment's text holds (`xxgk-lint: …`), or None for another comment."""
    m = _CARRIED.match(text)
    return parse_body(m.group("body"), span) if m else None


def from_lines(lines: list[DocLine]) -> tuple[list[DocLine], list[Directive]]:
    """The directives written as HTML comments in text or Markdown lines, and the lines with
    those comments blanked (same length: every column still points at the user's file). An
    `ignore` standing alone covers the next element (the next run of non-blank lines); one at
    the end of a line covers that line. `disable` … `enable` covers the lines between."""
    found: list[tuple[int, Directive, bool]] = []  # (line index, directive, alone on its line)
    out = []
    for index, line in enumerate(lines):
        if MARK not in line.text:
            out.append(line)
            continue
        text = line.text
        for m in _COMMENT.finditer(line.text):
            directive = parse_body(m.group("body"), line.span(m.start(), m.end()))
            found.append((index, directive, not line.text[:m.start()].strip()))
            text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
        out.append(DocLine(text=text, line=line.line, cols=line.cols, lines=line.lines, where=line.where, cell=line.cell))
    return out, scope(found, out)


def scope(found: list[tuple[int, Directive, bool]], lines: list[DocLine]) -> list[Directive]:
    """Give each directive the lines it covers (original line numbers); an `ignore` whose
    carrier already gave it its lines keeps them."""
    last_line = max(lines[-1].line if lines else 1, max((d.span.line for _, d, _ in found), default=1))
    directives = []
    for index, directive, alone in found:
        if directive.verb == "ignore" and directive.first:
            pass
        elif directive.verb == "ignore":
            if alone:
                start = next((k for k in range(index + 1, len(lines)) if lines[k].text.strip()), None)
                if start is None:
                    directive.first = directive.last = directive.span.line
                else:
                    end = start
                    while end + 1 < len(lines) and lines[end + 1].text.strip():
                        end += 1
                    directive.first, directive.last = lines[start].line, lines[end].line
            else:
                directive.first = directive.last = directive.span.line
        elif directive.verb == "disable":
            enable = next((d for k, d, _ in found if k > index and d.verb == "enable" and set(d.rules) & set(directive.rules)), None)
            directive.first = directive.span.line
            directive.last = enable.span.line if enable else last_line
        directives.append(directive)
    return directives
