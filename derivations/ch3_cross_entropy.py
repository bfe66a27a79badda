"""Chapter 3: the cross-entropy cost for a single sigmoid neuron.

- ``ce-neuron-grad-w`` / ``ce-neuron-grad-b``: eqs. (61) and (62), the
  gradients without σ'(z) (no learning slowdown);
- ``quadratic-slowdown-w`` / ``quadratic-slowdown-b``: eqs. (55)-(56), the
  quadratic cost's gradients, which carry σ'(z);
- ``ce-minimised-at-target``: C(a) is minimised at a = y and convex on (0,1);
- ``ce-nonnegative``: C ≥ 0 and finite for a ∈ (0,1), y ∈ [0,1], while the
  swapped form −[a ln y + (1−a) ln(1−y)] is undefined at y ∈ {0,1};
- ``ce-from-bias-gradient``: requiring ∂C/∂b = a − y forces the cross-entropy
  (eqs. (72)-(75)).

Symbolically the neuron is concrete: n = 2 examples with 2 inputs each (the
gradient claims) or one input and one example (the book's toy neuron).
Numerically the costs are the core's (:mod:`symcheck.core.costs`), on stacks
of random neurons, and derivatives are central differences of them.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from symcheck.claims import NumericOutcome, Outcome, Setting, Step, Variant
from symcheck.claims.kit import H, cheap_check, compare, eq_symbolic, first_failure, holds, proof_chain, scalar_claim

FD_RTOL, FD_FLOOR = 1e-5, 1e-4  # central differences: |error| ≲ 1e-10, so rtol·floor = 1e-9 is safe

N_EX, N_IN = 2, 2  # the symbolic neuron: 2 examples x^(1), x^(2), 2 inputs each

NEURON_CE = Setting(cost="cross-entropy", output="sigmoid")   # one sigmoid neuron, the cross-entropy cost


# --- the symbolic neuron ---------------------------------------------------------
def _neuron():
    """(x[i][j], y[i], w[j], b, z[i]) for N_EX examples and N_IN inputs."""
    import sympy as sp

    x = [[sp.Symbol(f"x{i + 1}_{j + 1}", real=True) for j in range(N_IN)] for i in range(N_EX)]
    y = [sp.Symbol(f"y{i + 1}", real=True) for i in range(N_EX)]
    w = [sp.Symbol(f"w_{j + 1}", real=True) for j in range(N_IN)]
    b = sp.Symbol("b", real=True)
    z = [sum(wj * xij for wj, xij in zip(w, xi)) + b for xi in x]
    return x, y, w, b, z


def _ce(a, y):
    import sympy as sp

    return -(y * sp.log(a) + (1 - y) * sp.log(1 - a))


def _neuron_points():
    """w = b = 0, so every z = 0 and σ(z) = 1/2: both sides are rational."""
    import sympy as sp

    x, y, w, b, _ = _neuron()
    pt = {b: 0, **{wj: 0 for wj in w}, y[0]: sp.Rational(1, 3), y[1]: sp.Rational(1, 4)}
    for i, xi in enumerate(x):
        for j, xij in enumerate(xi):
            pt[xij] = (1, 2, 3, -1)[(i * N_IN + j) % 4]
    return [pt]


# --- the numeric neurons ---------------------------------------------------------
def _neurons(rng, trials, cost, m, n_in):
    """``trials`` sigmoid neurons with ``n_in`` inputs, a batch of ``m``
    examples, the given cost; (nets, x, y, z, a)."""
    from symcheck.core import forward_stacked, stacked_networks

    nets = stacked_networks(rng, (n_in, 1), trials, "sigmoid", cost, m)
    zs, acts = forward_stacked(nets)
    return nets, nets.x, nets.y, zs[0], acts[-1]


def _fd(nets, which: str):
    """Central differences of the core's batch cost: ∂C/∂w_j, shape (T, n_in),
    or ∂C/∂b, shape (T,)."""
    from symcheck.core import cost_stacked

    def at(w=None, b=None):
        return cost_stacked(dataclasses.replace(nets, weights=[w if w is not None else nets.weights[0]],
                                                biases=[b if b is not None else nets.biases[0]]))

    if which == "b":
        return (at(b=nets.biases[0] + H) - at(b=nets.biases[0] - H)) / (2 * H)
    cols = []
    for j in range(nets.weights[0].shape[-1]):
        e = np.zeros(nets.weights[0].shape[-1])
        e[j] = H
        cols.append((at(w=nets.weights[0] + e) - at(w=nets.weights[0] - e)) / (2 * H))
    return np.stack(cols, axis=-1)


def _neuron_point(nets):
    return {"network": np.arange(nets.count), "w": nets.weights[0][:, 0, :], "b": nets.biases[0][:, 0, 0]}


# ============================================================================
# ce-neuron-grad-w, ce-neuron-grad-b: eqs. (61), (62)
# ============================================================================
def _ce_grad_rhs(variant, xs, y, sig):
    """The claimed gradient's terms, one per example (``xs``: the factor x_j,
    or 1 for ∂/∂b; ``sig``: σ(z)), and whether they are averaged (1/n)."""
    terms = [xi * ((t - s) if variant == "sign" else (s - t)) * (s * (1 - s) if variant == "sigma-prime-kept" else 1)
             for xi, s, t in zip(xs, sig, y)]
    return terms, variant != "sum-not-mean"


def ce_grad_statement(param: str):
    def statement(variant=None):
        import sympy as sp

        from symcheck.symbolic import sigmoid

        x, y, w, b, z = _neuron()
        sig = [sigmoid(zi) for zi in z]
        C = sp.Rational(1, N_EX) * sum(_ce(s, t) for s, t in zip(sig, y))
        if param == "w":
            wrt, xs = w[0], [xi[1 if variant == "wrong-index" else 0] for xi in x]
        else:
            wrt, xs = b, [1] * N_EX
        terms, mean = _ce_grad_rhs(variant, xs, y, sig)
        rhs = (sp.Rational(1, N_EX) if mean else 1) * sum(terms)
        return sp.Eq(sp.Derivative(C, wrt), rhs, evaluate=False)

    return statement


def ce_grad_numeric(param: str):
    def numeric(variant, rng, trials) -> NumericOutcome:
        """Central differences of the core's cross-entropy cost of random
        neurons (3 inputs, batch of 5) against the claimed gradient."""
        nets, x, y, z, a = _neurons(rng, trials, "cross-entropy", 5, 3)
        err = (y - a) if variant == "sign" else (a - y)                      # (T, 1, m)
        if variant == "sigma-prime-kept":
            err = err * a * (1 - a)
        if param == "w":
            xs = np.roll(x, -1, axis=1) if variant == "wrong-index" else x   # x_k, k = j+1, for x_j
            per_example = xs * err                                           # (T, n_in, m)
        else:
            per_example = err[:, 0, :]
        claimed = per_example.sum(-1) if variant == "sum-not-mean" else per_example.mean(-1)
        return compare(_fd(nets, param), claimed, _neuron_point(nets), rtol=FD_RTOL, floor=FD_FLOOR,
                       kind="networks", names=("finite_difference", "claimed"))

    return numeric


def _ce_grad_proof(param: str, k: int):
    """Step k of the proof of eq. (61) (param "w", for w_1) or (62) ("b"),
    at the symbolic neuron's concrete size."""
    import sympy as sp

    from symcheck.symbolic import sigmoid

    x, y, w, b, z = _neuron()
    sig = [sigmoid(zi) for zi in z]
    wrt = w[0] if param == "w" else b
    xs = [xi[0] for xi in x] if param == "w" else [1] * N_EX
    n = sp.Rational(1, N_EX)
    outer = [t / s - (1 - t) / (1 - s) for s, t in zip(sig, y)]
    return [
        lambda: sp.diff(n * sum(_ce(s, t) for s, t in zip(sig, y)), wrt),
        lambda: -n * sum(o * sp.diff(s, wrt) for o, s in zip(outer, sig)),
        lambda: -n * sum(o * s * (1 - s) * xi for o, s, xi in zip(outer, sig, xs)),
        lambda: n * sum(s * (1 - s) * xi / (s * (1 - s)) * (s - t) for s, t, xi in zip(sig, y, xs)),
        lambda: n * sum(xi * (s - t) for s, t, xi in zip(sig, y, xs)),
    ][k]()


