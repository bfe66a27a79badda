"""``symcheck parse "LATEX"`` and ``symcheck check "LATEX"``: the LaTeX front end alone."""

from __future__ import annotations

import json
import logging

from . import EXIT_FAIL, EXIT_OK, EXIT_USAGE
from .io import emit, int_in, nonnegative_int, positive_float

EXIT_UNCHECKED = EXIT_USAGE  # `check`: the equation could not be checked


def register(sub) -> None:
    p = sub.add_parser("parse", help="show how a LaTeX math string is read (SymPy, shapes, assumptions)")
    p.add_argument("latex", help="the math, e.g. '\\delta^L = a^L - y'")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run_parse)

    from ..core import ACTIVATIONS, COSTS
    from ..limits import DEFAULT_LIMITS

    p = sub.add_parser("check", help="verify one equation written in LaTeX (exit 0 correct, 1 incorrect, 2 unchecked)")
    p.add_argument("latex")
    p.add_argument("--activation", default="sigmoid", choices=tuple(ACTIVATIONS),
                   help="σ in the equation (default sigmoid)")
    p.add_argument("--cost", default="quadratic", choices=tuple(COSTS), help="the cost C (default quadratic)")
    p.add_argument("--output", default=None, metavar="ACTIVATION", choices=tuple(ACTIVATIONS),
                   help="the output layer's activation when it differs: " + ", ".join(ACTIVATIONS))
    p.add_argument("--layout", default=None, choices=("numerator", "denominator"),
                   help="the layout of ∂X/∂Y between vectors (default: both are tried, and a step on which "
                        "they disagree is unchecked)")
    p.add_argument("--one-neuron", action="store_true",
                   help="layers of one neuron each, written with scalars (z^l = w^l a^{l-1} + b^l): "
                        "checked on such networks")
    p.add_argument("--seed", type=nonnegative_int, default=0, help="random seed, at least 0 (default 0)")
    p.add_argument("--trials", type=int_in(1, DEFAULT_LIMITS.max_trials), default=8, metavar="N",
                   help=f"random networks or points (1 to {DEFAULT_LIMITS.max_trials}, default 8)")
    p.add_argument("--seconds", type=positive_float, default=DEFAULT_LIMITS.check_seconds, metavar="S",
                   help=f"time budget of the whole check (default {DEFAULT_LIMITS.check_seconds:g}); "
                        f"its memory budget is {DEFAULT_LIMITS.file_memory_mb} MB")
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


def check_equation(latex: str, context: dict):
    """Read and check one equation (runs in the bounded worker): ``(verdict, notes)``."""
    from ..notation import Context, check_reading, read

    r = read(latex)
    return check_reading(r, Context(**context)), tuple(r.notes)


def run_check(args, console) -> int:
    from ..errors import BudgetSpent, LimitExceeded, ParseError, WorkerCrashed
    from ..limits import DEFAULT_LIMITS
    from ..forked import run_bounded
    from ..verdict import Verdict

    from ..notation.derivatives import LAYOUT_NAMES

    context = {"activation": args.activation, "cost": args.cost, "output": args.output, "seed": args.seed,
               "trials": args.trials, "layout": LAYOUT_NAMES.get(args.layout),
               "neurons": 1 if getattr(args, "one_neuron", False) else None}
    notes: tuple = ()
    try:
        v, notes = run_bounded(check_equation, args.latex, context, seconds=args.seconds,
                               memory_mb=DEFAULT_LIMITS.file_memory_mb)
    except ParseError as exc:
        v = Verdict.unchecked("unparsed", f"unparsed: {exc}")
    except BudgetSpent as exc:
        v = Verdict.unchecked("timeout", str(exc))
    except LimitExceeded as exc:
        v = Verdict.unchecked("unsupported", f"not checked: {exc}")
    except WorkerCrashed as exc:
        v = Verdict.unchecked("unsupported", f"not checked: {exc}")
    except Exception as exc:  # noqa: BLE001 - a bug in a check: said, and its traceback logged (--debug)
        logging.getLogger(__name__).debug("check %r failed", args.latex, exc_info=exc)
        v = Verdict.unchecked("unsupported", f"not checked: the check failed ({type(exc).__name__}); "
                                             "run with --debug for the traceback")
    code = {"correct": EXIT_OK, "incorrect": EXIT_FAIL, "unchecked": EXIT_UNCHECKED}[v.verdict]
    if args.json:
        j = v.to_json()
        emit(json.dumps({"verdict": j["verdict"], "reason": j["reason"], "counterexample": j["counterexample"],
                         "check": j["check"], "cause": j["cause"],
                         "context": {"activation": args.activation, "cost": args.cost},
                         "notes": list(notes)}, indent=2, ensure_ascii=False) + "\n", json=True)
        return code
    style = {"correct": "green", "incorrect": "red", "unchecked": "yellow"}[v.verdict]
    console.print(f"[{style}]{v.verdict}[/]", end="")
    console.print(f" ({v.check or v.cause}): {v.reason}", markup=False)
    if v.counterexample:
        console.print("counterexample: " + json.dumps(v.to_json()["counterexample"]), markup=False)
    console.print(f"context: activation {args.activation}, {args.cost} cost, seed {args.seed}", markup=False)
    if notes:
        console.print("assumptions: " + "; ".join(notes), markup=False)
    return code
