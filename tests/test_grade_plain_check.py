"""Steps of a plain, unlayered network checked on the book's random networks (symcheck.grade.plain_check):
once the file's definitions say what each letter is, a right step is correct; a wrong one never is."""

import pytest

from symcheck.grade import grade_text
from symcheck.grade.plain_check import translate
from symcheck.grade.plain_layers import established
from symcheck.grade.segment import segment

DEFINITIONS = (r"r_j = \sum_{i=1}^{D} u_{ji} s_i", r"q_j = g(r_j)", r"p_k = \sum_{j=1}^{M} c_{kj} q_j",
               r"o_k = \frac{\exp(p_k)}{\sum_m \exp(p_m)}", r"J_n = -\sum_k d_k \ln o_k")


def _file(step: str, definitions=DEFINITIONS) -> str:
    text = "A two-layer network, with a function g of our own.\n\n"
    text += "".join(f"$$\n{d}\n$$\n\n" for d in definitions)
    return text + f"Then\n\n$$\n{step}\n$$\n"


def _verdicts(step: str, definitions=DEFINITIONS) -> list:
    text = _file(step, definitions)
    line = text.split("\n").index(step) + 1
    return [s.verdict.verdict for s in grade_text(text).steps if s.line == line]


RIGHT = [
    pytest.param(r"\frac{\partial J_n}{\partial p_k} = o_k - d_k", id="output-error"),
    pytest.param(r"\frac{\partial J_n}{\partial c_{kj}} = (o_k - d_k) q_j", id="output-weights"),
    pytest.param(r"\frac{\partial J_n}{\partial c_{kj}} = \frac{\partial J_n}{\partial p_k}"
                 r"\frac{\partial p_k}{\partial c_{kj}}", id="chain-rule-output-weights"),
    pytest.param(r"\frac{\partial p_k}{\partial c_{kj}} = q_j", id="pre-activation-by-its-weight"),
    pytest.param(r"\frac{\partial J_n}{\partial u_{ji}} = \left(\sum_{k=1}^{K} (o_k - d_k) c_{kj}\right) g'(r_j) s_i",
                 id="hidden-weights-sum-to-a-named-bound"),
    pytest.param(r"\frac{\partial J_n}{\partial r_j} = g'(r_j) \sum_k c_{kj} \frac{\partial J_n}{\partial p_k}",
                 id="hidden-error-by-the-chain"),
]

WRONG = [
    pytest.param(r"\frac{\partial J_n}{\partial p_k} = d_k - o_k", id="output-error-sign"),
    pytest.param(r"\frac{\partial J_n}{\partial c_{kj}} = (o_k - d_k) s_j", id="output-weights-wrong-layer"),
    pytest.param(r"\frac{\partial J_n}{\partial u_{ji}} = \left(\sum_{k} (o_k - d_k) c_{kj}\right) s_i",
                 id="hidden-weights-derivative-dropped"),
    pytest.param(r"\frac{\partial J_n}{\partial u_{ji}} = \left(\sum_{k} (o_k - d_k) c_{kj}\right) g(r_j)(1 - g(r_j)) s_i",
                 id="hidden-weights-sigmoid-derivative-of-an-open-g"),
    pytest.param(r"\frac{\partial J_n}{\partial c_{kj}} = (o_k - d_k) q_j + \alpha", id="a-letter-it-never-defines"),
]


@pytest.mark.parametrize("step", RIGHT)
def test_right_steps_are_correct(step):
    assert _verdicts(step) == ["correct"]


@pytest.mark.parametrize("step", WRONG)
def test_wrong_steps_are_never_correct(step):
    assert "correct" not in _verdicts(step)


def test_without_the_definitions_nothing_is_verified():
    assert _verdicts(r"\frac{\partial J_n}{\partial c_{kj}} = (o_k - d_k) q_j", definitions=()) != ["correct"]


def _net():
    doc = segment(_file("x = 1"), "md")
    return established(doc.steps, doc.prose)


