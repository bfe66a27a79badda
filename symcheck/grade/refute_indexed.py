"""An accusation in the confirmation's reading of indexed scalars, when every other reading fails too.

:mod:`.confirm` reads a step in components the way the write-up uses them (``ŷ_a``, ``W_{cb}``
components of their families, ``δ_{ab}`` the Kronecker delta, an index repeated within a
product summed, the write-up's vector definitions by components: ``t = xW + b``, ``h = σ(t)``,
``ŷ = softmax(v)``) and calls it correct when it holds there. A step that fails there is
accused here only when it fails under **every** plausible reading (each must give a
counterexample, exact or at 60 digits):

- ``δ_{ab}`` as the Kronecker delta and as a name with two indices (any numbers);
- an index repeated within a term summed (Einstein) and not; a derivative operator reaching
  over the sum after it and not;
- each reading of the write-up's definitions; an undefined function of one variable random,
  the sigmoid, tanh and the identity;
- the values of an undefined vector family (a target y) free, a distribution or one-hot: the
  step is tested at one-hot points (each class hot in turn), which are values of every one of
  those readings, so one counterexample there refutes them all ("the text makes y one-hot"
  then shields nothing: a step that fails at a one-hot y fails).

Left alone (None): a name the step makes a function through the chain it writes (``∂J/∂ŷ_a
∂ŷ_a/∂v_b``: which components depend on which is a guess), sides that speak of different
undefined names (some definition may relate them) — except the weights and biases of different
layers (``W^{(2)}``, ``W^{(3)}``), independent parameters of any network — an index letter
read as a value (``\\delta{ik}`` read δ·i·k), ``δ`` alone, a step with an index condition,
and everything :func:`.components.plan` leaves alone.
"""

from __future__ import annotations

import itertools
import logging
import time
from typing import Optional

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..verdict import CheckKind, Note, NoteKind, Verdict
from .alternatives import index_symbols, operator_scope
from .components import ACTIVATIONS, applied_families, definitions, plan, unary, unapplied_in_derivative
from .confirm import agrees_at, index_cases
from .dependences import DROPPED_SUPERSCRIPT, opaque, written_chain
from .instantiate import Instance
from .vector_definitions import same_family
from .reading import StepReading
from .state import State

log = logging.getLogger(__name__)

MAX_CASES = 32        # index cases tried per reading (each with every class of a one-hot family hot)
MAX_EVALUATIONS = 240  # instantiations in all, at most (more: not accused)
SECONDS = 1.0          # CPU time for all of them, at most (more: not accused; the step keeps its verdict)


def _misread_index(parts, letters: set) -> bool:
    """An index letter used as a value (``\\delta{ik}`` read δ·i·k) or a bare ``δ``."""
    for p in parts:
        if any(getattr(s, "name", "") == "delta" for s in p.free_symbols):
            return True
        for e in p.atoms(sp.Mul, sp.Add, sp.Pow):
            if any(isinstance(a, sp.Symbol) and a.name in letters for a in e.args):
                return True
    return False


def _parameter(name: str) -> bool:
    """A weight or bias of a layer (``w^2_1,2``, ``b^1_3``): independent of every other layer's."""
    return name.startswith(("w^", "b^"))


def _vectors(parts, defs) -> list:
    """The undefined one-index families the step names outside derivatives' variables (a target y):
    the families whose values may be one-hot."""
    variables = {str(v.base.label) for p in parts for d in p.atoms(sp.Derivative) for v in d.variables
                 if isinstance(v, sp.Indexed)}
    out = set()
    for p in parts:
        for ix in p.atoms(sp.Indexed):
            base = str(ix.base.label)
            if len(ix.indices) == 1 and base not in variables and defs.indexed(base) is None and \
                    defs.name(base) is None:
                out.add(base)
    return sorted(out)


TARGETS = ("y",)  # the name prose makes one-hot ("y is a one-hot vector")


