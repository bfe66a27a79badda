r"""Definitions of the standard quantities, checked (issue 13.2, rule 1): a definition that agrees
with the book's meaning is correct, naming the definition it matches; one that differs is
unchecked ("a write-up may define its own"), never incorrect on its own (δ = −∂C/∂z is a real
sign convention); an unreadable one is recorded as before."""

import pytest

from symcheck.grade.grader import grade_text
from symcheck.grade.state import Options

SLACK = Options(step_seconds=30.0)  # the verdict is tested, not the time


def _step(text: str, line: int):
    steps = [s for s in grade_text(text, kind="md", options=SLACK).steps if s.line == line]
    assert steps, f"no step on line {line}"
    return steps[0].verdict


CASES = [
    pytest.param("We write the error of neuron $j$ in layer $l$ as\n\n$$\n\\delta^l_j = \\frac{\\partial C}{\\partial z^l_j}\n$$\n",
                 4, "correct", "the error δ^l_j", id="error-component"),
    pytest.param("The error of layer $l$ is\n\n$$\n\\delta^l = \\frac{\\partial C}{\\partial z^l}\n$$\n",
                 4, "correct", "the error", id="error-vector"),
    pytest.param("Some texts define the error with the other sign,\n\n$$\n\\delta^l_j = -\\frac{\\partial C}{\\partial z^l_j}\n$$\n",
                 4, "unchecked", "differs from the standard definition of the error", id="error-other-sign-not-accused"),
    pytest.param("The weighted input of a layer:\n\n$$\nz^l_j = \\sum_k w^l_{jk} a^{l-1}_k + b^l_j\n$$\n",
                 4, "correct", "the weighted input", id="weighted-input-components"),
    pytest.param("Forward pass, one layer at a time:\n\n$$\na^l = \\sigma(z^l)\n$$\n",
                 4, "correct", "the activation a^l = σ(z^l)", id="activation"),
    pytest.param("For one input we use\n\n$$\nC = \\frac{1}{2}\\sum_j (y_j - a^L_j)^2\n$$\n",
                 4, "correct", "the quadratic cost", id="quadratic-cost"),
    pytest.param("For one input we use\n\n$$\nC = \\sum_j (y_j - a^L_j)^2\n$$\n",
                 4, "unchecked", "differs from the standard definition of the cost", id="cost-without-half"),
    pytest.param("We use the cross-entropy cost,\n\n$$\nC = -\\sum_j \\left[y_j \\ln a^L_j + (1-y_j)\\ln(1-a^L_j)\\right]\n$$\n",
                 4, "correct", "the cross-entropy cost", id="cross-entropy-cost"),
    pytest.param("The output layer is a softmax layer:\n\n$$\na^L_j = \\frac{e^{z^L_j}}{\\sum_k e^{z^L_k}}\n$$\n",
                 4, "correct", "softmax", id="softmax-output"),
    pytest.param("For one example,\n\n$$\nC = -\\ln a^L_y\n$$\n", 4, "correct", "the log-likelihood cost",
                 id="log-likelihood-cost"),
    pytest.param("For one example,\n\n$$\nC = \\ln a^L_y\n$$\n", 4, "unchecked", "differs", id="log-likelihood-sign"),
    pytest.param("For one example,\n\n$$\nC(a, y) = \\frac{1}{2} \\sum_j (a^L_j - y_j)^2\n$$\n", 4, "correct",
                 "the quadratic cost", id="cost-as-a-function"),
    pytest.param("In our notes the input to a layer is\n\n$$\nz^l_j = \\sum_k w^l_{kj} a^{l-1}_k + b^l_j\n$$\n",
                 4, "unchecked", "weights indexed the other way", id="weights-other-way-no-convention"),
]


@pytest.mark.parametrize("text, line, verdict, words", CASES)
def test_standard_definitions(text, line, verdict, words):
    v = _step(text, line)
    assert v.verdict == verdict, v.reason
    assert words in v.reason


def test_a_definition_that_differs_is_still_recorded_for_later_steps():
    text = ("Here the error carries the other sign:\n\n$$\n\\delta^l_j = -\\frac{\\partial C}{\\partial z^l_j}\n$$\n\n"
            "and we repeat it later.\n\n$$\n\\delta^l_j = -\\frac{\\partial C}{\\partial z^l_j}\n$$\n")
    later = _step(text, 10)
    assert later.verdict == "correct" and "line 4" in later.reason, later.reason
