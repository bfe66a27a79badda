"""symcheck.core.gradcheck: true backprop passes on random networks of every
activation/cost/regulariser combination; deliberately wrong backprops fail."""

import zlib

import numpy as np
import pytest

from symcheck.core import (ACTIVATIONS, HIDDEN, OUTPUTS_FOR_COST, REGULARISERS, Gradients, Network,
                           backprop, backprop_stacked, cost, finite_difference_gradients, flatten,
                           gradient_check, output_delta, per_example_backprop,
                           random_direction_check, random_network, rel_error, stack,
                           stacked_networks, unflatten)
from symcheck.core.gradcheck import FLOOR, MAX_PARAMS, TOL, fd_noise
from symcheck.core.network import forward_arrays
from symcheck.errors import LimitExceeded

COMBOS = [(hidden, out, c) for c, outs in OUTPUTS_FOR_COST.items() for out in outs for hidden in HIDDEN]


# --- a textbook backprop with one deliberate bug at a time ----------------------------
def textbook(bug=None):
    """BP1-BP4 written out again, with ``bug`` in it; works on a Network (with
    x, y) and on StackedNetworks (leading count axis)."""

    def bp(net, x=None, y=None):
        x = net.x if x is None else x
        y = net.y if y is None else y
        zs, acts = forward_arrays(net.weights, net.biases, net.activations, x)
        L, T = len(net.weights), lambda w: np.swapaxes(w, -1, -2)
        deltas = [None] * L
        deltas[-1] = output_delta(net.cost, net.activations[-1], zs[-1], acts[-1], y)
        if bug == "sign-flipped-delta":
            deltas[-1] = -deltas[-1]
        for i in range(L - 2, -1, -1):        # list index i is book layer l = i + 2
            sigma = ACTIVATIONS[net.activations[i]]
            g = (net.weights[i + 1] if bug == "dropped-transpose" else T(net.weights[i + 1])) @ deltas[i + 1]
            if bug == "dropped-fprime":
                deltas[i] = g
            elif bug == "wrong-layer-fprime":  # σ'(z^{l+1}) in place of σ'(z^l)
                deltas[i] = sigma.backward(zs[i + 1], g)
            else:
                deltas[i] = sigma.backward(zs[i], g)
        m = x.shape[-1] if bug != "no-average" else 1
        a_prev = acts[1:] if bug == "a-l-not-a-l-minus-1" else acts[:-1]
        reg = REGULARISERS[net.reg]
        nabla_w = [d @ T(a) / m + reg.grad(w, net.lmbda, net.n) for d, a, w in zip(deltas, a_prev, net.weights)]
        nabla_b = [d.sum(axis=-1, keepdims=True) / m for d in deltas]
        if bug == "regularised-biases":
            nabla_b = [nb + reg.grad(b, net.lmbda, net.n) for nb, b in zip(nabla_b, net.biases)]
        return Gradients(deltas, nabla_w, nabla_b)

    return bp


def test_textbook_without_bug_is_backprop():
    for seed in range(10):
        net, x, y = random_network(np.random.default_rng(seed), reg="L2")
        for u, v in zip(textbook()(net, x, y).nabla_w, backprop(net, x, y).nabla_w):
            np.testing.assert_allclose(u, v, rtol=1e-13)


# --- true backprop passes -------------------------------------------------------------
@pytest.mark.parametrize("hidden, output, cost_name", [
    pytest.param(h, o, c, id=f"{h}-{o}-{c}") for h, o, c in COMBOS])
@pytest.mark.parametrize("reg", ["none", "L2", "L1"])
def test_true_backprop_passes(hidden, output, cost_name, reg):
    rng = np.random.default_rng(zlib.crc32(f"{hidden}-{output}-{cost_name}-{reg}".encode()))
    for _ in range(8):
        net, x, y = random_network(rng, activation=hidden, output=output, cost=cost_name, reg=reg)
        check = gradient_check(net, x, y)
        assert check.ok, (net.sizes, check)
        assert check.max_rel_error <= TOL and check.tol == TOL


def test_true_backprop_passes_on_many_random_networks():
    rng = np.random.default_rng(2024)
    errors = [gradient_check(*random_network(rng, reg=str(rng.choice(["none", "L2", "L1"])))).max_rel_error
              for _ in range(300)]
    assert max(errors) <= TOL
    assert np.median(errors) < 1e-6   # typically far inside the tolerance


