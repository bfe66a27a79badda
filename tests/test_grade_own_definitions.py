r"""Equations about a quantity the file has defined are claims (issue 13.2, rule 3)."""

import pytest

from symcheck.grade.grader import grade_text
from symcheck.grade.state import Options

SLACK = Options(step_seconds=30.0)

FEED = ("## Feed forward\n\nEach layer computes\n\n\\begin{align}\n"
        "z_l &:= g_{W_l, b_l}(a_{l-1}) \\\\\n"
        "a_l &:= \\sigma_l(z_l)\n\\end{align}\n\n## The algorithm\n\nRepeat for every layer:\n\n%s\n")
CASES = [
    pytest.param(FEED % "* $a_l := g_{W_l,b_l}(a_{l-1})$\n* $z_l := \\sigma_l(a_l)$", 14, "incorrect",
                 id="swapped-a"),
    pytest.param(FEED % "* $a_l := g_{W_l,b_l}(a_{l-1})$\n* $z_l := \\sigma_l(a_l)$", 15, "incorrect",
                 id="swapped-z"),
    pytest.param(FEED % "* $z_l := g_{W_l,b_l}(a_{l-1})$\n* $a_l := \\sigma_l(z_l)$", 15, "correct",
                 id="restated"),
    pytest.param(FEED % "Suppose instead that the last layer is linear: $a_l := g_{W_l,b_l}(a_{l-1})$", 14,
                 "unchecked", id="a-new-setting-is-not-accused"),
]


@pytest.mark.parametrize("text, line, verdict", CASES)
def test_against_the_files_own_definition(text, line, verdict):
    steps = [s for s in grade_text(text, kind="md", options=SLACK).steps if s.line == line]
    assert steps, "no step"
    assert steps[0].verdict.verdict == verdict, steps[0].verdict.reason
    if verdict == "incorrect":
        assert "own definition" in steps[0].verdict.reason and steps[0].verdict.counterexample


def test_the_output_layer_defined_apart_is_not_accused():
    text = "Every layer computes\n\n$$\na^l = \\sigma(z^l)\n$$\n\nand the last one is different:\n\n$$\na^L = z^L\n$$\n"
    steps = [s for s in grade_text(text, kind="md", options=SLACK).steps if s.line == 10]
    assert steps and steps[0].verdict.verdict != "incorrect", steps[0].verdict.reason


# δ defined as ∂C/∂z: its setting does not matter (no activation in it), and it holds at every layer
ERROR = ("We use linear layers and a relu activation $g$. Define the error\n\n$$\n\\delta^l = "
         "\\frac{\\partial C}{\\partial z^l}\n$$\n\nso that, later,\n\n$$\n%s\n$$\n")
ERRORS = [
    pytest.param(ERROR % r"\delta^l = -\frac{\partial C}{\partial z^l}", "incorrect", id="sign-restated"),
    pytest.param(ERROR % r"\delta^L = -\frac{\partial C}{\partial z^L}", "incorrect", id="sign-at-the-output-layer"),
    pytest.param(ERROR % r"\delta^l = \frac{\partial C}{\partial z^l}", "correct", id="restated-as-it-was"),
    pytest.param(ERROR % r"\delta^L = \frac{\partial C}{\partial z^L}", "correct", id="at-the-output-layer"),
    pytest.param(ERROR.replace("so that, later,", "suppose instead") % r"\delta^l = -\frac{\partial C}{\partial z^l}",
                 "unchecked", id="words-that-redefine"),
]


@pytest.mark.parametrize("text, verdict", ERRORS)
def test_the_error_restated(text, verdict):
    steps = grade_text(text, kind="md", options=SLACK).steps
    assert steps[-1].verdict.verdict == verdict, steps[-1].verdict.reason
    if verdict == "incorrect":
        assert "own definition" in steps[-1].verdict.reason


# δ^L_j defined by the file as ∂C/∂z^L_j: a later δ^L_j = … is a claim about that derivative, checked on networks,
# not a definition in the write-up's own terms (grade/own_definitions.defined_as_error, network's policy)
CLAIM = ("We use the cross-entropy cost throughout.\n\n## The output error\n\nThe error is\n\n$$\n\\delta_j^L = "
         "\\frac{\\partial C}{\\partial z_j^L}\n$$\n\nand we find\n\n$$\n%s\n$$\n")
UNDEFINED = "We use the cross-entropy cost throughout.\n\n## The output error\n\nWe find\n\n$$\n%s\n$$\n"
CLAIMS = [
    pytest.param(CLAIM % r"\delta_j^L = a_j^L + y_j", "incorrect", id="a-claim-about-the-defined-error"),
    pytest.param(CLAIM % r"\delta_j^L = a_j^L - y_j", "correct", id="the-claim-holds"),
    pytest.param(UNDEFINED % r"\delta_j^L = a_j^L + y_j", "unchecked", id="never-defined-may-be-its-own"),
    pytest.param(CLAIM.replace("\\partial z_j^L", "\\partial a_j^L") % r"\delta_j^L = a_j^L + y_j", "unchecked",
                 id="defined-otherwise-may-be-its-own"),
]


@pytest.mark.parametrize("text, verdict", CLAIMS)
def test_the_defined_error_claimed(text, verdict):
    steps = grade_text(text, kind="md", options=SLACK).steps
    assert steps[-1].verdict.verdict == verdict, steps[-1].verdict.reason
