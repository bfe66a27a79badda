"""Central differences along every parameter axis, as extra batch columns.

Perturbing one parameter θ_p = w^l_jk by ±h changes only one entry of one
weight matrix, so the 2P perturbed networks do not need 2P weight stacks:
they are the SAME network run on a batch of 2P·m columns (2P copies of the
m examples), with the perturbation added to z where it enters,

    z^l_j  ←  z^l_j ± h · a^{l-1}_k      (θ_p = w^l_jk)
    z^l_j  ←  z^l_j ± h                  (θ_p = b^l_j)

in the copies belonging to p, and carried forward through every later layer
by the ordinary forward pass. Each layer is then one matrix product
(n_l, n_{l-1}) @ (n_{l-1}, 2P·m) and one indexed add, whatever P is. The
costs are those of the perturbed networks -- the cost function is evaluated,
not differentiated -- and the regularisation term is recomputed for the one
weight that moved.

Column layout: every array is (n, 2P·m); viewed as (n, 2P, m), copy s < P
is θ + h e_s and copy P + s is θ - h e_s, each with the m examples in order.
Parameters are numbered as :func:`symcheck.core.gradcheck.flatten` numbers
them: all weights layer by layer (row-major), then all biases.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .activations import ACTIVATIONS
from .costs import COSTS, REGULARISERS, VALUE_FROM_Z

Array = np.ndarray

KINKED = ("relu",)  # activations with a kink (at z = 0)
# At most this many numbers in one layer's (n, 2K·m) array: 2^22 floats, 32 MB.
# Bigger networks or batches are differenced a chunk of parameters at a time.
MAX_FLOATS = 1 << 22


@lru_cache(maxsize=256)
def _entries(sizes: tuple) -> tuple:
    """Per parameter p in flatten order: ``group`` (layer index i for a weight
    of w^{i+2}, L + i for a bias of b^{i+2}; non-decreasing in p) and its
    entry (j, k) in that matrix (k = 0 for a bias). Arrays of length P."""
    L, group, j, k = len(sizes) - 1, [], [], []
    for bias in (False, True):
        for i, (n_in, n_l) in enumerate(zip(sizes[:-1], sizes[1:])):
            cols = 1 if bias else n_in
            jj, kk = np.divmod(np.arange(n_l * cols), cols)
            group.append(np.full(n_l * cols, L * bias + i))
            j.append(jj)
            k.append(kk)
    return tuple(_frozen(np.concatenate(a)) for a in (group, j, k))


def _frozen(a: Array) -> Array:
    a.flags.writeable = False
    return a


def _scatter(sizes: tuple, params, m: int) -> tuple:
    """Flat indices of each layer's perturbations in the (n, 2, K, m) layout
    (row, ± copy, perturbed parameter r < K, example): per layer i, for its
    weights (into z^l, from a^{l-1}, into the (2K,) signed steps) and for its
    biases (into z^l, into the signed steps). ``params``: the perturbed
    parameters (sorted), or None for all of them."""
    group, j, k = _entries(sizes) if params is None else (a[params] for a in _entries(sizes))
    K, L = len(group), len(sizes) - 1
    copy = np.arange(2)[None, :, None] * K + np.arange(K)[:, None, None]   # (K, 2, 1): r, K + r
    column = copy * m + np.arange(m)                                        # (K, 2, m)
    into_z = (j[:, None, None] * 2 * K) * m + column                        # row j of copy r / K + r
    from_a = (k[:, None, None] * 2 * K) * m + column                        # row k of the same copy
    step = np.broadcast_to(copy, column.shape)
    bounds = np.searchsorted(group, np.arange(2 * L + 1))                   # where each group starts
    out = []
    for i in range(L):
        w, b = slice(bounds[i], bounds[i + 1]), slice(bounds[L + i], bounds[L + i + 1])
        out.append(tuple(_frozen(np.ravel(t)) for t in
                         (into_z[w], from_a[w], step[w], into_z[b], step[b])))
    return tuple(out)


@lru_cache(maxsize=1024)
def _all_scatter(sizes: tuple, m: int) -> tuple:
    return _scatter(sizes, None, m)


def axis_cost_pairs(weights, biases, activations, cost, reg, lmbda, n, x, y, params, steps):
    """C(θ + steps[r] e_p) and C(θ - steps[r] e_p) for p = params[r], each of
    shape (K,), and per r whether the segment between them crosses a kink
    (a relu pre-activation changing sign, or under L1 the weight itself).

    weights/biases/x (n_1, m)/y (n_L, m) as in :mod:`symcheck.core.network`
    (no leading axes); ``params`` a sorted int array of parameter indices
    in flatten order, or None for all P of them (``steps`` then (P,))."""
    sizes = tuple([weights[0].shape[1]] + [w.shape[0] for w in weights])
    m = x.shape[1]
    K = len(steps)
    plan = _all_scatter(sizes, m) if params is None else _scatter(sizes, params, m)
    signed = np.concatenate([steps, -steps])               # (2K,): the + copies, then the - copies
    a = np.repeat(x[:, None, :], 2 * K, axis=1).reshape(x.shape[0], -1)   # (n_1, 2K·m)
    kink = np.zeros(K, dtype=bool)
    for w, b, name, (zw, aw, sw, zb, sb) in zip(weights, biases, activations, plan):
        z = w @ a                                          # z^l = w^l a^{l-1} + b^l ...
        z += b
        flat = z.reshape(-1)                               # a view: (n, ±, copy, example) raveled
        flat[zw] += signed[sw] * a.reshape(-1)[aw]         # ... ± h a^{l-1}_k in row j of the copy
        flat[zb] += signed[sb]                             # ... ± h in row j of the copy
        if name in KINKED:
            z4 = z.reshape(-1, 2, K, m)
            kink |= np.logical_or.reduce((z4[:, 0] > 0) != (z4[:, 1] > 0), axis=(0, 2))
        a = ACTIVATIONS[name].f(z)
    y_all = np.repeat(y[:, None, :], 2 * K, axis=1).reshape(y.shape[0], -1)   # like a: (n_L, 2K·m)
    fused = VALUE_FROM_Z.get((cost, activations[-1]))
    c_x = fused(z, y_all) if fused else COSTS[cost].value(a, y_all)     # (2K·m,)
    c = np.add.reduce(c_x.reshape(2 * K, m), axis=-1) / m  # the mean over each copy's examples
    if reg != "none":
        c += _penalty_change(weights, reg, lmbda, n, sizes, params, signed, kink)
    return c[:K], c[K:], kink


def _penalty_change(weights, reg, lmbda, n, sizes, params, signed, kink):
    """The regularisation term of each copy (2K,): the unperturbed term plus
    the change of the one perturbed weight's own penalty (none for a bias).
    Marks an L1 weight whose ±h segment crosses 0 as kinked (in place)."""
    regulariser = REGULARISERS[reg]
    # weights come first in flatten order: a weight's parameter index is its
    # index in all the weight matrices raveled one after another
    flat = np.concatenate([w.ravel() for w in weights])
    signed = signed.reshape(2, -1)                          # (±, K)
    if params is None:
        wi = slice(0, flat.size)                            # the first P_w parameters are the weights
        w_p = flat
    else:
        wi = np.flatnonzero(params < flat.size)
        w_p = flat[params[wi]]
    moved = w_p + signed[:, wi]                             # (2, K_w): w_p + h, w_p - h
    change = np.zeros_like(signed)
    change[:, wi] = regulariser.entry(moved, lmbda, n) - regulariser.entry(w_p, lmbda, n)
    if reg == "L1":
        kink[wi] |= np.sign(moved[0]) != np.sign(moved[1])
    return regulariser.entry(flat, lmbda, n).sum() + change.ravel()


def axis_central(fields, x, y, h, kink_retry, max_floats: int = MAX_FLOATS):
    """(C(θ + h e_p) - C(θ - h e_p)) / 2h for every parameter p, shape (P,);
    parameters whose ±h segment crosses a kink are redone at h / kink_retry.
    ``fields`` = (weights, biases, activations, cost, reg, lmbda, n). The
    parameters are taken in chunks small enough that no layer's array holds
    more than ``max_floats`` numbers (all at once for a small network).
    Returns (slopes, steps used, still kinked, max(|C+|, |C-|)), each (P,)."""
    weights, biases = fields[0], fields[1]
    P = sum(w.size + b.size for w, b in zip(weights, biases))
    per = max(1, max_floats // (2 * x.shape[1] * max(x.shape[0], *(w.shape[0] for w in weights))))
    steps = np.full(P, h)
    c_plus, c_minus, kink = _chunked(fields, x, y, None if P <= per else np.arange(P), steps, per)
    if kink.any():
        idx = np.flatnonzero(kink)
        steps[idx] = h / kink_retry
        c_plus[idx], c_minus[idx], kink[idx] = _chunked(fields, x, y, idx, steps[idx], per)
    size = np.maximum(np.abs(c_plus), np.abs(c_minus))
    return (c_plus - c_minus) / (2 * steps), steps, kink, size


def _chunked(fields, x, y, params, steps, per):
    """:func:`axis_cost_pairs` over ``params`` (None: all, in one call) in
    chunks of at most ``per`` parameters, results concatenated."""
    if params is None or len(params) <= per:
        return axis_cost_pairs(*fields, x, y, params, steps)
    parts = [axis_cost_pairs(*fields, x, y, params[i:i + per], steps[i:i + per])
             for i in range(0, len(params), per)]
    return tuple(np.concatenate(p) for p in zip(*parts))