CE_GRAD_W = scalar_claim(
    id="ce-neuron-grad-w",
    title="Cross-entropy gradient of a sigmoid neuron's weights",
    source="NNDL ch. 3, eq. (61)",
    chapter=3,
    latex=r"\frac{\partial C}{\partial w_j} = \frac{1}{n}\sum_x x_j(\sigma(z)-y)",
    statement=ce_grad_statement("w"),
    assumptions={"x_j, y, w_j, b": "real", "n": "2 examples, 2 inputs (symbolic)"},
    proof=proof_chain(
        (r"\frac{\partial C}{\partial w_j} = \frac{\partial}{\partial w_j}\left(-\frac{1}{n}\sum_x"
         r"\left[y\ln\sigma(z) + (1-y)\ln(1-\sigma(z))\right]\right)", "eq. (57)"),
        (r"= -\frac{1}{n}\sum_x\left(\frac{y}{\sigma(z)}-\frac{1-y}{1-\sigma(z)}\right)"
         r"\frac{\partial \sigma}{\partial w_j}", "chain rule, eq. (58)"),
        (r"= -\frac{1}{n}\sum_x\left(\frac{y}{\sigma(z)}-\frac{1-y}{1-\sigma(z)}\right)\sigma'(z)x_j", "z = Σ_j w_j x_j + b"),
        (r"= \frac{1}{n}\sum_x\frac{\sigma'(z)x_j}{\sigma(z)(1-\sigma(z))}(\sigma(z)-y)", "common denominator"),
        (r"= \frac{1}{n}\sum_x x_j(\sigma(z)-y)", "σ'(z) = σ(z)(1−σ(z)) (claim sigma-prime)"),
        expr=lambda k: _ce_grad_proof("w", k)),
    symbolic=eq_symbolic(ce_grad_statement("w"), _neuron_points),
    numeric=ce_grad_numeric("w"),
    setting=NEURON_CE,
    variants=(
        Variant("sign", "σ(z) − y replaced by y − σ(z)", r"\frac{\partial C}{\partial w_j} = \frac{1}{n}\sum_x x_j(y-\sigma(z))"),
        Variant("sigma-prime-kept", "σ'(z) kept, as for the quadratic cost",
                r"\frac{\partial C}{\partial w_j} = \frac{1}{n}\sum_x x_j(\sigma(z)-y)\sigma'(z)"),
        Variant("wrong-index", "x_k (k ≠ j) in place of x_j", r"\frac{\partial C}{\partial w_j} = \frac{1}{n}\sum_x x_k(\sigma(z)-y)"),
        Variant("sum-not-mean", "the 1/n dropped", r"\frac{\partial C}{\partial w_j} = \sum_x x_j(\sigma(z)-y)"),
    ),
)

