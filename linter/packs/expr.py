"""Check expressions: the `assert:` of a rule-pack check, parsed once, evaluated per table.

    assert: application.new + application.carried == application.total + application.forward

Packs are data written by people who know the reports, not Python, so expressions go through a
grammar (grammars/expr.lark documents the syntax) and never through eval. `parse` runs at pack
load time and turns the lark tree into the frozen dataclasses below, so a bad expression is
reported with its column before any report is read, and `evaluate` is plain Python over that AST.

Evaluation is "bind before you judge": a cell that was not reported is never taken as 0. If a
comparison needs a missing cell the outcome is `Unbound`, listing every missing cell, and the
engine reports incompleteness instead of a false arithmetic error.

The context protocol (`Context`) is all the evaluator knows about tables:

    ctx.row, ctx.column          current row / column id under `each: row` / `each: column`,
                                 else None
    ctx.value(table, row, col)   Value(number, cell) or None when the cell is not reported;
                                 build the Decimal from the written text ("7730.20", not a
                                 float): its exponent is the precision used for tolerance
    ctx.rows(table, group)       row ids of a row group, in table order
    ctx.columns(table, group)    column ids of a column group, in table order; group None =
                                 every value column (a table with one value column needs no
                                 column in its references)

and, for `may_fail` to resolve each reference once per shape of its tables, optionally:

    ctx.shape(table)             an object that stays the same while rows() and columns() of
                                 the table give the same (Scope: the template)
    ctx.found                    the cells value() found so far: (table, row, column) -> what
                                 it gave

Ids in `Ref`/`GroupSum` come from the pack; ids handed to ctx are always concrete.
"""

from __future__ import annotations

import decimal
import operator
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cache, partial
from typing import Any, Protocol, Sequence, Union

from lark import (
    Lark,
    Transformer,
    UnexpectedCharacters,
    UnexpectedInput,
    UnexpectedToken,
    v_args,
)

from linter.cache import regex
from linter.memo import of_object
from linter.resources import grammar_path


class ExprError(Exception):
    """A bad expression. From `parse`: a syntax error at (line, column) of the expression text,
    1-based; the pack loader adds file and line. From `evaluate`: a reference the context cannot
    resolve (no current row, ...), a pack error that the loader can catch with `references`."""

    def __init__(self, reason: str, column: int | None = None, line: int = 1):
        super().__init__(f"column {column}: {reason}" if column else reason)
        self.reason = reason
        self.column = column
        self.line = line


# --- AST -------------------------------------------------------------------------------------
#
# Frozen dataclasses (the packs hold them, compare them and put references in sets), without the
# generated __repr__ and __slots__, which cost more at import than the rest: the same repr is
# written once, and given to each after.


def _repr(node: Any) -> str:
    """What @dataclass would show: `Compare(op='==', left=Ref(...), right=Num(...))`."""
    shown = ", ".join(f"{f.name}={getattr(node, f.name)!r}" for f in fields(node))
    return f"{type(node).__qualname__}({shown})"


@dataclass(frozen=True, repr=False)
class Ref:
    """A cell. row None = the current row (`row` in the row place); column None = the current
    column or the table's only value column (`table.row`, or `column` in the column place)."""

    table: str
    row: str | None
    column: str | None

    def __str__(self) -> str:
        return ".".join([self.table, self.row or "row"] + ([self.column] if self.column else []))


@dataclass(frozen=True, repr=False)
class GroupSum:
    """The cells of a group: axis "rows" = rows of `group` at column `at`; axis "columns" =
    columns of `group` at row `at`. at None = the current (or only) column / the current row.
    Only appears inside `Sum`."""

    table: str
    axis: str
    group: str
    at: str | None = None

    def __str__(self) -> str:
        if self.axis == "rows":
            return f"{self.table}.rows({self.group})" + (f".{self.at}" if self.at else "")
        return f"{self.table}.{self.at or 'row'}.columns({self.group})"


@dataclass(frozen=True, repr=False)
class Num:
    value: Decimal


@dataclass(frozen=True, repr=False)
class Neg:
    operand: Arith


@dataclass(frozen=True, repr=False)
class BinOp:
    op: str  # + - * /
    left: Arith
    right: Arith


@dataclass(frozen=True, repr=False)
class Sum:
    items: tuple[Arith | GroupSum, ...]


@dataclass(frozen=True, repr=False)
class Known:
    """The sum of the reported cells among its items: a blank counts as 0 here, and is
    listed, since a count not reported is zero or more (a lower bound of the true sum)."""

    items: tuple[Arith | GroupSum, ...]


@dataclass(frozen=True, repr=False)
class First:
    """The first alternative whose cells are all reported."""

    items: tuple[Arith, ...]


@dataclass(frozen=True, repr=False)
class Compare:
    op: str  # == != < <= > >=
    left: Arith
    right: Arith


@dataclass(frozen=True, repr=False)
class BoolOp:
    op: str  # and | or
    left: Condition
    right: Condition


@dataclass(frozen=True, repr=False)
class Not:
    operand: Condition


@dataclass(frozen=True, repr=False)
class Present:
    ref: Ref | GroupSum  # a group: every cell of it


@dataclass(frozen=True, repr=False)
class Blank:
    ref: Ref


for _node in (Ref, GroupSum, Num, Neg, BinOp, Sum, Known, First, Compare, BoolOp, Not, Present, Blank):
    _node.__repr__ = _repr

Arith = Union[Num, Ref, Neg, BinOp, Sum, Known, First]
Condition = Union[Compare, BoolOp, Not, Present, Blank]
Expr = Condition  # what parse returns: an assert is always a condition


# --- parsing ---------------------------------------------------------------------------------


@cache
def _parser() -> Lark:
    """Built once per process; the LALR tables are kept in the user cache between runs."""
    from linter.cache import lark_parser

    return lark_parser(grammar_path("expr.lark"))


