"""Plain algebra in a write-up's setting, decided where the setting's facts hold (symcheck.grade.setting_points):
a difference linear in one family of the setting (y, a, ŷ) alone fails at a one-hot y too; an activation put
in (g linear: ``1 = z``) is compared at points; facts the step may rest on (Σ_i y_i = 1) still shield it."""

import pytest
import sympy as sp

from symcheck.grade.grader import grade_text
from symcheck.grade.network import SETTING_NAMES
from symcheck.grade.setting_points import differs, linear_family
from symcheck.grade.state import Options
from symcheck.notation import read

SLACK = Options(step_seconds=30.0)


@pytest.mark.parametrize("latex, family", [
    pytest.param(r"x \odot y = -\left(y \odot x\right)", "y", id="hadamard-sign"),
    pytest.param(r"y_k = 2 y_k", "y", id="scaled-entry"),
    pytest.param(r"-y_k + \hat{y}_k \sum_i y_i = -y_k + \hat{y}_k", None, id="rests-on-sum-one"),
    pytest.param(r"\sum_i a_i = \sum_i y_i", None, id="two-families"),
    pytest.param(r"y_i y_j = 0", None, id="degree-two"),
    pytest.param(r"\sum_i y_i = 1", None, id="constant"),
    pytest.param(r"-y_i \delta{ik} = -y_j \delta{ik}", None, id="delta-read-as-a-letter"),
    pytest.param(r"a = z", None, id="weighted-input-tied-to-a"),
    pytest.param(r"\begin{bmatrix} 1 \\ 2 \end{bmatrix} \odot \begin{bmatrix} 3 \\ 4 \end{bmatrix} = "
                 r"\begin{bmatrix} 3 \\ 8 \end{bmatrix}", None, id="a-matrix-beside-a-hadamard-is-no-family"),
])
def test_linear_family(latex, family):
    assert linear_family(read(latex).parts, SETTING_NAMES) == family


def test_differs_at_points():
    z, w = sp.symbols("z w", real=True)
    assert differs((sp.Integer(1), z), {z}) is not None                     # g linear: g' = 1, g = z
    assert differs((sp.Piecewise((0, z < 0), (1, True)), sp.Piecewise((0, z < 0), (z, True))), {z}) is not None
    assert differs((z + z, 2 * z), {z}) is None
    assert differs((sp.Integer(1), w), {z}) is None                         # another unknown: a condition


def _verdicts(text):
    return [(s.latex, s.verdict.verdict) for s in grade_text(text, kind="md", options=SLACK).steps]


VECTORS = ("The output layer is a softmax layer.\n\nTake\n\n$$\nx = \\begin{bmatrix} x_1 \\\\ x_2 \\end{bmatrix}, "
           "\\quad y = \\begin{bmatrix} y_1 \\\\ y_2 \\end{bmatrix}\n$$\n\nthen\n\n$$\n%s\n$$\n")
ONE_HOT = "The target y is one-hot.\n\n$$\n\\frac{\\partial C}{\\partial \\theta_k} = -y_k + \\hat{y}_k %s\n$$\n"
ACTIVATION = ("An activation $a = g(z)$, such as ReLU or linear neurons.\n\n$$\n\\frac{\\partial a}{\\partial z} = "
              "\\frac{\\partial}{\\partial z} g(z) %s\n$$\n")


@pytest.mark.parametrize("text, row, verdict", [
    pytest.param(VECTORS % r"x \odot y = y \odot x", r"x \odot y = y \odot x", "correct", id="softmax-text-hadamard"),
    pytest.param(VECTORS % r"x \odot y = -y \odot x", r"x \odot y = -y \odot x", "incorrect",
                 id="softmax-text-hadamard-sign"),
    pytest.param(ONE_HOT % r"= \hat{y}_k - y_k", r"= \hat{y}_k - y_k", "correct", id="one-hot-reordered"),
    pytest.param(ONE_HOT % r"= -2 y_k + \hat{y}_k", r"= -2 y_k + \hat{y}_k", "incorrect", id="one-hot-digit"),
    pytest.param("The target y is one-hot.\n\n$$\n-y_k + \\hat{y}_k \\sum_i y_i = -y_k + \\hat{y}_k\n$$\n",
                 r"-y_k + \hat{y}_k \sum_i y_i = -y_k + \hat{y}_k", "unchecked", id="one-hot-sum-one-not-accused"),
    pytest.param(ACTIVATION % "= g'(z)", "= g'(z)", "correct", id="activation-derivative"),
    pytest.param(ACTIVATION % "= g(z)", "= g(z)", "incorrect", id="activation-prime-dropped"),
])
def test_graded(text, row, verdict):
    assert (row, verdict) in _verdicts(text)


def test_accusation_names_the_facts():
    steps = grade_text(ONE_HOT % r"= -2 y_k + \hat{y}_k", kind="md", options=SLACK).steps
    reason = next(s.verdict.reason for s in steps if s.latex == r"= -2 y_k + \hat{y}_k")
    assert "linear in y alone" in reason and "one-hot" in reason
