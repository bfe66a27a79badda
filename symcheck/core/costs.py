"""Costs C_x of one example and regularisation terms, each value next to its
gradient.

Shapes: ``a`` (the output activation a^L) and ``y`` are (..., n_L, m) --
examples as columns, optional leading axes (a stack of networks). A cost's
``value`` sums over neurons (axis -2) and returns one C_x per example,
shape (..., m); ``grad_a`` is ∇_a C_x, the same shape as ``a``.

No ``nan_to_num``: log(0) shows up as inf (or nan), never hidden. The only
special case is the convention 0·ln(0) = 0 in ``_xlogy`` where a target is
exactly 0 -- the term is then absent from the sum, not evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray


def _xlogy(x, y):
    """x·ln(y) elementwise, exactly 0 where x == 0 (ln y is not evaluated there,
    so a one-hot target against an output of 0 gives 0, not 0·(-inf) = nan)."""
    x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    log_y = np.log(y, out=np.zeros_like(y), where=(x != 0))
    return x * log_y


def _xdivy(x, y):
    """x/y elementwise, exactly 0 where x == 0 (as ∂/∂y of x·ln y)."""
    x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.divide(x, y, out=np.zeros_like(y), where=(x != 0))


# --- quadratic: C_x = ½‖a - y‖²,  ∇_a C_x = a - y ----------------------------
def quadratic(a, y):
    return 0.5 * np.sum((a - y) ** 2, axis=-2)


def quadratic_grad(a, y):
    return a - y


# --- cross-entropy: C_x = -Σ_j [y_j ln a_j + (1-y_j) ln(1-a_j)],
#     ∂C_x/∂a_j = -y_j/a_j + (1-y_j)/(1-a_j) = (a_j - y_j) / (a_j(1-a_j)) -----
def cross_entropy(a, y):
    return -np.sum(_xlogy(y, a) + _xlogy(1.0 - y, 1.0 - a), axis=-2)


def cross_entropy_grad(a, y):
    return -_xdivy(y, a) + _xdivy(1.0 - y, 1.0 - a)


# --- log-likelihood: C_x = -ln a_y = -Σ_j y_j ln a_j (y one-hot),
#     ∂C_x/∂a_j = -y_j / a_j ----------------------------------------------------
def log_likelihood(a, y):
    return -np.sum(_xlogy(y, a), axis=-2)


def log_likelihood_grad(a, y):
    return -_xdivy(y, a)


# --- the same two costs computed from z^L, for the NNDL pairings ----------------
# With a = σ(z): -ln a = softplus(-z) and -ln(1-a) = -ln σ(-z) = softplus(z),
# softplus(z) = ln(1 + e^z). With a = softmax(z): -ln a_j = logsumexp(z) - z_j.
# Mathematically identical to value(f(z), y), but evaluated without forming
# 1 - a: once a sigmoid saturates, 1 - a has lost all its digits (at z = 37
# it rounds to 0) and the cost -- and any finite difference of it -- with them.
def softplus(z):
    """ln(1 + e^z), stable: max(z, 0) + ln(1 + e^{-|z|})."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def cross_entropy_sigmoid_z(z, y):
    """C_x for a = σ(z): Σ_j [y_j softplus(-z_j) + (1-y_j) softplus(z_j)]."""
    return np.sum(y * softplus(-z) + (1.0 - y) * softplus(z), axis=-2)


def log_likelihood_softmax_z(z, y):
    """C_x for a = softmax(z): Σ_j y_j (logsumexp(z) - z_j)."""
    z_max = z.max(axis=-2, keepdims=True)
    lse = z_max + np.log(np.sum(np.exp(z - z_max), axis=-2, keepdims=True))
    return np.sum(y * (lse - z), axis=-2)


# (cost, output activation) -> C_x as a function of (z^L, y).
VALUE_FROM_Z = {
    ("cross-entropy", "sigmoid"): cross_entropy_sigmoid_z,
    ("log-likelihood", "softmax"): log_likelihood_softmax_z,
}


@dataclass(frozen=True)
class Cost:
    """``value(a, y)`` -> C_x per example, shape (..., m);
    ``grad_a(a, y)`` -> ∇_a C_x, shape (..., n_L, m)."""

    name: str
    value: Callable[[Array, Array], Array]
    grad_a: Callable[[Array, Array], Array]


COSTS: dict[str, Cost] = {
    "quadratic": Cost("quadratic", quadratic, quadratic_grad),
    "cross-entropy": Cost("cross-entropy", cross_entropy, cross_entropy_grad),
    "log-likelihood": Cost("log-likelihood", log_likelihood, log_likelihood_grad),
}


# --- regularisation, over weights only (never biases); n = training-set size --
# Each regulariser is a penalty per weight, summed over every weight matrix:
# L2: λ/(2n) w²,  ∂/∂w = (λ/n) w          L1: λ/n |w|,  ∂/∂w = (λ/n) sgn(w)
# (sgn(0) = 0, the convention of NNDL ch. 3.)
def _l2_entry(w, lmbda, n):
    return lmbda / (2.0 * n) * np.square(w)


def _l2_grad(w, lmbda, n):
    return (lmbda / n) * w


def _l1_entry(w, lmbda, n):
    return lmbda / n * np.abs(w)


def _l1_grad(w, lmbda, n):
    return (lmbda / n) * np.sign(w)


def _none_entry(w, lmbda, n):
    return np.zeros_like(w)


def _none_grad(w, lmbda, n):
    return np.zeros_like(w)


@dataclass(frozen=True)
class Regulariser:
    """``entry(w, lmbda, n)``: the penalty of each weight, elementwise (same
    shape as w); ``term(weights, lmbda, n)`` is their sum over all weight
    matrices, added to the mean cost: a float, or shape (count,) when each
    weight matrix has a leading count axis. ``grad(w, lmbda, n)``: the
    gradient of the term with respect to one weight matrix, same shape as w."""

    name: str
    entry: Callable[..., Array]
    grad: Callable[..., Array]

    def term(self, weights, lmbda, n):
        lead = np.shape(weights[0])[:-2] if len(weights) else ()
        if not lead:
            return float(sum(self.entry(w, lmbda, n).sum() for w in weights))
        return sum(np.sum(self.entry(w, lmbda, n), axis=(-2, -1)) for w in weights)


REGULARISERS: dict[str, Regulariser] = {
    "none": Regulariser("none", _none_entry, _none_grad),
    "L2": Regulariser("L2", _l2_entry, _l2_grad),
    "L1": Regulariser("L1", _l1_entry, _l1_grad),
}
