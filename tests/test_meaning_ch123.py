"""Meaning for Nielsen ch. 1-3 (issue 12): a case table of right and wrong forms.

Each row is checked the way ``symcheck check`` checks it and, when it needs no
setting the grader is not told, as a step of a graded Markdown file. A wrong form
must come out incorrect with a counterexample; a right form must never come out
incorrect (``correct`` rows must be correct, ``not-incorrect`` rows may be unchecked)."""

import itertools

import pytest

from symcheck.grade.grader import grade_text
from symcheck.notation import Context, check_reading, read

CORRECT, INCORRECT, UNCHECKED, SAFE = "correct", "incorrect", "unchecked", "not-incorrect"


def _checked(latex, options):
    return check_reading(read(latex), Context(**options))


def _graded(latex):
    steps = grade_text(f"$$\n{latex}\n$$\n", kind="md").steps
    assert len(steps) == 1, steps
    return steps[0].verdict


def _assert_verdict(v, expected, latex):
    if expected == SAFE:
        assert v.verdict != INCORRECT, (latex, v.reason, v.counterexample)
        return
    assert v.verdict == expected, (latex, v.verdict, v.reason)
    if expected == INCORRECT:
        assert v.counterexample, (latex, v.reason)


# --- 1. function names: \operatorname{name}^{n}(args) is a power of a call, never a symbol times the argument
FUNCTION_ROWS = [
    pytest.param(r"\frac{d}{dz}\tanh(z) = \operatorname{sech}^2(z)", {}, CORRECT, id="tanh'=sech^2"),
    pytest.param(r"\frac{d}{dz}\tanh(z) = \sech^2 z", {}, CORRECT, id="tanh'=\\sech^2"),
    pytest.param(r"\frac{d}{dz}\tanh(z) = \mathrm{sech}^{2}(z)", {}, CORRECT, id="tanh'=mathrm-sech^2"),
    pytest.param(r"\frac{d}{dz}\tanh(z) = 1 - \tanh^2(z)", {}, CORRECT, id="tanh'=1-tanh^2"),
    pytest.param(r"\frac{d}{dz}\tanh(z) = \operatorname{sech}(z)", {}, INCORRECT, id="tanh'=sech(wrong)"),
    pytest.param(r"\frac{d}{dz}\tanh(z) = 1 - \tanh(z)", {}, INCORRECT, id="tanh'=1-tanh(wrong)"),
    pytest.param(r"\frac{d}{dz}\tanh(z) = \operatorname{sech}^2(2z)", {}, INCORRECT, id="tanh'=sech^2(2z)(wrong)"),
    pytest.param(r"\tanh(z) = \frac{e^{z}-e^{-z}}{e^{z}+e^{-z}}", {}, CORRECT, id="tanh-def"),
    pytest.param(r"\tanh(z) = \frac{e^{z}+e^{-z}}{e^{z}-e^{-z}}", {}, INCORRECT, id="tanh-def(wrong)"),
    pytest.param(r"\tanh(z) = 2\sigma(2z) - 1", {}, CORRECT, id="tanh=2sigma(2z)-1"),
    pytest.param(r"\tanh(z) = 2\sigma(z) - 1", {}, INCORRECT, id="tanh=2sigma(z)-1(wrong)"),
    pytest.param(r"\operatorname{sech}(z) = \frac{1}{\cosh(z)}", {}, CORRECT, id="sech-def"),
    pytest.param(r"\operatorname{sech}(z) = \frac{1}{\sinh(z)}", {}, INCORRECT, id="sech-def(wrong)"),
    pytest.param(r"\operatorname{csch}(z) = \frac{1}{\sinh(z)}", {}, CORRECT, id="csch-def"),
    pytest.param(r"\coth(z) = \frac{\cosh z}{\sinh z}", {}, CORRECT, id="coth-def"),
    pytest.param(r"\coth(z) = \frac{\sinh z}{\cosh z}", {}, INCORRECT, id="coth-def(wrong)"),
    pytest.param(r"\operatorname{sech}^2(z) + \tanh^2(z) = 1", {}, CORRECT, id="sech^2+tanh^2"),
    pytest.param(r"\operatorname{sech}^2(z) = 1 + \tanh^2(z)", {}, INCORRECT, id="sech^2=1+tanh^2(wrong)"),
    pytest.param(r"\frac{d}{dz}\sigma(z) = \sigma(z)(1-\sigma(z))", {}, CORRECT, id="sigma'"),
    pytest.param(r"\frac{d}{dz}\sigma(z) = \sigma(z)(1+\sigma(z))", {}, INCORRECT, id="sigma'(wrong)"),
    pytest.param(r"\text{sigmoid}(z) = \frac{1}{1+e^{-z}}", {}, CORRECT, id="text-sigmoid"),
    pytest.param(r"\text{sigmoid}(z) = \frac{1}{1+e^{z}}", {}, INCORRECT, id="text-sigmoid(wrong)"),
    pytest.param(r"\operatorname{arcsinh}(\sinh(z)) = z", {}, CORRECT, id="arcsinh"),
    pytest.param(r"\cosh^2(z) - \sinh^2(z) = 1", {}, CORRECT, id="cosh^2-sinh^2"),
    pytest.param(r"\lim_{z \to 0} \frac{\sigma(z) - 1/2}{z} = \frac{1}{4}", {}, CORRECT, id="lim-sigma"),
    pytest.param(r"\lim_{z \to 0} \frac{\sigma(z) - 1/2}{z} = \frac{1}{2}", {}, INCORRECT, id="lim-sigma(wrong)"),
    pytest.param(r"\lim_{z \to \infty} \sigma(z) = 1", {}, CORRECT, id="lim-sigma-inf"),
    pytest.param(r"\lim_{z \to \infty} \sigma(z) = 0", {}, INCORRECT, id="lim-sigma-inf(wrong)"),
    pytest.param(r"\lim_{z \to -\infty} \sigma(z) = 0", {}, CORRECT, id="lim-sigma-minf"),
    pytest.param(r"\lim_{z \to 0} \frac{\tanh(z)}{z} = 1", {}, CORRECT, id="lim-tanh"),
    pytest.param(r"\lim_{z \to 0} \frac{\tanh(z)}{z} = 0", {}, INCORRECT, id="lim-tanh(wrong)"),
    pytest.param(r"\frac{d}{dz}\ln(1+e^z) = \sigma(z)", {}, CORRECT, id="softplus'"),
    pytest.param(r"\frac{d}{dz}\ln(1+e^z) = \sigma'(z)", {}, INCORRECT, id="softplus'(wrong)"),
    pytest.param(r"\frac{d}{dz}\coth(z) = -\operatorname{csch}^2(z)", {}, CORRECT, id="coth'"),
    pytest.param(r"\frac{d}{dz}\coth(z) = \operatorname{csch}^2(z)", {}, INCORRECT, id="coth'(wrong)"),
    pytest.param(r"\frac{d}{dz}\operatorname{sech}(z) = -\operatorname{sech}(z)\tanh(z)", {}, CORRECT, id="sech'"),
    pytest.param(r"\frac{d}{dz}\operatorname{sech}(z) = \operatorname{sech}(z)\tanh(z)", {}, INCORRECT,
                 id="sech'(wrong)"),
    pytest.param(r"\cosh^2(z) = 1 - \sinh^2(z)", {}, INCORRECT, id="cosh^2=1-sinh^2(wrong)"),
]


