"""Gradient checks: backprop against central differences of the cost.

``finite_difference_gradients`` (and ``gradient_check``) perturb each of the
P parameters by ±h and cost all 2P perturbed networks in one forward pass,
as 2P·m extra batch columns of the same network
(:mod:`symcheck.core.axis_differences`), not in a Python loop over parameters.

``random_direction_check`` checks a whole :class:`StackedNetworks` at once:
for each network a random unit direction d in parameter space, and the
directional derivative (C(θ+hd) - C(θ-hd))/2h against ⟨∇C, d⟩.

Parameters are flattened as all weights (layer by layer, row-major), then
all biases; ``flatten``/``unflatten`` keep any leading axes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from ..errors import LimitExceeded
from .axis_differences import KINKED, axis_central
from .network import (Gradients, Network, columns, backprop, cost_from_forward,
                      forward_arrays, parameter_count)
from .network import network_fields
from .random_nets import StackedNetworks, backprop_stacked

Array = np.ndarray

# How close is close enough. With h = 1e-6 a central difference has almost no
# truncation error (~h²) but a rounding error ~ eps·|C|/h: the two costs agree
# in all but their last digits. On 3000 random networks |backprop - finite
# difference| stayed below 4·eps·max(|C|, 1)/h; ``fd_noise`` allows twice
# that. An entry is compared relatively, to TOL, unless it is so small that
# TOL of it is below the noise: the floor of the relative error is
# noise / TOL (≈ 1.8e-4·max(|C|, 1) at the defaults). On 6000 random
# networks true backprop then stayed below 5e-6 (median ~1e-7); a wrong
# backprop is off by O(1). A difference whose ±h segment crosses a kink
# (relu at z = 0, |w| at w = 0 under L1) measures no derivative: it is
# redone with a smaller step, and left unchecked if that crosses one too.
FLOOR = 1e-8
TOL = 1e-5
ROUNDING_MARGIN = 8.0
MAX_PARAMS = 4096  # 2P perturbed forward passes: work grows as P² (memory is chunked)
KINK_RETRY = 100.0  # a difference across a kink is redone with step h / KINK_RETRY
EPS = float(np.finfo(float).eps)


def fd_noise(c, h: float):
    """The rounding allowance of a central difference with step h of a cost of
    value c: ROUNDING_MARGIN · eps · max(|c|, 1) / h (elementwise in c); nan
    where c is not finite, so that an infinite cost can never pass a check."""
    c = np.asarray(c, dtype=float)
    noise = np.maximum(np.abs(c), 1.0) * (ROUNDING_MARGIN * EPS) / h
    return np.where(np.isfinite(c), noise, np.nan)


def rel_error(u, v, floor=FLOOR) -> Array:
    """|u - v| / max(|u|, |v|, floor), elementwise; nan if either is nan.
    ``floor`` may be an array broadcasting against u and v."""
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    return np.abs(u - v) / np.fmax(np.maximum(np.abs(u), np.abs(v)), floor)


def flatten(weights: Sequence[Array], biases: Sequence[Array]) -> Array:
    """θ of shape (..., P): every weight matrix, then every bias vector."""
    lead = np.shape(weights[0])[:-2]
    return np.concatenate([p.reshape(*lead, -1) for p in (*weights, *biases)], axis=-1)


def unflatten(theta: Array, sizes: Sequence[int]) -> tuple[list, list]:
    """Inverse of :func:`flatten` for a network of ``sizes``; keeps leading axes."""
    lead, parts, start = theta.shape[:-1], [], 0
    for shape in _shapes(sizes):
        size = shape[0] * shape[1]
        parts.append(theta[..., start:start + size].reshape(*lead, *shape))
        start += size
    return parts[:len(sizes) - 1], parts[len(sizes) - 1:]


def _cost_pairs(theta, step, sizes, activations, cost, reg, lmbda, n, x, y):
    """C(θ + step) and C(θ - step) for each of the k rows of ``step`` (k, P),
    all 2k costs in one stacked evaluation; θ is (P,) or (k, P), x and y
    shared or with a leading k axis. Also, per row, whether the segment from
    θ - step to θ + step crosses a kink -- a relu pre-activation or (under
    L1) a weight changing sign -- where a central difference is no derivative."""
    k = step.shape[0]
    w, b = unflatten(np.concatenate([theta + step, theta - step]), sizes)
    both = lambda arr: np.concatenate([arr, arr]) if arr.ndim == 3 else arr  # noqa: E731
    zs, acts = forward_arrays(w, b, activations, both(x))
    c = cost_from_forward(zs, acts, w, activations, cost, reg, lmbda, n, both(y))
    kink = np.zeros(k, dtype=bool)
    for z, name in zip(zs, activations):
        if name in KINKED:
            kink |= np.any((z[:k] > 0) != (z[k:] > 0), axis=(-2, -1))
    if reg == "L1":
        for wl in w:
            kink |= np.any(np.sign(wl[:k]) != np.sign(wl[k:]), axis=(-2, -1))
    return c[:k], c[k:], kink


def _central(fields, theta, direction, h, sizes, x, y):
    """Central differences along each row of ``direction``; rows whose ±h
    segment crosses a kink are redone, in one more stacked call, with step
    h / KINK_RETRY. Returns (slopes, steps used, still kinked, |C| for the noise)."""
    c_plus, c_minus, kink = _cost_pairs(theta, h * direction, sizes, *fields, x, y)
    steps = np.full(direction.shape[0], h)
    if kink.any():
        idx = np.flatnonzero(kink)
        pick = lambda arr: arr[idx] if arr.ndim == 3 else arr  # noqa: E731
        th = theta[idx] if theta.ndim == 2 else theta
        steps[idx] = h / KINK_RETRY
        c_plus[idx], c_minus[idx], kink[idx] = _cost_pairs(
            th, steps[idx, None] * direction[idx], sizes, *fields, pick(x), pick(y))
    size = np.maximum(np.abs(c_plus), np.abs(c_minus))
    return (c_plus - c_minus) / (2 * steps), steps, kink, size


def _fields(s):
    return (s.activations, s.cost, s.reg, s.lmbda, s.n)


def finite_difference_gradients(net: Network, x, y, h: float = 1e-6) -> tuple[list, list]:
    """Central differences (C(θ + h e_p) - C(θ - h e_p)) / 2h for every
    parameter p, all 2P costs in one forward pass of 2P·m columns (a parameter whose
    ±h crosses a relu or L1 kink is redone with h / KINK_RETRY). Returns
    (nabla_w, nabla_b) shaped like net.weights / net.biases."""
    return unflatten(_finite_differences(net, x, y, h)[0], net.sizes)


def _finite_differences(net, x, y, h):
    sizes = net.sizes
    P = parameter_count(sizes)
    if P > MAX_PARAMS:
        raise LimitExceeded("parameter count for finite differences", P, MAX_PARAMS)
    x, y = columns(x, sizes[0]), columns(y, sizes[-1])
    return axis_central(network_fields(net), x, y, h, KINK_RETRY)


@dataclass(frozen=True)
class GradCheck:
    """``worst`` = (layer, kind, index): book layer l (2..L, i.e. list index
    l-2), kind "w" or "b", and the (j, k) entry with the largest relative
    error; ``values`` its (backprop, finite-difference) pair; ``floor`` the
    floor of the relative errors at step h (see :func:`fd_noise`). ``ok`` is
    max_rel_error <= tol (False on any nan, on a gradient of the wrong shape
    -- then max_rel_error is inf and index None -- or when nothing could be
    compared). ``kinks`` lists the (layer, kind, index) entries left
    unchecked: even at step h / KINK_RETRY their difference crossed a kink."""

    max_rel_error: float
    ok: bool
    worst: tuple
    tol: float
    values: tuple = ()
    floor: float = FLOOR
    kinks: tuple = ()


def gradient_check(net: Network, x, y, backprop_fn: Callable[..., Gradients] = backprop,
                   h: float = 1e-6, tol: float = TOL, floor: float = FLOOR) -> GradCheck:
    """Compare ``backprop_fn(net, x, y)``'s nabla_w/nabla_b with central
    differences, entry by entry, by :func:`rel_error` floored at
    max(floor, fd_noise(C, step) / tol)."""
    g = backprop_fn(net, x, y)
    sizes = net.sizes
    layers = len(sizes) - 1
    for kind, analytic in zip("wb", (g.nabla_w, g.nabla_b)):
        if len(analytic) != layers:
            return GradCheck(float("inf"), False, (None, kind, None), tol)
    shapes = _shapes(sizes)
    got = [np.shape(u) for u in (*g.nabla_w, *g.nabla_b)]
    if got != shapes:
        i = next(i for i, (u, v) in enumerate(zip(got, shapes)) if u != v)
        return GradCheck(float("inf"), False, (i % layers + 2, "wb"[i // layers], None), tol)
    fd, steps, kink, size = _finite_differences(net, x, y, h)
    floors = np.maximum(floor, fd_noise(size, steps) / tol)        # nan where C is not finite
    analytic = np.concatenate([np.asarray(u, dtype=float).ravel() for u in (*g.nabla_w, *g.nabla_b)])
    # One comparison over all P parameters (flattened: every weight, then every bias).
    err = rel_error(analytic, fd, floors)
    err[np.isnan(err) | np.isnan(floors)] = np.inf
    kinks = ()
    if kink.any():
        err[kink] = -1.0                                           # not compared
        kinks = tuple(_position(int(j), shapes, layers) for j in np.flatnonzero(kink))
    j = int(err.argmax())
    worst_err = float(err[j])
    worst, values = _position(j, shapes, layers), (float(analytic[j]), float(fd[j]))
    ok = bool(not kink.all() and worst_err <= tol)
    floor_at_h = float(np.max(floors[steps == h], initial=floor))
    return GradCheck(max(worst_err, 0.0), ok, worst, tol, values, floor_at_h, kinks)


def _shapes(sizes) -> list:
    """The shapes of w^2..w^L, then of b^2..b^L."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    return [(n_l, n_in) for n_in, n_l in pairs] + [(n_l, 1) for _, n_l in pairs]


