"""Random interpretations of vectors and gradients (gradient descent, Nielsen ch. 1).

What an equation does not define is universally quantified, so an identity must
hold under every meaning it could have. Each interpretation gives, in exact
rational arithmetic:

- every plain vector (x, y, u, v, the step Δv) random entries, all of one size n;
- every scalar (η, ε, λ ...) a random rational in its domain (:func:`.equality.domain_of`);
- the cost as a function of a vector (C(v), the C of ∇C and ΔC) a random cubic
  polynomial of n variables (:func:`.interpret.random_polynomial`), so that ∇C is its
  exact gradient at the point v, and ΔC = C(v + Δv) − C(v) exactly
  (:class:`.worlds.World`).

Sizes n = 2, 3, 4 are the vector reading; n = 1 is the scalar reading (a vector of
one component is a number). Both sides are evaluated exactly and compared at 60
digits (:func:`.equality.compare_numbers`): floating point never decides. A failure
under one interpretation is a counterexample; agreement under all is "holds under
random interpretations". Where the two readings disagree and nothing in the equation
makes its letters vectors (∇, ^T, ⊙, ⊗, ⟨,⟩, diag, Δv), the step is unchecked
(ambiguous), naming both.

``ΔC ≈ R`` is the first-order model: the step is scaled (Δv → tΔv; a step defined as
Δv = −η∇C scales its step size, η → tη) and both sides must agree in value and in
first derivative at t = 0, i.e. ΔC − R = o(‖Δv‖), decided exactly.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

import numpy as np
import sympy as sp

from ..verdict import Cause, CheckKind, Note, NoteKind, Verdict
from . import vocab as V
from .base import ShapeError, Unsupported
from .equality import compare_numbers
from .vectors import CHANGE, STEP, InnerProduct, Nabla, OuterProduct, is_increment
from .worlds import World

STEP_SIZE = "epsilon"     # ε: in the book, the length of the step (‖Δv‖ = ε)
SIZES = (2, 3, 4)         # vector sizes of the vector reading
INTERPRETATIONS = 4       # random interpretations of the vector reading (plus one of the scalar reading)
INEQUALITY_INTERPRETATIONS = 12   # an inequality can hold at a few points and fail at others: more of them
_NETWORK = (V.Q, V.Comp, V.Grad, V.SigmaPrimeDiag, V.SymVec, V.SymDiag, V.Softmax, V.LayerProduct, V.IndexSum,
            V.ExampleSum, sp.Indexed, sp.Sum, sp.Derivative, sp.Subs, sp.Limit, sp.Integral)
_ESTABLISHING = (Nabla, OuterProduct, V.T, V.Had, V.Diag)   # u·v and ‖u‖ do not: |x| and xy are their scalar forms
_RELATIONS = ("=", "<", "<=", ">", ">=", "!=", "~")


def models(lhs, rhs) -> bool:
    """Do :func:`check`'s interpretations give both sides their meaning? Vector notation
    (∇C, Δv, ΔC, ·, ⟨,⟩, ⊗, ‖·‖, ^T, ⊙, diag) of plain vectors, without network quantities."""
    sides = (lhs, rhs)
    if not all(isinstance(s, sp.Basic) and not isinstance(s, (sp.MatrixBase, sp.Set)) for s in sides):
        return False
    if any(s.has(*_NETWORK) for s in sides):
        return False
    if any(s.has(Nabla, InnerProduct, OuterProduct) or any(_is_step(x) or is_increment(x) for x in s.free_symbols)
           for s in sides):
        return True
    vectors = any(not x.is_commutative for s in sides for x in s.free_symbols)
    return vectors and any(s.has(V.Norm, V.T, V.Had, V.Diag) for s in sides)


def plain_vectors(e) -> bool:
    """Vector notation of plain letters only (‖u‖, u·v, u ⊗ v), nothing the book defines (∇C, Δv, ΔC)."""
    return models(e, e) and not e.has(Nabla) and not any(x.name.startswith("Δ") for x in e.free_symbols)


def check(lhs, rel: str, rhs, ctx) -> Optional[Verdict]:
    """``lhs rel rhs`` under random interpretations, or None when :func:`models` does not hold.
    ``ctx.given`` may define the step Δv (an expression)."""
    if rel not in _RELATIONS or not models(lhs, rhs):
        return None
    from .scalar import substitute_given

    mismatch = _shape_mismatch(lhs, rhs)
    if mismatch is not None:
        return mismatch

    step = _step_definition(ctx)
    for _ in range(3):  # definitions in terms of one another (Δv = −η∇C, η = ε/‖∇C‖), a few levels deep
        lhs, rhs = substitute_given(lhs, ctx), substitute_given(rhs, ctx)
        step = substitute_given(step, ctx) if step is not None else None
    first_order = rel == "~" or (rel == "=" and _mentions_change(lhs, rhs))
    if rel == "~" and not (_mentions_change(lhs, rhs) or _mentions(lhs, rhs, STEP)):
        return None  # ≈ without a step: not a first-order model
    for side, other in ((lhs, rhs), (rhs, lhs)):
        if rel == "=" and isinstance(side, sp.Symbol) and side.name != CHANGE and side not in other.free_symbols:
            return Verdict.unchecked(Cause.UNSUPPORTED, f"a definition of {side}: nothing to check",
                                     notes=(Note(NoteKind.DEFINITION, f"{side} is defined here"),))
    steps = [{x for x in side.free_symbols if _is_step(x) and x.name not in (ctx.given or {})}
             | ({_STEP_SYMBOL} if _mentions(side, side, CHANGE) and step is None else set())  # ΔC: along Δv
             for side in (lhs, rhs)]
    if rel == "=" and steps[0] != steps[1]:
        shown = ", ".join(sorted(x.name for x in steps[0] ^ steps[1]))
        return Verdict.unchecked(Cause.AMBIGUOUS, f"an equation that gives the step {shown} (on one side only): a "
                                 "definition of the step, not an identity",
                                 notes=(Note(NoteKind.DEFINITION, f"{shown} is defined here"),))
    try:
        if rel == "~":
            return _first_order(lhs, rhs, ctx, step)
        exact = _identity(lhs, rel, rhs, ctx, step)
        if exact.verdict == "incorrect" and (step is not None or _mentions(lhs, rhs, STEP)) and \
                _mentions(lhs, rhs, STEP_SIZE) and not (step is not None and _mentions(step, step, STEP_SIZE)):
            tied = _identity(lhs, rel, rhs, ctx, step, {STEP_SIZE: V.Norm(sp.Symbol(STEP, commutative=False))})
            if tied.verdict == "correct" and getattr(ctx, "step_length", False):
                return replace(tied, reason=f"{tied.reason}, with ε = ‖Δv‖ (the text gives the step length ε)")
            if tied.verdict != "incorrect":
                return Verdict.unchecked(Cause.AMBIGUOUS, "holds when ε = ‖Δv‖ (the book's step of length ε), "
                                         f"fails for an ε unrelated to Δv: {exact.reason}")
        if first_order and exact.verdict == "incorrect":
            model = _first_order(lhs, rhs, ctx, step)
            if model.verdict == "correct":
                return Verdict.unchecked(Cause.AMBIGUOUS, "ΔC = … holds to first order in the step only (ΔC ≈ …, "
                                         f"the first-order model), not exactly: {exact.reason}")
            return model
        return exact
    except Unsupported as exc:
        return Verdict.unchecked(Cause.UNSUPPORTED, str(exc))
    except ShapeError as exc:
        if _typed(lhs, rhs):
            return Verdict.incorrect(CheckKind.EXACT_SHAPE, f"ill-formed: {exc} (vectors of 2-4 components)",
                                     counterexample={"shapes": str(exc)})
        return Verdict.unchecked(Cause.UNSUPPORTED, f"the shapes do not fit under the random interpretation: {exc}")


def _shape_mismatch(lhs, rhs) -> Optional[Verdict]:
    """A scalar related to a vector or matrix (ΔC ≈ ∇C ⊙ Δv): incorrect, both shapes named."""
    from . import shapes

    try:
        sl, sr = shapes.infer(lhs), shapes.infer(rhs)
    except ShapeError:
        return None
    if sl is None or sr is None or (sl == shapes.SCALAR) == (sr == shapes.SCALAR):
        return None
    if lhs == 0 or rhs == 0:
        return None
    return Verdict.incorrect(CheckKind.EXACT_SHAPE, f"a {shapes.describe(sl)} is related to a {shapes.describe(sr)}",
                             counterexample={"lhs_shape": shapes.describe(sl), "rhs_shape": shapes.describe(sr)})


_STEP_SYMBOL = sp.Symbol(STEP, commutative=False)


def _typed(lhs, rhs) -> bool:
    """Is every name's shape known: vectors read as vectors (∇C, Δv, x in x^T), and no plain
    Latin letter read as a number (z in (x ⊗ y) z may be a vector)? Then sizes that do not fit
    are a finding."""
    if not _established(lhs, rhs):
        return False
    functions = {f.args[0] for s in (lhs, rhs) for f in s.atoms(Nabla)}
    return not any(x.is_commutative and len(x.name) == 1 and x.name.isalpha() and x.name.isascii() and x.name != "n"
                   for s in (lhs, rhs) for x in s.free_symbols - functions)


_LENGTH = re.compile(r"\$\s*\\delta\s*v\s*\$\s+(?:of|with)\s+(?:a\s+)?(?:fixed\s+)?(?:length|norm|size|magnitude)\s+"
                     r"\$\s*\\(?:var)?epsilon\s*\$|\\\|\s*\\delta\s*v\s*\\\|\s*=\s*\\(?:var)?epsilon(?![a-z_^{])", re.I)


def step_length_stated(words: str) -> bool:
    """Does the prose state that the step Δv has length ε ("$\\Delta v$ of length $\\epsilon$",
    ``\\|\\Delta v\\| = \\epsilon``)? Then ε = ‖Δv‖ is the reading the text established."""
    return bool(_LENGTH.search(words))


def _is_step(x) -> bool:
    """A step: Δv, Δv_{old} (a vector increment)."""
    return isinstance(x, sp.Symbol) and x.name.startswith("Δ") and not x.is_commutative


def _step_definition(ctx):
    given = (ctx.given or {}).get(STEP)
    return given if isinstance(given, sp.Basic) and not isinstance(given, sp.Lambda) else None


def _mentions(lhs, rhs, name: str) -> bool:
    return any(getattr(x, "name", "") == name for s in (lhs, rhs) for x in s.free_symbols)


def _mentions_change(lhs, rhs) -> bool:
    return _mentions(lhs, rhs, CHANGE)


# --- the interpretations ------------------------------------------------------------------
def _interpretations(ctx, count=INTERPRETATIONS, scalar=1):
    """(n, rng) for the vector reading's interpretations, then (1, rng) for the scalar reading."""
    rng = np.random.default_rng([ctx.seed, 12, 1])
    out = [(int(rng.choice(SIZES)), np.random.default_rng([ctx.seed, 12, 2, k])) for k in range(count)]
    return out + [(1, np.random.default_rng([ctx.seed, 12, 3, k])) for k in range(scalar)]


