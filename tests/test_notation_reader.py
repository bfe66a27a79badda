"""The reading table: LaTeX as students write it -> the intended meaning.

Each row: the source, the reading's parts printed with ``sympy.sstr`` (the
vocabulary's own printers: ``a^(l)_j`` is the component a^l_j, ``dC/d[X]`` the
gradient of the cost, ``σ'(z)`` the activation's derivative, ``(X)^T`` a
transpose, ``(u) ⊙ (v)`` a Hadamard product, ``Sum_k`` / ``Sum_x`` sums over
an index / over training examples), the relations between the parts, and the
relation a continuation line starts with. Every row was checked by hand
against docs/notation.md; the trap rows below also build the expected SymPy
object directly.
"""

import pytest
import sympy as sp

from symcheck.errors import ParseError
from symcheck.notation import read
from symcheck.notation import vocab as V

TABLE = [
    ('a^l', 'a^(l)', '', ''),
    ('a^L', 'a^(L)', '', ''),
    ('a^{l-1}', 'a^(l - 1)', '', ''),
    ('a^{l+1}', 'a^(l + 1)', '', ''),
    ('a^{L-1}', 'a^(L - 1)', '', ''),
    ('z^L', 'z^(L)', '', ''),
    ('z^l', 'z^(l)', '', ''),
    ('w^l', 'w^(l)', '', ''),
    ('w^{l+1}', 'w^(l + 1)', '', ''),
    ('b^l', 'b^(l)', '', ''),
    ('\\delta^L', 'delta^(L)', '', ''),
    ('\\delta^{l+1}', 'delta^(l + 1)', '', ''),
    ('a^l_j', 'a^(l)_j', '', ''),
    ('a_j^l', 'a^(l)_j', '', ''),
    ('a ^{L} _{j}', 'a^(L)_j', '', ''),
    ('w^l_{jk}', 'w^(l)_j,k', '', ''),
    ('w_{jk}^l', 'w^(l)_j,k', '', ''),
    ('w^l_{j,k}', 'w^(l)_j,k', '', ''),
    ('w^3_{24}', 'w^(3)_2,4', '', ''),
    ('b^l_j', 'b^(l)_j', '', ''),
    ('z^L_j', 'z^(L)_j', '', ''),
    ('\\delta^l_j', 'delta^(l)_j', '', ''),
    ('a^2', 'a**2', '', ''),
    ('x^2', 'x**2', '', ''),
    ('(1+e^z)^2', '(exp(z) + 1)**2', '', ''),
    ('(a^L_j - y_j)^2', '(a^(L)_j - y[j])**2', '', ''),
    ('\\alpha^2', 'alpha**2', '', ''),
    ('z^{-1}', '1/z', '', ''),
    ('y^{1/2}', 'sqrt(y)', '', ''),
    ('\\vec{\\delta}^L', 'delta^(L)', '', ''),
    ('\\mathbf{z}_k', 'z^(k)', '', ''),
    ('\\mathbf{W}_k', 'w^(k)', '', ''),
    ('\\omega_{l+1}^T', '(w^(l + 1))^T', '', ''),
    ('w_{ij}^k', 'w^(k)_i,j', '', ''),
    ('\\alpha^L_j', 'a^(L)_j', '', ''),
    ('\\omega^l_{jk}', 'w^(l)_j,k', '', ''),
    ('S^L', 'delta^(L)', '', ''),
    ('S_j^L', 'delta^(L)_j', '', ''),
    ('\\alpha_j^L - y_j', 'a^(L)_j - y[j]', '', ''),
    ('a_n^{e-1}', 'a^(l - 1)_n', '', ''),
    ('w_{jne}', 'w^(l)_j,n', '', ''),
    ('\\alpha', 'alpha', '', ''),
    ('\\omega_2', 'omega_2', '', ''),
    ('S', 'S', '', ''),
    ('(w^{l+1})^T', '(w^(l + 1))^T', '', ''),
    ('(w^{l+1})^{T}', '(w^(l + 1))^T', '', ''),
    ('(w^{l+1})^{\\mathsf T}', '(w^(l + 1))^T', '', ''),
    ('(w^{l+1})^\\mathsf{T}', '(w^(l + 1))^T', '', ''),
    ('{a^{L-1}}^T', '(a^(L - 1))^T', '', ''),
    ('\\omega^{L+1 T}', '(w^(L + 1))^T', '', ''),
    ('w^{l+1 T}', '(w^(l + 1))^T', '', ''),
    ('(w^{l+1})^T \\delta^{l+1}', '(w^(l + 1))^T*delta^(l + 1)', '', ''),
    ('W^T x', '(W)^T*x', '', ''),
    ('x^T y', '(x)^T*y', '', ''),
    ('(w^{l+1})^\\top \\delta^{l+1}', '(w^(l + 1))^T*delta^(l + 1)', '', ''),
    ('x \\odot y', '(x) ⊙ (y)', '', ''),
    ('a^L ⊙ b^L', '(a^(L)) ⊙ (b^(L))', '', ''),
    ("\\nabla_a C \\odot \\sigma'(z^L)", "(dC/d[a^(L)]) ⊙ (σ'(z^(L)))", '', ''),
    ("((w^{l+1})^T \\delta^{l+1}) \\odot \\sigma'(z^l)", "((w^(l + 1))^T*delta^(l + 1)) ⊙ (σ'(z^(l)))", '', ''),
    ("(w^{l+1})^T \\delta^{l+1} \\odot \\sigma'(z^l)", "((w^(l + 1))^T*delta^(l + 1)) ⊙ (σ'(z^(l)))", '', ''),
    ('u \\odot v + x', 'x + (u) ⊙ (v)', '', ''),
    ('\\sigma(z)', 'sigmoid(z)', '', ''),
    ("\\sigma'(z)", "σ'(z)", '', ''),
    ("\\sigma''(z)", "σ''(z)", '', ''),
    ('\\sigma^{\\prime}(z)', "σ'(z)", '', ''),
    ('\\sigma^\\prime(z)', "σ'(z)", '', ''),
    ("\\sigma '(z)", "σ'(z)", '', ''),
    ('σ′(z)', "σ'(z)", '', ''),
    ("\\sigma'(z^L_j)", "σ'(z^(L)_j)", '', ''),
    ("\\sigma'(z^l)", "σ'(z^(l))", '', ''),
    ('\\sigma(z^l)', 'sigmoid(z^(l))', '', ''),
    ("\\Sigma'(z^L)", "Σ'(z^(L))", '', ''),
    ("\\Sigma'(z^L) \\nabla_a C", "Σ'(z^(L))*dC/d[a^(L)]", '', ''),
    ('\\sigma(w^l a^{l-1} + b^l)', 'sigmoid(b^(l) + w^(l)*a^(l - 1))', '', ''),
    ('\\sigma(0.5)', 'sigmoid(1/2)', '', ''),
    ('f(z)', 'f(z)', '', ''),
    ("f'(z)", 'Derivative(f(z), z)', '', ''),
    ("f''(z)", 'Derivative(f(z), (z, 2))', '', ''),
    ("f'(z^L_j)", 'Subs(Derivative(f(_xi), _xi), _xi, z^(L)_j)', '', ''),
    ('\\tanh(z)', 'tanh(z)', '', ''),
    ("\\text{diag}(\\sigma'(z^L))", "Diag(σ'(z^(L)))", '', ''),
    ('\\frac{\\partial C}{\\partial w^l_{jk}}', 'dC/d[w^(l)_j,k]', '', ''),
    ('\\frac{\\partial C}{\\partial b^l_j}', 'dC/d[b^(l)_j]', '', ''),
    ('\\dfrac{\\partial C}{\\partial w^l_{jk}}', 'dC/d[w^(l)_j,k]', '', ''),
    ('\\partial C/\\partial b^l_j', 'dC/d[b^(l)_j]', '', ''),
    ('∂C/∂b^l_j', 'dC/d[b^(l)_j]', '', ''),
    ('\\frac{\\partial C}{\\partial a^L_j}', 'dC/d[a^(L)_j]', '', ''),
    ('\\frac{\\partial C}{\\partial z^l_j}', 'dC/d[z^(l)_j]', '', ''),
    ('\\frac{\\partial C}{\\partial w^l}', 'dC/d[w^(l)]', '', ''),
    ('\\frac{\\partial C}{\\partial b^l}', 'dC/d[b^(l)]', '', ''),
    ('\\frac{\\delta C}{\\delta w^l_{jk}}', 'dC/d[w^(l)_j,k]', '', ''),
    ('\\frac{d}{dz}\\sigma(z)', 'Derivative(sigmoid(z), z)', '', ''),
    ('\\frac{d}{dz}(z^2)', 'Derivative(z**2, z)', '', ''),
    ('\\frac{\\partial}{\\partial z}\\left(\\frac{e^z}{1+e^z}\\right)', 'Derivative(exp(z)/(exp(z) + 1), z)', '', ''),
    ('\\frac{\\partial \\alpha}{\\partial z}', 'Derivative(alpha(z), z)', '', ''),
    ('\\frac{\\partial C}{\\partial \\alpha}', 'Derivative(C(alpha), alpha)', '', ''),
    ("C'(\\alpha)", 'Derivative(C(alpha), alpha)', '', ''),
    ("C''(\\alpha)", 'Derivative(C(alpha), (alpha, 2))', '', ''),
    ('\\nabla_a C', 'dC/d[a^(L)]', '', ''),
    ('\\nabla _{a}C', 'dC/d[a^(L)]', '', ''),
    ('\\nabla_{a^L}C', 'dC/d[a^(L)]', '', ''),
    ('\\nabla_a c', 'dC/d[a^(L)]', '', ''),
    ('\\frac{\\partial^2 f}{\\partial x^2}', 'Derivative(f(x), (x, 2))', '', ''),
    ('\\frac{\\partial C}{\\partial w}', 'Derivative(C(w), w)', '', ''),
    ('\\sum_{k=1}^n x_k y_k', 'Sum(x[k]*y[k], (k, 1, n))', '', ''),
    ('\\sum_k w^{l+1}_{kj} \\delta^{l+1}_k', 'Sum_k(delta^(l + 1)_k*w^(l + 1)_k,j)', '', ''),
    ('\\sum_j a^L_j', 'Sum_j(a^(L)_j)', '', ''),
    ('\\sum w_j u_j + b', 'b + Sum_j(u[j]*w[j])', '', ''),
    ('\\sum (y \\ln a + (1-y)\\ln(1-a))', 'Sum_x(y*log(a) + (1 - y)*log(1 - a))', '', ''),
    ('\\Sigma_j a_j', 'Sum_j(a[j])', '', ''),
    ('\\sum_{j=1}^{3} j', 'Sum(j, (j, 1, 3))', '', ''),
    ('\\sum_{k \\neq j} e^{z_k^L}', 'Sum_k((1 - KroneckerDelta(j, k))*exp(z^(L)_k))', '', ''),
    ('\\ln a', 'log(a)', '', ''),
    ('\\ln(1-a)', 'log(1 - a)', '', ''),
    ('\\log(\\alpha)', 'log(alpha)', '', ''),
    ('\\log x', 'log(x)', '', ''),
    ('ln(a)', 'log(a)', '', ''),
    ('In(a)', 'log(a)', '', ''),
    ('e^{-z}', 'exp(-z)', '', ''),
    ('e^-z', 'exp(-z)', '', ''),
    ('e^(z+1)', 'exp(z + 1)', '', ''),
    ('e^z', 'exp(z)', '', ''),
    ('e^{z_j^L}', 'exp(z^(L)_j)', '', ''),
    ('e^z_j', 'exp(z[j])', '', ''),
    ('\\exp(-z)', 'exp(-z)', '', ''),
    ('exp(-z)', 'exp(-z)', '', ''),
    ('\\frac{1}{1+exp(-z)}', '1/(1 + exp(-z))', '', ''),
    ('e x p', 'E*p*x', '', ''),
    ('\\tilde{w}(1+b)', 'w~*(b + 1)', '', ''),
    ('\\hat{f}(x)', 'f^(x)', '', ''),
    ('\\tilde{w}', 'w~', '', ''),
    ('\\frac{1}{1+e^{-z}}', '1/(1 + exp(-z))', '', ''),
    ('\\sqrt{x}', 'sqrt(x)', '', ''),
    ('\\sqrt[3]{x}', 'x**(1/3)', '', ''),
    ('|x|', 'Abs(x)', '', ''),
    ('\\|y - a^L\\|^2', 'Norm(y - a^(L))**2', '', ''),
    ('\\lVert a^L - y \\rVert', 'Norm(-y + a^(L))', '', ''),
    ('\\gamma', 'gamma', '', ''),
    ('\\gamma_1', 'gamma_1', '', ''),
    ('\\Gamma', 'Gamma', '', ''),
    ('C', 'C', '', ''),
    ('c', 'c', '', ''),
    ('L', 'L', '', ''),
    ('l', 'l', '', ''),
    ('\\eta', 'eta', '', ''),
    ('\\lambda', 'lambda', '', ''),
    ('\\epsilon', 'epsilon', '', ''),
    ('\\gamma \\ln \\alpha', 'gamma*log(alpha)', '', ''),
    ('\\Delta C', 'ΔC', '', ''),
    ('a = b', 'a | b', '=', ''),
    ('a \\ne b', 'a | b', '!=', ''),
    ('a \\neq b', 'a | b', '!=', ''),
    ('a \\le b', 'a | b', '<=', ''),
    ('a \\leq b', 'a | b', '<=', ''),
    ('a \\ge b', 'a | b', '>=', ''),
    ('a \\geq b', 'a | b', '>=', ''),
    ('a < b', 'a | b', '<', ''),
    ('a > b', 'a | b', '>', ''),
    ('\\gamma \\in (0, 1)', 'gamma | Interval.open(0, 1)', 'in', ''),
    ('\\alpha \\in [0, 1]', 'alpha | Interval(0, 1)', 'in', ''),
    ('A = B = C', 'A | B | C', '=,=', ''),
    ('x = y \\Rightarrow y = x', 'x | y | y | x', '=,=>,=', ''),
    ('\\Rightarrow \\delta^L = \\nabla_a c', 'delta^(L) | dC/d[a^(L)]', '=', '=>'),
    ('= \\alpha(1-\\alpha)', 'alpha*(1 - alpha)', '', '='),
    ('\\gamma_1 = 0.01, \\gamma_2 = 0.99', 'gamma_1 | 1/100 | gamma_2 | 99/100', '=,;,=', ''),
    ('\\gamma_1 = 0.01，\\gamma_2 = 0.99', 'gamma_1 | 1/100 | gamma_2 | 99/100', '=,;,=', ''),  # full-width comma
    ('a \\approx 0.5', 'a | 1/2', '~', ''),
    ('a \\implies b', 'a | b', '=>', ''),
    ('a \\iff b', 'a | b', '<=>', ''),
    ('\\text{Let } z = \\sum w_j u_j + b', 'z | b + Sum_j(u[j]*w[j])', '=', ''),
    ("S^L = \\sigma'(z^L) \\odot \\nabla_a C \\text{ can be written as } S^L = \\Sigma'(z^L) \\nabla_a C", "delta^(L) | (σ'(z^(L))) ⊙ (dC/d[a^(L)]) | delta^(L) | Σ'(z^(L))*dC/d[a^(L)]", '=,;,=', ''),
    ('\\text{then } x \\odot y = y \\odot x', '(x) ⊙ (y) | (y) ⊙ (x)', '=', ''),
    ('z^l = w^l a^{l-1} + b^l \\quad \\text{(BP)}', 'z^(l) | b^(l) + w^(l)*a^(l - 1)', '=', ''),
    ('\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}', 'Matrix([[1],[2]])', '', ''),
    ('\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', 'Matrix([[1, 2],[3, 4]])', '', ''),
    ('\\begin{bmatrix} x_1 \\\\ x_2 \\\\ \\vdots \\\\ x_n \\end{bmatrix}', 'SymVec(x, n)', '', ''),
    ('\\begin{bmatrix} x_1 & x_2 & \\cdots & x_n \\end{bmatrix}', '(SymVec(x, n))^T', '', ''),
    ('\\begin{bmatrix} x_1 & 0 & \\cdots & 0 \\\\ 0 & x_2 & \\cdots & 0 \\\\ \\vdots & & \\ddots & \\vdots \\\\ 0 & 0 & \\cdots & x_n \\end{bmatrix}', 'SymDiag(x, n)', '', ''),
    ('0.3825', '153/400', '', ''),
    ('.5963', '5963/10000', '', ''),
    ('-0.15(0.05) + 0.25(0.1) + 0.35', '147/400', '', ''),
    ('-2 \\times 0.65 + -2 \\times 1 + 35', '317/10', '', ''),
    ('\\frac12', '1/2', '', ''),
    ('2^{10}', '1024', '', ''),
    ('10^{10^{10}}', '10**10000000000', '', ''),
    ('(x+1)^{100000000}', '(x + 1)**100000000', '', ''),
    ('\\begin{aligned} a &= b \\\\ &= c \\end{aligned}', 'a | b | c', '=,=', ''),
    ('\\delta^L = a^L - y \\tag{BP1}', 'delta^(L) | -y + a^(L)', '=', ''),
    ('1. \\delta^L = a^L - y', 'delta^(L) | -y + a^(L)', '=', ''),
    ('Q2 \\quad C = a', 'C | a', '=', ''),
    ('\\left( a + b \\right)', 'a + b', '', ''),
    ('\\left[ a \\right]', 'a', '', ''),
    ('\\Bigl( a \\Bigr)', 'a', '', ''),
    ('a \\cdot b', 'a*b', '', ''),
    ('a \\times b', 'a*b', '', ''),
    ('a / b', 'a/b', '', ''),
    ('-(y \\ln a + (1-y) \\ln (1-a))', '-y*log(a) - (1 - y)*log(1 - a)', '', ''),
]


