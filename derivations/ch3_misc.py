"""Chapter 3, other facts: the derivative of tanh, and the variance of a
weighted input under the book's improved weight initialisation.

- ``tanh-prime``: tanh'(z) = 1 − tanh²(z) (other models of artificial neuron);
- ``init-variance``: with 500 of 1000 inputs equal to 1 (the rest 0),
  weights ~ N(0, 1/n_in) and bias ~ N(0, 1), Var z = 500/1000 + 1 = 3/2
  (weight initialization).
"""

from __future__ import annotations

import numpy as np

from symcheck.claims import NumericOutcome, Setting, Step, Variant
from symcheck.claims.kit import central, compare, eq_symbolic, proof_chain, scalar_claim

# ============================================================================
# tanh-prime: tanh'(z) = 1 − tanh²(z)
# ============================================================================
_TANH_PRIME = {
    None: lambda t: 1 - t ** 2,
    "sign": lambda t: 1 + t ** 2,
    "dropped-square": lambda t: 1 - t,
    "sigmoid-analogy": lambda t: t * (1 - t),
}


def tanh_prime_statement(variant=None):
    """Differentiate the definition (e^z − e^{−z})/(e^z + e^{−z}), not SymPy's tanh rule."""
    import sympy as sp

    from symcheck.symbolic import z

    definition = (sp.exp(z) - sp.exp(-z)) / (sp.exp(z) + sp.exp(-z))
    return sp.Eq(sp.Derivative(definition, z), _TANH_PRIME[variant](sp.tanh(z)), evaluate=False)


def _tanh_points():
    import sympy as sp

    from symcheck.symbolic import z

    return [{z: 0}, {z: sp.Rational(37, 100)}]


def tanh_prime_numeric(variant, rng, trials) -> NumericOutcome:
    """Central differences of the core's tanh against the claimed formula in
    the core's tanh, at random z ∈ (−4, 4)."""
    from symcheck.core import tanh

    z = rng.uniform(-4.0, 4.0, trials)
    fd = central(tanh, z)
    return compare(fd, _TANH_PRIME[variant](tanh(z)), {"z": z}, rtol=1e-7, names=("finite_difference", "claimed"))


def _tanh_proof():
    import sympy as sp

    from symcheck.symbolic import z

    p, m = sp.exp(z), sp.exp(-z)
    return [
        lambda: sp.diff((p - m) / (p + m), z),
        lambda: ((p + m) ** 2 - (p - m) ** 2) / (p + m) ** 2,
        lambda: 1 - ((p - m) / (p + m)) ** 2,
        lambda: 1 - sp.tanh(z) ** 2,
    ]


TANH_PRIME = scalar_claim(
    id="tanh-prime",
    title="Derivative of tanh",
    source="NNDL ch. 3, other models of artificial neuron (the tanh neuron)",
    chapter=3,
    latex=r"\tanh'(z) = 1 - \tanh^2(z)",
    statement=tanh_prime_statement,
    assumptions={"z": "real"},
    proof=proof_chain(
        (r"\tanh'(z) = \frac{d}{dz}\frac{e^z - e^{-z}}{e^z + e^{-z}}", "definition of tanh"),
        (r"= \frac{(e^z + e^{-z})^2 - (e^z - e^{-z})^2}{(e^z + e^{-z})^2}", "quotient rule"),
        (r"= 1 - \left(\frac{e^z - e^{-z}}{e^z + e^{-z}}\right)^2", "algebra"),
        (r"= 1 - \tanh^2(z)", "definition of tanh"),
        expr=lambda k: _tanh_proof()[k]()),
    symbolic=eq_symbolic(tanh_prime_statement, _tanh_points),
    numeric=tanh_prime_numeric,
    setting=Setting(),
    variants=(
        Variant("sign", "1 + tanh²", r"\tanh'(z) = 1 + \tanh^2(z)"),
        Variant("dropped-square", "1 − tanh, the square dropped", r"\tanh'(z) = 1 - \tanh(z)"),
        Variant("sigmoid-analogy", "tanh(1 − tanh), by analogy with σ' = σ(1 − σ)",
                r"\tanh'(z) = \tanh(z)(1 - \tanh(z))"),
    ),
)


# ============================================================================
# init-variance: Var z = 500/1000 + 1 = 3/2
# ============================================================================
N_IN, N_ON = 1000, 500
SAMPLES = 500          # neurons sampled per check
SIGMAS = 6.0           # acceptance: |s²/σ² − 1| ≤ 6·sqrt(2/(SAMPLES − 1)) ≈ 0.38