def _wild(token: Any, word: str) -> str | None:
    """`row` in the row place / `column` in the column place mean "the current one"."""
    return None if token is None or token == word else str(token)


@v_args(inline=True)
class _Compile(Transformer):
    """lark tree -> AST; every id becomes a plain str so the AST holds nothing of lark."""

    def number(self, tok):
        return Num(Decimal(str(tok)))

    def ref(self, table, row, column=None):
        return Ref(str(table), _wild(row, "row"), _wild(column, "column"))

    def rows_group(self, table, group, at=None):
        return GroupSum(str(table), "rows", str(group), _wild(at, "column"))

    def columns_group(self, table, *rest):
        at, group = rest if len(rest) == 2 else (None, rest[0])
        return GroupSum(str(table), "columns", str(group), _wild(at, "row"))

    def neg(self, x):
        return Num(-x.value) if isinstance(x, Num) else Neg(x)

    def add(self, a, b):
        return BinOp("+", a, b)

    def sub(self, a, b):
        return BinOp("-", a, b)

    def mul(self, a, b):
        return BinOp("*", a, b)

    def div(self, a, b):
        return BinOp("/", a, b)

    def sum(self, *items):
        return Sum(tuple(items))

    def known(self, *items):
        return Known(tuple(items))

    def first(self, *items):
        return First(tuple(items))

    def comparison(self, a, op, b):
        return Compare(str(op), a, b)

    def and_(self, a, b):
        return BoolOp("and", a, b)

    def or_(self, a, b):
        return BoolOp("or", a, b)

    def not_(self, x):
        return Not(x)

    def present(self, ref):
        return Present(ref)

    def blank(self, ref):
        return Blank(ref)


_WORD_BEFORE = regex(r"(\.\s*)?([A-Za-z0-9_]+)\s*$")  # the id just before a token
_OPERAND_STARTS = {"LPAR", "MINUS", "NAME", "NUMBER", "SUM", "KNOWN", "FIRST", "NOT", "PRESENT", "BLANK"}


def parse(text: str) -> Expr:
    """Parse an assert. Raises ExprError(reason, column, line) on a syntax error."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(text, exc) from None
    return _Compile().transform(tree)


def parse_arith(text: str) -> Arith:
    """Parse a quantity (`review.direct_suit.total + review.suit_after_review.total`, used by
    the narrative checks to say which cells a sentence's figure is), as the left side of a
    comparison so that the one grammar serves both."""
    expr = parse(f"({text}) == 0")
    if not isinstance(expr, Compare):  # pragma: no cover — the wrapper always compares
        raise ExprError("not a quantity")
    return expr.left


def _syntax_error(text: str, exc: UnexpectedInput) -> ExprError:
    """A short reason for the common mistakes; lark's expected-sets are too noisy to show."""
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream]
        reason = "use == to compare, not =" if char == "=" else f"unexpected character {char!r}"
        return ExprError(reason, exc.column, exc.line)
    assert isinstance(exc, UnexpectedToken)
    token, expected = exc.token, set(exc.expected)
    if token.type == "$END":
        end = len(text.rstrip())
        line = text.count("\n", 0, end) + 1
        column = end - (text.rfind("\n", 0, end) + 1) + 1
        if not text.strip():
            reason = "empty expression"
        elif "COMP" in expected:
            reason = "incomplete: an assert must compare (== != < <= > >=) or use present()/blank()"
        elif "RPAR" in expected and not expected & _OPERAND_STARTS:
            reason = "missing ')'"
        else:
            reason = "unexpected end of expression"
        return ExprError(reason, column, line)
    m = _WORD_BEFORE.search(text, 0, token.start_pos)
    word, after_dot = (m.group(2), bool(m.group(1))) if m else ("", False)
    if token.type == "COMP" and "AND" in expected:
        reason = "a condition cannot be compared again; combine conditions with and/or"
    elif token.type == "LPAR" and word and after_dot and word in ("rows", "columns"):
        reason = f"{word}(...) can only be summed: sum(table.{word}(group))"
    elif expected == {"LPAR"} and after_dot and word in ("rows", "columns"):
        reason = f"{word} needs a group: table.{word}(group)"
    elif token.type == "LPAR" and word and not after_dot and not word[0].isdigit():
        reason = f"unknown function {word!r} (there are sum, known, first, present, blank)"
    elif token.type == "DOT" and word and not word[0].isdigit():
        reason = "a reference has at most three parts: table.row.column"
    elif expected == {"DOT"}:
        reason = f"unexpected {token.value!r}; a reference is table.row or table.row.column"
    elif expected == {"NAME"}:
        reason = f"unexpected {token.value!r}; expected a reference"
    elif "NAME" in expected and expected <= _OPERAND_STARTS:
        reason = f"unexpected {token.value!r}; expected a number or a reference"
    else:
        reason = f"unexpected {token.value!r}"
    return ExprError(reason, token.column, token.line)


def references(expr: Any) -> set[Ref | GroupSum]:
    """Every cell and group an expression names, as written (None = current/only row or
    column), so the pack loader can check each id against the table template."""
    found: set[Ref | GroupSum] = set()

    def walk(node: Any) -> None:
        if isinstance(node, (Ref, GroupSum)):
            found.add(node)
        elif isinstance(node, tuple):
            for item in node:
                walk(item)
        elif hasattr(node, "__dataclass_fields__"):
            for f in fields(node):
                walk(getattr(node, f.name))

    walk(expr)
    return found


# --- evaluation ------------------------------------------------------------------------------


class _Outcome:
    """Equality, hash and repr by the fields (`__slots__`) for the values evaluation makes.
    Plain classes, not frozen dataclasses: a report makes thousands of them (a frozen
    dataclass sets each field through object.__setattr__), and a dataclass costs about 0.3 ms
    at import. Treated as immutable all the same."""

    __slots__ = ()

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


