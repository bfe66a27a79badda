"""Derivatives through an affine map the write-up defines (symcheck.notation.affine),
under columns and rows, and both layouts of a derivative by the matrix."""

import pytest

from symcheck.notation.affine import affine_definition, check_derivative

LEFT = affine_definition(r"\vec s", r"M \vec u + \vec c")
RIGHT = affine_definition(r"\vec s", r"\vec u M + \vec c")
G = r"\frac{\partial E}{\partial \vec s}"


@pytest.mark.parametrize("lhs,rhs,found", [
    pytest.param(r"\vec s", r"M \vec u + \vec c", ("s", "M", "u", "c", True), id="matrix-on-the-left"),
    pytest.param(r"s", r"u M", ("s", "M", "u", None, False), id="matrix-on-the-right-no-bias"),
    pytest.param(r"z^l", r"W^l a^{l-1} + b^l", ("z", "W", "a", "b", True), id="layer-scripts"),
    pytest.param(r"z", r"w x + b", None, id="two-lower-case-factors"),
    pytest.param(r"\vec s", r"M \vec u + \vec c + \vec d", None, id="more-terms"),
    pytest.param(r"\vec s", r"M N", None, id="two-matrices"),
])
def test_affine_definition(lhs, rhs, found):
    aff = affine_definition(lhs, rhs)
    got = None if aff is None else (aff.out.split("|")[0], aff.matrix.split("|")[0], aff.inp.split("|")[0],
                                     aff.bias.split("|")[0] if aff.bias else None, aff.left)
    assert got == found


@pytest.mark.parametrize("aff,rows,lhs,rhs,verdict", [
    pytest.param(LEFT, False, r"\frac{\partial E}{\partial \vec u}", rf"M^T {G}", "correct", id="columns-input"),
    pytest.param(LEFT, True, r"\frac{\partial E}{\partial \vec u}", rf"{G} M", "correct", id="rows-input"),
    pytest.param(LEFT, True, r"\frac{\partial E}{\partial \vec u}", rf"{G} M^T", "incorrect",
                 id="rows-input-transposed"),
    pytest.param(LEFT, False, r"\frac{\partial E}{\partial \vec u}", rf"M {G}", "incorrect",
                 id="columns-transpose-dropped"),
    pytest.param(LEFT, False, r"\frac{\partial E}{\partial \vec c}", G, "correct", id="bias"),
    pytest.param(LEFT, False, r"\frac{\partial E}{\partial \vec c}", rf"-{G}", "incorrect", id="bias-sign"),
    pytest.param(LEFT, False, r"\frac{\partial E}{\partial M}", rf"{G} \vec u^T", None,
                 id="matrix-layout-not-stated"),
    pytest.param(LEFT, False, r"\frac{\partial E}{\partial M}", rf"\vec u {G}^T", None,
                 id="numerator-layout-is-a-reading"),
    pytest.param(LEFT, False, r"\frac{\partial E}{\partial M}", rf"\vec u^T {G}", None,
                 id="rows-numerator-is-a-reading"),
    pytest.param(LEFT, False, r"\frac{\partial E}{\partial M}", rf"{G} {G}^T", "incorrect",
                 id="matrix-other-numbers-under-every-reading"),
    pytest.param(RIGHT, True, r"\frac{\partial E}{\partial \vec u}", rf"{G} M^T", "correct",
                 id="right-multiplication-rows"),
    pytest.param(LEFT, False, r"\frac{\partial E}{\partial \vec u}", rf"M^T \delta", None, id="other-names"),
    pytest.param(LEFT, False, r"\frac{\partial E}{\partial \vec u}", rf"M^T {G} \odot \vec u", None,
                 id="hadamard-not-modelled"),
    pytest.param(LEFT, False, r"\frac{\partial \vec y}{\partial \vec u}", "M", None, id="not-a-cost"),
])
def test_check_derivative(aff, rows, lhs, rhs, verdict):
    got = check_derivative(lhs, rhs, aff, rows)
    assert (got[0] if got else None) == verdict


def test_matrix_layout_stated():
    assert check_derivative(r"\frac{\partial E}{\partial M}", rf"{G} \vec u^T", LEFT, False, "gradient")[0] \
        == "correct"
    assert check_derivative(r"\frac{\partial E}{\partial M}", rf"\vec u {G}^T", LEFT, False, "numerator")[0] \
        == "correct"


def test_counterexample_names_every_reading():
    got = check_derivative(r"\frac{\partial E}{\partial \vec u}", rf"{G} M^T", LEFT, True)
    assert set(got[2]["readings"]) == {"column/-", "row/-"}
    assert got[2]["readings"]["column/-"] == "ill-formed"