CE_GRAD_B = scalar_claim(
    id="ce-neuron-grad-b",
    title="Cross-entropy gradient of a sigmoid neuron's bias",
    source="NNDL ch. 3, eq. (62)",
    chapter=3,
    latex=r"\frac{\partial C}{\partial b} = \frac{1}{n}\sum_x (\sigma(z)-y)",
    statement=ce_grad_statement("b"),
    assumptions={"x_j, y, w_j, b": "real", "n": "2 examples, 2 inputs (symbolic)"},
    proof=proof_chain(
        (r"\frac{\partial C}{\partial b} = \frac{\partial}{\partial b}\left(-\frac{1}{n}\sum_x"
         r"\left[y\ln\sigma(z) + (1-y)\ln(1-\sigma(z))\right]\right)", "eq. (57)"),
        (r"= -\frac{1}{n}\sum_x\left(\frac{y}{\sigma(z)}-\frac{1-y}{1-\sigma(z)}\right)"
         r"\frac{\partial \sigma}{\partial b}", "chain rule"),
        (r"= -\frac{1}{n}\sum_x\left(\frac{y}{\sigma(z)}-\frac{1-y}{1-\sigma(z)}\right)\sigma'(z)", "∂z/∂b = 1"),
        (r"= \frac{1}{n}\sum_x\frac{\sigma'(z)}{\sigma(z)(1-\sigma(z))}(\sigma(z)-y)", "common denominator"),
        (r"= \frac{1}{n}\sum_x (\sigma(z)-y)", "σ'(z) = σ(z)(1−σ(z))"),
        expr=lambda k: _ce_grad_proof("b", k)),
    symbolic=eq_symbolic(ce_grad_statement("b"), _neuron_points),
    numeric=ce_grad_numeric("b"),
    setting=NEURON_CE,
    variants=(
        Variant("sign", "σ(z) − y replaced by y − σ(z)", r"\frac{\partial C}{\partial b} = \frac{1}{n}\sum_x (y-\sigma(z))"),
        Variant("sigma-prime-kept", "σ'(z) kept, as for the quadratic cost",
                r"\frac{\partial C}{\partial b} = \frac{1}{n}\sum_x (\sigma(z)-y)\sigma'(z)"),
        Variant("sum-not-mean", "the 1/n dropped", r"\frac{\partial C}{\partial b} = \sum_x (\sigma(z)-y)"),
    ),
)


