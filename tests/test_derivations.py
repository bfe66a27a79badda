"""Particular claims of derivations/ whose counterexamples or refutations say
something worth pinning: where and what, and that they reproduce. (Every
claim is verified, with its variants rejected, in test_claims_library.py.)"""

import numpy as np
import pytest

from symcheck.claims import discover, verify
from symcheck.claims.kit import make_batch
from symcheck.claims.runner import claim_rng

BY_ID = {c.id: c for c in discover()}


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


@pytest.mark.parametrize("claim_id", ["bp1", "modified-neuron", "softmax-log-likelihood", "l1-update"])
def test_network_claims_are_proved_componentwise(claim_id):
    assert verify(BY_ID[claim_id], seed=0, networks=8).symbolic.method.startswith("componentwise")


@pytest.mark.parametrize("claim_id, variant, keys", [
    pytest.param("ce-neuron-grad-w", "sigma-prime-kept", {"point", "finite_difference", "claimed"}, id="gradient"),
    pytest.param("gd-decrease", "ascent", {"point", "actual_dC", "predicted_dC", "fails"}, id="network-step"),
    pytest.param("ce-nonnegative", "swapped", {"point", "C", "fails"}, id="undefined-form"),
    pytest.param("init-variance", "dropped-bias", {"sample_variance", "claimed_variance", "relative_tolerance"},
                 id="sampling"),
    pytest.param("modified-neuron", "f-for-f-prime", {"modified_neuron", "layer", "lhs", "rhs"}, id="modified"),
])
def test_counterexample_names_the_point_and_both_values(claim_id, variant, keys):
    claim = BY_ID[claim_id]
    k = 1 + [v.name for v in claim.variants].index(variant)
    out = claim.numeric(variant, claim_rng(0, claim_id, k), 16)
    assert not out.ok and keys <= set(out.counterexample)


def test_swapped_cross_entropy_diverges_where_the_true_one_is_finite():
    claim = BY_ID["ce-nonnegative"]
    out = claim.numeric("swapped", claim_rng(0, claim.id, 2), 16)
    assert out.counterexample["point"]["y"] in (0.0, 1.0)
    assert not np.isfinite(out.counterexample["C"])
    sym = claim.symbolic("swapped")
    assert sym.holds is False and "zoo" in sym.detail


@pytest.mark.parametrize("claim_id, variant", [
    pytest.param("init-variance", "unscaled-weights", id="init-501"),
    pytest.param("softmax-derivative", "diagonal-only", id="softmax-diagonal"),
    pytest.param("sigmoid-step-limit", "heaviside-at-zero", id="step-at-zero"),
    pytest.param("gd-optimal-step", "unnormalised", id="unnormalised-step"),
])
def test_exact_refutations(claim_id, variant):
    out = BY_ID[claim_id].symbolic(variant)
    assert out.holds is False and out.detail


def test_init_variance_symbolic_value_is_three_halves():
    rel = BY_ID["init-variance"].statement(None)
    assert rel.lhs.doit() == rel.rhs == pytest.approx(1.5)


def test_different_seeds_draw_different_networks():
    claim = BY_ID["gd-decrease"]
    a, b = (claim.numeric(None, claim_rng(seed, claim.id), 16) for seed in (1, 2))
    assert a.ok and b.ok and a.max_rel_error != b.max_rel_error
