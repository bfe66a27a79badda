"""A plain, unlayered network (symcheck.grade.plain_net): the letters a write-up's own definitions give
each layer, found in equations and in derivatives expanded in place, and nothing from letters alone."""

import pytest

from symcheck.grade.plain_layers import established
from symcheck.grade.plain_net import classify, name_key
from symcheck.grade.plain_layers import read_side
from symcheck.grade.segment import segment


def _doc(*displays: str, prose: str = "The network, layer by layer.") -> tuple:
    text = prose + "\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays)
    doc = segment(text, "md")
    return doc.steps, doc.prose


DEFINITIONS = (r"r_j = \sum_{i=1}^{D} u_{ji} s_i", r"q_j = g(r_j)", r"p_k = \sum_{j=1}^{M} c_{kj} q_j",
               r"o_k = \frac{\exp(p_k)}{\sum_m \exp(p_m)}", r"J_n = -\sum_k d_k \ln o_k")


@pytest.mark.parametrize("left, right, role", [
    pytest.param(r"r_j", r"\sum_{i=1}^{D} u_{ji} s_i", ("pre", "u", "s", "dst", None), id="weighted-sum"),
    pytest.param(r"r_j", r"\sum_{i} u_{ji} s_i + c_j", ("pre", "u", "s", "dst", "c"), id="weighted-sum-with-a-bias"),
    pytest.param(r"p_1", r"c_{10} q_0 + c_{11} q_1 + c_{12} q_2", ("pre", "c", "q", "dst", None), id="weighted-sum-written-out"),
    pytest.param(r"r_j", r"\sum_{i} u_{ij} s_i", ("pre", "u", "s", "src", None), id="weight-indexed-from-its-source"),
    pytest.param(r"p_1", r"c_{01} q_0 + c_{11} q_1 + c_{21} q_2", ("pre", "c", "q", "src", None),
                 id="written-out-from-the-source"),
    pytest.param(r"q_j", r"g(r_j)", ("act", "g", "r"), id="activation-by-a-letter"),
    pytest.param(r"q_j", r"\tanh(r_j)", ("act", "tanh", "r"), id="activation-tanh"),
    pytest.param(r"q_j", r"\sigma\left(\sum_i u_{ji} s_i + c_j\right)", ("actw", "sigmoid", "u", "s", "dst", "c"),
                 id="activation-of-a-weighted-sum-in-place"),
    pytest.param(r"o_k", r"\frac{\exp(p_k)}{\sum_m \exp(p_m)}", ("softmax", "p"), id="softmax"),
    pytest.param(r"J_n", r"-\sum_k d_k \ln o_k", ("cost", "log-likelihood", "d", "o", 1), id="cross-entropy"),
    pytest.param(r"J_n", r"-d_0 \log o_0 - d_1 \log o_1", ("cost", "log-likelihood", "d", "o", 1),
                 id="cross-entropy-written-out"),
    pytest.param(r"J", r"\frac{1}{2}\sum_k (o_k - d_k)^2", ("cost", "quadratic", "d", "o", 1), id="quadratic"),
    pytest.param(r"z", r"\sum_j w_j x_j + b", ("pre1", ("w", "x"), "b"), id="one-unit-weighted-sum"),
    pytest.param(r"J", r"-\frac{1}{n}\sum_x \left[d \ln o + (1 - d) \ln (1 - o)\right]",
                 ("cost", "cross-entropy", "d", "o", 0), id="one-unit-cross-entropy-averaged"),
    pytest.param(r"J", r"-\left[d \ln o + (1 - d) \ln (1 - o)\right]", ("cost", "cross-entropy", "d", "o", 0),
                 id="one-unit-cross-entropy"),
])
def test_roles(left, right, role):
    assert classify(read_side(left), read_side(right))[1] == role