@pytest.mark.parametrize("latex, layered", [
    pytest.param(r"\frac{\partial J_n}{\partial c_{kj}}", r"\frac{\partial C}{\partial w^{L}_{kj}}", id="cost-and-weight"),
    pytest.param(r"\sum_{k=0}^{K-1} (o_{k} - d_{k})", r"\sum_{k} (a^{L}_{k} - y_{k})", id="sum-over-the-layer"),
    pytest.param(r"g'(r_j) s_i", r"\sigma'(z^{L-1}_{j}) a^{L-2}_{i}", id="the-function-of-the-hidden-layer"),
    pytest.param(r"\sum_{k=0}^{2} o_k", r"\sum_{k=0}^{2} a^{L}_{k}", id="a-sum-to-a-number-is-left-as-written"),
    pytest.param(r"{\bf c} q_j", None, id="a-mapped-letter-without-its-indices"),
    pytest.param(r"o_{nk}", None, id="another-number-of-indices"),
    pytest.param(r"J", None, id="the-cost-without-its-sample-index"),
])
def test_translate(latex, layered):
    assert translate(latex, _net()) == layered


ONE_UNIT = (r"J = -\frac{1}{n}\sum_x \left[d \ln o + (1 - d) \ln (1 - o)\right]", r"o = \sigma(p)",
            r"p = \sum_j c_j s_j + r", r"\frac{\partial J}{\partial c_j} = \frac{1}{n}\sum_x s_j (\sigma(p) - d)")


@pytest.mark.parametrize("step, verified", [
    pytest.param(r"\frac{\partial J}{\partial c_j} = \frac{1}{n}\sum_x s_j (o - d)", True, id="one-unit-weight"),
    pytest.param(r"\frac{\partial J}{\partial r} = \frac{1}{n}\sum_x (\sigma(p) - d)", True, id="one-unit-bias"),
    pytest.param(r"\frac{\partial J}{\partial c_j} = \sum_x s_j (o - d)", False, id="one-unit-average-dropped"),
    pytest.param(r"\frac{\partial J}{\partial c_j} = \frac{1}{n}\sum_x s_j (o - d) \sigma'(p)", False,
                 id="one-unit-quadratic-cost-gradient"),
])
def test_one_unit(step, verified):
    assert (_verdicts(step, ONE_UNIT) == ["correct"]) is verified


SIZED = (r"p_k = \sum_{j} c_{kj} q_j", r"o_k = \frac{\exp(p_k)}{u}", r"J_n = -\sum_{k=0}^{K-1} d_k \ln o_k")


def _sized(step: str, prose: str) -> list:
    text = prose + "\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in SIZED) + f"Then\n\n$$\n{step}\n$$\n"
    line = text.split("\n").index(step) + 1
    return [s.verdict.verdict for s in grade_text(text).steps if s.line == line]


@pytest.mark.parametrize("step, prose, verified", [
    pytest.param(r"\frac{\partial J_n}{\partial p_0} = -d_0 (1 - o_0) + d_1 o_0 + d_2 o_0",
                 "Three outputs, K=3, with u=exp(p_0)+exp(p_1)+exp(p_2).", True, id="three-outputs-stated"),
    pytest.param(r"\frac{\partial J_n}{\partial p_0} = -d_0 (1 - o_0) + d_1 o_0 + d_2 o_0",
                 "With u=exp(p_0)+exp(p_1)+exp(p_2).", False, id="three-outputs-not-stated"),
    pytest.param(r"\frac{\partial J_n}{\partial p_0} = -d_0 (1 - o_0) + d_1 o_0",
                 "Three outputs, K=3, with u=exp(p_0)+exp(p_1)+exp(p_2).", False, id="a-term-missing"),
    pytest.param(r"\frac{\partial o_0}{\partial p_0} = \frac{\exp(p_0) u - \exp(p_0)^2}{u^2}",
                 "Three outputs, with u=exp(p_0)+exp(p_1)+exp(p_2).", True, id="the-normaliser-the-prose-defines"),
    pytest.param(r"\frac{\partial o_0}{\partial p_0} = \frac{\exp(p_0) u + \exp(p_0)^2}{u^2}",
                 "Three outputs, with u=exp(p_0)+exp(p_1)+exp(p_2).", False, id="the-normaliser-wrong-sign"),
])
def test_stated_output_size(step, prose, verified):
    assert (_sized(step, prose) == ["correct"]) is verified


