r"""An inequality in one unknown that holds for no real value of it: wrong whatever is put in.

A row ``\geq 1`` after ``\sigma(z)``, or ``\frac{1}{1 + e^{-x}} \geq 1``, may be read as values put
into the row before (:mod:`.substitution`: the write-up's values are not given, so nothing is
compared). But when the relation holds for *no* real value of its one unknown (SymPy's
``solveset`` over the reals, bounded in time, returns the empty set), no value put in saves it:
the step is incorrect, with the two sides' values at a point as the counterexample. A relation
SymPy cannot decide, several unknowns, or undefined functions are left as they were.
"""

from __future__ import annotations

import logging
import time
from typing import Optional

import sympy as sp

from ..errors import CheckTimeout
from ..symbolic import as_elementary, time_limit
from ..verdict import CheckKind, Verdict
from .solving import real_solutions

log = logging.getLogger(__name__)

_RELATIONS = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan, ">=": sp.GreaterThan}
POINTS = (0, 1, -1, 2)


def never_holds(lexpr, rexpr, rel: str, seconds: float) -> Optional[Verdict]:
    """Incorrect when ``lexpr rel rexpr`` holds for no real value of its one unknown; else None."""
    lexpr, rexpr = (sp.Integer(e) if isinstance(e, int) else e for e in (lexpr, rexpr))
    if rel not in _RELATIONS or not all(isinstance(e, sp.Basic) for e in (lexpr, rexpr)):
        return None
    free = lexpr.free_symbols | rexpr.free_symbols
    if len(free) != 1 or lexpr.atoms(sp.core.function.AppliedUndef) or rexpr.atoms(sp.core.function.AppliedUndef):
        return None
    (x,) = free
    t = sp.Symbol(getattr(x, "name", "x"), real=True)
    left, right = as_elementary(lexpr).xreplace({x: t}), as_elementary(rexpr).xreplace({x: t})
    start = time.process_time()
    try:
        if real_solutions(_RELATIONS[rel](left, right), t, seconds) is not sp.S.EmptySet:
            return None  # some value satisfies it, or SymPy could not say within the time
        left_over = seconds - (time.process_time() - start)  # one budget for the solving and the points
        if left_over <= 0:
            return None
        with time_limit(left_over):
            for p in POINTS:
                lv, rv = left.subs(t, p), right.subs(t, p)
                if lv.is_real and rv.is_real and lv.is_finite and rv.is_finite and \
                        _RELATIONS[rel](lv, rv) is sp.false:
                    break
            else:
                return None
    except CheckTimeout:
        return None
    except Exception:  # noqa: BLE001 -- SymPy cannot decide it: nothing is accused, traceback logged
        log.warning("solving %s %s %s failed", lexpr, rel, rexpr, exc_info=True)
        return None
    return Verdict.incorrect(
        CheckKind.EXACT,
        f"the relation holds for no real value of {t}: there is no value to put in that makes it true "
        f"(at {t} = {p} the left side is {_shown(lv)} and the right side {_shown(rv)})",
        counterexample={"at": {str(t): p}, "lhs": float(lv), "rhs": float(rv)},
        hint="the relation points the other way")


def _shown(v) -> str:
    return str(v) if v.is_Rational else f"{float(v):.6g}"
