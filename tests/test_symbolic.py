"""symcheck.symbolic: the sigmoid Function, time limits, bounded proof."""

import time

import pytest
import sympy as sp

from symcheck.errors import CheckTimeout
from symcheck.symbolic import as_elementary, prove_equal, prove_zero, sigmoid, time_limit, wall_backstop, z

HUGE_ARGS = [
    pytest.param(sp.exp(sp.Integer(200)), id="e^200"),
    pytest.param(-sp.exp(sp.Integer(200)), id="-e^200"),
    pytest.param(sp.exp(sp.exp(sp.exp(sp.Integer(5)))), id="e^e^e^5"),
    pytest.param(-sp.exp(sp.exp(sp.exp(sp.Integer(5)))), id="-e^e^e^5"),
]
# (Not -e^{e^{e^20}}: SymPy's own query whether that argument is real can
# evaluate e^{e^{e^20}} numerically, which runs for minutes -- not σ's doing.)


@pytest.mark.parametrize("arg, value", [
    pytest.param(sp.Integer(0), sp.Rational(1, 2), id="zero"),
    pytest.param(sp.oo, sp.Integer(1), id="plus-infinity"),
    pytest.param(-sp.oo, sp.Integer(0), id="minus-infinity"),
])
def test_sigmoid_exact_values(arg, value):
    assert sigmoid(arg) == value


def test_sigmoid_derivative_is_sigma_one_minus_sigma():
    d = sp.diff(sigmoid(z), z)
    assert sp.simplify(as_elementary(d) - sp.diff(1 / (1 + sp.exp(-z)), z)) == 0


def test_sigmoid_evalf_agrees_with_its_formula():
    for v in (-3, -0.5, 0.25, 7):
        assert abs(sigmoid(sp.Float(v)) - 1 / (1 + sp.exp(-sp.Float(v)))) < 1e-14
    assert abs(sigmoid(sp.Integer(2)).evalf(30) - (1 / (1 + sp.exp(-2))).evalf(30)) < sp.Float("1e-29")


@pytest.mark.parametrize("arg", HUGE_ARGS)
def test_sigmoid_sign_is_known_without_evaluating_it(arg):
    """σ of any real is in (0, 1): SymPy must not ask mpmath (which overflows
    or runs for minutes on these arguments) to find its sign."""
    s = sigmoid(arg)
    assert s.is_positive and s.is_extended_positive and s.is_extended_negative is False and s.is_finite
    with time_limit(20):                       # a guard, not a measurement: a hang fails instead of stalling
        assert sp.exp(3 * s).is_positive


@pytest.mark.parametrize("arg", HUGE_ARGS)
def test_sigmoid_of_a_huge_argument_evaluates_or_stays_exact(arg):
    with time_limit(20):
        v = sigmoid(arg).evalf()
    if arg == sp.exp(sp.Integer(200)):
        assert float(v) == 1.0
    else:                                      # left unevaluated -- never rounded to 0
        assert v == sigmoid(arg)


def test_sigmoid_sign_unknown_for_a_complex_argument():
    assert sigmoid(sp.Symbol("q")).is_positive is None


def test_time_limit_interrupts_and_nests():
    start = time.perf_counter()
    with pytest.raises(CheckTimeout):
        with time_limit(5):
            with time_limit(0.05):
                while True:
                    pass
    assert time.perf_counter() - start < 5


def test_time_limit_counts_cpu_time_not_time_waiting():
    """A budget is CPU time: a block that waits spends none of it, so only the
    wall-clock backstop (``wall_backstop``) stops it, well after the budget."""
    budget = 0.05
    start = time.perf_counter()
    with pytest.raises(CheckTimeout, match="wall clock"):
        with time_limit(budget):
            while True:
                time.sleep(0.01)
    waited = time.perf_counter() - start
    assert wall_backstop(budget) <= waited + 0.05 and waited > 10 * budget


def test_time_limit_stops_computing_at_its_cpu_budget():
    with pytest.raises(CheckTimeout, match="CPU time"):
        with time_limit(0.05):
            while True:
                pass


def test_check_timeout_is_not_an_ordinary_exception():
    assert not issubclass(CheckTimeout, Exception)


@pytest.mark.parametrize("lhs, rhs", [
    pytest.param(sp.diff(sigmoid(z), z), sigmoid(z) * (1 - sigmoid(z)), id="sigma-prime"),
    pytest.param(sp.log(sp.exp(z)), z, id="log-exp"),
    pytest.param(sp.Matrix([z, 2 * z]), sp.Matrix([z, z + z]), id="matrix"),
])
def test_prove_equal_proves(lhs, rhs):
    ok, _ = prove_equal(lhs, rhs)
    assert ok is True


def test_prove_zero_never_says_false():
    ok, why = prove_zero(sigmoid(z) - sp.Rational(1, 2), timeout=1.0)
    assert ok is None and why


def test_prove_equal_reports_different_shapes():
    ok, why = prove_equal(sp.Matrix([z]), sp.Matrix([z, z]))
    assert ok is None and "shapes" in why
