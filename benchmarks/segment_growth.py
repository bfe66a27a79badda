"""Segmentation in linear time (issue 16.1): each adversarial file of the issue
grown from 100 kB to 1 MB.

Per pattern and size: ``segment()`` alone, with no step limit (the worst case:
every step built), in CPU seconds and wall seconds; then, at 1 MB, the whole
``grade_file`` path with the default limits, which stops segmenting as soon as
the file is over ``max_steps`` and refuses it. Linear growth shows as a
log-log slope near 1 (CPU time; wall time on a shared machine is noisier).

    python benchmarks/segment_growth.py [--quick]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symcheck.errors import LimitExceeded  # noqa: E402
from symcheck.grade.grader import grade_file  # noqa: E402
from symcheck.grade.segment import segment  # noqa: E402

PATTERNS = [  # (name, unit repeated, kind): the four of issue 16.1, then neighbours of them
    ("'\\\\[\\n' (.tex)", "\\[\n", "tex"),
    ("'\\\\begin{equation}\\n' (.tex)", "\\begin{equation}\n", "tex"),
    ("'$x\\n' (.md)", "$x\n", "md"),
    ("'$x=x$ ' (.md)", "$x=x$ ", "md"),
    ("'$$x=x$$ ' one line (.md)", "$$x=x$$ ", "md"),
    ("'`a` \\\\(' (.md)", "`a` \\(", "md"),
    ("'% $x=x$\\n' (.tex)", "% $x=x$\n", "tex"),
]
SIZES = (100_000, 250_000, 500_000, 1_000_000)


def slope(xs, ys) -> float:
    return float(np.polyfit(np.log(np.asarray(xs, float)), np.log(np.maximum(np.asarray(ys, float), 1e-4)), 1)[0])


def run(sizes=SIZES):
    rows = []
    for name, unit, kind in PATTERNS:
        cpu, wall, steps = [], [], 0
        for size in sizes:
            text = unit * (size // len(unit))
            c0, w0 = time.process_time(), time.perf_counter()
            steps = len(segment(text, kind).steps)
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("f." + kind)
            path.write_text(unit * (sizes[-1] // len(unit)), encoding="utf-8")
            w0 = time.perf_counter()
            try:
                outcome = f"{len(grade_file(path).steps)} steps graded"
            except LimitExceeded as exc:
                outcome = f"refused: {exc}"
            graded = time.perf_counter() - w0
        rows.append((name, cpu, wall, steps, graded, outcome))
    return rows


def main(argv=None):
    quick = "--quick" in (argv or sys.argv[1:])
    sizes = SIZES[:2] if quick else SIZES
    rows = run(sizes)
    head = " | ".join(f"{s // 1000} kB cpu (wall)" for s in sizes)
    last = sizes[-1] // 1000
    print(f"| pattern | {head} | slope (cpu) | steps at {last} kB | grade_file at {last} kB |")
    print("|---" * (len(sizes) + 4) + "|")
    for name, cpu, wall, steps, graded, outcome in rows:
        cells = " | ".join(f"{c:.2f} s ({w:.2f} s)" for c, w in zip(cpu, wall))
        print(f"| {name} | {cells} | {slope(sizes, cpu):.2f} | {steps} | {graded:.2f} s, {outcome} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
