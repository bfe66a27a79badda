"""The readings the accusation policy checks (symcheck.grade.readings_checked): only
steps in components are weighed, under every weight convention."""

from types import SimpleNamespace

import pytest

from symcheck.grade.readings_checked import (components_only, fails_in_every_weight_convention, ill_formed, names_weights,
                                             past_output)
from symcheck.notation import Context, check_reading, read


def _sr(latex):
    return SimpleNamespace(reading=read(latex))


def _recheck(reading):
    return check_reading(reading, Context())


@pytest.mark.parametrize("latex,components", [
    pytest.param(r"z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j", True, id="components"),
    pytest.param(r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", True, id="component-derivative"),
    pytest.param(r"z^l = w^l a^{l-1} + b^l", False, id="matrix"),
    pytest.param(r"\frac{\partial C}{\partial w^L} = \delta^L a^{L-1}", False, id="whole-gradient"),
    pytest.param(r"\delta^L_j = \nabla_a C \odot \sigma'(z^L_j)", False, id="hadamard"),
])
def test_components_only(latex, components):
    assert components_only(_sr(latex)) is components


@pytest.mark.parametrize("latex,fails", [
    pytest.param(r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-2}_k \delta^l_j", True, id="wrong-layer"),
    pytest.param(r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_j \delta^l_k", False, id="other-way-right"),
    pytest.param(r"\frac{\partial z^{l+1}_j}{\partial a^l_k} = w^l_{jk}", False, id="numbered-by-layer-left-right"),
    # whole matrices are weighed too (W^l read as the book's (w^l)^T, ∂C/∂W^l as its transpose)
    # δ a side by side may be the outer product δ a^T (a reading weighed too)
    pytest.param(r"\frac{\partial C}{\partial w^L} = \delta^L a^{L-1}", False, id="whole-gradient-outer-product"),
    pytest.param(r"\frac{\partial C}{\partial w^L} = \delta^L a^{L-2}", True, id="whole-gradient-wrong-layer"),
    pytest.param(r"\frac{\partial C}{\partial w^l} = a^{l-1} (\delta^l)^T", False, id="whole-gradient-other-way"),
    pytest.param(r"\delta^l = ((w^{l+2})^T \delta^{l+1}) \odot \sigma'(z^l)", True, id="whole-wrong-layer"),
    pytest.param(r"\delta^l = (w^{l+1} \delta^{l+1}) \odot \sigma'(z^l)", False, id="whole-other-way-right"),
    # w^L with L the output layer: renumbered by the layer it leaves, it would leave the output layer
    pytest.param(r"\frac{\partial C}{\partial w^L_{jk}} = a^{L-2}_k \delta^L_j", True, id="output-weights"),
    pytest.param(r"\delta^l_j = \sum_k w^{l+2}_{kj} \delta^{l+1}_k \sigma'(z^l_j)", True, id="deep-layers"),
    pytest.param(r"Z^l = W^l A^{l-1} + b^l", False, id="mini-batch-not-weighed"),
])
def test_fails_in_every_weight_convention(latex, fails):
    assert fails_in_every_weight_convention(_sr(latex), _recheck) is fails


@pytest.mark.parametrize("latex,ill", [
    pytest.param(r"z^k_i = \sum_j w^k_{ij} a^{k-2}_j + b^k_i", True, id="ill-formed-definition"),
    pytest.param(r"z^k_i = \sum_j w^k_{ij} a^{k-1}_j - b^k_i", False, id="well-formed-definition"),
    pytest.param(r"Z^l = W^l A^{l-1} + b^l", False, id="broadcast-not-weighed"),
])
def test_ill_formed(latex, ill):
    assert ill_formed(_sr(latex), _recheck) is ill


@pytest.mark.parametrize("latex,past", [
    pytest.param(r"\frac{\partial C}{\partial w^{L+1}_{jk}} = a^{L}_k \delta^{L+1}_j", True, id="past-the-output"),
    pytest.param(r"\frac{\partial C}{\partial w^{l+1}_{jk}} = a^{l}_k \delta^{l+1}_j", False, id="general-layer"),
    pytest.param(r"\frac{\partial C}{\partial w^{L}_{jk}} = a^{L-1}_k \delta^{L}_j", False, id="output-layer"),
])
def test_past_output(latex, past):
    assert past_output(read(latex)) is past


@pytest.mark.parametrize("latex,named", [
    pytest.param(r"z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j", True, id="component"),
    pytest.param(r"\frac{\partial C}{\partial w^l} = \delta^l (a^{l-1})^T", True, id="gradient"),
    pytest.param(r"\delta^L = \nabla_a C \odot \sigma'(z^L)", False, id="no-weights"),
])
def test_names_weights(latex, named):
    assert names_weights(_sr(latex)) is named
