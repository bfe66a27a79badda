"""Identities at random points, under the one equality policy (:mod:`.equality`).

Is ``lhs rel rhs`` true for every value of its unknowns? Exact first (the
difference is zero as written); then random points of the domains
(:func:`.equality.domain_of`) in floating point; then a bounded symbolic proof.
Floating point never decides: a disagreement is a counterexample only if it
survives re-evaluation at the same point in exact rational arithmetic or to 60
digits, and an agreement is kept only if that re-evaluation agrees too. Sides
with numbers beyond 10^±12 that 60 digits cannot separate stay undecided.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

import numpy as np
import sympy as sp

from .equality import Decision, compare_numbers, domain_of

EXTREME = sp.Integer(10) ** 12                   # numbers beyond 10^±12 need an exact decision
FLOAT_RTOL = 1e-9


@dataclass
class Outcome:
    """Is ``lhs rel rhs`` an identity? ``holds`` True (``exact`` when proved),
    False with a point and both values, or None with ``how`` saying why not."""

    holds: Optional[bool]
    how: str
    point: Optional[dict] = None
    lhs_value: Optional[float] = None
    rhs_value: Optional[float] = None
    exact: bool = False


def _extreme(e) -> bool:
    for n in e.atoms(sp.Number):
        if n != 0 and (abs(n) > EXTREME or abs(n) < 1 / EXTREME):
            return True
    return False


def _opaque(e) -> bool:
    """A function SymPy cannot evaluate numerically (a construct whose meaning is numpy only)."""
    from ..symbolic import relu, sigmoid

    for f in e.atoms(sp.Function):
        if isinstance(f, (sigmoid, relu)) or (type(f).__module__ or "").startswith("sympy."):
            continue
        return True
    return False


def redecide(u, v, point: Mapping, rel: str = "=") -> Decision:
    """``u rel v`` at one point (a map from symbols to floats), in exact rational
    arithmetic when the sides are rational functions, else at 60 digits."""
    pt = {s: sp.Rational(float(x)) for s, x in point.items()}
    try:
        a, b = u.xreplace(pt), v.xreplace(pt)
    except (TypeError, ValueError, ZeroDivisionError):
        return Decision(None)
    if a.has(sp.zoo, sp.nan) or b.has(sp.zoo, sp.nan):
        return Decision(None)
    if not (a.is_number and b.is_number) or _opaque(a) or _opaque(b):
        return Decision(None, evaluable=False)
    d = compare_numbers(a, b, rel)
    if d.holds is True and not d.exact and (_extreme(u) or _extreme(v)):
        return Decision(None, d.lhs, d.rhs)  # 60 digits cannot rule out a difference below them
    return d


def identity(lhs, rhs, *, rel: str = "=", domains: Optional[Mapping] = None, seed: int = 0, trials: int = 8,
             timeout: float = 1.0) -> Outcome:
    """Is ``lhs rel rhs`` an identity? Exact first, then random points of the
    domains (floating point), re-decided exactly or at 60 digits: a disagreement
    is a counterexample only if it survives; an agreement is kept only if the
    re-decision agrees. A bounded symbolic proof makes it exact."""
    from ..symbolic import as_elementary, numeric_function, prove_zero

    domains = domains or {}
    lhs, rhs = _one_symbol_per_name(lhs, rhs)
    if rel == "=" and (lhs - rhs) == 0:
        return Outcome(True, "exact", exact=True)
    free = sorted(lhs.free_symbols | rhs.free_symbols, key=lambda s: s.name)
    if not free:
        d = compare_numbers(lhs, rhs, rel)
        if d.holds is None:
            return Outcome(None, "the two sides cannot be compared exactly")
        return Outcome(d.holds, "exact evaluation", {}, d.lhs, d.rhs, exact=d.exact or d.holds)
    both = lhs - rhs
    f = numeric_function(free, [as_elementary(lhs), as_elementary(rhs)], modules="math")
    rng = np.random.default_rng(seed)
    points = []
    for _ in range(trials * 4):
        point = {s: float(rng.uniform(*domain_of(s, both, domains))) for s in free}
        try:
            lv, rv = (complex(x) for x in f(*point.values()))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            continue
        if abs(lv.imag) > 1e-12 or abs(rv.imag) > 1e-12 or not (math.isfinite(lv.real) and math.isfinite(rv.real)):
            continue
        if not _float_holds(lv.real, rv.real, rel):
            d = redecide(lhs, rhs, point, rel)
            if d.holds is False:
                return Outcome(False, "counterexample", {s.name: round(x, 6) for s, x in point.items()},
                               d.lhs if d.lhs is not None else lv.real, d.rhs if d.rhs is not None else rv.real)
            if d.holds is None:
                return Outcome(None, "floating point cannot separate the two sides at a random point")
        points.append(point)
        if len(points) >= trials:
            break
    if rel == "=":
        ok, how = prove_zero(both, timeout=timeout)
        if ok:
            return Outcome(True, f"exact ({how})", exact=True)
    if not points:
        return Outcome(None, "no point of the domain where both sides are real")
    for point in points[:2]:  # never "holds" on a floating-point tie
        d = redecide(lhs, rhs, point, rel)
        if d.holds is False:
            return Outcome(False, "counterexample (exact re-evaluation)",
                           {s.name: float(sp.Rational(x)) for s, x in point.items()}, d.lhs, d.rhs)
        if d.holds is None:
            return Outcome(None, "floating point cannot separate the two sides, and an exact evaluation "
                                 "did not settle it")
    return Outcome(True, f"numeric ({len(points)} random points)")


def _one_symbol_per_name(lhs, rhs):
    """Symbols of the same name (read with different assumptions) become one."""
    first: dict = {}
    subs = {}
    for s in sorted(lhs.free_symbols | rhs.free_symbols, key=lambda s: (s.name, str(s.assumptions0))):
        if s.name in first:
            subs[s] = first[s.name]
        else:
            first[s.name] = s
    return (lhs.xreplace(subs), rhs.xreplace(subs)) if subs else (lhs, rhs)


def _float_holds(lv: float, rv: float, rel: str) -> bool:
    tol = FLOAT_RTOL * max(1.0, abs(lv), abs(rv))
    return {"=": abs(lv - rv) <= tol, "~": abs(lv - rv) <= tol, "<": lv < rv + tol, "<=": lv <= rv + tol,
            ">": lv > rv - tol, ">=": lv >= rv - tol, "!=": abs(lv - rv) > tol}.get(rel, False)


def float_tie_check(u, v, points: Sequence[Mapping], rel: str = "=") -> Optional[Decision]:
    """Re-decide an agreement found in floating point at up to two of ``points``
    (maps from symbols to floats): the first decision that is not "holds", else None."""
    for point in list(points)[:2]:
        d = redecide(u, v, point, rel)
        if d.holds is not True:
            return d
    return None
