"""Steps in map notation graded (symcheck.grade.maps_check): definitions of layers as maps are recorded, the
layout of ∇ a write-up states is read from ``∇q(x) ∈ ℝ^{r×p}``, and equations between compositions, Jacobians
and gradients are correct when they hold for any maps with the definitions put in. A wrong variant is incorrect
when it fails at every concrete choice of its layers under both layouts of ∇ (grade/maps_accuse.py), and stays
unchecked when one layout saves it. Invented write-ups of the pattern, not text of the corpus."""

import pytest

from symcheck.grade import grade_text

HEAD = r"""# Layers as maps

For $q: \mathbb{R}^p \to \mathbb{R}^r$ we write $\nabla q(x) \in \mathbb{R}^{r \times p}$ for its matrix of
partial derivatives.

The affine maps are
$$
g_{W,c}: \mathbb{R}^{p} \to \mathbb{R}^r, \quad u \mapsto Wu + c
$$
and for each layer we define
$$
H_k := \sigma_k \circ g_{W_k, c_k}: \mathbb{R}^{m_{k-1}} \to \mathbb{R}^{m_k}, \quad u \mapsto \sigma_k(W_k u + c_k)
$$
and the tails
$$
P_k := E \circ H_N \circ \ldots \circ H_{k+1} \circ \sigma_k : \mathbb{R}^{m_k} \to \mathbb{R}
$$
Then:
$$
@
$$
"""


def _grade(step: str):
    text = HEAD.replace("@", step)
    line = HEAD.split("\n").index("@") + 1
    report = grade_text(text)
    return [s.verdict for s in report.steps if s.line == line], report


RIGHT = [
    pytest.param(r"\nabla (q \circ t)(x) = \nabla q(t(x)) \bullet \nabla t(x)", id="chain-rule-in-the-stated-layout"),
    pytest.param(r"P_k = E \circ H_N \circ \ldots \circ H_{k+2} \circ H_{k+1} \circ \sigma_k", id="a-run-peeled"),
    pytest.param(r"P_k = P_{k+1} \circ g_{W_{k+1}, c_{k+1}} \circ \sigma_k", id="the-tail-one-layer-up"),
    pytest.param(r"\operatorname{grad} q(x) = \nabla q(x)^{\top}", id="grad-is-the-transposed-row"),
]

WRONG = [
    pytest.param(r"P_k = P_{k+1} \circ \sigma_k", id="a-layer-dropped"),
    pytest.param(r"P_k = E \circ H_N \circ \ldots \circ H_{k+2} \circ \sigma_k", id="a-run-one-short"),
    pytest.param(r"P_k = -(E \circ H_N \circ \ldots \circ H_{k+1} \circ \sigma_k)", id="a-composition-negated"),
    pytest.param(r"P_k = E \circ H_N \circ \ldots \circ H_{k+3} \circ H_{k+1} \circ \sigma_k", id="a-run-end-off-by-one"),
    pytest.param(r"\nabla \sigma_k (u) = -\nabla \sigma_k (u)^{\top}", id="a-diagonal-negated"),
]

# holds in the layout the write-up does not state: the layouts disagree, so it is neither verified nor accused
OTHER_LAYOUT = [
    pytest.param(r"\nabla (q \circ t)(x) = \nabla t(x) \bullet \nabla q(t(x))", id="chain-rule-in-the-other-layout"),
]


@pytest.mark.parametrize("step", RIGHT)
def test_right_steps_are_verified(step):
    verdicts, _ = _grade(step)
    assert verdicts and all(v.verdict == "correct" for v in verdicts), [v.reason for v in verdicts]


@pytest.mark.parametrize("step", WRONG)
def test_wrong_steps_are_accused(step):
    verdicts, _ = _grade(step)
    assert verdicts and any(v.verdict == "incorrect" for v in verdicts), [v.reason for v in verdicts]
    bad = next(v for v in verdicts if v.verdict == "incorrect")
    assert bad.counterexample and "random maps" in bad.reason


@pytest.mark.parametrize("step", OTHER_LAYOUT)
def test_a_step_one_layout_saves_is_not_accused(step):
    verdicts, _ = _grade(step)
    assert verdicts and all(v.verdict == "unchecked" for v in verdicts), [v.reason for v in verdicts]


