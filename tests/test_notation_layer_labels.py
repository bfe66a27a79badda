"""A number as a superscript on a network name: a layer or a power (symcheck.notation.layer_labels)."""

import pytest

from symcheck.notation import layer_labels


@pytest.mark.parametrize("source,expected", [
    pytest.param(r"z^1 = w^1 x + b^1", True, id="exponent-one"),
    pytest.param(r"a^0 = x", True, id="exponent-zero"),
    pytest.param(r"z^2 = w^2 a^1 + b^2", True, id="two-numbers"),
    pytest.param(r"\frac{\partial C}{\partial w^2} = x", True, id="denominator"),
    pytest.param(r"\delta^2 = C'(a)", False, id="delta-alone"),
    pytest.param(r"a^2 = g(z^2)", False, id="one-number-only"),
    pytest.param(r"\sigma^2 + \beta^2 = 1", False, id="not-network-names"),
    pytest.param(r"a^2_j = g(z^2_j)", False, id="with-a-subscript-not-this-rule"),
])
def test_established(source, expected):
    assert layer_labels.established(source) is expected


@pytest.mark.parametrize("base,source,expected", [
    pytest.param("z", r"z^2 = w^2 a^1 + b^2", True, id="network-name"),
    pytest.param("a", r"a^2 = \sigma(z^2)", True, id="two-names-numbered"),
    pytest.param("a", r"(a+b)^2 = a^2 + 2ab + b^2", False, id="plain-algebra"),
    pytest.param("w", r"f(w) + \frac{\lambda}{2} w^2", False, id="a-lone-square"),
    pytest.param("z", r"\frac{d}{dz} z^2 = 2z", False, id="a-lone-square-differentiated"),
    pytest.param("x", r"x^2 + 1", False, id="not-a-network-name"),
    pytest.param("w", r"C = C_0 + \frac{\lambda}{2n} \sum_w w^2", False, id="weight-penalty"),
    pytest.param("w", r"C = C_0 + \frac{\lambda}{2n} \sum\limits_{w} w^2", False, id="weight-penalty-limits"),
])
def test_plausible(base, source, expected):
    assert layer_labels.plausible(base, source) is expected


# --- the reader and the grader ------------------------------------------------------------
from symcheck import notation  # noqa: E402
from symcheck.grade import grade_text  # noqa: E402


@pytest.mark.parametrize("latex,verdict", [
    pytest.param(r"z^2 = w^2 a^1 + b^2", "correct", id="forward-pass-established-by-the-step"),
    pytest.param(r"\frac{\partial C}{\partial b^2} = \delta^2", "correct", id="bp3-numbered"),
    # wrong as layers, unreadable as powers: not every reading fails, so not accused
    pytest.param(r"\frac{\partial C}{\partial b^2} = -\delta^2", "unchecked", id="bp3-numbered-sign"),
    pytest.param(r"z^2 = w^2 a^2 + b^2", "incorrect", id="wrong-under-both-readings"),
    pytest.param(r"a^2 = \sigma(z^2)", "unchecked", id="layer-or-power-open"),
    pytest.param(r"a^2 = a \cdot a", "correct", id="a-lone-square"),
    pytest.param(r"(a+b)^2 = a^2 + 2ab + b^2", "correct", id="plain-algebra-in-a-and-b"),
    pytest.param(r"x^2 = x \cdot x", "correct", id="not-a-network-name"),
])
def test_check_reads_numbered_layers(latex, verdict):
    v = notation.check_reading(notation.read(latex), notation.Context())
    assert v.verdict == verdict, v.reason
    if verdict == "unchecked":
        assert "a layer label" in v.reason and "a power" in v.reason, v.reason


FORWARD = "The two-layer network computes\n\n$$z^2 = w^2 a^1 + b^2$$\n\nand then\n\n"


@pytest.mark.parametrize("md,verdict", [
    pytest.param(FORWARD + "$$a^2 = \\sigma(z^2)$$\n", "correct", id="established-by-the-file"),
    pytest.param(FORWARD + "$$z^2 = w^2 a^2 + b^2$$\n", "unchecked", id="wrong-as-layers-a-condition-as-powers"),
    # the file numbers its layers: a step wrong as layers, that no reading as powers makes right, is wrong
    pytest.param(FORWARD + "$$\\frac{\\partial C}{\\partial b^2} = -\\delta^2$$\n", "incorrect",
                 id="bp3-numbered-sign-in-a-file-of-numbered-layers"),
    pytest.param(FORWARD + "$$\\frac{\\partial C}{\\partial b^2} = \\delta^2$$\n", "correct",
                 id="bp3-numbered-in-a-file-of-numbered-layers"),
    pytest.param("Then\n\n$$a^2 = \\sigma(z^2)$$\n", "unchecked", id="nothing-establishes-it"),
])
def test_a_file_establishes_numbered_layers(md, verdict):
    v = grade_text(md, "md").steps[-1].verdict
    assert v.verdict == verdict, v.reason


@pytest.mark.parametrize("latex,verdict", [
    # a parenthesised label on a layered name is a label by convention: wrong as a label, and not right
    # as a power, it is wrong
    pytest.param(r"z_j^{(L)} = \sum_k W_{jk}^{(L)} a_k^{(L-1)} - b_j^{(L)}", "incorrect", id="label-sign"),
    pytest.param(r"z_j^{(L)} = \sum_k W_{jk}^{(L)} a_k^{(L-1)} + b_j^{(L)}", "correct", id="label"),
])
def test_parenthesised_labels_settled(latex, verdict):
    v = notation.check_reading(notation.read(latex), notation.Context())
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert "the convention here" in v.reason, v.reason
