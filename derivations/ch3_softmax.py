"""Chapter 3: the softmax layer, a_j = e^{z_j} / Σ_k e^{z_k} (eq. (78)).

- ``softmax-sums-to-one`` (eq. (79)) and ``softmax-shift-invariant``;
- ``softmax-monotone``: ∂a_j/∂z_k > 0 iff j = k (exercise, monotonicity);
- ``softmax-derivative``: ∂a_j/∂z_k = a_j(δ_jk − a_k);
- ``softmax-inverse``: z_j = ln a_j + const (exercise, non-locality);
- ``softmax-argmax-limit``: softmax(cz) → the indicator of argmax z as c → ∞.

Symbolically at n = 3 components, componentwise (no ``simplify`` on
matrices); numerically with the core's softmax on random vectors of 4
components, all trials in one call (columns of shape (T, 4, 1)).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from symcheck.claims import NumericOutcome, Outcome, Setting, Step, Variant
from symcheck.claims.kit import H, compare, eq_symbolic, holds, limit_of_exp, proof_chain, scalar_claim

N_SYM, N_NUM = 3, 4
SOFTMAX_OUTPUT = Setting(output="softmax")   # a^L = softmax(z^L): claims about a softmax output layer


def _zs():
    import sympy as sp

    return [sp.Symbol(f"z_{j + 1}", real=True) for j in range(N_SYM)]


def _softmax(z):
    import sympy as sp

    total = sum(sp.exp(t) for t in z)
    return [sp.exp(t) / total for t in z]


def _core_softmax(z):
    """The core's softmax of row vectors z (..., n) -> (..., n)."""
    from symcheck.core import softmax

    return softmax(z[..., None])[..., 0]


def _random_z(rng, trials, low=-3.0, high=3.0):
    return rng.uniform(low, high, (trials, N_NUM))


def _fd_jacobian(z):
    """J[t, j, k] = ∂a_j/∂z_k by central differences of the core's softmax."""
    e = np.eye(z.shape[-1]) * H                           # row k: the step along z_k
    up, down = (_core_softmax(z[:, None, :] + s * e[None]) for s in (1, -1))  # (T, k, j)
    return np.swapaxes((up - down) / (2 * H), 1, 2)


def _proof(kind: str, k: int):
    """Step k of a softmax proof, componentwise at n = N_SYM (a Matrix, or a scalar)."""
    import sympy as sp

    z = _zs()
    total = sum(sp.exp(t) for t in z)
    a = _softmax(z)
    d = lambda j, k_: 1 if j == k_ else 0  # noqa: E731
    c = _shift()
    M = lambda f: sp.Matrix(N_SYM, N_SYM, f)  # noqa: E731
    V = lambda f: sp.Matrix([f(j) for j in range(N_SYM)])  # noqa: E731
    return {
        "sums": [lambda: sum(a), lambda: sum(sp.exp(t) for t in z) / total],
        "shift": [lambda: V(lambda j: sp.exp(z[j] + c) / sum(sp.exp(t + c) for t in z)),
                  lambda: V(lambda j: sp.exp(c) * sp.exp(z[j]) / (sp.exp(c) * total)),
                  lambda: V(lambda j: a[j])],
        "derivative": [lambda: M(lambda j, k_: sp.diff(a[j], z[k_])),
                       lambda: M(lambda j, k_: (d(j, k_) * sp.exp(z[j]) * total - sp.exp(z[j]) * sp.exp(z[k_]))
                                 / total ** 2),
                       lambda: M(lambda j, k_: sp.exp(z[j]) / total * (d(j, k_) - sp.exp(z[k_]) / total)),
                       lambda: M(lambda j, k_: a[j] * (d(j, k_) - a[k_]))],
        "inverse": [lambda: V(lambda j: sp.log(a[j])),
                    lambda: V(lambda j: sp.log(sp.exp(z[j])) - sp.log(total)),
                    lambda: V(lambda j: z[j] - sp.log(total))],
    }[kind][k]()


def _log2():
    import sympy as sp

    return sp.log(2)