def test_a_definition_that_gives_its_values_is_checked():
    _, report = _grade(r"x = x")
    line = HEAD.split("\n").index(r"H_k := \sigma_k \circ g_{W_k, c_k}: \mathbb{R}^{m_{k-1}} \to \mathbb{R}^{m_k}, "
                                  r"\quad u \mapsto \sigma_k(W_k u + c_k)") + 1
    assert [s.verdict.verdict for s in report.steps if s.line == line] == ["correct"]


def test_a_definition_whose_values_disagree_is_incorrect():
    text = HEAD.replace(r"u \mapsto \sigma_k(W_k u + c_k)", r"u \mapsto \sigma_k(W_k u)").replace("@", "x = x")
    line = text.split("\n").index(r"H_k := \sigma_k \circ g_{W_k, c_k}: \mathbb{R}^{m_{k-1}} \to \mathbb{R}^{m_k}, "
                                  r"\quad u \mapsto \sigma_k(W_k u)") + 1
    assert [s.verdict.verdict for s in grade_text(text).steps if s.line == line] == ["incorrect"]


def test_a_definition_whose_values_are_not_read_leaves_the_map_unaccused():
    """g's values are stated in a form the map reader does not read (a number in them): g is not "any map", so
    steps that would fail for a random g are not accused (nor verified)."""
    text = HEAD.replace(r"u \mapsto Wu + c", r"u \mapsto Wu + 1 \cdot c").replace("@", r"H_k(u) = \sigma_k(W_k u + c_k)")
    report = grade_text(text)
    assert all(s.verdict.verdict != "incorrect" for s in report.steps), \
        [(s.line, s.verdict.reason) for s in report.steps if s.verdict.verdict == "incorrect"]
    line = HEAD.split("\n").index("@") + 1
    assert [s.verdict.verdict for s in report.steps if s.line == line] == ["unchecked"]


def test_the_stated_layout_checks_a_later_membership():
    text = HEAD.replace("@", "x = x") + "\nFor $s: \\mathbb{R}^p \\to \\mathbb{R}$ we have $\\nabla s(x) \\in \\mathbb{R}^{1 \\times p}$.\n"
    last = len(text.rstrip("\n").split("\n"))
    assert [s.verdict.verdict for s in grade_text(text).steps if s.line == last] == ["correct"]
    text2 = text.replace(r"\mathbb{R}^{1 \times p}$.", r"\mathbb{R}^{p \times 1}$.")
    assert [s.verdict.verdict for s in grade_text(text2).steps if s.line == last] == ["unchecked"]


# --- a derivative with respect to a named variable, and a stray bracket ------------------------------------
WRT = r"""# Bias derivative

For $q: \mathbb{R}^p \to \mathbb{R}^r$ we write $\nabla q(x) \in \mathbb{R}^{r \times p}$ for its Jacobian.
$$
g_{W,c}: \mathbb{R}^{p} \to \mathbb{R}^r, \quad u \mapsto Wu + c
$$
and
$$
Q_{W,c} := E \circ \sigma \circ g_{W,c} : \mathbb{R}^{p} \to \mathbb{R}
$$
so that
$$
@
$$
"""


@pytest.mark.parametrize("step, want", [
    pytest.param(r"\nabla_c (Q_{W,c}(h))(c_0) = \nabla (E \circ \sigma)(g_{W,c_0}(h)) \bullet \nabla_c g_{W,c}(h)",
                 "correct", id="derivative-in-the-bias-by-the-chain-rule"),
    pytest.param(r"\nabla_c (Q_{W,c}(h))(c_0) = \nabla (E \circ \sigma)(g_{W,c_0}(h)) \bullet W", "incorrect",
                 id="the-weights-for-the-identity"),
    pytest.param(r"\nabla_c (Q_{W,c}(h))(c_0) = \nabla (E \circ \sigma)(g_{W,c_0}(h)))", "correct",
                 id="a-stray-closing-bracket"),
    # c is not a parameter of a map here: E(z) may depend on c through a definition of z not read here
    pytest.param(r"\nabla_c (E \circ \sigma)(z) = \nabla_c (E \circ \sigma)(h)", "unchecked",
                 id="a-variable-that-is-not-a-parameter"),
])
def test_derivative_in_a_named_variable(step, want):
    text = WRT.replace("@", step)
    line = WRT.split("\n").index("@") + 1
    got = [s.verdict for s in grade_text(text).steps if s.line == line]
    assert got and all(v.verdict == want for v in got), [v.reason for v in got]