def _point(families: list, size: int, hot: int, rng, mixed: bool) -> dict:
    """Values of the families: each one-hot, a target (y) at ``hot``, the others at classes of their own;
    ``mixed``: the target one-hot, the others a distribution (where a family other than the target cannot be
    one-hot: a p_a in a denominator)."""
    out = {}
    for f in families:
        if not mixed or f in TARGETS:
            at = hot if f in TARGETS or len(families) == 1 else int(rng.integers(1, size + 1))  # each its own class
            out.update({sp.Symbol(f"{f}_{v}", real=True): sp.Integer(int(v == at)) for v in range(0, size + 1)})
            continue
        weights = [int(rng.integers(1, 5)) for _ in range(size)]
        out.update({sp.Symbol(f"{f}_{v}", real=True): sp.Rational(w, sum(weights)) for v, w in
                    zip(range(1, size + 1), weights)})
    return out


class _Budget(Exception):
    pass


LABEL = "a label (a layer or an example)"


def _label_reading(sr: StepReading, state: State, options) -> Optional[StepReading]:
    """The step read with its parenthesised superscripts as labels (``W^{(2)}``: the field's convention on a
    layered name, the reading the reader established), when that is its only ambiguity and no reading as
    powers is confirmed (:func:`.confirm.confirm`); else None."""
    from dataclasses import replace

    from .confirm import confirm

    reading = sr.reading
    if not reading.established or any(sorted(labels) != sorted((LABEL, "a power")) for _, labels in
                                      reading.ambiguities) or any(c != LABEL for c in reading.chosen):
        return None
    for alt in reading.alternatives:
        v = confirm(replace(sr, reading=replace(alt, alternatives=())), state, options)
        if v is not None and v.verdict == "correct":
            return None
    return replace(sr, reading=replace(reading, alternatives=()))


