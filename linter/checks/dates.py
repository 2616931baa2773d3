"""The dates a report states against its year: the publication date (`report: publication`,
after the year has ended and by the deadline of pack data `deadlines:`) and the date it is
signed (`report: signature`, not before 31 December of its year)."""

from __future__ import annotations

import re
from datetime import date

from linter.checks.base import Hit, Text, kind
from linter.packs.schema import Str


def _deadline(analysis) -> date | None:
    body = analysis.facts.body or ""
    for entry in analysis.data.get("deadlines", []):
        if "body" not in entry or re.search(entry["body"], body):
            month, day = map(int, str(entry["deadline"]).split("-"))
            return date(analysis.year + 1, month, day)
    return None


def _mentions(analysis, kind_: str):
    for mention in analysis.facts.dates:
        if mention.kind == kind_:
            try:
                yield mention, date(mention.year, mention.month, mention.day)
            except ValueError:
                continue


def run(analysis, params):
    year = analysis.year
    if year is None:
        return
    if params["report"] == "signature":
        for mention, signed in _mentions(analysis, "signature"):
            if signed < date(year, 12, 31):
                yield Hit(mention.span, {"date": signed.isoformat(), "year": year}, key=signed.isoformat())
        return
    deadline = _deadline(analysis)
    for mention, published in _mentions(analysis, "publication"):
        values = {"date": published.isoformat(), "year": year}
        if published <= date(year, 12, 31):
            yield Hit(mention.span, {**values, "deadline": f"{year + 1}-01-01", "problem": Text.of("published_early")}, key="early")
        elif deadline and published > deadline:
            problem = Text.of("published_late", deadline=deadline.isoformat())
            yield Hit(mention.span, {**values, "deadline": deadline.isoformat(), "problem": problem}, key="late")


KIND = kind(
    "dates", run,
    params={"report": Str(choices=("publication", "signature"))},
    fields=("date", "year", "deadline", "problem"),
    texts={"published_early": (), "published_late": ("deadline",)},
)
