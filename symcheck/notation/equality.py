"""One equality policy, shared by ``symcheck check`` and the grader.

- **Exact where the input is exact.** Integers and fractions are compared
  exactly: ``12345678 = 12345679`` and ``2^{64} = 18446744073709551617`` are
  false, whatever their magnitude.
- **A printed decimal stands for the interval its digits imply.** ``0.5``
  is any number in [0.45, 0.55]; a side that is one printed decimal holds
  against the other side when the two intervals meet: ``1/3 = 0.33`` holds,
  ``1/3 = 0.4`` and ``0.5 = 0.64`` do not. A decimal inside an expression is
  exact (``0.15 \\cdot 0.05`` is 0.0075), unless the grader knows it carries
  the rounding of an earlier printed result (:func:`compare_numbers` takes
  the extra slack).
- **Malformed numbers are refused** (``1.1.1``): :func:`malformed_number`.
- **Random points never decide a tie in floating point** (:mod:`.identity`):
  two sides that agree in floating point at random points are re-evaluated
  at the same (rational) points exactly, or with 60 significant digits.
- **Domains**: declared (``γ ∈ (0, 1)``), then by name (a, y, α, γ are
  activations and targets, in (0, 1); n, the number of examples, is 2), then
  from the context (an argument of a logarithm or a root is in (0, 1)), else
  [-2, 2] (:func:`domain_of`).

Values are SymPy numbers; nothing here parses LaTeX beyond the front end's
tokens (:func:`symcheck.notation.preprocess.tokenize`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Optional, Sequence

import sympy as sp

UNIT_DOMAIN = (0.05, 0.95)
DEFAULT_DOMAIN = (-2.0, 2.0)
UNIT_NAMES = ("a", "y", "alpha", "gamma")       # activations and targets: in (0, 1)
DIGITS = 60                                      # significant digits of the re-evaluation


# --- printed numbers ---------------------------------------------------------------
@dataclass(frozen=True)
class Printed:
    """A number as printed in the source: its text, position, exact value and
    half a unit of its last printed digit (0 for an integer: integers are exact)."""

    text: str
    pos: int
    value: sp.Rational
    negated: bool = False            # a minus sign stands right before it

    @property
    def decimals(self) -> int:
        return len(self.text.split(".", 1)[1]) if "." in self.text else 0

    @property
    def half_unit(self) -> sp.Rational:
        return sp.Rational(1, 2 * 10 ** self.decimals) if "." in self.text else sp.Integer(0)


@lru_cache(maxsize=2048)
def tokens(source: str) -> tuple:
    """The front end's tokens of ``source`` (with their positions), without the end marker."""
    from .preprocess import tokenize

    return tuple(t for t in tokenize(source) if t.kind != "eof")


_tokens = tokens


def _unary_minus(toks, i: int, start: int) -> bool:
    """Is token i a minus sign that negates what follows (not a subtraction)?"""
    t = toks[i]
    if not (t.kind == "char" and t.text == "-" and t.pos >= start):
        return False
    if i == 0 or toks[i - 1].pos < start:
        return True
    p = toks[i - 1]
    return (p.kind == "char" and p.text in "+-*/([{^_,=<>") or (p.kind == "cmd" and p.text in _OPERATORS)


_OPERATORS = ("times", "cdot", "div", "le", "ge", "ne", "approx", "left")


def numbers_in(source: str, start: int = 0, end: Optional[int] = None) -> list[Printed]:
    """The printed numbers of ``source[start:end]``, in order, with their positions
    in ``source`` (``negated``: a unary minus stands right before it)."""
    end = len(source) if end is None else end
    toks = _tokens(source)
    out = []
    for i, t in enumerate(toks):
        if t.kind == "num" and start <= t.pos < end:
            out.append(Printed(t.text, t.pos, sp.Rational(t.text), i > 0 and _unary_minus(toks, i - 1, start)))
    return out


def minus_signs(source: str, start: int = 0, end: Optional[int] = None) -> list[int]:
    """Positions of the unary minus signs of ``source[start:end]``."""
    end = len(source) if end is None else end
    toks = _tokens(source)
    return [t.pos for i, t in enumerate(toks) if t.pos < end and _unary_minus(toks, i, start)]


def malformed_number(source: str) -> Optional[str]:
    """Why ``source`` holds a malformed number (``1.1.1``: two numbers written
    against each other), or None."""
    toks = _tokens(source)
    for a, b in zip(toks, toks[1:]):
        if a.kind == "num" and b.kind == "num" and b.pos == a.pos + len(a.text):
            return f"{source[a.pos:b.pos + len(b.text)]} is not a number"
    return None


