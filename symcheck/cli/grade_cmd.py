"""``symcheck grade FILES_OR_DIRS...``: mark every step of student write-ups.

Formats: a rich terminal report (default), ``--format json`` (schema in
docs/grading.md), ``--format md``, ``--format gradescope`` (writes
``results.json``), ``--format latex`` (annotated feedback). With
``--key KEY.toml`` problems are scored and a CSV of scores is written.

A batch (several files) prints, without ``--all-steps``, a progress bar (on
stderr, on a terminal), one summary line per file and a summary table; the
full reports go to ``-o``/``--format``. Every output path is checked before
grading starts. Messages go to stderr. Exit codes: :class:`ExitCode`
(0 nothing incorrect, 1 some step incorrect, 2 usage / nothing graded,
3 some files could not be graded, 4 an output could not be written).
"""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import ExitCode, OutputError
from ..limits import DEFAULT_LIMITS
from .io import emit, int_in, nonnegative_int, positive_float, positive_int, say, write_output

# Output formats: name -> (default output path or None for stdout, JSON text?). "rich" is the terminal's.
# One table: the choices of --format, the paths checked before grading and the dispatch in _write_format.
FORMATS = {"rich": (None, False), "json": (None, True), "md": (None, False), "gradescope": ("results.json", True),
           "latex": ("feedback.tex", False), "html": (None, False)}


def register(sub) -> None:
    p = sub.add_parser("grade", help="grade student write-ups step by step (.md, .txt, .tex, .ipynb)")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--format", choices=tuple(FORMATS), default="rich",
                   help="rich terminal report (default; with -o, the text report is written there), json, md, "
                        "gradescope (results.json), latex (annotated feedback; -o FILE.tex, default feedback.tex), "
                        "html (pages with the math rendered: -o FILE.html for one file, -o DIR for a batch)")
    p.add_argument("--pdf", action="store_true", help="with --format latex: compile the feedback to PDF")
    p.add_argument("--key", default=None, metavar="KEY.toml", help="answer key: points and claims per problem")
    p.add_argument("--jobs", "-j", type=positive_int, default=1, metavar="N",
                   help="files graded in parallel (default 1)")
    p.add_argument("--seed", type=nonnegative_int, default=0, help="random seed, at least 0 (default 0)")
    p.add_argument("--trials", type=int_in(1, DEFAULT_LIMITS.max_trials), default=8, metavar="N",
                   help=f"random points/networks per check (1 to {DEFAULT_LIMITS.max_trials}, default 8)")
    p.add_argument("--step-seconds", type=positive_float, default=DEFAULT_LIMITS.step_seconds, metavar="S",
                   help=f"time budget of one step (default {DEFAULT_LIMITS.step_seconds:g})")
    p.add_argument("--file-seconds", type=positive_float, default=DEFAULT_LIMITS.file_seconds, metavar="S",
                   help="time budget of one file, segmentation and every step together; the steps left when it "
                        f"is spent are reported unchecked (default {DEFAULT_LIMITS.file_seconds:g})")
    p.add_argument("--resume", default=None, metavar="DIR", help="keep finished results in DIR; skip them on re-run")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="grade files that symbolic links lead to outside the folders named (not followed by default)")
    p.add_argument("--dask", default=None, metavar="ADDRESS",
                   help="grade on the Dask cluster at ADDRESS (tcp://host:8786); needs symcheck[dask], "
                        "see docs/performance.md")
    p.add_argument("--output", "-o", default=None, metavar="PATH",
                   help="write the report here (gradescope: results.json; csv of scores: beside it)")
    p.add_argument("--all-steps", action="store_true",
                   help="terminal: every file's full report, with unchecked prose and definitions")
    p.set_defaults(func=run_grade)


def options_from(args, key=None):
    """The grader's options from the command line; ``Limits`` is the one source of the step budget."""
    from ..grade import Options
    from ..limits import Limits

    limits = Limits(step_seconds=args.step_seconds, file_seconds=args.file_seconds)
    return Options(seed=args.seed, trials=args.trials, step_seconds=limits.step_seconds, limits=limits, key=key)


def _outputs(args, files) -> dict:
    """Every path this run will write, checked before grading (``OutputError``)."""
    from ..outputs import check_output_dir, check_output_path

    default, _ = FORMATS[args.format]
    out = {}
    target = args.output or default
    if args.format == "html":  # symcheck.grade.html's rule: one file -> one page, else a folder + index.html
        page = len(files) == 1 and (target is None or Path(target).suffix.lower() in (".html", ".htm"))
        if page:
            check_output_path(target or "report.html")
        else:
            check_output_dir(Path(target).with_suffix("") if target else Path("report"))
        out["report"] = target          # write_html applies the same rule
    elif target:
        out["report"] = check_output_path(target)
        if args.format == "latex" and args.pdf:
            check_output_path(Path(target).with_suffix(".pdf"))
    if args.key:
        out["csv"] = check_output_path(Path(args.output).with_suffix(".csv") if args.output else "scores.csv")
    if args.resume:
        check_output_dir(args.resume)
    if args.format == "gradescope" and len(files) != 1:
        raise OutputError(target, f"--format gradescope grades exactly one submission, not {len(files)} files")
    return out


