"""symcheck.core.activations: values, derivatives against central differences,
the softmax Jacobian, numerical stability."""

import warnings

import numpy as np
import pytest

from symcheck.core.activations import (ACTIVATIONS, relu, relu_prime, sigmoid, sigmoid_prime,
                                       softmax, softmax_jacobian, softmax_prime, tanh_prime)

ELEMENTWISE = [name for name, act in ACTIVATIONS.items() if act.elementwise]


def central_difference(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / (2 * h)


def test_registry_keys_and_names():
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "linear", "softmax"}
    assert all(act.name == name for name, act in ACTIVATIONS.items())
    assert ELEMENTWISE == ["sigmoid", "tanh", "relu", "linear"]


@pytest.mark.parametrize("name, z, a, da", [
    pytest.param("sigmoid", 0.0, 0.5, 0.25, id="sigmoid-at-0"),
    # σ(ln 3) = 1/(1 + 1/3) = 3/4, σ' = 3/4 · 1/4 = 3/16
    pytest.param("sigmoid", np.log(3.0), 0.75, 3 / 16, id="sigmoid-at-ln3"),
    pytest.param("sigmoid", -np.log(3.0), 0.25, 3 / 16, id="sigmoid-at-minus-ln3"),
    # tanh(ln 2) = (2 - 1/2)/(2 + 1/2) = 3/5, tanh' = 1 - 9/25 = 16/25
    pytest.param("tanh", np.log(2.0), 0.6, 16 / 25, id="tanh-at-ln2"),
    pytest.param("relu", -2.0, 0.0, 0.0, id="relu-negative"),
    pytest.param("relu", 0.0, 0.0, 0.0, id="relu-at-0-convention"),
    pytest.param("relu", 3.5, 3.5, 1.0, id="relu-positive"),
    pytest.param("linear", -1.25, -1.25, 1.0, id="linear"),
])
def test_known_values(name, z, a, da):
    act = ACTIVATIONS[name]
    assert act.f(np.array([[z]]))[0, 0] == pytest.approx(a, rel=1e-15, abs=1e-15)
    assert act.fprime(np.array([[z]]))[0, 0] == pytest.approx(da, rel=1e-14, abs=1e-15)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_fprime_matches_central_differences(name):
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3.0, size=(4, 7))
    z = z[np.abs(z) > 1e-3].reshape(-1, 1)  # keep away from relu's kink
    act = ACTIVATIONS[name]
    np.testing.assert_allclose(act.fprime(z), central_difference(act.f, z), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_any_shape(name):
    z = np.random.default_rng(1).normal(size=(2, 3, 4, 5))
    act = ACTIVATIONS[name]
    assert act.f(z).shape == act.fprime(z).shape == z.shape
    np.testing.assert_array_equal(act.f(z)[1, 2], act.f(z[1, 2]))


def test_stable_sigmoid_at_extremes_without_warnings():
    z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a, da = sigmoid(z), sigmoid_prime(z)
    assert a[0] == 0.0 and a[-1] == 1.0 and a[2] == 0.5
    assert da[0] == 0.0 and da[-1] == 0.0
    # the tails keep their relative precision: σ(-40) = e^-40 / (1 + e^-40)
    assert a[1] == pytest.approx(np.exp(-40.0), rel=1e-15)
    assert da[3] == pytest.approx(np.exp(-40.0), rel=1e-14)


def test_sigmoid_to_a_few_ulps_against_high_precision():
    """σ and σ' agree with 40-digit arithmetic to a few units in the last
    place over the whole range where they are normal numbers (both tails too)."""
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 40
    z = np.concatenate([np.linspace(-700, 700, 281), np.linspace(-3, 3, 61)])
    exact_s = np.array([float(1 / (1 + mpmath.exp(-mpmath.mpf(v)))) for v in z])
    exact_d = np.array([float(mpmath.exp(-abs(mpmath.mpf(v))) / (1 + mpmath.exp(-abs(mpmath.mpf(v)))) ** 2)
                        for v in z])
    eps = np.finfo(float).eps
    assert np.max(np.abs(sigmoid(z) - exact_s) / exact_s) <= 4 * eps
    assert np.max(np.abs(sigmoid_prime(z) - exact_d) / exact_d) <= 4 * eps


def test_sigmoid_prime_is_sigma_one_minus_sigma():
    z = np.linspace(-8, 8, 33)
    np.testing.assert_allclose(sigmoid_prime(z), sigmoid(z) * (1 - sigmoid(z)), rtol=1e-12)
    np.testing.assert_allclose(tanh_prime(z), 1 - np.tanh(z) ** 2, rtol=1e-12, atol=1e-300)


def test_relu_prime_is_indicator():
    z = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(relu(z), [0.0, 0.0, 2.0])
    np.testing.assert_array_equal(relu_prime(z), [0.0, 0.0, 1.0])


# --- softmax ---------------------------------------------------------------------
def test_softmax_of_known_vector():
    # softmax(0, ln 2, ln 3) = (1, 2, 3) / 6
    z = np.log(np.array([[1.0], [2.0], [3.0]]))
    np.testing.assert_allclose(softmax(z), [[1 / 6], [2 / 6], [3 / 6]], rtol=1e-15)


def test_softmax_normalises_over_neurons_per_column():
    z = np.random.default_rng(2).normal(size=(3, 4, 5))   # (count, n, m)
    a = softmax(z)
    np.testing.assert_allclose(a.sum(axis=-2), 1.0, rtol=1e-15)
    np.testing.assert_allclose(a[1][:, [2]], softmax(z[1][:, [2]]), rtol=1e-15)


def test_softmax_shift_invariant_and_no_overflow():
    z = np.array([[1.0, -3.0], [2.0, 0.5], [0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shifted = softmax(z + 1000.0)
    np.testing.assert_allclose(shifted, softmax(z), rtol=1e-14)


def test_softmax_jacobian_known_entries():
    # a = (1/6, 2/6, 3/6): J_jk = a_j(δ_jk - a_k); J_00 = 1/6 · 5/6, J_01 = -1/6 · 2/6
    a = np.array([1, 2, 3]) / 6
    J = softmax_jacobian(np.log(np.array([[1.0], [2.0], [3.0]])))
    assert J.shape == (1, 3, 3)
    np.testing.assert_allclose(J[0], np.diag(a) - np.outer(a, a), rtol=1e-14, atol=1e-16)
    assert J[0, 0, 0] == pytest.approx(5 / 36) and J[0, 0, 1] == pytest.approx(-2 / 36)


def test_softmax_jacobian_matches_central_differences():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(4, 3))                           # n = 4 neurons, m = 3 examples
    J = softmax_jacobian(z)                               # (m, n, n)
    h = 1e-6
    for k in range(4):
        e = np.zeros((4, 1))
        e[k] = h
        column_k = (softmax(z + e) - softmax(z - e)) / (2 * h)   # ∂a/∂z_k, (n, m)
        np.testing.assert_allclose(J[:, :, k], column_k.T, rtol=1e-7, atol=1e-10)


def test_softmax_jacobian_leading_axes_and_diagonal():
    z = np.random.default_rng(4).normal(size=(2, 5, 3))   # (count, n, m)
    J = softmax_jacobian(z)
    assert J.shape == (2, 3, 5, 5)
    np.testing.assert_allclose(J, np.swapaxes(J, -1, -2))   # symmetric
    np.testing.assert_allclose(np.diagonal(J, axis1=-2, axis2=-1), np.swapaxes(softmax_prime(z), -1, -2))
    np.testing.assert_allclose(J.sum(axis=-1), 0.0, atol=1e-16)   # Σ_k ∂a_j/∂z_k = 0


def test_backward_is_jacobian_transpose_product_for_softmax():
    rng = np.random.default_rng(5)
    z, g = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    J = softmax_jacobian(z)
    expected = np.stack([J[c].T @ g[:, c] for c in range(3)], axis=1)
    np.testing.assert_allclose(ACTIVATIONS["softmax"].backward(z, g), expected, rtol=1e-13)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_backward_is_elementwise_product(name):
    rng = np.random.default_rng(6)
    z, g = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    act = ACTIVATIONS[name]
    np.testing.assert_array_equal(act.backward(z, g), g * act.fprime(z))
