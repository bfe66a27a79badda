"""``symcheck parse "LATEX"`` and ``symcheck check "LATEX"``: the LaTeX front end alone."""

from __future__ import annotations

import json

from . import EXIT_FAIL, EXIT_OK, EXIT_USAGE

EXIT_UNCHECKED = 2


def register(sub) -> None:
    p = sub.add_parser("parse", help="show how a LaTeX math string is read (SymPy, shapes, assumptions)")
    p.add_argument("latex", help="the math, e.g. '\\delta^L = a^L - y'")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run_parse)

    p = sub.add_parser("check", help="verify one equation written in LaTeX (exit 0 correct, 1 incorrect, 2 unchecked)")
    p.add_argument("latex")
    p.add_argument("--activation", default="sigmoid", help="σ in the equation (default sigmoid)")
    p.add_argument("--cost", default=None, help="quadratic (default), cross-entropy or log-likelihood")
    p.add_argument("--output", default=None, metavar="ACTIVATION",
                   help="the output layer's activation when it differs (e.g. softmax, linear)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--trials", type=int, default=8, metavar="N", help="random networks or points (default 8)")
    p.add_argument("--json", action="store_true", help='print {"verdict", "reason", "counterexample"}')
    p.set_defaults(func=run_check)


def run_parse(args, console) -> int:
    import sympy as sp

    from ..notation import read, shape_of

    r = read(args.latex)
    shapes = [shape_of(p) for p in r.parts]
    if args.json:
        print(json.dumps({"parts": [sp.sstr(p) for p in r.parts], "srepr": [sp.srepr(p) for p in r.parts],
                          "relations": list(r.relations), "leading": r.leading, "shapes": shapes,
                          "notes": list(r.notes), "prose": r.prose, "network": r.is_network}, indent=2))
        return EXIT_OK
    out = lambda s: console.print(s, markup=False, highlight=False)  # noqa: E731
    out(f"source:   {r.source}")
    if r.leading:
        out(f"continues the line before with {r.leading!r}")
    for i, (p, shape) in enumerate(zip(r.parts, shapes)):
        if i:
            out(f"  {r.relations[i - 1]}")
        out(f"part {i + 1} ({shape}):")
        out(f"  reading: {sp.sstr(p)}")
        if not r.is_network:
            out("  " + sp.pretty(p, use_unicode=True).replace("\n", "\n  "))
        out(f"  srepr: {sp.srepr(p)}")
    out("assumptions: " + ("; ".join(r.notes) if r.notes else "none"))
    if r.prose:
        out(f"prose dropped: {r.prose}")
    return EXIT_OK


def run_check(args, console) -> int:
    from ..errors import ParseError
    from ..notation import Context, check_reading, read

    cost = args.cost or "quadratic"
    if args.trials < 1:
        console.print("symcheck: --trials must be at least 1")
        return EXIT_USAGE
    try:
        r = read(args.latex)
    except ParseError as exc:
        if args.json:
            print(json.dumps({"verdict": "unchecked", "reason": f"unparsed: {exc}", "counterexample": None}))
        else:
            console.print(f"unchecked: {exc}", markup=False)
        return EXIT_UNCHECKED
    ctx = Context(activation=args.activation, cost=cost, output=args.output, seed=args.seed, trials=args.trials)
    v = check_reading(r, ctx)
    code = {"correct": EXIT_OK, "incorrect": EXIT_FAIL, "unchecked": EXIT_UNCHECKED}[v.verdict]
    if args.json:
        j = v.to_json()
        print(json.dumps({"verdict": j["verdict"], "reason": j["reason"], "counterexample": j["counterexample"],
                          "check": j["check"], "context": {"activation": ctx.activation, "cost": ctx.cost},
                          "notes": list(r.notes)}, indent=2))
        return code
    style = {"correct": "green", "incorrect": "red", "unchecked": "yellow"}[v.verdict]
    console.print(f"[{style}]{v.verdict}[/]", end="")
    console.print(f" ({v.check or v.cause}): {v.reason}", markup=False)
    if v.counterexample:
        console.print("counterexample: " + json.dumps(j := v.to_json()["counterexample"]), markup=False)
    console.print(f"context: activation {ctx.activation}, {ctx.cost} cost, seed {ctx.seed}", markup=False)
    if r.notes:
        console.print("assumptions: " + "; ".join(r.notes), markup=False)
    return code
