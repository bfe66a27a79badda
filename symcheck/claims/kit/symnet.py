"""Symbolic networks at concrete small sizes, for the network claims.

A :class:`SymNet` is a fully connected network whose weights, biases, inputs
and targets are SymPy symbols, book-numbered: layer 1 is the input, layers
2..L compute ``z^l = w^l a^{l-1} + b^l`` and ``a^l = σ(z^l)``. Each layer also
has free symbols ``z^l_j`` so that ``δ^l_j = ∂C/∂z^l_j`` is taken *by its
definition*: write C as a function of a free z^l (forward from layer l),
differentiate, then put z^l back as a function of an earlier "base" layer.
Everything a claim compares is expressed over the same base, so that a cheap
``expand`` settles it componentwise.

The cost is ``C(a^L_1, ..., a^L_n)`` with C an undefined SymPy function
(BP1-BP4 hold for any cost), or the quadratic cost, or the cross-entropy.

Imports SymPy: import this module lazily, inside check functions (the
claim constructors of :mod:`symcheck.claims.kit` do).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional, Sequence

import sympy as sp

from ...symbolic import sigmoid
from .shapes import ShapeMismatch

F = sp.Function("f")           # the modified neuron's activation (undefined)
COST = sp.Function("C")        # a generic cost of the output activations


def _sym(name: str):
    return sp.Symbol(name, real=True)


class SymNet:
    """``sizes = (n_1, ..., n_L)``; ``act`` is "sigmoid" or "linear";
    ``modified = (l, j)`` replaces σ by the undefined f in neuron j (0-based)
    of layer l; ``cost`` is "generic", "quadratic" or "cross-entropy"."""

    def __init__(self, sizes: Sequence[int], act: str = "sigmoid", cost: str = "generic",
                 modified: Optional[tuple[int, int]] = None):
        self.sizes, self.act, self.cost_name, self.modified = tuple(sizes), act, cost, modified
        self.L = len(sizes)
        self.x = sp.Matrix([_sym(f"x_{k + 1}") for k in range(sizes[0])])
        self.y = sp.Matrix([_sym(f"y_{j + 1}") for j in range(sizes[-1])])
        self.w, self.b, self.zfree = {}, {}, {}
        for l in range(2, self.L + 1):
            n, p = sizes[l - 1], sizes[l - 2]
            self.w[l] = sp.Matrix(n, p, lambda j, k, l=l: _sym(f"w^{l}_{j + 1}{k + 1}"))
            self.b[l] = sp.Matrix([_sym(f"b^{l}_{j + 1}") for j in range(n)])
            self.zfree[l] = sp.Matrix([_sym(f"z^{l}_{j + 1}") for j in range(n)])
        self._cache: dict = {}

    # --- activations ---------------------------------------------------------
    def sigma(self, l: int, j: int, u):
        if self.modified == (l, j):
            return F(u)
        return u if self.act == "linear" else sigmoid(u)

    def sigma_prime(self, l: int, j: int, u):
        """The derivative of neuron (l, j)'s activation at u, written out."""
        if self.modified == (l, j):
            return sp.Derivative(F(u), u) if u.is_Symbol else sp.Subs(sp.Derivative(F(_XI), _XI), _XI, u)
        return sp.Integer(1) if self.act == "linear" else sigmoid(u) * (1 - sigmoid(u))

    def cost(self, aL):
        if self.cost_name == "generic":
            return COST(*aL)
        if self.cost_name == "quadratic":
            return sum((u - v) ** 2 for u, v in zip(aL, self.y)) / 2
        if self.cost_name == "cross-entropy":
            return -sum(v * sp.log(u) + (1 - v) * sp.log(1 - u) for u, v in zip(aL, self.y))
        raise ValueError(self.cost_name)

    # --- forward from a base layer -------------------------------------------
    def z(self, m: int, base: int):
        """z^m as a function of the base layer (1: the input x; else free z^base)."""
        key = ("z", m, base)
        if key not in self._cache:
            self._cache[key] = self.zfree[m] if m == base else self.w[m] * self.a(m - 1, base) + self.b[m]
        return self._cache[key]

    def a(self, m: int, base: int):
        if m == 1:
            return self.x
        z = self.z(m, base)
        return sp.Matrix([self.sigma(m, j, z[j]) for j in range(len(z))])

    def sp(self, m: int, base: int, at: Optional[int] = None):
        """The vector σ'(z^m) over the base layer; ``at`` evaluates the activation
        derivative of layer ``at`` (default m) at z^m -- for wrong-layer variants."""
        z = self.z(m, base)
        return sp.Matrix([self.sigma_prime(at or m, j, z[j]) for j in range(len(z))])

    def C(self, base: int):
        key = ("C", base)
        if key not in self._cache:
            self._cache[key] = self.cost(list(self.a(self.L, base)))
        return self._cache[key]

    def grad_a(self, base: int):
        """∇_a C at a^L = a^L over the base layer."""
        key = ("grad_a", base)
        if key not in self._cache:
            u = [sp.Dummy(f"a{j}", real=True) for j in range(self.sizes[-1])]
            g = [sp.diff(self.cost(u), v) for v in u]
            aL = self.a(self.L, base)
            self._cache[key] = sp.Matrix([gi.subs(dict(zip(u, aL))) for gi in g])
        return self._cache[key]

    def delta(self, m: int, base: int):
        """δ^m = ∂C/∂z^m by definition, over the base layer (base < m or = m)."""
        key = ("delta", m, base)
        if key not in self._cache:
            if base == m:
                C = self.C(m)
                d = sp.Matrix([sp.diff(C, v) for v in self.zfree[m]])
            else:
                d = self.delta(m, m).subs(dict(zip(self.zfree[m], self.z(m, base))))
            self._cache[key] = d
        return self._cache[key]

    def dC_dw(self, l: int):
        """∂C/∂w^l by differentiating the full cost (base = input)."""
        key = ("dC_dw", l)
        if key not in self._cache:
            C = self.C(1)
            self._cache[key] = self.w[l].applyfunc(lambda v: sp.diff(C, v))
        return self._cache[key]

    def dC_db(self, l: int):
        key = ("dC_db", l)
        if key not in self._cache:
            C = self.C(1)
            self._cache[key] = self.b[l].applyfunc(lambda v: sp.diff(C, v))
        return self._cache[key]


