"""The required sections of the 2019/2021 format: missing, without their heading, out of order.

One detector, three cases (`report:`): `missing` — no 一、 heading names the section and no
lower heading carries its content (reported where the section should begin: at the next
section present, else at the section before it); `heading` — its content stands under a lower heading between
its neighbours; `order` — a section comes before one it should follow.
"""

from __future__ import annotations

from linter.checks.base import Hit, Note, Text, Words, kind
from linter.chinese import cn
from linter.document import Span
from linter.packs.schema import Str


def _number(n: int) -> Words:
    return Words(cn(n), str(n))


def run(analysis, params):
    matches = analysis.sections
    case = params["report"]
    if case == "missing":
        for i, m in enumerate(matches):
            if m.heading or m.weak:
                continue
            following = next((n.heading for n in matches[i + 1:] if n.heading), None)
            preceding = next((n.heading for n in reversed(matches[:i]) if n.heading), None)
            # where the section should begin: at the next section present, else after the one
            # before it (at its heading: the end of the file may be a signature or an annex)
            span = following.span if following else preceding.span if preceding else analysis.report.end_span()
            yield Hit(Span.point(span.line, span.column), {"number": _number(m.number), "title": m.title}, key=m.id)
    elif case == "heading":
        for m in matches:
            if m.weak:
                yield Hit(m.weak.span, {"number": _number(m.number), "title": m.title, "found": m.weak.title}, key=m.id)
    else:
        latest = None
        for m in (m for m in matches if m.heading):
            if latest and m.heading.span.line < latest.heading.span.line:
                yield Hit(
                    m.heading.span,
                    {"number": _number(m.number), "title": m.title, "after": latest.title},
                    (Note(latest.heading.span, Text.of("section_here", title=latest.title)),),
                    key=m.id,
                )
            elif latest is None or m.heading.span.line > latest.heading.span.line:
                latest = m


KIND = kind(
    "sections", run,
    params={"report": Str(choices=("missing", "heading", "order"))},
    fields=("number", "title", "found", "after"),
    texts={"section_here": ("title",)},
)