# ============================================================================
# quadratic-slowdown-w, quadratic-slowdown-b: eqs. (55), (56)
# ============================================================================
_QUAD_FACTOR = {  # variant -> the factor multiplying (a − y), given a = σ(z)
    None: lambda s: s * (1 - s),
    "sigma-prime-dropped": lambda s: 1,
    "sigma-for-sigma-prime": lambda s: s,
}


def quad_statement(param: str):
    def statement(variant=None):
        import sympy as sp

        from symcheck.symbolic import b, sigmoid, w, x, y

        a = sigmoid(w * x + b)
        C = (y - a) ** 2 / 2
        err = (y - a) if variant == "sign" else (a - y)
        rhs = err * _QUAD_FACTOR.get(variant, _QUAD_FACTOR[None])(a) * (x if param == "w" else 1)
        return sp.Eq(sp.Derivative(C, w if param == "w" else b), rhs, evaluate=False)

    return statement


def _quad_points():
    import sympy as sp

    from symcheck.symbolic import b, w, x, y

    return [{w: 0, b: 0, x: 2, y: sp.Rational(1, 3)}]


def quad_numeric(param: str):
    def numeric(variant, rng, trials) -> NumericOutcome:
        """Central differences of the core's quadratic cost of random
        one-input neurons on one example against the claimed gradient."""
        nets, x, y, z, a = _neurons(rng, trials, "quadratic", 1, 1)
        err = (y - a) if variant == "sign" else (a - y)
        claimed = (err * _QUAD_FACTOR.get(variant, _QUAD_FACTOR[None])(a) * (x if param == "w" else 1))[:, 0, 0]
        fd = _fd(nets, param)
        fd = fd[:, 0] if param == "w" else fd
        return compare(fd, claimed, _neuron_point(nets), rtol=FD_RTOL, floor=FD_FLOOR, kind="networks",
                       names=("finite_difference", "claimed"))

    return numeric


def _quad_proof(param: str):
    def exprs():
        import sympy as sp

        from symcheck.symbolic import b, sigmoid, w, x, y

        z = w * x + b
        dz = x if param == "w" else 1
        return [
            lambda: sp.diff((y - sigmoid(z)) ** 2 / 2, w if param == "w" else b),
            lambda: (sigmoid(z) - y) * sp.diff(sigmoid(z), w if param == "w" else b),
            lambda: (sigmoid(z) - y) * sigmoid(z) * (1 - sigmoid(z)) * dz,
        ]

    return exprs