@pytest.mark.parametrize("latex,parts,relations,leading", [pytest.param(*row, id=row[0][:40]) for row in TABLE])
def test_reading_table(latex, parts, relations, leading):
    r = read(latex)
    assert " | ".join(sp.sstr(p).replace("\n", "") for p in r.parts) == parts
    assert ",".join(r.relations) == relations
    assert r.leading == leading


def test_table_is_large_enough():
    assert len(TABLE) >= 150


l, L = V.l, V.L
j, k = sp.Symbol("j", integer=True, positive=True), sp.Symbol("k", integer=True, positive=True)
a, w, delta, z = (V.name(s) for s in ("a", "w", "delta", "z"))


# --- the traps of off-the-shelf parsers, with the expected object built directly ---
TRAPS = [
    pytest.param(r"a^L", V.Q(a, L), id="a^L is a layer, not a power"),
    pytest.param(r"a^l_j", V.Comp(a, l, j), id="a^l_j component"),
    pytest.param(r"w^l_{jk}", V.Comp(w, l, j, k), id="w^l_jk component"),
    pytest.param(r"\sigma'(z)", V.SigmaD(sp.Symbol("z", real=True), 1), id="prime of sigma kept"),
    pytest.param(r"\frac{\partial C}{\partial w^l_{jk}}", V.Grad(V.Comp(w, l, j, k)), id="dC/dw is not 0"),
    pytest.param(r"(w^{l+1})^T", V.T(V.Q(w, l + 1)), id="transpose kept"),
    pytest.param(r"C", sp.Symbol("C", real=True), id="C keeps its case"),
    pytest.param(r"L", sp.Symbol("L", real=True), id="L keeps its case"),
    pytest.param(r"\gamma", sp.Symbol("gamma", real=True), id="gamma is a symbol"),
    pytest.param(r"\nabla_a C", V.Grad(V.Q(a, L)), id="nabla_a C"),
    pytest.param(r"\Sigma'(z^L)", V.SigmaPrimeDiag(V.Q(z, L)), id="Sigma prime diag"),
    pytest.param(r"\delta^{l+1}", V.Q(delta, l + 1), id="delta^{l+1}"),
    pytest.param(r"\ln a", sp.log(sp.Symbol("a", real=True)), id="ln natural"),
    pytest.param(r"\log a", sp.log(sp.Symbol("a", real=True)), id="log natural"),
]


