"""symcheck.mathml: LaTeX → whitelisted MathML, escaped source otherwise."""

import re

import pytest

from symcheck.mathml import ELEMENTS, clean, escape, render, to_mathml


@pytest.mark.parametrize("latex,has", [
    pytest.param(r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", "<mfrac>", id="bp4"),
    pytest.param(r"\delta^L = \nabla_a C \odot \sigma'(z^L)", "⊙", id="bp1"),
    pytest.param(r"= 0.3825", "<mn>0.3825</mn>", id="a-link"),
    pytest.param(r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}", "<mtable>", id="matrix"),
    pytest.param(r"a &= b \\ &= c", "<mtable>", id="rows-outside-an-environment"),
    pytest.param(r"x < y", "&lt;", id="less-than-escaped"),
    pytest.param(r"\begin{aligned} a &= b \\ &= c \end{aligned}", "<mtable>", id="aligned"),
    pytest.param(r"\begin{aligned} \delta^L = \frac{a}{b} \qquad", "<mfrac>", id="cut-before-its-end"),
    pytest.param(r"= \left\{ \begin{array}{ll} 0", "{", id="left-without-right"),
])
def test_steps_render_as_mathml(latex, has):
    r = render(latex)
    assert r.ok and r.html.startswith("<math") and has in r.html
    assert "\\" not in r.html  # no raw command left


@pytest.mark.parametrize("latex", [
    pytest.param(r"\text{<script>alert(1)</script>}", id="script-in-text"),
    pytest.param(r'\text{<img src="http://evil.example/x.png">}', id="img-in-text"),
    pytest.param(r"\text{a < b}", id="raw-less-than-in-text"),
    pytest.param(r"x \foo y", id="unknown-command"),
    pytest.param(r"\frac{1}{", id="unbalanced"),
    pytest.param(r"\sigma\'(z)", id="accent-left-raw"),
    pytest.param("x" * 5000, id="too-long"),
    pytest.param("", id="empty"),
])
def test_what_cannot_be_rendered_is_escaped_source(latex):
    r = render(latex)
    assert not r.ok
    assert r.html == f'<code class="tex">{escape(latex, quote=False)}</code>'
    assert "<script" not in r.html and "<img" not in r.html


def test_output_uses_only_whitelisted_elements_and_no_urls():
    html = to_mathml(r"\sum_{k=1}^n x_k y_k = \sqrt{\frac{a}{b}} \mathbb{R} \hat{y} \left( a \right)")
    assert html is not None
    assert set(re.findall(r"<(\w+)", html)) <= ELEMENTS
    assert "http" not in html and "xmlns" not in html


@pytest.mark.parametrize("text,shown", [
    pytest.param("y\ud800 = 1", "y\ufffd = 1", id="lone-surrogate"),
    pytest.param("a\x00b", "a\ufffdb", id="nul"),
])
def test_surrogates_and_nuls_are_visibly_replaced(text, shown):
    assert clean(text) == shown
    render(text).html.encode("utf-8")  # never a UnicodeEncodeError
