"""Conditions in one unknown (symcheck.grade.one_unknown): a condition restated with given values,
solved, or printed to some digits is correct when it has the earlier condition's solutions; a
condition that matches none is never accused."""

import pytest

from symcheck.grade import grade_text

TEXT = ("We set $q = -0.25$ and look for $\\tilde{u}$ such that $0.95 \\leq \\sigma(\\tilde{u}(0.95+q))$.\n\n"
        "Let $\\beta = 0.05$. So we want\n\n$$1-\\beta \\leq \\sigma(\\tilde{u}(1-\\beta+q))$$\n\n"
        "which gives\n\n$$@$$\n")


def _verdict(step: str, line: int = 9):
    got = [s.verdict for s in grade_text(TEXT.replace("@", step)).steps if s.line == line]
    assert len(got) == 1, got
    return got[0]


def test_a_condition_restated_with_a_given_value_is_correct():
    v = _verdict(r"\tilde{u} \geq 0", line=5)
    assert v.verdict == "correct" and "the condition of line 1" in v.reason, v.reason


@pytest.mark.parametrize("step", [
    pytest.param(r"\tilde{u} \geq \frac{\ln(\frac{1-\beta}{\beta})}{1-\beta+q}", id="solved"),
    pytest.param(r"\frac{\ln 19}{0.7} \leq \tilde{u}", id="solved-bound-on-the-left"),
    pytest.param(r"\tilde{u} \geq 4.21", id="bound-printed-to-two-decimals"),
])
def test_a_condition_solved_or_rounded_is_correct(step):
    v = _verdict(step)
    assert v.verdict == "correct", v.reason


@pytest.mark.parametrize("step", [
    pytest.param(r"\tilde{u} \geq \frac{\ln(\frac{1-\beta}{\beta})}{1+\beta+q}", id="wrong-sign-in-the-bound"),
    pytest.param(r"\tilde{u} \leq \frac{\ln(\frac{1-\beta}{\beta})}{1-\beta+q}", id="direction-reversed"),
    pytest.param(r"\tilde{u} \geq 4.25", id="bound-rounded-wrongly"),
])
def test_a_condition_that_matches_none_is_not_confirmed_nor_accused(step):
    v = _verdict(step)
    assert v.verdict == "unchecked", v.reason


def test_a_parameter_with_a_stated_domain_is_tried_at_points_of_it():
    text = ("Let $\\beta = 0.05$, $q = -0.5$ and $m \\leq 4$. We want\n\n$$\\sigma(\\tilde{u}(m\\beta+q)) \\leq \\beta$$\n\n"
            "which gives\n\n$$@$$\n")
    right = r"\tilde{u} \geq -\frac{\ln(\frac{1-\beta}{\beta})}{m\beta+q}"
    wrong = r"\tilde{u} \geq -\frac{2\ln(\frac{1-\beta}{\beta})}{m\beta+q}"
    got = {k: [s.verdict for s in grade_text(text.replace("@", v)).steps if s.line == 7] for k, v in
           (("right", right), ("wrong", wrong))}
    assert [v.verdict for v in got["right"]] == ["correct"], [v.reason for v in got["right"]]
    assert "points of its stated domain" in got["right"][0].reason
    assert len(got["wrong"]) == 1 and got["wrong"][0].verdict != "correct", [v.reason for v in got["wrong"]]


@pytest.mark.parametrize("text,expected", [
    pytest.param("Suppose $m \\leq 4$. Then $m < 5$.", "correct", id="its-unknown-has-a-stated-domain"),
    # identities.condition: a domain stated for m says nothing of ũ (sampled anywhere, ũ < 9 would "hold")
    pytest.param("Suppose $m \\leq 4$. Then $\\tilde{u} < 9$.", "unchecked", id="another-unknown-without-a-domain"),
    pytest.param("Suppose $m \\leq 4$. Then $\\tilde{u} + m < 9$.", "unchecked", id="one-unknown-without-a-domain"),
])
def test_an_inequality_holds_on_the_stated_domain_only_of_each_unknown(text, expected):
    got = [s.verdict for s in grade_text(text).steps if s.latex.startswith(("m <", "\\tilde"))]
    assert [v.verdict for v in got] == [expected], [(v.verdict, v.reason) for v in got]


@pytest.mark.parametrize("text, verdict", [
    pytest.param("Multiply every weight by a constant $s > 0$.\n\nScaling by a positive constant $s \\leq 0$ keeps "
                 "every sign.\n", "incorrect", id="contradicts-the-condition-stated"),
    pytest.param("Multiply every weight by a constant $s > 0$.\n\nScaling by a positive constant $s > 0$ keeps "
                 "every sign.\n", "correct", id="the-condition-again"),
    pytest.param("Multiply every weight by a constant $s > 0$.\n\nIf instead $s \\leq 0$, every sign flips.\n",
                 "unchecked", id="a-case-is-not-accused"),
    pytest.param("Multiply every weight by a constant $s > 0$.\n\nWe cannot take $s \\leq 0$, every sign flips.\n",
                 "unchecked", id="a-value-excluded-is-not-accused"),
    pytest.param("Multiply every weight by a constant $s > 0$.\n\nThen also $s \\geq 1$ helps.\n", "unchecked",
                 id="a-narrower-condition-is-not-accused"),
])
def test_a_condition_that_no_value_of_an_earlier_one_satisfies(text, verdict):
    got = [s.verdict for s in grade_text(text).steps if s.line == 3]
    assert [v.verdict for v in got] == [verdict], [(v.verdict, v.reason) for v in got]


_WITH_M = ("Let $\\beta = 0.05$, $q = -0.5$ and $m \\leq 4$. We want\n\n$$\\sigma(\\tilde{u}(m\\beta+q)) \\leq \\beta$$\n\n"
           "which gives\n\n$$@$$\n")


@pytest.mark.parametrize("step, verdict", [
    pytest.param(r"\tilde{u} \geq -\frac{\ln(\frac{1-\beta}{\beta})}{m\beta+q}", "correct", id="solved"),
    pytest.param(r"\tilde{u} < -\frac{\ln(\frac{1-\beta}{\beta})}{m\beta+q}", "incorrect",
                 id="disjoint-at-every-point-of-the-domain"),
    pytest.param(r"\tilde{u} \leq -\frac{\ln(\frac{1-\beta}{\beta})}{m\beta+q}", "unchecked",
                 id="shares-the-bound-is-not-accused"),
    pytest.param(r"\tilde{u} \leq -\frac{2\ln(\frac{1-\beta}{\beta})}{m\beta+q}", "unchecked", id="overlaps-is-not-accused"),
])
def test_a_condition_with_a_parameter_of_stated_domain_that_contradicts_an_earlier_one(step, verdict):
    got = [s.verdict for s in grade_text(_WITH_M.replace("@", step)).steps if s.line == 7]
    assert [v.verdict for v in got] == [verdict], [(v.verdict, v.reason) for v in got]
    if verdict == "incorrect":
        assert "points of its stated domain" in got[0].reason and set(got[0].counterexample["at"]) == {"u~", "m"}
