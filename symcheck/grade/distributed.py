"""Grade past one machine: the same per-file grading on a Dask cluster.

:func:`grade_paths_dask` is :func:`symcheck.grade.batch.grade_paths` with the
files spread over a `Dask distributed <https://distributed.dask.org>`_
cluster instead of this machine's cores. The files are sent in chunks of up
to FILES_PER_WORKER (fewer when there are few files for many worker
threads), and a chunk runs exactly what the local batch runs --
``grade_paths(chunk)`` on the worker: a forked grading process that grades
the chunk's files one by one, with the same per-step and per-file limits and
watchdog -- so the reports are the same as a local run's, whatever the
cluster (the tests compare the JSON byte for byte).

The client reads each file, refuses the ones that cannot be graded (as the
local batch does), and sends the bytes of the others with the task, so the
workers need no shared file system; ``send_files=False`` sends paths only
(the workers must then see the files at the same paths). Results come back
as they finish and are returned sorted by path, as locally; ``resume_dir``
stores and reuses them with the same keys as the local batch.

Workers need symcheck installed (the same version: checked before anything is
sent) and must be allowed to start a child process: Dask runs its workers as
daemon processes by default, and a daemon process cannot have children, so
start them with ``DASK_DISTRIBUTED__WORKER__DAEMON=False`` (or the config
``distributed.worker.daemon: false``). See ``docs/performance.md``.

``dask[distributed]`` is an optional extra: ``pip install 'symcheck[dask]'``.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Callable, Optional

from .. import __version__
from ..errors import FailureKind, SymcheckError
from ..limits import Limits
from .batch import FILES_PER_WORKER, Batch, BatchResult, Failure, failure_of


class ClusterError(SymcheckError):
    """Dask is not installed, the cluster cannot be reached, or its workers
    cannot grade (another symcheck version, daemon processes, no workers)."""


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ClusterError("grading on a Dask cluster needs dask[distributed]: "
                           "pip install 'symcheck[dask]'") from None
    return distributed


# --- on the workers ------------------------------------------------------------
_prepare_lock = threading.Lock()
_prepared = False


def prepare_worker(options) -> None:
    """Once per worker process: warm up as the local batch does (SymPy, the
    LaTeX reader, a two-line text), then ``gc.freeze()`` the heap. Every
    file is graded in a process forked from this one; frozen objects are
    never traversed by the garbage collector, so the forked processes do
    not touch -- and copy, page by page -- the hundreds of MB the warm-up
    loaded. This halves the time per file; it changes no result."""
    global _prepared
    with _prepare_lock:
        if _prepared:
            return
        _prepared = True
        import gc

        from .warmup import warm_up

        warm_up(options)
        gc.collect()
        gc.freeze()


def worker_info() -> dict:
    """What the client checks on every worker before sending work."""
    import multiprocessing

    return {"symcheck": __version__, "daemon": bool(multiprocessing.current_process().daemon)}


def grade_on_worker(items, options, limits: Limits, file_seconds: Optional[float],
                    grade: Optional[Callable]) -> list:
    """A chunk of files on a worker: ``[(name, ("ok", report) or ("failed",
    reason)), ...]`` for ``items`` = ``[(name, data), ...]``.

    ``data`` is a file's bytes (written to a private temporary folder under
    the file's own name, so its suffix still picks the reader), or None to
    read ``name`` from a file system the worker shares with the client.
    The first call in a worker process warms it up (:func:`prepare_worker`).
    """
    from .batch import grade_paths

    if grade is None:
        prepare_worker(options)
    tmp = tempfile.mkdtemp(prefix="symcheck-dask-")
    try:
        where = {}                                        # path graded -> name on the client
        for i, (name, data) in enumerate(items):
            path = name
            if data is not None:                           # one folder per file: names may repeat
                os.mkdir(os.path.join(tmp, str(i)))
                path = os.path.join(tmp, str(i), Path(name).name or "submission")
                with open(path, "wb") as f:
                    f.write(data)
            where[str(Path(path))] = name
        result = grade_paths(list(where), options, jobs=1, limits=limits, file_seconds=file_seconds,
                             grade=grade)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out = {where[r.file]: ("ok", dataclasses.replace(r, file=where[r.file])) for r in result.reports}
    out.update({where[f.file]: ("failed", Failure(where[f.file], f.reason.replace(f.file, where[f.file]), f.kind))
                for f in result.failures})
    return [(name, out.get(name, ("failed", Failure(name, "internal error: the worker produced no result",
                                                    FailureKind.INTERNAL))))
            for name, _ in items]


def chunks(items: list, threads: int) -> list:
    """``items`` in consecutive chunks of at most FILES_PER_WORKER, and small
    enough that every worker thread gets about two."""
    size = max(1, min(FILES_PER_WORKER, -(-len(items) // (2 * max(1, threads)))))
    return [items[i:i + size] for i in range(0, len(items), size)]


# --- on the client -----------------------------------------------------------------
def check_workers(client, wait_seconds: float = 30.0) -> dict:
    """Raise :class:`ClusterError` unless the cluster has workers that can
    grade: same symcheck version, not daemon processes. Returns their info."""
    try:
        if not client.scheduler_info().get("workers"):
            client.wait_for_workers(1, timeout=wait_seconds)
        infos = client.run(worker_info)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"no Dask worker answered: {exc}") from None
    if not infos:
        raise ClusterError("the Dask cluster has no workers")
    for addr, info in infos.items():
        if info["symcheck"] != __version__:
            raise ClusterError(f"worker {addr} runs symcheck {info['symcheck']}, this client {__version__}: "
                               "install the same version on every worker")
        if info["daemon"]:
            raise ClusterError(f"worker {addr} is a daemon process and cannot start grading processes: "
                               "start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False")
    return infos


def grade_paths_dask(paths, options=None, address: Optional[str] = None, *, client=None, jobs: int = 1,
                     resume_dir=None,
                     progress: Optional[Callable[[str, str], None]] = None, limits: Optional[Limits] = None,
                     file_seconds: Optional[float] = None, grade: Optional[Callable] = None,
                     send_files: bool = True, connect_seconds: float = 10.0,
                     follow_symlinks: bool = False) -> BatchResult:
    """Grade files and folders on the Dask cluster at ``address`` (e.g.
    ``tcp://scheduler.example.org:8786``), or on an open ``client``; the arguments and the
    result are those of :func:`symcheck.grade.batch.grade_paths`, so it can
    replace it as is; ``jobs`` is ignored (the cluster grades one chunk of
    files per worker thread at a time). Raises :class:`ClusterError` when the cluster cannot be
    used.
    """
    distributed = _distributed()
    batch = Batch.plan(paths, options, limits, resume_dir, progress, grade, follow_symlinks)
    options, limits = batch.options, batch.limits
    todo = []  # (name, key, bytes or None)
    for name, key, _text in batch.todo:
        try:
            todo.append((name, key, Path(name).read_bytes() if send_files else None))
        except OSError as exc:
            batch.fail(Failure(name, f"cannot read: {exc.strerror or exc}", FailureKind.UNREADABLE))

    if todo:
        own = client is None
        if own:
            if not address:
                raise ClusterError("no scheduler address given")
            try:
                client = distributed.Client(address, timeout=connect_seconds)
            except (OSError, TimeoutError) as exc:
                raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        futures = {}
        try:
            check_workers(client, connect_seconds)
            keys = {name: key for name, key, _ in todo}
            for chunk in chunks([(name, data) for name, _, data in todo], sum(client.nthreads().values())):
                fut = client.submit(grade_on_worker, chunk, options, limits, file_seconds, grade, pure=False)
                futures[fut] = [name for name, _ in chunk]
            for fut in distributed.as_completed(futures):
                try:
                    outcomes = fut.result()
                except distributed.KilledWorker as exc:
                    outcomes = [(name, ("failed", Failure(name, f"worker process died (the Dask worker was lost: "
                                                                f"{exc})", FailureKind.WORKER_DIED)))
                                for name in futures[fut]]
                except Exception as exc:  # noqa: BLE001 - the chunk failed on the cluster; logged
                    outcomes = [(name, ("failed", failure_of(name, exc, limits))) for name in futures[fut]]
                for name, outcome in outcomes:
                    batch.record(name, keys[name], outcome)
        except BaseException:
            client.cancel(list(futures))
            raise
        finally:
            if own:
                client.close()

    return batch.result()


def local_cluster(n_workers: int = 2, threads_per_worker: int = 1, **kwargs):
    """A :class:`distributed.LocalCluster` whose workers can grade (not
    daemon processes), for tests and for trying ``--dask`` on one machine.

    Sets ``distributed.worker.daemon`` to False in this process's Dask
    config (the nannies read it again whenever they restart a worker)."""
    _distributed()
    import dask
    from distributed import LocalCluster

    dask.config.set({"distributed.worker.daemon": False})
    return LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker, processes=True,
                        dashboard_address=None, **kwargs)
