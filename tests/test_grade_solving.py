"""symcheck.grade.solving: the direct root of a numerator linear in the unknown is
SymPy's root; everything the direct route cannot settle exactly goes to SymPy."""

import pytest
import sympy as sp

from symcheck.grade.solving import linear_root, solve_for

a, g, b = sp.symbols("a gamma b", real=True)
p = sp.Symbol("p", positive=True)
n = sp.Symbol("n", integer=True)
x = sp.Symbol("x")

DIRECT = [
    pytest.param(-g / a + (1 - g) / (1 - a), a, id="condition-for-a"),
    pytest.param(-g / a + (1 - g) / (1 - a), g, id="condition-for-gamma"),
    pytest.param(a - g, a, id="plain"),
    pytest.param(a * g - 1, a, id="symbolic-coefficient"),
    pytest.param(a * b + a * g - 1, a, id="sum-coefficient"),
    pytest.param((a - g) / (a * (a - 1)), a, id="denominator-not-zero-at-root"),
    pytest.param((a - b) / (a - g), a, id="denominator-in-other-names"),
    pytest.param(a / 2 - sp.Rational(3, 4), a, id="rational-coefficients"),
    pytest.param(a * x - 3, x, id="no-assumptions"),
    pytest.param(p + 1, p, id="root-contradicts-positive"),
    pytest.param(n - sp.Rational(1, 2), n, id="root-contradicts-integer"),
    pytest.param(n - 3, n, id="integer-root"),
]

DEFERRED = [
    pytest.param(a ** 2 - 1, a, id="quadratic"),
    pytest.param((a - b) / (a * b - b ** 2), a, id="root-zeroes-the-denominator"),
    pytest.param((a - b) / (a - g), g, id="unknown-only-in-denominator"),
    pytest.param(sp.Float(0.5) * a - 1, a, id="float"),
    pytest.param(sp.sqrt(2) * a - 1, a, id="irrational-coefficient"),
    pytest.param(a * sp.exp(b) - 1, a, id="function-of-another-name"),
    pytest.param(1 / a, a, id="no-numerator-in-the-unknown"),
    pytest.param(sp.IndexedBase("w")[1] * a - 1, a, id="indexed-name"),
]


def _same(mine, theirs) -> bool:
    return len(mine) == len(theirs) and all(sp.simplify(m - t) == 0 for m, t in zip(mine, theirs))


@pytest.mark.parametrize("expr, var", DIRECT)
def test_the_direct_root_is_sympys(expr, var):
    f = sp.together(expr)
    mine = linear_root(f, var)
    assert mine is not None
    assert _same(mine, sp.solve(f, var, dict=False))


@pytest.mark.parametrize("expr, var", DEFERRED)
def test_what_the_direct_route_cannot_settle_goes_to_sympy(expr, var):
    assert linear_root(sp.together(expr), var) is None


@pytest.mark.parametrize("expr, var", DIRECT + DEFERRED)
def test_solve_for_gives_sympys_solutions(expr, var):
    got = solve_for(expr, var, 5.0)
    assert got is not None
    assert _same(got, sp.solve(sp.together(expr), var, dict=False))
