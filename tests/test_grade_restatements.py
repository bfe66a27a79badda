r"""A symbol defined in a problem and stated again there is a claim about that definition
(symcheck/grade/restatements.py, with own_definitions.py and restated.py)."""

import pytest

from symcheck.grade.grader import grade_text
from symcheck.grade.state import Options

SLACK = Options(step_seconds=30.0)


def _last(text: str):
    steps = grade_text(text, kind="md", options=SLACK).steps
    assert steps, "no step"
    return steps[-1].verdict


# the error of one layer, defined and then restated in the same section
ERROR = ("## Two layers\n\nEach layer still consists of a single neuron. We call\n\n$$\n\\delta^1 = "
         "\\frac{\\partial C}{\\partial z^1}\n$$\n\nand we get the equations:\n\n$$\n%s\n$$\n")
# one neuron a layer, its forward pass written out, then written again
FORWARD = ("## Two layers\n\nEach layer still consists of a single neuron. The output of the network for an input $x$:\n\n"
           "$$\n\\begin{aligned}\nz^1 &= w^1 x + b^1 \\\\\na^1 &= g(z^1) \\\\\nz^2 &= w^2 a^1 + b^2\n"
           "\\end{aligned}\n$$\n\nWritten once more:\n\n$$\n%s\n$$\n")
# a function of the write-up's own, defined and restated
OWN = "The output is\n\n$$\nh(x) = \\frac{1}{1 + e^{-(vx + c)}}\n$$\n\n@so\n\n$$\nh(x) = %s\n$$\n"
STEP = "The step is $\\Delta u = -\\mu \\nabla L$ with $\\mu > 0$.\nTherefore, $\\Delta u = %s$ is the best choice."

CASES = [
    pytest.param(ERROR % r"\delta^1 = -\frac{\partial C}{\partial z^1}", "incorrect", id="error-sign-restated"),
    pytest.param(ERROR % r"\delta^1 = \frac{\partial C}{\partial z^1}", "correct", id="error-restated-as-it-was"),
    pytest.param(FORWARD % r"a^1 = g(z^2)", "incorrect", id="activation-of-the-wrong-layer"),
    pytest.param(FORWARD % r"a^1 = g(z^1)", "correct", id="activation-restated"),
    pytest.param(OWN.replace("@", "") % r"\frac{2}{1 + e^{-(vx + c)}}", "incorrect", id="own-function-factor-changed"),
    pytest.param(OWN.replace("@", "") % r"\frac{1}{1 + e^{-vx - c}}", "correct", id="own-function-rewritten"),
    pytest.param(STEP % r"\mu \nabla L", "incorrect", id="step-sign-restated"),
]


@pytest.mark.parametrize("text, verdict", CASES)
def test_a_restatement_in_the_same_problem(text, verdict):
    v = _last(text)
    if verdict == "incorrect":
        assert v.verdict == "incorrect", v.reason
        assert "definition" in v.reason and v.counterexample, v.reason
    else:
        assert v.verdict != "incorrect", v.reason


NOT_ACCUSED = [
    # a new section may define its symbols anew: the quadratic cost, then the cross-entropy
    pytest.param("## Quadratic cost\n\n$$\nC = \\frac{1}{2}(y - a)^2\n$$\n\n## Another cost\n\n"
                 "$$\nC = -(y \\ln a + (1 - y) \\ln (1 - a))\n$$\n", id="new-section-new-cost"),
    pytest.param("## Costs\n\n$$\nC = \\frac{1}{2}(y - a)^2\n$$\n\nFor the cross-entropy cost instead,\n\n"
                 "$$\nC = -(y \\ln a + (1 - y) \\ln (1 - a))\n$$\n", id="words-name-another-cost"),
    pytest.param(OWN.replace("@", "If $vx + c = 0$, then, ") % r"\frac{1}{2}", id="a-case-the-words-state"),
    pytest.param(OWN.replace("@", "Let the bias be zero, ") % r"\frac{1}{1 + e^{-vx}}", id="let-redefines"),
    pytest.param("The first neuron has $b = -6$, and the second\n\n$$\nb = 2\n$$\n", id="a-value-given-again"),
    pytest.param(ERROR.replace("\\delta^1 = ", "\\delta^2 = ").replace("z^1", "z^2") %
                 r"\delta^1 = -\frac{\partial C}{\partial z^1}", id="first-definition-of-another-layer"),
]


@pytest.mark.parametrize("text", NOT_ACCUSED)
def test_not_a_restatement_or_not_decided(text):
    v = _last(text)
    assert v.verdict != "incorrect", v.reason


@pytest.mark.parametrize("intro, expected", [
    pytest.param("so we get the equations:", False, id="plain"),
    pytest.param("Now suppose the activation is linear:", True, id="suppose"),
    pytest.param("For $c \\to \\infty$ we have", True, id="a-limit"),
    pytest.param("we can call $x =: a^0$ in which case the equations are more symmetric:", False,
                 id="in-which-case-names-nothing"),
    pytest.param("Let's number the neurons.\n\nThe layer computes", False, id="an-earlier-paragraph"),
])
def test_new_scope_words(intro, expected):
    from types import SimpleNamespace

    from symcheck.grade.restatements import new_scope_words

    sr = SimpleNamespace(step=SimpleNamespace(intro=intro, context=""))
    assert new_scope_words(sr) is expected
