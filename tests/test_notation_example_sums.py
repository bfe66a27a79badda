"""Steps with an explicit average over the training examples (``\\frac{1}{n}\\sum_x``): checked on
networks fed a batch of 2-4 examples, C and its gradients the batch averages, each quantity inside
Σ_x that example's (``Env.over_examples``, ``Env.per_example``, ``random_networks.network_check``)."""

import json

import pytest

from symcheck.cli import main

W_AVG = r"\frac{\partial C}{\partial w^L_{jk}} = \frac{1}{n} \sum_x a^{L-1}_k (a^L_j - y_j)"
B_AVG = r"\frac{\partial C}{\partial b^L_j} = \frac{1}{n}\sum_x (a^L_j - y_j)"
XE = ["--cost", "cross-entropy"]


@pytest.mark.parametrize("latex, args, verdict", [
    pytest.param(W_AVG, XE, "correct", id="w-average-cross-entropy"),
    pytest.param(B_AVG, XE, "correct", id="b-average-cross-entropy"),
    pytest.param(r"\nabla_{w^l} C = \frac{1}{m}\sum_x \delta^{l} (a^{l-1})^T", [], "correct",
                 id="nabla-w-one-over-m"),
    pytest.param(r"\frac{\partial C}{\partial b^L_j} = \frac{1}{n}\sum_x \delta^L_j", [], "correct",
                 id="b-average-delta"),
    pytest.param(r"\frac{\partial C}{\partial w^L_{jk}} = \frac{1}{n} \sum_x a^{L-1}_k (a^L_j - y_j)\sigma'(z^L_j)",
                 [], "correct", id="w-average-quadratic-sigma-prime"),
    pytest.param(W_AVG.replace(r"\frac{1}{n} ", ""), XE, "incorrect", id="w-one-over-n-dropped"),
    pytest.param(B_AVG.replace(r"\frac{1}{n}", ""), XE, "incorrect", id="b-one-over-n-dropped"),
    pytest.param(W_AVG, [], "incorrect", id="w-quadratic-sigma-prime-missing"),
    pytest.param(B_AVG, [], "incorrect", id="b-quadratic-sigma-prime-missing"),
    pytest.param(r"\frac{\partial C}{\partial w^L_{jk}} = \frac{1}{n} \sum_x a^{L-1}_j (a^L_k - y_k)", XE, "incorrect",
                 id="w-indices-swapped"),
    pytest.param(r"\frac{1}{n}\sum_x (a^L_j - y_j) = a^L_j - y_j", XE, "unchecked", id="per-example-outside-the-sum"),
    pytest.param(r"\frac{\partial C}{\partial z^L_j} = \frac{1}{n}\sum_x \delta^L_j", XE, "unchecked",
                 id="per-example-gradient-not-modelled"),
    pytest.param(r"\frac{\partial C}{\partial b^L_j} = a^L_j - y_j", XE, "correct", id="no-sum-one-example-networks"),
])
def test_check_average_over_examples(latex, args, verdict, capsys):
    code = main(["check", "--json", latex, *args])
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == verdict, d["reason"]
    assert code == {"correct": 0, "incorrect": 1, "unchecked": 2}[verdict]
    if verdict == "incorrect" and d["check"] == "networks":  # refuted on a batch of several examples
        assert d["counterexample"]["examples"] >= 2


def test_dropped_one_over_n_is_refuted_only_with_several_examples(capsys):
    """With one example per network 1/n·Σ_x equals no sum: the counterexample has >= 2 examples."""
    assert main(["check", "--json", *XE, B_AVG.replace(r"\frac{1}{n}", "")]) == 1
    d = json.loads(capsys.readouterr().out)
    assert d["check"] == "networks" and 2 <= d["counterexample"]["examples"] <= 4


DOC = r"""# Problem 1

We use the cross-entropy cost with sigmoid neurons, averaged over the $n$ training examples.

$$\frac{\partial C}{\partial w^L_{jk}} = \frac{1}{n} \sum_x a^{L-1}_k (a^L_j - y_j)$$

$$\frac{\partial C}{\partial b^L_j} = \frac{1}{n}\sum_x (a^L_j - y_j)$$

$$\frac{\partial C}{\partial b^L_j} = \sum_x (a^L_j - y_j)$$
"""


def test_graded_markdown(tmp_path, capsys):
    f = tmp_path / "hw.md"
    f.write_text(DOC, encoding="utf-8")
    assert main(["grade", str(f), "--format", "json"]) == 1
    steps = json.loads(capsys.readouterr().out)["submissions"][0]["steps"]
    by_line = {s["line"]: s for s in steps}
    assert [by_line[n]["verdict"] for n in (5, 7, 9)] == ["correct", "correct", "incorrect"]
    assert by_line[9]["counterexample"]["examples"] >= 2
