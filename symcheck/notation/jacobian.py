"""The numeric meaning of a component derivative ∂X^m_i/∂Y^n_j on random networks.

Exact Jacobian entries from the network's forward pass (never finite
differences), as arrays of shape (count, 1, 1), for any a, z, w, b of one layer by
any a, z, w, b of another: the entries of :func:`.chain.derivative` (∂a^l_k/∂z^l_j =
σ'(z^l_j) δ_kj, or the softmax Jacobian; ∂z^{l+1}_j/∂a^l_k = w^{l+1}_{jk};
∂z^m_j/∂w^n_{pq} through the layers; 0 by a later layer's parameter). A weight w^l_{jk}
is entry (j-1)·n_{l-1} + k of vec(w^l). The input x is a^1.

What :mod:`.chain` does not model raises :class:`Unsupported`. ``env`` is an
:class:`symcheck.notation.evaluate.Env` with a network attached.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from . import vocab as V
from .base import Unsupported
from .chain import PARAMETERS, QUANTITIES, activation_jacobian, derivative  # noqa: F401 -- re-exported
from .derivatives import NUMERATOR, DerivativeOf, Jacobian
from .evaluate import numpy_rule
from .network_diff import differentiate
from .one_neuron import scalar_layers, scalar_sides  # noqa: F401 -- re-exported for the meaning layer

MAX_COMBINATIONS = 64   # assignments of values to the free indices that are tried, at most


def index_combinations(env, *sides, limit: int = MAX_COMBINATIONS) -> list:
    """Every assignment ``{k: value}`` of the free indices of ``sides`` over their ranges
    (at most ``limit``; ``[{}]`` without indices): an identity in j, k must hold at every j, k,
    except where the step states a condition on them (``env.ctx.index_conditions``,
    :mod:`.conditions`): then at every assignment that satisfies it. Raises
    :class:`.conditions.NoAssignment` when no assignment does."""
    import itertools

    from .conditions import NoAssignment, admits

    ranges = env.index_ranges(*sides)
    conditions = tuple(getattr(env.ctx, "index_conditions", ()))
    for c in conditions:  # an index only a condition names (the j of a branch k = j) runs with its partner
        named = sorted(c.free_symbols, key=str)
        for s in named:
            partner = next((ranges[o] for o in named if o in ranges), None)
            if s not in ranges and partner is not None:
                ranges[s] = partner
    combos = (dict(zip(ranges, c)) for c in itertools.product(*[range(1, n + 1) for n in ranges.values()]))
    out = list(itertools.islice((c for c in combos if admits(conditions, c)), limit))
    if not out:
        raise NoAssignment("no value of the free indices satisfies the step's condition")
    return out


def _index(env, i) -> int:
    return int(sp.sympify(i, strict=True).subs(env.index_values))


def _entry(mat, j, k):
    """mat[:, j-1, k-1] as (count, 1, 1); an index out of range is Unsupported."""
    if not (1 <= j <= mat.shape[-2] and 1 <= k <= mat.shape[-1]):
        raise Unsupported(f"index ({j}, {k}) out of range")
    return mat[:, j - 1:j, k - 1:k]


def _named(env, q):
    """(name, layer) of a layered quantity; the input x is a^1."""
    if q.qname == "x":
        return "a", 1
    if q.qname not in QUANTITIES + PARAMETERS:
        raise Unsupported(f"a derivative of or by {q.qname}: only a, z, w, b are modelled")
    return q.qname, env.layer(q.layer)


def vector_jacobian(top, wrt, env):
    """∂top/∂wrt for layered vectors (:class:`.vocab.Q`), numerator layout: (count, n_top, n_wrt)
    (by a weight matrix only when it has one entry: a network of one neuron per layer)."""
    if not env.net or not (isinstance(top, V.Q) and isinstance(wrt, (V.Q, V.Comp))):
        raise Unsupported("a derivative of a vector other than by a layered vector or a component")
    (t, m), (w, n) = _named(env, top), _named(env, wrt)
    if t == "w" and env.size(m) * env.size(m - 1) != 1:
        raise Unsupported(f"∂w^{m}/∂{w}^{n}: a derivative of a weight matrix has three indices")
    if isinstance(wrt, V.Q):
        return derivative(env, t, m, w, n)
    wi = [_index(env, i) for i in wrt.indices]  # by a component: the column (count, n_top, 1)
    if len(wi) != (2 if w == "w" else 1):
        raise Unsupported(f"∂{top}/∂{wrt}: a component needs one index (two for a weight)")
    if w == "w":
        return derivative(env, t, m, w, n, weight=(wi[0], wi[1]))
    full = derivative(env, t, m, w, n)
    if not 1 <= wi[0] <= full.shape[-1]:
        raise Unsupported(f"index {wi[0]} out of range")
    return full[:, :, wi[0] - 1:wi[0]]


def partial_value(top, wrt, env):
    """∂top/∂wrt for components ``top`` and ``wrt`` (:class:`.vocab.Comp`) of the attached networks:
    an exact entry of :func:`.chain.derivative`, (count, 1, 1)."""
    if env.net and isinstance(wrt, V.Comp) and isinstance(top, sp.Expr) and top.is_commutative and \
            not isinstance(top, V.Comp):  # ∂(expression of components)/∂Y: carried out (.network_diff)
        return env.ev(differentiate(top, wrt))
    if not env.net or not (isinstance(top, V.Comp) and isinstance(wrt, V.Comp)):
        raise Unsupported("a derivative other than of a network component by a network component")
    (t, m), (w, n) = _named(env, top), _named(env, wrt)
    ti, wi = [_index(env, i) for i in top.indices], [_index(env, i) for i in wrt.indices]
    if len(ti) != (2 if t == "w" else 1) or len(wi) != (2 if w == "w" else 1):
        raise Unsupported(f"∂{top}/∂{wrt}: a component needs one index (two for a weight)")
    row = ti[0]
    if t == "w":
        if not (1 <= ti[0] <= env.size(m) and 1 <= ti[1] <= env.size(m - 1)):
            raise Unsupported(f"index ({ti[0]}, {ti[1]}) out of range")
        row = (ti[0] - 1) * env.size(m - 1) + ti[1]
    if w == "w":
        return _entry(derivative(env, t, m, w, n, weight=(wi[0], wi[1])), row, 1)
    return _entry(derivative(env, t, m, w, n), row, wi[0])


@numpy_rule.register(sp.core.function.AppliedUndef)
def _(e, env):
    if type(e).__name__ == "Partial" and len(e.args) == 2:  # ∂a^L_k/∂z^L_j: an exact Jacobian entry
        return partial_value(e.args[0], e.args[1], env)
    raise Unsupported(f"cannot evaluate {type(e).__name__}")


@numpy_rule.register(Jacobian)
def _(e, env):  # ∂X/∂Y of layered vectors (DerivativeOf registers its own rule below)
    out = vector_jacobian(e.args[0], e.args[1], env)
    return out if int(e.args[2]) == NUMERATOR else np.swapaxes(out, -1, -2)


@numpy_rule.register(DerivativeOf)
def _(e, env):  # ∂/∂Y (u): carried out in numerator layout, transposed as a whole
    out = env.ev(differentiate(e.args[0], e.args[1]))
    return out if int(e.args[2]) == NUMERATOR else np.swapaxes(out, -1, -2)


@numpy_rule.register(sp.Subs)
def _(e, env):  # f'(u) of a function the write-up leaves undefined: a clear cause, not "cannot evaluate Subs"
    d, at = e.args[0], ", ".join(str(a) for a in e.args[2])
    if not (isinstance(d, sp.Derivative) and isinstance(d.expr, sp.core.function.AppliedUndef)):
        raise Unsupported("cannot evaluate Subs")
    name = d.expr.func.__name__
    head, _, label = name.partition("^")
    layer = getattr(e.args[2][0], "layer", None) if len(e.args[2]) == 1 else None
    if label and layer is not None and label.strip("(){} ").replace(" ", "") != str(layer).replace(" ", ""):
        raise Unsupported(f"{head}'^{label}({at}): the derivative of the function named for layer {label.strip('()')} "
                          f"at the weighted input of layer {layer}; a write-up that gives its layers activations "
                          "of their own leaves which function that is open, so it is not evaluated")
    raise Unsupported(f"{name}'({at}): the derivative of a function the write-up does not define, not evaluated")
