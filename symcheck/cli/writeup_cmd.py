"""``symcheck writeup [ID... | --all] -o FILE.tex [--pdf]``: LaTeX proof write-ups."""

from __future__ import annotations

from pathlib import Path

from . import EXIT_FAIL, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE
from .io import nonnegative_int, positive_float, positive_int, say


def register(sub) -> None:
    p = sub.add_parser("writeup", help="write claims as a LaTeX article: theorem, justified proof, verification")
    p.add_argument("ids", nargs="*", metavar="ID", help="claim ids (see 'symcheck list')")
    p.add_argument("--all", action="store_true", help="every claim of the library (or of --path)")
    p.add_argument("-k", dest="pattern", default=None, metavar="PATTERN",
                   help="only claims whose id or title contains PATTERN (or matches a glob)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.tex", help="where to write the LaTeX")
    p.add_argument("--pdf", action="store_true", help="also compile FILE.pdf with latexmk or pdflatex")
    p.add_argument("--path", default=None, metavar="DIR", help="claim folder (default: the shipped library)")
    p.add_argument("--seed", type=nonnegative_int, default=0, help="random seed (default 0); same seed, same bytes")
    p.add_argument("--networks", type=positive_int, default=64, metavar="N",
                   help="random networks (or points) per numeric check (default 64)")
    p.add_argument("--timeout", type=positive_float, default=3.0, help="seconds per symbolic check (default 3)")
    p.set_defaults(func=run_writeup)


def select(claims, ids, use_all, pattern):
    """The claims to write up, in library order; unknown ids raise ClaimError."""
    from ..errors import ClaimError

    if ids and use_all:
        raise ClaimError("give claim ids or --all, not both")
    if use_all or (pattern and not ids):
        return claims
    if not ids:
        raise ClaimError("give claim ids, --all or -k PATTERN (see 'symcheck list')")
    known = {c.id for c in claims}
    missing = [i for i in ids if i not in known]
    if missing:
        raise ClaimError(f"no claim with id {', '.join(repr(m) for m in missing)} (see 'symcheck list')")
    wanted = set(ids)
    return [c for c in claims if c.id in wanted]


def run_writeup(args, console) -> int:
    from ..claims import discover, verify
    from ..errors import CompileError, OutputError, ToolMissing
    from ..outputs import check_output_path
    from ..writeup import write_document, writeup_latex

    claims = select(discover(args.path, args.pattern), args.ids, args.all, args.pattern)
    if not claims:
        say(args, "symcheck: no claims matched")
        return EXIT_USAGE
    check_output_path(args.output)  # before the verification: a bad path costs nothing (OutputError, exit 2)
    if args.pdf:
        check_output_path(Path(args.output).with_suffix(".pdf"))
    results = [verify(c, seed=args.seed, networks=args.networks, timeout=args.timeout) for c in claims]
    out = Path(args.output)
    text = writeup_latex(results, seed=args.seed, networks=args.networks)
    try:
        pdf = write_document(text, out, pdf=args.pdf)
    except OutputError as exc:
        say(args, f"symcheck: {exc} (nothing was overwritten)")
        return EXIT_OUTPUT
    except ToolMissing as exc:
        say(args, f"symcheck: wrote {out}, but no PDF: {exc}")
        return EXIT_USAGE
    except CompileError as exc:
        say(args, f"symcheck: wrote {out}, but {exc}")
        return EXIT_FAIL
    say(args, f"wrote {out}" + (f" and {pdf}" if pdf else "") + f" ({len(results)} claims)")
    failed = [r.claim.id for r in results if not r.passed]
    if failed:
        say(args, f"symcheck: not verified: {', '.join(failed)} (the write-up says so)")
        return EXIT_FAIL
    return EXIT_OK
