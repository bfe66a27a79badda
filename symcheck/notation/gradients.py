"""Random interpretations of vectors and gradients (gradient descent, Nielsen ch. 1).

What an equation does not define is universally quantified, so an identity must
hold under every meaning it could have. Each interpretation gives, in exact
rational arithmetic:

- every plain vector (x, y, u, v, the step Δv) random entries, all of one size n;
- every scalar (η, ε, λ ...) a random rational in its domain (:func:`.equality.domain_of`);
- every undefined function of a vector (C(v), the C of ∇C and ΔC) a random smooth
  function of n variables (:func:`.interpret.random_function`), so that ∇C is its
  exact gradient at the point v, and ΔC = C(v + Δv) − C(v) exactly.

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

from typing import Optional

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..verdict import Cause, CheckKind, Note, NoteKind, Verdict
from . import vocab as V
from .base import ShapeError, Unsupported
from .equality import compare_numbers, domain_of
from .interpret import random_function
from .vectors import CHANGE, STEP, InnerProduct, Nabla, OuterProduct, is_increment

SIZES = (2, 3, 4)         # vector sizes of the vector reading
INTERPRETATIONS = 4       # random interpretations of the vector reading (plus one of the scalar reading)
POINT = "v"               # the point at which ∇C and ΔC are taken
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
    if any(s.has(Nabla, InnerProduct, OuterProduct) or any(is_increment(x) for x in s.free_symbols) for s in sides):
        return True
    vectors = any(not x.is_commutative for s in sides for x in s.free_symbols)
    return vectors and any(s.has(V.Norm, V.T, V.Had, V.Diag) for s in sides)


def check(lhs, rel: str, rhs, ctx) -> Optional[Verdict]:
    """``lhs rel rhs`` under random interpretations, or None when :func:`models` does not hold.
    ``ctx.given`` may define the step Δv (an expression)."""
    if rel not in _RELATIONS or not models(lhs, rhs):
        return None
    from .scalar import substitute_given

    step = _step_definition(ctx)
    lhs, rhs = substitute_given(lhs, ctx), substitute_given(rhs, ctx)
    step = substitute_given(step, ctx) if step is not None else None
    first_order = rel == "~" or (rel == "=" and _mentions_change(lhs, rhs))
    if rel == "~" and not (_mentions_change(lhs, rhs) or _mentions(lhs, rhs, STEP)):
        return None  # ≈ without a step: not a first-order model
    for side, other in ((lhs, rhs), (rhs, lhs)):
        if rel == "=" and isinstance(side, sp.Symbol) and side not in other.free_symbols:
            return Verdict.unchecked(Cause.UNSUPPORTED, f"a definition of {side}: nothing to check",
                                     notes=(Note(NoteKind.DEFINITION, f"{side} is defined here"),))
    try:
        if rel == "~":
            return _first_order(lhs, rhs, ctx, step)
        exact = _identity(lhs, rel, rhs, ctx, step)
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
        return Verdict.unchecked(Cause.UNSUPPORTED, f"the shapes do not fit under the random interpretation: {exc}")


def _step_definition(ctx):
    given = (ctx.given or {}).get(STEP)
    return given if isinstance(given, sp.Basic) and not isinstance(given, sp.Lambda) else None


def _mentions(lhs, rhs, name: str) -> bool:
    return any(getattr(x, "name", "") == name for s in (lhs, rhs) for x in s.free_symbols)


def _mentions_change(lhs, rhs) -> bool:
    return _mentions(lhs, rhs, CHANGE)


# --- the interpretations ------------------------------------------------------------------
def _interpretations(ctx):
    """(n, rng) for the vector reading's interpretations, then (1, rng) for the scalar reading."""
    rng = np.random.default_rng([ctx.seed, 12, 1])
    out = [(int(rng.choice(SIZES)), np.random.default_rng([ctx.seed, 12, 2, k])) for k in range(INTERPRETATIONS)]
    return out + [(1, np.random.default_rng([ctx.seed, 12, 3]))]


def _identity(lhs, rel, rhs, ctx, step=None) -> Verdict:
    established = _established(lhs, rhs)
    failures, scalar_failure, held = [], None, 0
    for n, rng in _interpretations(ctx):
        world = World(n, rng, ctx, step=step)
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
                           "smooth functions, ∇ their exact gradients), decided exactly or at 60 digits")


