"""Runners: run a step, or a whole file, under a time and memory budget.

Every runner has ``run(fn, *args, **kwargs)``, returning ``fn``'s result or
raising :class:`~symcheck.errors.CheckTimeout` (time) or
``LimitExceeded("memory", ...)`` (memory), and ``run_within(seconds, fn, ...)``
with a time bound of its own for this call.

- :class:`ProcessRunner` runs each call in a worker process (pebble
  ``ProcessPool``, fork context) that is killed and replaced when it
  overruns, with an address-space cap (``signal.alarm`` alone is not enough:
  it bounds only the main thread, and only Python code). ``fn`` and its
  arguments must be picklable (module-level functions, plain data).
- :class:`InProcessRunner` uses ``time_limit`` in this process (main thread,
  Python code only): the fallback when isolation is not wanted.
- :class:`FileBudget` wraps either and spends one budget for a whole file:
  each step gets at most what is left, and once it is spent every further
  step raises :class:`~symcheck.errors.BudgetSpent` at once, so the steps
  left are still reported (unchecked), none lost.
- :mod:`symcheck.forked` runs one call in one child process forked for it
  (no pool), with the same worker set-up (:func:`worker_init`) and the same
  typed errors (:func:`call_enveloped`, :func:`rebuild_error`).

Exceptions that mean "too big to compute" (``OverflowError``,
``RecursionError``, ``MemoryError``) come back as ``LimitExceeded`` with a
cause of their own; any other exception comes back as itself.

The limits themselves are :class:`symcheck.limits.Limits`. This module does
not import SymPy until a runner is used in process.
"""

from __future__ import annotations

import logging
import os
import time

from .errors import BudgetSpent, CheckTimeout, LimitExceeded, ParseError, WorkerCrashed
from .limits import DEFAULT_LIMITS, Limits

__all__ = ["InProcessRunner", "ProcessRunner", "FileBudget", "worker_init", "cap_address_space", "call_enveloped",
           "call_timed", "rebuild_error", "too_big"]

log = logging.getLogger(__name__)


def too_big(exc: BaseException, limits: Limits = DEFAULT_LIMITS) -> LimitExceeded | None:
    """The ``LimitExceeded`` that an exception meaning "too big to compute"
    stands for, or None: ``MemoryError`` (memory), ``OverflowError`` (a
    number too large to represent, e.g. ``\\exp(\\exp(\\exp(\\exp(100))))``),
    ``RecursionError`` (nesting too deep for the reader or SymPy)."""
    if isinstance(exc, MemoryError):
        return LimitExceeded("memory", "over the step budget", f"{limits.step_memory_mb} MB")
    if isinstance(exc, OverflowError):
        return LimitExceeded("number size", "beyond the floating-point range (overflow)", "about 1.8e308")
    if isinstance(exc, RecursionError):
        return LimitExceeded("nesting depth", "too deep to compute (recursion limit)", limits.max_depth)
    return None


