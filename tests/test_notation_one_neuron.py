"""symcheck.notation.one_neuron: when a text establishes one neuron per layer, and its chain-rule
rows graded on such networks (a wrong factor refuted with a counterexample); without it, the
rows are not read as scalars."""

import pytest
import sympy as sp

from symcheck.grade import grade_text
from symcheck.notation import vocab as V
from symcheck.notation.derivatives import Jacobian
from symcheck.notation.one_neuron import MANY, as_scalars, stated_neurons


@pytest.mark.parametrize("words,before,expected", [
    pytest.param("Start with a single-neuron network.", None, 1, id="single-neuron-network"),
    pytest.param("Each layer will still consist of a single neuron.", None, 1, id="each-layer-one-neuron"),
    pytest.param("a network with one neuron per layer", None, 1, id="one-neuron-per-layer"),
    pytest.param("Now handle layers with multiple nodes.", 1, MANY, id="multiple-nodes-ends-it"),
    pytest.param("Our weights are vectors instead of scalars now.", 1, MANY, id="vectors-instead-of-scalars"),
    pytest.param("We now compute the gradient.", 1, 1, id="carried-on"),
    pytest.param("We now compute the gradient.", None, None, id="nothing-said"),
    pytest.param("Suppose we modify a single neuron in a feedforward network.", None, None,
                 id="one-modified-neuron-is-not-the-setting"),
])
def test_stated_neurons(words, before, expected):
    assert stated_neurons(words, before) == expected


def test_as_scalars_reads_layered_quantities_as_their_one_entry():
    l = V.l
    z, w, a = V.Q(sp.Symbol("z"), l), V.Q(sp.Symbol("w"), l), V.Q(sp.Symbol("a"), l - 1)
    out = as_scalars(Jacobian(z, w, sp.Integer(0)) * V.T(a))
    assert out.is_commutative and not out.atoms(V.Q, Jacobian)
    assert V.Comp(sp.Symbol("w"), l, 1, 1) in out.atoms(V.Comp)
    x_one = as_scalars(V.Q(sp.Symbol("w"), l) * sp.Symbol("x"))
    assert [i.indices for i in x_one.atoms(sp.Indexed)] == [(1,)] and not x_one.atoms(V.Q)


SINGLE = "## A tiny network\n\nEach layer consists of a single neuron, so all quantities are numbers.\n\n"
ROWS = [
    pytest.param(r"$$\frac{\partial C}{\partial b^l} = \frac{\partial C}{\partial z^l}\frac{\partial z^l}{\partial b^l}$$",
                 "correct", id="bias-chain-rule"),
    pytest.param(r"$$\frac{\partial C}{\partial b^l} = \frac{\partial C}{\partial z^l}\frac{\partial z^l}{\partial w^l}$$",
                 "incorrect", id="bias-with-the-weight-factor"),
    pytest.param(r"$$\frac{\partial C}{\partial w^l} = \delta^l a^{l-1}$$", "correct", id="weight-gradient"),
    pytest.param(r"$$\frac{\partial C}{\partial w^l} = \delta^l a^{l}$$", "incorrect", id="weight-gradient-wrong-layer"),
    pytest.param(r"$$\frac{\partial C}{\partial z^l} = \frac{\partial C}{\partial z^{l+1}} w^{l+1} \sigma'(z^l)$$",
                 "correct", id="delta-recursion"),
    pytest.param(r"$$\frac{\partial C}{\partial z^l} = \frac{\partial C}{\partial z^{l+1}} w^{l+1}$$", "incorrect",
                 id="delta-recursion-without-the-prime"),
    pytest.param(r"$$\frac{\partial z^{l+1}}{\partial z^l} = \frac{\partial}{\partial z^l} (w^{l+1}\sigma(z^l) + b^{l+1})"
                 r" = w^{l+1}\sigma'(z^l)$$", "correct", id="operator-row"),
    # the input and the target are one number too: plain x and y are their one entry
    pytest.param(r"$$z^1 = w^1 x + b^1$$", "correct", id="first-layer-from-the-input-numbered-0"),
    pytest.param(r"$$\frac{\partial C}{\partial w^1} = \delta^1 x$$", "correct", id="first-weight-gradient"),
    pytest.param(r"$$\frac{\partial C}{\partial a^L} = a^L - y$$", "correct", id="quadratic-cost-gradient"),
    pytest.param(r"$$\frac{\partial C}{\partial a^L} = y - a^L$$", "incorrect", id="quadratic-cost-gradient-sign"),
]


@pytest.mark.parametrize("md,verdict", ROWS)
def test_rows_where_one_neuron_is_established(md, verdict):
    v = grade_text(SINGLE + md, "md").steps[-1].verdict
    assert v.verdict == verdict, v.reason
    if verdict == "correct":
        assert "[1, 1, 1" in v.reason
    if verdict == "incorrect":
        assert v.counterexample["sizes"][0] == 1


def test_the_setting_carries_into_the_next_section_until_the_text_says_otherwise():
    row = r"$$\frac{\partial C}{\partial b^l} = \frac{\partial C}{\partial z^l}\frac{\partial z^l}{\partial w^l}$$"
    carried = grade_text(SINGLE + "## More layers\n\nNow with L layers.\n\n" + row, "md").steps[-1].verdict
    ended = grade_text(SINGLE + "## Many neurons\n\nNow layers with multiple neurons.\n\n" + row, "md").steps[-1].verdict
    assert carried.verdict == "incorrect"
    assert ended.verdict == "unchecked"


def test_not_read_as_scalars_unless_established():
    row = r"$$\frac{\partial C}{\partial b^l} = \frac{\partial C}{\partial z^l}\frac{\partial z^l}{\partial w^l}$$"
    v = grade_text(row, "md").steps[-1].verdict
    assert v.verdict == "unchecked"


@pytest.mark.parametrize("md,verdict", [
    # read with several neurons (as scalars the swap would hold): wrong in the book's convention of the
    # weights, right with them indexed the other way, which nothing here rules out: not accused, not passed
    pytest.param(r"$$\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_j \delta^l_k$$", "unchecked",
                 id="indices-swapped-not-read-as-scalars"),
    pytest.param(r"$$\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j$$", "correct", id="indices-right"),
])
def test_a_step_with_neuron_indices_keeps_the_books_reading(md, verdict):
    v = grade_text(SINGLE + md, "md").steps[-1].verdict
    assert v.verdict == verdict, v.reason
    if verdict == "correct":
        assert "[1, 1, 1" not in v.reason
    if verdict == "unchecked":
        assert "the other way" in v.reason, v.reason