# ============================================================================
# softmax-sums-to-one
# ============================================================================
def sums_statement(variant=None):
    import sympy as sp

    from symcheck.symbolic import sigmoid

    z = _zs()
    a = {
        None: lambda: _softmax(z),
        "sigmoid-layer": lambda: [sigmoid(t) for t in z],
        "denominator-without-exp": lambda: [sp.exp(t) / sum(z) for t in z],
    }[variant]()
    return sp.Eq(sum(a), 1, evaluate=False)


def sums_numeric(variant, rng, trials) -> NumericOutcome:
    from symcheck.core import sigmoid

    z = _random_z(rng, trials)
    a = {
        None: lambda: _core_softmax(z),
        "sigmoid-layer": lambda: sigmoid(z),
        "denominator-without-exp": lambda: np.exp(z) / z.sum(axis=1, keepdims=True),
    }[variant]()
    return compare(a.sum(axis=1), np.ones(trials), {"z": z}, rtol=1e-12, names=("sum_of_a", "one"))


SOFTMAX_SUMS = scalar_claim(
    id="softmax-sums-to-one",
    title="The softmax outputs sum to 1",
    source="NNDL ch. 3, softmax, eq. (79)",
    chapter=3,
    latex=r"\sum_j a^L_j = \frac{\sum_j e^{z^L_j}}{\sum_k e^{z^L_k}} = 1",
    statement=sums_statement,
    assumptions={"z_j": "real"},
    proof=proof_chain(
        (r"\sum_j a^L_j = \sum_j \frac{e^{z^L_j}}{\sum_k e^{z^L_k}}", "eq. (78)"),
        (r"= \frac{\sum_j e^{z^L_j}}{\sum_k e^{z^L_k}} = 1", "common denominator"),
        expr=lambda k: _proof("sums", k)),
    symbolic=eq_symbolic(sums_statement, lambda: [dict.fromkeys(_zs(), 0), dict(zip(_zs(), (1, 2, 3)))]),
    numeric=sums_numeric,
    setting=SOFTMAX_OUTPUT,
    variants=(
        Variant("sigmoid-layer", "a sigmoid layer's outputs claimed to sum to 1", r"\sum_j \sigma(z_j) = 1"),
        Variant("denominator-without-exp", "e^{z_k} replaced by z_k in the denominator",
                r"\sum_j \frac{e^{z_j}}{\sum_k z_k} = 1"),
    ),
)


# ============================================================================
# softmax-shift-invariant: softmax(z + c) = softmax(z)
# ============================================================================
def _shift():
    import sympy as sp

    return sp.Symbol("c", real=True)


def shift_statement(variant=None):
    import sympy as sp

    z, c = _zs(), _shift()
    moved = {
        None: [t + c for t in z],
        "scaling": [c * t for t in z],
        "one-component": [z[0] + c] + z[1:],
    }[variant]
    return sp.Eq(sp.Matrix(_softmax(moved)), sp.Matrix(_softmax(z)), evaluate=False)


def _shift_points():
    z, c = _zs(), _shift()
    return [{z[0]: 0, z[1]: 0, z[2]: 0, c: _log2()}, {z[0]: _log2(), z[1]: 0, z[2]: 0, c: 2}]


def shift_numeric(variant, rng, trials) -> NumericOutcome:
    z = _random_z(rng, trials)
    c = rng.uniform(-5.0, 5.0, (trials, 1))
    moved = {
        None: lambda: z + c,
        "scaling": lambda: c * z,
        "one-component": lambda: z + c * np.eye(N_NUM)[0],
    }[variant]()
    return compare(_core_softmax(moved), _core_softmax(z), {"z": z, "c": c[:, 0]}, rtol=1e-12,
                   names=("softmax_moved", "softmax_z"))


