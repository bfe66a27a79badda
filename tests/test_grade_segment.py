"""Segmentation: problems, steps, chains and 1-based source lines."""

import json

import pytest

from symcheck.grade.segment import segment


def _steps(text, kind="md"):
    return [(s.line, s.latex, s.link) for s in segment(text, kind).steps]


@pytest.mark.parametrize("text,expected", [
    pytest.param("$$a = b = c$$\n", [(1, "a = b", False), (1, "= c", True)], id="chain-split-into-links"),
    pytest.param("$$x = 1$$\n\n$$= 2$$\n", [(1, "x = 1", False), (3, "= 2", True)], id="continuation-line"),
    pytest.param("$$p = q \\Rightarrow r = s$$\n", [(1, "p = q", False), (1, "\\Rightarrow r = s", False)],
                 id="implication"),
    pytest.param("$$u = 1 + 2 \\\\ + 3 = 6$$\n", [(1, "u = 1 + 2 + 3", False), (1, "= 6", True)],
                 id="operator-row-joins"),
    pytest.param("$$\n\\begin{aligned}\nf &= g \\\\\n&= h\n\\end{aligned}\n$$\n",
                 [(3, "f = g", False), (4, "= h", True)], id="aligned-rows"),
    pytest.param("$$g_1 = 0.1, g_2 = 0.2$$\n", [(1, "g_1 = 0.1", False), (1, "g_2 = 0.2", False)],
                 id="comma-separated-givens"),
    pytest.param("Text with $x$ only.\n", [], id="inline-symbol-is-not-a-step"),
    pytest.param("If $\\epsilon > 0$ then.\n", [(1, "\\epsilon > 0", False)], id="inline-relation"),
    pytest.param("$$2. \\quad y = 3$$\n", [(1, "y = 3", False)], id="item-label-stripped"),
])
def test_markdown_steps(text, expected):
    assert _steps(text) == expected


def test_problems_from_headings_questions_and_items():
    text = "# Problem 1\n\nQ1 Let $a = 1$\n\nProblem 2\n\n1.\n\n$$b = 2$$\n\n$$Q2 \\quad c = 3$$\n"
    doc = segment(text)
    assert [p.id for p in doc.problems] == ["Problem 1", "Problem 1 Q1", "Problem 2", "Problem 2.1", "Problem 2 Q2"]
    assert [s.problem for s in doc.steps] == ["Problem 1 Q1", "Problem 2.1", "Problem 2 Q2"]


def test_tex_environments_and_lines():
    text = ("\\section{Problem 1}\n\\begin{align*}\nx &= y \\\\\n&= z\n\\end{align*}\n"
            "\\input{other} $q = 1$ % $r = 2$ is a comment\n")
    assert _steps(text, "tex") == [(3, "x = y", False), (4, "= z", True), (6, "q = 1", False)]


def test_tex_macros_are_text():
    text = "\\def\\x{1} \\newcommand{\\y}{2} $a = b$\n"
    assert _steps(text, "tex") == [(1, "a = b", False)]


def test_notebook_markdown_cells_only():
    nb = {"cells": [{"cell_type": "markdown", "source": ["# P\n", "$$a = b$$\n"]},
                    {"cell_type": "code", "source": "$$c = d$$"},
                    {"cell_type": "markdown", "source": "$$e = f$$"}]}
    doc = segment(json.dumps(nb), "ipynb")
    assert [(s.line, s.latex, s.location) for s in doc.steps] == [
        (2, "a = b", "cell 1 line 2"), (4, "e = f", "cell 3 line 1")]


def test_seed_steps_keep_their_source_lines(shared_dir):
    text = (shared_dir / "seeds" / "000_c92ebc24de319a39.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    doc = segment(text)
    assert len(doc.steps) > 50
    for s in doc.steps:
        src = lines[s.line - 1]
        # every step's last token is written on its line (or, inline, in its paragraph)
        token = s.rhs.split()[-1] if s.rhs.split() else s.lhs.split()[-1]
        assert token[:4] in src or s.inline, (s.line, s.latex, src)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(["$", "$$", "\\\\", "=", "\\Rightarrow", "{", "}", "(", ")", "\\frac", "\\begin{aligned}",
                           "\\end{aligned}", "&", "x", "0.5", "-", "\n", "# Problem 1\n", "Q1 ", "1. ", "\\text{Let }",
                           "\\sigma", "e^{", "\\partial", ",", "\\quad", "<", "\\in", " "])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_grading_never_raises_on_junk(text):
    from symcheck.grade import Options, grade_text

    report = grade_text(text, "md", options=Options(trials=2, symbolic_seconds=0.2))
    lines = text.count("\n") + 1
    assert all(1 <= s.line <= s.end_line <= lines + 1 for s in report.steps)
