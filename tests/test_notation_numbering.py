"""Layers and components numbered from 0 (symcheck.notation.numbering), read as the book numbers them."""

import pytest

from symcheck import notation
from symcheck.notation.numbering import components_named, from_zero, indices_from_zero, shift_indices, shift_layers


@pytest.mark.parametrize("layers,expected", [
    pytest.param({("a", 0)}, True, id="activation-zero"),
    pytest.param({("w", 1), ("a", 1)}, True, id="weights-one"),
    pytest.param({("delta", 1)}, True, id="error-one"),
    pytest.param({("a", 1), ("a", 2)}, False, id="book-input-one"),
    pytest.param({("z", 2), ("w", 2)}, False, id="book-layer-two"),
    pytest.param({("order", 0), ("z", 3)}, False, id="empty-product-order"),
])
def test_from_zero_names_a_layer_the_book_lacks(layers, expected):
    assert from_zero(layers) is expected


@pytest.mark.parametrize("latex,expected", [
    pytest.param(r"z^1 = w^1 a^0 + b^1", r"z^2 = w^2 a^1 + b^2", id="numbered"),
    pytest.param(r"\delta^{L} = a^{L} - y", r"\delta^{L} = a^{L} - y", id="output-stays"),
    pytest.param(r"z^{l} = w^{l} a^{l-1} + b^{l}", r"z^{l+1} = w^{l+1} a^{l} + b^{l+1}", id="general-follows"),
])
def test_shift_layers_moves_every_layer_but_the_output(latex, expected):
    got, want = notation.read(latex), notation.read(expected)
    assert tuple(shift_layers(p) for p in got.parts) == want.parts


@pytest.mark.parametrize("latex,verdict", [
    # components numbered from 0: the output's first component, a sum over the outputs
    pytest.param(r"\frac{\partial C}{\partial a^L_0} = a^L_0 - y_0", "correct", id="zero-based-output-component"),
    pytest.param(r"C = \frac{1}{2}\sum_{j=0}^{n-1} (a^L_j - y_j)^2", "correct", id="zero-based-cost-sum"),
    pytest.param(r"z^l_0 = \sum_{k=0}^{n-1} w^l_{0k} a^{l-1}_k + b^l_0", "correct", id="zero-based-weighted-input"),
    pytest.param(r"p_0 q_0 + p_1 q_1 = \sum_{i=0}^{1} p_i q_i", "correct", id="zero-based-plain-vectors"),
    # counterexamples: wrong sign, weights indexed the other way
    pytest.param(r"\frac{\partial C}{\partial a^L_0} = y_0 - a^L_0", "incorrect", id="zero-based-sign-slip"),
    pytest.param(r"z^l_0 = \sum_{k=0}^{n-1} w^l_{k0} a^{l-1}_k + b^l_0", "incorrect", id="zero-based-swapped-weight"),
    # unchecked: a sum from 0 to a bare symbol (K or K+1 terms?); vectors no equation defines
    pytest.param(r"C = \frac{1}{2}\sum_{j=0}^{n} (a^L_j - y_j)^2", "unchecked", id="zero-to-n-unsure"),
    pytest.param(r"p_0 + q_1 = \sum_{i=0}^{1} p_i q_i", "unchecked", id="zero-based-loose-vectors"),
])
def test_components_numbered_from_zero_are_read_one_up(latex, verdict):
    v = notation.check_reading(notation.read(latex), notation.Context())
    assert v.verdict == verdict, v.reason
    if verdict != "unchecked":
        assert "numbered from 0" in v.reason


@pytest.mark.parametrize("latex,expected", [
    pytest.param(r"a^L_0 = y_0", True, id="component-zero"),
    pytest.param(r"S = \sum_{k=0}^{n-1} a^L_k", True, id="sum-from-zero"),
    pytest.param(r"S = \sum_{k=0}^{n} k^2", False, id="sum-from-zero-not-an-index"),
    pytest.param(r"a^L_1 = y_1", False, id="component-one"),
])
def test_indices_from_zero(latex, expected):
    r = notation.read(latex)
    lhs, rhs = components_named(*r.parts)
    assert indices_from_zero(lhs, rhs) is expected


@pytest.mark.parametrize("latex,expected", [
    pytest.param(r"a^L_0 = \sum_{k=0}^{n-1} w^L_{0k}", r"a^L_1 = \sum_{k=1}^{n} w^L_{1k}", id="numbers-and-limits"),
    pytest.param(r"a^L_j = \sum_{k=0}^{2} w^L_{jk}", r"a^L_j = \sum_{k=1}^{3} w^L_{jk}", id="free-index-kept"),
])
def test_shift_indices(latex, expected):
    got, want = notation.read(latex), notation.read(expected)
    assert tuple(shift_indices(p) for p in got.parts) == want.parts


def test_a_numbered_target_next_to_a_numbered_output_is_its_component():
    # y_1 read as a name of its own made the step fail on every network; it is y's first component
    v = notation.check_reading(notation.read(r"\frac{\partial C}{\partial a^L_1} = a^L_1 - y_1"), notation.Context())
    assert v.verdict == "correct", v.reason


@pytest.mark.parametrize("latex,verdict", [
    # a numbered layer tied to the input: true counting from 1, false counting from 0 — this step alone cannot tell
    pytest.param(r"a^1 = x", "unchecked", id="input-layer-one"),
    pytest.param(r"a^1_k = x_k", "unchecked", id="input-component-layer-one"),
    # both numberings agree: decided
    pytest.param(r"a^2 = 2x", "incorrect", id="input-doubled-wrong-either-way"),
    # the step shows layer 0 itself: counting from 0
    pytest.param(r"z^1 = w^1 x + b^1", "correct", id="first-layer-from-input"),
])
def test_a_numbered_layer_tied_to_the_input(latex, verdict):
    v = notation.check_reading(notation.read(latex), notation.Context())
    assert v.verdict == verdict, v.reason
