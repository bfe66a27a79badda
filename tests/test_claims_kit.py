"""The claim kit (symcheck.claims.kit): the constructors, the exact and
numeric checks, and the random networks with their ground truth."""

import numpy as np
import pytest

from symcheck.claims import NumericOutcome, Setting, Variant, verify
from symcheck.claims.kit import (Side, ShapeMismatch, cheap_check, compare, exact_refutation, holds, limit_of_exp,
                                 make_batch, mm, network_check, proof_chain, scalar_claim)


# --- constructors ----------------------------------------------------------------------
def _square(variant=None):
    import sympy as sp

    x = sp.Symbol("x", real=True)
    return sp.Eq((x + 1) ** 2, {None: x ** 2 + 2 * x + 1, "no-cross-term": x ** 2 + 1}[variant])


def test_scalar_claim_defaults_to_identity_and_points():
    claim = scalar_claim(id="square", title="", source="", latex="", statement=_square, setting=Setting(),
                         domain={"x": (-3.0, 3.0)}, variants=(Variant("no-cross-term", "2x dropped"),))
    assert claim.family == "square" and claim.setting == Setting()
    r = verify(claim, seed=0, networks=8)
    assert r.status == "verified" and r.passed


def test_scalar_claim_needs_a_numeric_check():
    with pytest.raises(ValueError, match="numeric= or domain="):
        scalar_claim(id="x", title="", source="", latex="", statement=_square, setting=Setting(),
                     variants=(Variant("v", "v"),))


def test_constructors_are_keyword_only():
    with pytest.raises(TypeError):
        scalar_claim("square", "", "", "", _square)


@pytest.mark.parametrize("exprs, verdict", [
    pytest.param(["(x+1)**2", "x**2 + 2*x + 1"], None, id="every-link-proved"),
    pytest.param(["(x+1)**2", "x**2 + 1"], "proof step 2 not verified", id="a-broken-link"),
])
def test_proof_chain_links_are_checked(exprs, verdict):
    import sympy as sp

    x = sp.Symbol("x", real=True)
    steps = proof_chain(("a", "start"), ("b", "expand"), expr=lambda k: sp.sympify(exprs[k], locals={"x": x}))
    assert [s.why for s in steps] == ["start", "expand"]
    claim = scalar_claim(id="chain", title="", source="", latex="", statement=_square, setting=Setting(),
                         proof=steps, domain={"x": (-3.0, 3.0)}, variants=(Variant("no-cross-term", ""),))
    method = verify(claim).symbolic.method
    assert (verdict in method) if verdict else "not verified" not in method


@pytest.mark.parametrize("kwargs", [
    pytest.param({"cost": "hinge"}, id="unknown-cost"),
    pytest.param({"output": "softmaxx"}, id="unknown-output"),
    pytest.param({"neuron": "broken"}, id="unknown-neuron"),
])
def test_setting_names_come_from_the_core(kwargs):
    with pytest.raises(ValueError, match="Setting"):
        Setting(**kwargs)


def test_setting_departures_from_the_book():
    assert Setting(activation="sigmoid", output="sigmoid").departures() == {}
    assert Setting(cost="quadratic", output="linear").departures() == {"cost": "quadratic", "output": "linear"}
    assert Setting().describe() == "any network"


# --- numeric checks at points -------------------------------------------------------------
def test_compare_reports_the_first_bad_trial():
    lhs = np.array([1.0, 2.0, 3.0])
    out = compare(lhs, np.array([1.0, 2.5, 3.0]), {"x": np.array([10.0, 20.0, 30.0])})
    assert isinstance(out, NumericOutcome) and not out.ok and out.trials == 3
    assert out.counterexample == {"point": {"x": 20.0}, "lhs": 2.0, "rhs": 2.5}
    assert compare(lhs, lhs * (1 + 1e-12), {"x": lhs}).ok


def test_compare_counts_nan_as_disagreement():
    assert not compare(np.array([np.nan]), np.array([np.nan]), {"x": np.array([0.0])}).ok


def test_holds_names_the_failing_trial_and_property():
    out = holds(np.array([True, False]), {"z": np.array([0.5, -1.0])}, what="z > 0")
    assert not out.ok and out.counterexample == {"point": {"z": -1.0}, "fails": "z > 0"}
    assert holds(np.array([True, True]), {"z": np.zeros(2)}).ok