def _grade_all(args, options, files):
    """Every file through the batch (a worker per file under the file's budgets; progress on stderr)."""
    from ..grade.batch import grade_paths
    from .grade_terminal import progress_bar

    if args.dask:  # the same per-file grading, on a cluster (symcheck.grade.distributed)
        from functools import partial

        from ..grade.distributed import grade_paths_dask

        grade_paths = partial(grade_paths_dask, address=args.dask)  # noqa: F811
    with progress_bar(args.err, len(files)) as bar:
        return grade_paths(args.paths, options, jobs=args.jobs, resume_dir=args.resume, progress=bar.tick,
                           follow_symlinks=args.follow_symlinks)


def run_grade(args, console) -> int:
    from ..grade.batch import collect_paths
    from ..grade.key import load_key

    files, refused = collect_paths(args.paths, exclude=Path(args.resume) if args.resume else None,
                                   follow_symlinks=args.follow_symlinks)
    if not files and not refused:
        say(args, "symcheck: no files to grade")
        return ExitCode.USAGE
    outputs = _outputs(args, files)                 # before any grading: a bad path costs nothing
    key = load_key(args.key) if args.key else None
    if key is not None:  # the key checks itself against the submissions before any grading
        from ..grade.key import check_submissions

        check_submissions(key, files, None, args.key)
    options = options_from(args, key)
    start = time.perf_counter()
    result = _grade_all(args, options, files)
    seconds = time.perf_counter() - start
    code = _write_format(args, console, result, outputs, seconds)
    if key is not None and not code:
        from ..grade import formats

        code = write_output(args, outputs["csv"], formats.scores_csv(result.reports, key))
        if not code:
            say(args, f"scores written to {outputs['csv']}")
    return code or result.exit_code


def _write_format(args, console, result, outputs: dict, seconds: float) -> int:
    """The report in the chosen format, to ``-o`` (atomically) or stdout; 0 or ExitCode.OUTPUT."""
    from ..grade import formats
    from .grade_terminal import closing_line

    reports, failures = result.reports, result.failures
    target = outputs.get("report")
    if args.format == "rich":
        return _terminal(args, console, result, target, seconds)
    if args.format == "gradescope" and not reports:
        for f, why in failures:
            say(args, f"symcheck: {f}: not graded: {why}")
        return ExitCode.OK  # nothing to write: the exit code says the file was not graded
    if args.format == "latex":
        code = _write_feedback(args, reports, target, args.pdf)
    elif args.format == "html":  # symcheck.grade.html: self-contained pages, math as MathML
        code = _write_html(args, reports, failures, target)
    else:
        text = {"json": lambda: formats.to_json(reports, failures),
                "md": lambda: formats.to_markdown(reports, failures),
                "gradescope": lambda: formats.to_gradescope(reports[0])}[args.format]()
        is_json = FORMATS[args.format][1]
        if target is None:
            emit(text, json=is_json)
            code = ExitCode.OK
        else:
            code = write_output(args, target, text, json=is_json)
    if not code:
        say(args, closing_line(reports, failures, seconds, target))
    return code


def _terminal(args, console, result, target, seconds: float) -> int:
    from .grade_terminal import closing_line, print_file_lines, print_report, print_totals, text_report

    reports, failures = result.reports, result.failures
    single = len(reports) + len(failures) == 1
    if target is not None:
        code = write_output(args, target, text_report(reports, failures, seconds, all_steps=True))
        if code:
            return code
    elif single or args.all_steps:
        for r in reports:
            print_report(console, r, args.all_steps)
        console.print()
    if not single or target is not None or failures:
        print_file_lines(console, reports, failures)
    print_totals(console, reports, failures, seconds)
    if target is not None:
        say(args, closing_line(reports, failures, seconds, target))
    return ExitCode.OK


def _write_html(args, reports, failures, out) -> int:
    from ..grade.html import ReportWriteError, write_html

    try:
        written = write_html(reports, failures, out)
    except ReportWriteError as exc:
        say(args, f"symcheck: {exc} (nothing was overwritten)")
        return ExitCode.OUTPUT
    say(args, f"wrote {written[0]}")
    return ExitCode.OK


def _write_feedback(args, reports, out: Path, pdf: bool) -> int:
    """Annotated feedback as LaTeX (and PDF); the .tex is written even when TeX is missing."""
    from ..errors import CompileError, ToolMissing
    from ..writeup import feedback_latex_many, write_document

    try:
        made = write_document(feedback_latex_many(reports), out, pdf=pdf)
    except OutputError as exc:
        say(args, f"symcheck: {exc} (nothing was overwritten)")
        return ExitCode.OUTPUT
    except ToolMissing as exc:
        say(args, f"wrote {out}; no PDF: {exc}")
        return ExitCode.USAGE
    except CompileError as exc:
        say(args, f"wrote {out}; LaTeX failed: {exc}")
        return ExitCode.FAIL
    say(args, f"wrote {out}" + (f" and {made}" if made else ""))
    return ExitCode.OK