def _claimed_variance(variant):
    """The claimed Var z (exact for the symbolic side, as a SymPy number)."""
    import sympy as sp

    return {
        None: sp.Rational(3, 2),
        "unscaled-weights": sp.Integer(N_ON + 1),
        "sd-as-variance": 1 + N_ON / sp.sqrt(N_IN),
        "dropped-bias": sp.Rational(N_ON, N_IN),
    }[variant]


def init_statement(variant=None):
    """Var z = Σ_j x_j² Var w_j + Var b = Σ_{j ≤ 500} 1/1000 + 1 (the inputs that
    are 0 contribute nothing), against the claimed value."""
    import sympy as sp

    j = sp.Symbol("j", integer=True, positive=True)
    var_z = sp.Sum(sp.Rational(1, N_IN), (j, 1, N_ON)) + 1
    return sp.Eq(var_z, _claimed_variance(variant), evaluate=False)


def init_numeric(variant, rng, trials) -> NumericOutcome:
    """Sample SAMPLES neurons of the book's setup: x with 500 ones at random
    positions among 1000 inputs, w_j ~ N(0, 1/1000), b ~ N(0, 1); z = w·x + b by
    the core's forward pass (linear activation). For Gaussian z the sample
    variance satisfies (T−1)s²/σ² ~ χ²_{T−1}, whose standard deviation relative
    to its mean is sqrt(2/(T−1)); the claimed σ² is accepted when s²/σ² is
    within SIGMAS of those standard deviations of 1 (a false alarm is a < 1e-8
    event; every false variant is off by a factor ≥ 3, i.e. ≥ 5 tolerances).
    ``trials`` (networks) does not set the sample size: the tolerance needs it
    fixed."""
    from symcheck.core.network import forward_arrays

    x = np.zeros((N_IN, 1))
    x[rng.permutation(N_IN)[:N_ON]] = 1.0
    w = rng.standard_normal((SAMPLES, 1, N_IN)) / np.sqrt(N_IN)
    b = rng.standard_normal((SAMPLES, 1, 1))
    z = forward_arrays([w], [b], ("linear",), x)[0][0][:, 0, 0]
    s2 = float(np.var(z, ddof=1))
    claimed = float(_claimed_variance(variant))
    tol = SIGMAS * np.sqrt(2.0 / (SAMPLES - 1))
    ratio_error = abs(s2 / claimed - 1.0)
    if ratio_error <= tol:
        return NumericOutcome(True, SAMPLES, ratio_error)
    return NumericOutcome(False, SAMPLES, ratio_error, {
        "samples": SAMPLES, "sample_variance": s2, "claimed_variance": claimed,
        "relative_tolerance": float(tol), "relative_deviation": ratio_error})


def _init_step(k: int):
    import sympy as sp

    return {1: N_ON * sp.Rational(1, N_IN) + 1, 2: sp.Rational(3, 2)}[k]


INIT_VARIANCE = scalar_claim(
    id="init-variance",
    title="Variance of z with weights ~ N(0, 1/n_in)",
    source="NNDL ch. 3, weight initialization (500 of 1000 inputs active)",
    chapter=3,
    latex=r"\operatorname{Var}(z) = \sum_{j=1}^{1000} x_j^2 \operatorname{Var}(w_j) + \operatorname{Var}(b)"
          r" = \frac{500}{1000} + 1 = \frac{3}{2}",
    statement=init_statement,
    assumptions={"w_j": "independent N(0, 1/1000)", "b": "N(0, 1), independent of w",
                 "x_j": "1 for 500 inputs, 0 for the other 500"},
    proof=(
        Step(r"\operatorname{Var}(z) = \sum_j x_j^2\operatorname{Var}(w_j) + \operatorname{Var}(b)",
             "z = Σ_j w_j x_j + b, independent terms: variances add", lambda: init_statement(None).lhs.doit()),
        Step(r"= 500 \cdot \frac{1}{1000} + 1", "x_j² = 1 for 500 inputs, 0 otherwise", lambda: _init_step(1)),
        Step(r"= \frac{3}{2}", "arithmetic", lambda: _init_step(2)),
    ),
    symbolic=eq_symbolic(init_statement),
    numeric=init_numeric,
    setting=Setting(),
    variants=(
        Variant("unscaled-weights", "Var z = 501: the value for weights ~ N(0, 1), not N(0, 1/n_in)",
                r"\operatorname{Var}(z) = 501"),
        Variant("sd-as-variance", "1/√n_in taken as the weights' variance: Var z = 1 + 500/√1000",
                r"\operatorname{Var}(z) = 1 + \frac{500}{\sqrt{1000}}"),
        Variant("dropped-bias", "the bias's variance left out: Var z = 1/2", r"\operatorname{Var}(z) = \frac{1}{2}"),
    ),
)
