"""The cost under the names people give it (symcheck/notation/cost_names.py).

L, J, E, E_n, ℓ, I, CE read as the cost by position: the numerator of ∂/∂(network
quantity), a function of the parameters, the left side of a definition that is a cost of
the output. L as a superscript stays the layer; E_k (an output index) is not a cost; a
name defined as something else keeps its definition (the step is then unchecked).
"""

import re

import pytest
import sympy as sp

from symcheck.errors import ParseError
from symcheck.grade.grader import grade_text
from symcheck.grade.state import Options
from symcheck.notation import read
from symcheck.notation import vocab as V
from symcheck.notation.cost_names import DEFINED_COST, cost_name, is_output_cost

SLACK = Options(step_seconds=30.0)  # the verdict is tested, not the time


def _grads(latex):
    return [g for p in read(latex).parts for g in p.atoms(V.Grad)]


@pytest.mark.parametrize("latex, name, wrt", [
    pytest.param(r"\frac{\partial L}{\partial z^{(l)}_j}", "L", "z", id="L-over-labelled-z"),
    pytest.param(r"\frac{\partial J}{\partial b^l_j}", "J", "b", id="J-over-bias"),
    pytest.param(r"\frac{\partial E_n}{\partial w^l_{jk}}", "E_n", "w", id="E_n-per-example"),
    pytest.param(r"\frac{\partial E_{n}}{\partial w^{l}_{jk}}", "E_n", "w", id="E_n-braced"),
    pytest.param(r"\frac{\partial L_x}{\partial a^L_j}", "L_x", "a", id="L_x-per-example"),
    pytest.param(r"\frac{\partial \ell}{\partial a^L}", "ell", "a", id="ell"),
    pytest.param(r"\frac{\partial \mathcal{L}}{\partial W^{[l]}}", "L", "w", id="mathcal-L-bracket-layer"),
    pytest.param(r"\frac{\partial \mathrm{CE}}{\partial z^L_k}", "CE", "z", id="CE-roman"),
    pytest.param(r"\frac{\partial I}{\partial z^L_j}", "I", "z", id="I"),
    pytest.param(r"\nabla_{a^L} L", "L", "a", id="nabla-of-L"),
])
def test_a_cost_name_over_a_network_quantity_is_the_gradient_of_the_cost(latex, name, wrt):
    (g,) = _grads(latex)
    assert g.cost_name == name and g.args[0].qname == wrt


@pytest.mark.parametrize("latex", [
    pytest.param(r"\frac{\partial E_k}{\partial w^l_{jk}}", id="E_k-an-output-index"),
    pytest.param(r"\frac{\partial u}{\partial z^L_j}", id="another-name"),
    pytest.param(r"\frac{\partial L}{\partial x}", id="over-a-plain-variable"),
    pytest.param(r"\frac{\partial J}{\partial \theta}", id="over-theta"),
    pytest.param(r"\frac{\partial^2 L}{\partial (z^L_j)^2}", id="second-order"),
])
def test_other_numerators_are_not_the_cost(latex):
    try:
        grads = _grads(latex)
    except ParseError:  # unreadable is also "not read as the cost"
        return
    assert not grads


@pytest.mark.parametrize("latex, named", [
    pytest.param(r"\frac{\partial L}{\partial w^l_{jk}} = \frac{\partial C}{\partial w^l_{jk}} + \lambda w^l_{jk}",
                 False, id="L-beside-C-two-costs"),
    pytest.param(r"\frac{\partial J}{\partial b^l_j} = \frac{\partial C}{\partial b^l_j}", False, id="J-beside-C"),
    pytest.param(r"\frac{\partial L}{\partial w^l_{jk}} = \frac{\partial C_0}{\partial w^l_{jk}} + \lambda w^l_{jk}",
                 True, id="L-beside-C_0-its-unregularised-part"),
    pytest.param(r"\frac{\partial E}{\partial w^l_{jk}} = \frac{1}{N}\sum_n \frac{\partial E_n}{\partial w^l_{jk}}",
                 True, id="E-beside-E_n"),
])
def test_a_cost_name_beside_C_is_another_cost(latex, named):
    grads = _grads(latex)
    assert any(g.cost_name in ("L", "J", "E") for g in grads) is named


def test_L_is_the_layer_in_a_superscript_and_the_cost_over_the_bar():
    (lhs, rhs) = read(r"\delta^L_j = \frac{\partial L}{\partial z^L_j}").parts
    assert isinstance(lhs, V.Comp) and lhs.layer == V.L
    assert isinstance(rhs, V.Grad) and rhs.cost_name == "L" and rhs.args[0].layer == V.L


