"""A file's setting as a set of candidate readings (issue 12.2), and the issue's examples in both paths.

- every example verdict of issue 12 that is not about vectors is the same in ``symcheck check``
  (``check_reading`` under the example's context) and as a step of a graded Markdown file whose
  prose states that setting;
- no setting makes a whole file unchecked: a file mixing a softmax problem (log-likelihood) with a
  sigmoid problem (cross-entropy) is checked in both;
- a definition narrows the setting (``C = -\\ln a^L_j``: the log-likelihood, j the true class), and
  prose that names another cost afterwards lifts it;
- the prose introducing a step may state an index condition ("for j ≠ k"); a condition the check
  does not model ("if $j = \\tilde{y}$") keeps the step from being accused.
"""

import re
from pathlib import Path

import pytest

from symcheck.grade import setting_words, settings
from symcheck.grade.grader import grade_text
from symcheck.grade.state import Options, State
from symcheck.notation import Context, check_reading, read

CORRECT, INCORRECT, UNCHECKED = "correct", "incorrect", "unchecked"
SOFTMAX = {"output": "softmax"}
SOFTMAX_LL = {"output": "softmax", "cost": "log-likelihood"}


def _prose(options) -> str:
    words = []
    if options.get("output") in ("softmax", "linear"):
        words.append(f"a {options['output']} output layer")
    if options.get("cost"):
        words.append(f"the {options['cost']} cost")
    return ("We use " + " and ".join(words) + ".\n\n") if words else ""


SLACK = Options(step_seconds=30.0)  # what is tested is the verdict, not the time (benchmarks measure that)


def _graded_steps(text):
    steps = grade_text(text, kind="md", options=SLACK).steps
    return [s for s in steps if not re.fullmatch(r"[a-z] (\\neq|=) [a-z]", s.latex)]


def _graded(latex, options):
    steps = _graded_steps(f"{_prose(options)}$$\n{latex}\n$$\n")
    assert len(steps) == 1, steps
    return steps[0].verdict


# The issue's list (vectors and the gradient-descent chain are the vectors helper's). A second
# expected verdict is the graded one where it differs, and why.
ISSUE_EXAMPLES = [
    pytest.param(r"\frac{\partial a^L_k}{\partial z^L_j} = a^L_k(\delta_{kj} - a^L_j)", SOFTMAX, CORRECT, CORRECT,
                 id="softmax-jacobian"),
    pytest.param(r"\frac{\partial a^L_k}{\partial z^L_j} = -a^L_k a^L_j", SOFTMAX, INCORRECT, INCORRECT,
                 id="softmax-jacobian-offdiag(fails-at-k=j)"),
    pytest.param(r"\frac{\partial C}{\partial b^L_j} = a^L_j - y_j", SOFTMAX_LL, CORRECT, CORRECT, id="ll-dC/db"),
    pytest.param(r"\frac{\partial C}{\partial b^L_j} = y_j - a^L_j", SOFTMAX_LL, INCORRECT, INCORRECT,
                 id="ll-dC/db(wrong)"),
    pytest.param(r"\frac{d}{dw}\left(f(w) + \frac{\lambda}{2n} w^2\right) = f'(w) + \frac{\lambda}{n} w", {},
                 CORRECT, CORRECT, id="L2-f'"),
    pytest.param(r"\frac{d}{dw}\left(f(w) + \frac{\lambda}{2n} w^2\right) = f'(w) + \frac{\lambda}{2n} w", {},
                 INCORRECT, INCORRECT, id="L2-f'(wrong)"),
    pytest.param(r"\frac{d}{dz}\tanh(z) = \operatorname{sech}^2(z)", {}, CORRECT, CORRECT, id="tanh'"),
    pytest.param(r"\tanh(z) = \frac{e^{z}-e^{-z}}{e^{z}+e^{-z}}", {}, CORRECT, CORRECT, id="tanh-def"),
    pytest.param(r"\lim_{z \to 0} \frac{\sigma(z) - 1/2}{z} = \frac{1}{4}", {}, CORRECT, CORRECT, id="lim"),
    pytest.param(r"\lim_{z \to 0} \frac{\sigma(z) - 1/2}{z} = \frac{1}{2}", {}, INCORRECT, INCORRECT, id="lim(wrong)"),
    pytest.param(r"\sum_k \delta_{jk} x_k = x_j", {}, CORRECT, CORRECT, id="kronecker"),
    pytest.param(r"\frac{\partial a^l}{\partial z^l} = \Sigma'(z^l)", {}, CORRECT, CORRECT, id="da/dz=Sigma'"),
    pytest.param(r"\frac{\partial z^{l+1}_j}{\partial a^l_k} = w^{l+1}_{jk}", {}, CORRECT, CORRECT, id="dz/da"),
    # graded: a write-up may index weights the other way (w_{jk} from j to k); grade/network.py does not
    # accuse a step whose failure that convention explains unless the file states its convention
    pytest.param(r"\frac{\partial z^{l+1}_j}{\partial a^l_k} = w^{l+1}_{kj}", {}, INCORRECT, UNCHECKED,
                 id="dz/da-transposed(wrong)"),
    pytest.param(r"\frac{\partial z^{l+1}}{\partial a^l} = (w^{l+1})^T", {}, UNCHECKED, UNCHECKED, id="dz/da-layout"),
    pytest.param(r"\delta^L = a^L - y", {"output": "linear", "cost": "quadratic"}, CORRECT, CORRECT, id="linear-delta"),
    pytest.param(r"\delta^L = a^L - y", {"cost": "quadratic"}, INCORRECT, INCORRECT, id="sigmoid-delta(wrong)"),
]