@pytest.mark.parametrize("latex,expected", TRAPS)
def test_traps(latex, expected):
    (got,) = read(latex).parts
    assert got == expected


@pytest.mark.parametrize("latex,parts,note", [
    (r"zh_2 = \omega_2 \cdot i_1", "zh_2 | i_1*omega_2", "one name"),
    (r"a = \sigma(z) 是sigmoid函数", "a | sigmoid(z)", "prose"),
    (r"\tilde{w} \geq 9.38", "w~ | 469/50", "name w~"),
    (r"s(z) = \sqrt{2}", "s(z) | sqrt(2)", "function"),
    (r"f_c(x) = 1", "f_c(x) | 1", "function"),
    (r"\text{step}(x) = 1", "step(x) | 1", "function"),
    (r"\Delta v . \nabla C", "<Δv, ∇C>", "product"),
    (r"\operatorname{Var}(z) = 1", "Var(z) | 1", "function"),
    (r"a'(z) = 1", "Derivative(a(z), z) | 1", "derivative of a function a"),   # never a' times z
    (r"u''(x) = 1", "Derivative(u(x), (x, 2)) | 1", "derivative of a function u"),
    (r"\mathbf{z}_{k-1}", "z^(k - 1)", "subscript"),
    (r"\frac{\partial C}{\partial w^l} = \frac{1}{m}\Delta^l (A^{l-1})^T",
     "dC/d[w^(l)] | Delta^(l)*(A^(l - 1))^T/m", "mini-batch"),
])
def test_more_readings_with_their_notes(latex, parts, note):
    r = read(latex)
    assert " | ".join(sp.sstr(p) for p in r.parts) == parts
    assert any(note in n for n in r.notes) or note in r.prose or note == "product" and r.notes


