"""A class of N copies of the seed through ``symcheck grade`` (issue 15,
"a batch that tells you what happened"):

- lines printed by ``symcheck grade DIR --jobs 2`` (stdout and stderr; must be < 250 for 200 files);
- files per minute with ``--jobs 2`` (target ≥ 300 on 2 cores);
- the ``--format json`` output with ``--jobs 1``, ``--jobs 2`` and ``--dask`` (a LocalCluster of 2 workers):
  byte-identical.

Each part is a fresh ``python -m symcheck`` subprocess, timed from outside. Parts can run separately
(``--parts``) into one ``--work`` folder, so that each stays a few minutes on a shared machine; the JSON of
each part is kept there and compared when all three exist. The seed is read from ``../shared/seeds`` (or
``$SYMCHECK_SHARED/seeds``) at run time and never copied into the project.

    python benchmarks/batch_cli.py --n 200 --parts lines,jobs2 --work /tmp/batch200
    python benchmarks/batch_cli.py --n 200 --parts jobs1 --work /tmp/batch200
    python benchmarks/batch_cli.py --n 200 --parts dask --work /tmp/batch200
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SYMCHECK_SHARED", ROOT.parent / "shared"))


def make_class(work: Path, n: int) -> Path:
    seed = next((SHARED / "seeds").glob("*.txt"), None)
    if seed is None:
        sys.exit(f"no seed in {SHARED / 'seeds'}: set SYMCHECK_SHARED")
    subs = work / "subs"
    if not subs.is_dir() or len(list(subs.iterdir())) != n:
        subs.mkdir(parents=True, exist_ok=True)
        data = seed.read_bytes()
        for i in range(n):
            (subs / f"student{i:04d}.txt").write_bytes(data)
    return subs


CPU = {}


def symcheck(args: list, env=None) -> tuple[subprocess.CompletedProcess, float]:
    """Run the CLI; also records in CPU["last"] the CPU seconds of the run and its children (workers),
    a figure that, unlike wall time, does not grow with other jobs on a shared machine."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "symcheck", *args], cwd=ROOT, capture_output=True,
                          env={**os.environ, **(env or {})})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc, time.perf_counter() - t0


def _speed(n: int, seconds: float) -> dict:
    cpu = CPU.get("last", 0.0)
    return {"seconds": round(seconds, 1), "files_per_minute": round(n / seconds * 60),
            "cpu_seconds": round(cpu, 1) if cpu else None, "cpu_seconds_per_file": round(cpu / n, 3) if cpu else None,
            "files_per_minute_on_2_free_cores": round(2 * 60 * n / cpu) if cpu else None,
            "load_average": round(os.getloadavg()[0], 1)}


def part(name: str, subs: Path, work: Path, n: int) -> dict:
    if name == "lines":
        proc, seconds = symcheck(["grade", str(subs), "--jobs", "2"])
        lines = len(proc.stdout.decode().splitlines()) + len(proc.stderr.decode().splitlines())
        return {"lines": lines, "exit_code": proc.returncode, **_speed(n, seconds)}
    if name in ("jobs1", "jobs2"):
        proc, seconds = symcheck(["grade", str(subs), "--format", "json", "--jobs", name[-1]])
    else:
        sys.path.insert(0, str(ROOT))
        from distributed import Client

        from symcheck.grade.distributed import local_cluster

        with local_cluster(n_workers=2) as cluster, Client(cluster):
            proc, seconds = symcheck(["grade", str(subs), "--format", "json", "--dask", cluster.scheduler_address],
                                     env={"DASK_DISTRIBUTED__WORKER__DAEMON": "False"})
        CPU["last"] = 0.0  # the cluster's workers are not children the CLI waited for: their CPU is not counted
    (work / f"{name}.json").write_bytes(proc.stdout)
    timeouts = proc.stdout.count(b'"cause": "timeout"')
    return {"exit_code": proc.returncode, **_speed(n, seconds),
            "sha256": hashlib.sha256(proc.stdout).hexdigest()[:16], "step_timeouts": timeouts,
            "stderr_tail": proc.stderr.decode()[-300:]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--work", default="/tmp/symcheck-batch-bench")
    ap.add_argument("--parts", default="lines,jobs2,jobs1,dask")
    args = ap.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    subs = make_class(work, args.n)
    out = {"n": args.n, "cpus": os.cpu_count()}
    for name in args.parts.split(","):
        out[name] = part(name, subs, work, args.n)
        print(json.dumps({name: out[name]}), file=sys.stderr, flush=True)
    done = [p for p in ("jobs1", "jobs2", "dask") if (work / f"{p}.json").exists()]
    if len(done) > 1:
        texts = {p: (work / f"{p}.json").read_bytes() for p in done}
        out["identical"] = {p: texts[p] == texts[done[0]] for p in done}
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
