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


def differentiated_by_several(*sides) -> set:
    """Names of undefined functions the reader marked as depending on a derivative's variable
    (``∂C/∂w`` read ∂C(w)/∂w) and that the step applies to different arguments (``∂C/∂z`` read
    ∂C(z)/∂z too): one quantity differentiated by several variables (C of w through z), not one
    function of one argument applied twice, so they are no universally quantified function."""
    from sympy.core.function import AppliedUndef

    marked, applied = set(), {}
    for side in sides:
        if not isinstance(side, sp.Basic):
            continue
        bound = {v for s in side.atoms(sp.Subs) for v in s.variables}  # f'(2x): f' at a point, one function
        for d in side.atoms(sp.Derivative):
            if isinstance(d.expr, AppliedUndef) and d.expr.args and set(d.expr.args) <= set(d.variables) \
                    and not set(d.variables) & bound:
                marked.add(type(d.expr).__name__)
        for f in side.atoms(AppliedUndef):
            if not f.free_symbols & bound:
                applied.setdefault(type(f).__name__, set()).add(f.args)
    return {n for n in marked if len(applied.get(n, ())) > 1}