class Value(_Outcome):
    """A reported number and the context's handle on the cell it was read from."""

    __slots__ = ("number", "cell")

    def __init__(self, number: Decimal, cell: Any = None) -> None:
        self.number = number
        self.cell = cell


class Context(Protocol):
    row: str | None
    column: str | None

    def value(self, table: str, row: str, column: str) -> Value | None: ...

    def rows(self, table: str, group: str) -> Sequence[str]: ...

    def columns(self, table: str, group: str | None) -> Sequence[str]: ...


class Term(_Outcome):
    """One contributing cell of a comparison side: resolved ref, its number, its cell handle."""

    __slots__ = ("ref", "number", "cell")

    def __init__(self, ref: Ref, number: Decimal, cell: Any) -> None:
        self.ref = ref
        self.number = number
        self.cell = cell


class Verdict(_Outcome):
    """A comparison judged. difference = lhs - rhs. tolerance is half a unit of the coarsest
    decimal place written in the contributing cells (0 when all are integers); it applies to
    == != <= >=, while < and > are exact. Terms are in the order they appear.

    blanks: cells not reported that known() passed over. at_least: "lhs" / "rhs" when that side
    had cells not reported and its value is a lower bound (a count not reported is zero or
    more): the comparison fails whatever those cells hold."""

    __slots__ = ("op", "holds", "lhs", "rhs", "difference", "tolerance", "lhs_terms", "rhs_terms", "blanks", "at_least")

    def __init__(self, op: str, holds: bool, lhs: Decimal, rhs: Decimal, difference: Decimal, tolerance: Decimal,
                 lhs_terms: tuple[Term, ...], rhs_terms: tuple[Term, ...], blanks: tuple[Ref, ...] = (),
                 at_least: str | None = None) -> None:
        self.op = op
        self.holds = holds
        self.lhs = lhs
        self.rhs = rhs
        self.difference = difference
        self.tolerance = tolerance
        self.lhs_terms = lhs_terms
        self.rhs_terms = rhs_terms
        self.blanks = blanks
        self.at_least = at_least


class Truth(_Outcome):
    """and / or / not over sub-outcomes (parts: those evaluated), or present / blank of a cell."""

    __slots__ = ("op", "holds", "parts", "ref", "cell")

    def __init__(self, op: str, holds: bool, parts: tuple[Outcome, ...] = (), ref: Ref | None = None,
                 cell: Any = None) -> None:
        self.op = op
        self.holds = holds
        self.parts = parts
        self.ref = ref
        self.cell = cell


class Unbound(_Outcome):
    """Cannot be judged: cells not reported (missing, resolved, each once, in order) or a
    computation without a value (reason, e.g. division by zero)."""

    __slots__ = ("missing", "reason")
    holds = None

    def __init__(self, missing: tuple[Ref, ...], reason: str = "") -> None:
        self.missing = missing
        self.reason = reason


Outcome = Union[Verdict, Truth, Unbound]

_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}

# Sums, differences and products of what a report writes are exact whatever their length:
# Python's default context rounds to 28 digits, so `total == sum(parts)` would hold for a
# 31-digit total one off. (A quotient is exact to its operands' digits and 28 more: `_divide`.)
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN,
                         traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])


def exact():
    """A context in which + - * of Decimals never round (for the checks' own arithmetic)."""
    return decimal.localcontext(_EXACT)


def _divide(a: Decimal, b: Decimal) -> Decimal:
    digits = len(a.as_tuple().digits) + len(b.as_tuple().digits) + 28
    with decimal.localcontext(_EXACT) as context:
        context.prec = digits  # never MAX_PREC: 1/3 would never end
        return a / b


class _Side:
    """What one side of a comparison gathered while computing."""

    __slots__ = ("terms", "missing", "problems", "blanks")

    def __init__(self) -> None:
        self.terms: list[Term] = []
        self.missing: list[Ref] = []
        self.problems: list[str] = []
        self.blanks: list[Ref] = []


# An expression is compiled once into Python closures (a condition: ctx -> Outcome; a quantity:
# (ctx, side) -> Decimal | None) that do what a walk of its tree would do, in the same order,
# with the same Decimal operations; kept per node of the packs (which live as long as the
# process), so a rule's tree is walked once, not once per row, column and report.
_CONDITIONS: dict[int, tuple[Any, Any]] = {}
_QUANTITIES: dict[int, tuple[Any, Any]] = {}
_SURE: dict[int, tuple[Any, Any]] = {}
_KEPT = 4096  # nodes made on the fly (tests, _bounded) must not make the tables grow for ever


def _compiled(table: dict, node: Any, build) -> Any:
    return of_object(table, node, build, _KEPT)


def evaluate(expr: Expr, ctx: Context) -> Outcome:
    """Judge a parsed assert in a context (one per `each` row/column). and/or follow Kleene
    logic: an unbound side does not matter when the other side decides (guards such as
    `blank(a.x) or a.x == a.y`); `or`/`and` skip their right side once the left decides."""
    judge = judgement(expr)
    with exact():  # only comparisons compute; the rest does no arithmetic
        return judge(ctx)


def judgement(expr: Expr):
    """ctx -> Outcome: `evaluate` without its decimal context, for a caller that judges many
    expressions or contexts inside one `exact()` (entering a context costs more than most
    comparisons)."""
    return _compiled(_CONDITIONS, expr, _condition)


def never_fails(expr: Expr):
    """ctx -> bool: True only when the assert surely does not fail there (it holds whatever the
    tolerance, or it cannot be judged: a cell not reported, a blank side whose reported cells
    are not beyond the other side), found without describing it (no Term, no side, no
    Verdict); False means "judge it with `judgement`" (it fails, holds only within the
    tolerance of its decimals, or a blank cell may bound it). Most identities of a report hold
    exactly or lack their table, so a caller that wants only the failures asks this first.
    Inside `exact()`, like `judgement`; never raises where `judgement` would not (-> False)."""
    return _compiled(_SURE, expr, _never)


