"""symcheck.core.costs: costs at known points, their gradients against central
differences, log(0) not hidden, the fused from-z forms, regularisers."""

import numpy as np
import pytest

from symcheck.core.activations import sigmoid, softmax
from symcheck.core.costs import COSTS, REGULARISERS, VALUE_FROM_Z, softplus

col = lambda *v: np.array(v, dtype=float).reshape(-1, 1)  # noqa: E731


def test_registry_keys():
    assert set(COSTS) == {"quadratic", "cross-entropy", "log-likelihood"}
    assert set(REGULARISERS) == {"none", "L2", "L1"}


@pytest.mark.parametrize("cost, a, y, expected", [
    # ½((1-0)² + (2-0)²) = 5/2
    pytest.param("quadratic", col(1, 2), col(0, 0), 2.5, id="quadratic"),
    # -[1·ln ½ + 0] = ln 2
    pytest.param("cross-entropy", col(0.5), col(1), np.log(2), id="ce-one-output"),
    # -[ln ½] - [ln(1 - ¼)] = ln 2 + ln(4/3)
    pytest.param("cross-entropy", col(0.5, 0.25), col(1, 0), np.log(2) + np.log(4 / 3), id="ce-two-outputs"),
    # y = ½, a = ½: -[½ ln ½ + ½ ln ½] = ln 2
    pytest.param("cross-entropy", col(0.5), col(0.5), np.log(2), id="ce-soft-target"),
    # -ln a_y with y = class 1: -ln 0.5
    pytest.param("log-likelihood", col(0.2, 0.5, 0.3), col(0, 1, 0), np.log(2), id="log-likelihood"),
])
def test_costs_at_known_points(cost, a, y, expected):
    value = COSTS[cost].value(a, y)
    assert value.shape == (1,)
    assert value[0] == pytest.approx(expected, rel=1e-15)


def test_value_is_per_example_and_keeps_leading_axes():
    rng = np.random.default_rng(0)
    a, y = rng.uniform(0.1, 0.9, size=(2, 3, 4)), rng.uniform(size=(2, 3, 4))
    for cost in COSTS.values():
        v = cost.value(a, y)
        assert v.shape == (2, 4)
        assert v[1, 2] == pytest.approx(cost.value(a[1][:, [2]], y[1][:, [2]])[0])
        assert cost.grad_a(a, y).shape == a.shape


@pytest.mark.parametrize("cost", list(COSTS))
def test_grad_a_matches_central_differences(cost):
    rng = np.random.default_rng(1)
    a = rng.uniform(0.1, 0.9, size=(3, 4))
    y = {"quadratic": rng.normal(size=(3, 4)), "cross-entropy": rng.uniform(size=(3, 4)),
         "log-likelihood": np.eye(3)[:, [0, 2, 1, 1]]}[cost]
    h, grad = 1e-6, COSTS[cost].grad_a(a, y)
    for j in range(3):
        e = np.zeros((3, 1))
        e[j] = h
        fd = (COSTS[cost].value(a + e, y) - COSTS[cost].value(a - e, y)) / (2 * h)
        np.testing.assert_allclose(grad[j], fd, rtol=1e-7)


def test_log_of_zero_is_not_hidden():
    with np.errstate(divide="ignore"):
        assert COSTS["cross-entropy"].value(col(1.0), col(0.0))[0] == np.inf
        assert COSTS["log-likelihood"].value(col(0.0, 1.0), col(1.0, 0.0))[0] == np.inf


def test_zero_targets_drop_out_of_the_sum():
    # 0·ln 0 = 0: a one-hot target may meet an output of exactly 0 or 1
    assert COSTS["log-likelihood"].value(col(0.0, 1.0), col(0.0, 1.0))[0] == 0.0
    assert COSTS["cross-entropy"].value(col(1.0, 0.0), col(1.0, 0.0))[0] == 0.0
    np.testing.assert_array_equal(COSTS["log-likelihood"].grad_a(col(0.0, 0.5), col(0.0, 1.0)), col(0.0, -2.0))


@pytest.mark.parametrize("cost, act, f", [
    pytest.param("cross-entropy", "sigmoid", sigmoid, id="ce-sigmoid"),
    pytest.param("log-likelihood", "softmax", softmax, id="ll-softmax"),
])
def test_value_from_z_equals_value_of_activation(cost, act, f):
    rng = np.random.default_rng(2)
    z = rng.normal(scale=2.0, size=(4, 5))
    y = rng.uniform(size=(4, 5)) if cost == "cross-entropy" else np.eye(4)[:, [0, 1, 2, 3, 3]]
    np.testing.assert_allclose(VALUE_FROM_Z[(cost, act)](z, y), COSTS[cost].value(f(z), y), rtol=1e-12)


def test_value_from_z_is_exact_where_one_minus_a_rounds_to_zero():
    # σ(40) rounds to 1, so -ln(1 - a) is inf; the true C is softplus(40) ≈ 40
    z, y = col(40.0), col(0.0)
    with np.errstate(divide="ignore"):
        assert COSTS["cross-entropy"].value(sigmoid(z), y)[0] == np.inf
    assert VALUE_FROM_Z[("cross-entropy", "sigmoid")](z, y)[0] == pytest.approx(40.0 + np.exp(-40.0), rel=1e-15)
    assert softplus(np.array([-1000.0, 0.0, 1000.0])).tolist() == [0.0, np.log(2), 1000.0]


# --- regularisation -----------------------------------------------------------------
WEIGHTS = [np.array([[1.0, -2.0]]), np.array([[3.0]])]


@pytest.mark.parametrize("reg, term, grad0", [
    # λ/(2n) Σ w² = 1/4 · (1 + 4 + 9) = 3.5 ; ∂/∂w = (λ/n) w = w/2
    pytest.param("L2", 3.5, [[0.5, -1.0]], id="L2"),
    # λ/n Σ |w| = 1/2 · (1 + 2 + 3) = 3 ; ∂/∂w = (λ/n) sgn w
    pytest.param("L1", 3.0, [[0.5, -0.5]], id="L1"),
    pytest.param("none", 0.0, [[0.0, 0.0]], id="none"),
])
def test_regularisers_by_hand(reg, term, grad0):
    r = REGULARISERS[reg]
    assert r.term(WEIGHTS, 1.0, 2) == pytest.approx(term)
    np.testing.assert_allclose(r.grad(WEIGHTS[0], 1.0, 2), grad0)


@pytest.mark.parametrize("reg", ["L2", "L1", "none"])
def test_regulariser_gradient_matches_central_differences_and_stacks(reg):
    rng = np.random.default_rng(3)
    stacked = [rng.normal(size=(5, 3, 2)), rng.normal(size=(5, 1, 3))]   # (count, n_l, n_{l-1})
    r, h = REGULARISERS[reg], 1e-6
    terms = r.term(stacked, 0.7, 10)
    assert np.shape(terms) == (5,)
    assert terms[2] == pytest.approx(r.term([w[2] for w in stacked], 0.7, 10))
    w = stacked[0][0]
    e = np.zeros_like(w)
    e[1, 0] = h
    fd = (r.term([w + e], 0.7, 10) - r.term([w - e], 0.7, 10)) / (2 * h)
    assert r.grad(w, 0.7, 10)[1, 0] == pytest.approx(fd, rel=1e-7, abs=1e-12)
