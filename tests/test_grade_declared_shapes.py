"""Steps of a graded write-up checked against the dimensions it declared
(symcheck.grade.declared_shapes): memberships verified or refuted at concrete sizes,
gradients with respect to matrices written with the transposed shape, tuples with the
wrong number of entries, derivatives through an affine map in the file's row or column
convention. Undeclared notation keeps its old verdicts."""

import pytest

from symcheck.grade import grade_text

NET = r"""# A small network

Let $L$ be the number of layers. For each layer $k$ we have a matrix $U_k \in \mathbb{R}^{d_k \times d_{k-1}}$
and an offset $c_k \in \mathbb{R}^{d_k}$, with $d_0 = d_{in}$. The activation $\phi_k:\mathbb{R} \to \mathbb{R}$
acts on each entry, and the loss is $S:\mathbb{R}^{d_L} \to \mathbb{R}$.

The forward pass:

$$
\begin{aligned}
h_0 &:= x \\
s_k &:= U_k h_{k-1} + c_k \in \mathbb{R}^{d_k} \\
h_k &:= \phi_k(s_k) \in \mathbb{R}^{d_k}
\end{aligned}
$$

The errors $e_k := \operatorname{grad}_{s_k} S(h_L) \in \mathbb{R}^{d_k}$ give

$$
\operatorname{grad}_{U_k} S(h_L) = GRAD
$$

We also write $\Psi_k := (c_k, U_k) \in \mathbb{R}^{SPACE}$ for all the parameters of layer $k$.
"""


def _grade(grad=r"e_k h_{k-1}^\top", space=r"d_k \times (d_{k-1}+1)"):
    text = NET.replace("GRAD", grad).replace("SPACE", space)
    return [(s.line, s.verdict.verdict, s.verdict.check) for s in grade_text(text).steps]


def _line_verdicts(steps, line):
    return {v for ln, v, _ in steps if ln == line}


@pytest.mark.parametrize("grad,verdict", [
    pytest.param(r"e_k h_{k-1}^\top", {"unchecked"}, id="right-shape-not-a-proof"),
    pytest.param(r"h_{k-1} e_k^\top", {"incorrect"}, id="transposed-gradient"),
    pytest.param(r"h_{k-1}^\top e_k", {"incorrect"}, id="a-number-for-a-matrix"),
    pytest.param(r"U_k e_k", {"incorrect"}, id="ill-formed"),
])
def test_gradient_with_respect_to_a_matrix(grad, verdict):
    steps = _grade(grad=grad)
    assert _line_verdicts(steps, 20) == verdict


def test_memberships_are_verified():
    steps = _grade()
    # h_k = phi_k(s_k) lies in R^{d_k} (s_k declared the row before); e_k is a gradient by s_k
    assert "correct" in _line_verdicts(steps, 13)
    assert "correct" in _line_verdicts(steps, 17)
    assert "exact shape" in {str(c.value) for ln, v, c in steps if ln == 13 and v == "correct"}
    # the row of s_k uses h_{k-1}, which nothing declared before it: not checked
    assert _line_verdicts(steps, 12) == {"unchecked"}


@pytest.mark.parametrize("space,verdict", [
    pytest.param(r"d_k \times (d_{k-1}+1)", "unchecked", id="right-count-of-entries"),
    pytest.param(r"(d_k+1) \times d_{k-1}", "incorrect", id="one-row-too-many"),
    pytest.param(r"d_k + d_k d_{k-1}", "unchecked", id="a-long-vector"),
])
def test_tuple_of_parameters(space, verdict):
    steps = _grade(space=space)
    assert _line_verdicts(steps, 23) - {"unchecked"} == ({verdict} - {"unchecked"})


def test_a_wrong_membership():
    text = NET.replace(r"h_k &:= \phi_k(s_k) \in \mathbb{R}^{d_k}", r"h_k &:= \phi_k(s_k) \in \mathbb{R}^{d_{k-1}}")
    text = text.replace("GRAD", r"e_k h_{k-1}^\top").replace("SPACE", r"d_k \times (d_{k-1}+1)")
    steps = grade_text(text).steps
    bad = [s for s in steps if s.verdict.verdict == "incorrect"]
    assert [s.line for s in bad] == [13]
    assert "sizes" in bad[0].verdict.counterexample


def test_a_declared_name_declared_again_is_not_accused():
    text = ("Let $V \\in \\mathbb{R}^{p \\times q}$ and $u \\in \\mathbb{R}^{q}$.\n\n"
            "Later, for another map, let $V \\in \\mathbb{R}^{r \\times r}$.\n")
    assert all(s.verdict.verdict != "incorrect" for s in grade_text(text).steps)


def test_undeclared_notation_is_unchanged():
    text = ("The layer computes\n\n$$\nz = W x + b \\in \\mathbb{R}^{n}\n$$\n\nand "
            "$$\n\\nabla_W C = x \\delta^T\n$$\n")
    assert all(s.verdict.check != "exact shape" for s in grade_text(text).steps)


ROWS = r"""# One layer

Take $\vec s = M \vec u + \vec c$. Here all vectors are rows.

$$
\frac{\partial E}{\partial \vec u} = RHS
$$

$$
\frac{\partial E}{\partial \vec c} = \frac{\partial E}{\partial \vec s}
$$
"""


