"""A vector definition read by components, for the instantiation of later steps written in them.

A write-up that defines its forward pass on whole vectors (``t = x W^{(1)} + b^{(1)}``,
``h = \\sigma(t)``, ``\\hat y = \\text{softmax}(v)``) and then differentiates components
(``∂h_c/∂t_d``, ``∂t_d/∂x_k``) uses each definition component by component. Read so
(:func:`component_definition`), a definition ``X = …`` also defines ``X_j`` for every j:

- an affine map written with the vector on the left, ``x W + b`` (the row-vector convention
  such a write-up declares by writing it: a vector times a matrix is a row times it), is
  ``X_j = Σ_k x_k W_{kj} + b_j``; written with the matrix on the left, ``W x + b``, it is
  ``X_j = Σ_k W_{jk} x_k + b_j`` — the order written is the only reading of a product of a
  vector and a matrix, so each is one reading;
- an activation applied to a name, ``σ(t)``, ``\\tanh(t)``, is elementwise: ``X_j = σ(t_j)``;
- ``softmax(v)`` is ``X_j = e^{v_j} / Σ_m e^{v_m}``.

A matrix is the weight of a layer (``W^{(1)}``, read as the network's w) or a capital name;
the vector a lower-case name. Anything else defines no components.
"""

from __future__ import annotations

from typing import Optional

import sympy as sp

from .state import ScalarDefined

_J, _K = "j", "k"   # the definition's own index and the index its product sums over


def _index(name: str):
    return sp.Symbol(name, integer=True, positive=True)


def _vector(e) -> bool:
    return isinstance(e, sp.Symbol) and len(e.name) <= 3 and e.name[:1].islower()


def _matrix(e) -> bool:
    from ..notation import vocab as V

    return (isinstance(e, V.Q) and e.qname == "w") or \
        (isinstance(e, sp.Symbol) and len(e.name) == 1 and e.name.isupper())


def _component(e, *indices):
    """The component of a vector or matrix name ``e`` at ``indices``."""
    from ..notation import vocab as V

    if isinstance(e, V.Q):
        return V.Comp(e.args[0], e.layer, *indices)
    return sp.Indexed(sp.IndexedBase(sp.Symbol(e.name, real=True)), *indices)


def _row_first(source: str, vector, matrix) -> Optional[bool]:
    """Is the vector written before the matrix after the ``=`` of ``source`` (a product of a
    commutative name and a matrix keeps no order once read)? None when either is not found."""
    from ..notation.equality import tokens

    toks = list(tokens(source or ""))
    start = next((i for i, t in enumerate(toks) if t.kind == "char" and t.text == "="), None)
    if start is None:
        return None
    letters = {"w", "W"} if not isinstance(matrix, sp.Symbol) else {matrix.name}
    where = [next((i for i, t in enumerate(toks[start:]) if t.kind == "letter" and t.text in names), None)
             for names in ({vector.name}, letters)]
    return None if None in where else where[0] < where[1]


def _affine(rhs, source: str) -> Optional[sp.Basic]:
    """``x W + b`` or ``W x + b`` (the bias optional) by its component j."""
    from ..notation import vocab as V

    terms = list(sp.Add.make_args(rhs))
    products = [t for t in terms if isinstance(t, sp.Mul)]
    if len(products) != 1 or len(terms) > 2:
        return None
    bias = [t for t in terms if t is not products[0]]
    if bias and not (_vector(bias[0]) or (isinstance(bias[0], V.Q) and bias[0].qname == "b")):
        return None
    factors = products[0].args
    if len(factors) != 2:
        return None
    j, k = _index(_J), _index(_K)
    vector = [f for f in factors if _vector(f)]
    matrix = [f for f in factors if _matrix(f)]
    if len(vector) != 1 or len(matrix) != 1:
        return None
    row = _row_first(source, vector[0], matrix[0])
    if row is None:
        return None
    if row:    # a row vector times a matrix
        term = _component(vector[0], k) * _component(matrix[0], k, j)
    else:      # a matrix times a column vector
        term = _component(matrix[0], j, k) * _component(vector[0], k)
    body = V.IndexSum(term, k)
    return body + _component(bias[0], j) if bias else body


def _elementwise(rhs) -> Optional[sp.Basic]:
    """``σ(t)``, ``\\tanh(t)``, ``softmax(v)`` of a vector name, by its component j."""
    from ..notation import vocab as V
    from ..symbolic import sigmoid

    j = _index(_J)
    if isinstance(rhs, V.Softmax) and _vector(rhs.args[0]):
        m = _index("m")
        return sp.exp(_component(rhs.args[0], j)) / V.IndexSum(sp.exp(_component(rhs.args[0], m)), m)
    if isinstance(rhs, (sigmoid, sp.tanh)) and len(rhs.args) == 1 and _vector(rhs.args[0]):
        return rhs.func(_component(rhs.args[0], j))
    return None


def same_family(top, variables):
    """The variable of ``∂top/∂variables`` when ``top`` is a component of the same family (``∂t_c/∂t_d``,
    ``∂W_{ib}/∂W_{cd}``: an indexed name by one of the same name and rank, once), else None."""
    if not isinstance(top, sp.Indexed) or len(variables) != 1:
        return None
    var, count = variables[0]
    if int(count) != 1 or not isinstance(var, sp.Indexed) or var.base != top.base or \
            len(var.indices) != len(top.indices):
        return None
    return var


def held_families(variables, definitions) -> frozenset:
    """The families a derivative by ``variables`` holds as variables, every member (``∂h_c/∂t_d``
    holds every t_k): those of its indexed variables, but a family whose definition refers to
    itself (a recurrence ``h_t = f(h_{t-1})``: ∂h_3/∂h_1 goes through h_2)."""
    out = set()
    for v, _ in variables:
        if isinstance(v, sp.Indexed):
            hit = definitions.indexed(str(v.base.label))
            if hit is None or not any(ix.base == v.base for ix in hit[1].atoms(sp.Indexed)):
                out.add(str(v.base.label))
    return frozenset(out)


def component_definition(sr) -> Optional[ScalarDefined]:
    """What a vector definition ``X = …`` (a plain lower-case name X, no link of a chain) defines
    of each component X_j, or None."""
    if sr.step.link or not sr.two_sided or sr.rel != "=" or not _vector(sr.lhs):
        return None
    rhs = sr.rhs
    if not isinstance(rhs, sp.Basic) or rhs.has(sr.lhs):
        return None
    body = _elementwise(rhs)
    if body is None:
        body = _affine(rhs, sr.source)
    if body is None:
        return None
    return ScalarDefined(("indexed", sr.lhs.name), (_J,), (body,))
