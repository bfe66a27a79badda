"""The accusation policy of network equations (symcheck.grade.network) on graded
Markdown: each general rule with a wrong form (incorrect) and its right form (still
correct). Rules: a renamed free index; Einstein notation that is not well formed; a
component equation that fails with its weights under every convention; a definition
whose right side is ill-formed on its own; a size label under a brace; a derivative
never read as zero."""

import pytest

from symcheck.grade import grade_text


def _verdict(md: str, line: int = None):
    steps = grade_text(md, "md").steps
    step = steps[-1] if line is None else next(s for s in steps if s.line == line)
    return step.verdict


RULES = [
    pytest.param(r"$$\frac{\partial C}{\partial b^l_j} = \delta^l_k$$", "incorrect", id="renamed-index"),
    pytest.param(r"$$\frac{\partial C}{\partial b^l_j} = \delta^l_j$$", "correct", id="renamed-index-right"),
    pytest.param(r"$$\delta^L_j = -\frac{\partial C}{\partial a^L_j} \sigma'(z^L_j)$$", "incorrect",
                 id="einstein-not-well-formed"),
    pytest.param(r"$$\delta^L_j = \frac{\partial C}{\partial a^L_j} \sigma'(z^L_j)$$", "correct",
                 id="einstein-not-well-formed-right"),
    pytest.param(r"$$\frac{\partial C}{\partial w^l_{jk}} = a^{l-2}_k \delta^l_j$$", "incorrect",
                 id="component-weights-every-convention"),
    pytest.param(r"$$\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j$$", "correct",
                 id="component-weights-right"),
    pytest.param("With softmax outputs:\n\n$$z^l_j = \\sum_k w^l_{jk} a^{l-2}_k + b^l_j$$", "incorrect",
                 id="definition-ill-formed-in-a-setting"),
    pytest.param("With softmax outputs:\n\n$$z^l_j = \\sum_k w^l_{jk} a^{l-1}_k + b^l_j$$", "correct",
                 id="definition-right"),
    pytest.param(r"$$\underbrace{z^l}_{n_l\times 1} = \underbrace{W^l}_{n_l \times n_{l-2}} a^{l-1} + b^l$$",
                 "incorrect", id="size-label"),
    pytest.param(r"$$\underbrace{z^l}_{n_l\times 1} = \underbrace{W^l}_{n_l \times n_{l-1}} a^{l-1} + b^l$$",
                 "correct", id="size-label-right"),
]


@pytest.mark.parametrize("md,verdict", RULES)
def test_rule(md, verdict):
    v = _verdict(md)
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert v.counterexample or v.is_exact


@pytest.mark.parametrize("md", [
    pytest.param("$$\\frac{\\partial C}{\\partial w^2} = \\frac{\\partial C}{\\partial z^2}"
                 "\\frac{\\partial z^2}{\\partial w^2} = \\delta^3 \\frac{\\partial z^2}{\\partial w^2}$$",
                 id="derivative-of-independent-symbols"),
    pytest.param("$$\\frac{\\partial E}{\\partial \\theta_k} = -\\frac{\\partial}{\\partial \\theta_k} y_i "
                 "\\log(\\hat{y}_i) = y_i \\frac{\\partial}{\\partial \\theta_k} \\log(\\hat{y}_i)$$",
                 id="derivative-of-an-indexed-name"),
])
def test_derivative_never_zero(md):
    """∂z²/∂w² of plain symbols is not 0 = 0: the row is never called correct on that ground."""
    assert _verdict(md).verdict != "correct"


@pytest.mark.parametrize("md", [
    pytest.param("$$\\frac{\\partial C}{\\partial w^L} = \\delta^L a^{L-1}$$", id="outer-product-without-transpose"),
    pytest.param("$$\\frac{\\partial C}{\\partial z_j} = a_j - \\delta_{jk}$$", id="kronecker-index-may-be-fixed"),
    pytest.param("For $j = k$:\n\n$$\\frac{\\partial a_j}{\\partial z_k} = a_j(1-a_j)$$", id="a-case-j-equals-k-stated"),
])
def test_still_not_accused(md):
    """Forms another plausible reading makes right: never incorrect."""
    assert _verdict(md).verdict != "incorrect"


@pytest.mark.parametrize("md,fails_where", [
    pytest.param("$$\\frac{\\partial a_j}{\\partial z_k} = a_j(1-a_j)$$", "j ≠ k", id="diagonal-form-unstated"),
    pytest.param("$$\\frac{\\partial a^L_k}{\\partial z^L_j} = \\sigma'(z^L_j)$$", "j ≠ k", id="diagonal-layered-unstated"),
])
def test_a_free_index_claims_every_value_unless_the_step_states_a_condition(md, fails_where):
    """Issue 12: a free index claims every value; a form right only where j = k, with no condition stated
    beside it or in the prose introducing it, is incorrect, with a counterexample where the indices differ."""
    v = _verdict(md)
    assert v.verdict == "incorrect", v
    assert v.counterexample


# plain algebra whose only link to the setting is its activation g: decided under each activation named
@pytest.mark.parametrize("latex, words, expected", [
    pytest.param("\\frac{\\partial}{\\partial z} g(z) = -g'(z)", ("relu", "linear"), "sigmoid, relu, linear",
                 id="a-sign-fails-under-each"),
    pytest.param("\\frac{\\partial}{\\partial z} g(z) = 1", ("linear",), None, id="holds-for-linear-shield-stays"),
    pytest.param("g'(z) = g(z) (1 - g(z))", ("tanh",), None, id="holds-for-the-sigmoid"),
    pytest.param("\\frac{\\partial}{\\partial z} g(z) = -g'(z)", ("softmax",), None, id="softmax-decides-nothing"),
    pytest.param("\\frac{\\partial}{\\partial z} g(z) = -g'(z)", ("modified",), None, id="any-function"),
    pytest.param("\\frac{\\partial}{\\partial z} C(z) = -C'(z)", ("linear",), None, id="a-cost-is-not-an-activation"),
])
def test_fails_for_every_activation(latex, words, expected):
    from symcheck.grade.network import fails_for_every_activation
    from symcheck.notation import Context, check_reading, read

    assert fails_for_every_activation(read(latex), words, lambda r: check_reading(r, Context())) == expected


