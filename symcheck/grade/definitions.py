"""Statements that give rather than claim: definitions, given values,
function definitions, assumptions. They are recorded for later steps (as
typed updates of the state), not checked, except a cost defined in a
write-up about the cross-entropy, which must be the cross-entropy.
"""

from __future__ import annotations

from typing import Optional

import sympy as sp

from ..notation.equality import literal, show
from ..verdict import Cause, CheckKind, Verdict
from .conventions import NotPlain, expand, notes_text
from .reading import StepReading, is_name, is_numeric, substitute
from .state import Defined, Domain, FunctionDefined, Given, Result, State


def check_definition(sr: StepReading, state: State, options) -> Result:
    """``name = …``: a given value, a computed value, or a definition."""
    if not is_name(sr.lhs):  # an indexed or layered quantity: recorded in words only
        return Result(Verdict.unchecked(Cause.PROSE, f"definition of {sr.lhs_text.strip()}: recorded for later "
                                                     "steps"))
    return _definition(sr, state, options, sr.lhs.name)


def check_function_definition(sr: StepReading, state: State, options) -> Result:
    """``f(x) = …``: recorded (and, for the cost, checked like a definition of it)."""
    name = type(sr.lhs).__name__
    result = _definition(sr, state, options, name)
    return Result(result.verdict, result.updates + (FunctionDefined(name, sr.lhs.args[0], sr.rhs),))


def _definition(sr: StepReading, state: State, options, name: str) -> Result:
    display = sr.lhs_text.strip()
    if is_numeric(sr.rhs, state):
        value = substitute(sr.rhs, state)
        updates = (Defined(name, sr.rhs), Given(name, value))
        (a, b) = sr.spans[1]
        if literal(sr.source, a, b) is not None:
            return Result(Verdict.unchecked(Cause.PROSE, f"given value {display} = {show(value)}: recorded for "
                                                         "later steps"), updates)
        return Result(Verdict.unchecked(Cause.PROSE, f"definition of {display} (= {show(value)}): recorded for "
                                                     "later steps"), updates)
    updates: tuple = (Defined(name, sr.rhs),)
    if (name in ("C", "c") or name.startswith("C_")) and state.cost == "cross-entropy":
        checked = _check_cost(sr, state, options, name)
        if checked is not None:
            return checked
    return Result(Verdict.unchecked(Cause.PROSE, f"definition of {display}: recorded for later steps"), updates)


def _check_cost(sr: StepReading, state: State, options, name: str) -> Optional[Result]:
    """A cost defined in a write-up about the cross-entropy must be the cross-entropy
    (of one target y/γ and one activation a/α, possibly with 1/n Σ)."""
    from ..notation.identity import identity

    notes: set = set()
    try:
        expr = expand(sr.rhs, State(), notes)  # as written: nothing defined before is put in
    except NotPlain:
        return None
    syms = {s.name: s for s in expr.free_symbols}
    labels = [s for n, s in syms.items() if n == "y" or n.startswith("y_") or n.startswith("gamma")]
    acts = [s for n, s in syms.items() if n == "a" or n.startswith("a_")]
    others = set(syms) - {s.name for s in labels + acts} - {"n"}
    if len(labels) != 1 or len(acts) != 1 or others:
        return None
    yv, av = labels[0], acts[0]
    ce = -(yv * sp.log(av) + (1 - yv) * sp.log(1 - av))  # Σ over n copies, /n: one example
    domains = {yv.name: (0.05, 0.95), av.name: (0.05, 0.95)}

    def same(a, b):
        return identity(a, b, seed=options.seed, trials=options.trials, timeout=options.symbolic_seconds,
                        domains=domains)

    outcome = same(expr, ce)
    if outcome.holds:
        return Result(Verdict.correct(CheckKind.LIBRARY, "this is the cross-entropy cost" + notes_text(notes),
                                      claim="cross-entropy"), (Defined(name, sr.rhs),))
    if outcome.holds is False:
        hint, updates = "", (Defined(name, sr.rhs),)
        if same(-expr, ce).holds:
            hint = "the cost has lost its minus sign"
            updates = (Defined(name, -sr.rhs),)  # later steps are checked against the corrected cost
        elif same(expr - ce, 2 * (1 - yv) * sp.log(1 - av)).holds:
            hint = "the minus sign must apply to both terms: −(y ln a + (1−y) ln(1−a))"
        return Result(Verdict.incorrect(
            CheckKind.LIBRARY, "this is not the cross-entropy cost the write-up works with" + notes_text(notes),
            counterexample={"at": outcome.point, "as written": outcome.lhs_value, "cross-entropy": outcome.rhs_value},
            hint=hint, claim="cross-entropy"), updates)
    return None


def check_assumption(sr: StepReading, state: State, options) -> Result:
    """``x > 0``, ``γ ∈ (0, 1)`` in a sentence that assumes it: the domain is recorded."""
    dom = _domain_of(sr)
    return Result(Verdict.unchecked(Cause.PROSE, "an assumption stated in the text: recorded, not checked"),
                  (dom,) if dom else ())


def _domain_of(sr: StepReading) -> Optional[Domain]:
    if not sr.two_sided or not (is_name(sr.lhs) or (isinstance(sr.lhs, sp.Symbol))):
        return None
    key = sr.lhs.name
    key = {"alpha": "a", "omega": "w"}.get(key, key)
    rhs, rel = sr.rhs, sr.rel
    if rel == "in" and isinstance(rhs, sp.Interval) and rhs.start.is_number and rhs.end.is_number \
            and rhs.start.is_finite and rhs.end.is_finite:
        lo, hi = float(rhs.start), float(rhs.end)
        pad = (hi - lo) * 0.02
        return Domain(key, lo + pad, hi - pad)
    if not (isinstance(rhs, sp.Basic) and rhs.is_number and rhs.is_real):
        return None
    bound = float(rhs)
    if rel in (">", ">="):
        return Domain(key, bound + 0.05, bound + 3.0)
    if rel in ("<", "<="):
        return Domain(key, bound - 3.0, bound - 0.05)
    return None
