"""Exact derivatives between the quantities of a random network, through the layers.

For the network attached to an :class:`.evaluate.Env` (``count`` networks of one
example each), :func:`derivative` gives ∂X^m/∂Y^n in numerator layout (rows follow X),
from the forward pass (never finite differences):

- ∂z^{k}/∂z^{k-1} = W^{k} A'(k-1), where A'(l) = ∂a^l/∂z^l is diag(σ'(z^l)) (or the
  softmax Jacobian on a softmax layer); ∂z^m/∂z^n is their product for m > n, I for m = n;
- ∂a^m/∂Y = A'(m) ∂z^m/∂Y;  ∂z^m/∂a^n = ∂z^m/∂z^{n+1} W^{n+1} (m > n);
- ∂z^m/∂b^n = ∂z^m/∂z^n (n ≤ m);  ∂z^m/∂w^n_{pq} = (∂z^m/∂z^n)[:, p] a^{n-1}_q (n ≤ m);
- by a parameter of a later layer (n > m), and of a parameter (w, b) by anything other
  than itself: exactly 0 (parameters are independent of each other and of earlier layers).
  These are the only zeros: a derivative of a quantity by a later quantity (∂z^2/∂z^3) is
  not modelled (:class:`Unsupported`).

Shapes: X^m is n_m long (a matrix w^m is read entry by entry, as ``vec``); a derivative by
a vector Y^n is (count, n_X, n_n); by a weight w^n_{pq} (count, n_X, 1). Layer 1 is the
input (a^1 = x, no z, w, b).
"""

from __future__ import annotations

import numpy as np

from .base import Unsupported

QUANTITIES = ("a", "z")          # what depends on the parameters
PARAMETERS = ("w", "b")          # independent variables


def _eye(env, n: int):
    return np.broadcast_to(np.eye(n), (env.count, n, n))


def _zeros(env, rows: int, cols: int):
    return np.zeros((env.count, rows, cols))


def _single_example(env) -> None:
    if env.net[1][0][0].shape[-1] != 1:
        raise Unsupported("a derivative between network quantities on a mini-batch (one per example)")


def _check_layer(env, name: str, layer: int) -> None:
    depth = len(env.net[0].sizes)
    if not 1 <= layer <= depth:
        raise Unsupported(f"{name}^{layer}: the network has layers 1..{depth}")
    if name in ("z", "w", "b") and layer < 2:
        raise Unsupported(f"{name}^{layer}: the input layer has no {name}")


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


def z_by_z(env, m: int, n: int):
    """∂z^m/∂z^n for m ≥ n ≥ 2: (count, n_m, n_n)."""
    out = _eye(env, env.size(n))
    for k in range(n + 1, m + 1):
        out = env.quantity("w", k) @ activation_jacobian(env, k - 1) @ out
    return out


def _quantity_by(env, top: str, m: int, inner):
    """∂top^m/∂Y from ``inner(m)`` = ∂z^m/∂Y: a^m picks up its activation's Jacobian."""
    if top == "z":
        return inner(m)
    if m == 1:  # a^1 = x, the input: it depends on no parameter (callers handle a^1 by a^1)
        raise Unsupported("the input a^1 depends on no network quantity")
    return activation_jacobian(env, m) @ inner(m)


def derivative(env, top: str, m: int, wrt: str, n: int, weight=None):
    """∂top^m/∂wrt^n, numerator layout. ``weight`` = (p, q): by the one weight w^n_{pq}
    ((count, n_top, 1)); a derivative by a whole matrix w^n needs it to have one entry."""
    _single_example(env)
    _check_layer(env, top, m)
    _check_layer(env, wrt, n)
    if top not in QUANTITIES + PARAMETERS or wrt not in QUANTITIES + PARAMETERS:
        raise Unsupported(f"∂{top}^{m}/∂{wrt}^{n}: this derivative is not modelled")
    rows = _rows(env, top, m)
    if wrt == "w" and weight is None:
        if env.size(n) * env.size(n - 1) != 1:
            raise Unsupported(f"∂{top}^{m}/∂w^{n}: a derivative by a weight matrix has three indices "
                              "(write it with components, ∂X/∂w^l_jk)")
        weight = (1, 1)
    cols = 1 if wrt == "w" else env.size(n)
    if top in PARAMETERS:  # a parameter depends on itself only
        if top != wrt or m != n:
            return _zeros(env, rows, cols)
        if top == "b":
            return _eye(env, rows)
        out = _zeros(env, rows, cols)
        p, q = weight
        out[:, (p - 1) * env.size(n - 1) + (q - 1), 0] = 1.0
        return out
    if top == wrt and m == n:
        return _eye(env, rows)
    if wrt in PARAMETERS and (n > m or m == 1):  # a later layer's parameter: exactly 0
        return _zeros(env, rows, cols)
    if wrt == "z" and m >= n:
        return _quantity_by(env, top, m, lambda k: z_by_z(env, k, n))
    if wrt == "b":
        return _quantity_by(env, top, m, lambda k: z_by_z(env, k, n))
    if wrt == "w":
        p, q = weight
        if not (1 <= p <= env.size(n) and 1 <= q <= env.size(n - 1)):
            raise Unsupported(f"index ({p}, {q}) out of range")
        a_prev = env.quantity("a", n - 1)[:, q - 1:q, :]  # (count, 1, 1)
        return _quantity_by(env, top, m, lambda k: z_by_z(env, k, n)[:, :, p - 1:p] * a_prev)
    if wrt == "a" and m > n:
        return _quantity_by(env, top, m, lambda k: z_by_z(env, k, n + 1) @ env.quantity("w", n + 1))
    raise Unsupported(f"∂{top}^{m}/∂{wrt}^{n}: {top}^{m} does not come after {wrt}^{n} in the forward pass "
                      "(not modelled)")


def _rows(env, name: str, layer: int) -> int:
    if name == "w":
        return env.size(layer) * env.size(layer - 1)
    return env.size(layer)
