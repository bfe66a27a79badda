"""Shapes of readings: scalar, column vector (d, 1), row (1, d), matrix (r, c).

Dimensions are symbols ``n_{l}`` (the size of layer l), the size symbol of a
``\\vdots`` vector, integers for concrete matrices, or ``None`` (unknown,
compatible with anything). Only definite mismatches are reported: an
unknown dimension never makes a finding.
"""

from __future__ import annotations

import sympy as sp

from . import vocab as V


class ShapeError(ValueError):
    """The shapes in an expression do not fit (e.g. a dropped transpose)."""


UNKNOWN = None          # an expression whose shape cannot be told (a plain vector name)
SCALAR = ()


def layer_dim(layer):
    return sp.Symbol("n_{%s}" % sp.latex(layer))


def infer(e):
    """The shape of ``e``: () for a scalar, (r, c) otherwise, or None if unknown."""
    if isinstance(e, sp.MatrixBase):
        return tuple(e.shape) if e.shape != (1, 1) else SCALAR
    if not isinstance(e, sp.Basic):
        return SCALAR
    if _upper_name(e):
        return UNKNOWN  # a capital plain name (B, X, W_k): possibly a matrix
    if isinstance(e, V.Comp) and e.qname == "w" and len(e.indices) == 1:
        return (1, layer_dim(e.layer - 1))  # w^l_j: row j of w^l
    if e.is_commutative and not _has_row(e) and not any(_upper_name(a) for a in e.atoms(sp.Symbol, sp.Indexed)) \
            and not e.has(V.Had, V.T, V.Q, V.SymVec, V.SymDiag, V.SigmaPrimeDiag, V.Diag):
        return SCALAR
    if isinstance(e, V.Q):
        n = layer_dim(e.layer)
        if e.qname in V.BATCH:
            return (n, sp.Symbol("m"))
        return (n, layer_dim(e.layer - 1)) if e.qname == "w" else (n, 1)
    if isinstance(e, sp.Symbol):  # a non-commutative plain name: a vector (x, y) or an unknown matrix (W)
        return UNKNOWN if e.name.isupper() else (None, 1)
    if isinstance(e, V.T):
        s = infer(e.args[0])
        return s if s in (UNKNOWN, SCALAR) else (s[1], s[0])
    if isinstance(e, V.Had):
        s, t = infer(e.args[0]), infer(e.args[1])
        if s == SCALAR or t == SCALAR:
            raise ShapeError(f"⊙ of a scalar and a {describe(t if s == SCALAR else s)}")
        return _same(s, t, "⊙")
    if isinstance(e, V.LayerProduct):
        block, k, lo, hi = e.args
        first, last = infer(block.xreplace({k: lo})), infer(block.xreplace({k: hi}))
        if first in (UNKNOWN, SCALAR) or last in (UNKNOWN, SCALAR):
            return UNKNOWN
        _product(last, infer(block.xreplace({k: hi + 1})))  # consecutive blocks must fit
        return (first[0], last[1])
    if isinstance(e, V.Softmax):
        s = infer(e.args[0])
        if s == SCALAR:
            raise ShapeError("softmax of a scalar")
        return s
    if isinstance(e, (V.SigmaPrimeDiag, V.Diag)):
        s = infer(e.args[0])
        if s == SCALAR:
            raise ShapeError("diag of a scalar")
        return UNKNOWN if s is UNKNOWN else (s[0], s[0])
    if isinstance(e, V.SymVec):
        return (e.args[1], 1)
    if isinstance(e, V.SymDiag):
        return (e.args[1], e.args[1])
    if isinstance(e, V.Grad):
        return infer(e.args[0])
    if isinstance(e, sp.Mul):
        shape = SCALAR
        for f in e.args:
            shape = _product(shape, infer(f))
        return shape
    if isinstance(e, sp.Add):
        shape = SCALAR
        first = True
        for t in e.args:
            s = infer(t)
            if first:
                shape, first = s, False
            else:
                shape = _same(shape, s, "+")
        return shape
    if isinstance(e, sp.Pow):
        if infer(e.base) != SCALAR:
            raise ShapeError(f"a power of a {describe(infer(e.base))}")
        return SCALAR
    if isinstance(e, (V.IndexSum, V.ExampleSum, sp.Sum, V.SigmaD)) or isinstance(e, sp.Function):
        if isinstance(e, V.Norm):
            return SCALAR
        shapes = [infer(a) for a in e.args[:1]]
        return shapes[0]
    return UNKNOWN


_SCALAR_CAPITALS = {"C", "L", "N", "C_x", "C_0", "E"}


def _upper_name(e) -> bool:
    name = e.base.label.name if isinstance(e, sp.Indexed) else e.name if isinstance(e, sp.Symbol) else ""
    return bool(name) and name[0].isupper() and name not in _SCALAR_CAPITALS and not name.startswith(("C_", "Delta",
                                                                                                      "Gamma"))


def _has_row(e) -> bool:
    return any(c.qname == "w" and len(c.indices) == 1 for c in e.atoms(V.Comp))


def _dim_eq(a, b) -> bool:
    if a is None or b is None:
        return True
    if isinstance(a, int) and not isinstance(b, int) or isinstance(b, int) and not isinstance(a, int):
        return True  # a concrete size against a symbolic one: cannot tell
    return sp.simplify(a - b) == 0 if not (isinstance(a, int) and isinstance(b, int)) else a == b


def _same(s, t, op):
    if s is UNKNOWN:
        return t
    if t is UNKNOWN:
        return s
    if len(s) != len(t) or not all(_dim_eq(a, b) for a, b in zip(s, t)):
        raise ShapeError(f"{describe(s)} {op} {describe(t)}")
    return s


def _product(s, t):
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
