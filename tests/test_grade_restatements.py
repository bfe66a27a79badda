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
# a derivation in plain sections: a_0 := x in one, stated again (:=) in a numbered step of a later one
SECTIONS = ("# Notes\n\n## Feed Forward\n\nThe network computes\n\n$$a_0 := x$$\n\n$$z_1 := A_1 a_0 + b_1$$\n\n"
            "## Backwards Recursion\n\nWe go backwards.\n\n## Algorithm\n\n1. Compute the feed forward:\n"
            "  * Initialize: $a_0 := %s$\n")
STEP = "The step is $\\Delta u = -\\mu \\nabla L$ with $\\mu > 0$.\nTherefore, $\\Delta u = %s$ is the best choice."

CASES = [
    pytest.param(ERROR % r"\delta^1 = -\frac{\partial C}{\partial z^1}", "incorrect", id="error-sign-restated"),
    pytest.param(ERROR % r"\delta^1 = \frac{\partial C}{\partial z^1}", "correct", id="error-restated-as-it-was"),
    pytest.param(FORWARD % r"a^1 = g(z^2)", "incorrect", id="activation-of-the-wrong-layer"),
    pytest.param(FORWARD % r"a^1 = g(z^1)", "correct", id="activation-restated"),
    pytest.param(OWN.replace("@", "") % r"\frac{2}{1 + e^{-(vx + c)}}", "incorrect", id="own-function-factor-changed"),
    pytest.param(OWN.replace("@", "") % r"\frac{1}{1 + e^{-vx - c}}", "correct", id="own-function-rewritten"),
    pytest.param(STEP % r"\mu \nabla L", "incorrect", id="step-sign-restated"),
    # the error of one layer defined as ∂C/∂z of that layer: the family δ^k = ∂C/∂z^k (it was not accused before:
    # the first definition of δ^1 is read as a member of the family the file defined with δ^2)
    pytest.param(ERROR.replace("\\delta^1 = ", "\\delta^2 = ").replace("z^1", "z^2") %
                 r"\delta^1 = -\frac{\partial C}{\partial z^1}", "incorrect", id="error-family-sign-at-another-layer"),
    pytest.param(ERROR.replace("\\delta^1 = ", "\\delta^2 = ").replace("z^1", "z^2") %
                 r"\delta^1 = \frac{\partial C}{\partial z^1}", "correct", id="error-family-at-another-layer"),
    pytest.param(ERROR.replace("\\delta^1 = ", "\\delta^2 = ").replace("z^1", "z^2") %
                 r"\delta^l = -\frac{\partial C}{\partial z^l}", "incorrect", id="error-family-sign-general-layer"),
    # plain headings inside one derivation do not end the scope of its definitions (symcheck/grade/scopes.py)
    pytest.param(SECTIONS % "-x", "incorrect", id="input-restated-in-a-later-plain-section"),
    pytest.param(SECTIONS % "x", "correct", id="input-restated-as-it-was"),
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
    # a heading that starts a problem of its own ends the scope, plain or not after it
    pytest.param(SECTIONS.replace("## Backwards Recursion", "## Exercise 2") % "-x", id="exercise-heading-new-scope"),
    pytest.param(SECTIONS.replace("## Algorithm", "## Sec. 3 Algorithm") % "-x", id="numbered-section-new-scope"),
    # words that redefine: "we define", "if"
    pytest.param(SECTIONS.replace("Initialize:", "Instead we define") % "-x", id="define-in-words"),
    pytest.param(ERROR.replace("\\delta^1 = ", "\\delta^2 = ").replace("z^1", "z^2").replace(
        "and we get the equations:", "If we flip the sign,") % r"\delta^1 = -\frac{\partial C}{\partial z^1}",
        id="error-family-under-if"),
    # the error of a layer defined otherwise than as ∂C/∂z of its own layer starts no family
    pytest.param(ERROR.replace("\\delta^1 = ", "\\delta^2 = ") % r"\delta^1 = -\frac{\partial C}{\partial z^1}",
                 id="error-defined-by-another-layer"),
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
    pytest.param("Initialize:", False, id="the-token-colon-equals"),
])
def test_new_scope_words(intro, expected):
    from types import SimpleNamespace

    from symcheck.grade.restatements import new_scope_words

    sr = SimpleNamespace(step=SimpleNamespace(intro=intro, context="initialize: define" if ":" in intro else ""))
    assert new_scope_words(sr) is expected


@pytest.mark.parametrize("before, after, differs", [
    pytest.param("x", "-x", True, id="the-input-negated"),
    pytest.param("g^l(z^l)", r"-\left(g^l(z^l)\right)", True, id="an-activation-negated"),
    pytest.param("w x + b", "-(w x + b)", True, id="a-sum-negated"),
    pytest.param("x", "2 x", True, id="a-factor"),
    pytest.param("x", "x", False, id="the-same"),
    pytest.param("x", "y", False, id="another-name"),
    pytest.param(r"\frac{\partial C}{\partial w}", r"-\frac{\partial C}{\partial w}", False, id="a-derivative-may-vanish"),
])
def test_scaled_difference(before, after, differs):
    from symcheck.grade.restatements import scaled_difference
    from symcheck.notation.api import read

    found = scaled_difference(read("q = " + before).parts[1], read("q = " + after).parts[1])
    assert (found is not None) is differs, found
    if differs:
        assert found[0].holds is False and found[0].lhs_value != found[0].rhs_value
