"""Plain algebra in a write-up's setting, decided where the setting's facts hold.

**An activation put in.**
A step whose only link to the setting is an activation the write-up leaves undefined (``∂/∂z g(z) =
g'(z)``) is decided with g replaced by each activation the text names (:func:`.network.fails_for_every_activation`).
Put in, the step may become an equation the reader takes for a definition or a condition (``1 = z``
with g linear, ``Piecewise(…) = Piecewise(…)`` with g the ReLU). It is still the step's claim about g, an
identity in the arguments g is applied to: :func:`differs` compares the sides at fixed points of those
arguments (away from the ReLU's kink at 0), exactly or at 30 digits, and names a point where they differ.
Only sides whose unknowns are all such arguments are compared (any other letter may carry a condition).

**A target, an output, a probability** (:func:`linear_family`). Plain algebra in y, a, ŷ, p, … may rest
on a fact of the setting (y one-hot, Σ_j a_j = 1, y_i y_j = 0) that random points do not respect. Where
the difference of the sides names one such family alone, and is linear and homogeneous in its entries
(``x ⊙ y + y ⊙ x``, ``y_j − y_k``), no such fact can make it vanish: a linear function that is zero at
every one-hot vector e_c is zero, and one that is not zero at some e_c is not zero at the distributions
near e_c. A failure at random points is then a failure at a one-hot y (each class hot in turn) and at a
distribution a. A difference with a constant (``ŷ_k Σ_i y_i − ŷ_k``: Σ_i y_i = 1), of degree two
(y_i y_j), in two families (``Σ_i a_i − Σ_i y_i``), with a weighted input z or an activation left
undefined (a = g(z) ties them), or with ``δ`` read as a letter, is not decided here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

import sympy as sp

POINTS = (sp.Rational(-13, 10), sp.Rational(-2, 5), sp.Rational(7, 10), sp.Rational(8, 5))
_TOLERANCE = sp.Float("1e-20", 30)


def differs(sides, arguments) -> Optional[dict]:
    """A point of ``arguments`` (a set of symbols) where the two ``sides`` differ, as
    ``{name: value, "lhs": …, "rhs": …}``; None when they agree at every point tried, when a side has
    another unknown, or when a value is not a finite number."""
    lhs, rhs = sides
    names = sorted((s for s in (lhs.free_symbols | rhs.free_symbols)), key=str)
    if not names or not set(names) <= set(arguments):
        return None
    for k, _ in enumerate(POINTS):
        at = {s: POINTS[(k + i) % len(POINTS)] for i, s in enumerate(names)}  # a different value for each
        try:
            left, right = (sp.N(side.subs(at), 30) for side in (lhs, rhs))
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        if not (left.is_number and right.is_number and left.is_finite and right.is_finite):
            return None
        if abs(left - right) > _TOLERANCE * (1 + abs(left) + abs(right)):
            return {**{str(s): float(v) for s, v in at.items()}, "lhs": float(left), "rhs": float(right)}
    return None


def _family(x, names) -> Optional[str]:
    """The setting family of a symbol or an indexed entry (``y``, ``y^`` for ŷ, ``a``), or None."""
    label = str(x.base.label) if isinstance(x, sp.Indexed) else getattr(x, "name", "")
    base = label.split("[")[0].split("_")[0].lstrip("\\")
    return base if base.replace("hat", "").rstrip("~'^") in names or base.startswith(("hat", "yhat")) else None


def _pulled(e, t):
    """``e`` with the factors of ``t`` taken out of each elementwise product (x ⊙ (t y) = t (x ⊙ y))."""
    from ..notation import vocab as V

    def pull(h):
        u, v = h.args
        (cu, ru), (cv, rv) = (a.as_independent(t, as_Add=False)[::-1] if a.has(t) else (sp.Integer(1), a)
                              for a in (u, v))
        return cu * cv * V.Had(ru, rv)
    return e.replace(lambda n: isinstance(n, V.Had) and n.has(t), pull)


def linear_family(sides, names) -> Optional[str]:
    """The one setting family (a base name of ``names``: y, a, ŷ, …) in which ``lhs − rhs`` is linear and
    homogeneous, the only such family it names; None otherwise (see the module docstring)."""
    from sympy.core.function import AppliedUndef

    if len(sides) != 2 or not all(isinstance(p, sp.Basic) for p in sides):
        return None
    try:
        diff = sides[0] - sides[1]
    except (TypeError, ValueError, AttributeError):  # sides SymPy cannot subtract (a matrix beside ⊙): no family
        return None
    entries = diff.atoms(sp.Symbol, sp.Indexed)
    families = {f for f in (_family(x, names) for x in entries) if f is not None}
    if len(families) != 1 or diff.atoms(AppliedUndef, sp.Derivative) or any(
            getattr(x, "name", "").split("_")[0] in ("z", "delta") for x in diff.free_symbols):
        return None
    family = families.pop()
    t = sp.Dummy("t")
    owned = {x: t * x for x in entries if _family(x, names) == family and
             not (isinstance(x, sp.Symbol) and any(x in i.free_symbols for i in diff.atoms(sp.Indexed)))}
    if not owned:
        return None
    try:
        scaled = sp.expand(_pulled(diff.xreplace(owned), t))
        if sp.expand(scaled.subs(t, 0)) != 0 or sp.expand(sp.diff(scaled, t, 2)) != 0 or \
                sp.expand(sp.diff(scaled, t)) == 0:
            return None
    except (TypeError, ValueError, NotImplementedError, AttributeError):
        return None
    return family


def facts_cannot_save(parts, v, names) -> bool:
    """``v``, a failure of plain algebra at random points, is one where the setting's facts hold too: the
    difference of the sides is linear in one family of ``names`` alone (:func:`linear_family`), and the
    failure is not confined to a case of the indices (where two coincide, or differ)."""
    return v.verdict == "incorrect" and "fails_at" not in (v.counterexample or {}) and \
        linear_family(parts, names) is not None


def facts_named(v, parts, names):
    """``v`` (an accusation) naming the readings of the setting it also fails under, when the step is plain
    algebra whose difference is linear in one family of ``names`` alone (:func:`facts_cannot_save`)."""
    from ..notation import vocab as V

    if v.verdict != "incorrect" or any(p.has(V.Q, V.Comp, V.Grad) for p in parts if isinstance(p, sp.Basic)) or \
            not facts_cannot_save(parts, v, names):
        return v
    family = linear_family(parts, names)
    return replace(v, reason=f"{v.reason} (linear in {family} alone: it fails with {family} one-hot at some class and "
                             f"with {family} a distribution too, so no fact of the setting makes it hold)")