def _quad_claim(param: str):
    dx, dname = (r"x", "w") if param == "w" else ("", "b")
    return scalar_claim(
        id=f"quadratic-slowdown-{param}",
        title=f"Quadratic-cost gradient of a sigmoid neuron's {'weight' if param == 'w' else 'bias'} carries σ'(z)",
        source=f"NNDL ch. 3, eq. ({55 if param == 'w' else 56})",
        chapter=3,
        latex=rf"\frac{{\partial C}}{{\partial {dname}}} = (a-y)\sigma'(z){dx}",
        statement=quad_statement(param),
        assumptions={"x, y, w, b": "real", "C": "(y-a)^2/2, one example", "a": "σ(z), z = wx + b"},
        proof=proof_chain(
            (rf"\frac{{\partial C}}{{\partial {dname}}} = \frac{{\partial}}{{\partial {dname}}}\frac{{(y-a)^2}}{{2}}", "eq. (54)"),
            (rf"= (a-y)\frac{{\partial a}}{{\partial {dname}}}", "chain rule"),
            (rf"= (a-y)\sigma'(z){dx}", f"a = σ(z), ∂z/∂{dname} = {dx or 1}"),
            expr=lambda k: _quad_proof(param)()[k]()),
        symbolic=eq_symbolic(quad_statement(param), _quad_points),
        numeric=quad_numeric(param),
        setting=Setting(cost="quadratic", output="sigmoid"),
        variants=(
            Variant("sigma-prime-dropped", "σ'(z) dropped (the cross-entropy form)", rf"\frac{{\partial C}}{{\partial {dname}}} = (a-y){dx}"),
            Variant("sign", "a − y replaced by y − a", rf"\frac{{\partial C}}{{\partial {dname}}} = (y-a)\sigma'(z){dx}"),
            Variant("sigma-for-sigma-prime", "σ(z) in place of σ'(z)", rf"\frac{{\partial C}}{{\partial {dname}}} = (a-y)\sigma(z){dx}"),
        ),
    )


QUAD_SLOWDOWN_W = _quad_claim("w")
QUAD_SLOWDOWN_B = _quad_claim("b")


# ============================================================================
# ce-minimised-at-target: C(a) = −[y ln a + (1−y) ln(1−a)] is least at a = y
# ============================================================================
def _minimiser(variant, y):
    return {None: y, "swapped": 1 - y, "squared": y ** 2}[variant]


def min_statement(variant=None):
    """C'(a*) = 0 at the claimed minimiser a*."""
    import sympy as sp

    from symcheck.symbolic import a, y

    return sp.Eq(sp.diff(_ce(a, y), a).subs(a, _minimiser(variant, y)), 0, evaluate=False)


def min_symbolic(variant=None) -> Outcome:
    """C'(a*) = 0 by cancel (or refuted exactly at y = 1/3); then C'' =
    y/a² + (1−y)/(1−a)² > 0 for a, y ∈ (0,1), by the assumptions after
    putting a = s/(1+s), y = t/(1+t) with s, t > 0 (a bijection onto (0,1))."""
    import sympy as sp

    from symcheck.symbolic import a, y

    out = cheap_check(min_statement(variant), [{y: sp.Rational(1, 3)}])
    if not out.holds:
        return out
    s, t = sp.symbols("s t", positive=True)
    c2 = sp.diff(_ce(a, y), a, 2)
    if sp.cancel(c2 - (y / a ** 2 + (1 - y) / (1 - a) ** 2)) != 0:
        return Outcome(None, "C'' not in the expected form")
    if not sp.together(c2.subs({a: s / (1 + s), y: t / (1 + t)})).is_positive:
        return Outcome(None, "C'' > 0 not decided")
    return Outcome(True, out.method + "; C'' > 0 by assumptions")


def min_numeric(variant, rng, trials, samples: int = 64) -> NumericOutcome:
    """For random y ∈ (0.02, 0.98): no sampled a ∈ (0,1) has a lower cost
    (the core's cross-entropy) than the claimed minimiser; and the central
    second difference of C is positive at the sampled a (convexity)."""
    from symcheck.core.costs import cross_entropy

    y = rng.uniform(0.02, 0.98, trials)
    a = rng.uniform(1e-4, 1 - 1e-4, (trials, samples))
    cost = lambda a_, y_: cross_entropy(a_[:, None, :], y_[:, None, None])  # noqa: E731  (T, samples)
    star = _minimiser(variant, y)
    c_star = cost(star[:, None], y)[:, 0]
    c_a = cost(a, y)
    i = c_a.argmin(axis=1)
    rows = np.arange(trials)
    point = {"y": y}
    least = holds(c_a.min(axis=1) >= c_star - 1e-12, point, what="no sampled a beats the claimed minimiser",
                  claimed_minimiser=star, its_cost=c_star, better_a=a[rows, i], its_cost_there=c_a[rows, i])
    h = 1e-4
    second = (cost(a + h, y) - 2 * c_a + cost(a - h, y)) / h ** 2
    convex = holds(second > 0, point, what="C''(a) > 0", a=a, second_difference=second)
    return first_failure(least, convex)


