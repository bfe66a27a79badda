"""Vectors of gradient descent (Nielsen ch. 1): ∇C, Δv, ΔC, dot products, ⟨u, v⟩, outer products.

The nodes keep each construct's printing, shape (``_shape(shapes)``) and numeric
meaning on random networks (``_numpy(env)``, arrays of shape (count, r, c)), as the
nodes of :mod:`.vocab` do; their exact meaning under random interpretations is
given by :mod:`.gradients`. The reader builds them with the rules of :mod:`.commands`.

- ``Nabla(C)``: ∇C without a subscript, the gradient of the undefined function C
  at the point v (a column vector of the size of v); ``Nabla(C(u))`` at u.
- ``InnerProduct(u, v)``: u·v = uᵀv of two column vectors of one size (a scalar); written
  ``u \\cdot v`` between vectors, or ``\\langle u, v \\rangle``.
- ``OuterProduct(u, v)``: u ⊗ v = u vᵀ of two column vectors (a matrix (n_u, n_v)).
- increments: ``\\Delta v`` is the vector symbol ``Δv`` (the step), ``\\Delta C`` the
  scalar symbol ``ΔC`` = C(v + Δv) − C(v) (the change of the cost).

Imports SymPy: import lazily.
"""

from __future__ import annotations

import sympy as sp
from sympy import Function

from .base import ShapeError, Unsupported

#: letters that Δ turns into one name: the step Δv (a vector), and the change ΔC
STEP_LETTERS = ("v", "u", "x", "y")
CHANGE_LETTERS = ("C",)
STEP = "Δv"          # the step of gradient descent, in its one name
CHANGE = "ΔC"        # the change of the cost along the step


def increment_name(letter: str) -> str:
    return "Δ" + letter


def increment(name: str, vectors=frozenset()) -> sp.Symbol:
    """``\\Delta`` followed by a plain name: Δv (a vector; Δx, Δy, Δu, Δv_{old} only when x, y, u,
    v_{old} are read as vectors) or ΔC (a scalar: the change of C)."""
    if name == "v" or (name[0] in STEP_LETTERS and name in vectors):
        return sp.Symbol(increment_name(name), commutative=False)
    return sp.Symbol(increment_name(name), real=True)


def is_increment(s) -> bool:
    return isinstance(s, sp.Symbol) and s.name.startswith("Δ") and len(s.name) == 2


class Nabla(Function):
    """``Nabla(C)``: ∇C, the gradient of an undefined function C at the point v
    (or ``Nabla(C(u))``, at u): a column vector (n, 1) of the size of the point."""

    nargs = 1
    is_commutative = False

    @property
    def function_name(self) -> str:
        f = self.args[0]
        return f.name if isinstance(f, sp.Symbol) else type(f).__name__

    def _sympystr(self, printer):
        return f"∇{printer.doprint(self.args[0])}"

    def _latex(self, printer):
        return r"\nabla " + printer.doprint(self.args[0])

    def _shape(self, shapes):
        return (None, 1)

    def _numpy(self, env):
        raise Unsupported(f"∇{self.function_name} of a function the equation does not define, beside network "
                          "quantities")


def _vector_shape(shapes, u, what: str):
    s = shapes.infer(u)
    if s == shapes.SCALAR:
        return s
    if s is not shapes.UNKNOWN and s[1] != 1:
        raise ShapeError(f"{what} of a {shapes.describe(s)}")
    return s


class InnerProduct(Function):
    """``InnerProduct(u, v)``: the dot product u·v = uᵀv of two column vectors of one size (a scalar)."""

    nargs = 2
    is_commutative = True

    def _eval_is_real(self):
        return True

    def _sympystr(self, printer):
        return f"<{printer.doprint(self.args[0])}, {printer.doprint(self.args[1])}>"

    def _latex(self, printer):
        return r"\langle " + printer.doprint(self.args[0]) + ", " + printer.doprint(self.args[1]) + r"\rangle"

    def _shape(self, shapes):
        s, t = (_vector_shape(shapes, a, "a dot product") for a in self.args)
        if s == shapes.SCALAR or t == shapes.SCALAR:
            if s == t:
                return s
            raise ShapeError("a dot product of a scalar and a vector")
        shapes.same(s, t, "·")
        return shapes.SCALAR

    def _numpy(self, env):
        u, v = env.ev(self.args[0]), env.ev(self.args[1])
        if u.shape[1:] != v.shape[1:] or u.shape[-1] != 1:
            raise ShapeError(f"a dot product of shapes {u.shape[1:]} and {v.shape[1:]}")
        return (u * v).sum(axis=(-1, -2))[:, None, None]


class OuterProduct(Function):
    """``OuterProduct(u, v)``: the outer product u ⊗ v = u vᵀ of two column vectors (a matrix (n_u, n_v))."""

    nargs = 2
    is_commutative = False

    def _sympystr(self, printer):
        return f"({printer.doprint(self.args[0])} ⊗ {printer.doprint(self.args[1])})"

    def _latex(self, printer):
        return printer.doprint(self.args[0]) + r" \otimes " + printer.doprint(self.args[1])

    def _shape(self, shapes):
        s, t = (_vector_shape(shapes, a, "an outer product") for a in self.args)
        if s == shapes.SCALAR or t == shapes.SCALAR:
            return shapes.UNKNOWN  # ⊗ of letters not read as vectors: not given a meaning
        return (s[0] if s is not shapes.UNKNOWN else None, t[0] if t is not shapes.UNKNOWN else None)

    def _numpy(self, env):
        import numpy as np

        u, v = env.ev(self.args[0]), env.ev(self.args[1])
        if u.shape[-1] != 1 or v.shape[-1] != 1:
            raise ShapeError(f"an outer product of shapes {u.shape[1:]} and {v.shape[1:]}")
        return np.einsum("kio,kjo->kij", u, v)


VECTOR_NODES = (Nabla, InnerProduct, OuterProduct)

__all__ = ["Nabla", "InnerProduct", "OuterProduct", "increment", "is_increment", "STEP", "CHANGE", "STEP_LETTERS",
           "CHANGE_LETTERS", "VECTOR_NODES"]

