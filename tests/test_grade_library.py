"""The grader's library lookup (symcheck/grade/library.py) reads each claim's
declared setting: a claim counts only in a write-up that works in it."""

import pytest

from symcheck.claims import Setting, discover
from symcheck.grade import library

SETTINGS = {c.id: c.setting for c in discover()}


@pytest.mark.parametrize("setting, topics, cost, expected", [
    pytest.param(Setting(activation="sigmoid", output="sigmoid"), "", None, True, id="book-network-anywhere"),
    pytest.param(Setting(), "softmax", None, True, id="any-network"),
    pytest.param(Setting(activation="linear", output="linear"), "", None, False, id="linear-unsaid"),
    pytest.param(Setting(activation="linear", output="linear"), "linear", None, True, id="linear-said"),
    pytest.param(Setting(cost="quadratic", output="linear"), "quadratic", None, False, id="half-said"),
    pytest.param(Setting(cost="quadratic", output="linear"), "linear quadratic", None, True, id="all-said"),
    pytest.param(Setting(cost="cross-entropy", output="sigmoid"), "", None, False, id="cost-unknown"),
    pytest.param(Setting(cost="cross-entropy", output="sigmoid"), "", "cross-entropy", True, id="cost-known"),
    pytest.param(Setting(cost="cross-entropy", output="sigmoid"), "", "quadratic", False, id="other-cost"),
    pytest.param(Setting(neuron="modified"), "modified", None, True, id="modified"),
    pytest.param(None, "linear softmax modified", "quadratic", False, id="undeclared"),
])
def test_applies_reads_the_setting(setting, topics, cost, expected):
    assert library.applies(setting, topics, cost) is expected


@pytest.mark.parametrize("lhs, rhs, topics, cost, claim", [
    pytest.param(r"\delta^L", r"\nabla_a C \odot \sigma'(z^L)", "", None, "bp1-matrix", id="bp1-anywhere"),
    pytest.param(r"\delta^L", r"\nabla_a C", "", None, None, id="linear-claim-unsaid"),
    pytest.param(r"\delta^L", r"\nabla_a C", "linear", None, "linear-bp1", id="linear-claim-said"),
    pytest.param(r"\delta^L", "a^L - y", "", "cross-entropy", "ce-output-error", id="cross-entropy-known"),
    pytest.param(r"\delta^L", "a^L - y", "quadratic", None, None, id="claim-here-variant-there"),
])
def test_lookup_follows_the_settings(lhs, rhs, topics, cost, claim):
    hit = library.lookup(lhs, "=", rhs, topics, cost=cost)
    assert (hit.claim if hit and hit.kind == "claim" else None) == claim
    if claim:
        assert library.applies(SETTINGS[claim], topics, cost)


def test_a_false_variant_is_found_with_its_counterexample_and_hint():
    hit = library.lookup(r"\frac{\partial C}{\partial w_j^l}", "=", r"\delta_j^l")
    assert hit and hit.kind == "variant" and (hit.claim, hit.variant) == ("bp3", "w-for-b")
    v = library.verdict_for(hit, seed=0, networks=8)
    assert v.verdict == "incorrect" and v.counterexample["quantity"].startswith("∂C/∂w")
    assert "BP3 with w in place of b" in v.reason and "BP4 has" in v.hint


def test_a_variant_check_that_raises_accuses_nobody_and_logs(monkeypatch, caplog):
    import dataclasses

    def boom(*a):
        raise RuntimeError("broken numeric check")

    forms, by_id = library._index()
    broken = dataclasses.replace(by_id["bp3"], numeric=boom)
    monkeypatch.setattr(library, "_index", lambda: (forms, {**by_id, "bp3": broken}))
    hit = library.Hit("bp3", broken.title, "variant", "w-for-b", "")
    with caplog.at_level("WARNING", logger="symcheck.grade.library"):
        assert library.verdict_for(hit) is None
    assert any(r.exc_info and "broken numeric check" in str(r.exc_info[1]) for r in caplog.records)
