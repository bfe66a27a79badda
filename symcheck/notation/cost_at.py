"""The cost as a function of a layer's activations, at that layer: ∇C(a^L) and, on layers of one
neuron, C'(a^L).

A write-up that treats the cost as a function of the activations (``C(a) = ½(y − a)²``) writes its
gradient at the output, ``\\nabla C(a^L)`` (or ``\\nabla C (A^L)`` for a mini-batch), and, with one neuron
per layer, its derivative ``C'(a^L)``. Both are the book's ∇_a C at that layer: ``Grad(Q(a, l))``, which
the random networks evaluate as ∂C/∂a^l (through the later layers when l is not the output). The bare
``\\nabla C``, with no point, stays what :mod:`.vectors` makes of it: it may be the gradient in every
parameter. ``C'(a^L)`` of a layer of several neurons is not rewritten (a derivative of a function of a
vector is not one number per neuron).
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from . import vocab as V
from .cost_names import COST_NAMES, OWN_COSTS

_NAMES = COST_NAMES | OWN_COSTS


def _layer_activation(e) -> bool:
    return isinstance(e, V.Q) and e.qname in ("a", "A")


def _gradient(name: str, at):
    return V.Grad(at) if name == "C" else V.Grad(at, sp.Symbol(name, real=True))


def _cost_applied(f) -> bool:
    return isinstance(f, AppliedUndef) and f.func.__name__ in _NAMES and len(f.args) == 1


def at_layer(e, scalar: bool = False):
    """``e`` with ∇C(a^l) (and, when ``scalar``, C'(a^l)) written as the gradient ∂C/∂a^l."""
    if not isinstance(e, sp.Basic):
        return e
    swaps = {}
    for node in sp.preorder_traversal(e):
        if isinstance(node, V.Nabla) and _cost_applied(node.args[0]) and _layer_activation(node.args[0].args[0]):
            swaps[node] = _gradient(node.args[0].func.__name__, node.args[0].args[0])
        elif scalar and isinstance(node, sp.Subs) and len(node.variables) == 1 and \
                _layer_activation(node.point[0]) and isinstance(node.expr, sp.Derivative):
            d = node.expr
            if _cost_applied(d.expr) and d.expr.args[0] == node.variables[0] and d.variables == node.variables:
                swaps[node] = _gradient(d.expr.func.__name__, node.point[0])
    return e.xreplace(swaps) if swaps else e