def literal(source: str, start: int = 0, end: Optional[int] = None) -> Optional[Printed]:
    """The number ``source[start:end]`` consists of (a sign and one printed number), or None."""
    end = len(source) if end is None else end
    toks = [t for t in _tokens(source) if start <= t.pos < end]
    signs = [t for t in toks if t.kind == "char" and t.text in "+-"]
    nums = [t for t in toks if t.kind == "num"]
    if len(nums) != 1 or len(signs) + 1 != len(toks) or len(signs) > 1 or (signs and toks[0] is not signs[0]):
        return None
    neg = bool(signs) and signs[0].text == "-"
    n = nums[0]
    value = sp.Rational(n.text)
    return Printed(n.text, n.pos, -value if neg else value, neg)


def side_spans(source: str, count: int) -> Optional[list[tuple[int, int]]]:
    """``(start, end)`` of each of ``count`` sides of a relation chain in ``source``
    (split at relations outside brackets), or None when they cannot be told apart."""
    from .build import RELATIONS

    toks = _tokens(source)
    depth, cuts = 0, []
    for i, t in enumerate(toks):
        if t.kind == "char" and t.text in "({[":
            depth += 1
        elif t.kind == "char" and t.text in ")}]":
            depth -= 1
        elif depth == 0 and t.text in RELATIONS and t.kind in ("char", "cmd"):
            if t.kind == "char" and i + 1 < len(toks) and toks[i + 1].text == "=" and toks[i + 1].pos == t.pos + 1:
                continue  # "<=", ">=": one relation
            if t.kind == "char" and t.text == "=" and cuts and cuts[-1][1] == t.pos:
                cuts[-1] = (cuts[-1][0], t.pos + 1)
                continue
            cuts.append((t.pos, t.pos + len(t.text) + (1 if t.kind == "cmd" else 0)))
        elif depth == 0 and t.kind == "char" and t.text in ";,":
            return None
    if len(cuts) + 1 != count:
        return None
    bounds = [0] + [c for cut in cuts for c in cut] + [len(source)]
    return [(bounds[2 * i], bounds[2 * i + 1]) for i in range(count)]


def printed_sides(reading) -> list[Optional[Printed]]:
    """For each part of a reading, the printed number it is (None when it is not
    one, or when the parts cannot be matched with the source)."""
    spans = side_spans(reading.source, len(reading.parts))
    if spans is None:
        return [None] * len(reading.parts)
    return [literal(reading.source, a, b) for a, b in spans]


# --- numbers --------------------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    holds: Optional[bool]            # None: cannot be decided (not finite, not real, too close to call)
    lhs: Optional[float] = None
    rhs: Optional[float] = None
    exact: bool = False              # decided in exact arithmetic
    evaluable: bool = True           # False: SymPy cannot evaluate the sides (a construct with only a numpy meaning)