@pytest.mark.parametrize("latex, options, expected", FUNCTION_ROWS)
def test_function_names_checked(latex, options, expected):
    _assert_verdict(_checked(latex, options), expected, latex)


@pytest.mark.parametrize("latex, options, expected", FUNCTION_ROWS)
def test_function_names_graded(latex, options, expected):
    _assert_verdict(_graded(latex), expected, latex)


# A function name is never a symbol multiplied by its argument: under any wrapper, with or
# without a power, a true statement about the call must not be accused.
WRAPPERS = [r"\operatorname{%s}", r"\mathrm{%s}", r"\text{%s}", r"\%s"]
NAMES = ["sech", "csch", "coth", "tanh", "softplus", "ReLU", "sigmoid", "relu", "arcsinh", "swish", "elu", "Var"]
TEMPLATES = [r"{f}(z) = {f}(z)", r"{f}^2(z) = \left({f}(z)\right)^2", r"2{f}(z) = {f}(z) + {f}(z)",
             r"{f}^{2}(z) \cdot {f}(z) = {f}^3(z)", r"{f}(z+1) - {f}(z+1) = 0"]


def _scan():
    for w, name, tpl in itertools.product(WRAPPERS, NAMES, TEMPLATES):
        f = w % name
        yield pytest.param(tpl.replace("{f}", f), id=f"{w.split('{')[0]}-{name}-{TEMPLATES.index(tpl)}")


