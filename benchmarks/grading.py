"""Comparison 4: grading -- the seed homework cold, and a class of 300
seed-sized submissions with ``--jobs 2``; then the same 300 on a Dask
LocalCluster of 2 workers (``symcheck grade --dask``), checked to give
exactly the local reports.

Cold means a fresh ``python -m symcheck grade ...`` subprocess, timed from
outside; medians of a few runs. The 300 submissions are synthetic
(``benchmarks/synth.py``: the project's ``examples/`` and templates with
fresh numbers), as long in steps as the seed, written to a temporary folder.
The seed itself is read from ``../shared/seeds`` when present (never copied);
without it, a synthetic seed-sized file stands in.

    python benchmarks/grading.py [--quick] [--json]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as H  # noqa: E402
import synth  # noqa: E402


def _has_grade_cli() -> bool:
    return H.cold(["-m", "symcheck", "grade", "--help"], 1)["returncode"] == 0


def _grade_argv(paths, jobs: int, use_cli: bool, extra=()):
    if use_cli:
        return ["-m", "symcheck", "grade", *map(str, paths), "--jobs", str(jobs), "--format", "json", *extra]
    code = ("import sys, json; from symcheck.grade.batch import grade_paths; "
            f"r = grade_paths({[str(p) for p in paths]!r}, jobs={jobs}); "
            "from symcheck.grade import formats; print(formats.to_json(r.reports, r.failures))")
    return ["-c", code]


def run(quick: bool = False) -> dict:
    runs = 3 if quick else 5
    batch_runs = 1 if quick else 3
    n_files = 60 if quick else 300
    use_cli = _has_grade_cli()
    how = "python -m symcheck grade" if use_cli else "grade_paths() in a fresh python (no grade CLI yet)"
    rows, details = [], {"via": how}
    with tempfile.TemporaryDirectory(prefix="symcheck-bench-") as tmp:
        tmp = Path(tmp)
        seed = synth.SEED_FILE if synth.SEED_FILE.is_file() else synth.write_submissions(tmp / "seed", 1, 95)[0]
        seed_run = H.cold(_grade_argv([seed], 1, use_cli), runs)
        rows.append(H.row("the seed homework, cold", seed_run["median"], "s", target="< 3 s",
                          ok=seed_run["median"] < 3,
                          note=f"{synth.seed_steps()} steps; median of {runs} fresh processes"
                               + ("" if synth.SEED_FILE.is_file() else " (synthetic stand-in: ../shared absent)")))
        details["seed_times"] = seed_run["times"]

        t0 = time.perf_counter()
        files = synth.write_submissions(tmp / "class", n_files, synth.seed_steps(), seed=1)
        details["generate_seconds"] = round(time.perf_counter() - t0, 2)
        folder = tmp / "class"
        local = H.cold(_grade_argv([folder], 2, use_cli), 1)
        if batch_runs > 1 and local["median"] < 60:  # a slow batch is measured once: minutes per run
            more = H.cold(_grade_argv([folder], 2, use_cli), batch_runs - 1)
            local["times"] += more["times"]
            local["median"] = H.median(local["times"])
        ok_local = local["returncode"] in (0, 1)
        rows.append(H.row(f"{n_files} seed-sized submissions, --jobs 2, cold", local["median"], "s",
                          target="< 60 s" if n_files == 300 else None,
                          ok=(local["median"] < 60 and ok_local) if n_files == 300 else None,
                          note=f"{n_files / local['median']:.1f} files/s; exit code {local['returncode']}"))
        details["batch_times"] = local["times"]
        try:
            local_json = json.loads(local["stdout"])
        except ValueError:
            local_json = None
            details["batch_stderr"] = local["stderr"]
        if local_json:
            subs = local_json.get("submissions", [])
            details["batch_summary"] = {"graded": len(subs),
                                        "steps": sum(len(x.get("steps", [])) for x in subs)}

        rows += _dask_rows(folder, n_files, local, local_json, details)
    return {"name": "4. grading", "rows": rows, "details": details}


def _dask_rows(folder, n_files, local, local_json, details) -> list:
    """The same folder on a 2-worker LocalCluster: wall time (cluster start-up
    excluded, reported apart) and whether the reports equal the local ones."""
    try:
        from distributed import Client

        from symcheck.grade import Options, formats
        from symcheck.grade.distributed import grade_paths_dask, local_cluster
        from symcheck.limits import Limits
    except ImportError:
        return [H.row("Dask LocalCluster (2 workers)", "skipped", "", note="pip install 'symcheck[dask]'")]
    t0 = time.perf_counter()
    with local_cluster(2) as cluster, Client(cluster) as client:
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        # the options `symcheck grade` builds by default
        options = Options(seed=0, trials=8, step_seconds=3.0, limits=Limits(step_seconds=3.0))
        result = grade_paths_dask([folder], options, client=client)
        wall = time.perf_counter() - t1
    details["dask"] = {"startup": round(startup, 2), "wall": round(wall, 2)}
    rows = [H.row(f"{n_files} submissions on a Dask LocalCluster, 2 workers", wall, "s",
                  note=f"{wall / local['median']:.2f}× the local --jobs 2 time; cluster start {startup:.1f} s")]
    if local_json is None:
        return rows + [H.row("  Dask reports identical to the local run (JSON)", "n/a", "", note="local run failed")]
    mine = {s["file"]: s for s in json.loads(formats.to_json(result.reports, result.failures))["submissions"]}
    theirs = {s["file"]: s for s in local_json["submissions"]}
    differ = sorted(f for f in set(mine) | set(theirs) if mine.get(f) != theirs.get(f))
    same = len(set(mine) | set(theirs)) - len(differ)
    note, dask_only = "", 0
    if differ:
        # the control: grade the differing files locally once more; a file that differs between two local runs
        # has steps near a time bound (a loaded machine), which is the grader's doing, not the cluster's
        from symcheck.grade.batch import grade_paths

        again = {r.file: r.to_json() for r in grade_paths(differ, options, jobs=2).reports}
        unstable = [f for f in differ if again.get(f) != theirs.get(f)]
        dask_only = len(differ) - len(unstable)
        note = (f"{len(differ)} differ: {len(unstable)} of them also differ between two local runs "
                f"(time-bounded steps on a loaded machine), {dask_only} only on Dask")
        details["dask"]["differ"] = differ[:20]
    rows.append(H.row("  Dask reports identical to the local run (JSON)", f"{same}/{len(set(mine) | set(theirs))}",
                      "files", ok=dask_only == 0, note=note))
    return rows


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    H.emit(run(quick="--quick" in argv), argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