_LATER = ("## BP3\n\nThe bias gradient is the error:\n\n$$\n\\frac{\\partial C}{\\partial b^l_j} = {rhs}\n$$\n\n"
          "## Exercise: backpropagation with a single modified neuron\n\n"
          "Suppose we modify a single neuron so that its output is $f(z)$ for some function $f$.\n")


@pytest.mark.parametrize("text, expected", [
    pytest.param(_LATER.replace("{rhs}", "-\\delta^l_j"), "incorrect", id="a-setting-named-later-does-not-reach-back"),
    pytest.param(_LATER.replace("{rhs}", "\\delta^l_j"), "correct", id="the-right-step"),
    pytest.param("---\ndate modified: 2024-01-01\n---\n\n$$\n\\frac{\\partial C}{\\partial b^l_j} = -\\delta^l_j\n$$\n",
                 "incorrect", id="date-modified-is-no-setting"),
    pytest.param("Suppose we modify a single neuron so that its output is $f(z)$.\n\n"
                 "$$\n\\delta^L = -\\nabla_a C\n$$\n", "unchecked", id="in-the-modified-setting-the-shield-holds"),
])
def test_the_setting_that_shields_a_network_step_is_named_before_it(text, expected):
    steps = [s for s in grade_text(text, kind="md").steps if s.latex.startswith(("\\frac", "\\delta"))]
    assert steps and steps[0].verdict.verdict == expected, [s.verdict.reason for s in steps]


_ONE_THEN_MANY = ("## Warm-up\n\nTo start, each layer has only one neuron.\n\n$$z^l = w^l a^{l-1} + b^l$$\n\n"
                  "## General case\n\nFrom here on the layers have many neurons.\n\n")


@pytest.mark.parametrize("md,verdict", [
    # wrong with vectors (the sizes do not fit) and with numbers (the values differ): accused
    pytest.param(_ONE_THEN_MANY + "$$\\frac{\\partial C}{\\partial W^l} = \\delta^l (a^{l-2})^T$$", "incorrect",
                 id="wrong-layer-in-both-readings"),
    pytest.param(_ONE_THEN_MANY + "$$\\delta^l = (W^{l+2})^T \\delta^{l+1} \\odot \\sigma'(z^l)$$", "incorrect",
                 id="wrong-weights-in-both-readings"),
    # right with numbers (one neuron per layer): the shape failure alone is no accusation
    pytest.param(_ONE_THEN_MANY + "$$\\delta^l = \\delta^{l+1} (W^{l+1})^T \\odot \\sigma'(z^l)$$", "unchecked",
                 id="order-swapped-right-with-numbers"),
    pytest.param(_ONE_THEN_MANY + "$$\\frac{\\partial C}{\\partial W^l} = \\delta^l (a^{l-1})^T$$", "correct",
                 id="right-form"),
])
def test_single_neuron_text_accuses_only_what_fails_with_one_neuron_too(md, verdict):
    """A text that worked with single-neuron layers somewhere: a matrix step whose shapes fail is
    accused only when, read with one neuron per layer, its values fail too."""
    v = _verdict(md)
    assert v.verdict == verdict, v.reason


# a modified neuron belongs to its exercise: a later exercise's network steps are checked as usual
MODIFIED = ("## A single modified neuron\n\nSuppose we modify a single neuron so that its output is $f(z)$, where f is "
            "some function other than the sigmoid.\n\n%s## Linear neurons\n\nSuppose we replace σ with the identity "
            "throughout the network. Then\n\n%s")
BP3_SIGN = "$$\\frac{\\partial C}{\\partial a^{l}_j} = -\\sum_k w^{l+1}_{kj} \\delta^{l+1}_k$$\n\n"
SCOPES = [
    pytest.param(MODIFIED % ("", BP3_SIGN), "incorrect", id="a-later-exercise"),
    pytest.param(MODIFIED % (BP3_SIGN, ""), "unchecked", id="the-modified-neuron's-own-exercise"),
]


@pytest.mark.parametrize("text, verdict", SCOPES)
def test_a_modified_neuron_is_its_exercises(text, verdict):
    from symcheck.grade import grade_text

    v = grade_text(text, "md").steps[-1].verdict
    assert v.verdict == verdict, v.reason


@pytest.mark.parametrize("prose, verdict", [
    # with y one-hot, Σ_i y_i = 1: the step holds, and random points for y would refute it
    pytest.param("Let $y$ be a one-hot vector (the label) and $\\hat{p}$ the predicted probabilities.", "unchecked",
                 id="one-hot-y-shields-plain-algebra"),
    pytest.param("Let $y$ and $\\hat{p}$ be any vectors.", "incorrect", id="y-anything-is-refuted"),
])
def test_plain_algebra_in_a_one_hot_y_is_not_refuted_at_random_points(prose, verdict):
    report = grade_text(prose + "\n\n$$\n\\sum_i y_i \\hat{p}_k = \\hat{p}_k\n$$\n")
    (step,) = [s for s in report.steps if s.line == 4]
    assert step.verdict.verdict == verdict, step.verdict.reason