def _first_order(lhs, rhs, ctx, step) -> Verdict:
    """ΔC ≈ R: the two sides agree in value and first derivative as the step t → 0."""
    small = _small_quantities(lhs, rhs, step)
    if isinstance(small, Verdict):
        return small
    t = sp.Symbol("t", positive=True)
    held = 0
    for n, rng in _interpretations(ctx)[:-1]:
        world = World(n, rng, ctx, t=t, small=small, step=step)
        a, b = world.ev(lhs), world.ev(rhs)
        if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
            raise Unsupported("≈ between vectors is not a first-order model of ΔC")
        for order, what in ((0, "value"), (1, "first-order coefficient")):
            u, w = (sp.diff(x, t, order).subs(t, 0) if order else x.subs(t, 0) for x in (a, b))
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
                           "interpretations (C a random smooth function, ∇C its exact gradient)")


def _small_quantities(lhs, rhs, step):
    """The names scaled by t: the step Δv, or the scalars its definition is made of (η in −η∇C)."""
    if step is not None:
        small = {x.name for x in step.free_symbols if x.is_commutative and not is_increment(x)}
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


class World:
    """One random interpretation: vectors of ``n`` components, exact values (see the module)."""

    def __init__(self, n: int, rng, ctx, t=None, small=frozenset(), step=None):
        self.n, self.rng, self.ctx, self.t, self.small, self.step = n, rng, ctx, t, small, step
        self.vectors: dict = {}
        self.scalars: dict = {}
        self.functions: dict = {}

    _step_symbol = sp.Symbol(STEP, commutative=False)

    # --- values ------------------------------------------------------------------
    def _scale(self, name, value):
        return value * self.t if self.t is not None and name in self.small else value

    def vector(self, name: str):
        if name not in self.vectors:
            if name[:1].isupper() and not name.startswith("Δ"):
                raise Unsupported(f"{name} (a matrix of unknown size)")
            self.vectors[name] = sp.Matrix([_rational(self.rng, -2, 2, 4) for _ in range(self.n)])
        return self._scale(name, self.vectors[name])

    def scalar(self, s):
        if s.name not in self.scalars:
            lo, hi = domain_of(s, None, self.ctx.domains)
            self.scalars[s.name] = _rational(self.rng, lo, hi, 8)
        return self._scale(s.name, self.scalars[s.name])

    def function(self, name: str, arity: int):
        key = (name, arity)
        if key not in self.functions:
            self.functions[key] = random_function(arity, self.rng)
        return self.functions[key]

    def call(self, name: str, at):
        """The undefined function ``name`` at a vector (n×1 Matrix) or a tuple of scalars."""
        args = list(at) if isinstance(at, sp.MatrixBase) else list(at)
        lam = self.function(name, len(args))
        return lam(*args)

    def gradient(self, name: str, at):
        lam = self.function(name, self.n)
        return sp.Matrix([sp.diff(lam.expr, x) for x in lam.variables]).xreplace(dict(zip(lam.variables, at)))

    # --- evaluation ----------------------------------------------------------------
    def ev(self, e):
        """The exact value of ``e``: a SymPy number (in t when scaling), or an n×1 / n×n Matrix."""
        if isinstance(e, sp.Number) or e in (sp.pi, sp.E):
            return e
        if isinstance(e, sp.Symbol):
            return self.symbol(e)
        rule = _RULES.get(type(e))
        if rule is None:
            for cls, r in _RULES.items():
                if isinstance(e, cls):
                    rule = r
                    break
        if rule is None:
            raise Unsupported(f"{type(e).__name__} is not given a meaning under random interpretations")
        return _scalar_if_1x1(rule(self, e))

    def symbol(self, s):
        if s.name == CHANGE:
            point = self.vector(POINT)
            return self.call("C", point + _as_vector(self, self._step_symbol, "the step")) - self.call("C", point)
        if s.name == STEP and self.step is not None:
            return self.ev(self.step)
        if not s.is_commutative:
            return self.vector(s.name)
        return self.scalar(s)

    def counterexample(self, lhs_value, rhs_value) -> dict:
        shown = {name: [str(x) for x in vec] for name, vec in self.vectors.items()}
        shown.update({name: str(x) for name, x in self.scalars.items()})
        shown.update({f"{name}({', '.join(map(str, lam.variables))})": sp.sstr(lam.expr)
                      for (name, _), lam in self.functions.items()})
        return {"interpretation": shown, "components": self.n, "lhs": _float(lhs_value), "rhs": _float(rhs_value)}


