"""Stacks of random networks for the network claims, and ground truth by
central finite differences of the core's cost.

Not circular: a claim evaluates its *own* formula with numpy from the
network's z's, a's and w's (and from ground-truth δ's where the formula takes
a δ as input), and the result is compared with derivatives of the cost taken
by central differences -- never with the core's ``backprop`` alone.

Book numbering throughout: layer 1 is the input, L the output; ``w(l)`` is
w^l, ``z(l)`` is z^l, ``a(1)`` is x. Arrays carry a leading axis over the
networks of a stack: z^l has shape (N, n_l, m).

numpy only: nothing here imports SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from ...core.activations import ACTIVATIONS
from ...core.costs import COSTS
from ...core.network import cost_arrays, forward_arrays
from ...core.random_nets import stacked_networks
from .points import H  # the central-difference step


# --- extra activations for the modified neuron ------------------------------
def softplus(z):
    """ln(1 + e^z), elementwise."""
    return np.logaddexp(0.0, z)


def softplus_prime(z):
    """softplus'(z) = σ(z)."""
    return ACTIVATIONS["sigmoid"].f(z)


# name -> (f, f'): the activations a modified neuron may use
NEURON_FUNCTIONS = {
    "tanh": (ACTIVATIONS["tanh"].f, ACTIVATIONS["tanh"].fprime),
    "softplus": (softplus, softplus_prime),
}


# --- a stack of random networks of one shape ---------------------------------
@dataclass
class Batch:
    """``count`` networks of one shape, generated from ``seed``, stacked.

    Book-numbered accessors, each (N, ...) with N = ``count``: ``w(l)`` is
    w^l (N, n_l, n_{l-1}), ``b(l)``, ``z(l)``, ``a(l)`` (N, n_l, m) with
    ``a(1)`` = x; ``f(l, z)`` and ``fprime(l, z)`` the layer's activation
    (with the modified neuron). Ground truth by central differences of the
    core's cost: ``fd_delta(l)`` (δ^l), ``fd_grad_a()`` (∇_a C at a^L),
    ``fd_params()`` (∂C/∂w^l, ∂C/∂b^l for every l).
    """

    seed: int
    sizes: tuple
    weights: list               # weights[l-2] = w^l, shape (N, n_l, n_{l-1})
    biases: list
    x: np.ndarray               # (N, n_1, m)
    y: np.ndarray               # (N, n_L, m)
    activations: tuple          # one name per layer 2..L
    cost: str = "quadratic"
    modified: Optional[tuple] = None   # (l, j, name): neuron j of layer l uses f
    reg: str = "none"
    lmbda: float = 0.0
    n: int = 1
    _fw: Optional[tuple] = field(default=None, repr=False)

    @property
    def L(self) -> int:
        return len(self.sizes)

    @property
    def count(self) -> int:
        return self.x.shape[0]

    def w(self, l):
        return self.weights[l - 2]

    def b(self, l):
        return self.biases[l - 2]

    def _forward(self):
        if self._fw is None:
            if self.modified is None:
                self._fw = forward_arrays(self.weights, self.biases, self.activations, self.x)
            else:
                zs, acts = [], [self.x]
                for l in range(2, self.L + 1):
                    zs.append(self.w(l) @ acts[-1] + self.b(l))
                    acts.append(self.f(l, zs[-1]))
                self._fw = (zs, acts)
        return self._fw

    def z(self, l):
        return self._forward()[0][l - 2]

    def a(self, l):
        return self._forward()[1][l - 1]

    # the activation of layer l, with the modified neuron, and its derivative
    def f(self, l, z):
        out = ACTIVATIONS[self.activations[l - 2]].f(z)
        if self.modified and self.modified[0] == l:
            j = self.modified[1]
            out[..., j, :] = NEURON_FUNCTIONS[self.modified[2]][0](z[..., j, :])
        return out

    def fprime(self, l, z, modified_neuron: bool = True):
        out = ACTIVATIONS[self.activations[l - 2]].fprime(z)
        if modified_neuron and self.modified and self.modified[0] == l:
            j = self.modified[1]
            out[..., j, :] = NEURON_FUNCTIONS[self.modified[2]][1](z[..., j, :])
        return out

    # --- ground truth by central differences ---------------------------------
    def cost_from(self, l, z):
        """C_x per example (N, m) when z^l is replaced by ``z``: the forward
        pass from layer l on, then the core's cost."""
        a = self.f(l, z)
        for k in range(l + 1, self.L + 1):
            a = self.f(k, self.w(k) @ a + self.b(k))
        return COSTS[self.cost].value(a, self.y)

    def fd_delta(self, l):
        """δ^l = ∂C_x/∂z^l by central differences, shape (N, n_l, m)."""
        return _central(lambda z: self.cost_from(l, z), self.z(l))

    def fd_grad_a(self):
        """∇_a C_x at a^L by central differences of the core's cost value."""
        return _central(lambda a: COSTS[self.cost].value(a, self.y), self.a(self.L))

    def batch_cost(self, weights=None, biases=None, reg: Optional[str] = None):
        """The core's batch cost (mean of C_x plus the regularisation), (N,)."""
        return cost_arrays(weights or self.weights, biases or self.biases, self.activations, self.cost,
                           reg or self.reg, self.lmbda, self.n, self.x, self.y)

    def fd_params(self, reg: Optional[str] = None):
        """(∂C/∂w^l, ∂C/∂b^l) for every layer by central differences of the
        core's batch cost; ``reg`` overrides the regulariser ("none": C_0)."""
        gw = [_central_params(lambda ws: self.batch_cost(ws, None, reg), self.weights, i)
              for i in range(len(self.weights))]
        gb = [_central_params(lambda bs: self.batch_cost(None, bs, reg), self.biases, i)
              for i in range(len(self.biases))]
        return gw, gb


