"""Arithmetic on the step's reading (symcheck/grade/numbers.py): the shared equality
policy in graded files, carried rounding named by line, one-edit hints; the pure,
picklable check_step."""

import pickle

import pytest

from symcheck.grade import grade_text
from symcheck.grade.check import Options, State, check_step
from symcheck.grade.segment import segment
from symcheck.grade.state import Corrected, Given, Rounded


def _steps(md):
    return grade_text(md).steps


@pytest.mark.parametrize("md,verdict", [
    pytest.param("$$1 = 2$$\n", "incorrect", id="bare-integers-exact"),
    pytest.param("$$0.1 = 0.2$$\n", "incorrect", id="one-place-decimals"),
    pytest.param("$$2^{64} = 18446744073709551617$$\n", "incorrect", id="power-of-two"),
    pytest.param("$$0.5 = 0.64$$\n", "incorrect", id="disjoint-roundings"),
    pytest.param("$$\\frac{1}{2} = 0.64$$\n", "incorrect", id="fraction"),
    pytest.param("$$\\frac{1}{3} = 0.4$$\n", "incorrect", id="third-one-place"),
    pytest.param("$$\\frac{1}{3} = 0.33$$\n", "correct", id="third-two-places"),
    pytest.param("$$12345678 = 12345679$$\n", "incorrect", id="integers"),
    pytest.param("$$10^{20} = 10^{20} + 1$$\n", "incorrect", id="huge"),
    pytest.param("$$\\sigma(0.3825) = 0.5945$$\n", "correct", id="printed-digits"),
    # an equation in unknowns is a condition in a write-up: never "correct" on a floating-point tie
    pytest.param("$$x + 10^{9} = x + 10^{9} + 1$$\n", "unchecked", id="cancellation"),
    pytest.param("$$x + 10^{-30} = x$$\n", "unchecked", id="tiny-difference"),
    pytest.param("$$= x + 10^{-30}$$\n", "unchecked", id="dangling-row"),
    pytest.param("$$g = x + 10^{9} = x + 10^{9} + 1$$\n", "incorrect", id="chain-row-cancellation"),
    pytest.param("$$g = x + 10^{-30} = x$$\n", "incorrect", id="chain-row-tiny-difference"),
    pytest.param("$$1.1.1 = 0.11$$\n", "unchecked", id="malformed-number"),
    pytest.param("$$-0.15(0.05) + 0.25(0.1) + 0.35 = 0.3675$$\n", "correct", id="implicit-products"),
])
def test_graded_numbers_follow_the_equality_policy(md, verdict):
    step = _steps(md)[-1]
    assert step.verdict.verdict == verdict, step.verdict.reason


def test_rounding_carried_from_an_earlier_line_is_allowed_and_named():
    # 0.5945 is σ(0.3825) rounded: 3 × 0.594476 = 1.78343, so "1.7834" is fine given the rounding of line 1
    steps = _steps("$$a = \\sigma(0.3825) = 0.5945$$\n\n$$s = 3 \\times 0.5945 = 1.7834$$\n")
    last = steps[-1]
    assert last.verdict.verdict == "correct"
    assert "allowing for the rounding of line 1" in last.verdict.reason
    # a number that was not carried from an earlier result is taken as exact
    assert _steps("$$s = 3 \\times 0.5945 = 1.7834$$\n")[-1].verdict.verdict == "incorrect"


@pytest.mark.parametrize("md,hint", [
    pytest.param("$$0.4 \\times 0.5 + 6 = 0.8$$\n", "holds with 0.6 in place of 6", id="decimal-point"),
    pytest.param("$$-0.15(0.05) + 0.25(0.1) + 0.35 = 0.3825$$\n", "holds without the leading minus",
                 id="leading-minus"),
    pytest.param("$$1 + -2 = 3$$\n", "holds without the minus before 2", id="inner-minus"),
    pytest.param("$$\\sigma(0.5) = 0.6224$$\n", "0.622459 rounds to 0.6225", id="rounding"),
    pytest.param("$$x = 2 + 2 = 5$$\n\n$$y = 5 + 1 = 5$$\n", "holds with 4 (the correct value of line 1) in place of 5",
                 id="correct-value-of-an-earlier-line"),
])
def test_one_edit_hints(md, hint):
    wrong = [s for s in _steps(md) if s.verdict.verdict == "incorrect"]
    assert wrong and hint in wrong[-1].verdict.hint, [s.verdict for s in wrong]


def test_updates_are_typed():
    doc = segment("$$\\gamma_1 = 0.01$$\n\n$$x = 0.5 + 0.25 = 0.76$$\n")
    state = State()
    kinds = []
    for step in doc.steps:
        result = check_step(step, state, Options())
        kinds += [type(u) for u in result.updates]
        for u in result.updates:
            state.apply(u)
        state.prev_expr = step.rhs
    assert Given in kinds and Rounded in kinds and Corrected in kinds
    assert state.env["gamma_1"] == pytest.approx(0.01)


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


def test_a_step_over_its_time_bound_is_unchecked_timeout(monkeypatch):
    """A check that computes past its budget (CPU time) is stopped; the step is unchecked, cause timeout."""
    import symcheck.grade.grader as grader

    def endless(step, state, options):
        while True:
            pass

    monkeypatch.setattr(grader, "check_step", endless)
    text = "# P\n\n$$\\frac{d}{dz} \\frac{1}{1+e^{-z}} = \\frac{e^{-z}}{(1+e^{-z})^2}$$\n"
    report = grade_text(text, options=Options(step_seconds=0.05))
    assert [(s.verdict.verdict, s.verdict.cause) for s in report.steps] == [("unchecked", "timeout")]
    assert "CPU time" in report.steps[0].verdict.reason
