"""The scalar claims of chapters 1 and 3 (derivations/ch1_gradient_descent.py,
ch3_cross_entropy.py, ch3_softmax.py, ch3_misc.py) and their helpers
(derivations/_scalar.py): every claim verified with every false variant
rejected, determinism, and broken statements refuted with a counterexample."""

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from symcheck.claims import NumericOutcome, discover, verify
from symcheck.claims.runner import claim_rng

MODULES = ("ch1_gradient_descent", "ch3_cross_entropy", "ch3_softmax", "ch3_misc")
CLAIMS = [c for c in discover() if c.module in MODULES]
BY_ID = {c.id: c for c in CLAIMS}
PARAMS = [pytest.param(c, id=c.id) for c in CLAIMS]

# What the brief asks these modules to cover.
REQUIRED = {
    "gd-decrease", "gd-optimal-step", "gd-1d-direction", "sigmoid-step-limit", "sigmoid-tanh",
    "ce-neuron-grad-w", "ce-neuron-grad-b", "quadratic-slowdown-w", "quadratic-slowdown-b",
    "ce-minimised-at-target", "ce-nonnegative", "ce-from-bias-gradient", "tanh-prime", "init-variance",
    "softmax-sums-to-one", "softmax-shift-invariant", "softmax-monotone", "softmax-derivative",
    "softmax-inverse", "softmax-argmax-limit",
}


def test_every_required_claim_is_in_the_library():
    assert REQUIRED <= set(BY_ID)


@pytest.mark.parametrize("claim", PARAMS)
def test_claim_is_verified_and_every_false_variant_rejected(claim):
    r = verify(claim, seed=0, networks=32)
    assert r.status == "verified", (r.symbolic, r.numeric, r.error)
    assert r.numeric.ok and r.numeric.counterexample is None
    assert r.variants_rejected == len(claim.variants) >= 1, [(v.name, v.how) for v in r.variants if not v.rejected]
    for v in r.variants:  # rejected by a concrete counterexample or an exact refutation, nothing else
        assert v.how == "counterexample" and v.counterexample or v.how.startswith("exact refutation")


@pytest.mark.parametrize("claim", PARAMS)
def test_claim_metadata(claim):
    assert claim.chapter in (1, 3) and claim.source.startswith("NNDL ch.")
    assert claim.latex and claim.proof and all(s.why or s.expr for s in claim.proof)
    assert claim.assumptions
    assert all(v.description for v in claim.variants)


@pytest.mark.parametrize("claim", PARAMS)
def test_every_false_variant_has_a_numeric_counterexample(claim):
    """Not only an exact refutation: the numbers reject every variant too,
    and say where (the runner's rng for that variant)."""
    for k, v in enumerate(claim.variants, start=1):
        out = claim.numeric(v.name, claim_rng(0, claim.id, k), 16)
        assert not out.ok and out.counterexample, v.name


@pytest.mark.parametrize("claim", PARAMS)
def test_promoted_false_variant_is_refuted_with_a_counterexample(claim):
    """A deliberately broken statement -- the claim's first false variant
    stated as the claim itself -- comes out refuted, with the point or
    network and both sides' values."""
    wrong = claim.variants[0].name
    broken = dataclasses.replace(
        claim, id=claim.id + "-broken",
        statement=lambda variant=None: claim.statement(wrong),
        symbolic=lambda variant=None: claim.symbolic(wrong),
        numeric=lambda variant, rng, n: claim.numeric(wrong, rng, n))
    r = verify(broken, seed=3, networks=16)
    assert r.status == "refuted"
    ce = r.numeric.counterexample
    assert not r.numeric.ok and ce and len(ce) >= 2


def _numbers(result):
    return (result.status, result.numeric.trials, result.numeric.max_rel_error,
            [(v.name, v.rejected, v.how, repr(v.counterexample)) for v in result.variants])


@pytest.mark.parametrize("claim", PARAMS)
def test_same_seed_same_numbers(claim):
    assert _numbers(verify(claim, seed=7, networks=16)) == _numbers(verify(claim, seed=7, networks=16))


