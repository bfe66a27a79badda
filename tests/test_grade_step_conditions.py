"""The index conditions a graded step's introducing prose states (symcheck/grade/step_conditions.py)."""

import pytest
import sympy as sp

from symcheck.grade.step_conditions import as_relations, from_prose, is_condition, label_relation, true_class, unmodelled
from symcheck.notation import read

DERIVATIVE = r"\frac{\partial a^L_k}{\partial z^L_j} = -a^L_k a^L_j"


@pytest.mark.parametrize("intro, expected", [
    pytest.param("for j ≠ k", {("!=", "j", "k")}, id="unicode"),
    pytest.param("When $k \\neq j$, we get", {("!=", "k", "j")}, id="inline-neq"),
    pytest.param("if $k \\ne j$", {("!=", "k", "j")}, id="inline-ne"),
    pytest.param("when k is not j", {("!=", "k", "j")}, id="words"),
    pytest.param("and if $k = j$:", {("=", "k", "j")}, id="equal"),
    pytest.param("For $j = k$:", {("=", "j", "k")}, id="equal-as-a-sentence-begins"),
    pytest.param("For $J = K$:", set(), id="capitals-are-no-indices"),
    pytest.param("For the off-diagonal entries", {("off", "", "")}, id="off-diagonal"),
    pytest.param("The entries are", set(), id="none"),
    pytest.param("For j ≠ k. Now the diagonal", set(), id="only-the-last-sentence"),
    pytest.param("Let $j = 3$ be the neuron.", set(), id="a-value-without-a-connective"),
])
def test_modelled_conditions(intro, expected):
    assert {c for c in from_prose(intro) if c[0] != "?"} == expected


@pytest.mark.parametrize("intro, letters", [
    pytest.param("If $j = \\tilde{y}$:", {"j"}, id="the-true-class"),
    pytest.param("for $k$ such that $z_k^L$ is another maximal input", {"k"}, id="in-words"),
    pytest.param("When $k \\neq j$,", set(), id="modelled"),
    pytest.param("all the other terms $(k \\neq j)$ become $0$", set(), id="a-bracketed-pair-is-modelled"),
    pytest.param("the terms $\\left(k \\neq j\\right)$ vanish", set(), id="left-right-brackets"),
    pytest.param("the terms vanish when $(k \\neq j + 1)$", {"k", "j"}, id="not-a-pair-alone"),
])
def test_conditions_the_check_does_not_model(intro, letters):
    assert {a for rel, a, _ in from_prose(intro) if rel == "?"} == letters


def test_conditions_become_relations_on_the_step_s_free_indices():
    k, j = (sp.Symbol(n, integer=True, positive=True) for n in "kj")
    reading = read(DERIVATIVE)
    assert as_relations((("!=", "k", "j"),), reading) == (sp.Ne(k, j),)
    assert as_relations((("off", "", ""),), reading) == (sp.Ne(j, k),)
    assert as_relations((("!=", "p", "q"),), reading) == ()  # letters the step does not use
    assert unmodelled((("?", "j", "j = \\tilde{y}"),), reading) == ("j",)
    assert unmodelled((("?", "m", ""),), reading) == ()


def test_is_condition():
    from symcheck.grade.segment import segment

    steps = segment("$$\\frac{\\partial a^l_k}{\\partial z^l_j} = 0, \\quad k \\neq j$$\n", "md").steps
    assert [is_condition(s) for s in steps] == [False, True]


def _never_correct(reading):
    from symcheck.verdict import Cause, Verdict

    return Verdict.unchecked(Cause.UNSUPPORTED, "not checked")


def _correct(reading):
    from symcheck.verdict import CheckKind, Verdict

    return Verdict.correct(CheckKind.NETWORKS, "holds")


def _checked(reading):
    from symcheck.notation import Context, check_reading

    return check_reading(reading, Context())


@pytest.mark.parametrize("found,check,kept", [
    pytest.param((("?", "j", "j"),), _never_correct, (("?", "j", "j"),), id="a-letter-kept"),
    pytest.param((("?", "j", r"C = \sum_j (a^L_j - y_j)^2"),), _never_correct, (), id="bound-by-its-own-sum"),
    pytest.param((("?", "j", r"\frac{\partial C}{\partial b^l_j} = \delta^l_j"),), _correct, (), id="an-identity"),
    pytest.param((("?", "j", r"\frac{\partial C}{\partial b^l_j} = \delta^l_j"),), _never_correct,
                 (("?", "j", r"\frac{\partial C}{\partial b^l_j} = \delta^l_j"),), id="not-verified-kept"),
    pytest.param((("?", "j", r"j = \tilde{y}"),), _checked, (("?", "j", r"j = \tilde{y}"),), id="true-class-kept"),
    pytest.param((("?", "j", r"j \neq \tilde{y}"),), _correct, (("?", "j", r"j \neq \tilde{y}"),),
                 id="inequality-kept"),
    pytest.param((("!=", "j", "k"),), _correct, (("!=", "j", "k"),), id="modelled-kept"),
])
def test_restricting(found, check, kept):
    from symcheck.grade.step_conditions import restricting

    assert restricting(found, check) == kept


