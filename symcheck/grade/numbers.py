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
    parts = sr.reread(_edit(sr.source, edits))
    if parts is None:
        return None
    value = substitute(parts[index], state)
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


def one_edit_hint(sr: StepReading, state: State, target, slack) -> str:
    """One small edit to the left side that makes the step hold, as a sentence (or "")."""
    a, b = sr.spans[0]
    nums = numbers_in(sr.source, a, b)
    minuses = minus_signs(sr.source, a, b)
    first = sr.source[a:b].lstrip()
    leading = minuses[0] if minuses and first.startswith("-") and minuses[0] == a + len(sr.source[a:b]) - len(first) \
        else None

    def holds(edits):
        return _holds_after(sr, state, edits, target, slack)

    if leading is not None and holds([(leading, 1, " ")]):
        return "holds without the leading minus"
    for m in minuses:
        if m != leading and holds([(m, 1, " ")]):
            num = next((n for n in nums if n.negated and n.pos > m and not sr.source[m + 1:n.pos].strip()), None)
            return f"holds without the minus before {num.text}" if num else "holds without one of the minus signs"
    for n in nums:  # a value carried from an earlier wrong result
        corr = state.corrections.get(abs(n.value))
        if not corr:
            continue
        value, line, text = corr
        start = _minus_before(sr.source, n) if n.negated else n.pos
        if holds([(start, n.pos + len(n.text) - start, f"{'+' if n.negated else ''}({_decimal_text(value)})")]):
            d = len(text.split(".", 1)[1]) if "." in text else 0
            shown = f"{float(value):.{d}f}" if d else f"{float(value):.6g}"
            return f"holds with {shown} (the correct value of line {line}) in place of {'-' if n.negated else ''}{n.text}"
    for k in (-1, 1, -2, 2, -3, 3):  # a decimal point in the wrong place
        for n in nums:
            if n.value == 0:
                continue
            text = _decimal_text(Decimal(n.text) * Decimal(10) ** k)
            if holds([(n.pos, len(n.text), text)]):
                return f"holds with {text} in place of {n.text}"
    for n in nums:  # one number written with the wrong sign (and, maybe, the wrong decimal place)
        if not n.negated:
            continue
        start = _minus_before(sr.source, n)
        for k in (0, -1, 1, -2, 2):
            text = _decimal_text(Decimal(n.text) * Decimal(10) ** k)
            if holds([(start, n.pos + len(n.text) - start, "+" + text)]):
                return f"holds with {text} in place of -{n.text}"
    return ""


def _minus_before(source: str, n: Printed) -> int:
    i = n.pos - 1
    while i >= 0 and source[i].isspace():
        i -= 1
    return i if i >= 0 and source[i] == "-" else n.pos
