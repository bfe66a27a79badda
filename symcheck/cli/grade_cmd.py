"""``symcheck grade FILES_OR_DIRS...``: mark every step of student write-ups.

Formats: a rich terminal report (default), ``--format json`` (schema in
docs/grading.md), ``--format md``, ``--format gradescope`` (writes
``results.json``). With ``--key KEY.toml`` problems are scored and a CSV of
scores is written. Exit codes: 0 nothing incorrect, 1 some step incorrect,
3 some files could not be graded.
"""

from __future__ import annotations

import time
from pathlib import Path

from . import EXIT_FAIL, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE

VERDICT_STYLE = {"correct": "green", "incorrect": "bold red", "unchecked": "yellow"}


def register(sub) -> None:
    p = sub.add_parser("grade", help="grade student write-ups step by step (.md, .txt, .tex, .ipynb)")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--format", choices=("rich", "json", "md", "gradescope", "latex", "html"), default="rich",
                   help="rich terminal report (default), json, md, gradescope (results.json), "
                        "latex (annotated feedback; -o FILE.tex, default feedback.tex), "
                        "html (-o FILE.html, or -o DIR for pages plus index.html)")
    p.add_argument("--pdf", action="store_true", help="with --format latex: compile the feedback to PDF")
    p.add_argument("--key", default=None, metavar="KEY.toml", help="answer key: points and claims per problem")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="files graded in parallel (default 1)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--trials", type=int, default=8, metavar="N", help="random points/networks per check")
    p.add_argument("--step-seconds", type=float, default=3.0, metavar="S", help="time bound per step (default 3)")
    p.add_argument("--resume", default=None, metavar="DIR", help="keep finished results in DIR; skip them on re-run")
    p.add_argument("--dask", default=None, metavar="ADDRESS",
                   help="grade on the Dask cluster at ADDRESS (tcp://host:8786); needs symcheck[dask], "
                        "see docs/performance.md")
    p.add_argument("--output", "-o", default=None, metavar="PATH",
                   help="write the report here (gradescope: results.json; csv of scores: beside it)")
    p.add_argument("--all-steps", action="store_true", help="terminal: also list unchecked prose and definitions")
    p.set_defaults(func=run_grade)


def _options(args, key):
    from ..grade import Options
    from ..limits import Limits

    limits = Limits(step_seconds=args.step_seconds)
    return Options(seed=args.seed, trials=args.trials, step_seconds=args.step_seconds, limits=limits, key=key)


def _grade_all(args, options, console):
    """Grade every file: through ``batch.grade_paths`` (isolated workers, progress bar);
    one file with ``--jobs 1`` and no ``--resume`` is graded in this process (steps
    still bounded by ``--step-seconds``), which saves starting a worker."""
    from ..grade.batch import BatchResult, expand_paths, grade_paths

    files = expand_paths(args.paths)
    if getattr(args, "dask", None):  # the same per-file grading, on a cluster (symcheck.grade.distributed)
        from functools import partial

        from ..grade.distributed import grade_paths_dask

        grade_paths = partial(grade_paths_dask, address=args.dask)  # noqa: F811
    elif len(files) == 1 and args.jobs == 1 and not args.resume and Path(args.paths[0]).is_file():
        from ..errors import SymcheckError
        from ..grade import grade_file
        from ..grade.batch import _reason

        name = str(files[0])
        try:
            return BatchResult((grade_file(name, options),), (), ()), files
        except SymcheckError as exc:
            return BatchResult((), ((name, _reason(exc)),), ()), files
        except RecursionError:
            return BatchResult((), ((name, "input nested too deeply (recursion limit)"),), ()), files
        except Exception as exc:  # a bug in the grader: this file's failure, reported, not a traceback
            return BatchResult((), ((name, f"internal error: {type(exc).__name__}: {exc}"),), ()), files
    show = args.format == "rich" and console.is_terminal
    if not show:
        return grade_paths(args.paths, options, jobs=args.jobs, resume_dir=args.resume), files
    from rich.progress import Progress

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("grading", total=len(files))

        def tick(name, outcome):
            progress.update(task, description=Path(name).name)
            progress.advance(task)

        return grade_paths(args.paths, options, jobs=args.jobs, resume_dir=args.resume, progress=tick), files