def test_per_example_backprop_passes():
    for seed in range(10):
        net, x, y = random_network(np.random.default_rng(seed))
        assert gradient_check(net, x, y, backprop_fn=per_example_backprop).ok


# --- wrong backprops are caught --------------------------------------------------------
# Each bug on networks where it changes the answer: sigmoid/tanh hidden layers
# (σ' ≠ 1) and sigmoid or softmax outputs (never all dead, as relu outputs can
# be), equal widths (so σ'(z^{l+1}) has the shape of σ'(z^l)), m > 1.
BUGS = [
    pytest.param("sign-flipped-delta", [3, 4, 4, 2], "quadratic", "none", id="sign-flipped-delta"),
    pytest.param("dropped-transpose", [3, 4, 4, 4], "quadratic", "none", id="dropped-transpose-square"),
    pytest.param("wrong-layer-fprime", [3, 4, 4, 4], "quadratic", "none", id="wrong-layer-fprime"),
    pytest.param("wrong-layer-fprime", [2, 3, 3, 3], "log-likelihood", "none", id="wrong-layer-fprime-softmax"),
    pytest.param("dropped-fprime", [3, 4, 2, 2], "cross-entropy", "none", id="dropped-fprime"),
    pytest.param("no-average", [3, 4, 2], "quadratic", "L2", id="sum-not-mean"),
    pytest.param("a-l-not-a-l-minus-1", [3, 3, 3, 3], "quadratic", "none", id="a-l-for-a-l-minus-1"),
    pytest.param("regularised-biases", [3, 4, 2], "cross-entropy", "L2", id="regularised-biases"),
]


def bug_network(seed, sizes, cost_name, reg, hidden=("sigmoid", "tanh")):
    rng = np.random.default_rng(seed)
    output = "softmax" if cost_name == "log-likelihood" else "sigmoid"
    return random_network(rng, sizes=sizes, activation=hidden[seed % 2], output=output, cost=cost_name, reg=reg,
                          batch=3, lmbda=1.0 if reg != "none" else None, n=5 if reg != "none" else None)


@pytest.mark.parametrize("bug, sizes, cost_name, reg", BUGS)
def test_wrong_backprop_is_caught(bug, sizes, cost_name, reg):
    for seed in range(12):
        net, x, y = bug_network(seed, sizes, cost_name, reg)
        check = gradient_check(net, x, y, backprop_fn=textbook(bug))
        assert not check.ok, (seed, check)
        assert check.max_rel_error > 1e3 * TOL
        assert check.worst[0] in range(2, len(sizes) + 1) and check.worst[1] in ("w", "b")


@pytest.mark.parametrize("bug, sizes", [
    pytest.param("dropped-transpose", [2, 3, 4, 2], id="dropped-transpose"),
    pytest.param("wrong-layer-fprime", [2, 3, 4, 2], id="wrong-layer-fprime"),
])
def test_wrong_backprop_fails_on_shape_with_non_square_layers(bug, sizes):
    net, x, y = bug_network(0, sizes, "quadratic", "none")
    with pytest.raises(ValueError):
        gradient_check(net, x, y, backprop_fn=textbook(bug))


def test_wrong_gradient_shapes_fail_the_check():
    net, x, y = random_network(np.random.default_rng(0), sizes=[2, 3, 2], cost="quadratic")

    def transposed(net, x, y):
        g = backprop(net, x, y)
        return Gradients(g.deltas, [w.T for w in g.nabla_w], g.nabla_b)

    check = gradient_check(net, x, y, backprop_fn=transposed)
    assert not check.ok and check.max_rel_error == np.inf and check.worst == (2, "w", None)


def test_infinite_cost_never_passes():
    # cross-entropy on a softmax output (computed from a, not z): a₂ = e^{-1600}
    # underflows to 0 and the cost is -ln 0 = inf -- shown, and never a pass
    net = Network([np.array([[800.0], [-800.0]])], [np.zeros((2, 1))], ("softmax",), cost="cross-entropy")
    x, y = np.array([[1.0]]), np.array([[0.0], [1.0]])
    with np.errstate(all="ignore"):
        assert cost(net, x, y) == np.inf
        check = gradient_check(net, x, y)
    assert not check.ok and check.max_rel_error == np.inf and np.isnan(check.floor)


