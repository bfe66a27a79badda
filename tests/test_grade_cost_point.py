"""A bare ∇C in a write-up that writes ∇C(a^L) elsewhere (symcheck.grade.cost_point): read as that
gradient, a right step is correct; a wrong one never is."""

import pytest

from symcheck.grade import grade_text
from symcheck.grade.cost_point import established
from symcheck.grade.segment import segment

POINTED = r"\delta^L = \nabla C(a^L) \odot \sigma'(z^L)"


def _file(step: str, pointed: str = POINTED) -> str:
    return f"The output error.\n\n$$\n{step}\n$$\n\nWith the point written out:\n\n$$\n{pointed}\n$$\n"


@pytest.mark.parametrize("step, verified", [
    pytest.param(r"\delta^L = \nabla C \odot \sigma'(z^L)", True, id="bp1-bare-nabla"),
    pytest.param(r"\delta^L = \nabla C \odot \sigma(z^L)", False, id="sigma-for-its-derivative"),
    pytest.param(r"\delta^L = \nabla C + \sigma'(z^L)", False, id="sum-for-the-hadamard-product"),
])
def test_bare_nabla(step, verified):
    verdicts = [s.verdict.verdict for s in grade_text(_file(step)).steps if s.line == 4]
    assert (verdicts == ["correct"]) is verified


def test_without_the_point_nothing_changes():
    text = _file(r"\delta^L = \nabla C \odot \sigma'(z^L)", pointed=r"\delta^L = \nabla_a C \odot \sigma'(z^L)")
    assert [s.verdict.verdict for s in grade_text(text).steps if s.line == 4] != ["correct"]


@pytest.mark.parametrize("displays, expected", [
    pytest.param((POINTED,), "C", id="one-cost-letter"),
    pytest.param((POINTED, r"\delta^L = \nabla J(a^L) \odot \sigma'(z^L)"), None, id="two-cost-letters"),
    pytest.param((r"\delta^L = \nabla C \odot \sigma'(z^L)",), None, id="no-point"),
])
def test_established(displays, expected):
    doc = segment("Text.\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays), "md")
    got = established(doc.steps)
    assert (got[0] if got else None) == expected


LINEAR = "We use linear output neurons.\n\n"
GENERIC = r"\delta^L = \nabla C(a^L) \odot g'(z^L)"


@pytest.mark.parametrize("step, verdict", [
    pytest.param(r"\delta^L = \nabla C \odot g'(z^L)", "correct", id="generic-activation"),
    pytest.param(r"\delta^L = \nabla C \odot g(z^L)", "incorrect", id="generic-prime-dropped"),
    pytest.param(r"\delta^L = -\nabla C \odot g'(z^L)", "incorrect", id="generic-sign"),
    pytest.param(r"\delta^L = \nabla C + g'(z^L)", "unchecked", id="not-a-factor-of-the-hadamard-product"),
])
def test_bare_nabla_accused_beside_hadamard(step, verdict):
    """A bare ∇C that is a factor of ⊙ has one reading, ∇C(a^L): a step that fails there is accused."""
    verdicts = [s.verdict.verdict for s in grade_text(LINEAR + _file(step, GENERIC)).steps if s.line == 6]
    assert verdicts == [verdict]
