"""Every claim the library has, found by discovery (no hand-kept lists):
verified, every false variant rejected by a counterexample or an exact
refutation, deterministic; and every claim says its setting and family."""

import dataclasses
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from symcheck.claims import Setting, discover, verify
from symcheck.claims.runner import claim_rng

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = discover()
BY_ID = {c.id: c for c in CLAIMS}
PARAMS = [pytest.param(c, id=c.id) for c in CLAIMS]


def test_the_library_is_found():
    assert len(CLAIMS) >= 41 and len(BY_ID) == len(CLAIMS)
    modules = {p.stem for p in (ROOT / "derivations").glob("*.py") if not p.name.startswith("_")}
    assert {c.module for c in CLAIMS} == modules   # every claim module contributes claims


@pytest.mark.parametrize("claim", PARAMS)
@pytest.mark.parametrize("seed", [pytest.param(0, id="seed0"), pytest.param(7, id="seed7")])
def test_claim_verified_and_every_variant_rejected(claim, seed):
    r = verify(claim, seed=seed, networks=16)
    assert r.status == "verified", (r.symbolic, r.numeric, r.error)
    assert r.numeric.ok and r.numeric.counterexample is None and r.numeric.trials >= 16
    assert r.variants_rejected == len(claim.variants) >= 1, [(v.name, v.how) for v in r.variants if not v.rejected]
    for v in r.variants:  # a concrete counterexample or an exact refutation, nothing else
        assert (v.how == "counterexample" and v.counterexample) or v.how.startswith("exact refutation"), v


@pytest.mark.parametrize("claim", PARAMS)
def test_every_false_variant_has_a_numeric_counterexample(claim):
    """The numbers reject every variant too (not only an exact refutation),
    with the runner's generator for that variant."""
    for k, v in enumerate(claim.variants, start=1):
        out = claim.numeric(v.name, claim_rng(0, claim.id, k), 16)
        assert not out.ok and out.counterexample, v.name


@pytest.mark.parametrize("claim", PARAMS)
def test_symbolic_check_never_proves_a_false_variant(claim):
    for v in claim.variants:
        assert not claim.symbolic(v.name).holds, v.name


@pytest.mark.parametrize("claim", PARAMS)
def test_promoted_false_variant_is_refuted(claim):
    """The claim's first false variant stated as the claim itself comes out
    refuted, with the point or network and both sides' values."""
    wrong = claim.variants[0].name
    broken = dataclasses.replace(
        claim, id=claim.id + "-broken",
        statement=lambda variant=None: claim.statement(wrong),
        symbolic=lambda variant=None: claim.symbolic(wrong),
        numeric=lambda variant, rng, n: claim.numeric(wrong, rng, n))
    r = verify(broken, seed=3, networks=16)
    assert r.status == "refuted" and r.numeric.counterexample and len(r.numeric.counterexample) >= 2


@pytest.mark.parametrize("claim", PARAMS)
def test_same_seed_same_numbers(claim):
    def numbers(r):
        return (r.status, r.numeric.trials, r.numeric.max_rel_error,
                [(v.name, v.rejected, v.how, repr(v.counterexample)) for v in r.variants])

    assert numbers(verify(claim, seed=5, networks=8)) == numbers(verify(claim, seed=5, networks=8))


@pytest.mark.parametrize("claim", PARAMS)
def test_claim_metadata(claim):
    assert claim.source.startswith("NNDL ch.") and claim.chapter in (1, 2, 3)
    assert claim.latex and claim.proof and all(s.why or s.expr for s in claim.proof)
    assert claim.assumptions and all(v.description for v in claim.variants)


# --- settings and families ------------------------------------------------------------
@pytest.mark.parametrize("claim", PARAMS)
def test_every_claim_declares_its_setting_and_family(claim):
    assert isinstance(claim.setting, Setting), "declare setting=Setting(...) (Setting() when it holds anywhere)"
    assert claim.family in BY_ID, f"family {claim.family!r} is not a claim id"
    head = BY_ID[claim.family]
    assert head.family == head.id, "a family is named by its own head claim"
    assert head.setting == claim.setting, "the forms of one identity hold in the same setting"


# The identities the library states in several forms (NNDL ch. 2: component, matrix, Σ'(z)).
FAMILIES = {
    "bp1": {"bp1", "bp1-matrix", "bp1-diag"},
    "bp2": {"bp2", "bp2-matrix", "bp2-diag"},
}


def test_families_group_the_forms_of_one_identity():
    groups = defaultdict(set)
    for c in CLAIMS:
        groups[c.family].add(c.id)
    assert {f: ids for f, ids in groups.items() if len(ids) > 1} == FAMILIES


@pytest.mark.parametrize("claim_id, departures", [
    pytest.param("bp1", {}, id="book-network"),
    pytest.param("sigma-prime", {}, id="function-identity"),
    pytest.param("bp1-quadratic", {"cost": "quadratic"}, id="quadratic"),
    pytest.param("ce-output-error", {"cost": "cross-entropy"}, id="cross-entropy"),
    pytest.param("linear-bp2", {"activation": "linear", "output": "linear"}, id="linear"),
    pytest.param("linear-output-quadratic", {"cost": "quadratic", "output": "linear"}, id="linear-output"),
    pytest.param("softmax-log-likelihood", {"cost": "log-likelihood", "output": "softmax"}, id="softmax"),
    pytest.param("softmax-derivative", {"output": "softmax"}, id="softmax-layer"),
    pytest.param("modified-neuron", {"neuron": "modified"}, id="modified"),
])
def test_settings_say_where_a_claim_holds(claim_id, departures):
    assert BY_ID[claim_id].setting.departures() == departures


@pytest.mark.parametrize("setting, holds", [
    pytest.param(Setting(cost="cross-entropy", output="sigmoid"), True, id="cross-entropy"),
    pytest.param(Setting(cost="quadratic", output="sigmoid"), False, id="quadratic"),
    pytest.param(Setting(cost="cross-entropy", activation="tanh", output="sigmoid"), True, id="tanh-hidden"),
])
def test_network_claims_are_checked_in_their_setting(setting, holds):
    """The random networks of a network claim are drawn in its declared
    setting: δ^L = a^L − y holds for the cross-entropy with sigmoid outputs
    (whatever the hidden layers), not for the quadratic cost."""
    from symcheck.claims.kit import Side, network_claim

    def evaluate(batch, variant):
        assert batch.cost == (setting.cost or "quadratic")
        assert batch.activations[:-1] == (setting.activation or "sigmoid",) * (batch.L - 2)
        yield Side("δ^L", batch.L, batch.fd_delta(batch.L), batch.a(batch.L) - batch.y)

    claim = network_claim(id="x", title="", source="", latex="", build=lambda v: ([0], [0]), evaluate=evaluate,
                          where="", variants=BY_ID["ce-output-error"].variants, proof=(), setting=setting)
    out = claim.numeric(None, claim_rng(0, "x"), 8)
    assert out.ok is holds


def test_claim_modules_import_without_sympy():
    code = ("import sys; " + "; ".join(f"import derivations.{p.stem}" for p in sorted((ROOT / "derivations").glob("ch*.py")))
            + "; import symcheck.claims.kit; print('sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
