"""Token rewrites of symcheck.notation.preprocess: ``\\left\\{ \\begin{array} … \\right.`` read as cases."""

import json

import pytest

from symcheck.cli import main
from symcheck.errors import ParseError
from symcheck.notation.api import read
from symcheck.notation.preprocess import tokenize

RELU = r"\left\{ \begin{array}{ll} t & \text{if } t > 0 \\ 0 & \text{if } t \le 0 \end{array} \right."


@pytest.mark.parametrize("latex, begins", [
    pytest.param(RELU, ["cases"], id="array-after-a-left-brace"),
    pytest.param(r"\left\{ \begin{matrix} t & t > 0 \\ 0 & t \le 0 \end{matrix} \right.", ["cases"], id="matrix"),
    pytest.param(r"\left\{ \begin{array}{l} t \end{array} \right\}", ["array"], id="closed-brace-is-a-set"),
    pytest.param(r"\begin{array}{ll} t & 0 \end{array}", ["array"], id="no-brace-stays-an-array"),
])
def test_brace_cases_tokens(latex, begins):
    assert [t.text for t in tokenize(latex) if t.kind == "begin"] == begins


def test_the_column_spec_is_dropped():
    toks = tokenize(RELU)
    assert [t.text for t in toks[:2]] == ["cases", "t"]


def test_a_brace_closed_on_the_right_is_not_read_as_cases():
    with pytest.raises(ParseError):
        read(r"r(t) = \left\{ \begin{array}{ll} t & \text{if } t > 0 \\ 0 & \text{if } t \le 0 \end{array} \right\}")


@pytest.mark.parametrize("latex, verdict", [
    pytest.param(r"\max(t, 0) = " + RELU, "correct", id="relu-by-cases"),
    pytest.param(r"\max(t, 0) = " + RELU.replace("t & \\text{if } t > 0", "-t & \\text{if } t > 0"), "incorrect",
                 id="relu-by-cases-wrong-sign"),
    pytest.param(r"s(t) = " + RELU, "unchecked", id="a-definition-of-a-new-function"),
])
def test_check_brace_cases(latex, verdict, capsys):
    main(["check", latex, "--json"])
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == verdict
    if verdict == "incorrect":
        assert d["counterexample"]["branch"]
