"""An update rule that moves the parameter at rate 0 is no learning step (symcheck.grade.update_at_rest)."""

import pytest

from symcheck.grade import grade_text


def _verdict(step: str) -> str:
    text = f"Online learning, one example at a time.\n\n$$\n{step}\n$$\n"
    return [s.verdict.verdict for s in grade_text(text).steps][0]


@pytest.mark.parametrize("step, verdict", [
    pytest.param(r"b_l \rightarrow b'_l = -\left(b_l - \eta \frac{\partial C_x}{\partial b_l}\right)", "incorrect",
                 id="whole-step-negated"),
    pytest.param(r"w \rightarrow w' = 2 w - \eta \frac{\partial C}{\partial w}", "incorrect", id="parameter-doubled"),
    pytest.param(r"b_l \rightarrow b'_l = b_l - \eta \frac{\partial C_x}{\partial b_l}", "correct", id="descent"),
    # the write-up's own rules: another unknown may carry the parameter at rate 0
    pytest.param(r"w \rightarrow w' = w + \mu v - \eta \frac{\partial C}{\partial w}", "unchecked", id="momentum"),
    pytest.param(r"w \rightarrow w' = \gamma w - \eta \frac{\partial C}{\partial w}", "unchecked", id="a-factor-of-its-own"),
    pytest.param(r"w \rightarrow w' = \left(1 - \frac{\eta \lambda}{n}\right) w - \eta \frac{\partial C}{\partial w}",
                 "unchecked", id="weight-decay-left-to-its-own-check"),
])
def test_update_at_rate_zero(step, verdict):
    assert _verdict(step) == verdict
