"""Vectors and gradients under random interpretations (issue 12.1, 12.3, 12.4): ∇C, Δv, ΔC,
norms, dot products, ⟨u, v⟩, ⊗ and outer products, diag, Cauchy–Schwarz, the first-order
model ΔC ≈ ∇C·Δv, the optimal step −ε∇C/‖∇C‖, η‖∇C‖², regularised updates.

Each row is checked the way ``symcheck check`` checks it and as a step of a graded
Markdown file, with the same verdict. A wrong form must come out incorrect with a
counterexample; a right form never incorrect."""

import pytest
import sympy as sp

from symcheck.grade.grader import grade_text
from symcheck.notation import Context, check_reading, read
from symcheck.notation import gradients, vectors
from symcheck.notation.worlds import World

CORRECT, INCORRECT, UNCHECKED = "correct", "incorrect", "unchecked"

ROWS = [
    # --- Cauchy–Schwarz, norms of ∇C and Δv
    pytest.param(r"|\nabla C \cdot \Delta v| \le \|\nabla C\| \, \|\Delta v\|", CORRECT, id="cauchy-schwarz"),
    pytest.param(r"|\nabla C \cdot \Delta v| \ge \|\nabla C\| \, \|\Delta v\|", INCORRECT, id="cauchy-schwarz-ge(wrong)"),
    pytest.param(r"\nabla C \cdot \Delta v \le \|\nabla C\| \|\Delta v\|", CORRECT, id="cs-without-abs"),
    pytest.param(r"-\|\nabla C\| \|\Delta v\| \le \nabla C \cdot \Delta v", CORRECT, id="cs-lower"),
    pytest.param(r"\|\nabla C\| \|\Delta v\| \le \nabla C \cdot \Delta v", INCORRECT, id="cs-lower(wrong)"),
    pytest.param(r"|\langle x, y \rangle| \le \|x\| \|y\|", CORRECT, id="cs-angle"),
    pytest.param(r"(x \cdot y)^2 \le \|x\|^2 \|y\|^2", CORRECT, id="cs-squared"),
    pytest.param(r"\|x + y\| \le \|x\| + \|y\|", CORRECT, id="triangle"),
    pytest.param(r"\|x + y\| \ge \|x\| + \|y\|", INCORRECT, id="triangle(wrong)"),
    pytest.param(r"\nabla C \cdot \nabla C = \|\nabla C\|^2", CORRECT, id="grad.grad=norm^2"),
    pytest.param(r"\nabla C \cdot \nabla C = \|\nabla C\|", INCORRECT, id="grad.grad=norm(wrong)"),
    pytest.param(r"\|\eta \nabla C\| = \eta \|\nabla C\|", CORRECT, id="norm-homogeneous"),
    pytest.param(r"\|\eta \nabla C\| = \eta^2 \|\nabla C\|", INCORRECT, id="norm-homogeneous(wrong)"),
    pytest.param(r"\|x\|^2 = x \cdot x", CORRECT, id="norm^2=x.x"),
    pytest.param(r"\|x\|^2 = \langle x, x \rangle", CORRECT, id="norm^2=<x,x>"),
    pytest.param(r"\|x\|^2 = x^T x", CORRECT, id="norm^2=xTx"),
    pytest.param(r"\|x\|^2 = x^T y", INCORRECT, id="norm^2=xTy(wrong)"),
    pytest.param(r"\|x\| = x \cdot x", INCORRECT, id="norm=x.x(wrong)"),
    pytest.param(r"\|x - y\|^2 = \|x\|^2 - 2 x \cdot y + \|y\|^2", CORRECT, id="expand-norm"),
    pytest.param(r"\|x - y\|^2 = \|x\|^2 - x \cdot y + \|y\|^2", INCORRECT, id="expand-norm(wrong)"),
    # --- dot products and ⟨,⟩
    pytest.param(r"x \cdot y = x^T y", CORRECT, id="x.y=xTy"),
    pytest.param(r"\langle x, y \rangle = x^T y", CORRECT, id="<x,y>=xTy"),
    pytest.param(r"\langle x, y \rangle = x \cdot y", CORRECT, id="<x,y>=x.y"),
    pytest.param(r"\langle x, y \rangle = \langle y, x \rangle", CORRECT, id="<>-symmetric"),
    pytest.param(r"x^T y = y^T x", CORRECT, id="xTy=yTx"),
    pytest.param(r"\langle x, y + u \rangle = \langle x, y \rangle + \langle x, u \rangle", CORRECT, id="<>-linear"),
    pytest.param(r"\langle x, y + u \rangle = \langle x, y \rangle \langle x, u \rangle", INCORRECT,
                 id="<>-linear(wrong)"),
    pytest.param(r"\langle x, y \rangle = x^T x", INCORRECT, id="<x,y>=xTx(wrong)"),
    pytest.param(r"\nabla C \cdot \Delta v = \Delta v \cdot \nabla C", CORRECT, id="dot-symmetric"),
    pytest.param(r"\langle \nabla C, \Delta v \rangle = \Delta v^T \nabla C", CORRECT, id="<grad,dv>=dvT grad"),
    pytest.param(r"\langle \nabla C, \Delta v \rangle = 2 \langle \Delta v, \nabla C \rangle", INCORRECT,
                 id="<grad,dv>=2<dv,grad>(wrong)"),
    pytest.param(r"\langle \nabla C, \Delta v \rangle = \langle \nabla C, \nabla C \rangle", UNCHECKED,
                 id="gives-the-step"),
    # --- outer products, ⊗, diag
    pytest.param(r"x y^T = x \otimes y", CORRECT, id="xyT=x(x)y"),
    pytest.param(r"x y^T = y \otimes x", INCORRECT, id="xyT=y(x)x(wrong)"),
    pytest.param(r"(x \otimes y)^T = y \otimes x", CORRECT, id="outer-transpose"),
    pytest.param(r"(x \otimes y)^T = x \otimes y", INCORRECT, id="outer-transpose(wrong)"),
    pytest.param(r"(x \otimes y) u = (y \cdot u) x", CORRECT, id="outer-times-vector"),
    pytest.param(r"(x \otimes y) u = (x \cdot u) y", INCORRECT, id="outer-times-vector(wrong)"),
    pytest.param(r"x \otimes y = y x^T", INCORRECT, id="outer=yxT(wrong)"),
    pytest.param(r"\operatorname{diag}(v) x = v \odot x", CORRECT, id="diag(v)x=v*x"),
    pytest.param(r"\operatorname{diag}(x) y = \operatorname{diag}(y) x", CORRECT, id="diag-commutes"),
    pytest.param(r"\operatorname{diag}(v) x = \operatorname{diag}(x) x", INCORRECT, id="diag(v)x=diag(x)x(wrong)"),
    pytest.param(r"x^T \operatorname{diag}(v) y = v^T (x \odot y)", CORRECT, id="xT diag(v) y"),
    pytest.param(r"x^T \operatorname{diag}(v) y = v^T x", INCORRECT, id="xT diag(v) y(wrong)"),
    # --- the first-order model ΔC ≈ ∇C·Δv
    pytest.param(r"\Delta C \approx \nabla C \cdot \Delta v", CORRECT, id="first-order"),
    pytest.param(r"\Delta C \approx \langle \nabla C, \Delta v \rangle", CORRECT, id="first-order-<>"),
    pytest.param(r"\Delta C \approx \nabla C^T \Delta v", CORRECT, id="first-order-T"),
    pytest.param(r"\Delta C \approx -\nabla C \cdot \Delta v", INCORRECT, id="first-order-sign(wrong)"),
    pytest.param(r"\Delta C \approx \|\nabla C\| \|\Delta v\|", INCORRECT, id="first-order-norms(wrong)"),
    pytest.param(r"\Delta C \approx 2 \nabla C \cdot \Delta v", INCORRECT, id="first-order-2(wrong)"),
    pytest.param(r"\Delta C \approx \nabla C \cdot \Delta v + \|\Delta v\|^2", CORRECT, id="first-order+o(dv)"),
    pytest.param(r"\Delta C \approx \nabla C \cdot \Delta v + \|\Delta v\|", INCORRECT, id="first-order+|dv|(wrong)"),
    pytest.param(r"C(v + \Delta v) \approx C(v) + \nabla C \cdot \Delta v", CORRECT, id="taylor"),
    pytest.param(r"C(v + \Delta v) \approx C(v) - \langle \nabla C, \Delta v \rangle", INCORRECT, id="taylor(wrong)"),
    pytest.param(r"C(v + \Delta v) - C(v) = \Delta C", CORRECT, id="change-def"),
    pytest.param(r"-\langle \nabla C, \Delta v \rangle = \Delta C", INCORRECT, id="change=-grad.dv(wrong)"),
    pytest.param(r"\Delta C = \langle \nabla C, \Delta v \rangle", UNCHECKED, id="change=grad.dv(first-order-only)"),
    pytest.param(r"\Delta C \approx -\eta \|\nabla C\|^2", UNCHECKED, id="change-without-step"),
    # --- the optimal step and the gradient-descent step
    pytest.param(r"\Delta v = -\frac{\epsilon \nabla C}{\|\nabla C\|}", UNCHECKED, id="optimal-step-def"),
    pytest.param(r"\nabla C \cdot \left(-\frac{\epsilon \nabla C}{\|\nabla C\|}\right) = -\epsilon \|\nabla C\|",
                 CORRECT, id="optimal-step-value"),
    pytest.param(r"\nabla C \cdot \left(-\frac{\epsilon \nabla C}{\|\nabla C\|}\right) = -\epsilon \|\nabla C\|^2",
                 INCORRECT, id="optimal-step-value(wrong)"),
    pytest.param(r"\left\|-\frac{\epsilon \nabla C}{\|\nabla C\|}\right\| = \epsilon", CORRECT, id="optimal-step-length"),
    pytest.param(r"\left\|-\frac{\epsilon \nabla C}{\|\nabla C\|}\right\| = \epsilon \|\nabla C\|", INCORRECT,
                 id="optimal-step-length(wrong)"),
    pytest.param(r"\nabla C \cdot (-\eta \nabla C) = -\eta \|\nabla C\|^2", CORRECT, id="eta-step-value"),
    pytest.param(r"\nabla C \cdot (-\eta \nabla C) = -\eta \|\nabla C\|", INCORRECT, id="eta-step-value(wrong)"),
    pytest.param(r"\epsilon \|\nabla C\| \le \nabla C \cdot \Delta v", INCORRECT, id="eps-bound(wrong)"),
    pytest.param(r"|\nabla C \cdot \Delta v| \le \|\nabla C\| \epsilon", UNCHECKED, id="eps-bound(needs |dv|=eps)"),
    pytest.param(r"v_{new} = v_{old} + \Delta v_{old} = v_{old} - \eta \nabla C", UNCHECKED, id="update-gives-step"),
    # --- regularised updates (scalar w, undefined C_0 as random functions)
    pytest.param(r"w - \eta\left(\frac{\partial C_0}{\partial w} + \frac{\lambda}{n} w\right) = "
                 r"\left(1 - \frac{\eta\lambda}{n}\right) w - \eta \frac{\partial C_0}{\partial w}", CORRECT,
                 id="l2-update"),
    pytest.param(r"w - \eta\left(\frac{\partial C_0}{\partial w} + \frac{\lambda}{n} w\right) = "
                 r"\left(1 - \frac{\eta\lambda}{2n}\right) w - \eta \frac{\partial C_0}{\partial w}", INCORRECT,
                 id="l2-update(wrong)"),
    pytest.param(r"\frac{\partial}{\partial w}\left(C_0(w) + \frac{\lambda}{2n} w^2\right) = "
                 r"\frac{\partial C_0}{\partial w} + \frac{\lambda}{n} w", CORRECT, id="l2-gradient"),
    pytest.param(r"\frac{\partial}{\partial w}\left(C_0(w) + \frac{\lambda}{2n} w^2\right) = "
                 r"\frac{\partial C_0}{\partial w} + \frac{\lambda}{2n} w", INCORRECT, id="l2-gradient(wrong)"),
]


