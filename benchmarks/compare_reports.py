#!/usr/bin/env python3
"""Compare two `symcheck grade --format json` reports of the same files, step by step.

    python3 -m symcheck grade FILE --format json > before.json    # on the old checkout
    python3 -m symcheck grade FILE --format json > after.json     # on the new one
    python3 benchmarks/compare_reports.py before.json after.json

Steps are matched by (file, line, latex). Prints every step whose verdict, check or hint
changed, then a summary, and exits 1 when the new report loses something: an error
found before that is no longer incorrect, an error whose hint changed, or a step that
is newly called incorrect.
"""

import argparse
import json
import sys
from collections import Counter


def _steps(report):
    for sub in report.get("submissions", []):
        for s in sub.get("steps", []):
            yield (sub["file"], s["line"], s["latex"]), s


def compare(before: dict, after: dict) -> tuple[list[str], Counter]:
    old = dict(_steps(before))
    new = dict(_steps(after))
    out, counts = [], Counter()
    for key in sorted(set(old) | set(new), key=lambda k: (k[0], k[1], k[2])):
        a, b = old.get(key), new.get(key)
        where = f"{key[0]}:{key[1]} {key[2][:50]!r}"
        if a is None or b is None:
            counts["step added" if a is None else "step gone"] += 1
            out.append(f"{where}: {'only in the new report' if a is None else 'only in the old report'}")
            continue
        counts["steps"] += 1
        if a["verdict"] == "incorrect" and b["verdict"] != "incorrect":
            counts["error lost"] += 1
        elif a["verdict"] == "incorrect" and a["hint"] != b["hint"]:
            counts["hint changed"] += 1
        elif b["verdict"] == "incorrect" and a["verdict"] != "incorrect":
            counts["new incorrect"] += 1
        elif a["verdict"] != b["verdict"]:
            counts[f"{a['verdict']} -> {b['verdict']}"] += 1
        else:
            counts["same verdict" + (" and hint" if a["hint"] == b["hint"] else "")] += 1
            if a["verdict"] == "incorrect":
                counts["errors kept"] += 1
            continue
        out.append(f"{where}: {a['verdict']} ({a['check']}, hint {a['hint']!r}) -> "
                   f"{b['verdict']} ({b['check']}, hint {b['hint']!r}): {b['reason'][:90]}")
    return out, counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    a = ap.parse_args(argv)
    with open(a.before, encoding="utf-8") as f:
        before = json.load(f)
    with open(a.after, encoding="utf-8") as f:
        after = json.load(f)
    lines, counts = compare(before, after)
    for line in lines:
        print(line)
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    lost = counts["error lost"] + counts["hint changed"] + counts["new incorrect"] + counts["step gone"]
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
