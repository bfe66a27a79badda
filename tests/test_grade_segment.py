"""Segmentation: problems, steps, chains and 1-based source lines."""

import json

import pytest

from symcheck.grade.segment import segment


def _steps(text, kind="md"):
    return [(s.line, s.latex, s.link) for s in segment(text, kind).steps if s.skip is None and s.kind == "step"]


def _all(text, kind="md"):
    """(line, latex, skip value or None) of every step, graded or not (whole-display items left out)."""
    return [(s.line, s.latex, s.skip.value if s.skip else None) for s in segment(text, kind).steps
            if s.kind == "step"]


@pytest.mark.parametrize("text,expected", [
    pytest.param("$$a = b = c$$\n", [(1, "a = b", False), (1, "= c", True)], id="chain-split-into-links"),
    pytest.param("$$x = 1$$\n\n$$= 2$$\n", [(1, "x = 1", False), (3, "= 2", True)], id="continuation-line"),
    pytest.param("$$p = q \\Rightarrow r = s$$\n", [(1, "p = q", False), (1, "\\Rightarrow r = s", False)],
                 id="implication"),
    pytest.param("$$p = q \\iff r = s \\iff t = u$$\n",
                 [(1, "p = q", False), (1, "\\iff r = s", False), (1, "\\iff t = u", False)], id="equivalences"),
    pytest.param("$$p = q ⟺ r = s$$\n", [(1, "p = q", False), (1, "\\iff r = s", False)], id="unicode-equivalence"),
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


def test_numbered_list_items_are_parts():
    text = "# P\n\n1. first $a=b$\n2. second $c=d$\n3) third $e=f$\n\nText\n2. not an item $g=h$\n"
    doc = segment(text)
    assert [p.id for p in doc.problems] == ["P", "P.1", "P.2", "P.3"]
    assert [(s.line, s.problem) for s in doc.steps] == [(3, "P.1"), (4, "P.2"), (5, "P.3"), (8, "P.3")]


def test_tex_environments_and_lines():
    text = ("\\section{Problem 1}\n\\begin{align*}\nx &= y \\\\\n&= z\n\\end{align*}\n"
            "\\input{other} $q = 1$ % $r = 2$ is a comment\n")
    assert _steps(text, "tex") == [(3, "x = y", False), (4, "= z", True), (6, "q = 1", False)]
    assert _all(text, "tex")[-1] == (6, "r = 2", "comment")


def test_tex_macro_definitions_are_not_steps():
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


# --- delimiters as people write them (issue 13.1) ------------------------------------
@pytest.mark.parametrize("text,kind,expected", [
    pytest.param("Let \\\\(v = v\\_1\\\\) and\n\\\\[ a = b \\\\\\\\ = c \\\\]\n", "md",
                 [(1, "v = v_1", None), (2, "a = b", None), (2, "= c", None)], id="kramdown-escaped"),
    pytest.param("Text \\(x = 1\\) and \\[y = 2\\]\n", "md", [(1, "x = 1", None), (1, "y = 2", None)],
                 id="paren-and-bracket"),
    pytest.param("so that $$x = 1$$ and\n$$y\n= 2$$ ok\n", "md", [(1, "x = 1", None), (3, "y = 2", None)],
                 id="dollars-mid-line"),
    pytest.param("\\begin{eqnarray}\n a &=& b \\\\\n &=& c\n\\tag{1}\\end{eqnarray}\n", "md",
                 [(2, "a = b", None), (3, "= c", None)], id="bare-eqnarray"),
    pytest.param("\\begin{align*}\n a &= b\n\\end{align*}\n", "md", [(2, "a = b", None)], id="bare-align-star"),
    pytest.param("\\begin{equation*}\n\\begin{aligned}\n a &= b \\\\\n &= c\n\\end{aligned}\n\\end{equation*}\n", "md",
                 [(3, "a = b", None), (4, "= c", None)], id="equation-around-aligned"),
    pytest.param("\\begin{equation}\n a = b\n\\end{equation}\n", "md", [(2, "a = b", None)], id="bare-equation"),
    pytest.param("> $$a = b$$\n", "md", [(1, "a = b", None)], id="quoted-display"),
    pytest.param("\t$$a = b$$\n", "md", [(1, "a = b", None)], id="indented-display-is-math"),
    pytest.param("$$\n\\begin{aligned}\na &= b \\\\\\\\\n&= c\n\\end{aligned}\n$$\n", "md",
                 [(3, "a = b", None), (4, "= c", None)], id="markdown-escaped-row-break"),
    pytest.param("$$a = b % a note\n = c$$\n", "md", [(1, "a = b", None), (2, "= c", None)], id="math-comment"),
    pytest.param("$$x = 1$$\n$5 and $6\n", "md", [(1, "x = 1", None)], id="unclosed-dollar-is-text"),
    pytest.param("---\ntitle: a = b\n---\n$$c = d$$\n", "md", [(4, "c = d", None)], id="front-matter-is-prose"),
    pytest.param("---\n$$c = d$$\n---\n", "md", [(2, "c = d", None)], id="rules-are-not-front-matter"),
])
def test_delimiters(text, kind, expected):
    assert _all(text, kind) == expected


def test_each_link_starts_on_its_own_line():
    """A chain written over several lines with no row break: each link starts where its relation is (the
    first one too: its left side stands alone on line 2)."""
    text = "$$\n\\frac{a}{b}\n  = c\n  = d \\\\\n  e &= f\n  + g\n$$\n"
    assert [(s.line, s.end_line, s.latex) for s in segment(text).steps if s.kind == "step"] == [
        (3, 4, "\\frac{a}{b} = c"), (4, 4, "= d"), (5, 6, "e = f + g")]


@pytest.mark.parametrize("text,expected", [
    pytest.param("$$a \\stackrel{\\text{def}}{=} b \\stackrel{\\text{chain rule}}{=} c$$\n",
                 [("a = b", "define"), ("= c", "define")], id="stackrel-definition-then-justified"),
    pytest.param("$$a \\overset{(1)}{=} b$$\n", [("a = b", "")], id="overset-note"),
    pytest.param("$$a \\stackrel{z \\text{ def}}{=} b$$\n", [("a = b", "")], id="by-a-definition-is-not-one"),
    pytest.param("$$a = \\\\ b + c$$\n", [("a = b + c", "")], id="row-ending-in-a-relation-goes-on"),
])
def test_stacked_relations_and_broken_rows(text, expected):
    assert [(s.latex, s.context) for s in segment(text).steps] == expected


@pytest.mark.parametrize("text,expected", [
    pytest.param("$$a = b. \\quad \\blacksquare$$\n", ["a = b"], id="qed-mark"),
    pytest.param("$$a = b, \\qquad$$\n", ["a = b"], id="trailing-spacing"),
    pytest.param("$$y = \\left\\{ \\begin{array}{ll} 0 & \\mbox{if } x \\leq 0 \\\\ 1 & \\mbox{if } x > 0 "
                 "\\end{array} \\right.$$\n",
                 ["y = \\left\\{ \\begin{array}{ll} 0 & \\mbox{if } x \\leq 0 \\\\ 1 & \\mbox{if } x > 0 "
                  "\\end{array} \\right."], id="cases-prose-stays-inside"),
    pytest.param("$a \\in \\{0, 1\\}, b = 2$\n", ["a \\in \\{0, 1\\}", "b = 2"], id="set-braces-nest"),
])
def test_row_ends_and_nesting(text, expected):
    assert [s.latex for s in segment(text).steps] == expected


@pytest.mark.parametrize("text,expected", [
    pytest.param("$\\operatorname{grad}_{A}(C(F(x)) = a$\n", ["\\operatorname{grad}_{A}(C(F(x)) = a"],
                 id="unbalanced-parenthesis-still-splits"),
    pytest.param("$f(x) = 1, x \\in [0, 1)$\n", ["f(x) = 1", "x \\in [0, 1)"], id="half-open-interval"),
    pytest.param("$$\\mathrm{diag}(v) = w$$\n", ["\\mathrm{diag}(v) = w"], id="mathrm-is-not-prose"),
    pytest.param("$$y = \\text{step}\\left(x\\right) \\text{ if } x = 1$$\n",
                 ["y = \\text{step}\\left(x\\right)", "x = 1"], id="text-function-name-is-not-prose"),
    pytest.param("so $z \\equiv \\sum_k w_k$\n", ["z = \\sum_k w_k"], id="inline-equiv-is-a-step"),
])
def test_what_states_something(text, expected):
    assert [s.latex for s in segment(text).steps] == expected


def test_matrix_keeps_its_column_separators():
    """The bmatrix probe of issue 14: a 2x2 matrix must not lose its & (and read as a column)."""
    text = ("$$\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix} = "
            "\\begin{bmatrix} 0 \\\\ 0 \\end{bmatrix}$$\n")
    (step,) = segment(text).steps
    assert step.lhs == "\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}"
    assert step.rhs == "\\begin{bmatrix} 0 \\\\ 0 \\end{bmatrix}"


def test_alignment_ampersand_goes_matrix_ampersand_stays():
    text = "$$\\begin{aligned} A &= \\begin{pmatrix} 1 & 2 \\end{pmatrix} \\end{aligned}$$\n"
    assert [s.rhs for s in segment(text).steps] == ["\\begin{pmatrix} 1 & 2 \\end{pmatrix}"]


@pytest.mark.parametrize("text,expected", [
    pytest.param("The cost\n\nC=yln(a)+(1-y)ln(1-a)\n", [(3, "C = y \\ln(a)+(1-y)\\ln(1-a)", None)], id="plain-cost"),
    pytest.param("ΔC≈-∇C⋅ϵ\n", [(1, "ΔC \\approx -∇C⋅ϵ", None)], id="plain-unicode"),
    pytest.param("We see that x = 1 so we are done.\n", [], id="prose-with-equals-is-not-math"),
    pytest.param("```python\nx = y + 1\n```\n", [], id="code-is-not-plain-math"),
    pytest.param("$$\na = b\n$$\n", [(2, "a = b", None)], id="display-line-not-counted-twice"),
])
def test_plain_text_math_lines(text, expected):
    got = _all(text)
    assert [(ln, lat.replace("≈", "\\approx"), sk) for ln, lat, sk in got] == expected


# --- Markdown block structure (markdown-it-py's CommonMark block parser) -----------------
@pytest.mark.parametrize("text,problems,steps", [
    pytest.param("## Part A ##\n$$a = b$$\n", ["Part A"], [(2, "a = b", "Part A")], id="atx-closing-hashes"),
    pytest.param("Part B\n======\n\n$$a = b$$\n", ["Part B"], [(4, "a = b", "Part B")], id="setext"),
    pytest.param("Part B\nsecond line\n---\n$$a = b$$\n", ["Part B second line"], [(4, "a = b", "Part B second line")],
                 id="setext-two-lines"),
    pytest.param("    # Part C\n$$a = b$$\n", ["Part C"], [(2, "a = b", "Part C")], id="indented-heading-is-not-code"),
    pytest.param("> # Part D\n> $$a = b$$\n", ["Part D"], [(2, "a = b", "Part D")], id="heading-in-quote"),
    pytest.param("Text\n\n---\n\n$$a = b$$\n", [], [(5, "a = b", "")], id="rule-is-not-a-heading"),
    pytest.param("# P\n\n> 1. $a = b$\n> 2. $c = d$\n", ["P", "P.1", "P.2"], [(3, "a = b", "P.1"), (4, "c = d", "P.2")],
                 id="items-in-quote"),
    pytest.param("# P\n\n1. first\n\n   $$a = b$$\n\n2. second\n\n   $$c = d$$\n", ["P", "P.1", "P.2"],
                 [(5, "a = b", "P.1"), (9, "c = d", "P.2")], id="loose-items-with-indented-displays"),
    pytest.param("# P\n\n- $a = b$\n- $c = d$\n", ["P"], [(3, "a = b", "P"), (4, "c = d", "P")],
                 id="bullets-are-not-parts"),
    pytest.param("---\ntitle: T\ndate created: Friday, 9:46 am\ntags:\n  - \"#x\"\n---\n# P\n$$a = b$$\n", ["P"],
                 [(8, "a = b", "P")], id="front-matter-keys-with-spaces"),
    # an "=" alone on a line inside a display is its relation, not a setext underline
    pytest.param("$$\n\\begin{pmatrix} 2 \\\\ 5 \\end{pmatrix}\n=\n\\begin{pmatrix} 5 \\\\ 2 \\end{pmatrix}\n$$\n",
                 [], [(3, "\\begin{pmatrix} 2 \\\\ 5 \\end{pmatrix} = \\begin{pmatrix} 5 \\\\ 2 \\end{pmatrix}", "")],
                 id="equals-line-in-display-is-not-setext"),
    pytest.param("$$\nu + v\n=\nw\n$$\n", [], [(3, "u + v = w", "")], id="equals-line-after-display-opener"),
    pytest.param("Heading with $x$\n===\n$$a = b$$\n", ["Heading with $x$"], [(3, "a = b", "Heading with $x$")],
                 id="setext-with-inline-math-is-a-heading"),
])
def test_markdown_block_structure(text, problems, steps):
    doc = segment(text)
    assert [p.id for p in doc.problems] == problems
    assert [(s.line, s.latex, s.problem) for s in doc.steps] == steps


@pytest.mark.parametrize("text,expected", [
    pytest.param("1. code:\n   ```\n   $$3=4$$\n   ```\n$$5 = 5$$\n", [(3, "3 = 4", "code"), (5, "5 = 5", None)],
                 id="fence-in-list-item"),
    pytest.param("> ```\n> $$3=4$$\n> ```\n$$5 = 5$$\n", [(2, "3 = 4", "code"), (4, "5 = 5", None)],
                 id="fence-in-quote"),
    pytest.param("```\n$$3=4$$", [(2, "3 = 4", "code")], id="unclosed-fence-without-final-newline"),
    pytest.param("````\n```\n$$3=4$$\n````\n$$5 = 5$$\n", [(3, "3 = 4", "code"), (5, "5 = 5", None)],
                 id="short-closer-does-not-close"),
    pytest.param("~~~\n$$3=4$$\n~~~~~\n$$5 = 5$$\n", [(2, "3 = 4", "code"), (4, "5 = 5", None)], id="tilde-fence"),
    pytest.param("    ```\n    $$3=4$$\n    ```\n", [(2, "3 = 4", "code")], id="indented-fence-is-a-fence"),
    pytest.param("<!--\nnote\n--> $$a = b$$\n", [(3, "a = b", None)], id="math-after-comment-on-its-line"),
    pytest.param("Text <!-- $1=2$ --> and $$a = b$$\n", [(1, "a = b", None), (1, "1 = 2", "comment")],
                 id="comment-mid-line"),
    pytest.param("<div>\n$$a = b$$\n</div>\n", [(2, "a = b", None)], id="html-block-math-is-graded"),
    pytest.param("> > $$a = b$$\n", [(1, "a = b", None)], id="nested-quote"),
    pytest.param("> $$\n> a = b\n> $$\n", [(2, "a = b", None)], id="quoted-display-over-lines"),
    pytest.param("> $$a = b\n= c$$\n", [(1, "a = b", None), (2, "= c", None)], id="lazy-quote-continuation"),
    pytest.param("Text\n    $$a = b$$\n", [(2, "a = b", None)], id="indented-display-after-text"),
])
def test_markdown_blocks_and_math(text, expected):
    assert sorted(_all(text), key=lambda t: (t[2] is not None, t[0])) == \
        sorted(expected, key=lambda t: (t[2] is not None, t[0]))


# --- macros the file defines ---------------------------------------------------------
def test_file_macros_are_expanded_in_later_math():
    text = ("$$\n\\gdef\\par#1#2{\\frac{\\partial #1}{\\partial #2}}\n$$\n\n"
            "Then $\\par{C}{w} = \\partial_w C$ and\n\n$$\\par{C}{b} = \\delta$$\n")
    assert _all(text) == [(5, "\\frac{\\partial C}{\\partial w} = \\partial_w C", None),
                          (7, "\\frac{\\partial C}{\\partial b} = \\delta", None)]


def test_recursive_macro_is_refused_with_its_cause():
    (step,) = segment("$$\\def\\a{\\b}\\def\\b{\\a} \\a = 1$$\n").steps
    assert step.skip.value == "macro" and "expands to itself" in step.skip_reason
    assert step.latex == "\\a = 1"


def test_macro_lines_keep_their_source_lines():
    text = "$$\n\\newcommand{\\R}{\\mathbb{R}}\n\\def\\v{\\mathbf{v}}\nx \\in \\R \\\\\n\\v = 1\n$$\n"
    assert _steps(text) == [(4, "x \\in \\mathbb{R}", False), (5, "\\mathbf{v} = 1", False)]


# --- math that is not part of the derivation (issue 16.7) -------------------------
@pytest.mark.parametrize("text,kind,expected", [
    pytest.param("<!-- $5+5=11$ -->\n\n$a = b$\n", "md", [(1, "5+5 = 11", "comment"), (3, "a = b", None)],
                 id="html-comment"),
    pytest.param("<!--\n$$5+5=11$$\n-->\n", "md", [(2, "5+5 = 11", "comment")], id="html-comment-multiline"),
    pytest.param("Use `$1=2$` here\n", "md", [(1, "1 = 2", "code")], id="code-span"),
    pytest.param("```\n$$3=4$$\n```\n$$5 = 5$$\n", "md", [(2, "3 = 4", "code"), (4, "5 = 5", None)],
                 id="fenced-code"),
    pytest.param("```\n$$3=4$$\n", "md", [(2, "3 = 4", "code")], id="unclosed-fence-runs-to-end"),
    pytest.param("\\verb|$5+5=11$| $1 = 1$\n", "tex", [(1, "1 = 1", None), (1, "5+5 = 11", "verbatim")], id="verb"),
    pytest.param("\\begin{verbatim}\n$$6=7$$\n\\end{verbatim}\n", "tex", [(2, "6 = 7", "verbatim")], id="verbatim"),
    pytest.param("\\begin{lstlisting}\n$1=2$\n\\end{lstlisting}\n", "tex", [(2, "1 = 2", "verbatim")],
                 id="lstlisting"),
    pytest.param("\\begin{minted}{python}\n$1=2$\n\\end{minted}\n", "tex", [(2, "1 = 2", "verbatim")], id="minted"),
    pytest.param("% \\begin{align}\n% a &= b\n% \\end{align}\n$c = d$\n", "tex",
                 [(4, "c = d", None), (2, "a = b", "comment")], id="commented-out-display"),
    pytest.param("50\\% of $x = 1$\n", "tex", [(1, "x = 1", None)], id="escaped-percent-is-not-a-comment"),
    pytest.param("We have `sum_(i=1)^n x_i = y` here.\n", "md", [(1, "sum_(i=1)^n x_i = y", "not-latex")],
                 id="asciimath-in-backticks"),
    pytest.param("So $sum_(i=1)^n x_i = y$ and $a = b$.\n", "md",
                 [(1, "sum_(i=1)^n x_i = y", "not-latex"), (1, "a = b", "not-latex")], id="asciimath-file"),
])
def test_math_outside_the_derivation_is_reported_not_graded(text, kind, expected):
    assert sorted(_all(text, kind), key=lambda t: (t[2] is not None, t[0])) == \
        sorted(expected, key=lambda t: (t[2] is not None, t[0]))


def test_skipped_steps_are_unchecked_with_their_cause():
    from symcheck.grade import grade_text

    report = grade_text("<!-- $5+5=11$ -->\n\n`$2+2=5$`\n\n$$1 + 1 = 3$$\n", "md")
    got = [(s.line, s.verdict.verdict, s.verdict.cause) for s in report.steps]
    assert got == [(1, "unchecked", "skipped"), (3, "unchecked", "skipped"), (5, "incorrect", None)]


# --- line ends (issue 16.6) ------------------------------------------------------------
@pytest.mark.parametrize("text,kind", [
    pytest.param("\\section{P}\r$1+1=2$ % c\r$2+2=5$\r", "tex", id="tex-cr"),
    pytest.param("\\section{P}\r\n$1+1=2$ % c\r\n$2+2=5$\r\n", "tex", id="tex-crlf"),
    pytest.param("# P\r\r$1+1=2$\r\r$2+2=5$\r", "md", id="md-cr"),
])
def test_cr_line_ends_keep_every_step(text, kind):
    assert _steps(text, kind) == [(2 if kind == "tex" else 3, "1+1 = 2", False),
                                  (3 if kind == "tex" else 5, "2+2 = 5", False)]


def test_cr_only_tex_flags_the_wrong_step():
    from symcheck.grade import grade_text

    report = grade_text("\\section{P}\r$1+1=2$ % c\r$2+2=5$\r", "tex")
    assert [(s.line, s.verdict.verdict) for s in report.steps] == [(2, "correct"), (3, "incorrect")]


# --- linear time (issue 16.1): correctness on each adversarial pattern, not timed ----------
@pytest.mark.parametrize("unit,kind,n,steps", [
    pytest.param("\\[\n", "tex", 3000, 0, id="unclosed-brackets"),
    pytest.param("\\begin{equation}\n", "tex", 3000, 0, id="unclosed-equations"),
    pytest.param("$x\n", "md", 3000, 0, id="dollar-lines"),
    pytest.param("$x=x$ ", "md", 3000, 3000, id="inline-pairs"),
    pytest.param("$$x=x$$ ", "md", 3000, 3000, id="double-pairs-one-line"),
    pytest.param("`a` ", "md", 3000, 0, id="code-spans"),
])
def test_adversarial_patterns_segment_correctly(unit, kind, n, steps):
    doc = segment(unit * n, kind)
    assert len(doc.steps) == steps
    assert all(s.latex == "x = x" for s in doc.steps)


def test_max_steps_stops_early():
    from symcheck.errors import LimitExceeded

    with pytest.raises(LimitExceeded):
        segment("$x=x$ " * 50, "md", max_steps=10)
    assert len(segment("$x=x$ " * 10, "md", max_steps=10).steps) == 10


def test_span_cap_never_refuses_a_file_under_max_steps():
    """Spans that make no step (definitions only) fill the scan's cap: the file is then read whole."""
    text = "$$\\def\\a{1}$$\n" * 200 + "$$\\a = b$$\n"
    doc = segment(text, "md", max_steps=10)
    assert [s.latex for s in doc.steps] == ["1 = b"]


_WILD = st.sampled_from(["$", "$$", "\\(", "\\)", "\\[", "\\]", "\\\\(", "\\\\)", "\\\\[", "\\\\]", "`", "```\n",
                         "<!--", "-->", "%", "\\%", "\\verb|", "|", "\\begin{align*}", "\\end{align*}",
                         "\\begin{verbatim}", "\\end{verbatim}", "\\def\\a{\\b}", "\\def\\b{\\a}", "\\a",
                         "\\newcommand{\\p}[2]{#1#2}", "\\p{x}{y}", "\\stackrel{\\text{def}}{=}", "\\{", "\\}",
                         "\\left(", "\\right.", "=", "x", "\r", "\r\n", "\n", "\n\n", "# H\n", "1. ", "> ", "&",
                         "\\\\", "\\blacksquare", "C=yln(a)", "sum_(i=1)^n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WILD, max_size=50).map("".join), st.sampled_from(["md", "tex"]))
def test_segmenting_wild_input_keeps_lines_in_range(text, kind):
    doc = segment(text, kind)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for s in doc.steps:
        assert 1 <= s.line <= s.end_line <= lines, (s.line, s.end_line, lines, s.latex)
        assert (s.skip is None) == (s.skip_reason == "")


def test_notebook_steps_locate_their_own_row():
    nb = {"cells": [{"cell_type": "markdown", "source": ["# P\r\n", "<!-- $1=2$ -->\r\n"]},
                    {"cell_type": "code", "source": "x = 1"},
                    {"cell_type": "markdown", "source": "\\begin{eqnarray}\n a &=& b \\\\\n &=& c\n\\end{eqnarray}"}]}
    doc = segment(json.dumps(nb), "ipynb")
    assert [(s.line, s.location, s.latex, s.skip and s.skip.value) for s in doc.steps] == [
        (2, "cell 1 line 2", "1 = 2", "comment"), (5, "cell 3 line 2", "a = b", None),
        (6, "cell 3 line 3", "= c", None)]
    assert [(d.line, d.end_line, d.location, d.rows) for d in doc.displays] == [(4, 7, "cell 3 line 1", 2)]


# --- whole-display items -------------------------------------------------------------
@pytest.mark.parametrize("text,kind,expected", [
    pytest.param("$$\nx = 1 \\\\\ny = 2\n$$\n", "md", [(1, 4, 2)], id="dollars-on-their-own-lines"),
    pytest.param("\\begin{align}\na &= b \\\\\n&= c\n\\end{align}\n", "md", [(1, 4, 2)], id="bare-align"),
    pytest.param("\\[\na = b\n\\]\n", "tex", [(1, 3, 1)], id="tex-brackets-one-row"),
    pytest.param("$$\n\\begin{aligned}\nf &= g \\\\\n&= h\n\\end{aligned}\n$$\n", "md", [(2, 5, 2), (1, 6, 2)],
                 id="aligned-on-its-own-line-inside-dollars-is-a-display-too"),
    pytest.param("$$\n\\tag{1}\n\\begin{eqnarray}\na &=& b \\\\\nc &=& d \\end{eqnarray}\n$$\nx\n", "md",
                 [(3, 5, 2), (1, 6, 2)], id="eqnarray-closed-on-its-last-row"),
    pytest.param("$$\na = b \\begin{aligned} c \\end{aligned}\n$$\n", "md", [(1, 3, 1)],
                 id="environment-inside-a-row-is-not-a-display"),
    pytest.param("\\begin{eqnarray}\n\\left\\{\n\\begin{array}{ll}\nx \\geq 1 \\\\\ny \\leq 2\n\\end{array}\n\\right.\n"
                 "\\end{eqnarray}\n", "md", [(2, 7, 2), (1, 8, 2)], id="system-brace-on-its-own-line-is-a-display-too"),
    pytest.param("$$\n\\left\\{ \\begin{array}{l}\nx \\geq 1 \\\\\ny \\leq 2\n\\end{array} \\right.\n$$\n", "md",
                 [(2, 5, 2), (1, 6, 2)], id="system-brace-with-its-array-on-its-own-line"),
    pytest.param("$$\nf(x) = \\left\\{\n\\begin{array}{ll}\n0 & x < 0 \\\\\n1 & x \\geq 0\n\\end{array}\n\\right.\n$$\n", "md",
                 [(1, 8, 1)], id="brace-after-a-relation-is-not-a-display-of-its-own"),
    pytest.param("$$x = 1$$\n", "md", [], id="one-line-display-none"),
    pytest.param("text $$x = 1$$ text\n", "md", [], id="mid-line-dollars-none"),
    pytest.param("a $x =\n1$ b\n", "md", [], id="inline-over-two-lines-none"),
    pytest.param("$$\n\\text{just words}\n$$\n", "md", [], id="no-step-no-display"),
    pytest.param("```\n$$\nx = 1\n$$\n```\n", "md", [], id="code-is-not-a-display"),
])
def test_a_display_over_several_lines_gets_one_whole_item(text, kind, expected):
    doc = segment(text, kind)
    assert [(d.line, d.end_line, d.rows) for d in doc.displays] == expected
    assert all(s.kind == "step" for s in doc.steps)
    for d in doc.displays:  # its rows lie inside it
        rows = doc.steps[d.after - d.rows:d.after]
        assert rows and all(d.line <= r.line <= r.end_line <= d.end_line for r in rows)
        assert (d.kind, d.relation, d.lhs, d.rhs, d.link) == ("display", "", "", "", False)


# --- issue 13.1: what people write, graded (each a true step, so it must be read and checked) ----------
@pytest.mark.parametrize("text", [
    pytest.param("Then \\\\( 1 + 1 = 2 \\\\) and\n", id="kramdown-escaped-inline"),
    pytest.param("\\\\[\n2 \\cdot 3 = 6\n\\\\]\n", id="kramdown-escaped-display"),
    pytest.param("Then \\( 1 + 1 = 2 \\) ok\n", id="paren-delimiters"),
    pytest.param("\\[ 2 + 2 = 4 \\]\n", id="bracket-delimiters"),
    pytest.param("so $$ 2 + 2 = 4 $$ here\n", id="dollars-mid-line"),
    pytest.param("\\begin{eqnarray}\n2 + 2 &=& 4\n\\end{eqnarray}\n", id="bare-eqnarray"),
    pytest.param("\\begin{aligned}\n2 + 2 &= 4\n\\end{aligned}\n", id="bare-aligned"),
    pytest.param("$\\newcommand{\\two}{2}$\n\n$$\\two + \\two = 4$$\n", id="macro-defined-in-an-inline-span"),
    pytest.param("$$\\def\\sq#1{#1^2}\\sq{3} = 9$$\n", id="def-with-an-argument"),
    pytest.param("$$\\begin{bmatrix} 1 & 2 \\\\\\\\ 3 & 4 \\end{bmatrix} \\cdot 2 = "
                 "\\begin{bmatrix} 2 & 4 \\\\\\\\ 6 & 8 \\end{bmatrix}$$\n", id="markdown-escaped-matrix-keeps-its-amps"),
    pytest.param("$${\\color{red} 2} + 2 = 4$$\n", id="color"),
    pytest.param("$$\\large 2 + 2 = 4$$\n", id="large"),
    pytest.param("$$\\bm{x} + \\bm{x} = 2\\bm{x}$$\n", id="bm"),
    pytest.param("$$\\hat{y} + \\hat{y} = 2\\hat{y}$$\n", id="hat"),
    pytest.param("$$2 + 2 = 4 \\tag{1}$$\n", id="tag"),
    pytest.param("$$\\boxed{2 + 2 = 4}$$\n", id="boxed-answer"),
    pytest.param("$$σ′(z) = σ(z)(1-σ(z))$$\n", id="unicode-sigma-prime"),
    pytest.param("$$ϵ + ϵ = 2ϵ$$\n", id="unicode-epsilon"),
    pytest.param("$$2 · 3 = 6$$\n", id="unicode-dot"),
    pytest.param("$$2 + 2 = 4 \\quad 所以 \\quad 4 = 2 \\cdot 2$$\n", id="cjk-words-between-steps"),
    pytest.param("$$2 + 2 = 4 \\text{，所以}$$\n", id="cjk-text"),
    pytest.param("$$2 + 2 = 4 \\quad \\text{где}$$\n", id="russian-text"),
    pytest.param("$$x_{输出} + x_{输出} = 2 x_{输出}$$\n", id="cjk-subscript"),
    pytest.param("σ′(z)=σ(z)(1−σ(z))\n", id="plain-text-unicode-line"),
])
def test_what_people_write_is_read_and_checked(text):
    from symcheck.grade import grade_text

    steps = grade_text(text).steps
    assert steps and all(s.verdict.verdict == "correct" for s in steps), [(s.latex, s.verdict.reason) for s in steps]


@pytest.mark.parametrize("text,expected", [
    pytest.param("$$\\frac{\\partial C}{\\partial z^1} =: \\delta^1$$\n",
                 [("\\delta^1 = \\frac{\\partial C}{\\partial z^1}", "define")], id="defined-by-reversed"),
    pytest.param("$$a := b$$\n", [("a = b", "define")], id="defined-as"),
    pytest.param("$$\n\\text{for all } l: \\\\\n\\begin{aligned}\nW &:= V \\\\\nb &:= c\n\\end{aligned}\n$$\n",
                 [("l:", "for all"), ("W = V", "define"), ("b = c", "define")],
                 id="an-aligned-block-after-a-row-gives-its-rows"),
])
def test_definitions_as_written(text, expected):
    assert [(s.latex, s.context) for s in segment(text).steps] == expected


@pytest.mark.parametrize("text,verdict", [
    pytest.param("$$\\frac{\\partial C}{\\partial b^{[l]}_j} = \\delta^{[l]}_j$$\n", "correct", id="bp3-bracketed-layers"),
    pytest.param("$$z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}$$\n", "correct", id="feedforward-bracketed-layers"),
    pytest.param("$$\\delta^{[L]} = (a^{[L]} - y) \\odot \\sigma'(z^{[L]})$$\n", "correct", id="bp1-bracketed-layers"),
    # a bracketed label on a layered name is a label by convention: wrong as labels, and not right as a power
    pytest.param("$$\\delta^{[l]} = ((W^{[l+1]})^T \\delta^{[l+1]}) \\odot \\sigma'(z^{[l+1]})$$\n", "incorrect",
                 id="wrong-layer-is-never-correct"),
])
def test_layers_written_in_brackets_as_deeplearning_ai_does(text, verdict):
    from symcheck.grade import grade_text

    (step,) = grade_text(text).steps
    assert step.verdict.verdict == verdict, step.verdict.reason


# --- where a chain's steps sit: the row of their relation (a grader's tick goes on that row) -----
@pytest.mark.parametrize("text, kind, expected", [
    pytest.param("Text.\n\n$$\n\\begin{aligned}\nf(x)\n  &= (x+1)^2 \\\\\n  &= x^2 + 2x + 1\n\\end{aligned}\n$$\n",
                 "md", [(6, 5, 6), (7, 7, 7)], id="aligned-left-side-alone"),
    pytest.param("Text.\n\n\\begin{eqnarray}\nf(x)\n  &=& (x+1)^2 \\\\\n  &=& x^2 + 2x + 1\n\\end{eqnarray}\n",
                 "md", [(5, 4, 5), (6, 6, 6)], id="eqnarray-left-side-alone"),
    pytest.param("Text.\n\n\\begin{eqnarray}\nf(x) &=& (x+1)^2 \\\\\n  &=& x^2 + 2x + 1\n\\end{eqnarray}\n",
                 "md", [(4, 4, 4), (5, 5, 5)], id="eqnarray-left-side-on-the-row"),
    pytest.param("Text.\n\n$$\nf(x)\n  = (x+1)^2\n  = x^2 + 2x + 1\n$$\n",
                 "md", [(5, 4, 6), (6, 6, 6)], id="plain-display-left-side-alone"),
    pytest.param("Text.\n\n$$\nf(x) = (x+1)^2\n  = x^2 + 2x + 1\n$$\n",
                 "md", [(4, 4, 5), (5, 5, 5)], id="plain-display-left-side-on-the-row"),
    pytest.param("Text.\n\n$$ f(x) = (x+1)^2 = x^2 + 2x + 1 $$\n", "md", [(3, 3, 3), (3, 3, 3)], id="single-line"),
    pytest.param("Text.\n\n$$\n\\frac{\\partial C}{\n  \\partial b}\n  = (x+1)^2\n  = x^2 + 2x + 1\n$$\n",
                 "md", [(6, 4, 7), (7, 7, 7)], id="left-side-over-two-lines"),
    pytest.param("\\documentclass{article}\n\\begin{document}\nText.\n\\begin{align*}\nf(x)\n  &= (x+1)^2 \\\\\n"
                 "  &= x^2 + 2x + 1\n\\end{align*}\n\\end{document}\n", "tex", [(6, 5, 6), (7, 7, 7)], id="tex-align"),
])
def test_a_step_sits_on_the_row_of_its_relation(text, kind, expected):
    """(line, lhs_line, end_line) of each step: ``line`` is the row of the relation when the left side
    stands alone on earlier lines, ``lhs_line`` where the left side starts, ``end_line`` unchanged."""
    assert [(s.line, s.lhs_line, s.end_line) for s in segment(text, kind).steps if s.kind == "step"] == expected
