"""Refuting map notation at concrete layers (symcheck.notation.map_concrete): a step is refuted only when it fails
at every valid assignment of its index letters (layers 0..N, runs of some length), in both layouts of ∇, with a
concrete difference of values. Invented examples of the pattern, not text of the corpus."""

import pytest
import sympy as sp

from symcheck.notation.map_concrete import index_letters, refute
from symcheck.notation.map_defs import Definition, Lambda
from symcheck.notation.maps import Atom, Prod, Sum, read_side

k = sp.Symbol("k")


def _defs():
    """H_k := σ_k ∘ g_{W_k,c_k}, g_{W,c}: u ↦ Wu + c, P_k := E ∘ H_N ∘ … ∘ H_{k+1} ∘ σ_k, e_k := grad P_k(s_k),
    s_k := g_{W_k,c_k}(h_{k-1}), h_k := σ_k(s_k), h_0 := x (an alias)."""
    return [
        Definition(Atom("H", (k,)), read_side(r"\sigma_k \circ g_{W_k, c_k}")),
        Definition(Atom("g", (sp.Symbol("W"), sp.Symbol("c"))),
                   Lambda(Atom("u#"), Sum((Prod((Atom("W"), Atom("u#"))), Atom("c")), (1, 1)))),
        Definition(Atom("P", (k,)), read_side(r"E \circ H_N \circ \ldots \circ H_{k+1} \circ \sigma_k")),
        Definition(Atom("e", (k,)), read_side(r"\operatorname{grad} P_k(s_k)")),
        Definition(Atom("s", (k,)), read_side(r"g_{W_k,c_k}(h_{k-1})")),
        Definition(Atom("h", (k,)), read_side(r"\sigma_k(s_k)")),
        Definition(Atom("h", (sp.Integer(0),)), Atom("x")),
    ]


SCALAR = frozenset({("E", 0, 0), ("P", 1, 0)})


def _refute(lhs, rhs):
    return refute(read_side(lhs), read_side(rhs), _defs(), SCALAR)


@pytest.mark.parametrize("lhs, rhs", [
    pytest.param(r"e_k", r"\nabla \sigma_k(s_k) \bullet W_{k+1}^{\top} \bullet e_{k+1}", id="the-backward-recursion"),
    pytest.param(r"P_k", r"P_{k+1} \circ g_{W_{k+1}, c_{k+1}} \circ \sigma_k", id="the-tail-one-layer-up"),
    pytest.param(r"P_k", r"E \circ H_N \circ \ldots \circ H_{k+2} \circ H_{k+1} \circ \sigma_k", id="a-run-peeled"),
    pytest.param(r"s_2", r"W_2 h_1 + c_2", id="a-layer-written-out"),
])
def test_right_steps_are_not_refuted(lhs, rhs):
    got = _refute(lhs, rhs)
    assert got is not None and got[0] == "holds"


@pytest.mark.parametrize("lhs, rhs", [
    pytest.param(r"e_k", r"-\nabla \sigma_k(s_k) \bullet W_{k+1}^{\top} \bullet e_{k+1}", id="a-sign-flipped"),
    pytest.param(r"P_k", r"P_{k+1} \circ \sigma_k", id="a-layer-dropped"),
    pytest.param(r"P_k", r"E \circ H_N \circ \ldots \circ H_{k+3} \circ \sigma_{k+1} \circ g_{W_{k+1},c_{k+1}} "
                         r"\circ \sigma_k", id="a-run-end-off-by-one"),
    pytest.param(r"P_k", r"-(P_{k+1} \circ g_{W_{k+1}, c_{k+1}} \circ \sigma_k)", id="a-composition-negated"),
    pytest.param(r"s_2", r"W_2 h_1 - c_2", id="a-layer-with-its-offset-negated"),
])
def test_wrong_steps_are_refuted_with_the_assignment(lhs, rhs):
    got = _refute(lhs, rhs)
    assert got is not None and got[0] == "differs", got
    assert got[1]["assignments"] >= 1 and "against" in got[1]["detail"]


def test_a_step_true_at_the_last_layer_only_is_not_refuted():
    """P_k = E ∘ σ_k holds when k = N (an empty run): the step may be meant for the last layer only."""
    got = _refute(r"P_k", r"E \circ \sigma_k")
    assert got is not None and got[0] == "holds"


def test_a_name_given_another_way_blocks_the_refutation():
    got = refute(read_side(r"s_2"), read_side(r"W_2 h_1 - c_2"), _defs(), SCALAR,
                 blocked=lambda name, fn: name.base == "x")
    assert got is None


@pytest.mark.parametrize("text, letters", [
    pytest.param(r"G_{A_l, b} \circ F_{l-1}", ["l"], id="a-parameter-letter-is-no-index"),
    pytest.param(r"F_L \circ \ldots \circ F_{l+1}", ["L", "l"], id="a-run"),
    pytest.param(r"\nabla \sigma_l(z_l) \bullet A_{l+1}^{\top}", ["l"], id="a-layer-and-the-next"),
])
def test_index_letters(text, letters):
    assert index_letters(read_side(text)) == letters