CE_MIN = scalar_claim(
    id="ce-minimised-at-target",
    title="The cross-entropy of one output is minimised at a = y",
    source="NNDL ch. 3, the cross-entropy cost function (C ≈ 0 when a ≈ y; exercise: minimum at a = y)",
    chapter=3,
    latex=r"-\left[y \ln y + (1-y)\ln(1-y)\right] \leq -\left[y \ln a + (1-y)\ln(1-a)\right]",
    statement=min_statement,
    assumptions={"a": "in (0, 1)", "y": "in (0, 1)", "C": "−[y ln a + (1−y) ln(1−a)]"},
    proof=(
        Step(r"\frac{\partial C}{\partial a} = -\frac{y}{a} + \frac{1-y}{1-a} = \frac{a-y}{a(1-a)}",
             "differentiate"),
        Step(r"\frac{\partial C}{\partial a}\Big|_{a=y} = 0", "a = y"),
        Step(r"\frac{\partial^2 C}{\partial a^2} = \frac{y}{a^2} + \frac{1-y}{(1-a)^2} > 0",
             "both terms positive for a, y ∈ (0,1)"),
        Step(r"C(a) \geq C(y)", "a convex function is least at its critical point"),
    ),
    symbolic=min_symbolic,
    numeric=min_numeric,
    setting=Setting(cost="cross-entropy"),
    variants=(
        Variant("swapped", "minimum claimed at a = 1 − y", r"-\left[y \ln(1-y) + (1-y)\ln y\right] \leq -\left[y \ln a + (1-y)\ln(1-a)\right]"),
        Variant("squared", "minimum claimed at a = y²", r"-\left[y \ln y^2 + (1-y)\ln(1-y^2)\right] \leq -\left[y \ln a + (1-y)\ln(1-a)\right]"),
    ),
)


# ============================================================================
# ce-nonnegative: C ≥ 0 (and finite) for a ∈ (0,1), y ∈ [0,1]
# ============================================================================
def _nonneg_cost(variant, a, y, log):
    if variant == "swapped":
        return -(a * log(y) + (1 - a) * log(1 - y))
    ce = -(y * log(a) + (1 - y) * log(1 - a))
    return -ce if variant == "sign" else ce


def nonneg_statement(variant=None):
    import sympy as sp

    from symcheck.symbolic import a, y

    return sp.Ge(_nonneg_cost(variant, a, y, sp.log), 0, evaluate=False)


def nonneg_symbolic(variant=None) -> Outcome:
    """Exactly at a = 1/2 and y ∈ {0, 1/2, 1} the cost must be a finite
    number ≥ 0 (the swapped form is zoo at y = 0: undefined). Then the proof:
    for a ∈ (0,1), ln a < 0 and ln(1−a) < 0; with y ≥ 0 and 1 − y ≥ 0,
    C = −y ln a − (1−y) ln(1−a) is a sum of non-negative terms (SymPy's
    assumptions, after naming ln a, ln(1−a), y, 1−y by symbols of those signs)."""
    import sympy as sp

    from symcheck.symbolic import a, y

    rel = nonneg_statement(variant)
    half = sp.Rational(1, 2)
    for yv in (0, half, 1):
        value = rel.lhs.subs({a: half, y: yv})
        if not value.is_finite:
            return Outcome(False, "exact evaluation", f"at a = 1/2, y = {yv} the cost is {value} (undefined)")
        if sp.Ge(value, 0) is sp.false:
            return Outcome(False, "exact evaluation", f"at a = 1/2, y = {yv} the cost is {value} < 0")
    L1, L2 = sp.symbols("L_1 L_2", negative=True)
    u, ubar = sp.symbols("u ubar", nonnegative=True)
    named = rel.lhs.subs({sp.log(a): L1, sp.log(1 - a): L2}).subs(1 - y, ubar).subs(y, u)
    if named.free_symbols <= {L1, L2, u, ubar} and named.is_nonnegative:
        return Outcome(True, "assumptions (ln a < 0, ln(1−a) < 0)")
    return Outcome(None, "inconclusive", "the sign was not decided")


