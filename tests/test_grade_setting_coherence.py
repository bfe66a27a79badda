"""Settings whose cost is not defined on their outputs (symcheck.grade.setting_coherence) save no wrong step;
a^L_j = … where the text names the softmax is a claim about it; a modified neuron shields its own prose only."""

import pytest

from symcheck.grade.grader import grade_text
from symcheck.grade.setting_coherence import modified_out_of_force, refutes_or_undefined, undefined_cost
from symcheck.grade.settings import Setting
from symcheck.grade.state import Options
from symcheck.verdict import Cause, CheckKind, Verdict

SLACK = Options(step_seconds=30.0)
WRONG = Verdict.incorrect(CheckKind.NETWORKS, "the sides differ", counterexample={"lhs": 1.0, "rhs": 2.0})
OPEN = Verdict.unchecked(Cause.UNSUPPORTED, "not evaluated")


@pytest.mark.parametrize("setting, undefined", [
    pytest.param(Setting("relu", None, "cross-entropy"), True, id="relu-outputs-cross-entropy"),
    pytest.param(Setting("sigmoid", "linear", "log-likelihood"), True, id="linear-outputs-log-likelihood"),
    pytest.param(Setting("relu", "softmax", "log-likelihood"), False, id="softmax-outputs"),
    pytest.param(Setting("linear", None, "quadratic"), False, id="quadratic"),
])
def test_undefined_cost(setting, undefined):
    assert undefined_cost(setting) is undefined


@pytest.mark.parametrize("verdicts, accused", [
    pytest.param({Setting("sigmoid"): WRONG, Setting("relu", None, "cross-entropy"): OPEN}, True, id="undefined-open"),
    pytest.param({Setting("sigmoid"): WRONG, Setting("tanh"): OPEN}, False, id="defined-open"),
    pytest.param({Setting("relu", None, "cross-entropy"): OPEN}, False, id="nothing-failed"),
])
def test_refutes_or_undefined(verdicts, accused):
    assert refutes_or_undefined(verdicts) is accused


@pytest.mark.parametrize("scope, out", [
    pytest.param("backpropagation with linear neurons: replace sigma by the identity", True, id="linear-exercise"),
    pytest.param("suppose we modify a single neuron so that its output is f, not the sigmoid", False,
                 id="modified-exercise"),
    pytest.param("", False, id="no-scope"),
])
def test_modified_out_of_force(scope, out):
    assert modified_out_of_force(scope) is out


def _verdicts(text):
    return [(s.latex, s.verdict.verdict) for s in grade_text(text, kind="md", options=SLACK).steps]


OUTPUT = "A linear output layer, with the quadratic cost or the cross-entropy cost.\n\n$$\n%s\n$$\n"
SOFTMAX = "The output layer is a softmax layer, whose activations are\n\n$$\n%s\n$$\n"
OWN = "We define the output activations as\n\n$$\n%s\n$$\n"


@pytest.mark.parametrize("text, step, verdict", [
    pytest.param(OUTPUT, r"\delta^L_j = \frac{\partial C}{\partial a^L_j} f'(z^L_j)", "correct", id="bp1-generic"),
    pytest.param(OUTPUT, r"\delta^L_j = -\frac{\partial C}{\partial a^L_j} f'(z^L_j)", "incorrect",
                 id="bp1-generic-sign(cross-entropy-on-linear-outputs-undefined)"),
    pytest.param(SOFTMAX, r"a^L_j = \frac{e^{z^L_j}}{\sum_k e^{z^L_k}}", "correct", id="softmax-named"),
    pytest.param(SOFTMAX, r"a^L_j = -\frac{e^{z^L_j}}{\sum_k e^{z^L_k}}", "incorrect", id="softmax-named-sign"),
    pytest.param(OWN, r"a^L_j = -\frac{e^{z^L_j}}{\sum_k e^{z^L_k}}", "unchecked", id="own-output-definition"),
    pytest.param(SOFTMAX, r"a^L_j = \frac{1}{1 + e^{-t z^L_j} \sum_{k \neq j} e^{t z^L_k}}", "unchecked",
                 id="softmax-with-a-parameter-of-its-own"),
])
def test_graded(text, step, verdict):
    assert (step, verdict) in _verdicts(text % step)