@pytest.mark.parametrize("latex", list(_scan()))
def test_a_function_name_is_never_a_symbol_times_its_argument(latex):
    try:
        r = read(latex)
    except Exception:  # a string the reader refuses is not an accusation
        return
    v = check_reading(r, Context())
    assert v.verdict != INCORRECT, (latex, v.reason, v.counterexample)


# --- 2. undefined functions are universally quantified: random smooth interpretations
UNDEFINED_ROWS = [
    pytest.param(r"\frac{d}{dw}\left(f(w) + \frac{\lambda}{2n} w^2\right) = f'(w) + \frac{\lambda}{n} w", {},
                 CORRECT, id="L2-f'"),
    pytest.param(r"\frac{d}{dw}\left(f(w) + \frac{\lambda}{2n} w^2\right) = f'(w) + \frac{\lambda}{2n} w", {},
                 INCORRECT, id="L2-f'(wrong)"),
    pytest.param(r"\frac{d}{dw}\left(C_0(w) + \frac{\lambda}{2n} w^2\right) = \frac{d C_0}{dw} + \frac{\lambda}{n} w",
                 {}, CORRECT, id="L2-C0"),
    pytest.param(r"\frac{d}{dw}\left(C_0(w) + \frac{\lambda}{2n} w^2\right) = \frac{d C_0}{dw} + \lambda w",
                 {}, INCORRECT, id="L2-C0(wrong)"),
    pytest.param(r"\frac{\partial}{\partial w}\left(C_0(w) + \frac{\lambda}{n} |w|\right) = "
                 r"\frac{\partial C_0}{\partial w} + \frac{\lambda}{n} \operatorname{sgn}(w)", {}, CORRECT, id="L1-C0"),
    pytest.param(r"\frac{\partial}{\partial w}\left(C_0(w) + \frac{\lambda}{n} |w|\right) = "
                 r"\frac{\partial C_0}{\partial w} + \frac{\lambda}{n} w", {}, INCORRECT, id="L1-C0(wrong)"),
    pytest.param(r"\frac{d}{dx} f(2x) = 2 f'(2x)", {}, CORRECT, id="chain-2x"),
    pytest.param(r"\frac{d}{dx} f(2x) = f'(2x)", {}, INCORRECT, id="chain-2x(wrong)"),
    pytest.param(r"\frac{d}{dx} f(x)^2 = 2 f(x) f'(x)", {}, CORRECT, id="chain-square"),
    pytest.param(r"\frac{d}{dx} f(x)^2 = 2 f(x)", {}, INCORRECT, id="chain-square(wrong)"),
    pytest.param(r"\frac{d}{dx} \left(f(x) g(x)\right) = f'(x) g(x) + f(x) g'(x)", {}, CORRECT, id="product-rule"),
    pytest.param(r"\frac{d}{dx} \left(f(x) g(x)\right) = f'(x) g'(x)", {}, INCORRECT, id="product-rule(wrong)"),
    pytest.param(r"\frac{d}{dx} e^{f(x)} = f'(x) e^{f(x)}", {}, CORRECT, id="exp-chain"),
    pytest.param(r"\frac{d}{dx} e^{f(x)} = e^{f(x)}", {}, INCORRECT, id="exp-chain(wrong)"),
    pytest.param(r"\frac{d}{dx} \sigma(f(x)) = \sigma'(f(x)) f'(x)", {}, CORRECT, id="sigma-chain"),
    pytest.param(r"\frac{d}{dx} \sigma(f(x)) = \sigma'(x) f'(x)", {}, INCORRECT, id="sigma-chain(wrong)"),
    pytest.param(r"\frac{d}{dx} \left(3 f(x) + x\right) = 3 f'(x) + 1", {}, CORRECT, id="linear"),
    pytest.param(r"\frac{d}{dx} \left(3 f(x) + x\right) = 3 f'(x)", {}, INCORRECT, id="linear(wrong)"),
    pytest.param(r"f(x) + f(x) = 2 f(x)", {}, CORRECT, id="f+f"),
    pytest.param(r"\frac{d}{dx}\left(f(x) + f(x)\right) = f'(x)", {}, INCORRECT, id="d(f+f)(wrong)"),
    pytest.param(r"\frac{d}{dw}\left(C_0(w) - \eta w\right) = \frac{d C_0}{dw} - \eta", {}, CORRECT, id="eta-const"),
    pytest.param(r"\frac{d}{dw}\left(C_0(w) - \eta w\right) = \frac{d C_0}{dw} + \eta", {}, INCORRECT,
                 id="eta-const(wrong)"),
    # a function on one side only is being defined or constrained: never accused
    pytest.param(r"C(w) = C_0(w) + \frac{\lambda}{2n} w^2", {}, SAFE, id="definition-of-C"),
    pytest.param(r"f'(w) = 0", {}, SAFE, id="condition-f'=0"),
]


