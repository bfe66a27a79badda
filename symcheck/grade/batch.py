"""Grade many submission files reliably.

Every file is graded in a worker process forked from one warmed-up parent
(each worker grades up to FILES_PER_WORKER files, then is replaced; the
reports do not depend on ``jobs`` or on what a worker graded before); a
file graded alone gets one child forked for it instead of a pool
(:func:`grade_alone`: same report, same budgets, none of the pool's cost),
under
the file's budgets (:class:`symcheck.limits.Limits`): ``file_seconds`` for
segmentation and every step together -- the steps left when it is spent are
reported unchecked, none lost -- and ``file_memory_mb`` for the worker's
address space; a hard watchdog (``Limits.watchdog_seconds``) kills a worker
stuck in native code. A crash, a hang or a memory blow-up in one file
becomes that file's failure, never the batch's. Files that cannot be graded
at all (binary, empty, too large, not UTF-8, unreadable folders, links
leaving the folder) are listed with their reason and a
:class:`~symcheck.errors.FailureKind`.

With ``resume_dir``, each finished result is written atomically as
``<key>.json`` (:mod:`.resume`). After Ctrl-C or a kill the finished
results are intact, and a re-run with the same ``resume_dir`` skips them.
Exit codes: :attr:`BatchResult.exit_code`, ``docs/reliability.md``.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..errors import BadFile, CheckTimeout, ExitCode, FailureKind, LimitExceeded, ParseError, SymcheckError
from ..limits import DEFAULT_LIMITS, WATCHDOG_GRACE_SECONDS, Limits, check_file, wall_backstop
from .files import SUFFIXES, Failure, collect_paths, expand_paths
from .report import SubmissionReport
from .resume import load, report_from_json, result_key, store
from .warmup import warm_up

__all__ = ["BatchResult", "Batch", "Failure", "grade_paths", "grade_one", "grade_alone", "failure_of", "warm_up",
           "expand_paths", "collect_paths", "report_from_json", "SUFFIXES", "FILES_PER_WORKER"]

log = logging.getLogger(__name__)

FILES_PER_WORKER = 25


@dataclass(frozen=True)
class BatchResult:
    """Reports of the files graded (resumed ones included) and the files
    that could not be graded, each a :class:`Failure` (unpacks as
    ``(path, reason)``, with a ``kind``); both sorted by path."""

    reports: tuple[SubmissionReport, ...]
    failures: tuple[Failure, ...]
    resumed: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 every file graded, no step incorrect; 1 every file graded, some
        step incorrect; 3 some files graded, some not (partial failure);
        2 no file could be graded. Unchecked steps do not change the code."""
        if self.failures:
            return ExitCode.PARTIAL if self.reports else ExitCode.USAGE
        if not self.reports:
            return ExitCode.USAGE
        if any(r.counts["incorrect"] for r in self.reports):
            return ExitCode.FAIL
        return ExitCode.OK

    def to_json(self) -> dict:
        return {"reports": [r.to_json() for r in self.reports],
                "failures": [{"file": f.file, "reason": f.reason, "kind": f.kind.value} for f in self.failures],
                "summary": {"files": len(self.reports) + len(self.failures), "graded": len(self.reports),
                            "failed": len(self.failures),
                            "exit_code": int(self.exit_code)}}


def failure_of(name: str, exc: BaseException, limits: Limits = DEFAULT_LIMITS) -> Failure:
    """The :class:`Failure` an exception raised while reading or grading a file stands for."""
    if isinstance(exc, BadFile):
        return Failure(name, exc.detail, exc.kind)
    if isinstance(exc, LimitExceeded):
        return Failure(name, str(exc), FailureKind.MEMORY if exc.what == "memory" else FailureKind.TOO_LARGE)
    if isinstance(exc, ParseError):
        return Failure(name, str(exc), FailureKind.NOT_READABLE_AS)
    if isinstance(exc, MemoryError):
        return Failure(name, f"over the file's memory budget ({limits.file_memory_mb} MB)", FailureKind.MEMORY)
    if isinstance(exc, CheckTimeout):
        return Failure(name, f"timeout: {exc}", FailureKind.TIMEOUT)
    if isinstance(exc, RecursionError):
        return Failure(name, "input nested too deeply (recursion limit)", FailureKind.RECURSION)
    if isinstance(exc, OverflowError):
        return Failure(name, "a number too large to compute (overflow)", FailureKind.TOO_LARGE)
    log.debug("grading %s failed", name, exc_info=exc)
    return Failure(name, f"internal error: {type(exc).__name__}: {exc} (a bug in symcheck; "
                         "run with --debug for the traceback)", FailureKind.INTERNAL)


