"""Limits of network quantities graded on drawn inputs under the condition the prose states
(symcheck.notation.limits_check). The write-ups below are written for these tests."""

import pytest

from symcheck.grade.grader import grade_text
from symcheck.notation.limits_check import read_condition

SOFTMAX = "Consider a softmax with a temperature, $a^L_j = \\frac{e^{c z^L_j}}{\\sum_k e^{c z^L_k}}$ with $c > 0$.\n\n"


def _verdict(text: str, needle: str = "\\lim"):
    report = grade_text(text)
    steps = [s for s in report.steps if needle in s.latex]
    assert len(steps) == 1, [s.latex for s in report.steps]
    return steps[0].verdict


@pytest.mark.parametrize("text", [
    pytest.param("When $z_k^L > z_j^L$ we find\n\n$$\\lim_{c \\to +\\infty} e^{c(z_k^L - z_j^L)} = +\\infty$$\n",
                 id="grows-when-k-larger"),
    pytest.param("Pick $k$ with $z_k^L - z_j^L < 0$; then\n\n$$\\lim_{c\\to\\infty} e^{c (z_k^L - z_j^L)} = 0$$\n",
                 id="vanishes-when-difference-negative"),
    pytest.param("If $z_j^L$ is the unique maximum, then\n\n"
                 "$$\\lim_{c \\to \\infty} \\sum_{k \\neq j} e^{c(z_k^L - z_j^L)} = 0$$\n", id="sum-unique-max"),
    pytest.param("Suppose $z_j^L$ is one of the $n$ largest inputs. Then\n\n"
                 "$$\\lim_{c\\to\\infty}\\sum_{k\\ne j} e^{c(z_k^L-z_j^L)} = n - 1$$\n", id="sum-n-ties"),
    pytest.param(SOFTMAX + "If $z_j^L$ is the unique maximum, then\n\n$$\\lim_{c \\to \\infty} a_j^L = 1$$\n",
                 id="softmax-unique-max"),
    pytest.param(SOFTMAX + "If $z_j^L$ is not the maximum, then\n\n$$\\lim_{c \\to \\infty} a_j^L = 0$$\n",
                 id="softmax-not-max"),
    pytest.param(SOFTMAX + "If $z_j^L$ is one of the $n$ maximal inputs,\n\n"
                 "$$\\lim_{c \\to \\infty} a_j^L = \\frac{1}{n}$$\n", id="softmax-ties"),
])
def test_correct_under_the_stated_condition(text):
    v = _verdict(text)
    assert v.verdict == "correct", v.reason


@pytest.mark.parametrize("text", [
    pytest.param("When $z_k^L > z_j^L$ we find\n\n$$\\lim_{c \\to +\\infty} e^{c(z_k^L - z_j^L)} = 0$$\n",
                 id="vanishes-claimed-but-grows"),
    pytest.param(SOFTMAX + "If $z_j^L$ is the unique maximum, then\n\n$$\\lim_{c \\to \\infty} a_j^L = 0$$\n",
                 id="softmax-max-claimed-zero"),
    pytest.param("Suppose $z_j^L$ is one of the $n$ largest inputs. Then\n\n"
                 "$$\\lim_{c\\to\\infty}\\sum_{k\\ne j} e^{c(z_k^L-z_j^L)} = n$$\n", id="sum-off-by-one"),
])
def test_incorrect_with_a_draw_that_meets_the_condition(text):
    v = _verdict(text)
    assert v.verdict == "incorrect", v.reason
    assert any(key.startswith("z^L_") for key in v.counterexample)


@pytest.mark.parametrize("text, cause", [
    pytest.param("Then\n\n$$\\lim_{c\\to\\infty} e^{c(z_k^L - z_j^L)} = 0$$\n", "ambiguous", id="no-condition"),
    pytest.param("If $z_k^L$ is another maximal input,\n\n$$\\lim_{c\\to\\infty} e^{c(z_k^L - z_j^L)} = 1$$\n",
                 "ambiguous", id="condition-on-one-index-only"),
    pytest.param(SOFTMAX + "If $z_j^L$ is the largest input, then\n\n$$\\lim_{c \\to \\infty} a_j^L = 1$$\n",
                 "ambiguous", id="largest-may-be-tied"),
    pytest.param("If $z_j^L$ is the unique maximum, then\n\n$$\\lim_{c \\to \\infty} a_j^L = 1$$\n", "unparsed",
                 id="activation-without-definition"),
    pytest.param("When $z_k^L > z_j^L$,\n\n$$\\lim_{c \\to \\infty} e^{c(b_k^L - b_j^L)} = 0$$\n", "unsupported",
                 id="a-bias-is-not-modelled"),
])
def test_unchecked_without_a_readable_condition_or_definition(text, cause):
    v = _verdict(text)
    assert v.verdict == "unchecked" and str(v.cause) == cause, v.reason


@pytest.mark.parametrize("prose, phrases, relations", [
    pytest.param("If $z_j^L$ is not the maximum", (("not_max", "j"),), (), id="not-max"),
    pytest.param("where $z^L_m$ is the unique largest", (("unique", "m"),), (), id="unique"),
    pytest.param("for $k$ such that $z_k^L$ is not one of the maximal inputs", (("below", "k"),), (), id="below"),
    pytest.param("since $z_k^L - z_j^L = 0$", (), ("z_k^L - z_j^L = 0",), id="relation"),
    pytest.param("for every neuron $j$", (), (), id="quantifier-only"),
])
def test_read_condition(prose, phrases, relations):
    assert read_condition(prose) == (phrases, relations)
