"""A generic activation: an undefined function applied to a weighted input.

A write-up that names an activation without defining it (``a^l = g(z^l)``,
"an activation function f") writes its steps with that name:
``δ^L = ∇_a C ⊙ g'(z^L)``, ``δ^l = (w^{l+1})^T δ^{l+1} ⊙ f'(z^l)``. Undefined
means any: such a g is the network's activation, whatever it is. A step in
which one undefined unary function (or its derivative, SymPy's
``Subs(Derivative(g(x), x), x, z)``) is applied to a layer's weighted input
z^l (vector, shape (n_l, 1), or component z^l_j) is read with g the random
networks' own activation σ (:func:`as_activation`) and checked under several
activations (:data:`TRIED`); :func:`combine` decides:

- **correct** when it holds under at least two activations and fails under none;
- **incorrect** when it fails under every one (the counterexample names them);
- otherwise **unchecked**, naming what each activation gives.

Two different undefined names on weighted inputs in one step (g and h) are two
functions, not both the activation: the step is left unchecked
(:func:`generic_names` returns both and the caller says so).
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic import sigmoid
from ..verdict import Cause, CheckKind, Verdict
from . import vocab as V

__all__ = ["TRIED", "generic_names", "as_activation", "combine", "two_names", "read_generic"]

TRIED = ("sigmoid", "tanh", "relu")   # the activations a generic g is checked under
_WEIGHTED = ("z", "Z")


def _is_weighted_input(u) -> bool:
    """z^l (a vector) or z^l_j (a component)."""
    return isinstance(u, (V.Q, V.Comp)) and u.qname in _WEIGHTED


def _own_layer(name: str, u) -> bool:
    """A function named with a layer label (``f^{(L-2)}``, ``g^l``) is that layer's activation: it
    is read as the activation of its argument's layer only when the label is that layer."""
    if "^" not in name:
        return True
    label = name.split("^", 1)[1].strip("(){} ").replace(" ", "")
    return label == str(u.layer).replace(" ", "")


def _applications(e):
    """``(name, argument, order)`` of each undefined function (order 0) or its first
    derivative (order 1) applied to a weighted input in ``e`` (of its own layer, :func:`_own_layer`)."""
    if not isinstance(e, sp.Basic):
        return
    for f in e.atoms(AppliedUndef):
        if len(f.args) == 1 and _is_weighted_input(f.args[0]) and _own_layer(f.func.__name__, f.args[0]):
            yield f.func.__name__, f, 0
    for s in e.atoms(sp.Subs):
        d, (x,), (u,) = s.args[0], s.args[1], s.args[2]
        if (isinstance(d, sp.Derivative) and isinstance(d.expr, AppliedUndef) and d.expr.args == (x,)
                and d.variables == (x,) and _is_weighted_input(u) and _own_layer(d.expr.func.__name__, u)):
            yield d.expr.func.__name__, s, 1
    for d in e.atoms(sp.Derivative):
        if (isinstance(d.expr, AppliedUndef) and len(d.expr.args) == 1 and _is_weighted_input(d.expr.args[0])
                and d.variables == d.expr.args and _own_layer(d.expr.func.__name__, d.expr.args[0])):
            yield d.expr.func.__name__, d, 1


def generic_names(*sides) -> tuple:
    """The names of the undefined functions applied to weighted inputs on the sides, sorted."""
    return tuple(sorted({name for side in sides for name, _, _ in _applications(side)}))


def as_activation(e, name: str):
    """``e`` with g(z) read as σ(z) and g'(z) as σ'(z), for the undefined function ``name``."""
    if not isinstance(e, sp.Basic):
        return e
    swap = {}
    for n, node, order in _applications(e):
        if n != name:
            continue
        u = node.args[2][0] if isinstance(node, sp.Subs) else (node.expr.args[0] if order else node.args[0])
        swap[node] = V.SigmaD(u, 1) if order else sigmoid(u)
    return e.xreplace(swap) if swap else e


def read_generic(parts) -> list:
    """``parts`` with the one generic activation read as σ (unchanged when there are none, or two names)."""
    names = generic_names(*parts)
    return [as_activation(p, names[0]) for p in parts] if len(names) == 1 else list(parts)


def combine(name: str, by_activation: dict) -> Verdict:
    """The verdict on a step with the generic activation ``name`` from its verdicts under
    each activation tried (``{activation: Verdict}``, in :data:`TRIED` order)."""
    kinds = {a: v.verdict for a, v in by_activation.items()}
    tried = ", ".join(by_activation)
    held = [a for a, k in kinds.items() if k == "correct"]
    if len(held) >= 2 and "incorrect" not in kinds.values():  # an activation left unchecked refutes nothing
        tried = ", ".join(held)
        return Verdict.correct(CheckKind.NETWORKS, f"with {name} the network's activation, whatever it is: "
                               f"both sides agree on random networks with each of {tried}")
    if len(kinds) >= 2 and all(k == "incorrect" for k in kinds.values()):
        first = next(iter(by_activation.values()))
        example = dict(first.counterexample or {})
        example["activations tried"] = list(by_activation)
        return Verdict.incorrect(first.check or CheckKind.NETWORKS,
                                 f"with {name} the network's activation, the step fails under every activation "
                                 f"tried ({tried}): {first.reason}", counterexample=example, hint=first.hint)
    said = "; ".join(f"{a}: {v.verdict}" + (f" ({v.reason[:80]})" if v.verdict == "unchecked" else "")
                     for a, v in by_activation.items())
    return Verdict.unchecked(Cause.AMBIGUOUS if "correct" in kinds.values() and "incorrect" in kinds.values()
                             else Cause.UNSUPPORTED,
                             f"{name} read as the network's activation, whatever it is: {said}")


def two_names(names) -> Verdict:
    """Two undefined functions on weighted inputs in one step: not both the activation."""
    return Verdict.unchecked(Cause.UNSUPPORTED, f"{' and '.join(names)} are different functions of the weighted "
                             "input: which of them is the activation is not said")
