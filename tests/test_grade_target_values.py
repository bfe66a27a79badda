"""A value a one-hot target cannot take (symcheck/grade/target_values.py)."""

import pytest

from symcheck.grade.grader import grade_text
from symcheck.grade.state import Options

SLACK = Options(step_seconds=30.0)
ONE_HOT = ("## Problem 7\n\nFor clarity, let's call $y$ the expected output vector, made only of $0$s and $1$s, and "
           "$\\tilde{y}$ the integer such that $%s$ (the correct digit).\n")
PRML = "The targets $t$ are one-hot vectors. The network's output is $y$.\n\n$$\n%s\n$$\n"


@pytest.mark.parametrize("text, verdict", [
    pytest.param(ONE_HOT % r"y_\tilde{y} = -1", "incorrect", id="minus-one"),
    pytest.param(ONE_HOT % r"y_j = 2", "incorrect", id="two"),
    pytest.param(ONE_HOT % r"y_\tilde{y} = 1", "not incorrect", id="the-hot-component"),
    pytest.param(ONE_HOT.replace("made only of", "not made only of") % r"y_j = 2", "not incorrect", id="denied"),
    pytest.param(ONE_HOT.replace("made only of $0$s and $1$s", "a distribution") % r"y_j = 0.5", "not incorrect",
                 id="y-a-distribution"),
    pytest.param(PRML % "y_k = 2", "not incorrect", id="prml-targets-are-t"),
    pytest.param(ONE_HOT.replace("let's call", "suppose instead we call") % r"y_j = 2", "not incorrect",
                 id="words-that-change-the-setting"),
])
def test_a_value_of_a_one_hot_target(text, verdict):
    v = grade_text(text, kind="md", options=SLACK).steps[-1].verdict
    if verdict == "incorrect":
        assert v.verdict == "incorrect" and v.counterexample, v.reason
        assert "one-hot" in v.reason
    else:
        assert v.verdict != "incorrect", v.reason
