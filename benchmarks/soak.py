"""Soak test: many hostile inputs through the real grading path.

    python benchmarks/soak.py --n 10000 --out /tmp/soak.json

Inputs, from a seeded ``random.Random``: mutations (delete / insert / swap
tokens, random Unicode, unbalanced braces and ``$``, huge numbers and
exponents, deep nesting, TeX primitives) of the fixtures of
``tests/test_fuzz.py``, of ``examples/`` and of windows of the real corpus
(``../shared/corpus``, when present; never copied into the project),
generated LaTeX equations, and the hostile kinds of issue 16 (``hostile``:
notebooks with lone surrogates, NULs and odd cells, slow steps that add up,
overflowing towers, CR-only line ends, verbatim and comments, segmentation-
heavy repetitions). Each input is graded as a file is -- ``grade_text``
under a :class:`~symcheck.runners.FileBudget` (``--file-seconds``) whose
steps run in a nested :class:`~symcheck.runners.ProcessRunner`
(``--step-seconds``) -- in a document worker with a watchdog
(``--doc-seconds``), and every report is rendered in every format.

Counted: inputs tried; refused by a typed limit; crashes (the worker died,
an untyped exception escaped the grader, or a format failed to render);
hangs (the document watchdog fired); steps that ended ``unchecked``/
``timeout``, stopped by the file budget, or "internal error"; the maximum
wall time per input; the peak RSS of any worker (``ru_maxrss``). Exit 1 on
any crash, hang or internal error. The figures go to ``docs/reliability.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from symcheck.errors import CheckTimeout, SymcheckError, WorkerCrashed  # noqa: E402
from symcheck.limits import Limits  # noqa: E402
from symcheck.runners import FileBudget, ProcessRunner  # noqa: E402

_TOKEN_RE = re.compile(r"\\[A-Za-z]+|\s+|\d+|.", re.S)

# --- the worker side ---------------------------------------------------------------
_STEP_RUNNER = None


def grade_one(text: str, kind: str, step_seconds: float, isolate: bool, file_seconds: float = 60.0) -> dict:
    """Runs in the document worker, as a batch worker grades a file: the
    file's time budget over every step. Returns plain data."""
    global _STEP_RUNNER
    from symcheck.grade import GradeOptions, grade_text
    from symcheck.runners import InProcessRunner

    limits = Limits(step_seconds=step_seconds, file_seconds=file_seconds)
    options = GradeOptions(step_seconds=step_seconds, limits=limits)
    if isolate:
        if _STEP_RUNNER is None:
            _STEP_RUNNER = ProcessRunner(limits).__enter__()
        inner = _STEP_RUNNER
    else:
        inner = InProcessRunner(limits)
    runner = FileBudget(inner, file_seconds)
    start = time.perf_counter()
    try:
        report = grade_text(text, kind, "soak." + kind, options, runner=runner)
        out = {"status": "ok", "steps": len(report.steps),
               "timeouts": sum(s.verdict.cause == "timeout" for s in report.steps),
               "budget_spent": sum("file time budget spent" in s.verdict.reason for s in report.steps),
               "internal": sum("internal error" in s.verdict.reason for s in report.steps),
               "over_limit": sum("over the limit" in s.verdict.reason for s in report.steps),
               "counts": report.counts}
        render_everywhere(report)
    except SymcheckError as exc:
        out = {"status": "refused", "why": str(exc)[:200]}
    except Exception as exc:  # an untyped escape (or a format that cannot render) is a crash
        out = {"status": "crash", "why": f"{type(exc).__name__}: {exc}"[:300]}
    out["seconds"] = time.perf_counter() - start
    out["maxrss_kb"] = _maxrss()
    if isolate:
        try:
            out["maxrss_kb"] = max(out["maxrss_kb"], inner.run(_maxrss))  # the step worker, where SymPy runs
        except BaseException:
            pass
    return out


def render_everywhere(report) -> None:
    """Every output format, encoded as it is written: raises on a report that cannot be written."""
    from symcheck.cli.grade_terminal import text_report
    from symcheck.grade.formats import to_gradescope, to_json, to_markdown
    from symcheck.outputs import json_text, visible

    for text in (to_json([report]), to_gradescope(report)):
        json.loads(json_text(text).encode("utf-8"))
    for text in (to_markdown([report]), text_report([report], [], 0.0, all_steps=True)):
        visible(text).encode("utf-8")


