"""The numeric meaning of a component derivative ∂X^m_i/∂Y^n_j on random networks.

Exact Jacobian entries from the network's forward pass (never finite
differences), as arrays of shape (count, 1, 1):

- ∂a^l_k/∂z^l_j = σ'(z^l_j) δ_kj for an elementwise activation, and the
  softmax Jacobian a_k(δ_kj − a_j) on a softmax layer (the core's ``jacobian``);
- ∂z^{l+1}_j/∂a^l_k = w^{l+1}_{jk};
- ∂z^l_j/∂b^l_k = δ_jk;  ∂z^l_j/∂w^l_{pq} = δ_jp a^{l-1}_q.

Any other pair raises :class:`Unsupported`. ``env`` is an
:class:`symcheck.notation.evaluate.Env` with a network attached.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from . import vocab as V
from .base import Unsupported
from .evaluate import numpy_rule

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


def activation_jacobian(env, layer: int):
    """∂a^l/∂z^l on each network: (count, n_l, n_l)."""
    from ..core import ACTIVATIONS

    stack, (zs, acts), _ = env.net
    if layer < 2:
        raise Unsupported("the input layer has no z")
    name = stack.activations[layer - 2] if len(stack.activations) >= layer - 1 else stack.activations[-1]
    act = ACTIVATIONS[name]
    z = zs[layer - 2]
    if z.shape[-1] != 1:
        raise Unsupported("a Jacobian on a mini-batch (one per example)")
    if act.elementwise:
        d = act.fprime(z)[:, :, 0]
        return np.einsum("cj,jk->cjk", d, np.eye(d.shape[1]))
    return act.jacobian(z)[:, 0]


def vector_jacobian(top, wrt, env):
    """∂top/∂wrt for layered vectors (:class:`.vocab.Q`), numerator layout: (count, n_top, n_wrt)."""
    if not env.net or not (isinstance(top, V.Q) and isinstance(wrt, V.Q)):
        raise Unsupported("a derivative of a vector other than by a layered vector")
    m, n = env.layer(top.layer), env.layer(wrt.layer)
    pair = (top.qname, wrt.qname)
    if pair == ("a", "z") and m == n:
        return activation_jacobian(env, m)
    if pair == ("z", "a") and m == n + 1:
        return env.quantity("w", m)
    if pair == ("z", "b") and m == n:
        return np.broadcast_to(np.eye(env.size(m)), (env.count, env.size(m), env.size(m)))
    if pair in (("a", "a"), ("z", "z"), ("b", "b")) and m == n:
        return np.broadcast_to(np.eye(env.size(m)), (env.count, env.size(m), env.size(m)))
    raise Unsupported(f"∂{top.qname}^{m}/∂{wrt.qname}^{n}: this Jacobian is not modelled")


def partial_value(top, wrt, env):
    """∂top/∂wrt for components ``top`` and ``wrt`` (:class:`.vocab.Comp`) of the attached networks."""
    if not env.net or not (isinstance(top, V.Comp) and isinstance(wrt, V.Comp)):
        raise Unsupported("a derivative other than of a network component by a network component")
    m, n = env.layer(top.layer), env.layer(wrt.layer)
    ti, wi = [_index(env, i) for i in top.indices], [_index(env, i) for i in wrt.indices]
    pair = (top.qname, wrt.qname)
    if pair == ("a", "z") and m == n and len(ti) == len(wi) == 1:
        return _entry(activation_jacobian(env, m), ti[0], wi[0])
    if pair == ("z", "a") and m == n + 1 and len(ti) == len(wi) == 1:
        return _entry(env.quantity("w", m), ti[0], wi[0])
    if pair == ("z", "b") and m == n and len(ti) == len(wi) == 1:
        return env.full(float(ti[0] == wi[0]))
    if env.net[1][0][0].shape[-1] != 1:
        raise Unsupported("a component derivative on a mini-batch (one per example)")
    if pair == ("z", "w") and m == n and len(ti) == 1 and len(wi) == 2:
        a_prev = env.quantity("a", m - 1)
        return (float(ti[0] == wi[0])) * _entry(a_prev, wi[1], 1)
    if top.qname == wrt.qname and m == n and top.indices == wrt.indices:
        return env.full(1.0)
    raise Unsupported(f"∂{top.qname}^{m}/∂{wrt.qname}^{n}: this component derivative is not modelled")


@numpy_rule.register(sp.core.function.AppliedUndef)
def _(e, env):
    if type(e).__name__ == "Partial" and len(e.args) == 2:  # ∂a^L_k/∂z^L_j: an exact Jacobian entry
        return partial_value(e.args[0], e.args[1], env)
    raise Unsupported(f"cannot evaluate {type(e).__name__}")