def _graded(latex):
    steps = grade_text(f"$$\n{latex}\n$$\n", kind="md").steps
    assert steps, latex
    return steps[-1].verdict


def _condition_in_a_file(latex) -> bool:
    """An equation (not ≤, ≈) between plain vectors only: in a write-up, as in plain algebra, it may
    be a condition on them (−‖u‖‖v‖ = u·v when u = −αv), so the grader does not accuse it."""
    r = read(latex)
    return r.relations == ("=",) and all(gradients.plain_vectors(p) for p in r.parts)


@pytest.mark.parametrize("latex,expected", ROWS)
def test_check_and_grade_agree_on_the_expected_verdict(latex, expected):
    checked = check_reading(read(latex), Context())
    assert checked.verdict == expected, (latex, checked.verdict, checked.reason)
    if expected == INCORRECT:
        assert checked.counterexample, (latex, checked.reason)
    graded = _graded(latex)
    if expected == INCORRECT and _condition_in_a_file(latex):
        assert graded.verdict == UNCHECKED and "condition" in graded.reason, (latex, graded.reason)
    else:
        assert graded.verdict == expected, (latex, graded.verdict, graded.reason)
        assert graded.counterexample or expected != INCORRECT


def test_a_condition_in_a_file_is_not_accused_but_a_chain_row_is():
    condition = grade_text("$$\n-\\|u\\| \\|v\\| = u \\cdot v\n$$\n", kind="md").steps[-1].verdict
    assert condition.verdict == UNCHECKED
    chain = grade_text("$$\n\\|x\\|^2 = x^T x = x^T y\n$$\n", kind="md").steps[-1].verdict
    assert chain.verdict == INCORRECT and chain.counterexample


