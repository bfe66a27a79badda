"""Grade many submission files reliably.

Every file is graded in a worker process forked from one warmed-up parent
(each worker grades up to FILES_PER_WORKER files, then is replaced; the
reports do not depend on ``jobs`` or on what a worker graded before), with
a hard wall-clock watchdog per file; a crash, a hang or a memory blow-up in
one file kills its worker and becomes that file's failure, never the
batch's. Files that cannot be graded at all (binary, empty, too large, not
UTF-8) are listed with their reason.

With ``resume_dir``, each finished result is written atomically (temporary
file + ``os.replace``) as ``<key>.json``, the key hashing the file's path and
contents, the options, the limits and the seed. After Ctrl-C or a kill the
finished results are intact, and a re-run with the same ``resume_dir``
skips them. Exit codes: see :attr:`BatchResult.exit_code` and
``docs/reliability.md``.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from .. import __version__
from ..errors import CheckTimeout, SymcheckError
from ..limits import DEFAULT_LIMITS, Limits, check_file
from .report import ProblemResult, StepResult, SubmissionReport

SUFFIXES = (".md", ".markdown", ".txt", ".tex", ".ipynb")
EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3   # as in symcheck.cli


@dataclass(frozen=True)
class BatchResult:
    """Reports of the files graded (resumed ones included) and the files
    that could not be graded, each as ``(path, reason)``; both sorted by path."""

    reports: tuple[SubmissionReport, ...]
    failures: tuple[tuple[str, str], ...]
    resumed: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 every file graded, no step incorrect; 1 every file graded, some
        step incorrect; 3 some files graded, some not (partial failure);
        2 no file could be graded. Unchecked steps do not change the code."""
        if self.failures:
            return EXIT_PARTIAL if self.reports else EXIT_USAGE
        if not self.reports:
            return EXIT_USAGE
        if any(r.counts["incorrect"] for r in self.reports):
            return EXIT_FAIL
        return EXIT_OK

    def to_json(self) -> dict:
        return {"reports": [r.to_json() for r in self.reports],
                "failures": [{"file": p, "reason": why} for p, why in self.failures],
                "summary": {"files": len(self.reports) + len(self.failures), "graded": len(self.reports),
                            "failed": len(self.failures),
                            "exit_code": self.exit_code}}


# --- which files ---------------------------------------------------------------
def expand_paths(paths: Iterable, exclude: Optional[Path] = None) -> list[Path]:
    """Files named, plus the submission files (by suffix) under directories,
    recursively, skipping hidden entries; deduplicated and sorted."""
    out = set()
    excl = Path(exclude).resolve() if exclude else None
    for p in map(Path, paths):
        if p.is_dir():
            for f in p.rglob("*"):
                rel = f.relative_to(p).parts
                if any(part.startswith(".") for part in rel):
                    continue
                if excl and (excl == f.resolve() or excl in f.resolve().parents):
                    continue
                if f.suffix.lower() in SUFFIXES and not f.is_dir():
                    out.add(f)
        else:
            out.add(p)  # named explicitly: graded (or refused) whatever its suffix
    return sorted(out, key=lambda f: str(f))


# --- resume store --------------------------------------------------------------
def _stable(v, depth: int = 0):
    """A JSON-able description of an options value that is the same in every
    run (no memory addresses), for the resume key."""
    import re

    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if depth > 6:
        return type(v).__name__
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _stable(getattr(v, f.name), depth + 1) for f in dataclasses.fields(v)}
    if isinstance(v, (list, tuple, set, frozenset)):
        items = [_stable(x, depth + 1) for x in v]
        return sorted(items, key=repr) if isinstance(v, (set, frozenset)) else items
    if isinstance(v, dict):
        return {str(k): _stable(x, depth + 1) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}
    if hasattr(v, "__dict__") and not callable(v):
        return {"__type__": type(v).__name__, **_stable(vars(v), depth + 1)}
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(v))


def _options_blob(options, limits: Limits, seed) -> str:
    opts = _stable(options)
    return json.dumps({"options": opts, "limits": dataclasses.asdict(limits), "seed": seed,
                       "version": __version__}, sort_keys=True, default=repr)


def result_key(path, data: bytes, options, limits: Limits, seed) -> str:
    h = hashlib.sha256()
    for part in (str(path).encode(), data, _options_blob(options, limits, seed).encode()):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()[:32]


def _store(resume_dir: Path, key: str, record: dict) -> None:
    """Write atomically: a reader sees the old file, the new one, or none."""
    resume_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=resume_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(record, f)  # key order kept: it is part of the byte-identical output
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, resume_dir / f"{key}.json")
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _load(resume_dir: Path, key: str) -> Optional[dict]:
    try:
        with open(resume_dir / f"{key}.json", encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError):
        return None  # absent or damaged: grade again
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    return record