class InProcessRunner:
    """Runs a step in this process under ``time_limit`` (main thread only,
    Python code only: a long C call or a thread is not interrupted)."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS):
        self.limits = limits
        self.child_cpu = 0.0  # CPU seconds spent outside this process: none (its steps run here)

    def run(self, fn, *args, **kwargs):
        return self.run_within(self.limits.step_seconds, fn, *args, **kwargs)

    def run_within(self, seconds: float, fn, *args, **kwargs):
        from .symbolic import time_limit  # imports SymPy

        try:
            with time_limit(seconds):
                return fn(*args, **kwargs)
        except (MemoryError, OverflowError, RecursionError) as exc:
            log.debug("step stopped: %s", type(exc).__name__, exc_info=True)
            raise too_big(exc, self.limits) from None
        except Exception:  # noqa: BLE001 - re-raised as is; the traceback is logged here, where it is whole
            log.debug("a step raised", exc_info=True)
            raise

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FileBudget:
    """One time budget for a whole file, spent by the steps run through it.

    ``runner`` is an :class:`InProcessRunner` or :class:`ProcessRunner`; the
    clock starts when the budget is made (make it before segmenting, so
    segmentation counts). The budget is CPU time, this process's and its
    runner's workers' (``runner.child_cpu``), so a loaded machine spends it
    as an idle one does; a wall-clock backstop (:func:`~symcheck.limits.wall_backstop`)
    stops a file that waits. Each step gets ``min(step_seconds, time left)``;
    a step stopped because the budget ran out, and every step after it,
    raises :class:`BudgetSpent`.
    """

    def __init__(self, runner, seconds: float | None = None):
        from .limits import wall_backstop

        self.runner = runner
        self.limits = runner.limits
        self.seconds = seconds if seconds is not None else self.limits.file_seconds
        self._start = self._cpu()
        self.wall_deadline = time.monotonic() + wall_backstop(self.seconds)

    def _cpu(self) -> float:
        return time.process_time() + getattr(self.runner, "child_cpu", 0.0)

    def left(self) -> float:
        """CPU seconds left (0 once the wall-clock backstop has passed)."""
        if time.monotonic() >= self.wall_deadline:
            return 0.0
        return self.seconds - (self._cpu() - self._start)

    def _spent(self) -> BudgetSpent:
        return BudgetSpent(f"file time budget spent ({self.seconds:g} s for the whole file); not checked")

    def run(self, fn, *args, **kwargs):
        return self.run_within(self.limits.step_seconds, fn, *args, **kwargs)

    def run_within(self, seconds: float, fn, *args, **kwargs):
        left = self.left()
        if left <= 0:
            raise self._spent()
        if left >= seconds:
            return self.runner.run_within(seconds, fn, *args, **kwargs)
        try:
            return self.runner.run_within(left, fn, *args, **kwargs)
        except BudgetSpent:
            raise
        except CheckTimeout:
            raise self._spent() from None

    def close(self) -> None:
        self.runner.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when its parent dies, so a
    killed grader leaves no runaway SymPy behind."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: best effort
        log.debug("PR_SET_PDEATHSIG unavailable", exc_info=True)


def _vm_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def worker_init(memory_mb: int | None) -> None:
    """Initializer of every worker process: die with the parent, and cap the
    address space at what the worker has at start plus ``memory_mb``
    (a forked worker already maps the parent's imports; the limit bounds
    what one step, or one file, can add)."""
    _die_with_parent()
    if memory_mb:
        cap_address_space(memory_mb)


def cap_address_space(memory_mb: int) -> None:
    """Cap this process's address space (``RLIMIT_AS``) at its size now plus
    ``memory_mb`` MB (never above a hard limit already set)."""
    import resource

    cap = _vm_bytes() + memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def call_enveloped(fn, args, kwargs, seconds: float | None = None):
    """Run in the worker, under a CPU-time budget of ``seconds`` (see
    :func:`symcheck.symbolic.time_limit`). Every exception comes back as a plain
    tuple that :func:`rebuild_error` turns into the error again (typed errors are
    picklable, but an arbitrary exception may not be)."""
    import pickle

    try:
        if seconds:
            from .symbolic import time_limit  # the worker is forked from a grader: SymPy is loaded

            with time_limit(seconds):
                return True, fn(*args, **kwargs)
        return True, fn(*args, **kwargs)
    except (MemoryError, OverflowError, RecursionError) as e:
        log.debug("step stopped: %s", type(e).__name__, exc_info=True)
        return False, ("too-big", type(e).__name__)
    except LimitExceeded as e:
        return False, ("limit", e.what, str(e.value), str(e.limit))
    except ParseError as e:
        return False, ("parse", e.reason, e.source, e.position, e.kind.value)
    except CheckTimeout as e:
        return False, ("timeout", str(e))
    except BaseException as e:
        log.debug("a step raised in a worker", exc_info=True)
        try:
            pickle.loads(pickle.dumps(e))
            return False, ("raise", e)
        except Exception:  # noqa: BLE001 - unpicklable: sent back as text, traceback logged here
            log.debug("unpicklable exception in a worker", exc_info=True)
            return False, ("other", f"{type(e).__name__}: {e}")


def call_timed(fn, args, kwargs, seconds: float | None = None):
    """:func:`call_enveloped` in a worker, with the CPU seconds the call spent there:
    ``(cpu, envelope)`` (a file's budget counts its steps' CPU time, wherever they run)."""
    start = time.process_time()
    envelope = call_enveloped(fn, args, kwargs, seconds)
    return time.process_time() - start, envelope


_TOO_BIG = {"MemoryError": MemoryError(), "OverflowError": OverflowError(), "RecursionError": RecursionError()}


def rebuild_error(envelope, limits: Limits) -> BaseException:
    kind = envelope[0]
    if kind == "too-big":
        return too_big(_TOO_BIG[envelope[1]], limits)
    if kind == "limit":
        return LimitExceeded(*envelope[1:])
    if kind == "parse":
        return ParseError(*envelope[1:])
    if kind == "timeout":
        return CheckTimeout(envelope[1])
    if kind == "raise":
        return envelope[1]
    return WorkerCrashed(envelope[1])


class ProcessRunner:
    """Runs each step in a worker process (pebble ``ProcessPool``, fork
    context) that is killed and replaced when it overruns ``step_seconds``,
    its address space capped at ``step_memory_mb`` over its size at start.

    Use as a context manager; ``workers`` > 1 only helps when several
    threads call ``run`` at once.
    """

    def __init__(self, limits: Limits = DEFAULT_LIMITS, workers: int = 1):
        self.limits = limits
        self.workers = workers
        self._pool = None
        self.child_cpu = 0.0  # CPU seconds the workers spent on this runner's calls (that returned)

    def _ensure(self):
        if self._pool is None:
            import multiprocessing

            from pebble import ProcessPool

            self._pool = ProcessPool(max_workers=self.workers, initializer=worker_init,
                                     initargs=(self.limits.step_memory_mb,),
                                     context=multiprocessing.get_context("fork"))
        return self._pool

    def run(self, fn, *args, **kwargs):
        return self.run_within(self.limits.step_seconds, fn, *args, **kwargs)

    def run_within(self, seconds: float, fn, *args, **kwargs):
        from concurrent.futures import TimeoutError as FutureTimeout

        from pebble import ProcessExpired

        from .symbolic import wall_backstop

        # the worker spends at most ``seconds`` of CPU time (a Python loop is stopped there); a call
        # that never returns to Python (a runaway SymPy call in C) is killed at the wall-clock backstop
        wall = wall_backstop(seconds)
        future = self._ensure().schedule(call_timed, args=(fn, args, kwargs, seconds), timeout=wall)
        try:
            cpu, (ok, value) = future.result()
            self.child_cpu += cpu
        except FutureTimeout:
            self.child_cpu += seconds  # killed at the backstop: it spent at least its budget, or waited
            raise CheckTimeout(f"over {wall:g} s on the wall clock (worker killed)") from None
        except MemoryError:
            raise LimitExceeded("memory", "over the step budget", f"{self.limits.step_memory_mb} MB") from None
        except ProcessExpired as exc:
            if exc.exitcode in (-9, 137):  # SIGKILL: most likely the kernel's OOM killer
                raise LimitExceeded("memory", "worker killed", f"{self.limits.step_memory_mb} MB") from None
            raise WorkerCrashed(f"worker process died (exit code {exc.exitcode})") from None
        if ok:
            return value
        raise rebuild_error(value, self.limits)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
            self._pool = None

    def __enter__(self):
        self._ensure()
        return self

    def __exit__(self, *exc):
        self.close()