def _central(fn: Callable, at: np.ndarray):
    """∂(Σ-free per-example value)/∂at[:, j, c]: perturb row j of every column
    at once (column c's value depends only on column c)."""
    out = np.empty_like(at)
    for j in range(at.shape[-2]):
        up, dn = at.copy(), at.copy()
        up[..., j, :] += H
        dn[..., j, :] -= H
        out[..., j, :] = (fn(up) - fn(dn)) / (2 * H)
    return out


def _central_params(fn: Callable, params: list, i: int):
    """∂fn/∂params[i] entry by entry; fn maps the list to a value per network (N,)."""
    p = params[i]
    out = np.empty_like(p)
    for idx in np.ndindex(*p.shape[1:]):
        up, dn = p.copy(), p.copy()
        up[(slice(None),) + idx] += H
        dn[(slice(None),) + idx] -= H
        hi = fn(params[:i] + [up] + params[i + 1:])
        lo = fn(params[:i] + [dn] + params[i + 1:])
        out[(slice(None),) + idx] = (hi - lo) / (2 * H)
    return out


def random_sizes(rng, depth: int, low: int = 2, high: int = 5) -> tuple:
    """Layer sizes with each layer's size different from the one before (so
    every w^l is non-square and a dropped transpose is a real error)."""
    sizes = [int(rng.integers(low, high + 1))]
    while len(sizes) < depth:
        n = int(rng.integers(low, high + 1))
        if n != sizes[-1]:
            sizes.append(n)
    return tuple(sizes)


def make_batch(seed: int, count: int, sizes: Sequence[int], *, m: int = 1, activations="sigmoid",
               output: Optional[str] = None, cost: str = "quadratic", modified=None,
               reg: str = "none", lmbda: float = 0.0, n: int = 1) -> Batch:
    """``count`` random networks of shape ``sizes`` from the core's
    ``stacked_networks``, all drawn from ``seed``.

    Args:
        seed: the generator's seed (a counterexample reports it).
        count: the number of networks N.
        sizes: (n_1, ..., n_L).
        m: examples per network (columns of x and y).
        activations: the activation of every layer 2..L; ``output``
            replaces the last one when given.
        cost: a name of :data:`symcheck.core.COSTS`.
        modified: (l, j, f-name) -- neuron j (0-based) of layer l uses
            ``NEURON_FUNCTIONS[f-name]``.
        reg, lmbda, n: the regulariser ("none", "L2", "L1"), λ and the
            training-set size n of the batch cost.

    Returns:
        A :class:`Batch`.

    Examples:
        >>> make_batch(0, 5, (2, 3, 2), cost="cross-entropy").z(3).shape
        (5, 2, 1)
    """
    sizes = tuple(sizes)
    acts = [activations] * (len(sizes) - 1)
    if output:
        acts[-1] = output
    s = stacked_networks(np.random.default_rng(seed), sizes, count, tuple(acts), cost, m,
                         reg=reg, lmbda=lmbda, n=n)
    return Batch(seed, sizes, s.weights, s.biases, s.x, s.y, s.activations, cost, modified, reg, lmbda, n)
