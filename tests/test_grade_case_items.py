"""Rows of a definition by cases as report items of their own (symcheck.grade.case_items)."""

from __future__ import annotations

import json

import pytest

from symcheck.grade import formats, grade_text
from symcheck.grade.case_items import CASE, row_verdict, rows_of, source_lines
from symcheck.grade.report import StepResult, SubmissionReport
from symcheck.grade.segment import segment
from symcheck.verdict import Cause, CheckKind, Verdict

RECTIFIER = "\\max(0, u) = \\begin{cases}\n u, & u > 0 \\\\\n {second}\n\\end{{cases}}"


def _report(cases: str):
    """A write-up with one display holding ``cases`` (lines 6.. of the file)."""
    return grade_text("# Problem 1\n\nThe rectifier, written out:\n\n$$\n" + cases + "\n$$\n")


def _cases(report):
    return [s for s in report.items() if s.kind == CASE]


@pytest.mark.parametrize("latex, expected", [
    pytest.param("\\begin{cases} 1, & z > 0 \\\\ 0, & z \\le 0 \\end{cases}", [("1", "z > 0"), ("0", "z \\le 0")],
                 id="ampersand-and-comma"),
    pytest.param("\\begin{cases} 0 \\quad \\text{if } s \\le 0 \\\\ s \\quad \\text{otherwise} \\end{cases}",
                 [("0 \\quad", "\\text{if } s \\le 0"), ("s \\quad", "\\text{otherwise}")], id="condition-after-a-word"),
    pytest.param("\\left\\{ \\begin{array}{ll} a & \\mbox{if } t < 1 \\\\ b & \\mbox{if } t \\ge 1 \\end{array} \\right.",
                 [("a", "\\mbox{if } t < 1"), ("b", "\\mbox{if } t \\ge 1")], id="brace-and-array"),
    pytest.param("\\begin{cases} 1 \\\\ 0 \\end{cases}", None, id="rows-without-conditions"),
    pytest.param("\\begin{cases} 1 & z > 0 \\end{cases}", None, id="one-row-only"),
    pytest.param("g(z) + 1", None, id="no-cases"),
])
def test_rows_of_a_definition_by_cases(latex, expected):
    rows = rows_of(latex)
    assert (None if rows is None else [(v, c) for _, v, c in rows]) == expected


def test_each_row_on_the_source_line_where_it_starts():
    doc = segment("Let\n\n$$\nq(x) = \\begin{cases}\n x & x > 0 \\\\\n -x & x \\le 0\n\\end{cases}\n$$\n")
    (step,) = doc.steps
    assert source_lines(step, doc.source) == [5, 6]
    assert source_lines(step, []) is None


def test_a_correct_case_row():
    report = _report("\\max(0, u) = \\begin{cases}\n u & \\text{if } u > 0 \\\\\n 0 & \\text{otherwise}\n\\end{cases}")
    (whole,) = report.steps
    first, second = _cases(report)
    assert whole.verdict.verdict == "correct"
    assert (first.line, second.line) == (7, 8)
    assert first.verdict.verdict == second.verdict.verdict == "correct"
    assert first.latex == "\\max(0, u) = u \\quad \\text{if } u > 0"
    assert "no earlier row" in second.verdict.reason
    assert report.counts == {"correct": 1, "incorrect": 0, "unchecked": 0}  # case items are not steps


def test_a_wrong_case_row_is_incorrect_inside_its_condition():
    report = _report("\\max(0, u) = \\begin{cases}\n u, & u > 0 \\\\\n 1, & u \\le 0\n\\end{cases}")
    (whole,) = report.steps
    first, second = _cases(report)
    assert whole.verdict.verdict == "incorrect" and whole.first_error  # the whole step keeps the error
    assert second.verdict.verdict == "incorrect" and not second.first_error
    assert second.line == 8 and "row 2" in second.verdict.reason
    point = second.verdict.counterexample["point"]
    assert point["u"] <= 0  # inside the row's condition
    assert first.verdict.verdict == "correct"  # checked on its branch before row 2 failed
    assert report.counts["incorrect"] == 1


def test_a_case_the_check_cannot_decide():
    report = _report("h(t) = \\begin{cases}\n 2t & \\text{if } t > 1 \\\\\n t^2 & \\text{if } t \\le 1\n\\end{cases}")
    rows = _cases(report)
    assert [s.verdict.verdict for s in rows] == ["unchecked", "unchecked"]
    assert all(s.verdict.cause is Cause.PROSE for s in rows)  # a definition: recorded, not checked


WHOLE_WRONG = Verdict.incorrect(CheckKind.NUMERIC, "on the branch t ≤ 1: differs",
                                counterexample={"point": {"t": 0.5}, "row": 2, "rows": 2, "held_rows": [1]})


@pytest.mark.parametrize("whole, k, n, expected, cause", [
    pytest.param(Verdict.correct(CheckKind.NUMERIC, "holds"), 2, 2, "correct", None, id="whole-correct"),
    pytest.param(WHOLE_WRONG, 2, 2, "incorrect", None, id="the-named-row"),
    pytest.param(WHOLE_WRONG, 1, 2, "correct", None, id="a-row-checked-before"),
    pytest.param(Verdict.incorrect(CheckKind.NUMERIC, "differs", counterexample={"row": 2, "rows": 3}), 2, 2,
                 "unchecked", Cause.ROWS, id="pieces-merged-no-row-named"),
    pytest.param(Verdict.incorrect(CheckKind.NUMERIC, "differs", counterexample={"row": 2, "rows": 2}), 1, 2,
                 "unchecked", Cause.ROWS, id="another-row-of-a-wrong-step"),
    pytest.param(Verdict.unchecked(Cause.UNPARSED, "cannot read"), 1, 2, "unchecked", Cause.UNPARSED,
                 id="whole-unchecked"),
])
def test_the_row_verdict_rules(whole, k, n, expected, cause):
    v = row_verdict(StepResult(4, 7, "f = …", whole), k, n, "f = 1 \\quad \\text{if } t > 1")
    assert v.verdict == expected and v.cause == cause


def test_json_round_trip_and_markdown():
    report = _report("\\max(0, u) = \\begin{cases}\n u, & u > 0 \\\\\n 1, & u \\le 0\n\\end{cases}")
    data = json.loads(formats.to_json([report]))["submissions"][0]
    assert [s["kind"] for s in data["steps"]].count(CASE) == 2 and data["summary"]["steps"] == 1
    back = SubmissionReport.from_json(report.to_json())
    assert back.to_json() == report.to_json()
    assert "(a case of the step above)" in formats.to_markdown([report])
