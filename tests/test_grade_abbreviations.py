"""Abbreviations the prose declares for a display (symcheck/grade/abbreviations.py)."""

import pytest

from symcheck.grade.abbreviations import abbreviated
from symcheck.grade.grader import grade_text
from symcheck.grade.state import Options


@pytest.mark.parametrize("intro, source, expected", [
    pytest.param(r"For readability we write $w_{jk}^l$ for $\partial C/\partial w_{jk}^l$.", r"w_{11}^l",
                 "w_{jk}^l", id="english-slash"),
    pytest.param(r"Below, $\frac{\partial C}{\partial b_j}$ is shortened to $b_j$:", r"b_1", "b_j", id="frac"),
    pytest.param(r"为了方便，把 $\partial C/\partial w_{kj}^l$ 写成 $w_{kj}^l$：", r"w_{12}^l", "w_{kj}^l", id="chinese"),
    pytest.param(r"We computed $\partial C/\partial w_{jk}$. Then $w_{jk}$ is updated.", r"w_{11}", None,
                 id="two-sentences"),
    pytest.param(r"We write $w$ for $\partial C/\partial w$.", r"a_1 \delta_1", None, id="not-in-the-step"),
    pytest.param(r"The gradient $\partial C/\partial w$ is below.", r"w", None, id="no-abbreviation"),
    pytest.param(r"Here $\frac{\partial C}{\partial a^L_j}$ is how fast C changes as $a^L_j$ changes.",
                 r"\delta^L = \nabla_a C \odot \sigma'(z^L)", None, id="letter-only-as-a-subscript"),
    pytest.param(r"Here $\frac{\partial C}{\partial a^L_j}$ is written $a^L_j$.", r"\delta^L = \nabla_{a} C",
                 None, id="letter-only-as-a-braced-subscript"),
])
def test_abbreviated(intro, source, expected):
    assert abbreviated(intro, source) == expected


DISPLAY = r"""$$
\begin{bmatrix} w^l_{11} & w^l_{12} \\ w^l_{21} & w^l_{22} \end{bmatrix}
= \begin{bmatrix} \delta^l_1 a^{l-1}_1 & \delta^l_1 a^{l-1}_2 \\ \delta^l_2 a^{l-1}_1 & \delta^l_2 a^{l-1}_2 \end{bmatrix}
$$
"""


@pytest.mark.parametrize("intro, accused", [
    pytest.param(r"In matrix form (we write $w^l_{jk}$ for $\partial C/\partial w^l_{jk}$ to save space):", False,
                 id="declared"),
    pytest.param("In matrix form:", True, id="literal"),
])
def test_a_declared_abbreviation_is_not_accused(intro, accused):
    steps = grade_text(f"# BP4\n\n{intro}\n\n{DISPLAY}", kind="md", options=Options(step_seconds=30.0)).steps
    verdicts = [s.verdict.verdict for s in steps if "delta" in s.latex]
    assert verdicts and ("incorrect" in verdicts) == accused