SOFTMAX_SHIFT = scalar_claim(
    id="softmax-shift-invariant",
    title="Softmax is unchanged by adding a constant to every z_j",
    source="NNDL ch. 3, softmax (adding a constant to every input; cf. the non-locality exercise)",
    chapter=3,
    latex=r"\frac{e^{z_j + c}}{\sum_k e^{z_k + c}} = \frac{e^{z_j}}{\sum_k e^{z_k}}",
    statement=shift_statement,
    assumptions={"z_j, c": "real", "n": "3 components (symbolic)"},
    proof=proof_chain(
        (r"\frac{e^{z_j + c}}{\sum_k e^{z_k + c}}", "eq. (78) at z + c"),
        (r"= \frac{e^c e^{z_j}}{e^c \sum_k e^{z_k}}", "e^{u+v} = e^u e^v"),
        (r"= \frac{e^{z_j}}{\sum_k e^{z_k}}", "cancel e^c > 0"),
        expr=lambda k: _proof("shift", k)),
    symbolic=eq_symbolic(shift_statement, _shift_points),
    numeric=shift_numeric,
    setting=Setting(),
    variants=(
        Variant("scaling", "multiplying every z_j by c in place of adding c",
                r"\frac{e^{c z_j}}{\sum_k e^{c z_k}} = \frac{e^{z_j}}{\sum_k e^{z_k}}"),
        Variant("one-component", "c added to z_1 only",
                r"\frac{e^{z_1 + c}}{e^{z_1 + c} + \sum_{k \neq 1} e^{z_k}} = \frac{e^{z_1}}{\sum_k e^{z_k}}"),
    ),
)


# ============================================================================
# softmax-monotone: ∂a_j/∂z_k > 0 iff j = k
# ============================================================================
def _expected_signs(variant, n):
    eye = np.eye(n, dtype=int)
    return {None: 2 * eye - 1, "reversed": 1 - 2 * eye, "all-positive": np.ones((n, n), dtype=int)}[variant]


def monotone_statement(variant=None):
    """The matrix of signs of ∂a_j/∂z_k equals the claimed sign pattern."""
    import sympy as sp

    z = _zs()
    a = _softmax(z)
    signs = sp.Matrix(N_SYM, N_SYM, lambda j, k: sp.sign(sp.Derivative(a[j], z[k])))
    return sp.Eq(signs, sp.Matrix(_expected_signs(variant, N_SYM).tolist()), evaluate=False)


def monotone_symbolic(variant=None) -> Outcome:
    """Each ∂a_j/∂z_k, brought over a common denominator, has a sign SymPy
    decides from e^{z} > 0; compared exactly with the claimed pattern."""
    import sympy as sp

    z = _zs()
    a = _softmax(z)
    expected = _expected_signs(variant, N_SYM)
    for j in range(N_SYM):
        for k in range(N_SYM):
            s = sp.sign(sp.together(sp.diff(a[j], z[k])))
            if s not in (1, -1):
                return Outcome(None, "inconclusive", f"sign of ∂a_{j + 1}/∂z_{k + 1} not decided")
            if s != expected[j, k]:
                return Outcome(False, "assumptions",
                               f"∂a_{j + 1}/∂z_{k + 1} has sign {s}, claimed {expected[j, k]}")
    return Outcome(True, "together + assumptions")


def monotone_numeric(variant, rng, trials) -> NumericOutcome:
    """Signs of the central-difference Jacobian of the core's softmax at
    random z ∈ [−3, 3]^4 (every |∂a_j/∂z_k| ≥ 1e-6 there, far above the
    differencing error ≈ 1e-11)."""
    z = _random_z(rng, trials)
    jac = _fd_jacobian(z)
    expected = _expected_signs(variant, N_NUM)
    return holds(np.sign(jac) == expected[None], {"z": z}, what="sign(∂a_j/∂z_k) as claimed",
                 jacobian=jac, claimed_signs=np.broadcast_to(expected, jac.shape))


SOFTMAX_MONOTONE = scalar_claim(
    id="softmax-monotone",
    title="Softmax is monotone: ∂a_j/∂z_k is positive iff j = k",
    source="NNDL ch. 3, softmax (exercise: monotonicity of softmax)",
    chapter=3,
    latex=r"\frac{\partial a^L_j}{\partial z^L_k} > 0 \iff j = k",
    statement=monotone_statement,
    assumptions={"z_j": "real", "n": "3 components (symbolic)"},
    proof=(
        Step(r"\frac{\partial a_j}{\partial z_j} = \frac{e^{z_j}\sum_{k \neq j} e^{z_k}}{(\sum_k e^{z_k})^2} > 0",
             "quotient rule; e^{z} > 0"),
        Step(r"\frac{\partial a_j}{\partial z_k} = -\frac{e^{z_j}e^{z_k}}{(\sum_i e^{z_i})^2} < 0 \quad (k \neq j)",
             "quotient rule; e^{z} > 0"),
    ),
    symbolic=monotone_symbolic,
    numeric=monotone_numeric,
    setting=SOFTMAX_OUTPUT,
    variants=(
        Variant("reversed", "positive iff j ≠ k", r"\frac{\partial a_j}{\partial z_k} > 0 \iff j \neq k"),
        Variant("all-positive", "every a_j increases with every z_k", r"\frac{\partial a_j}{\partial z_k} > 0"),
    ),
)


