"""Comparison 2: random-direction gradient checks, batched across networks.

For each of several network shapes (drawn like ``random_network``: 2-4
weight layers, widths 1-6, batches 1-5, every activation and cost) a stack
of networks is checked at once by ``symcheck.core.random_direction_check``
(one backprop and one ± perturbed cost evaluation for the whole stack). The
figure is networks checked per second on one core (BLAS pinned to one
thread), generation of the random networks excluded and, separately,
included. Side by side in the same run: the same check one network at a
time (no batching), and ``torch.autograd.gradcheck(fast_mode=True)``, torch's
random-direction check, per network.

    python benchmarks/directions.py [--quick] [--json]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as H  # noqa: E402

H.single_thread()

import numpy as np  # noqa: E402


def shapes(count: int, seed: int = 11):
    """(sizes, activations, cost, batch) drawn like random_network draws them."""
    from symcheck.core import HIDDEN, OUTPUTS_FOR_COST

    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        cost = str(rng.choice(list(OUTPUTS_FOR_COST)))
        output = str(rng.choice(OUTPUTS_FOR_COST[cost]))
        depth = int(rng.integers(2, 5))
        sizes = [int(s) for s in rng.integers(1, 7, size=depth + 1)]
        if output == "softmax":
            sizes[-1] = int(rng.integers(2, 7))
        acts = tuple(str(rng.choice(HIDDEN)) for _ in range(depth - 1)) + (output,)
        out.append((sizes, acts, cost, int(rng.integers(1, 6))))
    return out


def run(quick: bool = False) -> dict:
    from symcheck.core import random_direction_check, stacked_networks
    from symcheck.core.gradcheck import TOL

    n_shapes = 8 if quick else 24
    per_stack = 2048 if quick else 8192
    rounds = 3 if quick else 5
    configs = shapes(n_shapes)
    rng = np.random.default_rng(3)
    stacks = [stacked_networks(rng, s, per_stack, a, c, m) for s, a, c, m in configs]
    total = n_shapes * per_stack

    failed = 0
    for st in stacks:
        err = random_direction_check(st, np.random.default_rng(5))
        failed += int(np.sum(~(err <= TOL)))

    def batched():
        r = np.random.default_rng(5)
        for st in stacks:
            random_direction_check(st, r)

    def with_generation():
        r = np.random.default_rng(6)
        for s, a, c, m in configs:
            random_direction_check(stacked_networks(r, s, per_stack, a, c, m), r)

    # one network at a time: the same function on stacks of one
    singles_n = 200 if quick else 600
    singles = [stacked_networks(np.random.default_rng(k), *_args(configs[k % n_shapes])) for k in range(singles_n)]

    def one_by_one():
        r = np.random.default_rng(5)
        for st in singles:
            random_direction_check(st, r)

    t = H.interleaved({"batched": batched, "with_generation": with_generation, "one_by_one": one_by_one}, rounds)
    rate = total / H.median(t["batched"])
    rate_gen = total / H.median(t["with_generation"])
    rate_one = singles_n / H.median(t["one_by_one"])

    # torch's random-direction check, one network at a time
    torch_rate, torch_n = None, 0
    try:
        import torch

        from vs_torch import make_networks, torch_cost_fn

        torch.set_num_threads(1)
        torch_n = 60 if quick else 200
        nets = make_networks(torch_n, seed=13)
        fns = [(torch_cost_fn(torch, net, x, y),
                [torch.from_numpy(p.copy()).requires_grad_(True) for p in (*net.weights, *net.biases)])
               for net, x, y in nets]
        secs = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            for f, params in fns:
                torch.autograd.gradcheck(f, params, raise_exception=False, fast_mode=True)
            secs.append(time.perf_counter() - t0)
        torch_rate = torch_n / H.median(secs)
    except ImportError:
        pass

    rows = [
        H.row("batched random-direction checks", rate, "networks/s", target="≥ 50,000", ok=rate >= 50_000,
              note=f"{n_shapes} shapes × {per_stack} networks, one thread"),
        H.row("  the same, drawing the random networks included", rate_gen, "networks/s"),
        H.row("  the same check one network at a time (no batching)", rate_one, "networks/s",
              note=f"batching gains {rate / rate_one:.0f}×"),
    ]
    if torch_rate:
        rows.append(H.row("  torch.autograd.gradcheck(fast_mode=True), one network at a time", torch_rate,
                          "networks/s", note=f"batched core is {rate / torch_rate:.0f}× faster"))
    rows.append(H.row("checks over the tolerance (true backprop, should be 0)", f"{failed}/{total}", ""))
    return {"name": "2. random-direction gradient checks, batched (one core)", "rows": rows,
            "details": {"shapes": [list(map(str, c)) for c in configs], "per_stack": per_stack,
                        "seconds": t, "torch_networks": torch_n}}


def _args(config):
    """stacked_networks arguments for a stack of ONE network of this shape."""
    sizes, acts, cost, m = config
    return sizes, 1, acts, cost, m


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    H.emit(run(quick="--quick" in argv), argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
