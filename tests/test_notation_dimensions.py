"""Declarations of dimensions (symcheck.notation.dimensions): spaces, names and their
scripts, size words in prose, signatures, families of layers, the row-vector convention."""

import pytest
import sympy as sp

from symcheck.notation.declaration_forms import ROW_WORDS, prose_declarations, signatures, size_label
from symcheck.notation.dimensions import Declarations, Entry, Name, read_name, space_at
from symcheck.notation.preprocess import tokenize

n = sp.Function("n")
d = sp.Function("d")
l, m, k = sp.symbols("l m k")


@pytest.mark.parametrize("text,shape", [
    pytest.param(r"\mathbb{R}^{d_{k} \times d_{k-1}}", (d(k), d(k - 1)), id="layer-sizes"),
    pytest.param(r"\mathbb{R}^{m}", (m,), id="vector"),
    pytest.param(r"\mathbb R^m", (m,), id="no-braces"),
    pytest.param(r"\mathbb{R}", (), id="numbers"),
    pytest.param(r"\mathbb{R}^{(n_l+1) \times n_{l-1}}", (n(l) + 1, n(l - 1)), id="a-sum-of-sizes"),
    pytest.param(r"\mathbb{R}^{1 \times m}", (1, m), id="a-row"),
    pytest.param("ℝ^{3 × 2}", (3, 2), id="unicode"),
    pytest.param(r"\mathbb{R}^{m \times n \times k}", None, id="a-tensor-is-not-read"),
    pytest.param(r"\mathbb{R}^{n_{\alpha}}", None, id="a-size-script-that-is-not-a-layer"),
    pytest.param(r"\mathbb{C}^{n}", None, id="not-the-reals"),
])
def test_spaces(text, shape):
    assert space_at(text) == shape


@pytest.mark.parametrize("text,base,sub,sup,transpose", [
    pytest.param(r"U_{k+1}", "U", k + 1, None, False, id="layer-subscript"),
    pytest.param(r"\mathbf{W}^{l}", "W", None, l, False, id="bold-layer-superscript"),
    pytest.param(r"\vec h_k^\top", "h", k, None, True, id="transposed-vector"),
    pytest.param(r"W^{(l)}", "W", None, l, False, id="parenthesised-label"),
    pytest.param(r"\hat y", "hat y", None, None, False, id="a-hat-is-another-name"),
    pytest.param(r"\delta_{l;\nu}", "delta", "bad", None, False, id="component-script-not-a-layer"),
])
def test_read_name(text, base, sub, sup, transpose):
    toks = [t for t in tokenize(text) if t.kind != "eof"]
    name, j = read_name(toks, 0)
    assert (name.base, name.sub, name.sup, name.transpose) == (base, sub, sup, transpose)


@pytest.mark.parametrize("text,found", [
    pytest.param(r"Here $U_k$ is the $d_k \times d_{k-1}$ weight matrix of layer $k$.",
                 [("U_k", (d(k), d(k - 1)))], id="the-weight-matrix"),
    pytest.param(r"so $h^k$ is a $d_k\times 1$ vector", [("h^k", (d(k), 1))], id="a-column"),
    pytest.param(r"the matrices $V^l$ are $n_l \times m$ matrices", [("V^l", (n(l), m))], id="plural"),
    pytest.param(r"$h^k$ is a vector of length $d_k$", [], id="no-times-not-read"),
    pytest.param(r"$U$ is the $d \times d$ identity-like thing", [], id="no-matrix-word"),
])
def test_prose_declarations(text, found):
    assert prose_declarations(text) == found


@pytest.mark.parametrize("text,names", [
    pytest.param(r"g:\mathbb{R}^{m} \to \mathbb{R}", [("g", (m,), ())], id="scalar-function"),
    pytest.param(r"H = G: \mathbb{R}^{m} \to \mathbb{R}^{k}", None, id="both-names-of-one-map"),
    pytest.param(r"H = H_{\theta}: \mathbb{R}^{m} \to \mathbb{R}^{k}", [("H", (m,), (k,))],
                 id="a-script-that-is-not-a-layer-names-nothing"),
    pytest.param(r"Q_k := S \circ \phi_k : \mathbb{R}^{d_k} \to \mathbb{R}", [("Q", (d(k),), ())],
                 id="the-defined-name-not-the-last-factor"),
    pytest.param(r"x \mapsto 2x", [], id="no-spaces"),
])
def test_signatures(text, names):
    got = [(nm.base, dom, cod) for nm, dom, cod in signatures(text)]
    if names is None:
        assert [g[0] for g in got] == ["H", "G"]
    else:
        assert got == names


def test_two_members_declare_the_family():
    decls = Declarations()
    decls = decls.add(Entry(Name("h", sp.Integer(1)), 1, shape=(d(1),)))
    assert not any(e.family for e in decls.entries)
    decls = decls.add(Entry(Name("h", sp.Integer(2)), 2, shape=(d(2),)))
    fam = [e for e in decls.entries if e.family]
    assert len(fam) == 1 and fam[0].shape == (d(l),)


def test_members_of_another_pattern_declare_nothing():
    decls = Declarations().add(Entry(Name("h", sp.Integer(1)), 1, shape=(d(1),)))
    decls = decls.add(Entry(Name("h", sp.Integer(2)), 2, shape=(d(3),)))
    assert not any(e.family for e in decls.entries)


def test_a_capital_script_is_one_member():
    decls = Declarations().add(Entry(Name("a", sp.Symbol("L")), 1, shape=(m,)))
    assert decls.entries[-1].family == ()


@pytest.mark.parametrize("text,rows", [
    pytest.param("Throughout, we use row vectors for inputs and outputs.", True, id="we-use"),
    pytest.param("All vectors are rows here.", True, id="vectors-are-rows"),
    pytest.param("Все векторы считаем строками.", True, id="russian"),
    pytest.param("Here the gradient is the row vector of partial derivatives.", False, id="one-row-vector"),
    pytest.param("We regard vectors as columns.", False, id="columns"),
    pytest.param("The examples' vectors are stacked as rows of X.", False, id="rows-of-a-matrix"),
])
def test_row_words(text, rows):
    assert bool(ROW_WORDS.search(text)) == rows


def test_size_label():
    assert size_label(r"d_k \times 1") == (d(k), 1)
    assert size_label(r"d_k") is None
