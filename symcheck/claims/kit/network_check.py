"""The numeric check of a network claim: the claim's formula against ground
truth over stacks of random networks of different shapes, and the largest
disagreement as a counterexample that names the network, layer, component
and both values.

numpy only: nothing here imports SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence

import numpy as np

from ..model import NumericOutcome
from .networks import Batch, make_batch, random_sizes
from .shapes import ShapeMismatch

RTOL, ATOL = 1e-5, 1e-7
GROUPS = 2          # one stack per network shape; the trials are split over them


# --- the comparison ------------------------------------------------------------
def close(lhs, rhs):
    """|lhs − rhs| ≤ ATOL + RTOL·max(|lhs|, |rhs|), elementwise."""
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
    """The ``numeric`` callable of a network claim.

    Args:
        evaluate: ``evaluate(batch, variant)`` yields the :class:`Side` s to
            compare on a :class:`~symcheck.claims.kit.networks.Batch`; it may
            raise :class:`ShapeMismatch`, which rejects the variant.
        depths: numbers of layers L of the stacks (cycled over the stacks).
        batch_kw: keywords for :func:`~symcheck.claims.kit.networks.make_batch`
            (``m``, ``cost``, ``activations``, ``output``, ``reg``, ...); a
            callable value is called with (rng, sizes) first (e.g. to place a
            modified neuron).

    Returns:
        ``numeric(variant, rng, trials) -> NumericOutcome``: ``trials``
        random networks in ``GROUPS`` stacks of different shapes; the
        counterexample names the stack's seed and sizes, the network, the
        layer, the quantity, the component and both values.
    """

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
                ok = close(lhs, rhs)
                rel = _rel(lhs, rhs)
                worst = max(worst, float(np.nanmax(rel)) if rel.size else 0.0)
                if not ok.all():
                    gap = np.where(ok, -1.0, np.nan_to_num(np.abs(lhs - rhs), nan=np.inf))
                    idx = np.unravel_index(int(np.argmax(gap)), gap.shape)  # the largest disagreement
                    return NumericOutcome(False, trials, worst, {
                        **where, "network": int(idx[0]), "layer": s.layer, "quantity": s.label,
                        "component": [int(i) + 1 for i in idx[1:]],
                        "lhs": float(lhs[idx]), "rhs": float(rhs[idx]),
                    }, kind="networks")
        return NumericOutcome(True, trials, worst, kind="networks")

    return numeric
