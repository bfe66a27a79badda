"""Dependence in this notation: a derivative of an expression that does not mention its
variable (``∂z^2/∂w^2`` read as ∂(z²)/∂w, ``∂ log ŷ_i/∂θ_k``) names a dependence the
expression alone does not show, so it is never carried out to zero (∂C/∂w is not zero)."""

from __future__ import annotations

import sympy as sp

HYPERPARAMETERS = frozenset({"lambda", "n", "eta"})


def _mentions(expr, v) -> bool:
    """Does ``expr`` mention the variable ``v`` (for θ_k: any θ)?"""
    free = expr.free_symbols
    if isinstance(v, sp.Indexed):
        return v.base.label in free or v in free
    return v in free


def independent_derivatives(e) -> list:
    """The derivatives in ``e`` of an expression that does not mention the variable
    (``∂z^2/∂w^2`` read as ∂(z²)/∂w, ``∂ log ŷ_i/∂θ_k``), other than of constants.
    In this notation such a derivative is never zero: ∂C/∂w names how C depends on w,
    which the expression alone does not show. Carrying it out (to 0) is unsound."""
    if not isinstance(e, sp.Basic):
        return []
    out = [d for d in e.atoms(sp.Derivative) if never_zero(d.expr, *d.variables)]
    return sorted(out, key=sp.default_sort_key)


def never_zero(expr, *variables) -> bool:
    """``expr`` mentions none of ``variables`` but is no constant (a number or a
    hyperparameter): its derivative names a dependence the notation does not show."""
    names = {getattr(s, "name", "") for s in expr.free_symbols}
    if not names - set(HYPERPARAMETERS) - {""}:
        return False  # a number or a hyperparameter: its derivative is 0
    return not any(_mentions(expr, v) for v in variables)
