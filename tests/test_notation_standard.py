"""Standard readings (issue 14 points 2-3; forms inside math from issue 13 point 1):
each row is a string, right or wrong, and what it must be read as."""

from __future__ import annotations

import pytest
import sympy as sp

from symcheck.errors import ParseError
from symcheck.notation import Context, check_reading, read
from symcheck.notation import vocab as V

x, y, z, a, b, n = sp.symbols("x y z a b n", real=True)
C = sp.Symbol("C", real=True)


def _one(latex, **kw):
    r = read(latex, **kw)
    assert len(r.parts) == 1, r.parts
    return r.parts[0]


READ_AS = [
    # inverse functions, arguments without brackets, bases
    pytest.param(r"\sin^{-1}(x)", sp.asin(x), id="sin^-1 is arcsin"),
    pytest.param(r"\tanh^{-1} x", sp.atanh(x), id="tanh^-1 is artanh"),
    pytest.param(r"\sin^2 x", sp.sin(x) ** 2, id="sin^2 is a power"),
    pytest.param(r"\arcsin(x)", sp.asin(x), id="arcsin"),
    pytest.param(r"\operatorname{arsinh}(x)", sp.asinh(x), id="operatorname arsinh"),
    pytest.param(r"\ln xy", sp.log(x * y), id="ln xy is ln(xy)"),
    pytest.param(r"\ln x + y", sp.log(x) + y, id="ln x + y stops at +"),
    pytest.param(r"\ln x \sin y", sp.log(x) * sp.sin(y), id="ln stops at another function"),
    pytest.param(r"\log_2 8", sp.log(8) / sp.log(2), id="log_b"),
    pytest.param(r"\log_{e} x", sp.log(x), id="log_e is ln"),
    # d/dz applies to the whole following term
    pytest.param(r"\frac{d}{dz} 2z", sp.Derivative(2 * z, z), id="d/dz of the whole term"),
    pytest.param(r"\frac{d}{dz} z + z", sp.Derivative(z, z) + z, id="d/dz stops at +"),
    # function calls
    pytest.param(r"\operatorname{foo}{(x)}", sp.Function("foo", real=True)(x), id="operatorname foo {(x)}"),
    pytest.param(r"\operatorname{f}(a, b)", sp.Function("f", real=True)(a, b), id="f(a, b) two arguments"),
    pytest.param(r"\operatorname{Var}(z)", sp.Function("Var", real=True)(z), id="operatorname Var(z)"),
    # overline: never dropped
    pytest.param(r"\overline{x + y}", sp.Function("bar", real=True)(x + y), id="overline of a sum kept"),
    pytest.param(r"\overline{2 + 3}", sp.Integer(5), id="overline of a number is its conjugate"),
    # general notation
    pytest.param(r"\gcd(12, 18)", sp.Integer(6), id="gcd"),
    pytest.param(r"\operatorname{gcd}(12, 18, 8)", sp.Integer(2), id="operatorname gcd, three arguments"),
    pytest.param(r"\lcm(4, 6)", sp.Integer(12), id="lcm"),
    pytest.param(r"17 \bmod 5", sp.Integer(2), id="bmod"),
    pytest.param(r"17 \mod 5", sp.Integer(2), id="mod"),
    pytest.param(r"\lfloor 2.5 \rfloor", sp.Integer(2), id="floor"),
    pytest.param(r"\lceil x \rceil", sp.ceiling(x), id="ceil"),
    pytest.param(r"|x|", sp.Abs(x), id="bars"),
    pytest.param(r"\lvert x \rvert", sp.Abs(x), id="lvert rvert"),
    pytest.param(r"\vert x \vert", sp.Abs(x), id="vert"),
    pytest.param(r"\left| x \right|", sp.Abs(x), id="left| right|"),
    pytest.param(r"\mleft| x \mright|", sp.Abs(x), id="mleft mright"),
    pytest.param(r"\boxed{x + 1}", x + 1, id="boxed"),
    pytest.param(r"\det \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", sp.Integer(-2), id="det"),
    pytest.param(r"\left|\begin{matrix} 1 & 2 \\ 3 & 4 \end{matrix}\right|", sp.Integer(-2), id="|M| determinant"),
    pytest.param(r"5!", sp.Integer(120), id="factorial"),
    pytest.param(r"n!", sp.factorial(n), id="factorial of a symbol"),
    pytest.param(r"\binom{5}{2}", sp.Integer(10), id="binom"),
    pytest.param(r"{5 \choose 2}", sp.Integer(10), id="choose"),
    pytest.param(r"\prod_{k=1}^{4} k", sp.Integer(24), id="prod carried out"),
    pytest.param(r"\int_0^1 x^2 dx", sp.Rational(1, 3), id="definite integral carried out"),
    pytest.param(r"1.5\%", sp.Rational(3, 200), id="percent"),
    pytest.param(r"\imaginaryunit^2", sp.Integer(-1), id="imaginaryunit"),
    # forms inside math (issue 13 point 1)
    pytest.param(r"\color{red} x + 1", x + 1, id="color dropped"),
    pytest.param(r"\textcolor{red}{x} + 1", x + 1, id="textcolor unwrapped"),
    pytest.param(r"\large x", x, id="large dropped"),
    pytest.param(r"x \tag{3}", x, id="tag dropped"),
    pytest.param(r"\hat{y}", sp.Symbol("y^", real=True), id="hat y a name"),
    pytest.param("x² + π", x ** 2 + sp.pi, id="unicode superscript and pi"),
    pytest.param("x⋅y", x * y, id="unicode cdot"),
    pytest.param("ϵ", sp.Symbol("epsilon", real=True), id="unicode epsilon"),
    pytest.param(r"\gamma", sp.Symbol("gamma", real=True), id="gamma a symbol, never Euler's"),
]