@pytest.mark.parametrize("latex, options, expected", UNDEFINED_ROWS)
def test_undefined_functions_checked(latex, options, expected):
    _assert_verdict(_checked(latex, options), expected, latex)


@pytest.mark.parametrize("latex, options, expected", UNDEFINED_ROWS)
def test_undefined_functions_graded(latex, options, expected):
    _assert_verdict(_graded(latex), expected, latex)


def test_a_counterexample_names_its_interpretation():
    v = _checked(r"\frac{d}{dx} f(x)^2 = 2 f(x)", {})
    assert v.verdict == INCORRECT and v.counterexample["interpretation"]["f"].startswith("f(x_1) = ")


# --- 3. component derivatives (exact Jacobian entries on random networks) and the Kronecker delta
SOFTMAX = {"output": "softmax"}
SOFTMAX_LL = {"output": "softmax", "cost": "log-likelihood"}
JACOBIAN_ROWS = [
    pytest.param(r"\frac{\partial a^L_k}{\partial z^L_j} = a^L_k(\delta_{kj} - a^L_j)", SOFTMAX, CORRECT,
                 id="softmax-jacobian"),
    # holds for j ≠ k, fails at j = k: write-ups state it under "when j ≠ k" in prose, so never accused
    pytest.param(r"\frac{\partial a^L_k}{\partial z^L_j} = -a^L_k a^L_j", SOFTMAX, UNCHECKED,
                 id="softmax-jacobian-offdiag(j!=k)"),
    pytest.param(r"\frac{\partial a^L_k}{\partial z^L_j} = a^L_k a^L_j", SOFTMAX, INCORRECT,
                 id="softmax-jacobian-offdiag-sign(wrong)"),
    pytest.param(r"\frac{\partial a^l_k}{\partial z^l_j} = 0", {}, UNCHECKED, id="sigmoid-jacobian-offdiag(j!=k)"),
    pytest.param(r"\frac{\partial a^l_k}{\partial z^l_j} = 1", {}, INCORRECT, id="sigmoid-jacobian=1(wrong)"),
    # a_k δ_kj repeats k within a term: with an implied sum (Einstein notation, which write-ups mix with
    # free indices) the readings disagree, so a wrong form with δ_kj next to a_k is left unchecked
    pytest.param(r"\frac{\partial a^L_k}{\partial z^L_j} = a^L_k(\delta_{kj} + a^L_j)", SOFTMAX, SAFE,
                 id="softmax-jacobian-sign(implied-sum)"),
    pytest.param(r"\frac{\partial a^L_k}{\partial z^L_j} = a^L_j(\delta_{jk} - a^L_k)", SOFTMAX, CORRECT,
                 id="softmax-jacobian-symmetric"),
    # summed over k (Einstein) its right side has no free k while the left has one: only the plain
    # reading is well formed (notation.ambiguity.only_plain_well_formed), and under it the form is wrong
    pytest.param(r"\frac{\partial a^L_k}{\partial z^L_j} = \delta_{kj} a^L_k", SOFTMAX, INCORRECT,
                 id="softmax-jacobian-diag-only(implied-sum)"),
    pytest.param(r"\frac{\partial a^L_j}{\partial z^L_j} = a^L_j(1 - a^L_j)", SOFTMAX, CORRECT, id="softmax-diag"),
    pytest.param(r"\frac{\partial a^L_j}{\partial z^L_j} = a^L_j", SOFTMAX, INCORRECT, id="softmax-diag(wrong)"),
    pytest.param(r"\frac{\partial a^l_k}{\partial z^l_j} = \sigma'(z^l_j) \delta_{kj}", {}, CORRECT,
                 id="sigmoid-jacobian"),
    pytest.param(r"\frac{\partial a^l_k}{\partial z^l_j} = \sigma'(z^l_j)", {}, UNCHECKED,
                 id="sigmoid-jacobian-no-delta(j=k)"),
    pytest.param(r"\frac{\partial a^l_j}{\partial z^l_j} = \sigma(z^l_j)(1 - \sigma(z^l_j))", {}, CORRECT,
                 id="sigmoid-diag"),
    pytest.param(r"\frac{\partial a^l_j}{\partial z^l_j} = \sigma(z^l_j)", {}, INCORRECT, id="sigmoid-diag(wrong)"),
    pytest.param(r"\frac{\partial z^{l+1}_j}{\partial a^l_k} = w^{l+1}_{jk}", {}, CORRECT, id="dz/da"),
    pytest.param(r"\frac{\partial z^{l+1}_j}{\partial a^l_k} = w^{l+1}_{kj}", {}, INCORRECT, id="dz/da-transposed(wrong)"),
    pytest.param(r"\frac{\partial z^{l+1}_j}{\partial a^l_k} = w^{l}_{jk}", {}, INCORRECT, id="dz/da-layer(wrong)"),
    pytest.param(r"\frac{\partial z^l_j}{\partial b^l_k} = \delta_{jk}", {}, CORRECT, id="dz/db"),
    pytest.param(r"\frac{\partial z^l_j}{\partial b^l_k} = 1", {}, UNCHECKED, id="dz/db=1(j=k)"),
    pytest.param(r"\frac{\partial z^l_j}{\partial b^l_k} = \delta_{jk} + 1", {}, INCORRECT, id="dz/db=delta+1(wrong)"),
    pytest.param(r"\frac{\partial z^l_j}{\partial b^l_j} = 1", {}, CORRECT, id="dz/db-diag"),
    pytest.param(r"\frac{\partial z^l_j}{\partial b^l_j} = 0", {}, INCORRECT, id="dz/db-diag(wrong)"),
    pytest.param(r"\frac{\partial C}{\partial b^L_j} = a^L_j - y_j", SOFTMAX_LL, CORRECT, id="softmax-ll-dC/db"),
    pytest.param(r"\frac{\partial C}{\partial b^L_j} = y_j - a^L_j", SOFTMAX_LL, INCORRECT, id="softmax-ll-dC/db(wrong)"),
    pytest.param(r"\delta^L_j = a^L_j - y_j", SOFTMAX_LL, CORRECT, id="softmax-ll-delta"),
    pytest.param(r"\delta^L_j = (a^L_j - y_j) \sigma'(z^L_j)", SOFTMAX_LL, SAFE, id="softmax-ll-delta-sigma'"),
    pytest.param(r"\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_k (a^L_j - y_j)", SOFTMAX_LL, CORRECT,
                 id="softmax-ll-dC/dw"),
    pytest.param(r"\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_j (a^L_k - y_k)", SOFTMAX_LL, INCORRECT,
                 id="softmax-ll-dC/dw(wrong)"),
    pytest.param(r"\delta^L = a^L - y", {"output": "linear", "cost": "quadratic"}, CORRECT, id="linear-delta"),
    pytest.param(r"\delta^L = a^L - y", {}, INCORRECT, id="sigmoid-quadratic-delta(wrong)"),
    pytest.param(r"\sum_k \delta_{jk} x_k = x_j", {}, CORRECT, id="kronecker-sum"),
    pytest.param(r"\sum_k \delta_{jk} x_k = 2 x_j", {}, INCORRECT, id="kronecker-sum(wrong)"),
    pytest.param(r"\sum_k \delta_{jk} x_k = x_k", {}, SAFE, id="kronecker-sum-free-k"),
    pytest.param(r"\delta_{jk} x_k = x_j", {}, SAFE, id="kronecker-einstein"),
    pytest.param(r"\sum_j \delta_{jk} x_j = x_k", {}, CORRECT, id="kronecker-sum-j"),
    pytest.param(r"\sum_j \delta_{jk} x_j = x_j", {}, SAFE, id="kronecker-sum-j-free"),
]