def test_a_sum_binds_its_index_letter():
    (s,) = read(r"\sum_{j=1}^{3} j").parts
    assert s.doit() == 6


def test_w_transpose_x_keeps_the_order():
    (got,) = read(r"W^T x").parts
    assert isinstance(got, sp.Mul) and isinstance(got.args[0], V.T) and got != read(r"x W^T").parts[0]


def test_gamma_is_not_euler():
    (got,) = read(r"\gamma").parts
    assert not got.has(sp.EulerGamma)


def test_odot_and_sum_without_limits_are_read():
    assert isinstance(read(r"x \odot y").parts[0], V.Had)
    assert isinstance(read(r"\sum (y \ln a)").parts[0], V.ExampleSum)


def test_ocr_fallbacks_are_reported():
    r = read(r"\alpha^L_j")
    assert r.parts[0] == V.Comp(a, L, j)
    assert any("look-alike" in n for n in r.notes)
    assert r.fallbacks


def test_layer_superscript_is_reported():
    assert any("layer index" in n for n in read(r"a^L").notes)


def test_prose_is_kept_aside():
    r = read(r"\text{Let } z = 1")
    assert r.prose == "Let" and len(r.parts) == 2


def test_is_network():
    assert read(r"\delta^L = a^L - y").is_network
    assert not read(r"\sigma'(z) = \sigma(z)(1-\sigma(z))").is_network