@pytest.mark.parametrize("latex, options, expected, graded", ISSUE_EXAMPLES)
def test_the_issue_examples_checked(latex, options, expected, graded):
    v = check_reading(read(latex), Context(**options))
    assert v.verdict == expected, (latex, v.reason)
    if expected == INCORRECT:
        assert v.counterexample


@pytest.mark.parametrize("latex, options, expected, graded", ISSUE_EXAMPLES)
def test_the_issue_examples_graded(latex, options, expected, graded):
    v = _graded(latex, options)
    assert v.verdict == graded, (latex, v.reason)
    if graded == INCORRECT:
        assert v.counterexample


def test_the_softmax_jacobian_counterexample_is_at_k_equal_j():
    for v in (check_reading(read(r"\frac{\partial a^L_k}{\partial z^L_j} = -a^L_k a^L_j"), Context(**SOFTMAX)),
              _graded(r"\frac{\partial a^L_k}{\partial z^L_j} = -a^L_k a^L_j", SOFTMAX)):
        assert v.verdict == INCORRECT and "fails at j = k" in v.reason
        assert v.counterexample["indices"]["j"] == v.counterexample["indices"]["k"]


CASES_RIGHT = r"""We use a softmax output layer.

$$C = -\ln a^L_j$$

$$\frac{\partial C}{\partial z^L_k} = \begin{cases} a^L_k - 1 & k = j \\ a^L_k & k \neq j \end{cases}$$
"""


@pytest.mark.parametrize("text, expected", [
    pytest.param(CASES_RIGHT, CORRECT, id="cases"),
    pytest.param(CASES_RIGHT.replace(r"a^L_k - 1 & k = j \\ a^L_k & k \neq j", r"a^L_k & k = j \\ a^L_k - 1 & k \neq j"),
                 INCORRECT, id="cases-swapped"),
])
def test_the_issue_cases_example_in_a_graded_file(text, expected):
    steps = grade_text(text, kind="md", options=SLACK).steps
    assert steps[0].verdict.verdict == CORRECT  # the definition of C: the standard log-likelihood (grade/standard.py)
    assert "log-likelihood" in steps[0].verdict.reason
    assert steps[-1].verdict.verdict == expected, steps[-1].verdict.reason
    if expected == INCORRECT:
        assert steps[-1].verdict.counterexample["branch"] == "j = k"


