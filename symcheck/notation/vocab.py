"""The SymPy vocabulary of network notation: what a reading is made of.

Layered vectors and matrices (a^l, z^l, w^l, b^l, δ^l, x, y) are
non-commutative :class:`Q` objects, so ``Mul`` keeps the order of
``(w^{l+1})^T δ^{l+1}``; their components (a^l_j, w^l_{jk}) are commutative
:class:`Comp` objects. Layers are integer symbols ``l``, ``L`` (the output
layer) and expressions in them (``l+1``, ``L-1``) or plain integers.

Nothing here evaluates anything on construction: ``σ'(z)`` stays ``σ'(z)``
until the meaning layer (:mod:`.meaning`) gives it a value.

Imports SymPy: import lazily.
"""

from __future__ import annotations

import sympy as sp
from sympy import Function, Symbol

from ..symbolic import sigmoid

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


class Grad(Function):
    """∂C/∂X for a layered X (a Q or a Comp): ``Grad(Q(a, L))`` is ∇_a C."""

    nargs = 1

    def _latex(self, printer):
        return r"\frac{\partial C}{\partial " + printer.doprint(self.args[0]) + "}"

    def _sympystr(self, printer):
        return f"dC/d[{printer.doprint(self.args[0])}]"


class T(Function):
    """Transpose (never commutes: u^T v is not v u^T)."""

    nargs = 1
    is_commutative = False

    def _latex(self, printer):
        return r"\left(" + printer.doprint(self.args[0]) + r"\right)^{T}"

    def _sympystr(self, printer):
        return f"({printer.doprint(self.args[0])})^T"


class Had(Function):
    """Hadamard (elementwise) product u ⊙ v, a vector."""

    nargs = 2
    is_commutative = False

    def _latex(self, printer):
        return r"\left(" + printer.doprint(self.args[0]) + r"\right) \odot \left(" + printer.doprint(self.args[1]) + r"\right)"

    def _sympystr(self, printer):
        return f"({printer.doprint(self.args[0])}) ⊙ ({printer.doprint(self.args[1])})"


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


class SigmaPrimeDiag(Function):
    """Σ'(z) = diag(σ'(z)), a square matrix."""

    nargs = 1

    def _latex(self, printer):
        return r"\Sigma'\left(" + printer.doprint(self.args[0]) + r"\right)"

    def _sympystr(self, printer):
        return f"Σ'({printer.doprint(self.args[0])})"


class Diag(Function):
    """diag(v): the square matrix with v on its diagonal."""

    nargs = 1


class Norm(Function):
    """The Euclidean norm ‖v‖ (a scalar)."""

    nargs = 1
    is_commutative = True

    def _eval_is_real(self):
        return True


class Softmax(Function):
    """softmax(v) = e^v / Σ_k e^{v_k}, a vector."""

    nargs = 1
    is_commutative = False


class LayerProduct(Function):
    """``LayerProduct(block, k, start, end)``: block(start) block(start+1) ... block(end),
    the product written with ⋯, e.g. Σ'(z^l)(w^{l+1})^T ⋯ Σ'(z^{L-1})(w^L)^T."""

    nargs = 4
    is_commutative = False

    def _sympystr(self, printer):
        b, k, lo, hi = self.args
        return f"Prod_{{{k}={printer.doprint(lo)}..{printer.doprint(hi)}}}({printer.doprint(b)})"


class IndexSum(Function):
    """``IndexSum(summand, k)``: a sum over k over its natural range (the size
    of the dimension k indexes), as in ``\\sum_k w^{l+1}_{kj} δ^{l+1}_k``."""

    nargs = 2

    def _sympystr(self, printer):
        return f"Sum_{printer.doprint(self.args[1])}({printer.doprint(self.args[0])})"


class ExampleSum(Function):
    """``ExampleSum(summand)``: ``\\sum`` without limits and without a free
    index: a sum over the training examples x (the summand's plain symbols
    take one value per example)."""

    nargs = 1

    def _sympystr(self, printer):
        return f"Sum_x({printer.doprint(self.args[0])})"


class SymVec(Function):
    """``SymVec(x, n)``: the column vector (x_1, ..., x_n) of symbolic size n,
    as written with ``\\vdots`` in a bmatrix."""

    nargs = 2
    is_commutative = False


class SymDiag(Function):
    """``SymDiag(x, n)``: diag(x_1, ..., x_n), written with ``\\ddots``."""

    nargs = 2
    is_commutative = False


NETWORK_CLASSES = (Q, Comp, Grad, T, Had, SigmaPrimeDiag, Diag, SymVec, SymDiag, Norm, Softmax, LayerProduct)
MATRIX_LIKE = (Q, T, Had, SigmaPrimeDiag, Diag, SymVec, SymDiag)


def is_network(expr) -> bool:
    """Does the expression mention layered network quantities or vector operations?"""
    return bool(getattr(expr, "atoms", None)) and bool(expr.atoms(*NETWORK_CLASSES)) if isinstance(expr, sp.Basic) else False


__all__ = ["Q", "Comp", "Grad", "T", "Had", "SigmaD", "SigmaPrimeDiag", "Diag", "Norm", "IndexSum",
           "ExampleSum", "SymVec", "SymDiag", "sigmoid", "l", "L", "name", "is_network"]
