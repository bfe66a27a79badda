"""Vectors, matrices and sums whose entries follow an index pattern, written with ellipses
(symcheck.notation.patterns): read through ``read`` and checked through ``symcheck check``."""

import json

import pytest

from symcheck.cli import main
from symcheck.errors import ParseError
from symcheck.notation.api import read
from symcheck.notation.patterns import IndexDiag, IndexStack

P = "'"
COL_GRAD = r"\begin{bmatrix} \frac{\partial C}{\partial a^L_1} \\ \frac{\partial C}{\partial a^L_2} \\ \vdots \\ \frac{\partial C}{\partial a^L_n} \end{bmatrix}"
COL_SP_L = r"\begin{bmatrix} \sigma" + P + r"(z^L_1) \\ \vdots \\ \sigma" + P + r"(z^L_n) \end{bmatrix}"
COL_SP_l = r"\begin{bmatrix} \sigma" + P + r"(z^l_1) \\ \vdots \\ \sigma" + P + r"(z^l_n) \end{bmatrix}"
DIAG = r"\begin{bmatrix} \sigma" + P + r"(z^l_1) & & \\ & \ddots & \\ & & \sigma" + P + r"(z^l_n) \end{bmatrix}"
W_T = (r"\begin{bmatrix} w^{l+1}_{11} & w^{l+1}_{21} & \cdots & w^{l+1}_{k1} \\ \vdots & & \ddots & \vdots \\ "
       r"w^{l+1}_{1j} & w^{l+1}_{2j} & \cdots & w^{l+1}_{kj} \end{bmatrix}")
D_NEXT = r"\begin{bmatrix} \delta^{l+1}_1 \\ \vdots \\ \delta^{l+1}_k \end{bmatrix}"
OUTER = (r"\begin{bmatrix} \delta^l_1 a^{l-1}_1 & \cdots & \delta^l_1 a^{l-1}_m \\ \vdots & \ddots & \vdots \\ "
         r"\delta^l_n a^{l-1}_1 & \cdots & \delta^l_n a^{l-1}_m \end{bmatrix}")
ROW_A = r"\begin{bmatrix} a^{l-1}_1 & a^{l-1}_2 & \cdots & a^{l-1}_m \end{bmatrix}"


@pytest.mark.parametrize("latex, node, shown", [
    pytest.param(COL_GRAD, IndexStack, "dC/d[a^(L)_ι]", id="column-of-gradients"),
    pytest.param(DIAG, IndexDiag, "σ'(z^(l)_ι)", id="diagonal-with-blanks"),
    pytest.param(W_T, IndexStack, "w^(l + 1)_κ,ι", id="two-index-transposed-weights"),
    pytest.param(OUTER, IndexStack, "a^(l - 1)_κ*delta^(l)_ι", id="outer-product-entries"),
    pytest.param(r"\begin{bmatrix} w_{11} & \cdots & w_{1k} \\ \vdots & \ddots & \vdots \\ w_{j1} & \cdots & w_{jk} "
                 r"\end{bmatrix}", IndexStack, "w[ι, κ]", id="plain-two-index-names"),
    pytest.param(r"\begin{bmatrix} u_1 v_1 \\ u_2 v_2 \\ \vdots \\ u_n v_n \end{bmatrix}", IndexStack, "u[ι]*v[ι]",
                 id="products-of-plain-components"),
])
def test_pattern_is_read(latex, node, shown):
    (part,) = read(latex).parts
    assert part.atoms(node) and shown in str(part)


@pytest.mark.parametrize("latex, fragment", [
    pytest.param(r"\begin{bmatrix} w^l_1 \\ w^l_2 \\ \vdots \\ w^l_j \end{bmatrix}", "not numbers", id="rows-stacked"),
    pytest.param(r"\begin{bmatrix} a^L_1 \\ \vdots \\ a^L_5 \end{bmatrix}", "fixed index", id="fixed-size"),
    pytest.param(r"\begin{bmatrix} a^L_0 \\ \vdots \\ a^L_n \end{bmatrix}", "no index pattern", id="starts-at-zero"),
    pytest.param(r"\begin{bmatrix} a^L_1 \\ b^L_2 \\ \vdots \\ a^L_n \end{bmatrix}", "no index pattern",
                 id="entries-disagree"),
    pytest.param(r"\begin{bmatrix} a^L_1 \\ \vdots \end{bmatrix}", "no last entry", id="no-last-entry"),
    pytest.param(r"\begin{bmatrix} a^L_1 & b \\ \vdots & \\ a^L_n & c \end{bmatrix}", "one direction",
                 id="dots-one-way-two-columns"),
])
def test_pattern_not_determined_is_refused(latex, fragment):
    with pytest.raises(ParseError) as err:
        read(latex)
    assert fragment in str(err.value)


