"""symcheck.grade.refute_indexed: a step in components that fails in the confirmation's reading is accused
only when it fails under every other reading too (δ_{ab} a name, no implied sum, y one-hot or free)."""

import pytest

from symcheck.grade import grade_text

SETUP = r"""# Setup

The forward pass, with row vectors:
$$
\begin{align}
u &= x W^{(1)} + b^{(1)} \\
o &= \sigma(u) \\
s &= o W^{(2)} + b^{(2)}
\end{align}
$$
"""

FORWARD = SETUP + r"""Next the derivative of the hidden layer:
$$
\begin{align}
\frac{\partial o_c}{\partial u_d} &= \sigma(u_c)(1-\sigma(u_c)) \frac{\partial u_c}{\partial u_d} \\
&= LAST
\end{align}
$$
"""

LAYER = SETUP + r"""The last factor:
$$
\begin{align}
\frac{\partial s_b}{\partial o_c} &= W_{ib}^{(2)}\frac{\partial o_i}{\partial o_c} \\
&= W_{ib}^{(2)} \delta_{ic} \\
&= LAST
\end{align}
$$
"""

ONE_HOT = r"""# Cost

The target y is a one-hot vector and the cost is
$$
L = -y_i \log(p_i)
$$
so that
$$
\begin{align}
\frac{\partial L}{\partial p_a} &= -y_i \frac{1}{p_i}\frac{\partial p_i}{\partial p_a} \\
&= -\frac{y_i}{p_i} \delta_{ia} \\
&= LAST
\end{align}
$$
"""


def _last(text: str, last: str):
    report = grade_text(text.replace("LAST", last))
    return [s for s in report.steps if s.verdict.verdict != "skipped"][-1].verdict


@pytest.mark.parametrize("text, last, verdict", [
    pytest.param(FORWARD, r"\sigma(u_c)(1-\sigma(u_c)) \delta_{cd}", "correct", id="sigma-prime-kronecker-correct"),
    pytest.param(FORWARD, r"-\sigma(u_c)(1-\sigma(u_c)) \delta_{cd}", "incorrect", id="sigma-prime-sign-wrong"),
    pytest.param(LAYER, r"W_{cb}^{(2)}", "correct", id="kronecker-pops-index-correct"),
    pytest.param(LAYER, r"W_{bc}^{(2)}", "incorrect", id="kronecker-pops-wrong-index"),
    pytest.param(LAYER, r"W_{cb}^{(3)}", "incorrect", id="another-layers-weights"),
    pytest.param(ONE_HOT, r"-\frac{y_a}{p_a}", "correct", id="one-hot-correct"),
    pytest.param(ONE_HOT, r"\frac{y_a}{p_a}", "incorrect", id="one-hot-sign-wrong"),
])
def test_every_reading(text, last, verdict):
    v = _last(text, last)
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert "every reading tried" in v.reason


def test_the_chain_a_step_writes_is_no_ground():
    """A name the step makes a function of what it differentiates by (J of p, p of s): which components depend
    on which is a guess, so a failure there is not accused."""
    text = r"""# Chain

$$
\frac{\partial J}{\partial s_c} = \frac{\partial J}{\partial p_a} \frac{\partial p_a}{\partial s_c} = \frac{\partial J}{\partial p_c} \frac{\partial p_c}{\partial s_c}
$$
"""
    report = grade_text(text)
    assert all(s.verdict.verdict != "incorrect" for s in report.steps)


def test_an_index_read_as_a_value_is_not_accused():
    r"""``\delta{ik}`` without its underscore is read δ·i·k: a misreading, not a ground for an accusation."""
    text = r"""# Einstein

The target y is a one-hot vector.
$$
\begin{align}
C &= -y_i \big[ \delta{ik} - p_k \big] \\
&= -y_i \delta{ik} + y_i p_k \\
&= -y_k + y_i p_k
\end{align}
$$
"""
    report = grade_text(text)
    assert all(s.verdict.verdict != "incorrect" for s in report.steps)


@pytest.mark.parametrize("sign, verdicts", [
    pytest.param("", {"correct", "unchecked"}, id="chain-rule-as-written"),
    pytest.param("-", {"incorrect"}, id="chain-rule-negated"),
])
def test_a_chain_rule_negated(sign, verdicts):
    """Sides that are each other's negatives under the chain the step writes (and so under any narrower
    dependence) are wrong wherever the derivative is not zero."""
    text = r"""# Chain

First the chain rule:
$$
\frac{\partial E}{\partial U_{cd}} = SIGN\left(\frac{\partial E}{\partial p_a} \frac{\partial p_a}{\partial s_b} \frac{\partial s_b}{\partial U_{cd}}\right)
$$
""".replace("SIGN", sign)
    v = [s for s in grade_text(text).steps if s.verdict.verdict != "skipped"][-1].verdict
    assert v.verdict in verdicts, v.reason


@pytest.mark.parametrize("step, verdicts", [
    pytest.param(r"\frac{\partial J}{\partial X_i} = \sum_{m=1}^n \frac{\partial J}{\partial V_m} "
                 r"\frac{\partial V_m}{\partial X_i}", {"correct"}, id="explicit-sum-as-written"),
    pytest.param(r"\frac{\partial J}{\partial X_i} = -\left(\sum_{m=1}^n \frac{\partial J}{\partial V_m} "
                 r"\frac{\partial V_m}{\partial X_i}\right)", {"incorrect"}, id="explicit-sum-negated"),
    pytest.param(r"\frac{\partial J}{\partial X_i} = \sum_{m=1}^n \frac{\partial J}{\partial V_m} "
                 r"\frac{\partial V_m}{\partial X_i} \cdot 2", {"unchecked"}, id="explicit-sum-doubled-not-negated"),
    pytest.param(r"\frac{\partial E}{\partial u_k} = \frac{\partial E}{\partial h} \frac{\partial h}{\partial u_k}",
                 {"correct"}, id="scalar-chain-as-written"),
    pytest.param(r"\frac{\partial E}{\partial u_k} = -\frac{\partial E}{\partial h} \frac{\partial h}{\partial u_k}",
                 {"incorrect"}, id="scalar-chain-negated"),
])
def test_a_chain_rule_with_an_explicit_sum_or_no_sum_negated(step, verdicts):
    """A chain with an explicit Σ_{m=1}^n (no implied sum to read), or with one scalar in the middle (∂E/∂h
    ∂h/∂u_k), negated: the sides are each other's negatives under the widest dependence, so the step is wrong
    wherever the derivative is not zero; as written it is confirmed, and a factor 2 is no negation."""
    text = f"# Chain\n\nThe chain rule:\n$$\n{step}\n$$\n"
    v = [s for s in grade_text(text).steps if s.verdict.verdict != "skipped"][-1].verdict
    assert v.verdict in verdicts, v.reason
