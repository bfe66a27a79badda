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
])
def test_the_planted_errors(accuracy, rhs, kind, mutant):
    got = dict(accuracy.mutations(rhs))
    assert got[kind] == mutant
    assert all(m != rhs for m in got.values())
