"""Statements joined by ⇒ and ⟺ (symcheck.grade.identities.check_implication): an equivalence claims
both directions, so it is correct only when each statement follows from the other."""

from __future__ import annotations

import pytest

from symcheck.grade import grade_text
from symcheck.verdict import CheckKind


def _verdicts(latex: str):
    """The verdicts of the statements after the first, in a display holding ``latex``."""
    report = grade_text("# Problem 1\n\nSolving:\n\n$$\n" + latex + "\n$$\n")
    return [(s.latex.split()[0], s.verdict.verdict) for s in report.steps if s.latex.startswith(("\\iff", "\\Rightarrow"))]


@pytest.mark.parametrize("latex, expected", [
    pytest.param("2x + 1 = 5 \\iff x = 2", ["correct"], id="same-solutions"),
    pytest.param("-\\frac{y}{a} + \\frac{1-y}{1-a} = 0 \\iff y - ay = a - ay \\iff a = y", ["correct", "correct"],
                 id="a-chain-of-equivalences"),
    pytest.param("2x + 1 = 5 \\Leftrightarrow x = 3", ["incorrect"], id="the-solution-fails-it"),
    pytest.param("x^2 = 4 \\iff x = 2", ["incorrect"], id="a-solution-lost-forward"),
    pytest.param("2x = 4 \\iff x^2 = 4", ["incorrect"], id="only-the-forward-direction-holds"),
    pytest.param("2x = 4 \\Rightarrow x^2 = 4", ["correct"], id="an-implication-needs-one-direction"),
])
def test_an_equivalence_needs_both_directions(latex, expected):
    assert [v for _, v in _verdicts(latex)] == expected


def test_the_converse_failing_names_it():
    report = grade_text("# Problem 1\n\n$$\n2x = 4 \\iff x^2 = 4\n$$\n")
    (step,) = [s for s in report.steps if s.latex.startswith("\\iff")]
    assert step.verdict.check is CheckKind.IMPLICATION
    assert "converse" in step.verdict.reason and step.verdict.counterexample


@pytest.mark.parametrize("text, verdict", [
    pytest.param(r"$$\tanh(v) = \frac{e^v - e^{-v}}{e^v + e^{-v}} = \frac{e^{2v} - 1}{e^{2v} + 1}$$", "correct",
                 id="a-chain-of-identities"),
    pytest.param(r"$$\tanh(v) = \frac{e^v - e^{-v}}{e^v + e^{-v}} = \frac{e^{2v} + 1}{e^{2v} + 1}$$", "incorrect",
                 id="a-row-sympy-reads-as-one-is-still-written-in-v"),
    pytest.param(r"$$\tanh(v) = \frac{e^v + e^{-v}}{e^v + e^{-v}}$$", "incorrect",
                 id="a-side-sympy-reads-as-one"),
    pytest.param(r"$$f(v) = v + 1 = 2$$", "unchecked", id="values-put-in-are-still-not-compared"),
    pytest.param(r"$$g = (t_0 + t_1 + t_2) q_0 - t_0 = q_0 - t_0$$", "unchecked",
                 id="indexed-names-one-letter-are-not-the-same-unknowns"),
    pytest.param("$$h(v) = s u v + s q$$\n$$k(v) = \\frac{1}{s} h(v) = u v + q$$", "correct",
                 id="a-name-that-cancels"),
    pytest.param("$$h(v) = s u v + s q$$\n$$k(v) = \\frac{1}{s} h(v) = u v - q$$", "incorrect",
                 id="a-name-that-cancels-and-a-sign-flipped"),
])
def test_the_unknowns_a_side_writes_decide_what_is_compared(text, verdict):
    from symcheck.grade import grade_text

    v = grade_text(text + "\n").steps[-1].verdict
    assert v.verdict == verdict, v.reason