_XI = sp.Dummy("xi", real=True)


@lru_cache(maxsize=None)
def symnet(sizes: tuple, act: str = "sigmoid", cost: str = "generic", modified=None) -> SymNet:
    """The :class:`SymNet` of these arguments, built once (its derivatives are cached on it).

    Examples:
        >>> net = symnet((2, 3, 2))
        >>> net.w[2].shape, net.delta(3, 3).shape
        ((3, 2), (2, 1))
    """
    return SymNet(sizes, act, cost, modified)


Matrix = sp.Matrix


def sigma_prime_of(z):
    """The vector σ(z_j)(1 − σ(z_j)) of the sigmoid's derivative, written out, for a column z."""
    return sp.Matrix([sigmoid(u) * (1 - sigmoid(u)) for u in z])


def hadamard(u, v):
    """u ⊙ v for SymPy matrices of one shape; :class:`ShapeMismatch` otherwise."""
    if u.shape != v.shape:
        raise ShapeMismatch(f"⊙ of shapes {u.shape} and {v.shape}")
    return sp.Matrix(u.shape[0], u.shape[1], lambda i, j: u[i, j] * v[i, j])


def matmul(A, B):
    """A·B; :class:`ShapeMismatch` naming both shapes when they do not fit."""
    if A.shape[1] != B.shape[0]:
        raise ShapeMismatch(f"product of shapes {A.shape} and {B.shape}")
    return A * B


def diag(v):
    """diag(v) of a SymPy column v."""
    return sp.diag(*list(v))