@pytest.mark.parametrize("latex, expected", [
    pytest.param(r"E_n(\mathbf w, \mathbf v)", "E[n]", id="E_n-of-w-v"),
    pytest.param(r"C(w, b)", "C", id="C-of-w-b"),
    pytest.param(r"J(\theta)", "J", id="J-of-theta"),
    pytest.param(r"L(W, b)", "L", id="L-of-W-b"),
    pytest.param(r"J(w^l, b^l)", "J", id="J-of-layered-parameters"),
])
def test_a_cost_applied_to_the_parameters_is_the_cost_as_named(latex, expected):
    reading = read(latex)
    (part,) = reading.parts
    assert str(part) == expected and any("of the parameters read as the cost" in n for n in reading.notes)


def test_a_per_example_cost_applied_to_the_parameters_keeps_its_index_in_a_sum():
    (_, rhs) = read(r"E(\mathbf w, \mathbf v) = \frac{1}{N}\sum_{n=1}^{N} E_n(\mathbf w, \mathbf v)").parts
    (summed,) = rhs.atoms(sp.Sum)
    (term,) = summed.function.atoms(sp.Indexed)
    assert term.indices == (summed.variables[0],)  # Σ_n E_n: the summand depends on n


@pytest.mark.parametrize("latex", [
    pytest.param(r"C(w)", id="C-of-one-argument-stays-a-function"),
    pytest.param(r"f(w, b)", id="f-is-not-a-cost"),
    pytest.param(r"J(\theta - \eta g)", id="not-a-tuple-of-parameters"),
    pytest.param(r"J(x)", id="J-of-the-input"),
    pytest.param(r"E_k(w, v)", id="E_k-not-per-example"),
])
def test_other_applications_are_not_the_cost(latex):
    try:
        parts = read(latex).parts
    except ParseError:  # unreadable is also "not read as the cost"
        return
    assert not any("of the parameters read as the cost" in n for n in read(latex).notes)
    assert not any(isinstance(p, sp.Symbol) and p.name in ("C", "J", "E", "C_x") for p in parts)


@pytest.mark.parametrize("latex, lhs", [
    pytest.param(r"L = -\sum_j y_j \ln a^L_j", "C", id="L-log-likelihood"),
    pytest.param(r"J = \frac{1}{2}\|y - a^L\|^2", "C", id="J-quadratic"),
    pytest.param(r"\mathcal{L} = C_0 + \frac{\lambda}{2n}\sum_w w^2", "C", id="L-regularised"),
    pytest.param(r"E_n = \frac{1}{2}\sum_j (a^L_j - y_j)^2", "C_x", id="E_n-per-example"),
    pytest.param(r"L = 3", "L", id="L-the-number-of-layers"),
    pytest.param(r"E = \sum_k w^l_{jk}", "E", id="E-defined-otherwise"),
    pytest.param(r"E_k = \frac{1}{2}(a^L_k - y_k)^2", "E[k]", id="E_k-output-index"),
])
def test_the_left_side_of_a_cost_definition(latex, lhs):
    assert str(read(latex).parts[0]) == lhs


@pytest.mark.parametrize("latex, expected", [
    pytest.param(r"-\sum_j y_j \ln a^L_j", True, id="log-likelihood"),
    pytest.param(r"3", False, id="a-number"),
    pytest.param(r"\sum_j z^L_j", False, id="weighted-inputs"),
    pytest.param(r"\frac{1}{2}(a^{L-1}_j)^2", False, id="another-layer"),
])
def test_is_output_cost(latex, expected):
    assert is_output_cost(read(latex).parts[0]) is expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("L", True, id="L"), pytest.param(r"E_{n}", True, id="E_n"),
    pytest.param(r"\mathcal{L}", True, id="mathcal-L"), pytest.param(r"\ell", True, id="ell"),
    pytest.param("C", False, id="C-own-gate"), pytest.param("L_k", False, id="L_k"),
    pytest.param("a^L", False, id="activation"),
])
def test_defined_cost_left_sides(text, expected):
    assert bool(DEFINED_COST.fullmatch(text)) is expected


@pytest.mark.parametrize("top, expected", [
    pytest.param(sp.Symbol("J"), "J", id="J"),
    pytest.param(sp.Indexed(sp.IndexedBase("E"), sp.Symbol("n")), "E_n", id="E[n]"),
    pytest.param(sp.Indexed(sp.IndexedBase("E"), sp.Symbol("k")), None, id="E[k]"),
    pytest.param(sp.Symbol("u"), None, id="u"),
    pytest.param(sp.Symbol("L", commutative=False), None, id="a-vector-L"),
])
def test_cost_name(top, expected):
    assert cost_name(top) == expected


# --- graded write-ups ---------------------------------------------------------------------------
def _grade(text, pattern):
    steps = grade_text(text, kind="md", options=SLACK).steps
    found = [s for s in steps if re.search(pattern, s.latex)]
    assert found, [s.latex for s in steps]
    return [s.verdict for s in found]


SOFTMAX_LOSS = ("The last layer is a softmax layer and the loss of one example is\n$$\nL = -\\sum_j y_j \\ln a^L_j\n$$\n\n"
                "Differentiating,\n$$\n{step}\n$$\n")
