"""symcheck.notation.ambiguity: an index repeated within a term is an implied sum (Einstein) only when it is
free there; the variable of a sum inside a factor is bound, so a product of sums over one letter repeats
nothing (the softmax quotient e^{z_0} Σ_m e^{z_m} / (Σ_m e^{z_m})²)."""

import pytest

from symcheck.notation.ambiguity import implied_sum
from symcheck.notation.api import read


@pytest.mark.parametrize("latex, expected", [
    pytest.param(r"y_i \hat y_i = 1", True, id="repeated-free-index"),
    pytest.param(r"\frac{e^{z_0} \left(\sum_m e^{z_m}\right)}{\left(\sum_m e^{z_m}\right)^2} = "
                 r"\frac{e^{z_0}}{\sum_p e^{z_p}}", False, id="sums-over-one-letter-in-one-term"),
    pytest.param(r"\left(\sum_m x_m\right) \left(\sum_m y_m\right) = 1", False, id="two-sums-multiplied"),
    pytest.param(r"\left(\sum_m x_m\right) y_j z_j = 1", True, id="a-free-repeat-beside-a-sum"),
    pytest.param(r"\left(\sum_k w_{jk} x_k\right) v_j = 1", True, id="a-sums-free-index-repeated-outside"),
    pytest.param(r"\left(\sum_k w_{jk} x_k\right) \left(\sum_k u_k\right) = v_j", False, id="free-index-once"),
])
def test_a_sums_variable_is_not_a_repeated_index(latex, expected):
    assert implied_sum(read(latex).parts) is expected
