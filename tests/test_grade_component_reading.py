"""How the confirmation reads names (symcheck.grade.component_reading): X_a as a component
where a is an index of the step, δ_{ab} as the Kronecker delta, the reader's marks off."""

import pytest
import sympy as sp

from symcheck.grade.component_reading import as_components, kronecker_deltas, readable
from symcheck.grade.state import State

R = dict(real=True)
yhat_a, v_b, p_a, q_k = (sp.Symbol(n, **R) for n in ("y^_a", "v_b", "p_a", "q_k"))
a, b = (sp.Symbol(n, integer=True, positive=True) for n in "ab")


def _ix(name, *idx):
    return sp.Indexed(sp.IndexedBase(sp.Symbol(name, **R)), *idx)


COMPONENTS = [
    pytest.param((sp.Derivative(sp.Function("y^_a", **R)(v_b), v_b), yhat_a * v_b * yhat_a),
                 {"y^": (a,), "v": (b,)}, id="letters-written-twice-are-indices"),
    pytest.param((p_a, sp.Symbol("delta_ab", **R) * sp.Symbol("p_b", **R)), {"p": (a,)},
                 id="letters-of-a-delta-are-indices"),
    pytest.param((q_k, sp.Integer(2)), {}, id="a-letter-written-once-stays-a-name"),
]


@pytest.mark.parametrize("parts,expected", COMPONENTS)
def test_names_become_components_only_where_their_letters_are_indices(parts, expected):
    out = as_components(parts, State())
    got = {(str(ix.base.label), ix.indices) for p in out for ix in p.atoms(sp.Indexed)}
    for base, indices in expected.items():
        assert (base, indices) in got, out
    if not expected:
        assert not got and out == tuple(parts)


def test_a_delta_of_two_indices_is_the_kronecker_delta_and_one_of_other_letters_is_not():
    parts = (_ix("p", a), sp.Symbol("delta_ab", **R) * _ix("p", b) + sp.Symbol("delta_xy", **R))
    out = kronecker_deltas(parts)
    assert out[1].has(sp.KroneckerDelta(a, b))
    assert sp.Symbol("delta_xy", **R) in out[1].free_symbols


def test_the_readers_marks_come_off():
    w = sp.Symbol("w", **R)
    parts = (sp.Derivative(sp.Function("C", **R)(w), w), sp.Integer(0))
    out = readable(parts, State())
    assert out[0] == sp.Derivative(sp.Symbol("C", **R), w)
