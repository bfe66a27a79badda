"""The meaning layer: equations checked on random networks and at random points."""

import pytest
import sympy as sp

from symcheck.notation import Context, check_equation, check_reading, check_relation, read, shape_of

QUAD, XENT = Context(cost="quadratic"), Context(cost="cross-entropy")

CASES = [
    # (latex, context, verdict)
    (r"\delta^L = a^L - y", XENT, "correct"),
    (r"\delta^L = a^L - y", QUAD, "incorrect"),
    (r"\frac{\partial C}{\partial w_j^l} = \delta_j^l", QUAD, "incorrect"),
    (r"\frac{\partial C}{\partial b_j^l} = \delta_j^l", QUAD, "correct"),
    (r"\sigma'(z) = \sigma(z)(1-\sigma(z))", QUAD, "correct"),
    (r"\sigma'(z) = \sigma(z)", QUAD, "incorrect"),
    (r"x \odot y = \sum_k x_k y_k", QUAD, "incorrect"),
    (r"x \odot y = y \odot x", QUAD, "correct"),
    (r"\delta^L = \nabla_a C \odot \sigma'(z^L)", QUAD, "correct"),
    (r"\delta^L = \nabla_a C \odot \sigma'(z^L)", XENT, "correct"),
    (r"\delta^L = \Sigma'(z^L) \nabla_a C", QUAD, "correct"),
    (r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)", QUAD, "correct"),
    (r"\delta^l = (w^{l+1} \delta^{l+1}) \odot \sigma'(z^l)", QUAD, "incorrect"),
    (r"\delta^l = ((w^{l})^T \delta^{l+1}) \odot \sigma'(z^l)", QUAD, "incorrect"),
    (r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", QUAD, "correct"),
    (r"\frac{\partial C}{\partial w^l_{jk}} = a^{l}_k \delta^l_j", QUAD, "incorrect"),
    (r"\frac{\partial C}{\partial w^l} = \delta^l (a^{l-1})^T", QUAD, "correct"),
    (r"\frac{\partial C}{\partial b^l} = \delta^l", XENT, "correct"),
    (r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k \sigma'(z^l_j)", QUAD, "correct"),
    (r"\delta^l_j = \sum_k w^{l+1}_{jk} \delta^{l+1}_k \sigma'(z^l_j)", QUAD, "incorrect"),
    (r"z^l = w^l a^{l-1} + b^l", QUAD, "correct"),
    (r"a^l = \sigma(z^l)", QUAD, "correct"),
    (r"C = \frac{1}{2}\|y - a^L\|^2", QUAD, "correct"),
    (r"\nabla_a C = a^L - y", QUAD, "correct"),
    (r"\delta^L = a^L - y", Context(cost="cross-entropy", activation="sigmoid", seed=3, trials=4), "correct"),
    (r"\frac{e^z}{(1+e^z)^2} = \sigma(z)(1-\sigma(z))", QUAD, "correct"),
    (r"\ln(e^x) = x", QUAD, "correct"),
    (r"\gamma - \alpha \gamma = \alpha - \alpha \gamma", QUAD, "incorrect"),
    (r"-0.15(0.05) + 0.25(0.1) + 0.35 = 0.3825", QUAD, "incorrect"),
    (r"\sigma(0.3825) = 0.5945", QUAD, "correct"),
    (r"\frac{1}{1+e^{-1.136}} = 0.7569", QUAD, "correct"),
    (r"C'(\alpha) = -\frac{\gamma}{\alpha}", QUAD, "unchecked"),
    (r"(x+1)^{100000000} = 1", QUAD, "unchecked"),
    (r"\delta^L = \omega^{L+1 T} \delta^{L+1}", QUAD, "unchecked"),
    (r"\sigma'(z) = 1 - \tanh(z)^2", Context(activation="tanh"), "correct"),
    (r"\tanh'(z) = 1 - \tanh^2(z)", QUAD, "correct"),
    (r"\tanh'(z) = 1 - \tanh(z)", QUAD, "incorrect"),
    (r"\sum_{j=1}^{10} j = 55", QUAD, "correct"),
    (r"\sum_{j=1}^{10} j = 56", QUAD, "incorrect"),
    (r"\sum_{k=1}^{n} x_k y_k = \sum_{j=1}^{n} x_j y_j", QUAD, "correct"),
    (r"\frac{e^{z_j + c}}{\sum_k e^{z_k + c}} = \frac{e^{z_j}}{\sum_k e^{z_k}}", QUAD, "correct"),
    (r"\frac{e^{c z_j}}{\sum_k e^{c z_k}} = \frac{e^{z_j}}{\sum_k e^{z_k}}", QUAD, "incorrect"),
    (r"\delta^L = a^L - y", Context(activation="sigmoid", output="softmax", cost="log-likelihood"), "correct"),
    (r"\sum_j a^L_j = 1", Context(output="softmax", cost="log-likelihood"), "correct"),
    (r"\sum_j a^L_j = 1", QUAD, "incorrect"),
    (r"\delta^L = \nabla_a C \odot \sigma'(z^L)", Context(output="softmax", cost="log-likelihood"), "unchecked"),
    (r"\frac{\partial C}{\partial w^l} = \frac{1}{m}\Delta^l (A^{l-1})^T", QUAD, "correct"),
    (r"\frac{\partial C}{\partial w^l} = \Delta^l (A^{l-1})^T", QUAD, "incorrect"),
    (r"\delta^l = \Sigma'(z^l)(w^{l+1})^T \cdots \Sigma'(z^{L-1})(w^L)^T \Sigma'(z^L) \nabla_a C", QUAD, "correct"),
    (r"\delta^l = \Sigma'(z^l)w^{l+1} \cdots \Sigma'(z^{L-1})w^L \Sigma'(z^L) \nabla_a C", QUAD, "incorrect"),
    (r"\mathbf{z}_k = \mathbf{W}_k \mathbf{a}_{k-1} + \mathbf{b}_k", QUAD, "correct"),
    (r"\delta_i^N = \frac{\partial C}{\partial a_i^N} \sigma^\prime(z_i^N)", QUAD, "correct"),
    (r"z^L_j = \ln a^L_j + C", QUAD, "unchecked"),
    (r"z^L_j = \ln a^L_j + \mathrm{const}", Context(output="softmax", cost="log-likelihood"), "unchecked"),
    (r"\sum_{j=1}^{100000} j^2 = 1", QUAD, "unchecked"),
]


@pytest.mark.parametrize("latex,ctx,verdict", [pytest.param(*c, id=f"{c[0][:40]}-{c[1].cost}") for c in CASES])
def test_check(latex, ctx, verdict):
    v = check_reading(read(latex), ctx)
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert v.counterexample or v.check.startswith("exact")
    if verdict == "unchecked":
        assert v.cause in ("unsupported", "ambiguous") and v.reason


def test_counterexample_names_network_seed_and_values():
    v = check_reading(read(r"\delta^L = a^L - y"), QUAD)
    ce = v.counterexample
    assert {"seed", "sizes", "lhs", "rhs", "L"} <= set(ce) and ce["lhs"] != ce["rhs"]


def test_shape_mismatch_names_both_shapes():
    v = check_reading(read(r"x \odot y = \sum_k x_k y_k"), QUAD)
    assert v.check == "exact shape" and "vector" in v.reason and "scalar" in v.reason


def test_deterministic():
    r = read(r"\delta^L = a^L - y")
    assert check_reading(r, QUAD) == check_reading(r, QUAD)


@pytest.mark.parametrize("latex,shape", [
    (r"a^l", "vector(n_l)"), (r"w^l", "matrix(n_l, n_{l - 1})"), (r"(w^{l+1})^T \delta^{l+1}", "vector(n_l)"),
    (r"a^l_j", "scalar"), (r"\Sigma'(z^L)", "matrix(n_L, n_L)"), (r"\delta^l (a^{l-1})^T", "matrix(n_l, n_{l - 1})"),
    (r"w^{l+1} \delta^{l+1}", "ill-formed"), (r"\gamma \ln \alpha", "scalar"), (r"(a^{l})^T a^l", "scalar"),
])
def test_shape_of(latex, shape):
    assert shape_of(read(latex).parts[0]).startswith(shape)


@pytest.mark.parametrize("latex,verdict", [
    (r"\sigma(z) < 1", "correct"), (r"\sigma(z) > 1", "incorrect"), (r"e^z > 0", "correct"),
    (r"\gamma \in (0, 1)", "unchecked"),
])
def test_relations(latex, verdict):
    r = read(latex)
    assert check_relation((r.parts[0], r.relations[0], r.parts[1]), QUAD).verdict == verdict


def test_given_values_are_used():
    r = read(r"\gamma_1 \ln 2 = 0.01 \ln 2")
    assert check_equation(*r.parts, Context(given={"gamma_1": 0.01})).verdict == "correct"


def test_definitions_are_not_refuted():
    v = check_reading(read(r"\alpha_{h1} = \sigma(0.3825) = 0.5945"), QUAD)
    assert v.verdict == "correct"
    assert check_equation(sp.Symbol("q", real=True), sp.Integer(1), QUAD).verdict == "unchecked"