def test_worst_entry_is_reported():
    net, x, y = bug_network(1, [3, 4, 2], "quadratic", "none")

    def one_entry_off(net, x, y):
        g = backprop(net, x, y)
        w = [nw.copy() for nw in g.nabla_w]
        w[1][1, 2] += 0.5
        return Gradients(g.deltas, w, g.nabla_b)

    check = gradient_check(net, x, y, backprop_fn=one_entry_off)
    assert not check.ok and check.worst == (3, "w", (1, 2))
    assert check.values[0] - check.values[1] == pytest.approx(0.5, rel=1e-6)


# --- finite differences themselves ------------------------------------------------------
def test_finite_differences_of_known_network():
    # C = ½(w x + b - y)² with linear output: ∂C/∂w = (wx + b - y) x, ∂C/∂b = wx + b - y
    net = Network([np.array([[2.0]])], [np.array([[1.0]])], ("linear",))
    fw, fb = finite_difference_gradients(net, np.array([[3.0]]), np.array([[4.0]]))
    assert fw[0].item() == pytest.approx(9.0, rel=1e-9) and fb[0].item() == pytest.approx(3.0, rel=1e-9)


def test_finite_differences_refuse_huge_networks():
    net = Network([np.zeros((70, 70))], [np.zeros((70, 1))], ("linear",))
    assert 70 * 71 > MAX_PARAMS
    with pytest.raises(LimitExceeded):
        finite_difference_gradients(net, np.zeros((70, 1)), np.zeros((70, 1)))


def test_flatten_unflatten_round_trip():
    net, _, _ = random_network(np.random.default_rng(5))
    theta = flatten(net.weights, net.biases)
    assert theta.shape == (sum(w.size + b.size for w, b in zip(net.weights, net.biases)),)
    w, b = unflatten(theta, net.sizes)
    for u, v in zip(w + b, net.weights + net.biases):
        np.testing.assert_array_equal(u, v)
    stacked = np.stack([theta, 2 * theta])
    w2, _ = unflatten(stacked, net.sizes)
    np.testing.assert_array_equal(w2[0][1], 2 * net.weights[0])


@pytest.mark.parametrize("u, v, floor, expected", [
    pytest.param(1.0, 1.1, 1e-8, 0.1 / 1.1, id="relative"),
    pytest.param(1e-12, 2e-12, 1e-8, 1e-4, id="floored"),
    pytest.param(0.0, 0.0, 1e-8, 0.0, id="zeros"),
    pytest.param(-2.0, 2.0, 1e-8, 2.0, id="opposite-signs"),
])
def test_rel_error(u, v, floor, expected):
    assert rel_error(u, v, floor) == pytest.approx(expected)


def test_rel_error_propagates_nan():
    assert np.isnan(rel_error(np.nan, 1.0))


# --- random directions, many networks at once -----------------------------------------
DIRECTION_CASES = [
    pytest.param([4, 5, 3], ("sigmoid", "sigmoid"), "quadratic", "none", id="sigmoid-quadratic"),
    pytest.param([4, 5, 3], ("tanh", "softmax"), "log-likelihood", "L2", id="tanh-softmax-ll-L2"),
    pytest.param([3, 4, 4, 2], ("relu", "tanh", "sigmoid"), "cross-entropy", "L1", id="relu-tanh-ce-L1"),
    pytest.param([2, 6, 1], ("linear", "linear"), "quadratic", "L2", id="linear"),
]


@pytest.mark.parametrize("sizes, acts, cost_name, reg", DIRECTION_CASES)
def test_random_direction_check_passes_true_backprop(sizes, acts, cost_name, reg):
    s = stacked_networks(np.random.default_rng(6), sizes, 2000, acts, cost_name, 3, reg=reg, lmbda=0.5, n=10)
    errors = random_direction_check(s, np.random.default_rng(7))
    assert errors.shape == (2000,)
    assert np.all(errors <= TOL), np.max(errors)


