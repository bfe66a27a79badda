"""A limit stated in words (symcheck.grade.worded_limits): "if $E > 0$, then as $c \\to \\infty$, $A \\to B = …$"
is lim A = B under the sentence's condition; correct when it holds exactly, incorrect only when no
condition was needed and the limit differs."""

import pytest

from symcheck.grade import grade_text


def _verdicts(text: str) -> list:
    return [s.verdict for s in grade_text(text).steps if "\\to" in s.latex or "rightarrow" in s.latex]


@pytest.mark.parametrize("text", [
    pytest.param("If $u - v > 0$, then as $s \\to \\infty$, $\\frac{2}{1 + e^{-(su - sv)}} \\to \\frac{2}{1 + 0} = 2$.",
                 id="positive-condition-chain-row"),
    pytest.param("* If $u + 3 < 0$, then as $s \\rightarrow \\infty$, $\\frac{1}{1 + e^{-s(u+3)}} \\rightarrow \\frac{1}{1 + \\infty} = 0$.",
                 id="negative-condition"),
    pytest.param("As $s \\to \\infty$, $\\frac{s}{s + 1} \\to \\frac{1}{1 + 0} = 1$.", id="no-condition-needed"),
])
def test_a_worded_limit_that_holds_is_correct(text):
    got = _verdicts(text)
    assert [v.verdict for v in got] == ["correct"], [(v.verdict, v.reason) for v in got]
    assert "the limit as s →" in got[0].reason


@pytest.mark.parametrize("text", [
    # the condition gives the other limit: not accused (the condition might be misread), not confirmed
    pytest.param("If $u - v > 0$, then as $s \\to \\infty$, $\\frac{1}{1 + e^{-(su - sv)}} \\to \\frac{1}{1 + \\infty} = 0$.",
                 id="wrong-limit-under-a-condition"),
    # no condition stated: the sign of u is open, nothing is confirmed
    pytest.param("Then as $s \\to \\infty$, $\\frac{1}{1 + e^{-su}} \\to \\frac{1}{1 + 0} = 1$.", id="condition-missing"),
    pytest.param("If $u > 0$, then as $s \\to \\infty$, $\\frac{1}{1 + e^{-su}} \\to \\frac{1}{1+0} = 2$.",
                 id="wrong-chain-row"),
])
def test_a_worded_limit_that_does_not_hold_is_not_confirmed(text):
    got = _verdicts(text)
    assert got and all(v.verdict != "correct" for v in got), [(v.verdict, v.reason) for v in got]


def test_a_wrong_limit_that_needs_no_condition_is_incorrect():
    got = _verdicts("As $s \\to \\infty$, $\\frac{s}{s + 1} \\to \\frac{0}{1} = 0$.")
    assert [v.verdict for v in got] == ["incorrect"], [(v.verdict, v.reason) for v in got]
    assert got[0].counterexample["limit"] == 1


@pytest.mark.parametrize("text, verdict", [
    pytest.param("If $u > 0$, then as $s \\to \\infty$, $\\frac{1}{1 + e^{-su}} \\to \\frac{1}{1+0} = -1$.", "incorrect",
                 id="rows-after-the-arrow-differ"),
    pytest.param("If $u < 0$, then as $s \\to \\infty$, $\\frac{1}{1 + e^{-su}} \\to \\frac{1}{1+\\infty} = 1$.",
                 "incorrect", id="rows-with-infinity-differ"),
    pytest.param("If $u > 0$, then as $s \\to \\infty$, $\\frac{1}{1 + e^{-su}} \\to \\frac{1}{1+0} = 1$.", "correct",
                 id="rows-agree"),
    pytest.param("If $u > 0$, then as $s \\to \\infty$, $\\frac{1}{1 + e^{-su}} \\to \\frac{1}{1+0} = 1.0$.", "correct",
                 id="a-printed-decimal-is-not-told-apart-exactly"),
])
def test_rows_after_the_arrow_are_numbers_compared_whatever_the_limit(text, verdict):
    got = _verdicts(text)
    assert [v.verdict for v in got] == [verdict], [(v.verdict, v.reason) for v in got]