def _identity(lhs, rel, rhs, ctx, step=None, tied=None) -> Verdict:
    established = _established(lhs, rhs)
    failures, scalar_failure, held = [], None, 0
    equation = rel in ("=", "!=")
    for n, rng in _interpretations(ctx, INTERPRETATIONS if equation else INEQUALITY_INTERPRETATIONS,
                                   1 if equation else 4):
        world = World(n, rng, ctx, step=step, tied=tied)
        a, b = world.ev(lhs), world.ev(rhs)
        d = _compare(a, b, rel)
        if d is None:
            return Verdict.unchecked(Cause.UNSUPPORTED, "60 digits cannot decide the two sides under a random "
                                                        "interpretation")
        if d[0] is False:
            found = (world, d[1], d[2], d[3])
            if n == 1:
                scalar_failure = found
            else:
                failures.append(found)
        elif n > 1:
            held += 1
    if failures and (established or scalar_failure is not None):
        world, lv, rv, where = failures[0]
        both = "" if established else " (and under the scalar reading: vectors of one component)"
        return Verdict.incorrect(CheckKind.NUMERIC, f"fails under a random interpretation: vectors of {world.n} "
                                 f"components{both}{where}", counterexample=world.counterexample(lv, rv))
    if failures:
        world = failures[0][0]
        return Verdict.unchecked(Cause.AMBIGUOUS, "holds if the letters are numbers, fails if they are vectors (of "
                                 f"{world.n} components): the equation does not say which they are")
    if scalar_failure is not None and not established:
        return Verdict.unchecked(Cause.AMBIGUOUS, "holds if the letters are vectors, fails if they are numbers: the "
                                 "equation does not say which they are")
    return Verdict.correct(CheckKind.NUMERIC, f"{_REL_TEXT.get(rel, rel)} holds under {held} random interpretations "
                           "(vectors of 2-4 components with random rational entries, undefined functions as random "
                           "cubic polynomials, ∇ their exact gradients), decided exactly or at 60 digits")