ERRORS = [
    r"\frac{\partial C}{\partial \sigma_j^e}", r"\sigma^{l-1} \delta_j^l", r"a +", r"(a + b", r"\frac{1}{",
    r"a \otimes b", r"x \cdots y", r"\foo{x}", r"a^{", r"\partial C", r"\sigma'", r"1.1.1", r"a_{j,k,m}^l",
    r"\begin{bmatrix} a_1 \\ \vdots \\ b_n \end{bmatrix}", "a" * 2001, "(" * 60 + "a" + ")" * 60, r"\frac{a}{0}",
    r"(a^L)^2", r"\int_0^1 \sigma(x) dx",
]


@pytest.mark.parametrize("latex", [pytest.param(e, id=e[:30]) for e in ERRORS])
def test_unreadable_raises_a_typed_error(latex):
    with pytest.raises(ParseError) as info:
        read(latex)
    assert info.value.reason and "\n" not in info.value.reason
    assert info.value.position is None or 0 <= info.value.position <= len(latex)


def test_error_position_points_into_the_source():
    with pytest.raises(ParseError) as info:
        read(r"a + \foo{x}")
    assert info.value.position == 4


def test_huge_exponents_stay_unevaluated():
    (got,) = read(r"10^{10^{10}}").parts
    assert isinstance(got, sp.Pow) and got.exp == sp.Pow(10, 10, evaluate=False) or got.exp == 10 ** 10
    (got,) = read(r"(x+1)^{100000000}").parts
    assert isinstance(got, sp.Pow) and got.exp == 100000000


