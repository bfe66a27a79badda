"""Shared plumbing for the comparison benchmarks: timing, cold subprocess
runs, the machine description, and the result rows every benchmark returns.

A benchmark module has ``run(quick: bool) -> dict`` returning
``{"name": ..., "rows": [row(...), ...], "details": {...}}`` and a ``main``
that prints it as JSON; ``benchmarks/run_all.py`` runs each one in a fresh
subprocess and renders the rows into ``docs/performance.md``.

Times on a shared 2-core machine drift, so comparisons are measured side by
side in the same process, interleaved round by round, and reported as the
median of per-round ratios.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def single_thread() -> None:
    """Pin numpy's BLAS to one thread. Call before numpy is imported (the
    variables are read when the library loads); values already set win."""
    for k, v in SINGLE_THREAD.items():
        os.environ.setdefault(k, v)


def median(xs: Sequence[float]) -> float:
    return float(statistics.median(xs))


def row(measure: str, value, unit: str = "", *, target: Optional[str] = None, ok: Optional[bool] = None,
        note: str = "") -> dict:
    """One line of the results table. ``target`` is the issue's target as
    text ("≥ 3×"), ``ok`` whether the measurement meets it (None: no target)."""
    return {"measure": measure, "value": value, "unit": unit, "target": target, "ok": ok, "note": note}


def interleaved(fns: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Time each callable once per round, the order alternating between
    rounds so that drift hits every contestant alike. Returns seconds."""
    names = list(fns)
    out = {n: [] for n in names}
    for r in range(rounds):
        for n in (names if r % 2 == 0 else names[::-1]):
            t0 = time.perf_counter()
            fns[n]()
            out[n].append(time.perf_counter() - t0)
    return out


def ratio_median(slow: Sequence[float], fast: Sequence[float]) -> float:
    """Median over rounds of slow/fast (same-round pairs)."""
    return median([s / f for s, f in zip(slow, fast)])


def cold(argv: Sequence[str], runs: int = 5, env: Optional[dict] = None, cwd: Path = ROOT,
         timeout: float = 900.0) -> dict:
    """Wall times of ``python -m symcheck ARGV`` (or any argv starting with
    ``-c``/``-m``) in fresh subprocesses. Returns median, all times, the last
    run's exit code and standard output (and every run's, ``stdouts``)."""
    cmd = [sys.executable, *argv]
    times, outs, proc = [], [], None
    full_env = {**os.environ, **(env or {})}
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)
        times.append(time.perf_counter() - t0)
        outs.append(proc.stdout)
    return {"median": median(times), "times": [round(t, 4) for t in times], "returncode": proc.returncode,
            "stdout": proc.stdout, "stdouts": outs, "stderr": proc.stderr[-2000:]}


def machine() -> dict:
    """What the numbers were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy as np

    info = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpu": model or platform.processor(),
            "cores": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__,
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(unset)")}
    for mod in ("sympy", "torch", "distributed"):
        try:
            info[mod] = __import__(mod).__version__
        except Exception:
            info[mod] = "not installed"
    return info


def emit(result: dict, argv: Optional[Sequence[str]] = None) -> None:
    """Print a benchmark's result: a table for people, or ``--json`` for run_all."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--json" in args:
        print(json.dumps(result, default=float))
        return
    print(f"== {result['name']}")
    for r in result["rows"]:
        mark = "" if r["ok"] is None else ("  ok" if r["ok"] else "  MISSED")
        tgt = f"  (target {r['target']})" if r["target"] else ""
        print(f"  {r['measure']}: {fmt(r['value'])} {r['unit']}{tgt}{mark}  {r['note']}")


def fmt(v) -> str:
    if isinstance(v, float):
        if v >= 1000:
            return f"{v:,.0f}"
        if v >= 100:
            return f"{v:.0f}"
        if v >= 10:
            return f"{v:.1f}"
        return f"{v:.2f}" if v >= 0.1 else f"{v:.3g}"
    return f"{v:,}" if isinstance(v, int) else str(v)