def test_the_table_is_large_and_balanced():
    expected = [p.values[1] for p in ROWS]
    assert len(ROWS) >= 50
    assert expected.count(INCORRECT) >= 20 and expected.count(CORRECT) >= 20


GD_CHAIN = """# Gradient descent

The change in the cost is

$$\\Delta C \\approx \\nabla C \\cdot \\Delta v$$

We choose

$$\\Delta v = -\\eta \\nabla C$$

so that

$$\\Delta C \\approx -\\eta \\|\\nabla C\\|^{POWER}$$
"""


@pytest.mark.parametrize("power,expected", [
    pytest.param("2", CORRECT, id="eta|grad|^2"),
    pytest.param("1", INCORRECT, id="eta|grad|(wrong)"),
])
def test_graded_gradient_descent_chain(power, expected):
    steps = grade_text(GD_CHAIN.replace("POWER", power), kind="md").steps
    verdicts = [s.verdict.verdict for s in steps]
    assert verdicts[0] == CORRECT, steps[0].verdict.reason
    assert verdicts[-1] == expected, steps[-1].verdict.reason
    if expected == INCORRECT:
        assert steps[-1].verdict.counterexample


def test_the_step_defined_earlier_is_used():
    step = read(r"\Delta v = -\eta \nabla C").parts[1]
    given = gradients.step_definitions({vectors.STEP: step, "x": sp.Integer(3)})
    assert set(given) == {vectors.STEP}
    ctx = Context(given=given)
    assert check_reading(read(r"\Delta C \approx -\eta \|\nabla C\|^2"), ctx).verdict == CORRECT
    assert check_reading(read(r"\nabla C \cdot \Delta v = -\eta \|\nabla C\|^2"), ctx).verdict == CORRECT
    assert check_reading(read(r"\|\Delta v\| = \eta \|\nabla C\|"), ctx).verdict == CORRECT
    assert check_reading(read(r"\Delta C \approx -\eta \|\nabla C\|"), ctx).verdict == INCORRECT