def _first_order(lhs, rhs, ctx, step) -> Verdict:
    """ΔC ≈ R: the two sides agree in value and first derivative as the step t → 0."""
    small = _small_quantities(lhs, rhs, step)
    if isinstance(small, Verdict):
        return small
    t = sp.Symbol("t", positive=True)
    held = 0
    for n, rng in _interpretations(ctx, scalar=0):
        world = World(n, rng, ctx, t=t, small=small, step=step)
        a, b = world.ev(lhs), world.ev(rhs)
        if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
            raise Unsupported("≈ between vectors is not a first-order model of ΔC")
        for order, what in ((0, "value"), (1, "first-order coefficient")):
            u, w = (_at_zero(x, t, order) for x in (a, b))
            if u.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or w.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                return Verdict.unchecked(Cause.UNSUPPORTED, "a side is not differentiable as the step goes to 0")
            d = compare_numbers(u, w, "=")
            if d.holds is None:
                return Verdict.unchecked(Cause.UNSUPPORTED, "60 digits cannot decide the first-order model")
            if not d.holds:
                ce = world.counterexample(d.lhs, d.rhs)
                ce["compared"] = f"{what} at t = 0 with the step scaled by t ({', '.join(sorted(small))} → t·…)"
                return Verdict.incorrect(CheckKind.NUMERIC, f"not a first-order model: as the step goes to 0 the "
                                         f"sides' {what}s differ ({d.lhs:.6g} and {d.rhs:.6g}) under a random "
                                         f"interpretation (vectors of {n} components)", counterexample=ce)
        held += 1
    return Verdict.correct(CheckKind.NUMERIC, f"≈ holds to first order in the step ({', '.join(sorted(small))} "
                           f"scaled by t → 0: equal values and first derivatives, exactly) under {held} random "
                           "interpretations (C a random cubic polynomial, ∇C its exact gradient)")


