"""An index on one side only (symcheck.grade.indices): a side that changes with an index
the other side does not carry is refuted on random networks; loose or conditional uses
of an index are not."""

import pytest

from symcheck.grade import grade_text
from symcheck.grade.indices import free_index_letters, loose


def _verdicts(text: str, line: int) -> list:
    return [s.verdict for s in grade_text(text).steps if s.line == line]


def _display(*rows: str, before: str = "The derivation:") -> str:
    return before + "\n\n$$\n" + "\n$$\n\n$$\n".join(rows) + "\n$$\n"


WRONG = [
    pytest.param(_display(r"\frac{\partial C}{\partial w^l_{jk}} = \frac{\partial C}{\partial z^l_j} "
                          r"\frac{\partial z^l_j}{\partial w^l_{jk}} = a^{l-1}_i \delta^l_j"),
                 4, id="chain-row-brings-a-new-index"),
    pytest.param(_display(r"\delta^l_i = \sum_k w^{l+1}_{kj} \delta^{l+1}_k \sigma'(z^l_j)"),
                 4, id="bp2-components-mismatched-indices"),
    pytest.param(_display(r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^L_i)"),
                 4, id="bp2-vector-with-an-output-component"),
    pytest.param(_display(r"\frac{\partial C}{\partial b^l_j} = \delta^l_k"), 4, id="bias-gradient-other-index"),
    pytest.param(_display(r"\frac{\partial C}{\partial b^l_j} = \sum_j \delta^l_j"), 4,
                 id="the-index-captured-by-a-sum"),
]


@pytest.mark.parametrize("text, line", WRONG)
def test_a_side_that_changes_with_a_one_sided_index_is_incorrect(text, line):
    verdicts = _verdicts(text, line)
    wrong = [v for v in verdicts if v.verdict == "incorrect"]
    assert wrong, [v.reason for v in verdicts]
    assert wrong[-1].counterexample and "lhs" in wrong[-1].counterexample


