"""A definition whose own index only a sum on its right uses (symcheck.grade.captured_index)."""

from __future__ import annotations

import pytest

from symcheck.grade import grade_text
from symcheck.grade.captured_index import captured, own_index
from symcheck.notation import read
from symcheck.verdict import CheckKind


def _step(latex: str):
    """The one step of a write-up that defines with ``latex`` after a sentence of prose."""
    report = grade_text("The cost of one training example:\n\n$$\n" + latex + "\n$$\n")
    (step,) = [s for s in report.steps if s.line == 4]
    return step


@pytest.mark.parametrize("latex", [
    pytest.param("E_{n}(\\mathbf w, \\mathbf v) = - \\sum_{n=1}^{N} \\sum_{k=1}^{K} t_{nk} \\ln y_{nk}",
                 id="per-example-cost-summed-over-its-example"),
    pytest.param("L_i = \\frac{1}{m} \\sum_{i=1}^{m} (y_i - \\hat y_i)^2", id="loss-of-one-sample-averaged"),
    pytest.param("C_j = \\sum_{j} (a_j - y_j)^2", id="a-component-summed-over-itself"),
])
def test_an_index_captured_by_a_sum_is_incorrect(latex):
    step = _step(latex)
    assert step.verdict.verdict == "incorrect"
    assert step.verdict.check is CheckKind.SEMANTICS
    assert step.verdict.counterexample["lhs free indices"] and step.verdict.counterexample["rhs free indices"] == []
    assert "drop the sum" in step.verdict.hint


@pytest.mark.parametrize("latex", [
    pytest.param("E_{n} = - \\sum_{k=1}^{K} t_{nk} \\ln y_{nk}", id="the-per-example-cost"),
    pytest.param("E = \\frac{1}{N} \\sum_{n=1}^{N} E_n", id="the-total-has-no-index"),
    pytest.param("S_n = \\sum_{k=1}^{n} a_k", id="the-index-is-the-upper-end"),
    pytest.param("E_{in} = \\frac{1}{N} \\sum_{n=1}^{N} e_n", id="a-two-letter-label"),
    pytest.param("C_n = \\sum_{n=1}^{N} w_{n} x_{n} + b_n", id="also-used-outside-the-sum"),
])
def test_an_index_used_outside_any_sum_over_it_is_not_accused(latex):
    assert _step(latex).verdict.verdict != "incorrect"


@pytest.mark.parametrize("lhs, expected", [
    pytest.param("E_n", "n", id="subscript"),
    pytest.param("E_{n}(w, v)", "n", id="applied"),
    pytest.param("C_{x}", "x", id="braced"),
    pytest.param("E_{in}", None, id="label"),
    pytest.param("E", None, id="no-index"),
])
def test_own_index(lhs, expected):
    assert own_index(read(lhs).parts[0]) == expected


def test_captured_needs_the_sum_to_bind_the_index():
    lhs = read("E_n").parts[0]
    assert captured(lhs, read("\\sum_{n=1}^{N} t_n").parts[0]) == "n"
    assert captured(lhs, read("\\sum_{k=1}^{N} t_k").parts[0]) is None
