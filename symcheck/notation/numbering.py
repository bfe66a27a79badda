r"""Layers and components numbered from 0, renumbered as the book numbers them (from 1).

The book numbers the input layer 1 (``a^1 = x``, so w, b, z and δ start at layer 2) and
the neurons of a layer 1, …, n. Many write-ups count from 0 instead: the input is
``a^0 = x``, so ``z^1 = w^1 a^0 + b^1`` and ``\frac{\partial C}{\partial w^1}``; a
component is ``a_0`` or ``y_0`` and a sum runs ``\sum_{k=0}^{K-1}``.

A step that names what cannot exist when counting from 1 (a w, b, z or δ at layer 1,
anything at layer 0, a component 0, a sum over components from 0) has one plausible
reading: it counts from 0. :func:`shift_layers` and :func:`shift_indices` renumber it
for the network check (every layer but the output layer L one up; every component
index one up, a sum's limits with it), and the verdict's reason says so
(:data:`FROM_ZERO`, :data:`INDEX_FROM_ZERO`).

Works on the reader's SymPy objects (:mod:`.vocab`); reads no text.
"""

from __future__ import annotations

import re
from dataclasses import replace

import sympy as sp

from ..verdict import Cause, Verdict
from . import vocab as V

__all__ = ["FROM_ZERO", "INDEX_FROM_ZERO", "anchored", "components_named", "from_zero", "indices_from_zero", "shift_indices",
           "shift_layers", "unsure_count", "zero_based"]

FROM_ZERO = "layers numbered from the input a^0 = x: every numbered layer read one up, as the book numbers them"
INDEX_FROM_ZERO = "components numbered from 0: every index read one up, as the book numbers them"
_ACTIVATIONS = ("a", "A")   # the only layered quantities of the book's input layer 1
_N = sp.Symbol("N", integer=True)   # the output layer where a write-up calls it N
_DIGIT_NAME = re.compile(r"^([xy])_\{?(\d)\}?$")   # y_0, x_{1}: read as names by the reader


def from_zero(layers) -> bool:
    r"""The step numbers the input layer 0: it names a layer that cannot exist in the book's
    numbering (input layer 1), a w, b, z or δ at layer 1 or anything at layer 0 (``a^0``, ``z^1``,
    ``\partial C / \partial w^1``). ``layers``: a set of (name, layer), ``order`` for a ⋯ product's length."""
    return any(name != "order" and isinstance(layer, (int, sp.Integer)) and (
        int(layer) == 0 or (int(layer) == 1 and name not in _ACTIVATIONS)) for name, layer in layers)


def anchored(lhs, rhs, layers) -> bool:
    """The step ties a numbered layer to the input x (``a^1 = x``, ``z^2 = w^2 x + b^2``): its truth
    depends on whether the input is layer 1 or layer 0, which this step alone does not show."""
    numbered = any(name != "order" and isinstance(layer, (int, sp.Integer)) for name, layer in layers)
    return numbered and any(isinstance(side, sp.Basic) and _names_input(side) for side in (lhs, rhs))


def _names_input(e) -> bool:
    """``e`` names the input x (as a vector, a component x_k or a layered x)."""
    return (any(q.qname == V.INPUT for q in e.atoms(V.Q, V.Comp))
            or any(str(i.base) == V.INPUT for i in e.atoms(sp.Indexed))
            or any(s.name == V.INPUT for s in e.free_symbols if isinstance(s, sp.Symbol)))


def shift_layers(e, bound=frozenset()):
    """``e`` with every layer one up (``z^1`` → ``z^2``, ``a^{l-1}`` → ``a^l``): layers counted from an
    input layer 0 renumbered as the book counts them. The output layer (L, N) stays the output
    layer; inside a ⋯ product, the ends move and the running layer follows them."""
    if not isinstance(e, sp.Basic) or not e.args:
        return e
    if isinstance(e, V.LayerProduct):
        block, k, lo, hi = e.args
        return V.LayerProduct(shift_layers(block, bound | {k}), k, _up(lo, bound), _up(hi, bound))
    if isinstance(e, (V.Q, V.Comp)) and e.qname not in (V.INPUT, V.TARGET):
        return e.func(e.args[0], _up(e.layer, bound), *e.args[2:])
    return e.func(*[shift_layers(a, bound) for a in e.args])


def _up(layer, bound):
    """``layer`` + 1, unless it counts from the output layer or runs inside a product."""
    if isinstance(layer, sp.Basic) and layer.has(V.L, _N, *bound):
        return layer
    return layer + 1


