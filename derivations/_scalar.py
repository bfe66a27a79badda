"""Shared machinery for the scalar claims of chapters 1 and 3 (gradient
descent, cross-entropy, softmax, tanh, initialisation).

Symbolic side: :func:`cheap_check` decides an equation cheapest first. It
evaluates both sides *exactly* at a few points chosen by the claim (rational,
or such as ln 2 that keep the values rational) and answers False only when
they come out as different rational numbers; when they differ there only
numerically (values involving e) it gives up at once -- the numeric check
rejects such a statement, with a counterexample. Otherwise it tries the cheap
rewrites of :func:`symcheck.symbolic.prove_equal` without ``simplify``. So the
symbolic check of a false variant takes milliseconds, and a true claim is
proved by exact/expand/cancel/rewrite-exp or not at all (never by a slow
``simplify``).

Numeric side: :func:`compare` and :func:`holds` turn a batch of trials
(leading axis = trial) into a :class:`NumericOutcome` whose counterexample
names the first failing trial and both sides' values; :func:`central` is the
central difference that serves as ground truth for derivatives of the core.

Nothing here imports SymPy at import time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Mapping, Optional, Sequence

import numpy as np

from symcheck.claims import NumericOutcome, Outcome
from symcheck.claims.checks import rel_error

H = 1e-5  # central-difference step: truncation O(h²) ≈ roundoff O(ε/h) ≈ 1e-11


# --- symbolic ---------------------------------------------------------------
def exact_refutation(lhs, rhs, points: Sequence[Mapping]) -> tuple[Optional[bool], str]:
    """Evaluate ``lhs`` and ``rhs`` (scalars or matrices) at each point
    (symbol -> Rational). Returns ``(False, where)`` when at some point both
    sides are rational numbers and differ (an exact refutation); ``(None,
    where)`` when they are numbers that differ only numerically (e.g. values
    involving e: not a refutation, but no proof is worth attempting);
    ``(True, "")`` when no point separates them."""
    import sympy as sp

    for pt in points:
        where = ", ".join(f"{k} = {val}" for k, val in pt.items()) or "the values as given"
        u, v = (sp.sympify(s).xreplace(pt).doit() for s in (lhs, rhs))  # xreplace: points are symbol -> number
        if isinstance(u, sp.MatrixBase) or isinstance(v, sp.MatrixBase):
            pairs = list(zip(sp.Matrix(u), sp.Matrix(v)))
        else:
            pairs = [(u, v)]
        for p, q in pairs:
            if p.free_symbols or q.free_symbols:
                continue
            p, q = sp.cancel(p), sp.cancel(q)
            if p.is_Rational and q.is_Rational:
                if p != q:
                    return False, f"at {where}: lhs = {p}, rhs = {q}"
                continue
            try:
                pn, qn = complex(p.evalf(30)), complex(q.evalf(30))
            except (TypeError, ValueError):  # zoo, nan, or not a number: undecided here
                continue
            if abs(pn - qn) > 1e-9 * max(abs(pn), abs(qn), 1.0):
                return None, f"at {where}: lhs ≈ {pn.real:.6g}, rhs ≈ {qn.real:.6g}"
    return True, ""


def cheap_check(relation, points: Sequence[Mapping] = (), timeout: float = 1.0) -> Outcome:
    """Decide an ``Eq`` (scalars or matrices, componentwise), cheapest first:
    refute it exactly at ``points`` (or, when the sides differ there only
    numerically, give up at once: the numeric check will reject it); else
    prove it by the cheap rewrites of ``prove_equal`` (no ``simplify``)."""
    import sympy as sp

    from symcheck.symbolic import prove_equal

    if relation in (sp.true, sp.false, True, False):
        return Outcome(True, "exact evaluation") if relation else \
            Outcome(False, "exact evaluation", "the relation evaluates to False")
    lhs, rhs = relation.lhs.doit(), relation.rhs.doit()
    same, detail = exact_refutation(lhs, rhs, [{}, *points])  # {}: sides without symbols are evaluated as they are
    if same is False:
        return Outcome(False, "exact evaluation", detail)
    if same is None:
        return Outcome(None, "inconclusive", "the sides differ numerically " + detail)
    ok, how = prove_equal(lhs, rhs, timeout, simplify=False)
    if ok:
        return Outcome(True, how)
    return Outcome(None, "inconclusive", how)


def eq_symbolic(statement: Callable[[Optional[str]], Any], points: Callable[[], Sequence[Mapping]] = tuple):
    """The ``symbolic`` callable of an equation claim: :func:`cheap_check` at
    the points ``points()`` builds (lazily: they are SymPy objects)."""

    def symbolic(variant: Optional[str]) -> Outcome:
        return cheap_check(statement(variant), points())

    return symbolic


def limit_of_exp(d):
    """lim_{c→∞} e^{c·d} for a d whose sign SymPy decides from assumptions:
    ``sympy.limit`` of e^{ct} and e^{−ct} with t > 0 (computed once), then
    the sign of d picks one (d = 0 gives 1). ``None`` if the sign is unknown."""
    import sympy as sp

    if d == 0:
        return sp.Integer(1)
    if d.is_positive:
        return _exp_limit(1)
    if d.is_negative:
        return _exp_limit(-1)
    return None


@lru_cache(maxsize=None)
def _exp_limit(sign: int):
    import sympy as sp

    from symcheck.symbolic import c

    t = sp.Symbol("t", positive=True)
    return sp.limit(sp.exp(sign * c * t), c, sp.oo)


# --- numeric ----------------------------------------------------------------
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
    """Both sides agree within ``rtol`` (relative, with ``floor``) on every
    trial. Axis 0 of ``lhs``/``rhs`` and of every array in ``point`` is the
    trial; further axes are compared elementwise. NaN or inf count as
    disagreement."""
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
    """A property that must hold on every trial (``ok`` has one entry per
    trial, or trailing axes that must all be True)."""
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
    """(f(x+h) - f(x-h)) / 2h, elementwise in x (f must act elementwise)."""
    return (f(x + h) - f(x - h)) / (2.0 * h)
