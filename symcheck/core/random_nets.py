"""Random networks for numeric checks, alone or stacked by the thousand.

Everything is drawn from the ``numpy.random.Generator`` passed in (use
``numpy.random.default_rng(seed)``): same seed, same arrays.

A :class:`StackedNetworks` is ``count`` networks of ONE shape whose arrays
carry a leading count axis -- weights[i] (count, n_l, n_{l-1}), biases[i]
(count, n_l, 1), x (count, n_1, m), y (count, n_L, m) -- so forward, cost and
backprop of all of them are a few broadcast ``@`` calls (the array functions
of :mod:`symcheck.core.network` accept leading axes). x and y may also be
given without the count axis, (n_1, m) and (n_L, m), shared by every network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence, Union

import numpy as np

from .network import (Gradients, Network, validate_arrays, backprop_arrays, cost_arrays,
                      forward_arrays)

Array = np.ndarray

HIDDEN = ("sigmoid", "tanh", "relu", "linear")
# The output layers drawn for each cost: the natural pairings of NNDL.
OUTPUTS_FOR_COST = {
    "quadratic": ("sigmoid", "tanh", "relu", "linear"),
    "cross-entropy": ("sigmoid",),        # needs outputs in (0, 1)
    "log-likelihood": ("softmax",),       # needs a probability distribution
}
# The output layers on which each cost is defined at all (accepted when asked for).
DEFINED_FOR_COST = {
    "quadratic": ("sigmoid", "tanh", "relu", "linear", "softmax"),
    "cross-entropy": ("sigmoid", "softmax"),
    "log-likelihood": ("sigmoid", "softmax"),
}


def random_targets(rng: np.random.Generator, cost: str, shape) -> Array:
    """Targets valid for ``cost``, shape (..., n_L, m): quadratic any real
    (N(0,1)); cross-entropy in (0,1) or, half the time, in {0,1};
    log-likelihood one-hot columns."""
    *lead, n_L, m = shape
    if cost == "quadratic":
        return rng.standard_normal(shape)
    if cost == "cross-entropy":
        if rng.random() < 0.5:
            return rng.integers(0, 2, size=shape).astype(float)
        return rng.uniform(0.0, 1.0, size=shape)
    if cost == "log-likelihood":
        labels = rng.integers(0, n_L, size=(*lead, m))
        return np.moveaxis(np.eye(n_L)[labels], -1, -2)    # (..., m, n_L) -> (..., n_L, m)
    raise ValueError(f"unknown cost {cost!r}")


def _choose_output_and_cost(rng, output, cost):
    if cost is None and output is None:
        cost = str(rng.choice(list(OUTPUTS_FOR_COST)))
    elif cost is None:
        cost = str(rng.choice([c for c, outs in OUTPUTS_FOR_COST.items() if output in outs]))
    if output is None:
        output = str(rng.choice(OUTPUTS_FOR_COST[cost]))
    if output not in DEFINED_FOR_COST.get(cost, ()):
        raise ValueError(f"the {cost} cost is not defined on {output} outputs")
    return output, cost


def random_network(rng: np.random.Generator, *, sizes: Optional[Sequence[int]] = None,
                   depth: Optional[int] = None,
                   activation: Union[str, Sequence[str], None] = None,
                   output: Optional[str] = None, cost: Optional[str] = None,
                   reg: str = "none", batch: Optional[int] = None,
                   lmbda: Optional[float] = None, n: Optional[int] = None):
    """A random (net, x, y): x (n_1, m), y (n_L, m) valid for the cost.

    Unless given: depth 2-4 layers of weights, widths 1-6 (2-6 for a softmax
    output), one hidden activation per hidden layer from HIDDEN, an output
    activation and cost from OUTPUTS_FOR_COST, batch m in 1-5; weights,
    biases and inputs ~ N(0, 1). With a regulariser, λ ~ U(0.1, 2) and
    n in 1-50 unless given. ``activation`` is one name for every hidden
    layer, or one name per hidden layer.
    """
    output, cost = _choose_output_and_cost(rng, output, cost)
    if sizes is None:
        depth = int(rng.integers(2, 5)) if depth is None else depth
        sizes = [int(s) for s in rng.integers(1, 7, size=depth + 1)]
        if output == "softmax":
            sizes[-1] = int(rng.integers(2, 7))
    elif depth is not None and depth != len(sizes) - 1:
        raise ValueError(f"sizes {list(sizes)} have {len(sizes) - 1} weight layers, not {depth}")
    sizes = list(sizes)
    hidden = len(sizes) - 2
    if activation is None:
        activation = [str(rng.choice(HIDDEN)) for _ in range(hidden)]
    elif isinstance(activation, str):
        activation = [activation] * hidden
    m = int(rng.integers(1, 6)) if batch is None else batch
    if reg != "none":
        lmbda = float(rng.uniform(0.1, 2.0)) if lmbda is None else lmbda
        n = int(rng.integers(1, 51)) if n is None else n
    weights = [rng.standard_normal((n_l, n_in)) for n_in, n_l in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal((n_l, 1)) for n_l in sizes[1:]]
    net = Network(weights, biases, tuple(activation) + (output,), cost, reg,
                  lmbda or 0.0, n or 1)
    x = rng.standard_normal((sizes[0], m))
    return net, x, random_targets(rng, cost, (sizes[-1], m))


@dataclass
class StackedNetworks:
    """``count`` networks of one shape; see the module docstring for shapes.
    The scalar fields (activations, cost, reg, lmbda, n) are shared."""

    weights: list
    biases: list
    x: Array
    y: Array
    activations: tuple
    cost: str = "quadratic"
    reg: str = "none"
    lmbda: float = 0.0
    n: int = 1

    def __post_init__(self):
        self.activations = tuple(self.activations)
        validate_arrays(self.weights, self.biases, self.activations, self.cost, self.reg,
                  self.lmbda, self.n, lead=1)
        if len({w.shape[0] for w in self.weights} | {b.shape[0] for b in self.biases}) != 1:
            raise ValueError("every weight and bias needs the same count axis")

    @property
    def count(self) -> int:
        return self.weights[0].shape[0]

    @property
    def sizes(self) -> list[int]:
        return [self.weights[0].shape[-1]] + [w.shape[-2] for w in self.weights]

    def network(self, k: int):
        """Network number k alone, as (net, x, y)."""
        net = Network([w[k] for w in self.weights], [b[k] for b in self.biases],
                      self.activations, self.cost, self.reg, self.lmbda, self.n)
        pick = lambda arr: arr[k] if arr.ndim == 3 else arr  # noqa: E731 -- shared x/y
        return net, pick(self.x), pick(self.y)


def stacked_networks(rng: np.random.Generator, sizes: Sequence[int], count: int,
                     activations: Union[str, Sequence[str]], cost: str, batch: int,
                     *, reg: str = "none", lmbda: float = 0.0, n: int = 1) -> StackedNetworks:
    """``count`` random networks of shape ``sizes`` (weights, biases, x ~ N(0,1),
    targets from :func:`random_targets`), drawn in a few vectorised calls.
    ``activations``: one name per non-input layer, or one name for all."""
    if isinstance(activations, str):
        activations = (activations,) * (len(sizes) - 1)
    weights = [rng.standard_normal((count, n_l, n_in)) for n_in, n_l in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal((count, n_l, 1)) for n_l in sizes[1:]]
    x = rng.standard_normal((count, sizes[0], batch))
    y = random_targets(rng, cost, (count, sizes[-1], batch))
    return StackedNetworks(weights, biases, x, y, tuple(activations), cost, reg, lmbda, n)


def stack(items: Sequence[tuple]) -> StackedNetworks:
    """Stack (net, x, y) triples of one shape and one batch size."""
    nets = [net for net, _, _ in items]
    first = nets[0]
    if any((net.sizes, net.activations, net.cost, net.reg, net.lmbda, net.n)
           != (first.sizes, first.activations, first.cost, first.reg, first.lmbda, first.n)
           for net in nets):
        raise ValueError("can only stack networks of one shape, activations, cost and regulariser")
    return StackedNetworks(
        [np.stack(ws) for ws in zip(*(net.weights for net in nets))],
        [np.stack(bs) for bs in zip(*(net.biases for net in nets))],
        np.stack([np.asarray(x, dtype=float) for _, x, _ in items]),
        np.stack([np.asarray(y, dtype=float) for _, _, y in items]),
        first.activations, first.cost, first.reg, first.lmbda, first.n)


def _fields(s: StackedNetworks):
    return (s.weights, s.biases, s.activations, s.cost, s.reg, s.lmbda, s.n)


def forward_stacked(s: StackedNetworks) -> tuple[list, list]:
    """zs[i] (count, n_{i+2}, m); activations[0] is x, activations[-1] a^L."""
    return forward_arrays(s.weights, s.biases, s.activations, s.x)


def cost_stacked(s: StackedNetworks) -> Array:
    """The batch cost of every network, shape (count,)."""
    return np.broadcast_to(cost_arrays(*_fields(s), s.x, s.y), (s.count,))


def backprop_stacked(s: StackedNetworks) -> Gradients:
    """Gradients of every network's cost, each array with a leading count axis."""
    return backprop_arrays(*_fields(s), s.x, s.y)