# ============================================================================
# softmax-derivative: ∂a_j/∂z_k = a_j(δ_jk − a_k)
# ============================================================================
def _derivative_claim(variant, a, j, k):
    d = 1 if j == k else 0
    return {
        None: lambda: a[j] * (d - a[k]),
        "sign": lambda: a[j] * (a[k] - d),
        "diagonal-only": lambda: d * a[j] * (1 - a[j]),
        "wrong-index": lambda: a[j] * (d - a[j]),
    }[variant]()


def derivative_statement(variant=None):
    import sympy as sp

    z = _zs()
    a = _softmax(z)
    lhs = sp.Matrix(N_SYM, N_SYM, lambda j, k: sp.Derivative(a[j], z[k]))
    rhs = sp.Matrix(N_SYM, N_SYM, lambda j, k: _derivative_claim(variant, a, j, k))
    return sp.Eq(lhs, rhs, evaluate=False)


def derivative_numeric(variant, rng, trials) -> NumericOutcome:
    """The central-difference Jacobian of the core's softmax against the
    claimed formula evaluated with the core's a = softmax(z)."""
    z = _random_z(rng, trials)
    a = _core_softmax(z)
    cols = [a[:, i] for i in range(N_NUM)]
    claimed = np.stack([np.stack([_derivative_claim(variant, cols, j, k) * np.ones(trials) for k in range(N_NUM)],
                                 axis=1) for j in range(N_NUM)], axis=1)
    return compare(_fd_jacobian(z), claimed, {"z": z}, rtol=1e-6, floor=1e-4,
                   names=("finite_difference", "claimed"))


SOFTMAX_DERIVATIVE = scalar_claim(
    id="softmax-derivative",
    title="The derivative of softmax",
    source="NNDL ch. 3, softmax (∂a^L_j/∂z^L_k; used for the log-likelihood cost, eq. (81)-(82))",
    chapter=3,
    latex=r"\frac{\partial a^L_j}{\partial z^L_k} = a^L_j(\delta_{jk} - a^L_k)",
    statement=derivative_statement,
    assumptions={"z_j": "real", "n": "3 components (symbolic)"},
    proof=proof_chain(
        (r"\frac{\partial a_j}{\partial z_k} = \frac{\partial}{\partial z_k}\frac{e^{z_j}}{\sum_i e^{z_i}}", "eq. (78)"),
        (r"= \frac{\delta_{jk}e^{z_j}\sum_i e^{z_i} - e^{z_j}e^{z_k}}{(\sum_i e^{z_i})^2}", "quotient rule"),
        (r"= \frac{e^{z_j}}{\sum_i e^{z_i}}\left(\delta_{jk} - \frac{e^{z_k}}{\sum_i e^{z_i}}\right)", "factor"),
        (r"= a_j(\delta_{jk} - a_k)", "eq. (78)"),
        expr=lambda k: _proof("derivative", k)),
    symbolic=eq_symbolic(derivative_statement, lambda: [dict.fromkeys(_zs(), 0), {**dict.fromkeys(_zs(), 0),
                                                                                  _zs()[0]: _log2()}]),
    numeric=derivative_numeric,
    setting=SOFTMAX_OUTPUT,
    variants=(
        Variant("sign", "sign flipped", r"\frac{\partial a_j}{\partial z_k} = a_j(a_k - \delta_{jk})"),
        Variant("diagonal-only", "the sigmoid-like diagonal only, δ_jk a_j(1 − a_j)", r"\frac{\partial a_j}{\partial z_k} = \delta_{jk}a_j(1-a_j)"),
        Variant("wrong-index", "a_j in place of a_k", r"\frac{\partial a_j}{\partial z_k} = a_j(\delta_{jk} - a_j)"),
    ),
)


# ============================================================================
# softmax-inverse: z_j = ln a_j + const
# ============================================================================
def _inverse_f(variant):
    import sympy as sp

    return {None: sp.log, "dropped-log": lambda u: u, "sign": lambda u: -sp.log(u), "exp": sp.exp}[variant]


