"""Numeric machinery for the network claims: stacks of random networks, ground
truth by central finite differences of the core's cost, and the comparison
that turns a disagreement into a counterexample.

Not circular: a claim evaluates its *own* formula with numpy from the
network's z's, a's and w's (and from ground-truth δ's where the formula takes
a δ as input), and the result is compared with derivatives of the cost taken
by central differences -- never with the core's ``backprop`` alone.

Book numbering throughout: layer 1 is the input, L the output; ``w(l)`` is
w^l, ``z(l)`` is z^l, ``a(1)`` is x. Arrays carry a leading axis over the
networks of a stack: z^l has shape (N, n_l, m).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

import numpy as np

from symcheck.claims import Claim, NumericOutcome
from symcheck.core.activations import ACTIVATIONS
from symcheck.core.costs import COSTS
from symcheck.core.network import cost_arrays, forward_arrays
from symcheck.core.random_nets import stacked_networks

H = 1e-5            # central-difference step (truncation ≈ roundoff ≈ 1e-11)
RTOL, ATOL = 1e-5, 1e-7
GROUPS = 2          # one stack per network shape; the trials are split over them


class ShapeMismatch(ValueError):
    """A formula's matrix shapes do not fit (e.g. a dropped transpose): that
    is itself the rejection, recorded with the shapes."""


# --- matrix helpers that name the shapes when they do not fit ----------------
def T(A):
    return np.swapaxes(A, -1, -2)


def mm(A, B, what: str = ""):
    if A.shape[-1] != B.shape[-2]:
        raise ShapeMismatch(f"{what or 'product'}: ({A.shape[-2]}×{A.shape[-1]}) times ({B.shape[-2]}×{B.shape[-1]})")
    return A @ B


def had(u, v, what: str = ""):
    if u.shape != v.shape:
        raise ShapeMismatch(f"{what or '⊙'}: shapes {u.shape[1:]} and {v.shape[1:]}")
    return u * v


def diag(v):
    """Σ = diag(v) for v of shape (N, n, 1) -> (N, n, n)."""
    return v[..., 0][..., :, None] * np.eye(v.shape[-2])


# --- extra activations for the modified neuron ------------------------------
def softplus(z):
    return np.logaddexp(0.0, z)


def softplus_prime(z):
    return ACTIVATIONS["sigmoid"].f(z)


NEURON_FUNCTIONS = {
    "tanh": (ACTIVATIONS["tanh"].f, ACTIVATIONS["tanh"].fprime),
    "softplus": (softplus, softplus_prime),
}


# --- a stack of random networks of one shape ---------------------------------
@dataclass
class Batch:
    """``count`` networks of one shape, generated from ``seed``."""

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
    ``stacked_networks``, all drawn from ``seed``."""
    sizes = tuple(sizes)
    acts = [activations] * (len(sizes) - 1)
    if output:
        acts[-1] = output
    s = stacked_networks(np.random.default_rng(seed), sizes, count, tuple(acts), cost, m,
                         reg=reg, lmbda=lmbda, n=n)
    return Batch(seed, sizes, s.weights, s.biases, s.x, s.y, s.activations, cost, modified, reg, lmbda, n)


# --- the comparison ------------------------------------------------------------
def _close(lhs, rhs):
    return np.abs(lhs - rhs) <= ATOL + RTOL * np.maximum(np.abs(lhs), np.abs(rhs))


def _rel(lhs, rhs):
    return np.abs(lhs - rhs) / np.maximum(np.maximum(np.abs(lhs), np.abs(rhs)), 1e-6)


@dataclass(frozen=True)
class Side:
    """One comparison: ``label`` (e.g. "δ^3"), the layer, and both sides,
    each of shape (N, ...): lhs the ground truth, rhs the claim's formula."""

    label: str
    layer: Optional[int]
    lhs: np.ndarray
    rhs: np.ndarray


Evaluate = Callable[[Batch, Optional[str]], Iterable[Side]]


def network_check(evaluate: Evaluate, depths: Sequence[int] = (3, 4), **batch_kw):
    """The ``numeric`` callable of a claim: ``trials`` random networks in
    ``GROUPS`` stacks of different shapes (depths cycle through ``depths``);
    ``evaluate(batch, variant)`` yields the :class:`Side` s to compare.
    ``batch_kw`` go to :func:`make_batch`; a callable value is called with
    (rng, sizes) first (e.g. to place a modified neuron)."""

    def numeric(variant, rng, trials):
        worst = 0.0
        groups = min(GROUPS, trials)
        for g in range(groups):
            count = trials // groups + (g < trials % groups)
            sizes = random_sizes(rng, depths[g % len(depths)])
            seed = int(rng.integers(2 ** 31))
            kw = {k: (v(rng, sizes) if callable(v) else v) for k, v in batch_kw.items()}
            batch = make_batch(seed, count, sizes, **kw)
            where = {"seed": seed, "sizes": list(sizes), "networks": count}
            if batch.modified:
                where["modified_neuron"] = {"layer": batch.modified[0], "neuron": batch.modified[1] + 1,
                                            "f": batch.modified[2]}
            try:
                sides = list(evaluate(batch, variant))
            except ShapeMismatch as exc:
                return NumericOutcome(False, trials, float("inf"),
                                      {**where, "network": 0, "shapes_do_not_fit": str(exc)}, kind="networks")
            for s in sides:
                lhs, rhs = np.broadcast_arrays(np.asarray(s.lhs, float), np.asarray(s.rhs, float))
                close = _close(lhs, rhs)
                rel = _rel(lhs, rhs)
                worst = max(worst, float(np.nanmax(rel)) if rel.size else 0.0)
                if not close.all():
                    gap = np.where(close, -1.0, np.nan_to_num(np.abs(lhs - rhs), nan=np.inf))
                    idx = np.unravel_index(int(np.argmax(gap)), gap.shape)  # the largest disagreement
                    return NumericOutcome(False, trials, worst, {
                        **where, "network": int(idx[0]), "layer": s.layer, "quantity": s.label,
                        "component": [int(i) + 1 for i in idx[1:]],
                        "lhs": float(lhs[idx]), "rhs": float(rhs[idx]),
                    }, kind="networks")
        return NumericOutcome(True, trials, worst, kind="networks")

    return numeric


# --- a network claim: statement, symbolic and numeric checks from two functions --
def _sym():
    from derivations import _network_sym  # lazily: imports SymPy
    return _network_sym


def network_claim(id, title, source, latex, build, evaluate, where, variants, proof, *,
                  assumptions=None, depths=(3, 4), chapter=2, methods=("expand",), numeric=None,
                  **batch_kw) -> Claim:
    """A :class:`Claim` whose symbolic check proves ``build(variant) -> (lhs,
    rhs)`` (SymPy matrices at concrete sizes, described by ``where``)
    componentwise, and whose numeric check is :func:`network_check` of
    ``evaluate`` (or ``numeric`` when given)."""
    return Claim(
        id=id, title=title, source=source, chapter=chapter, latex=latex,
        statement=lambda variant=None: _sym().statement_of(build)(variant),
        assumptions=assumptions or {"C": "any differentiable cost of a^L", "σ": "the sigmoid"},
        proof=proof,
        symbolic=lambda variant: _sym().symbolic_check(build, where, methods)(variant),
        numeric=numeric or network_check(evaluate, depths, **batch_kw),
        variants=variants,
    )
