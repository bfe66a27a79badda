r"""Update rules checked as gradient descent (issue 13.2, rule 4)."""

import pytest

from symcheck.grade.grader import grade_text
from symcheck.grade.state import Options
from symcheck.grade.updates import split_update

SLACK = Options(step_seconds=30.0)

SPLITS = [
    pytest.param(r"W_{jk} \gets W_{jk} - \eta \delta_j a_k", ("W_{jk}", r"W_{jk} - \eta \delta_j a_k"), id="gets"),
    pytest.param(r"b \leftarrow b - \eta \delta", ("b", r"b - \eta \delta"), id="leftarrow"),
    pytest.param(r"w \rightarrow w' = w - \eta g", ("w", r"w - \eta g"), id="rightarrow-with-new-name"),
    pytest.param(r"f(x \to 0) = 1", None, id="arrow-inside-a-group"),
    pytest.param(r"a = b", None, id="no-arrow"),
]


@pytest.mark.parametrize("text, pair", SPLITS)
def test_split_update(text, pair):
    assert split_update(text) == pair


RULES = [
    pytest.param(r"w^l_{jk} \gets w^l_{jk} - \eta\, \delta^l_j a^{l-1}_k", "correct", id="weight-gets"),
    pytest.param(r"b^l_j \leftarrow b^l_j - \eta\, \delta^l_j", "correct", id="bias-leftarrow"),
    pytest.param(r"w^l \rightarrow w'^l = w^l - \eta \frac{\partial C}{\partial w^l}", "correct", id="rightarrow"),
    pytest.param(r"W^l = W^l - \eta\, \delta^l (a^{l-1})^T", "correct", id="assignment-with-equals"),
    pytest.param(r"w^l_{jk} \gets w^l_{jk} + \eta\, \delta^l_j a^{l-1}_k", "unchecked", id="ascent-not-accused"),
    pytest.param(r"w^l_{jk} \gets w^l_{jk} - \eta\, \delta^l_k a^{l-1}_j", "unchecked", id="indices-swapped"),
    pytest.param(r"W^l = W^l + \eta \frac{\partial C}{\partial W^l}", "incorrect", id="gradient-ascent-on-the-cost"),
    pytest.param(r"b^l_k \gets b^l_j - \eta\, \delta^l_j", "incorrect", id="another-parameter's-index"),
    pytest.param(r"w^l_{jk} \gets w^l_{jk} - \eta\, \delta^l_j a^{l-2}_k", "incorrect",
                 id="k-runs-over-two-layers-of-different-sizes"),
    pytest.param(r"w^{l}_{kj} \gets w^{l}_{jk} - \eta\, \delta^{l}_j a^{l-1}_k", "incorrect",
                 id="parameter-and-new-value-index-the-weights-both-ways"),
]


@pytest.mark.parametrize("latex, verdict", RULES)
def test_update_rules(latex, verdict):
    steps = grade_text(f"At each step of training,\n\n$$\n{latex}\n$$\n", kind="md", options=SLACK).steps
    assert len(steps) == 1
    assert steps[0].verdict.verdict == verdict, steps[0].verdict.reason
    if verdict == "correct":
        assert "gradient-descent update" in steps[0].verdict.reason


REGULARISED = ("The regularised cost is\n\n$$\nC = C_0 + \\frac{\\lambda}{2n}\\sum_w w^2\n$$\n\nso the step is\n\n"
               "$$\n%s\n$$\n")
PLAIN = [
    pytest.param(REGULARISED % r"w \rightarrow w' = \left(1 - \frac{\eta \lambda}{n}\right) w - \eta "
                 r"\frac{\partial C_0}{\partial w}", "correct", id="l2-weight-decay"),
    pytest.param(REGULARISED % r"w \rightarrow w' = \left(1 + \frac{\eta \lambda}{n}\right) w - \eta "
                 r"\frac{\partial C_0}{\partial w}", "unchecked", id="l2-decay-with-wrong-sign"),
    pytest.param(REGULARISED % r"w \rightarrow w - \eta \frac{\partial C_0}{\partial w}", "unchecked",
                 id="l2-decay-forgotten"),
    pytest.param(REGULARISED % r"b \rightarrow b - \eta \frac{\partial C_0}{\partial b}", "correct",
                 id="bias-not-regularised"),
    pytest.param("Gradient descent:\n\n$$\nw_k \\rightarrow w_k' = w_k - \\eta \\frac{\\partial C}{\\partial w_k}\n$$\n",
                 "correct", id="plain-component"),
    # the book's position v of chapter 1 (one variable: dC/dv)
    pytest.param("In one variable, $v \\rightarrow v' = v - \\eta \\frac{dC}{dv}$.", "correct", id="position-v"),
    pytest.param("In one variable, $v \\rightarrow v' = v + \\eta \\frac{dC}{dv}$.", "incorrect",
                 id="position-v-ascent"),
    pytest.param("In one variable, $v \\rightarrow v' = v - \\eta \\frac{dC}{du}$.", "unchecked",
                 id="position-v-another-variable"),
]


@pytest.mark.parametrize("text, verdict", PLAIN)
def test_plain_and_regularised_updates(text, verdict):
    steps = [s for s in grade_text(text, kind="md", options=SLACK).steps if "rightarrow" in s.latex]
    assert len(steps) == 1
    assert steps[0].verdict.verdict == verdict, steps[0].verdict.reason


# a file that defined δ = ∂C/∂z (the book's sign) has fixed what δ means: adding η δ is gradient ascent
DELTA_DEFINED = ("Define the error $\\delta^l_j = \\frac{\\partial C}{\\partial z^l_j}$. At each step of training,"
                 "\n\n$$\n%s\n$$\n")
DELTA = [
    pytest.param(DELTA_DEFINED % r"b^l_j \leftarrow b^l_j + \eta\, \delta^l_j", "incorrect", id="ascent-with-delta"),
    pytest.param(DELTA_DEFINED % r"w^l_{jk} \gets w^l_{jk} + \eta\, \delta^l_j a^{l-1}_k", "incorrect",
                 id="ascent-with-delta-weight"),
    pytest.param(DELTA_DEFINED % r"b^l_j \leftarrow b^l_j - \eta\, \delta^l_j", "correct", id="descent-with-delta"),
    pytest.param(DELTA_DEFINED.replace("\\frac{\\partial C}", "-\\frac{\\partial C}") %
                 r"b^l_j \leftarrow b^l_j + \eta\, \delta^l_j", "unchecked", id="delta-defined-with-minus"),
]


@pytest.mark.parametrize("text, verdict", DELTA)
def test_ascent_with_a_delta_the_file_defined(text, verdict):
    steps = grade_text(text, kind="md", options=SLACK).steps
    assert steps[-1].verdict.verdict == verdict, steps[-1].verdict.reason
    if verdict == "incorrect":
        assert "gradient ascent" in steps[-1].verdict.reason and "line 1" in steps[-1].verdict.reason
