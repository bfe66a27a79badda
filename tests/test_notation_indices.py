"""Free indices under each summation convention (symcheck.notation.indices), and the
rules of the checks that use them: a renamed free index is incorrect under every
reading; Einstein notation is no reading when only the plain one is well formed."""

import pytest

from symcheck.notation import Context, check_reading, read
from symcheck.notation.ambiguity import only_plain_well_formed
from symcheck.notation.indices import free_indices, index_mismatch


@pytest.mark.parametrize("latex,plain,einstein", [
    pytest.param(r"y_i \hat{y}_i", {"i"}, set(), id="repeated-summed-under-einstein"),
    pytest.param(r"\sum_k w_{jk} a_k", {"j"}, {"j"}, id="explicit-sum-binds"),
    pytest.param(r"a_j (1 - a_j)", {"j"}, set(), id="constant-term-agrees"),
    pytest.param(r"\frac{\partial C}{\partial b_j}", {"j"}, {"j"}, id="derivative-variable-once"),
    pytest.param(r"\delta_{jk} a_k", {"j", "k"}, {"j"}, id="kronecker"),
])
def test_free_indices(latex, plain, einstein):
    e = read(latex).parts[0]
    assert set(free_indices(e, False)) == plain
    assert set(free_indices(e, True)) == einstein


