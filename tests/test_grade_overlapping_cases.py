"""A definition by cases whose conditions overlap on an open set gives two values at once
(symcheck.grade.overlapping_cases): incorrect at an exact point; a shared boundary point, an
"otherwise" branch and exclusive cases are not accused."""

import pytest

from symcheck.grade import grade_text


def _verdict(latex: str):
    report = grade_text("A unit's output is\n\n$$\n" + latex + "\n$$\n")
    (step,) = [s for s in report.steps if s.line == 4 and s.latex == latex]
    return step.verdict


@pytest.mark.parametrize("latex, accused", [
    pytest.param(r"\mbox{output} = \left\{ \begin{array}{ll} 0 & \mbox{if } w\cdot x - b \leq 0 \\ "
                 r"1 & \mbox{if } w\cdot x + b > 0 \end{array} \right.", True, id="sign-slip-in-one-condition"),
    pytest.param(r"f(x) = \begin{cases} 1 & x > -1 \\ 0 & x < 1 \end{cases}", True, id="overlapping-intervals"),
    pytest.param(r"\mbox{output} = \left\{ \begin{array}{ll} 0 & \mbox{if } w\cdot x + b \leq 0 \\ "
                 r"1 & \mbox{if } w\cdot x + b > 0 \end{array} \right.", False, id="perceptron-exclusive"),
    pytest.param(r"f(x) = \begin{cases} 1 & x \geq 0 \\ 0 & x \leq 0 \end{cases}", False,
                 id="shared-boundary-point-only"),
    pytest.param(r"g(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}", False, id="otherwise-branch"),
    pytest.param(r"f(x) = \begin{cases} x & x > -1 \\ x & x < 1 \end{cases}", False, id="overlap-with-equal-values"),
])
def test_overlapping_cases(latex, accused):
    v = _verdict(latex)
    assert (v.verdict == "incorrect") == accused
    if accused:
        assert "the cases overlap" in v.reason and len(v.counterexample["values"]) == 2
