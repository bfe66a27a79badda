"""Dependence in the notation (symcheck.notation.dependence): one quantity differentiated by two
variables is not one function applied twice."""

import pytest
import sympy as sp

from symcheck.notation.dependence import differentiated_by_several

w, z, x = sp.symbols("w z x", real=True)
C, f = sp.Function("C"), sp.Function("f")


@pytest.mark.parametrize("lhs,rhs,expected", [
    pytest.param(sp.Derivative(C(w), w), x * sp.Derivative(C(z), z), {"C"}, id="dC-dw-and-dC-dz"),
    pytest.param(sp.Derivative(f(x), x), 2 * f(x), set(), id="one-function-at-one-argument"),
    pytest.param(f(w) + f(z), f(z) + f(w), set(), id="applied-twice-but-never-differentiated"),
    pytest.param(sp.Derivative(f(2 * x), x), 2 * sp.Subs(sp.Derivative(f(z), z), z, 2 * x), set(),
                 id="f-prime-at-a-point-is-the-same-function"),
])
def test_differentiated_by_several(lhs, rhs, expected):
    assert differentiated_by_several(lhs, rhs) == expected
