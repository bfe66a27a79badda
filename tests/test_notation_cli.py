"""The commands ``symcheck parse`` and ``symcheck check``."""

import json

import pytest

from symcheck.cli import main


def test_parse_prints_reading_shapes_and_assumptions(capsys):
    assert main(["parse", r"\delta^L = a^L - y"]) == 0
    out = capsys.readouterr().out
    assert "srepr" in out and "vector(n_L)" in out and "layer index" in out


def test_parse_json(capsys):
    assert main(["parse", "--json", r"\gamma_1 = 0.01"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["relations"] == ["="] and d["shapes"] == ["scalar", "scalar"]


@pytest.mark.parametrize("latex,args,code", [
    (r"\delta^L = a^L - y", ["--cost", "cross-entropy"], 0),
    (r"\delta^L = a^L - y", [], 1),
    (r"\frac{\partial C}{\partial w_j^l} = \delta_j^l", [], 1),
    (r"\frac{\partial C}{\partial b_j^l} = \delta_j^l", [], 0),
    (r"\sigma'(z) = \sigma(z)(1-\sigma(z))", [], 0),
    (r"x \odot y = \sum_k x_k y_k", [], 1),
    (r"C'(\alpha) = 0", [], 2),
    (r"\frac{1}{", [], 2),
])
def test_check_exit_codes(latex, args, code, capsys):
    assert main(["check", latex, *args]) == code


def test_check_json(capsys):
    assert main(["check", "--json", r"\delta^L = a^L - y"]) == 1
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == "incorrect" and d["counterexample"]["sizes"] and "reason" in d