@pytest.mark.parametrize("latex,expected", READ_AS)
def test_standard_readings(latex, expected):
    got = _one(latex)
    # symbols carry the reader's assumptions: compare what they print as
    assert (str(got) == str(expected)) if got.free_symbols else (got == expected), (latex, got)


NETWORK = [
    pytest.param(r"\bm{a}^L", V.Q(V.name("a"), V.L), id="bm a^L a layer"),
    pytest.param(r"W^T", V.T(sp.Symbol("W", real=True)), id="W^T a transpose"),
    pytest.param("σ′(z)", V.SigmaD(z, 1), id="unicode sigma prime"),
    pytest.param("∂C/∂w^l_{jk}", V.Grad(V.Comp(V.name("w"), V.l, *sp.symbols("j k", integer=True, positive=True))),
                 id="unicode partial, gradient"),
    pytest.param(r"\alpha^L_j", V.Comp(V.name("a"), V.L, sp.Symbol("j", integer=True, positive=True)),
                 id="alpha with a layer letter is a"),
]


@pytest.mark.parametrize("latex,expected", NETWORK)
def test_network_meanings_kept(latex, expected):
    got = _one(latex)
    assert type(got) is type(expected) and str(got) == str(expected)


@pytest.mark.parametrize("latex,parts,relations", [
    pytest.param(r"a \stackrel{(1)}{=} b", "a | b", ("=",), id="stackrel: the relation"),
    pytest.param(r"a \overset{\text{def}}{=} b", "a | b", ("=",), id="overset: the relation"),
    pytest.param(r"x = 1 \par y = 2", "x | 1 | y | 2", ("=", ";", "="), id="par: a separator"),
    pytest.param(r"\underbrace{a^l}_{n_l \times 1} = \sigma(z^l)", "a^(l) | sigmoid(z^(l))", ("=",),
                 id="underbrace: its content"),
    pytest.param(r"w \gets w - \eta", "w | -eta + w", ("->",), id="gets: an update"),
    pytest.param(r"{\bf x} = 1", "x | 1", ("=",), id="bf dropped"),
    pytest.param(r"\boxed{x = 2}", "x | 2", ("=",), id="boxed relation"),
])
def test_forms_inside_math(latex, parts, relations):
    r = read(latex)
    assert " | ".join(map(str, r.parts)) == parts and r.relations == relations


def test_a_redefined_par_is_refused_not_misread():
    with pytest.raises(ParseError):
        read(r"\par{C}{w} = \delta")


