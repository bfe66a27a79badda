"""The network check: both sides of a step evaluated on random networks.

A step in network quantities (a^l, z^l, w^l, b^l, δ^l, ∂C/∂X, …) holds when its two
sides agree on every random network drawn for it: ``ctx.trials`` networks in two groups
of depths 4 and 5 (deep enough for every layer the step names), random layer sizes
(one neuron per layer when the text established it), the context's activation, output
layer and cost, a batch of examples when the step names a mini-batch or averages over
the examples (Σ_x). Each group is one stacked numpy forward and backward pass
(:mod:`symcheck.core`); the step's layers are bound to layers of the network and its free
indices run over their values.

A check that cannot fail proves nothing: with ReLU units, both sides can be 0 on every
network drawn (units that never activate on these inputs); the step is then unchecked.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import sympy as sp

from ..verdict import Cause, CheckKind, Verdict
from . import vocab as V
from .conditions import name_the_failure
from .cost_at import at_layer
from .evaluate import Env, ShapeError, Unsupported
from .numbering import FROM_ZERO, anchored, components_named, from_zero, indices_from_zero, shift_layers, zero_based
from .jacobian import index_combinations, scalar_layers
from .scalar import ATOL, RTOL, substitute_given

__all__ = ["BATCH_SIZE", "DEPTHS", "EXAMPLE_BATCHES", "network_check"]

DEPTHS = (4, 5)
BATCH_SIZE = 3            # examples per network when a mini-batch (m, A^l, Δ^l) is mentioned
EXAMPLE_BATCHES = (2, 4)  # examples per network when a step sums over the examples (Σ_x), by group


def network_check(lhs, rhs, ctx) -> Verdict:
    """Both sides of a network identity evaluated on random networks (``ctx.trials`` of them, in two
    groups of different depths and sizes, stacked into one numpy call per group): correct when they
    agree on every network at every value of the free indices, incorrect with the network and the
    entry where they differ (or the sizes that do not fit), unchecked when the check could not fail."""
    from ..core import ACTIVATIONS, COSTS

    output = ctx.output or ctx.activation
    hidden = "sigmoid" if ctx.activation == "softmax" else ctx.activation
    if hidden not in ACTIVATIONS or output not in ACTIVATIONS or ctx.cost not in COSTS:
        return Verdict.unchecked(Cause.UNSUPPORTED, f"unknown activation {ctx.activation} / {output} or cost "
                                                        f"{ctx.cost}")
    lhs, rhs = substitute_given(lhs, ctx), substitute_given(rhs, ctx)
    scalar = scalar_layers(ctx, lhs, rhs)  # ∇C(a^L), and C'(a^L) on layers of one neuron: ∂C/∂a^L
    lhs, rhs = at_layer(lhs, scalar), at_layer(rhs, scalar)
    for side in (lhs, rhs):
        if isinstance(side, sp.Add) and any(isinstance(t, sp.Symbol) and t.name == "C" for t in side.args):
            return Verdict.unchecked(Cause.AMBIGUOUS, "C added to network quantities: a constant, or the cost?")
    lhs, rhs = components_named(lhs, rhs)  # a^L_1 - y_1: y_1 the target's component 1
    if indices_from_zero(lhs, rhs):  # a_0, \sum_{k=0}^{K-1}: components numbered from 0
        return zero_based(lhs, rhs, lambda u, v: _numbered(u, v, ctx, hidden, output))
    return _numbered(lhs, rhs, ctx, hidden, output)


def _numbered(lhs, rhs, ctx, hidden, output) -> Verdict:
    """The network check, layers numbered from 0 read one up (:func:`.numbering.from_zero`)."""
    said = []
    layers = _layer_exprs(lhs) | _layer_exprs(rhs)
    if from_zero(layers):  # a^0 = x, z^1 = w^1 a^0 + b^1: the input is layer 0; the book numbers it 1
        lhs, rhs = shift_layers(lhs), shift_layers(rhs)
        layers = _layer_exprs(lhs) | _layer_exprs(rhs)
        said.append(FROM_ZERO)
    elif anchored(lhs, rhs, layers):  # a^1 = x, z^2 = w^2 x + b^2: true counting from 1, false from 0
        book = _checked(lhs, rhs, layers, ctx, hidden, output)
        lhs_up, rhs_up = shift_layers(lhs), shift_layers(rhs)
        up = _checked(lhs_up, rhs_up, _layer_exprs(lhs_up) | _layer_exprs(rhs_up), ctx, hidden, output)
        if book.verdict != up.verdict:
            return Verdict.unchecked(Cause.AMBIGUOUS, f"the layers numbered as the book numbers them (input a^1 = x):"
                                     f" {book.verdict}; numbered from the input a^0 = x: {up.verdict}")
        return _said(book, said + ["and so with the input numbered layer 0"])
    return _said(_checked(lhs, rhs, layers, ctx, hidden, output), said)


def _said(v: Verdict, why: list) -> Verdict:
    """``v`` with ``why`` (the readings it was decided under) in its reason."""
    return replace(v, reason=f"{v.reason} ({'; '.join(why)})") if why else v


def _checked(lhs, rhs, layers, ctx, hidden, output, active: bool = False) -> Verdict:
    """The network check of ``lhs = rhs`` whose layered quantities are ``layers``. ``active``: the ReLU
    networks drawn with positive weights, biases and inputs, so that every unit is active (every
    pre-activation is positive); such a draw can refute a step and confirms nothing."""
    from ..core import backprop_stacked, forward_stacked, stacked_networks

    summed = {s.args[1] for side in (lhs, rhs) for s in side.atoms(V.IndexSum)}  # \sum_m: an index, not m
    summed |= {t for side in (lhs, rhs) if isinstance(side, sp.Basic) for s in side.atoms(sp.Sum)
               for t in s.limits[0][2].free_symbols}  # \sum_{k=1}^{m}: m counts the components, not the examples
    batch = BATCH_SIZE if any(name in V.BATCH for name, _ in layers) or any(
        s.name == "m" for side in (lhs, rhs) for s in side.free_symbols - summed if isinstance(s, sp.Symbol)) else 1
    per_example = any(isinstance(side, sp.Basic) and side.atoms(V.ExampleSum) for side in (lhs, rhs))
    rng = np.random.default_rng([ctx.seed, 11])
    groups = 2 if ctx.trials >= 2 else 1
    checked = 0
    where_all = []
    live = False  # some side is nonzero on some network: the comparison could have failed
    for g in range(groups):
        count = ctx.trials // groups + (g < ctx.trials % groups)
        if per_example:  # Σ_x: C is the average over a batch of 2-4 examples, one column each
            batch = EXAMPLE_BATCHES[g % len(EXAMPLE_BATCHES)]
        depth = next((d for d in range(DEPTHS[g % len(DEPTHS)], 9) if _bind_layers(layers, d, np.random.default_rng(0))
                      is not None), DEPTHS[g % len(DEPTHS)])  # deep enough for every layer named (w^{l+3}, δ^l)
        sizes = (1,) * depth if scalar_layers(ctx, lhs, rhs) else _random_sizes(rng, depth, ctx.output_size)
        seed = int(rng.integers(2 ** 31))
        net_rng = np.random.default_rng(seed)
        try:
            stack = stacked_networks(net_rng, sizes, count, (hidden,) * (depth - 2) + (output,), ctx.cost, batch)
        except (ValueError, KeyError) as exc:
            return Verdict.unchecked(Cause.UNSUPPORTED, f"no network for this context: {exc}")
        if active:  # every pre-activation positive: every ReLU unit active
            stack = replace(stack, weights=[np.abs(w) for w in stack.weights],
                            biases=[np.abs(b) for b in stack.biases], x=np.abs(stack.x))
        binding = _bind_layers(layers, depth, rng)
        if binding is None:
            shown = ", ".join(sorted(f"{_QNAME_TEXT.get(name, name)}^{{{layer}}}" for name, layer in layers))
            return Verdict.unchecked(Cause.UNSUPPORTED, f"no layer l of a {depth}-layer network makes every layer "
                                     f"({shown}) exist (L is the output layer)")
        env = Env(count, rng, ctx)
        env.per_example = per_example
        env.network(stack, forward_stacked(stack), backprop_stacked(stack), binding)
        env.layered = bool(layers) or any(isinstance(s, sp.Basic) and s.atoms(V.Grad) for s in (lhs, rhs))
        try:
            combos = index_combinations(env, lhs, rhs)
        except ShapeError:
            combos = [{}]  # bind_indices below reports the sizes that do not fit
        except Unsupported as exc:
            return Verdict.unchecked(Cause.UNSUPPORTED, str(exc))
        failed = []  # (assignment, verdict) where the sides differ
        for fixed in combos:  # an identity in free indices j, k holds at every j, k
            try:
                env.bind_indices(lhs, rhs, fixed=fixed)
                with np.errstate(all="ignore"):
                    a, b = env.ev(lhs), env.ev(rhs)
            except Unsupported as exc:
                return Verdict.unchecked(Cause.UNSUPPORTED, str(exc))
            except ShapeError as exc:  # the network on which the sizes do not fit is the counterexample
                return Verdict.incorrect(CheckKind.EXACT_SHAPE, str(exc), counterexample={
                    "seed": seed, "sizes": list(sizes), "layers": {str(k): int(v) for k, v in binding.items()}})
            general = next((k for k, v in binding.items() if k not in (V.L, _N)), V.l)
            where = {"seed": seed, "sizes": list(sizes), str(general): binding.get(general), "L": depth,
                     "examples": batch, "activation": hidden if hidden == output else f"{hidden}, output {output}", "cost": ctx.cost}
            if env.index_values:
                where["indices"] = {str(k): int(v) for k, v in env.index_values.items()}
            if a.shape[1:] != b.shape[1:] and not (a.shape[1:] == (1, 1) or b.shape[1:] == (1, 1)):
                return Verdict.incorrect(CheckKind.EXACT_SHAPE,
                                         f"the sides have shapes {a.shape[1:]} and {b.shape[1:]}", counterexample=where)
            a, b = np.broadcast_arrays(a, b)
            if not (np.isfinite(a).all() and np.isfinite(b).all()):
                return Verdict.unchecked(Cause.UNSUPPORTED, "a side is not finite on a random network")
            live = live or bool(np.any(a != 0) or np.any(b != 0))
            close = np.abs(a - b) <= ATOL + RTOL * np.maximum(np.abs(a), np.abs(b))
            if not close.all():
                idx = np.unravel_index(int(np.argmin(close.ravel())), close.shape)
                failed.append((fixed, Verdict.incorrect(CheckKind.NETWORKS, "the sides differ on a random network",
                                                        counterexample={**where, "network": int(idx[0]),
                                                                        "component": [int(i) + 1 for i in idx[1:]],
                                                                        "lhs": float(a[idx]), "rhs": float(b[idx])})))
        if failed:  # a free index claims every value its step does not exclude: k = j too
            return name_the_failure(failed[0][1], [f for f, _ in failed], combos)
        checked += count
        where_all.append(f"sizes {list(sizes)} with {general}={binding.get(general)}")
    acts = hidden if hidden == output else f"{hidden} with a {output} output layer"
    if not live and "relu" in (hidden, output):
        if not active:  # the same step on networks whose units are all active: it can only refute
            again = _checked(lhs, rhs, layers, ctx, hidden, output, active=True)
            if again.verdict == "incorrect":
                return replace(again, reason=f"{again.reason} (on ReLU networks whose units are all active: "
                                             "positive weights, biases and inputs)")
        return Verdict.unchecked(Cause.UNSUPPORTED, f"both sides are 0 on all {checked} random networks ({acts}: "
                                 "units that never activate on their inputs), so the check could not fail")
    return Verdict.correct(CheckKind.NETWORKS, f"both sides agree on {checked} random networks ("
                           + "; ".join(where_all) + f"; {acts}, {ctx.cost} cost)")


def _random_sizes(rng, depth, output=None):
    """Layer sizes 2-5, consecutive sizes different; the last one ``output`` when the text states it."""
    sizes = [int(rng.integers(2, 6))]
    while len(sizes) < depth:
        k = int(rng.integers(2, 6))
        if k != sizes[-1]:
            sizes.append(k)
    if output is not None:
        sizes[-1] = output
        if sizes[-2] == output:  # still different from its neighbours, so a dropped transpose shows
            sizes[-2] = next(k for k in (2, 3, 4, 5, 6) if k != output and (depth < 3 or k != sizes[-3]))
    return tuple(sizes)


def _layer_exprs(e):
    """(name, layer) of every layered quantity; inside a ⋯ product, at both ends, and
    ("order", end - start) so that the product is not empty."""
    out = set()
    if isinstance(e, sp.Basic):
        for p in e.atoms(V.LayerProduct):
            block, k, lo, hi = p.args
            out |= _layer_exprs(block.xreplace({k: lo})) | _layer_exprs(block.xreplace({k: hi}))
            out.add(("order", hi - lo))
        for q in e.atoms(V.Q, V.Comp):
            if q.has(*[p.args[1] for p in e.atoms(V.LayerProduct)]):
                continue
            if not (isinstance(q, V.Q) and q.qname in ("x", "y")):
                out.add((q.qname, q.layer))
    return out


def _bind_layers(layers, depth, rng):
    """Pick l (a general layer) so that every layer expression exists; L = depth."""
    candidates = list(range(2, depth + 1))
    rng.shuffle(candidates)
    symbols = {s for _, layer in layers for s in sp.sympify(layer, strict=True).free_symbols}
    output = V.L if V.L in symbols or _N not in symbols else _N    # N is the output layer when L is not used
    general = symbols - {output}
    if len(general) > 1:
        return None  # two general layers (l and k): not supported
    general = general.pop() if general else V.l
    for lv in candidates:
        ok = True
        for name, layer in layers:
            try:
                v = int(sp.sympify(layer, strict=True).subs({general: lv, output: depth}))
            except TypeError:
                return None  # a layer symbol other than l and L
            if name == "order":
                if v < 0:
                    ok = False
                    break
                continue
            lo = 1 if name in ("a", "A") else 2
            if not lo <= v <= depth:
                ok = False
                break
        if ok:
            return {general: lv, output: depth}
    return None


_N = sp.Symbol("N", integer=True)
_QNAME_TEXT = {"delta": "δ", "Delta": "Δ"}
