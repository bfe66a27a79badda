"""A component of a vector the write-up defined (symcheck.grade.vector_components): the step's
indices say which names are matrices and vectors; correct when it is the j-th component of the
definition, and never accused here (a wrong component is left to the later checks)."""

import pytest

from symcheck.grade import grade_text

DEF = "The next layer is $y = \\tanh(Vx + c)$, which for neuron $i$ reads\n\n$$\n@\n$$\n"


def _verdicts(step: str) -> list:
    return [s.verdict for s in grade_text(DEF.replace("@", step)).steps if s.line == 4]


@pytest.mark.parametrize("step", [
    pytest.param(r"y_i = \tanh\left(\sum_{m=1}^{M} V_{im} x_m + c_i\right)", id="sum-with-symbolic-limit"),
    pytest.param(r"y_i = \tanh\left(c_i + \sum_{m} V_{im} x_m\right)", id="sum-without-limits"),
    pytest.param(r"y_i = \tanh\left(\sum\limits_{m=1}^{4} x_m V_{im} + c_i\right)", id="numeric-limit-factors-swapped"),
])
def test_component_of_a_defined_vector_is_correct(step):
    got = _verdicts(step)
    assert [v.verdict for v in got] == ["correct"], [(v.verdict, v.reason) for v in got]
    assert "component of the file's definition of y" in got[0].reason


@pytest.mark.parametrize("step", [
    pytest.param(r"y_i = \tanh\left(\sum_{m=1}^{M} V_{mi} x_m + c_i\right)", id="weights-indexed-the-other-way"),
    pytest.param(r"y_i = \tanh\left(\sum_{m=1}^{M} V_{im} x_m - c_i\right)", id="sign-of-the-bias"),
    pytest.param(r"y_i = \tanh\left(V_{i} x_i + c_i\right)", id="elementwise-product"),
    pytest.param(r"y_i = \sigma\left(\sum_{m=1}^{M} V_{im} x_m + c_i\right)", id="another-function"),
])
def test_a_wrong_component_is_not_confirmed(step):
    got = _verdicts(step)
    assert got and all(v.verdict != "correct" for v in got), [(v.verdict, v.reason) for v in got]


def test_a_product_written_the_other_way_is_not_read_as_a_matrix_product():
    text = ("Let $y = \\tanh(xV + c)$. For neuron $i$:\n\n$$\ny_i = \\tanh\\left(\\sum_{m=1}^{M} V_{im} x_m + c_i"
            "\\right)\n$$\n")
    got = [s.verdict for s in grade_text(text).steps if s.line == 4]
    assert got and all(v.verdict != "correct" for v in got), [(v.verdict, v.reason) for v in got]
