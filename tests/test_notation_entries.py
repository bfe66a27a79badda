"""The component of an expression, ``(expr)_i`` and ``[expr]_{ij}`` (symcheck.notation.entries):
read through ``read`` and checked through ``symcheck check``."""

import json

import pytest

from symcheck.cli import main
from symcheck.errors import ParseError
from symcheck.notation.api import read

P = "'"


@pytest.mark.parametrize("latex, shown", [
    pytest.param(r"(\mathbf{a}_k)_i", "a^(k)_i", id="layer-as-subscript-vector"),
    pytest.param(r"(u \odot v)_i", "u[i]*v[i]", id="hadamard-of-plain-vectors"),
    pytest.param(r"\big[ \hat{y} - y \big]_b", "y^_b - y_b", id="big-brackets-difference"),
    pytest.param(r"((w^{l+1})^T \delta^{l+1})_j", "Sum_m(delta^(l + 1)_m*w^(l + 1)_m,j)", id="transpose-times-vector"),
    pytest.param(r"(\delta^l (a^{l-1})^T)_{jk}", "a^(l - 1)_k*delta^(l)_j", id="outer-product-entry"),
    pytest.param(r"(W^T)_{ij}", "W_ji", id="transpose-of-plain-matrix"),
])
def test_component_is_read(latex, shown):
    (part,) = read(latex).parts
    assert str(part) == shown


@pytest.mark.parametrize("latex, fragment", [
    pytest.param(r"(h W + b)_k", "shapes are not written", id="product-of-plain-names"),
    pytest.param(r"(x + 1)_i", "component of a number", id="a-number"),
    pytest.param(r"(a^L)_{ijk}", "not one or two indices", id="three-indices"),
    pytest.param(r"(a^L)_{jk}", "two indices on the vector", id="two-indices-on-a-vector"),
])
def test_component_not_determined_is_refused(latex, fragment):
    with pytest.raises(ParseError) as err:
        read(latex)
    assert fragment in str(err.value)


@pytest.mark.parametrize("latex, code", [
    pytest.param(r"(\mathbf{a}_k)_i = a_i^k", 0, id="component-of-bold-vector"),
    pytest.param(r"(u \odot v)_i = u_i v_i", 0, id="hadamard-component"),
    pytest.param(r"(u \odot v)_i = u_i + v_i", 1, id="hadamard-component-wrong"),
    pytest.param(r"((w^{l+1})^T \delta^{l+1})_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k", 0, id="BP2-sum-component"),
    pytest.param(r"(w^l a^{l-1} + b^l)_j = z^l_j", 0, id="weighted-input-component"),
    pytest.param(r"(\nabla_a C \odot \sigma" + P + r"(z^L))_j = \delta^L_j", 0, id="BP1-component"),
    pytest.param(r"(\delta^l (a^{l-1})^T)_{jk} = \delta^l_j a^{l-1}_k", 0, id="BP4-entry"),
    pytest.param(r"(\delta^l (a^{l-1})^T)_{jk} = \delta^l_k a^{l-1}_j", 1, id="BP4-entry-swapped"),
    pytest.param(r"(u - v)_i = u_i - v_i", 0, id="difference"),
    pytest.param(r"(a^L - y)_j = a^L_j - y_j", 0, id="output-error-component"),
    pytest.param(r"(a^L - y)_j = a^L_j + y_j", 1, id="output-error-component-sign"),
    pytest.param(r"\sigma(z^l)_j = a^l_j", 0, id="component-of-a-function-value"),
])
def test_check_components(latex, code, capsys):
    assert main(["check", latex, "--json"]) == code
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == {0: "correct", 1: "incorrect"}[code]
