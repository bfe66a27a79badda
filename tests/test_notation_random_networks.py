"""The check on random networks (symcheck.notation.random_networks): a check that cannot fail proves nothing."""

import pytest

from symcheck import notation

WRONG_FACTOR = r"\frac{\partial C}{\partial b^l} = \frac{\partial C}{\partial z^l}\frac{\partial z^l}{\partial w^l}"


@pytest.mark.parametrize("latex,context,verdict", [
    # one ReLU neuron per layer: every unit inactive on the networks drawn, both sides 0: not evidence; the
    # same step on networks whose units are all active (positive weights, biases, inputs) refutes it
    pytest.param(WRONG_FACTOR, {"activation": "relu", "neurons": 1}, "incorrect", id="relu-one-neuron-active-refutes"),
    # a right step there: the active networks confirm nothing, so it stays unchecked
    pytest.param(r"\frac{\partial C}{\partial b^l} = \frac{\partial C}{\partial z^l}", {"activation": "relu", "neurons": 1},
                 "unchecked", id="relu-one-neuron-vacuous"),
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
    if verdict == "incorrect" and context.get("activation") == "relu" and context.get("neurons"):
        assert "units are all active" in v.reason


@pytest.mark.parametrize("latex,verdict", [
    # the input written a^0: the first weights, biases and weighted inputs are layer 1
    pytest.param(r"z^1 = w^1 a^0 + b^1", "correct", id="zero-based-weighted-input"),
    pytest.param(r"a^0 = x", "correct", id="zero-based-input"),
    pytest.param(r"\frac{\partial C}{\partial w^1} = \delta^1 (a^0)^T", "correct", id="zero-based-weight-gradient"),
    pytest.param(r"\delta^1 = ((w^2)^T \delta^2) \odot \sigma'(z^1)", "correct", id="zero-based-backward-step"),
    pytest.param(r"\frac{\partial C}{\partial b^1_j} = \delta^1_j", "correct", id="zero-based-bias-component"),
    # counterexamples under the only plausible reading
    pytest.param(r"\frac{\partial C}{\partial b^1_k} = 3\delta^1_k", "incorrect", id="zero-based-wrong-factor"),
    pytest.param(r"\frac{\partial C}{\partial b^1_j} = \delta^2_j", "incorrect", id="zero-based-wrong-layer"),
    # still a layer no numbering has: unchecked
    pytest.param(r"\frac{\partial C}{\partial b^0_j} = \delta^0_j", "unchecked", id="layer-zero-bias-unchecked"),
])
def test_layers_numbered_from_zero_are_read_one_up(latex, verdict):
    v = notation.check_reading(notation.read(latex), notation.Context())
    assert v.verdict == verdict, v.reason
    if verdict == "correct":
        assert "numbered from the input" in v.reason


@pytest.mark.parametrize("latex,verdict", [
    # m as a sum's upper limit counts the neurons of a layer, not the examples of a mini-batch
    pytest.param(r"z^l_j = \sum_{k=1}^{m} w^l_{jk} a^{l-1}_k + b^l_j", "correct", id="limit-m-components"),
    pytest.param(r"z^l_j = \sum_{k=1}^{m} w^l_{kj} a^{l-1}_k + b^l_j", "incorrect", id="limit-m-swapped-weight"),
])
def test_a_sum_limit_m_is_not_the_batch(latex, verdict):
    v = notation.check_reading(notation.read(latex), notation.Context())
    assert v.verdict == verdict, v.reason


def test_output_size_the_text_states():
    """Context.output_size: networks with that many outputs; a worked example of 3 outputs holds on them only."""
    from symcheck.notation.api import Context, check_reading, read

    three = read(r"\frac{\partial C}{\partial z^L_1} = -y_1 (1 - a^L_1) + y_2 a^L_1 + y_3 a^L_1")
    ctx = Context(cost="log-likelihood", output="softmax")
    assert check_reading(three, ctx).verdict == "incorrect"
    assert check_reading(three, Context(cost="log-likelihood", output="softmax", output_size=3)).verdict == "correct"
    two = read(r"\frac{\partial C}{\partial z^L_1} = -y_1 (1 - a^L_1) + y_2 a^L_1")
    assert check_reading(two, Context(cost="log-likelihood", output="softmax", output_size=3)).verdict == "incorrect"