@pytest.mark.parametrize("latex,label,power", [
    pytest.param(r"W^{(2)}", "w^(2)", "W**2", id="W^{(2)} a layer or a power"),
    pytest.param(r"a_j^{(L)}", "a^(L)_j", "a[j]**L", id="a_j^{(L)}"),
    pytest.param(r"x^{(i)}", "x^(i)", "x**i", id="x^{(i)} an example label"),
])
def test_a_parenthesised_superscript_is_a_label_or_a_power(latex, label, power):
    r = read(latex)
    assert str(r.parts[0]) == label and str(r.alternatives[0].parts[0]) == power


@pytest.mark.parametrize("latex,verdict", [
    pytest.param(r"z^{(2)} = W^{(2)} a^{(1)} + b^{(2)}", "correct", id="layer labels: the convention"),
    pytest.param(r"\delta^{(L)} = (a^{(L)} - y) \odot \sigma'(z^{(L)})", "correct", id="BP1 with labels"),
    pytest.param(r"\delta^{(L)} = a^{(L)} - y", "incorrect", id="BP1 with labels, quadratic: wrong"),
])
def test_layer_labels_are_checked_as_layers(latex, verdict):
    assert check_reading(read(latex), Context()).verdict == verdict


@pytest.mark.parametrize("ocr,expected", [
    pytest.param(False, sp.Symbol("alpha_2", real=True) ** 2, id="check: alpha_2 squared"),
    pytest.param(True, V.Comp(V.name("a"), 2, 2), id="ocr: the activation a^2_2"),
])
def test_ocr_look_alikes_only_for_ocr_documents(ocr, expected):
    assert _one(r"\alpha_2^2", ocr=ocr) == expected


@pytest.mark.parametrize("latex,prose", [
    pytest.param("C = 代价 x", "代价", id="chinese"),
    pytest.param("C = стоимость x", "стоимость", id="russian"),
])
def test_words_in_other_scripts_are_prose(latex, prose):
    r = read(latex)
    assert prose in r.prose and r.relations == ("=",)


REFUSED = [
    pytest.param("1.1.1", id="malformed number"),
    pytest.param(r"\gcd(2)", id="gcd of one number"),
    pytest.param(r"\gcd(x^{T}, 2)", id="gcd of a vector"),
    pytest.param(r"\det x", id="det of a symbol"),
    pytest.param(r"\lfloor x", id="floor never closed"),
    pytest.param(r"\|\begin{matrix} 1 & 2 \\ 3 & 4 \end{matrix}\|", id="norm of a matrix: which norm"),
    pytest.param(r"\prod_k x_k", id="prod without limits"),
    pytest.param(r"(-3)!", id="factorial of a negative number"),
    pytest.param(r"2.5!", id="factorial of a decimal"),
    pytest.param(r"\operatorname{f}(a, b)'", id="prime after a call"),
    pytest.param(r"\lim x", id="lim without its subscript"),
    pytest.param(r"\lim_{x} x", id="lim without an arrow"),
    pytest.param(r"\lim_{c \to \infty} z_j^L", id="lim of a network quantity (dependence not written)"),
]


@pytest.mark.parametrize("latex", REFUSED)
def test_refused_with_a_typed_error(latex):
    with pytest.raises(ParseError):
        read(latex)


AMBIGUOUS = [
    pytest.param(r"1\frac{1}{2}", (sp.Rational(3, 2), sp.Rational(1, 2)), id="mixed number"),
    pytest.param("2.5E2", (sp.Integer(250), sp.Rational(5) * sp.Symbol("E", real=True)), id="scientific E"),
    pytest.param("10^32", (sp.Integer(2000), sp.Integer(10) ** 32), id="digits after ^"),
    pytest.param("a/2y", (a * y / 2, a / (2 * y)), id="a/2y"),
    pytest.param(r"\log x", (sp.log(x), sp.log(x) / sp.log(10)), id="log: ln or log10"),
]


@pytest.mark.parametrize("latex,readings", AMBIGUOUS)
def test_ambiguous_forms_carry_every_reading(latex, readings):
    r = read(latex)
    got = (r.parts[0],) + tuple(alt.parts[0] for alt in r.alternatives)
    assert r.ambiguities and len(got) == len(readings)
    assert all(sp.simplify(g - e) == 0 for g, e in zip(got, readings)), got


