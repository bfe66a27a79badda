"""Shapes of readings: scalar, column vector (d, 1), row (1, d), matrix (r, c).

Dimensions are symbols ``n_{l}`` (the size of layer l), the size symbol of a
``\\vdots`` vector, integers for concrete matrices, or ``None`` (unknown,
compatible with anything). Only definite mismatches are reported: an
unknown dimension never makes a finding.
"""

from __future__ import annotations

import functools
import sys

import sympy as sp

from . import vocab as V
from .base import ShapeError, layer_dim

__all__ = ["ShapeError", "infer", "shape_rule", "same", "product", "describe", "shape_of", "layer_dim",
           "SCALAR", "UNKNOWN"]


UNKNOWN = None          # an expression whose shape cannot be told (a plain vector name)
SCALAR = ()


def infer(e):
    """The shape of ``e``: () for a scalar, (r, c) otherwise, or None if unknown.

    A node of the notation answers for itself (``_shape(shapes)`` on the
    classes of :mod:`.vocab`); SymPy's own classes by the rules registered
    below with :func:`shape_rule`.
    """
    if isinstance(e, sp.MatrixBase):
        return tuple(e.shape) if e.shape != (1, 1) else SCALAR
    if not isinstance(e, sp.Basic):
        return SCALAR
    if _upper_name(e):
        return UNKNOWN  # a capital plain name (B, X, W_k): possibly a matrix
    if e.is_commutative and not _has_row(e) and not any(_upper_name(a) for a in e.atoms(sp.Symbol, sp.Indexed)) \
            and not e.has(V.Had, V.T, V.Q, V.SymVec, V.SymDiag, V.SigmaPrimeDiag, V.Diag):
        return SCALAR
    own = getattr(type(e), "_shape", None)
    if own is not None:
        return own(e, sys.modules[__name__])  # the node is handed this module: infer, same, product ...
    return shape_rule(e)


@functools.singledispatch
def shape_rule(e):
    """The shape of a SymPy object that is not a notation node (dispatch on its class)."""
    return UNKNOWN


@shape_rule.register
def _(e: sp.Symbol):
    # a non-commutative plain name: a vector (x, y) or an unknown matrix (W)
    return UNKNOWN if e.name.isupper() else (None, 1)


@shape_rule.register
def _(e: sp.Mul):
    shape = SCALAR
    for f in e.args:
        shape = product(shape, infer(f))
    return shape


@shape_rule.register
def _(e: sp.Add):
    shapes = [infer(t) for t in e.args]
    shape = shapes[0]
    for s in shapes[1:]:
        shape = same(shape, s, "+")
    return shape


@shape_rule.register
def _(e: sp.Pow):
    if infer(e.base) != SCALAR:
        raise ShapeError(f"a power of a {describe(infer(e.base))}")
    return SCALAR


@shape_rule.register(sp.Function)
@shape_rule.register(sp.Sum)
def _(e):
    return infer(e.args[0]) if e.args else SCALAR


_SCALAR_CAPITALS = {"C", "L", "N", "C_x", "C_0", "E"}


def _upper_name(e) -> bool:
    name = e.base.label.name if isinstance(e, sp.Indexed) else e.name if isinstance(e, sp.Symbol) else ""
    return bool(name) and name[0].isupper() and name not in _SCALAR_CAPITALS and not name.startswith(("C_", "Delta", "Δ",
                                                                                                      "Gamma"))


def _has_row(e) -> bool:
    return any(c.qname == "w" and len(c.indices) == 1 for c in e.atoms(V.Comp))


def _dim_eq(a, b) -> bool:
    if a is None or b is None:
        return True
    if isinstance(a, int) and not isinstance(b, int) or isinstance(b, int) and not isinstance(a, int):
        return True  # a concrete size against a symbolic one: cannot tell
    return sp.simplify(a - b) == 0 if not (isinstance(a, int) and isinstance(b, int)) else a == b


def same(s, t, op):
    """The shape of s op t (+, ⊙): equal shapes; ShapeError if they differ."""
    if s is UNKNOWN:
        return t
    if t is UNKNOWN:
        return s
    if len(s) != len(t) or not all(_dim_eq(a, b) for a, b in zip(s, t)):
        raise ShapeError(f"{describe(s)} {op} {describe(t)}")
    return s


def product(s, t):
    """The shape of the product s t; ShapeError if the sizes do not fit."""
    if s == SCALAR:
        return t
    if t == SCALAR:
        return s
    if s is UNKNOWN or t is UNKNOWN:
        return UNKNOWN
    if not _dim_eq(s[1], t[0]):
        raise ShapeError(f"{describe(s)} times {describe(t)}: the sizes do not fit")
    out = (s[0], t[1])
    return SCALAR if out == (1, 1) else out


def _dim(d) -> str:
    if d is None:
        return "n"
    return str(d).replace("{", "").replace("}", "") if isinstance(d, sp.Symbol) and len(str(d)) <= 6 else str(d)


def describe(s) -> str:
    if s is UNKNOWN:
        return "unknown shape"
    if s == SCALAR:
        return "scalar"
    if s[1] == 1:
        return f"vector({_dim(s[0])})"
    if s[0] == 1:
        return f"row vector({_dim(s[1])})"
    return f"matrix({_dim(s[0])}, {_dim(s[1])})"


def shape_of(expr) -> str:
    """"scalar", "vector(n_l)", "matrix(n_l, n_{l-1})", "unknown shape", or "ill-formed: ..."."""
    try:
        return describe(infer(expr))
    except ShapeError as exc:
        return f"ill-formed: {exc}"
