"""The component of an expression: ``(\\mathbf{a}_k)_i``, ``(u \\odot v)_i``,
``(W x + b)_k``, ``((w^{l+1})^T δ^{l+1})_j``, ``(δ^l (a^{l-1})^T)_{jk}`` — the i-th
component of a vector expression (the ij-th entry of a matrix one), written out
in components: a^k_i, u_i v_i, Σ_m w_{km} x_m + b_k, Σ_m w^{l+1}_{mj} δ^{l+1}_m,
δ^l_j a^{l-1}_k.

Only expressions whose every factor has a known shape are read: a layered
quantity, a plain name read as a vector (lower case: a column; upper case a
matrix), ⊙, ᵀ, σ, σ', ∂C/∂X, sums, and products of these. A product of plain
names whose shapes are not written (``hW``, read as numbers) is refused with
:class:`EntryError`, never guessed.

An expression already written in components (:func:`restated`): ``[h_i W_{ib} + b_b]_b``,
``(W_{ij} x_j)_i`` — every term a product of scalar components whose only index
written once is the subscript's, every other index written twice (summed under an
implied sum). The subscript restates that free index: the component is the
expression itself, left as written, so that an index repeated within a term is read
with and without an implied sum by :mod:`.readings` (both readings are checked).

Imports SymPy: import lazily.
"""

from __future__ import annotations

import sympy as sp

from . import vocab as V
from .build import INDEX_LETTERS, index_symbol, sym

__all__ = ["EntryError", "component", "indices_of", "restated"]

_SUMMED = ("m", "p", "q", "r", "s", "t", "u", "v")
_SCALAR_CAPITALS = ("C", "J", "E", "L", "N")  # the cost, the number of layers or examples: numbers
GREEK_INDICES = ("mu", "nu", "alpha", "beta", "gamma", "kappa", "lambda", "rho", "tau")


class EntryError(ValueError):
    """The component of this expression cannot be written out (the message says why)."""


def indices_of(tokens) -> list:
    """The indices of a subscript's tokens: letters and Greek letters (``_{\\nu\\mu}``), one or two digits,
    separated or not by ``,`` or ``;`` (one or two of them)."""
    indices = []
    for u in tokens:
        if u.kind == "letter" and len(u.text) == 1 or u.kind == "cmd" and u.text in GREEK_INDICES:
            indices.append(index_symbol(u.text))
        elif u.kind == "num" and u.text.isdigit():
            indices += [sp.Integer(int(d)) for d in u.text] if len(u.text) == 2 else [sp.Integer(int(u.text))]
        elif not (u.kind == "eof" or u.kind == "char" and u.text in ",;" or u.kind == "space"):
            raise EntryError("an index that is not a letter or a number")
    if not 1 <= len(indices) <= 2:
        raise EntryError("not one or two indices")
    return indices


def _fresh(expr, used):
    names = {s.name for s in expr.free_symbols} | {str(u) for u in used}
    for letter in _SUMMED:
        if letter not in names:
            used.add(letter)
            return index_symbol(letter)
    raise EntryError("the component of a product with too many factors")


def _shape(e):
    from .shapes import UNKNOWN, infer

    s = infer(e)
    if s is UNKNOWN:
        if isinstance(e, sp.Symbol) and not e.is_commutative:
            return (None, 1) if not e.name[:1].isupper() else (None, None)
        raise EntryError("the component of an expression whose shape is not known")
    return s


def component(expr, indices, used=None):
    """The entry ``indices`` (one index: of a vector, two: of a matrix) of ``expr``."""
    used = set() if used is None else used
    indices = tuple(indices)
    if not isinstance(expr, sp.Basic):
        raise EntryError("the component of something that is not an expression")
    if isinstance(expr, V.Q):
        if len(indices) == 2 and expr.qname not in V.MATRICES and expr.qname not in V.BATCH:
            raise EntryError(f"two indices on the vector {expr}")
        return V.Comp(expr.args[0], expr.args[1], *indices)
    if isinstance(expr, V.Norm) and indices == (2,):  # ‖v‖_2: the subscript names the norm, Euclidean
        return expr
    if isinstance(expr, sp.Symbol) and not expr.name[:1].isdigit():
        return _named(expr, indices)
    if restated(expr, indices):  # [h_i W_{ib} + b_b]_b: already in components, b its free index
        return expr  # (ŷ - y)_b: a name given an index is a vector (a matrix, two indices)
    if isinstance(expr, sp.Add):
        return sp.Add(*[component(t, indices, used) for t in expr.args])
    if isinstance(expr, V.Had):  # its operands are vectors: plain names too (u ⊙ v)
        return sp.Mul(*[_named(t, indices) if isinstance(t, sp.Symbol) else component(t, indices, used)
                        for t in expr.args])
    if isinstance(expr, V.T):
        inner = expr.args[0]
        if isinstance(inner, sp.Symbol):
            return _named(inner, indices if len(indices) == 1 else indices[::-1])
        if len(indices) == 1:
            return component(inner, indices, used)  # the k-th entry of a row vector vᵀ is v_k
        return component(inner, indices[::-1], used)
    if isinstance(expr, V.Grad) and isinstance(expr.args[0], V.Q):
        return V.Grad(component(expr.args[0], indices, used))
    if isinstance(expr, V.SigmaD):
        return V.SigmaD(component(expr.args[0], indices, used), *expr.args[1:])
    if isinstance(expr, V.sigmoid) or isinstance(expr, sp.Function) and len(expr.args) == 1 and \
            type(expr) in (sp.exp, sp.log, sp.tanh):
        return expr.func(component(expr.args[0], indices, used))
    if isinstance(expr, sp.Mul):
        coeff, rest = expr.as_coeff_Mul()
        if coeff != 1:  # -y, 2u: a number times a vector
            return coeff * component(rest, indices, used)
        return _product(expr, indices, used)
    if expr.is_number:
        raise EntryError("the component of a number")
    raise EntryError(f"the component of an expression of the kind {type(expr).__name__}")