def quantity(node: Arith, ctx: Context) -> tuple[Decimal | None, tuple[Term, ...], tuple[Ref, ...]]:
    """The value of an arithmetic node (None when a cell is not reported), the reported cells
    that made it, and the cells that were not reported."""
    side = _Side()
    compute = _compiled(_QUANTITIES, node, _quantity)
    with exact():
        value = compute(ctx, side)
    return value, tuple(side.terms), _unique(side.missing)


def _condition(expr: Any):
    """ctx -> Outcome for a condition node."""
    if isinstance(expr, Compare):
        return _comparison(expr)
    if isinstance(expr, Present) and isinstance(expr.ref, GroupSum):
        resolve = _resolver(expr.ref)

        def present_all(ctx):
            refs = resolve(ctx)
            values = [ctx.value(r.table, r.row, r.column) for r in refs]
            return Truth("present", all(v is not None for v in values))

        return present_all
    if isinstance(expr, (Present, Blank)):
        written = expr.ref
        op = "present" if isinstance(expr, Present) else "blank"
        wanted = op == "present"

        def present_or_blank(ctx):
            ref = _resolve(written, ctx)
            value = ctx.value(ref.table, ref.row, ref.column)
            cell = value.cell if value is not None else None
            return Truth(op, (value is not None) == wanted, ref=ref, cell=cell)

        return present_or_blank
    if isinstance(expr, Not):
        operand = _condition(expr.operand)

        def negation(ctx):
            inner = operand(ctx)
            return inner if isinstance(inner, Unbound) else Truth("not", not inner.holds, (inner,))

        return negation
    if isinstance(expr, BoolOp):
        first, second, op = _condition(expr.left), _condition(expr.right), expr.op
        decisive = op == "or"  # the value of one side that decides the whole

        def logic(ctx):
            left = first(ctx)
            if left.holds is decisive:
                return Truth(op, decisive, (left,))
            right = second(ctx)
            if right.holds is decisive:
                return Truth(op, decisive, (left, right))
            if left.holds is not None and right.holds is not None:
                return Truth(op, not decisive, (left, right))
            unbound = [o for o in (left, right) if isinstance(o, Unbound)]
            missing = _unique(r for o in unbound for r in o.missing)
            return Unbound(missing, "; ".join(o.reason for o in unbound if o.reason))

        return logic
    raise ExprError(f"not a condition: {expr!r}")


_HOLDS = {
    "==": lambda d, tolerance: abs(d) <= tolerance,
    "!=": lambda d, tolerance: abs(d) > tolerance,
    "<=": lambda d, tolerance: d <= tolerance,
    ">=": lambda d, tolerance: d >= -tolerance,
    "<": lambda d, tolerance: d < 0,
    ">": lambda d, tolerance: d > 0,
}


def _comparison(expr: Compare):
    left, right, op, holds = _quantity(expr.left), _quantity(expr.right), expr.op, _HOLDS[expr.op]
    bounds = _bounds(expr, left, right)

    def compare(ctx):
        lhs_side, rhs_side = _Side(), _Side()
        lhs, rhs = left(ctx, lhs_side), right(ctx, rhs_side)
        if lhs is None or rhs is None:
            missing = _unique(lhs_side.missing + rhs_side.missing)
            unbound = Unbound(missing, "; ".join(lhs_side.problems + rhs_side.problems))
            return _bounded(expr, ctx, lhs, rhs, bounds) or unbound
        lhs_terms, rhs_terms = tuple(lhs_side.terms), tuple(rhs_side.terms)
        places = [e for e in [t.number.as_tuple().exponent for t in lhs_terms + rhs_terms] if e < 0]
        tolerance = Decimal(5).scaleb(max(places) - 1) if places else _ZERO  # the coarsest place written
        d = lhs - rhs
        return Verdict(op, holds(d, tolerance), lhs, rhs, d, tolerance, lhs_terms, rhs_terms,
                       _unique(lhs_side.blanks + rhs_side.blanks))

    return compare


_ZERO = Decimal(0)
# The largest tolerance a comparison can have: half a unit of the first decimal place (a term
# written with decimals has at least one; integers have none)
_MOST_TOLERANCE = Decimal("0.05")


def _bounds(expr: Compare, left, right) -> dict:
    """For _bounded, compiled once per comparison: side with cells not reported -> (the other
    side, the lower bound of this one), for each side that only adds cells."""
    found = {}
    for low_side, node, other in (("lhs", expr.left, right), ("rhs", expr.right, left)):
        if _additive(node):
            found[low_side] = (other, _quantity(Known((node,)) if isinstance(node, (Ref, GroupSum)) else _known(node)))
    return found


def _bounded(expr: Compare, ctx: Context, lhs: Decimal | None, rhs: Decimal | None, bounds: dict) -> Verdict | None:
    """A comparison one side of which has cells not reported, judged where it can be: counts
    are zero or more, so a side that only adds cells is at least the sum of those reported. If
    that already exceeds what the other side says (`total == sum(parts)` with parts blank and
    the reported ones above the total; `a <= b` with `a` at least more than `b`), it fails
    whatever the blank cells hold. Anything else stays unjudged."""
    if (lhs is None) == (rhs is None):
        return None
    low_side = "lhs" if lhs is None else "rhs"
    if low_side not in bounds:  # not a side that only adds cells
        return None
    other_side, bound_side = bounds[low_side]
    known, low = _Side(), _Side()
    other = other_side(ctx, known)
    bound = bound_side(ctx, low)
    if other is None or bound is None:
        return None
    places = [-t.number.as_tuple().exponent for t in known.terms + low.terms if t.number.as_tuple().exponent < 0]
    tolerance = Decimal(5).scaleb(-min(places) - 1) if places else Decimal(0)
    if expr.op == "==" or (expr.op in ("<=", "<") and low_side == "lhs") or (expr.op in (">=", ">") and low_side == "rhs"):
        fails = bound - other > tolerance if expr.op in ("==", "<=", ">=") else bound >= other
    else:
        return None
    if not fails:
        return None
    lhs_value, rhs_value = (bound, other) if low_side == "lhs" else (other, bound)
    lhs_terms, rhs_terms = (low.terms, known.terms) if low_side == "lhs" else (known.terms, low.terms)
    return Verdict(expr.op, False, lhs_value, rhs_value, lhs_value - rhs_value, tolerance, tuple(lhs_terms),
                   tuple(rhs_terms), _unique(low.blanks), low_side)


