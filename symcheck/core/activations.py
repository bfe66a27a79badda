"""Activation functions, each forward formula next to its derivative.

Convention (Nielsen, column vectors): an activation acts on ``z`` of shape
``(..., n, m)`` -- ``n`` neurons, ``m`` examples as columns, optional leading
axes (e.g. a stack of networks). Elementwise activations accept any shape.

``Activation.backward(z, g)`` is the one place backprop turns ∂C/∂a into
∂C/∂z: ``g ⊙ σ'(z)`` for an elementwise σ, and the Jacobian product
``J(z)^T g`` for softmax, whose a_j depends on every z_k.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

Array = np.ndarray


# --- sigmoid: σ(z) = 1/(1+e^{-z}),  σ'(z) = σ(z)(1-σ(z)) ---------------------
def sigmoid(z):
    """σ(z) = 1/(1+e^{-z}) = e^{z}/(1+e^{z}), numerically stable: with
    e = e^{-|z|} (exp of a non-positive number, so it cannot overflow) σ is
    1/(1+e) for z >= 0 and e/(1+e) for z < 0, one division each; z = ±1000
    gives 1 and 0 without a warning."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def sigmoid_prime(z):
    """σ'(z) = σ(z)(1-σ(z)) = σ(z)σ(-z) = e/(1+e)² with e = e^{-|z|} (one of
    σ(z), σ(-z) is 1/(1+e), the other e/(1+e)). Unlike σ(1-σ) it keeps full
    relative precision in the tails, where 1-σ(z) rounds to 0."""
    e = np.exp(-np.abs(np.asarray(z, dtype=float)))
    return e / np.square(1.0 + e)


# --- tanh: tanh(z),  tanh'(z) = 1 - tanh²(z) ---------------------------------
def tanh(z):
    return np.tanh(np.asarray(z, dtype=float))


def tanh_prime(z):
    return 1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2


# --- relu: max(0, z),  relu'(z) = [z > 0] -------------------------------------
def relu(z):
    return np.maximum(np.asarray(z, dtype=float), 0.0)


def relu_prime(z):
    """1 for z > 0, 0 for z <= 0 (the convention relu'(0) = 0)."""
    return (np.asarray(z, dtype=float) > 0).astype(float)


# --- linear: z,  linear'(z) = 1 ------------------------------------------------
def linear(z):
    return np.array(z, dtype=float)  # a copy, like every other activation


def linear_prime(z):
    return np.ones_like(np.asarray(z, dtype=float))


# --- softmax: a_j = e^{z_j} / Σ_k e^{z_k},  ∂a_j/∂z_k = a_j(δ_jk - a_k) -------
def softmax(z):
    """Softmax over neurons, i.e. over axis -2 of ``z`` shaped (..., n, m);
    each column sums to 1. The column maximum is subtracted first (it cancels
    in the ratio) so exp never overflows."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-2, keepdims=True))
    return e / e.sum(axis=-2, keepdims=True)


def softmax_jacobian(z):
    """J[..., c, j, k] = ∂a_j/∂z_k = a_j(δ_jk - a_k) for example (column) c.

    ``z`` shape (..., n, m) -> J shape (..., m, n, n): one n×n Jacobian per
    example, the example axis moved in front of the two neuron axes so that
    ``J @ v`` is a batched matrix product. J is symmetric.
    """
    a = np.swapaxes(softmax(z), -1, -2)[..., :, :, None]  # (..., m, n, 1): a_j
    return a * np.eye(a.shape[-2]) - a * np.swapaxes(a, -1, -2)


def softmax_prime(z):
    """The DIAGONAL of the softmax Jacobian only, ∂a_j/∂z_j = a_j(1-a_j),
    shape (..., n, m). It is not the derivative of softmax (a_j depends on
    every z_k); backprop never uses it -- it uses ``softmax_jacobian``."""
    a = softmax(z)
    return a * (1.0 - a)


@dataclass(frozen=True)
class Activation:
    """``f(z)`` and ``fprime(z)`` map an array to one of the same shape.
    ``jacobian`` is set only for activations that are not elementwise
    (softmax); then ``fprime`` is just the Jacobian's diagonal."""

    name: str
    f: Callable[[Array], Array]
    fprime: Callable[[Array], Array]
    jacobian: Optional[Callable[[Array], Array]] = None

    @property
    def elementwise(self) -> bool:
        return self.jacobian is None

    def backward(self, z: Array, g: Array) -> Array:
        """∂C/∂z from g = ∂C/∂a, both shape (..., n, m).

        Elementwise: g ⊙ σ'(z). Softmax: (J^T g) per example column, with
        J from ``jacobian`` (shape (..., m, n, n)).
        """
        if self.jacobian is None:
            return g * self.fprime(z)
        jt = np.swapaxes(self.jacobian(z), -1, -2)           # (..., m, n, n): J^T
        gc = np.swapaxes(g, -1, -2)[..., :, :, None]         # (..., m, n, 1)
        return np.swapaxes((jt @ gc)[..., 0], -1, -2)        # (..., n, m)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "linear": Activation("linear", linear, linear_prime),
    "softmax": Activation("softmax", softmax, softmax_prime, softmax_jacobian),
}
