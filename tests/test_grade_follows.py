"""A row that continues a derivation in unknowns (symcheck.grade.follows): incorrect when it fails at a point
where every equation the problem established (the latest pinning an unknown as a single root) and every
recorded condition hold; never when the root is not unique or the words make the row a hypothesis."""

import pytest

from symcheck.grade import grade_text

DERIVATION = ("We solve:\n\n$$-\\frac{\\beta}{u} + \\frac{1-\\beta}{1-u} = 0$$\n\n"
              "$$\\Rightarrow \\frac{1-\\beta}{1-u} = \\frac{\\beta}{u}$$\n\n@\n")


def _last(text: str):
    return grade_text(text).steps[-1].verdict


@pytest.mark.parametrize("row, verdict", [
    pytest.param("$$\\beta - u\\beta = u - u\\beta$$", "correct", id="rearranged"),
    pytest.param("$$\\beta - u\\beta = u + u\\beta$$", "incorrect", id="a-sign-flipped-in-a-row"),
    pytest.param("The extremum is at $u = -\\beta$", "incorrect", id="a-wrong-conclusion-in-words"),
    pytest.param("Thus it is minimised at $u = \\beta$", "correct", id="the-conclusion"),
    pytest.param("If instead $u = 2\\beta$, the value changes.", "unchecked", id="a-case-is-not-accused"),
    pytest.param("Therefore, the function was minimized when $u = -\\beta$.", "incorrect",
                 id="minimized-when-states-where-the-minimum-lies"),
    pytest.param("Therefore, the function was minimized when $u = \\beta$.", "correct", id="minimized-when-right"),
    pytest.param("The maximum is attained at $u = 1 - \\beta$.", "incorrect", id="the-maximum-is-attained-at"),
    pytest.param("The value is small when $u = 2\\beta$.", "unchecked", id="when-without-an-extremum-is-a-case"),
    pytest.param("Suppose $\\beta = \\frac{1}{2}$. Then the extremum is at $u = 2\\beta$", "unchecked",
                 id="an-equation-supposed-in-the-prose"),
])
def test_a_row_of_the_derivation(row, verdict):
    v = _last(DERIVATION.replace("@", row))
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert v.counterexample["at"] and "does not follow from line" in v.reason


def test_a_root_that_is_not_unique_leaves_the_row_unchecked():
    text = "$$x^2 - 4 = 0$$\n\n$$\\Rightarrow (x-2)(x+2) = 0$$\n\nOne solution is $x = -2$\n"
    assert _last(text).verdict != "incorrect"


@pytest.mark.parametrize("claim, verdict", [
    pytest.param("\\geq 0", "correct", id="holds-on-the-domains"),
    pytest.param("< 0", "incorrect", id="fails-where-everything-established-holds"),
])
def test_an_inequality_after_the_derivation(claim, verdict):
    text = (DERIVATION.replace("@", "$$\\Rightarrow u = \\beta$$") +
            "\n$$D(u) = \\frac{\\beta}{u^2} + \\frac{1-\\beta}{(1-u)^2}$$\n\nWe take $\\beta \\in (0, 1)$ and "
            "$u \\in (0, 1)$. Since $D(u) " + claim + "$ it is a minimum.\n")
    got = [s.verdict for s in grade_text(text).steps if s.latex.startswith("D(u) ") and "frac" not in s.latex]
    assert [v.verdict for v in got] == [verdict], [(v.verdict, v.reason) for v in got]