@pytest.mark.parametrize("bug", ["sign-flipped-delta", "dropped-fprime", "wrong-layer-fprime", "no-average"])
def test_random_direction_check_catches_wrong_backprop(bug):
    s = stacked_networks(np.random.default_rng(8), [3, 4, 4, 4], 500, ("sigmoid", "tanh", "sigmoid"),
                         "quadratic", 3)
    errors = random_direction_check(s, np.random.default_rng(9), backprop_fn=textbook(bug))
    assert np.mean(errors > TOL) > 0.95


def test_random_direction_check_matches_directional_derivative_by_hand():
    # One direction along w² alone: the check compares ∂C/∂w² with the FD of C along it.
    s = stacked_networks(np.random.default_rng(10), [2, 2, 1], 3, ("sigmoid", "linear"), "quadratic", 2)
    d = np.zeros((3, 2 * 2 + 1 * 2 + 2 + 1))
    d[:, 0] = 1.0
    errors = random_direction_check(s, np.random.default_rng(0), direction=d)
    assert np.all(errors <= TOL)

    def off_by_one(stacked):
        g = backprop_stacked(stacked)
        return Gradients(g.deltas, [g.nabla_w[0] + 1.0, g.nabla_w[1]], g.nabla_b)

    assert np.all(random_direction_check(s, np.random.default_rng(0), off_by_one, direction=d) > 1e-3)


# --- kinks: relu at z = 0, |w| at w = 0 under L1 ------------------------------------------
def relu_at(z2):
    """1-1-1 relu/linear network whose one hidden pre-activation is z² = z2 at x = 1 + z2."""
    net = Network([[[1.0]], [[2.0]]], [[[-1.0]], [[0.5]]], ("relu", "linear"))
    return net, np.array([[1.0 + z2]]), np.array([[0.3]])


def test_difference_across_a_kink_is_redone_with_a_smaller_step():
    # z² = 1e-7: ±1e-6 on w² or b² crosses 0, ±1e-8 does not
    net, x, y = relu_at(1e-7)
    check = gradient_check(net, x, y)
    assert check.ok and check.kinks == ()
    # the reported floor is the one at step h: the redone entries' (100× larger) floors are not in it
    assert check.floor == pytest.approx(max(FLOOR, fd_noise(cost(net, x, y), 1e-6) / TOL), rel=1e-3)


def test_difference_at_a_kink_is_left_unchecked():
    # z² = 1e-9: even ±1e-8 crosses 0, so ∂C/∂w² and ∂C/∂b² are not compared
    check = gradient_check(*relu_at(1e-9))
    assert check.kinks == ((2, "w", (0, 0)), (2, "b", (0, 0)))
    assert check.ok and check.worst[0] == 3


def test_l1_weight_at_zero_is_a_kink():
    net = Network([np.array([[1e-9, 1.0]])], [np.zeros((1, 1))], ("sigmoid",), reg="L1", lmbda=1.0, n=1)
    check = gradient_check(net, np.array([[1.0], [2.0]]), np.array([[0.5]]))
    assert check.kinks == ((2, "w", (0, 0)),) and check.ok


def test_random_direction_check_marks_kinks_unchecked():
    net, x, y = relu_at(1e-9)
    s = stack([(net, x, y), relu_at(0.5)])
    d = np.zeros((2, 4))
    d[:, 2] = 1.0                                             # along b², which moves z² directly
    err, kinks = random_direction_check(s, np.random.default_rng(0), direction=d, return_kinks=True)
    assert kinks.tolist() == [True, False]
    assert np.isnan(err[0]) and err[1] <= TOL


def test_random_direction_check_on_relu_stacks_has_no_spurious_failures():
    s = stacked_networks(np.random.default_rng(12), [4, 5, 3], 10000, ("relu", "sigmoid"), "cross-entropy", 4,
                         reg="L1", lmbda=0.5, n=10)
    err, kinks = random_direction_check(s, np.random.default_rng(13), return_kinks=True)
    assert np.all(err[~kinks] <= TOL) and kinks.sum() <= 2


def test_random_direction_check_is_deterministic():
    s = stacked_networks(np.random.default_rng(11), [4, 5, 3], 100, "tanh", "quadratic", 2)
    a = random_direction_check(s, np.random.default_rng(1))
    b = random_direction_check(s, np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
