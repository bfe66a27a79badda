"""A definition by cases that gives two values at once: its conditions overlap on an open set.

``f = {0 if w·x − b ≤ 0; 1 if w·x + b > 0}`` says f = 0 and f = 1 wherever both conditions hold (at
w·x = 0 with b = 1), so it defines nothing there, whatever w, x and b are. A step whose side is such a
definition by cases is **incorrect** (check "exact") with that point, found among seeded exact rational
points of the conditions' plain names, at which both conditions hold *strictly* (every relation in them
with its sides apart): the overlap is then a whole neighbourhood, never the shared boundary point of
sloppy cases (``1 if x ≥ 0; 0 if x ≤ 0`` at x = 0). An "otherwise" branch overlaps nothing (it takes the
rest), and conditions on indices, components or network quantities are left alone.
"""

from __future__ import annotations

from itertools import combinations
from typing import Optional

import numpy as np
import sympy as sp

from ..verdict import CheckKind, Verdict
from .reading import StepReading

POINTS = 64  # seeded exact points tried per definition


def overlapping(sr: StepReading, seed: int = 0) -> Optional[Verdict]:
    """Incorrect when a side of the step is a definition by cases whose two conditions hold strictly at an
    exact point where their values differ; else None."""
    for side in (sr.lhs, sr.rhs):
        if not isinstance(side, sp.Basic):
            continue
        for pw in sorted(side.atoms(sp.Piecewise), key=sp.default_sort_key):
            found = _overlap(pw, seed)
            if found is not None:
                return _verdict(*found)
    return None


def _plain(pw) -> list:
    """The plain real names of ``pw``'s conditions and values, or [] when anything else occurs in them."""
    names = set()
    for value, cond in pw.args:
        if cond is sp.true:
            continue
        for e in (value, cond):
            if e.atoms(sp.Indexed, sp.Function, sp.Derivative):
                return []
            for s in e.free_symbols:  # an index, or a word read as a name (\mbox{threshold}): not a plain name
                if not isinstance(s, sp.Symbol) or s.is_integer or len(s.name.split("_")[0]) > 6:
                    return []
                names.add(s)
    return sorted(names, key=lambda s: s.name)


def _strict(cond, point) -> bool:
    """``cond`` holds at ``point`` with every relation in it strict (sides apart)."""
    rels = list(cond.atoms(sp.Rel))
    if not rels or any(isinstance(r, (sp.Eq, sp.Ne)) for r in rels):
        return False
    if any((r.lhs - r.rhs).subs(point) == 0 for r in rels):
        return False
    return cond.subs(point) is sp.true


def _overlap(pw, seed: int):
    pieces = [(v, c) for v, c in pw.args if c is not sp.true]
    names = _plain(pw) if len(pieces) >= 2 else []
    if not names:
        return None
    rng = np.random.default_rng([seed, 31])
    for _ in range(POINTS):
        point = {s: sp.Rational(int(rng.integers(-9, 10)), int(rng.integers(1, 4))) for s in names}
        for (v1, c1), (v2, c2) in combinations(pieces, 2):
            if _strict(c1, point) and _strict(c2, point):
                a, b = sp.nsimplify(v1.subs(point)), sp.nsimplify(v2.subs(point))
                if a.is_Rational and b.is_Rational and a != b:
                    return point, (v1, c1, a), (v2, c2, b)
    return None


def _verdict(point, first, second) -> Verdict:
    at = ", ".join(f"{k} = {v}" for k, v in point.items())
    (_, c1, a), (_, c2, b) = first, second
    return Verdict.incorrect(
        CheckKind.EXACT,
        f"the cases overlap: at {at} both conditions hold ({sp.sstr(c1)} and {sp.sstr(c2)}), giving {a} and {b}, "
        f"so the definition gives two values there",
        counterexample={"at": {str(k): str(v) for k, v in point.items()}, "values": [str(a), str(b)]},
        hint="make the conditions exclusive: each point must satisfy exactly one of them")