def _name_letters(s) -> str:
    """The index letters of a name read with its subscript (``W_ib``: "ib"; ``C_0``: "")."""
    head, _, sub = getattr(s, "name", "").partition("_")
    return sub if head and sub.isalpha() and len(sub) <= 3 and sub.islower() else ""


def _letters(factor) -> list:
    """The index letters one scalar factor carries, with repeats: h_i (i), W_{ib} (a name: i, b),
    w^l_{jk} (j, k), δ_{ik} (the Kronecker delta: i, k); letters bound by a sum inside are not counted."""
    out: list = []
    for ix in factor.atoms(sp.Indexed):
        out += [s.name for i in ix.indices for s in i.free_symbols]
    for c in factor.atoms(V.Comp):
        out += [s.name for i in c.indices for s in i.free_symbols]
    for d in factor.atoms(sp.KroneckerDelta):
        out += [s.name for a in d.args for s in a.free_symbols]
    for s in factor.atoms(sp.Symbol):
        out += list(_name_letters(s))  # W_ib: a name read with its indices
    bound = {str(b.limits[0][0]) for b in factor.atoms(sp.Sum)} | {str(b.args[1]) for b in factor.atoms(V.IndexSum)}
    return [x for x in out if x not in bound]


def restated(expr, indices) -> bool:
    """``expr`` is written in components and ``indices`` (letters) restate its free indices: in each
    term every factor is a scalar, the indices' letters are written once and every other letter
    twice (``h_i W_{ib} + b_b`` with ``b``). A power of an indexed factor, a term without the
    indices, a letter written three times: False (not read this way)."""
    if not indices or not all(isinstance(i, sp.Symbol) for i in indices) or not isinstance(expr, sp.Expr) or \
            not expr.is_commutative or expr.atoms(V.Q) - set().union(*(c.atoms(V.Q) for c in expr.atoms(V.Comp))):
        return False
    wanted = {i.name for i in indices}
    if len(wanted) != len(indices):
        return False
    for term in sp.Add.make_args(expr):
        counts: dict = {}
        for factor in sp.Mul.make_args(term):
            letters = _letters(factor)
            if letters and isinstance(factor, sp.Pow):
                return False  # h_i^2: the index written once, the factor twice
            for x in set(letters):
                counts[x] = counts.get(x, 0) + letters.count(x)
        if {x for x, n in counts.items() if n == 1} != wanted or any(n not in (1, 2) for n in counts.values()):
            return False
    return True


def _named(name, indices):
    """The component of a plain name read as a vector or matrix, as the reader reads the name with
    that subscript: u_i (an index letter) an indexed name, W_{ij}, y_b, x_1 names."""
    if len(indices) == 1 and isinstance(indices[0], sp.Symbol) and indices[0].name in INDEX_LETTERS:
        return sp.Indexed(sp.IndexedBase(name.name, real=True), indices[0])
    return sym(f"{name.name}_{''.join(str(i) for i in indices)}", frozenset())


def _product(expr, indices, used):
    scalars, factors = expr.args_cnc()
    if not factors:
        raise EntryError("the component of a product of numbers (plain names whose shapes are not written)")
    capital = [f for f in scalars if isinstance(f, sp.Symbol) and len(f.name) == 1 and f.name.isupper()
               and f.name not in _SCALAR_CAPITALS]
    if capital:  # (u^T W)_i: W a number (W u_i) or a matrix (Σ_m u_m W_mi)? Not said: not guessed
        raise EntryError(f"the component of a product with {capital[0]}, a capital name whose shape is not "
                         "written (a number, or a matrix?)")
    shapes = [_shape(f) for f in factors]
    if len(factors) == 1:
        return sp.Mul(*scalars) * component(factors[0], indices, used)
    # a chain F1 F2 ... Fn: an inner index between Fk and Fk+1 unless Fk is a column (then Fk+1 a row)
    first_row = shapes[0] not in ((), None) and shapes[0][0] == 1
    last_col = shapes[-1] not in ((), None) and shapes[-1][1] == 1
    if len(indices) == 2:
        left, right = indices
    elif last_col and not first_row:
        left, right = indices[0], None
    elif first_row and not last_col:
        left, right = None, indices[0]
    else:
        raise EntryError("one index on a product that is not a vector")
    terms, inner, summed = [], left, []
    for k, (f, s) in enumerate(zip(factors, shapes)):
        is_last = k == len(factors) - 1
        rows_one = s[0] == 1 if s else False
        cols_one = s[1] == 1 if s else False
        out = right if is_last else (None if cols_one else _fresh(expr, used))
        idx = [i for i, one in ((inner, rows_one), (out, cols_one)) if not one]
        if (inner is None) != rows_one or (out is None) != cols_one:
            raise EntryError("the component of a product whose factors do not chain")
        terms.append(component(f, idx, used) if idx else f)
        if out is not None and not is_last:
            summed.append(out)
        inner = out
    body = sp.Mul(*scalars) * sp.Mul(*terms)
    for m in reversed(summed):
        body = V.IndexSum(body, m)
    return body
