"""``symcheck all``, ``symcheck list`` and ``symcheck show ID``."""

from __future__ import annotations

import json
import time

from . import EXIT_FAIL, EXIT_OK, EXIT_USAGE
from .io import nonnegative_int, positive_float, positive_int, say


def register(sub) -> None:
    p = sub.add_parser("all", help="verify every claim of the library (or of --path)")
    _common(p)
    p.add_argument("--seed", type=nonnegative_int, default=0, help="random seed, at least 0 (default 0)")
    p.add_argument("--networks", type=positive_int, default=64, metavar="N",
                   help="random networks (or points) per numeric check (default 64)")
    p.add_argument("--timeout", type=positive_float, default=3.0, help="seconds per symbolic check (default 3)")
    p.add_argument("--json", action="store_true", help="print one JSON object (schema: docs/cli.md)")
    p.set_defaults(func=run_all)

    p = sub.add_parser("list", help="list the claims")
    _common(p)
    p.add_argument("--markdown", action="store_true",
                   help="print the catalogue as Markdown (this is how docs/claims.md is made)")
    p.set_defaults(func=run_list)

    p = sub.add_parser("show", help="show one claim: statement, proof, false variants, verification")
    p.add_argument("id")
    p.add_argument("--path", default=None, metavar="DIR", help="claim folder (default: the shipped library)")
    p.add_argument("--seed", type=nonnegative_int, default=0)
    p.add_argument("--networks", type=positive_int, default=64, metavar="N")
    p.set_defaults(func=run_show)


def _common(p) -> None:
    p.add_argument("-k", dest="pattern", default=None, metavar="PATTERN",
                   help="only claims whose id or title contains PATTERN (or matches a glob)")
    p.add_argument("--path", default=None, metavar="DIR", help="claim folder (default: the shipped library)")


def _fmt_err(x) -> str:
    return "-" if x is None else f"{x:.1e}"


STATUS_STYLE = {"verified": "green", "numeric-only": "yellow", "refuted": "red", "error": "red"}


def result_table(results, title="symcheck all"):
    from rich.markup import escape
    from rich.table import Table

    t = Table(title=title, title_justify="left")
    for col, kw in [("claim", {}), ("status", {}), ("symbolic", {}), ("numeric", {"justify": "right"}),
                    ("max rel err", {"justify": "right"}), ("false variants", {"justify": "right"}),
                    ("time", {"justify": "right"})]:
        t.add_column(col, **kw)
    for r in results:
        style = STATUS_STYLE[r.status]
        var_style = "green" if r.variants_rejected == len(r.variants) else "red"
        numeric = f"{r.numeric.trials} {r.numeric.kind}" if r.numeric else "-"
        t.add_row(escape(r.claim.id), f"[{style}]{r.status}[/]", escape(r.symbolic.method), numeric,
                  _fmt_err(r.numeric.max_rel_error if r.numeric else None),
                  f"[{var_style}]{r.variants_rejected}/{len(r.variants)} rejected[/]", f"{r.seconds:.2f}s")
    return t


def run_all(args, console) -> int:
    from ..claims import discover
    from ..claims.runner import summary, verify

    if args.networks < 1:
        say(args, "symcheck: --networks must be at least 1")
        return EXIT_USAGE
    start = time.perf_counter()
    claims = discover(args.path, args.pattern)
    if not claims:
        say(args, "symcheck: no claims matched")
        return EXIT_USAGE
    results = []
    if args.json or not args.err.is_terminal:
        for c in claims:
            results.append(verify(c, seed=args.seed, networks=args.networks, timeout=args.timeout))
    else:
        from rich.progress import Progress

        with Progress(console=args.err, transient=True) as progress:
            task = progress.add_task("verifying", total=len(claims))
            for c in claims:
                progress.update(task, description=c.id)
                results.append(verify(c, seed=args.seed, networks=args.networks, timeout=args.timeout))
                progress.advance(task)
    seconds = time.perf_counter() - start
    ok = all(r.passed for r in results)
    summ = summary(results, seconds)
    if args.json:
        print(json.dumps({"claims": [r.to_json() for r in results], "summary": summ}, indent=2))
        return EXIT_OK if ok else EXIT_FAIL
    console.print(result_table(results))
    for r in results:
        _print_problems(console, r)
    console.print(
        f"{summ['total']} claims: {summ['verified']} verified, {summ['numeric_only']} numeric-only, "
        f"{summ['refuted']} refuted, {summ['error']} error; false variants rejected "
        f"{summ['variants_rejected']}/{summ['variants_total']}; {seconds:.2f}s (seed {args.seed})",
        markup=False)
    return EXIT_OK if ok else EXIT_FAIL