# --- one file, in a worker -------------------------------------------------------
def grade_one(grade, path: str, options, limits: Limits, file_seconds: Optional[float] = None):
    """Grade one file under its budgets. Returns ("ok", report) or ("failed",
    :class:`Failure`); never raises. Runs in a worker (the batch, Dask) or in
    this process; ``grade(path, options)`` replaces the grader (tests)."""
    try:
        if grade is not None:
            report = grade(path, options)
        else:
            from ..runners import FileBudget, InProcessRunner
            from . import GradeOptions, grade_file

            options = options if options is not None else GradeOptions(limits=limits)

            # the budget's clock starts before the file is read and segmented: segmentation counts
            with FileBudget(InProcessRunner(limits), file_seconds or limits.file_seconds) as runner:
                report = grade_file(path, options, runner=runner)
        if report.error:
            return "failed", Failure(path, report.error, FailureKind.NOT_READABLE_AS)
        return "ok", report
    except (Exception, CheckTimeout) as exc:  # this file's failure, never the batch's (traceback logged)
        log.debug("grading %s stopped: %s", path, type(exc).__name__, exc_info=True)
        return "failed", failure_of(path, exc, limits)


def timed_out(name: str, watchdog: float) -> Failure:
    """The failure of a file whose worker the watchdog killed."""
    return Failure(name, f"timeout: the file's time budget ran out; grading took over {watchdog:g} s "
                         "(worker killed)", FailureKind.TIMEOUT)


def worker_died(name: str, exitcode) -> Failure:
    """The failure of a file whose worker died without a result."""
    return Failure(name, f"worker process died (exit code {exitcode}; out of memory or a crash in native code)",
                   FailureKind.WORKER_DIED)


def grade_alone(grade, name: str, options, limits: Limits, file_seconds: Optional[float] = None):
    """One file graded alone, as a batch grades each file, without the pool:
    one child process forked for it (:func:`symcheck.forked.run_forked`)
    under the same budgets -- the watchdog on its wall-clock time,
    ``file_memory_mb`` on the address space it adds to its warmed-up self
    -- and with the same failures when it hangs, dies or runs out of
    memory. The child warms up (imports, SymPy's ``solve``; as a pool's
    parent, outside the memory cap), then grades; this process need not
    import the grader. Returns ("ok", report) or ("failed",
    :class:`Failure`); never raises but KeyboardInterrupt."""
    from ..forked import ChildDied, run_forked

    watchdog = file_watchdog(limits, file_seconds)
    try:
        return run_forked(_warm_and_grade, grade, name, options, limits, file_seconds, seconds=watchdog,
                          memory_mb=None)
    except CheckTimeout:
        return "failed", timed_out(name, watchdog)
    except ChildDied as exc:
        return "failed", worker_died(name, exc.exitcode)
    except Exception as exc:  # noqa: BLE001 - the fork itself failed (no processes left...): this file's failure
        log.debug("grading %s alone failed", name, exc_info=True)
        return "failed", failure_of(name, exc, limits)


def _warm_and_grade(grade, path: str, options, limits: Limits, file_seconds: Optional[float]):
    """In the child of :func:`grade_alone`: the warm-up a file needs, its
    heap frozen for the garbage collector (later collections skip the
    imported modules, as in a pool's workers), the memory cap over the
    warmed-up process (what a pool worker gets), then :func:`grade_one`."""
    from ..runners import cap_address_space

    if grade is None:
        warm_up(options, grade_text=False)
        gc.freeze()
    cap_address_space(limits.file_memory_mb)
    return grade_one(grade, path, options, limits, file_seconds)