def report_from_json(d: dict) -> SubmissionReport:
    """Rebuild a report from its JSON form (``to_json`` of the result is
    ``d``); ``SubmissionReport.from_json`` when the report module has one.
    Raises ValueError when the rebuilt report would not print the same JSON
    (the schema moved on): the caller grades the file again."""
    rebuilt = _from_json(d)
    if json.dumps(rebuilt.to_json()) != json.dumps(d):  # byte for byte, key order included
        raise ValueError("stored report does not round-trip")
    return rebuilt


def _from_json(d: dict) -> SubmissionReport:
    if hasattr(SubmissionReport, "from_json"):
        return SubmissionReport.from_json(d)
    from ..verdict import Verdict

    steps = []
    for s in d["steps"]:
        v = Verdict(s["verdict"], s["reason"], check=s.get("check") or "", cause=s.get("cause"),
                    counterexample=s.get("counterexample"), hint=s.get("hint") or "", claim=s.get("claim"))
        extra = {"location": s["location"]} if s.get("location") else {}
        steps.append(StepResult(s["line"], s["end_line"], s["latex"], v, problem=s.get("problem", ""),
                                first_error=s.get("first_error", False), **extra))
    problems = [ProblemResult(p["id"], p["title"], p["line"], dict(p["counts"]), p["summary"],
                              score=p.get("score"), points=p.get("points")) for p in d.get("problems", [])]
    return SubmissionReport(d["file"], tuple(steps), tuple(problems), error=d.get("summary", {}).get("error"))


# --- one file, in a worker -------------------------------------------------------
def _grade_one(grade, path: str, options, limits: Limits):
    """Runs in a fresh worker process. Returns ("ok", report) or
    ("failed", reason); never raises (typed errors do not survive pickling)."""
    try:
        if grade is None:
            from . import grade_file as grade

        report = grade(path, options)
        if report.error:
            return "failed", report.error
        return "ok", report
    except MemoryError:
        return "failed", f"over the memory limit ({limits.step_memory_mb} MB)"
    except CheckTimeout as exc:
        return "failed", f"timeout: {exc}"
    except SymcheckError as exc:
        return "failed", str(exc)
    except RecursionError:
        return "failed", "input nested too deeply (recursion limit)"
    except Exception as exc:  # a bug in the grader: this file's failure, not the batch's
        return "failed", f"internal error: {type(exc).__name__}: {exc}"


def file_watchdog(text: str, limits: Limits) -> float:
    """Hard wall-clock bound for one file: well above (steps × step time)
    for an upper estimate of its steps (lines and '=' signs)."""
    estimate = min(limits.max_steps, sum(1 for line in text.splitlines() if line.strip()) + text.count("="))
    return 30.0 + 2.0 * limits.step_seconds * estimate


def grade_paths(paths, options=None, *, jobs: int = 1, resume_dir=None,
                progress: Optional[Callable[[str, str], None]] = None,
                limits: Optional[Limits] = None, file_seconds: Optional[float] = None,
                grade: Optional[Callable] = None) -> BatchResult:
    """Grade files and folders; see the module docstring.

    ``options`` is the grader's ``GradeOptions`` (its ``limits`` and ``seed``
    attributes are used when present). ``progress(path, outcome)`` is called
    as each file finishes, outcome one of ``graded``, ``failed``, ``resumed``.
    ``file_seconds`` overrides the per-file watchdog (:func:`file_watchdog`).
    ``grade(path, options) -> SubmissionReport`` replaces the grader's
    ``grade_file`` (tests; it must be a module-level function).
    KeyboardInterrupt stops the workers and propagates; finished results
    are already in ``resume_dir``.
    """
    import multiprocessing
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures import as_completed

    from pebble import ProcessExpired, ProcessPool

    from ..limits import worker_init

    batch = _Batch.plan(paths, options, limits, resume_dir, progress, grade)
    options, limits = batch.options, batch.limits
    todo = [(name, key, file_seconds or file_watchdog(text, limits)) for name, key, text in batch.todo]

    if todo:
        if grade is None:
            _warm_up(options)  # before forking: every worker inherits the imports, none pays for them
            gc.collect()
            gc.freeze()  # the warmed heap stays shared with the forked workers (no copy-on-write from the GC)

        # A worker grades up to FILES_PER_WORKER files, then is replaced: a hang or crash still costs only
        # its own file (the watchdog kills the worker, the next file gets a fresh one), and forking
        # once per file would cost ~0.5 s of cold caches each.
        pool = ProcessPool(max_workers=max(1, jobs), max_tasks=FILES_PER_WORKER, initializer=worker_init,
                           initargs=(limits.step_memory_mb + 512,), context=multiprocessing.get_context("fork"))
        try:
            futures = {pool.schedule(_grade_one, args=(grade, name, options, limits), timeout=watchdog):
                       (name, key, watchdog) for name, key, watchdog in todo}
            # in completion order: a finished file is stored at once, whatever is still running before it
            for fut in as_completed(futures):
                name, key, watchdog = futures[fut]
                try:
                    outcome = fut.result()
                except FutureTimeout:
                    outcome = ("failed", f"timeout: grading took over {watchdog:g} s (worker killed)")
                except ProcessExpired as exc:
                    outcome = ("failed", f"worker process died (exit code {exc.exitcode}; "
                                         "out of memory or a crash in native code)")
                except Exception as exc:
                    outcome = ("failed", f"internal error: {type(exc).__name__}: {exc}")
                batch.record(name, key, outcome)
        except BaseException:
            pool.stop()
            pool.join()
            raise
        pool.close()
        pool.join()

    return batch.result()


