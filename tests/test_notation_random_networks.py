"""The check on random networks (symcheck.notation.random_networks): a check that cannot fail proves nothing."""

import pytest

from symcheck import notation

WRONG_FACTOR = r"\frac{\partial C}{\partial b^l} = \frac{\partial C}{\partial z^l}\frac{\partial z^l}{\partial w^l}"


@pytest.mark.parametrize("latex,context,verdict", [
    # one ReLU neuron per layer: every unit inactive on the networks drawn, both sides 0: not evidence
    pytest.param(WRONG_FACTOR, {"activation": "relu", "neurons": 1}, "unchecked", id="relu-one-neuron-vacuous"),
    pytest.param(WRONG_FACTOR, {"activation": "sigmoid", "neurons": 1}, "incorrect", id="sigmoid-one-neuron-refutes"),
    pytest.param(r"\frac{\partial C}{\partial b^l_j} = \delta^l_j", {"activation": "relu"}, "correct",
                 id="relu-several-neurons-verifies"),
    pytest.param(r"\frac{\partial C}{\partial b^l_j} = 2\delta^l_j", {"activation": "relu"}, "incorrect",
                 id="relu-several-neurons-refutes"),
])
def test_a_check_that_cannot_fail_is_not_evidence(latex, context, verdict):
    v = notation.check_reading(notation.read(latex), notation.Context(**context))
    assert v.verdict == verdict, v.reason
    if verdict == "unchecked":
        assert "could not fail" in v.reason
