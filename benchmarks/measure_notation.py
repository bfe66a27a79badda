"""Measure the LaTeX front end on real submissions: the share of display
equations read, per file, and why each one not read was not read.

    python benchmarks/measure_notation.py [--shared ../shared] [--failures] [--markdown]

A display is ``$$...$$``, ``\\[...\\]`` or a bare ``\\begin{equation|align|
eqnarray|gather}...\\end{...}``; a display with several rows (``\\\\``) is
split into its rows, and a row that starts with an operator is joined to the
row before (as the grader does). "Read" means ``read`` returned a reading;
whether the reading has the right meaning was checked by eye on the seed
(docs/notation.md). Also reports the mean time of ``read``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DISPLAY = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|(\\begin\{(equation|align|eqnarray|gather|multline)\*?\}.+?"
                     r"\\end\{\4\*?\})", re.S)


def displays(text: str) -> list[str]:
    out = []
    for m in DISPLAY.finditer(text):
        body = next(g for g in m.groups()[:3] if g is not None)
        out.extend(rows(body))
    return [d for d in out if d.strip()]


def rows(body: str) -> list[str]:
    body = re.sub(r"\\begin\{(equation|align|eqnarray|gather|multline|aligned|split|gathered)\*?\}|"
                  r"\\end\{(equation|align|eqnarray|gather|multline|aligned|split|gathered)\*?\}", " ", body)
    parts, depth, cur, i = [], 0, "", 0
    in_matrix = 0
    while i < len(body):
        if body.startswith("\\begin{", i):
            in_matrix += 1
        if body.startswith("\\end{", i):
            in_matrix -= 1
        if body.startswith("\\\\", i) and in_matrix <= 0:
            parts.append(cur)
            cur = ""
            i += 2
            continue
        cur += body[i]
        i += 1
    parts.append(cur)
    out = []
    for p in parts:
        if out and re.match(r"^\s*&?\s*[-+]", p):
            out[-1] += " " + p
        else:
            out.append(p)
    return [p.strip() for p in out if p.strip()]


def measure(paths):
    from symcheck.errors import ParseError
    from symcheck.notation import read

    results = {}
    total_time, count = 0.0, 0
    for path in paths:
        ok, failed = 0, []
        for d in displays(path.read_text(encoding="utf-8")):
            t = time.perf_counter()
            try:
                read(d)
                ok += 1
            except ParseError as exc:
                failed.append((d, exc.reason))
            total_time += time.perf_counter() - t
            count += 1
        results[path.name] = (ok, ok + len(failed), failed)
    return results, (total_time / count if count else 0.0)


TIMED = [r"\delta^L = \nabla_a C \odot \sigma'(z^L)", r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)",
         r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", r"\frac{\partial C}{\partial b^l} = \delta^l",
         r"\delta^L = a^L - y", r"\sigma'(z) = \sigma(z)(1-\sigma(z))",
         r"-\frac{1}{n} \sum \left( \frac{y}{\alpha} - \frac{1-y}{1-\alpha} \right) = "
         r"-\frac{1}{n} \sum \frac{y-\alpha}{\alpha(1-\alpha)}"]


def timing(repeat: int = 20) -> list[tuple[str, float, float]]:
    """(equation, ms per read (uncached), ms per check) for a few typical equations."""
    from symcheck.notation import Context, api, check_reading, read

    out = []
    check_reading(read(TIMED[0]), Context())  # imports and the first network: not timed
    for latex in TIMED:
        t = time.perf_counter()
        for _ in range(repeat):
            api.clear_cache()
            r = read(latex)
        t_read = (time.perf_counter() - t) / repeat
        t = time.perf_counter()
        for _ in range(repeat):
            check_reading(r, Context())
        out.append((latex, t_read * 1000, (time.perf_counter() - t) / repeat * 1000))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(next((up / "shared" for up in ROOT.parents[:2] if (up / "shared").exists()),
                                                 ROOT.parent / "shared")))
    ap.add_argument("--failures", action="store_true", help="list every display not read, with the reason")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--timing", action="store_true", help="also time read and check on typical equations")
    args = ap.parse_args(argv)
    if args.timing:
        for latex, t_read, t_check in timing():
            print(f"read {t_read:6.2f} ms  check {t_check:6.2f} ms  {latex[:70]}")
    shared = Path(args.shared)
    if not shared.exists():
        print(f"no {shared}: nothing to measure")
        return 0
    seed = sorted((shared / "seeds").glob("*.txt"))
    corpus = sorted(p for p in (shared / "corpus").glob("*.md") if p.name != "MANIFEST.md")
    for title, paths in (("seed", seed), ("corpus", corpus)):
        res, mean = measure(paths)
        ok = sum(r[0] for r in res.values())
        tot = sum(r[1] for r in res.values())
        if args.markdown:
            print(f"\n| {title} file | read | displays | share |\n|---|---:|---:|---:|")
            for name, (k, n, _) in res.items():
                print(f"| {name} | {k} | {n} | {k / n:.0%} |" if n else f"| {name} | 0 | 0 | - |")
            print(f"| **all {title}** | {ok} | {tot} | {ok / tot:.1%} |")
        else:
            print(f"{title}: {ok}/{tot} read ({ok / tot:.1%}), mean read time {mean * 1000:.1f} ms")
            for name, (k, n, _) in res.items():
                print(f"  {name}: {k}/{n}")
        if args.failures:
            for name, (_, _, failed) in res.items():
                for d, why in failed:
                    print(f"    [{name}] {why}: {d[:110]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
