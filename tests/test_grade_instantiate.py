"""Instantiating a step (symcheck.grade.instantiate): a derivative by a name the write-up
defined holds that name as a variable while it is taken, and puts its definition in after."""

import numpy as np
import pytest
import sympy as sp

from symcheck.grade.instantiate import Definitions, Instance, Unrelated

w, x, b, z, a, y = sp.symbols("w x b z a y", real=True)
g = sp.Function("g")
# z = wx + b, a = g(z), C = (y - a)^2 / 2
DEFS = Definitions({("name", "z"): ((), w * x + b), ("name", "a"): ((), g(z))}, {"C": (y - a) ** 2 / 2})


def _instance(seed: int = 3) -> Instance:
    return Instance({}, 3, True, np.random.default_rng(seed), {}, DEFS)


@pytest.mark.parametrize("top,var,expected", [
    # ∂C/∂a: C is differentiated by a held as a variable, then a = g(wx + b) is put in
    pytest.param(sp.Symbol("C", real=True), a, lambda G: -(y - G(w * x + b)), id="dC-da-at-a=g(z)"),
    # ∂a/∂z: g' at z = wx + b
    pytest.param(a, z, lambda G: sp.diff(G(sp.Symbol("t")), sp.Symbol("t")).subs(sp.Symbol("t"), w * x + b),
                 id="da-dz-at-z=wx+b"),
    # ∂z/∂w: an undefined variable, as before
    pytest.param(z, w, lambda G: x, id="dz-dw"),
])
def test_a_derivative_by_a_defined_name_holds_it_then_puts_it_in(top, var, expected):
    inst = _instance()
    got = inst.derivative(top, [(var, 1)])
    G = inst.functions.get(("g", 1))
    assert sp.simplify(got - expected(G)) == 0, got


def test_a_derivative_of_what_does_not_depend_on_the_defined_name_is_unrelated():
    with pytest.raises(Unrelated):
        _instance().derivative(z, [(a, 1)])  # z = wx + b does not go through a


def test_at_a_point_the_defined_name_takes_the_value_of_its_definition():
    inst = _instance()
    inst.point = {}
    slope = inst.derivative(sp.Symbol("C", real=True), [(a, 1)])
    G = inst.functions[("g", 1)]
    at = {s: inst.at(s) for s in (w, x, b, y)}
    assert slope.is_number and sp.simplify(slope - (-(y - G(w * x + b))).xreplace(at)) == 0
