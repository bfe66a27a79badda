"""Runners: a step, a file, a ``check`` bounded in time and memory."""

from __future__ import annotations

import time

import pytest

from symcheck.errors import BudgetSpent, CheckTimeout, LimitExceeded, ParseError, ParseErrorKind
from symcheck.limits import Limits
from symcheck.runners import FileBudget, InProcessRunner, ProcessRunner

from workloads import add, burn, hog, raise_limit, raise_parse, raise_value, spin, sympy_runaway  # module-level: workers unpickle them


@pytest.fixture(scope="module")
def runner():
    with ProcessRunner(Limits(step_seconds=0.5, step_memory_mb=256)) as r:
        yield r


def test_process_runner_returns_results(runner):
    assert runner.run(add, 2, b=3) == 5


@pytest.mark.parametrize("fn", [pytest.param(spin, id="python-loop"), pytest.param(sympy_runaway, id="sympy")])
def test_process_runner_times_out_and_recovers(runner, fn):
    with pytest.raises(CheckTimeout):
        runner.run(fn)
    assert runner.run(add, 1, 1) == 2  # the killed worker was replaced


def test_process_runner_memory_limit(runner):
    with pytest.raises(LimitExceeded) as info:
        runner.run(hog)
    assert info.value.what == "memory"
    assert runner.run(add, 1) == 1


@pytest.mark.parametrize("fn, error", [
    pytest.param(raise_limit, LimitExceeded, id="limit"),
    pytest.param(raise_parse, ParseError, id="parse"),
    pytest.param(raise_value, ValueError, id="other"),
])
def test_process_runner_passes_errors_back_typed(runner, fn, error):
    with pytest.raises(error):
        runner.run(fn)


def test_in_process_runner():
    r = InProcessRunner(Limits(step_seconds=0.3))
    assert r.run(add, 1, 2) == 3
    with pytest.raises(CheckTimeout):
        r.run(spin)


def overflow():
    return float(10) ** 400


def recurse(n=0):
    return recurse(n + 1)


def nap(seconds):
    time.sleep(seconds)
    return seconds


@pytest.mark.parametrize("fn, what", [
    pytest.param(overflow, "number size", id="overflow"),
    pytest.param(recurse, "nesting depth", id="recursion"),
])
def test_too_big_to_compute_has_a_cause_of_its_own(runner, fn, what):
    with pytest.raises(LimitExceeded) as info:
        runner.run(fn)
    assert info.value.what == what
    with pytest.raises(LimitExceeded) as info:
        InProcessRunner(Limits(step_seconds=2)).run(fn)
    assert info.value.what == what


def test_parse_error_kind_survives_the_worker(runner):
    with pytest.raises(ParseError) as info:
        runner.run(raise_parse)
    assert info.value.kind is ParseErrorKind.UNSUPPORTED


@pytest.mark.parametrize("inner", [pytest.param(InProcessRunner, id="in-process"),
                                   pytest.param(ProcessRunner, id="process")])
def test_file_budget_is_shared_by_the_steps_and_the_rest_are_not_started(inner):
    limits = Limits(step_seconds=0.6, file_seconds=1.0)
    with FileBudget(inner(limits)) as budget:
        outcomes = []
        for _ in range(6):
            try:
                outcomes.append(budget.run(burn, 0.45))
            except BudgetSpent:
                outcomes.append("spent")
    assert outcomes[:2] == [0.45, 0.45]       # within the budget
    assert outcomes[-3:] == ["spent"] * 3     # spent: refused at once, still reported


@pytest.mark.parametrize("inner", [pytest.param(InProcessRunner, id="in-process"),
                                   pytest.param(ProcessRunner, id="process")])
def test_file_budget_counts_cpu_time_not_time_waiting(inner):
    """A loaded machine spends a file's budget as an idle one does: waiting is not computing."""
    with FileBudget(inner(Limits(step_seconds=1.0, file_seconds=0.4))) as budget:
        assert [budget.run(nap, 0.3) for _ in range(3)] == [0.3] * 3  # 0.9 s on the wall, little CPU
        assert budget.left() > 0.2


def test_file_budget_stops_a_step_that_outlives_it():
    with FileBudget(InProcessRunner(Limits(step_seconds=5, file_seconds=0.3))) as budget:
        start = time.monotonic()
        with pytest.raises(BudgetSpent):
            budget.run(spin)
    assert time.monotonic() - start < 2


def test_budget_spent_is_a_timeout():
    assert issubclass(BudgetSpent, CheckTimeout)


def test_the_grader_without_a_runner_gives_overflow_its_own_cause():
    """``grade_text`` with no runner (the library, a notebook) steps through an InProcessRunner too."""
    from symcheck.grade import grade_text

    (step,) = grade_text("$$\\exp(\\exp(\\exp(\\exp(100)))) = 0$$\n", "md").steps
    assert step.verdict.verdict == "unchecked" and "overflow" in step.verdict.reason
    assert "internal error" not in step.verdict.reason
