"""Workloads for the runner tests (tests/test_runners.py, tests/test_forked.py): module-level
functions, so that a worker process can unpickle them by name."""

from __future__ import annotations

import os
import signal

from symcheck.errors import LimitExceeded, ParseError, ParseErrorKind


def add(a, b=0):
    return a + b


def spin():
    while True:
        pass


def burn(seconds):
    """Spend ``seconds`` of this process's CPU time, then return them."""
    import time

    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return seconds


def sympy_runaway():
    import sympy as sp

    x = sp.Symbol("x")
    return sp.expand((x + 1) ** 100000)  # C-heavy and long: the alarm alone may not stop it


def hog():
    return len(bytearray(4 * 1024 ** 3))


def raise_limit():
    raise LimitExceeded("depth", 99, 50)


def raise_parse():
    raise ParseError("unbalanced braces", "{x", 0, kind=ParseErrorKind.UNSUPPORTED)


def raise_value():
    raise ValueError("boom")


def killed_by_a_signal():
    os.kill(os.getpid(), signal.SIGKILL)
