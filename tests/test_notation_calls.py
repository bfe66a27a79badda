"""Functions applied to arguments (symcheck/notation/calls.py): σ and its derivatives, an
undefined function and its derivative, named operators, argument lists."""

import pytest
import sympy as sp

from symcheck.errors import ParseError
from symcheck.notation import read
from symcheck.notation import vocab as V
from symcheck.symbolic import sigmoid

z, t = sp.Symbol("z", real=True), sp.Symbol("t", real=True)


@pytest.mark.parametrize("latex, expected", [
    pytest.param(r"\sigma(z)", sigmoid(z), id="sigma"),
    pytest.param(r"\sigma'(z)", V.SigmaD(z, 1), id="sigma-prime"),
    pytest.param(r"\sigma''(z)", V.SigmaD(z, 2), id="sigma-second"),
    pytest.param(r"f(z)", sp.Function("f", real=True)(z), id="undefined-f"),
    pytest.param(r"f'(z)", sp.Derivative(sp.Function("f", real=True)(z), z), id="f-prime"),
    pytest.param(r"g(z, t)", sp.Function("g", real=True)(z, t), id="two-arguments"),
    pytest.param(r"\operatorname{Var}(z)", sp.Function("Var", real=True)(z), id="operatorname"),
    pytest.param(r"f{(z)}", sp.Function("f", real=True)(z), id="braced-argument"),
])
def test_calls(latex, expected):
    (part,) = read(latex).parts
    assert part == expected


@pytest.mark.parametrize("latex, reason", [
    pytest.param(r"\sigma' + 1", "σ' without an argument", id="sigma-prime-alone"),
    pytest.param(r"\sigma_j + 1", "without an argument", id="sigma-subscript-alone"),
    pytest.param(r"f'(z, t)", "a prime on the function f of several arguments", id="prime-several-arguments"),
])
def test_calls_that_cannot_be_read(latex, reason):
    with pytest.raises(ParseError, match=reason):
        read(latex)
