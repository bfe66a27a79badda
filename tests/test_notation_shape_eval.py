"""Shapes of expressions under declared dimensions, at concrete sizes
(symcheck.notation.shape_eval): products, sums with broadcasting, transposes,
gradients with respect to matrices, elementwise and declared functions, tuples."""

import pytest

from symcheck.notation.declaration_forms import signatures
from symcheck.notation.dimensions import Declarations, Entry, space_at
from symcheck.notation.preprocess import tokenize
from symcheck.notation.dimensions import read_name
from symcheck.notation.shape_eval import Evaluator, Tup


def _name(text):
    return read_name([t for t in tokenize(text) if t.kind != "eof"], 0)[0]


def declare(*pairs, signature=(), nabla_row=False, rows=False):
    decls = Declarations(rows=rows, nabla_row=nabla_row)
    for name, space in pairs:
        decls = decls.add(Entry(_name(name), 0, shape=space_at(space)))
    for text in signature:
        for nm, dom, cod in signatures(text):
            decls = decls.add(Entry(nm, 0, domain=dom, codomain=cod))
    return decls


NET = declare((r"U_k", r"\mathbb{R}^{d_k \times d_{k-1}}"), (r"c_k", r"\mathbb{R}^{d_k}"),
              (r"h_k", r"\mathbb{R}^{d_k}"), (r"e_k", r"\mathbb{R}^{d_k}"),
              signature=(r"\phi_k : \mathbb{R} \to \mathbb{R}", r"S : \mathbb{R}^{d_K} \to \mathbb{R}"))


def shape(decls, text, seed=0):
    ev = Evaluator(decls, seed)
    val = ev.shapes(text)
    if val is None or isinstance(val, Tup):
        return val
    sizes = {str(a): v for a, v in ev.values.items()}
    return [tuple(sizes_of(s, sizes)) for s in val]


def sizes_of(shape_, sizes):
    names = {v: k for k, v in sizes.items()}
    return tuple(names.get(x, x) for x in shape_)


@pytest.mark.parametrize("text,want", [
    pytest.param(r"U_k h_{k-1} + c_k", [("d(k)", 1)], id="affine-layer"),
    pytest.param(r"U_{k+1}^{\top} e_{k+1}", [("d(k)", 1)], id="back-through-the-next-layer"),
    pytest.param(r"e_k h_{k-1}^\top", [("d(k)", "d(k - 1)")], id="outer-product"),
    pytest.param(r"h_{k-1} e_k^\top", [("d(k - 1)", "d(k)")], id="outer-product-the-other-way"),
    pytest.param(r"\phi_k(U_k h_{k-1} + c_k)", [("d(k)", 1)], id="elementwise-declared-function"),
    pytest.param(r"\sigma(h_k)", [("d(k)", 1)], id="sigma-is-elementwise"),
    pytest.param(r"2 U_k - U_k", [("d(k)", "d(k - 1)")], id="scalar-multiple"),
    pytest.param(r"U_k h_k", [], id="ill-formed-product"),
    pytest.param(r"h_k + h_{k-1}", [], id="ill-formed-sum"),
    pytest.param(r"\operatorname{grad}_{U_k} S(h_K)", [("d(k)", "d(k - 1)")], id="gradient-has-the-matrix-shape"),
    pytest.param(r"\nabla_{c_k} S(h_K)", [("d(k)", 1)], id="nabla-gradient"),
    pytest.param(r"\frac{\partial S(h_K)}{\partial U_k}", [("d(k)", "d(k - 1)"), ("d(k - 1)", "d(k)")],
                 id="partial-both-layouts"),
    pytest.param(r"\nabla \phi_k(h_k)", [("d(k)", "d(k)")], id="jacobian-of-elementwise-is-diagonal"),
    pytest.param(r"U_k x", None, id="undeclared-name-unknown"),
    pytest.param(r"\sum_j U_k", None, id="sums-not-modelled"),
    pytest.param(r"(U_k h_{k-1})_j", None, id="component-of-an-expression-unknown"),
])
def test_shapes(text, want):
    assert shape(NET, text) == want


def test_nabla_written_as_row_has_both_layouts():
    decls = declare((r"c_k", r"\mathbb{R}^{d_k}"), signature=(r"S : \mathbb{R}^{d_K} \to \mathbb{R}",),
                    nabla_row=True)
    assert shape(decls, r"\nabla_{c_k} S(h_K)") == [("d(k)", 1), (1, "d(k)")]
    assert shape(decls, r"\operatorname{grad}_{c_k} S(h_K)") == [("d(k)", 1)]


def test_column_broadcast_along_a_matrix():
    decls = declare((r"V", r"\mathbb{R}^{p \times q}"), (r"u", r"\mathbb{R}^{p}"))
    assert shape(decls, r"V + u") == [("p", "q")]


def test_vectors_as_rows():
    decls = declare((r"u", r"\mathbb{R}^{p}"), (r"V", r"\mathbb{R}^{p \times q}"), rows=True)
    assert shape(decls, r"u V") == [(1, "q")]
    assert shape(decls, r"V u") == []


def test_tuple():
    val = Evaluator(NET, 0).shapes(r"(c_k, U_k)")
    assert isinstance(val, Tup) and len(val.items) == 2


def test_sizes_are_distinct_and_seeded():
    a, b = Evaluator(NET, 3), Evaluator(NET, 3)
    assert a.shapes(r"U_k") == b.shapes(r"U_k")
    (r, c), = a.shapes(r"U_k")
    assert r != c


def test_size_equations_are_used():
    decls = declare((r"h_0", r"\mathbb{R}^{d_0}")).size_equal(
        *[space_at(r"\mathbb{R}^{d_0}")[0], space_at(r"\mathbb{R}^{d_i}")[0]])
    ev = Evaluator(decls, 0)
    assert ev.shapes("h_0") == ev.shapes(r"h_0")  # n_0 = n_i substituted
    assert ev.size(space_at(r"\mathbb{R}^{d_0}")[0]) == ev.size(space_at(r"\mathbb{R}^{d_i}")[0])


def test_a_definition_that_leads_back_to_itself_finds_nothing():
    decls = declare((r"c_k", r"\mathbb{R}^{d_k}"))
    decls = decls.add(Entry(_name("r_k"), 0, definition=r"r_{k+1} + c_k"))
    assert Evaluator(decls, 0).shapes("r_k") is None
