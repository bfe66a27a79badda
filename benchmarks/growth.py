"""Comparison 5: growth -- grading time against submission length (10 to
1,000 steps), and numeric-check time against network width and depth.

Grading: synthetic submissions (``benchmarks/synth.py``) of exactly N steps,
three different files per N, graded in this process by ``grade_file`` after
a warm-up (so start-up is not mistaken for growth); median per N. Linear
growth shows as a log-log slope near 1 and a flat time per step.

Numeric checks: square sigmoid networks with a quadratic cost, batch 5;
width w at depth 3 (sizes [w, w, w, w]) and depth d at width 8. Per network:
backprop, the full gradient check (central differences of all P parameters,
2P perturbed networks costed in one stacked pass: work ∝ P²), and the
batched random-direction check (work ∝ P), one thread.

    python benchmarks/growth.py [--quick] [--json]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as H  # noqa: E402

H.single_thread()

import numpy as np  # noqa: E402

import synth  # noqa: E402


def slope(xs, ys) -> float:
    """Least-squares slope of log y against log x."""
    lx, ly = np.log(np.asarray(xs, float)), np.log(np.asarray(ys, float))
    return float(np.polyfit(lx, ly, 1)[0])


def grading_growth(quick: bool):
    from symcheck.grade import grade_file

    sizes = [10, 30, 100, 300, 1000]
    per_size = 2 if quick else 3
    rows, table = [], []
    with tempfile.TemporaryDirectory(prefix="symcheck-growth-") as tmp:
        tmp = Path(tmp)
        grade_file(synth.write_submissions(tmp / "warm", 1, 30, seed=99)[0])  # imports, parser, caches
        medians = []
        for n in sizes:
            files = synth.write_submissions(tmp / f"n{n}", per_size, n, seed=n)
            secs, steps = [], []
            for f in files:
                t0 = time.perf_counter()
                r = grade_file(f)
                secs.append(time.perf_counter() - t0)
                steps.append(len(r.steps))
            m = H.median(secs)
            medians.append(m)
            table.append([n, H.median(steps), round(m, 3), round(m / n * 1000, 2)])
    # a fixed per-file cost flattens the small sizes; linearity is judged from 100 steps up
    s_all, s_top = slope(sizes, medians), slope(sizes[2:], medians[2:])
    per_step = [r[3] for r in table]
    rows.append(H.row("grading time against length, log-log slope from 100 to 1,000 steps", s_top, "",
                      target="≈ 1 (linear)", ok=s_top <= 1.15,
                      note=f"{s_all:.2f} from 10 steps; ms per step {per_step[0]:.2f} at 10 steps, "
                           f"{per_step[2]:.2f} at 100, {per_step[-1]:.2f} at 1,000"))
    return rows, {"title": "Grading time against submission length (in process, warm)",
                  "columns": ["steps asked", "steps graded", "seconds (median)", "ms per step"], "rows": table}


def numeric_growth(quick: bool):
    from symcheck.core import backprop, gradient_check, parameter_count, random_direction_check, stacked_networks

    reps = 3 if quick else 5
    stack = 256 if quick else 1024
    tables, rows = [], []
    for axis, configs in (("width", [(w, [w] * 4) for w in (2, 4, 8, 16, 32)]),
                          ("depth", [(d, [8] * (d + 1)) for d in (1, 2, 4, 8, 16)])):
        table, full, direc = [], [], []
        for value, sizes in configs:
            rng = np.random.default_rng(value)
            st = stacked_networks(rng, sizes, stack, "sigmoid", "quadratic", 5)
            net, x, y = st.network(0)
            P = parameter_count(sizes)
            k = max(1, min(50, 20000 // max(P, 1)))  # repeat small cases to get measurable times

            def time_it(fn, n):
                best = []
                for _ in range(reps):
                    t0 = time.perf_counter()
                    for _ in range(n):
                        fn()
                    best.append((time.perf_counter() - t0) / n)
                return H.median(best)

            bp = time_it(lambda: backprop(net, x, y), k)
            gc = time_it(lambda: gradient_check(net, x, y), max(1, k // 5))
            rd = time_it(lambda: random_direction_check(st, rng), 1) / stack
            full.append(gc)
            direc.append(rd)
            table.append([value, P, round(bp * 1e6, 1), round(gc * 1e6, 1), round(rd * 1e6, 2)])
        xs = [c[0] for c in configs]
        ps = [r[1] for r in table]
        tables.append({"title": f"Numeric check time against network {axis} "
                                + ("(depth 3: sizes [w, w, w, w])" if axis == "width" else "(width 8)"),
                       "columns": [axis, "parameters P", "backprop µs", "full gradient check µs",
                                   "random-direction check µs/network (batched)"],
                       "rows": table})
        # per-call overhead flattens the small sizes: the slope is fitted on the three largest
        rows.append(H.row(f"full gradient check against {axis}: log-log slope in P", slope(ps[-3:], full[-3:]), "",
                          note=f"P from {ps[-3]} to {ps[-1]}; 2P perturbed copies of P parameters: 2 expected"))
        rows.append(H.row(f"random-direction check against {axis}: log-log slope in P",
                          slope(ps[-3:], direc[-3:]), "", note=f"P from {ps[-3]} to {ps[-1]}; 1 expected"))
    return rows, tables


def run(quick: bool = False) -> dict:
    rows, table = grading_growth(quick)
    nrows, ntables = numeric_growth(quick)
    return {"name": "5. growth", "rows": rows + nrows, "tables": [table, *ntables], "details": {}}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    result = run(quick="--quick" in argv)
    H.emit(result, argv)
    if "--json" not in argv:
        for t in result["tables"]:
            print(f"  {t['title']}\n    " + " | ".join(t["columns"]))
            for r in t["rows"]:
                print("    " + " | ".join(map(str, r)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