MIXED = r"""# Problem 1: softmax and the log-likelihood

The output layer is a softmax layer, and the cost is the log-likelihood.

$$C = -\ln a^L_j$$

$$\frac{\partial C}{\partial b^L_j} = a^L_j - y_j$$

$$\frac{\partial a^L_k}{\partial z^L_j} = a^L_k(\delta_{kj} - a^L_j)$$

$$\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_k (a^L_j - y_j)$$

$$\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_k (y_j - a^L_j)$$

# Problem 2: sigmoid neurons and the cross-entropy

The network has sigmoid neurons everywhere and the cross-entropy cost.

$$\delta^L = a^L - y$$

$$\frac{\partial C}{\partial b^l} = \delta^l$$

$$\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)$$

$$\delta^L = (a^L - y) \odot \sigma'(z^L)$$
"""


def test_a_file_mixing_softmax_and_sigmoid_problems_is_checked_in_both():
    by_line = {s.line: s.verdict for s in grade_text(MIXED, kind="md", options=SLACK).steps}
    lines = {s.strip(): i + 1 for i, s in enumerate(MIXED.splitlines())}
    at = lambda latex: by_line[lines[f"$${latex}$$"]]  # noqa: E731
    for latex in (r"\frac{\partial C}{\partial b^L_j} = a^L_j - y_j",
                  r"\frac{\partial a^L_k}{\partial z^L_j} = a^L_k(\delta_{kj} - a^L_j)",
                  r"\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_k (a^L_j - y_j)",
                  r"\delta^L = a^L - y", r"\frac{\partial C}{\partial b^l} = \delta^l",
                  r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)"):
        assert at(latex).verdict == CORRECT, (latex, at(latex).reason)
    for latex in (r"\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_k (y_j - a^L_j)",
                  r"\delta^L = (a^L - y) \odot \sigma'(z^L)"):
        assert at(latex).verdict == INCORRECT and at(latex).counterexample, (latex, at(latex).reason)
    assert "log-likelihood" in at(r"\frac{\partial C}{\partial b^L_j} = a^L_j - y_j").reason
    assert "cross-entropy" in at(r"\delta^L = a^L - y").reason


def test_no_step_is_refused_for_its_setting():
    for s in grade_text(MIXED, kind="md", options=SLACK).steps:
        assert "do not model" not in s.verdict.reason, (s.latex, s.verdict.reason)


@pytest.mark.parametrize("intro, expected", [
    pytest.param("For the off-diagonal entries,", CORRECT, id="off-diagonal"),
    pytest.param("When $k \\neq j$, we have", CORRECT, id="inline-k-neq-j"),
    pytest.param("Thus for j ≠ k", CORRECT, id="plain-j-neq-k"),
    pytest.param("The entries are", INCORRECT, id="no-condition"),
    pytest.param("When $k = j$,", INCORRECT, id="the-other-side"),
])
def test_the_introducing_prose_states_the_index_condition(intro, expected):
    text = f"We use a softmax output layer.\n\n{intro}\n$$\n\\frac{{\\partial a^L_k}}{{\\partial z^L_j}} = -a^L_k a^L_j\n$$\n"
    v = _graded_steps(text)[-1].verdict
    assert v.verdict == expected, v.reason


def test_a_condition_the_check_does_not_model_keeps_the_step_from_being_accused():
    text = ("We use a softmax output layer and the log-likelihood cost.\n\nIf $z_j^L$ is the largest input:\n"
            "$$\n\\frac{\\partial C}{\\partial b^L_j} = a^L_j\n$$\n")
    v = _graded_steps(text)[-1].verdict
    assert v.verdict == UNCHECKED and "does not model" in v.reason