# --- exact checks --------------------------------------------------------------------------
@pytest.mark.parametrize("lhs, rhs, expected", [
    pytest.param("x**2", "x*x", True, id="equal"),
    pytest.param("x**2", "x**2 + 1", False, id="rational-mismatch"),
    pytest.param("exp(x)", "exp(x) + 1/10**12", True, id="below-numeric-resolution"),
    pytest.param("exp(x)", "x + 1", None, id="irrational-mismatch"),
])
def test_exact_refutation(lhs, rhs, expected):
    import sympy as sp

    x = sp.Symbol("x", real=True)
    ns = {"x": x, "exp": sp.exp}
    same, _ = exact_refutation(sp.sympify(lhs, locals=ns), sp.sympify(rhs, locals=ns), [{x: 1}])
    assert same is expected


def test_cheap_check_never_simplifies_a_false_statement_into_a_proof():
    import sympy as sp

    x = sp.Symbol("x", real=True)
    assert cheap_check(sp.Eq(sp.sin(x) ** 2, 1 - sp.cos(x) ** 2 + x), [{x: sp.Rational(1, 3)}]).holds is None
    assert cheap_check(sp.Eq((x + 1) ** 2, x ** 2 + 2 * x + 1)).holds is True


@pytest.mark.parametrize("sign, expected", [
    pytest.param("positive", "oo", id="grows"), pytest.param("negative", "0", id="decays"),
    pytest.param("zero", "1", id="constant"), pytest.param("unknown", "None", id="undecided"),
])
def test_limit_of_exp(sign, expected):
    import sympy as sp

    d = {"positive": sp.Symbol("p", positive=True), "negative": -sp.Symbol("p", positive=True),
         "zero": sp.Integer(0), "unknown": sp.Symbol("r", real=True)}[sign]
    assert str(limit_of_exp(d)) == expected


def test_componentwise_proof_is_sound():
    import sympy as sp

    from symcheck.claims.kit.componentwise import prove_components
    from symcheck.symbolic import sigmoid

    x, y = sp.symbols("x y", real=True)
    assert prove_components([sigmoid(x) * (1 - sigmoid(x))], [sigmoid(x) - sigmoid(x) ** 2], "").holds
    assert prove_components([sigmoid(x)], [sigmoid(y)], "").holds is None
    assert prove_components([sp.exp(2 * x) / sp.exp(x)], [sp.exp(x)], "", ("cancel",)).holds


def test_symnet_takes_delta_by_its_definition():
    import sympy as sp

    from symcheck.claims.kit.symnet import symnet

    net = symnet((1, 1), cost="quadratic")
    (d,) = net.delta(2, 2)
    a = net.a(2, 2)[0]
    assert sp.expand(d - (a - net.y[0]) * a * (1 - a)) == 0


# --- networks --------------------------------------------------------------------------------
def test_a_formula_checked_against_itself_would_be_caught():
    """The numeric check compares with finite differences, not with the
    formula: a wrong formula for δ^L is refuted, naming the layer."""
    check = network_check(lambda b, v: [Side("δ^L", b.L, b.fd_delta(b.L), 2 * b.fd_delta(b.L))])
    out = check(None, np.random.default_rng(0), 4)
    assert not out.ok and out.counterexample["layer"] >= 3


def test_shape_mismatch_names_the_shapes():
    with pytest.raises(ShapeMismatch, match=r"\(2×3\) times \(2×1\)"):
        mm(np.zeros((1, 2, 3)), np.zeros((1, 2, 1)), "w δ")


def test_fd_delta_is_the_core_backprop_delta():
    from symcheck.core import backprop_stacked, stacked_networks

    batch = make_batch(3, 4, (2, 3, 2), cost="cross-entropy")
    nets = stacked_networks(np.random.default_rng(3), (2, 3, 2), 4, ("sigmoid", "sigmoid"), "cross-entropy", 1)
    g = backprop_stacked(nets)
    assert np.allclose(batch.fd_delta(3), g.deltas[-1], rtol=1e-6, atol=1e-9)


# --- the documented examples run ----------------------------------------------------------------
@pytest.mark.parametrize("module", [
    "symcheck.claims.model", "symcheck.claims.kit.builders", "symcheck.claims.kit.exact",
    "symcheck.claims.kit.points", "symcheck.claims.kit.shapes", "symcheck.claims.kit.symnet", "symcheck.claims.kit.networks",
    "symcheck.claims.kit.componentwise", "symcheck.grade.library",
])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
