"""Derivatives between network quantities through ``symcheck check`` (exit 0 correct,
1 incorrect, 2 unchecked) and as graded Markdown: the right and a wrong form of each pair
(notation.chain through notation.jacobian), ∂/∂Y applied to a bracketed expression
(notation.network_diff), and the forms that stay unchecked."""

import pytest

from symcheck.cli import main
from symcheck.grade import grade_text

P = r"\frac{\partial %s}{\partial %s}"
SP = r"\sigma'"

CASES = [
    # component by component, across layers
    pytest.param(P % ("z^{l+1}_k", "z^l_j") + rf" = w^{{l+1}}_{{kj}}{SP}(z^l_j)", 0, id="z-by-previous-z"),
    pytest.param(P % ("z^{l+1}_k", "z^l_j") + rf" = w^{{l+1}}_{{kj}}", 1, id="z-by-previous-z-no-prime"),
    pytest.param(P % ("z^{l+1}_k", "a^l_j") + r" = w^{l+1}_{kj}", 0, id="z-by-previous-a"),
    pytest.param(P % ("a^{l+1}_j", "b^{l}_k") + rf" = {SP}(z^{{l+1}}_j) w^{{l+1}}_{{jk}}{SP}(z^l_k)", 0,
                 id="a-by-earlier-b"),
    pytest.param(P % ("a^{l+1}_j", "b^{l}_k") + rf" = w^{{l+1}}_{{jk}}{SP}(z^l_k)", 1, id="a-by-earlier-b-wrong"),
    pytest.param(P % ("z^{l+1}_j", "w^{l}_{pq}") + rf" = w^{{l+1}}_{{jp}}{SP}(z^l_p) a^{{l-1}}_q", 0,
                 id="z-by-earlier-w"),
    pytest.param(P % ("z^{l+1}_j", "w^{l}_{pq}") + rf" = w^{{l+1}}_{{jp}} a^{{l-1}}_q", 1, id="z-by-earlier-w-wrong"),
    pytest.param(P % ("z^{l}_j", "w^{l+1}_{pq}") + " = 0", 0, id="by-a-later-weight-is-zero"),
    pytest.param(P % ("a^{L}_j", "w^{l}_{pq}") + " = 0", 1, id="by-an-earlier-weight-is-not-zero"),
    pytest.param(P % ("z^{l}_j", "z^{l+1}_k") + " = 0", 2, id="earlier-by-later-not-modelled"),
    # a sum over an intermediate index
    pytest.param(P % ("C", "z^l_j") + r" = \sum_k " + P % ("C", "z^{l+1}_k") + P % ("z^{l+1}_k", "z^l_j"), 0,
                 id="sum-over-the-next-layer"),
    pytest.param(P % ("C", "z^l_j") + r" = \sum_k " + P % ("C", "z^{l+1}_k") + P % ("z^{l+1}_k", "a^l_j"), 1,
                 id="sum-over-the-next-layer-wrong-factor"),
    # whole vectors: Jacobians in the stated layout
    pytest.param(P % ("z^{l+1}", "z^l") + r" = w^{l+1}\Sigma'(z^l)", 2, id="jacobian-layout-not-stated"),
    pytest.param(P % ("z^{l+1}", "z^l") + r" = w^{l+1}\Sigma'(z^l) --layout numerator", 0, id="jacobian-numerator"),
    pytest.param(P % ("z^{l+1}", "z^l") + r" = w^{l+1}\Sigma'(z^l) --layout denominator", 1,
                 id="jacobian-denominator"),
    pytest.param(P % ("z^{l+1}", "b^{l-1}") + r" = w^{l+1}\Sigma'(z^l) w^l \Sigma'(z^{l-1}) --layout numerator", 0,
                 id="jacobian-two-layers-back"),
    pytest.param(P % ("z^{l+1}", "b^{l-1}") + r" = w^{l+1} w^l \Sigma'(z^{l-1}) --layout numerator", 1,
                 id="jacobian-two-layers-back-wrong"),
    # ∂/∂Y applied to an expression
    pytest.param(r"\frac{\partial}{\partial z^l_j}\left( \sum_k w^{l+1}_{ik}\sigma(z^l_k) + b^{l+1}_i \right)"
                 rf" = w^{{l+1}}_{{ij}}{SP}(z^l_j)", 0, id="operator-on-components"),
    pytest.param(r"\frac{\partial}{\partial z^l_j}\left( \sum_k w^{l+1}_{ik}\sigma(z^l_k) + b^{l+1}_i \right)"
                 rf" = w^{{l+1}}_{{ij}}\sigma(z^l_j)", 1, id="operator-on-components-wrong"),
    pytest.param(r"\frac{\partial}{\partial w^l_{pq}} (\sum_k w^l_{jk} a^{l-1}_k + b^l_j) = \delta_{jp} a^{l-1}_q", 0,
                 id="operator-by-a-weight"),
    pytest.param(r"\frac{\partial}{\partial w^l_{pq}} (\sum_k w^l_{jk} a^{l-1}_k + b^l_j) = a^{l-1}_q", 1,
                 id="operator-by-a-weight-wrong"),
    pytest.param(r"\frac{\partial \left(\sum_n w^l_{kn}a^{l-1}_n + b^l_k\right)}{\partial b^l_j} = \delta_{kj}", 0,
                 id="expression-over-a-bias"),
    pytest.param(r"\frac{\partial \left(\sum_n w^l_{kn}a^{l-1}_n + b^l_k\right)}{\partial b^l_j} = 1", 1,
                 id="expression-over-a-bias-wrong"),
    pytest.param(r"\frac{\partial}{\partial z^l}\{ w^{l+1}\sigma(z^l) + b^{l+1} \} = w^{l+1}\Sigma'(z^l)"
                 " --layout numerator", 0, id="operator-on-a-vector"),
    pytest.param(r"\frac{\partial}{\partial z^l}\{ w^{l+1}\sigma(z^l) + b^{l+1} \} = w^{l+1}"
                 " --layout numerator", 1, id="operator-on-a-vector-wrong"),
    pytest.param(r"\frac{\partial C}{\partial b^l} = \frac{\partial}{\partial b^l} \{w^l a^{l-1} + b^l\} \delta^l", 0,
                 id="operator-then-a-factor"),
    pytest.param(r"\frac{\partial C}{\partial b^l} = \frac{\partial}{\partial b^l} \{w^l a^{l-1} + b^l\} a^l", 1,
                 id="operator-then-a-factor-wrong"),
    pytest.param(r"\frac{\partial}{\partial w^l_{jk}} w^l_{jk} a^{l-1}_k + b^l_j = a^{l-1}_k", 2,
                 id="operator-reach-not-marked"),
    # one neuron per layer, written with scalars
    pytest.param(P % ("C", "b^l") + " = " + P % ("C", "z^l") + P % ("z^l", "b^l") + " --one-neuron", 0,
                 id="one-neuron-bias"),
    pytest.param(P % ("C", "b^l") + " = " + P % ("C", "z^l") + P % ("z^l", "w^l") + " --one-neuron", 1,
                 id="one-neuron-bias-with-the-weight-factor"),
    pytest.param(P % ("C", "w^l") + r" = \delta^l a^{l-1} --one-neuron", 0, id="one-neuron-weight"),
    pytest.param(P % ("C", "w^l") + r" = \delta^l --one-neuron", 1, id="one-neuron-weight-wrong"),
    pytest.param(r"\delta^l = \delta^{l+1} \frac{\partial}{\partial z^l} (w^{l+1} \sigma(z^l) + b^{l+1}) --one-neuron",
                 0, id="one-neuron-operator"),
    pytest.param(rf"\delta^l = \delta^{{l+1}} w^{{l+1}} --one-neuron", 1, id="one-neuron-drops-the-prime"),
]


