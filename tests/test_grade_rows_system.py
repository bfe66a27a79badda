"""Systems written with \\left\\{ … \\right. or cases: each relation a step of its own (symcheck.grade.rows)."""

from __future__ import annotations

import pytest

from symcheck.grade import grade_text
from symcheck.grade.rows import system_rows


@pytest.mark.parametrize("text, expected", [
    pytest.param("\\left\\{ \\begin{array}{l} p + q \\ge 4 \\\\ q \\le -2 \\end{array} \\right.",
                 ["p + q \\ge 4", "q \\le -2"], id="brace-array"),
    pytest.param("\\begin{cases} 2m + 1 = 7 \\\\ m - n = 0 \\end{cases}", ["2m + 1 = 7", "m - n = 0"], id="cases"),
    pytest.param("\\begin{cases} s &= 3 \\\\ r &\\le 2 \\end{cases}", ["s = 3", "r \\le 2"], id="aligned-relations"),
    pytest.param("\\begin{cases} 1, & z > 0 \\\\ 0, & z \\le 0 \\end{cases}", None, id="a-definition-by-cases"),
    pytest.param("\\begin{cases} s = 3 \\end{cases}", None, id="one-row"),
    pytest.param("y = \\begin{cases} s = 3 \\\\ r = 2 \\end{cases}", None, id="not-the-whole-row"),
])
def test_system_rows(text, expected):
    rows = system_rows(text)
    assert (None if rows is None else [" ".join(r.split()) for _, r in rows]) == expected


def _steps(body: str):
    report = grade_text("# Problem 1\n\n" + body)
    return [(s.line, s.latex, s.verdict.verdict) for s in report.steps]


def test_a_system_of_two_assumptions():
    steps = _steps("The weight and bias must satisfy\n\n$$\n\\left\\{ \\begin{array}{l}\n p + q \\ge 4 \\\\\n"
                   " q \\le -2\n\\end{array} \\right.\n$$\n")
    assert [(line, latex) for line, latex, _ in steps] == [(7, "p + q \\geq 4"), (8, "q \\leq -2")]
    assert [v for *_, v in steps] == ["unchecked", "unchecked"]  # conditions: nothing to verify, nothing accused


def test_a_system_solved_row_by_row():
    steps = _steps("Taking $m = 3$ and $n = 5$:\n\n$$\n\\left\\{ \\begin{array}{ll}\n 2m + 4 = 10 \\\\\n"
                   " 3n - 3 = 12\n\\end{array} \\right.\n$$\n\nthat is\n\n$$\n\\begin{cases}\n 2 \\cdot 3 + 4 = 10 \\\\\n"
                   " 3 \\cdot 5 - 3 = 11\n\\end{cases}\n$$\n")
    rows = [(line, v) for line, latex, v in steps if "m =" not in latex and "n =" not in latex]
    assert rows == [(7, "correct"), (8, "correct"), (16, "correct"), (17, "incorrect")]
