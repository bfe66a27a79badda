"""The readings the accusation policy weighs before it accuses (symcheck.grade.network,
symcheck.grade.readings_checked, symcheck.notation.readings), on graded Markdown written
as write-ups write it: each rule with its wrong forms (incorrect, the readings tried
named) and its right form (correct, or unchecked when another reading makes it right)."""

import pytest

from symcheck.grade import grade_text

BOOK_FIRST = ("The weighted input of layer $l$ is\n\n$$z^l = w^l a^{l-1} + b^l$$\n\n"
              "and the error is carried back by\n\n")


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """SymPy and the networks load on the first network step: not inside a step's time budget below."""
    grade_text(r"$$\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)$$", "md")


def _last(md: str):
    return grade_text(md, "md").steps[-1].verdict


@pytest.mark.parametrize("md,verdict", [
    # whole matrices under every convention of the weights (W^l as the book's (w^l)^T, ∂C/∂W^l transposed)
    pytest.param(r"$$\delta^l = ((w^{l+2})^T \delta^{l+1}) \odot \sigma'(z^l)$$", "incorrect", id="bp2-wrong-layer"),
    pytest.param(r"$$\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)$$", "correct", id="bp2-right"),
    pytest.param(r"$$\frac{\partial C}{\partial w^l} = \delta^l (a^{l-2})^T$$", "incorrect", id="bp4-wrong-layer"),
    pytest.param(r"$$\frac{\partial C}{\partial w^l} = \delta^l (a^{l-1})^T$$", "correct", id="bp4-right"),
    pytest.param(r"$$\frac{\partial C}{\partial w^L_{jk}} = a^{L-2}_k \delta^L_j$$", "incorrect",
                 id="output-weights-wrong-layer"),
    # right under the other convention, and nothing establishes the book's: the readings disagree
    pytest.param(r"$$z^l_j = \sum_k w^l_{kj} a^{l-1}_k + b^l_j$$", "unchecked", id="other-way-unestablished"),
    pytest.param(r"$$\frac{\partial C}{\partial w^l} = a^{l-1} (\delta^l)^T$$", "unchecked", id="gradient-other-way"),
    # a step verified under the book's convention and wrong under every other establishes it
    pytest.param(BOOK_FIRST + r"$$z^l_j = \sum_k w^l_{kj} a^{l-1}_k + b^l_j$$", "incorrect",
                 id="other-way-after-the-book-is-established"),
    pytest.param(BOOK_FIRST + r"$$\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)$$", "correct",
                 id="book-after-the-book-is-established"),
    # δ a side by side may be the outer product δ a^T
    pytest.param(r"$$\frac{\partial C}{\partial w^l} = \delta^l a^{l-1}$$", "unchecked", id="outer-product-reading"),
    pytest.param(r"$$\frac{\partial C}{\partial w^l} = \delta^l a^{l-2}$$", "incorrect", id="outer-product-wrong-layer"),
])
def test_weight_conventions_and_outer_products(md, verdict):
    v = _last(md)
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert v.counterexample or v.is_exact
        assert "every reading tried" in v.reason or "established on line" in v.reason, v.reason


@pytest.mark.parametrize("md,verdict", [
    # the library's false variants in the book's convention (BP2 transpose dropped, BP4 indices
    # swapped) are right with the weights indexed the other way: accused only once a convention is
    pytest.param(r"$$\delta^l = (w^{l+1} \delta^{l+1}) \odot \sigma'(z^l)$$", "unchecked",
                 id="bp2-no-transpose-unestablished"),
    pytest.param(r"$$\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_j \delta^l_k$$", "unchecked",
                 id="bp4-swapped-unestablished"),
    pytest.param(BOOK_FIRST + r"$$\delta^l = (w^{l+1} \delta^{l+1}) \odot \sigma'(z^l)$$", "incorrect",
                 id="bp2-no-transpose-after-the-book-is-established"),
    pytest.param(BOOK_FIRST + r"$$\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_j \delta^l_k$$", "incorrect",
                 id="bp4-swapped-after-the-book-is-established"),
    # a variant wrong under every convention is accused as before
    pytest.param(r"$$\frac{\partial C}{\partial b^l_j} = -\delta^l_j$$", "incorrect", id="bp3-sign"),
])
def test_library_variants_wait_for_a_convention(md, verdict):
    v = _last(md)
    assert v.verdict == verdict, v.reason
    if verdict == "unchecked":
        assert "the other way" in v.reason, v.reason


def test_an_established_convention_carries_to_the_next_problem():
    md = ("## Problem 1\n\n$$z^l = w^l a^{l-1} + b^l$$\n\n## Problem 2\n\n"
          r"$$z^{l+1}_k = \sum_j w^{l+1}_{jk} a^l_j + b^{l+1}_k$$" "\n")
    v = _last(md)
    assert v.verdict == "incorrect" and "established on line" in v.reason, v.reason


