"""Peer projects' test suites as a benchmark of ``symcheck check``.

    python3 benchmarks/peer_suites.py [--shared ../shared] [--limit N] [--seconds 2] [--no-write]

Reads ``../shared/peer-suites/cases.tsv`` (equations ``A = B`` harvested from the
test suites of Math-Verify, latex2sympy2_extended and SymPy's LaTeX parsers;
see its README), runs each in-process through the same path as
``symcheck check 'A = B'`` (:func:`symcheck.notation.read`, then
:func:`symcheck.notation.check_reading` with the default context), each case
bounded by ``--seconds`` (a case over the bound counts as unchecked
"timeout"), and writes the section of ``docs/accuracy.md`` between
``<!-- peer-suites:begin -->`` and ``<!-- peer-suites:end -->`` (other content
of the file is kept):

- a confusion table by source (expected equal / unequal against correct /
  incorrect / unchecked);
- every *unsound* case (an unequal pair called correct) and every *false
  alarm* (an equal pair called incorrect);
- the most frequent reasons for unchecked.

The README names a few label artifacts (ids unequal only under a peer's own
option or naming); they are listed apart and not counted as unsound.
"""

from __future__ import annotations

import argparse
import collections
import csv
import logging
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BEGIN, END = "<!-- peer-suites:begin -->", "<!-- peer-suites:end -->"
# ids whose label depends on a peer's own option or naming (see the suite's README)
ARTIFACTS = {51, 53, 3995, 4028, 4058, 4136, 4157, 48}


def prime_position_only(a: str, b: str) -> bool:
    """A and B differ only in where the primes stand around a subscript (``a_b'`` and ``a'_{b}``): the same
    quantity, which the README's label artifacts (ids 3995 ...) count as unequal because SymPy's Lark parser
    names the two differently."""
    def norm(t: str) -> str:
        return re.sub(r"[\s{}']", "", t)

    return a != b and a.count("'") == b.count("'") and "'" in a and norm(a) == norm(b)


def float_label(row) -> bool:
    """A ``pos-value`` label that is SymPy's floating-point answer to an exact question (``299792458 \\mod 9.81``
    labelled 5.76999998480013; the exact value is 5.77): the exact value was found, it differs from the printed
    float beyond the float's digits, and only by float rounding (relative 1e-6 at most)."""
    values = row.get("values") or (None, None)
    if row["expected"] != "1" or row.get("kind") != "pos-value" or row["verdict"] != "incorrect" or None in values:
        return False
    try:
        lhs, rhs = (float(v) for v in values)
    except (TypeError, ValueError):
        return False
    return abs(lhs - rhs) <= 1e-6 * max(1.0, abs(rhs))


def is_artifact(row) -> bool:
    """A label artifact: named in the suite's README, of the README's prime-naming kind, or a float label."""
    return int(row["id"]) in ARTIFACTS or (row["expected"] == "0" and prime_position_only(row["A"], row["B"])) \
        or float_label(row)


def default_shared() -> Path:
    """``../shared`` beside the checkout (or beside a folder of worktrees above it)."""
    for up in ROOT.parents[:2]:
        if (up / "shared").exists():
            return up / "shared"
    return ROOT.parent / "shared"


def load(path: Path) -> list[dict]:
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def judge(a: str, b: str, seconds: float):
    """(verdict, reason, check, (lhs, rhs) of the counterexample) of ``A = B`` as ``symcheck check`` gives it;
    never raises."""
    from symcheck.errors import CheckTimeout, ParseError
    from symcheck.notation import Context, check_reading, read
    from symcheck.symbolic import time_limit

    try:
        with time_limit(seconds):
            try:
                r = read(f"{a} = {b}")
            except ParseError as exc:
                return "unchecked", f"unparsed: {exc.reason}", "", None
            v = check_reading(r, Context())
            ce = v.counterexample if isinstance(v.counterexample, dict) else {}
            return v.verdict, v.reason, v.check or v.cause or "", (ce.get("lhs"), ce.get("rhs"))
    except CheckTimeout:
        return "unchecked", f"timeout: over {seconds:g} s", "timeout", None
    except RecursionError:
        return "crash", "RecursionError", "", None
    except Exception as exc:  # noqa: BLE001 -- a crash is a finding of the benchmark, counted and listed
        logging.getLogger(__name__).warning("crash on %r = %r", a, b, exc_info=True)
        return "crash", f"{type(exc).__name__}: {str(exc)[:100]}", "", None


def reason_class(reason: str) -> str:
    """A reason without its particulars (names, numbers, quoted text), to count causes."""
    r = re.sub(r"\d+(\.\d+)?", "N", reason)
    r = re.split(r" \(|; | at column", r)[0]
    return r.strip()[:90]


