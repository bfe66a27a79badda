"""Ready-made checks for claims that need no network: symbolic identity proof,
and numeric comparison at random points of the domain.

``statement(variant)`` returns a SymPy relation (``Eq``, ``Le``, ...). These
builders turn it into the ``symbolic`` and ``numeric`` callables a
:class:`~symcheck.claims.model.Claim` carries.
"""

from __future__ import annotations

from typing import Callable, Mapping, Optional

import numpy as np

from ..core.gradcheck import rel_error  # |u − v| / max(|u|, |v|, floor): one definition for core and claims
from .model import NumericOutcome, Outcome

Domain = Mapping[str, tuple[float, float]]


def identity(statement: Callable[[Optional[str]], object], timeout: float = 2.0):
    """Symbolic check of an equation: prove ``lhs - rhs == 0``, cheap first."""

    def symbolic(variant: Optional[str]) -> Outcome:
        from ..symbolic import prove_equal

        rel = statement(variant)
        if rel in (True, False):  # SymPy decided the relation on construction
            if rel:
                return Outcome(True, "exact evaluation")
            return Outcome(False, "exact evaluation", "the relation evaluates to False")
        ok, how = prove_equal(rel.lhs.doit(), rel.rhs.doit(), timeout)
        return Outcome(ok, how if ok else "inconclusive", "" if ok else how)

    return symbolic


def _sides(rel):
    import sympy as sp

    from ..symbolic import as_elementary

    lhs, rhs = (as_elementary(s.doit()) for s in (rel.lhs, rel.rhs))
    free = sorted(lhs.free_symbols | rhs.free_symbols, key=lambda s: s.name)
    return sp, lhs, rhs, free


def at_points(statement: Callable[[Optional[str]], object], domain: Domain,
              rtol: float = 1e-9, floor: float = 1e-8):
    """Numeric check: evaluate both sides at random points of ``domain``
    (symbol name -> (low, high)), all points in one vectorised call.

    For an ``Eq`` both sides must agree within ``rtol``; for an inequality the
    relation must hold at every point. The counterexample names the point
    and both values.
    """

    def numeric(variant: Optional[str], rng: np.random.Generator, trials: int) -> NumericOutcome:
        rel = statement(variant)
        if rel in (True, False):
            ce = None if rel else {"exact": "the relation evaluates to False"}
            return NumericOutcome(bool(rel), trials, 0.0 if rel else float("inf"), ce)
        sp, lhs, rhs, free = _sides(rel)
        missing = [s.name for s in free if s.name not in domain]
        if missing:
            raise ValueError(f"no domain for {missing}")
        point = {s.name: rng.uniform(*domain[s.name], size=trials) for s in free}
        args = [point[s.name] for s in free]
        f = sp.lambdify(free, [lhs, rhs], modules="numpy")
        with np.errstate(all="ignore"):
            u, v = (np.broadcast_to(np.asarray(t, dtype=float), (trials,)) for t in f(*args))
        if isinstance(rel, sp.Equality):
            err = rel_error(u, v, floor)
            bad = ~(err <= rtol)  # NaN counts as bad
            max_err = float(np.nanmax(err)) if np.isfinite(err).any() else float("inf")
        else:
            holds = sp.lambdify([sp.Symbol("u"), sp.Symbol("v")], type(rel)(sp.Symbol("u"), sp.Symbol("v")), "numpy")
            bad = ~np.asarray(holds(u, v), dtype=bool)
            max_err = 0.0
        if bad.any():
            i = int(np.argmax(bad))
            ce = {"point": {k: float(p[i]) for k, p in point.items()}, "lhs": float(u[i]), "rhs": float(v[i])}
            return NumericOutcome(False, trials, max_err, ce)
        return NumericOutcome(True, trials, max_err)

    return numeric
