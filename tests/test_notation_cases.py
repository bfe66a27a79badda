"""Definitions by cases, maxima over an index (symcheck/notation/cases.py) and index
conditions (symcheck/notation/conditions.py): readings, refusals and the case-by-case rule."""

import pytest
import sympy as sp

from symcheck.errors import ParseError
from symcheck.notation import Context, check_reading, read
from symcheck.notation.cases import ArgExtremum, Extremum, branches
from symcheck.notation.conditions import admits, index_condition, satisfiable, split_conditions, where_it_fails


def _piecewise(latex):
    (pw,) = [p for p in read(latex).parts[-1:]]
    assert isinstance(pw, sp.Piecewise), pw
    return pw


@pytest.mark.parametrize("latex, conditions", [
    pytest.param(r"y = \begin{cases} x & x > 0 \\ 0 & x \le 0 \end{cases}", ["x > 0", "True"], id="scalar"),
    pytest.param(r"y = \begin{cases} x, & \text{if } x > 0 \\ 0, & \text{otherwise} \end{cases}", ["x > 0", "True"],
                 id="if-otherwise-commas"),
    pytest.param(r"y = \begin{cases} 1 & 0 < x < 1 \\ 0 & \text{else} \end{cases}", ["(x > 0) & (x < 1)", "True"],
                 id="chain"),
    pytest.param(r"y = \begin{cases} x_k & k = j \\ 0 & k \neq j \end{cases}", ["Eq(j, k)", "True"], id="indices"),
])
def test_cases_read_as_a_piecewise_function(latex, conditions):
    pw = _piecewise(latex)
    assert [sp.sstr(c) for _, c in pw.args] == conditions


def test_index_conditions_are_read_on_the_indices():
    pw = _piecewise(r"y = \begin{cases} x_k & k = j \\ 0 & k \neq j \end{cases}")
    cond = pw.args[0][1]
    assert all(s.is_integer for s in cond.free_symbols)


@pytest.mark.parametrize("latex", [
    pytest.param(r"\begin{cases} x \\ 0 & x \le 0 \end{cases}", id="no-condition"),
    pytest.param(r"\begin{cases} x & \text{otherwise} \\ 0 & x \le 0 \end{cases}", id="otherwise-first"),
    pytest.param(r"\begin{cases} x & \text{when it rains} \\ 0 & x \le 0 \end{cases}", id="words"),
    pytest.param(r"\begin{cases} x & x \in S \\ 0 & \text{otherwise} \end{cases}", id="set-membership"),
    pytest.param(r"\begin{cases} a^L & x > 0 \\ 0 & \text{otherwise} \end{cases}", id="vector-values"),
])
def test_cases_that_cannot_be_read_are_refused(latex):
    with pytest.raises(ParseError):
        read(latex)


def test_branches_are_made_exclusive():
    pw = _piecewise(r"y = \begin{cases} 1 & x > 0 \\ 0 & x = 0 \\ -1 & x < 0 \end{cases}")
    (_, c1), (_, c2), (_, c3) = branches(pw)
    assert c1 == (sp.Symbol("x", real=True) > 0)
    assert not sp.satisfiable(sp.And(c1, c2)) and not sp.satisfiable(sp.And(c2, c3))


@pytest.mark.parametrize("latex, node", [
    pytest.param(r"\max_j x_j", Extremum, id="max"),
    pytest.param(r"\min_k x_k", Extremum, id="min"),
    pytest.param(r"\operatorname{argmax}_j x_j", ArgExtremum, id="operatorname-argmax"),
    pytest.param(r"\arg\max_j x_j", ArgExtremum, id="arg-max"),
    pytest.param(r"\arg\min_j x_j", ArgExtremum, id="arg-min"),
])
def test_extrema_over_an_index_bind_it(latex, node):
    (e,) = read(latex).parts
    assert isinstance(e, node) and e.args[1] not in e.free_symbols  # its index is bound, as in a sum


