"""symcheck.writeup.escape and .safemath: untrusted text and math made inert."""

from __future__ import annotations

import re

import pytest

from symcheck.writeup.escape import escape_latex, prose, safe_math, strip_math_delimiters, verbatim_text


def nb(tex: str) -> str:
    """Without the optional line breaks the writer inserts."""
    return tex.replace("\\allowbreak{}", "")


# --- escaping ----------------------------------------------------------------------

SPECIALS = "\\{}$&#%_^~<>|\"'`-"


@pytest.mark.parametrize("text", [
    pytest.param(r"\input{/etc/passwd}", id="input"),
    pytest.param(r"\write18{touch /tmp/pwned}", id="write18"),
    pytest.param(r"\def\x{1}\catcode`\^=11", id="def-catcode"),
    pytest.param("^^5cinput^^7b/etc/passwd^^7d", id="hat-hat"),
    pytest.param("50% of $x$ & #1 ~ a_b", id="specials"),
    pytest.param("line\n\nnew paragraph\t\x00\x1b\x7f", id="control-chars"),
    pytest.param("σ′(z) ⊙ δ — ✓ 😀", id="unicode"),
])
def test_escape_latex_leaves_only_known_commands(text):
    out = escape_latex(text)
    assert out.isascii() and "\n" not in out and "^^" not in out
    commands = set(re.findall(r"\\([A-Za-z]+)", out))
    assert commands <= {"textbackslash", "textasciicircum", "textasciitilde", "textless", "textgreater",
                        "textbar", "textquotedbl", "textasciigrave", "ensuremath", "sigma", "odot", "delta",
                        "checkmark", "times"}
    # every special character is escaped: removing the escapes leaves none
    bare = re.sub(r"\\(textbackslash|textasciicircum|textasciitilde|textless|textgreater|textbar|textquotedbl"
                  r"|textasciigrave)\{\}|\\[{}$&#%_]|\\ensuremath\{\\?[A-Za-z']+\}|-\{\}|'\{\}", "", out)
    bare = bare.replace("---", "")  # an em dash
    assert not set(bare) & set(SPECIALS)


@pytest.mark.parametrize("text, tex", [
    pytest.param("depends on z^L_j only", "depends on $z^L_j$ only", id="math-word"),
    pytest.param("σ'(z^{L-1}), then", r"$\sigma '(z^{L-1})$, then", id="unicode-and-punctuation"),
    pytest.param("a_b_c stays text", r"a\_b\_c stays text", id="double-subscript-is-text"),
    pytest.param(r"\input{x}_1 is text", r"\textbackslash{}input\{x\}\_1 is text", id="hostile-is-text"),
    pytest.param("50% off", r"50\% off", id="no-math"),
    pytest.param(r"0.2 \times 0.5 + 0.1 is 0.2", r"$0.2 \times 0.5 + 0.1$ is 0.2", id="math-run"),
    pytest.param(r"not \frac{1}{2} \left(1 - x\right).", r"not $\frac{1}{2} \left(1 - x\right)$.", id="run-and-period"),
])
def test_prose_typesets_only_safe_math_words(text, tex):
    assert nb(prose(text)) == tex


def test_verbatim_text_is_monospace_and_breakable():
    out = verbatim_text(r"\input{/etc/passwd}" + "a" * 40)
    assert out.startswith("\\texttt{") and out.count("\\allowbreak{}") >= 6
    assert "\\input" not in out


