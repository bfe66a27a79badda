"""A feed-forward network in Nielsen's notation, and backprop in matrix form.

Book numbering: layer 1 is the input, layer L the output; w^l has shape
(n_l, n_{l-1}), b^l shape (n_l, 1), z^l = w^l a^{l-1} + b^l, a^l = σ(z^l).
Python lists start at the first layer that HAS weights, so **list index i is
book layer l = i + 2** (weights[0] is w^2, zs[0] is z^2, deltas[0] is δ^2);
the list of activations is the exception: activations[0] is a^1 = x, so
activations[i] is a^{i+1} = a^{l-1}, the input of weights[i].

A mini-batch is one matrix with the m examples as columns, shape (n, m).
Every array function here also accepts leading axes (a stack of networks:
weights (count, n_l, n_{l-1}) etc.) -- transposes are ``swapaxes(-1, -2)`` and
products ``@`` -- which is how :mod:`symcheck.core.random_nets` runs
thousands of networks at once.

The cost of a batch is the mean over its columns of C_x, plus the
regularisation term; ``nabla_w``/``nabla_b`` are the gradients of exactly that.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .activations import ACTIVATIONS
from .costs import COSTS, REGULARISERS, VALUE_FROM_Z

Array = np.ndarray

# Output layer / cost pairs whose δ^L = ∇_a C ⊙ σ'(z^L) simplifies to a^L - y
# (NNDL ch. 3: cross-entropy with sigmoid outputs, log-likelihood with softmax).
SHORTCUTS = frozenset({("cross-entropy", "sigmoid"), ("log-likelihood", "softmax")})


@dataclass
class Network:
    """weights[i]: w^{i+2}, shape (n_{i+2}, n_{i+1}); biases[i]: b^{i+2}, shape
    (n_{i+2}, 1); activations[i]: the name (a key of ACTIVATIONS) of σ in layer
    i+2. ``cost`` is a key of COSTS, ``reg`` of REGULARISERS; ``lmbda`` is λ and
    ``n`` the training-set size in the regularisation term. Arrays are
    converted to float64; a 1-D bias is read as a column."""

    weights: list
    biases: list
    activations: tuple
    cost: str = "quadratic"
    reg: str = "none"
    lmbda: float = 0.0
    n: int = 1

    def __post_init__(self):
        self.weights = [np.array(w, dtype=float) for w in self.weights]
        self.biases = [np.array(b, dtype=float).reshape(-1, 1) for b in self.biases]
        if isinstance(self.activations, str):
            self.activations = (self.activations,) * len(self.weights)
        self.activations = tuple(self.activations)
        validate_arrays(self.weights, self.biases, self.activations, self.cost, self.reg,
                  self.lmbda, self.n, lead=0)

    @property
    def sizes(self) -> list[int]:
        """[n_1, n_2, ..., n_L], neurons per layer, input first."""
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]


@dataclass(frozen=True)
class Gradients:
    """Lists aligned with weights/biases (index i ↔ book layer i+2).

    deltas[i]: δ^{i+2} = ∂C_x/∂z^{i+2} for each example, shape (n, m) -- not
    averaged. nabla_w[i]: ∂C/∂w^{i+2}, shape (n_{i+2}, n_{i+1}); nabla_b[i]:
    ∂C/∂b^{i+2}, shape (n_{i+2}, 1); C the batch cost of :func:`cost`
    (mean over columns, plus regularisation). Stacked versions carry a
    leading count axis on every array."""

    deltas: list
    nabla_w: list
    nabla_b: list


def validate_arrays(weights, biases, activations, cost, reg, lmbda, n, lead):
    """Raise ValueError unless the layers chain; ``lead`` leading axes allowed."""
    if not weights or not (len(weights) == len(biases) == len(activations)):
        raise ValueError("need >= 1 layer and one weight, bias and activation per layer")
    for i, (w, b, name) in enumerate(zip(weights, biases, activations)):
        if w.ndim != 2 + lead or b.shape != w.shape[:-1] + (1,):
            raise ValueError(f"layer {i + 2}: w shape {w.shape}, b shape {b.shape}")
        if i and w.shape[-1] != weights[i - 1].shape[-2]:
            raise ValueError(f"w^{i + 2} has {w.shape[-1]} columns, "
                             f"layer {i + 1} has {weights[i - 1].shape[-2]} neurons")
        if name not in ACTIVATIONS:
            raise ValueError(f"unknown activation {name!r}")
    if cost not in COSTS or reg not in REGULARISERS:
        raise ValueError(f"unknown cost {cost!r} or regulariser {reg!r}")
    if lmbda < 0 or n < 1:
        raise ValueError("need lmbda >= 0 and n >= 1")


def columns(x, n_rows: int) -> Array:
    """x as float64 columns (..., n_rows, m); a 1-D x is one example."""
    x = np.asarray(x, dtype=float)
    x = x.reshape(-1, 1) if x.ndim == 1 else x
    if x.shape[-2] != n_rows:
        raise ValueError(f"expected {n_rows} rows, got shape {x.shape}")
    return x


# --- the array functions (any leading axes) -----------------------------------
def forward_arrays(weights, biases, activations, x):
    """zs[i] = z^{i+2}, acts[i] = a^{i+1}: acts[0] = x, acts[-1] = a^L."""
    zs, acts = [], [x]
    for w, b, name in zip(weights, biases, activations):
        zs.append(w @ acts[-1] + b)                    # z^l = w^l a^{l-1} + b^l
        acts.append(ACTIVATIONS[name].f(zs[-1]))       # a^l = σ(z^l)
    return zs, acts


def cost_arrays(weights, biases, activations, cost, reg, lmbda, n, x, y):
    """Mean over the m columns of C_x, plus the regularisation term: a float,
    or shape (count,) for stacked weights. For the pairs in VALUE_FROM_Z, C_x
    is computed from z^L (same value, no precision lost in 1 - a)."""
    zs, acts = forward_arrays(weights, biases, activations, x)
    return cost_from_forward(zs, acts, weights, activations, cost, reg, lmbda, n, y)


def cost_from_forward(zs, acts, weights, activations, cost, reg, lmbda, n, y):
    """:func:`cost_arrays` given the forward pass (zs, acts) already done."""
    fused = VALUE_FROM_Z.get((cost, activations[-1]))
    c_x = fused(zs[-1], y) if fused else COSTS[cost].value(acts[-1], y)
    return c_x.mean(axis=-1) + REGULARISERS[reg].term(weights, lmbda, n)


def output_delta(cost: str, activation: str, z_L, a_L, y, shortcut: bool = True):
    """BP1, δ^L = ∇_a C_x ⊙ σ'(z^L) (the Jacobian product J^T ∇_a C_x for
    softmax). For the pairs in SHORTCUTS this is a^L - y, which is what is
    returned when ``shortcut`` (no 0/0 where a saturated σ' underflows)."""
    if shortcut and (cost, activation) in SHORTCUTS:
        return a_L - y
    return ACTIVATIONS[activation].backward(z_L, COSTS[cost].grad_a(a_L, y))


def backprop_arrays(weights, biases, activations, cost, reg, lmbda, n, x, y) -> Gradients:
    """BP1-BP4 over the whole batch at once; see :func:`backprop`."""
    zs, acts = forward_arrays(weights, biases, activations, x)
    L = len(weights)
    deltas = [None] * L
    deltas[-1] = output_delta(cost, activations[-1], zs[-1], acts[-1], y)     # BP1
    for i in range(L - 2, -1, -1):
        # BP2: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l). Index i is book layer
        # l = i+2, so w^{l+1} is weights[i+1], δ^{l+1} deltas[i+1], z^l zs[i].
        g = weights[i + 1].swapaxes(-1, -2) @ deltas[i + 1]
        deltas[i] = ACTIVATIONS[activations[i]].backward(zs[i], g)
    m = x.shape[-1]
    # BP3: ∂C/∂b^l = δ^l (mean over columns).  BP4: ∂C/∂w^l = δ^l (a^{l-1})^T,
    # summed over columns by the product, then /m; a^{l-1} is acts[i].
    # (np.add.reduce / m is what ndarray.mean computes, without its Python wrapper.)
    nabla_b = [np.add.reduce(d, axis=-1, keepdims=True) / m for d in deltas]
    nabla_w = [d @ a.swapaxes(-1, -2) / m for d, a in zip(deltas, acts[:-1])]
    if reg != "none":
        regulariser = REGULARISERS[reg]
        nabla_w = [nw + regulariser.grad(w, lmbda, n) for nw, w in zip(nabla_w, weights)]
    return Gradients(deltas, nabla_w, nabla_b)


# --- the public functions on a Network -----------------------------------------
def network_fields(net: Network):
    return (net.weights, net.biases, net.activations, net.cost, net.reg, net.lmbda, net.n)


def forward(net: Network, x) -> tuple[list, list]:
    """x shape (n_1, m) -> (zs, activations): zs[i] is z^{i+2} shape
    (n_{i+2}, m); activations[0] is x, activations[-1] is a^L."""
    return forward_arrays(net.weights, net.biases, net.activations, columns(x, net.sizes[0]))


def cost(net: Network, x, y) -> float:
    """C = (1/m) Σ_x C_x + regularisation term, for x (n_1, m), y (n_L, m)."""
    sizes = net.sizes
    return float(cost_arrays(*network_fields(net), columns(x, sizes[0]), columns(y, sizes[-1])))


def backprop(net: Network, x, y) -> Gradients:
    """The gradients of ``cost(net, x, y)``, by BP1-BP4 in matrix form with the
    m examples as the columns of x (n_1, m) and y (n_L, m)."""
    sizes = net.sizes
    return backprop_arrays(*network_fields(net), columns(x, sizes[0]), columns(y, sizes[-1]))


def per_example_backprop(net: Network, x, y) -> Gradients:
    """The same gradients as :func:`backprop`, the way network.py in NNDL
    ch. 2 computes them: a Python loop over examples, one column vector at a
    time, summing δ_x and δ_x (a_x^{l-1})^T, then dividing by m."""
    sizes = net.sizes
    x, y = columns(x, sizes[0]), columns(y, sizes[-1])
    m, L = x.shape[1], len(net.weights)
    sum_w = [np.zeros_like(w) for w in net.weights]
    sum_b = [np.zeros_like(b) for b in net.biases]
    deltas = [np.zeros((n_l, m)) for n_l in sizes[1:]]
    for j in range(m):
        a, zs, acts = x[:, [j]], [], [x[:, [j]]]                # a^1, shape (n_1, 1)
        for w, b, name in zip(net.weights, net.biases, net.activations):
            zs.append(np.dot(w, a) + b)
            a = ACTIVATIONS[name].f(zs[-1])
            acts.append(a)
        delta = output_delta(net.cost, net.activations[-1], zs[-1], a, y[:, [j]])
        for i in range(L - 1, -1, -1):                          # i ↔ book layer i+2
            if i < L - 1:
                delta = ACTIVATIONS[net.activations[i]].backward(
                    zs[i], np.dot(net.weights[i + 1].T, delta))
            deltas[i][:, [j]] = delta
            sum_b[i] += delta
            sum_w[i] += np.dot(delta, acts[i].T)                # acts[i] is a^{l-1}
    regulariser = REGULARISERS[net.reg]
    nabla_w = [s / m + regulariser.grad(w, net.lmbda, net.n) for s, w in zip(sum_w, net.weights)]
    return Gradients(deltas, nabla_w, [s / m for s in sum_b])


def sgd_step(net: Network, x, y, eta: float) -> Network:
    """One gradient-descent step on the batch, returning a new Network:
    w -> w - η ∂C/∂w, b -> b - η ∂C/∂b, with C the regularised batch cost. So
    L2: w -> (1 - ηλ/n) w - η ∂C₀/∂w;  L1: w -> w - (ηλ/n) sgn(w) - η ∂C₀/∂w;
    biases are never regularised."""
    g = backprop(net, x, y)
    return dataclasses.replace(
        net,
        weights=[w - eta * nw for w, nw in zip(net.weights, g.nabla_w)],
        biases=[b - eta * nb for b, nb in zip(net.biases, g.nabla_b)],
    )


def parameter_count(sizes: Sequence[int]) -> int:
    """P = Σ_l n_l (n_{l-1} + 1): weights plus biases."""
    return sum(n * (n_in + 1) for n_in, n in zip(sizes[:-1], sizes[1:]))