@pytest.mark.parametrize("latex,parts", [
    pytest.param(r"x_{输出} = 2", "x_{输出} | 2", id="cjk-word-subscript-labels-a-name"),
    pytest.param(r"C_{общ} + 1 = 2", "C_{общ} + 1 | 2", id="cyrillic-word-subscript-labels-a-name"),
    pytest.param(r"x_{输出} - x_{输入} = 0", "-x_{输入} + x_{输出} | 0", id="two-labels-two-names"),
    pytest.param(r"2 \cdotp 3 = 6", "6 | 6", id="cdotp-is-cdot"),
    pytest.param(r"a \centerdot b = c", "a*b | c", id="centerdot-is-cdot"),
])
def test_notation_as_written_in_the_wild(latex, parts):
    assert " | ".join(sp.sstr(p) for p in read(latex).parts) == parts


# --- functions labelled by their layer, words naming a quantity, an ellipsis among ∘ ---------------
@pytest.mark.parametrize("latex, name", [
    pytest.param(r"a^l = g^l(z^l)", "g^l", id="g-labelled-l"),
    pytest.param(r"a^{l+1} = h^{l+1}(z^{l+1})", "h^l+1", id="h-labelled-l-plus-one"),
    pytest.param(r"a^L = f^{L}(z^L)", "f^L", id="f-labelled-L-braced"),
])
def test_a_function_labelled_by_its_layer_is_one_name(latex, name):
    (_, rhs) = read(latex).parts
    assert type(rhs).__name__ == name