def test_different_seeds_draw_different_networks():
    claim = BY_ID["gd-decrease"]
    a, b = (claim.numeric(None, claim_rng(seed, claim.id), 16) for seed in (1, 2))
    assert a.ok and b.ok and a.max_rel_error != b.max_rel_error


# --- counterexamples say where and what ---------------------------------------
@pytest.mark.parametrize("claim_id, variant, keys", [
    pytest.param("ce-neuron-grad-w", "sigma-prime-kept", {"point", "finite_difference", "claimed"}, id="gradient"),
    pytest.param("gd-decrease", "ascent", {"point", "actual_dC", "predicted_dC", "fails"}, id="network-step"),
    pytest.param("ce-nonnegative", "swapped", {"point", "C", "fails"}, id="undefined-form"),
    pytest.param("init-variance", "dropped-bias", {"sample_variance", "claimed_variance", "relative_tolerance"},
                 id="sampling"),
])
def test_counterexample_names_the_point_and_both_values(claim_id, variant, keys):
    claim = BY_ID[claim_id]
    out = claim.numeric(variant, claim_rng(0, claim_id, 1), 16)
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


# --- the helpers ------------------------------------------------------------------
def test_compare_reports_the_first_bad_trial():
    from derivations._scalar import compare

    lhs = np.array([1.0, 2.0, 3.0])
    out = compare(lhs, np.array([1.0, 2.5, 3.0]), {"x": np.array([10.0, 20.0, 30.0])})
    assert isinstance(out, NumericOutcome) and not out.ok and out.trials == 3
    assert out.counterexample == {"point": {"x": 20.0}, "lhs": 2.0, "rhs": 2.5}
    assert compare(lhs, lhs * (1 + 1e-12), {"x": lhs}).ok


def test_compare_counts_nan_as_disagreement():
    from derivations._scalar import compare

    assert not compare(np.array([np.nan]), np.array([np.nan]), {"x": np.array([0.0])}).ok


@pytest.mark.parametrize("lhs, rhs, expected", [
    pytest.param("x**2", "x*x", True, id="equal"),
    pytest.param("x**2", "x**2 + 1", False, id="rational-mismatch"),
    pytest.param("exp(x)", "exp(x) + 1/10**12", True, id="below-numeric-resolution"),
    pytest.param("exp(x)", "x + 1", None, id="irrational-mismatch"),
])
def test_exact_refutation(lhs, rhs, expected):
    import sympy as sp

    from derivations._scalar import exact_refutation

    x = sp.Symbol("x", real=True)
    ns = {"x": x, "exp": sp.exp}
    same, _ = exact_refutation(sp.sympify(lhs, locals=ns), sp.sympify(rhs, locals=ns), [{x: 1}])
    assert same is expected


def test_cheap_check_never_simplifies_a_false_statement_into_a_proof():
    import sympy as sp

    from derivations._scalar import cheap_check

    x = sp.Symbol("x", real=True)
    assert cheap_check(sp.Eq(sp.sin(x) ** 2, 1 - sp.cos(x) ** 2 + x), [{x: sp.Rational(1, 3)}]).holds is None
    assert cheap_check(sp.Eq((x + 1) ** 2, x ** 2 + 2 * x + 1)).holds is True


@pytest.mark.parametrize("sign, expected", [
    pytest.param("positive", "oo", id="grows"), pytest.param("negative", "0", id="decays"),
    pytest.param("zero", "1", id="constant"), pytest.param("unknown", "None", id="undecided"),
])
def test_limit_of_exp(sign, expected):
    import sympy as sp

    from derivations._scalar import limit_of_exp

    d = {"positive": sp.Symbol("p", positive=True), "negative": -sp.Symbol("p", positive=True),
         "zero": sp.Integer(0), "unknown": sp.Symbol("r", real=True)}[sign]
    assert str(limit_of_exp(d)) == expected


def test_modules_import_without_sympy():
    code = ("import sys; " + "; ".join(f"import derivations.{m}" for m in MODULES)
            + "; print('sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"