def _high(e, digits: int = DIGITS):
    """``e`` with ``digits`` significant digits (a SymPy Float), or None when it is not a finite real."""
    from ..errors import CheckTimeout
    from ..symbolic import time_limit

    try:
        with time_limit(1.0):
            v = sp.N(e, digits)
    except CheckTimeout:
        return None
    except (TypeError, ValueError, OverflowError, ZeroDivisionError, RecursionError):
        return None
    if not v.is_number or v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None
    re_, im = v.as_real_imag()
    if im != 0 and abs(im) > sp.Float(10) ** (-digits // 2):
        return None
    return re_ if re_.is_Float or re_.is_Rational else None


def compare_numbers(a, b, rel: str = "=", slack=0, open_ends: bool = False) -> Decision:
    """``a rel b`` for two SymPy numbers, where for ``=``/``≈`` the sides may
    differ by up to ``slack`` (the half units of printed decimals, and carried
    rounding; ``open_ends`` when both sides are printed: the intervals a
    rounding stands for are half-open, so 0.1 and 0.2 do not meet).
    Inequalities compare the numbers as written. Exact for rationals;
    otherwise at 60 digits, and undecided when the difference is within
    10^-40 of the boundary."""
    slack = sp.Rational(repr(slack)) if not isinstance(slack, sp.Basic) else slack
    if rel not in ("=", "~", "!="):
        slack = sp.Integer(0)
    if a == b or (a - b) == 0:
        return Decision(_relation(sp.Integer(0), sp.Integer(0), rel, slack), _float(a), _float(b), True)
    for side in (a, b):
        _refuse_overflow(side)
    quick = _quick(a, b, rel, slack, open_ends)
    if quick is not None:
        return quick
    if a.is_Rational and b.is_Rational and slack.is_Rational:
        d = a - b
        exact, lo, hi = True, d, d
    else:
        av, bv, sv = _high(a), _high(b), _high(slack)
        if av is None or bv is None or sv is None:
            return Decision(None)
        d = av - bv
        eps = sp.Float(10) ** -40 * max(1, abs(av), abs(bv))
        exact, lo, hi = False, d - eps, d + eps
        slack = sv
    holds = _relation(lo, hi, rel, slack, open_ends and slack > 0)
    if holds is None and not exact and rel in ("=", "~", "!=", "<=", ">="):
        from ..symbolic import prove_zero

        if prove_zero(a - b, timeout=1.0)[0]:  # equal: numbers alone cannot say so
            return Decision(_relation(sp.Integer(0), sp.Integer(0), rel, slack), _float(a), _float(b), True)
    return Decision(holds, _float(a), _float(b), exact and holds is not None)


def _refuse_overflow(e) -> None:
    """Raise ``OverflowError`` for a tower of powers (``e^{e^{e^{100}}}``) too large for any
    evaluation: the step runner turns it into its own cause, instead of a long wait."""
    towers = [p for p in e.atoms(sp.exp, sp.Pow)
              if (p.args[0] if isinstance(p, sp.exp) else p.exp).has(sp.exp, sp.Pow)]
    if not towers:
        return
    try:
        float(sp.lambdify([], e, modules="math")())
    except OverflowError:
        raise OverflowError("a number too large to evaluate") from None
    except (TypeError, ValueError, ZeroDivisionError, NameError):
        return


def _quick(a, b, rel, slack, open_ends) -> Optional[Decision]:
    """A decision from 20-digit values when they are far from the boundary (a relative
    margin of 10^-9, many orders above the error of the evaluation); else None."""
    if a.is_Rational and b.is_Rational:
        return None  # exact is as cheap
    try:
        av, bv = complex(sp.N(a, 20)), complex(sp.N(b, 20))
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return None
    if av.imag or bv.imag or not (math.isfinite(av.real) and math.isfinite(bv.real)):
        return None
    av, bv, sl = av.real, bv.real, float(slack)
    margin = 1e-9 * max(1.0, abs(av), abs(bv))
    d = av - bv
    holds = _relation(d - margin, d + margin, rel, sl, open_ends and sl > 0)
    return Decision(holds, av, bv, False) if holds is not None else None


def _relation(lo, hi, rel, slack, open_ends=False) -> Optional[bool]:
    """``d rel 0`` up to ``slack`` for a difference d known to lie in [lo, hi]."""
    if rel in ("=", "~"):
        inside = (lambda x: abs(x) < slack) if open_ends else (lambda x: abs(x) <= slack)
        if inside(lo) and inside(hi):
            return True
        if not inside(lo) and not inside(hi) and (lo > 0) == (hi > 0):
            return False
        return None
    if rel == "!=":
        r = _relation(lo, hi, "=", slack, open_ends)
        return None if r is None else not r
    if rel in ("<", "<="):   # a < b + slack
        lo, hi = -hi, -lo    # now b - a in [lo, hi]
    elif rel not in (">", ">="):
        return None
    strict = rel in ("<", ">")
    if (lo > -slack) if strict else (lo >= -slack):
        return True
    if (hi <= -slack) if strict else (hi < -slack):
        return False
    return None


def _float(x) -> Optional[float]:
    try:
        v = complex(sp.N(x, 20))
    except (TypeError, ValueError, OverflowError):
        return None
    return v.real if abs(v.imag) <= 1e-12 * max(1.0, abs(v.real)) else None


def show(x) -> str:
    """A number for a reason: integers and short fractions exactly, else 10 significant digits."""
    if isinstance(x, sp.Integer) and abs(x) < sp.Integer(10) ** 30:
        return str(x)
    v = _float(x) if isinstance(x, sp.Basic) else x
    if v is None:
        return str(x)
    if v == 0:
        return "0"
    if abs(v) < 1e-4 or abs(v) >= 1e7:
        return f"{v:.4g}"
    return f"{v:.6g}"


def is_number(e) -> bool:
    return isinstance(e, sp.Basic) and e.is_number and not e.free_symbols


# --- domains --------------------------------------------------------------------------
def domain_of(sym, expr=None, declared: Optional[Mapping[str, tuple]] = None) -> tuple[float, float]:
    """Where the random points of ``sym`` are drawn: declared, by name, from the context, else [-2, 2]."""
    declared = declared or {}
    name = sym.name
    if name in declared:
        return declared[name]
    if name.split("_", 1)[0] in UNIT_NAMES:
        return UNIT_DOMAIN
    if name == "n":  # the number of training examples: a sum without limits reads as n identical examples
        return (2.0, 2.0)
    if sym.is_positive:  # declared positive (λ, η): SymPy's exact steps assume it, so the points must too
        return (0.125, 2.0)
    if expr is not None:
        for f in expr.atoms(sp.log, sp.Pow):
            arg = f.args[0] if isinstance(f, sp.log) else f.base
            if isinstance(f, sp.Pow) and f.exp.is_Integer:
                continue
            if sym in arg.free_symbols:
                return UNIT_DOMAIN
        for m in expr.atoms(sp.Mul):  # y in y·ln a (the cross-entropy's targets) is a probability too
            if m.has(sp.log) and any(sym in f.free_symbols for f in m.args if not f.has(sp.log)):
                return UNIT_DOMAIN
    return DEFAULT_DOMAIN


def describe_domains(free: Sequence, expr, declared) -> str:
    return ", ".join(f"{s}∈{_show_interval(domain_of(s, expr, declared))}" for s in free)


def _show_interval(d) -> str:
    return f"({d[0]:g}, {d[1]:g})"