def test_a_variable_a_definition_uses_is_not_differentiated():
    """∇_{c_k} of a composition whose layers are defined with c_k: the dependence is hidden in the definitions,
    so the step is left to the other checks rather than read as a derivative of something constant."""
    text = HEAD.replace("@", r"\nabla_{c_k} (E \circ H_N \circ \ldots \circ H_1)(x) = \nabla_{c_k} E(x)")
    line = HEAD.split("\n").index("@") + 1
    assert all(s.verdict.verdict != "correct" for s in grade_text(text).steps if s.line == line)


# No layout stated: a step well-formed in one layout only (grad written as the transposed row ∇q(x)^T, or as ∇q(x)
# itself) establishes that layout, and later steps are read in it: the other way of writing grad is then not
# verified (nor accused).
UNSTATED = r"""# Layers as maps

The affine maps are
$$
g_{W,c}: \mathbb{R}^{p} \to \mathbb{R}^r, \quad u \mapsto Wu + c
$$
and for each layer we define
$$
H_k := \sigma_k \circ g_{W_k, c_k}: \mathbb{R}^{m_{k-1}} \to \mathbb{R}^{m_k}, \quad u \mapsto \sigma_k(W_k u + c_k)
$$
and the tails
$$
P_k := E \circ H_N \circ \ldots \circ H_{k+1} \circ \sigma_k : \mathbb{R}^{m_k} \to \mathbb{R}
$$
Its gradient:
$$
FIRST
$$
and again:
$$
SECOND
$$
"""
ROW = r"\operatorname{grad} P_k(x) = \nabla P_k(x)^{\top}"
COLUMN = r"\operatorname{grad} P_k(x) = \nabla P_k(x)"


@pytest.mark.parametrize("first, second", [
    pytest.param(ROW, COLUMN, id="jacobian-established-then-grad-as-nabla"),
    pytest.param(COLUMN, ROW, id="transposed-established-then-grad-as-the-row"),
])
def test_a_step_well_formed_in_one_layout_establishes_it(first, second):
    text = UNSTATED.replace("FIRST", first).replace("SECOND", second)
    lines = UNSTATED.split("\n")
    at = {name: lines.index(name) + 1 for name in ("FIRST", "SECOND")}
    report = grade_text(text)
    one = [s.verdict for s in report.steps if s.line == at["FIRST"]]
    two = [s.verdict for s in report.steps if s.line == at["SECOND"]]
    assert one and all(v.verdict == "correct" for v in one), [v.reason for v in one]
    assert "the only layout in which it is well-formed" in one[0].reason
    assert two and all(v.verdict == "unchecked" for v in two), [v.reason for v in two]
    alone = grade_text(UNSTATED.replace("FIRST", second).replace("SECOND", second))
    assert all(s.verdict.verdict == "correct" for s in alone.steps if s.line == at["SECOND"])  # consistent: verified


@pytest.mark.parametrize("space, want", [
    pytest.param(r"1 \times p", "correct", id="the-stated-layout"),
    pytest.param(r"p \times 1", "unchecked", id="the-other-layout"),
    pytest.param(r"2 \times p", "incorrect", id="a-size-no-layout-gives"),
    pytest.param(r"1 \times (p+1)", "unchecked", id="a-size-not-read"),
])
def test_a_membership_of_a_jacobian(space, want):
    text = HEAD.replace("@", "x = x") + f"\nFor $s: \\mathbb{{R}}^p \\to \\mathbb{{R}}$ we have $\\nabla s(x) \\in \\mathbb{{R}}^{{{space}}}$.\n"
    last = len(text.rstrip("\n").split("\n"))
    assert [s.verdict.verdict for s in grade_text(text).steps if s.line == last] == [want]


@pytest.mark.parametrize("step", [
    pytest.param(r"y \circ (x \circ y) = (y \circ x) \circ y", id="hadamard-product-associates"),
    pytest.param(r"x \circ y = y \circ x", id="hadamard-of-plain-letters"),
])
def test_circ_between_values_is_not_accused_as_composition(step):
    """∘ between names nothing makes maps may be the Hadamard product: not read as a composition to accuse."""
    verdicts, _ = _grade(step)
    assert verdicts and all(v.verdict != "incorrect" for v in verdicts), [v.reason for v in verdicts]
