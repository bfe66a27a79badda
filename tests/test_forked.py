"""One call in one forked child (symcheck.forked): the single-file path of ``grade`` and ``symcheck check``."""

from __future__ import annotations

import os
import signal
import time

import pytest

from symcheck.errors import BudgetSpent, CheckTimeout, LimitExceeded, ParseError, WorkerCrashed
from symcheck.forked import ChildDied, run_bounded, run_forked

from workloads import add, hog, killed_by_a_signal, raise_limit, raise_parse, raise_value, spin, sympy_runaway  # module-level: workers unpickle them


def exits_without_a_result():
    os._exit(3)


def unpicklable_result():
    return lambda: 1


def test_run_forked_returns_what_even_an_unpicklable_function_returns():
    offset = 40
    assert run_forked(lambda a, b=0: a + b + offset, 1, b=1, seconds=10, memory_mb=256) == 42


@pytest.mark.parametrize("fn, error", [
    pytest.param(raise_limit, LimitExceeded, id="limit"),
    pytest.param(raise_parse, ParseError, id="parse"),
    pytest.param(raise_value, ValueError, id="other"),
])
def test_run_forked_passes_errors_back_typed(fn, error):
    with pytest.raises(error):
        run_forked(fn, seconds=10, memory_mb=256)


@pytest.mark.parametrize("fn", [pytest.param(spin, id="python-loop"), pytest.param(sympy_runaway, id="sympy"),
                                pytest.param(lambda: time.sleep(600), id="sleeping")])
def test_run_forked_kills_the_child_on_the_wall_clock(fn):
    start = time.monotonic()
    with pytest.raises(CheckTimeout):
        run_forked(fn, seconds=0.5, memory_mb=512)
    assert time.monotonic() - start < 30  # bounded: the child was killed, not waited for


def test_run_forked_caps_the_memory_of_the_child():
    with pytest.raises(LimitExceeded) as info:
        run_forked(hog, seconds=10, memory_mb=256)
    assert info.value.what == "memory"


@pytest.mark.parametrize("fn, exitcode", [pytest.param(killed_by_a_signal, -signal.SIGKILL, id="sigkill"),
                                          pytest.param(exits_without_a_result, 3, id="exit-3")])
def test_a_child_that_dies_is_child_died_with_its_exit_code(fn, exitcode):
    with pytest.raises(ChildDied) as info:
        run_forked(fn, seconds=10, memory_mb=256)
    assert info.value.exitcode == exitcode


def test_a_result_that_cannot_be_sent_back_is_a_clear_error():
    with pytest.raises(WorkerCrashed, match="could not be sent back"):
        run_forked(unpicklable_result, seconds=10, memory_mb=256)


def test_an_interrupted_call_leaves_no_child_behind(tmp_path):
    pid_file = tmp_path / "pid"

    def spin_after_telling():
        pid_file.write_text(str(os.getpid()))
        spin()

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 3.0)  # time for the child to start and tell its pid
    try:
        with pytest.raises(KeyboardInterrupt):
            run_forked(spin_after_telling, seconds=60, memory_mb=256)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(int(pid_file.read_text()), 0)


def test_run_bounded_time_and_memory():
    assert run_bounded(add, 1, 2, seconds=5, memory_mb=256) == 3
    with pytest.raises(BudgetSpent):
        run_bounded(spin, seconds=0.5, memory_mb=256)
    with pytest.raises(LimitExceeded) as info:
        run_bounded(hog, seconds=10, memory_mb=256)
    assert info.value.what == "memory"


def test_a_fork_that_fails_raises_and_leaves_nothing_open(monkeypatch):
    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    before = sorted(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", no_fork)
    with pytest.raises(BlockingIOError):
        run_forked(add, 1, seconds=5, memory_mb=None)
    assert sorted(os.listdir("/proc/self/fd")) == before
