"""Comparison 1: the numpy core against torch.autograd, float64 on the CPU.

The same random small networks (``random_network``: 2-4 weight layers,
widths 1-6, batches of 1-5 examples, every activation and cost of the core)
are differentiated by ``symcheck.core.backprop`` and by torch.autograd, and
fully gradient-checked by ``symcheck.core.gradient_check`` and by
``torch.autograd.gradcheck``. Both run on one thread; each round times all
networks once per contestant, rounds interleaved; ratios are medians of
per-round ratios. The gradients are compared too: a fast wrong answer would
not count.

torch is used only here (``pip install torch==2.13.0``, the CPU build); it is
not a dependency of symcheck.

    python benchmarks/vs_torch.py [--quick] [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as H  # noqa: E402

H.single_thread()

import numpy as np  # noqa: E402


def torch_cost_fn(torch, net, x, y):
    """A function of (w^2, ..., w^L, b^2, ..., b^L) computing the core's
    batch cost with torch operations, on the same x and y."""
    acts = {
        "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "linear": lambda z: z,
        "softmax": lambda z: torch.softmax(z, dim=0),          # over neurons: examples are columns
    }
    X, Y = torch.from_numpy(x), torch.from_numpy(y)
    L = len(net.weights)
    names, cost, reg, lmbda, n = net.activations, net.cost, net.reg, net.lmbda, net.n

    def f(*params):
        ws, bs = params[:L], params[L:]
        a = X
        for w, b, name in zip(ws, bs, names):
            a = acts[name](w @ a + b)
        if cost == "quadratic":
            cx = 0.5 * ((a - Y) ** 2).sum(dim=0)
        elif cost == "cross-entropy":
            cx = -(torch.xlogy(Y, a) + torch.xlogy(1 - Y, 1 - a)).sum(dim=0)
        else:  # log-likelihood
            cx = -torch.xlogy(Y, a).sum(dim=0)
        c = cx.mean()
        if reg == "L2":
            c = c + lmbda / (2 * n) * sum((w ** 2).sum() for w in ws)
        elif reg == "L1":
            c = c + lmbda / n * sum(w.abs().sum() for w in ws)
        return c

    return f


def make_networks(count: int, seed: int = 7):
    from symcheck.core import random_network

    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        # a third of them regularised, as in the claim library's checks
        reg = ("none", "L2", "L1")[k % 3]
        out.append(random_network(rng, reg=reg))
    return out


def run(quick: bool = False) -> dict:
    import torch

    from symcheck.core import backprop, gradient_check, parameter_count

    torch.set_num_threads(1)
    count = 60 if quick else 300
    rounds = 3 if quick else 7
    nets = make_networks(count)
    fns = [torch_cost_fn(torch, net, x, y) for net, x, y in nets]
    leaves = [[torch.from_numpy(p.copy()).requires_grad_(True) for p in (*net.weights, *net.biases)]
              for net, _, _ in nets]

    # --- agreement first: the same gradients, the same verdicts ----------------
    worst = 0.0
    for (net, x, y), f, params in zip(nets, fns, leaves):
        g = backprop(net, x, y)
        tg = torch.autograd.grad(f(*params), params)
        u = np.concatenate([a.ravel() for a in (*g.nabla_w, *g.nabla_b)])
        v = np.concatenate([t.numpy().ravel() for t in tg])
        # normwise: entries far below the gradient's scale carry only rounding noise of the larger ones
        worst = max(worst, float(np.max(np.abs(u - v)) / max(np.max(np.abs(u)), np.max(np.abs(v)), 1e-12)))
    core_ok = sum(gradient_check(net, x, y).ok for net, x, y in nets)
    torch_ok = sum(torch.autograd.gradcheck(f, params, raise_exception=False) for f, params in zip(fns, leaves))

    # --- gradients: backprop vs autograd (forward + backward each) --------------
    def core_grads():
        for net, x, y in nets:
            backprop(net, x, y)

    def torch_grads():
        for f, params in zip(fns, leaves):
            torch.autograd.grad(f(*params), params)

    t = H.interleaved({"core": core_grads, "torch": torch_grads}, rounds)
    grad_ratio = H.ratio_median(t["torch"], t["core"])

    # --- full gradient check: every parameter by central differences -------------
    def core_check():
        for net, x, y in nets:
            gradient_check(net, x, y)

    def torch_check():
        for f, params in zip(fns, leaves):
            torch.autograd.gradcheck(f, params, raise_exception=False)

    def torch_fast():
        for f, params in zip(fns, leaves):
            torch.autograd.gradcheck(f, params, raise_exception=False, fast_mode=True)

    c = H.interleaved({"core": core_check, "torch": torch_check, "torch_fast": torch_fast},
                      max(3, rounds - 2))
    check_ratio = H.ratio_median(c["torch"], c["core"])
    fast_ratio = H.ratio_median(c["torch_fast"], c["core"])

    us = lambda secs: H.median(secs) / count * 1e6  # noqa: E731 -- µs per network
    params = [parameter_count(net.sizes) for net, _, _ in nets]
    rows = [
        H.row("gradients: core backprop", us(t["core"]), "µs/network"),
        H.row("gradients: torch.autograd (forward + backward)", us(t["torch"]), "µs/network"),
        H.row("gradients: speed-up of the core over torch.autograd", grad_ratio, "×", target="≥ 3×",
              ok=grad_ratio >= 3),
        H.row("full gradient check: core gradient_check", us(c["core"]), "µs/network"),
        H.row("full gradient check: torch.autograd.gradcheck", us(c["torch"]), "µs/network"),
        H.row("full gradient check: speed-up of the core over gradcheck", check_ratio, "×", target="≥ 50×",
              ok=check_ratio >= 50),
        H.row("  (for reference) speed-up over gradcheck(fast_mode=True)", fast_ratio, "×",
              note="fast mode checks one random direction only, not every parameter"),
        H.row("agreement: core vs torch gradients, max |difference| / max |gradient entry|", worst, "",
              note="per network, worst over networks; float64"),
        H.row("agreement: networks passing core gradient_check / torch gradcheck",
              f"{core_ok}/{count} / {torch_ok}/{count}", ""),
    ]
    return {"name": "1. gradients of random small networks vs torch (float64, CPU, 1 thread)", "rows": rows,
            "details": {"networks": count, "rounds": rounds, "parameters_median": H.median(params),
                        "parameters_max": max(params), "seconds": {"grad": t, "check": c},
                        "torch": torch.__version__}}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    H.emit(run(quick="--quick" in argv), argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