@pytest.mark.parametrize("latex, options, expected", JACOBIAN_ROWS)
def test_jacobians_checked(latex, options, expected):
    _assert_verdict(_checked(latex, options), expected, latex)


# In a write-up the grader also weighs conventions `check` is not told about: weights indexed
# the other way (w_{jk} from neuron j to k), and δ^L = … as the write-up's own definition of δ^L.
# Under them these wrong forms are not refuted, so the grader leaves them unchecked.
GRADER_CONVENTIONS = {r"\frac{\partial z^{l+1}}{\partial a^l} = -(w^{l+1})^T",
                      r"\frac{\partial z^{l+1}_j}{\partial a^l_k} = w^{l+1}_{kj}",
                      r"\frac{\partial z^{l+1}_j}{\partial a^l_k} = w^{l}_{jk}", r"\delta^L = a^L - y"}


@pytest.mark.parametrize("latex, options, expected",
                         [p for p in JACOBIAN_ROWS if not p.values[1]])
def test_jacobians_graded(latex, options, expected):
    _assert_verdict(_graded(latex), UNCHECKED if latex in GRADER_CONVENTIONS else expected, latex)


def test_the_grader_conventions_are_rows_of_the_table():
    assert GRADER_CONVENTIONS <= {p.values[0] for p in JACOBIAN_ROWS + LAYOUT_ROWS}


