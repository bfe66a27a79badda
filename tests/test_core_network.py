"""symcheck.core.network: hand-computed networks, BP1 shortcuts, batch versus
per-example backprop, regularised SGD steps, validation."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from symcheck.core import (ACTIVATIONS, Network, backprop, cost, forward, output_delta,
                           per_example_backprop, random_network, sgd_step)

ROOT = Path(__file__).resolve().parents[1]


def net_111(cost_name="quadratic"):
    """1-1-1 sigmoid network: w² = 2, b² = -2, w³ = 4, b³ = -2 (list index 0 is layer 2)."""
    return Network([np.array([[2.0]]), np.array([[4.0]])], [np.array([[-2.0]]), np.array([[-2.0]])],
                   ("sigmoid", "sigmoid"), cost=cost_name)


def test_111_sigmoid_network_by_hand():
    # x = 1, y = 1.
    # z² = w² x + b² = 2·1 - 2 = 0,        a² = σ(0) = 1/2
    # z³ = w³ a² + b³ = 4·½ - 2 = 0,       a³ = σ(0) = 1/2
    # C = ½ (a³ - y)² = ½ · ¼ = 1/8
    # δ³ = (a³ - y) σ'(z³) = (-½)(¼) = -1/8                     (BP1)
    # δ² = w³ δ³ σ'(z²) = 4 · (-1/8) · ¼ = -1/8                  (BP2)
    # ∂C/∂b³ = δ³ = -1/8, ∂C/∂w³ = δ³ a² = -1/16                 (BP3, BP4)
    # ∂C/∂b² = δ² = -1/8, ∂C/∂w² = δ² x = -1/8
    net, x, y = net_111(), np.array([[1.0]]), np.array([[1.0]])
    zs, acts = forward(net, x)
    assert [z.item() for z in zs] == [0.0, 0.0]
    assert [a.item() for a in acts] == [1.0, 0.5, 0.5]
    assert cost(net, x, y) == 0.125
    g = backprop(net, x, y)
    assert [d.item() for d in g.deltas] == [-0.125, -0.125]
    assert [w.item() for w in g.nabla_w] == [-0.125, -0.0625]
    assert [b.item() for b in g.nabla_b] == [-0.125, -0.125]


def test_111_cross_entropy_by_hand():
    # Same network, cross-entropy: C = -ln a³ = ln 2;
    # δ³ = a³ - y = -½ (σ' cancels); δ² = 4 · (-½) · ¼ = -½; ∂C/∂w³ = δ³ a² = -¼
    net, x, y = net_111("cross-entropy"), np.array([[1.0]]), np.array([[1.0]])
    assert cost(net, x, y) == pytest.approx(np.log(2), rel=1e-15)
    g = backprop(net, x, y)
    assert [d.item() for d in g.deltas] == [-0.5, -0.5]
    assert [w.item() for w in g.nabla_w] == [-0.5, -0.25]


def net_221():
    return Network([np.array([[1.0, -1.0], [2.0, 1.0]]), np.array([[1.0, -2.0]])],
                   [np.array([[0.0], [-1.0]]), np.array([[0.5]])], ("relu", "linear"))


def test_221_relu_linear_network_batch_by_hand():
    # Two examples as columns: x₁ = (1, 2), x₂ = (2, -1); targets y = (1, 0).
    # z² = W² x + b²:  x₁ -> (1-2+0, 2+2-1) = (-1, 3),  a² = (0, 3)
    #                  x₂ -> (2+1+0, 4-1-1) = (3, 2),   a² = (3, 2)
    # z³ = W³ a² + ½:  x₁ -> 0 - 6 + ½ = -5.5,  x₂ -> 3 - 4 + ½ = -0.5  (linear: a³ = z³)
    # C = mean(½(-6.5)², ½(-0.5)²) = mean(21.125, 0.125) = 10.625
    # δ³ = a³ - y = (-6.5, -0.5)
    # δ² = (W³)ᵀ δ³ ⊙ relu'(z²):  x₁ -> (-6.5, 13) ⊙ (0, 1) = (0, 13)
    #                             x₂ -> (-0.5, 1) ⊙ (1, 1) = (-0.5, 1)
    # ∂C/∂b³ = mean(-6.5, -0.5) = -3.5
    # ∂C/∂W³ = ½[-6.5·(0, 3) - 0.5·(3, 2)] = ½(-1.5, -20.5) = (-0.75, -10.25)
    # ∂C/∂b² = mean((0, 13), (-0.5, 1)) = (-0.25, 7)
    # ∂C/∂W² = ½[(0, 13)ᵀ(1, 2) + (-0.5, 1)ᵀ(2, -1)] = ½[[-1, 0.5], [15, 25]]
    net = net_221()
    x = np.array([[1.0, 2.0], [2.0, -1.0]])
    y = np.array([[1.0, 0.0]])
    zs, acts = forward(net, x)
    np.testing.assert_array_equal(zs[0], [[-1, 3], [3, 2]])
    np.testing.assert_array_equal(acts[1], [[0, 3], [3, 2]])
    np.testing.assert_array_equal(zs[1], [[-5.5, -0.5]])
    assert cost(net, x, y) == 10.625
    g = backprop(net, x, y)
    np.testing.assert_array_equal(g.deltas[1], [[-6.5, -0.5]])
    np.testing.assert_array_equal(g.deltas[0], [[0, -0.5], [13, 1]])
    np.testing.assert_array_equal(g.nabla_b[1], [[-3.5]])
    np.testing.assert_array_equal(g.nabla_w[1], [[-0.75, -10.25]])
    np.testing.assert_array_equal(g.nabla_b[0], [[-0.25], [7]])
    np.testing.assert_array_equal(g.nabla_w[0], [[-0.5, 0.25], [7.5, 12.5]])


def test_forward_shapes_and_sizes():
    net, x, y = random_network(np.random.default_rng(0), sizes=[3, 5, 2, 4], batch=6, cost="quadratic")
    assert net.sizes == [3, 5, 2, 4]
    assert [w.shape for w in net.weights] == [(5, 3), (2, 5), (4, 2)]
    assert [b.shape for b in net.biases] == [(5, 1), (2, 1), (4, 1)]
    zs, acts = forward(net, x)
    assert [z.shape for z in zs] == [(5, 6), (2, 6), (4, 6)]
    assert np.array_equal(acts[0], x) and len(acts) == 4 and acts[-1].shape == (4, 6)
    g = backprop(net, x, y)
    assert [d.shape for d in g.deltas] == [(5, 6), (2, 6), (4, 6)]
    assert [w.shape for w in g.nabla_w] == [(5, 3), (2, 5), (4, 2)]
    assert [b.shape for b in g.nabla_b] == [(5, 1), (2, 1), (4, 1)]


@pytest.mark.parametrize("cost_name, output", [
    pytest.param("cross-entropy", "sigmoid", id="ce-sigmoid"),
    pytest.param("log-likelihood", "softmax", id="ll-softmax"),
])
def test_output_delta_shortcut_is_a_minus_y_and_equals_general_form(cost_name, output):
    for seed in range(20):
        net, x, y = random_network(np.random.default_rng(seed), output=output, cost=cost_name)
        zs, acts = forward(net, x)
        g = backprop(net, x, y)
        np.testing.assert_array_equal(g.deltas[-1], acts[-1] - y)
        general = output_delta(cost_name, output, zs[-1], acts[-1], y, shortcut=False)
        np.testing.assert_allclose(general, acts[-1] - y, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("output", ["sigmoid", "tanh", "relu", "linear", "softmax"])
def test_output_delta_general_form_is_grad_times_fprime(output):
    rng = np.random.default_rng(2)
    z, y = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    act = ACTIVATIONS[output]
    a = act.f(z)
    delta = output_delta("quadratic", output, z, a, y)
    if act.elementwise:
        np.testing.assert_allclose(delta, (a - y) * act.fprime(z))
    else:  # δ_k = Σ_j (a_j - y_j) ∂a_j/∂z_k
        J = act.jacobian(z)
        np.testing.assert_allclose(delta, np.einsum("cjk,jc->kc", J, a - y))


SEEDS = range(40)


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_backprop_equals_per_example_loop(seed):
    rng = np.random.default_rng(seed)
    net, x, y = random_network(rng, reg=["none", "L2", "L1"][seed % 3])
    batch, loop = backprop(net, x, y), per_example_backprop(net, x, y)
    for field in ("deltas", "nabla_w", "nabla_b"):
        for u, v in zip(getattr(batch, field), getattr(loop, field)):
            np.testing.assert_allclose(u, v, rtol=1e-12, atol=1e-14)


def test_1d_input_is_one_example():
    net, x, y = random_network(np.random.default_rng(3), batch=1)
    assert cost(net, x[:, 0], y[:, 0]) == cost(net, x, y)


def test_determinism_same_seed_same_arrays():
    def run(seed):
        net, x, y = random_network(np.random.default_rng(seed), reg="L2")
        g = backprop(net, x, y)
        return [*net.weights, *net.biases, x, y, *g.nabla_w, *g.nabla_b]

    for u, v in zip(run(7), run(7)):
        np.testing.assert_array_equal(u, v)
    assert any(u.shape != v.shape or not np.array_equal(u, v) for u, v in zip(run(7), run(8)))


# --- SGD with regularisation ----------------------------------------------------------
@pytest.mark.parametrize("reg", ["none", "L2", "L1"])
def test_sgd_step_matches_hand_formula(reg):
    rng = np.random.default_rng(4)
    net, x, y = random_network(rng, sizes=[3, 4, 2], cost="quadratic", reg=reg, lmbda=0.8, n=20)
    eta, k = 0.3, 0.8 / 20                                # k = λ/n
    plain = Network(net.weights, net.biases, net.activations, net.cost)   # C₀: unregularised
    g0 = backprop(plain, x, y)
    new = sgd_step(net, x, y, eta)
    for w, w_new, nw0 in zip(net.weights, new.weights, g0.nabla_w):
        expected = {
            "none": w - eta * nw0,
            "L2": (1 - eta * k) * w - eta * nw0,            # weight decay
            "L1": w - eta * k * np.sign(w) - eta * nw0,     # constant shrink towards 0
        }[reg]
        np.testing.assert_allclose(w_new, expected, rtol=1e-13, atol=1e-15)
    for b, b_new, nb0 in zip(net.biases, new.biases, g0.nabla_b):
        np.testing.assert_allclose(b_new, b - eta * nb0, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("reg", ["L2", "L1"])
def test_regularisation_leaves_bias_gradients_unchanged(reg):
    net, x, y = random_network(np.random.default_rng(5), reg=reg, lmbda=1.5, n=3)
    plain = Network(net.weights, net.biases, net.activations, net.cost)
    g, g0 = backprop(net, x, y), backprop(plain, x, y)
    for b, b0 in zip(g.nabla_b, g0.nabla_b):
        np.testing.assert_array_equal(b, b0)
    assert not all(np.array_equal(w, w0) for w, w0 in zip(g.nabla_w, g0.nabla_w))
    np.testing.assert_array_equal(sgd_step(net, x, y, 0.1).biases[0], sgd_step(plain, x, y, 0.1).biases[0])


def test_sgd_step_is_pure():
    net, x, y = random_network(np.random.default_rng(6))
    before = [w.copy() for w in net.weights]
    sgd_step(net, x, y, 0.5)
    for w, w0 in zip(net.weights, before):
        np.testing.assert_array_equal(w, w0)


def test_small_sgd_step_lowers_the_cost():
    net, x, y = random_network(np.random.default_rng(9), reg="L2")
    assert cost(sgd_step(net, x, y, 1e-3), x, y) < cost(net, x, y)


# --- validation --------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, match", [
    pytest.param(dict(weights=[np.ones((2, 3)), np.ones((1, 3))], biases=[np.ones((2, 1)), np.ones((1, 1))],
                      activations=("sigmoid", "sigmoid")), "columns", id="layers-do-not-chain"),
    pytest.param(dict(weights=[np.ones((2, 3))], biases=[np.ones((3, 1))], activations=("sigmoid",)),
                 "shape", id="bias-shape"),
    pytest.param(dict(weights=[np.ones((2, 3))], biases=[np.ones((2, 1))], activations=("swish",)),
                 "activation", id="unknown-activation"),
    pytest.param(dict(weights=[np.ones((2, 3))], biases=[np.ones((2, 1))], activations=("sigmoid", "sigmoid")),
                 "one weight", id="activation-count"),
    pytest.param(dict(weights=[np.ones((2, 3))], biases=[np.ones((2, 1))], activations=("sigmoid",),
                      cost="hinge"), "cost", id="unknown-cost"),
    pytest.param(dict(weights=[np.ones((2, 3))], biases=[np.ones((2, 1))], activations=("sigmoid",),
                      reg="L2", n=0), "n >= 1", id="bad-n"),
])
def test_network_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Network(**kwargs)


def test_input_of_wrong_height_is_rejected():
    net, x, _ = random_network(np.random.default_rng(0), sizes=[3, 2, 2], cost="quadratic")
    with pytest.raises(ValueError, match="rows"):
        forward(net, np.ones((4, 1)))


def test_core_does_not_import_sympy():
    code = "import sys, symcheck.core; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
