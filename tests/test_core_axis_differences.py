"""symcheck.core.axis_differences: the 2P perturbed networks run as extra
batch columns give the costs of the perturbed networks themselves -- checked
against building each perturbed network and costing it, one at a time."""

import zlib

import numpy as np
import pytest

from symcheck.core import (HIDDEN, OUTPUTS_FOR_COST, Network, cost, flatten, parameter_count,
                           random_network, unflatten)
from symcheck.core.axis_differences import axis_central, axis_cost_pairs
from symcheck.core.network import network_fields as fields

COMBOS = [pytest.param(hidden, out, c, reg, id=f"{hidden}-{out}-{c}-{reg}")
          for c, outs in OUTPUTS_FOR_COST.items() for out in outs for hidden in HIDDEN
          for reg in ("none", "L2", "L1")]


def perturbed_costs(net, x, y, params, steps):
    """The reference: for each p, the Network with θ_p moved by ±step, costed."""
    theta = flatten(net.weights, net.biases)
    out = []
    for sign in (1.0, -1.0):
        row = []
        for p, h in zip(params, steps):
            moved = theta.copy()
            moved[p] += sign * h
            w, b = unflatten(moved, net.sizes)
            row.append(cost(Network(w, b, net.activations, net.cost, net.reg, net.lmbda, net.n), x, y))
        out.append(np.array(row))
    return out


def as_columns(net, x, y):
    return np.asarray(x, float).reshape(net.sizes[0], -1), np.asarray(y, float).reshape(net.sizes[-1], -1)


@pytest.mark.parametrize("hidden, out, cost_name, reg", COMBOS)
def test_costs_are_those_of_the_perturbed_networks(hidden, out, cost_name, reg):
    rng = np.random.default_rng(zlib.crc32(f"{hidden}-{out}-{cost_name}-{reg}".encode()))
    net, x, y = random_network(rng, activation=hidden, output=out, cost=cost_name, reg=reg)
    x, y = as_columns(net, x, y)
    P = parameter_count(net.sizes)
    # big steps, so that any misplaced perturbation shows: one h for all (the
    # strided path), and a step of its own for each parameter (the indexed path)
    for params, steps in ((None, 0.05), (np.arange(P), rng.uniform(1e-3, 1e-1, P))):
        c_plus, c_minus, _ = axis_cost_pairs(*fields(net), x, y, params, steps)
        ref_plus, ref_minus = perturbed_costs(net, x, y, range(P), np.broadcast_to(steps, P))
        np.testing.assert_allclose(c_plus, ref_plus, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(c_minus, ref_minus, rtol=1e-12, atol=1e-12)


def test_a_subset_of_parameters_gives_the_same_costs():
    rng = np.random.default_rng(5)
    net, x, y = random_network(rng, sizes=[3, 4, 2], reg="L1", cost="quadratic", batch=3)
    P = parameter_count(net.sizes)
    params = np.array([0, 7, 11, 16, P - 1])   # weights of both layers, biases of both
    steps = np.full(len(params), 0.01)
    c_plus, c_minus, _ = axis_cost_pairs(*fields(net), x, y, params, steps)
    ref_plus, ref_minus = perturbed_costs(net, x, y, params, steps)
    np.testing.assert_allclose(c_plus, ref_plus, rtol=1e-12)
    np.testing.assert_allclose(c_minus, ref_minus, rtol=1e-12)


@pytest.mark.parametrize("max_floats", [pytest.param(1, id="one-parameter-at-a-time"),
                                        pytest.param(100, id="small-chunks")])
def test_chunks_give_the_same_differences(max_floats):
    rng = np.random.default_rng(9)
    net, x, y = random_network(rng, sizes=[4, 5, 3], reg="L2", batch=4)
    x, y = as_columns(net, x, y)
    whole = axis_central(fields(net), x, y, 1e-6, 100.0)
    parts = axis_central(fields(net), x, y, 1e-6, 100.0, max_floats=max_floats)
    for u, v in zip(whole, parts):
        np.testing.assert_allclose(u, v, rtol=1e-9, atol=1e-9)


def test_relu_kink_marks_exactly_the_parameters_upstream_of_it():
    # 1-2-1 relu/linear: hidden neuron 0 sits at z = 1e-9, neuron 1 far from 0
    net = Network([[[1.0], [1.0]], [[1.0, 1.0]]], [[[-1.0 + 1e-9], [0.5]], [[0.0]]], ("relu", "linear"))
    x, y = np.array([[1.0]]), np.array([[0.0]])
    _, _, kink = axis_cost_pairs(*fields(net), x, y, None, 1e-6)
    # flatten order: w2 (2), w3 (2), b2 (2), b3 (1): w2[0] and b2[0] move z2[0] across 0
    assert kink.tolist() == [True, False, False, False, True, False, False]


def test_l1_kink_is_the_weight_itself_crossing_zero():
    net = Network([np.array([[5e-7, 1.0]])], [np.zeros((1, 1))], ("sigmoid",), reg="L1", lmbda=2.0, n=3)
    x, y = np.array([[1.0], [2.0]]), np.array([[0.5]])
    c_plus, c_minus, kink = axis_cost_pairs(*fields(net), x, y, None, 1e-6)
    assert kink.tolist() == [True, False, False]
    ref_plus, ref_minus = perturbed_costs(net, x, y, range(3), np.full(3, 1e-6))
    np.testing.assert_allclose(c_plus, ref_plus, rtol=1e-13)
    np.testing.assert_allclose(c_minus, ref_minus, rtol=1e-13)


def test_a_misplaced_perturbation_would_be_caught():
    """The reference comparison can fail: perturbing the wrong entry (k and j
    swapped) of a non-square weight matrix gives other costs."""
    rng = np.random.default_rng(2)
    net, x, y = random_network(rng, sizes=[3, 2, 1], cost="quadratic", batch=2)
    x, y = as_columns(net, x, y)
    c_plus, _, _ = axis_cost_pairs(*fields(net), x, y, None, 0.1)
    w2 = net.weights[0]
    swapped = [0 * 3 + 1, 1 * 3 + 0]           # w2[0,1] and w2[1,0] as if indexed (k, j)
    ref, _ = perturbed_costs(net, x, y, swapped[::-1], [0.1, 0.1])
    assert w2.shape == (2, 3) and not np.allclose(c_plus[swapped], ref, rtol=1e-9)
