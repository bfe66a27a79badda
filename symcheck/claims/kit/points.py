"""Numeric checks at random points: compare two sides over a batch of trials,
or require a property on every trial, and name the first failing trial.

Every function takes arrays whose leading axis is the trial (one random point,
or one random network, per row) and returns a
:class:`~symcheck.claims.model.NumericOutcome`; a disagreement comes with a
counterexample that names the trial's point and both sides' values.
:func:`at_points` builds a claim's whole ``numeric`` callable from its SymPy
statement; :func:`central` is the central difference that serves as ground
truth for derivatives of the core.

numpy only: nothing here imports SymPy at import time.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

import numpy as np

from ...core.gradcheck import rel_error  # |u − v| / max(|u|, |v|, floor): one definition for core and claims
from ..model import NumericOutcome

H = 1e-5  # central-difference step: truncation O(h²) ≈ roundoff O(ε/h) ≈ 1e-11

Domain = Mapping[str, tuple[float, float]]


def _item(v, i):
    a = np.asarray(v)
    if a.ndim == 0:
        return float(a)
    out = a[i]
    return out.tolist() if np.ndim(out) else float(out)


def _counterexample(point: Mapping[str, Any], i: int, **values) -> dict:
    return {"point": {k: _item(p, i) for k, p in point.items()},
            **{k: _item(v, i) for k, v in values.items()}}


def compare(lhs, rhs, point: Mapping[str, Any], *, rtol: float = 1e-7, floor: float = 1e-8,
            kind: str = "points", names: tuple[str, str] = ("lhs", "rhs")) -> NumericOutcome:
    """Both sides agree within ``rtol`` on every trial.

    Args:
        lhs, rhs: arrays of shape (T, ...): axis 0 is the trial, further axes
            are compared elementwise. NaN or inf count as disagreement.
        point: name -> array of shape (T, ...): where each trial was taken;
            the counterexample reports the failing trial's entries.
        rtol: the largest relative error |u − v| / max(|u|, |v|, floor).
        floor: the magnitude below which the error is absolute.
        kind: "points" or "networks" (what a trial is).
        names: the counterexample's keys for the two sides.

    Returns:
        A :class:`NumericOutcome`; on failure its counterexample is
        ``{"point": {...}, names[0]: u, names[1]: v}`` at the first bad trial.

    Examples:
        >>> import numpy as np
        >>> compare(np.array([1.0, 2.0]), np.array([1.0, 2.5]), {"x": np.array([10.0, 20.0])}).counterexample
        {'point': {'x': 20.0}, 'lhs': 2.0, 'rhs': 2.5}
    """
    lhs, rhs = np.broadcast_arrays(np.asarray(lhs, dtype=float), np.asarray(rhs, dtype=float))
    trials = lhs.shape[0]
    with np.errstate(all="ignore"):
        err = rel_error(lhs, rhs, floor).reshape(trials, -1)
    err = np.where(np.isfinite(lhs).reshape(trials, -1) & np.isfinite(rhs).reshape(trials, -1), err, np.inf)
    worst = err.max(axis=1)
    bad = ~(worst <= rtol)
    max_err = float(worst.max()) if trials else 0.0
    if bad.any():
        i = int(np.argmax(bad))
        return NumericOutcome(False, trials, max_err,
                              _counterexample(point, i, **{names[0]: lhs, names[1]: rhs}), kind)
    return NumericOutcome(True, trials, max_err, None, kind)


def holds(ok, point: Mapping[str, Any], *, kind: str = "points", what: str = "",
          max_rel_error: float = 0.0, **values) -> NumericOutcome:
    """A property that must hold on every trial.

    Args:
        ok: booleans of shape (T,) or (T, ...) (all trailing entries must be True).
        point: name -> array of shape (T, ...), as for :func:`compare`.
        kind: "points" or "networks".
        what: the property in words, reported as ``"fails"``.
        max_rel_error: reported as the outcome's ``max_rel_error`` when it holds.
        values: further arrays (T, ...) to report at the failing trial.

    Returns:
        A :class:`NumericOutcome` naming the first trial where ``ok`` fails.

    Examples:
        >>> import numpy as np
        >>> holds(np.array([True, False]), {"z": np.array([0.5, -1.0])}, what="z > 0").counterexample
        {'point': {'z': -1.0}, 'fails': 'z > 0'}
    """
    ok = np.asarray(ok, dtype=bool)
    trials = ok.shape[0]
    per_trial = ok.reshape(trials, -1).all(axis=1)
    if not per_trial.all():
        i = int(np.argmin(per_trial))
        ce = _counterexample(point, i, **values)
        if what:
            ce["fails"] = what
        return NumericOutcome(False, trials, max_rel_error if max_rel_error else float("inf"), ce, kind)
    return NumericOutcome(True, trials, max_rel_error, None, kind)


def first_failure(*outcomes: NumericOutcome) -> NumericOutcome:
    """Combine checks of the same trials: the first failing one, else a pass
    with the largest error seen."""
    for o in outcomes:
        if not o.ok:
            return o
    return NumericOutcome(True, outcomes[0].trials, max(o.max_rel_error for o in outcomes), None, outcomes[0].kind)


def central(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, h: float = H) -> np.ndarray:
    """(f(x+h) − f(x−h)) / 2h, elementwise in x (``f`` must act elementwise).

    Examples:
        >>> import numpy as np
        >>> round(float(central(np.sin, np.array(0.0))), 9)
        1.0
    """
    return (f(x + h) - f(x - h)) / (2.0 * h)


def at_points(statement: Callable[[Optional[str]], object], domain: Domain,
              rtol: float = 1e-9, floor: float = 1e-8):
    """A claim's ``numeric`` callable from its SymPy statement: evaluate both
    sides at random points of ``domain``, all points in one vectorised call.

    Args:
        statement: variant -> SymPy relation (``Eq``, ``Le``, ...).
        domain: symbol name -> (low, high); every free symbol needs one.
        rtol, floor: the tolerance of an ``Eq`` (as for :func:`compare`).

    Returns:
        ``numeric(variant, rng, trials) -> NumericOutcome``. For an ``Eq``
        both sides must agree within ``rtol``; for an inequality the relation
        must hold at every point. The counterexample names the point and both
        values.
    """

    def numeric(variant: Optional[str], rng: np.random.Generator, trials: int) -> NumericOutcome:
        import sympy as sp

        from ...symbolic import as_elementary

        rel = statement(variant)
        if rel in (True, False):
            ce = None if rel else {"exact": "the relation evaluates to False"}
            return NumericOutcome(bool(rel), trials, 0.0 if rel else float("inf"), ce)
        lhs, rhs = (as_elementary(s.doit()) for s in (rel.lhs, rel.rhs))
        free = sorted(lhs.free_symbols | rhs.free_symbols, key=lambda s: s.name)
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
            holds_ = sp.lambdify([sp.Symbol("u"), sp.Symbol("v")], type(rel)(sp.Symbol("u"), sp.Symbol("v")), "numpy")
            bad = ~np.asarray(holds_(u, v), dtype=bool)
            max_err = 0.0
        if bad.any():
            i = int(np.argmax(bad))
            ce = {"point": {k: float(p[i]) for k, p in point.items()}, "lhs": float(u[i]), "rhs": float(v[i])}
            return NumericOutcome(False, trials, max_err, ce)
        return NumericOutcome(True, trials, max_err)

    return numeric
