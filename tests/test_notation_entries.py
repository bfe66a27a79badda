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


# --- an expression already written in components: the subscript restates its free index -----------
@pytest.mark.parametrize("latex, shown", [
    pytest.param(r"\big[ u_k M_{kq} + c_q \big]_q", "M_kq*u[k] + c[q]", id="restated-with-a-repeated-index"),
    pytest.param(r"(A_{rs} v_s)_r", "A_rs*v[s]", id="restated-matrix-times-vector-entry"),
    pytest.param(r"[z_t]_t", "z[t]", id="restated-single-component"),
    pytest.param(r"\| u - v \|_2", "Norm(u - v)", id="a-norm-subscript-names-the-norm"),
])
def test_a_restated_index_keeps_the_expression(latex, shown):
    (part,) = read(latex).parts
    assert str(part) == shown


@pytest.mark.parametrize("latex, fragment", [
    pytest.param(r"(u_k v_k)_q", "shapes are not written", id="no-free-index-to-restate"),
    pytest.param(r"(u_k v_q)_q", "shapes are not written", id="another-index-left-free"),
    pytest.param(r"(u_q^2)_q", "kind Pow", id="a-power-of-a-component"),
    pytest.param(r"\| v \|_1", "kind Norm", id="another-norm-is-not-read"),
])
def test_a_subscript_that_does_not_restate_is_refused(latex, fragment):
    with pytest.raises(ParseError) as err:
        read(latex)
    assert fragment in str(err.value)


@pytest.mark.parametrize("latex, code", [
    pytest.param(r"\big[ u_k M_{kq} + c_q \big]_q = c_q + u_k M_{kq}", 0, id="restated-correct"),
    pytest.param(r"\big[ u_k M_{kq} + c_q \big]_q = c_q - u_k M_{kq}", 1, id="restated-sign-fails-under-both-sums"),
    pytest.param(r"\| v \|_2^2 = v^T v", 0, id="euclidean-norm-squared"),
    pytest.param(r"\| v \|_2^2 = 2 v^T v", 1, id="euclidean-norm-squared-doubled"),
    pytest.param(r"\| a^L - y \|_2 = \sum_j (y_j - a^L_j)^2", 2, id="norm-of-network-quantities-not-modelled"),
])
def test_check_restated_components(latex, code, capsys):
    assert main(["check", latex, "--json"]) == code
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == {0: "correct", 1: "incorrect", 2: "unchecked"}[code]
    if code == 1:
        assert d["counterexample"]


@pytest.mark.parametrize("latex, code", [
    pytest.param(r"(u^T W)_i = u_m W_{mi}", 2, id="capital-name-number-or-matrix-unchecked"),
    pytest.param(r"(C v^T)_i = C v_i", 0, id="the-cost-is-a-number"),
    pytest.param(r"(C v^T)_i = C v_i + 1", 1, id="the-cost-is-a-number-wrong"),
])
def test_a_capital_name_beside_a_vector_is_not_guessed(latex, code, capsys):
    assert main(["check", latex, "--json"]) == code
    assert json.loads(capsys.readouterr().out)["verdict"] == {0: "correct", 1: "incorrect", 2: "unchecked"}[code]
