"""Free indices that differ between the sides, for steps the checks left unchecked (recorded or given up
on; symcheck.grade.free_index): a definition with an index free on the right only inside a sum that binds
nothing, a sum over the wrong letter with a symbolic limit, a letter free outside a Σ_{k≠j}."""

from __future__ import annotations

import pytest

from symcheck.grade import grade_text
from symcheck.grade.free_index import fixed_by_text
from symcheck.verdict import CheckKind


def _step(prose: str, latex: str):
    report = grade_text(prose + "\n\n$$\n" + latex + "\n$$\n")
    (step,) = [s for s in report.steps if s.line == 4]
    return step


@pytest.mark.parametrize("prose,latex", [
    pytest.param("The quadratic cost is", r"C = \frac{1}{2} \sum_k (y_j - a^L_j)^2", id="cost-summed-over-the-wrong-letter"),
    pytest.param("The cross-entropy cost is",
                 r"C = -\frac{1}{n} \sum_x \sum_k \left[y_j \ln a^L_j + (1-y_j) \ln (1-a^L_j)\right]",
                 id="cross-entropy-no-implied-sum-under-an-idle-sum"),
    pytest.param("By the chain rule,", r"\frac{\partial C}{\partial b^l_i} = \sum_{j=1}^{n_l} "
                 r"\frac{\partial C}{\partial z^l_k} \frac{\partial z^l_k}{\partial b^l_i}",
                 id="symbolic-limit-sum-over-the-wrong-letter"),
    pytest.param("With a softmax output layer,",
                 r"a^L_j = \frac{e^{z^L_k}}{e^{z^L_j} + \sum_{k \neq j} e^{z^L_k}}", id="k-free-outside-its-sum"),
    pytest.param("Going backwards through the layers,",
                 r"\mathbf{\delta}_k = \left( W_{j+1}^T \mathbf{\delta}_{k+1} \right) \odot \sigma'(\mathbf{z}_k)",
                 id="layers-numbered-by-subscripts-one-renamed"),
    pytest.param("Summing over all outputs,",
                 r"\sum_j a^L_j = \frac{\sum_k e^{c z^L_j}}{\sum_k e^{c z^L_k}}", id="summed-on-the-left-free-on-the-right"),
    pytest.param("For each output,", r"\frac{\partial E}{\partial a_k} = y_j - t_k",
                 id="terms-that-disagree-an-index-the-left-lacks"),
])
def test_free_indices_that_differ_are_incorrect(prose, latex):
    v = _step(prose, latex).verdict
    assert v.verdict == "incorrect"
    assert v.check is CheckKind.SEMANTICS
    assert v.counterexample["lhs free indices"] != v.counterexample["rhs free indices"]


@pytest.mark.parametrize("prose,latex", [
    pytest.param("The quadratic cost is", r"C = \frac{1}{2} \sum_j (y_j - a^L_j)^2", id="cost"),
    pytest.param("The cross-entropy cost is",
                 r"C = -\frac{1}{n} \sum_x \sum_j \left[y_j \ln a^L_j + (1-y_j) \ln (1-a^L_j)\right]",
                 id="cross-entropy"),
    pytest.param("By the chain rule,", r"\frac{\partial C}{\partial b^l_i} = \sum_{k=1}^{n_l} "
                 r"\frac{\partial C}{\partial z^l_k} \frac{\partial z^l_k}{\partial b^l_i}", id="chain-rule"),
    pytest.param("With a softmax output layer,",
                 r"a^L_j = \frac{e^{z^L_j}}{e^{z^L_j} + \sum_{k \neq j} e^{z^L_k}}", id="softmax"),
    pytest.param("Going backwards through the layers,",
                 r"\mathbf{\delta}_k = \left( W_{k+1}^T \mathbf{\delta}_{k+1} \right) \odot \sigma'(\mathbf{z}_k)",
                 id="layers-numbered-by-subscripts"),
    pytest.param("For the true class $j = \\tilde{y}$, the cost is", r"C = \frac{1}{2} \sum_k (y_j - a^L_j)^2",
                 id="the-text-fixes-j"),
    pytest.param("The cost of one example is", r"C = -\ln a^L_j", id="no-idle-sum-j-may-be-the-label"),
    pytest.param("Scaling every weight and bias by $k$ gives", r"g_k(x) = k v x + k c",
                 id="a-label-the-right-side-uses-as-a-value"),
    pytest.param("Scaling every weight and bias by $k$ gives",
                 r"g_k(x) = \frac{1}{1 + e^{-\sum_j k v_j x_j - k c}}", id="a-label-used-inside-a-sum"),
])
def test_same_free_indices_or_fixed_by_the_text_are_not_accused(prose, latex):
    assert _step(prose, latex).verdict.verdict != "incorrect"


@pytest.mark.parametrize("text,letters", [
    pytest.param("for the true class $j = \\tilde{y}$", {"j"}, id="equation"),
    pytest.param("where $k \\neq j$", {"k", "j"}, id="condition"),
    pytest.param("where j is the label", {"j"}, id="words"),
    pytest.param("for every $k$ such that $z_k$ is maximal", {"k"}, id="a-restriction"),
    pytest.param("we still have $a_j \\geq 0$ for all $j$", set(), id="a-bare-quantifier-fixes-nothing"),
    pytest.param("the quadratic cost is", set(), id="nothing"),
])
def test_fixed_by_text(text, letters):
    class S:
        context, intro = text, ""

    assert fixed_by_text(S()) == letters


def test_a_sums_variable_on_the_left_is_not_a_value_that_labels_it():
    """The k of the left's Σ_{k=1}^{n} is the sum's own variable, not a value: the link that leaves k free on
    the right only (its sum runs over an unused j) is still accused."""
    chain = (r"\frac{\partial C}{\partial z^l_i} = \sum_{k=1}^{n_{l+1}} \frac{\partial C}{\partial z^{l+1}_k} "
             r"\frac{\partial z^{l+1}_k}{\partial z^l_i} = \sum_{j=1}^{n_{l+1}} \delta^{l+1}_k "
             r"\frac{\partial z^{l+1}_k}{\partial z^l_i}")
    report = grade_text("By the chain rule,\n\n$$\n" + chain + "\n$$\n")
    first, link = [s for s in report.steps if s.line == 4]
    assert first.verdict.verdict != "incorrect"
    assert link.verdict.verdict == "incorrect" and link.verdict.check is CheckKind.SEMANTICS


def test_terms_that_disagree_where_the_text_declares_implied_sums_are_not_accused():
    """In Einstein notation as some write-ups extend it, an index the answer lacks is summed (``-y_k + y_i ŷ_k``
    sums over i): a side whose terms disagree is then no array over all their indices."""
    v = _step("In Einstein notation, an index the answer lacks is summed:", r"\frac{\partial E}{\partial a_k} = y_j - t_k")
    assert v.verdict.verdict != "incorrect" or v.verdict.check is not CheckKind.SEMANTICS