@pytest.mark.parametrize("intro,found", [
    pytest.param("for all neurons $j$ in the $L$th layer,", (), id="quantifier"),
    pytest.param("For each $j$ we have", (), id="for-each"),
    pytest.param("The rate of change of the cost with respect to $b_j$ in the layer $l$:", (), id="respect-to"),
    pytest.param("If $j$ is the correct class,", (("?", "j", "j"),), id="a-condition-in-words"),
    pytest.param("If $z_k$ is the largest,", (("?", "k", "z_k"),), id="a-value-condition-in-words"),
])
def test_mentions_that_are_not_conditions(intro, found):
    assert from_prose(intro) == found


def test_true_class_alone_restricts_nothing_in_a_step_without_target_or_cost():
    from symcheck.grade.step_conditions import restricting

    found = (("?", "j", r"j \neq \tilde{y}"),)
    assert restricting(found, _checked, read(r"\frac{e^{z^L_j}}{\sum_k e^{z^L_k}} = a^L_j")) == ()
    assert restricting(found, _checked, read(r"\frac{\partial C}{\partial b^L_j} = a^L_j")) == found


@pytest.mark.parametrize("chunk, expected", [
    pytest.param("j = \\tilde{y}", ("=", "j", "y_tilde"), id="equal"),
    pytest.param("k \\neq \\tilde y", ("!=", "k", "y_tilde"), id="differs-unbraced"),
    pytest.param("\\tilde{y} \\ne i", ("!=", "i", "y_tilde"), id="label-first"),
    pytest.param("j ≠ ỹ", ("!=", "j", "y_tilde"), id="unicode"),
    pytest.param("j = \\bar{y},", ("=", "j", "y_bar"), id="bar-and-comma"),
    pytest.param("j = \\hat{y}", None, id="a-prediction-is-not-the-label"),
    pytest.param("z_j = \\tilde{y}", None, id="not-an-index"),
    pytest.param("j = k", None, id="two-letters"),
])
def test_label_relation(chunk, expected):
    assert label_relation(chunk) == expected


def test_a_relation_to_the_true_class_is_modelled_only_with_the_label():
    j, label = sp.Symbol("j", integer=True, positive=True), sp.Symbol("y_tilde", integer=True, positive=True)
    reading = read("\\frac{\\partial C}{\\partial b^L_j} = a^L_j - 1")
    found = (("?", "j", "j = \\tilde{y}"),)
    assert true_class(found, reading) == "y_tilde"
    assert as_relations(found, reading, "y_tilde") == (sp.Eq(j, label),)
    assert as_relations(found, reading) == ()  # no one-hot y established: nothing modelled
    assert unmodelled(found, reading, "y_tilde") == ()
    assert unmodelled(found, reading) == ("j",)


@pytest.mark.parametrize("intro, found", [
    pytest.param("For a cleaner derivative, we rewrite $a_j^L$:", (), id="a-quantity-named"),
    pytest.param("When $z_j^L$ is positive,", (("?", "j", "z_j^L"),), id="words-state-it"),
    pytest.param("For $z_k > 0$ we get", (("?", "k", "z_k > 0"),), id="a-relation"),
])
def test_a_bare_quantity_is_not_a_condition(intro, found):
    assert from_prose(intro) == found


_DROPPED = ("The weight $w^l_{jk}$ connects neuron $k$ in layer $l-1$ to neuron $j$ in layer $l$. Since only $z^l_j$ "
            "depends on $w^l_{jk}$, all the other terms $(i \\neq j)$ become $0$ when we differentiate:\n\n"
            "$$\\frac{\\partial C}{\\partial w^l_{jk}} = @$$\n")


@pytest.mark.parametrize("rhs, verdict", [
    pytest.param("\\frac{\\partial C}{\\partial z^l_j} \\frac{\\partial z^l_j}{\\partial w^l_{jk}}", "correct",
                 id="the-chain-rule"),
    pytest.param("-\\frac{\\partial C}{\\partial z^l_j} \\frac{\\partial z^l_j}{\\partial w^l_{jk}}", "incorrect",
                 id="a-sign-flipped-is-not-shielded-by-a-condition-on-the-dropped-terms"),
])
def test_a_bracketed_condition_on_the_dropped_terms_restricts_nothing(rhs, verdict):
    from symcheck.grade import grade_text

    v = grade_text(_DROPPED.replace("@", rhs)).steps[-1].verdict
    assert v.verdict == verdict, v.reason
