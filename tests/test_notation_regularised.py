"""A cost the write-up defined with a weight penalty (symcheck/notation/regularised.py).

Once a write-up has defined ``C = C_0 + λ/2n Σ_w w²`` (or the L1 form), ∂C/∂w carries the
penalty's derivative: BP4 alone (a^{l-1}_k δ^l_j) is then wrong for C and right for C_0,
and the gradient with the penalty is right. A file that does not define such a C keeps BP4.
"""

import re

import pytest
import sympy as sp

from symcheck.grade.grader import grade_text
from symcheck.grade.state import Options
from symcheck.notation import read
from symcheck.notation.regularised import L1, L2, penalty

SLACK = Options(step_seconds=30.0)  # the verdict is tested, not the time
L2_COST = r"C = C_0 + \frac{\lambda}{2n} \sum_w w^2"
L1_COST = r"C = C_0 + \frac{\lambda}{n} \sum_w |w|"
BP4 = r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j"


def _verdict(cost_line, step):
    text = "We train with the cross-entropy cost.\n\n"
    if cost_line:
        text += f"The regularised cost is\n$$\n{cost_line}\n$$\n\n"
    text += f"Then\n$$\n{step}\n$$\n"
    steps = [s for s in grade_text(text, kind="md", options=SLACK).steps if s.latex != cost_line]
    (last,) = [s for s in steps if re.search(r"\\partial C", s.latex)]
    return last.verdict.verdict


@pytest.mark.parametrize("cost_line, step, expected", [
    pytest.param(L2_COST, BP4, "incorrect", id="L2-bp4-forgets-the-penalty"),
    pytest.param(L2_COST, BP4.replace("=", r"= \frac{\lambda}{n} w^l_{jk} +"), "correct", id="L2-with-penalty"),
    pytest.param(L2_COST, BP4.replace("=", r"= \frac{\lambda}{2n} w^l_{jk} +"), "incorrect",
                 id="L2-half-the-penalty"),
    pytest.param(L2_COST, BP4.replace("=", r"= \frac{\partial C_0}{\partial w^l_{jk}} + \frac{\lambda}{n} w^l_{jk}"
                                      r" + 0 \cdot").replace("a^{l-1}_k \\delta^l_j", "1"), "correct",
                 id="L2-dC0-plus-penalty"),
    pytest.param(L2_COST, BP4.replace("C}", "C_0}", 1), "correct", id="L2-bp4-for-C0"),
    pytest.param(L2_COST, r"\frac{\partial C}{\partial b^l_j} = \delta^l_j", "correct", id="L2-biases-unchanged"),
    pytest.param(L1_COST, BP4.replace("=", r"= \frac{\lambda}{n} \operatorname{sgn}(w^l_{jk}) +"), "correct",
                 id="L1-with-penalty"),
    pytest.param(L1_COST, BP4, "incorrect", id="L1-bp4-forgets-the-penalty"),
    pytest.param("", BP4, "correct", id="unregularised-bp4"),
    pytest.param("", BP4.replace("=", r"= \frac{\lambda}{n} w^l_{jk} +"), "incorrect", id="unregularised-penalty"),
])
def test_the_gradient_of_a_regularised_cost(cost_line, step, expected):
    assert _verdict(cost_line, step) == expected


@pytest.mark.parametrize("latex, kind, coefficient", [
    pytest.param(L2_COST, L2, sp.Symbol("lambda", real=True) / (2 * sp.Symbol("n", real=True)), id="L2"),
    pytest.param(L1_COST, L1, sp.Symbol("lambda", real=True) / sp.Symbol("n", real=True), id="L1"),
    pytest.param(r"C = C_0 + \frac{\lambda}{2} \sum_w w^2", L2, sp.Rational(1, 2) * sp.Symbol("lambda", real=True),
                 id="L2-no-n"),
])
def test_the_penalty_of_a_defined_cost(latex, kind, coefficient):
    p = penalty({"C": read(latex).parts[1]})
    assert p is not None and p.kind == kind
    at = {"lambda": 3, "n": 7}  # compare by value: the reader's symbols carry their own assumptions
    value = lambda e: e.subs({x: at[x.name] for x in e.free_symbols})  # noqa: E731
    assert value(p.coefficient) == value(coefficient)


@pytest.mark.parametrize("latex", [
    pytest.param(r"C = C_0 + \frac{\lambda}{2n} \sum_w w^3", id="a-cube"),
    pytest.param(r"C = \frac{1}{2n} \sum_x \|y - a^L\|^2", id="no-penalty"),
    pytest.param(r"C = C_0 + \frac{\lambda}{2n} \sum_j w_j^2", id="a-sum-over-an-index"),
])
def test_no_penalty_is_read_into_other_costs(latex):
    assert penalty({"C": read(latex).parts[1]}) is None


def test_a_sum_over_the_weights_keeps_the_absolute_value():
    """``\\sum_w |w|`` sums real weights: |w| is not w (an integer index would drop it)."""
    rhs = read(L1_COST).parts[1]
    assert rhs.has(sp.Abs)
