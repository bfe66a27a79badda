"""The SymPy vocabulary of network notation: what a reading is made of.

Layered vectors and matrices (a^l, z^l, w^l, b^l, δ^l, x, y) are
non-commutative :class:`Q` objects, so ``Mul`` keeps the order of
``(w^{l+1})^T δ^{l+1}``; their components (a^l_j, w^l_{jk}) are commutative
:class:`Comp` objects. Layers are integer symbols ``l``, ``L`` (the output
layer) and expressions in them (``l+1``, ``L-1``) or plain integers.

Nothing here evaluates anything on construction: ``σ'(z)`` stays ``σ'(z)``
until the meaning layer gives it a value.

Each class keeps everything about its construct together (as SymPy keeps
everything about ``exp`` on ``exp``): its printing, its shape
(``_shape(self, shapes)``, called by :func:`.shapes.infer` with the module
:mod:`.shapes` as argument) and its numeric meaning (``_numpy(self, env)``,
called by :class:`.evaluate.Env` with the evaluator as argument; arrays of
shape (count, r, c)). Neither module is imported here, so the nodes sit below
both. See "Adding a notation construct" in ``docs/notation.md``.

Imports SymPy: import lazily.
"""

from __future__ import annotations

import sympy as sp
from sympy import Function, Symbol

from ..symbolic import sigmoid
from .base import ShapeError, Unsupported, diag_of as _diag, layer_dim
from .vectors import InnerProduct, Nabla, OuterProduct

# layer symbols: l a general layer, L the output layer
l = Symbol("l", integer=True)
L = Symbol("L", integer=True)
LAYER_SYMBOLS = {"l": l, "L": L}

# names of layered quantities, as in NNDL
VECTORS = ("a", "z", "b", "delta")
MATRICES = ("w",)
INPUT, TARGET = "x", "y"


def name(s: str) -> Symbol:
    """The name symbol stored as the first argument of Q / Comp / Grad."""
    return Symbol(s)


def _layer_tex(layer) -> str:
    return sp.latex(layer)


BATCH = ("A", "Z", "Delta")      # mini-batch matrices (n_l, m): a^l, z^l, δ^l of every example
_TEX = {"Delta": r"\Delta", "delta": r"\delta", "a": "a", "z": "z", "b": "b", "w": "w", "x": "x", "y": "y"}


class Q(Function):
    """A layered vector or matrix: ``Q(name, layer)``; x and y carry layer 0."""

    nargs = 2
    is_commutative = False

    @property
    def qname(self) -> str:
        return self.args[0].name

    @property
    def layer(self):
        return self.args[1]

    def _latex(self, printer):
        base = _TEX.get(self.qname, self.qname)
        return base if self.qname in (INPUT, TARGET) else f"{base}^{{{_layer_tex(self.layer)}}}"

    def _sympystr(self, printer):
        if self.qname in (INPUT, TARGET):
            return self.qname
        return f"{self.qname}^({printer.doprint(self.layer)})"

    def _shape(self, shapes):
        n = layer_dim(self.layer)
        if self.qname in BATCH:
            return (n, sp.Symbol("m"))
        return (n, layer_dim(self.layer - 1)) if self.qname == "w" else (n, 1)

    def _numpy(self, env):
        return env.quantity(self.qname, env.layer(self.layer))


class Comp(Function):
    """A component: ``Comp(name, layer, j)`` is a^l_j, ``Comp(w, l, j, k)`` is w^l_{jk}.
    x_k and y_j carry layer 0. Indices are integer symbols or integers (1-based)."""

    is_commutative = True

    @classmethod
    def eval(cls, *args):
        return None

    @property
    def qname(self) -> str:
        return self.args[0].name

    @property
    def layer(self):
        return self.args[1]

    @property
    def indices(self):
        return self.args[2:]

    def _eval_is_real(self):
        return True

    def _latex(self, printer):
        base = _TEX.get(self.qname, self.qname)
        idx = "".join(printer.doprint(i) for i in self.indices)
        if self.qname in (INPUT, TARGET):
            return f"{base}_{{{idx}}}"
        return f"{base}^{{{_layer_tex(self.layer)}}}_{{{idx}}}"

    def _sympystr(self, printer):
        idx = ",".join(printer.doprint(i) for i in self.indices)
        if self.qname in (INPUT, TARGET):
            return f"{self.qname}_{idx}"
        return f"{self.qname}^({printer.doprint(self.layer)})_{idx}"

    def _shape(self, shapes):
        if self.qname == "w" and len(self.indices) == 1:
            return (1, layer_dim(self.layer - 1))  # w^l_j: row j of w^l
        return shapes.SCALAR

    def _numpy(self, env):
        if self.qname in (INPUT, TARGET):
            full = env.vector(self.qname)
        else:
            full = env.quantity(self.qname, env.layer(self.layer))
        return env.component(full, self.indices)


