"""Arithmetic on printed numbers, tolerance from the printed digits, and the
pure, picklable check_step."""

import math
import pickle

import pytest

from symcheck.grade import arith
from symcheck.grade.check import Options, State, check_step
from symcheck.grade.segment import segment


@pytest.mark.parametrize("latex,value", [
    pytest.param(r"-0.15(0.05) + 0.25(0.1)", -0.0075 + 0.025, id="implicit-product"),
    pytest.param(r"\frac{1}{1+e^{-0.5}}", 1 / (1 + math.exp(-0.5)), id="frac-exp"),
    pytest.param(r"\sigma(2)", 1 / (1 + math.exp(-2)), id="sigmoid"),
    pytest.param(r"-2 \times 0.65 + -2 \times 1", -3.3, id="plus-minus"),
    pytest.param(r"-(0.5 \ln (0.25))", -0.5 * math.log(0.25), id="ln"),
    pytest.param(r"2^{3} \cdot .5", 4.0, id="power-leading-dot"),
])
def test_values(latex, value):
    assert arith.parse(latex).value() == pytest.approx(value)


@pytest.mark.parametrize("latex", [
    pytest.param("x + 1", id="unknown-name"),
    pytest.param(r"\delta^L", id="network-notation"),
    pytest.param(r"\log_2 8", id="log-base"),
    pytest.param("import os", id="code-is-not-math"),
])
def test_not_numeric(latex):
    with pytest.raises(arith.NotNumeric):
        arith.parse(latex).value()


@pytest.mark.parametrize("text,tol", [
    pytest.param("0.5945", 5e-5, id="four-decimals"),
    pytest.param(".5", 0.05, id="leading-dot"),
    pytest.param("35", 0.5, id="integer"),
])
def test_printed_tolerance(text, tol):
    assert arith.printed_tolerance(text) == pytest.approx(tol)


def test_given_values_substitute():
    assert arith.parse(r"3\gamma_1", {arith.name_key(r"\gamma_{1}"): 0.5}).value() == 1.5


def _grade(md):
    doc = segment(md)
    state, out = State(), []
    for step in doc.steps:
        v, updates = check_step(step, state, Options())
        for k, u in updates.items():
            if k == "established":
                state.established.extend(u)
            else:
                getattr(state, k).update(u)
        state.prev_expr = step.rhs
        out.append(v)
    return out


def test_rounding_carried_from_earlier_results_is_allowed():
    # 0.5945 is σ(0.3825) rounded: 3 × 0.5945 = 1.7835, but 3 × 0.594476 = 1.78343 → "1.7834" is fine
    verdicts = _grade("$$a = \\sigma(0.3825) = 0.5945$$\n\n$$s = 3 \\times 0.5945 = 1.7834$$\n")
    assert [verdicts[1].verdict, verdicts[3].verdict] == ["correct", "correct"]
    # a number that was not carried from an earlier result is taken as exact
    assert _grade("$$s = 3 \\times 0.5945 = 1.7834$$\n")[-1].verdict == "incorrect"


def test_check_step_is_picklable_and_pure():
    step = segment("$$1 + 1 = 3$$\n").steps[0]
    state = State()
    v1, _ = check_step(step, state, Options())
    v2, _ = pickle.loads(pickle.dumps(check_step))(pickle.loads(pickle.dumps(step)), state, Options())
    assert v1 == v2 and v1.verdict == "incorrect"
    assert state == State()


def test_over_a_limit_is_unchecked_unsupported():
    step = segment("$$x = " + "(" * 80 + "1" + ")" * 80 + "$$\n").steps[0]
    v, _ = check_step(step, State(), Options())
    assert v.verdict == "unchecked" and v.cause == "unsupported" and "limit" in v.reason


def test_a_step_over_its_time_bound_is_unchecked_timeout():
    from symcheck.grade import grade_text

    text = "# P\n\n$$\\frac{d}{dz} \\frac{1}{1+e^{-z}} = \\frac{e^{-z}}{(1+e^{-z})^2}$$\n"
    report = grade_text(text, options=Options(step_seconds=1e-4))
    assert [(s.verdict.verdict, s.verdict.cause) for s in report.steps] == [("unchecked", "timeout")]
