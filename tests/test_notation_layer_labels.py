"""A number as a superscript on a network name: a layer or a power (symcheck.notation.layer_labels)."""

import pytest

from symcheck.notation import layer_labels


@pytest.mark.parametrize("source,expected", [
    pytest.param(r"z^1 = w^1 x + b^1", True, id="exponent-one"),
    pytest.param(r"a^0 = x", True, id="exponent-zero"),
    pytest.param(r"z^2 = w^2 a^1 + b^2", True, id="two-numbers"),
    pytest.param(r"\frac{\partial C}{\partial w^2} = x", True, id="denominator"),
    pytest.param(r"\delta^2 = C'(a)", True, id="delta"),
    pytest.param(r"a^2 = g(z^2)", False, id="one-number-only"),
    pytest.param(r"\sigma^2 + \beta^2 = 1", False, id="not-network-names"),
    pytest.param(r"a^2_j = g(z^2_j)", False, id="with-a-subscript-not-this-rule"),
])
def test_established(source, expected):
    assert layer_labels.established(source) is expected


@pytest.mark.parametrize("base,source,expected", [
    pytest.param("z", r"z^2 = w^2 a^1 + b^2", True, id="network-name"),
    pytest.param("x", r"x^2 + 1", False, id="not-a-network-name"),
    pytest.param("w", r"C = C_0 + \frac{\lambda}{2n} \sum_w w^2", False, id="weight-penalty"),
    pytest.param("w", r"C = C_0 + \frac{\lambda}{2n} \sum\limits_{w} w^2", False, id="weight-penalty-limits"),
])
def test_plausible(base, source, expected):
    assert layer_labels.plausible(base, source) is expected
