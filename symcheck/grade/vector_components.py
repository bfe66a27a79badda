r"""A component of a vector the write-up defined: ``a'_j = \sigma(\sum_k w_{jk} a_k + b_j)`` after
``a' = \sigma(wa + b)``.

Once a write-up has defined a quantity X by an expression in names it leaves open (``a' = \sigma(wa+b)``,
recorded by its left side, :class:`.state.TextDefined`), a later step ``X_j = …`` written in components is
the claim that the j-th component of that definition is the right side. The step itself says how the
open names are read: a name it writes with two indices (``w_{jk}``) is a matrix whose rows run over the
first index and columns over the second (the rules of matrix multiplication), a name with one index a
vector, any other name a number. The sizes: the component index j takes 3 values, every other index 4
(a sum's symbolic upper limit ``K`` is that size; a numeric one, up to 12, is kept). The definition is
evaluated with those matrices and vectors, its products in the order they are written, σ, exp, tanh
and ln elementwise; an ill-formed product or sum (the shapes do not chain) leaves the step to the later
checks. Both sides are compared at every j, for two draws of random rationals, exactly or at 60 digits:
equal everywhere, the step is **correct**. Otherwise nothing is said here (a write-up may index its
weights the other way, or redefine X): the later checks decide as before.
"""

from __future__ import annotations

import random
import re
from typing import Optional

import sympy as sp

from ..verdict import CheckKind, Verdict
from .state import Result, State

#: the size of the component index, and of every other index
J_SIZE, OTHER_SIZE, MAX_LIMIT = 3, 4, 12
DRAWS = 2


class _Unfit(Exception):
    """The definition cannot be evaluated with the shapes the step gives its names."""


def check_component(sr, state: State, options) -> Optional[Result]:
    """The step ``X_j = R`` against the j-th component of the file's definition of X, or None."""
    from .restated import CHANGES, KINDS, key

    lhs = sr.lhs
    words = f"{sr.step.context} {getattr(sr.step, 'intro', '')[-160:]}".lower()
    if sr.kind not in KINDS or sr.step.link or CHANGES.search(words) or sr.rel != "=" or \
            not isinstance(lhs, sp.Indexed) or len(lhs.indices) != 1 or \
            not isinstance(lhs.indices[0], sp.Symbol) or not isinstance(sr.rhs, sp.Basic):
        return None
    text = sr.lhs_text.strip()
    cut = _last_subscript(text)
    if cut is None:
        return None
    entry = state.quantities.get(("text", key(text[:cut])))
    if entry is None or len(entry) < 4 or not entry[3] or entry[2] == sr.step.line:
        return None
    name, definition, line, written = entry
    if not isinstance(definition, sp.Expr) or definition.atoms(sp.Indexed):
        return None
    try:
        return _compare(sr, lhs.indices[0], definition, written, name, line)
    except (_Unfit, TypeError, ValueError, ZeroDivisionError, sp.ShapeError, IndexError, KeyError):
        return None


def _last_subscript(text: str) -> Optional[int]:
    """Where the subscript of ``X_j`` / ``X_{j}`` starts (the ``_``), or None."""
    m = re.search(r"_(?:\{\s*[A-Za-z]\s*\}|[A-Za-z])$", text)
    return m.start() if m and m.start() > 0 else None


def _compare(sr, j: sp.Symbol, definition: sp.Expr, written: str, name: str, line: int) -> Optional[Result]:
    from ..notation import vocab as V
    from ..notation.equality import compare_numbers

    rhs = sr.rhs
    sizes: dict = {j: J_SIZE}
    limits: dict = {}
    for s in rhs.atoms(sp.Sum):
        if len(s.limits) != 1 or len(s.limits[0]) != 3:
            raise _Unfit
        k, lo, hi = s.limits[0]
        if lo != 1 or k == j:
            raise _Unfit
        if isinstance(hi, sp.Symbol):
            if limits.get(hi, OTHER_SIZE) != OTHER_SIZE:
                raise _Unfit
            limits[hi] = OTHER_SIZE
            size = OTHER_SIZE
        elif hi.is_Integer and 1 <= int(hi) <= MAX_LIMIT:
            size = int(hi)
        else:
            raise _Unfit
        if sizes.setdefault(k, size) != size:
            raise _Unfit
    for s in rhs.atoms(V.IndexSum):
        sizes.setdefault(s.args[1], OTHER_SIZE)
    shapes: dict = {}
    for x in rhs.atoms(sp.Indexed):
        if not all(isinstance(i, sp.Symbol) and i in sizes for i in x.indices) or len(x.indices) > 2:
            raise _Unfit
        shape = tuple(sizes[i] for i in x.indices)
        if shapes.setdefault(x.base.label, shape) != shape:
            raise _Unfit
    names = {s.name: s for s in definition.free_symbols}
    if not shapes or any(getattr(b, "name", None) not in names for b in shapes):
        return None  # the step's components are not the definition's names
    order = _written_order(written, [b.name for b in shapes])
    rng = random.Random(1729)
    for _ in range(DRAWS):
        values = {}
        for base, shape in shapes.items():
            cols = shape[1] if len(shape) == 2 else 1
            values[names[base.name]] = sp.Matrix(shape[0], cols, lambda r, c: _draw(rng))
        for s in definition.free_symbols:
            values.setdefault(s, _draw(rng))
        vector = _evaluate(definition, values, order)
        if not isinstance(vector, sp.MatrixBase) or vector.shape != (J_SIZE, 1):
            raise _Unfit
        side = _expand_sums(rhs.xreplace(limits), sizes)
        for jv in range(1, J_SIZE + 1):
            at = side.xreplace({j: jv})
            at = at.replace(lambda x: isinstance(x, sp.Indexed), lambda x: _entry(x, values, names))
            at = _plain(at.xreplace({s: values[s] for s in at.free_symbols if s in values}))
            want = _plain(vector[jv - 1])
            if at.free_symbols or want.free_symbols:
                raise _Unfit
            if compare_numbers(want, at, "=").holds is not True:
                return None
    shown = ", ".join(f"{b.name} a {'×'.join(map(str, s))} matrix" if len(s) == 2 else f"{b.name} a vector of {s[0]}"
                      for b, s in sorted(shapes.items(), key=lambda t: t[0].name))
    return Result(Verdict.correct(CheckKind.NUMERIC, f"the {j} component of the file's definition of {name} "
                                                     f"(line {line}), read with {shown} as the step indexes them: "
                                                     f"equal at every {j}, for {DRAWS} draws of random values"))


