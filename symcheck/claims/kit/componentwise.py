"""The symbolic check of a network claim: prove a matrix identity at
concrete sizes componentwise, with cheap rewrites only (never ``simplify``),
so that a false variant comes back inconclusive at once.

Imports SymPy: import this module lazily, inside check functions (the claim
constructors of :mod:`symcheck.claims.kit` do).
"""

from __future__ import annotations

import sympy as sp

from ..model import Outcome
from .shapes import ShapeMismatch


def prove_components(lhs, rhs, where: str, methods=("expand",)) -> Outcome:
    """Prove ``lhs == rhs`` componentwise with cheap rewrites only (never
    ``simplify``), so a false variant comes back inconclusive at once.

    Args:
        lhs, rhs: SymPy matrices (or lists) of the same shape.
        where: the sizes, said in the outcome ("at 2-3-2, any C").
        methods: rewrites tried after the exact difference, in order: any of
            "expand" (a polynomial in the non-polynomial subterms),
            "deep-expand", "cancel", "expand-log".

    Returns:
        ``Outcome(True, "componentwise ...")`` or ``Outcome(None, ...)``
        naming the first component not proved; never False.

    Examples:
        >>> import sympy as sp
        >>> from symcheck.symbolic import sigmoid
        >>> x = sp.Symbol("x", real=True)
        >>> prove_components([sigmoid(x) * (1 - sigmoid(x))], [sigmoid(x) - sigmoid(x) ** 2], "").holds
        True
    """
    lhs, rhs = sp.Matrix(lhs), sp.Matrix(rhs)
    if lhs.shape != rhs.shape:
        return Outcome(None, "inconclusive", f"shapes differ: {lhs.shape} vs {rhs.shape} {where}")
    used = set()
    for i, (u, v) in enumerate(zip(lhs, rhs)):
        d = u - v
        for name in ("exact",) + tuple(methods):
            if _REWRITES[name](d) == 0:
                used.add(name)
                break
        else:
            return Outcome(None, "inconclusive", f"component {i} not proved {where}")
    return Outcome(True, f"componentwise {where} ({'+'.join(sorted(used))})")


def _atomize(e, table):
    """``e`` as a polynomial in fresh symbols, one for each distinct
    non-polynomial subterm (σ(...), f(...), Subs, Derivative, log, ...).
    Sound: identical subterms get the same symbol, so a polynomial identity
    in the symbols is an identity in the original expressions."""
    if e.is_Symbol or e.is_Number:
        return e
    if e.is_Add or e.is_Mul:
        return e.func(*[_atomize(u, table) for u in e.args])
    if e.is_Pow and e.exp.is_Integer:
        return _atomize(e.base, table) ** e.exp
    if isinstance(e, sp.exp):
        k, u = e.args[0].as_coeff_Mul()
        if k.is_Integer and k != 1:
            return _atomize(sp.exp(u), table) ** k          # e^{ku} = (e^u)^k
    if e not in table:
        table[e] = sp.Dummy(real=True)
    return table[e]


def _poly_expand(e):
    return sp.expand(_atomize(e, {}))


_REWRITES = {
    "exact": lambda e: e,
    "expand": _poly_expand,
    "deep-expand": sp.expand,
    "cancel": lambda e: sp.cancel(sp.together(_atomize(e, {}))),
    "expand-log": lambda e: sp.expand(sp.expand_log(e, force=True)),
}


def symbolic_check(build, where: str, methods=("expand",)):
    """A claim's ``symbolic`` callable from ``build(variant) -> (lhs, rhs)``
    (SymPy matrices): :func:`prove_components`. A variant whose shapes do not
    fit is inconclusive here; the numeric check records it as a
    counterexample."""

    def symbolic(variant):
        try:
            lhs, rhs = build(variant)
        except (ShapeMismatch, IndexError) as exc:
            return Outcome(None, "inconclusive", f"shapes do not fit: {exc}")
        return prove_components(lhs, rhs, where, methods)

    return symbolic


def statement_of(build):
    """A claim's ``statement``: the matrix equation at the concrete sizes."""

    def statement(variant=None):
        lhs, rhs = build(variant)
        return sp.Eq(sp.Matrix(lhs), sp.Matrix(rhs), evaluate=False)

    return statement
