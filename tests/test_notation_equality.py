"""The one equality policy (symcheck/notation/equality.py), through `symcheck check`'s
path (read -> check_reading): exact where the input is exact, printed decimals as
intervals, float ties re-decided, malformed numbers refused (issue 14, point 1)."""

import pytest
import sympy as sp

from symcheck.errors import ParseError
from symcheck.verdict import Verdict

from symcheck.notation import Context, check_reading, read
from symcheck.notation.identity import identity
from symcheck.notation.equality import (compare_numbers, literal, malformed_number, numbers_in,
                                        side_spans)


def _check(latex):
    try:
        return check_reading(read(latex), Context())
    except ParseError as exc:  # refused by the reader (a malformed number): unchecked, unparsed
        return Verdict.unchecked("unparsed", exc.reason)


PROBES = [  # issue 14's table (the bmatrix probe belongs to segmentation), and their correct neighbours
    pytest.param(r"\frac{1}{2} = 0.64", "incorrect", id="fraction-vs-2-places"),
    pytest.param(r"\frac{3}{2} = 1.56", "incorrect", id="fraction-vs-2-places-b"),
    pytest.param("0.5 = 0.64", "incorrect", id="disjoint-intervals"),
    pytest.param(r"\frac{1}{3} = 0.4", "incorrect", id="third-is-not-0.4"),
    pytest.param(r"\frac{1}{3} = 0.33", "correct", id="third-rounds-to-0.33"),
    pytest.param(r"\frac{1}{3} = 0.34", "incorrect", id="third-is-not-0.34"),
    pytest.param("12345678 = 12345679", "incorrect", id="integers-exact"),
    pytest.param("10^{20} = 10^{20} + 1", "incorrect", id="huge-integers-exact"),
    pytest.param("2^{64} = 18446744073709551617", "incorrect", id="power-of-two-exact"),
    pytest.param("2^{64} = 18446744073709551616", "correct", id="power-of-two-right"),
    pytest.param("x + 10^{9} = x + 10^{9} + 1", "incorrect", id="cancellation"),
    pytest.param("x + 10^{-30} = x", "incorrect", id="tiny-difference"),
    pytest.param("1.1.1 = 0.11", "unchecked", id="malformed-number"),
    pytest.param("1 = 2", "incorrect", id="bare-integers"),
    pytest.param("0.1 = 0.2", "incorrect", id="neighbouring-roundings"),
    pytest.param("0.5 = 0.54", "correct", id="overlapping-roundings"),
    pytest.param(r"\sigma(0.3775) = 0.5933", "correct", id="sigmoid-rounded"),
    pytest.param(r"\sigma'(z) = \sigma(z)(1-\sigma(z))", "correct", id="sigma-prime"),
    pytest.param("(x+1)^2 = x^2 + 2x + 1", "correct", id="identity"),
    pytest.param("3 < 2", "incorrect", id="inequality-exact"),
    pytest.param("0.5 < 0.5", "incorrect", id="inequality-as-written"),
    # printed decimals as entries of a vector: a difference the printed digits explain is not accused
    pytest.param(r"\begin{pmatrix}\frac{1}{3}\\ \frac{1}{5} \end{pmatrix} = \begin{pmatrix}0.33\\0.2 \end{pmatrix}",
                 "unchecked", id="vector-of-printed-decimals"),
    pytest.param(r"\begin{pmatrix}\frac{1}{3}\\ \frac{1}{5} \end{pmatrix} = \begin{pmatrix}0.4\\0.2 \end{pmatrix}",
                 "incorrect", id="vector-beyond-its-printed-digits"),
    pytest.param(r"\begin{pmatrix}1\\ 2 \end{pmatrix} = \begin{pmatrix}1\\3 \end{pmatrix}", "incorrect",
                 id="vector-of-integers"),
    # a bare \log is ln or log10: the latex2sympy fallback (which reads log10) does not force one
    pytest.param(r"\int \frac{dz}{z} = \log{\left(z \right)}", "unchecked", id="integral-bare-log"),
    pytest.param(r"\int \frac{dz}{z} = \ln{\left(z \right)}", "correct", id="integral-ln"),
]


@pytest.mark.parametrize("latex,verdict", PROBES)
def test_probe(latex, verdict):
    v = _check(latex)
    assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert v.counterexample or v.is_exact


@pytest.mark.parametrize("a,b,rel,slack,holds", [
    pytest.param(sp.Rational(1, 3), sp.Rational(33, 100), "=", sp.Rational(1, 200), True, id="within-half-unit"),
    pytest.param(sp.Rational(1, 3), sp.Rational(34, 100), "=", sp.Rational(1, 200), False, id="beyond-half-unit"),
    pytest.param(sp.Integer(10) ** 20, sp.Integer(10) ** 20 + 1, "=", 0, False, id="exact-integers"),
    pytest.param(sp.sqrt(2) ** 2, sp.Integer(2), "=", 0, True, id="irrational-equal"),
    pytest.param(sp.log(2) / 100, sp.Rational(1, 100) * sp.log(2), "=", 0, True, id="same-irrational"),
    pytest.param(sp.Integer(3), sp.Integer(2), "<", 0, False, id="less-exact"),
    pytest.param(sp.pi, sp.Rational(314159, 100000), ">", 0, True, id="pi-greater"),
])
def test_compare_numbers(a, b, rel, slack, holds):
    assert compare_numbers(a, b, rel, slack).holds is holds


