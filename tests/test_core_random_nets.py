"""symcheck.core.random_nets: valid random networks and targets, determinism,
stacked (count-axis) results equal to per-network results."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symcheck.core import (COSTS, DEFINED_FOR_COST, HIDDEN, OUTPUTS_FOR_COST, StackedNetworks,
                           backprop, backprop_stacked, cost, cost_stacked, forward,
                           forward_stacked, per_example_backprop, random_network, random_targets,
                           stack, stacked_networks)


def check_targets(cost_name, y):
    if cost_name == "cross-entropy":
        assert np.all((y >= 0) & (y <= 1))
    elif cost_name == "log-likelihood":
        assert set(np.unique(y)) <= {0.0, 1.0}
        np.testing.assert_array_equal(y.sum(axis=-2), 1.0)
    assert np.all(np.isfinite(y))


@pytest.mark.parametrize("seed", range(60))
def test_random_network_is_valid(seed):
    net, x, y = random_network(np.random.default_rng(seed))
    assert 2 <= len(net.weights) <= 4
    assert all(1 <= s <= 6 for s in net.sizes)
    assert net.activations[-1] in OUTPUTS_FOR_COST[net.cost]
    assert all(a in HIDDEN for a in net.activations[:-1])
    m = x.shape[1]
    assert 1 <= m <= 5 and x.shape == (net.sizes[0], m) and y.shape == (net.sizes[-1], m)
    check_targets(net.cost, y)
    if net.activations[-1] == "softmax":
        assert net.sizes[-1] >= 2
    assert np.isfinite(cost(net, x, y))


def test_random_network_covers_every_pairing():
    seen = set()
    for seed in range(300):
        net, _, _ = random_network(np.random.default_rng(seed))
        seen.add((net.activations[-1], net.cost))
        seen.update((h, "hidden") for h in net.activations[:-1])
    expected = {(o, c) for c, outs in OUTPUTS_FOR_COST.items() for o in outs} | {(h, "hidden") for h in HIDDEN}
    assert seen == expected


@pytest.mark.parametrize("kwargs", [
    pytest.param(dict(output="softmax"), id="softmax-implies-log-likelihood"),
    pytest.param(dict(cost="cross-entropy"), id="ce-implies-sigmoid"),
    pytest.param(dict(cost="log-likelihood"), id="ll-implies-softmax"),
    pytest.param(dict(output="tanh"), id="tanh-implies-quadratic"),
])
def test_random_network_completes_valid_pairs(kwargs):
    for seed in range(10):
        net, _, y = random_network(np.random.default_rng(seed), **kwargs)
        assert net.activations[-1] in OUTPUTS_FOR_COST[net.cost]
        check_targets(net.cost, y)


@pytest.mark.parametrize("output, cost_name", [
    pytest.param("tanh", "cross-entropy", id="ce-on-tanh"),
    pytest.param("relu", "log-likelihood", id="ll-on-relu"),
    pytest.param("linear", "cross-entropy", id="ce-on-linear"),
])
def test_random_network_rejects_undefined_pairs(output, cost_name):
    assert output not in DEFINED_FOR_COST[cost_name]
    with pytest.raises(ValueError, match="not defined"):
        random_network(np.random.default_rng(0), output=output, cost=cost_name)


def test_random_network_explicit_choices():
    net, x, y = random_network(np.random.default_rng(0), sizes=[2, 3, 3, 1], activation="tanh",
                               output="linear", cost="quadratic", reg="L1", batch=4, lmbda=0.5, n=7)
    assert net.sizes == [2, 3, 3, 1] and net.activations == ("tanh", "tanh", "linear")
    assert (net.reg, net.lmbda, net.n, x.shape[1]) == ("L1", 0.5, 7, 4)
    with pytest.raises(ValueError, match="weight layers"):
        random_network(np.random.default_rng(0), sizes=[2, 3, 1], depth=3)


def test_random_network_is_deterministic():
    a, b = random_network(np.random.default_rng(42)), random_network(np.random.default_rng(42))
    assert a[0].activations == b[0].activations and a[0].cost == b[0].cost
    for u, v in zip([*a[0].weights, *a[0].biases, a[1], a[2]], [*b[0].weights, *b[0].biases, b[1], b[2]]):
        np.testing.assert_array_equal(u, v)


@pytest.mark.parametrize("cost_name", list(COSTS))
def test_random_targets_shapes_and_validity(cost_name):
    y = random_targets(np.random.default_rng(1), cost_name, (7, 4, 3))
    assert y.shape == (7, 4, 3)
    check_targets(cost_name, y)


# --- stacked networks ------------------------------------------------------------------
STACK_CASES = [
    pytest.param([4, 5, 3], ("sigmoid", "sigmoid"), "quadratic", "none", id="sigmoid-quadratic"),
    pytest.param([3, 4, 4, 2], ("tanh", "relu", "sigmoid"), "cross-entropy", "L2", id="ce-L2"),
    pytest.param([2, 6, 4], ("relu", "softmax"), "log-likelihood", "L1", id="ll-L1"),
    pytest.param([5, 1, 3], ("linear", "softmax"), "quadratic", "L2", id="quadratic-on-softmax"),
]


@pytest.mark.parametrize("sizes, acts, cost_name, reg", STACK_CASES)
def test_stacked_equals_per_network(sizes, acts, cost_name, reg):
    s = stacked_networks(np.random.default_rng(3), sizes, 6, acts, cost_name, 3, reg=reg, lmbda=0.9, n=4)
    assert s.count == 6 and s.sizes == sizes
    assert s.weights[0].shape == (6, sizes[1], sizes[0]) and s.biases[-1].shape == (6, sizes[-1], 1)
    assert s.x.shape == (6, sizes[0], 3) and s.y.shape == (6, sizes[-1], 3)
    zs, acts_s = forward_stacked(s)
    costs, grads = cost_stacked(s), backprop_stacked(s)
    assert costs.shape == (6,)
    for k in range(6):
        net, x, y = s.network(k)
        zk, ak = forward(net, x)
        np.testing.assert_allclose(zs[-1][k], zk[-1], rtol=1e-13)
        np.testing.assert_allclose(acts_s[-1][k], ak[-1], rtol=1e-13)
        assert costs[k] == pytest.approx(cost(net, x, y), rel=1e-13)
        g = backprop(net, x, y)
        for field in ("deltas", "nabla_w", "nabla_b"):
            for u, v in zip(getattr(grads, field), getattr(g, field)):
                np.testing.assert_allclose(u[k], v, rtol=1e-12, atol=1e-15)


def test_stack_round_trip_and_shared_inputs():
    rng = np.random.default_rng(4)
    items = [random_network(rng, sizes=[3, 2, 2], activation="tanh", output="sigmoid",
                            cost="cross-entropy", batch=2) for _ in range(5)]
    s = stack(items)
    np.testing.assert_allclose(cost_stacked(s), [cost(*item) for item in items], rtol=1e-14)
    # x and y without the count axis are shared by every network
    shared = StackedNetworks(s.weights, s.biases, items[0][1], items[0][2], s.activations, s.cost)
    np.testing.assert_allclose(cost_stacked(shared), [cost(net, items[0][1], items[0][2]) for net, _, _ in items])
    with pytest.raises(ValueError, match="one shape"):
        stack(items + [random_network(rng, sizes=[3, 2, 2], activation="relu", output="sigmoid",
                                      cost="cross-entropy", batch=2)])


def test_stacked_networks_is_deterministic():
    a = stacked_networks(np.random.default_rng(9), [4, 5, 3], 50, "sigmoid", "quadratic", 2)
    b = stacked_networks(np.random.default_rng(9), [4, 5, 3], 50, "sigmoid", "quadratic", 2)
    for u, v in zip([*a.weights, *a.biases, a.x, a.y], [*b.weights, *b.biases, b.x, b.y]):
        np.testing.assert_array_equal(u, v)


@settings(deadline=None, max_examples=40, derandomize=True)
@given(sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5), seed=st.integers(0, 2 ** 32 - 1),
       batch=st.integers(1, 5))
def test_any_sizes_batch_equals_loop_and_stack(sizes, seed, batch):
    rng = np.random.default_rng(seed)
    net, x, y = random_network(rng, sizes=sizes, batch=batch, output="sigmoid")
    g, loop = backprop(net, x, y), per_example_backprop(net, x, y)
    for u, v in zip(g.nabla_w + g.nabla_b, loop.nabla_w + loop.nabla_b):
        np.testing.assert_allclose(u, v, rtol=1e-12, atol=1e-14)
    s = stack([(net, x, y)] * 2)
    for u, v in zip(backprop_stacked(s).nabla_w, g.nabla_w):
        np.testing.assert_allclose(u[1], v, rtol=1e-12, atol=1e-14)
