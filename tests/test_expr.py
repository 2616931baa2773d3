"""linter/expr.py: the check-expression grammar, its AST, and evaluation against a fake table."""

from __future__ import annotations

import ast
import dataclasses
import random
from decimal import Decimal
from pathlib import Path

import pytest

from linter.packs import expr as X
from linter.packs.expr import (
    BinOp,
    Blank,
    BoolOp,
    Compare,
    ExprError,
    GroupSum,
    Neg,
    Not,
    Num,
    Present,
    Ref,
    Sum,
    Term,
    Truth,
    Unbound,
    Value,
    Verdict,
    evaluate,
    parse,
    references,
)

D = Decimal


def r(table, row=None, column=None):
    return Ref(table, row, column)


# --- parsing: every construct -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, tree",
    [
        (
            "application.new + application.carried == application.total + application.forward",
            Compare(
                "==",
                BinOp("+", r("application", "new"), r("application", "carried")),
                BinOp("+", r("application", "total"), r("application", "forward")),
            ),
        ),
        ("a.x.natural != 0", Compare("!=", r("a", "x", "natural"), Num(D(0)))),
        ("review.row.total >= 1", Compare(">=", r("review", None, "total"), Num(D(1)))),
        ("a.x.column <= a.row.column", Compare("<=", r("a", "x"), r("a"))),
        ("a.row < 7730.28", Compare("<", r("a"), Num(D("7730.28")))),
        ("a.x > 0.50", Compare(">", r("a", "x"), Num(D("0.50")))),
        ("1 + 2 * 3 - 4 / 5 == 0", Compare("==", BinOp("-", BinOp("+", Num(D(1)), BinOp("*", Num(D(2)), Num(D(3)))), BinOp("/", Num(D(4)), Num(D(5)))), Num(D(0)))),
        ("(1 + 2) * 3 == 9", Compare("==", BinOp("*", BinOp("+", Num(D(1)), Num(D(2))), Num(D(3))), Num(D(9)))),
        ("-a.x == - -1", Compare("==", Neg(r("a", "x")), Num(D(1)))),
        ("a.x - -2 == 0", Compare("==", BinOp("-", r("a", "x"), Num(D(-2))), Num(D(0)))),
        ("sum(a.x, a.y, 2 * a.z) == a.t", Compare("==", Sum((r("a", "x"), r("a", "y"), BinOp("*", Num(D(2)), r("a", "z")))), r("a", "t"))),
        ("sum(application.rows(results)) == 1", Compare("==", Sum((GroupSum("application", "rows", "results"),)), Num(D(1)))),
        ("sum(application.rows(results).natural) == 1", Compare("==", Sum((GroupSum("application", "rows", "results", "natural"),)), Num(D(1)))),
        ("sum(review.columns(outcomes)) == 1", Compare("==", Sum((GroupSum("review", "columns", "outcomes"),)), Num(D(1)))),
        ("sum(review.row.columns(outcomes)) == 1", Compare("==", Sum((GroupSum("review", "columns", "outcomes"),)), Num(D(1)))),
        ("sum(review.total.columns(outcomes)) == 1", Compare("==", Sum((GroupSum("review", "columns", "outcomes", "total"),)), Num(D(1)))),
        ("sum(a.rows(g), a.x) == 1", Compare("==", Sum((GroupSum("a", "rows", "g"), r("a", "x"))), Num(D(1)))),
        ("present(a.x)", Present(r("a", "x"))),
        ("blank(a.x.y)", Blank(r("a", "x", "y"))),
        ("not blank(a.x)", Not(Blank(r("a", "x")))),
        (
            "not a.x == 1 or a.y == 2 and present(a.z)",
            BoolOp("or", Not(Compare("==", r("a", "x"), Num(D(1)))), BoolOp("and", Compare("==", r("a", "y"), Num(D(2))), Present(r("a", "z")))),
        ),
        (
            "(blank(a.x) or a.x == 1) and a.y == 2",
            BoolOp("and", BoolOp("or", Blank(r("a", "x")), Compare("==", r("a", "x"), Num(D(1)))), Compare("==", r("a", "y"), Num(D(2)))),
        ),
        ("((a.x)) == (1)", Compare("==", r("a", "x"), Num(D(1)))),
        ("a.x\n  == a.y", Compare("==", r("a", "x"), r("a", "y"))),
        ("a.rows_total == a.android", Compare("==", r("a", "rows_total"), r("a", "android"))),
    ],
)
def test_parse(text, tree):
    assert parse(text) == tree