QUADRATIC_J = ("We write the cost of one input as\n$$\nJ = \\frac{{1}}{{2}}\\sum_j (a^L_j - y_j)^2\n$$\n\n"
               "Then\n$$\n{step}\n$$\n")
PENALISED = ("With weight decay the objective is\n$$\n\\mathcal{{L}} = C_0 + \\frac{{\\lambda}}{{2n}}\\sum_w w^2\n$$\n\n"
             "and\n$$\n{step}\n$$\n")
OTHER_E = "Take\n$$\nE = \\sum_j (a^L_j)^3\n$$\n\nThen\n$$\n{step}\n$$\n"


@pytest.mark.parametrize("text, step, expected", [
    pytest.param(SOFTMAX_LOSS, r"\frac{\partial L}{\partial z^L_j} = a^L_j - y_j", "correct",
                 id="L-loss-softmax-output-error"),
    pytest.param(SOFTMAX_LOSS, r"\frac{\partial L}{\partial z^L_j} = y_j - a^L_j", "incorrect",
                 id="L-loss-sign-slip"),
    pytest.param(SOFTMAX_LOSS, r"\frac{\partial L}{\partial w^L_{jk}} = (a^L_j - y_j) a^{L-1}_k", "correct",
                 id="L-loss-weights-of-the-last-layer"),
    pytest.param(QUADRATIC_J, r"\frac{\partial J}{\partial a^L_j} = a^L_j - y_j", "correct", id="J-quadratic"),
    pytest.param(QUADRATIC_J, r"\frac{\partial J}{\partial a^L_j} = 2(a^L_j - y_j)", "incorrect",
                 id="J-quadratic-factor-two"),
    pytest.param(QUADRATIC_J, r"\frac{\partial J}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", "correct",
                 id="J-bp4"),
    pytest.param(PENALISED, r"\frac{\partial \mathcal{L}}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j "
                 r"+ \frac{\lambda}{n} w^l_{jk}", "correct", id="penalised-L-with-penalty"),
    pytest.param(PENALISED, r"\frac{\partial \mathcal{L}}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", "incorrect",
                 id="penalised-L-forgets-the-penalty"),
    pytest.param(OTHER_E, r"\frac{\partial E}{\partial a^L_j} = 3 (a^L_j)^2", "unchecked",
                 id="E-defined-otherwise-right"),
    pytest.param(OTHER_E, r"\frac{\partial E}{\partial a^L_j} = a^L_j - y_j", "unchecked",
                 id="E-defined-otherwise-not-accused"),
])
def test_grading_with_a_named_cost(text, step, expected):
    verdicts = _grade(text.format(step=step), r"\\partial (L|J|E|\\mathcal)")
    assert verdicts[0].verdict == expected


def test_an_undefined_function_that_is_not_a_cost_stays_unchecked():
    text = "Let $g$ be any smooth function.\n\n$$\n\\frac{\\partial g}{\\partial z^L_j} = a^L_j - y_j\n$$\n"
    (v,) = _grade(text, r"\\partial g")
    assert v.verdict == "unchecked"


PER_EXAMPLE = ("The error of one pattern and the mean error:\n$$\nE_n(\\mathbf w, \\mathbf v) = -\\sum_{{n=1}}^{{N}} "
               "\\sum_{{k=1}}^{{K}} t_{{nk}} \\ln y_{{nk}}\n$$\n\n$$\nE(\\mathbf w, \\mathbf v) = \\frac{{1}}{{N}} "
               "\\sum_{{n=1}}^{{N}} E_n(\\mathbf w, \\mathbf v)\n$$\n\nso\n$$\n\\begin{{aligned}}\n"
               "\\frac{{\\partial E}}{{\\partial w_{{ji}}}} &= \\frac{{\\partial}}{{\\partial w_{{ji}}}} \\frac{{1}}{{N}} "
               "\\sum_{{n=1}}^{{N}} E_n \\\\\n &= {sign}\\frac{{1}}{{N}} \\sum_{{n=1}}^{{N}} "
               "\\frac{{\\partial E_n}}{{\\partial w_{{ji}}}}\n\\end{{aligned}}\n$$\n")


@pytest.mark.parametrize("sign, expected", [
    pytest.param("-", {"incorrect"}, id="sign-slip-flagged"),
    pytest.param("", {"correct", "unchecked"}, id="linearity-never-accused"),
])
def test_a_per_example_cost_defined_with_its_own_index_summed_is_not_its_definition(sign, expected):
    # E_n(w, v) reads as E_n; its right side sums over the n of the left side, so it is not a
    # definition of E_n for each n (grade/components.py): E_n stays a function of the weights
    verdicts = _grade(PER_EXAMPLE.format(sign=sign), r"\\sum_\{n=1\}\^\{N\} \\frac\{\\partial E_n")
    assert verdicts[-1].verdict in expected
