"""Other readings of a step (symcheck.notation.readings): the weights under the other
conventions write-ups use, and the right side alone (is it ill-formed on its own?)."""

import pytest

from symcheck.notation import Context, check_reading, read
from symcheck.notation.readings import right_side_alone, weight_readings


@pytest.mark.parametrize("latex,verdicts", [
    # the book's z^l_j = Σ_k w^l_{jk} a^{l-1}_k + b^l_j read with the weights the other way / numbered by the
    # layer they leave / both is wrong: each convention is a different statement
    pytest.param(r"z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j", ["incorrect"] * 3, id="book-form"),
    pytest.param(r"z^l_j = \sum_k w^l_{kj} a^{l-1}_k + b^l_j", ["correct", "incorrect", "incorrect"], id="other-way-form"),
    pytest.param(r"z^{l+1}_j = \sum_k w^l_{jk} a^l_k + b^{l+1}_j", ["incorrect", "correct", "incorrect"],
                 id="numbered-by-the-layer-they-leave"),
    pytest.param(r"z^{l+1}_j = \sum_k w^l_{kj} a^l_k + b^{l+1}_j", ["incorrect", "incorrect", "correct"],
                 id="other-way-and-numbered-by-the-layer-they-leave"),
    pytest.param(r"z^l = w^l a^{l-1} + b^l", ["incorrect"] * 3, id="matrix-form"),
    # whole matrices: W^l is the book's (w^l)^T, and the gradient with respect to it is transposed with it
    pytest.param(r"z^l = (w^l)^T a^{l-1} + b^l", ["correct", "incorrect", "incorrect"], id="matrix-other-way"),
    pytest.param(r"\frac{\partial C}{\partial w^l} = a^{l-1} (\delta^l)^T", ["correct", "incorrect", "incorrect"],
                 id="gradient-other-way"),
    pytest.param(r"\frac{\partial C}{\partial w^l} = \delta^l (a^{l-1})^T", ["incorrect"] * 3, id="gradient-book"),
    pytest.param(r"\delta^l = (w^{l+1} \delta^{l+1}) \odot \sigma'(z^l)", ["correct", "incorrect", "incorrect"],
                 id="bp2-other-way"),
    pytest.param(r"\delta^l = ((w^{l+2})^T \delta^{l+1}) \odot \sigma'(z^l)", ["incorrect"] * 3,
                 id="bp2-wrong-layer"),
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


@pytest.mark.parametrize("latex,formed,verdict", [
    pytest.param(r"\frac{\partial C}{\partial w^l} = \delta^l a^{l-1}", True, "correct", id="outer-product"),
    pytest.param(r"\frac{\partial C}{\partial w^l} = \delta^l a^{l-2}", True, "incorrect", id="outer-product-wrong"),
    pytest.param(r"\frac{\partial C}{\partial w^l} = \delta^l (a^{l-1})^T", False, None, id="already-transposed"),
    pytest.param(r"z^l = w^l a^{l-1} + b^l", False, None, id="matrix-times-vector"),
])
def test_dyadic_reading(latex, formed, verdict):
    from symcheck.notation.readings import dyadic_reading

    r = dyadic_reading(read(latex))
    assert (r is not None) is formed
    if formed:
        assert check_reading(r, Context()).verdict == verdict


@pytest.mark.parametrize("latex,formed,verdict", [
    pytest.param(r"\delta^L = \nabla_a C \odot \sigma'(z^L_j)", True, "correct", id="component-for-vector"),
    pytest.param(r"\delta^L = -\nabla_a C \odot \sigma'(z^L_j)", True, "incorrect", id="component-for-vector-wrong"),
    pytest.param(r"\delta^L_j = \frac{\partial C}{\partial a^L_j} \sigma'(z^L_j)", False, None, id="same-index-both-sides"),
])
def test_whole_vector_reading(latex, formed, verdict):
    from symcheck.notation.readings import whole_vector_reading

    r = whole_vector_reading(read(latex))
    assert (r is not None) is formed
    if formed:
        assert check_reading(r, Context()).verdict == verdict


@pytest.mark.parametrize("latex,formed,verdict", [
    # j is free on the left: Einstein notation leaves it free, so nothing is summed and the reading is the
    # plain one (summing j too would make the right side lose the left side's free j)
    pytest.param(r"\delta^L_j = \frac{\partial C}{\partial a^L_j} \frac{\partial a^L_j}{\partial z^L_j}", True,
                 "correct", id="summed-chain-rule"),
    pytest.param(r"z = \sum_k w_k x_k", False, None, id="explicit-sum"),
    pytest.param(r"\delta^L_j = a^L_j - y_j", False, None, id="no-repeat"),
])
def test_einstein_reading(latex, formed, verdict):
    from symcheck.notation.readings import einstein_reading

    r = einstein_reading(read(latex))
    assert (r is not None) is formed
    if formed:
        assert check_reading(r, Context()).verdict == verdict


@pytest.mark.parametrize("latex, verdict", [
    # a numbered component times itself (a_0 (1 + a_0)) is one number squared, never an implied sum
    pytest.param(r"a^{L}_{0} (1 - a^{L}_{0}) = a^{L}_{0} - {a^{L}_{0}}^2", "correct", id="numbered-component-squared"),
    pytest.param(r"a^{L}_{0} (1 + a^{L}_{0}) = a^{L}_{0}", "incorrect", id="numbered-component-squared-wrong"),
    # a letter repeated within a term and free on the other side: Einstein sums nothing, one reading
    pytest.param(r"a^{L}_{j} (1 + a^{L}_{j}) = a^{L}_{j}", "incorrect", id="letter-free-on-the-other-side"),
])
def test_a_numbered_index_is_not_summed(latex, verdict):
    v = check_reading(read(latex), Context(cost="log-likelihood", output="softmax", output_size=3))
    assert v.verdict == verdict, v.reason


@pytest.mark.parametrize("latex, repeated", [
    # a sum's own variable is bound inside it: the numerator's k is the letter's one free occurrence
    pytest.param(r"\frac{e^{z^L_k}}{\sum_k e^{z^L_k}}", set(), id="a-sum-s-variable-is-no-repeat"),
    pytest.param(r"y_k \sum_k y_k x_k", set(), id="bound-and-free-once"),
    pytest.param(r"y_k x_k \sum_m e^{z^L_m}", {"k"}, id="a-repeat-outside-the-sum"),
])
def test_a_sum_s_variable_is_not_repeated(latex, repeated):
    from symcheck.notation.ambiguity import repeated_indices

    assert repeated_indices(read(latex).parts[0]) == repeated


@pytest.mark.parametrize("held, summed", [
    pytest.param(frozenset(), True, id="summed-without-a-statement"),
    pytest.param(frozenset({"j"}), False, id="free-in-the-chain-s-statement"),
])
def test_an_index_the_chain_holds_free_is_not_summed(held, summed):
    from dataclasses import replace

    from symcheck.notation.readings import einstein_reading

    r = einstein_reading(replace(read(r"y_j (1 - a^L_j) = a^L_k - y_j"), held=held))
    assert r is not None and (r.parts != read(r"y_j (1 - a^L_j) = a^L_k - y_j").parts) is summed