def _draw(rng: random.Random) -> sp.Rational:
    return sp.Rational(rng.randint(-9, 9) or 1, rng.randint(2, 5))


def _written_order(written: str, matrix_names: list) -> dict:
    """Where each name stands in the definition as written (products keep that order)."""
    from ..notation.equality import tokens

    letters = [t for t in tokens(written) if t.kind == "letter"]
    out = {}
    for n in matrix_names:
        hits = [t.pos for t in letters if t.text == n]
        if len(hits) == 1:
            out[n] = hits[0]
    return out


def _entry(x: sp.Indexed, values: dict, names: dict):
    m = values[names[x.base.label.name]]
    idx = [int(i) - 1 for i in x.indices]
    if any(i < 0 for i in idx):
        raise _Unfit
    return m[idx[0], idx[1] if len(idx) == 2 else 0]


def _expand_sums(e: sp.Expr, sizes: dict) -> sp.Expr:
    from ..notation import vocab as V

    def one(s):
        return sp.Add(*[s.args[0].xreplace({s.args[1]: i}) for i in range(1, sizes[s.args[1]] + 1)])

    e = e.replace(lambda x: isinstance(x, V.IndexSum), one)
    return e.replace(lambda x: isinstance(x, sp.Sum), lambda s: sp.Add(*[
        s.function.xreplace({s.limits[0][0]: i}) for i in range(int(s.limits[0][1]), int(s.limits[0][2]) + 1)]))


def _plain(e):
    from ..symbolic import as_elementary

    return as_elementary(sp.sympify(e, strict=True))  # σ (and ReLU) as elementary functions


ELEMENTWISE = (sp.exp, sp.log, sp.tanh)


def _evaluate(e, values: dict, order: dict):
    """``e`` with matrices and vectors for the names: products in the written order, functions
    elementwise; raises :class:`_Unfit` when the shapes do not chain."""
    from ..symbolic import sigmoid

    if e in values:
        return values[e]
    if not e.free_symbols:
        return e
    if isinstance(e, sp.Add):
        parts = [_evaluate(a, values, order) for a in e.args]
        mats = [p for p in parts if isinstance(p, sp.MatrixBase)]
        if mats and (len(mats) != len(parts) or len({m.shape for m in mats}) != 1):
            raise _Unfit  # a number added to a vector, or vectors of different sizes
        out = parts[0]
        for p in parts[1:]:
            out = out + p
        return out
    if isinstance(e, sp.Mul):
        scalar, mats = sp.Integer(1), []
        for a in e.args:
            v = _evaluate(a, values, order)
            if isinstance(v, sp.MatrixBase):
                if not isinstance(a, sp.Symbol) or a.name not in order:
                    raise _Unfit
                mats.append((order[a.name], v))
            else:
                scalar *= v
        if not mats:
            return scalar
        mats.sort(key=lambda t: t[0])
        out = mats[0][1]
        for _, m in mats[1:]:
            if out.shape[1] != m.shape[0]:
                raise _Unfit
            out = out * m
        return scalar * out
    if isinstance(e, sigmoid) or isinstance(e, ELEMENTWISE):
        arg = _evaluate(e.args[0], values, order)
        f = type(e)
        return arg.applyfunc(f) if isinstance(arg, sp.MatrixBase) else f(arg)
    if isinstance(e, sp.Pow) and e.exp.is_Integer:
        base = _evaluate(e.base, values, order)
        if isinstance(base, sp.MatrixBase):
            raise _Unfit
        return base ** e.exp
    raise _Unfit
