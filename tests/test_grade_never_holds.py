"""An inequality in one unknown that holds for no real value of it (symcheck.grade.never_holds)."""

import pytest
import sympy as sp

from symcheck.grade import grade_text
from symcheck.grade.never_holds import never_holds

x = sp.Symbol("x")


@pytest.mark.parametrize("lhs, rel, rhs, verdict", [
    pytest.param(1 / (1 + sp.exp(-x)), ">=", 1, "incorrect", id="sigmoid-at-least-one"),
    pytest.param(x ** 2, "<", 0, "incorrect", id="a-square-below-zero"),
    pytest.param(1 / (1 + sp.exp(-x)), "<", 1, None, id="holds-everywhere"),
    pytest.param(x, ">=", 1, None, id="holds-for-some-values"),
])
def test_never_holds(lhs, rel, rhs, verdict):
    v = never_holds(lhs, rhs, rel, 5.0)
    assert (v.verdict if v is not None else None) == verdict
    if v is not None:
        assert v.counterexample["at"] and v.counterexample["lhs"] is not None


@pytest.mark.parametrize("text, verdict", [
    pytest.param(r"Since $\sigma(x) = \frac{1}{1 + e^{-x}} < 1$, fine.", "correct", id="a-bound-that-holds"),
    pytest.param(r"Since $\sigma(x) = \frac{1}{1 + e^{-x}} \geq 1$, fine.", "incorrect", id="a-bound-that-never-holds"),
    pytest.param(r"Since $f(x) = x + 1 \geq 1$, fine.", "unchecked", id="holds-for-some-values-put-in"),
])
def test_a_row_that_no_value_saves(text, verdict):
    v = grade_text(text + "\n", "md").steps[-1].verdict
    assert v.verdict == verdict, v.reason


@pytest.mark.parametrize("text, verdict", [
    pytest.param(r"Whatever $x$ is, $\sigma(x) \geq 1$.", "incorrect", id="a-statement-no-value-satisfies"),
    pytest.param(r"Whatever $x$ is, $\sigma(x) < 1$.", "correct", id="a-statement-that-holds"),
    pytest.param(r"Here $z = wx + b$ and the output $a = \sigma(z) \geq 1$.", "incorrect",
                 id="a-link-no-value-of-the-defined-name-satisfies"),
    pytest.param(r"Here $z = wx + b$ and the output $a = \sigma(z) \geq \frac{1}{2}$.", "unchecked",
                 id="a-link-some-values-satisfy"),
])
def test_a_statement_that_no_value_satisfies(text, verdict):
    v = grade_text(text + "\n", "md").steps[-1].verdict
    assert v.verdict == verdict, v.reason