def refute_every_reading(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """Incorrect, with the counterexample of the reader's reading and the readings tried, or None."""
    if DROPPED_SUPERSCRIPT.search(sr.source or ""):
        return None
    if getattr(sr.reading, "alternatives", ()):
        sr = _label_reading(sr, state, options)
        if sr is None:
            return None
    p = plan(sr, state, kronecker_names=True)
    if p is None:
        return None
    parts = p.parts
    if any(sum(int(c) for _, c in d.variable_count) > 2 for x in parts for d in x.atoms(sp.Derivative)):
        return None
    letters = {s.name for x in parts for s in index_symbols(x)}
    if _misread_index(parts, letters):
        return None
    sums = [parts] + ([p.einstein] if p.einstein != parts else [])
    if p.scope:
        sums += [w for w in (tuple(operator_scope(x) for x in r) for r in list(sums)) if w not in sums]
    deltas = (True, False) if any(x.has(sp.KroneckerDelta) for x in parts) else (True,)
    activations = ACTIVATIONS if unary(parts) else (None,)
    softmax = "softmax" in f"{state.topics} {state.setting}".split()
    rng = np.random.default_rng([options.seed, 23])
    first, budget = None, [MAX_EVALUATIONS, time.process_time() + SECONDS]
    try:
        for choice in range(p.choices):
            defs = definitions(state, choice)
            chain = written_chain(parts, defs)
            if chain is None or (not chain and unapplied_in_derivative(_held(p), defs)) or opaque(parts, chain, defs):
                return None
            if any(args for _, args in chain.values()):  # a dependence the step's chain guesses
                return _negated(p, defs, chain, rng, softmax) if p.choices == 1 else None
            if not _vectors_established(parts, defs):
                return None  # a = σ(z) of a z the write-up never made a vector (one neuron's a?)
            if not _same_names(parts, defs):
                return None  # the sides speak of different names: some definition may relate them
            families = _vectors(parts, defs)
            for reading, kronecker, act in itertools.product(sums, deltas, activations):
                hit = _counterexample(reading, p, defs, chain, kronecker, act, families, rng, softmax, budget)
                if hit is None:
                    return None
                first = first or hit
    except _Budget:
        return None
    return _verdict(first, len(sums) > 1, len(deltas) > 1, p.choices > 1, len(activations) > 1, bool(first[3]))


def _negated(p, defs, chain, rng, softmax) -> Optional[Verdict]:
    """A chain-rule step whose sides are each other's negatives (``∂J/∂W = -(∂J/∂ŷ_a ∂ŷ_a/∂v_b ∂v_b/∂W)``):
    L + R = 0 in every case under the chain the step writes, whose names depend on every member of the next
    (the widest reading, so it holds in every narrower one: an identity in the derivatives), and L ≠ 0 in
    one. Then L = R only where the derivative is identically zero, under every reading of the dependences.
    A repeated index is summed (unsummed it would be free on one side only, no identity); a step with none
    (an explicit ``\\sum_{k=1}^n``, a scalar in the middle: ``∂C/∂w_j = -∂C/∂a ∂a/∂w_j``) is read as
    written. No δ, no undefined function of one variable. Incorrect, or None."""
    parts = p.einstein  # the step as written when no index is repeated within a term (explicit sums, w_j alone)
    if p.scope or any(x.has(sp.KroneckerDelta) for x in parts) or unary(parts):
        return None
    cases, first = index_cases(p, parts)[:MAX_CASES], None
    if not cases:
        return None
    deadline = time.process_time() + SECONDS
    for size, values in cases:
        if time.process_time() > deadline:
            return None
        inst = Instance(values, size, True, rng, applied_families(parts), defs, chain=chain)
        inst.point = {}
        if agrees_at((parts[0], -parts[1]), p, inst, defs, softmax) is not True:
            return None
        if first is None and agrees_at(parts, p, inst, defs, softmax) is False:
            first = (values, inst)
    if first is None:
        return None
    from ..notation.equality import show

    values, inst = first
    lhs, rhs = inst.compared
    at = ", ".join(f"{k} = {v}" for k, v in values.items())
    return Verdict.incorrect(
        CheckKind.NUMERIC,
        f"the two sides are each other's negatives (in every case of its indices, with "
        f"{', '.join(sorted(k for k, (_, a) in chain.items() if a))} read as depending on what the step "
        f"differentiates by, and so under any narrower dependence), and the derivative is not zero: for {at}, "
        f"{show(lhs)} vs {show(rhs)}",
        counterexample={"sizes and indices": dict(values), "lhs": lhs, "rhs": rhs},
        notes=(Note(NoteKind.INSTANTIATED, "instantiated with the chain the step writes"),))


def _held(p):
    """``p`` with each derivative whose expression names only its variable's family (``∂/∂θ_k e^{θ_p}``) put
    aside: a derivative by a component holds every component of its family as a variable, so its dependence
    is given."""
    from dataclasses import replace

    def own(d) -> bool:
        bases = {str(v.base.label) for v, _ in d.variable_count if isinstance(v, sp.Indexed)}
        inner = d.expr.atoms(sp.Indexed)
        return bool(inner) and {str(ix.base.label) for ix in inner} <= bases and \
            not (d.expr.free_symbols - set().union(*(ix.free_symbols for ix in inner)))

    return replace(p, parts=tuple(x.replace(lambda e: isinstance(e, sp.Derivative) and own(e), lambda e: sp.Dummy())
                                  for x in p.parts))


def _counterexample(parts, p, defs, chain, kronecker, activation, families, rng, softmax, budget):
    """(index values, instance, hot class, families) of the first case in which the sides differ, with the
    one-hot families at each class in turn (every family free when there is none); None when no case
    differs, or a case cannot be decided."""
    cases = index_cases(p, parts)
    if not cases:
        return None
    for size, values in cases[:MAX_CASES]:
        for hot in (range(1, size + 1) if families else (None,)):
            budget[0] -= 1
            if budget[0] < 0 or time.process_time() > budget[1]:
                raise _Budget()
            for mixed in (False, True) if hot is not None else (False,):
                inst = Instance(values, size, kronecker, rng, applied_families(parts), defs, activation, chain=chain)
                inst.point = _point(families, size, hot, rng, mixed) if hot is not None else {}
                out = _decide(parts, p, inst, defs, softmax)
                if out is not None:
                    break  # decided with every family one-hot: the mixed point is not needed
            if out is None:
                return None
            if out is False:
                return values, inst, hot, [f for f in families if not mixed or f in TARGETS]
    return None


def _decide(parts, p, inst: Instance, defs, softmax: bool) -> Optional[bool]:
    """True when the sides agree at the instance's point, False when they are decided apart; None otherwise."""
    out = agrees_at(parts, p, inst, defs, softmax)
    return None if out not in (True, False) else out


def _names(e, defs, depth: int = 0) -> set:
    """The undefined names ``e`` speaks of, through the write-up's definitions (``h_c`` after ``h = σ(t)``:
    t): families (``y``), layered quantities (``w^2``), plain names and undefined functions; not indices,
    Kronecker deltas or numbers."""
    from ..notation import vocab as V

    if depth > 8:
        return {"?"}
    if isinstance(e, sp.KroneckerDelta) or e.is_Number or \
            (isinstance(e, sp.Derivative) and same_family(e.expr, e.variable_count) is not None):
        return set()  # δ_{ab}, ∂h_i/∂h_c: a Kronecker delta
    if isinstance(e, sp.Indexed):
        hit = defs.indexed(str(e.base.label))
        return _names(hit[1], defs, depth + 1) if hit is not None else {str(e.base.label)}
    if isinstance(e, V.Comp):
        hit = defs.comp(e.qname, e.layer)
        return _names(hit[1], defs, depth + 1) if hit is not None else {f"{e.qname}^{e.layer}"}
    if isinstance(e, sp.Symbol):
        if e.is_integer or isinstance(e, sp.Dummy) or e.assumptions0.get("kronecker"):
            return set()
        body = defs.name(e.name)
        return _names(body, defs, depth + 1) if isinstance(body, sp.Basic) else {e.name}
    if isinstance(e, sp.Derivative):  # ∂t_d/∂x_k speaks of what t is made of, not of x as a name of its own
        return _names(e.expr, defs, depth) - {str(v.base.label) for v, _ in e.variable_count
                                              if isinstance(v, sp.Indexed)}
    out = {type(e).__name__} if isinstance(e, AppliedUndef) else set()
    for a in e.args:
        if isinstance(a, sp.Basic):
            out |= _names(a, defs, depth)
    return out


def _vectors_established(parts, defs) -> bool:
    """Every elementwise definition the step reaches (``h_j = σ(t_j)`` from ``h = σ(t)``) applies the function
    to a family the write-up defined by components (``t = xW + b``): read of a name never shown to be a vector
    (``a = σ(z)`` after ``z = wx + b`` with a scalar w), the components are a guess."""
    from ..symbolic import sigmoid

    seen, todo = set(), [ix for x in parts for ix in x.atoms(sp.Indexed)]
    while todo:
        base = str(todo.pop().base.label)
        hit = defs.indexed(base)
        if base in seen or hit is None:
            continue
        seen.add(base)
        body = hit[1]
        if isinstance(body, (sigmoid, sp.tanh)) and isinstance(body.args[0], sp.Indexed) and \
                defs.indexed(str(body.args[0].base.label)) is None:
            return False
        todo += list(body.atoms(sp.Indexed)) if isinstance(body, sp.Basic) else []
    return True


def _same_names(parts, defs) -> bool:
    """Both sides speak of the same undefined names, the layers' weights and biases aside (independent
    parameters of any network: a step that trades W^{(2)} for W^{(3)} claims an identity in both)."""
    sides = [{n for n in _names(x, defs) if not _parameter(n)} for x in parts]
    return sides[0] == sides[1] and "?" not in sides[0]


def _verdict(first, einstein: bool, kronecker: bool, definitions: bool, unary_fn: bool, one_hot: bool) -> Verdict:
    from ..notation.equality import show

    values, inst, hot, families = first
    lhs, rhs = inst.compared
    tried = (["δ with two indices as the Kronecker delta and as a name"] if kronecker else []) + \
        (["a repeated index summed (Einstein) and not"] if einstein else []) + \
        (["each reading of the write-up's definitions"] if definitions else []) + \
        (["an undefined function of one variable random, the sigmoid, tanh and the identity"] if unary_fn else []) + \
        ([f"{', '.join(families)} free, a distribution or one-hot (a one-hot point is each of them)"] if one_hot else [])
    at = ", ".join(f"{k} = {v}" for k, v in values.items())
    hot_at = f", {' and '.join(families)} one-hot at {hot}" if hot is not None and families else ""
    readings = f" (it fails under every reading tried: {'; '.join(tried)})" if tried else ""
    return Verdict.incorrect(
        CheckKind.NUMERIC,
        f"the two sides differ for {at}{hot_at}, with the write-up's definitions by components put in and the "
        f"undefined quantities random: {show(lhs)} vs {show(rhs)}{readings}",
        counterexample={"sizes and indices": dict(values), "one-hot": {f: hot for f in families} if hot else {},
                        "at": {str(k): v for k, v in dict(inst.point).items()}, "lhs": lhs, "rhs": rhs},
        notes=(Note(NoteKind.INSTANTIATED, "instantiated with the write-up's definitions and its readings of "
                                           "components, sums and Kronecker deltas, every other reading tried"),))
