"""Names a scalar step leaves undefined are quantified over (symcheck.notation.quantify):
a bare C_0 next to ∂C_0/∂w is the function C_0(w), and ∂C/∂w of a cost the write-up
defined as an expression (C = C_0 + λ/2n Σ w²) is the derivative of that expression,
decided under random interpretations of C_0 (notation/interpret.py). Correct only when
every interpretation agrees; incorrect only with the interpretation that fails shown."""

import pytest
import sympy as sp

from symcheck.grade.grader import grade_text
from symcheck.notation import Context, check_reading, read
from symcheck.notation.quantify import as_function_of, lift_symbols

L2 = r"C = C_0 + \frac{\lambda}{2n}\sum_w w^2"
L2_NO_LIMITS = r"C = C_0 + \frac{\lambda}{2n}\sum w^2"
L1 = r"C = C_0 + \frac{\lambda}{n}\sum |w|"
L1_INDEX = r"C = C_0 + \frac{\lambda}{n}\sum_w |w|"
DCDW = r"\frac{\partial C}{\partial w} = \frac{\partial C_0}{\partial w} + "


@pytest.mark.parametrize("latex,verdict", [
    # right forms: every random C_0 (J, E, u) agrees
    pytest.param(r"\frac{\partial}{\partial w}\left(C_0 + \frac{\lambda}{2n} w^2\right) = \frac{\partial C_0}{\partial w}"
                 r" + \frac{\lambda}{n} w", "correct", id="l2-cost-derivative"),
    pytest.param(r"\frac{\partial}{\partial w}\left(C_0 + \frac{\lambda}{n} |w|\right) = \frac{\partial C_0}{\partial w}"
                 r" + \frac{\lambda}{n} \mathrm{sgn}(w)", "correct", id="l1-cost-derivative"),
    pytest.param(r"\frac{d}{dw}\left(f(w) + \frac{\lambda}{2n} w^2\right) = f'(w) + \frac{\lambda}{n} w", "correct",
                 id="applied-function-as-before"),
    pytest.param(r"\frac{\partial}{\partial t}\log(u) = \frac{1}{u}\frac{\partial u}{\partial t}", "correct",
                 id="chain-rule-through-log"),
    pytest.param(r"\frac{\partial}{\partial w}(J w) = w \frac{\partial J}{\partial w} + J", "correct",
                 id="product-rule"),
    pytest.param(r"\frac{\partial}{\partial \theta}E^2 = 2 E \frac{\partial E}{\partial \theta}", "correct",
                 id="power-rule-through-e"),
    pytest.param(r"\frac{\partial}{\partial w} e^{C_0} = e^{C_0} \frac{\partial C_0}{\partial w}", "correct",
                 id="exp-chain-rule"),
    # wrong forms: a random interpretation is the counterexample
    pytest.param(r"\frac{\partial}{\partial w}\left(C_0 + \frac{\lambda}{2n} w^2\right) = \frac{\partial C_0}{\partial w}"
                 r" + \frac{\lambda}{2n} w", "incorrect", id="l2-factor-two-kept"),
    pytest.param(r"\frac{\partial}{\partial w}\left(C_0 + \frac{\lambda}{n} |w|\right) = \frac{\partial C_0}{\partial w}"
                 r" + \frac{\lambda}{n} w", "incorrect", id="l1-sgn-read-as-w"),
    pytest.param(r"\frac{\partial}{\partial w}\left(C_0 + \frac{\lambda}{2n} w^2\right) = \frac{\partial C_0}{\partial w}",
                 "incorrect", id="l2-term-dropped"),
    pytest.param(r"\frac{\partial}{\partial t}\log(u) = \frac{\partial u}{\partial t}", "incorrect",
                 id="chain-rule-outer-derivative-missing"),
    pytest.param(r"\frac{\partial}{\partial w}(J w) = w \frac{\partial J}{\partial w}", "incorrect",
                 id="product-rule-term-missing"),
    pytest.param(r"\frac{\partial}{\partial \theta}E^2 = 2 \frac{\partial E}{\partial \theta}", "incorrect",
                 id="power-rule-inner-factor-missing"),
    # not an identity by itself: C and C_0 are different undefined functions
    pytest.param(DCDW + r"\frac{\lambda}{n} w", "unchecked", id="cost-not-defined-in-the-step"),
])
def test_check(latex, verdict):
    v = check_reading(read(latex), Context())
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert "interpretation" in (v.counterexample or {}), v.counterexample


