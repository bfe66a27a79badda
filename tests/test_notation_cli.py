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


@pytest.mark.parametrize("latex", [
    pytest.param(r"\binom{10^{12}}{5 \cdot 10^{11}} = 1", id="binomial"),
    pytest.param("\\sigma''''''''''''''''(z) = 0", id="sixteen-primes"),
])
def test_check_is_bounded_by_its_time_budget(latex, capsys):
    import time

    start = time.monotonic()
    assert main(["check", latex, "--seconds", "2", "--json"]) == 2
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == "unchecked"
    if d["cause"] == "timeout":
        assert "time budget of the check spent (2 s)" in d["reason"]
    assert time.monotonic() - start < 60  # generous: the worker is killed at 2 s


@pytest.mark.parametrize("args, fragment", [
    pytest.param(["--cost", "foo"], "cross-entropy", id="cost-lists-choices"),
    pytest.param(["--activation", "swish"], "sigmoid", id="activation"),
    pytest.param(["--output", "nope"], "softmax", id="output"),
    pytest.param(["--seed", "-1"], "at least 0", id="seed"),
    pytest.param(["--trials", "1000000000"], "from 1 to", id="trials-capped"),
    pytest.param(["--seconds", "nan"], "finite", id="seconds-nan"),
])
def test_check_refuses_bad_options(args, fragment, capsys):
    assert main(["check", "x = x", *args]) == 2
    assert fragment in capsys.readouterr().err


def test_check_overflow_has_its_own_cause(capsys):
    assert main(["check", r"\exp(\exp(\exp(\exp(100)))) = 0", "--json"]) == 2
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == "unchecked" and "internal error" not in d["reason"]


def broken_check(latex, context):
    raise TypeError("boom in a check")


def test_debug_shows_the_traceback_of_a_caught_error(capsys, monkeypatch):
    import symcheck.cli.notation_cmds as cmds

    monkeypatch.setattr(cmds, "check_equation", broken_check)
    assert main(["check", "x = x"]) == 2
    out, err = capsys.readouterr()
    assert "--debug" in out and "Traceback" not in err
    assert main(["--debug", "check", "x = x"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "TypeError: boom in a check" in err
