"""Runners: run a step (or a whole ``check``) under a time and memory budget.

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
- :func:`run_forked` runs one call in one child process forked for it (no
  pool): an address-space cap, a wall-clock kill, the child dies with its
  parent. One file graded alone (``symcheck grade FILE``) and
  :func:`run_bounded` (``symcheck check``) use it: a pool's threads, queues
  and warm-up are worth their cost only when it is shared by many calls.

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

__all__ = ["InProcessRunner", "ProcessRunner", "FileBudget", "ChildDied", "run_bounded", "run_forked", "worker_init",
           "too_big"]

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
    segmentation counts). Each step gets ``min(step_seconds, time left)``;
    a step stopped because the budget ran out, and every step after it,
    raises :class:`BudgetSpent`.
    """

    def __init__(self, runner, seconds: float | None = None):
        self.runner = runner
        self.limits = runner.limits
        self.seconds = seconds if seconds is not None else self.limits.file_seconds
        self.deadline = time.monotonic() + self.seconds

    def _spent(self) -> BudgetSpent:
        return BudgetSpent(f"file time budget spent ({self.seconds:g} s for the whole file); not checked")

    def run(self, fn, *args, **kwargs):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self._spent()
        if left >= self.limits.step_seconds:
            return self.runner.run(fn, *args, **kwargs)
        try:
            return self.runner.run_within(left, fn, *args, **kwargs)
        except BudgetSpent:
            raise
        except CheckTimeout:
            raise self._spent() from None

    def run_within(self, seconds: float, fn, *args, **kwargs):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self._spent()
        return self.runner.run_within(min(seconds, left), fn, *args, **kwargs)

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
        import resource

        cap = _vm_bytes() + memory_mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _call(fn, args, kwargs):
    """Run in the worker. Every exception comes back as a plain tuple that
    :func:`_rebuild` turns into the error again (typed errors are picklable,
    but an arbitrary exception may not be)."""
    import pickle

    try:
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


_TOO_BIG = {"MemoryError": MemoryError(), "OverflowError": OverflowError(), "RecursionError": RecursionError()}


def _rebuild(envelope, limits: Limits) -> BaseException:
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

        future = self._ensure().schedule(_call, args=(fn, args, kwargs), timeout=seconds)
        try:
            ok, value = future.result()
        except FutureTimeout:
            raise CheckTimeout(f"over {seconds:g} s (worker killed)") from None
        except MemoryError:
            raise LimitExceeded("memory", "over the step budget", f"{self.limits.step_memory_mb} MB") from None
        except ProcessExpired as exc:
            if exc.exitcode in (-9, 137):  # SIGKILL: most likely the kernel's OOM killer
                raise LimitExceeded("memory", "worker killed", f"{self.limits.step_memory_mb} MB") from None
            raise WorkerCrashed(f"worker process died (exit code {exc.exitcode})") from None
        if ok:
            return value
        raise _rebuild(value, self.limits)

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


class ChildDied(WorkerCrashed):
    """The child of :func:`run_forked` ended without sending a result;
    ``exitcode`` as :mod:`multiprocessing` gives it (minus the signal number
    when a signal killed it, e.g. -9 for the kernel's OOM killer)."""

    def __init__(self, exitcode: int):
        self.exitcode = exitcode
        super().__init__(f"worker process died (exit code {exitcode})")


def run_forked(fn, *args, seconds: float, memory_mb: int | None, **kwargs):
    """``fn(*args, **kwargs)`` in one child process forked for this call.

    The child dies with its parent and has its address space capped at its
    size at the fork plus ``memory_mb`` MB (as a pool worker,
    :func:`worker_init`); it is killed (SIGKILL) when it has not answered
    within ``seconds`` of wall-clock time, whatever it is doing (a long C
    call included). Returns ``fn``'s result, which must be picklable; raises
    :class:`~symcheck.errors.CheckTimeout` when the child was killed on time,
    :class:`ChildDied` when it ended without a result (a crash in native
    code, the OOM killer), and ``fn``'s own exceptions as
    :class:`ProcessRunner` does (``MemoryError`` as ``LimitExceeded``).
    ``fn`` need not be importable (the child is a fork, nothing is sent to
    it). POSIX only. KeyboardInterrupt kills the child and propagates."""
    import pickle
    import sys

    for stream in (sys.stdout, sys.stderr):  # what is buffered now must not be written twice
        try:
            stream.flush()
        except (AttributeError, ValueError, OSError):
            pass
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        code = 70
        try:
            os.close(read_fd)
            worker_init(memory_mb)
            try:
                payload = pickle.dumps(_call(fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - a result that cannot be pickled: sent back as text
                payload = pickle.dumps((False, ("other", f"the result could not be sent back: "
                                                         f"{type(exc).__name__}: {exc}")))
            _write_all(write_fd, payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        data = _read_until(read_fd, pid, time.monotonic() + seconds)
    except BaseException:  # the deadline, Ctrl-C, anything: the child does not outlive the call
        _kill(pid)
        raise
    finally:
        os.close(read_fd)
    status = _reap(pid)
    try:
        ok, value = pickle.loads(data)
    except Exception:  # noqa: BLE001 - no complete result: the child died first (logged)
        log.debug("no result from child %d (%d bytes)", pid, len(data), exc_info=True)
        raise ChildDied(status) from None
    if ok:
        return value
    raise _rebuild(value, Limits(step_memory_mb=memory_mb) if memory_mb else DEFAULT_LIMITS)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.close(fd)


def _read_until(fd: int, pid: int, deadline: float) -> bytes:
    """Everything the child writes, up to end of file; CheckTimeout at ``deadline``."""
    import select

    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise CheckTimeout(f"over the wall-clock bound (child process {pid} killed)")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)


def _reap(pid: int) -> int:
    """Wait for the child; its exit code as multiprocessing reports it."""
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return 0
        except InterruptedError:  # pragma: no cover - retried by Python itself since PEP 475
            continue
        return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def run_bounded(fn, *args, seconds: float, memory_mb: int, **kwargs):
    """``fn(*args, **kwargs)`` in a fresh child process (:func:`run_forked`),
    stopped after ``seconds`` (raises :class:`BudgetSpent`) or when it adds
    more than ``memory_mb`` MB (raises ``LimitExceeded("memory")``). The
    one-off budget of ``symcheck check``."""
    try:
        return run_forked(fn, *args, seconds=seconds, memory_mb=memory_mb, **kwargs)
    except BudgetSpent:
        raise
    except CheckTimeout:
        raise BudgetSpent(f"time budget of the check spent ({seconds:g} s); not checked") from None
    except ChildDied as exc:
        if exc.exitcode in (-9, 137):  # SIGKILL that we did not send: most likely the kernel's OOM killer
            raise LimitExceeded("memory", "worker killed", f"{memory_mb} MB") from None
        raise