def file_watchdog(limits: Limits, file_seconds: Optional[float] = None) -> float:
    """Hard wall-clock bound on one file's worker (see ``Limits.watchdog_seconds``)."""
    return wall_backstop(file_seconds or limits.file_seconds) + limits.step_seconds + WATCHDOG_GRACE_SECONDS


def grade_paths(paths, options=None, *, jobs: int = 1, resume_dir=None,
                progress: Optional[Callable[[str, str], None]] = None,
                limits: Optional[Limits] = None, file_seconds: Optional[float] = None,
                grade: Optional[Callable] = None, follow_symlinks: bool = False) -> BatchResult:
    """Grade files and folders; see the module docstring.

    ``options`` is the grader's ``GradeOptions`` (its ``limits`` and ``seed``
    attributes are used when present). ``progress(path, outcome)`` is called
    as each file finishes, outcome one of ``graded``, ``failed``, ``resumed``.
    ``file_seconds`` overrides ``limits.file_seconds`` (the watchdog follows).
    ``grade(path, options) -> SubmissionReport`` replaces the grader's
    ``grade_file`` (tests; it must be a module-level function).
    ``follow_symlinks`` follows links that leave a folder (see :mod:`.files`).
    Raises :class:`~symcheck.errors.OutputError` before grading when
    ``resume_dir`` cannot be written. KeyboardInterrupt stops the workers and
    propagates; finished results are already in ``resume_dir``.
    """
    batch = Batch.plan(paths, options, limits, resume_dir, progress, grade, follow_symlinks)
    if len(batch.todo) == 1:  # one file: one child forked for it, no pool (see grade_alone)
        name, key, _ = batch.todo[0]
        batch.record(name, key, grade_alone(grade, name, batch.options, batch.limits, file_seconds))
    elif batch.todo:
        _grade_in_pool(batch, grade, jobs, file_seconds)
    return batch.result()


def _grade_in_pool(batch: "Batch", grade, jobs: int, file_seconds: Optional[float]) -> None:
    """Every file of ``batch.todo`` in a pool of ``jobs`` workers forked from this (warmed) process."""
    import multiprocessing
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures import as_completed

    from pebble import ProcessExpired, ProcessPool

    from ..runners import worker_init

    options, limits = batch.options, batch.limits
    watchdog = file_watchdog(limits, file_seconds)
    if grade is None:
        # before forking: every worker inherits the imports, none pays for them
        warm_up(options)
        gc.collect()
        gc.freeze()  # the warmed heap stays shared with the forked workers (no copy-on-write from the GC)

    # A worker grades up to FILES_PER_WORKER files, then is replaced: a hang or crash still costs only
    # its own file (the watchdog kills the worker, the next file gets a fresh one), and forking
    # once per file would cost ~0.5 s of cold caches each.
    pool = ProcessPool(max_workers=max(1, jobs), max_tasks=FILES_PER_WORKER, initializer=worker_init,
                       initargs=(limits.file_memory_mb,), context=multiprocessing.get_context("fork"))
    try:
        futures = {pool.schedule(grade_one, args=(grade, name, options, limits, file_seconds),
                                 timeout=watchdog): (name, key) for name, key, _ in batch.todo}
        # in completion order: a finished file is stored at once, whatever is still running before it
        for fut in as_completed(futures):
            name, key = futures[fut]
            try:
                outcome = fut.result()
            except FutureTimeout:
                outcome = ("failed", timed_out(name, watchdog))
            except ProcessExpired as exc:
                outcome = ("failed", worker_died(name, exc.exitcode))
            except Exception as exc:  # noqa: BLE001 - the pool itself failed for this file; logged
                outcome = ("failed", failure_of(name, exc, limits))
            batch.record(name, key, outcome)
    except BaseException:
        pool.stop()
        pool.join()
        raise
    pool.close()
    pool.join()