def test_ast_is_frozen_plain_data():
    """Evaluation must not touch lark: no Token (a str subclass) survives in the AST."""
    tree = parse("sum(a.rows(g).c, b.r.columns(h), a.x.y) + 1 == 2 and present(a.row)")

    def walk(node):
        if isinstance(node, tuple):
            for item in node:
                yield from walk(item)
        elif dataclasses.is_dataclass(node):
            yield node
            for f in dataclasses.fields(node):
                yield from walk(getattr(node, f.name))
        else:
            assert type(node) in (str, Decimal, type(None)), (node, type(node))

    nodes = list(walk(tree))
    assert len(nodes) == 11  # BoolOp Compare BinOp Sum GroupSum GroupSum Ref Num Num Present Ref
    with pytest.raises(dataclasses.FrozenInstanceError):
        nodes[0].op = "or"


def test_parser_is_built_once():
    assert X._parser() is X._parser()


@pytest.mark.parametrize(
    "text, line, column, reason",
    [
        ("a.x = 1", 1, 5, "use == to compare, not ="),
        ("a.x == 1 == 2", 1, 10, "a condition cannot be compared again; combine conditions with and/or"),
        ("present(a.x) < 1", 1, 14, "a condition cannot be compared again; combine conditions with and/or"),
        ("a.x + a.y", 1, 10, "incomplete: an assert must compare (== != < <= > >=) or use present()/blank()"),
        ("a.x + a.y   ", 1, 10, "incomplete: an assert must compare (== != < <= > >=) or use present()/blank()"),
        ("a.x == ", 1, 7, "unexpected end of expression"),
        ("a.x == 1 and", 1, 13, "unexpected end of expression"),
        ("a.x ==\n  a.y +", 2, 8, "unexpected end of expression"),
        ("(a.x == 1", 1, 10, "missing ')'"),
        ("", 1, 1, "empty expression"),
        ("   ", 1, 1, "empty expression"),
        ("sum() == 1", 1, 5, "unexpected ')'; expected a number or a reference"),
        ("a.x == 1 %", 1, 10, "unexpected character '%'"),
        ("a.x == 1 a.y", 1, 10, "unexpected 'a'"),
        ("a == 1", 1, 3, "unexpected '=='; a reference is table.row or table.row.column"),
        ("application.rows(results) == 1", 1, 17, "rows(...) can only be summed: sum(table.rows(group))"),
        ("review.columns(o) == 1", 1, 15, "columns(...) can only be summed: sum(table.columns(group))"),
        ("sum(a.rows) == 1", 1, 11, "rows needs a group: table.rows(group)"),
        ("max(a.x) == 1", 1, 4, "unknown function 'max' (there are sum, known, first, present, blank)"),
        ("a.x.y.z == 1", 1, 6, "a reference has at most three parts: table.row.column"),
        ("a.x == 3.", 1, 9, "unexpected '.'"),
        ("present(1)", 1, 9, "unexpected '1'; expected a reference"),
    ],
)
def test_parse_errors(text, line, column, reason):
    with pytest.raises(ExprError) as info:
        parse(text)
    assert (info.value.line, info.value.column, info.value.reason) == (line, column, reason)
    assert str(info.value) == f"column {column}: {reason}"