def _print_problems(console, r) -> None:
    if r.error:
        console.print(f"{r.claim.id}: error: {r.error}", markup=False)
    if r.numeric and not r.numeric.ok:
        console.print(f"{r.claim.id}: refuted, counterexample {r.numeric.counterexample}", markup=False)
    for v in r.variants:
        if not v.rejected:
            console.print(f"{r.claim.id}: false variant {v.name!r} ({v.description}) NOT rejected: {v.how}",
                          markup=False)


def run_list(args, console) -> int:
    from rich.markup import escape
    from rich.table import Table

    from ..claims import discover

    claims = discover(args.path, args.pattern)
    if args.markdown:
        print(catalogue_markdown(claims), end="")
        return EXIT_OK
    t = Table(title=f"{len(claims)} claims", title_justify="left")
    for col in ("id", "title", "source"):
        t.add_column(col)
    for c in claims:
        t.add_row(escape(c.id), escape(c.title), escape(c.source))
    console.print(t)
    return EXIT_OK


def run_show(args, console) -> int:
    from ..claims import discover
    from ..claims.runner import verify
    from ..errors import ClaimError

    matches = [c for c in discover(args.path) if c.id == args.id]
    if not matches:
        raise ClaimError(f"no claim with id {args.id!r} (see 'symcheck list')")
    c = matches[0]
    out = console.print
    out(f"[bold]{c.id}[/]: {c.title}")
    out(f"source: {c.source}", markup=False)
    out(f"statement: {c.latex}", markup=False)
    out(f"setting: {c.setting.describe() if c.setting else 'not declared'}; family: {c.family}", markup=False)
    if c.assumptions:
        out("assumptions: " + ", ".join(f"{k} {v}" for k, v in c.assumptions.items()), markup=False)
    if c.proof:
        out("proof:")
        for i, s in enumerate(c.proof, 1):
            out(f"  {i}. {s.latex}    [{s.why}]", markup=False)
    r = verify(c, seed=args.seed, networks=args.networks)
    out(f"status: {r.status} (symbolic: {r.symbolic.method}{'; ' + r.symbolic.detail if r.symbolic.detail else ''})",
        markup=False)
    if r.numeric:
        out(f"numeric: {r.numeric.trials} {r.numeric.kind}, max relative error {_fmt_err(r.numeric.max_rel_error)}",
            markup=False)
    out("false variants:")
    for v in r.variants:
        mark = "rejected" if v.rejected else "NOT REJECTED"
        ce = f"; counterexample {v.counterexample}" if v.counterexample else ""
        out(f"  {v.name}: {v.description} -> {mark} ({v.how}{ce})", markup=False)
    if r.error:
        out(f"error: {r.error}", markup=False)
    return EXIT_OK if r.passed else EXIT_FAIL


def catalogue_markdown(claims) -> str:
    """The claim catalogue, ``docs/claims.md``: every claim, its statement, source and false variants."""
    lines = ["# The claim library", "",
             "Generated by `symcheck list --markdown > docs/claims.md`; a test keeps it in sync with `derivations/`.",
             "Each claim is proved symbolically, checked numerically, and carries false variants that the checks",
             "must reject. `symcheck show ID` prints the proof and the verification.", ""]
    module = None
    for c in claims:
        if c.module != module:
            module = c.module
            lines += [f"## `derivations/{module}.py`", ""]
        lines += [f"### `{c.id}` — {c.title}", "", f"Source: {c.source}.", "", "$$" + c.latex + "$$", ""]
        lines += [f"Setting: {c.setting.describe() if c.setting else 'not declared'}."
                  + (f" A form of `{c.family}`." if c.family != c.id else ""), ""]
        if c.assumptions:
            lines += ["Assumptions: " + ", ".join(f"{k}: {v}" for k, v in c.assumptions.items()) + ".", ""]
        lines += ["False variants, each rejected by the checks:", ""]
        lines += [f"- `{v.name}`: {v.description}" for v in c.variants]
        lines.append("")
    return "\n".join(lines)