class Batch:
    """What a batch runner (local, or :mod:`symcheck.grade.distributed`) shares:
    the files to grade after the file checks and the resume lookup, and the
    recording of each outcome (stored atomically for ``--resume`` at once,
    progress told) in path order whatever the completion order."""

    def __init__(self, options, limits, seed, resume: Optional[Path], progress):
        self.options, self.limits, self.seed, self.resume, self.progress = options, limits, seed, resume, progress
        self.done: dict[str, tuple[str, object]] = {}
        self.resumed: list[str] = []
        self.todo: list[tuple[str, str, str]] = []  # (path, resume key, text)

    @classmethod
    def plan(cls, paths, options, limits, resume_dir, progress, grade, follow_symlinks: bool = False) -> "Batch":
        """Check the resume folder (``OutputError`` before any grading), list
        the files, refuse the ones that cannot be graded, reuse stored results."""
        from ..outputs import check_output_dir

        if options is None and grade is None:
            from . import GradeOptions

            options = GradeOptions()
        limits = limits or getattr(options, "limits", None) or DEFAULT_LIMITS
        resume = Path(resume_dir) if resume_dir is not None else None
        if resume is not None:
            check_output_dir(resume)
        batch = cls(options, limits, getattr(options, "seed", 0), resume, progress)
        files, refused = collect_paths(paths, exclude=resume, follow_symlinks=follow_symlinks)
        for failure in refused:
            batch.fail(failure)
        for f in files:
            name = str(f)
            try:
                text = check_file(f, limits)
            except SymcheckError as exc:
                batch.fail(failure_of(name, exc, limits))
                continue
            key = result_key(name, text.encode("utf-8", errors="surrogatepass"), options, limits,
                             batch.seed) if resume else ""
            if not batch._resume(name, key):
                batch.todo.append((name, key, text))
        return batch

    def _resume(self, name: str, key: str) -> bool:
        record = load(self.resume, key) if self.resume else None
        if record is None:
            return False
        try:
            self.done[name] = (("ok", report_from_json(record["report"])) if "report" in record
                               else ("failed", Failure(name, str(record["failure"]),
                                                       FailureKind(record.get("kind", "internal")))))
        except (KeyError, TypeError, ValueError):
            return False  # damaged record: grade again
        self.resumed.append(name)
        _tell(self.progress, name, "resumed")
        return True

    def fail(self, failure: Failure) -> None:
        """A file refused before grading (not stored: it is checked again on resume)."""
        self.done[failure.file] = ("failed", failure)
        _tell(self.progress, failure.file, "failed")

    def record(self, name: str, key: str, outcome) -> None:
        """Record a file's outcome: ("ok", report) or ("failed", Failure); stored
        for resume unless the failure is transient (``FailureKind.transient``)."""
        status, value = outcome
        if status != "ok" and not isinstance(value, Failure):
            value = Failure(name, str(value), FailureKind.INTERNAL)
        self.done[name] = (status, value)
        if self.resume and not (status != "ok" and value.kind.transient):
            record = {"key": key, "file": name, "seed": self.seed}
            if status == "ok":
                record["report"] = value.to_json()
            else:
                record["failure"] = value.reason
                record["kind"] = value.kind.value
            try:
                store(self.resume, key, record)
            except OSError as exc:  # the folder went away or filled up mid-batch: the result is still kept
                log.warning("cannot store %s's result in %s: %s (it is still in this run's report)",
                            name, self.resume, exc.strerror or exc)
        _tell(self.progress, name, "graded" if status == "ok" else "failed")

    def result(self) -> BatchResult:
        done = sorted(self.done.items())
        reports = tuple(v for _, (s, v) in done if s == "ok")
        failures = tuple(v for _, (s, v) in done if s != "ok")
        return BatchResult(reports, failures, tuple(sorted(self.resumed)))


def _tell(progress, name: str, outcome: str) -> None:
    if progress is not None:
        progress(name, outcome)
