"""The network claims (derivations/ch2_backprop.py, ch2_variants.py,
ch3_network.py): each is verified with every false variant rejected, the
runs are deterministic, and a rejected variant's counterexample names the
network, the layer and both values -- and reproduces."""

from pathlib import Path

import numpy as np
import pytest

from derivations._network_checks import ShapeMismatch, Side, make_batch, mm, network_check
from symcheck.claims import discover, verify

DERIVATIONS = Path(__file__).resolve().parents[1] / "derivations"
MODULES = ("ch2_backprop.py", "ch2_variants.py", "ch3_network.py")
CLAIMS = [c for m in MODULES for c in discover(DERIVATIONS / m)]
BY_ID = {c.id: c for c in CLAIMS}

REQUIRED = {
    "bp1", "bp2", "bp3", "bp4", "bp1-matrix", "bp2-matrix", "bp1-diag", "bp2-diag",
    "bp-unrolled", "bp1-quadratic", "bp-minibatch", "hadamard-diag", "modified-neuron", "linear-bp1",
    "linear-bp2", "ce-output-error", "linear-output-quadratic", "softmax-log-likelihood", "l2-update",
    "l1-update",
}


def test_every_required_claim_is_there():
    assert REQUIRED <= set(BY_ID)


@pytest.mark.parametrize("claim", [pytest.param(c, id=c.id) for c in CLAIMS])
@pytest.mark.parametrize("seed", [pytest.param(0, id="seed0"), pytest.param(7, id="seed7")])
def test_claim_verified_and_every_variant_rejected(claim, seed):
    r = verify(claim, seed=seed, networks=16)
    assert r.status == "verified", (r.symbolic, r.numeric, r.error)
    assert r.symbolic.method.startswith("componentwise")
    assert r.numeric.trials == 16
    not_rejected = [(v.name, v.how) for v in r.variants if not v.rejected]
    assert not not_rejected
    assert all(v.how == "counterexample" and v.counterexample for v in r.variants)


@pytest.mark.parametrize("claim", [pytest.param(BY_ID[i], id=i) for i in ("bp2", "modified-neuron", "l1-update")])
def test_deterministic(claim):
    one, two = verify(claim, seed=3, networks=8), verify(claim, seed=3, networks=8)
    strip = lambda d: {k: v for k, v in d.items() if k != "seconds"}  # noqa: E731
    assert strip(one.to_json()) == strip(two.to_json())
    assert [v.counterexample for v in one.variants] == [v.counterexample for v in two.variants]


def test_counterexample_names_layer_and_both_values_and_reproduces():
    """bp1-quadratic without σ'(z^L): the counterexample's network, rebuilt
    from its seed and sizes, gives the reported ∂C/∂z^L by finite differences."""
    r = verify(BY_ID["bp1-quadratic"], seed=0, networks=16)
    (ce,) = [v.counterexample for v in r.variants if v.name == "no-sigma-prime"]
    assert ce["layer"] == len(ce["sizes"]) and ce["quantity"] == f"δ^{ce['layer']}"
    assert ce["lhs"] != pytest.approx(ce["rhs"], rel=1e-3)
    batch = make_batch(ce["seed"], ce["networks"], ce["sizes"], cost="quadratic")
    j, c = (i - 1 for i in ce["component"])
    assert batch.fd_delta(ce["layer"])[ce["network"], j, c] == pytest.approx(ce["lhs"], rel=1e-9)
    diff = (batch.a(batch.L) - batch.y)[ce["network"], j, c]
    assert diff == pytest.approx(ce["rhs"], rel=1e-9)   # the variant's a^L - y


def test_dropped_transpose_is_rejected_by_the_shapes():
    r = verify(BY_ID["bp2-matrix"], seed=0, networks=8)
    (ce,) = [v.counterexample for v in r.variants if v.name == "no-transpose"]
    assert "shapes_do_not_fit" in ce and "×" in ce["shapes_do_not_fit"]


def test_a_formula_checked_against_itself_would_be_caught():
    """The numeric check compares with finite differences, not with the
    formula: a wrong formula for δ^L is refuted, naming the layer."""
    check = network_check(lambda b, v: [Side("δ^L", b.L, b.fd_delta(b.L), 2 * b.fd_delta(b.L))])
    out = check(None, np.random.default_rng(0), 4)
    assert not out.ok and out.counterexample["layer"] >= 3


def test_shape_mismatch_names_the_shapes():
    with pytest.raises(ShapeMismatch, match=r"\(2×3\) times \(2×1\)"):
        mm(np.zeros((1, 2, 3)), np.zeros((1, 2, 1)), "w δ")


def test_symbolic_checks_never_prove_a_false_variant():
    for c in CLAIMS:
        for v in c.variants:
            assert c.symbolic(v.name).holds is None, (c.id, v.name)


def test_atomize_is_sound():
    import sympy as sp

    from derivations._network_sym import prove_components
    from symcheck.symbolic import sigmoid

    x, y = sp.symbols("x y", real=True)
    assert prove_components([sigmoid(x) * (1 - sigmoid(x))], [sigmoid(x) - sigmoid(x) ** 2], "").holds
    assert prove_components([sigmoid(x)], [sigmoid(y)], "").holds is None
    assert prove_components([sp.exp(2 * x) / sp.exp(x)], [sp.exp(x)], "", ("cancel",)).holds
