"""Other readings of a step (symcheck.notation.readings): the weights under the other
conventions write-ups use, and the right side alone (is it ill-formed on its own?)."""

import pytest

from symcheck.notation import Context, check_reading, read
from symcheck.notation.readings import right_side_alone, weight_readings


@pytest.mark.parametrize("latex,verdicts", [
    # the book's z^l_j = Σ_k w^l_{jk} a^{l-1}_k + b^l_j read with the weights the other way / numbered by the
    # layer they leave is wrong: each convention is a different statement
    pytest.param(r"z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j", ["incorrect", "incorrect"], id="book-form"),
    pytest.param(r"z^l_j = \sum_k w^l_{kj} a^{l-1}_k + b^l_j", ["correct", "incorrect"], id="other-way-form"),
    pytest.param(r"z^{l+1}_j = \sum_k w^l_{jk} a^l_k + b^{l+1}_j", ["incorrect", "correct"],
                 id="numbered-by-the-layer-they-leave"),
    pytest.param(r"z^l = w^l a^{l-1} + b^l", ["incorrect", "incorrect"], id="matrix-form"),
])
def test_weight_readings(latex, verdicts):
    got = [check_reading(r, Context()).verdict for _, r in weight_readings(read(latex))]
    assert got == verdicts


@pytest.mark.parametrize("latex,ill", [
    pytest.param(r"z^k_i = \sum_j w^k_{ij} a^{k-2}_j + b^k_i", True, id="index-over-two-layer-sizes"),
    pytest.param(r"z^k_i = \sum_j w^k_{ij} a^{k-1}_j + b^k_i", False, id="well-formed"),
])
def test_right_side_alone(latex, ill):
    v = check_reading(right_side_alone(read(latex)), Context())
    assert (v.verdict == "incorrect" and v.check is not None and v.check.is_shape) is ill, v.reason