# a one-hot target: y is 0 but at the true class ỹ; "if j = ỹ" / "if j ≠ ỹ" restrict j, and the networks'
# y is one-hot at ỹ (step_conditions.label_relation, settings.one_hot)
_ONE_HOT = ("## Problem 2: the softmax layer with the log-likelihood\n\n"
            "Write $\\tilde{y}$ for the true class, so $y$ is a one-hot vector.\n\n")


@pytest.mark.parametrize("condition, rhs, expected", [
    pytest.param("j = \\tilde{y}", "a^L_j - 1", CORRECT, id="hot-index-right"),
    pytest.param("j = \\tilde{y}", "a^L_j", INCORRECT, id="hot-index-wrong"),
    pytest.param("j \\neq \\tilde{y}", "a^L_j", CORRECT, id="cold-index-right"),
    pytest.param("j \\neq \\tilde{y}", "a^L_j - 1", INCORRECT, id="cold-index-wrong"),
    pytest.param("j = \\tilde{y}", "a^L_j - y_j", CORRECT, id="hot-index-general-form"),
])
def test_a_condition_on_the_true_class_of_a_one_hot_y_is_modelled(condition, rhs, expected):
    text = _ONE_HOT + f"In the case $j{condition[1:]}$:\n\n$$\n\\frac{{\\partial C}}{{\\partial b^L_j}} = {rhs}\n$$\n"
    v = _graded_steps(text)[-1].verdict
    assert v.verdict == expected, v.reason
    if expected == INCORRECT:  # the counterexample respects the condition
        at = v.counterexample["indices"]
        assert (at["j"] == at["y_tilde"]) == ("neq" not in condition), at


def test_a_justification_beside_a_row_is_not_the_next_row_s_left_side():
    text = _ONE_HOT + ("If $j = \\tilde{y}$:\n\n$$\n\\begin{aligned}\n"
                       "\\frac{\\partial C}{\\partial b^L_j} &= a^L_j - 1 \\qquad \\text{recalling that } y_j = 1 \\\\\n"
                       "&= a^L_j - y_j\n\\end{aligned}\n$$\n")
    steps = {s.latex: s.verdict for s in _graded_steps(text)}
    assert steps["= a^L_j - y_j"].verdict == CORRECT, steps


# a solutions file: one section in the quadratic cost, the next in the cross-entropy (setting_words.scope_after)
_TWO_SECTIONS = ("## Exercise 1: the output error with the quadratic cost\n\n"
                 "For one training example,\n\n$$\n\\delta^L_j = {first}\n$$\n\n"
                 "## Exercise 2: the cross-entropy cost\n\nHere the sigmoid cancels:\n\n"
                 "$$\n\\delta^L_j = {second}\n$$\n")
_QUADRATIC, _CROSS = "(a^L_j - y_j) \\sigma'(z^L_j)", "a^L_j - y_j"


@pytest.mark.parametrize("first, second, expected", [
    pytest.param(_QUADRATIC, _CROSS, (CORRECT, CORRECT), id="each-in-its-section"),
    # swapped: the first holds under the file's other cost (its cross-entropy), so it is not accused; the
    # second fails in every setting its section and the file allow (the cross-entropy alone)
    pytest.param(_CROSS, _QUADRATIC, (UNCHECKED, INCORRECT), id="swapped"),
    pytest.param("(a^L_j + y_j) \\sigma'(z^L_j)", "a^L_j + y_j", (INCORRECT, INCORRECT), id="wrong-in-both"),
])
def test_each_section_is_checked_in_the_setting_it_names(first, second, expected):
    steps = _graded_steps(_TWO_SECTIONS.format(first=first, second=second))
    assert tuple(s.verdict.verdict for s in steps) == expected, [s.verdict.reason for s in steps]