@pytest.mark.parametrize("step, verified", [
    pytest.param(r"c_{kj}(t+1) = c_{kj}(t) - \eta \frac{\partial J_n}{\partial c_{kj}}", True, id="update-by-the-gradient"),
    pytest.param(r"c_{kj}(t+1) = c_{kj}(t) - \eta (o_k - d_k) q_j", True, id="update-with-the-gradient-written-out"),
    pytest.param(r"c_{kj}(t+1) = c_{kj}(t) + \eta (o_k - d_k) q_j", False, id="update-uphill"),
    pytest.param(r"c_{kj}(t+1) = c_{kj}(t) - \eta (o_k - d_k) s_j", False, id="update-with-the-wrong-layer"),
])
def test_updates_at_time_steps(step, verified):
    assert (_verdicts(step) == ["correct"]) is verified


def test_translate_time_argument():
    assert translate(r"c_{kj}(t) - \eta q_j", _net()) == r"w^{L}_{kj} - \eta a^{L-1}_{j}"


def test_a_section_on_another_cost_is_not_the_mapping():
    text = _file(r"\frac{\partial J_n}{\partial p_k} = o_k - d_k")
    text = text.replace("Then\n", "## With the quadratic cost instead\n\nFor the quadratic cost, then\n")
    line = text.split("\n").index(r"\frac{\partial J_n}{\partial p_k} = o_k - d_k") + 1
    assert [s.verdict.verdict for s in grade_text(text).steps if s.line == line] != ["correct"]


FROM_SOURCE = (r"r_j = \sum_{i} u_{ij} s_i", r"q_j = g(r_j)", r"p_k = \sum_{j} c_{jk} q_j",
               r"o_k = \frac{\exp(p_k)}{\sum_m \exp(p_m)}", r"J_n = -\sum_k d_k \ln o_k")


@pytest.mark.parametrize("step, verified", [
    pytest.param(r"\frac{\partial J_n}{\partial c_{jk}} = (o_k - d_k) q_j", True, id="weights-from-their-source"),
    pytest.param(r"\frac{\partial J_n}{\partial u_{ij}} = g'(r_j) s_i \sum_k c_{jk} (o_k - d_k)", True,
                 id="hidden-weights-from-their-source"),
    pytest.param(r"\frac{\partial J_n}{\partial c_{jk}} = (o_j - d_j) q_k", False, id="indices-read-the-book's-way"),
])
def test_weights_indexed_from_their_source(step, verified):
    assert (_verdicts(step, FROM_SOURCE) == ["correct"]) is verified


IN_PLACE = (r"q_j = \tanh\left(\sum_{i} u_{ji} s_i\right)", r"o_k = \sigma\left(\sum_{j} c_{kj} q_j + e_k\right)",
            r"J = \frac{1}{2}\sum_k (o_k - d_k)^2")


@pytest.mark.parametrize("step, verified", [
    pytest.param(r"\frac{\partial J}{\partial e_k} = (o_k - d_k) o_k (1 - o_k)", True, id="output-bias"),
    pytest.param(r"\frac{\partial J}{\partial c_{kj}} = (o_k - d_k) o_k (1 - o_k) q_j", True, id="output-weight"),
    pytest.param(r"\frac{\partial J}{\partial u_{ji}} = \sum_k (o_k - d_k) o_k (1 - o_k) c_{kj} (1 - q_j^2) s_i",
                 True, id="hidden-weight-through-tanh"),
    pytest.param(r"\frac{\partial J}{\partial u_{ji}} = \sum_k (o_k - d_k) o_k (1 - o_k) c_{kj} q_j (1 - q_j) s_i",
                 False, id="hidden-weight-with-the-sigmoid's-derivative"),
    pytest.param(r"\frac{\partial J}{\partial c_{kj}} = (o_k - d_k) q_j", False, id="output-weight-sigmoid-dropped"),
])
def test_weighted_inputs_written_in_place(step, verified):
    assert (_verdicts(step, IN_PLACE) == ["correct"]) is verified


# --- accusations: a step that fails on the file's own network under every activation its letter allows ---

