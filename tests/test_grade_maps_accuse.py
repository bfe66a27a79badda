"""Accusations in map notation (symcheck.grade.maps_accuse): a name defined anew in another problem is no claim
about the old definition; a Jacobian's membership that no layout of ∇ gives is refuted at concrete sizes.
Invented examples, not text of the corpus."""

from types import SimpleNamespace

import pytest

from symcheck.grade.maps_accuse import redefined, wrong_size
from symcheck.notation.map_defs import Definition
from symcheck.notation.maps import read_side


def _sr(problem, context="", intro=""):
    return SimpleNamespace(step=SimpleNamespace(problem=problem, context=context, intro=intro))


DEFS = [Definition(read_side("h"), read_side(r"g \circ f"), 3, "Part A")]


@pytest.mark.parametrize("problem, context, intro, want", [
    pytest.param("Part B", "define", "", True, id="defined-anew-in-another-problem"),
    pytest.param("Part B", "", "Now let", True, id="let-in-another-problem"),
    pytest.param("Part A", "define", "", False, id="defined-again-in-its-own-problem"),
    pytest.param("Part B", "", "so that", False, id="a-claim-in-another-problem"),
])
def test_redefined(problem, context, intro, want):
    assert redefined(read_side("h"), _sr(problem, context, intro), DEFS) is want


@pytest.mark.parametrize("dom, cod, r, c, accused", [
    pytest.param("n", "1", "1", "n", False, id="the-jacobian"),
    pytest.param("n", "1", "n", "1", False, id="its-transpose"),
    pytest.param("n", "1", "1+1", "n", True, id="a-row-too-many"),
    pytest.param("n", "m", "m", "n+1", True, id="a-column-too-many"),
    pytest.param("n", "1", "1", "k", False, id="a-size-the-signature-does-not-fix"),
])
def test_wrong_size(dom, cod, r, c, accused):
    got = wrong_size(dom, cod, r, c)
    assert (got is not None) is accused
    if accused:
        assert got[2]["sizes"] and got[2]["stated"] != got[2]["jacobian"]
