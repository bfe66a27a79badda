"""Indexed scalars under random interpretations (symcheck.grade.components): a check
that only refutes. Wrong forms are incorrect with a counterexample; right forms, and
steps that relate names some definition may relate, never are."""

import pytest

from symcheck.grade import grade_text


def _verdicts(text: str, line: int) -> list:
    return [s.verdict for s in grade_text(text).steps if s.line == line]


def _chain(first: str, *rows: str) -> str:
    body = " \\\\\n    ".join((first,) + tuple(f"&= {r}" for r in rows))
    return "The derivation:\n\n$$\n\\begin{aligned}\n" + body + "\n\\end{aligned}\n$$\n"


WRONG = [
    pytest.param(_chain(r"\frac{\partial J}{\partial v} &= \frac{\partial}{\partial v} \frac{1}{M} \sum_{m=1}^{M} J_m",
                        r"- \frac{1}{M} \sum_{m=1}^{M} \frac{\partial J_m}{\partial v}"),
                 6, id="sign-lost-taking-the-derivative-inside-a-sum"),
    pytest.param(_chain(r"\frac{\partial F}{\partial u_i} &= \sum_{k=1}^{n} \frac{\partial F}{\partial h_k} \delta_{ik}",
                        r"\sum_{k=1}^{n} \frac{\partial F}{\partial h_i}"),
                 6, id="kronecker-contracted-but-sum-kept"),
    pytest.param(_chain(r"\frac{\partial J}{\partial v} &= \frac{\partial}{\partial v} \frac{1}{M} \sum_{m=1}^{M} J_m",
                        r"\sum_{m=1}^{M} \frac{\partial J_m}{\partial v}"),
                 6, id="average-lost-its-one-over-M"),
    pytest.param(_chain(r"\frac{\partial F}{\partial u_i} &= \sum_{k=1}^{n} \frac{\partial F}{\partial h_k} \delta_{ik}",
                        r"\sum_{k=1}^{n} \frac{\partial F}{\partial h_k}"),
                 6, id="kronecker-dropped"),
]


LOSS = ("The loss of the output layer:\n\n$$\nJ = - \\sum_i t_i \\ln h_i^{(K)}\n$$\n\n"
        "with\n\n$$\nh_i^{(K)} = g\\bigl(u_i^{(K)}\\bigr)\n$$\n\nThen\n\n$$\n{}\n$$\n")

WRONG += [
    pytest.param(LOSS.replace("{}", r"\frac{\partial J}{\partial h_i^{(K)}} = h_i^{(K)} - t_i"), 16,
                 id="derivative-against-the-files-own-loss"),
    pytest.param(LOSS.replace("{}", r"\frac{\partial J}{\partial u_i^{(K)}} = \frac{\partial J}{\partial h_i^{(K)}} "
                              r"\frac{\partial h_i^{(K)}}{\partial u_i^{(K)}} = (h_i^{(K)} - t_i) g'(u_i^{(K)})"), 16,
                 id="chain-rule-row-against-the-definitions"),
]


SOFTMAX = ("The output is a softmax and the target is one-hot:\n\n$$\nh_i = \\frac{e^{u_i}}{\\sum_k e^{u_k}}\n$$\n\n"
           "$$\nJ = - \\sum_i t_i \\ln h_i\n$$\n\nso\n\n$$\n{}\n$$\n")

SOFTMAX_RIGHT = [
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial J}{\partial u_j} = h_j - t_j"), 14,
                 id="holds-only-for-a-one-hot-target"),
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial J}{\partial u_j} = - t_j + h_j \sum_i t_i"), 14,
                 id="softmax-gradient-before-using-the-sum-of-targets"),
]
WRONG += [
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial J}{\partial u_j} = t_j - h_j"), 14,
                 id="softmax-gradient-sign-flipped"),
]


@pytest.mark.parametrize("text, line", WRONG)
def test_a_wrong_step_in_indexed_scalars_is_refuted(text, line):
    verdicts = _verdicts(text, line)
    wrong = [v for v in verdicts if v.verdict == "incorrect"]
    assert wrong, [v.reason for v in verdicts]
    assert "lhs" in wrong[0].counterexample and "rhs" in wrong[0].counterexample
    assert "functions" in wrong[0].counterexample  # the random interpretation that refutes it