def test_the_optimal_step_given():
    step = read(r"\Delta v = -\frac{\epsilon \nabla C}{\|\nabla C\|}").parts[1]
    ctx = Context(given={vectors.STEP: step})
    assert check_reading(read(r"\nabla C \cdot \Delta v = -\epsilon \|\nabla C\|"), ctx).verdict == CORRECT
    assert check_reading(read(r"\|\Delta v\| = \epsilon"), ctx).verdict == CORRECT
    assert check_reading(read(r"\nabla C \cdot \Delta v = -\epsilon"), ctx).verdict == INCORRECT


@pytest.mark.parametrize("latex,parts", [
    pytest.param(r"\nabla C \cdot \Delta v", "<∇C, Δv>", id="dot"),
    pytest.param(r"\langle x, y \rangle", "<x, y>", id="angle"),
    pytest.param(r"x \otimes y", "(x ⊗ y)", id="otimes"),
    pytest.param(r"\Delta C", "ΔC", id="change"),
    pytest.param(r"\Delta v_{old}", "Δv_old", id="step-subscript"),
    pytest.param(r"\Delta^l", "Delta^(l)", id="batch-delta-kept"),
])
def test_readings(latex, parts):
    assert " | ".join(sp.sstr(p) for p in read(latex).parts) == parts


def test_dot_between_vectors_has_the_elementwise_reading_too():
    r = read(r"\nabla C \cdot \Delta v = \Delta v \cdot \nabla C")
    assert r.established and r.alternatives
    assert r.alternatives[0].parts[0].has(sp.Function("Had")) or "⊙" in sp.sstr(r.alternatives[0].parts[0])


