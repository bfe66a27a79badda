"""One random interpretation of vectors and functions, in exact arithmetic (for :mod:`.gradients`).

:class:`World` gives every plain vector (x, y, u, the point v, the step Δv) random
rational entries, all of one size n; every scalar a random rational in its domain
(:func:`.equality.domain_of`); the cost C (C_0, C_x) as a function of a vector a random
cubic polynomial of n variables (:func:`.interpret.random_polynomial`), so that ∇C is its
exact gradient at the point v and ΔC = C(v + Δv) − C(v) exactly; another undefined
function of a vector (its value may be a vector) is not given a meaning. ``World.ev`` returns a
SymPy number (an expression in t when the step is scaled by t) or an
n×1 / n×n Matrix. Each construct's exact meaning is one rule of :data:`RULES`.

Imports SymPy: import lazily.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from . import vocab as V
from .base import ShapeError, Unsupported
from .equality import domain_of
from .interpret import random_polynomial
from .vectors import CHANGE, STEP, InnerProduct, Nabla, OuterProduct

POINT = "v"               # the point at which ∇C and ΔC are taken


class World:
    """One random interpretation: vectors of ``n`` components, exact values (see the module)."""

    def __init__(self, n: int, rng, ctx, t=None, small=frozenset(), step=None, tied=None):
        self.n, self.rng, self.ctx, self.t, self.small, self.step = n, rng, ctx, t, small, step
        self.tied = tied or {}    # scalar name -> the expression it is tied to (ε = ‖Δv‖)
        self.vectors: dict = {}
        self.scalars: dict = {}
        self.functions: dict = {}
        self.gradients: dict = {}

    _step_symbol = sp.Symbol(STEP, commutative=False)

    # --- values ------------------------------------------------------------------
    def _scale(self, name, value):
        return value * self.t if self.t is not None and name in self.small else value

    def vector(self, name: str):
        if name not in self.vectors:
            if name[:1].isupper() and not name.startswith("Δ"):
                raise Unsupported(f"{name} (a matrix of unknown size)")
            scale = sp.Integer(2) ** int(self.rng.integers(-2, 3)) if name != POINT else 1  # steps long and short
            self.vectors[name] = scale * sp.Matrix([_rational(self.rng, -2, 2, 4) for _ in range(self.n)])
        return self._scale(name, self.vectors[name])

    def scalar(self, s):
        if s.name in self.tied:
            return self.ev(self.tied[s.name])
        if s.name not in self.scalars:
            lo, hi = domain_of(s, None, self.ctx.domains)
            self.scalars[s.name] = _rational(self.rng, lo, hi, 8)
        return self._scale(s.name, self.scalars[s.name])

    def function(self, name: str, arity: int):
        key = (name, arity)
        if key not in self.functions:
            self.functions[key] = random_polynomial(arity, self.rng)
        return self.functions[key]

    def call(self, name: str, at):
        """The undefined function ``name`` at a vector (n×1 Matrix) or a tuple of scalars."""
        args = list(at) if isinstance(at, sp.MatrixBase) else list(at)
        lam = self.function(name, len(args))
        return lam(*args)

    def gradient(self, name: str, at):
        key = (name, tuple(at))
        if key not in self.gradients:
            lam = self.function(name, self.n)
            self.gradients[key] = sp.Matrix([sp.diff(lam.expr, x) for x in lam.variables]).xreplace(
                dict(zip(lam.variables, at)))
        return self.gradients[key]

    # --- evaluation ----------------------------------------------------------------
    def ev(self, e):
        """The exact value of ``e``: a SymPy number (in t when scaling), or an n×1 / n×n Matrix."""
        if isinstance(e, sp.Number) or e in (sp.pi, sp.E):
            return e
        if isinstance(e, sp.Symbol):
            return _scalar_if_1x1(self.symbol(e))
        rule = RULES.get(type(e))
        if rule is None:
            for cls, r in RULES.items():
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


def is_cost(name: str) -> bool:
    """C, C_0, C_x: a cost, a number (an undefined f(x) of a vector may be a vector)."""
    return name == "C" or name.startswith("C_")


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
            if not is_cost(type(e).__name__):
                raise Unsupported(f"{type(e).__name__}(...) of a vector: its value may be a number or a vector")
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


RULES = {sp.Add: _add, sp.Mul: _mul, sp.Pow: _pow, Nabla: _nabla, InnerProduct: _inner, OuterProduct: _outer,
          V.Norm: _norm, sp.Abs: _abs, V.T: _transpose, V.Had: _hadamard, V.Diag: _diag, sp.Function: _function}
