"""The bounded macro expander: definitions read, uses expanded, bounds and refusals."""

import pytest

from symcheck.grade.macros import MAX_DEPTH, MacroError, MacroTable


def _expand(defs: str, use: str) -> str:
    t = MacroTable()
    rest = t.define(defs)
    assert not rest.strip(), rest  # every definition was read and removed
    return t.expand(use)


@pytest.mark.parametrize("defs,use,expected", [
    pytest.param("\\newcommand{\\R}{\\mathbb{R}}", "x \\in \\R", "x \\in \\mathbb{R}", id="newcommand"),
    pytest.param("\\newcommand\\R{\\mathbb{R}}", "\\R", "\\mathbb{R}", id="newcommand-unbraced-name"),
    pytest.param("\\renewcommand{\\vec}[1]{\\mathbf{#1}}", "\\vec{a} = \\vec b", "\\mathbf{a} = \\mathbf{b}",
                 id="renewcommand-args"),
    pytest.param("\\newcommand*{\\pd}[2]{\\frac{\\partial #1}{\\partial #2}}", "\\pd{C}{w^l_{jk}}",
                 "\\frac{\\partial C}{\\partial w^l_{jk}}", id="two-args"),
    pytest.param("\\newcommand{\\e}[1][i]{e_{#1}}", "\\e + \\e[j]", "e_{i} + e_{j}", id="optional-arg"),
    pytest.param("\\def\\x{2}", "\\x = 2", "2 = 2", id="def"),
    pytest.param("\\gdef\\par#1#2{\\frac{\\partial #1}{\\partial #2}}", "\\par{C}{a}",
                 "\\frac{\\partial C}{\\partial a}", id="gdef-args-named-par"),
    pytest.param("\\def\\a{\\b + 1}\\def\\b{x}", "\\a", "x + 1", id="nested"),
    pytest.param("\\DeclareMathOperator{\\diag}{diag}", "\\diag(v)", "\\operatorname{diag}(v)", id="operator"),
    pytest.param("\\def\\s{\\sigma}", "\\s b", "\\sigma b", id="control-word-then-letter"),
    pytest.param("\\def\\p{\\partial}", "\\partial \\p", "\\partial \\partial", id="prefix-name-untouched"),
])
def test_expansion(defs, use, expected):
    assert " ".join(_expand(defs, use).split()) == expected


@pytest.mark.parametrize("defs,use,code", [
    pytest.param("\\def\\a{\\a}", "\\a", "recursive", id="self"),
    pytest.param("\\def\\a{\\b}\\def\\b{\\a}", "\\a", "recursive", id="mutual"),
    pytest.param("\\def\\a{\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b}\\def\\b{\\c\\c\\c\\c\\c\\c\\c\\c\\c\\c}"
                 "\\def\\c{\\d\\d\\d\\d\\d\\d\\d\\d\\d\\d}\\def\\d{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}", "\\a",
                 "too-large", id="exponential-growth"),
    pytest.param("\\def\\a#1.{#1}", "\\a x.", "delimited", id="delimited-parameters"),
    pytest.param("\\newcommand{\\f}[2]{#1#2}", "\\f{x}", "arguments", id="missing-argument"),
])
def test_refusals_have_a_cause(defs, use, code):
    with pytest.raises(MacroError) as exc:
        _expand(defs, use)
    assert exc.value.code == code


def test_depth_bound():
    t = MacroTable()
    def name(i):
        return "\\m" + chr(97 + i // 26) + chr(97 + i % 26)

    chain = "".join(f"\\def{name(i)}{{{name(i + 1)}}}" for i in range(MAX_DEPTH + 5))
    t.define(chain)
    with pytest.raises(MacroError) as exc:
        t.expand("\\maa")
    assert exc.value.code == "too-large"


def test_definition_keeps_line_count():
    t = MacroTable()
    text = "\\newcommand{\\R}\n{\\mathbb{R}}\nx \\in \\R"
    assert t.expand(t.define(text)).count("\n") == text.count("\n")


def test_nothing_is_executed_or_recategorised():
    t = MacroTable()
    rest = t.define("\\catcode`\\^=11 \\input{/etc/passwd} \\write18{ls}")
    assert t.expand(rest) == rest  # primitives are text; only the file's own macros expand