def _maxrss() -> int:
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


# --- inputs ------------------------------------------------------------------------
def seeds() -> list[tuple[str, str, str]]:
    from test_fuzz import SEEDS

    out = [("fixture", k, t) for k, t in SEEDS]
    corpus = Path(os.environ.get("SYMCHECK_SHARED", ROOT.parent / "shared")) / "corpus"
    if corpus.is_dir():
        for f in sorted(corpus.glob("*.md")):
            if f.name == "MANIFEST.md":
                continue
            lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
            for i in range(0, len(lines), 12):
                window = "\n".join(lines[i:i + 12])
                if "$" in window:
                    out.append(("corpus", "md", window))
    return out


def mutate(rng: random.Random, text: str) -> str:
    from test_fuzz import NASTY

    tokens = _TOKEN_RE.findall(text)
    for _ in range(rng.randint(1, 10)):
        op = rng.choice(["delete", "insert", "swap", "unicode", "nest", "huge", "dup"])
        i = rng.randrange(len(tokens)) if tokens else 0
        if op == "delete" and tokens:
            del tokens[i:i + rng.randint(1, 4)]
        elif op == "insert":
            tokens.insert(i, rng.choice(NASTY))
        elif op == "swap" and len(tokens) > 1:
            j = rng.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif op == "unicode":
            tokens.insert(i, "".join(chr(rng.choice([rng.randint(32, 0x2FF), rng.randint(0x370, 0x3FF),
                                                     rng.randint(0x2200, 0x22FF), rng.randint(0x1F300, 0x1F6FF),
                                                     rng.randint(0xD800 - 2048, 0xD7FF)]))
                                     for _ in range(rng.randint(1, 12))))
        elif op == "nest":
            k = rng.randint(5, 150)
            o, c = rng.choice([("{", "}"), ("(", ")"), ("\\left(", "\\right)"), ("\\frac{1}{", "}"), ("\\sqrt{", "}")])
            tokens.insert(i, o * k + "x" + c * rng.choice([k, k // 2, 0]))
        elif op == "huge":
            form = rng.choice(["$10^{10^{%d}}$", "$x^{%d}$", "$%d!$", "$(x+1)^{%d}$", "$%d = %d$", "$e^{%d}$",
                               "$2^{2^{2^{%d}}}$", "$\\frac{1}{%d}$"])
            tokens.insert(i, form.replace("%d", str(rng.choice([rng.randint(0, 99), rng.randint(0, 10 ** 6),
                                                                 10 ** rng.randint(6, 90)]))))
        elif op == "dup" and tokens:
            j = min(len(tokens), i + rng.randint(1, 30))
            tokens[i:i] = tokens[i:j] * rng.randint(2, 20)
    return "".join(tokens)


ATOMS = ["x", "y", "z", "w", "b", "a", "\\eta", "\\lambda", "n", "1", "2", "0.5", "z^l_j", "a^{l-1}_k", "w^l_{jk}",
         "\\delta^l_j", "\\sigma(z)", "\\sigma'(z)", "C", "y_j", "a^L_j", "e"]


def expr(rng: random.Random, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.3:
        return rng.choice(ATOMS)
    a, b = expr(rng, depth - 1), expr(rng, depth - 1)
    return rng.choice([f"{a} + {b}", f"{a} - {b}", f"{a} \\cdot {b}", f"\\frac{{{a}}}{{{b}}}", f"({a})^{{2}}",
                       f"e^{{-{a}}}", f"\\sigma({a})", f"\\ln({a})", f"\\sqrt{{{a}}}", f"{a} \\odot {b}",
                       f"\\frac{{\\partial {a}}}{{\\partial {rng.choice(['w', 'b', 'z', 'x'])}}}",
                       f"\\sum_j {a}", f"({a})({b})", f"{a}^{{{rng.randint(0, 5)}}}"])


def generated(rng: random.Random) -> str:
    eqs = []
    for _ in range(rng.randint(1, 5)):
        lhs = expr(rng, rng.randint(1, 4))
        rhs = expr(rng, rng.randint(0, 4)) if rng.random() < 0.7 else lhs
        eqs.append(f"$${lhs} = {rhs}$$")
    return f"## Problem {rng.randint(1, 9)}\n\n" + "\n\n".join(eqs) + "\n"


_ODD_SOURCES = [[1, 2, 3], None, 7, {"a": 1}, ["$$x", 5, "= x$$"], ["$$1+1", "=2$$"], "$$y\ud800 = y + 1$$",
                "$$a\u0000 = a$$", "$$\udfff$$ and $$2+2=5$$", ["\ud83d", "$$3=3$$"]]


def hostile(rng: random.Random) -> tuple[str, str]:
    """One input of the kinds issue 16 reported, sized to stay quick (the
    full-size segmentation cases are benchmarks of their own)."""
    what = rng.choice(["notebook", "notebook", "slow-steps", "overflow", "cr-tex", "verbatim", "repeat",
                       "not-a-notebook"])
    if what == "notebook":
        cells = []
        for _ in range(rng.randint(0, 4)):
            src = rng.choice(_ODD_SOURCES + [generated(rng), mutate(rng, generated(rng))])
            cells.append(rng.choice([{"cell_type": "markdown", "source": src}, {"cell_type": "code", "source": src},
                                     {"cell_type": rng.choice([None, 3, "raw", ""]), "source": src},
                                     {"source": src}, src, None]))
        return "ipynb", json.dumps({"cells": cells})  # valid JSON: surrogates and NULs as escapes
    if what == "not-a-notebook":
        return "ipynb", rng.choice(['{"cells": 5}', "[1, 2]", "{", '"x"', "null", '{"cells": [[]]}'])
    if what == "slow-steps":
        k = rng.randint(2, 4)
        return "md", "".join(f"$$\\binom{{10^{{12}}}}{{5 \\cdot 10^{{11}} + {i}}} = {i}$$\n\n" for i in range(k))
    if what == "overflow":
        depth = rng.randint(3, 6)
        return "md", "$$" + "\\exp(" * depth + str(rng.choice([100, 1000, 10])) + ")" * depth + " = 0$$\n"
    if what == "cr-tex":
        return "tex", "\\section{P}\r$1+1=2$ % c\r$2+2=5$\r" * rng.randint(1, 3)
    if what == "verbatim":
        return "md", rng.choice(["<!-- $5+5=11$ -->\n$$1+1=2$$\n", "`$5+5=11$`\n$$2+2=4$$\n",
                                 "\\verb|$5+5=11$| $$3=3$$\n"])
    piece = rng.choice(["\\[\n", "$x\n", "$x=x$ ", "\\begin{equation}\n"])
    return ("tex" if "\\" in piece else "md"), piece * rng.randint(100, 2000)


def inputs(n: int, seed: int):
    """20% generated, 10% generated then mutated, 25% mutated fixtures and
    examples, 30% mutated corpus windows (fixtures instead when no corpus),
    15% hostile kinds of issue 16."""
    rng = random.Random(seed)
    pool = seeds()
    fixtures = [s for s in pool if s[0] == "fixture"]
    corpus = [s for s in pool if s[0] == "corpus"] or fixtures
    for k in range(n):
        r = rng.random()
        if r < 0.20:
            yield k, "generated", "md", generated(rng)
        elif r < 0.30:
            yield k, "generated+mutated", "md", mutate(rng, generated(rng))
        elif r < 0.45:
            kind, text = hostile(rng)
            yield k, "hostile", kind, text
        else:
            origin, kind, text = rng.choice(fixtures if r < 0.70 else corpus)
            yield k, origin + "+mutated", kind, mutate(rng, text)


# --- a hostile folder through the batch grader --------------------------------------
def batch_soak(n: int, seed: int, jobs: int, file_seconds: float = 20.0) -> dict:
    """``n`` files (mutated inputs plus binary, empty, huge, non-UTF-8, slow,
    odd-notebook, surrogate-notebook and slow-steps files, links leaving the
    folder) through ``grade_paths``, then again with ``resume``, then with
    ``jobs=1``. No failure may be an internal error."""
    import tempfile

    from symcheck.grade import GradeOptions
    from symcheck.grade.batch import grade_paths

    rng = random.Random(seed)
    binom = "".join(f"$$\\binom{{10^{{12}}}}{{5 \\cdot 10^{{11}} + {k}}} = {k}$$\n\n" for k in range(40))
    bad = {"binary": lambda: bytes(rng.randrange(256) for _ in range(2000)) + b"\x00",
           "empty": lambda: b"",
           "huge": lambda: b"$x = x$\n" * 200_000,
           "latin-1": lambda: "Problème: $x = x$ é".encode("latin-1"),
           "slow": lambda: ("$$" + "(x+1)^{9999}" + " = (x+1)^{9999}$$\n").encode() * 10,
           "slow-steps": lambda: binom.encode(),
           "odd-notebook": lambda: b'{"cells":[{"cell_type":"markdown","source":[1,2,3]}]}',
           "surrogate-notebook": lambda: b'{"cells":[{"cell_type":"markdown","source":"$$y\\ud800 = y + 1$$"}]}'}
    suffix = {"odd-notebook": ".ipynb", "surrogate-notebook": ".ipynb"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "subs"
        folder.mkdir()
        (Path(tmp) / "outside.md").write_text("$$2+2=5$$\n")
        kinds = {}
        for k, origin, kind, text in inputs(n, seed):
            r = rng.random()
            if r < 0.01:
                (folder / f"f{k:05d}.md").symlink_to(Path(tmp) / "outside.md")
                kinds["symlink-outside"] = kinds.get("symlink-outside", 0) + 1
            elif r < 0.07:
                what = rng.choice(sorted(bad))
                (folder / f"f{k:05d}{suffix.get(what, '.md')}").write_bytes(bad[what]())
                kinds[what] = kinds.get(what, 0) + 1
            else:
                ext = {"tex": "tex", "ipynb": "ipynb"}.get(kind, "md")
                (folder / f"f{k:05d}.{ext}").write_text(text, encoding="utf-8", errors="replace")
        options = GradeOptions(seed=seed, limits=Limits(file_seconds=file_seconds))
        t0 = time.perf_counter()
        result = grade_paths([folder], options, jobs=jobs, resume_dir=Path(tmp) / "resume")
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = grade_paths([folder], options, jobs=jobs, resume_dir=Path(tmp) / "resume")
        second = time.perf_counter() - t0
        t0 = time.perf_counter()
        serial = grade_paths([folder], options, jobs=1)
        serial_seconds = time.perf_counter() - t0
        by_kind = {}
        for f in result.failures:
            by_kind[f.kind.value] = by_kind.get(f.kind.value, 0) + 1
        steps = [s for r in result.reports for s in r.steps]
        return {"files": n, "bad_files_planted": kinds, "graded": len(result.reports),
                "not_graded": len(result.failures), "failure_kinds": by_kind, "exit_code": int(result.exit_code),
                "internal_errors": by_kind.get("internal", 0) + sum("internal error" in s.verdict.reason
                                                                     for s in steps),
                "steps_budget_spent": sum("file time budget spent" in s.verdict.reason for s in steps),
                "seconds": round(first, 1), "resumed_seconds": round(second, 1),
                "resumed_identical": json.dumps(result.to_json()) == json.dumps(again.to_json()), "jobs": jobs,
                "jobs_1_seconds": round(serial_seconds, 1),
                "jobs_1_identical": json.dumps(result.to_json()) == json.dumps(serial.to_json())}


def runner_overhead(tasks: int = 2000) -> dict:
    """Per-task overhead of ProcessRunner (a trivial task) and of InProcessRunner."""
    from symcheck.runners import InProcessRunner

    out = {}
    with ProcessRunner(Limits()) as r:
        r.run(abs, -1)
        t0 = time.perf_counter()
        for i in range(tasks):
            r.run(abs, -i)
        out["process_runner_ms"] = round((time.perf_counter() - t0) / tasks * 1000, 3)
    r = InProcessRunner(Limits())
    t0 = time.perf_counter()
    for i in range(tasks):
        r.run(abs, -i)
    out["in_process_runner_ms"] = round((time.perf_counter() - t0) / tasks * 1000, 3)
    return out


# --- the driver --------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--doc-seconds", type=float, default=60.0, help="watchdog for one whole input")
    ap.add_argument("--step-seconds", type=float, default=3.0)
    ap.add_argument("--file-seconds", type=float, default=20.0, help="time budget of one input, every step together")
    ap.add_argument("--no-isolate", action="store_true", help="steps in the document worker (time_limit only)")
    ap.add_argument("--out", default=None, help="write the figures (JSON) here")
    ap.add_argument("--every", type=int, default=500, help="progress line every N inputs (stderr)")
    ap.add_argument("--batch", type=int, default=0, metavar="FILES",
                    help="instead: grade a hostile folder of FILES files with grade_paths (and resume it)")
    ap.add_argument("--jobs", type=int, default=2, help="with --batch: files in parallel")
    ap.add_argument("--overhead", action="store_true", help="instead: measure the runners' per-task overhead")
    args = ap.parse_args(argv)
    if args.batch or args.overhead:
        fig = batch_soak(args.batch, args.seed, args.jobs, args.file_seconds) if args.batch else runner_overhead()
        text = json.dumps(fig, indent=2)
        if args.out:
            Path(args.out).write_text(text + "\n")
        print(text)
        return 1 if fig.get("internal_errors") else 0

    fig = {"inputs": 0, "ok": 0, "refused": 0, "crashes": 0, "hangs": 0, "step_timeouts": 0, "steps_budget_spent": 0,
           "step_internal_errors": 0, "steps_over_limit": 0, "steps": 0, "max_seconds": 0.0, "max_seconds_input": None,
           "peak_rss_mb": 0.0, "by_origin": {}, "examples": {"crash": [], "hang": [], "refused": []}}
    start = time.perf_counter()
    limits = Limits(step_seconds=args.doc_seconds, step_memory_mb=2048)
    with ProcessRunner(limits) as runner:
        for k, origin, kind, text in inputs(args.n, args.seed):
            fig["inputs"] += 1
            fig["by_origin"][origin] = fig["by_origin"].get(origin, 0) + 1
            t0 = time.perf_counter()
            try:
                out = runner.run(grade_one, text, kind, args.step_seconds, not args.no_isolate, args.file_seconds)
            except CheckTimeout:
                out = {"status": "hang"}
            except (WorkerCrashed, SymcheckError) as exc:  # the worker died, or memory
                out = {"status": "crash", "why": str(exc)}
            wall = time.perf_counter() - t0
            status = out["status"]
            if status == "ok":
                fig["ok"] += 1
                fig["steps"] += out["steps"]
                fig["step_timeouts"] += out["timeouts"]
                fig["step_internal_errors"] += out["internal"]
                fig["steps_budget_spent"] += out["budget_spent"]
                fig["steps_over_limit"] += out["over_limit"]
            elif status == "refused":
                fig["refused"] += 1
            elif status == "hang":
                fig["hangs"] += 1
            else:
                fig["crashes"] += 1
            key = {"crash": "crash", "hang": "hang", "refused": "refused"}.get(status)
            if key and len(fig["examples"][key]) < 5:
                fig["examples"][key].append({"input": k, "origin": origin, "why": out.get("why", ""),
                                             "text": text[:300]})
            if wall > fig["max_seconds"]:
                fig["max_seconds"], fig["max_seconds_input"] = wall, {"input": k, "origin": origin,
                                                                        "chars": len(text)}
            fig["peak_rss_mb"] = max(fig["peak_rss_mb"], out.get("maxrss_kb", 0) / 1024)
            if args.every and fig["inputs"] % args.every == 0:
                print(f"{fig['inputs']} inputs, {time.perf_counter() - start:.0f}s: ok {fig['ok']} refused "
                      f"{fig['refused']} crashes {fig['crashes']} hangs {fig['hangs']} step timeouts "
                      f"{fig['step_timeouts']} max {fig['max_seconds']:.2f}s peak {fig['peak_rss_mb']:.0f} MB",
                      file=sys.stderr, flush=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    fig["peak_rss_mb"] = round(max(fig["peak_rss_mb"], children), 1)
    fig["max_seconds"] = round(fig["max_seconds"], 3)
    fig["total_seconds"] = round(time.perf_counter() - start, 1)
    fig["mean_seconds"] = round(fig["total_seconds"] / max(fig["inputs"], 1), 4)
    fig["settings"] = {"n": args.n, "seed": args.seed, "doc_seconds": args.doc_seconds,
                       "step_seconds": args.step_seconds, "file_seconds": args.file_seconds,
                       "isolate_steps": not args.no_isolate}
    text = json.dumps(fig, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n")
    print(text)
    return 1 if fig["crashes"] or fig["hangs"] or fig["step_internal_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