_INVERSE_NP = {None: np.log, "dropped-log": lambda u: u, "sign": lambda u: -np.log(u), "exp": np.exp}


def inverse_statement(variant=None):
    """z_j − f(a_j) is the same constant for every j: z_j − f(a_j) = z_1 − f(a_1)."""
    import sympy as sp

    z = _zs()
    a = _softmax(z)
    f = _inverse_f(variant)
    r = [t - f(u) for t, u in zip(z, a)]
    return sp.Eq(sp.Matrix(r[1:]), sp.Matrix([r[0]] * (N_SYM - 1)), evaluate=False)


def inverse_numeric(variant, rng, trials) -> NumericOutcome:
    """r_j = z_j − f(a_j) with a the core's softmax of random z: every r_j
    equals r_1 (to rounding; r is O(1), so the comparison is absolute)."""
    z = _random_z(rng, trials)
    r = z - _INVERSE_NP[variant](_core_softmax(z))
    return compare(r[:, 1:], np.broadcast_to(r[:, :1], r[:, 1:].shape), {"z": z}, rtol=1e-9, floor=1.0,
                   names=("z_j_minus_f_a_j", "z_1_minus_f_a_1"))


SOFTMAX_INVERSE = scalar_claim(
    id="softmax-inverse",
    title="Inverting softmax: z_j = ln a_j + const",
    source="NNDL ch. 3, softmax (exercise: inverting the softmax layer)",
    chapter=3,
    latex=r"z^L_j = \ln a^L_j + \mathrm{const}",
    statement=inverse_statement,
    assumptions={"z_j": "real", "const": "independent of j", "n": "3 components (symbolic)"},
    proof=proof_chain(
        (r"\ln a_j = \ln \frac{e^{z_j}}{\sum_k e^{z_k}}", "eq. (78)"),
        (r"= \ln e^{z_j} - \ln \sum_k e^{z_k}", "ln of a quotient"),
        (r"= z_j - \ln \sum_k e^{z_k}", "ln e^{z} = z for real z; so z_j = ln a_j + const, the constant"
             " ln Σ_k e^{z_k} being the same for every j"),
        expr=lambda k: _proof("inverse", k)),
    symbolic=eq_symbolic(inverse_statement, lambda: [{**dict.fromkeys(_zs(), 0), _zs()[1]: _log2()}]),
    numeric=inverse_numeric,
    setting=SOFTMAX_OUTPUT,
    variants=(
        Variant("dropped-log", "z_j = a_j + const", r"z_j = a_j + \mathrm{const}"),
        Variant("sign", "z_j = −ln a_j + const", r"z_j = -\ln a_j + \mathrm{const}"),
        Variant("exp", "z_j = e^{a_j} + const", r"z_j = e^{a_j} + \mathrm{const}"),
    ),
)


# ============================================================================
# softmax-argmax-limit: softmax(cz) → indicator of argmax z as c → ∞
# ============================================================================
def _ordered():
    """z_1 > z_2 > z_3 as z_2 = z_1 − p, z_3 = z_1 − p − q with p, q > 0."""
    import sympy as sp

    z1 = sp.Symbol("z_1", real=True)
    p, q = sp.symbols("p q", positive=True)
    return [z1, z1 - p, z1 - p - q]


def _claimed_limit(variant, n):
    return {
        None: [1] + [0] * (n - 1),              # argmax: component 1
        "argmin": [0] * (n - 1) + [1],          # argmin: the last component
        "uniform": [1 / n] * n,                 # the c → 0 limit
    }[variant]


def argmax_statement(variant=None):
    import sympy as sp

    from symcheck.symbolic import c

    z = _ordered()
    claimed = [sp.nsimplify(v) for v in _claimed_limit(variant, N_SYM)]
    return sp.Eq(sp.Limit(sp.Matrix(_softmax([c * t for t in z])), c, sp.oo), sp.Matrix(claimed), evaluate=False)