RIGHT = [
    pytest.param(_chain(r"\frac{\partial J}{\partial v} &= \frac{\partial}{\partial v} \frac{1}{M} \sum_{m=1}^{M} J_m",
                        r"\frac{1}{M} \sum_{m=1}^{M} \frac{\partial J_m}{\partial v}"), 6, id="derivative-inside-a-sum"),
    pytest.param(_chain(r"\frac{\partial F}{\partial u_i} &= \sum_{k=1}^{n} \frac{\partial F}{\partial h_k} \delta_{ik}",
                        r"\frac{\partial F}{\partial h_i}"), 6, id="kronecker-contracted"),
    pytest.param(_chain(r"\frac{\partial J}{\partial v} &= \frac{\partial}{\partial v} \frac{1}{M} \sum_{m=1}^{M} J_m"),
                 5, id="a-name-related-to-others-by-a-definition"),
    pytest.param(_chain(r"\frac{\partial F}{\partial u_i} &= \sum_{k=1}^{n} \frac{\partial F}{\partial h_k} g_{ik}",
                        r"\sum_{k=1}^{n} g_{ik} \frac{\partial F}{\partial h_k}"), 6, id="factors-reordered"),
]


RIGHT += [
    pytest.param(LOSS.replace("{}", r"\frac{\partial J}{\partial h_i^{(K)}} = - \frac{t_i}{h_i^{(K)}}"), 16,
                 id="derivative-of-the-files-own-loss"),
    pytest.param(LOSS.replace("{}", r"\frac{\partial J}{\partial u_i^{(K)}} = \frac{\partial J}{\partial h_i^{(K)}} "
                              r"\frac{\partial h_i^{(K)}}{\partial u_i^{(K)}} = - \frac{t_i}{h_i^{(K)}} g'(u_i^{(K)})"), 16,
                 id="chain-rule-through-the-definitions"),
    pytest.param("Since\n\n$$\n\\frac{\\partial}{\\partial v} v^3 c + v = 3 v^2 c + 1\n$$\n", 4,
                 id="operator-reaching-over-a-sum"),
    pytest.param(_chain(r"\frac{\partial F}{\partial u} &= \frac{\partial F}{\partial h_k} \frac{\partial h_k}{\partial u}",
                        r"\sum_k \frac{\partial F}{\partial h_k} \frac{\partial h_k}{\partial u}"), 6,
                 id="einstein-sum-made-explicit"),
]


RIGHT += SOFTMAX_RIGHT + [
    pytest.param(SOFTMAX.replace("{}", r"\frac{\partial h_k}{\partial u_j} = (1 - h_j) h_j, \quad k = j"), 14,
                 id="a-diagonal-where-the-step-states-the-indices-coincide"),
    pytest.param(_chain(r"\frac{\partial J}{\partial u_0} &= -s_0 (1 - h_0) + s_1 h_0 + s_2 h_0",
                        r"(s_0 + s_1 + s_2) h_0 - s_0", r"h_0 - s_0"), 7, id="targets-that-sum-to-one"),
    pytest.param(_chain(r"\frac{\partial v_b}{\partial W_{cd}} &= h_i \frac{\partial W_{ib}}{\partial W_{cd}}",
                        r"h_i \delta_{ic} \delta_{bd}", r"h_c \delta_{bd}"), 7, id="kronecker-deltas-with-letters"),
    pytest.param(_chain(r"\frac{\partial F}{\partial u_i} &= \sum_{k=1}^{n} g'(u_k) \delta_{ik}",
                        r"g(u_i) (1 - g(u_i))"), 6, id="an-activation-named-in-words-only"),
]


@pytest.mark.parametrize("text, line", RIGHT)
def test_a_right_step_or_a_definition_is_never_refuted(text, line):
    verdicts = _verdicts(text, line)
    assert verdicts
    assert all(v.verdict != "incorrect" for v in verdicts), [v.reason for v in verdicts]