def test_a_paragraph_naming_a_cost_scopes_the_steps_after_it():
    text = ("## Problem 1\n\nWith the quadratic cost,\n\n$$\n\\delta^L_j = (a^L_j - y_j) \\sigma'(z^L_j)\n$$\n\n"
            "Now take the cross-entropy cost instead:\n\n$$\n\\delta^L_j = a^L_j - y_j\n$$\n\n"
            "and so, for the weights,\n\n$$\n\\frac{\\partial C}{\\partial w^L_{jk}} = a^{L-1}_k (a^L_j - y_j)\n$$\n")
    assert [s.verdict.verdict for s in _graded_steps(text)] == [CORRECT, CORRECT, CORRECT]


@pytest.mark.parametrize("scope, intro, expected", [
    pytest.param("", "Now with the cross-entropy cost,", "now with the cross-entropy cost,", id="names-a-cost"),
    pytest.param("with the quadratic cost", "and so", "with the quadratic cost", id="names-nothing"),
    pytest.param("with the quadratic cost", "Unlike the cross-entropy cost, here", "with the quadratic cost",
                 id="a-contrast-names-what-is-not-in-force"),
    pytest.param("", "激活函数softmax", "激活函数softmax", id="beside-cjk"),
])
def test_scope_after(scope, intro, expected):
    assert setting_words.scope_after(scope, intro) == expected


def test_prose_naming_another_cost_lifts_a_definition():
    """The quadratic C defined first no longer narrows the setting; the prose now in force names
    the cross-entropy, under which δ^L = a^L − y holds (setting_words.scope_after)."""
    text = ("We use the quadratic cost.\n\n$$C = \\frac{1}{2}\\sum_j (y_j - a^L_j)^2$$\n\n"
            "$$\\delta^L = (a^L - y) \\odot \\sigma'(z^L)$$\n\n"
            "Now with the cross-entropy cost instead,\n\n$$\\delta^L = a^L - y$$\n")
    steps = grade_text(text, kind="md", options=SLACK).steps
    assert [s.verdict.verdict for s in steps[1:]] == [CORRECT, CORRECT], [s.verdict.reason for s in steps]
    assert "cross-entropy" in steps[-1].verdict.reason


@pytest.mark.parametrize("words, defined, expected", [
    pytest.param("", {}, {("sigmoid", None, "quadratic")}, id="the-book's-default"),
    pytest.param("a softmax output layer and the log-likelihood cost", {},
                 {("sigmoid", "softmax", "log-likelihood")}, id="softmax-established"),
    pytest.param("unlike softmax, we keep the quadratic cost", {},
                 {("sigmoid", None, "quadratic"), ("sigmoid", "softmax", "quadratic")}, id="softmax-mentioned"),
    pytest.param("sigmoid neurons, then a linear output layer", {},
                 {("sigmoid", None, "quadratic"), ("sigmoid", "linear", "quadratic")}, id="linear-beside-sigmoid"),
    pytest.param("tanh neurons", {}, {("sigmoid", None, "quadratic"), ("tanh", None, "quadratic")}, id="tanh-mentioned"),
    pytest.param("softmax + cross-entropy", {}, {(a, o, c) for a in ["sigmoid"] for o in (None, "softmax")
                                                 for c in ("cross-entropy", "log-likelihood")},
                 id="softmax-cross-entropy-is-also-the-log-likelihood"),
    pytest.param("the log-likelihood cost", {}, {("sigmoid", None, "log-likelihood"),
                                                 ("sigmoid", "softmax", "log-likelihood")}, id="log-likelihood-pairs-softmax"),
    pytest.param("tanh neurons", {"activation": ("tanh",)}, {("tanh", None, "quadratic")}, id="tanh-defined"),
    pytest.param("the cross-entropy or the quadratic cost", {"cost": ("cross-entropy",)},
                 {("sigmoid", None, "cross-entropy")}, id="cost-defined"),
])
def test_the_candidate_settings(words, defined, expected):
    got = settings.candidates(State(words=words, defined_setting=defined))
    assert {(s.activation, s.output, s.cost) for s in got} == expected


