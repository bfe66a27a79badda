"""Run every benchmark and write the results table into docs/performance.md.

    python benchmarks/run_all.py            # everything, 5-10 minutes on 2 cores
    python benchmarks/run_all.py --quick    # smaller sizes, fewer rounds (a smoke run)
    python benchmarks/run_all.py --only vs_torch,grading --no-write
    python benchmarks/run_all.py --json-out raw.json; python benchmarks/run_all.py --render raw.json

Each benchmark runs in a fresh subprocess (``python benchmarks/NAME.py
--json``) so that one's imports and caches do not help another. The results
replace the block between the ``results:begin`` / ``results:end`` markers of
``docs/performance.md`` (unless ``--no-write``); ``--json-out PATH`` keeps
the raw figures. ``--extras`` also runs the soak test and the notation
measurements (their figures go to their own documents, not this table).

Needs torch for the first two comparisons (``pip install torch==2.13.0``,
the CPU build; not a dependency of symcheck) and ``symcheck[dask]`` for the
cluster row; a benchmark whose requirement is missing is reported as
skipped.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import _harness as H  # noqa: E402

# (script, what it needs), in the order of the list
BENCHMARKS = [("vs_torch", "torch"), ("directions", None), ("claims_all", None), ("grading", None),
              ("growth", None), ("bench_core", None), ("bench_grade", None)]
EXTRAS = [("soak.py", ["--n", "300"]), ("measure_notation.py", [])]
DOC = H.ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def run_one(name: str, quick: bool) -> dict:
    script = HERE / f"{name}.py"
    if not script.is_file():
        return {"name": name, "skipped": "not written yet"}
    cmd = [sys.executable, str(script), "--json"] + (["--quick"] if quick else [])
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=H.ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"name": name, "skipped": f"failed (exit {proc.returncode}): " + " / ".join(tail)}
    result = json.loads(lines[-1])
    result["script"] = f"benchmarks/{name}.py"
    result["seconds"] = round(seconds, 1)
    return result


def _cell(v) -> str:
    return H.fmt(v).replace("|", "\\|")


def render(results: list[dict], info: dict, command: str) -> str:
    out = [f"Measured {info['date']} on {info['cpu']}, {info['cores']} cores (shared), Python {info['python']}, "
           f"numpy {info['numpy']}, SymPy {info['sympy']}, torch {info['torch']}, distributed {info['distributed']}; "
           f"`OPENBLAS_CORETYPE` {info['OPENBLAS_CORETYPE']}. Regenerate with `{command}`.", ""]
    out += ["| # | measure | result | target | met |", "|---|---|---|---|---|"]
    for res in results:
        if "skipped" in res:
            continue
        for r in res["rows"]:
            met = "" if r["ok"] is None else ("yes" if r["ok"] else "**no**")
            value = f"{_cell(r['value'])} {r['unit']}".strip()
            note = f" — {r['note']}" if r["note"] else ""
            measure = f"{r['measure'].strip()}{note}".replace("|", "\\|")
            label = res["name"].split(".")[0] if res["name"][:1].isdigit() else f"`{Path(res['script']).stem}`"
            out.append(f"| {label} "
                       f"| {measure} | {value} | {r['target'] or ''} | {met} |")
    for res in results:
        if "skipped" in res:
            out += ["", f"*{res['name']}*: skipped — {res['skipped']}."]
    for res in results:
        if "skipped" in res:
            continue
        for t in res.get("tables", []):
            out += ["", f"**{t['title']}** (`{res['script']}`)", "",
                    "| " + " | ".join(t["columns"]) + " |", "|" + "---|" * len(t["columns"])]
            out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in t["rows"]]
        per_claim = res.get("details", {}).get("per_claim")
        if per_claim:
            out += ["", f"**`symcheck all`, time per claim** (median of the cold runs; `{res['script']}`)", "",
                    "| claim | status | seconds |", "|---|---|---|"]
            out += [f"| `{c['id']}` | {c['status']} | {c['seconds']:.3f} |" for c in per_claim]
    out += ["", "Benchmark wall times: " + ", ".join(
        f"`{r['script']}` {r['seconds']:.0f} s" for r in results if "seconds" in r) + "."]
    return "\n".join(out)


def write_doc(block: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{DOC}: the {BEGIN} / {END} markers are missing")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes and fewer rounds")
    ap.add_argument("--only", default=None, help="comma-separated benchmark names (e.g. vs_torch,grading)")
    ap.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    ap.add_argument("--json-out", default=None, metavar="PATH", help="also write the raw results here")
    ap.add_argument("--extras", action="store_true", help="also run soak.py and measure_notation.py")
    ap.add_argument("--render", default=None, metavar="PATH",
                    help="run nothing: rewrite the table from the raw results of an earlier --json-out PATH")
    args = ap.parse_args(argv)
    if args.render:
        data = json.loads(Path(args.render).read_text())
        write_doc(render(data["results"], data["machine"], data.get("command", "python benchmarks/run_all.py")))
        print(f"wrote {DOC.relative_to(H.ROOT)}", file=sys.stderr)
        return 0
    names = [n for n, _ in BENCHMARKS]
    if args.only:
        wanted = args.only.split(",")
        unknown = set(wanted) - set(names)
        if unknown:
            ap.error(f"unknown benchmark(s) {sorted(unknown)}; choose from {names}")
        names = [n for n in names if n in wanted]
    results = []
    for name in names:
        need = dict(BENCHMARKS)[name]
        if need:
            try:
                __import__(need)
            except ImportError:
                results.append({"name": name, "skipped": f"{need} is not installed"})
                continue
        print(f"running benchmarks/{name}.py ...", file=sys.stderr, flush=True)
        res = run_one(name, args.quick)
        results.append(res)
        if "skipped" in res:
            print(f"  skipped: {res['skipped']}", file=sys.stderr)
        else:
            H.emit(res, [])
    info = H.machine()
    command = "python benchmarks/run_all.py" + (" --quick" if args.quick else "")
    block = render(results, info, command)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"machine": info, "command": command, "results": results},
                                                  indent=1, default=float))
    if not args.no_write and not args.only:
        write_doc(block)
        print(f"wrote {DOC.relative_to(H.ROOT)}", file=sys.stderr)
    elif not args.no_write:
        print("(--only: docs/performance.md left as it is; the block follows)", file=sys.stderr)
        print(block)
    if args.extras:
        for script, extra in EXTRAS:
            if (HERE / script).is_file():
                print(f"running benchmarks/{script} {' '.join(extra)} ...", file=sys.stderr, flush=True)
                subprocess.run([sys.executable, str(HERE / script), *extra], cwd=H.ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