@lru_cache(maxsize=None)
def _argmax_limits():
    """lim a_j(cz) for z_1 > z_2 > z_3 (variant-independent, computed once):
    a_j(cz) = 1/Σ_k e^{c(z_k − z_j)} (checked by cancel), each exponential's
    limit by :func:`limit_of_exp` (0, 1 or ∞: the sign of z_k − z_j is
    known from p, q > 0), then the algebra of limits."""
    import sympy as sp

    from symcheck.symbolic import c

    z = _ordered()
    a = _softmax([c * t for t in z])
    limits = []
    for j in range(N_SYM):
        diffs = [sp.expand(t - z[j]) for t in z]
        rewritten = 1 / sum(sp.exp(c * d) for d in diffs)
        if sp.cancel(sp.expand(a[j] - rewritten)) != 0:
            return None
        terms = [limit_of_exp(d) for d in diffs]
        if any(t is None for t in terms):
            return None
        limits.append(1 / sum(terms))
    return tuple(limits)


def argmax_symbolic(variant=None) -> Outcome:
    import sympy as sp

    limits = _argmax_limits()
    if limits is None or not all(v.is_Rational for v in limits):
        return Outcome(None, "inconclusive", "limits not decided")
    claimed = [sp.nsimplify(v) for v in _claimed_limit(variant, N_SYM)]
    for j, (lim, cl) in enumerate(zip(limits, claimed), 1):
        if lim != cl:
            return Outcome(False, "limit", f"lim a_{j}(cz) = {lim} for z_1 > z_2 > z_3, claimed {cl}")
    return Outcome(True, "limit (termwise)")


def argmax_numeric(variant, rng, trials) -> NumericOutcome:
    """Random z ∈ [−3, 3]^4 (distinct entries), sorted so that z_1 is the
    largest and z_4 the smallest; with gap = z_max − z_second, at c·gap ∈
    {5, 20, 40} every |softmax(cz)_j − claimed_j| ≤ (n−1)e^{−c·gap} (the exact
    tail bound), so softmax(cz) approaches the claimed vector at that rate."""
    z = -np.sort(-_random_z(rng, trials), axis=1)
    gap = z[:, 0] - z[:, 1]
    scale = np.array([5.0, 20.0, 40.0])
    c = scale[None, :] / gap[:, None]                               # (T, 3)
    a = _core_softmax(c[:, :, None] * z[:, None, :])                # (T, 3, n)
    claimed = np.array(_claimed_limit(variant, N_NUM), dtype=float)
    bound = (N_NUM - 1) * np.exp(-scale)[None, :, None] + 1e-15
    return holds(np.abs(a - claimed) <= bound, {"z": z, "c": c}, what="|softmax(cz) − limit| ≤ (n−1)e^{−c·gap}",
                 softmax_cz=a, claimed_limit=np.broadcast_to(claimed, (trials, N_NUM)))


SOFTMAX_ARGMAX = scalar_claim(
    id="softmax-argmax-limit",
    title="softmax(cz) tends to the indicator of the largest z_j as c → ∞",
    source="NNDL ch. 3, softmax (exercise: where does the \"softmax\" name come from? c → ∞)",
    chapter=3,
    latex=r"\lim_{c \to \infty} \frac{e^{c z_j}}{\sum_k e^{c z_k}} = \begin{cases} 1 & j = \arg\max_k z_k \\"
          r" 0 & \text{otherwise} \end{cases}",
    statement=argmax_statement,
    assumptions={"c": "positive", "z_j": "real, distinct", "n": "3 components, z_1 > z_2 > z_3 (symbolic)"},
    proof=(
        Step(r"\frac{e^{c z_j}}{\sum_k e^{c z_k}} = \frac{1}{\sum_k e^{c(z_k - z_j)}}", "divide by e^{c z_j}"),
        Step(r"j = \arg\max:\ z_k - z_j < 0\ (k \neq j) \Rightarrow \frac{1}{1 + \sum_{k \neq j} e^{c(z_k - z_j)}} \to 1",
             "e^{-ct} → 0 for t > 0"),
        Step(r"j \neq \arg\max:\ e^{c(z_{\max} - z_j)} \to \infty \Rightarrow a_j \to 0", "e^{ct} → ∞ for t > 0"),
    ),
    symbolic=argmax_symbolic,
    numeric=argmax_numeric,
    setting=Setting(),
    variants=(
        Variant("argmin", "tends to the indicator of the smallest z_j"),
        Variant("uniform", "tends to 1/n in every component (that is c → 0)"),
    ),
)
