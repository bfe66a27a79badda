"""Sums over the training examples (``\\sum_x``) on networks fed a batch.

C is the average cost over the n training examples, C = (1/n) Σ_x C_x
(Nielsen eq. 6/26). A step with Σ_x is checked on networks whose input x
has shape (count, n_1, m), m >= 2 examples as columns (the core's batch
backprop gives C, ∂C/∂w, ∂C/∂b as the averages over the columns). Inside
the sum, example x is column x: a per-example quantity of shape
(count, n_l, m) is read as its (count, n_l, 1) column.
"""

from __future__ import annotations

from .base import Unsupported

EXAMPLES = 3              # terms of a sum over training examples when there is no network


def over_examples(env, summand):
    """Σ over the training examples of ``summand`` on ``env`` (an :class:`.evaluate.Env`):
    (count, r, c). Without a network each plain symbol takes one value per example;
    on networks each example is one column of the batch (``env.per_example``)."""
    if env.net:
        batch = env.net[0].x.shape[-1]
        if batch < 2 or not env.per_example:
            raise Unsupported("a sum over training examples on a network of one example")
        if env.example is not None:
            raise Unsupported("a sum over examples inside a sum over examples")
        values = range(batch)
    else:
        values = range(EXAMPLES)
    total = None
    try:
        for ex in values:
            env.example = ex
            v = env.ev(summand)
            total = v if total is None else total + v
    finally:
        env.example = None
    return total


def one_example(env, name: str, full):
    """``full`` (count, r, m) of a per-example quantity ``name``: the current example's column
    (count, r, 1) when ``env.per_example`` (Unsupported outside Σ_x: which example?), else ``full``."""
    if not env.per_example or full.shape[-1] == 1:
        return full
    if env.example is None:
        raise Unsupported(f"{name} outside the sum over training examples: which example?")
    return full[..., env.example:env.example + 1]