def _position(j: int, shapes, layers: int) -> tuple:
    """Flat parameter index -> (book layer l, "w" or "b", index within w^l or b^l)."""
    for i, (rows, cols) in enumerate(shapes):
        if j < rows * cols:
            return (i % layers + 2, "wb"[i // layers], divmod(j, cols))
        j -= rows * cols
    raise IndexError("parameter index out of range")


def random_direction_check(stacked: StackedNetworks, rng: np.random.Generator,
                           backprop_fn: Callable[..., Gradients] = backprop_stacked,
                           h: float = 1e-6, floor: float = FLOOR, tol: float = TOL,
                           direction: Optional[Array] = None, return_kinks: bool = False):
    """Relative errors, shape (count,), between the central difference
    (C(θ+hd) - C(θ-hd))/2h and ⟨∇C, d⟩ (∇C from ``backprop_fn(stacked)``),
    for a random unit direction d per network (or the given ``direction``,
    shape (count, P)). Floored like :func:`gradient_check` (``tol`` only sets
    the floor): compare the result with ``tol``.

    The ± perturbed stacks are costed in one call; networks whose segment
    crosses a relu or L1 kink are redone at h / KINK_RETRY in one more. Any
    still crossing one get nan (not checked), as do networks whose cost is
    not finite; ``return_kinks`` also returns that kink mask, shape (count,)."""
    s = stacked
    sizes, count = s.sizes, s.count
    g = backprop_fn(s)
    if direction is None:
        direction = rng.standard_normal((count, parameter_count(sizes)))
        direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    slope = np.einsum("cp,cp->c", flatten(g.nabla_w, g.nabla_b), direction)
    fd, steps, kink, size = _central(_fields(s), flatten(s.weights, s.biases), direction, h, sizes, s.x, s.y)
    noise = fd_noise(size, steps)
    err = rel_error(fd, slope, np.fmax(floor, noise / tol))
    err = np.where(np.isfinite(noise) & ~kink, err, np.nan)
    return (err, kink) if return_kinks else err