def test_a_log_likelihood_definition_names_the_true_class():
    from symcheck.grade.segment import segment

    step = segment("$$C = -\\ln a^L_j$$\n", "md").steps[0]
    updates = settings.setting_updates(step, State(), Options())
    assert {(u.key, u.values) for u in updates} == {("cost", ("log-likelihood",)), ("target", ("j",))}


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "settings" / "softmax_and_sigmoid.md"


def test_the_settings_example_grades_as_its_prose_says():
    """examples/settings/softmax_and_sigmoid.md: three problems in three settings; the wrong steps
    are the ones whose prose or formula says so."""
    text = EXAMPLE.read_text(encoding="utf-8")
    verdicts = [(s.latex, s.verdict.verdict) for s in _graded_steps(text) if "=" in s.latex and "C = -" not in s.latex]
    wrong = [latex for latex, v in verdicts if v == INCORRECT]
    assert wrong == [r"\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_k (y_j - a^L_j)",
                     r"\delta^L = (a^L - y) \odot \sigma'(z^L)", r"\frac{\partial a^L_k}{\partial z^L_j} = -a^L_k a^L_j"]
    assert [v for _, v in verdicts].count(CORRECT) == 8, verdicts


# A Jacobian written without components: both layouts are tried, unless the text states one
# (notation.derivatives.stated_layout).
JACOBIAN = r"\frac{\partial z^{l+1}}{\partial a^l} = (w^{l+1})^T"


@pytest.mark.parametrize("words,expected", [
    pytest.param("", None, id="nothing-said"),
    pytest.param("we use the numerator layout here", 0, id="numerator"),
    pytest.param("in the jacobian formulation", 0, id="jacobian-formulation"),
    pytest.param("derivatives in denominator layout", 1, id="denominator"),
    pytest.param("the gradient layout, as in the book", 1, id="gradient-layout"),
    pytest.param("numerator layout or denominator layout", None, id="both-named"),
])
def test_a_stated_layout(words, expected):
    from symcheck.notation.derivatives import stated_layout

    assert stated_layout(words) == expected


@pytest.mark.parametrize("layout,expected", [
    pytest.param(None, "unchecked", id="both-layouts-tried"),
    pytest.param(1, "correct", id="denominator-stated"),
    pytest.param(0, "incorrect", id="numerator-stated"),
])
def test_the_jacobian_in_the_stated_layout(layout, expected):
    v = check_reading(read(JACOBIAN), Context(layout=layout))
    assert v.verdict == expected
    assert ("the stated" in v.reason or "as stated" in v.reason) == (layout is not None)


@pytest.mark.parametrize("sentence,expected", [
    pytest.param("", "unchecked", id="not-said"),
    pytest.param("We use the denominator layout for derivatives of vectors.", "correct", id="denominator-said"),
])
def test_a_graded_file_states_its_layout(sentence, expected):
    steps = _graded_steps(f"# Jacobians\n\n{sentence}\n\n$$\n{JACOBIAN}\n$$\n")
    assert [s.verdict.verdict for s in steps] == [expected]


WEIGHTS_DEFINED = "The weighted input is\n\n$$z^{l+1}_j = \\sum_k w^{l+1}_{jk} a^l_k + b^{l+1}_j$$\n\nso\n\n"


@pytest.mark.parametrize("step,expected", [
    pytest.param(r"\frac{\partial z^{l+1}_j}{\partial a^l_k} = w^{l+1}_{kj}", "incorrect", id="wrong-index-order"),
    pytest.param(r"\frac{\partial z^{l+1}_j}{\partial a^l_k} = w^{l+1}_{jk}", "correct", id="the-books-order"),
])
def test_weights_indexed_as_the_file_defined_them(step, expected):
    """The issue's ∂z^{l+1}_j/∂a^l_k example in a graded file: once the file has written z^{l+1}_j = Σ_k
    w^{l+1}_{jk} a^l_k + b^{l+1}_j, the other order of the weight's indices is a finding."""
    steps = _graded_steps(WEIGHTS_DEFINED + f"$$\n{step}\n$$\n")
    assert [s.verdict.verdict for s in steps] == ["correct", expected]