def _float(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _rational(rng, lo, hi, den):
    """A nonzero rational in [lo, hi] with denominator ``den``."""
    k = 0
    lo_k, hi_k = int(np.ceil(lo * den)), int(np.floor(hi * den))
    while k == 0:
        k = int(rng.integers(lo_k, hi_k + 1))
        if lo_k == hi_k == 0:
            break
    return sp.Rational(k, den)


def _scalar_if_1x1(x):
    return x[0, 0] if isinstance(x, sp.MatrixBase) and x.shape == (1, 1) else x


def _is_matrix(x) -> bool:
    return isinstance(x, sp.MatrixBase)


def _as_vector(w: World, e, what: str):
    x = w.ev(e)
    if not _is_matrix(x):
        x = sp.Matrix([x]) if w.n == 1 else None
    if x is None or x.shape[1] != 1:
        raise ShapeError(f"{what} of something that is not a vector")
    return x


def _add(w, e):
    terms = [w.ev(a) for a in e.args]
    out = terms[0]
    for x in terms[1:]:
        if _is_matrix(out) != _is_matrix(x) or (_is_matrix(x) and out.shape != x.shape):
            raise ShapeError("a sum of a scalar and a vector, or of different shapes")
        out = out + x
    return out


def _mul(w, e):
    out = sp.Integer(1)
    for a in e.args:
        x = w.ev(a)
        if _is_matrix(out) and _is_matrix(x):
            if out.shape[1] != x.shape[0]:
                raise ShapeError(f"a {out.shape[0]}×{out.shape[1]} times a {x.shape[0]}×{x.shape[1]}")
            out = _scalar_if_1x1(out * x)
        else:
            out = out * x
    return out


def _pow(w, e):
    base, ex = w.ev(e.base), w.ev(e.exp)
    if _is_matrix(base) or _is_matrix(ex):
        raise Unsupported("a power of a vector")
    return base ** ex


def _function(w, e):
    if isinstance(e, AppliedUndef):
        args = [w.ev(a) for a in e.args]
        if len(args) == 1 and _is_matrix(args[0]):
            return w.call(type(e).__name__, _as_vector(w, e.args[0], "a function"))
        if any(_is_matrix(a) for a in args):
            raise Unsupported("a function of several vectors")
        return w.call(type(e).__name__ + "_scalar", args)
    if not (type(e).__module__ or "").startswith(("sympy.", "symcheck.symbolic")):
        raise Unsupported(f"{type(e).__name__} is not given a meaning under random interpretations")
    args = [w.ev(a) for a in e.args]
    if any(_is_matrix(a) for a in args):
        raise Unsupported(f"{type(e).__name__} of a vector")
    return type(e)(*args)


def _nabla(w, e):
    f = e.args[0]
    if isinstance(f, sp.Symbol):
        return w.gradient(f.name, w.vector(POINT))
    if isinstance(f, AppliedUndef) and len(f.args) == 1:
        return w.gradient(type(f).__name__, _as_vector(w, f.args[0], "∇"))
    raise Unsupported("∇ of an expression")


def _inner(w, e):
    u, v = (_as_vector(w, a, "a dot product") for a in e.args)
    if u.shape != v.shape:
        raise ShapeError("a dot product of vectors of different sizes")
    return (u.T * v)[0, 0]


def _outer(w, e):
    u, v = (_as_vector(w, a, "an outer product") for a in e.args)
    return u * v.T


def _norm(w, e):
    x = w.ev(e.args[0])
    if not _is_matrix(x):
        return sp.Abs(x)
    if x.shape[1] != 1:
        raise Unsupported("the norm of a matrix (which norm?)")
    return sp.sqrt(sum(c ** 2 for c in x))


def _abs(w, e):
    x = w.ev(e.args[0])
    if _is_matrix(x):
        raise Unsupported("|·| of a vector")
    return sp.Abs(x)


def _transpose(w, e):
    x = w.ev(e.args[0])
    return x.T if _is_matrix(x) else x


def _hadamard(w, e):
    u, v = w.ev(e.args[0]), w.ev(e.args[1])
    if not (_is_matrix(u) and _is_matrix(v)):
        return u * v if not (_is_matrix(u) or _is_matrix(v)) else _raise(ShapeError("⊙ of a scalar and a vector"))
    if u.shape != v.shape:
        raise ShapeError("⊙ of different shapes")
    return u.multiply_elementwise(v)


def _diag(w, e):
    return sp.diag(*_as_vector(w, e.args[0], "diag"))


def _raise(exc):
    raise exc


_RULES = {sp.Add: _add, sp.Mul: _mul, sp.Pow: _pow, Nabla: _nabla, InnerProduct: _inner, OuterProduct: _outer,
          V.Norm: _norm, sp.Abs: _abs, V.T: _transpose, V.Had: _hadamard, V.Diag: _diag, sp.Function: _function}
