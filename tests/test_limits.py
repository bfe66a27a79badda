"""Input limits: the lexical scan, files, steps, and the bounds themselves."""

from __future__ import annotations

import os

import pytest

from symcheck.errors import CheckTimeout, LimitExceeded, ParseError
from symcheck.limits import BadFile, Limits, check_file, check_steps, check_text

L = Limits()


def _matrix(rows, cols):
    return r"\begin{bmatrix}" + r"\\".join("&".join(["1"] * cols) for _ in range(rows)) + r"\end{bmatrix}"


ACCEPTED = [
    pytest.param(r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", id="bp4"),
    pytest.param(r"\delta^L = \nabla_a C \odot \sigma'(z^L)", id="bp1"),
    pytest.param(r"e^{-x^2}", id="gaussian"),
    pytest.param(r"(x+1)^{10000}", id="exponent-at-limit"),
    pytest.param(r"2^{2^{2}}", id="small-tower"),
    pytest.param(r"10^{-4}", id="negative-exponent"),
    pytest.param(r"x^{0.5}", id="decimal-exponent"),
    pytest.param("1" * 60, id="digits-at-limit"),
    pytest.param(r"\left(\left(\left(x\right)\right)\right)", id="left-right"),
    pytest.param(_matrix(20, 20), id="matrix-at-limit"),
    pytest.param(r"[0, 1)" * 100, id="unbalanced-intervals"),
    pytest.param("5!", id="small-factorial"),
    pytest.param("y = (" + ",".join(["0"] * 70) + ")", id="long-list-of-digits"),
    pytest.param(r"\{x\}" * 60, id="escaped-braces-not-groups"),
]

REFUSED = [
    pytest.param(r"(x+1)^{100000000}", "exponent", id="huge-exponent"),
    pytest.param(r"10^{10^{10}}", "exponent", id="tower"),
    pytest.param(r"2^{2^{2^{2^{2}}}}", "exponent", id="tall-small-tower"),
    pytest.param(r"x**100000", "exponent", id="python-power"),
    pytest.param("x^{" + "2^" * 900 + "2}", "exponent", id="long-flat-tower"),  # once exponential to scan
    pytest.param("x^{" + "2^{" * 45 + "2" + "}" * 46, "exponent", id="deep-braced-tower"),
    pytest.param(r"x^ {123456}", "exponent", id="spaced-exponent"),
    pytest.param(r"y^100000", "exponent", id="unbraced-digit-run"),
    pytest.param("1" * 61, "number size", id="long-number"),
    pytest.param("3.14159" + "2" * 60, "number size", id="long-decimal"),
    pytest.param("{" * 51 + "x" + "}" * 51, "nesting depth", id="deep-braces"),
    pytest.param(r"\left(" * 51 + "x" + r"\right)" * 51, "nesting depth", id="deep-left"),
    pytest.param("(" * 51, "nesting depth", id="deep-unclosed"),
    pytest.param("x+" * 1001, "expression length", id="long"),
    pytest.param(_matrix(21, 20), "matrix size", id="big-bmatrix"),
    pytest.param(_matrix(30, 30).replace("bmatrix", "pmatrix"), "matrix size", id="big-pmatrix"),
    pytest.param(r"\begin{bmatrix}" + "1&" * 500, "matrix size", id="unterminated-matrix"),
    pytest.param("100001!", "factorial argument", id="huge-factorial"),
]


@pytest.mark.parametrize("latex", ACCEPTED)
def test_accepts_ordinary_math(latex):
    assert check_text(latex, L) is None  # raises LimitExceeded when refused


@pytest.mark.parametrize("latex, what", REFUSED)
def test_refuses_over_limit(latex, what):
    with pytest.raises(LimitExceeded) as info:
        check_text(latex, L)
    assert info.value.what == what
    assert "over the limit" in str(info.value)


def test_limits_are_configurable():
    tight = Limits(max_exponent=10, max_depth=3, max_number_digits=3, max_matrix_cells=4, max_expr_chars=10)
    for latex in ("x^{11}", "{{{{x}}}}", "1234", _matrix(2, 3), "x" * 11):
        with pytest.raises(LimitExceeded):
            check_text(latex, tight)
    check_text("x^{11}", L)


def test_check_steps():
    check_steps(L.max_steps, L)
    with pytest.raises(LimitExceeded, match="number of steps"):
        check_steps(L.max_steps + 1, L)


# --- files ------------------------------------------------------------------
FILES = [
    pytest.param(b"", "empty", id="empty"),
    pytest.param(b"  \n\t\n", "empty", id="blank"),
    pytest.param(b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary", id="binary"),
    pytest.param("déjà vu $x$".encode("latin-1"), "not-utf8", id="latin-1"),
    pytest.param(b"\xff\xfe$\x00x\x00$\x00", "binary", id="utf-16"),
]


@pytest.mark.parametrize("data, kind", FILES)
def test_check_file_refuses_bad_files(tmp_path, data, kind):
    f = tmp_path / "sub.md"
    f.write_bytes(data)
    with pytest.raises(BadFile) as info:
        check_file(f, L)
    assert info.value.kind == kind
    assert str(f) in str(info.value)


def test_check_file_refuses_large_file_without_reading_it(tmp_path):
    f = tmp_path / "big.md"
    with open(f, "wb") as fh:
        fh.truncate(L.max_file_bytes + 1)  # sparse: stat says too big
    with pytest.raises(LimitExceeded, match="file size"):
        check_file(f, L)


def test_check_file_missing_dir_and_fifo(tmp_path):
    with pytest.raises(BadFile, match="no such file"):
        check_file(tmp_path / "nope.md", L)
    with pytest.raises(BadFile, match="not a regular file"):
        check_file(tmp_path, L)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(BadFile, match="not a regular file"):  # opening it would block forever
        check_file(fifo, L)


def test_check_file_reads_utf8_and_drops_bom(tmp_path):
    f = tmp_path / "ok.md"
    text = "Problem 1: $σ'(z) = σ(z)(1-σ(z))$\n"
    f.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert check_file(f, L) == text


@pytest.mark.parametrize("field, value", [
    pytest.param("step_seconds", float("nan"), id="nan"),
    pytest.param("step_seconds", float("inf"), id="inf"),
    pytest.param("file_seconds", 0, id="zero"),
    pytest.param("max_trials", -1, id="negative"),
    pytest.param("file_memory_mb", True, id="bool"),
])
def test_limits_refuse_bounds_that_are_not_finite_positive(field, value):
    with pytest.raises(ValueError, match=field):
        Limits(**{field: value})


def test_watchdog_is_the_file_budgets_backstop_plus_one_step_and_grace():
    from symcheck.limits import wall_backstop

    limits = Limits(step_seconds=2, file_seconds=10)
    assert wall_backstop(10) > 10  # the budget is CPU time; its wall-clock backstop is longer
    assert wall_backstop(10) + 2 < limits.watchdog_seconds <= wall_backstop(10) + 2 + 10


def test_runner_names_still_import_from_limits():
    import symcheck.limits as limits
    import symcheck.runners as runners

    assert limits.ProcessRunner is runners.ProcessRunner
    with pytest.raises(AttributeError):
        limits.no_such_name  # noqa: B018