def run(cases, seconds: float, progress: bool = False):
    rows = []
    t0 = time.perf_counter()
    for i, c in enumerate(cases):
        verdict, reason, check, values = judge(c["A"], c["B"], seconds)
        rows.append({**c, "verdict": verdict, "reason": reason, "check": check, "values": values})
        if progress and i % 500 == 499:
            print(f"  {i + 1} cases, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return rows, time.perf_counter() - t0


def _cell(s: str, n: int = 70) -> str:
    s = s.replace("|", "\\|").replace("\n", " ")
    return "`" + (s if len(s) <= n else s[:n] + "…").replace("`", "'") + "`"


def summary(rows, seconds_total: float, per_case: float) -> str:
    by = collections.defaultdict(collections.Counter)
    for r in rows:
        by[r["source"]][(r["expected"], r["verdict"])] += 1
        by["**all**"][(r["expected"], r["verdict"])] += 1
    out = [BEGIN, "", "## Peer projects' test suites", "",
           "`python3 benchmarks/peer_suites.py` runs every equation `A = B` of `../shared/peer-suites/cases.tsv` "
           "(test suites of Math-Verify, latex2sympy2_extended and SymPy's LaTeX parsers) through the path of "
           f"`symcheck check` (default context, each case bounded to {per_case:g} s). "
           f"{len(rows)} cases in {seconds_total:.0f} s. An equal pair should be correct; an unequal pair incorrect "
           "or unchecked, never correct. The column `check` of the lists below says what decided: `arithmetic` and "
           "`networks` are the numeric comparison (the equality policy), `exact` a proof on the reading.", "",
           "| source | equal: correct | equal: incorrect (false alarm) | equal: unchecked | "
           "unequal: correct (unsound) | unequal: incorrect | unequal: unchecked | crash |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for src in sorted(by, key=lambda s: (s == "**all**", s)):
        c = by[src]
        eq = sum(v for (e, _), v in c.items() if e == "1")
        out.append(f"| {src} | {c['1', 'correct']} / {eq} ({c['1', 'correct'] / max(eq, 1):.0%}) | "
                   f"{c['1', 'incorrect']} | {c['1', 'unchecked']} | {c['0', 'correct']} | {c['0', 'incorrect']} | "
                   f"{c['0', 'unchecked']} | {c['1', 'crash'] + c['0', 'crash']} |")
    unsound = [r for r in rows if r["expected"] == "0" and r["verdict"] == "correct"]
    alarms = [r for r in rows if r["expected"] == "1" and r["verdict"] == "incorrect"]
    crashes = [r for r in rows if r["verdict"] == "crash"]
    for title, items in (("Unsound (an unequal pair called correct)", unsound),
                         ("False alarms (an equal pair called incorrect)", alarms), ("Crashes", crashes)):
        real = [r for r in items if not is_artifact(r)]
        out += ["", f"### {title}: {len(real)}" + (f" (and {len(items) - len(real)} label artifacts: named in the "
                                                 "suite's README, of its prime-naming kind, or a float label: SymPy's float answer to an exact question)"
                                                 if len(items) != len(real) else ""), ""]
        if items:
            out += ["| id | A | B | check | reason |", "|---:|---|---|---|---|"]
            out += [f"| {r['id']}{' (artifact)' if is_artifact(r) else ''} | {_cell(r['A'])} | "
                    f"{_cell(r['B'])} | {r.get('check', '')} | {_cell(r['reason'], 90)} |" for r in items]
    reasons = collections.Counter(reason_class(r["reason"]) for r in rows
                                  if r["verdict"] == "unchecked" and r["expected"] == "1")
    out += ["", "### Top reasons an equal pair is left unchecked", "", "| count | reason |", "|---:|---|"]
    out += [f"| {n} | {_cell(why, 90)} |" for why, n in reasons.most_common(25)]
    out += ["", END]
    return "\n".join(out)


def write_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Accuracy\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(default_shared()))
    ap.add_argument("--seconds", type=float, default=2.0, help="bound on each case")
    ap.add_argument("--limit", type=int, default=0, help="only the first N cases")
    ap.add_argument("--ids", default="", help="only these ids (comma-separated)")
    ap.add_argument("--no-write", action="store_true", help="print the section, do not write docs/accuracy.md")
    ap.add_argument("--tsv", default="", help="also write every case with its verdict to this file")
    args = ap.parse_args(argv)
    path = Path(args.shared) / "peer-suites" / "cases.tsv"
    if not path.exists():
        print(f"no {path}: nothing to measure")
        return 0
    cases = load(path)
    if args.ids:
        want = {s.strip() for s in args.ids.split(",")}
        cases = [c for c in cases if c["id"] in want]
    if args.limit:
        cases = cases[:args.limit]
    rows, took = run(cases, args.seconds, progress=True)
    section = summary(rows, took, args.seconds)
    if args.tsv:
        with open(args.tsv, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write("\t".join((r["id"], r["expected"], r["verdict"], r["A"], r["B"], r["reason"], r["check"]))
                         + "\n")
    if args.no_write:
        print(section)
    else:
        write_section(ROOT / "docs" / "accuracy.md", section)
        print(section.split("### Unsound")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