def nonneg_numeric(variant, rng, trials) -> NumericOutcome:
    """The cost by the core's cross_entropy (the swapped form is the core's
    cross-entropy with a and y exchanged) at random a ∈ (0,1) and y ∈ [0,1],
    a quarter of the y exactly 0 and a quarter exactly 1: finite and ≥ 0."""
    from symcheck.core.costs import cross_entropy

    trials = max(trials, 16)  # y = 0, y = 1 and y in between all sampled
    a = rng.uniform(1e-6, 1 - 1e-6, trials)
    y = rng.uniform(0.0, 1.0, trials)
    q = max(1, trials // 4)
    y[:q], y[q:2 * q] = 0.0, 1.0
    col = lambda v: v[:, None, None]  # noqa: E731
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = (cross_entropy(col(y), col(a)) if variant == "swapped" else cross_entropy(col(a), col(y)))[:, 0]
    cost = -cost if variant == "sign" else cost
    return holds(np.isfinite(cost) & (cost >= 0), {"a": a, "y": y}, what="C finite and ≥ 0", C=cost)


CE_NONNEG = scalar_claim(
    id="ce-nonnegative",
    title="The cross-entropy is non-negative (and the swapped form is undefined)",
    source="NNDL ch. 3, the cross-entropy cost function (two properties; exercise on the swapped form)",
    chapter=3,
    latex=r"C = -\left[y \ln a + (1-y)\ln(1-a)\right] \geq 0",
    statement=nonneg_statement,
    assumptions={"a": "in (0, 1)", "y": "in [0, 1]"},
    proof=(
        Step(r"0 < a < 1 \Rightarrow \ln a < 0,\ \ln(1-a) < 0", "ln is negative on (0,1)"),
        Step(r"y \geq 0,\ 1-y \geq 0", "y ∈ [0,1]"),
        Step(r"C = -y\ln a - (1-y)\ln(1-a) \geq 0", "a sum of non-negative terms"),
    ),
    symbolic=nonneg_symbolic,
    numeric=nonneg_numeric,
    setting=Setting(cost="cross-entropy"),
    variants=(
        Variant("sign", "the leading minus dropped", r"C = y \ln a + (1-y)\ln(1-a)"),
        Variant("swapped", "a and y swapped: −[a ln y + (1−a) ln(1−y)], undefined at y ∈ {0,1}",
                r"C = -\left[a \ln y + (1-a)\ln(1-y)\right]"),
    ),
)


# ============================================================================
# ce-from-bias-gradient: ∂C/∂b = a − y forces C = −[y ln a + (1−y) ln(1−a)] + const
# ============================================================================
def _bias_cost(variant, a, y, log):
    return {
        None: lambda: -(y * log(a) + (1 - y) * log(1 - a)),
        "sign": lambda: y * log(a) + (1 - y) * log(1 - a),
        "swapped": lambda: -(a * log(y) + (1 - a) * log(1 - y)),
        "quadratic": lambda: (a - y) ** 2 / 2,
    }[variant]()


def bias_statement(variant=None):
    """∂/∂b of the variant's C(σ(wx + b)) equals σ(z) − y."""
    import sympy as sp

    from symcheck.symbolic import b, sigmoid, w, x, y

    a = sigmoid(w * x + b)
    return sp.Eq(sp.Derivative(_bias_cost(variant, a, y, sp.log), b), a - y, evaluate=False)


def bias_symbolic(variant=None) -> Outcome:
    """(1) the statement, by cancel (or refuted exactly at z = 0, y = 1/3);
    (2) the derivation: integrate ∂C/∂a = (a−y)/(a(1−a)) by partial fractions
    term by term, and show the claimed C differs from the integral by a
    constant (its a-derivative is 0)."""
    import sympy as sp

    from symcheck.symbolic import a, b, w, x, y

    out = cheap_check(bias_statement(variant), [{w: 0, b: 0, x: 1, y: sp.Rational(1, 3)}])
    if not out.holds:
        return out
    integral = sum(sp.integrate(t, a) for t in sp.Add.make_args(sp.apart((a - y) / (a * (1 - a)), a)))
    if sp.cancel(sp.diff(_bias_cost(variant, a, y, sp.log) - integral, a)) != 0:
        return Outcome(None, "the integral of ∂C/∂a did not match the claimed C")
    return Outcome(True, out.method + "; integrate")


def bias_numeric(variant, rng, trials) -> NumericOutcome:
    """Central differences in b of the variant's cost (the core's
    cross-entropy; for the variants the core's cross-entropy negated or with
    a and y exchanged, or the core's quadratic cost) against a − y."""
    from symcheck.core import sigmoid
    from symcheck.core.costs import cross_entropy, quadratic

    w, x, b = (rng.standard_normal(trials) for _ in range(3))
    y = rng.uniform(0.0, 1.0, trials)
    col = lambda v: v[:, None, None]  # noqa: E731
    cost = {
        None: lambda a_: cross_entropy(col(a_), col(y)),
        "sign": lambda a_: -cross_entropy(col(a_), col(y)),
        "swapped": lambda a_: cross_entropy(col(y), col(a_)),
        "quadratic": lambda a_: quadratic(col(a_), col(y)),
    }[variant]
    c_of_b = lambda bb: cost(sigmoid(w * x + bb))[:, 0]  # noqa: E731
    fd = (c_of_b(b + H) - c_of_b(b - H)) / (2 * H)
    return compare(fd, sigmoid(w * x + b) - y, {"w": w, "x": x, "b": b, "y": y}, rtol=FD_RTOL, floor=FD_FLOOR,
                   names=("dC_db_finite_difference", "a_minus_y"))


def _bias_proof():
    import sympy as sp

    from symcheck.symbolic import a, y

    return [
        lambda: (a - y) / (a * (1 - a)),
        lambda: -y / a + (1 - y) / (1 - a),
        lambda: sp.diff(-(y * sp.log(a) + (1 - y) * sp.log(1 - a)), a),
    ]


CE_FROM_BIAS = scalar_claim(
    id="ce-from-bias-gradient",
    title="Requiring ∂C/∂b = a − y gives the cross-entropy",
    source="NNDL ch. 3, eqs. (71)-(75) (where does the cross-entropy come from?)",
    chapter=3,
    latex=r"\frac{\partial C}{\partial b} = a - y \Rightarrow C = -\left[y \ln a + (1-y)\ln(1-a)\right] + \mathrm{const}",
    statement=bias_statement,
    assumptions={"a": "σ(z) in (0, 1), z = wx + b", "y": "in [0, 1]", "x, w, b": "real"},
    proof=proof_chain(
        (r"\frac{\partial C}{\partial a} = \frac{a-y}{a(1-a)}", "∂C/∂b = C'(a)σ'(z) = C'(a)a(1−a) = a − y (eqs. (71)-(74))"),
        (r"= -\frac{y}{a} + \frac{1-y}{1-a}", "partial fractions"),
        (r"= \frac{\partial}{\partial a}\left(-\left[y\ln a + (1-y)\ln(1-a)\right]\right)", "integrate in a; the constant is independent of a (eq. (75))"),
        expr=lambda k: _bias_proof()[k]()),
    symbolic=bias_symbolic,
    numeric=bias_numeric,
    setting=Setting(output="sigmoid"),
    variants=(
        Variant("sign", "C = +[y ln a + (1−y) ln(1−a)] (gives y − a)", r"C = y\ln a + (1-y)\ln(1-a)"),
        Variant("swapped", "a and y swapped in the logarithms", r"C = -\left[a\ln y + (1-a)\ln(1-y)\right]"),
        Variant("quadratic", "the quadratic cost (gives (a − y)σ'(z))", r"C = \frac{(a-y)^2}{2}"),
    ),
)