def _additive(node) -> bool:
    """Only cells and groups added up (and known() of them): more reported means more."""
    if isinstance(node, (Ref, GroupSum, Known)):
        return True
    if isinstance(node, Sum):
        return all(_additive(item) for item in node.items)
    if isinstance(node, BinOp) and node.op == "+":
        return _additive(node.left) and _additive(node.right)
    return False


def _known(node):
    """The same sum with every cell read as known(): blanks count 0 and are listed."""
    if isinstance(node, (Ref, GroupSum)):
        return Known((node,))
    if isinstance(node, Sum):
        return Known(tuple(item for item in node.items))
    if isinstance(node, BinOp):
        return BinOp(node.op, _known(node.left), _known(node.right))
    return node


def _quantity(node: Arith | GroupSum):
    """(ctx, side) -> the number of an arithmetic node, or None when unbound; always computes
    the whole node so that every missing cell is listed, not just the first."""
    if isinstance(node, Num):
        number = node.value
        return lambda ctx, side: number
    if isinstance(node, Ref) and node.row and node.column:
        ref, table, row, column = node, node.table, node.row, node.column

        def cell(ctx, side):  # a cell named in full: _cell of the one cell it stands for
            value = ctx.value(table, row, column)
            if value is None:
                side.missing.append(ref)
                return None
            side.terms.append(Term(ref, value.number, value.cell))
            return _ZERO + value.number

        return cell
    if isinstance(node, (Ref, GroupSum)):
        resolve = _resolver(node)

        def cells(ctx, side):  # _cell of each cell, summed: the hottest loop of the checks
            value_of, terms = ctx.value, side.terms
            total, missing = _ZERO, False
            for ref in resolve(ctx):
                value = value_of(ref.table, ref.row, ref.column)
                if value is None:
                    side.missing.append(ref)
                    missing = True
                else:
                    terms.append(Term(ref, value.number, value.cell))
                    total += value.number
            return None if missing else total

        return cells
    if isinstance(node, Neg):
        operand = _quantity(node.operand)

        def negative(ctx, side):
            x = operand(ctx, side)
            return None if x is None else -x

        return negative
    if isinstance(node, Sum):
        items = [_quantity(item) for item in node.items]

        def total(ctx, side):
            numbers = [item(ctx, side) for item in items]
            return None if None in numbers else sum(numbers, _ZERO)

        return total
    if isinstance(node, Known):
        groups = [_resolver(item) for item in node.items if isinstance(item, (Ref, GroupSum))]
        others = [_quantity(item) for item in node.items if not isinstance(item, (Ref, GroupSum))]

        def known(ctx, side):
            inner = _Side()
            numbers = [_cell(ref, ctx, inner) for resolve in groups for ref in resolve(ctx)]
            numbers += [item(ctx, inner) for item in others]
            side.terms += inner.terms
            side.blanks += inner.missing + inner.blanks
            side.problems += inner.problems
            return sum((n for n in numbers if n is not None), _ZERO)

        return known
    if isinstance(node, First):
        alternatives = [_quantity(item) for item in node.items]

        def first(ctx, side):
            tried: list[Ref] = []
            for item in alternatives:
                inner = _Side()
                value = item(ctx, inner)
                if value is not None:
                    side.terms += inner.terms
                    side.blanks += inner.blanks
                    return value
                tried += inner.missing
            side.missing += tried
            return None

        return first
    if isinstance(node, BinOp):
        left, right, op = _quantity(node.left), _quantity(node.right), node.op
        if op != "/":
            function = _ARITH[op]

            def arithmetic(ctx, side):
                a, b = left(ctx, side), right(ctx, side)
                if a is None or b is None:
                    return None
                return function(a, b)

            return arithmetic

        def division(ctx, side):
            a, b = left(ctx, side), right(ctx, side)
            if a is None or b is None:
                return None
            if b == 0:
                side.problems.append("division by zero")
                return None
            return _divide(a, b)

        return division
    raise ExprError(f"not a number: {node!r}")


def _cell(ref: Ref, ctx: Context, side: _Side) -> Decimal | None:
    value = ctx.value(ref.table, ref.row, ref.column)
    if value is None:
        side.missing.append(ref)
        return None
    side.terms.append(Term(ref, value.number, value.cell))
    return value.number


def _resolver(node: Ref | GroupSum):
    """ctx -> the concrete cells a reference or a group stands for (`_cells`), made once per
    set of ids and current row or column and kept with the compiled node: an identity reads
    the same cells in every report, and a Ref is not made anew for each evaluation."""
    if isinstance(node, Ref) and node.row and node.column:
        named = (node,)
        return lambda ctx: named
    made: dict[tuple, tuple[Ref, ...]] = {}
    if isinstance(node, Ref):  # the commonest: `table.row` under each: column, its key made inline
        table, named_row, named_column = node.table, node.row, node.column

        def resolve_ref(ctx):
            row = named_row or _current(ctx.row, "row", node)
            if named_column is None:
                columns = ctx.columns(table, None)
                column = columns[0] if len(columns) == 1 else _current(ctx.column, "column", table)  # _column
            else:
                column = named_column
            key = (row, column)
            found = made.get(key)
            if found is None:
                if len(made) >= _KEPT:
                    made.clear()
                found = made[key] = tuple(_cells(node, ctx))
            return found

        return resolve_ref

    def resolve(ctx):
        if node.axis == "rows":
            column = node.at or _column(node.table, ctx)
            key = (_members(ctx.rows(node.table, node.group), node), column)
        else:
            row = node.at or _current(ctx.row, "row", node)
            members = _members(ctx.columns(node.table, node.group), node)
            key = (members, row)
        if type(key[0]) is not tuple and type(key[0]) is not str:
            key = (tuple(key[0]), key[1])  # a context's list of ids
        found = made.get(key)
        if found is None:
            if len(made) >= _KEPT:
                made.clear()
            found = made[key] = tuple(_cells(node, ctx))
        return found

    return resolve


