"""Arithmetic on printed numbers, on the step's reading.

Both sides are numbers once the values the write-up gave are in. They are
compared by the one equality policy (:mod:`symcheck.notation.equality`):
exactly, with a side that is one printed decimal standing for the interval
its digits imply. A number that an earlier step printed rounded brings that
rounding along (first order), and the reason says so ("allowing for the
rounding of line N").

When a step is wrong, one small edit of the printed left side that makes it
hold is the hint: a minus sign dropped, a number carried from an earlier
wrong result replaced by its correct value, a decimal point moved. Edits are
made on the source at the positions of the reading's tokens, and the edited
source is read again.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

import sympy as sp

from ..notation.equality import Printed, compare_numbers, literal, minus_signs, numbers_in, show
from ..verdict import CheckKind, Verdict
from .reading import StepReading, substitute
from .state import Corrected, Result, Rounded, State

REL_TEXT = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "~": "≈"}


def check_arithmetic(sr: StepReading, state: State) -> Result:
    u, v = substitute(sr.lhs, state), substitute(sr.rhs, state)
    (la, lb), (ra, rb) = sr.spans
    lp, rp = literal(sr.source, la, lb), literal(sr.source, ra, rb)
    printed = sum((p.half_unit for p in (lp, rp) if p is not None), sp.Integer(0))
    open_ends = lp is not None and rp is not None
    d = compare_numbers(u, v, sr.rel, printed, open_ends=open_ends)
    slack, lines = printed, []
    if d.holds is not True:  # rounding carried from earlier printed results, said where it is used
        slack, lines = _slack(sr, state, lp, rp)
        if lines:
            d = compare_numbers(u, v, sr.rel, slack, open_ends=open_ends)
        else:
            slack = printed
    if d.holds is None:
        return Result(Verdict.unchecked("unsupported", "the two sides are too close to tell apart at 60 digits, "
                                                       "or not finite real numbers"))
    updates: list = []
    if rp is not None and rp.decimals:
        updates.append(Rounded(abs(rp.value), rp.half_unit, sr.step.line))
    where = f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}"
    carried = f", allowing for the rounding of {where}" if lines else ""
    rel = REL_TEXT.get(sr.rel, sr.rel)
    if d.holds:
        if rp is None:
            return Result(Verdict.correct(CheckKind.ARITHMETIC, f"both sides are {show(u)}{carried}"), tuple(updates))
        how = "within the printed digits" if slack else "exactly"
        return Result(Verdict.correct(CheckKind.ARITHMETIC, f"{show(u)} {rel} {sr.rhs_text.strip()} {how}{carried}"),
                      tuple(updates))
    if rp is not None:
        updates.append(Corrected(abs(rp.value), u, sr.step.line, rp.text))
    hint = one_edit_hint(sr, state, v, slack)
    if not hint and sr.rel == "=" and rp is not None and rp.decimals >= 2 and abs(u - v) <= sp.Rational(3, 2) * slack:
        hint = f"{show(u)} rounds to {float(u):.{rp.decimals}f}"
    if sr.rel == "=":
        reason = f"{sr.lhs_text.strip()} is {show(u)}, not {sr.rhs_text.strip()}"
    else:
        reason = f"{show(u)} {rel} {show(v)} is false"
    if slack:
        reason += f" (allowing ±{float(slack):.1g} for rounding" + (f", including that of {where})" if lines else ")")
    return Result(Verdict.incorrect(CheckKind.ARITHMETIC, reason, counterexample={"lhs": d.lhs, "rhs": d.rhs},
                                    hint=hint), tuple(updates))


def _slack(sr, state, lp: Optional[Printed], rp: Optional[Printed]):
    """How far the sides may differ: the half unit of a side that is one printed
    decimal; for any other side, the rounding it carries from earlier results."""
    total, lines = sp.Integer(0), []
    for (a, b), p, part in zip(sr.spans, (lp, rp), (sr.lhs, sr.rhs)):
        if p is not None:
            total += p.half_unit
            continue
        base = substitute(part, state)
        index = 0 if (a, b) == sr.spans[0] else 1
        for n in numbers_in(sr.source, a, b):
            carried = state.carried.get(abs(n.value))
            if not carried:
                continue
            half, line = carried
            moved = _value_after(sr, state, [(n.pos, len(n.text), _decimal_text(abs(n.value) + half))], index)
            if moved is None:
                return sp.oo, lines
            total += abs(moved - base)
            if line not in lines:
                lines.append(line)
    return total, lines


# --- one edit that makes the step hold --------------------------------------------------
def _edit(source: str, edits) -> str:
    for pos, length, text in sorted(edits, reverse=True):
        source = source[:pos] + text + source[pos + length:]
    return source


def _value_after(sr: StepReading, state: State, edits, index: int = 0):
    """The value of side ``index`` after ``edits`` (positions in ``sr.source``), read again alone."""
    a, b = sr.spans[index]
    side = _edit(sr.source, edits)[a:b + sum(len(t) - n for _, n, t in edits)]
    part = sr.reread_side(side)
    if part is None:
        return None
    value = substitute(part, state)
    return value if value.is_number and not value.free_symbols else None


def _holds_after(sr, state, edits, target, slack) -> bool:
    value = _value_after(sr, state, edits)
    return value is not None and compare_numbers(value, target, sr.rel, slack).holds is True


def _decimal_text(x) -> str:
    """A number as a decimal the reader reads exactly (no exponent)."""
    if isinstance(x, Decimal):
        s = format(x.normalize(), "f")
    else:
        s = format(Decimal(str(sp.N(x, 30))).normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


PLACEHOLDER = r" \Xi "   # a name that stands for one printed number while its candidates are tried


class _Number:
    """The left side as a function of one of its printed numbers: candidates for that
    number are screened in floating point, and the one that makes the step hold is
    confirmed by reading the edited source again."""

    def __init__(self, sr: StepReading, state: State, n: Printed, target, slack):
        self.sr, self.state, self.n, self.target, self.slack = sr, state, n, target, slack
        a, b = sr.spans[0]
        text = sr.source[a:n.pos] + PLACEHOLDER + sr.source[n.pos + len(n.text):b]
        part = sr.reread_side(text)
        self.fn = None
        if part is not None:
            t = next((s for s in part.free_symbols if getattr(s, "name", "") == "Xi"), None)
            body = substitute(part, state)
            if t is not None and body.free_symbols == {t}:
                from ..symbolic import as_elementary, numeric_function

                try:
                    self.fn = numeric_function(t, as_elementary(body), modules="math")
                except (TypeError, SyntaxError, NameError, KeyError, NotImplementedError):
                    self.fn = None  # (PrintMethodNotImplementedError: a Limit, an Integral: no screen)

    def may_hold(self, value) -> bool:
        """Could the step hold with ``value`` in place of the number? (False only when far off.)"""
        if self.fn is None:
            return True
        try:
            v = float(self.fn(float(value)))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return False
        except NameError:  # a function lambdify does not know: no screening
            return True
        t = float(self.target)
        margin = float(self.slack) * 2 + 1e-6 * max(1.0, abs(v), abs(t))
        if self.sr.rel in ("=", "~"):
            return abs(v - t) <= margin
        return True


def one_edit_hint(sr: StepReading, state: State, target, slack) -> str:
    """One small edit to the left side that makes the step hold, as a sentence (or "")."""
    a, b = sr.spans[0]
    nums = numbers_in(sr.source, a, b)
    minuses = minus_signs(sr.source, a, b)
    first = sr.source[a:b].lstrip()
    leading = minuses[0] if minuses and first.startswith("-") and minuses[0] == a + len(sr.source[a:b]) - len(first) \
        else None
    screens: dict = {}

    def screen(n: Printed) -> _Number:
        if n.pos not in screens:
            screens[n.pos] = _Number(sr, state, n, target, slack)
        return screens[n.pos]

    def holds(edits):
        return _holds_after(sr, state, edits, target, slack)

    if leading is not None and holds([(leading, 1, " ")]):
        return "holds without the leading minus"
    for m in minuses:
        if m == leading:
            continue
        num = next((n for n in nums if n.negated and n.pos > m and not sr.source[m + 1:n.pos].strip()), None)
        if num is not None and not screen(num).may_hold(-num.value):
            continue
        if holds([(m, 1, " ")]):
            return f"holds without the minus before {num.text}" if num else "holds without one of the minus signs"
    for n in nums:  # a value carried from an earlier wrong result
        corr = state.corrections.get(abs(n.value))
        if not corr:
            continue
        value, line, text = corr
        start = _minus_before(sr.source, n) if n.negated else n.pos
        if screen(n).may_hold(-value if n.negated else value) and \
                holds([(start, n.pos + len(n.text) - start, f"{'+' if n.negated else ''}({_decimal_text(value)})")]):
            d = len(text.split(".", 1)[1]) if "." in text else 0
            shown = f"{float(value):.{d}f}" if d else f"{float(value):.6g}"
            return f"holds with {shown} (the correct value of line {line}) in place of {'-' if n.negated else ''}{n.text}"
    for k in (-1, 1, -2, 2, -3, 3):  # a decimal point in the wrong place
        for n in nums:
            if n.value == 0:
                continue
            scaled = Decimal(n.text) * Decimal(10) ** k
            if not screen(n).may_hold(scaled):
                continue
            text = _decimal_text(scaled)
            if holds([(n.pos, len(n.text), text)]):
                return f"holds with {text} in place of {n.text}"
    for n in nums:  # one number written with the wrong sign (and, maybe, the wrong decimal place)
        if not n.negated:
            continue
        start = _minus_before(sr.source, n)
        for k in (0, -1, 1, -2, 2):
            scaled = Decimal(n.text) * Decimal(10) ** k
            if not screen(n).may_hold(-scaled):
                continue
            text = _decimal_text(scaled)
            if holds([(start, n.pos + len(n.text) - start, "+" + text)]):
                return f"holds with {text} in place of -{n.text}"
    return ""


def _minus_before(source: str, n: Printed) -> int:
    i = n.pos - 1
    while i >= 0 and source[i].isspace():
        i -= 1
    return i if i >= 0 and source[i] == "-" else n.pos


# --- for other modules: printed numbers of a LaTeX expression, and its value after edits ------------
def value_of(latex: str, edits=()):
    """The exact value of the expression ``latex`` (read by the front end) after ``edits``
    ((position, length, text) in ``latex``), or None when it is not a number."""
    from ..errors import ParseError
    from ..notation import read

    try:
        parts = read(_edit(latex, edits)).parts
    except (ParseError, RecursionError):
        return None
    if len(parts) != 1 or not isinstance(parts[0], sp.Basic):
        return None
    v = parts[0]
    return v if v.is_number and not v.free_symbols else None


def value_with(latex: str, n: Printed, value) -> Optional[object]:
    """The value of ``latex`` with ``value`` in place of the printed number ``n`` (its minus sign included)."""
    start = _minus_before(latex, n) if n.negated else n.pos
    return value_of(latex, [(start, n.pos + len(n.text) - start,
                             f"{'+' if n.negated else ''}({_decimal_text(value)})")])


def rounding_error(latex: str, n: Printed, base) -> object:
    """First-order error of ``latex`` (value ``base``) from the rounding of the printed decimal ``n``."""
    moved = value_of(latex, [(n.pos, len(n.text), _decimal_text(abs(n.value) + n.half_unit))])
    return sp.oo if moved is None else abs(moved - base)