@pytest.mark.parametrize("latex, expected", [
    pytest.param(r"\sigma'(z) = \sigma(z)(1-\sigma(z))", r"\sigma'(z) = \sigma(z)(1-\sigma(z))", id="sigma-prime"),
    pytest.param(r"\delta^L = \nabla_a C \odot \sigma'(z^L)", r"\delta^L = \nabla_a C \odot \sigma'(z^L)", id="bp1"),
    pytest.param(r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k\delta^l_j",
                 r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k\delta^l_j", id="bp4"),
    pytest.param("σ′(z) ⊙ δ", r"\sigma '(z) \odot  \delta ", id="unicode"),
    pytest.param("a\n+\tb", "a + b", id="whitespace"),
    pytest.param(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
                 id="matrix"),
    pytest.param(r"\left( \frac{a}{b} \right)^2 f'^2 \sqrt[3]{x}", r"\left( \frac{a}{b} \right)^2 f'^2 \sqrt[3]{x}",
                 id="delimiters-primes-roots"),
    pytest.param(r"\operatorname{diag}(\sigma'(z)) \text{ for all } j", r"\operatorname{diag}(\sigma'(z)) \text{ for all } j",
                 id="text"),
])
def test_safe_math_accepts_notation(latex, expected):
    assert safe_math(latex) == expected


@pytest.mark.parametrize("latex", [
    pytest.param(r"\input{/etc/passwd}", id="input"),
    pytest.param(r"\include{x}", id="include"),
    pytest.param(r"\write18{touch /tmp/pwned}", id="write18"),
    pytest.param(r"\immediate\openout1=x", id="openout"),
    pytest.param(r"\def\x{y} \x", id="def"),
    pytest.param(r"\edef\x{y}", id="edef"),
    pytest.param(r"\gdef\x{y}", id="gdef"),
    pytest.param(r"\let\a=\b", id="let"),
    pytest.param(r"\newcommand{\x}{y}", id="newcommand"),
    pytest.param(r"\renewcommand{\sigma}{y}", id="renewcommand"),
    pytest.param(r"\catcode`\^=11", id="catcode"),
    pytest.param(r"\csname input\endcsname", id="csname"),
    pytest.param(r"\special{ps: x}", id="special"),
    pytest.param(r"x^^5cinput", id="hat-hat"),
    pytest.param(r"\text{\input{x}}", id="command-in-text"),
    pytest.param(r"\mymacro{x}", id="unknown-macro"),
    pytest.param(r"{a + b", id="unbalanced-open"),
    pytest.param(r"a + b}", id="unbalanced-close"),
    pytest.param(r"\left( a", id="left-without-right"),
    pytest.param(r"a \right)", id="right-without-left"),
    pytest.param(r"a^b^c", id="double-superscript"),
    pytest.param(r"a_b_c", id="double-subscript"),
    pytest.param(r"f^2'", id="prime-after-superscript"),
    pytest.param(r"x'_1'", id="prime-after-subscript-and-prime"),
    pytest.param(r"\frac{a}", id="missing-argument"),
    pytest.param(r"x^", id="missing-script"),
    pytest.param(r"a & b", id="ampersand"),
    pytest.param(r"a \\ b", id="newline"),
    pytest.param(r"x % comment", id="comment"),
    pytest.param(r"$x$", id="dollar"),
    pytest.param(r"#1", id="hash"),
    pytest.param(r"\begin{array}{c} x \end{array}", id="unknown-environment"),
    pytest.param(r"\begin{pmatrix} a \end{bmatrix}", id="mismatched-environment"),
    pytest.param(r"\begin{cases} 1 & 2 & 3 \end{cases}", id="too-many-columns"),
    pytest.param(r"\sqrt[\left[x\right]]{y}", id="complex-root-index"),
    pytest.param("x\x00", id="nul"),
    pytest.param("😀", id="unknown-unicode"),
    pytest.param("x" * 3000, id="too-long"),
    pytest.param("{" * 40 + "}" * 40, id="too-deep"),
    pytest.param("", id="empty"),
])
def test_safe_math_rejects_dangerous_or_malformed(latex):
    assert safe_math(latex) is None


@pytest.mark.parametrize("latex, inner", [
    pytest.param("$x$", "x", id="dollar"),
    pytest.param("$$ x $$", "x", id="display"),
    pytest.param(r"\(x\)", "x", id="paren"),
    pytest.param(r"\[x\]", "x", id="bracket"),
    pytest.param("x", "x", id="none"),
])
def test_strip_math_delimiters(latex, inner):
    assert strip_math_delimiters(latex) == inner