@pytest.mark.parametrize("md,verdict", [
    # the text establishes one neuron per layer (notation/one_neuron.py): checked on such networks, where
    # a^{l-2} for a^{l-1} is a wrong value (and ill-shaped with several neurons): every reading fails
    pytest.param("Each layer consists of a single neuron.\n\n"
                 r"$$\frac{\partial C}{\partial w^l} = \delta^l a^{l-2}$$", "incorrect", id="one-neuron-layers"),
    pytest.param("We modify a single neuron in a feedforward network.\n\n"
                 r"$$\frac{\partial C}{\partial w^l} = \delta^l (a^{l-2})^T$$", "incorrect", id="one-neuron-modified"),
])
def test_layers_of_one_neuron(md, verdict):
    v = _last(md)
    assert v.verdict == verdict, v.reason


@pytest.mark.parametrize("md,verdict", [
    # an index repeated within a term: checked with and without an implied sum
    pytest.param(r"$$\delta^L_j = -\frac{\partial C}{\partial a^L_j} \frac{\partial a^L_j}{\partial z^L_j}$$",
                 "incorrect", id="einstein-both-fail"),
    pytest.param(r"$$\frac{\partial C}{\partial b^l_j} = -\frac{\partial C}{\partial z^l_j} "
                 r"\frac{\partial z^l_j}{\partial b^l_j}$$", "incorrect", id="einstein-both-fail-bias"),
    pytest.param(r"$$\delta^L_j = \frac{\partial C}{\partial a^L_j} \frac{\partial a^L_j}{\partial z^L_j}$$",
                 "correct", id="einstein-right-without-the-sum"),
    # BP2 with Σ_k implied: the implied sum is over k only (j is free on the left), so never accused
    pytest.param(r"$$\delta^l_j = w^{l+1}_{kj} \delta^{l+1}_k \sigma'(z^l_j)$$", "unchecked",
                 id="einstein-sum-over-k-only"),
])
def test_repeated_indices_are_read_both_ways(md, verdict):
    v = _last(md)
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert "with and without an implied sum" in v.reason or "free" in v.reason, v.reason


@pytest.mark.parametrize("md,verdict", [
    # δ has the book's meaning: an equation about it is a claim
    pytest.param(r"$$\delta^L = -(\nabla_a C \odot \sigma'(z^L))$$", "incorrect", id="delta-sign"),
    pytest.param(r"$$\delta^L = \nabla_a C \odot \sigma(z^L)$$", "incorrect", id="delta-prime-dropped"),
    pytest.param(r"$$\delta^L = \nabla_a C \odot \sigma'(z^L)$$", "correct", id="delta-right"),
    # a component written for its whole vector (σ'(z^L_j) beside ∇_a C): another reading, weighed
    pytest.param(r"$$\delta^L = \nabla_a C \odot \sigma'(z^L_j)$$", "unchecked", id="component-for-vector"),
    pytest.param(r"$$\delta^L = -\nabla_a C \odot \sigma'(z^L_j)$$", "incorrect", id="component-for-vector-wrong"),
    # a^l for a general layer in a sigmoid problem: the activation σ(z^l)
    pytest.param("The neurons are sigmoid neurons.\n\n$$a^l = -\\sigma(z^l)$$", "incorrect", id="sigmoid-activation"),
    pytest.param("The neurons are sigmoid neurons.\n\n$$a^l = \\sigma(z^l)$$", "correct", id="sigmoid-activation-right"),
    # z^l has the book's meaning, the weighted input, where its sums end where they print
    pytest.param(r"$$z^l = w^l a^{l-1} - b^l$$", "incorrect", id="z-sign"),
    pytest.param(r"$$z^l = w^l a^{l-1} + b^l$$", "correct", id="z-right"),
    pytest.param(r"$$a^l = \sigma(w^l a^{l+1} + b^l)$$", "incorrect", id="a-wrong-layer"),
    # a name the write-up defines stays a definition
    pytest.param(r"$$E^l_j = -\frac{\partial C}{\partial z^l_j}$$", "unchecked", id="own-name"),
])
def test_quantities_with_a_fixed_meaning(md, verdict):
    v = _last(md)
    assert v.verdict == verdict, v.reason


@pytest.mark.parametrize("md,verdict", [
    # "for each $j$" quantifies; an identity in the prose is a fact the text uses: neither restricts j
    pytest.param("For each $j$ we have\n\n$$\\frac{\\partial C}{\\partial b^l_j} = -\\delta^l_j$$", "incorrect",
                 id="quantifier"),
    pytest.param("Since $\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j$ we get\n\n"
                 "$$\\frac{\\partial C}{\\partial b^l_j} = -\\delta^l_j$$", "incorrect", id="a-fact-used"),
    pytest.param("For each $j$ we have\n\n$$\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j$$", "correct",
                 id="quantifier-right"),
    # a condition that constrains values the check does not model still keeps a step from being accused
    pytest.param("We use a softmax output layer and the log-likelihood cost.\n\nIf $z^L_j$ is the largest input:\n\n"
                 "$$\\frac{\\partial C}{\\partial b^L_j} = a^L_j$$", "unchecked", id="largest"),
    # the true class of a one-hot y (the log-likelihood's) is modelled: y is one-hot at ỹ, and j = ỹ
    pytest.param("We use a softmax output layer and the log-likelihood cost.\n\nIf $j = \\tilde{y}$:\n\n"
                 "$$\\frac{\\partial C}{\\partial b^L_j} = a^L_j - 1$$", "correct", id="true-class"),
])
def test_conditions_that_restrict_nothing(md, verdict):
    v = _last(md)
    assert v.verdict == verdict, v.reason