def _cells(node: Ref | GroupSum, ctx: Context) -> list[Ref]:
    """The concrete cells a reference or a group stands for, in table order."""
    if isinstance(node, Ref):
        return [_resolve(node, ctx)]
    if node.axis == "rows":
        column = node.at or _column(node.table, ctx)
        return [Ref(node.table, row, column) for row in _members(ctx.rows(node.table, node.group), node)]
    row = node.at or _current(ctx.row, "row", node)
    return [Ref(node.table, row, col) for col in _members(ctx.columns(node.table, node.group), node)]


def _resolve(ref: Ref, ctx: Context) -> Ref:
    if ref.row and ref.column:
        return ref  # named in full
    row = ref.row or _current(ctx.row, "row", ref)
    return Ref(ref.table, row, ref.column or _column(ref.table, ctx))


def _column(table: str, ctx: Context) -> str:
    """A table with one value column needs no column; otherwise the current one."""
    columns = ctx.columns(table, None)
    if len(columns) == 1:
        return columns[0]
    return _current(ctx.column, "column", table)


def _current(current: str | None, what: str, node: Any) -> str:
    if current is None:
        raise ExprError(f"{node}: no current {what} (name the {what}, or evaluate with each: {what})")
    return current


def _members(ids: Sequence[str], group: GroupSum) -> Sequence[str]:
    if not ids:
        raise ExprError(f"{group}: the group is empty or unknown")
    return ids


def _unique(refs: Any) -> tuple[Ref, ...]:
    if refs == []:  # the usual case: nothing missing, no blanks
        return ()
    return tuple(dict.fromkeys(refs))


# --- the certain answer ----------------------------------------------------------------------
#
# `never_fails` compiled: a condition -> (ctx, val, found) -> True / False / None (unbound), each
# known for certain to be what `judgement` finds, or _UNSURE (a difference that only the
# tolerance could excuse, a side a blank cell may bound: `judgement` alone can say); a quantity
# -> (ctx, val, found) -> its exact value or None when a cell is not reported. `val` is
# ctx.value, `found` the get of the cells the context found before ((table, row, column) ->
# Value or None; `_NOTHING.get` for a context that keeps none). The same Decimal operations as
# _quantity on the same cells, so a value found here is the one `judgement` finds; and the
# logic is Kleene's with _UNSURE standing for any of the three. A reference is resolved either
# when the condition is compiled (`_Sure` with a context: `may_fail`, at one place of tables of
# one shape) or per call (`never_fails`, any context).

_UNSURE = object()
_MISSING = object()  # a cell the context did not find before
_NOTHING: dict = {}  # the cells found before by a context that keeps none
_ERRORS = (ExprError, ArithmeticError)  # `judgement` says whether it is one of its own (a side it skips)


def _sum_of(keys, ctx, val, found) -> Decimal | None:
    """The exact sum of the cells, None at the first cell not reported. (ctx, unused, is
    there for the signature of an answer: `over_cells` binds the keys to this function.)"""
    total = _ZERO
    for key in keys:
        value = found(key, _MISSING)
        if value is _MISSING:
            value = val(*key)
        if value is None:
            return None
        total += value.number
    return total


def _one_cell(keys, ctx, val, found) -> Decimal | None:
    """_sum_of of the key of one reference (a Ref is one cell: `_cells`): the cell's number as
    it is, the same Decimal as 0 + it but for the sign of a zero, which no comparison tells;
    ctx as _sum_of's."""
    key, = keys
    value = found(key, _MISSING)
    if value is _MISSING:
        value = val(*key)
    return None if value is None else value.number


def _reported(keys, ctx, val, found) -> bool:
    """Whether every one of the cells is reported (`present`: _sum_of without the sum, as
    `judgement` adds none); ctx as _sum_of's."""
    for key in keys:
        value = found(key, _MISSING)
        if value is _MISSING:
            value = val(*key)
        if value is None:
            return False
    return True


def _known_sum(keys, ctx, val, found) -> Decimal:
    """The exact sum of the reported cells among these (a blank counts 0); ctx as _sum_of's."""
    total = _ZERO
    for key in keys:
        value = found(key, _MISSING)
        if value is _MISSING:
            value = val(*key)
        if value is not None:
            total += value.number
    return total


def _keys(refs) -> tuple[tuple[str, str, str], ...]:
    return tuple((ref.table, ref.row, ref.column) for ref in refs)


def _raising(error: ExprError):
    def raises(ctx, val, found):
        raise error

    return raises


