"""Symbolic checks of scalar claims, cheapest first.

- :func:`identity`: prove ``lhs − rhs == 0`` with the full ladder of
  :func:`symcheck.symbolic.prove_equal` (``simplify`` last, bounded).
- :func:`cheap_check` / :func:`eq_symbolic`: evaluate both sides *exactly* at
  a few points chosen by the claim (rational, or such as ln 2 that keep the
  values rational) and answer False only when they come out as different
  rational numbers; when they differ there only numerically (values
  involving e) give up at once -- the numeric check rejects such a statement,
  with a counterexample. Otherwise try the cheap rewrites of ``prove_equal``
  without ``simplify``. So the symbolic check of a false variant takes
  milliseconds, and a true claim is proved by exact/expand/cancel/rewrite-exp
  or not at all.
- :func:`limit_of_exp`: lim_{c→∞} e^{c·d} from the sign of d.

Every check answers True (proved), None (inconclusive) or False (an exact
refutation, with where) -- never False from a failed simplification.
SymPy is imported inside the functions, never at import time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Mapping, Optional, Sequence

from ..model import Outcome


def identity(statement: Callable[[Optional[str]], Any], timeout: float = 2.0):
    """A claim's ``symbolic`` callable: prove ``statement(variant)`` (an
    ``Eq``) by :func:`symcheck.symbolic.prove_equal`, within ``timeout`` s.

    Returns:
        ``symbolic(variant) -> Outcome``: proved, inconclusive, or False only
        when SymPy decided the relation itself on construction.
    """

    def symbolic(variant: Optional[str]) -> Outcome:
        from ...symbolic import prove_equal

        rel = statement(variant)
        if rel in (True, False):  # SymPy decided the relation on construction
            if rel:
                return Outcome(True, "exact evaluation")
            return Outcome(False, "exact evaluation", "the relation evaluates to False")
        ok, how = prove_equal(rel.lhs.doit(), rel.rhs.doit(), timeout)
        return Outcome(ok, how if ok else "inconclusive", "" if ok else how)

    return symbolic


def exact_refutation(lhs, rhs, points: Sequence[Mapping]) -> tuple[Optional[bool], str]:
    """Evaluate ``lhs`` and ``rhs`` (SymPy scalars or matrices, written by a
    claim author) at each point (symbol -> Rational).

    Returns:
        ``(False, where)`` when at some point both sides are rational numbers
        and differ (an exact refutation); ``(None, where)`` when they are
        numbers that differ only numerically (e.g. values involving e: not a
        refutation, but no proof is worth attempting); ``(True, "")`` when no
        point separates them.

    Examples:
        >>> import sympy as sp
        >>> x = sp.Symbol("x")
        >>> exact_refutation(x**2, x**2 + 1, [{x: 1}])
        (False, 'at x = 1: lhs = 1, rhs = 2')
    """
    import sympy as sp

    for pt in points:
        where = ", ".join(f"{k} = {val}" for k, val in pt.items()) or "the values as given"
        # sympify: the sides are SymPy objects or Python numbers from the trusted library, never text;
        # xreplace: points are symbol -> number
        u, v = (sp.sympify(s).xreplace(pt).doit() for s in (lhs, rhs))
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
    prove it by the cheap rewrites of ``prove_equal`` (no ``simplify``).

    Examples:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> cheap_check(sp.Eq((x + 1)**2, x**2 + 2*x + 1)).holds
        True
        >>> cheap_check(sp.Eq(x**2, x**2 + 1), [{x: 1}]).holds
        False
    """
    import sympy as sp

    from ...symbolic import prove_equal

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
    """A claim's ``symbolic`` callable: :func:`cheap_check` of
    ``statement(variant)`` at the points ``points()`` builds (lazily: they
    are SymPy objects)."""

    def symbolic(variant: Optional[str]) -> Outcome:
        return cheap_check(statement(variant), points())

    return symbolic


def limit_of_exp(d):
    """lim_{c→∞} e^{c·d} for a d whose sign SymPy decides from assumptions:
    ``sympy.limit`` of e^{ct} and e^{−ct} with t > 0 (computed once), then
    the sign of d picks one (d = 0 gives 1).

    Returns:
        ``oo``, ``0`` or ``1`` (SymPy numbers), or ``None`` when the sign of
        ``d`` is unknown.
    """
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

    from ...symbolic import c

    t = sp.Symbol("t", positive=True)
    return sp.limit(sp.exp(sign * c * t), c, sp.oo)
