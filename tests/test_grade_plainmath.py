"""Plain-text math lines and AsciiMath detection."""

import pytest

from symcheck.grade.plainmath import looks_asciimath, plain_math_line


@pytest.mark.parametrize("line,expected", [
    pytest.param("C=yln(a)+(1-y)ln(1-a)", "C=y \\ln(a)+(1-y)\\ln(1-a)", id="glued-ln"),
    pytest.param("ΔC≈-∇C⋅ϵ", "ΔC≈-∇C⋅ϵ", id="unicode"),
    pytest.param("sigma(z)=1/(1+exp(-z))", "\\sigma(z)=1/(1+\\exp(-z))", id="bare-sigma"),
    pytest.param("x = 5 so we are done", None, id="prose-words"),
    pytest.param("The cost C = 1.", None, id="sentence"),
    pytest.param("这是 x=1", None, id="cjk"),
    pytest.param("Это x=1", None, id="cyrillic"),
    pytest.param("if a == b:", None, id="code-comparison"),
    pytest.param("x += 1", None, id="code-augmented"),
    pytest.param("See: a=b", None, id="colon-prose"),
    pytest.param("a = b = c", None, id="two-relations"),
    pytest.param("= b", None, id="no-left-side"),
    pytest.param("- a = b", None, id="list-item"),
    pytest.param("https://x.org/?a=b", None, id="url"),
])
def test_plain_math_line(line, expected):
    assert plain_math_line(line) == expected


@pytest.mark.parametrize("text,expected", [
    pytest.param("sum_(i=1)^n x_i = y", True, id="sum-grouped"),
    pytest.param("sqrt(x) = y", True, id="sqrt"),
    pytest.param("a_(j) = b", True, id="grouped-subscript"),
    pytest.param("\\sum_{i=1}^n x_i = y", False, id="latex"),
    pytest.param("x_i = 1", False, id="same-in-both"),
    pytest.param("sum = 1", False, id="a-word-alone"),
])
def test_looks_asciimath(text, expected):
    assert looks_asciimath(text) is expected