@pytest.mark.parametrize("definition,step,verdict", [
    pytest.param(L2, DCDW + r"\frac{\lambda}{n} w", "correct", id="l2-defined-cost"),
    pytest.param(L2_NO_LIMITS, DCDW + r"\frac{\lambda}{n} w", "correct", id="l2-sum-without-limits"),
    pytest.param(L2, DCDW + r"\frac{\lambda}{2n} w", "incorrect", id="l2-defined-factor-two-kept"),
    pytest.param(L2, DCDW + r"\lambda w", "incorrect", id="l2-defined-n-dropped"),
    pytest.param(L2, r"\frac{\partial C}{\partial b} = \frac{\partial C_0}{\partial b}", "correct",
                 id="l2-bias-unregularised"),
    pytest.param(L2, r"\frac{\partial C}{\partial b} = \frac{\partial C_0}{\partial b} + \frac{\lambda}{n} b",
                 "incorrect", id="l2-bias-regularised-wrongly"),
    pytest.param(L1, DCDW + r"\frac{\lambda}{n}\mathrm{sgn}(w)", "correct", id="l1-defined-cost"),
    pytest.param(L1, DCDW + r"\frac{\lambda}{n} w", "incorrect", id="l1-defined-sgn-dropped"),
    # Σ_w sums over the weights, real numbers: |w| is kept (notation/structures.PARAMETER_SUMS)
    pytest.param(L1_INDEX, DCDW + r"\frac{\lambda}{n}\mathrm{sgn}(w)", "correct", id="l1-sum-over-the-weights"),
    pytest.param(L1_INDEX, DCDW + r"\frac{\lambda}{n} w", "incorrect", id="l1-sum-over-the-weights-sgn-dropped"),
])
def test_graded_markdown(definition, step, verdict):
    text = f"# Regularisation\n\nThe cost is\n$$\n{definition}\n$$\nso\n$$\n{step}\n$$\n"
    report = grade_text(text, "md")
    steps = [s for s in report.steps if s.kind == "step" and s.latex.strip() == step]
    assert steps, [s.latex for s in report.steps]
    assert steps[0].verdict.verdict == verdict, steps[0].verdict.reason
    if verdict == "incorrect":
        assert "interpretation" in (steps[0].verdict.counterexample or {})


NETWORK_STEP = r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j"


@pytest.mark.parametrize("step, alone, defined", [
    pytest.param(NETWORK_STEP, "correct", "incorrect", id="bp4-forgets-the-penalty"),
    pytest.param(NETWORK_STEP + r" + \frac{\lambda}{n} w^l_{jk}", "incorrect", "correct", id="bp4-with-the-penalty"),
    pytest.param(r"\frac{\partial C}{\partial b^l_j} = \delta^l_j", "correct", "correct", id="bp3-unchanged"),
])
def test_network_steps_under_a_defined_cost(step, alone, defined):
    """A cost defined as C_0 + λ/2n Σ_w w² is the C of later network steps: BP4 for it lacks
    the penalty's λ/n w (notation/regularised.py); the biases' gradient is unchanged."""
    def verdict(prefix):
        report = grade_text(f"# Backprop\n\n{prefix}$$\n{step}\n$$\n", "md")
        return [s.verdict.verdict for s in report.steps if s.latex.strip() == step]

    assert verdict("") == [alone]
    assert verdict(f"The cost is\n$$\n{L2}\n$$\nand\n") == [defined]


def test_lift_symbols_reads_a_bare_name_as_the_function_applied_beside_it():
    w = sp.Symbol("w", real=True)
    c0 = sp.Symbol("C_0", real=True)
    applied = sp.Function("C_0", real=True)(w)
    lhs, rhs = lift_symbols(sp.Derivative(c0 + w ** 2, w), sp.Derivative(applied, w), {})
    assert lhs == sp.Derivative(applied + w ** 2, w)
    assert lift_symbols(c0 + w, sp.Derivative(applied, w), {"C_0": 1})[0] == c0 + w  # given: a value


@pytest.mark.parametrize("definition,readable", [
    pytest.param(L2, True, id="sum-over-the-weights"),
    pytest.param(r"C = \frac{1}{n}\sum_x C_x", False, id="sum-over-examples-of-a-cost"),
    pytest.param(r"C = \frac{1}{2n}\sum (y - a)^2", False, id="sum-of-several-names"),
    pytest.param(L1_INDEX, True, id="sum-over-the-weights-of-abs"),
])
def test_as_function_of(definition, readable):
    w = sp.Symbol("w", real=True)
    assert (as_function_of(read(definition).parts[1], w, {}) is not None) == readable