def test_references():
    tree = parse(
        "sum(application.rows(results)) + review.row.total - sum(review.t.columns(o), a.x.y) == stats.s "
        "or blank(a.z) and not present(a.x.y)"
    )
    assert references(tree) == {
        GroupSum("application", "rows", "results"),
        r("review", None, "total"),
        GroupSum("review", "columns", "o", "t"),
        r("a", "x", "y"),
        r("stats", "s"),
        r("a", "z"),
    }


def test_no_eval_or_exec_in_the_package():
    """Packs are data: nothing in linter/ may call eval, exec or compile on text."""
    calls = []
    for path in sorted(Path(X.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                if isinstance(f, ast.Name):
                    name = f.id
                elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "builtins":
                    name = f.attr
                else:
                    continue
                if name in ("eval", "exec", "compile", "__import__"):
                    calls.append(f"{path.name}:{node.lineno} {name}")
    assert calls == []


# --- evaluation ------------------------------------------------------------------------------


class FakeCtx:
    """Dict-backed Context: cells {(table, row, column): "text" | None}; the cell handle is the
    key, so explanations can be checked exactly."""

    def __init__(self, cells, row_groups=None, column_groups=None, row=None, column=None):
        self.cells = cells
        self.row_groups = row_groups or {}
        self.column_groups = column_groups or {}
        self.row = row
        self.column = column
        self.asked = []

    def value(self, table, row, column):
        self.asked.append((table, row, column))
        text = self.cells.get((table, row, column))
        return None if text is None else Value(Decimal(text), (table, row, column))

    def rows(self, table, group):
        return self.row_groups.get((table, group), [])

    def columns(self, table, group):
        if group is None:
            return list(dict.fromkeys(c for (t, _, c) in self.cells if t == table))
        return self.column_groups.get((table, group), [])

    def at(self, row=None, column=None):
        self.row, self.column = row, column
        return self


def term(table, row, column, text):
    return Term(Ref(table, row, column), Decimal(text), (table, row, column))


APPLICATION = {
    ("application", "new", "natural"): "10",
    ("application", "carried", "natural"): "2",
    ("application", "total", "natural"): "9",
    ("application", "forward", "natural"): "3",
    ("application", "new", "legal"): "5",
    ("application", "carried", "legal"): "0",
    ("application", "total", "legal"): "4",
    ("application", "forward", "legal"): "0",
}
XG301 = parse("application.new + application.carried == application.total + application.forward")


def test_identity_holds_per_column():
    ctx = FakeCtx(APPLICATION, column="natural")
    assert evaluate(XG301, ctx) == Verdict(
        "==",
        True,
        D(12),
        D(12),
        D(0),
        D(0),
        (term("application", "new", "natural", "10"), term("application", "carried", "natural", "2")),
        (term("application", "total", "natural", "9"), term("application", "forward", "natural", "3")),
    )


def test_identity_fails_with_difference_and_contributors():
    ctx = FakeCtx(APPLICATION, column="legal")
    out = evaluate(XG301, ctx)
    assert out == Verdict(
        "==",
        False,
        D(5),
        D(4),
        D(1),
        D(0),
        (term("application", "new", "legal", "5"), term("application", "carried", "legal", "0")),
        (term("application", "total", "legal", "4"), term("application", "forward", "legal", "0")),
    )
    assert out.holds is False and str(out.lhs) == "5" and str(out.rhs) == "4"


def test_each_column_is_one_evaluation():
    ctx = FakeCtx(APPLICATION)
    holds = {col: evaluate(XG301, ctx.at(column=col)).holds for col in ("natural", "legal")}
    assert holds == {"natural": True, "legal": False}


def test_row_and_column_wildcards_and_explicit_cells():
    cells = {("review", "a", "total"): "3", ("review", "a", "x"): "3", ("review", "b", "total"): "1", ("review", "b", "x"): "2"}
    e = parse("review.row.total == review.row.x")
    assert [evaluate(e, FakeCtx(cells, row=row)).holds for row in ("a", "b")] == [True, False]
    e = parse("review.b.column < review.a.x")
    out = evaluate(e, FakeCtx(cells, column="x"))
    assert (out.holds, out.lhs_terms, out.rhs_terms) == (True, (term("review", "b", "x", "2"),), (term("review", "a", "x", "3"),))


def test_table_with_one_column_needs_no_column():
    ctx = FakeCtx({("stats", "a", "value"): "4", ("stats", "b", "value"): "4"}, column="natural")
    out = evaluate(parse("stats.a == stats.b"), ctx)
    assert out.holds is True
    assert [t.ref for t in out.lhs_terms + out.rhs_terms] == [Ref("stats", "a", "value"), Ref("stats", "b", "value")]


def test_no_current_row_or_column_is_a_pack_error():
    cells = {("t", "a", "x"): "1", ("t", "a", "y"): "1"}
    with pytest.raises(ExprError) as info:
        evaluate(parse("t.a == 1"), FakeCtx(cells))
    assert info.value.reason == "t: no current column (name the column, or evaluate with each: column)"
    with pytest.raises(ExprError) as info:
        evaluate(parse("t.row.x == 1"), FakeCtx(cells))
    assert info.value.reason == "t.row.x: no current row (name the row, or evaluate with each: row)"
    with pytest.raises(ExprError) as info:
        evaluate(parse("sum(t.columns(g)) == 1"), FakeCtx(cells, column_groups={("t", "g"): ["x"]}))
    assert info.value.reason == "t.row.columns(g): no current row (name the row, or evaluate with each: row)"
    with pytest.raises(ExprError) as info:
        evaluate(parse("sum(t.rows(nope)) == 1"), FakeCtx(cells, column="x"))
    assert info.value.reason == "t.rows(nope): the group is empty or unknown"


REVIEW = {
    ("review", "upheld", "x"): "1",
    ("review", "corrected", "x"): "2",
    ("review", "other", "x"): "3",
    ("review", "total", "x"): "6",
    ("review", "upheld", "y"): "4",
    ("review", "corrected", "y"): "0",
    ("review", "other", "y"): "0",
    ("review", "total", "y"): "5",
}
GROUPS = {("review", "results"): ["upheld", "corrected", "other"]}


def test_group_sum_over_rows_at_the_current_column():
    e = parse("sum(review.rows(results)) == review.total")
    ctx = FakeCtx(REVIEW, row_groups=GROUPS)
    ok, bad = evaluate(e, ctx.at(column="x")), evaluate(e, ctx.at(column="y"))
    assert ok == Verdict(
        "==",
        True,
        D(6),
        D(6),
        D(0),
        D(0),
        (term("review", "upheld", "x", "1"), term("review", "corrected", "x", "2"), term("review", "other", "x", "3")),
        (term("review", "total", "x", "6"),),
    )
    assert (bad.holds, bad.lhs, bad.rhs, bad.difference) == (False, D(4), D(5), D(-1))


def test_group_sum_over_rows_at_a_named_column():
    e = parse("sum(review.rows(results).y) + 1 == review.total.y")
    assert evaluate(e, FakeCtx(REVIEW, row_groups=GROUPS)).holds is True


def test_group_sum_over_columns():
    written = {"r1": ("2", "3", "5"), "r2": ("1", "1", "3")}  # web, paper, total
    cells = {("active", row, col): n for row, ns in written.items() for col, n in zip(("web", "paper", "total"), ns)}
    cols = {("active", "channels"): ["web", "paper"]}
    e = parse("sum(active.columns(channels)) == active.row.total")
    assert [evaluate(e, FakeCtx(cells, column_groups=cols, row=row)).holds for row in ("r1", "r2")] == [True, False]
    out = evaluate(parse("sum(active.r2.columns(channels), 1) == active.r2.total"), FakeCtx(cells, column_groups=cols))
    assert out.holds is True
    assert out.lhs_terms == (term("active", "r2", "web", "1"), term("active", "r2", "paper", "1"))


def test_missing_cells_are_unbound_never_zero():
    cells = dict(REVIEW)
    cells[("review", "corrected", "x")] = None  # not reported
    del cells[("review", "total", "x")]
    e = parse("sum(review.rows(results)) + review.corrected == review.total")
    out = evaluate(e, FakeCtx(cells, row_groups=GROUPS, column="x"))
    assert out == Unbound((Ref("review", "corrected", "x"), Ref("review", "total", "x")))
    assert out.holds is None
    ctx = FakeCtx(APPLICATION, column="natural")
    assert evaluate(parse("application.new == application.nope"), ctx) == Unbound((Ref("application", "nope", "natural"),))


def test_decimal_tolerance_is_half_a_unit_of_the_coarsest_place():
    written = {"a": "0.5", "b": "0.49", "c": "0.44", "z": "0", "p": "7730.28", "q": "7730.27", "m": "3", "n": "4"}
    cells = {("fees", row, "v"): text for row, text in written.items()}
    ctx = FakeCtx(cells)

    def ev(text):
        out = evaluate(parse(text), ctx)
        return out.holds, out.difference, out.tolerance

    assert ev("fees.a == fees.b") == (True, D("0.01"), D("0.05"))
    assert ev("fees.a == fees.c") == (False, D("0.06"), D("0.05"))
    assert ev("fees.z + fees.a == fees.b") == (True, D("0.01"), D("0.05"))  # an integer 0 does not widen it
    assert ev("fees.p == fees.q") == (False, D("0.01"), D("0.005"))
    assert ev("fees.m == fees.n") == (False, D(-1), D(0))
    assert ev("fees.m == 3.0") == (True, D(0), D(0))  # literals are exact, not rounded
    assert ev("fees.a != fees.b") == (False, D("0.01"), D("0.05"))
    assert ev("fees.a <= fees.b") == (True, D("0.01"), D("0.05"))
    assert ev("fees.b >= fees.a") == (True, D("-0.01"), D("0.05"))
    assert ev("fees.a < fees.b") == (False, D("0.01"), D("0.05"))  # strict comparisons are exact
    assert str(evaluate(parse("fees.p + fees.a == 0"), ctx).lhs) == "7730.78"


def test_division():
    ctx = FakeCtx({("t", "a", "v"): "1", ("t", "b", "v"): "4", ("t", "z", "v"): "0"})
    assert evaluate(parse("t.a / t.b == 0.25"), ctx).holds is True
    assert evaluate(parse("t.a / t.z == 1"), ctx) == Unbound((), "division by zero")


def test_present_and_blank():
    ctx = FakeCtx({("t", "a", "v"): "0", ("t", "b", "v"): None})
    assert evaluate(parse("present(t.a)"), ctx) == Truth("present", True, ref=Ref("t", "a", "v"), cell=("t", "a", "v"))
    assert evaluate(parse("present(t.b)"), ctx) == Truth("present", False, ref=Ref("t", "b", "v"))
    assert evaluate(parse("blank(t.b)"), ctx) == Truth("blank", True, ref=Ref("t", "b", "v"))
    assert evaluate(parse("blank(t.a)"), ctx).holds is False
    assert evaluate(parse("not blank(t.a)"), ctx).holds is True


def test_and_or_not_with_unbound_sides():
    ctx = FakeCtx({("t", "x", "v"): None, ("t", "y", "v"): "3", ("t", "w", "v"): None})
    guard = evaluate(parse("blank(t.x) or t.x == t.y"), ctx)
    assert guard == Truth("or", True, (Truth("blank", True, ref=Ref("t", "x", "v")),))
    assert ("t", "x", "v") in ctx.asked and ctx.asked.count(("t", "y", "v")) == 0  # right side skipped
    assert evaluate(parse("t.x == 1 and t.y == 2"), ctx).holds is False  # decided despite t.x
    assert evaluate(parse("t.x == 1 and t.y == 3"), ctx) == Unbound((Ref("t", "x", "v"),))
    assert evaluate(parse("t.x == 1 or t.w == t.y or t.y == 4"), ctx) == Unbound((Ref("t", "x", "v"), Ref("t", "w", "v")))
    assert evaluate(parse("t.x == 1 or t.y == 3"), ctx).holds is True
    assert evaluate(parse("not t.x == 1"), ctx) == Unbound((Ref("t", "x", "v"),))
    out = evaluate(parse("t.y == 3 and not t.y == 4"), ctx)
    assert out.holds is True and [p.op for p in out.parts] == ["==", "not"]


def test_sums_are_exact_at_any_length():
    """Python's default context rounds at 28 digits: a 31-digit total one off must not hold."""
    big = "1" + "0" * 30
    ctx = FakeCtx({("t", "a", "v"): big, ("t", "b", "v"): "1", ("t", "total", "v"): big})
    out = evaluate(parse("t.total == t.a + t.b"), ctx)
    assert (out.holds, out.difference) == (False, D(-1))
    huge = "9" * 5000  # the table reader keeps every digit; so do the sums
    ctx = FakeCtx({("t", "a", "v"): huge, ("t", "b", "v"): "1", ("t", "total", "v"): "1" + "0" * 5000})
    assert evaluate(parse("t.total == t.a + t.b"), ctx).holds is True
    assert evaluate(parse("t.total == t.a"), ctx).holds is False
    assert X.quantity(parse("t.total == t.a + t.b").right, ctx)[0] == D("1" + "0" * 5000)


def test_a_quotient_is_exact_to_its_operands_digits():
    big = "1" + "0" * 40
    ctx = FakeCtx({("t", "a", "v"): big + "3", ("t", "b", "v"): "3", ("t", "c", "v"): "1"})
    quotient = evaluate(parse("t.a / t.b == 0"), ctx).lhs
    assert int(quotient) == (10**41 + 3) // 3 and quotient.as_tuple().exponent < -20  # no rounding at 28 digits
    out = evaluate(parse("t.c / t.b == 0"), ctx)  # 1/3 ends, at 28 digits past its operands'
    assert out.holds is False and len(out.lhs.as_tuple().digits) == 30


def test_a_compiled_expression_judges_each_context_afresh_and_the_table_of_them_stays_bounded():
    # one node, compiled once, evaluated in contexts with other cells and other current columns:
    # nothing of one evaluation (cells, missing cells, the current column) is kept for the next
    e = parse("t.a + t.b == t.c")
    one = FakeCtx({("t", "a", "x"): "1", ("t", "b", "x"): "2", ("t", "c", "x"): "3", ("t", "a", "y"): "5"}, column="x")
    two = FakeCtx({("t", "a", "x"): "1", ("t", "b", "x"): "2", ("t", "c", "x"): "4"}, column="x")
    assert evaluate(e, one).holds is True
    assert evaluate(e, two).holds is False
    assert evaluate(e, one.at(column="y")) == Unbound((Ref("t", "b", "y"), Ref("t", "c", "y")))
    assert evaluate(e, two.at(column="x")).difference == D(-1)
    # nodes made on the fly (here: thousands) do not make the compiled table grow without end
    for n in range(X._KEPT + 10):
        evaluate(Compare("==", Num(D(n)), Num(D(n))), one)
    assert len(X._CONDITIONS) <= X._KEPT


# --- never_fails: the quick answer the assert kind asks before judging in full ---------------

_QUICK_CELLS = [
    {("t", "a", "v"): "3", ("t", "b", "v"): "1", ("t", "c", "v"): "2"},  # a == b + c
    {("t", "a", "v"): "3", ("t", "b", "v"): "1", ("t", "c", "v"): "3"},  # a < b + c
    {("t", "a", "v"): "3.0", ("t", "b", "v"): "1.02", ("t", "c", "v"): "2"},  # within the tolerance
    {("t", "a", "v"): "3", ("t", "b", "v"): "5"},  # c blank: b alone above a
    {("t", "a", "v"): "3", ("t", "b", "v"): "1"},  # c blank: unjudged
    {("t", "b", "v"): "1", ("t", "c", "v"): "2"},  # a blank
    {("t", "a", "v"): "0", ("t", "b", "v"): "0", ("t", "c", "v"): "0"},
    {},
]
_QUICK_EXPRESSIONS = [
    "t.a == t.b + t.c", "t.a != t.b + t.c", "t.a <= t.b + t.c", "t.a >= t.b + t.c", "t.a < t.b + t.c",
    "t.a > t.b + t.c", "t.a == sum(t.b, t.c)", "t.a == known(t.b, t.c)", "t.a == first(t.c, t.b)",
    "t.a * 2 == t.b - -t.c", "t.a / t.b == t.c", "blank(t.c) or t.a == t.b + t.c",
    "present(t.c) and t.a == t.b + t.c", "not (t.a == t.b + t.c)", "not present(t.a) or t.a > 1",
    "t.a == t.b + t.c or t.a == t.b", "t.a == t.b and t.b == t.c", "t.b + t.c == t.a",
]


@pytest.mark.parametrize("text", _QUICK_EXPRESSIONS)
def test_never_fails_is_true_only_where_the_full_judgement_does_not_fail(text):
    """never_fails lets the assert kind skip the full judgement: it must never be True where
    the judgement fails, and it is True where the judgement holds exactly or is unbound with
    no side a blank could bound."""
    e = parse(text)
    for cells in _QUICK_CELLS:
        ctx = FakeCtx(cells, column="v")
        outcome = evaluate(e, ctx)
        with X.exact():
            quick = X.never_fails(e)(ctx)
        if quick:
            assert outcome.holds is not False, (text, cells)
    quick_ok = [X.never_fails(parse("t.a == t.b + t.c"))(FakeCtx(c, column="v")) for c in _QUICK_CELLS]
    # (a blank side whose reported cells are not above the other side: Unbound, as _bounded finds)
    assert quick_ok == [True, False, False, False, True, True, True, True]


# --- may_fail: never_fails of several asserts at several places, references resolved once -----


class KeepingCtx(FakeCtx):
    """A FakeCtx that names the shape of its tables (the ids its rows() and columns() give) and
    keeps the cells it found, as Scope does: may_fail then resolves each reference once."""

    _shapes: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.found = {}

    def value(self, table, row, column):
        key = (table, row, column)
        if key not in self.found:
            self.found[key] = super().value(table, row, column)
        return self.found[key]

    def shape(self, table):
        groups = tuple(sorted((kind, k, tuple(ids)) for kind, source in (("rows", self.row_groups), ("columns", self.column_groups))
                              for k, ids in source.items() if k[0] == table))
        return self._shapes.setdefault((table, tuple(self.columns(table, None)), groups), object())


_SWEPT = [
    *_QUICK_EXPRESSIONS, "t.b + t.c <= t.a", "t.b + t.c > t.a", "t.a == t.b + sum(t.c, t.d)", "t.a == sum(t.rows(parts))",
    "known(t.rows(parts)) <= t.a", "present(t.rows(parts)) or t.a == 0", "t.row.x == sum(t.row.columns(all))",
    "t.a.x == sum(t.a.columns(all))", "t.row == 1", "sum(t.rows(none)) == 1", "t.d == 0 or t.a == t.b + t.c",
    "-t.a < t.b", "t.a * 2 >= t.b + t.d", "not (t.a == t.b) or blank(t.d)", "t.a > t.b and t.c < t.d", "u.v == t.a.y",
    "first(t.d, t.c) + t.b == t.a", "known(t.b, t.c * 2) == t.a", "t.a == 0 and present(t.b)", "blank(t.row)",
    "t.a - t.b != t.c", "t.a != 1.5 + t.b", "t.a * 2 != t.b", "known(t.b, t.c) != t.a", "t.a - 1 <= -t.b",
    "t.d + t.row == t.a", "t.a == t.b + sum(t.rows(none))",
]


def _swept_ctx(rng) -> KeepingCtx:
    numbers = ["0", "1", "2", "3", "5", "1.5", "2.50", "0.0", None, None]
    cells = {}
    for column in ("x", "y"):
        b, c, d = (rng.choice(numbers) for _ in range(3))
        total = str(sum(Decimal(n) for n in (b, c) if n is not None))
        # a total that mostly adds up, sometimes not, sometimes within the decimals, or blank
        a = rng.choice([total, total, rng.choice(numbers), str(Decimal(total) + Decimal("0.01"))])
        cells |= {("t", r, column): n for r, n in zip("abcd", (a, b, c, d)) if n is not None}
    if rng.random() < 0.7:
        cells[("u", "v", "v")] = rng.choice(numbers[:-2])
    groups = {("t", "parts"): ["b", "c"]} if rng.random() < 0.8 else {("t", "parts"): ["b", "c", "d"]}
    return KeepingCtx(cells, row_groups=groups, column_groups={("t", "all"): ["x", "y"]})


def test_may_fail_is_never_fails_at_every_place():
    """may_fail's references resolved once per shape and place give what never_fails finds at
    each place, on varied cells: blanks, decimals within the tolerance, totals that do not add
    up, a table without cells, groups of other shapes, references that cannot be resolved."""
    rng = random.Random(14)
    exprs = [parse(text) for text in _SWEPT]
    places = [(None, "x"), (None, "y"), ("a", "x"), ("b", None), (None, None)]
    for _ in range(150):
        ctx = _swept_ctx(rng)
        with X.exact():
            fast = X.may_fail(exprs, places, ctx)
            slow = [(p, e) for p, (row, column) in enumerate(places) for e, expr in enumerate(exprs)
                    if not X.never_fails(expr)(FakeCtx(ctx.cells, ctx.row_groups, ctx.column_groups, row, column))]
        assert fast == slow, ctx.cells
        for p, (row, column) in enumerate(places):
            for e, expr in enumerate(exprs):
                if (p, e) in fast:
                    continue
                try:
                    outcome = evaluate(expr, FakeCtx(ctx.cells, ctx.row_groups, ctx.column_groups, row, column))
                except ExprError:
                    continue
                assert outcome.holds is not False, (_SWEPT[e], places[p], ctx.cells)


def test_a_difference_beyond_any_tolerance_is_certain():
    """A difference larger than the largest tolerance (half a unit of the first decimal
    place) decides a comparison of decimals without the full judgement, as one of integers."""
    ctx = FakeCtx({("t", "a", "v"): "1.5", ("t", "b", "v"): "2.50", ("t", "c", "v"): "1.52"}, column="v")
    with X.exact():
        assert X.never_fails(parse("t.a != t.b"))(ctx) is True
        assert X.never_fails(parse("t.a == t.b"))(ctx) is False
        assert X.never_fails(parse("t.a != t.c"))(ctx) is False  # within the tolerance: judged in full
    assert evaluate(parse("t.a != t.b"), ctx).holds is True
    assert evaluate(parse("t.a != t.c"), ctx).holds is False


def test_may_fail_finds_the_same_given_the_same_tuples_again():
    """The assert kind passes the same tuples report after report (found by identity); lists
    that hold the same are found by what they hold: both give what a first call gives."""
    rng = random.Random(7)
    exprs = tuple(parse(text) for text in _SWEPT)
    places = ((None, "x"), (None, "y"), ("a", "x"), ("b", None), (None, None))
    for _ in range(40):
        ctx = _swept_ctx(rng)
        with X.exact():
            by_content = X.may_fail(list(exprs), list(places), ctx)
            assert X.may_fail(exprs, places, ctx) == by_content
            assert X.may_fail(exprs, places, ctx) == by_content