RIGHT = [
    pytest.param(_display(r"\frac{\partial C}{\partial w^l_{jk}} = \frac{\partial C}{\partial z^l_j} "
                          r"\frac{\partial z^l_j}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j"), 4, id="bp4-chain"),
    pytest.param(_display(r"\delta^L = \nabla_a C \odot \sigma'(z^L_j)"), 4, id="loose-elementwise-bp1"),
    pytest.param("Since $a^L_j$ depends on $z^L_j$ only, $\\frac{\\partial a^L_j}{\\partial z^L_i} = 0$ "
                 "for $i \\ne j$.\n", 1, id="zero-for-other-indices"),
    pytest.param("For every $k$ such that $z^L_k$ is maximal, $e^{z^L_k} = e^{z^L_j}$ too.\n", 1,
                 id="text-restricts-the-index"),
    pytest.param(_display(r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k \sigma'(z^l_j)"), 4, id="bp2-components"),
    pytest.param(_display(r"\frac{\partial a^l_k}{\partial z^l_j} = \sigma'(z^l_j), \quad k = j"), 4,
                 id="a-diagonal-where-the-step-states-the-indices-coincide"),
    pytest.param(_display(r"z^l_j = w^l_{jk} a^{l-1}_k + b^l_j", before="With the summation convention:"), 4,
                 id="einstein-summed-index"),
    pytest.param(_display(r"\delta^l_j = (w^{l+1})^T \delta^{l+1}",
                          before="With linear neurons, sigma(z) = z, the error is:"), 4,
                 id="stray-subscript-in-a-linear-setting"),
]


@pytest.mark.parametrize("text, line", RIGHT)
def test_a_right_or_conditional_use_of_an_index_is_never_incorrect(text, line):
    verdicts = _verdicts(text, line)
    assert verdicts
    assert all(v.verdict != "incorrect" for v in verdicts), [v.reason for v in verdicts]


def test_free_index_letters_leave_out_summed_indices_and_layers():
    from symcheck import notation

    lhs, rhs = notation.read(r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k \sigma'(z^l_j)").parts
    assert free_index_letters(rhs) == {"j"}
    assert free_index_letters(lhs) == {"j"}


def test_loose_reads_a_lone_component_as_its_vector():
    from symcheck import notation

    _, rhs = notation.read(r"\delta^L = \nabla_a C \odot \sigma'(z^L_j)").parts
    assert free_index_letters(loose(rhs, "j")) == set()
    assert loose(rhs, "k") == rhs


# an index repeated within a term that every reading leaves free (j free on the other side): one reading,
# so a free index of two sizes is an error, not an ambiguity between implied sums
ROWS = "$$\\frac{\\partial C}{\\partial w^l_{jk}} = \\delta^l_j a^{l-1}_k = %s$$\n"
PLAIN_EINSTEIN = [
    pytest.param(ROWS % r"a^{l-1}_j \delta^l_j", "incorrect", id="a-free-index-of-two-sizes"),
    pytest.param(ROWS % r"a^{l-1}_k \delta^l_j", "correct", id="the-row-as-it-was"),
]


@pytest.mark.parametrize("text, verdict", PLAIN_EINSTEIN)
def test_an_implied_sum_that_sums_nothing(text, verdict):
    from symcheck.grade import grade_text

    v = grade_text(text, "md").steps[-1].verdict
    assert v.verdict == verdict, v.reason


# the lone index's term repeats no index: the side changes with it by that term alone, whether another
# term's repeated index is summed or not
LONE = [
    pytest.param(r"\frac{\partial C}{\partial b^L_j} = a^L_j \sigma'(z^L_j) + y_k", "incorrect",
                 id="lone-index-beside-a-repeated-one"),
    pytest.param(r"\frac{\partial C}{\partial b^L_j} = (a^L_j - y_j) \sigma'(z^L_j)", "correct",
                 id="no-lone-index"),
]


@pytest.mark.parametrize("latex, verdict", LONE)
def test_a_lone_index_beside_an_implied_sum(latex, verdict):
    from symcheck.grade import grade_text

    v = grade_text(f"For the quadratic cost,\n\n$${latex}$$\n", "md").steps[-1].verdict
    assert v.verdict == verdict, v.reason


# a row of a chain whose statement carries j free (δ_j = …): j is free in every row, so an index repeated
# within a term of the row before is not an implied sum, and a row that swaps in another index is accused
ROW_OF_A_CHAIN = [
    pytest.param(r"\sigma(z_j^L) - y_j", "correct", id="the-row"),
    pytest.param(r"\sigma(z_k^L) - y_j", "incorrect", id="an-index-changed"),
]


@pytest.mark.parametrize("row, verdict", ROW_OF_A_CHAIN)
def test_an_index_free_in_the_chain_s_statement_is_not_summed(row, verdict):
    from symcheck.grade import grade_text

    text = ("With the cross-entropy cost, for all neurons $j$ of the output layer,\n\n$$\\delta_j^L = "
            "- \\left( y_j (1 - \\sigma(z_j^L)) - (1 - y_j) \\sigma(z_j^L) \\right) = " + row + "$$\n")
    v = grade_text(text, "md").steps[-1].verdict
    assert v.verdict == verdict, v.reason


# a sum's variable reused outside it (e^{z_k} / Σ_k e^{z_k}) is the numerator's own free index, not a repeat
SOFTMAX_ROW = [
    pytest.param(r"\frac{e^{z_j^L}}{\sum_k e^{z_k^L}}", "correct", id="the-softmax"),
    pytest.param(r"\frac{e^{z_k^L}}{\sum_k e^{z_k^L}}", "incorrect", id="the-sum-s-letter-in-the-numerator"),
]


@pytest.mark.parametrize("row, verdict", SOFTMAX_ROW)
def test_a_sum_s_letter_outside_it_is_no_implied_sum(row, verdict):
    from symcheck.grade import grade_text

    text = ("The output layer is a softmax layer: $a_j^L = \\frac{e^{z_j^L}}{\\sum_k e^{z_k^L}}$.\n\n"
            "$$a_j^L = \\frac{e^{z_j^L}}{\\sum_k e^{z_k^L}} = " + row + "$$\n")
    v = grade_text(text, "md").steps[-1].verdict
    assert v.verdict == verdict, v.reason


def test_an_index_summed_in_the_chain_s_statement_is_not_held_free():
    from symcheck.grade import grade_text

    # y_i x_i repeats i: Einstein may sum it in the statement, so its rows may sum it too (x_k y_k is the same sum)
    v = grade_text("$$y_i x_i = x_i y_i = x_k y_k$$\n", "md").steps[-1].verdict
    assert v.verdict == "correct", v.reason
