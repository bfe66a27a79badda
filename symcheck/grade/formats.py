"""Report formats: JSON, Markdown, Gradescope ``results.json`` and the CSV of
scores. (The rich terminal report is drawn by :mod:`symcheck.cli.grade_cmd`.)
All output is deterministic: same reports ⇒ same bytes."""

from __future__ import annotations

import csv
import io
import json


def to_json(reports, failures=()) -> str:
    doc = {"submissions": [r.to_json() for r in reports]}
    if failures:
        doc["failures"] = [{"file": f, "reason": why} for f, why in failures]
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False)


def _cell(s: str) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def to_markdown(reports, failures=()) -> str:
    out = []
    for r in reports:
        c = r.counts
        out.append(f"# {r.file}\n")
        score = f"; score {r.score:g}/{r.points:g}" if r.score is not None else ""
        out.append(f"{len(r.steps)} steps: {c['correct']} correct, {c['incorrect']} incorrect, "
                   f"{c['unchecked']} unchecked{score}.\n")
        for p in r.problems:
            sc = f" — {p.score:g}/{p.points:g}" if p.score is not None else ""
            out.append(f"## {p.id}{sc}\n\n{p.summary}\n")
            out.append("| line | step | verdict | reason | hint |\n|---:|---|---|---|---|")
            for s in r.items():  # steps, and each display as a whole after its rows
                if s.problem != p.id:
                    continue
                v = s.verdict
                verdict = v.verdict + (f" ({v.cause})" if v.cause else "") + (" **first error**" if s.first_error
                                                                              else "")
                if s.follows_from is not None:
                    verdict += f" (follows from line {s.follows_from})"
                if s.kind == "display":
                    verdict += f" (the display of lines {s.line}–{s.end_line} as a whole)"
                elif s.kind == "chain":
                    verdict += f" (the conclusion of the chain of lines {s.line}–{s.end_line})"
                elif s.kind == "case":
                    verdict += " (a case of the step above)"
                out.append(f"| {s.line} | ${_cell(s.latex)}$ | {verdict} | {_cell(v.reason)}"
                           f"{_cell(_ce(v.counterexample))} | {_cell(v.hint)} |")
            out.append("")
    for f, why in failures:
        out.append(f"**{f}**: not graded: {why}\n")
    return "\n".join(out) + "\n"


def _ce(ce) -> str:
    if not ce:
        return ""
    from ..verdict import jsonable

    return "; counterexample " + json.dumps(jsonable(ce), ensure_ascii=False)


def to_gradescope(report) -> str:
    """One submission as a Gradescope autograder ``results.json``: one test per
    problem (score/max_score from the key, when given), output listing every
    step that is not correct."""
    tests = []
    for p in report.problems:
        lines = [p.summary]
        for s in report.steps:
            if s.problem == p.id and s.verdict.verdict != "correct":
                v = s.verdict
                tag = v.verdict + (f" ({v.cause})" if v.cause else "") + \
                    (f" (follows from line {s.follows_from})" if s.follows_from is not None else "")
                lines.append(f"line {s.line}: {tag}: {s.latex} — {v.reason}" + (f" Hint: {v.hint}" if v.hint else ""))
        t = {"name": p.id, "output": "\n".join(lines),
             "status": "failed" if p.counts.get("incorrect") else "passed", "visibility": "visible"}
        if p.points is not None:
            t["score"] = p.score or 0.0
            t["max_score"] = p.points
        tests.append(t)
    c = report.counts
    doc = {"output": f"{len(report.steps)} steps: {c['correct']} correct, {c['incorrect']} incorrect, "
                     f"{c['unchecked']} unchecked.",
           "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}
    if report.score is not None:
        doc["score"] = report.score
    return json.dumps(doc, indent=2, ensure_ascii=False)


def scores_csv(reports, key) -> str:
    ids = [p.id for p in key.problems]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["file"] + ids + ["total", "max"])
    for r in reports:
        by = {p.id: p for p in r.problems}
        row = [r.file] + [f"{by[i].score:g}" if i in by and by[i].score is not None else "0" for i in ids]
        row += [f"{r.score or 0:g}", f"{key.total:g}"]
        w.writerow(row)
    return buf.getvalue()
