"""A word in ``\\text{…}`` that names a quantity at the start of a row (symcheck.grade.rows)."""

import pytest

from symcheck.grade.grader import grade_text
from symcheck.grade.rows import prose_splits
from symcheck.grade.state import Options


@pytest.mark.parametrize("row, pieces", [
    pytest.param(r"\text{output} = 1", [("", r"\text{output} = 1")], id="a-named-quantity-stays"),
    pytest.param(r"\text{so we have} = 1", [("so we have", " = 1")], id="several-words-are-prose"),
    pytest.param(r"\text{thus} = 1", [("thus", " = 1")], id="a-connective-is-prose"),
    pytest.param(r"x = \text{output} = 1", [("", "x = "), ("output", " = 1")], id="only-at-the-start"),
])
def test_prose_splits_keeps_a_named_quantity(row, pieces):
    assert [(p, t) for p, t, _ in prose_splits(row)] == pieces


TEXT = """Take any $c > 0$ to scale the weights.

The unit fires as follows:
$$\\textrm{output} = \\begin{cases} 0 \\quad \\textrm{if } x \\le 0 \\\\ 1 \\quad \\textrm{if } x > 0 \\end{cases}$$

and then $\\textrm{total} = 2 \\cdot 3 = 5$.
"""


def test_a_named_quantity_is_not_linked_to_an_earlier_chain():
    steps = grade_text(TEXT, kind="md", options=Options(step_seconds=30.0)).steps
    defined = [s for s in steps if "output" in s.latex]
    assert defined and defined[0].latex.startswith(r"\textrm{output} =") and defined[0].verdict.verdict != "incorrect"
    wrong = [s for s in steps if s.line == 6 and s.verdict.verdict == "incorrect"]
    assert wrong and "6" in wrong[0].verdict.reason
