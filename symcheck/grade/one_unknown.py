r"""Conditions in one unknown: an inequality solved, restated or rounded.

A write-up that looks for a value (``\tilde{w}`` such that ``0.99 \leq \sigma(\tilde{w}(0.99+b))``) states
conditions on it, then rewrites them: with a name for a number (``1-\alpha \leq \sigma(\tilde{w}(1-\alpha+b))``
after ``\alpha = 0.01``), solved (``\tilde{w} \geq \frac{\ln\frac{1-\alpha}{\alpha}}{1-\alpha+b}``), evaluated
(``\tilde{w} \geq 9.38``). Each such step is an inequality that, with the values the write-up has given put
in (``State.env``), has exactly one unknown u and no network quantity. Its solution set in the reals is
found by SymPy (``solveset``, bounded in time) and confirmed at points beside every end of it, at 30
digits; each one is recorded (``State.conditions``, for the problem).

A later condition on u is **correct** when it has the same solution set as an earlier one of the problem
(exactly: the ends provably equal), or when it is a half-line whose bound is a printed decimal and the earlier
one's bound lies within the digits printed (``\tilde{w} \geq 9.38`` for ``\tilde{w} \geq 9.3777…``). A condition
that matches none is left as the other checks left it: a write-up may add a condition of its own, so it is
never accused here. A condition the text assumes ("such that", "suppose") is recorded, never confirmed; a case
("if $x > 0$") holds only within it and is not recorded.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Any, Optional

import sympy as sp

from ..verdict import CheckKind, Verdict

log = logging.getLogger(__name__)

INEQUALITIES = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan, ">=": sp.GreaterThan}
SECONDS = 1.5
_DECIMAL = re.compile(r"^\s*-?\d+\.(\d+)\s*$")


@dataclass(frozen=True)
class ConditionStated:
    """The problem states ``relation`` (the given values put in) on the unknowns named ``unknowns``."""

    unknowns: frozenset
    relation: Any
    line: int
    text: str

    def apply(self, st) -> None:
        st.conditions = tuple(st.conditions) + ((self.unknowns, self.relation, self.line, self.text),)


def condition_result(sr, state, options, result):
    """``result``, or a correct verdict for a condition equivalent to an earlier one; with the record
    of the condition when the step states one in its unknowns (and is not incorrect)."""
    from .reading import StepKind

    if sr.rel not in INEQUALITIES or result.verdict.verdict == "incorrect" or sr.kind == StepKind.CASE:
        return result  # a case the text considers holds only within it: not recorded
    try:
        relation = _relation(sr, state)
        if relation is None:
            return result
        record = ConditionStated(frozenset(s.name for s in relation.free_symbols), relation, sr.step.line,
                                 sr.source)
        verdict = None
        if result.verdict.verdict == "unchecked" and sr.kind != StepKind.ASSUMPTION:
            verdict = _against_earlier(sr, state, relation)
            if verdict is None and not _supposed(sr):
                verdict = _contradicts(sr, state, relation)
                if verdict is not None:
                    return replace(result, verdict=verdict)
    except (TypeError, ValueError, NotImplementedError, AttributeError, RecursionError) as exc:
        log.debug("condition not solved: %s", exc)
        return result
    return replace(result, verdict=verdict or result.verdict, updates=tuple(result.updates) + (record,))


def _relation(sr, state):
    """The step as a relation ``E rel 0`` in real unknowns, the given values put in and σ written out;
    None when it has network quantities, derivatives, functions the write-up leaves open, or no unknown."""
    from ..notation import vocab as V
    from ..symbolic import sigmoid

    lhs, rhs = sr.lhs, sr.rhs
    if not (isinstance(lhs, sp.Expr) and isinstance(rhs, sp.Expr)):
        return None
    e = lhs - rhs
    if e.atoms(*V.NETWORK_CLASSES, sp.Indexed, sp.Derivative, sp.Sum, sp.Integral, sp.Limit,
               sp.core.function.AppliedUndef) or any(not s.is_commutative for s in e.free_symbols):
        return None
    env = getattr(state, "env", {}) or {}
    given = {s: env[s.name] for s in e.free_symbols if isinstance(env.get(s.name), sp.Basic)
             and env[s.name].is_number and env[s.name].is_real}
    e = e.xreplace(given).replace(lambda x: isinstance(x, sigmoid), lambda x: 1 / (1 + sp.exp(-x.args[0])))
    if not e.free_symbols or len(e.free_symbols) > 3:
        return None
    e = e.xreplace({s: sp.Symbol(s.name, real=True) for s in e.free_symbols})
    return INEQUALITIES[sr.rel](e, 0)


_SOLVED: dict = {}  # (relation, u) -> solutions (or None): earlier conditions are solved once
MAX_SOLVED = 512


def _solve(relation, u):
    """The solution set in u (every other name given a value), confirmed; or None."""
    if relation.free_symbols != {u}:
        return None
    if (relation, u) not in _SOLVED:
        if len(_SOLVED) >= MAX_SOLVED:
            _SOLVED.clear()
        _SOLVED[(relation, u)] = _solve_once(relation, u)
    return _SOLVED[(relation, u)]


def _solve_once(relation, u):
    from .solving import real_solutions

    solutions = real_solutions(relation, u, SECONDS)
    if not isinstance(solutions, sp.Interval) or not _confirmed(relation, u, solutions):
        return None
    return solutions


def _samples(sr, state, relation):
    """``(u, points)``: the unknown to solve for (the only one, or the one standing alone on a side) and
    the values of the others to try (three points of each one's stated domain); None when there are none."""
    names = {s.name: s for s in relation.free_symbols}
    if len(names) == 1:
        return next(iter(names.values())), [{}]
    alone = [getattr(side, "name", None) for side in (sr.lhs, sr.rhs)]
    u = next((names[n] for n in alone if n in names), None)
    domains = getattr(state, "domains", {}) or {}
    others = [s for s in names.values() if s is not u]
    if u is None or len(others) > 1 or any(s.name not in domains for s in others):
        return None
    p = others[0]
    lo, hi = (sp.Rational(str(round(x, 6))) for x in domains[p.name])
    return u, [{p: lo + (hi - lo) * k / 4} for k in (1, 2, 3)]


def _confirmed(rel, u, interval: sp.Interval) -> bool:
    """The relation holds just inside each finite end of the interval and fails just outside, at 30 digits."""
    points = []
    for end, inward in ((interval.start, 1), (interval.end, -1)):
        if end.is_infinite:
            continue
        if end.free_symbols or not end.is_real:
            return False
        step = sp.Rational(1, 10**6) * max(1, abs(sp.N(end, 30)))
        points += [(end + inward * step, True), (end - inward * step, False)]
    if not points:
        points = [(sp.Integer(0), interval.contains(0) == sp.true), (sp.Integer(7), interval.contains(7) == sp.true)]
    for p, inside in points:
        a = sp.N(rel.lhs.xreplace({u: p}), 30)
        if not a.is_real or not a.is_finite or abs(a) < sp.Float("1e-25"):
            return False
        if bool(type(rel)(a, 0)) != inside:
            return False
    return True


def _against_earlier(sr, state, relation) -> Optional[Verdict]:
    """Correct when an earlier condition of the problem on the same unknowns has the same solutions (or
    this one's bound is the earlier bound printed to some digits), at every point tried; else None."""
    found = _samples(sr, state, relation)
    if found is None:
        return None
    u, points = found
    names = frozenset(s.name for s in relation.free_symbols)
    nows = [_solve(relation.xreplace(p), u) for p in points]
    if any(now is None for now in nows):
        return None
    digits = _printed_bound(sr, u)
    for unknowns, before, line, text in reversed(tuple(getattr(state, "conditions", ()))):
        if unknowns != names or line == sr.step.line:
            continue
        at = {s.name: s for s in before.free_symbols}
        befores = [_solve(before.xreplace({at[k.name]: v for k, v in p.items()}), at[u.name]) for p in points]
        if any(b is None for b in befores):
            continue
        where = "" if len(points) == 1 else \
            f" at {', '.join(f'{k} = {v}' for p in points for k, v in p.items())}, points of its stated domain"
        if all(_same(b, n) for b, n in zip(befores, nows)):
            return Verdict.correct(CheckKind.EXACT if len(points) == 1 else CheckKind.NUMERIC,
                                   f"the condition of line {line} ({text}) again: both hold exactly for {u.name} "
                                   f"{_shown(nows[0])}{where}{_given(state, sr)}")
        if digits is not None and len(points) == 1 and _rounded(befores[0], nows[0], digits):
            b = _bound(befores[0])
            return Verdict.correct(CheckKind.EXACT, f"the condition of line {line} ({text}) with its bound "
                                                    f"{b} ≈ {sp.N(b, 6)} printed to {digits} decimals")
    return None


# words that make a condition something other than a claim: a hypothesis, a case, an excluded value
NOT_CLAIMED = ("if", "where", "take", "let", "assume", "suppose", "given", "for", "with", "when", "using", "until",
               "defined", "case", "consider", "instead", "otherwise", "or", "either", "unless", "not", "no", "never",
               "cannot", "can't", "impossible", "contradiction", "contradicts", "whether", "check", "example", "say")


def _supposed(sr) -> bool:
    """The words before the condition make it a hypothesis, a case or a value excluded (a link shares its
    chain's words: "when $0 < y < 1$")."""
    from .follows import words_before
    from .reading import has_word

    return has_word(getattr(sr.step, "context", "") or "", NOT_CLAIMED) or has_word(words_before(sr), NOT_CLAIMED)


def _contradicts(sr, state, relation) -> Optional[Verdict]:
    """Incorrect when no value of the unknown satisfies both this condition and an earlier one of the
    problem (their exact solution sets are disjoint; with a second unknown of stated domain, at each of
    three points of that domain, :func:`_samples`): a point of the earlier one is the counterexample."""
    found = _samples(sr, state, relation)
    if found is None:
        return None
    u, points = found
    nows = [_solve(relation.xreplace(p), u) for p in points]
    if any(now is None for now in nows):
        return None
    names = frozenset(s.name for s in relation.free_symbols)
    for unknowns, before, line, text in reversed(tuple(getattr(state, "conditions", ()))):
        if unknowns != names or line == sr.step.line:
            continue
        at = {s.name: s for s in before.free_symbols}
        befores = [_solve(before.xreplace({at[k.name]: v for k, v in p.items()}), at[u.name]) for p in points]
        if any(b is None or sp.Intersection(b, n) is not sp.S.EmptySet for b, n in zip(befores, nows)):
            continue
        p = _inside(befores[0])
        if p is None:
            continue
        value = sp.N(relation.lhs.xreplace({u: p, **points[0]}), 30)
        where = "" if len(points) == 1 else \
            f" at {', '.join(f'{k} = {v}' for q in points for k, v in q.items())}, points of its stated domain"
        return Verdict.incorrect(CheckKind.EXACT, f"contradicts the condition of line {line} ({text}): no value of "
                                                  f"{u.name} satisfies both{where} (line {line}: {u.name} "
                                                  f"{_shown(befores[0])}; this step: {u.name} {_shown(nows[0])}"
                                                  f"{'' if len(points) == 1 else ', at the first point'})",
                                 counterexample={"at": {u.name: str(p), **{k.name: str(v) for k, v in points[0].items()}},
                                                 "lhs - rhs": str(value)},
                                 hint="the relation points the other way")
    return None


def _inside(s: sp.Interval):
    """A rational point inside the interval (or None)."""
    lo, hi = s.start, s.end
    if lo.is_infinite and hi.is_infinite:
        return sp.Integer(0)
    if lo.is_infinite:
        return sp.floor(hi) - 1
    if hi.is_infinite:
        return sp.ceiling(lo) + 1
    p = sp.nsimplify(sp.N((lo + hi) / 2, 20), rational=True)
    return p if bool(s.contains(p)) else None


def _shown(s: sp.Interval) -> str:
    left = "(" if s.left_open or s.start.is_infinite else "["
    right = ")" if s.right_open or s.end.is_infinite else "]"
    show = lambda x: "∞" if x == sp.oo else "−∞" if x == -sp.oo else str(x)  # noqa: E731
    return f"in {left}{show(s.start)}, {show(s.end)}{right}"


def _given(state, sr) -> str:
    env = getattr(state, "env", {}) or {}
    names = sorted({s.name for side in (sr.lhs, sr.rhs) for s in side.free_symbols} & set(env))
    return f" (with {', '.join(f'{n} = {env[n]}' for n in names)} as given)" if names else ""


def _same(a: sp.Interval, b: sp.Interval) -> bool:
    return a.left_open == b.left_open and a.right_open == b.right_open and \
        all(x == y or (x.is_finite and y.is_finite and sp.simplify(x - y) == 0) for x, y in ((a.start, b.start),
                                                                                            (a.end, b.end)))


def _bound(s: sp.Interval):
    return s.start if s.end.is_infinite else s.end


def _half_line(s: sp.Interval) -> Optional[int]:
    """1 for [c, ∞), -1 for (-∞, c], None otherwise."""
    if s.end == sp.oo and s.start.is_finite:
        return 1
    if s.start == -sp.oo and s.end.is_finite:
        return -1
    return None


def _printed_bound(sr, u) -> Optional[int]:
    """The number of decimals of the step's bound when it is u alone against a printed decimal."""
    for alone, other, text in ((sr.lhs, sr.rhs, sr.rhs_text), (sr.rhs, sr.lhs, sr.lhs_text)):
        m = _DECIMAL.match(text or "")
        if m and getattr(alone, "name", None) == u.name:
            return len(m.group(1))
    return None


def _rounded(before: sp.Interval, now: sp.Interval, digits: int) -> bool:
    """The same direction, and the earlier bound within half a unit of the last printed digit of this one."""
    if _half_line(before) is None or _half_line(before) != _half_line(now):
        return False
    half = sp.Rational(1, 2 * 10**digits)
    gap = sp.N(_bound(before) - _bound(now), 40)
    return gap.is_real and abs(gap) < half and half - abs(gap) > sp.Float("1e-30")
