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

