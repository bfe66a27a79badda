"""Plain algebra on the step's reading: identities, conditions, implications.

An equation whose left side is something the write-up defined (a function,
a derivative, a named quantity), and every row of a chain, is an identity:
it must hold for all values of its unknowns (:func:`symcheck.notation.equality.identity`).
An equation in unknowns (``-γ/α + (1-γ)/(1-α) = 0``) is a condition: it is
correct when it has the same solutions as an equation before it. ``P ⇒ Q``
is correct when every solution of P solves Q.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Optional

import numpy as np
import sympy as sp

from ..notation.ambiguity import implied_sum
from ..notation.dependence import HYPERPARAMETERS
from ..notation.equality import show
from ..notation.identity import identity
from ..verdict import Cause, CheckKind, Note, NoteKind, Verdict
from .conventions import NotPlain, activation_pair, as_notes, bound_names, expand, notes_text
from .follows import essential_unknowns, follows, never_holds_as_read, same_written_unknowns
from .never_holds import never_holds
from .reading import StepReading, read_step
from .solving import solve_for
from .state import Established, Result, State


CONDITION = Note(NoteKind.CONDITION, "read as a condition on unknowns, not an identity")


def both(lhs, rhs, state: State, notes: set):
    """The two parts as plain algebra (:func:`.conventions.expand`), a next to z being σ(z)."""
    bound = bound_names(lhs, rhs)
    return activation_pair(expand(lhs, state, notes, bound=bound), expand(rhs, state, notes, bound=bound), notes)


def _outcome(a, b, rel, state, options):
    return identity(a, b, rel=rel, domains=state.domains, seed=options.seed, trials=options.trials,
                    timeout=options.symbolic_seconds)


def _is_identity_claim(sr: StepReading, state: State) -> bool:
    """A link, or an equation whose left side the write-up defined or that
    applies a function or a derivative."""
    from ..symbolic import sigmoid

    if sr.step.link:
        return True
    lhs = sr.lhs
    if lhs.has(sp.Derivative, sigmoid, sp.log, sp.exp) or lhs.atoms(sp.Function):
        return True
    names = {s.name for s in lhs.free_symbols if isinstance(s, sp.Symbol)}
    return bool(names & (set(state.definitions) | set(state.functions)))


def check_algebra(sr: StepReading, state: State, options) -> Optional[Result]:
    """An identity, a condition or a chain row in plain algebra; None when the
    step is not plain algebra (the library and the network checks come next).
    A step with several plausible readings (a parenthesised superscript: a
    label or a power) is left to the front end, which checks each."""
    if getattr(sr.reading, "alternatives", ()):  # several plausible readings: the front end weighs them
        return None
    if any(isinstance(p, sp.Basic) and p.has(sp.Piecewise) for p in getattr(sr.reading, "parts", ()) or ()):
        return None  # a definition by cases: checked branch by branch by the front end (notation.cases)
    return _algebra(sr, state, options)


def _algebra(sr: StepReading, state: State, options) -> Optional[Result]:
    notes: set = set()
    rel = sr.rel
    try:
        lexpr, rexpr = both(sr.lhs, sr.rhs, state, notes)
    except NotPlain:  # not plain algebra: the library and the front end's meaning layer come next
        return None
    extra = notes_text(notes)
    if not _is_identity_claim(sr, state):
        outcome = _outcome(lexpr, rexpr, rel, state, options)
        if outcome.holds and rel == "=" and (lexpr.free_symbols | rexpr.free_symbols):
            return Result(Verdict.correct(CheckKind.EXACT if outcome.exact else CheckKind.NUMERIC,
                                          f"holds identically: {outcome.how}{extra}", notes=as_notes(notes)))
        return condition(sr, lexpr, rexpr, state, options)
    free_l, free_r = lexpr.free_symbols, rexpr.free_symbols
    outcome = _outcome(lexpr, rexpr, rel, state, options)
    if outcome.holds:
        check = CheckKind.LINK if sr.step.link else CheckKind.EXACT if outcome.exact else CheckKind.NUMERIC
        return Result(Verdict.correct(check, f"{'equal' if rel == '=' else 'holds'}: {outcome.how}{extra}",
                                      notes=as_notes(notes)))
    if free_l != free_r and (same_written_unknowns(sr, lexpr, rexpr) or
                             essential_unknowns(lexpr) == essential_unknowns(rexpr)):
        free_l = free_r  # SymPy cancelled what one side writes (x/x): an identity in the unknowns written
    if free_l != free_r and not sr.step.link:
        nowhere = never_holds(lexpr, rexpr, rel, options.symbolic_seconds) or \
            never_holds_as_read(sr, rel, options.symbolic_seconds)  # a claim no real value satisfies
        if nowhere is None and rel != "=":  # an inequality that fails where everything established holds
            nowhere = follows(sr, lexpr, rexpr, state, options, lambda a, b: _plain_pair(a, b, state))
        if nowhere is not None:
            return Result(nowhere)
        return Result(Verdict.unchecked(Cause.AMBIGUOUS, "an equation whose sides use different unknowns: read as a "
                                                         "condition, not an identity, and not checked",
                                        notes=(CONDITION,)))
    if free_l != free_r:
        from .substitution import substituted

        nowhere = never_holds(lexpr, rexpr, rel, options.symbolic_seconds) or \
            never_holds_as_read(sr, rel, options.symbolic_seconds)  # no value put in saves it
        if nowhere is not None:
            return Result(nowhere)
        return substituted(sr, state, sorted(s.name for s in free_l ^ free_r))
    if outcome.holds is None:
        return Result(Verdict.unchecked(Cause.UNSUPPORTED, outcome.how))
    others = _dependence_unknown(sr, state)
    if others:
        from .partial_reading import accused

        wrong = accused(sr, state, options, outcome, extra)  # the others as the write-up's definitions take them
        if wrong is not None:
            return Result(wrong)
        return Result(Verdict.unchecked(Cause.AMBIGUOUS, f"a derivative of an expression with other unknowns "
                                                         f"({', '.join(others)}): how they depend on the variable "
                                                         "is not given, so the sides are not compared"))
    if implied_sum((sr.lhs, sr.rhs)):
        return Result(Verdict.unchecked(Cause.AMBIGUOUS, "an index repeated within a term: with an implied sum "
                                                         "(Einstein notation) or without, the readings disagree"))
    hint = _hint(lexpr, rexpr, sr.rhs_text, rel, state, options)
    where = ", ".join(f"{k} = {v:.4g}" for k, v in (outcome.point or {}).items())
    return Result(Verdict.incorrect(CheckKind.LINK if sr.step.link else CheckKind.NUMERIC,
                                    f"the two sides differ{' at ' + where if where else ''}: "
                                    f"{show(outcome.lhs_value)} vs {show(outcome.rhs_value)}{extra}",
                                    counterexample={"at": outcome.point, "lhs": outcome.lhs_value,
                                                    "rhs": outcome.rhs_value}, hint=hint, notes=as_notes(notes)))


def _dependence_unknown(sr: StepReading, state: State) -> list[str]:
    """Unknowns, other than its variable, of an expression the step differentiates
    (``∂/∂a_0 (e^{a_0} / u)``): they may depend on the variable."""
    out: set = set()
    for part in (sr.lhs, sr.rhs):
        for d in part.atoms(sp.Derivative):
            wrt = set(d.variables)
            for s in d.expr.free_symbols - wrt:
                name = getattr(s, "name", "")
                if name and name not in state.env and name not in state.definitions and name not in HYPERPARAMETERS:
                    out.add(name)
            for f in d.expr.atoms(sp.core.function.AppliedUndef):
                if not set(f.args) & wrt and type(f).__name__ not in state.functions:
                    out.add(type(f).__name__)
    return sorted(out)


def _hint(lexpr, rexpr, rhs_text, rel, state, options) -> str:
    if _outcome(lexpr, -rexpr, rel, state, options).holds:
        return "holds without the leading minus" if rhs_text.strip().startswith("-") else \
            "holds with the opposite sign"
    c = _constant_ratio(lexpr, rexpr, options.seed)
    if c is not None and c not in (1, -1):
        if abs(c) >= 1:
            return f"the left side is {show(c)} times the right: a factor of {show(c)} was " \
                   f"{'dropped' if abs(c) > 1 else 'added'}"
        return f"the right side is {show(1 / c)} times the left: a factor of {show(1 / c)} too many"
    return ""


def _constant_ratio(lexpr, rexpr, seed):
    """lhs / rhs when it is the same simple number at three random points."""
    free = sorted(lexpr.free_symbols | rexpr.free_symbols, key=lambda s: s.name)
    if not free:
        return None
    rng = np.random.default_rng(seed + 1)
    ratios = []
    for _ in range(3):
        pt = {s: sp.Float(rng.uniform(0.1, 0.9)) for s in free}
        try:
            lv, rv = complex(lexpr.subs(pt).evalf()), complex(rexpr.subs(pt).evalf())
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        if abs(rv) < 1e-12 or abs(lv.imag) > 1e-12 or abs(rv.imag) > 1e-12:
            return None
        ratios.append(lv.real / rv.real)
    r = ratios[0]
    if r == 0 or not np.isfinite(r):  # the left side vanishes (or overflows): no constant factor to name
        return None
    if all(abs(x - r) <= 1e-9 * max(1, abs(r)) for x in ratios):
        for cand in (round(r), round(1 / r) and 1 / round(1 / r)):
            if cand and abs(r - cand) <= 1e-9 * max(1, abs(r)):
                return cand
    return None


# --- conditions and implications ---------------------------------------------------------
def _statement(lhs_text: str, rhs_text: str, state: State, notes: set):
    """An earlier statement ``lhs = rhs`` (LaTeX), as plain algebra, or None."""
    from types import SimpleNamespace

    step = SimpleNamespace(relation="=", lhs=lhs_text, rhs=rhs_text, link=False, context="", inline=False,
                           implication=False)
    sr = read_step(step, State())
    if not sr.two_sided:
        return None
    try:
        return both(sr.lhs, sr.rhs, state, notes)
    except NotPlain:
        return None


def condition(sr: StepReading, lexpr, rexpr, state: State, options) -> Result:
    """An equation in unknowns: equivalent to an equation established before?"""
    rel = sr.rel
    if rel != "=":
        outcome = _outcome(lexpr, rexpr, rel, state, options)
        unknowns = getattr(lexpr - rexpr, "free_symbols", set())
        if outcome.holds and state.domains and all(s.name in state.domains for s in unknowns):  # each one stated
            return Result(Verdict.correct(CheckKind.NUMERIC, f"holds on the stated domain: {outcome.how}"))
        return Result(Verdict.unchecked(Cause.AMBIGUOUS, "an inequality in unknowns whose domain is not stated",
                                        notes=(CONDITION,)))
    candidates = []
    if state.prev_stmt and state.prev_stmt[1] == "=":
        a, _, b, line = state.prev_stmt
        pair = _statement(a, b, state, set())
        if pair is not None:
            candidates.append((pair, line))
    for a, b, line in reversed(state.established):
        try:
            candidates.append((both(a, b, state, set()), line))
        except NotPlain:
            continue
    for (pa, pb), line in candidates[:8]:
        if _same_solutions(pa - pb, lexpr - rexpr, state, options):
            return Result(Verdict.correct(CheckKind.IMPLICATION, f"the same equation as line {line}, rearranged"),
                          (Established(sr.lhs, sr.rhs, sr.step.line),))
    # a row of the derivation that fails where what it follows from holds
    wrong = follows(sr, lexpr, rexpr, _with_previous(state), options, lambda a, b: _plain_pair(a, b, state))
    if wrong is not None:
        return Result(wrong)
    return Result(Verdict.unchecked(Cause.AMBIGUOUS, "an equation in unknowns (a condition, not an identity): "
                                                     "not equivalent to an equation before it that the grader "
                                                     "could read", notes=(CONDITION,)))


def _with_previous(state: State) -> State:
    """The state with the statement just before, when it poses a condition (a derivative or a function set to
    zero: ``C'(a) = 0``, never wrong in itself), as the latest established equation: the row after it solves it."""
    if not state.prev_stmt or state.prev_stmt[1] != "=":
        return state
    a, _, b, line = state.prev_stmt
    sr = read_step(SimpleNamespace(relation="=", lhs=a, rhs=b, link=False, context="", inline=False,
                                   implication=False), State())
    if not sr.two_sided or sr.rhs != 0 or not sr.lhs.atoms(sp.Derivative, sp.core.function.AppliedUndef) or \
            any(ln == line for _, _, ln in state.established):
        return state
    out = state.copy()
    out.established = list(state.established) + [(sr.lhs, sr.rhs, line)]
    return out


def _plain_pair(a, b, state: State):
    """An equation (its two readings, or its two sides' LaTeX) as plain algebra, or None."""
    if isinstance(a, str):
        return _statement(a, b, state, set())
    try:
        return both(a, b, state, set())
    except NotPlain:
        return None


def _implies(p, q, state, options) -> Optional[tuple]:
    """Every solution of p = 0 solves q = 0? (True, how) / (False, counterexample) / None."""
    free = sorted(p.free_symbols, key=lambda s: s.name)
    if not free:
        return None
    for var in free:
        sols = solve_for(p, var, options.symbolic_seconds)
        if not sols:
            continue
        for sol in sols:
            if isinstance(sol, dict):
                continue
            outcome = _outcome(q.subs(var, sol), sp.Integer(0), "=", state, options)
            if outcome.holds is False:
                return (False, {"solution": f"{var} = {sol}", "at": dict(outcome.point or {}),
                                "lhs - rhs": outcome.lhs_value})
            if outcome.holds is None:
                return None
        return (True, f"solving for {var}")
    return None


def _same_solutions(p, q, state, options) -> bool:
    a = _implies(p, q, state, options)
    b = _implies(q, p, state, options)
    return bool(a and a[0] is True and b and b[0] is True)


def check_implication(sr: StepReading, state: State, options) -> Result:
    """``P ⇒ Q``: the solutions of the previous statement P still solve Q (``P ⟺ Q``: and the other way)."""
    if not state.prev_stmt:
        return Result(Verdict.unchecked(Cause.AMBIGUOUS, "an implication with nothing before it"))
    a, prel, b, line = state.prev_stmt
    if prel != "=" or sr.rel != "=":
        return Result(Verdict.unchecked(Cause.UNSUPPORTED, "an implication between relations other than equations"))
    notes: set = set()
    before = _statement(a, b, state, notes)
    try:
        if before is None:
            raise NotPlain("the statement before")
        qa, qb = both(sr.lhs, sr.rhs, state, notes)
    except NotPlain:
        from .network import library_check

        lib = library_check(sr, state, options)
        if lib is not None and lib.verdict == "correct":
            return Result(lib)
        return Result(Verdict.unchecked(Cause.AMBIGUOUS, f"follows from line {line}, whose meaning here (its "
                                                         "setting) the grader could not read, so the implication "
                                                         "is not checked"))
    pa, pb = before
    both_ways = getattr(sr.step, "equivalence", False)  # P ⟺ Q: Q ⇒ P too, the same solutions
    hows: list = []
    for p, q in [(pa - pb, qa - qb)] + ([(qa - qb, pa - pb)] if both_ways else []):
        res = _implies(p, q, state, options)
        if res is None:
            return Result(Verdict.unchecked(Cause.UNSUPPORTED, (
                f"follows from line {line} ({hows[0]}), but the converse, which ⟺ also claims, could not be tested"
                if hows else f"could not solve line {line}'s equation to test the implication")))
        if not res[0]:
            return Result(Verdict.incorrect(CheckKind.IMPLICATION, (
                f"follows from line {line}, but ⟺ also claims the converse: a solution of this step fails line "
                f"{line}" if hows else f"does not follow from line {line}: a solution of it fails this step"),
                counterexample=res[1], hint="⇒ holds, ⟺ does not" if hows else ""))
        hows.append(res[1])
    how = (f"equivalent to line {line} (each follows from the other, {hows[0]} and {hows[1]})" if both_ways
           else f"follows from line {line} ({hows[0]})")
    return Result(Verdict.correct(CheckKind.IMPLICATION, how + notes_text(notes)),
                  (Established(sr.lhs, sr.rhs, sr.step.line),))