@pytest.mark.parametrize("latex,found", [
    # wrong forms: an index free on the right that the left never mentions
    pytest.param(r"\frac{\partial C}{\partial b^l_j} = \delta^l_k", ["k"], id="renamed-index"),
    pytest.param(r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_i", ["i"], id="renamed-one-of-two"),
    pytest.param(r"\delta^L_j = \frac{\partial C}{\partial a_k^L} \frac{\partial a_j^L}{\partial z_j^L}", ["k"],
                 id="extra-index-on-the-right"),
    pytest.param(r"-y_i \frac{1}{\hat{y}_i} \frac{\partial \hat{y}_i}{\partial \theta_k} = "
                 r"-y_j \frac{1}{\hat{y}_i} \frac{\partial \hat{y}_i}{\partial \theta_k}", ["j"],
                 id="einstein-ill-formed-but-renamed-index-free-anyway"),
    pytest.param(r"\delta_j^L = \sum_j \frac{\partial C}{\partial a_k^L}\frac{\partial a^L_k}{\partial z_j^L}",
                 ["k"], id="sum-over-the-free-index"),
    pytest.param(r"x_j = \sum_j x_j y_j", [], id="free-index-only-summed-on-the-right"),
    pytest.param(r"J_{ij} = \frac{\partial a_k}{\partial z_i}", ["k"], id="jacobian-entry-renamed"),
    pytest.param(r"\mathbf{\delta}_k = \left( W_{j+1}^T \mathbf{\delta}_{k+1} \right) \odot \sigma'(\mathbf{z}_k)",
                 ["j"], id="layers-numbered-by-subscripts-one-renamed"),
    pytest.param(r"\mathbf{\delta}_k = \left( W_{k+1}^T \mathbf{\delta}_{k+1} \right) \odot \sigma'(\mathbf{z}_k)",
                 None, id="layers-numbered-by-subscripts"),
    pytest.param(r"J_{ij} = \frac{\partial a_j}{\partial z_i}", None, id="jacobian-entry-the-functions-own-index"),
    # a sum over a letter its summand never uses binds nothing and implies no sum under it
    pytest.param(r"\frac{\partial C}{\partial b^l_i} = \sum_{j=1}^{n_l} \frac{\partial C}{\partial z^l_k} "
                 r"\frac{\partial z^l_k}{\partial b^l_i}", ["k"], id="idle-sum-implies-no-sum-under-it"),
    pytest.param(r"\delta_i = \sum_k \frac{\partial C}{\partial a_j} \frac{\partial a_j}{\partial z_i}", ["j"],
                 id="idle-sum-over-k-repeated-j-stays-free"),
    pytest.param(r"C = \frac{1}{2} \sum_k (y_j - a^L_j)^2", ["j"], id="definition-with-a-stray-index-in-an-idle-sum"),
    pytest.param(r"\sum_j a^L_j = \frac{\sum_k e^{z^L_j}}{\sum_k e^{z^L_k}}", ["j"],
                 id="stray-index-the-left-only-sums-over"),
    pytest.param(r"a^L_j = \frac{e^{z^L_k}}{e^{z^L_j} + \sum_{k \neq j} e^{z^L_k}}", ["k"],
                 id="the-delta-of-a-sum-condition-fixes-nothing"),
    pytest.param(r"\frac{\partial C}{\partial b_j} = -\frac{1}{a_k} \left(e^{-z_j} \sum_{k \neq j} e^{z_k}\right) "
                 r"(a_j)^2", ["k"], id="einstein-ill-formed-the-free-k-occurs-once-outside-the-sum"),
    # right (or possibly right) forms: not accused
    pytest.param(r"a^L_j = \frac{e^{z^L_j}}{e^{z^L_j} + \sum_{k \neq j} e^{z^L_k}}", None, id="sum-over-k-not-j"),
    pytest.param(r"\frac{\partial C}{\partial b^l_i} = \sum_{k=1}^{n_l} \frac{\partial C}{\partial z^l_k} "
                 r"\frac{\partial z^l_k}{\partial b^l_i}", None, id="chain-rule-sum-over-k"),
    pytest.param(r"C = \frac{1}{2} \sum_j (y_j - a^L_j)^2", None, id="quadratic-cost"),
    pytest.param(r"S = \sum_k c", None, id="an-idle-sum-alone-is-n-copies"),
    pytest.param(r"\sum_j a^L_j = \frac{\sum_j e^{z^L_j}}{\sum_k e^{z^L_k}}", None, id="softmax-sums-to-one"),
    pytest.param(r"a_j = \frac{e^{z_j}}{\sum_j e^{z_j}}", None, id="free-and-summed-softmax-sloppy"),
    pytest.param(r"\sum_j \delta_{jk} x_j = x_j", None, id="kronecker-sum"),
    pytest.param(r"\frac{\partial C}{\partial b^l_j} = \delta^l_j", None, id="same-indices"),
    pytest.param(r"\frac{\partial C}{\partial z_j} = a_j - \delta_{jk}", None, id="kronecker-k-may-be-fixed"),
    pytest.param(r"C = -\ln a_k", None, id="left-without-index-k-may-be-fixed"),
    pytest.param(r"\frac{\partial a_j}{\partial z_k} = a_j(1-a_j)", None, id="left-only-index-a-case-j-eq-k"),
    pytest.param(r"\frac{\partial C}{\partial \theta_k} = -y_k + y_i \hat{y}_k", None, id="terms-disagree-loose"),
    pytest.param(r"z_j = \sum_k w_{jk} a_k + b_j", None, id="summed-index"),
    pytest.param(r"\frac{\partial y_{i}}{\partial a_{0}} = \frac{\partial}{\partial a_{0}} \frac{\exp(a_{i})}{u}", None,
                 id="index-of-a-function-y_i-of-a_0"),
    pytest.param(r"\frac{\partial F}{\partial h_k} \frac{\partial h_k}{\partial u} = "
                 r"\sum_k \frac{\partial F}{\partial h_k} \frac{\partial h_k}{\partial u}", None,
                 id="einstein-sum-made-explicit-through-h_k-of-u"),
    # and a renamed index of such a function is still found
    pytest.param(r"\frac{\partial y_{i}}{\partial a_{0}} = \frac{\partial}{\partial a_{0}} \frac{\exp(a_{k})}{u}", ["k"],
                 id="renamed-index-beside-a-function-y_i"),
])
def test_index_mismatch(latex, found):
    got = index_mismatch(*read(latex).parts, strays=True)
    assert (got["right only"] if got else None) == found


@pytest.mark.parametrize("latex, loose, found", [
    pytest.param(r"\frac{\partial E}{\partial a_k} = y_j - t_k", True, ["j"], id="terms-disagree-an-index-the-left-lacks"),
    pytest.param(r"\frac{\partial E}{\partial a_k} = y_j - t_k", False, None, id="terms-disagree-implied-sums-declared"),
    pytest.param(r"\frac{\partial C}{\partial \theta_k} = -y_k + y_i \hat{y}_k", False, None,
                 id="implied-sum-by-the-answers-indices"),
    pytest.param(r"\frac{\partial a_i}{\partial z_j} = \delta_{ij} a_j - a_i a_j", True, None,
                 id="terms-disagree-within-the-lefts-indices"),
    pytest.param(r"\frac{\partial E}{\partial a_k} = y_k - t_k", True, None, id="terms-agree"),
])
def test_a_loose_right_side(latex, loose, found):
    """``loose``: a right side whose terms carry different indices is an array over all of them (the text
    declares no implied sums); a left side the right lacks an index of is then accused."""
    got = index_mismatch(*read(latex).parts, strays=True, loose=loose)
    assert (got and got["right only"]) == found


def test_a_stray_index_needs_the_text_read():
    """Without the text (``strays`` off), an index free on the right only where the left has none may be
    the text's (C = -ln a_j, j the label), also inside an idle sum."""
    assert index_mismatch(*read(r"C = \frac{1}{2} \sum_k (y_j - a^L_j)^2").parts) is None


def test_given_index_is_fixed():
    assert index_mismatch(*read(r"\frac{\partial C}{\partial b^l_j} = \delta^l_k").parts, given=("k",)) is None


@pytest.mark.parametrize("latex,verdict", [
    pytest.param(r"\frac{\partial C}{\partial b^l_j} = \delta^l_k", "incorrect", id="renamed-index"),
    pytest.param(r"\frac{\partial C}{\partial b^l_j} = \delta^l_j", "correct", id="bp3-component"),
    pytest.param(r"\delta^L_j = \frac{\partial C}{\partial a^L_j} \sigma'(z^L_j)", "correct", id="bp1-component"),
    pytest.param(r"\delta^L_j = -\frac{\partial C}{\partial a^L_j} \sigma'(z^L_j)", "incorrect",
                 id="bp1-sign-einstein-ill-formed"),
])
def test_check_reading(latex, verdict):
    v = check_reading(read(latex), Context())
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert v.counterexample


@pytest.mark.parametrize("latex,plain_only", [
    pytest.param(r"\delta^L_j = \frac{\partial C}{\partial a^L_j} \sigma'(z^L_j)", True, id="summed-right-has-no-j"),
    pytest.param(r"C = -y_i \log \hat{y}_i", False, id="einstein-well-formed"),
    pytest.param(r"\frac{\partial C}{\partial \theta_k} = -y_i \frac{\partial}{\partial \theta_k} \log(\hat{y}_i)",
                 False, id="einstein-and-plain-disagree"),
])
def test_only_plain_well_formed(latex, plain_only):
    assert only_plain_well_formed(read(latex).parts) is plain_only


@pytest.mark.parametrize("latex,free", [
    pytest.param(r"\frac{e^{z^L_k}}{e^{z^L_j} + \sum_{k \neq j} e^{z^L_k}}", {"j", "k"}, id="k-free-outside-its-sum"),
    pytest.param(r"\frac{e^{z^L_j}}{e^{z^L_j} + \sum_{k \neq j} e^{z^L_k}}", {"j"}, id="k-only-in-its-sum"),
    pytest.param(r"\sum_k w^l_{jk} a^{l-1}_k", {"j"}, id="weighted-input"),
])
def test_free_index_symbols_outside_the_sums_over_them(latex, free):
    """The evaluator gives a value to each letter free outside the sums over it (symcheck.notation.evaluate):
    a letter both free and summed (e^{z_k} / Σ_{k≠j} e^{z_k}) was left without one ("Cannot convert symbols
    to int")."""
    from symcheck.notation.evaluate import free_index_symbols

    assert {s.name for s in free_index_symbols(read(latex).parts[0])} == free


def test_a_letter_free_outside_its_sum_is_evaluated():
    v = check_reading(read(r"a^L_j = \frac{e^{z^L_k}}{e^{z^L_j} + \sum_{k \neq j} e^{z^L_k}}"),
                      Context(output="softmax"))
    assert v.verdict == "incorrect"