class _Batch:
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
    def plan(cls, paths, options, limits, resume_dir, progress, grade) -> "_Batch":
        if options is None and grade is None:
            from . import GradeOptions

            options = GradeOptions()
        limits = limits or getattr(options, "limits", None) or DEFAULT_LIMITS
        resume = Path(resume_dir) if resume_dir is not None else None
        batch = cls(options, limits, getattr(options, "seed", 0), resume, progress)
        for f in expand_paths(paths, exclude=resume):
            name = str(f)
            try:
                text = check_file(f, limits)
            except SymcheckError as exc:
                batch.fail(name, _reason(exc))
                continue
            key = result_key(name, text.encode("utf-8"), options, limits, batch.seed) if resume else ""
            if not batch._resume(name, key):
                batch.todo.append((name, key, text))
        return batch

    def _resume(self, name: str, key: str) -> bool:
        record = _load(self.resume, key) if self.resume else None
        if record is None:
            return False
        try:
            self.done[name] = (("ok", report_from_json(record["report"])) if "report" in record
                               else ("failed", str(record["failure"])))
        except (KeyError, TypeError, ValueError):
            return False  # damaged record: grade again
        self.resumed.append(name)
        _tell(self.progress, name, "resumed")
        return True

    def fail(self, name: str, reason: str) -> None:
        """A file refused before grading (not stored: it is checked again on resume)."""
        self.done[name] = ("failed", reason)
        _tell(self.progress, name, "failed")

    def record(self, name: str, key: str, outcome) -> None:
        self.done[name] = outcome
        status, value = outcome
        transient = status == "failed" and value.startswith(_TRANSIENT)
        if self.resume and not transient:
            record = {"key": key, "file": name, "seed": self.seed}
            if status == "ok":
                record["report"] = value.to_json()
            else:
                record["failure"] = value
            _store(self.resume, key, record)
        _tell(self.progress, name, "graded" if status == "ok" else "failed")

    def result(self) -> BatchResult:
        done = sorted(self.done.items())
        reports = tuple(v for _, (s, v) in done if s == "ok")
        failures = tuple((n, v) for n, (s, v) in done if s != "ok")
        return BatchResult(reports, failures, tuple(sorted(self.resumed)))


FILES_PER_WORKER = 25

WARM_UP_MODULES = ("symcheck.symbolic", "symcheck.grade.check", "symcheck.grade.identities", "symcheck.notation",
                   "symcheck.notation.reader", "latex2sympy2_extended", "numpy")
WARM_UP_TEXT = "Problem 1\n\n$$(x+1)^2 = x^2 + 2x + 1$$\n\n$$\\sigma'(z) = \\sigma(z)(1-\\sigma(z))$$\n"


def _warm_up(options) -> None:
    """Import the grader's heavy dependencies (SymPy, the LaTeX reader) and
    grade a fixed, trusted two-line text in this process, so that workers
    forked from it start warm (a cold worker spends seconds importing). Every
    worker forks from the same warmed state, so results do not depend on
    ``jobs``. Best effort: a failure here only costs time."""
    import importlib

    for name in WARM_UP_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    try:
        from ..symbolic import time_limit
        from .grader import grade_text

        with time_limit(30.0):
            grade_text(WARM_UP_TEXT, "md", "<warm-up>", options)
    except (Exception, CheckTimeout):
        pass


_TRANSIENT = ("timeout: grading took", "worker process died")  # retried on resume, not stored


def _reason(exc: SymcheckError) -> str:
    from ..limits import BadFile

    return exc.detail if isinstance(exc, BadFile) else str(exc)


def _tell(progress, name: str, outcome: str) -> None:
    if progress is not None:
        progress(name, outcome)