def test_max_of_two_arguments_is_still_sympys_max():
    (e,) = read(r"\max(0, z)").parts
    assert isinstance(e, sp.Max)


@pytest.mark.parametrize("latex", [r"\arg x", r"\max_{j+1} x_j", r"\max_j a^L"])
def test_malformed_extrema_are_refused(latex):
    with pytest.raises(ParseError):
        read(latex)


def test_a_scalar_branch_is_checked_at_its_closed_end():
    v = check_reading(read(r"\begin{cases} 0 & z \le 0 \\ 1 & z > 0 \end{cases} = \frac{1 + \operatorname{sgn}(z)}{2}"),
                      Context())
    assert v.verdict == "incorrect" and v.counterexample["at"] == {"z": "0"}


def test_a_rarely_reached_branch_is_not_called_correct():
    v = check_reading(read(r"\begin{cases} 5 & w x > 3.9 \\ 0 & \text{otherwise} \end{cases} = 0"), Context())
    assert v.verdict == "unchecked"


# --- index conditions
def _k_j():
    return sp.Symbol("k", integer=True, positive=True), sp.Symbol("j", integer=True, positive=True)


@pytest.mark.parametrize("lhs, rel, rhs, expected", [
    pytest.param("k", "!=", "j", sp.Ne, id="k-neq-j"),
    pytest.param("k", "=", "j", sp.Eq, id="k-eq-j"),
    pytest.param("k", "<", "j", None, id="order-is-not-a-condition-here"),
    pytest.param("x", "!=", "j", None, id="not-an-index-letter"),
    pytest.param("k", "!=", "k", None, id="same-letter"),
])
def test_index_condition(lhs, rel, rhs, expected):
    got = index_condition(sp.Symbol(lhs, real=True), rel, sp.Symbol(rhs, real=True))
    assert (type(got) if got is not None else None) == expected


def test_a_stated_condition_is_split_from_its_equation():
    r = read(r"\frac{\partial a^l_k}{\partial z^l_j} = 0, \quad k \neq j")
    rest, conditions = split_conditions(r)
    assert rest.relations == ("=",) and len(rest.parts) == 2
    k, j = _k_j()
    assert conditions == (sp.Ne(k, j),)


def test_a_lone_condition_is_not_split():
    r = read(r"k \neq j")
    assert split_conditions(r) == (r, ())


def test_admits_only_what_satisfies_the_conditions():
    k, j = _k_j()
    assert admits([sp.Ne(k, j)], {k: 1, j: 2}) and not admits([sp.Ne(k, j)], {k: 2, j: 2})
    assert admits([sp.Ne(k, j)], {k: 2})  # a condition on an index the step does not use says nothing
    assert not satisfiable([sp.Ne(k, j), sp.Eq(k, j)]) and satisfiable([sp.Ne(k, j)])


def test_where_it_fails():
    k, j = _k_j()
    combos = [{j: a, k: b} for a in (1, 2) for b in (1, 2)]
    assert "fails at" in where_it_fails([{j: 1, k: 1}, {j: 2, k: 2}], combos)
    assert "fails where" in where_it_fails([{j: 1, k: 2}], combos)
    assert where_it_fails([{j: 1, k: 1}, {j: 1, k: 2}], combos) == ""


def test_a_stated_condition_restricts_the_check_and_an_unstated_one_does_not():
    ctx = Context()
    assert check_reading(read(r"\frac{\partial a^l_k}{\partial z^l_j} = 0, \quad k \neq j"), ctx).verdict == "correct"
    assert check_reading(read(r"\frac{\partial a^l_k}{\partial z^l_j} = 0"), ctx).verdict == "incorrect"
    contradiction = read(r"\frac{\partial a^l_k}{\partial z^l_j} = 0, \quad k \neq j, \quad k = j")
    assert check_reading(contradiction, ctx).verdict == "unchecked"
