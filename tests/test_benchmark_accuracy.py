"""The mutation generator of ``benchmarks/accuracy.py`` (issue 13's mutation score): every kind of
planted error changes the step, and provably neutral mutations are never planted."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def accuracy():
    spec = importlib.util.spec_from_file_location("accuracy_benchmark", ROOT / "benchmarks" / "accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("rhs,kind,mutant", [
    pytest.param(r"a_j - y_j", "sign flipped", r"a_j + y_j", id="sign"),
    pytest.param(r"h_i W + 0", "sign flipped", r"-\left(h_i W + 0\right)", id="zero-term-sign-is-neutral"),
    pytest.param(r"a + 0 - b", "sign flipped", r"a + 0 + b", id="next-sign-after-a-zero-term"),
    pytest.param(r"a + 0.5", "sign flipped", r"a - 0.5", id="a-decimal-is-no-zero-term"),
    pytest.param(r"w^T \delta", "transpose dropped", r"w \delta", id="transpose"),
    pytest.param(r"\sigma'(z)", "prime dropped", r"\sigma(z)", id="prime"),
    pytest.param(r"w_{jk} a_k", "indices swapped", r"w_{kj} a_k", id="indices"),
    pytest.param(r"\delta_{ik} - y_{jk}", "indices swapped", r"\delta_{ik} - y_{kj}", id="kronecker-is-symmetric"),
    pytest.param(r"3 x", "digit changed", r"4 x", id="digit"),
    pytest.param(r"\begin{bmatrix} \delta^L_j \\ \vdots \\ \delta^L_n \end{bmatrix}", "index changed",
                 r"\begin{bmatrix} \delta^L_k \\ \vdots \\ \delta^L_n \end{bmatrix}", id="index-before-an-ellipsis"),
])
def test_the_planted_errors(accuracy, rhs, kind, mutant):
    got = dict(accuracy.mutations(rhs))
    assert got[kind] == mutant
    assert all(m != rhs for m in got.values())


@pytest.mark.parametrize("rhs", [
    pytest.param(r"\begin{bmatrix} \delta^L_1 \\ \vdots \\ \delta^L_j \end{bmatrix}", id="column"),
    pytest.param(r"\left( \sigma'(z_1) , \ldots , \sigma'(z_n) \right)", id="list"),
])
def test_the_letter_that_ends_a_range_is_never_changed(accuracy, rhs):
    """[δ_1 ⋮ δ_j] and [δ_1 ⋮ δ_k] are the same vector when j and k both name the layer's size."""
    assert "index changed" not in dict(accuracy.mutations(rhs))


@pytest.mark.parametrize("rhs, mutant", [
    pytest.param(r"\mathbb{R}^{n}", r"\mathbb{R}^{n + 1}", id="vector"),
    pytest.param(r"\mathbb{R}^{n_l \times n_{l-1}}", r"\mathbb{R}^{n_l + 1 \times n_{l-1}}", id="matrix"),
    pytest.param(r"\mathbb{R}^m", r"\mathbb{R}^{m + 1}", id="bare-letter"),
])
def test_a_membership_has_a_size_changed_not_its_sign(accuracy, rhs, mutant):
    """−ℝⁿ = ℝⁿ: flipping the sign of a space is neutral, so a size is changed instead."""
    assert accuracy.mutations(rhs, "in") == [("size changed", mutant)]
    assert accuracy.mutations(r"\mathbb{R}", "in") == []


@pytest.mark.parametrize("rhs, kind, kept", [
    pytest.param(r"\frac{\partial}{\partial z^l} \{ w^{l+1} \sigma(z^l) + b^{l+1} \}", "sign flipped",
                 r"-\left(\frac{\partial}{\partial z^l} \{ w^{l+1} \sigma(z^l) + b^{l+1} \}\right)",
                 id="sign-of-a-constant-term"),
    pytest.param(r"\frac{\partial (1 + e^{-z})}{\partial z}", "digit changed", None, id="digit-of-a-constant-term"),
    pytest.param(r"\frac{\partial}{\partial w} (w x - b)", "sign flipped", r"-\left(\frac{\partial}{\partial w} (w x - b)\right)",
                 id="bias-under-d/dw"),
    pytest.param(r"\frac{\partial}{\partial w} (b - w x)", "sign flipped", r"\frac{\partial}{\partial w} (b + w x)",
                 id="a-term-with-the-variable-is-mutated"),
    pytest.param(r"\frac{\partial \sum_k w_{ki} a_k + b_i}{\partial b_i}", "indices swapped", None,
                 id="indices-of-a-term-without-the-variable"),
])
def test_a_constant_under_a_derivative_is_never_mutated(accuracy, rhs, kind, kept):
    """d/dz (f(z) + c) does not see c: its sign or a digit of it is a neutral mutation."""
    assert dict(accuracy.mutations(rhs)).get(kind) == kept


@pytest.mark.parametrize("rhs, zeros, mutant", [
    # the text says beside the step that t_k vanishes there: flipping its sign says the same thing
    pytest.param(r"p_k - t_k", {"t_k"}, r"-\left(p_k - t_k\right)", id="stated-zero-term-sign-kept"),
    pytest.param(r"p_k - t_{k} + c", {"t_k"}, r"p_k - t_{k} - c", id="next-sign-after-a-stated-zero"),
    pytest.param(r"p_k - (t_k + u)", {"t_k"}, r"p_k + (t_k + u)", id="a-zero-inside-a-larger-term-flips"),
    pytest.param(r"p_k - t_k", set(), r"p_k + t_k", id="no-stated-zero"),
])
def test_a_term_stated_zero_beside_the_step_keeps_its_sign(accuracy, rhs, zeros, mutant):
    flipped = dict(accuracy.mutations(rhs, "=", frozenset(zeros)))["sign flipped"]
    assert flipped == mutant


def test_stated_zeros_are_read_from_the_steps_own_line(accuracy):
    from types import SimpleNamespace as S

    step = S(line=4, lhs="", relation="=", rhs="p_k - t_k")
    steps = [S(line=3, lhs="u_k", relation="=", rhs="0"), step,
             S(line=4, lhs="t_{k}", relation="=", rhs="0"), S(line=4, lhs="v", relation="=", rhs="1")]
    assert accuracy.stated_zeros(step, steps) == frozenset({"t_k"})
