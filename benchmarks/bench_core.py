"""Speed of the numpy backprop core, on one core (BLAS pinned to one thread).

- time per ``backprop`` (and per ``per_example_backprop``, for scale) on
  small random networks (``random_network``: 2-4 weight layers, widths 1-6,
  batches 1-5, every activation and cost);
- time per full ``gradient_check`` (backprop + all 2P central differences in
  one stacked forward pass) on the same networks;
- ``random_direction_check`` throughput in networks per second on 10,000
  stacked networks of shape [4, 5, 3] (target: >= 50,000 networks/s),
  generation of the networks excluded.

Each figure is the median of several rounds.

    python benchmarks/bench_core.py [--quick] [--json]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as H  # noqa: E402

H.single_thread()

import numpy as np  # noqa: E402

from symcheck.core import (backprop, gradient_check, per_example_backprop,  # noqa: E402
                           random_direction_check, random_network, stacked_networks)

DIRECTION_TARGET = 50_000.0
STACK_CASES = [  # (activations, cost) for the [4, 5, 3] stacks
    (("sigmoid", "sigmoid"), "quadratic"),
    (("tanh", "softmax"), "log-likelihood"),
    (("relu", "sigmoid"), "cross-entropy"),
]


def per_call(fn, items, rounds: int) -> float:
    """Median over rounds of the mean seconds per call of fn(*item)."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for item in items:
            fn(*item)
        times.append((time.perf_counter() - t0) / len(items))
    return H.median(times)


def run(quick: bool = False) -> dict:
    rng = np.random.default_rng(0)
    rounds = 3 if quick else 7
    nets = [random_network(rng, reg=str(rng.choice(["none", "L2", "L1"]))) for _ in range(50 if quick else 200)]
    rows = [
        H.row("backprop (batch matrix form), small random nets", per_call(backprop, nets, rounds) * 1e6, "µs/call"),
        H.row("per_example_backprop (Python loop), same nets", per_call(per_example_backprop, nets, rounds) * 1e6,
              "µs/call"),
        H.row("gradient_check (backprop + 2P finite differences)", per_call(gradient_check, nets, rounds) * 1e6,
              "µs/call"),
    ]
    count = 10_000
    for acts, cost in STACK_CASES:
        stack = stacked_networks(np.random.default_rng(1), [4, 5, 3], count, acts, cost, 4)
        times = []
        for r in range(rounds):
            d_rng = np.random.default_rng(r)
            t0 = time.perf_counter()
            errors, kinks = random_direction_check(stack, d_rng, return_kinks=True)
            times.append(time.perf_counter() - t0)
        rate = count / H.median(times)
        rows.append(H.row(f"random_direction_check, {count:,} stacked [4,5,3] {'/'.join(acts)} {cost}, m=4",
                          rate, "networks/s", target="≥ 50,000", ok=rate >= DIRECTION_TARGET,
                          note=f"max rel error {float(np.nanmax(errors)):.1e}, "
                               f"{int(kinks.sum())} networks at a relu kink (unchecked)"))
    return {"name": "bench_core: numpy backprop core", "rows": rows,
            "details": {"machine": H.machine(), "networks": len(nets), "rounds": rounds}}


def main() -> None:
    H.emit(run("--quick" in sys.argv[1:]))


if __name__ == "__main__":
    main()