@pytest.mark.parametrize("step, verdict", [
    pytest.param(r"\frac{\partial J_n}{\partial p_k} = d_k - o_k", "incorrect", id="output-error-sign"),
    pytest.param(r"\frac{\partial J_n}{\partial c_{kj}} = -(o_k - d_k) q_j", "incorrect", id="output-weights-sign"),
    pytest.param(r"\frac{\partial J_n}{\partial c_{kj}} = \frac{\partial J_n}{\partial p_k}"
                 r"\frac{\partial p_k}{\partial c_{jk}}", "incorrect", id="weight-indices-over-two-ranges"),
    pytest.param(r"\frac{\partial p_0}{\partial c_{0i}} = q_j", "incorrect", id="index-on-one-side-only"),
    # g is any function: σ(1-σ) holds with the sigmoid, not with tanh: not accused
    pytest.param(r"\frac{\partial J_n}{\partial u_{ji}} = \left(\sum_{k} (o_k - d_k) c_{kj}\right) g(r_j)(1 - g(r_j)) s_i",
                 "unchecked", id="sigmoid-derivative-of-an-open-g-not-accused"),
    pytest.param(r"\frac{\partial J_n}{\partial c_{kj}} = (o_k - d_k) q_j + \alpha", "unchecked",
                 id="a-letter-it-never-defines-not-accused"),
    # a worked example in numbered components, at a size the text does not state: not accused
    pytest.param(r"\frac{\partial J_n}{\partial p_0} = -d_0 (1 - o_0) + d_1 o_0", "unchecked",
                 id="worked-example-of-an-unstated-size"),
    # y_i beside y_0: the prose may state the case i ≠ 0 in words the reader does not know
    pytest.param(r"\frac{\partial o_i}{\partial p_0} = -o_i o_0", "unchecked", id="a-case-of-the-indices"),
    pytest.param(r"\frac{\partial J_n}{\partial p_k} = o_k - d_k", "correct", id="right-step-still-correct"),
])
def test_accusations(step, verdict):
    assert _verdicts(step) == [verdict]


@pytest.mark.parametrize("step, verdict", [
    pytest.param(r"c_{kj}(t+1) = c_{jk}(t) - \eta (o_k - d_k) q_j", "incorrect", id="update-indices-swapped"),
    pytest.param(r"c_{kj}(t+1) = c_{kj}(t) + \eta (o_k - d_k) q_j", "unchecked", id="update-uphill-its-own-rule"),
])
def test_update_accusations(step, verdict):
    assert _verdicts(step) == [verdict]


@pytest.mark.parametrize("step, prose, verdict", [
    pytest.param(r"\frac{\partial o_0}{\partial p_0} = \frac{\exp(p_0) u + \exp(p_0)^2}{u^2}",
                 "Three outputs, with u=exp(p_0)+exp(p_1)+exp(p_2).", "incorrect", id="the-normaliser-wrong-sign"),
    pytest.param(r"\frac{\exp(p_0)}{u}\left(1 - \frac{\exp(p_0)}{u}\right) = o_0 (1 + o_0)",
                 "Three outputs, with u=exp(p_0)+exp(p_1)+exp(p_2).", "incorrect", id="a-component-squared-sign"),
    pytest.param(r"\frac{\partial J_n}{\partial p_0} = -d_0 (1 - o_0) + d_1 o_0 + d_2 o_0",
                 "With u=exp(p_0)+exp(p_1)+exp(p_2).", "unchecked", id="three-outputs-not-stated"),
    # the n of J_n labels the cost of one example: no index a case could be stated on
    pytest.param(r"\frac{\partial J_n}{\partial p_1} = o_2 - d_1",
                 "Three outputs, K=3, with u=exp(p_0)+exp(p_1)+exp(p_2).", "incorrect", id="the-costs-own-label-is-no-case"),
    pytest.param(r"\frac{\partial J_n}{\partial p_1} = o_1 - d_1",
                 "Three outputs, K=3, with u=exp(p_0)+exp(p_1)+exp(p_2).", "correct", id="the-costs-own-label-right-step"),
])
def test_sized_accusations(step, prose, verdict):
    assert _sized(step, prose) == [verdict]


OUTPUT_ONLY = (r"o_k = \frac{\exp(p_k)}{\sum_m \exp(p_m)}", r"J_n = -\sum_k d_k \ln o_k")


@pytest.mark.parametrize("step, verdict", [
    pytest.param(r"\frac{\partial J_n}{\partial p_k} = o_k - d_k", "correct", id="output-error"),
    pytest.param(r"\frac{\partial J_n}{\partial p_k} = o_k + d_k", "incorrect", id="output-error-sign"),
    pytest.param(r"\frac{\partial J_n}{\partial c_{kj}} = (o_k - d_k) q_j", "unchecked", id="weights-it-does-not-map"),
])
def test_the_output_layer_alone(step, verdict):
    """A softmax of p and a cost of o, no weighted sum into p: p is the output layer's weighted input
    whatever computes it; the hidden layer is not mapped."""
    assert _verdicts(step, OUTPUT_ONLY) == [verdict]
