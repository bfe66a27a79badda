"""Chapter 1: gradient descent, and the sigmoid as a smoothed step.

- ``gd-decrease``: with Δv = −η∇C, ΔC ≈ ∇C·Δv = −η‖∇C‖² ≤ 0 (eqs. (9)–(10)).
- ``gd-optimal-step``: among steps with ‖Δv‖ = ε, ∇C·Δv is smallest at
  Δv = −ε∇C/‖∇C‖, where it equals −ε‖∇C‖ (Cauchy–Schwarz, exercise in ch. 1).
- ``gd-1d-direction``: in one dimension Δv = −ηC'(v) moves against the sign of C'.
- ``sigmoid-step-limit``: σ(cz) → step(z) as c → ∞ (perceptrons as sigmoid neurons).
- ``sigmoid-tanh``: σ(z) = (1 + tanh(z/2))/2 (the tanh neuron, ch. 3).

Numeric checks run on stacks of random networks from :mod:`symcheck.core`
(gradient descent) or on the core's σ (the limits), all trials in one
vectorised call.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np

from symcheck.claims import NumericOutcome, Outcome, Setting, Step, Variant
from symcheck.claims.kit import (H, cheap_check, compare, eq_symbolic, first_failure, holds, limit_of_exp,
                                 proof_chain, scalar_claim)

DIM = 3  # the symbolic gradient-descent claims work in R^3, componentwise
MIN_POINTS = 16  # checks that need every case (both signs, z = 0) sample at least this many


def _z():
    from symcheck.symbolic import z

    return z


def _r(p: int, q: int):
    import sympy as sp

    return sp.Rational(p, q)


def _vec(name: str):
    import sympy as sp

    return [sp.Symbol(f"{name}_{i}", real=True) for i in range(1, DIM + 1)]


def _dot(u, v):
    return sum(p * q for p, q in zip(u, v))


def _networks(rng, trials: int):
    """``trials`` random sigmoid networks 3-4-2 with the quadratic cost and a
    batch of 4 examples, stacked; their costs and gradients (by the core)."""
    from symcheck.core import backprop_stacked, cost_stacked, stacked_networks

    nets = stacked_networks(rng, (3, 4, 2), trials, "sigmoid", "quadratic", 4)
    grads = backprop_stacked(nets)
    return nets, cost_stacked(nets), grads


def _flat_norm2(arrays):
    return sum(np.sum(a ** 2, axis=tuple(range(1, a.ndim))) for a in arrays)


# ============================================================================
# gd-decrease: ΔC ≈ ∇C·Δv = −η‖∇C‖² ≤ 0
# ============================================================================
# variant -> (sign of the step: Δv = sign·η∇C, predicted ΔC from η, ‖∇C‖² and a square root)
_GD = {
    None: (-1, lambda eta, g2, sqrt: -eta * g2),
    "ascent": (+1, lambda eta, g2, sqrt: -eta * g2),
    "dropped-eta": (-1, lambda eta, g2, sqrt: -g2),
    "norm-not-squared": (-1, lambda eta, g2, sqrt: -eta * sqrt(g2)),
}


def gd_decrease_statement(variant=None):
    """∇C·Δv (the first-order change of C) with the variant's step, against
    the predicted change; ∇C has components g_1..g_3."""
    import sympy as sp

    from symcheck.symbolic import eta

    g = _vec("g")
    sign, predicted = _GD[variant]
    dv = [sign * eta * gi for gi in g]
    return sp.Eq(_dot(g, dv), predicted(eta, _dot(g, g), sp.sqrt), evaluate=False)


def _gd_points():
    import sympy as sp

    from symcheck.symbolic import eta

    g = _vec("g")
    return [{g[0]: 2, g[1]: 1, g[2]: 2, eta: sp.Rational(1, 2)}]  # ‖g‖ = 3


def gd_decrease_symbolic(variant=None) -> Outcome:
    out = cheap_check(gd_decrease_statement(variant), _gd_points())
    if not out.holds:
        return out
    if gd_decrease_statement(variant).rhs.is_nonpositive:  # η > 0, g real: −η Σ g_i² ≤ 0
        return Outcome(True, out.method + " + assumptions")
    return Outcome(None, "the sign of the predicted change was not decided")


ETA = 1e-5   # second-order error / first-order term ≈ η‖H‖/2 ≲ 1e-4 on these networks
RTOL = 1e-3  # so 1e-3 bounds "agrees to first order" with a wide margin (seen: ≈ 2e-6)


def gd_decrease_numeric(variant, rng, trials) -> NumericOutcome:
    """Take the step Δv = ∓η∇C on every weight and bias of random networks
    (∇C from the core's backprop) and compare the actual ΔC (the core's cost
    before and after) with the prediction; ΔC must also be ≤ 0."""
    from symcheck.core.network import cost_arrays

    nets, c0, g = _networks(rng, trials)
    sign, predicted = _GD[variant]
    step = lambda p, d: p + sign * ETA * d  # noqa: E731
    c1 = cost_arrays([step(w, d) for w, d in zip(nets.weights, g.nabla_w)],
                     [step(b, d) for b, d in zip(nets.biases, g.nabla_b)],
                     nets.activations, nets.cost, nets.reg, nets.lmbda, nets.n, nets.x, nets.y)
    g2 = _flat_norm2(g.nabla_w) + _flat_norm2(g.nabla_b)
    actual, pred = c1 - c0, predicted(ETA, g2, np.sqrt)
    point = {"network": np.arange(trials), "grad_norm": np.sqrt(g2)}
    ctx = dict(kind="networks")
    agree = compare(actual, pred, point, rtol=RTOL, floor=1e-300, names=("actual_dC", "predicted_dC"), **ctx)
    decrease = holds(actual <= 0, point, what="ΔC ≤ 0", actual_dC=actual, predicted_dC=pred, **ctx)
    return first_failure(decrease, agree)


GD_DECREASE = scalar_claim(
    id="gd-decrease",
    title="A gradient-descent step decreases the cost (to first order)",
    source="NNDL ch. 1, eqs. (9)-(10): ΔC ≈ ∇C·Δv, Δv = −η∇C",
    chapter=1,
    latex=r"\Delta C \approx \nabla C \cdot \Delta v = -\eta \|\nabla C\|^2 \leq 0",
    statement=gd_decrease_statement,
    assumptions={"eta": "positive", "g_i = ∂C/∂v_i": "real", "Δv": "−η∇C"},
    proof=(
        Step(r"\Delta C \approx \nabla C \cdot \Delta v", "first-order Taylor expansion of C"),
        Step(r"= \nabla C \cdot (-\eta \nabla C)", "choose Δv = −η∇C (eq. 10)"),
        Step(r"= -\eta \|\nabla C\|^2", "∇C·∇C = ‖∇C‖²"),
        Step(r"\leq 0", "η > 0 and ‖∇C‖² ≥ 0"),
    ),
    symbolic=gd_decrease_symbolic,
    numeric=gd_decrease_numeric,
    setting=Setting(),
    variants=(
        Variant("ascent", "step along +η∇C, still claimed to give −η‖∇C‖²",
                r"\Delta v = +\eta\nabla C \Rightarrow \Delta C \approx -\eta\|\nabla C\|^2"),
        Variant("dropped-eta", "η dropped from the predicted change", r"\Delta C \approx -\|\nabla C\|^2"),
        Variant("norm-not-squared", "‖∇C‖ in place of ‖∇C‖²", r"\Delta C \approx -\eta\|\nabla C\|"),
    ),
)


# ============================================================================
# gd-optimal-step: min over ‖Δv‖ = ε of ∇C·Δv is −ε‖∇C‖, at Δv = −ε∇C/‖∇C‖
# ============================================================================
def _opt_parts(variant):
    """(g, claimed minimiser Δv*, claimed minimum) for the variant, in R^3."""
    import sympy as sp

    from symcheck.symbolic import eps

    g = _vec("g")
    norm = sp.sqrt(_dot(g, g))
    dstar, bound = {
        None: ([-eps * gi / norm for gi in g], -eps * norm),
        "ascent": ([eps * gi / norm for gi in g], eps * norm),
        "unnormalised": ([-eps * gi for gi in g], -eps * norm ** 2),
        "dropped-epsilon": ([-gi / norm for gi in g], -norm),
    }[variant]
    return g, dstar, bound


def gd_optimal_statement(variant=None):
    """∇C·Δv ≥ (claimed minimum) for every Δv with ‖Δv‖ = ε."""
    import sympy as sp

    g, _, bound = _opt_parts(variant)
    return sp.Ge(_dot(g, _vec("d")), bound, evaluate=False)


def gd_optimal_symbolic(variant=None) -> Outcome:
    """(1) Lagrange's identity ‖g‖²‖d‖² − (g·d)² = Σ_{i<j}(g_i d_j − g_j d_i)²
    (by expand) gives (g·d)² ≤ ε²‖g‖², so g·d ≥ −ε‖g‖ on the sphere;
    (2) the claimed minimiser lies on the sphere, (3) attains the claimed
    minimum, and (4) that minimum is −ε‖g‖. Each of (2)–(4) is proved by
    cheap rewrites or refuted exactly at g = (2, 1, 2), ε = 2."""
    import sympy as sp

    from symcheck.symbolic import eps

    g, d = _vec("g"), _vec("d")
    squares = sum((g[i] * d[j] - g[j] * d[i]) ** 2 for i in range(DIM) for j in range(i + 1, DIM))
    if sp.expand(_dot(g, g) * _dot(d, d) - _dot(g, d) ** 2 - squares) != 0:
        return Outcome(None, "Lagrange's identity not verified")
    _, dstar, bound = _opt_parts(variant)
    point = [{g[0]: 2, g[1]: 1, g[2]: 2, eps: 2}]
    for what, lhs, rhs in (("‖Δv*‖² = ε²", _dot(dstar, dstar), eps ** 2),
                           ("∇C·Δv* = claimed minimum", _dot(g, dstar), bound),
                           ("claimed minimum = −ε‖∇C‖", bound, -eps * sp.sqrt(_dot(g, g)))):
        out = cheap_check(sp.Eq(lhs, rhs, evaluate=False), point)
        if out.holds is False:
            return Outcome(False, "exact evaluation", f"{what} fails {out.detail}")
        if not out.holds:
            return Outcome(None, f"{what}: inconclusive")
    return Outcome(True, "Lagrange identity + cancel")


def gd_optimal_numeric(variant, rng, trials, directions: int = 256) -> NumericOutcome:
    """For random ∇C ∈ R^5 and ε, ``directions`` random steps of length ε
    never beat the claimed minimum, which the claimed minimiser (of length ε)
    attains."""
    n = 5
    g = rng.standard_normal((trials, n)) * rng.uniform(0.2, 2.0, (trials, 1))
    eps = rng.uniform(0.1, 3.0, trials)
    u = rng.standard_normal((trials, directions, n))
    d = eps[:, None, None] * u / np.linalg.norm(u, axis=-1, keepdims=True)
    norm = np.linalg.norm(g, axis=-1)
    dstar, bound = {
        None: (-eps[:, None] * g / norm[:, None], -eps * norm),
        "ascent": (eps[:, None] * g / norm[:, None], eps * norm),
        "unnormalised": (-eps[:, None] * g, -eps * norm ** 2),
        "dropped-epsilon": (-g / norm[:, None], -norm),
    }[variant]
    point = {"grad": g, "epsilon": eps}
    on_sphere = compare(np.linalg.norm(dstar, axis=-1), eps, point, rtol=1e-12,
                        names=("norm_of_claimed_step", "epsilon"))
    attained = compare(np.sum(g * dstar, axis=-1), bound, point, rtol=1e-12,
                       names=("grad_dot_claimed_step", "claimed_minimum"))
    gd = np.einsum("tkn,tn->tk", d, g)
    best = gd.min(axis=1)
    never_beaten = holds(best >= bound - 1e-12 * np.abs(bound), point, what="no step of length ε beats the minimum",
                         best_random_step=d[np.arange(trials), gd.argmin(axis=1)], its_value=best,
                         claimed_minimum=bound)
    return first_failure(on_sphere, attained, never_beaten)


GD_OPTIMAL = scalar_claim(
    id="gd-optimal-step",
    title="The step −ε∇C/‖∇C‖ decreases C most among steps of length ε",
    source="NNDL ch. 1, exercise after eq. (10) (Cauchy–Schwarz)",
    chapter=1,
    latex=r"\|\Delta v\| = \epsilon \Rightarrow \nabla C \cdot \Delta v \geq -\epsilon \|\nabla C\|"
          r" = \nabla C \cdot \left(-\frac{\epsilon \nabla C}{\|\nabla C\|}\right)",
    statement=gd_optimal_statement,
    assumptions={"epsilon": "positive", "g_i, d_i": "real", "‖d‖": "= ε", "∇C": "≠ 0"},
    proof=(
        Step(r"\|\nabla C\|^2\|\Delta v\|^2 - (\nabla C\cdot\Delta v)^2 = \sum_{i<j}(g_i d_j - g_j d_i)^2 \geq 0",
             "Lagrange's identity"),
        Step(r"|\nabla C\cdot\Delta v| \leq \|\nabla C\|\,\|\Delta v\| = \epsilon\|\nabla C\|", "Cauchy–Schwarz"),
        Step(r"\nabla C\cdot\Delta v \geq -\epsilon\|\nabla C\|", "|u| ≤ s ⇒ u ≥ −s"),
        Step(r"\nabla C\cdot\left(-\frac{\epsilon\nabla C}{\|\nabla C\|}\right) = -\epsilon\|\nabla C\|",
             "the bound is attained, and ‖−ε∇C/‖∇C‖‖ = ε"),
    ),
    symbolic=gd_optimal_symbolic,
    numeric=gd_optimal_numeric,
    setting=Setting(),
    variants=(
        Variant("ascent", "the optimal step taken along +∇C", r"\nabla C \cdot \Delta v \geq \epsilon\|\nabla C\| = \nabla C \cdot \frac{\epsilon\nabla C}{\|\nabla C\|}"),
        Variant("unnormalised", "Δv = −ε∇C, not normalised to length ε", r"\nabla C \cdot \Delta v \geq -\epsilon\|\nabla C\|^2 = \nabla C \cdot (-\epsilon\nabla C)"),
        Variant("dropped-epsilon", "minimum −‖∇C‖ at −∇C/‖∇C‖: the step length ε dropped",
                r"\nabla C\cdot\Delta v \geq -\|\nabla C\|"),
    ),
)


# ============================================================================
# gd-1d-direction: Δv = −ηC'(v) has the sign opposite to C'(v)
# ============================================================================
def gd_1d_statement(variant=None):
    """sign(Δv) = −sign(C'(v)), with the variant's Δv; C'(v) is the symbol
    ``Cp``, the cost ``C`` (positive)."""
    import sympy as sp

    from symcheck.symbolic import eta

    Cp, C = sp.Symbol("Cp", real=True), sp.Symbol("C", positive=True)
    dv = {None: -eta * Cp, "ascent": eta * Cp, "cost-not-derivative": -eta * C}[variant]
    return sp.Eq(sp.sign(dv), -sp.sign(Cp), evaluate=False)


def gd_1d_symbolic(variant=None) -> Outcome:
    import sympy as sp

    from symcheck.symbolic import eta

    Cp, C = sp.Symbol("Cp", real=True), sp.Symbol("C", positive=True)
    points = [{Cp: 1, C: 1, eta: sp.Rational(1, 10)}, {Cp: -1, C: 1, eta: sp.Rational(1, 10)}]
    out = cheap_check(gd_1d_statement(variant), points)
    if out.holds:
        return Outcome(True, "assumptions (η > 0)")
    return out


def gd_1d_numeric(variant, rng, trials) -> NumericOutcome:
    """v is the first output bias of random networks; C'(v) by central
    differences of the core's cost. The variant's step must have the sign
    opposite to C'(v), and a small step must lower C."""
    from symcheck.core import cost_stacked

    nets, c0, _ = _networks(rng, max(trials, MIN_POINTS))  # both signs of C'(v) occur
    trials = nets.count

    def cost_at(shift):
        b = nets.biases[-1].copy()
        b[:, 0, 0] += shift
        return cost_stacked(dataclasses.replace(nets, biases=nets.biases[:-1] + [b]))

    cp = (cost_at(H) - cost_at(-H)) / (2 * H)
    eta = 1e-3
    dv = {None: -eta * cp, "ascent": eta * cp, "cost-not-derivative": -eta * c0}[variant]
    point = {"network": np.arange(trials), "C": c0, "dC_dv": cp}
    against = holds(np.sign(dv) == -np.sign(cp), point, kind="networks", what="sign(Δv) = −sign(C'(v))", dv=dv)
    after = cost_at(dv)
    # strictly lower wherever the first-order decrease η C'(v)² is above rounding of C
    visible = np.abs(dv * cp) > 1e-12 * np.maximum(np.abs(c0), 1.0)
    lowers = holds(np.where(visible, after < c0, after <= c0), point, kind="networks", what="C(v + Δv) < C(v)",
                   dv=dv, C_after=after)
    return first_failure(against, lowers)


GD_1D = scalar_claim(
    id="gd-1d-direction",
    title="A one-dimensional gradient-descent step moves against the sign of C'",
    source="NNDL ch. 1, exercise: gradient descent when C is a function of one variable",
    chapter=1,
    latex=r"\Delta v = -\eta C'(v) \Rightarrow \operatorname{sgn}(\Delta v) = -\operatorname{sgn}(C'(v))",
    statement=gd_1d_statement,
    assumptions={"eta": "positive", "C'(v)": "real"},
    proof=(
        Step(r"\operatorname{sgn}(\Delta v) = \operatorname{sgn}(-\eta C'(v))", "Δv = −ηC'(v)",
             lambda: gd_1d_statement(None).lhs),
        Step(r"= -\operatorname{sgn}(C'(v))", "η > 0", lambda: gd_1d_statement(None).rhs),
    ),
    symbolic=gd_1d_symbolic,
    numeric=gd_1d_numeric,
    setting=Setting(),
    variants=(
        Variant("ascent", "Δv = +ηC'(v)", r"\Delta v = \eta C'(v)"),
        Variant("cost-not-derivative", "Δv = −ηC(v): the cost in place of its derivative", r"\Delta v = -\eta C(v)"),
    ),
)


# ============================================================================
# sigmoid-step-limit: σ(cz) → 1 (z > 0), 1/2 (z = 0), 0 (z < 0) as c → ∞
# ============================================================================
_STEP = {  # variant -> claimed limit for z > 0, z = 0, z < 0
    None: (1, (1, 2), 0),
    "swapped": (0, (1, 2), 1),
    "heaviside-at-zero": (1, (1, 1), 0),
    "limit-is-half": ((1, 2), (1, 2), (1, 2)),
}


def _step_rhs(variant):
    import sympy as sp

    from symcheck.symbolic import z

    pos, zero, neg = (sp.Rational(*v) if isinstance(v, tuple) else sp.Integer(v) for v in _STEP[variant])
    return sp.Piecewise((pos, z > 0), (zero, sp.Eq(z, 0)), (neg, True))


def step_statement(variant=None):
    import sympy as sp

    from symcheck.symbolic import c, sigmoid, z

    return sp.Eq(sp.Limit(sigmoid(c * z), c, sp.oo), _step_rhs(variant), evaluate=False)


@lru_cache(maxsize=None)
def _step_limits():
    """lim_{c→∞} σ(cz) = 1/(1 + lim e^{−cz}) for z > 0, z = 0, z < 0: the
    limit of the exponential by ``sympy.limit`` (:func:`limit_of_exp`), then
    the algebra of limits (1/(1+∞) = 0). Variant-independent, so computed once."""
    import sympy as sp

    cases = (("z > 0", sp.Symbol("zeta", positive=True)), ("z = 0", sp.Integer(0)),
             ("z < 0", sp.Symbol("zeta", negative=True)))
    return tuple((name, s, 1 / (1 + limit_of_exp(-s))) for name, s in cases)


def step_symbolic(variant=None) -> Outcome:
    from symcheck.symbolic import z

    rhs = _step_rhs(variant)
    for name, s, lim in _step_limits():
        claimed = rhs.subs(z, s)
        if not (lim.is_Rational and claimed.is_Rational):
            return Outcome(None, f"limit for {name} not decided")
        if lim != claimed:
            return Outcome(False, "sympy.limit", f"for {name} the limit is {lim}, not {claimed}")
    return Outcome(True, "limit (3 cases)")


def step_numeric(variant, rng, trials) -> NumericOutcome:
    """At c|z| ∈ {2, 10, 40}: |σ(cz) − claimed limit| ≤ e^{−c|z|} (the exact
    tail 1 − σ(t) = σ(−t) < e^{−t}), so σ(cz) approaches the claimed value at
    that rate; at z = 0 (the first quarter of the trials) σ(cz) = σ(0) for
    every c. σ is the core's."""
    from symcheck.core import sigmoid

    trials = max(trials, MIN_POINTS)  # z > 0, z < 0 and z = 0 all sampled
    z = rng.uniform(0.05, 5.0, trials) * rng.choice([-1.0, 1.0], trials)
    z[: max(1, trials // 4)] = 0.0
    pos, zero, neg = (v[0] / v[1] if isinstance(v, tuple) else float(v) for v in _STEP[variant])
    claimed = np.where(z > 0, pos, np.where(z < 0, neg, zero))
    scale = np.array([2.0, 10.0, 40.0])
    c = scale[None, :] / np.where(z == 0, 1.0, np.abs(z))[:, None]  # (trials, 3)
    s = sigmoid(c * z[:, None])
    bound = np.where(z[:, None] == 0, 0.0, np.exp(-c * np.abs(z[:, None]))) + 1e-15
    return holds(np.abs(s - claimed[:, None]) <= bound, {"z": z, "c": c}, what="|σ(cz) − limit| ≤ e^{−c|z|}",
                 sigma_cz=s, claimed_limit=claimed)


SIGMOID_STEP = scalar_claim(
    id="sigmoid-step-limit",
    title="σ(cz) tends to the step function as c → ∞",
    source="NNDL ch. 1, sigmoid neurons (exercise: sigmoid neurons simulating perceptrons)",
    chapter=1,
    latex=r"\lim_{c \to \infty} \sigma(c z) = \begin{cases} 1 & z > 0 \\ \frac{1}{2} & z = 0 \\ 0 & z < 0 \end{cases}",
    statement=step_statement,
    assumptions={"c": "positive", "z": "real"},
    proof=(
        Step(r"\sigma(cz) = \frac{1}{1+e^{-cz}}", "definition of σ"),
        Step(r"z > 0:\ e^{-cz} \to 0 \Rightarrow \sigma(cz) \to 1", "limit of the exponential"),
        Step(r"z < 0:\ e^{-cz} \to \infty \Rightarrow \sigma(cz) \to 0", "limit of the exponential"),
        Step(r"z = 0:\ \sigma(0) = \frac{1}{2} \text{ for every } c", "e^0 = 1"),
    ),
    symbolic=step_symbolic,
    numeric=step_numeric,
    setting=Setting(),
    variants=(
        Variant("swapped", "limits for z > 0 and z < 0 swapped"),
        Variant("heaviside-at-zero", "limit 1 at z = 0 (σ(0) = 1/2 for every c)"),
        Variant("limit-is-half", "limit 1/2 everywhere (that is c → 0)"),
    ),
)


# ============================================================================
# sigmoid-tanh: σ(z) = (1 + tanh(z/2))/2
# ============================================================================
_TANH_FORMS = {
    None: lambda t, z: (1 + t(z / 2)) / 2,
    "whole-argument": lambda t, z: (1 + t(z)) / 2,
    "sign": lambda t, z: (1 - t(z / 2)) / 2,
    "dropped-half": lambda t, z: 1 + t(z / 2),
}


def tanh_statement(variant=None):
    import sympy as sp

    from symcheck.symbolic import sigmoid, z

    return sp.Eq(sigmoid(z), _TANH_FORMS[variant](sp.tanh, z), evaluate=False)


def tanh_numeric(variant, rng, trials) -> NumericOutcome:
    """Both sides with the core's σ and tanh at random z."""
    from symcheck.core import sigmoid, tanh

    z = rng.uniform(-8.0, 8.0, trials)
    return compare(sigmoid(z), _TANH_FORMS[variant](tanh, z), {"z": z}, rtol=1e-12)


def _tanh_proof():
    import sympy as sp

    from symcheck.symbolic import sigmoid, z

    p, m = sp.exp(z / 2), sp.exp(-z / 2)
    return [
        lambda: sigmoid(z),
        lambda: 1 / (1 + sp.exp(-z)),
        lambda: p / (p + m),
        lambda: ((p + m) + (p - m)) / (2 * (p + m)),
        lambda: (1 + sp.tanh(z / 2)) / 2,
    ]


SIGMOID_TANH = scalar_claim(
    id="sigmoid-tanh",
    title="The sigmoid is a rescaled tanh",
    source="NNDL ch. 3, other models of artificial neuron (σ(z) = (1 + tanh(z/2))/2)",
    chapter=3,
    latex=r"\sigma(z) = \frac{1 + \tanh(z/2)}{2}",
    statement=tanh_statement,
    assumptions={"z": "real"},
    proof=proof_chain(
        (r"\sigma(z)", ""),
        (r"= \frac{1}{1+e^{-z}}", "definition of σ"),
        (r"= \frac{e^{z/2}}{e^{z/2}+e^{-z/2}}", "multiply by e^{z/2}"),
        (r"= \frac{(e^{z/2}+e^{-z/2}) + (e^{z/2}-e^{-z/2})}{2(e^{z/2}+e^{-z/2})}", "algebra"),
        (r"= \frac{1+\tanh(z/2)}{2}", "definition of tanh"),
        expr=lambda k: _tanh_proof()[k]()),
    symbolic=eq_symbolic(tanh_statement, lambda: [{_z(): _r(37, 100)}]),
    numeric=tanh_numeric,
    setting=Setting(),
    variants=(
        Variant("whole-argument", "tanh(z) in place of tanh(z/2)", r"\sigma(z) = \frac{1+\tanh z}{2}"),
        Variant("sign", "sign of tanh flipped", r"\sigma(z) = \frac{1-\tanh(z/2)}{2}"),
        Variant("dropped-half", "the factor 1/2 dropped", r"\sigma(z) = 1+\tanh(z/2)"),
    ),
)