@pytest.mark.parametrize("left, right", [
    pytest.param(r"p_1", r"c_{11} q_1 + c_{00} q_0", id="written-out-both-ways-at-once"),
    pytest.param(r"r_j", r"\sum_{i} u_{ji} s_j", id="unit-index-not-the-summed-one"),
    pytest.param(r"q_j", r"g(r_k)", id="activation-of-another-unit"),
    pytest.param(r"o_k", r"\frac{\exp(p_k)}{u}", id="normaliser-the-file-never-defines"),
    pytest.param(r"J_n", r"-\sum_k d_k \ln o_k + 1", id="not-a-cost-of-the-book"),
    pytest.param(r"J", r"-\left[d \ln o + (1 - o) \ln (1 - d)\right]", id="one-unit-cross-entropy-mixed-up"),
    pytest.param(r"J", r"-\frac{1}{n}\left[d \ln o + (1 - d) \ln (1 - o)\right]", id="average-without-its-sum"),
])
def test_no_role(left, right):
    assert classify(read_side(left), read_side(right)) is None


def test_normaliser_the_prose_defines():
    assert classify(read_side(r"o_0"), read_side(r"\frac{\exp(p_0)}{u}"), "with u = exp(p_0) + exp(p_1)")[1] == \
        ("softmax", "p")


def test_established_from_definitions():
    net = established(*_doc(*DEFINITIONS))
    assert net is not None and net.cost == "log-likelihood" and net.output == "softmax" and net.activation == "g"
    assert net.layered() == {("o", 1): "a^{L}", ("d", 1): "y", ("p", 1): "z^{L}", ("c", 2): "w^{L}",
                             ("q", 1): "a^{L-1}", ("r", 1): "z^{L-1}", ("u", 2): "w^{L-1}", ("s", 1): "a^{L-2}"}
    assert net.cost_name == ("J", "n")


def test_established_from_derivatives_expanded_in_place():
    rows = (r"\frac{\partial J_n}{\partial p_0} = \frac{\partial}{\partial p_0}(-d_0 \log o_0 - d_1 \log o_1)",
            r"\frac{\partial o_k}{\partial p_k} = \frac{\partial}{\partial p_k} \frac{\exp(p_k)}{\sum_m \exp(p_m)}",
            r"\frac{\partial J_n}{\partial c_{kj}} = \frac{\partial J_n}{\partial p_k} \frac{\partial p_k}{\partial c_{kj}}"
            r" = (o_k - d_k) \frac{\partial}{\partial c_{kj}} \sum_m c_{km} q_m")
    net = established(*_doc(*rows))
    assert net is not None and net.layered()[("c", 2)] == "w^{L}" and net.layered()[("q", 1)] == "a^{L-1}"


@pytest.mark.parametrize("displays", [
    pytest.param(DEFINITIONS[:4], id="no-cost"),
    pytest.param(DEFINITIONS[2:3] + DEFINITIONS[4:], id="no-output-function"),
    pytest.param(DEFINITIONS + (r"o_k = \sum_j c_{kj} q_j",), id="a-letter-with-two-roles"),
    pytest.param((r"r_j = \sum_{i} u_{ji} s_i", r"q_j = g(r_j)", r"p_k = \sum_{j} c_{kj} q_j",
                  r"o_k = \sigma(p_k)", r"J_n = -\sum_k d_k \ln o_k"), id="log-cost-on-sigmoid-outputs"),
])
def test_nothing_established(displays):
    assert established(*_doc(*displays)) is None


def test_name_keys():
    assert name_key(read_side("v_{kj}")) == ("v", ("k", "j"))
    assert name_key(read_side("a_{0}")) == ("a", ("0",))
    assert name_key(read_side("t_k")) == ("t", ("k",))


ONE_UNIT = (r"J = -\frac{1}{n}\sum_x \left[d \ln o + (1 - d) \ln (1 - o)\right]", r"o = \sigma(p)",
            r"p = \sum_j c_j s_j + r")


def test_one_unit_weight_is_what_is_differentiated():
    steps, prose = _doc(*ONE_UNIT, r"\frac{\partial J}{\partial c_j} = \frac{1}{n}\sum_x s_j (o - d)")
    net = established(steps, prose)
    assert net is not None and net.output_size == ("", 1)
    assert net.layered() == {("o", 0): "a^{L}_{1}", ("d", 0): "y_{1}", ("p", 0): "z^{L}_{1}",
                             ("c", 1): "w^{L}_{1#}", ("s", 1): "a^{L-1}", ("r", 0): "b^{L}_{1}"}


def test_one_unit_without_a_derivative_establishes_nothing():
    assert established(*_doc(*ONE_UNIT)) is None