def components_named(lhs, rhs):
    """``(lhs, rhs)`` with ``x_1``, ``y_0`` (read as names) read as components of x and y, where the step
    numbers the components of a network quantity (``a^L_1 - y_1``, ``a^L_0 - y_0``): the target's
    component next to the output's. Unchanged elsewhere."""
    sides = [s for s in (lhs, rhs) if isinstance(s, sp.Basic)]
    numbered = any(isinstance(i, sp.Integer) for s in sides for c in s.atoms(V.Comp) for i in c.indices)
    if not numbered:
        return lhs, rhs
    swap = {}
    for s in sides:
        for sym in s.free_symbols:
            m = _DIGIT_NAME.match(getattr(sym, "name", ""))
            if m:
                swap[sym] = sp.Indexed(sp.IndexedBase(sp.Symbol(m.group(1), real=True)), int(m.group(2)))
    return tuple(s.xreplace(swap) if isinstance(s, sp.Basic) else s for s in (lhs, rhs))


def indices_from_zero(lhs, rhs) -> bool:
    r"""The step numbers components from 0: a component 0 of a network quantity, x or y (``a^L_0``,
    ``y_0``), or a sum over a component index from 0 (``\sum_{k=0}^{K-1} w_{jk} a_k``)."""
    for side in (lhs, rhs):
        if not isinstance(side, sp.Basic):
            continue
        if any(i == 0 for c in side.atoms(V.Comp, sp.Indexed) for i in _indices(c)):
            return True
        if any(s.limits[0][1] == 0 and s.limits[0][0] in _index_symbols(s.function) for s in side.atoms(sp.Sum)):
            return True
    return False


def zero_based(lhs, rhs, check) -> Verdict:
    r"""``check(lhs, rhs)`` for a step that numbers its components from 0 (:func:`indices_from_zero`),
    renumbered from 1 (:func:`shift_indices`), the reason saying so; unchecked when a sum from 0 has
    an upper limit that may count the components or name the last one (:func:`unsure_count`). An
    accusation stands only on network quantities, x and y: a vector of its own (``y_0``, ``a_0``
    outside a network) may be defined in words, so the step is then unchecked."""
    unsure = unsure_count(lhs, rhs)
    if unsure:
        return Verdict.unchecked(Cause.AMBIGUOUS, f"a {unsure}: its upper limit the count of the components "
                                 "(one term too many) or the last index?")
    v = check(shift_indices(lhs), shift_indices(rhs))
    loose = sorted({str(i.base) for side in (lhs, rhs) if isinstance(side, sp.Basic) for i in side.atoms(sp.Indexed)
                    if str(i.base) not in (V.INPUT, V.TARGET)})
    if v.verdict == "incorrect" and loose:  # a_0 of a vector no equation defines: the prose may (y_i = e^{a_i}/u)
        return Verdict.unchecked(Cause.AMBIGUOUS, f"with components numbered from 0 the sides differ, taking "
                                 f"{', '.join(loose)} as vectors of their own; the text may define them otherwise")
    return replace(v, reason=f"{v.reason} ({INDEX_FROM_ZERO})")


def unsure_count(lhs, rhs):
    r"""A sum over a component index from 0 to a bare symbol (``\sum_{k=0}^{K}``): K+1 terms where K
    counts the components (an off-by-one slip), K where K names the last index. The sum of the whole
    range is not the only reading; the text of the first such sum, or None."""
    for side in (lhs, rhs):
        for s in side.atoms(sp.Sum) if isinstance(side, sp.Basic) else ():
            k, lo, hi = s.limits[0]
            if lo == 0 and k in _index_symbols(s.function) and not hi.is_Integer and not (hi + 1).is_Symbol:
                return f"sum over {k} from 0 to {hi}"
    return None


def shift_indices(e):
    r"""``e`` with every component index one up: a number (``a_0`` → ``a_1``), and a sum's limits over
    an index (``\sum_{k=0}^{K-1}`` → ``\sum_{k=1}^{K}``); an index symbol (j, k, k+1) keeps its
    form, its range moving with the sum or with the free index's own range (1..n)."""
    if not isinstance(e, sp.Basic) or not e.args:
        return e
    if isinstance(e, V.Comp):
        return e.func(*e.args[:2], *[i + 1 if isinstance(i, sp.Integer) else i for i in e.indices])
    if isinstance(e, sp.Indexed):
        return sp.Indexed(e.base, *[i + 1 if isinstance(i, sp.Integer) else i for i in e.indices])
    if isinstance(e, sp.Sum) and len(e.limits) == 1 and e.limits[0][0] in _index_symbols(e.function):
        k, lo, hi = e.limits[0]
        return sp.Sum(shift_indices(e.function), (k, lo + 1, hi + 1))
    return e.func(*[shift_indices(a) for a in e.args])


def _indices(c):
    return c.indices


def _index_symbols(e):
    """The symbols that index a component in ``e``."""
    if not isinstance(e, sp.Basic):
        return set()
    return {s for c in e.atoms(V.Comp, sp.Indexed) for i in _indices(c) if isinstance(i, sp.Basic)
            for s in i.free_symbols}