def _at_zero(x, t, order: int):
    """The value (order 0) or first derivative (order 1) of ``x`` at t = 0, exactly: the
    coefficient of a polynomial in t when it is one (fast), else SymPy's derivative."""
    try:
        return sp.Poly(x, t).coeff_monomial(t ** order)
    except sp.PolynomialError:
        return sp.diff(x, t, order).subs(t, 0) if order else x.subs(t, 0)


def _small_quantities(lhs, rhs, step):
    """The names scaled by t: the step Δv, or the scalars its definition is made of (η in −η∇C)."""
    if step is not None:
        functions = {f.args[0] for f in step.atoms(Nabla)}
        small = {x.name for x in step.free_symbols - functions if x.is_commutative and not is_increment(x)}
        if not small:
            return Verdict.unchecked(Cause.UNSUPPORTED, "the step Δv is defined without a step size that can "
                                                        "be made small")
        return frozenset(small)
    if not _mentions(lhs, rhs, STEP):
        return Verdict.unchecked(Cause.UNSUPPORTED, "ΔC depends on the step Δv, which this equation neither "
                                                    "mentions nor defines")
    return frozenset({STEP})


def _established(lhs, rhs) -> bool:
    """Does the equation itself make its letters vectors (∇, ^T, ⊙, ⊗, ⟨,⟩, ·, diag, Δv)?"""
    return any(s.has(*_ESTABLISHING) or any(x.name == STEP for x in s.free_symbols) for s in (lhs, rhs))


def _compare(a, b, rel):
    """(holds, lhs value, rhs value, where) or None when undecided."""
    if isinstance(a, sp.MatrixBase) != isinstance(b, sp.MatrixBase):
        raise ShapeError("a scalar and a vector or matrix")
    if not isinstance(a, sp.MatrixBase):
        d = compare_numbers(a, b, rel)
        return None if d.holds is None else (d.holds, d.lhs, d.rhs, "")
    if a.shape != b.shape:
        raise ShapeError(f"a {a.shape[0]}×{a.shape[1]} and a {b.shape[0]}×{b.shape[1]}")
    if rel != "=":
        raise Unsupported("an inequality between vectors or matrices")
    for i in range(a.rows):
        for j in range(a.cols):
            d = compare_numbers(a[i, j], b[i, j], "=")
            if d.holds is None:
                return None
            if not d.holds:
                return (False, d.lhs, d.rhs, f", entry ({i + 1}, {j + 1})")
    return (True, None, None, "")


_REL_TEXT = {"~": "≈", "<=": "≤", ">=": "≥", "!=": "≠"}


def step_definitions(definitions) -> dict:
    """From a write-up's definitions (name -> reading), those of the vector world, for
    ``Context.given``: the step ``Δv = −η∇C``, and names defined by ∇C or the step
    (``η = ε/‖∇C‖``), so that later steps (``ΔC ≈ −η‖∇C‖²``) are checked with them."""
    out = {}
    for name, value in (definitions or {}).items():
        if not isinstance(value, sp.Basic) or isinstance(value, sp.MatrixBase) or value.has(CHANGE_SYMBOL):
            continue
        if name == STEP or value.has(Nabla) or any(_is_step(x) for x in value.free_symbols):
            out[name] = value
    return out


CHANGE_SYMBOL = sp.Symbol(CHANGE, real=True)