class Grad(Function):
    """∂C/∂X for a layered X (a Q or a Comp): ``Grad(Q(a, L))`` is ∇_a C. A second
    argument names another cost symbol: ``Grad(X, C_0)`` is ∂C_0/∂X, the unregularised
    cost when the write-up defined C with a weight penalty (:mod:`.regularised`)."""

    nargs = (1, 2)

    @property
    def cost_name(self) -> str:
        return self.args[1].name if len(self.args) > 1 else "C"

    def _latex(self, printer):
        return r"\frac{\partial " + self.cost_name + r"}{\partial " + printer.doprint(self.args[0]) + "}"

    def _sympystr(self, printer):
        return f"d{self.cost_name}/d[{printer.doprint(self.args[0])}]"

    def _shape(self, shapes):
        return shapes.infer(self.args[0])

    def _numpy(self, env):
        return env.grad(self.args[0], self.cost_name)


class T(Function):
    """Transpose (never commutes: u^T v is not v u^T)."""

    nargs = 1
    is_commutative = False

    def _latex(self, printer):
        return r"\left(" + printer.doprint(self.args[0]) + r"\right)^{T}"

    def _sympystr(self, printer):
        return f"({printer.doprint(self.args[0])})^T"

    def _shape(self, shapes):
        s = shapes.infer(self.args[0])
        return s if s in (shapes.UNKNOWN, shapes.SCALAR) else (s[1], s[0])

    def _numpy(self, env):
        import numpy as np

        return np.swapaxes(env.ev(self.args[0]), -1, -2)


class Had(Function):
    """Hadamard (elementwise) product u ⊙ v, a vector."""

    nargs = 2
    is_commutative = False

    def _latex(self, printer):
        return r"\left(" + printer.doprint(self.args[0]) + r"\right) \odot \left(" + printer.doprint(self.args[1]) + r"\right)"

    def _sympystr(self, printer):
        return f"({printer.doprint(self.args[0])}) ⊙ ({printer.doprint(self.args[1])})"

    def _shape(self, shapes):
        s, t = shapes.infer(self.args[0]), shapes.infer(self.args[1])
        if s == shapes.SCALAR or t == shapes.SCALAR:
            raise ShapeError(f"⊙ of a scalar and a {shapes.describe(t if s == shapes.SCALAR else s)}")
        return shapes.same(s, t, "⊙")

    def _numpy(self, env):
        u, v = env.ev(self.args[0]), env.ev(self.args[1])
        if u.shape != v.shape:
            raise ShapeError(f"⊙ of shapes {u.shape[1:]} and {v.shape[1:]}")
        return u * v


class SigmaD(Function):
    """``SigmaD(u, k)``: the k-th derivative of the activation σ at u
    (elementwise for a vector u). σ'(z) is ``SigmaD(z, 1)``."""

    nargs = 2

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer):
        return r"\sigma" + "'" * int(self.args[1]) + r"\left(" + printer.doprint(self.args[0]) + r"\right)"

    def _sympystr(self, printer):
        return "σ" + "'" * int(self.args[1]) + f"({printer.doprint(self.args[0])})"

    def _shape(self, shapes):
        return shapes.infer(self.args[0])

    def _numpy(self, env):
        act = env.act_for(self.args[0], derivative=True)
        u = env.ev(self.args[0])
        order = int(self.args[1])
        if order == 1:
            return act.fprime(u)
        if order == 2:
            h = 1e-5
            return (act.fprime(u + h) - act.fprime(u - h)) / (2 * h)
        raise Unsupported("σ derivatives beyond the second")


class SigmaPrimeDiag(Function):
    """Σ'(z) = diag(σ'(z)), a square matrix."""

    nargs = 1

    def _latex(self, printer):
        return r"\Sigma'\left(" + printer.doprint(self.args[0]) + r"\right)"

    def _sympystr(self, printer):
        return f"Σ'({printer.doprint(self.args[0])})"

    def _shape(self, shapes):
        return Diag._shape(self, shapes)

    def _numpy(self, env):
        return _diag(env.act_for(self.args[0], derivative=True).fprime(env.ev(self.args[0])))


class Diag(Function):
    """diag(v): the square matrix with v on its diagonal."""

    nargs = 1

    def _shape(self, shapes):
        s = shapes.infer(self.args[0])
        if s == shapes.SCALAR:
            raise ShapeError("diag of a scalar")
        return shapes.UNKNOWN if s is shapes.UNKNOWN else (s[0], s[0])

    def _numpy(self, env):
        return _diag(env.ev(self.args[0]))


class Norm(Function):
    """The Euclidean norm ‖v‖ (a scalar)."""

    nargs = 1
    is_commutative = True

    def _eval_is_real(self):
        return True

    def _shape(self, shapes):
        return shapes.SCALAR

    def _numpy(self, env):
        import numpy as np

        u = env.ev(self.args[0])
        return np.sqrt((u ** 2).sum(axis=(-1, -2)))[:, None, None]


