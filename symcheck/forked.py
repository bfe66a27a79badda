"""One call in one child process forked for it: the single-file path of
``symcheck grade`` and the budget of ``symcheck check``.

:func:`run_forked` forks, sets the child up as a pool worker is set up
(:func:`symcheck.runners.worker_init`: it dies with its parent, its address
space is capped), runs the call there and reads the pickled result back
through a pipe, killing the child (SIGKILL) when it has not answered by the
wall-clock deadline -- a hang in native code included, which ``signal.alarm``
cannot stop. Errors come back typed, as from
:class:`symcheck.runners.ProcessRunner`. Against a pool, nothing is started
but the child: no manager threads, no queues, no warm-up shared with workers
to come, which is the whole cost of grading one file or one ``check``.

POSIX only (``os.fork``). This module does not import SymPy.
"""

from __future__ import annotations

import logging
import os
import time

from .errors import BudgetSpent, CheckTimeout, LimitExceeded, WorkerCrashed
from .limits import DEFAULT_LIMITS, Limits
from .runners import call_enveloped, rebuild_error, worker_init

__all__ = ["ChildDied", "run_forked", "run_bounded"]

log = logging.getLogger(__name__)


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
    :func:`worker_init`; ``memory_mb=None``: no cap here, ``fn`` sets its
    own); it is killed (SIGKILL) when it has not answered within
    ``seconds`` of wall-clock time, whatever it is doing (a long C call
    included). Returns ``fn``'s result, which must be picklable; raises
    :class:`~symcheck.errors.CheckTimeout` when the child was killed on time,
    :class:`ChildDied` when it ended without a result (a crash in native
    code, the OOM killer), and ``fn``'s own exceptions as
    :class:`symcheck.runners.ProcessRunner` does (``MemoryError`` as
    ``LimitExceeded``).
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
    try:
        pid = os.fork()
    except BaseException:  # no process to spare (EAGAIN, ENOMEM): nothing started, nothing left open
        os.close(read_fd)
        os.close(write_fd)
        raise
    if pid == 0:  # the child: never returns into the caller's code
        code = 70
        try:
            os.close(read_fd)
            worker_init(memory_mb)
            try:
                payload = pickle.dumps(call_enveloped(fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
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
    raise rebuild_error(value, Limits(step_memory_mb=memory_mb) if memory_mb else DEFAULT_LIMITS)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.close(fd)


def _read_until(fd: int, pid: int, deadline: float) -> bytes:
    """Everything the child writes, up to end of file; CheckTimeout at ``deadline``."""
    import select

    poller = select.poll()  # not select.select: no limit on the descriptor's number
    poller.register(fd, select.POLLIN | select.POLLHUP)
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise CheckTimeout(f"over the wall-clock bound (child process {pid} killed)")
        if poller.poll(max(1, int(left * 1000))):
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