@pytest.mark.parametrize("prose,one", [
    pytest.param("Start with a single-neuron network.", True, id="single-neuron-network"),
    pytest.param("Each layer will still consist of a single neuron.", True, id="layer-of-a-single-neuron"),
    pytest.param("We use one neuron per layer.", True, id="one-per-layer"),
    pytest.param("the single-node layers", True, id="single-node"),
    pytest.param("Suppose we modify a single neuron in a feedforward network.", False, id="one-neuron-modified"),
    pytest.param("A network with many neurons in each layer.", False, id="many"),
])
def test_document_defined_one_neuron_layers(prose, one):
    assert (settings.document_defined(prose).get("neurons") == ("one",)) is one


def test_only_the_document_wide_parts_carry_over():
    assert settings.document_wide({"weights": ("book", 3), "cost": ("quadratic",)}) == {"weights": ("book", 3)}


@pytest.mark.parametrize("latex,words,fixed", [
    pytest.param(r"\delta^L = \nabla_a C \odot \sigma'(z^L)", "", True, id="delta-cost-generic"),
    pytest.param(r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k \sigma'(z^l_j)", "", True, id="delta-component"),
    pytest.param(r"\delta^L = a^L - y", "", False, id="delta-cost-specific-no-cost-named"),
    pytest.param(r"\delta^L = a^L - y", "the cross-entropy cost", True, id="delta-cost-named"),
    pytest.param(r"a^l = \sigma(z^l)", "sigmoid neurons", True, id="a-general-layer-sigmoid"),
    pytest.param(r"a^l = \sigma(z^l)", "", True, id="a-the-book-s-default"),
    pytest.param(r"a^L = \sigma(z^L)", "sigmoid neurons", False, id="a-output-layer"),
    pytest.param(r"a^l = \sigma(z^l)", "sigmoid neurons and a softmax output layer", False, id="a-with-softmax"),
    pytest.param(r"a^l = f(z^l)", "", False, id="a-its-own-function"),
    pytest.param(r"z^l = w^l a^{l-1} + b^l", "", True, id="z"),
    pytest.param(r"z^l_k = \sum_j{w^l_{kj} a^{l-1}_j + b^l_k}", "", False, id="z-sum-scope-ambiguous"),
    pytest.param(r"E^l = 0", "", False, id="own-name"),
])
def test_fixed_meaning(latex, words, fixed):
    lhs, rhs = read(latex).parts
    assert settings.fixed_meaning(lhs, State(words=words), rhs) is fixed


@pytest.mark.parametrize("intro, rhs, expected", [
    pytest.param("Softmax outputs with the cross-entropy loss give", "a^L_j - y_j", CORRECT, id="categorical"),
    pytest.param("Softmax outputs with the cross-entropy loss give", "(a^L_j - y_j) a^L_j", INCORRECT, id="wrong"),
])
def test_softmax_with_cross_entropy_is_the_categorical_cross_entropy_in_its_scope(intro, rhs, expected):
    text = f"## Problem 1\n\n{intro}\n\n$$\n\\delta^L_j = {rhs}\n$$\n"
    v = _graded_steps(text)[-1].verdict
    assert v.verdict == expected, v.reason


@pytest.mark.parametrize("words, cost, expected", [
    pytest.param("y is a one-hot vector", "quadratic", True, id="one-hot"),
    pytest.param("y is made only of $0$s and $1$s", "cross-entropy", True, id="zeros-and-ones"),
    pytest.param("the index of the correct digit", "quadratic", True, id="correct-digit"),
    pytest.param("", "log-likelihood", True, id="log-likelihood"),
    pytest.param("y is the desired output", "cross-entropy", False, id="a-general-target"),
])
def test_one_hot(words, cost, expected):
    state = State(words=words, cost=cost)
    assert settings.one_hot(state, settings.Setting(cost=cost)) is expected