class _Sure:
    """Compiles conditions and quantities into their certain answer. With a context, every
    reference is resolved now, in that context (its current row and column, its rows and
    columns: the place and the shape of the tables the answer will be asked at), its cells
    fixed in the answer; a reference it cannot resolve raises its ExprError where it is read,
    as resolving it per call would. Without, each is resolved per call."""

    def __init__(self, ctx: Context | None = None):
        self.ctx = ctx

    def over_cells(self, nodes: Sequence[Ref | GroupSum], read):
        """(ctx, val, found) -> read(the keys of the nodes' cells, ctx, val, found); the keys
        found now bound to `read` (a partial: no function of its own between them)."""
        if self.ctx is None:
            resolvers = [_resolver(node) for node in nodes]
            return lambda ctx, val, found: read(_keys(ref for resolve in resolvers for ref in resolve(ctx)), ctx, val, found)
        try:
            keys = _keys(ref for node in nodes for ref in _cells(node, self.ctx))
        except ExprError as error:
            return _raising(error)
        return partial(read, keys)

    def condition(self, expr: Any):
        if isinstance(expr, Compare):
            return self.comparison(expr)
        if isinstance(expr, (Present, Blank)):  # (present of a group: every cell of it)
            reported = self.over_cells((expr.ref,), _reported)  # whether every cell is reported
            if isinstance(expr, Present):
                return reported
            return lambda ctx, val, found: not reported(ctx, val, found)
        if isinstance(expr, Not):
            operand = self.condition(expr.operand)

            def sure_not(ctx, val, found):
                inner = operand(ctx, val, found)
                return inner if inner is None or inner is _UNSURE else not inner

            return sure_not
        if isinstance(expr, BoolOp):
            first, second = self.condition(expr.left), self.condition(expr.right)
            decisive = expr.op == "or"  # the value of one side that decides the whole

            def sure_logic(ctx, val, found):
                left = first(ctx, val, found)
                if left is decisive:
                    return decisive
                right = second(ctx, val, found)
                if right is decisive:
                    return decisive
                if left is _UNSURE or right is _UNSURE:
                    return _UNSURE  # (left may be decisive after all)
                if left is not None and right is not None:
                    return not decisive
                return None

            return sure_logic
        raise ExprError(f"not a condition: {expr!r}")

    def comparison(self, expr: Compare):
        op = expr.op
        left, right = self.quantity(expr.left), self.quantity(expr.right)
        # a side that only adds cells, alone unbound, is judged by its lower bound (the sum of
        # its reported cells: _bounded) where that can fail: in ==, on the small side of <= <,
        # on the large side of >= >; anything else with a side unbound is Unbound
        lhs_bound = self.quantity(_known(expr.left)) if _additive(expr.left) and op in ("==", "<=", "<") else None
        rhs_bound = self.quantity(_known(expr.right)) if _additive(expr.right) and op in ("==", ">=", ">") else None
        strict = op in ("<", ">")
        # d = lhs - rhs: at d = 0, == <= >= hold and != < > fail whatever the tolerance (>= 0);
        # < <= hold below 0, > >= above; < and > are exact; else the tolerance decides, which is
        # half a unit of a decimal place written, at most _MOST_TOLERANCE: a difference beyond
        # that decides whatever the places (any difference of integers does)
        zero_holds, below, above = op in ("==", "<=", ">="), op in ("<=", "<"), op in (">=", ">")

        def sure_compare(ctx, val, found):
            lhs, rhs = left(ctx, val, found), right(ctx, val, found)
            if lhs is None or rhs is None:
                if lhs is None and rhs is None:
                    return None
                low, bound, other = (lhs_bound, lhs_bound, rhs) if lhs is None else (rhs_bound, rhs_bound, lhs)
                if low is None:
                    return None
                beyond = bound(ctx, val, found) - other  # the tolerance is >= 0
                return _UNSURE if beyond > 0 or (strict and beyond == 0) else None
            d = lhs - rhs
            if d == 0:
                return zero_holds
            if (below and d < 0) or (above and d > 0):
                return True
            if strict:
                return False
            if d > _MOST_TOLERANCE or d < -_MOST_TOLERANCE:  # beyond any tolerance
                return op == "!="
            return _UNSURE

        return sure_compare

    def quantity(self, node: Any):
        """Cells, sums of them and first() here; a quotient through _quantity, a side thrown
        away."""
        if isinstance(node, Num):
            number = node.value
            return lambda ctx, val, found: number
        cells = _added_cells(node)
        if cells is not None and (len(cells) == 1 or (self.ctx is not None and self._resolves(cells))):
            if len(cells) == 1 and isinstance(cells[0], Ref):
                return self.over_cells(cells, _one_cell)  # one cell (a total, a figure): no sum to make
            return self.over_cells(cells, _sum_of)  # cells added up: one sum of them all
        if isinstance(node, Neg):
            operand = self.quantity(node.operand)

            def sure_negative(ctx, val, found):
                x = operand(ctx, val, found)
                return None if x is None else -x

            return sure_negative
        if isinstance(node, Sum):
            items = [self.quantity(item) for item in node.items]

            def sure_total(ctx, val, found):
                total = _ZERO
                for item in items:
                    x = item(ctx, val, found)
                    if x is None:
                        return None
                    total += x
                return total

            return sure_total
        if isinstance(node, BinOp) and node.op != "/":
            left, right, function = self.quantity(node.left), self.quantity(node.right), _ARITH[node.op]

            def sure_arithmetic(ctx, val, found):
                a = left(ctx, val, found)
                if a is None:
                    return None
                b = right(ctx, val, found)
                return None if b is None else function(a, b)

            return sure_arithmetic
        if isinstance(node, Known):
            reported = self.over_cells([item for item in node.items if isinstance(item, (Ref, GroupSum))], _known_sum)
            others = [self.quantity(item) for item in node.items if not isinstance(item, (Ref, GroupSum))]

            def sure_known(ctx, val, found):  # the reported cells summed, blanks as 0: never unbound
                total = reported(ctx, val, found)
                for item in others:
                    x = item(ctx, val, found)
                    if x is not None:
                        total += x
                return total

            return sure_known
        if isinstance(node, First):
            alternatives = [self.quantity(item) for item in node.items]

            def sure_first(ctx, val, found):  # the first alternative whose cells are all reported
                for item in alternatives:
                    x = item(ctx, val, found)
                    if x is not None:
                        return x
                return None

            return sure_first
        compute = _compiled(_QUANTITIES, node, _quantity)  # a quotient
        return lambda ctx, val, found: compute(ctx, _Side())

    def _resolves(self, nodes) -> bool:
        """Every node resolves in the context (else, as when each is resolved per call, a sum of
        them is left as written: one that cannot be resolved raises only if the cells before it
        are reported)."""
        try:
            for node in nodes:
                _cells(node, self.ctx)
        except ExprError:
            return False
        return True


