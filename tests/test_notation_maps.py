"""Map notation (symcheck.notation.maps, map_defs, map_values): compositions with runs F_L ∘ … ∘ F_1,
Jacobians and gradients of maps, checked under random maps with the definitions put in. Invented examples of
the pattern (layers written as functions), not text of the corpus."""

import pytest
import sympy as sp

from symcheck.notation.map_defs import Definition, Lambda, expand, lookup
from symcheck.notation.map_values import DENOMINATOR, NUMERATOR, compare
from symcheck.notation.maps import (Atom, GradOf, Jac, MapsUnread, Prod, Range, Sum, Tr, Word, read_side,
                                    split_definition)

k = sp.Symbol("k")


def _defs():
    """Layers H_k := σ_k ∘ g_{W_k, c_k}, g_{W,c}: u ↦ Wu + c, a tail P_k := E ∘ H_N ∘ … ∘ H_{k+1} ∘ σ_k,
    errors e_k := grad P_k(s_k), pre-activations s_k := g_{W_k,c_k}(h_{k-1}), outputs h_k := σ_k(s_k)."""
    return [
        Definition(Atom("H", (k,)), read_side(r"\sigma_k \circ g_{W_k, c_k}")),
        Definition(Atom("g", (sp.Symbol("W"), sp.Symbol("c"))),
                   Lambda(Atom("u#"), Sum((Prod((Atom("W"), Atom("u#"))), Atom("c")), (1, 1)))),
        Definition(Atom("P", (k,)), read_side(r"E \circ H_N \circ \ldots \circ H_{k+1} \circ \sigma_k")),
        Definition(Atom("e", (k,)), read_side(r"\operatorname{grad} P_k(s_k)")),
        Definition(Atom("s", (k,)), read_side(r"g_{W_k,c_k}(h_{k-1})")),
        Definition(Atom("h", (k,)), read_side(r"\sigma_k(s_k)")),
    ]


READS = [
    pytest.param(r"E \circ H_N \circ \ldots \circ H_{k+1} \circ \sigma_k",
                 Word((Atom("E"), Range("H", sp.Symbol("N"), k + 1), Atom("sigma", (k,)))), id="a-run-in-a-composition"),
    pytest.param(r"\nabla (q \circ p)(x)", Jac(Word((Atom("q"), Atom("p"))), Atom("x")), id="jacobian-of-a-composition"),
    pytest.param(r"\operatorname{grad} q(x)", GradOf(Atom("q"), Atom("x")), id="grad-of-a-map"),
    pytest.param(r"\nabla q(x)^{\top}", Tr(Jac(Atom("q"), Atom("x"))), id="transpose-after-the-point"),
    pytest.param(r"H_N \circ \ldots H_1", Word((Range("H", sp.Symbol("N"), 1),)), id="ellipsis-without-its-circ"),
]


@pytest.mark.parametrize("text, tree", READS)
def test_reads(text, tree):
    assert read_side(text) == tree


@pytest.mark.parametrize("text", [
    pytest.param(r"u \circ v'(x)", id="a-prime"),
    pytest.param(r"\nabla_a C \circ \sigma'(z^L)", id="hadamard-with-nabla-sub-a"),
    pytest.param(r"H_N \circ \ldots \circ q_1", id="a-run-of-two-families"),
])
def test_refuses(text):
    with pytest.raises(MapsUnread):
        read_side(text)


def test_split_definition():
    main, sig, mapsto = split_definition(r"g_{W,c}:\mathbb{R}^{n} \to \mathbb{R}^m, u \mapsto Wu + c")
    assert main == "g_{W,c}" and sig == (("n",), ("m",)) and mapsto == ("u", "Wu + c")


def test_family_binds_indices_only():
    defs = _defs()
    assert lookup(defs, Atom("H", (Atom("Theta"),))) is None
    assert lookup(defs, Atom("H", (k + 1,))) == read_side(r"\sigma_{k+1} \circ g_{W_{k+1}, c_{k+1}}")


def _verdicts(lhs: str, rhs: str):
    a, b = expand(read_side(lhs), read_side(rhs), _defs(), 3)
    return compare(a, b, NUMERATOR)[0], compare(a, b, DENOMINATOR)[0]


HOLDS = [
    pytest.param("P_k", r"E \circ H_N \circ \ldots \circ H_{k+2} \circ H_{k+1} \circ \sigma_k", ("holds", "holds"),
                 id="the-last-factor-of-a-run-peeled"),
    pytest.param(r"E \circ H_N \circ \ldots \circ H_{k+2} \circ \sigma_{k+1} \circ g_{W_{k+1},c_{k+1}} \circ \sigma_k",
                 r"P_{k+1} \circ g_{W_{k+1},c_{k+1}} \circ \sigma_k", ("holds", "holds"), id="the-family-one-layer-up"),
    pytest.param(r"\nabla(q \circ p)(x)", r"\nabla q(p(x)) \bullet \nabla p(x)", ("holds", "differs"),
                 id="chain-rule-jacobians"),
    pytest.param(r"\operatorname{grad} q(x)", r"\nabla q(x)^{\top}", ("holds", "ill-formed"), id="grad-is-the-transpose"),
    pytest.param("e_k", r"\nabla \sigma_k(s_k) \bullet W_{k+1}^{\top} \bullet e_{k+1}", ("holds", "holds"),
                 id="the-backward-recursion"),
    pytest.param("e_N", r"\nabla \sigma_N(s_N) \bullet \operatorname{grad} E(h_N)", ("holds", "holds"),
                 id="the-last-layer-an-empty-run"),
]

DIFFERS = [
    pytest.param(r"E \circ H_N \circ \ldots \circ H_{k+2} \circ \sigma_{k+1} \circ g_{W_{k+1},c_{k+1}} \circ \sigma_k",
                 r"P_{k+1} \circ \sigma_k", id="a-layer-dropped"),
    pytest.param(r"\nabla(q \circ p)(x)", r"\nabla q(x) \bullet \nabla p(x)", id="chain-rule-at-the-wrong-point"),
    pytest.param("e_k", r"\nabla \sigma_k(s_k) \bullet W_{k+1} \bullet e_{k+1}", id="recursion-without-transpose"),
    pytest.param("e_k", r"\nabla \sigma_k(s_k) \bullet W_{k}^{\top} \bullet e_{k+1}", id="recursion-wrong-layer"),
]


def test_only_sigma_is_componentwise():
    """∇σ_k is diagonal (σ applied in every component), so it may stand untransposed; a map of another name is
    any map, and the same recursion with it holds only with its Jacobian transposed."""
    a, b = read_side(r"\nabla (q \circ t)(x)^{\top}"), read_side(r"\nabla t(x) \bullet \nabla q(t(x))^{\top}")
    assert compare(a, b, NUMERATOR)[0] == "differs"
    a2, b2 = read_side(r"\nabla (q \circ \sigma)(x)^{\top}"), read_side(r"\nabla \sigma(x) \bullet \nabla q(\sigma(x))^{\top}")
    assert compare(a2, b2, NUMERATOR)[0] == "holds"


@pytest.mark.parametrize("lhs, rhs, want", HOLDS)
def test_holds(lhs, rhs, want):
    assert _verdicts(lhs, rhs) == want


@pytest.mark.parametrize("lhs, rhs", DIFFERS)
def test_differs(lhs, rhs):
    assert "holds" not in _verdicts(lhs, rhs)
