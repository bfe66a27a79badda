"""A generic activation (notation/generic_activation.py): an undefined function g applied to
a weighted input z^l is the network's activation, whatever it is. Through ``symcheck check``
(exit 0 correct, 1 incorrect, 2 unchecked), as graded Markdown, and the pieces."""

import pytest
import sympy as sp

from symcheck.cli import main
from symcheck.grade import grade_text
from symcheck.notation import vocab as V
from symcheck.notation.generic_activation import TRIED, as_activation, combine, generic_names
from symcheck.verdict import Cause, CheckKind, Verdict

BP2 = r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot "

CASES = [
    # right forms: correct under every activation tried
    pytest.param(BP2 + "g'(z^l)", 0, id="bp2-vector"),
    pytest.param(r"\delta^L = (a^L - y) \odot g'(z^L)", 0, id="bp1-quadratic"),
    pytest.param(r"\delta^L = \nabla_a C \odot f'(z^L)", 0, id="bp1-nabla"),
    pytest.param(r"\delta_j^L = \frac{\partial C}{\partial a_j^L} f'(z_j^L)", 0, id="bp1-component"),
    pytest.param(r"\delta^L_i = (a^L_i - y_i) a'(z^L_i)", 0, id="bp1-component-a-prime"),
    pytest.param(r"a^l = g(z^l)", 0, id="activation-itself"),
    pytest.param(r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k g'(z^l_j)", 0, id="bp2-component"),
    # wrong forms: incorrect under every activation tried
    pytest.param(BP2.replace("^T", "") + "g'(z^l)", 1, id="bp2-transpose-missing"),
    pytest.param(BP2 + "g'(z^{l+1})", 1, id="bp2-wrong-layer"),
    pytest.param(r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot g(z^l)", 1, id="bp2-g-for-g-prime"),
    pytest.param(r"\delta^L = (a^L - y) \odot g(z^L)", 1, id="bp1-g-for-g-prime"),
    pytest.param(r"\delta_j^L = \frac{\partial C}{\partial a_j^L} f'(z_j^{L-1})", 1, id="bp1-component-wrong-layer"),
    pytest.param(r"\delta^l_j = \sum_k w^{l+1}_{jk} \delta^{l+1}_k g'(z^l_j)", 1, id="bp2-component-transposed"),
    # the wrong form with sigma' missing holds for no activation either (no g left: the plain check)
    pytest.param(r"\delta^l = (w^{l+1})^T \delta^{l+1}", 1, id="bp2-prime-missing"),
    # holds for one activation only: unchecked
    pytest.param(r"\delta^L_j = (a^L_j - y_j) g(z^L_j) (1 - g(z^L_j))", 2, id="sigmoid-only-identity"),
    # two different names: which is the activation is not said
    pytest.param(BP2 + r"h'(z^l) \odot g(z^l)", 2, id="two-names"),
    # a function labelled with a layer is that layer's activation: read as σ only on its own layer
    pytest.param(r"\delta_j^{(L-1)} = \sum_k \delta_k^{(L)} w_{kj}^{(L)} f'^{(L-1)}(z_j^{(L-1)})", 0,
                 id="labelled-own-layer"),
    pytest.param(r"\delta_j^{(L-1)} = \sum_k \delta_k^{(L)} w_{kj}^{(L)} f'^{(L-2)}(z_j^{(L-1)})", 2,
                 id="labelled-another-layer-never-passed"),
]


@pytest.mark.parametrize("line,code", CASES)
def test_check(line, code, capsys):
    assert main(["check", line]) == code, capsys.readouterr().out


INTRO = ("Here $w^l_{jk}$ is the weight from the $k$-th neuron in layer $l-1$ to the $j$-th neuron in layer $l$. "
         "Let $a^l = g(z^l)$, where $g$ is the activation function.\n\n")


@pytest.mark.parametrize("step, verdict", [
    pytest.param(BP2 + "g'(z^l)", "correct", id="right"),
    pytest.param(BP2.replace("^T", "") + "g'(z^l)", "incorrect", id="transpose-missing"),
    pytest.param(BP2 + "g'(z^{l+1})", "incorrect", id="wrong-layer"),
    pytest.param(BP2 + "g(z^l)", "incorrect", id="g-for-g-prime"),
    pytest.param(r"\delta^L = (a^L - y) \odot g'(z^L)", "correct", id="bp1"),
])
def test_graded_markdown(step, verdict):
    steps = grade_text(INTRO + f"$$ {step} $$\n", "md").steps
    assert steps[-1].verdict.verdict == verdict, steps[-1].verdict.reason


def test_incorrect_names_the_activations_tried(capsys):
    main(["check", BP2 + "g'(z^{l+1})", "--json"])
    out = capsys.readouterr().out
    assert all(a in out for a in TRIED) and "activations tried" in out


Z = V.Q("z", V.l)
G = sp.Function("g")
H = sp.Function("h")
X = sp.Symbol("x")


@pytest.mark.parametrize("expr, names", [
    pytest.param(G(Z), ("g",), id="applied"),
    pytest.param(sp.Subs(sp.Derivative(G(X), X), X, Z), ("g",), id="derivative"),
    pytest.param(G(Z) * H(Z), ("g", "h"), id="two"),
    pytest.param(G(X), (), id="not-a-weighted-input"),
    pytest.param(G(V.Q("a", V.l)), (), id="on-an-activation"),
])
def test_generic_names(expr, names):
    assert generic_names(expr) == names


def test_as_activation_reads_the_derivative_as_sigma_prime():
    read = as_activation(sp.Subs(sp.Derivative(G(X), X), X, Z) * H(Z), "g")
    assert read.has(V.SigmaD) and read.has(H(Z)) and not read.has(sp.Subs)


@pytest.mark.parametrize("kinds, expected", [
    pytest.param(("correct", "correct"), "correct", id="all-correct"),
    pytest.param(("correct",), "unchecked", id="one-activation-is-not-enough"),
    pytest.param(("incorrect", "incorrect"), "incorrect", id="all-incorrect"),
    pytest.param(("correct", "incorrect"), "unchecked", id="depends"),
    pytest.param(("correct", "unchecked"), "unchecked", id="one-unchecked"),
    pytest.param(("correct", "correct", "unchecked"), "correct", id="two-hold-one-unchecked"),
    pytest.param(("correct", "correct", "incorrect"), "unchecked", id="two-hold-one-fails"),
])
def test_combine(kinds, expected):
    made = {"correct": lambda: Verdict.correct(CheckKind.NETWORKS, "agree"),
            "incorrect": lambda: Verdict.incorrect(CheckKind.NETWORKS, "differ", counterexample={"seed": 1}),
            "unchecked": lambda: Verdict.unchecked(Cause.UNSUPPORTED, "no")}
    got = combine("g", {a: made[k]() for a, k in zip(TRIED, kinds)})
    assert got.verdict == expected
    if expected == "unchecked":
        assert all(a in got.reason for a in TRIED[:len(kinds)])


@pytest.mark.parametrize("latex,verdict,reason", [
    pytest.param(r"\frac{\partial z_k^{(L)}}{\partial z_j^{(L-1)}} = W_{kj}^{(L)} f'^{(L-2)}(z_j^{(L-1)})", "unchecked",
                 "named for layer L-2", id="another-layers-activation-a-clear-cause"),
    pytest.param(r"\frac{\partial z_k^{(L)}}{\partial z_j^{(L-1)}} = W_{kj}^{(L)} f'^{(L-1)}(z_j^{(L-1)})", None,
                 "", id="its-own-layers-activation"),
])
def test_a_function_named_for_another_layer(latex, verdict, reason):
    """f'^{(L-2)} at layer L-1's weighted input: in a write-up whose layers have activations of their own it
    may be another function (no accusation); the evaluator says so instead of "cannot evaluate Subs"."""
    from symcheck.notation import Context, check_reading, read

    v = check_reading(read(latex), Context())
    if verdict is None:
        assert v.verdict != "incorrect"
    else:
        assert v.verdict == verdict and reason in v.reason and "cannot evaluate Subs" not in v.reason
