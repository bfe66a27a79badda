"""Central differences along every parameter axis, as extra batch columns.

Perturbing one parameter θ_p = w^l_jk by ±h changes only one entry of one
weight matrix, so the 2P perturbed networks do not need 2P weight stacks:
they are the SAME network run on a batch of 2P·m columns (2P copies of the
m examples), with the perturbation added to z where it enters,

    z^l_j  ←  z^l_j ± h · a^{l-1}_k      (θ_p = w^l_jk)
    z^l_j  ←  z^l_j ± h                  (θ_p = b^l_j)

in the copies belonging to p, and carried forward through every later layer
by the ordinary forward pass. Each layer is then one matrix product
(n_l, n_{l-1}) @ (n_{l-1}, 2P·m) and two indexed adds, whatever P is. The
costs are those of the perturbed networks -- the cost function is evaluated,
not differentiated -- and the regularisation term is recomputed for the one
weight that moved.

Column layout: every array is (n, 2P·m); viewed as (n, 2P, m), copy s < P
is θ + h e_s and copy P + s is θ - h e_s, each with the m examples in order.
Parameters are numbered as :func:`symcheck.core.gradcheck.flatten` numbers
them: all weights layer by layer (row-major), then all biases. The flat
indices of the perturbed entries depend only on the layer sizes and m; for
small networks they are kept (an LRU cache of at most 40 MB), so a network
shape seen before costs no index arithmetic.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .activations import ACTIVATIONS
from .costs import COSTS, REGULARISERS, VALUE_FROM_Z
from .network import parameter_count

Array = np.ndarray

KINKED = ("relu",)  # activations with a kink (at z = 0)
# At most this many numbers in one layer's (n, 2K·m) array: 2^22 floats, 32 MB.
# Bigger networks or batches are differenced a chunk of parameters at a time.
MAX_FLOATS = 1 << 22
# Index plans are cached, for up to PLAN_CACHE_SIZE network shapes, when the
# problem has at most PLAN_CACHE_LIMIT copies × examples (P·m): an entry then
# takes under 40 kB, the whole cache under 40 MB.
PLAN_CACHE_LIMIT = 1024
PLAN_CACHE_SIZE = 1024


def _entries(sizes: tuple) -> tuple:
    """Per parameter p in flatten order: ``group`` (layer index i for a weight
    of w^{i+2}, L + i for a bias of b^{i+2}; non-decreasing in p) and its
    entry (j, k) in that matrix (k = 0 for a bias). Arrays of length P."""
    n = np.asarray(sizes)
    L = len(n) - 1
    cols = np.concatenate([n[:-1], np.ones(L, dtype=n.dtype)])   # w^l: n_{l-1} columns; b^l: 1
    counts = np.concatenate([n[1:], n[1:]]) * cols                # entries per group
    group = np.repeat(np.arange(2 * L), counts)
    local = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    j, k = np.divmod(local, np.repeat(cols, counts))              # row-major within the matrix
    return group, j, k


def _scatter(sizes: tuple, params, m: int) -> tuple:
    """Flat indices of each layer's perturbations in the (n, 2, K, m) layout
    (row, ± copy, perturbed parameter r < K, example): per layer i, for its
    weights (into z^l, from a^{l-1}, which of the 2K signed steps) and for
    its biases (into z^l, which step); each a view, shape (count, 2, m) or
    (count, 2, 1) for the steps. ``params``: the perturbed parameters
    (sorted), or None for all of them."""
    group, j, k = _entries(sizes) if params is None else (a[params] for a in _entries(sizes))
    K, L = len(group), len(sizes) - 1
    copy = np.arange(2)[None, :, None] * K + np.arange(K)[:, None, None]   # (K, 2, 1): r, K + r
    column = copy * m + np.arange(m)                                        # (K, 2, m)
    into_z = (j[:, None, None] * 2 * K) * m + column                        # row j of copy r / K + r
    from_a = (k[:, None, None] * 2 * K) * m + column                        # row k of the same copy
    bounds = np.searchsorted(group, np.arange(2 * L + 1)).tolist()          # where each group starts
    out = []
    for i in range(L):
        w, b = slice(bounds[i], bounds[i + 1]), slice(bounds[L + i], bounds[L + i + 1])
        out.append((into_z[w], from_a[w], copy[w], into_z[b], copy[b]))
    return tuple(out)


@lru_cache(maxsize=PLAN_CACHE_SIZE)
def _all_scatter(sizes: tuple, m: int) -> tuple:
    """:func:`_scatter` for every parameter, kept (see PLAN_CACHE_LIMIT)."""
    plan = _scatter(sizes, None, m)
    for layer in plan:
        for index in layer:
            index.flags.writeable = False                  # shared between calls
    return plan


def axis_cost_pairs(weights, biases, activations, cost, reg, lmbda, n, x, y, params, steps):
    """C(θ + steps[r] e_p) and C(θ - steps[r] e_p) for p = params[r], each of
    shape (K,), and per r whether the segment between them crosses a kink
    (a relu pre-activation changing sign, or under L1 the weight itself).

    weights/biases/x (n_1, m)/y (n_L, m) as in :mod:`symcheck.core.network`
    (no leading axes); ``params`` a sorted int array of parameter indices
    in flatten order, or None for all P of them with one step h = ``steps``
    (a float)."""
    sizes = tuple([weights[0].shape[1]] + [w.shape[0] for w in weights])
    m = x.shape[1]
    if params is None:                                     # copy r perturbs parameter r by ±h
        K = parameter_count(sizes)
        signed = np.array([steps, -steps])[:, None]        # (±, 1): the same h for every copy
        plan = _all_scatter(sizes, m) if K * m <= PLAN_CACHE_LIMIT else _scatter(sizes, None, m)
        pm = signed[None]                                  # (1, ±, 1): broadcasts over (count, ±, m)
    else:
        K = len(params)
        signed = np.stack([steps, -steps])                 # (±, K)
        plan = _scatter(sizes, params, m)
        each = signed.ravel()                              # (2K,): copy s is perturbed by each[s]
    a = np.repeat(x[:, None, :], 2 * K, axis=1).reshape(x.shape[0], -1)   # (n_1, 2K·m)
    kink = np.zeros(K, dtype=bool)
    for w, b, name, (zw, aw, sw, zb, sb) in zip(weights, biases, activations, plan):
        z = w @ a                                          # z^l = w^l a^{l-1} + b^l ...
        z += b
        step_w, step_b = (pm, pm) if params is None else (each[sw], each[sb])
        flat = z.reshape(-1)                               # a view: (n, ±, copy, example) raveled
        flat[zw] += step_w * a.reshape(-1)[aw]             # ... + (±h) a^{l-1}_k in row j of the copy
        flat[zb] += step_b                                 # ... + (±h) in row j of the copy
        if name in KINKED:
            z4 = z.reshape(-1, 2, K, m)
            kink |= np.logical_or.reduce((z4[:, 0] > 0) != (z4[:, 1] > 0), axis=(0, 2))
        a = ACTIVATIONS[name].f(z)
    y_all = np.repeat(y[:, None, :], 2 * K, axis=1).reshape(y.shape[0], -1)   # like a: (n_L, 2K·m)
    fused = VALUE_FROM_Z.get((cost, activations[-1]))
    c_x = fused(z, y_all) if fused else COSTS[cost].value(a, y_all)     # (2K·m,)
    c = np.add.reduce(c_x.reshape(2 * K, m), axis=-1) / m  # the mean over each copy's examples
    if reg != "none":
        _add_penalty(c, weights, reg, lmbda, n, params, signed, kink)
    return c[:K], c[K:], kink


def _add_penalty(c, weights, reg, lmbda, n, params, signed, kink):
    """Add to the costs c (2K,) the regularisation term of each copy: the
    unperturbed term plus the change of the one perturbed weight's own
    penalty (none for a bias). ``signed`` (2, K) or (2, 1): the steps +h, -h.
    Marks an L1 weight whose ±h segment crosses 0 as kinked (in place)."""
    regulariser = REGULARISERS[reg]
    # weights come first in flatten order: a weight's parameter index is its
    # index in all the weight matrices raveled one after another
    flat = np.concatenate([w.ravel() for w in weights])
    own = regulariser.entry(flat, lmbda, n)                 # each weight's penalty
    c += own.sum()
    c = c.reshape(2, -1)                                    # a view: (±, K)
    if params is None:
        wi = slice(0, flat.size)                            # the first P_w parameters are the weights
        moved = flat + signed                               # (2, P_w): w_p + h, w_p - h
    else:
        wi = np.flatnonzero(params < flat.size)
        own = own[params[wi]]
        moved = flat[params[wi]] + signed[:, wi]
    c[:, wi] += regulariser.entry(moved, lmbda, n) - own
    if reg == "L1":
        kink[wi] |= np.sign(moved[0]) != np.sign(moved[1])


def axis_central(fields, x, y, h, kink_retry, max_floats: int = MAX_FLOATS):
    """(C(θ + h e_p) - C(θ - h e_p)) / 2h for every parameter p, shape (P,);
    parameters whose ±h segment crosses a kink are redone at h / kink_retry.
    ``fields`` = (weights, biases, activations, cost, reg, lmbda, n). The
    parameters are taken in chunks small enough that no layer's array holds
    more than ``max_floats`` numbers (all at once for a small network).
    Returns (slopes, steps used, still kinked, max(|C+|, |C-|)), each (P,)."""
    weights = fields[0]
    P = parameter_count([weights[0].shape[1]] + [w.shape[0] for w in weights])
    per = max(1, max_floats // (2 * x.shape[1] * max(x.shape[0], *(w.shape[0] for w in weights))))
    steps = np.full(P, h)
    if P <= per:
        c_plus, c_minus, kink = axis_cost_pairs(*fields, x, y, None, h)
    else:
        c_plus, c_minus, kink = _chunked(fields, x, y, np.arange(P), steps, per)
    if kink.any():
        idx = np.flatnonzero(kink)
        steps[idx] = h / kink_retry
        c_plus[idx], c_minus[idx], kink[idx] = _chunked(fields, x, y, idx, steps[idx], per)
    size = np.maximum(np.abs(c_plus), np.abs(c_minus))
    return (c_plus - c_minus) / (2 * steps), steps, kink, size


def _chunked(fields, x, y, params, steps, per):
    """:func:`axis_cost_pairs` over ``params`` in chunks of at most ``per``
    parameters, results concatenated."""
    if len(params) <= per:
        return axis_cost_pairs(*fields, x, y, params, steps)
    parts = [axis_cost_pairs(*fields, x, y, params[i:i + per], steps[i:i + per])
             for i in range(0, len(params), per)]
    return tuple(np.concatenate(p) for p in zip(*parts))