def test_imaginary_unit_is_ambiguous():
    r = read("a + bI")
    assert r.parts[0] == a + b * sp.Symbol("I", real=True)
    assert r.alternatives[0].parts[0] == a + sp.I * b


VERDICTS = [
    pytest.param(r"1\frac{1}{2} = \frac{3}{2}", "ambiguous", id="mixed number: ambiguous"),
    pytest.param(r"1\frac{1}{2} = 7", "incorrect", id="mixed number: fails under both"),
    pytest.param("2.5E2 = 250", "ambiguous", id="2.5E2 = 250 ambiguous"),
    pytest.param(r"e^{I\pi} = -1", "ambiguous", id="I: ambiguous"),
    pytest.param(r"\log x = \ln x", "correct", id="log is ln here (established)"),
    pytest.param(r"\log x = \frac{\ln x}{\ln 10}", "ambiguous", id="log10 reading: ambiguous, no alarm"),
    pytest.param(r"\log x = 2 \ln x", "incorrect", id="log: fails under both"),
    pytest.param(r"\sin^{-1}(x) = \arcsin(x)", "correct", id="arcsin"),
    pytest.param(r"\sin^{-1}(x) = \frac{1}{\sin x}", "incorrect", id="sin^-1 is not 1/sin"),
    pytest.param(r"\ln xy = \ln x + \ln y", "correct", id="ln xy"),
    pytest.param(r"\frac{d}{dz} 2z = 2", "correct", id="d/dz 2z = 2"),
    pytest.param(r"\frac{d}{dz} 2z = 0", "incorrect", id="d/dz 2z is not 0"),
    pytest.param(r"\gcd(12, 18) = 6", "correct", id="gcd right"),
    pytest.param(r"\gcd(12, 18) = 3", "incorrect", id="gcd wrong"),
    pytest.param(r"\binom{5}{2} = 10", "correct", id="binom right"),
    pytest.param(r"5! = 100", "incorrect", id="factorial wrong"),
    pytest.param(r"\lfloor 2.5 \rfloor + \lceil 2.5 \rceil = 5", "correct", id="floor ceil"),
    pytest.param(r"\prod_{k=1}^{4} k = 24", "correct", id="prod"),
    pytest.param(r"\alpha_2^2 = \alpha_2 \alpha_2", "correct", id="alpha_2^2 a power in check"),
    pytest.param(r"\prod_{k=1}^{3} x_k = x_1 x_2 x_3", "correct", id="x_1 beside x_k: components"),
    pytest.param(r"\sum_{k=1}^{3} x_k = x_1 + x_2", "incorrect", id="x_1 beside x_k: a term missing"),
    pytest.param(r"\prod_{k=1}^{n} x_k = x_1 x_2 x_3", "unchecked", id="prod of n factors: not evaluated"),
    pytest.param(r"\lim_{x \to 0} \frac{\sin x}{x} = 1", "correct", id="lim right"),
    pytest.param(r"\lim_{x \to 0} \frac{\sin x}{x} = 2", "incorrect", id="lim wrong"),
    pytest.param(r"\lim_{x \to 3^{+}} x^2 = 9", "correct", id="lim from the right"),
    pytest.param(r"\lim_{x \to 0} \frac{1}{x} = 5", "unchecked", id="lim that does not exist: not evaluated"),
    pytest.param(r"\sum_{n=0}^{\infty} \frac{1}{n!} = e", "correct", id="a series carried out"),
    pytest.param(r"\sigma'(z) = \sigma(z)(1-\sigma(z))", "correct", id="sigma prime"),
]


@pytest.mark.parametrize("latex,verdict", VERDICTS)
def test_verdicts_under_the_readings(latex, verdict):
    v = check_reading(read(latex), Context())
    if verdict == "ambiguous":  # unchecked, naming the readings
        assert v.verdict == "unchecked" and v.cause == "ambiguous" and "readings" in v.reason, v
    else:
        assert v.verdict == verdict, v


def test_overline_is_never_dropped_into_a_false_verdict():
    v = check_reading(read(r"\overline{x + y} = \overline{x} + \overline{y}"), Context())
    assert v.verdict == "unchecked"
