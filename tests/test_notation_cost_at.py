"""∇C(a^L), the cost's gradient at the output written with its point, is the book's ∇_a C
(symcheck.notation.cost_at): right forms are correct on random networks, wrong ones incorrect."""

import pytest

from symcheck.notation.api import Context, check_reading, read


@pytest.mark.parametrize("latex, verdict", [
    pytest.param(r"\delta^L = \nabla C(a^L) \odot \sigma'(z^L)", "correct", id="bp1-with-the-point"),
    pytest.param(r"\delta^L = \nabla C (a^L) \odot g'(z^L)", "correct", id="bp1-with-the-point-any-activation"),
    pytest.param(r"\delta^L = \nabla C(a^L) + \sigma'(z^L)", "incorrect", id="sum-for-the-hadamard-product"),
    pytest.param(r"\delta^L = \nabla C(a^L) \odot \sigma(z^L)", "incorrect", id="sigma-for-its-derivative"),
    pytest.param(r"\delta^L = \nabla C \odot \sigma'(z^L)", "unchecked", id="bare-nabla-stays-open"),
])
def test_gradient_at_the_output(latex, verdict):
    assert check_reading(read(latex), Context()).verdict == verdict
