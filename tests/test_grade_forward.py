"""Forward differentiation at a point (symcheck.grade.forward): exact values and slopes,
equal to SymPy's derivative; the random functions of a chain are exact and nonlinear."""

import numpy as np
import pytest
import sympy as sp

from symcheck.grade.forward import chain_function, value_and_slope

x = sp.Symbol("x", real=True)

CASES = [
    pytest.param(3 * x ** 3 - x / 2 + 1, sp.Rational(2, 5), id="polynomial"),
    pytest.param(sp.exp(2 * x) / (1 + sp.exp(x)), sp.Rational(1, 3), id="softmax-like-quotient"),
    pytest.param(sp.log(1 + x ** 2) * sp.sin(x), sp.Rational(3, 4), id="log-times-sine"),
    pytest.param(sp.cos(x) ** 2 + sp.tanh(x), sp.Rational(1, 2), id="cosine-squared-and-tanh-fallback"),
    pytest.param((x + 1) ** x, sp.Rational(1, 2), id="variable-exponent-fallback"),
]


@pytest.mark.parametrize("expr,at", CASES)
def test_value_and_slope_agree_with_sympy(expr, at):
    value, slope = value_and_slope(expr, x, at)
    assert sp.simplify(value - expr.subs(x, at)) == 0
    assert abs(sp.N(slope - sp.diff(expr, x).subs(x, at), 50)) < 1e-40


def test_a_chain_function_is_exact_and_nonlinear_in_every_argument():
    lam = chain_function(3, np.random.default_rng(0))
    assert all(c.is_Rational for c in lam.expr.atoms(sp.Number))
    for v in lam.variables:
        assert sp.diff(lam.expr, v, 2) != 0
