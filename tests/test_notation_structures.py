"""Constructs of symcheck.notation.structures read as write-ups write them: ∇ with a layer written as a
subscript of the vector (``\\nabla_{a_N} C``), checked through ``symcheck check``."""

import json

import pytest

from symcheck.cli import main
from symcheck.notation.api import read
from symcheck.notation import vocab as V


@pytest.mark.parametrize("latex, layer", [
    pytest.param(r"\nabla_{a_N} C", "N", id="plain-a-last-layer"),
    pytest.param(r"\nabla_{\mathbf{a}_N} C", "N", id="bold-a-last-layer"),
    pytest.param(r"\nabla_{z_l} C", "l", id="plain-z-layer-l"),
])
def test_nabla_subscript_layer(latex, layer):
    (part,) = read(latex).parts
    assert isinstance(part, V.Grad) and str(part.args[0].layer) == layer


@pytest.mark.parametrize("latex, code", [
    pytest.param(r"\boldsymbol{\delta}_N = \nabla_{a_N} C \odot \sigma^\prime (\mathbf{z}_N)", 0, id="BP1-layer-N"),
    pytest.param(r"\boldsymbol{\delta}_N = \nabla_{a_N} C \odot \sigma (\mathbf{z}_N)", 1, id="BP1-prime-dropped"),
    pytest.param(r"\nabla_{\mathbf{a}_N} C = \mathbf{a}_N - \mathbf{y}", 0, id="quadratic-cost-gradient"),
])
def test_check_nabla_layer_subscript(latex, code, capsys):
    assert main(["check", latex, "--json"]) == code
    assert json.loads(capsys.readouterr().out)["verdict"] == {0: "correct", 1: "incorrect"}[code]


# --- a sum over an index written inside a name ----------------------------------------------------
@pytest.mark.parametrize("latex", [
    pytest.param(r"\sum_j W_{ij} x_j", id="matrix-entry-name"),
    pytest.param(r"\sum_{k=1}^{n} M_{kq} u_k", id="with-limits"),
])
def test_a_sum_over_an_index_inside_a_name_is_refused(latex):
    from symcheck.errors import ParseError

    with pytest.raises(ParseError, match="a name with"):
        read(latex)


@pytest.mark.parametrize("latex, verdict", [
    pytest.param(r"\sum_j w^l_{jk} \delta^l_j = \sum_m w^l_{mk} \delta^l_m", "correct", id="layered-entries-summed"),
    pytest.param(r"\sum_j w^l_{jk} \delta^l_j = \sum_m w^l_{km} \delta^l_m", "incorrect", id="layered-entries-swapped"),
    pytest.param(r"\sum_j W_{ij} x_j = W_{ij} \sum_j x_j", "unchecked", id="a-name-is-not-summed-as-a-constant"),
])
def test_check_sums_over_entries(latex, verdict, capsys):
    main(["check", latex, "--json"])
    assert json.loads(capsys.readouterr().out)["verdict"] == verdict