@pytest.mark.parametrize("latex, code", [
    pytest.param(COL_GRAD + r" \odot " + COL_SP_L + r" = \delta^L", 0, id="BP1-entry-by-entry"),
    pytest.param(COL_GRAD + r" \odot " + COL_SP_l + r" = \delta^L", 1, id="BP1-with-layer-l-entries"),
    pytest.param(W_T + " " + D_NEXT + r" \odot " + COL_SP_l + r" = \delta^l", 0, id="BP2-entry-by-entry"),
    pytest.param(W_T + " " + D_NEXT + r" \odot " + COL_SP_L + r" = \delta^l", 1, id="BP2-with-layer-L-entries"),
    pytest.param(DIAG + r" (w^{l+1})^T \delta^{l+1} = \delta^l", 0, id="diagonal-BP2"),
    pytest.param(OUTER + r" = \delta^l (a^{l-1})^T", 0, id="BP4-outer-product"),
    pytest.param(OUTER + r" = a^{l-1} (\delta^l)^T", 1, id="BP4-transposed"),
    pytest.param(ROW_A + r" = (a^{l-1})^T", 0, id="row-vector"),
])
def test_check_patterns(latex, code, capsys):
    assert main(["check", latex, "--json"]) == code
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == {0: "correct", 1: "incorrect"}[code]


def test_wrong_layer_vector_is_refuted_on_shapes(capsys):
    main(["check", W_T + " " + D_NEXT + r" \odot " + COL_SP_L + r" = \delta^l", "--json"])
    d = json.loads(capsys.readouterr().out)
    assert "n_L" in d["reason"] and "n_l" in d["reason"]


@pytest.mark.parametrize("latex, code", [
    pytest.param(r"a_1 + a_2 + \cdots + a_n = \sum_{i=1}^n a_i", 0, id="plain-sum"),
    pytest.param(r"w_1 x_1 + w_2 x_2 + \cdots + w_n x_n + b = \sum_{k=1}^n w_k x_k + b", 0, id="weighted-sum-plus-bias"),
    pytest.param(r"w_1 x_1 + w_2 x_2 + \cdots + w_n x_n + b = \sum_{k=1}^n w_k x_k", 1, id="bias-dropped"),
    pytest.param(r"z^l_j = w^l_{j1} a^{l-1}_1 + w^l_{j2} a^{l-1}_2 + \cdots + w^l_{jk} a^{l-1}_k + b^l_j", 0,
                 id="weighted-input-written-out"),
    pytest.param(r"z^l_j = w^l_{1j} a^{l-1}_1 + \cdots + w^l_{kj} a^{l-1}_k + b^l_j", 1, id="weight-indices-swapped"),
])
def test_check_sums_with_ellipsis(latex, code, capsys):
    assert main(["check", latex, "--json"]) == code
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == {0: "correct", 1: "incorrect"}[code]


@pytest.mark.parametrize("latex, fragment", [
    pytest.param(r"1 + 2 + \cdots + n", "no index pattern", id="numbers-only"),
    pytest.param(r"a_1 + \cdots", "after the ellipsis", id="nothing-after"),
    pytest.param(r"a_1 + b_2 + \cdots + a_n", "no index pattern", id="terms-disagree"),
])
def test_sum_not_determined_is_refused(latex, fragment):
    with pytest.raises(ParseError) as err:
        read(latex)
    assert fragment in str(err.value)


@pytest.mark.parametrize("latex, shown", [
    pytest.param(r"a_1 + a_2 + \cdots + a_n", "Sum(a[ι], (ι, 1, n))", id="sum"),
    pytest.param(r"a_0 + a_1 + \cdots + a_n", "a[0] + Sum(a[ι], (ι, 1, n))", id="a-term-before-the-run"),
])
def test_sum_reads_as_a_sympy_sum(latex, shown):
    (part,) = read(latex).parts
    assert str(part) == shown


@pytest.mark.parametrize("latex, code", [
    pytest.param(r"12(0, 0, 1, 1) = (0, 0, 12, 12)", 0, id="tuple-of-numbers-scaled"),
    pytest.param(r"12(0, 0, 1, 1) = (0, 12, 12, 12)", 1, id="tuple-of-numbers-wrong"),
    pytest.param(r"(\delta^l_1, \ldots, \delta^l_n) = \delta^l", 0, id="tuple-with-ellipsis"),
    pytest.param(r"(\sigma(z^l_1), \ldots, \sigma(z^l_n)) = a^l", 0, id="tuple-of-activations"),
])
def test_check_tuples(latex, code, capsys):
    assert main(["check", latex, "--json"]) == code
    assert json.loads(capsys.readouterr().out)["verdict"] == {0: "correct", 1: "incorrect"}[code]


@pytest.mark.parametrize("latex, fragment", [
    pytest.param(r"(a, b, c)", "not all numbers", id="tuple-of-names"),
    pytest.param(r"\{0, 1, 2\}", "a set", id="set-of-numbers"),
    pytest.param(r"\{ x_1, \ldots, x_n \}", "a set", id="set-with-ellipsis"),
])
def test_tuple_not_a_vector_is_refused(latex, fragment):
    with pytest.raises(ParseError) as err:
        read(latex)
    assert fragment in str(err.value)