def test_scalar_and_vector_readings_disagree_is_unchecked():
    # (x·y)² = ‖x‖²‖y‖² holds for numbers and fails for vectors; nothing says which x, y are
    v = check_reading(read(r"(x \cdot y)^2 = \|x\|^2 \|y\|^2"), Context())
    assert v.verdict == UNCHECKED and "numbers" in v.reason


def test_a_world_gives_exact_gradients():
    import numpy as np

    w = World(3, np.random.default_rng(0), Context())
    grad = w.ev(vectors.Nabla(sp.Symbol("C", real=True)))
    lam = w.function("C", 3)
    point = w.vector("v")
    assert grad == sp.Matrix([sp.diff(lam.expr, x) for x in lam.variables]).xreplace(dict(zip(lam.variables, point)))
    assert all(isinstance(c, sp.Rational) for c in point)


def test_kronecker_otimes_is_refused():
    from symcheck.errors import ParseError

    with pytest.raises(ParseError):
        read(r"A \otimes B")


OPTIMAL_STEP = """# The optimal step

$$\\Delta v = -\\frac{\\epsilon \\nabla C}{\\|\\nabla C\\|}$$

Then

$$\\nabla C \\cdot \\Delta v = FIRST$$

and

$$\\|\\Delta v\\| = SECOND$$
"""


@pytest.mark.parametrize("first,second,expected", [
    pytest.param(r"-\epsilon \|\nabla C\|", r"\epsilon", (CORRECT, CORRECT), id="right"),
    pytest.param(r"-\epsilon \|\nabla C\|^2", r"\epsilon \|\nabla C\|", (INCORRECT, INCORRECT), id="wrong"),
])
def test_graded_optimal_step(first, second, expected):
    text = OPTIMAL_STEP.replace("FIRST", first).replace("SECOND", second)
    steps = grade_text(text, kind="md").steps
    assert steps[0].verdict.verdict == UNCHECKED  # the definition of the step, recorded
    assert tuple(s.verdict.verdict for s in steps[1:]) == expected, [s.verdict.reason for s in steps]


# --- the step length the text states (ε = ‖Δv‖) ---------------------------------------------------
LENGTH_TEXT = "For every step $\\Delta v$ of length $\\epsilon$, Cauchy–Schwarz gives\n\n$$@$$\n"


@pytest.mark.parametrize("step,expected", [
    pytest.param(r"-\epsilon \|\nabla C\| \leq \nabla C \cdot \Delta v", "correct", id="lower-bound-holds"),
    pytest.param(r"\nabla C \cdot \Delta v \leq \epsilon \|\nabla C\|", "correct", id="upper-bound-holds"),
    pytest.param(r"-\epsilon \|\nabla C\| \geq \nabla C \cdot \Delta v", "incorrect", id="bound-reversed"),
    pytest.param(r"-\epsilon^2 \|\nabla C\| \leq \nabla C \cdot \Delta v", "incorrect", id="length-squared"),
])
def test_the_stated_step_length_ties_epsilon_to_the_step(step, expected):
    got = [s.verdict for s in grade_text(LENGTH_TEXT.replace("@", step)).steps]
    assert [v.verdict for v in got] == [expected], [(v.verdict, v.reason) for v in got]


def test_without_the_stated_length_epsilon_stays_open():
    text = "Cauchy–Schwarz gives\n\n$$-\\epsilon \\|\\nabla C\\| \\leq \\nabla C \\cdot \\Delta v$$\n"
    got = [s.verdict for s in grade_text(text).steps]
    assert [v.verdict for v in got] == ["unchecked"], [(v.verdict, v.reason) for v in got]


@pytest.mark.parametrize("words,stated", [
    pytest.param(r"for all $\delta v$ of length $\epsilon$", True, id="of-length"),
    pytest.param(r"a step $\delta v$ with norm $\varepsilon$", True, id="with-norm"),
    pytest.param(r"keeping $\| \delta v \| = \epsilon$", True, id="norm-equation"),
    pytest.param(r"a step $\delta v$ of length $\eta$", False, id="another-name"),
    pytest.param(r"$\| \delta v \| = \epsilon_0$", False, id="another-epsilon"),
])
def test_step_length_stated(words, stated):
    assert gradients.step_length_stated(words) is stated