@pytest.mark.parametrize("rhs,verdict", [
    pytest.param(r"\frac{\partial E}{\partial \vec s} M", "correct", id="row-convention-right"),
    pytest.param(r"\frac{\partial E}{\partial \vec s} M^T", "incorrect", id="row-convention-transposed"),
    pytest.param(r"M^T \frac{\partial E}{\partial \vec s}", "unchecked", id="column-form-in-a-row-file"),
])
def test_row_convention(rhs, verdict):
    steps = grade_text(ROWS.replace("RHS", rhs)).steps
    assert {s.verdict.verdict for s in steps if s.line == 6} == {verdict}
    assert {s.verdict.verdict for s in steps if s.line == 10} == {"correct"}


@pytest.mark.parametrize("text,accused", [
    pytest.param("Let $x \\in \\mathbb{R}^{p}$ and $U_1 \\in \\mathbb{R}^{d_1 \\times d_0}$.\n\n"
                 "$$\nr = U_1 x\n$$\n\n$$\n\\nabla_{U_1} C = x r^T\n$$\n", False,
                 id="sizes-of-other-families-may-be-meant-equal"),
    pytest.param("Let $U_k \\in \\mathbb{R}^{d_k \\times d_{k-1}}$ and $c_k \\in \\mathbb{R}^{d_k}$.\n\n"
                 "$$\nU_k = c_k c_k^T\n$$\n", False, id="a-name-defined-anew"),
    pytest.param("Let $U_k \\in \\mathbb{R}^{d_k \\times d_{k-1}}$ and $c_k \\in \\mathbb{R}^{d_k}$.\n\n"
                 "$$\nr_k = U_k c_k\n$$\n", True, id="ill-formed-side"),
    pytest.param("Let $U_k \\in \\mathbb{R}^{d_k \\times d_{k-1}}$ and $c_k \\in \\mathbb{R}^{d_k}$.\n\n"
                 "$$\n\\nabla_{U_k} C = c_{k-1} c_k^T\n$$\n", True, id="layers-a-constant-apart-differ"),
    pytest.param("Let $U_k \\in \\mathbb{R}^{d_k \\times d_{k-1}}$ and $c_k \\in \\mathbb{R}^{d_k}$.\n\n"
                 "$$\n\\nabla_{U_k} C = c_{k} c_K^T\n$$\n", False, id="a-layer-and-the-last-may-be-one"),
])
def test_accusations_need_every_identification_to_fail(text, accused):
    steps = grade_text(text).steps
    assert any(s.verdict.verdict == "incorrect" for s in steps) == accused, \
        [(s.line, s.verdict.verdict, s.verdict.reason) for s in steps]


def test_a_stated_layout_decides_the_derivative_by_the_matrix():
    text = ("We use the numerator layout. Take $\\vec s = M \\vec u + \\vec c$.\n\n"
            "$$\n\\frac{\\partial E}{\\partial M} = \\vec u \\frac{\\partial E}{\\partial \\vec s}^T\n$$\n")
    assert {s.verdict.verdict for s in grade_text(text).steps if s.line == 4} == {"correct"}
    plain = text.replace("We use the numerator layout. ", "")
    assert {s.verdict.verdict for s in grade_text(plain).steps if s.line == 4} == {"unchecked"}


@pytest.mark.parametrize("space, verdict", [
    pytest.param(r"d_L", "correct", id="the-size-its-definition-fixes"),
    pytest.param(r"d_L + 1", "incorrect", id="one-entry-too-many"),
])
def test_a_defined_quantity_stated_with_other_sizes(space, verdict):
    """h_L is defined (h_L := φ_L(s_L) ∈ ℝ^{d_L}): a later chain y := h_L ∈ ℝ^{…} states its size, which its
    definition fixes; other sizes are no new declaration but a wrong one (grade/declared_shapes._fixed)."""
    text = NET.replace("GRAD", r"e_k h_{k-1}^\top").replace("SPACE", r"d_k \times (d_{k-1}+1)")
    text = text.replace(r"h_k &:= \phi_k(s_k) \in \mathbb{R}^{d_k}" + "\n",
                        r"h_k &:= \phi_k(s_k) \in \mathbb{R}^{d_k} \\" + "\n"
                        r"h_L &:= \phi_L(s_L) \in \mathbb{R}^{d_L} \\" + "\n"
                        r"y &:= h_L \in \mathbb{R}^{" + space + "}\n")
    line = text.split("\n").index(r"y &:= h_L \in \mathbb{R}^{" + space + "}") + 1
    got = {s.verdict.verdict for s in grade_text(text).steps if s.line == line and s.verdict.check == "exact shape"}
    assert got == {verdict}


@pytest.mark.parametrize("space, verdict", [
    pytest.param(r"p", "correct", id="the-size-the-paragraph-declares"),
    pytest.param(r"p + 1", "incorrect", id="other-sizes-in-the-same-breath"),
])
def test_a_name_declared_in_the_paragraph_of_the_display(space, verdict):
    """x ∈ ℝ^p in the prose right before a display whose chain h_0 := x ∈ ℝ^{…} states its size: other sizes
    contradict the paragraph (grade/declared_shapes._declared_in); a declaration elsewhere stays a new one."""
    text = ("We feed an input $x \\in \\mathbb{R}^{p}$ forward as follows:\n\n"
            "$$\nh_0 := x \\in \\mathbb{R}^{" + space + "}\n$$\n")
    got = {s.verdict.verdict for s in grade_text(text).steps if s.line == 4 and s.verdict.check == "exact shape"}
    assert got == {verdict}
