"""A definition stated again, or applied to an argument, is a claim about what was defined
(symcheck.grade.restated): checked against the file's own definition, incorrect only with exact
values where they differ under the identification the text states."""

import pytest

from symcheck.grade import grade_text
from symcheck.grade.restated import key, linear_sums
from symcheck.notation import read


def _verdicts(text: str, line: int) -> list:
    return [s.verdict for s in grade_text(text).steps if s.line == line]


STEP = ("To descend fastest we move by\n\n$$\n\\Delta u = -\\frac{\\eta}{\\| \\nabla L \\|} \\nabla L\n$$\n\n"
        "@\n")


def _step(sentence: str) -> str:
    return STEP.replace("@", sentence)


# --- the defined quantity at a point, in one dimension --------------------------------------------
ONE_D_WRONG = [
    pytest.param(_step(r"With a single parameter the gradient is a number, $\nabla L (u) = L'(u)$, and in this "
                       r"one-dimensional case $\Delta u(u) = -\eta \frac{L'(u)}{L'(u)} = -\eta$."),
                 id="the-norm-of-a-number-taken-as-the-number"),
    pytest.param(_step(r"In one dimension, $\nabla L (u) = L'(u)$ and so $\Delta u(u) = -\eta$."),
                 id="the-sign-dropped"),
]

ONE_D_RIGHT = [
    pytest.param(_step(r"In one dimension, $\nabla L (u) = L'(u)$ and so $\Delta u(u) = -\eta \frac{L'(u)}{|L'(u)|}$."),
                 id="the-absolute-value-kept"),
]

ONE_D_OPEN = [
    # no identification with a number is stated: the gradient may be a vector
    pytest.param(_step(r"So $\Delta u(u) = -\eta$ at every point."), id="no-identification"),
    # the identification without words about one dimension
    pytest.param(_step(r"Here $\nabla L (u) = L'(u)$ and $\Delta u(u) = -\eta$."), id="no-one-dimensional-case"),
]


def _line(text: str) -> int:
    """The line of the last step (the text ends with it, or with the display it closes)."""
    lines = text.rstrip("\n").split("\n")
    return len(lines) - (1 if lines[-1] == "$$" else 0)


@pytest.mark.parametrize("text", ONE_D_WRONG)
def test_one_dimensional_reading_of_a_defined_step_is_refuted_with_values(text):
    got = _verdicts(text, _line(text))
    bad = [v for v in got if v.verdict == "incorrect"]
    assert bad, [(v.verdict, v.reason) for v in got]
    ce = bad[0].counterexample
    assert ce["at"] and ce["this step"] != next(v for k, v in ce.items() if k.startswith("definition"))
    assert "absolute value" in bad[0].reason


@pytest.mark.parametrize("text", ONE_D_RIGHT)
def test_one_dimensional_reading_that_keeps_the_sign_is_correct(text):
    got = _verdicts(text, _line(text))
    assert got and any(v.verdict == "correct" and "one dimension" in v.reason for v in got), \
        [(v.verdict, v.reason) for v in got]
    assert not any(v.verdict == "incorrect" for v in got)


@pytest.mark.parametrize("text", ONE_D_OPEN)
def test_without_a_stated_identification_nothing_is_accused(text):
    got = _verdicts(text, _line(text))
    assert not any(v.verdict == "incorrect" for v in got), [(v.verdict, v.reason) for v in got]


# --- the same left side again ---------------------------------------------------------------------
TWICE = "Scaling every weight and bias by $k$ gives\n\n$$\ng_k(x) = @\n$$\n\nthat is,\n\n$$\ng_k(x) = #\n$$\n"

AGAIN = [
    pytest.param(r"\frac{1}{1 + e^{-\sum_j k v_j x_j - k c}}", r"\frac{1}{1 + e^{-k (\sum_j v_j x_j + c)}}", "correct",
                 id="factor-taken-out-of-the-sum"),
    pytest.param(r"k v x + k c", r"k (v x + c)", "correct", id="factored"),
    # a different right side may be a new definition the text intends: never accused
    pytest.param(r"k v x + k c", r"v x + c", "unchecked", id="a-redefinition-is-not-accused"),
]


@pytest.mark.parametrize("first,second,expected", AGAIN)
def test_a_definition_stated_again_is_checked_against_the_first(first, second, expected):
    text = TWICE.replace("@", first).replace("#", second)
    got = _verdicts(text, _line(text))
    assert got and all(v.verdict == expected for v in got), [(v.verdict, v.reason) for v in got]


@pytest.mark.parametrize("written,expected", [
    pytest.param(r"\Delta v", r"\Deltav", id="spaces"),
    pytest.param(r"f_{c}(x)", r"f_c(x)", id="braces-around-one-letter"),
])
def test_key_is_the_left_side_as_written(written, expected):
    assert key(written) == expected


def test_sums_are_linear():
    a = read(r"\sum_j k v_j x_j").parts[0]
    b = read(r"k \sum_j v_j x_j").parts[0]
    assert a != b and linear_sums(a) == linear_sums(b)


# --- a definition by cases restated with its conditions scaled by a stated positive factor -------------
CASES = ("Scale the weights and the bias by a constant @.\n\n$$\ny = \\left\\{ \\begin{array}{ll} 0 & \\mbox{if } "
         "cw\\cdot x + cb \\leq 0 \\\\ 1 & \\mbox{if } cw\\cdot x + cb > 0 \\end{array} \\right.\n$$\n\n"
         "which is the same as\n\n$$\ny = \\left\\{ \\begin{array}{ll} %s \\end{array} \\right.\n$$\n")


@pytest.mark.parametrize("rows,stated,expected", [
    pytest.param(r"0 & \mbox{if } w\cdot x + b \leq 0 \\ 1 & \mbox{if } w\cdot x + b > 0", "$c > 0$", "correct",
                 id="same-function-for-positive-c"),
    pytest.param(r"0 & \mbox{if } w\cdot x + b < 0 \\ 1 & \mbox{if } w\cdot x + b \geq 0", "$c > 0$", "unchecked",
                 id="boundary-moved"),
    pytest.param(r"1 & \mbox{if } w\cdot x + b \leq 0 \\ 0 & \mbox{if } w\cdot x + b > 0", "$c > 0$", "unchecked",
                 id="values-swapped"),
    pytest.param(r"0 & \mbox{if } w\cdot x + b \leq 0 \\ 1 & \mbox{if } w\cdot x + b > 0", "$c$", "unchecked",
                 id="sign-of-c-not-stated"),
])
def test_a_definition_by_cases_restated(rows, stated, expected):
    text = CASES.replace("@", stated) % rows
    got = [s.verdict for s in grade_text(text).steps if s.line == 10]
    assert [v.verdict for v in got] == [expected], [(v.verdict, v.reason) for v in got]
