"""Names as write-ups write them (symcheck.notation.names): a subscripted Σ with nothing to sum is a name."""

import pytest
import sympy as sp

from symcheck import notation


@pytest.mark.parametrize("latex,is_name", [
    pytest.param(r"\mathbf{\Sigma}_M = B", True, id="bold-sigma-is-a-matrix"),
    pytest.param(r"\Sigma_M = B", True, id="sigma-before-relation-is-a-name"),
    pytest.param(r"\Sigma_j c_j = 4", False, id="sigma-over-a-term-sums"),
    pytest.param(r"\Sigma_{r=1}^{3} r = 6", False, id="sigma-with-limits-sums"),
])
def test_a_sigma_with_nothing_to_sum_is_a_name(latex, is_name):
    lhs = notation.read(latex).parts[0]
    assert (isinstance(lhs, sp.Symbol) and lhs.name.startswith("Sigma")) is is_name, sp.srepr(lhs)


@pytest.mark.parametrize("latex,verdict", [
    pytest.param(r"\Sigma_{r=1}^{3} r = 6", "correct", id="sum-checked"),
    pytest.param(r"\Sigma_{r=1}^{3} r = 7", "incorrect", id="sum-refuted"),
    pytest.param(r"\mathbf{\Sigma}_M = B", "unchecked", id="named-matrix-unchecked"),
])
def test_sigma_verdicts(latex, verdict):
    v = notation.check_reading(notation.read(latex), notation.Context())
    assert v.verdict == verdict, v.reason


@pytest.mark.parametrize("latex,verdict", [
    # w_{jk} inside a sum over k is the entry w[j, k]: as one name the sum would treat it as a constant
    # and call the factor pulled out of the sum correct. Pulled out, its k is free outside the sum (the sum's
    # own variable is no second use of the letter), and the sides differ under that reading and every other
    pytest.param(r"\sum_k w_{jk} a_k = w_{jk} \sum_k a_k", "incorrect", id="entry-pulled-out-of-its-sum"),
    pytest.param(r"\sum_j W_{ij} x_j = W_{ij} \sum_j x_j", "incorrect", id="capital-entry-pulled-out"),
    pytest.param(r"\sum_k w_{jk} a_k = \sum_k a_k w_{jk}", "correct", id="entry-factors-reordered"),
    pytest.param(r"\sum_k w_{jk} a_k = 2 \sum_k a_k w_{jk}", "incorrect", id="entry-doubled"),
])
def test_a_two_letter_subscript_summed_over_is_an_entry(latex, verdict):
    from symcheck import notation

    v = notation.check_reading(notation.read(latex), notation.Context())
    assert v.verdict == verdict, v.reason


@pytest.mark.parametrize("latex,verdict", [
    # W^{(2)T}: layer 2, transposed (cs224d-style write-ups), not W to the power 2T
    pytest.param(r"W^{(3)T} \delta^{(3)} = (W^{(3)})^T \delta^{(3)}", "correct", id="parenthesised-layer-then-T"),
    pytest.param(r"W^{(3)\top} \delta^{(3)} = (W^{(3)})^T \delta^{(3)}", "correct", id="parenthesised-layer-then-top"),
    pytest.param(r"W_{bc}^{(2)T} = W_{cb}^{(2)}", "correct", id="entry-of-a-transposed-layer"),
    pytest.param(r"W_{bg}^T = W_{gb}", "correct", id="entry-of-a-transposed-plain-matrix"),
    pytest.param(r"W_{bg}^T = 2 W_{gb}", "incorrect", id="entry-of-a-transposed-plain-matrix-doubled"),
])
def test_a_transpose_after_a_layer_label_or_on_an_entry(latex, verdict):
    v = notation.check_reading(notation.read(latex), notation.Context())
    assert v.verdict == verdict, v.reason


@pytest.mark.parametrize("latex", [
    pytest.param(r"W^{(3)T} \delta^{(3)} = W^{(3)} \delta^{(3)}", id="transpose-dropped"),
    pytest.param(r"W_{bc}^{(2)T} = W_{bc}^{(2)}", id="entry-not-swapped"),
    pytest.param(r"W_{bg}^T = W_{bg}", id="plain-entry-not-swapped"),
])
def test_a_transpose_after_a_layer_label_is_not_dropped(latex):
    v = notation.check_reading(notation.read(latex), notation.Context())
    assert v.verdict != "correct", v.reason