@pytest.mark.parametrize("latex", [
    pytest.param(r"g^2(x)", id="a-number-may-be-a-power"),
    pytest.param(r"g^k(x)", id="an-index-letter-is-no-layer"),
])
def test_other_superscripts_on_a_function_are_still_refused(latex):
    with pytest.raises(ParseError, match="superscript on the function"):
        read(latex)


def _verdict(latex, capsys):
    import json

    from symcheck.cli import main

    main(["check", latex, "--json"])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("latex, verdict", [
    pytest.param(r"a^l = g^l(z^l)", "correct", id="the-layer-activation"),
    pytest.param(r"\delta^L = (a^L - y) \odot g^L(z^L)", "incorrect", id="the-activation-for-its-derivative"),
    pytest.param(r"a^l = g^{l}(z^{l-1})", "unchecked", id="applied-to-another-layer"),
])
def test_check_layer_labelled_functions(latex, verdict, capsys):
    d = _verdict(latex, capsys)
    assert d["verdict"] == verdict
    if verdict == "incorrect":
        assert d["counterexample"]["activations tried"] == ["sigmoid", "tanh", "relu"]


@pytest.mark.parametrize("latex, parts", [
    pytest.param(r"\text{total} = 2 \cdot 3", 2, id="a-word-before-equals-is-a-name"),
    pytest.param(r"\text{so} = 6", 1, id="a-connective-stays-prose"),
    pytest.param(r"\text{we get } x = 6", 2, id="several-words-stay-prose"),
])
def test_a_word_naming_a_quantity(latex, parts):
    r = read(latex)
    assert len(r.parts) == parts
    assert (str(r.parts[0]) == "total") == latex.startswith(r"\text{total}")


@pytest.mark.parametrize("latex, verdict", [
    pytest.param(r"\text{total} = 2 \cdot 3 = 6", "correct", id="named-total-correct"),
    pytest.param(r"\text{total} = 2 \cdot 3 = 5", "incorrect", id="named-total-wrong"),
    pytest.param(r"\text{total} = 6", "unchecked", id="named-total-defined"),
])
def test_check_a_word_naming_a_quantity(latex, verdict, capsys):
    assert _verdict(latex, capsys)["verdict"] == verdict


@pytest.mark.parametrize("latex", [
    pytest.param(r"G = C \circ F_L \circ \ldots \circ F_1", id="composition-chain"),
    pytest.param(r"u \odot \cdots \odot v", id="hadamard-chain"),
])
def test_an_ellipsis_among_compositions_names_its_cause(latex):
    with pytest.raises(ParseError, match="an ellipsis in a chain of ∘ or ⊙"):
        read(latex)
