"""Vector definitions read by components (symcheck.grade.vector_definitions) and derivatives of
a component by a component of the same family (∂t_c/∂t_d = δ_cd): a step in components after a
forward pass written on whole vectors is correct under the written order of the product; a
wrong form never is."""

import pytest

from symcheck.grade import grade_text

FORWARD = ("The forward pass:\n\n$$\n\\begin{align}\nr &= u W^{(1)} + b^{(1)} \\\\\ng &= \\tanh(r) \\\\\n"
           "s &= g W^{(2)} + b^{(2)} \\\\\n\\hat{p} &= \\text{softmax}(s)\n\\end{align}\n$$\n\nThen\n\n$$\n{}\n$$\n")
COLUMN = ("With columns:\n\n$$\nr = M u + c\n$$\n\nso that\n\n$$\n{}\n$$\n")


def _verdicts(text: str, line: int) -> list:
    return [s.verdict for s in grade_text(text).steps if s.line == line]


RIGHT = [
    pytest.param(FORWARD.replace("{}", r"\frac{\partial r_d}{\partial u_k} = W_{kd}^{(1)}"), 15,
                 id="row-vector-affine-map-by-components"),
    pytest.param(FORWARD.replace("{}", r"\frac{\partial g_c}{\partial r_d} = (1 - \tanh^2(r_c)) \delta_{cd}"), 15,
                 id="elementwise-activation-by-components"),
    pytest.param(FORWARD.replace("{}", r"\frac{\partial s_b}{\partial g_c} = W_{cb}^{(2)}"), 15,
                 id="second-layer-through-the-first"),
    pytest.param(FORWARD.replace("{}", r"\frac{\partial \hat{p}_a}{\partial s_b} = \hat{p}_a \delta_{ab} - "
                                 r"\hat{p}_a \hat{p}_b"), 15, id="softmax-of-a-defined-vector"),
    pytest.param(COLUMN.replace("{}", r"\frac{\partial r_d}{\partial u_k} = M_{dk}"), 10,
                 id="column-vector-affine-map-by-components"),
    pytest.param("Then\n\n$$\n\\frac{\\partial q_c}{\\partial q_d} = \\delta_{cd}\n$$\n", 4,
                 id="component-by-a-component-of-the-same-family"),
    pytest.param("Then\n\n$$\n\\begin{align}\n\\frac{\\partial s_b}{\\partial M_{cd}} &= g_i "
                 "\\frac{\\partial M_{ib}}{\\partial M_{cd}} \\\\\n&= g_i \\delta_{ic} \\delta_{bd} \\\\\n"
                 "&= g_c \\delta_{bd}\n\\end{align}\n$$\n", 7, id="kronecker-deltas-whose-letters-both-sides-write"),
]

WRONG = [
    pytest.param(FORWARD.replace("{}", r"\frac{\partial r_d}{\partial u_k} = W_{dk}^{(1)}"), 15,
                 id="row-vector-map-with-indices-swapped"),
    pytest.param(FORWARD.replace("{}", r"\frac{\partial g_c}{\partial r_d} = (1 - \tanh^2(r_c))"), 15,
                 id="elementwise-activation-without-its-delta"),
    pytest.param(FORWARD.replace("{}", r"\frac{\partial s_b}{\partial g_c} = W_{bc}^{(2)}"), 15,
                 id="second-layer-transposed"),
    pytest.param(FORWARD.replace("{}", r"\frac{\partial \hat{p}_a}{\partial s_b} = \hat{p}_a \delta_{ab} + "
                                 r"\hat{p}_a \hat{p}_b"), 15, id="softmax-jacobian-sign"),
    pytest.param(COLUMN.replace("{}", r"\frac{\partial r_d}{\partial u_k} = M_{kd}"), 10,
                 id="column-vector-map-with-indices-swapped"),
    pytest.param("Then\n\n$$\n\\frac{\\partial q_c}{\\partial q_d} = 1\n$$\n", 4,
                 id="component-by-another-component-is-not-one"),
    pytest.param("Then\n\n$$\n\\begin{align}\n\\frac{\\partial s_b}{\\partial M_{cd}} &= g_i "
                 "\\frac{\\partial M_{ib}}{\\partial M_{cd}} \\\\\n&= g_i \\delta_{ic} \\delta_{bd} \\\\\n"
                 "&= g_b \\delta_{cd}\n\\end{align}\n$$\n", 7, id="kronecker-deltas-popped-onto-the-wrong-index"),
]


@pytest.mark.parametrize("text,line", RIGHT)
def test_a_step_in_components_of_defined_vectors_is_correct(text, line):
    got = _verdicts(text, line)
    assert got and all(v.verdict == "correct" for v in got), [(v.verdict, v.reason) for v in got]


@pytest.mark.parametrize("text,line", WRONG)
def test_a_wrong_step_in_components_is_never_correct(text, line):
    got = _verdicts(text, line)
    assert got and all(v.verdict != "correct" for v in got), [(v.verdict, v.reason) for v in got]


@pytest.mark.parametrize("body,held", [
    pytest.param("sigmoid", True, id="a-family-defined-through-another-is-held"),
    pytest.param("recurrence", False, id="a-recurrence-goes-through-its-members"),
    pytest.param(None, True, id="an-undefined-family-is-held"),
])
def test_the_families_a_derivative_holds(body, held):
    import sympy as sp

    from symcheck.grade.instantiate import Definitions
    from symcheck.grade.vector_definitions import held_families

    k = sp.Symbol("k", integer=True, positive=True)
    h, t = sp.IndexedBase(sp.Symbol("h", real=True)), sp.IndexedBase(sp.Symbol("t", real=True))
    bodies = {"sigmoid": sp.tanh(t[k]), "recurrence": sp.tanh(h[k - 1])}
    table = {("indexed", "h"): (("k",), bodies[body])} if body else {}
    assert held_families([(h[k], 1)], Definitions(table, {})) == (frozenset({"h"}) if held else frozenset())
