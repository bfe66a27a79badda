"""One equation solved for one unknown, for the condition and implication checks.

SymPy's ``solve`` is the general route. One common case is solved directly: a
rational function whose numerator is linear in the unknown (``(a - γ)/(a(1-a))``
for ``a``), the way solving a condition written as ``-γ/a + (1-γ)/(1-a) = 0``
goes. The direct root is the one SymPy finds; what the direct route skips is
SymPy's check of it, whose first call imports ``sympy.physics.units`` (a tenth
or more of a cold ``symcheck grade``). So the direct root is returned only when
that check can be settled without SymPy, exactly:

- the leading coefficient and the denominator at the root are nonzero rationals
  at one rational point of the other unknowns (so neither is identically zero:
  the root is a root, and it never makes a denominator vanish identically);
- the root does not contradict the unknown's assumptions (SymPy drops a root
  only when they are contradicted; so does this route).

Anything else (floats, functions, indexed names, higher degree, a denominator
that vanishes at the test point) goes to SymPy, unchanged, within the same time
limit; the import its check needs is made first, outside that limit (a file
graded alone no longer imports it in its warm-up, :mod:`.warmup`).
"""

from __future__ import annotations

import time
from typing import Optional

import sympy as sp

# the rational point at which coefficients and denominators are tested (exactly)
TEST_VALUES = (sp.Rational(3, 7), sp.Rational(5, 11), sp.Rational(13, 17), sp.Rational(19, 23),
               sp.Rational(29, 31), sp.Rational(37, 41), sp.Rational(43, 47), sp.Rational(53, 59))


def solve_for(expr, var, seconds) -> Optional[list]:
    """The solutions of ``expr = 0`` for the symbol ``var`` (a list of expressions, maybe
    empty, as ``sympy.solve(..., dict=False)`` gives them), or None when they cannot be
    found within ``seconds``."""
    from ..errors import CheckTimeout
    from ..symbolic import time_limit

    start = time.monotonic()
    try:
        with time_limit(seconds):
            f = sp.together(expr)
            direct = linear_root(f, var)
        if direct is not None:
            return direct
        left = None if seconds is None else seconds - (time.monotonic() - start)
        # what solve's check of its answers imports the first time (~0.07-0.2 s): outside the time limit
        import sympy.physics.units  # noqa: F401

        if left is not None and left <= 0:
            return None
        with time_limit(left):
            return sp.solve(f, var, dict=False)
    except CheckTimeout:
        return None
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None


def linear_root(f, var) -> Optional[list]:
    """``[root]`` (or ``[]`` when the root contradicts ``var``'s assumptions) when ``f`` is
    a rational function with a numerator of degree 1 in ``var`` and the root passes the
    exact tests of the module docstring; None when SymPy should decide."""
    if not isinstance(var, sp.Symbol) or f.has(sp.Float):
        return None
    names = f.free_symbols
    if var not in names or not all(type(s) is sp.Symbol for s in names):
        return None
    num, den = sp.fraction(f)
    if not (num.is_polynomial(*names) and den.is_polynomial(*names)):
        return None
    poly = sp.Poly(num, var)
    if poly.gens != (var,) or poly.degree() != 1:
        return None
    c1, c0 = poly.all_coeffs()
    root = -c0 / c1
    point = dict(zip(sorted(names - {var}, key=lambda s: s.name), TEST_VALUES))
    if len(point) < len(names) - 1:
        return None
    for must_not_vanish in (c1, den.xreplace({var: root})):
        at = must_not_vanish.xreplace(point)
        if not (at.is_Rational and at != 0):
            return None
    from sympy.core.assumptions import check_assumptions

    return [] if check_assumptions(root, **var.assumptions0) is False else [root]


def real_solutions(relation, var, seconds):
    """The real values of ``var`` that satisfy ``relation`` (an equation or an inequality in that one
    unknown), as SymPy's ``solveset`` over the reals gives them (a set), or None when they cannot be
    found within ``seconds``. Other SymPy failures are the caller's to handle."""
    from ..errors import CheckTimeout
    from ..symbolic import time_limit

    try:
        with time_limit(seconds):
            return sp.solveset(relation, var, sp.S.Reals)
    except CheckTimeout:
        return None