# --- 5. Jacobians of vectors: both layouts; ambiguous where they disagree
LAYOUT_ROWS = [
    pytest.param(r"\frac{\partial a^l}{\partial z^l} = \Sigma'(z^l)", {}, CORRECT, id="da/dz=Sigma'"),
    pytest.param(r"\frac{\partial a^l}{\partial z^l} = \operatorname{diag}(\sigma'(z^l))", {}, CORRECT,
                 id="da/dz=diag"),
    pytest.param(r"\frac{\partial a^l}{\partial z^l} = 2\Sigma'(z^l)", {}, INCORRECT, id="da/dz=2Sigma'(wrong)"),
    pytest.param(r"\frac{\partial a^l}{\partial z^l} = \operatorname{diag}(\sigma(z^l))", {}, INCORRECT,
                 id="da/dz=diag-sigma(wrong)"),
    pytest.param(r"\frac{\partial a^l}{\partial z^l} = \sigma'(z^l)", {}, UNCHECKED, id="da/dz-elementwise"),
    pytest.param(r"\frac{\partial z^{l+1}}{\partial a^l} = (w^{l+1})^T", {}, UNCHECKED, id="dz/da-layout-T"),
    pytest.param(r"\frac{\partial z^{l+1}}{\partial a^l} = w^{l+1}", {}, UNCHECKED, id="dz/da-layout"),
    pytest.param(r"\frac{\partial z^{l+1}}{\partial a^l} = 2 w^{l+1}", {}, INCORRECT, id="dz/da-2w(wrong)"),
    pytest.param(r"\frac{\partial z^{l+1}}{\partial a^l} = -(w^{l+1})^T", {}, INCORRECT, id="dz/da--wT(wrong)"),
    pytest.param(r"\frac{\partial z^{l}}{\partial b^l} = I", {}, SAFE, id="dz/db=I"),
]


@pytest.mark.parametrize("latex, options, expected", LAYOUT_ROWS)
def test_layouts_checked(latex, options, expected):
    _assert_verdict(_checked(latex, options), expected, latex)


@pytest.mark.parametrize("latex, options, expected", LAYOUT_ROWS)
def test_layouts_graded(latex, options, expected):
    _assert_verdict(_graded(latex), UNCHECKED if latex in GRADER_CONVENTIONS else expected, latex)


def test_an_ambiguous_layout_names_both_layouts():
    v = _checked(r"\frac{\partial z^{l+1}}{\partial a^l} = (w^{l+1})^T", {})
    assert "numerator layout" in v.reason and "denominator (gradient) layout" in v.reason


def test_the_table_is_large():
    rows = FUNCTION_ROWS + UNDEFINED_ROWS + JACOBIAN_ROWS + LAYOUT_ROWS
    assert len({p.values[0] + repr(p.values[1]) for p in rows}) == len(rows) >= 85