class Softmax(Function):
    """softmax(v) = e^v / Σ_k e^{v_k}, a vector."""

    nargs = 1
    is_commutative = False

    def _shape(self, shapes):
        s = shapes.infer(self.args[0])
        if s == shapes.SCALAR:
            raise ShapeError("softmax of a scalar")
        return s

    def _numpy(self, env):
        from ..core import softmax

        return softmax(env.ev(self.args[0]))


class LayerProduct(Function):
    """``LayerProduct(block, k, start, end)``: block(start) block(start+1) ... block(end),
    the product written with ⋯, e.g. Σ'(z^l)(w^{l+1})^T ⋯ Σ'(z^{L-1})(w^L)^T."""

    nargs = 4
    is_commutative = False

    def _sympystr(self, printer):
        b, k, lo, hi = self.args
        return f"Prod_{{{k}={printer.doprint(lo)}..{printer.doprint(hi)}}}({printer.doprint(b)})"

    def _shape(self, shapes):
        block, k, lo, hi = self.args
        first, last = shapes.infer(block.xreplace({k: lo})), shapes.infer(block.xreplace({k: hi}))
        if first in (shapes.UNKNOWN, shapes.SCALAR) or last in (shapes.UNKNOWN, shapes.SCALAR):
            return shapes.UNKNOWN
        shapes.product(last, shapes.infer(block.xreplace({k: hi + 1})))  # consecutive blocks must fit
        return (first[0], last[1])

    def _numpy(self, env):
        block, k, lo, hi = self.args
        out = None
        for kv in range(env.layer(lo), env.layer(hi) + 1):
            v = env.ev(block.xreplace({k: kv}))
            out = v if out is None else env.times(out, v)
        if out is None:
            raise Unsupported("an empty product")
        return out


class IndexSum(Function):
    """``IndexSum(summand, k)``: a sum over k over its natural range (the size
    of the dimension k indexes), as in ``\\sum_k w^{l+1}_{kj} δ^{l+1}_k``."""

    nargs = 2

    def _sympystr(self, printer):
        return f"Sum_{printer.doprint(self.args[1])}({printer.doprint(self.args[0])})"

    def _shape(self, shapes):
        return shapes.infer(self.args[0])

    def _numpy(self, env):
        k = self.args[1]
        dims = env.dims_of_index(self.args[0], k)
        if not dims:
            raise Unsupported(f"a sum over {k}, which indexes nothing")
        env.same_range(k, dims)
        return env.sum_over(self.args[0], k, range(1, min(dims) + 1))


class ExampleSum(Function):
    """``ExampleSum(summand)``: ``\\sum`` without limits and without a free
    index: a sum over the training examples x (the summand's plain symbols
    take one value per example)."""

    nargs = 1

    def _sympystr(self, printer):
        return f"Sum_x({printer.doprint(self.args[0])})"

    def _shape(self, shapes):
        return shapes.infer(self.args[0])

    def _numpy(self, env):
        return env.over_examples(self.args[0])


class SymVec(Function):
    """``SymVec(x, n)``: the column vector (x_1, ..., x_n) of symbolic size n,
    as written with ``\\vdots`` in a bmatrix."""

    nargs = 2
    is_commutative = False

    def _shape(self, shapes):
        return (self.args[1], 1)

    def _numpy(self, env):
        return env.vector(self.args[0].name)


class SymDiag(Function):
    """``SymDiag(x, n)``: diag(x_1, ..., x_n), written with ``\\ddots``."""

    nargs = 2
    is_commutative = False

    def _shape(self, shapes):
        return (self.args[1], self.args[1])

    def _numpy(self, env):
        return _diag(env.vector(self.args[0].name))


NETWORK_CLASSES = (Q, Comp, Grad, T, Had, SigmaPrimeDiag, Diag, SymVec, SymDiag, Norm, Softmax, LayerProduct, Nabla,
                   InnerProduct, OuterProduct)
MATRIX_LIKE = (Q, T, Had, SigmaPrimeDiag, Diag, SymVec, SymDiag)


def is_network(expr) -> bool:
    """Does the expression mention layered network quantities or vector operations?"""
    return bool(getattr(expr, "atoms", None)) and bool(expr.atoms(*NETWORK_CLASSES)) if isinstance(expr, sp.Basic) else False


__all__ = ["Q", "Comp", "Grad", "T", "Had", "SigmaD", "SigmaPrimeDiag", "Diag", "Norm", "IndexSum",
           "ExampleSum", "SymVec", "SymDiag", "Softmax", "LayerProduct", "Nabla", "InnerProduct", "OuterProduct",
           "sigmoid", "l", "L", "name", "is_network",
           "ShapeError", "Unsupported", "layer_dim"]
