"""symcheck.notation.chain: exact derivatives between network quantities through the layers,
compared with central differences of the forward pass (here, in the test only; the checker
never uses them), and the zeros (a later layer's parameter, a parameter by another)."""

from dataclasses import replace

import numpy as np
import pytest

from symcheck.core import backprop_stacked, forward_stacked, stacked_networks
from symcheck.notation import Context
from symcheck.notation.base import Unsupported
from symcheck.notation.chain import derivative
from symcheck.notation.evaluate import Env

SIZES = (3, 4, 2, 3, 2)
H = 1e-6


def _env(acts=("sigmoid", "tanh", "sigmoid", "sigmoid"), sizes=SIZES):
    stack = stacked_networks(np.random.default_rng(5), sizes, 2, acts, "quadratic", 1)
    env = Env(2, np.random.default_rng(0), Context())
    env.network(stack, forward_stacked(stack), backprop_stacked(stack), {})
    return env


def _value(stack, name, layer):
    zs, acts = forward_stacked(stack)
    return (zs[layer - 2] if name == "z" else acts[layer - 1])


def _by_parameter(env, top, m, wrt, n, entry):
    """Central differences of top^m by one entry of b^n (entry j) or w^n (entry (p, q))."""
    stack = env.net[0]
    cols = []
    for sign in (1, -1):
        arrays = [a.copy() for a in (stack.biases if wrt == "b" else stack.weights)]
        idx = (slice(None), entry - 1, 0) if wrt == "b" else (slice(None), entry[0] - 1, entry[1] - 1)
        arrays[n - 2][idx] += sign * H
        moved = replace(stack, **{"biases" if wrt == "b" else "weights": arrays})
        cols.append(_value(moved, top, m))
    return (cols[0] - cols[1]) / (2 * H)


def _by_z(env, top, m, n, j):
    """Central differences of top^m by z^n_j: the forward pass run on from layer n."""
    stack = env.net[0]
    zs, _ = env.net[1]
    out = []
    for sign in (1, -1):
        z = zs[n - 2].copy()
        z[:, j - 1, 0] += sign * H
        from symcheck.core import ACTIVATIONS

        for k in range(n, m + 1):
            a = ACTIVATIONS[stack.activations[k - 2]].f(z)
            if k == m:
                out.append(z if top == "z" else a)
                break
            z = stack.weights[k - 1] @ a + stack.biases[k - 1]
    return (out[0] - out[1]) / (2 * H)


PAIRS = [
    pytest.param("z", 4, "z", 2, id="z-by-earlier-z"),
    pytest.param("a", 5, "z", 3, id="a-by-earlier-z"),
    pytest.param("z", 3, "z", 3, id="z-by-itself"),
    pytest.param("a", 4, "z", 4, id="a-by-its-z"),
]


@pytest.mark.parametrize("top,m,n_wrt,n", PAIRS)
def test_by_z_matches_the_forward_pass(top, m, n_wrt, n):
    env = _env()
    exact = derivative(env, top, m, "z", n)
    for j in range(1, env.size(n) + 1):
        assert np.allclose(exact[:, :, j - 1:j], _by_z(env, top, m, n, j), atol=1e-6)


@pytest.mark.parametrize("top,m,wrt,n,entry", [
    pytest.param("z", 5, "b", 3, 2, id="z-by-earlier-b"),
    pytest.param("a", 4, "b", 2, 1, id="a-by-earlier-b"),
    pytest.param("z", 4, "w", 2, (3, 2), id="z-by-earlier-w"),
    pytest.param("a", 5, "w", 4, (1, 2), id="a-by-w-of-its-layer-before"),
    pytest.param("a", 3, "w", 3, (2, 3), id="a-by-its-own-w"),
])
def test_by_parameters_matches_the_forward_pass(top, m, wrt, n, entry):
    env = _env()
    exact = derivative(env, top, m, wrt, n, weight=entry if wrt == "w" else None)
    if wrt == "b":
        exact = exact[:, :, entry - 1:entry]
    assert np.allclose(exact, _by_parameter(env, top, m, wrt, n, entry), atol=1e-6)


def test_by_an_earlier_a_is_the_chain_through_the_weights():
    env = _env()
    w3 = env.quantity("w", 3)
    assert np.allclose(derivative(env, "z", 3, "a", 2), w3)
    assert np.allclose(derivative(env, "z", 4, "a", 2), derivative(env, "z", 4, "z", 3) @ w3)


@pytest.mark.parametrize("top,m,wrt,n,weight", [
    pytest.param("z", 3, "w", 4, (1, 1), id="z-by-a-later-w"),
    pytest.param("a", 2, "b", 5, None, id="a-by-a-later-b"),
    pytest.param("b", 3, "z", 2, None, id="b-by-z"),
    pytest.param("w", 4, "w", 3, (1, 1), id="w-by-another-w"),
    pytest.param("a", 1, "b", 2, None, id="the-input-by-b"),
])
def test_exact_zeros(top, m, wrt, n, weight):
    assert not derivative(_env(), top, m, wrt, n, weight=weight).any()


@pytest.mark.parametrize("top,m,wrt,n", [
    pytest.param("z", 2, "z", 3, id="earlier-by-later"),
    pytest.param("z", 3, "a", 3, id="z-by-its-own-a"),
    pytest.param("z", 3, "w", 3, id="by-a-whole-weight-matrix"),
    pytest.param("z", 7, "z", 3, id="beyond-the-output"),
    pytest.param("z", 1, "b", 2, id="the-input-has-no-z"),
])
def test_not_modelled_is_unsupported(top, m, wrt, n):
    with pytest.raises(Unsupported):
        derivative(_env(), top, m, wrt, n)


def test_one_neuron_per_layer_allows_a_whole_weight():
    env = _env(sizes=(1, 1, 1, 1, 1))
    got = derivative(env, "z", 4, "w", 3)
    assert got.shape == (2, 1, 1) and np.allclose(got, derivative(env, "z", 4, "w", 3, weight=(1, 1)))


def test_softmax_output_layer_uses_its_jacobian():
    env = _env(acts=("sigmoid", "sigmoid", "sigmoid", "softmax"))
    exact = derivative(env, "a", 5, "z", 5)
    a = env.quantity("a", 5)[:, :, 0]
    assert np.allclose(exact, np.einsum("ck,kj->ckj", a, np.eye(2)) - np.einsum("ck,cj->ckj", a, a))
