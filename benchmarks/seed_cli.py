"""``symcheck grade SEED`` and ``symcheck all`` through the CLI, cold: wall time, median of several runs.

Each run is a fresh ``python -m symcheck ...`` subprocess timed from outside (interpreter start, imports,
grading, output), the figure issue 11 bounds ("grading the seed and ``symcheck all`` stay within 10% of
today's time"). With ``--baseline REV`` the same commands also run on a copy of that git revision
(``git archive`` into a temporary folder, removed afterwards), the two trees interleaved run by run, so that
both see the same load on a shared machine; the ratio of the medians is reported, and the seed's JSON
report of the two trees compared byte for byte. CPU seconds (user + system, the children included) are
reported beside the wall time: unlike the wall time, they do not grow while the run waits for a core.

Bytecode: by default the runs write none (``PYTHONDONTWRITEBYTECODE=1``, as on the machine this was written
on), so every run compiles the project's own modules (~0.8 MB of source) while SymPy and numpy load from their
installed ``.pyc`` files. ``--bytecode`` gives each tree a bytecode cache in a temporary folder
(``PYTHONPYCACHEPREFIX``), filled by one untimed run: the figure of an installed copy (pip writes the ``.pyc``
files at install time).

The seed is read from ``../shared/seeds`` (or ``$SYMCHECK_SHARED/seeds``) in place, never copied.

    python benchmarks/seed_cli.py                       # this tree: the seed (json and terminal), symcheck all
    python benchmarks/seed_cli.py --baseline 247abbc    # and the same on revision 247abbc, interleaved
    python benchmarks/seed_cli.py --runs 7 --parts json --bytecode
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SYMCHECK_SHARED", ROOT.parent / "shared"))
SEED_NAME = "000_c92ebc24de319a39.txt"

# part -> the command's arguments after ``python -m symcheck`` ({seed} is the seed's absolute path)
PARTS = {"json": ["grade", "{seed}", "--format", "json"],
         "terminal": ["grade", "{seed}"],
         "all": ["all", "--json"]}


def environment(pycache: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run_once(tree: Path, argv: list[str], pycache: Path | None = None) -> tuple[float, float, bytes, int]:
    """Wall seconds, CPU seconds (user + system of the run and its children), stdout, exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "symcheck", *argv], cwd=tree, capture_output=True,
                          env=environment(pycache))
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout, proc.returncode


def baseline_tree(rev: str, into: Path) -> Path:
    """A copy of the package at ``rev`` (its ``symcheck/`` and ``derivations/`` are all a run needs)."""
    archive = subprocess.run(["git", "archive", rev, "symcheck", "derivations"], cwd=ROOT, capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def summary(runs: list[tuple[float, float, bytes, int]]) -> dict:
    walls = [w for w, _, _, _ in runs]
    return {"median_s": round(statistics.median(walls), 3), "min_s": round(min(walls), 3),
            "max_s": round(max(walls), 3), "cpu_median_s": round(statistics.median(c for _, c, _, _ in runs), 3),
            "runs": len(runs), "exit_codes": sorted({r for *_, r in runs}),
            "outputs_identical_across_runs": len({o for _, _, o, _ in runs}) == 1}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="cold runs per command and tree (default 7, at least 5)")
    ap.add_argument("--parts", default="json,terminal,all", help="any of: " + ", ".join(PARTS))
    ap.add_argument("--baseline", default=None, metavar="REV", help="also time this git revision, interleaved")
    ap.add_argument("--bytecode", action="store_true",
                    help="a bytecode cache per tree, filled by one untimed run (the figure of an installed copy)")
    args = ap.parse_args(argv)
    seed = SHARED / "seeds" / SEED_NAME
    if not seed.is_file():
        sys.exit(f"no seed at {seed}: set SYMCHECK_SHARED")
    tmp = Path(tempfile.mkdtemp(prefix="symcheck-seed-bench-"))
    try:
        trees = {"this tree": ROOT}
        if args.baseline:
            (tmp / "tree").mkdir()
            trees[f"baseline {args.baseline}"] = baseline_tree(args.baseline, tmp / "tree")
        caches = {name: (tmp / f"pycache{i}" if args.bytecode else None) for i, name in enumerate(trees)}
        out = {"cpus": os.cpu_count(), "load_average_before": round(os.getloadavg()[0], 2),
               "bytecode_cache": args.bytecode}
        for part in args.parts.split(","):
            command = [a.format(seed=seed) for a in PARTS[part]]
            runs = {name: [] for name in trees}
            if args.bytecode:  # fill the caches (untimed)
                for name, tree in trees.items():
                    run_once(tree, command, caches[name])
            for _ in range(args.runs):  # interleaved: each round runs every tree once
                for name, tree in trees.items():
                    runs[name].append(run_once(tree, command, caches[name]))
            row = {name: summary(r) for name, r in runs.items()}
            if args.baseline:
                names = list(trees)
                row["ratio_of_medians"] = round(row[names[0]]["median_s"] / row[names[1]]["median_s"], 3)
                row["cpu_ratio_of_medians"] = round(row[names[0]]["cpu_median_s"] / row[names[1]]["cpu_median_s"],
                                                    3)
                if part == "json":
                    row["json_identical_to_baseline"] = runs[names[0]][0][2] == runs[names[1]][0][2]
            out[f"symcheck {' '.join(PARTS[part]).replace('{seed}', SEED_NAME)}"] = row
            print(json.dumps({part: row}), file=sys.stderr, flush=True)
        out["load_average_after"] = round(os.getloadavg()[0], 2)
        print(json.dumps(out, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