@pytest.mark.parametrize("line,code", CASES)
def test_check(line, code, capsys):
    latex, *flags = line.split(" --")
    args = [a for f in flags for a in ("--" + f).split(" ")]
    assert main(["check", latex, *args]) == code, capsys.readouterr().out


def _last(md: str):
    return grade_text(md, "md").steps[-1].verdict


GRADED = [
    pytest.param("We use the numerator layout.\n\n$$" + P % ("z^{l+1}", "z^l") + r" = w^{l+1}\Sigma'(z^l)$$",
                 "correct", id="stated-numerator-layout"),
    pytest.param("We use the numerator layout.\n\n$$" + P % ("z^{l+1}", "z^l") + r" = w^{l+1}$$",
                 "incorrect", id="stated-numerator-layout-wrong"),
    pytest.param("We use the numerator layout.\n\n$$" + P % ("a^{l+1}", "a^l") + r" = \Sigma'(z^{l+1}) w^{l+1}$$",
                 "correct", id="stated-numerator-layout-a-by-a"),
    pytest.param("$$" + P % ("z^{l+1}", "z^l") + r" = \Sigma'(z^l) (w^{l+1})^T$$", "unchecked",
                 id="layout-not-stated"),
    pytest.param("$$" + P % ("C", "z^l_j") + r" = \sum_k " + P % ("C", "z^{l+1}_k") + P % ("z^{l+1}_k", "z^l_j")
                 + "$$", "correct", id="graded-sum-over-k"),
    pytest.param("$$" + P % ("C", "z^l_j") + r" = \sum_k " + P % ("C", "z^{l+1}_k") + P % ("z^{l+1}_k", "a^l_j")
                 + "$$", "incorrect", id="graded-sum-over-k-wrong"),
]


@pytest.mark.parametrize("md,verdict", GRADED)
def test_graded(md, verdict):
    v = _last(md)
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert v.counterexample


def test_a_stated_layout_carries_into_the_sections_after_it():
    row = "$$" + P % ("C", "z^l") + " = " + P % ("z^{l+1}", "z^l") + P % ("C", "z^{l+1}") + "$$"
    stated = "## Conventions\n\nWe use the denominator layout.\n\n## The recursion\n\nNow the error.\n\n"
    assert grade_text(stated + row, "md").steps[-1].verdict.verdict == "correct"
    other = "## Conventions\n\nWe use the numerator layout.\n\n## The recursion\n\nNow the error.\n\n"
    assert grade_text(other + row, "md").steps[-1].verdict.verdict == "incorrect"
    assert grade_text(row, "md").steps[-1].verdict.verdict == "unchecked"


@pytest.mark.parametrize("words,expected", [
    pytest.param("we will use denominator-layout notation; libraries use numerator-layout convention", 1,
                 id="adopted-one-of-two"),
    pytest.param("i work in the numerator layout, not the denominator layout", 0, id="adopted-numerator"),
    pytest.param("numerator layout and denominator layout both exist", None, id="both-named-none-adopted"),
])
def test_a_layout_adopted_among_two_named(words, expected):
    from symcheck.notation.derivatives import stated_layout

    assert stated_layout(words) == expected
