"""symcheck.grade.partial_reading: plain algebra with a derivative of an expression in other unknowns is
accused only when the write-up's definitions take those unknowns beside the variable as separate inputs
(z = wx + b: ∂/∂w holds x and b fixed) and the step fails there and with them depending on the variable."""

import pytest

from symcheck.grade import grade_text

NEURON = ("A neuron: $z = wx + b$, then $a = g(z)$.\n\n$$\n\\begin{aligned}\nFIRST &= SECOND \\\\\n"
          "&= THIRD\n\\end{aligned}\n$$\n")


def _rows(first: str, second: str, third: str) -> list:
    text = NEURON.replace("FIRST", first).replace("SECOND", second).replace("THIRD", third)
    return [s.verdict for s in grade_text(text).steps if s.line >= 5]


@pytest.mark.parametrize("first, second, third, expected", [
    pytest.param(r"\frac{\partial z}{\partial w}", r"\frac{\partial}{\partial w}(wx + b)", "x",
                 ("correct", "correct"), id="as-written"),
    pytest.param(r"\frac{\partial z}{\partial w}", r"-\left(\frac{\partial}{\partial w}(wx + b)\right)", "x",
                 ("incorrect", None), id="first-row-negated"),
    pytest.param(r"\frac{\partial z}{\partial w}", r"\frac{\partial}{\partial w}(wx + b)", "-x",
                 ("correct", "incorrect"), id="last-row-negated"),
    pytest.param(r"\frac{\partial z}{\partial b}", r"\frac{\partial}{\partial b}(wx + b)", "1",
                 ("correct", "correct"), id="by-the-bias"),
    pytest.param(r"\frac{\partial z}{\partial b}", r"\frac{\partial}{\partial b}(wx + b)", "x",
                 ("correct", "incorrect"), id="by-the-bias-wrong"),
])
def test_the_partial_reading_the_definitions_give(first, second, third, expected):
    got = _rows(first, second, third)
    assert got[0].verdict == expected[0], got[0].reason
    if expected[1] is not None:
        assert got[1].verdict == expected[1], got[1].reason


@pytest.mark.parametrize("text", [
    # c is defined nowhere: how it depends on q is not given
    pytest.param("$$\n\\frac{\\partial}{\\partial q}(c q) = -c\n$$\n", id="an-open-name"),
    # u is a normaliser defined in words (u = e^{a_0} + e^{a_1}): it depends on a_0, so a random reading of it
    # or holding it fixed says nothing; the row (right for that u) must not be accused, nor its sign flip here
    pytest.param("With u the sum of the exponentials,\n\n$$\n\\frac{\\partial}{\\partial a_0} \\frac{e^{a_0}}{u} = "
                 "\\frac{e^{a_0} u - e^{a_0} e^{a_0}}{u^2}\n$$\n", id="a-normaliser-in-words-right"),
    pytest.param("With u the sum of the exponentials,\n\n$$\n\\frac{\\partial}{\\partial a_0} \\frac{e^{a_0}}{u} = "
                 "\\frac{e^{a_0} u + e^{a_0} e^{a_0}}{u^2}\n$$\n", id="a-normaliser-in-words-sign"),
])
def test_an_unknown_no_definition_takes_beside_the_variable_is_not_accused(text):
    assert all(s.verdict.verdict != "incorrect" for s in grade_text(text).steps)