def test_two_printed_sides_meet_only_inside_both_roundings():
    # 0.1 stands for [0.05, 0.15), 0.2 for [0.15, 0.25): no number rounds to both
    half = sp.Rational(1, 20)
    assert compare_numbers(sp.Rational(1, 10), sp.Rational(2, 10), "=", 2 * half, open_ends=True).holds is False
    assert compare_numbers(sp.Rational(1, 10), sp.Rational(2, 10), "=", 2 * half).holds is True


@pytest.mark.parametrize("src,why", [
    pytest.param("1.1.1 = 0.11", "1.1.1", id="two-points"),
    pytest.param("1.2.3", "1.2.3", id="version-number"),
    pytest.param("1.1 .1", None, id="spaced-is-a-product"),
    pytest.param("0.5 = 0.64", None, id="well-formed"),
])
def test_malformed_number(src, why):
    out = malformed_number(src)
    assert (out is None) if why is None else (why in out)


@pytest.mark.parametrize("src,count,literals", [
    pytest.param("0.5 = 0.64", 2, ["0.5", "0.64"], id="two-literals"),
    pytest.param(r"\frac{1}{2} = -0.64", 2, [None, "0.64"], id="fraction-and-negative"),
    pytest.param(r"f(a, b) = 1 \leq 2", 3, [None, "1", "2"], id="chain"),
    pytest.param(r"x = 1, y = 2", 4, None, id="two-statements-unknown"),
])
def test_side_spans_and_literals(src, count, literals):
    spans = side_spans(src, count)
    if literals is None:
        assert spans is None
        return
    got = [literal(src, a, b) for a, b in spans]
    assert [p.text if p else None for p in got] == literals


def test_printed_numbers_carry_positions_and_signs():
    src = r"-0.15(0.05) + 0.35 - 2"
    nums = numbers_in(src)
    assert [(n.text, n.pos, n.negated) for n in nums] == [("0.15", 1, True), ("0.05", 6, False),
                                                         ("0.35", 14, False), ("2", 21, False)]
    assert nums[0].half_unit == sp.Rational(1, 200) and nums[3].half_unit == 0


@pytest.mark.parametrize("lhs,rhs,holds,exact", [
    pytest.param("x + 10**9", "x + 10**9 + 1", False, False, id="float-tie-refuted"),
    pytest.param("x + 10**(-30)", "x", False, False, id="below-float-resolution"),
    pytest.param("(x+1)**2", "x**2 + 2*x + 1", True, True, id="proved"),
    pytest.param("exp(x)*exp(-x)", "1", True, True, id="proved-exp"),
])
def test_identity_never_holds_on_a_float_tie(lhs, rhs, holds, exact):
    x = sp.Symbol("x", real=True)
    out = identity(sp.sympify(lhs, {"x": x}), sp.sympify(rhs, {"x": x}))
    assert out.holds is holds
    if holds:
        assert out.exact is exact
    else:
        assert out.point is not None and out.lhs_value is not None


@pytest.mark.parametrize("module,forbidden", [
    pytest.param("meaning", "api", id="meaning-does-not-import-api"),
    pytest.param("equality", "meaning", id="equality-is-below-meaning"),
    pytest.param("identity", "meaning", id="identity-is-below-meaning"),
    pytest.param("ambiguity", "meaning", id="ambiguity-is-below-meaning"),
])
def test_no_import_cycle(module, forbidden):
    """api -> meaning -> equality/identity/ambiguity, never back (the api ⇄ meaning cycle is broken)."""
    import ast
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "symcheck" / "notation" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 1}
    assert forbidden not in imported


@pytest.mark.parametrize("lhs,rhs,verdict", [
    pytest.param(sp.Rational(1, 3), sp.Rational(33, 100), "unchecked", id="printed-digits-unknown"),
    pytest.param(sp.Integer(1), sp.Integer(2), "incorrect", id="integers-always-exact"),
    pytest.param(sp.Rational(1, 3), sp.Rational(1, 7), "incorrect", id="fractions-that-no-decimal-prints"),
    pytest.param(sp.Rational(1, 2), sp.Rational(1, 2), "correct", id="equal"),
])
def test_check_equation_without_the_source_never_guesses_printed_digits(lhs, rhs, verdict):
    """The API called with SymPy parts alone: a terminating decimal may have been printed rounded."""
    from symcheck.notation import check_equation

    assert check_equation(lhs, rhs, Context()).verdict == verdict
