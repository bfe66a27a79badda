"""Cases written without ``&`` (symcheck.notation.case_rows): the condition set off by a prose word."""

import json

import pytest

from symcheck.cli import main
from symcheck.errors import ParseError
from symcheck.notation.api import read
from symcheck.notation.case_rows import value_and_condition
from symcheck.notation.preprocess import Tok


@pytest.mark.parametrize("latex, shown", [
    pytest.param(r"r(t) = \begin{cases} t \quad \text{if } t > 0 \\ 0 \quad \text{if } t \le 0 \end{cases}",
                 "Piecewise((t, t > 0), (0, True))", id="quad-then-if"),
    pytest.param(r"r(t) = \begin{cases} t, \text{ when } t > 0 \\ 0 \text{ otherwise} \end{cases}",
                 "Piecewise((t, t > 0), (0, True))", id="comma-when-and-otherwise"),
    pytest.param(r"r(t) = \begin{cases} t & \text{for } t > 0 \\ 0 \quad \text{else} \end{cases}",
                 "Piecewise((t, t > 0), (0, True))", id="one-row-with-ampersand-one-without"),
])
def test_a_case_without_ampersand_is_read(latex, shown):
    assert str(read(latex).parts[-1]) == shown


def test_a_case_with_no_condition_word_is_still_refused():
    with pytest.raises(ParseError) as err:
        read(r"r(t) = \begin{cases} t \\ 0 \end{cases}")
    assert "without its condition" in str(err.value)


@pytest.mark.parametrize("row, cells", [
    pytest.param([[Tok("num", "0", 0), Tok("text", "if ", 2), Tok("letter", "t", 8)]], 2, id="split-before-if"),
    pytest.param([[Tok("text", "if ", 0), Tok("letter", "t", 4)]], 1, id="a-leading-word-is-no-split"),
    pytest.param([[Tok("num", "0", 0), Tok("text", "because", 2)]], 1, id="another-word-is-no-split"),
    pytest.param([[Tok("num", "0", 0)], [Tok("letter", "t", 4)]], 2, id="two-cells-kept"),
])
def test_value_and_condition(row, cells):
    assert len(value_and_condition(row)) == cells


@pytest.mark.parametrize("latex, verdict", [
    pytest.param(r"|t| = \begin{cases} t \quad \text{if } t \ge 0 \\ -t \quad \text{otherwise} \end{cases}",
                 "correct", id="absolute-value-by-cases"),
    pytest.param(r"|t| = \begin{cases} -t \quad \text{if } t \ge 0 \\ t \quad \text{otherwise} \end{cases}",
                 "incorrect", id="absolute-value-branches-swapped"),
    pytest.param(r"s(t) = \begin{cases} 0 \quad \text{if } t \le 0 \\ 1 \quad \text{if } t > 0 \end{cases}",
                 "unchecked", id="a-definition-of-a-new-function"),
])
def test_check_cases_without_ampersand(latex, verdict, capsys):
    main(["check", latex, "--json"])
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == verdict
    if verdict == "incorrect":
        assert d["counterexample"]["branch"]
