"""The grader's loop (symcheck.grade.grader): ``grade_document(..., until=i)`` grades the steps up to
``i`` while the whole file still informs what it establishes file-wide."""

from dataclasses import replace

import pytest

from symcheck.grade.grader import grade_document
from symcheck.grade.segment import segment

# a chain rule first, in plain letters; the definitions that make those letters a network come after it
FIRST = r"\frac{\partial J_n}{\partial c_{kj}} = \frac{\partial J_n}{\partial p_k} \frac{\partial p_k}{\partial c_{kj}}"
WRONG = r"\frac{\partial J_n}{\partial c_{kj}} = -\frac{\partial J_n}{\partial p_k} \frac{\partial p_k}{\partial c_{kj}}"
LATER = (r"r_j = \sum_{i=1}^{D} u_{ji} s_i", r"q_j = g(r_j)", r"p_k = \sum_{j=1}^{M} c_{kj} q_j",
         r"o_k = \frac{\exp(p_k)}{\sum_m \exp(p_m)}", r"J_n = -\sum_k d_k \ln o_k")


def _doc(first: str):
    text = "The output layer's gradient.\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in (first, *LATER))
    return segment(text, "md")


@pytest.mark.parametrize("first, verdict", [
    pytest.param(FIRST, "correct", id="verified-through-definitions-stated-later"),
    pytest.param(WRONG, "incorrect", id="accused-through-definitions-stated-later"),
])
def test_until_keeps_what_the_whole_file_establishes(first, verdict):
    doc = _doc(first)
    whole = grade_document(doc, "w.md")
    upto = grade_document(doc, "w.md", until=0)
    assert len(upto.steps) == 1
    assert upto.steps[0].verdict.verdict == whole.steps[0].verdict.verdict == verdict
    cut = grade_document(replace(doc, steps=doc.steps[:1]), "w.md")  # a truncated file lost the definitions
    assert cut.steps[0].verdict.verdict == "unchecked"


def test_until_reports_only_the_steps_graded():
    doc = _doc(FIRST)
    report = grade_document(doc, "w.md", until=2)
    assert [s.line for s in report.steps] == [s.line for s in doc.steps[:3]]