def run_grade(args, console) -> int:
    from ..grade import formats
    from ..grade.key import load_key

    if args.jobs < 1 or args.trials < 1 or args.step_seconds <= 0:
        console.print("symcheck: --jobs and --trials must be at least 1, --step-seconds positive")
        return EXIT_USAGE
    key = load_key(args.key) if args.key else None
    if key is not None:  # the key checks itself against the submissions before any grading
        from ..grade.key import check_submissions
        check_submissions(key, args.paths, None, args.key)
    options = _options(args, key)
    start = time.perf_counter()
    result, files = _grade_all(args, options, console)
    seconds = time.perf_counter() - start
    reports, failures = result.reports, result.failures
    if not files and not failures:
        console.print("symcheck: no files to grade")
        return EXIT_USAGE

    if args.format == "json":
        _emit(formats.to_json(reports, failures), args.output, console)
    elif args.format == "md":
        _emit(formats.to_markdown(reports, failures), args.output, console)
    elif args.format == "gradescope":
        if len(reports) != 1:
            console.print("symcheck: --format gradescope grades exactly one submission")
            return EXIT_USAGE
        out = Path(args.output or "results.json")
        out.write_text(formats.to_gradescope(reports[0]), encoding="utf-8")
        console.print(f"wrote {out}", markup=False)
    elif args.format == "html":  # symcheck.grade.html: self-contained pages, math as MathML
        from ..grade.html import write_html

        console.print(f"wrote {write_html(reports, failures, args.output)[0]}", markup=False)
    elif args.format == "latex":
        code = _write_feedback(reports, Path(args.output or "feedback.tex"), args.pdf, console)
        if code:
            return code
    else:
        from rich.markup import escape

        for r in reports:
            _print_report(console, r, args.all_steps)
        for f, why in failures:
            console.print(f"[bold red]{escape(str(f))}[/]: not graded: {escape(str(why))}", highlight=False)
        _print_summary(console, reports, failures, seconds)
    if key is not None:
        csv_path = Path(args.output).with_suffix(".csv") if args.output else Path("scores.csv")
        csv_path.write_text(formats.scores_csv(reports, key), encoding="utf-8")
        if args.format == "rich":
            console.print(f"scores written to {csv_path}", markup=False)
    return result.exit_code


def _write_feedback(reports, out: Path, pdf: bool, console) -> int:
    """Annotated feedback as LaTeX (and PDF); the .tex is written even when TeX is missing."""
    from ..errors import CompileError, ToolMissing
    from ..writeup import feedback_latex_many, write_document

    try:
        made = write_document(feedback_latex_many(reports), out, pdf=pdf)
    except ToolMissing as exc:
        console.print(f"wrote {out}; no PDF: {exc}", markup=False)
        return EXIT_USAGE
    except CompileError as exc:
        console.print(f"wrote {out}; LaTeX failed: {exc}", markup=False)
        return EXIT_FAIL
    console.print(f"wrote {out}" + (f" and {made}" if made else ""), markup=False)
    return 0


def _emit(text, output, console):
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        import sys

        sys.stdout.write(text)


def _print_report(console, r, all_steps: bool) -> None:
    from rich.markup import escape
    from rich.table import Table

    c = r.counts
    console.print(f"\n[bold]{escape(r.file)}[/]: {len(r.steps)} steps — [green]{c['correct']} correct[/], "
                  f"[red]{c['incorrect']} incorrect[/], [yellow]{c['unchecked']} unchecked[/]")
    for p in r.problems:
        steps = [s for s in r.steps if s.problem == p.id]
        shown = [s for s in steps if all_steps or s.verdict.verdict != "unchecked" or s.verdict.cause != "prose"]
        score = f"  [bold]{p.score:g}/{p.points:g}[/]" if p.score is not None else ""
        console.print(f"\n[bold]{escape(p.id)}[/]{score}  {escape(p.summary)}")
        if not shown:
            continue
        t = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for col, kw in (("line", {"justify": "right"}), ("step", {"max_width": 48, "overflow": "fold"}),
                        ("verdict", {}), ("reason", {"overflow": "fold"}), ("hint", {"overflow": "fold"})):
            t.add_column(col, **kw)
        for s in shown:
            v = s.verdict
            verdict = f"[{VERDICT_STYLE[v.verdict]}]{v.verdict}[/]" + (f" ({v.cause})" if v.cause else "")
            if s.first_error:
                verdict += " [red]◀ first[/]"
            if s.follows_from is not None:  # error carried forward (symcheck.grade.scoring)
                verdict += f" [blue]follows from line {s.follows_from}[/]"
            reason = v.reason + _ce_text(v.counterexample)
            line = s.location or str(s.line)
            t.add_row(line, escape(s.latex), verdict, escape(reason), escape(v.hint))
        console.print(t)


def _ce_text(ce) -> str:
    if not ce:
        return ""
    from ..verdict import _jsonable

    import json

    return "; counterexample: " + json.dumps(_jsonable(ce), ensure_ascii=False)


def _print_summary(console, reports, failures, seconds) -> None:
    from rich.markup import escape
    from rich.table import Table

    t = Table(title=f"symcheck grade: {len(reports)} graded, {len(failures)} not graded, {seconds:.2f} s",
              title_justify="left")
    for col in ("file", "steps", "correct", "incorrect", "unchecked", "score"):
        t.add_column(col, justify="left" if col == "file" else "right")
    for r in reports:
        c = r.counts
        score = f"{r.score:g}/{r.points:g}" if r.score is not None else "-"
        t.add_row(escape(r.file), str(len(r.steps)), str(c["correct"]), str(c["incorrect"]), str(c["unchecked"]),
                  score)
    for f, why in failures:
        t.add_row(escape(f), "-", "-", "-", "-", f"[red]{escape(why[:40])}[/]")
    console.print(t)