def _added_cells(node: Any) -> list[Ref | GroupSum] | None:
    """The cells and groups of a quantity that only adds them up (`a + b`, sum(...), a group),
    in order; None for anything else. Its value is the sum of their cells, None when one is not
    reported, in whatever order they are read (the sum is exact)."""
    if isinstance(node, (Ref, GroupSum)):
        return [node]
    if isinstance(node, Sum) or (isinstance(node, BinOp) and node.op == "+"):
        found: list[Ref | GroupSum] = []
        for item in node.items if isinstance(node, Sum) else (node.left, node.right):
            cells = _added_cells(item)
            if cells is None:
                return None
            found += cells
        return found
    return None


def _never(expr: Expr):
    """never_fails's function of a condition, its references resolved per call."""
    sure = _Sure().condition(expr)

    def never(ctx) -> bool:
        try:
            verdict = sure(ctx, ctx.value, _NOTHING.get)
        except _ERRORS:
            return False
        return verdict is True or verdict is None

    return never


def _sweep(exprs: Sequence[Expr], places: Sequence[tuple[str | None, str | None]], ctx: Context):
    """may_fail's function of these conditions at these places, every reference resolved now
    (ctx: tables of the shape it will be called with)."""
    sure = _Sure(ctx)
    judged = []
    for p, (ctx.row, ctx.column) in enumerate(places):
        judged += [((p, e), ctx.row, ctx.column, sure.condition(expr)) for e, expr in enumerate(exprs)]

    def sweep(ctx) -> list[tuple[int, int]]:
        val, found, failing = ctx.value, ctx.found.get, []
        for where, ctx.row, ctx.column, verdict_of in judged:  # (the place set for a quotient)
            try:
                verdict = verdict_of(ctx, val, found)
            except _ERRORS:
                verdict = False
            if verdict is not True and verdict is not None:
                failing.append(where)
        return failing

    return sweep


_SWEEPS: dict[tuple, tuple[Any, Any, Any]] = {}  # (asserts and places, shapes) by id -> (them, shapes, function)
_SWEEPS_KEPT = 512  # the packs' cases times the shapes of their tables: a few hundred
_TABLES: dict[int, tuple[Any, Any]] = {}  # condition -> the tables it reads
_WRITTEN: dict[tuple, tuple[Any, Any]] = {}  # (asserts by id, places) -> (the asserts, the tables they read)
_PASSED: dict[tuple[int, int], tuple[Any, Any, Any]] = {}  # (asserts, places) tuples by id -> (them, _WRITTEN's)


def _written(exprs: Sequence[Expr], places: Sequence[tuple[str | None, str | None]]) -> tuple[tuple, tuple[str, ...]]:
    """(the asserts, the tables they read, each once): one object per asserts and places as
    written, which keys their sweeps; found by the tuples themselves when a caller passes the
    same tuples again (the assert kind, report after report: no key of every place hashed),
    else by what they hold."""
    passed = _PASSED.get((id(exprs), id(places)))
    if passed is not None and passed[0] is exprs and passed[1] is places:
        return passed[2]
    key = (tuple(map(id, exprs)), tuple(places))
    written = _WRITTEN.get(key)
    if written is None:
        if len(_WRITTEN) >= _SWEEPS_KEPT:
            _WRITTEN.clear()
        tables = tuple(dict.fromkeys(table for expr in exprs for table in _compiled(_TABLES, expr, _tables)))
        written = _WRITTEN[key] = (tuple(exprs), tables)  # the asserts kept: their ids are not reused
    if type(exprs) is tuple and type(places) is tuple:  # (a list may change while kept)
        if len(_PASSED) >= _SWEEPS_KEPT:
            _PASSED.clear()
        _PASSED[(id(exprs), id(places))] = (exprs, places, written)
    return written


def may_fail(exprs: Sequence[Expr], places: Sequence[tuple[str | None, str | None]], ctx: Context) -> list[tuple[int, int]]:
    """(place, assert) of each assert of `exprs` at each (row, column) of `places` that
    `never_fails` does not clear, in that order; ctx.row and ctx.column are left at the last
    place. For a context that names the shape of its tables (`ctx.shape(table)`: an object that
    is the same while its rows() and columns() give the same) and keeps the cells it found
    (`ctx.found`: (table, row, column) -> what value() gave), the whole is one function,
    compiled once per asserts, places and shapes (kept bounded, _SWEEPS_KEPT): the
    per-report work is the values of its cells, the sums and the comparisons. A caller that
    asks again and again passes the same tuples (found by identity). Inside `exact()`."""
    shape_of = getattr(ctx, "shape", None)
    if shape_of is None:
        failing = []
        for p, (ctx.row, ctx.column) in enumerate(places):
            failing += [(p, e) for e, expr in enumerate(exprs) if not never_fails(expr)(ctx)]
        return failing
    written = _written(exprs, places)
    shapes = tuple(map(shape_of, written[1]))
    key = (id(written), tuple(map(id, shapes)))
    entry = _SWEEPS.get(key)
    if entry is None:
        sweep = _sweep(exprs, places, ctx)
        if len(_SWEEPS) >= _SWEEPS_KEPT:
            _SWEEPS.clear()
        # what it was compiled for kept with it: their ids are not reused while it is here
        entry = _SWEEPS[key] = (written, shapes, sweep)
    return entry[2](ctx)


def _tables(expr: Expr) -> tuple[str, ...]:
    return tuple(sorted({r.table for r in references(expr)}))
