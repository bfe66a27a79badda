"""From step verdicts to what a TA writes in the margin: the first error of each
problem, errors carried forward, problem summaries and scores.

``mark_errors(results, doc)`` returns the step results with

- ``first_error``: the first incorrect step of its problem ("◀ first");
- ``follows_from = N``: the step follows from the wrong step on line N (a TA's
  *error carried forward*). Either its own check passed against a chain row,
  or a value, that an earlier wrong step produced (``= \\frac{1}{1+e^{-(-39)}}``
  after a wrong ``= -39``), or it is incorrect only because it carries line
  N's wrong printed result: it holds with line N's correct value in place of
  it (``1.403 + -2.2764 = 1.6794`` after a wrong ``= -2.2764`` whose correct
  value is 0.2764). Such a step is never a new error; the verdict itself is
  unchanged (a step false as written stays ``incorrect``).

A *new error* is an incorrect step that does not follow from an earlier one;
the first error of each chain is always one.

``problems(doc, results, key)`` builds the problem summaries and, with a key,
the scores, by the key's rule:

- ``first-error``: credit for what comes before the problem's first error;
- ``per-step``: every checked step counts, each incorrect step costs;
- ``error-carried-forward``: as ``per-step``, but a step that follows from an
  earlier error is not penalised again.

Each is ``points × (½ · claims established / claims + ½ · correct / counted)``
(no claims: ``points × correct / counted``), full points when every claim is
established and nothing counted is incorrect; docs/grading.md works an example
of each.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Optional

from ..notation.equality import compare_numbers, literal, numbers_in
from ..verdict import Cause, CheckKind, Verdict
from .key import establishes
from .numbers import rounding_error, value_of, value_with
from .report import ProblemResult, StepResult

# --- a display as a whole -----------------------------------------------------


def display_verdict(rows: list[StepResult], display) -> Verdict:
    """The verdict on a whole display (``display``, a segment step of kind
    "display") from the results of its ``rows``: ``correct`` when there is at
    least one and every one is correct; never ``incorrect`` (its rows carry the
    errors, and are counted once); also ``correct`` when every row that claims is correct and
    the others only give (:func:`_gives`: definitions, assumptions, recorded); otherwise ``unchecked``: cause ``rows`` when a
    row is incorrect, else the cause of its first unchecked row."""
    span = f"lines {display.line}–{display.end_line}"
    steps = [r for r in rows if r.kind == "step"]
    if steps and all(r.verdict.verdict == "correct" for r in steps):
        n = len(steps)
        return Verdict.correct(CheckKind.DISPLAY, f"the display of {span} as a whole: "
                               + ("its step checks" if n == 1 else f"all {n} of its steps check"))
    claims = [r for r in steps if not _gives(r)]
    if claims and all(r.verdict.verdict == "correct" for r in claims):
        n, given = len(claims), len(steps) - len(claims)
        return Verdict.correct(CheckKind.DISPLAY, f"the display of {span} as a whole: "
                               + ("its claim checks" if n == 1 else f"all {n} of its claims check")
                               + f", and {given} of its rows {'gives' if given == 1 else 'give'} rather than claim "
                                 "(a definition, an assumption or a case, recorded)")
    wrong = next((r for r in steps if r.verdict.verdict == "incorrect"), None)
    if wrong is not None:
        return Verdict.unchecked(Cause.ROWS, f"the display of {span} is not correct as a whole: its step on line "
                                             f"{wrong.line} is incorrect (marked there)")
    first = next((r for r in steps if r.verdict.verdict == "unchecked"), None)
    if first is None:
        return Verdict.unchecked(Cause.PROSE, f"the display of {span} has no step to check")
    done = sum(r.verdict.verdict == "correct" for r in steps)
    return Verdict.unchecked(first.verdict.cause, f"the display of {span} is not verified as a whole: "
                                                  f"{done} of {len(steps)} steps check; line {first.line} is unchecked "
                                                  f"({first.verdict.cause})")


def _gives(r: StepResult) -> bool:
    """A row that gives rather than claims (a definition, an assumption, a case, an expression alone: unchecked,
    cause prose), and against which no check found anything (a definition that differs from the standard one
    carries what was found as a note: it keeps the display from being verified)."""
    from ..verdict import NoteKind

    v = r.verdict
    return v.verdict == "unchecked" and v.cause is Cause.PROSE and not any(
        getattr(n, "kind", None) is NoteKind.READER_FOUND for n in v.notes)


def displays(doc, results: list[StepResult]) -> tuple[StepResult, ...]:
    """One result per whole display of ``doc`` (``doc.displays``), from the results
    of its rows (``results``: one per ``doc.steps``)."""
    out = []
    for d in getattr(doc, "displays", ()):
        rows = results[max(d.after - d.rows, 0):d.after]
        out.append(StepResult(line=d.line, end_line=d.end_line, latex=d.latex, verdict=display_verdict(rows, d),
                              problem=rows[-1].problem if rows else d.problem or "(preamble)", location=d.location,
                              kind="display"))
    return tuple(out)


# --- errors carried forward ----------------------------------------------------


def mark_errors(results: list[StepResult], doc) -> list[StepResult]:
    """``results`` (one per ``doc.steps``, in order) with ``first_error`` set on the
    first incorrect step of each problem and ``follows_from`` on every step that
    follows from an earlier wrong step of its problem."""
    out: list[StepResult] = []
    firsts: set = set()
    problem = object()
    wrong_values: dict = {}   # |printed wrong result| -> (line, printed value, correct value or None)
    taint: dict = {}          # chain -> line of the wrong step the chain carries
    prev_rhs: dict = {}       # chain -> the last expression of the chain (a link's left side)
    for r, s in zip(results, doc.steps):
        if r.problem != problem:  # errors are carried within a problem, as definitions are
            problem, wrong_values, taint, prev_rhs = r.problem, {}, {}, {}
        left = prev_rhs.get(s.chain, "") if s.link else s.lhs
        used = _uses(s, left, wrong_values)
        inherited = taint.get(s.chain) if (s.link or s.implication) else None
        source = inherited or (used[0] if used else None)
        follows = None
        v = r.verdict.verdict
        if v == "correct" and source is not None:
            follows = source
        elif v == "incorrect":
            carried = _holds_with_correct_value(s, left, r, wrong_values)
            if carried is not None:
                follows = carried
            else:
                taint[s.chain] = r.line
                value = _printed_result(s.rhs)
                correct = _correct_value(r)
                if value is not None:
                    wrong_values[round(abs(value), 12)] = (r.line, value, correct)
        elif source is not None:
            taint[s.chain] = source  # an unchecked row passes the inherited error along its chain
        if follows is not None:
            taint[s.chain] = follows
        if s.relation and s.relation != "=>":
            prev_rhs[s.chain] = s.rhs
        if v == "incorrect" and follows is None and r.problem not in firsts:
            firsts.add(r.problem)
            r = replace(r, first_error=True, follows_from=None)
        else:
            r = replace(r, first_error=False, follows_from=follows)
        out.append(r)
    return out


def _uses(step, left: str, wrong_values: dict) -> list:
    """Lines of earlier wrong printed results that this step's sides use."""
    lines = []
    for side in (left, step.rhs) if step.link else (step.lhs, step.rhs):
        for n in (_printed(side) if side and wrong_values else ()):
            value = float(abs(n.value))
            hit = wrong_values.get(round(value, 12))
            if hit and value not in (0.0, 1.0):  # 0 and 1 are everywhere: no evidence
                lines.append(hit[0])
    return lines


def _printed(latex: str) -> list:
    try:
        return numbers_in(latex)
    except (ValueError, TypeError, RecursionError):
        return []


def _printed_result(rhs: str) -> Optional[float]:
    p = literal(rhs) if rhs else None
    return float(p.value) if p is not None else None


def _correct_value(r: StepResult) -> Optional[float]:
    """The value an arithmetic step should have printed (its counterexample's left side)."""
    ce = r.verdict.counterexample
    if r.verdict.check != "arithmetic" or not isinstance(ce, dict):
        return None
    lhs = ce.get("lhs")
    return float(lhs) if isinstance(lhs, (int, float)) and math.isfinite(lhs) else None


def _holds_with_correct_value(step, left: str, r: StepResult, wrong_values: dict) -> Optional[int]:
    """The line N when ``left <relation> rhs`` fails as written but holds with
    line N's correct value in place of the wrong result it carries; else None."""
    if r.verdict.check != "arithmetic" or step.relation not in ("=", "~") or not wrong_values or not left:
        return None
    rp = literal(step.rhs) if step.rhs else None
    base = value_of(left)
    if rp is None or base is None:
        return None
    numbers = _printed(left)
    for n in numbers:
        hit = wrong_values.get(round(float(abs(n.value)), 12))
        if not hit or hit[2] is None:
            continue
        line, printed, correct = hit
        written = -float(n.value) if n.negated else float(n.value)
        if written != printed:
            continue
        got = value_with(left, n, correct)
        if got is None:
            continue
        slack = rp.half_unit + sum((rounding_error(left, m, base) for m in numbers if m.decimals and m is not n), 0)
        if compare_numbers(got, rp.value, "=", slack).holds:
            return line
    return None


# --- problems and scores ---------------------------------------------------------


def problems(doc, results, key) -> list[ProblemResult]:
    """One :class:`ProblemResult` per problem of ``doc`` that has steps (and, with a
    key, per key problem, even one the submission lacks: it scores 0)."""
    ids = [p.id for p in doc.problems]
    if any(r.problem == "(preamble)" for r in results):
        ids = ["(preamble)"] + ids
    if key is not None:
        ids += [kp.id for kp in key.problems if kp.id not in ids and key.find(kp.id) and
                not any(key.find(i) is kp for i in ids)]
    titles = {p.id: (p.title, p.line) for p in doc.problems}
    out = []
    for pid in ids:
        steps = [r for r in results if r.problem == pid]
        counts = {"correct": 0, "incorrect": 0, "unchecked": 0}
        for r in steps:
            counts[r.verdict.verdict] += 1
        title, line = titles.get(pid, ("", steps[0].line if steps else 1))
        score = points = None
        extra = ""
        kp = key.find(pid) if key is not None else None
        if kp is not None:
            score, points, extra = score_problem(kp, steps, key.rule(kp))
        if not steps and points is None:
            continue
        out.append(ProblemResult(id=pid, title=title, line=line, counts=counts,
                                 summary=summary(steps, counts) + extra, score=score, points=points))
    return out


def score_problem(kp, steps, rule: str = "first-error", families=None) -> tuple:
    """(score, points, summary suffix) of one key problem's step results under ``rule``."""
    if rule == "first-error":
        counted = [s for s in steps if s.verdict.verdict in ("correct", "incorrect")]
        good = []
        for s in steps:
            if s.verdict.verdict == "incorrect":
                break
            if s.verdict.verdict == "correct":
                good.append(s)
    elif rule in ("per-step", "error-carried-forward"):
        carried = rule == "error-carried-forward"
        counted = [s for s in steps if s.verdict.verdict == "correct" or
                   (s.verdict.verdict == "incorrect" and not (carried and s.follows_from is not None))]
        good = [s for s in steps if s.verdict.verdict == "correct"]
    else:
        raise ValueError(f"unknown scoring rule {rule!r}")
    wrong = len(counted) - len(good)
    established = [c for c in kp.claims if any(establishes(s, c, families) for s in good)]
    progress = len(good) / len(counted) if counted else 0.0
    if kp.claims:
        frac = 1.0 if len(established) == len(kp.claims) and not wrong else \
            0.5 * len(established) / len(kp.claims) + 0.5 * progress
    else:
        frac = 1.0 if counted and not wrong else progress
    score = round(kp.points * frac, 2)
    missing = [c for c in kp.claims if c not in established]
    extra = f" Score {score:g}/{kp.points:g} ({rule})"
    if missing:
        extra += "; not established: " + "; ".join(missing)
    return score, kp.points, extra + "."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def summary(steps, counts) -> str:
    """One sentence on a problem's steps, as a TA would write it."""
    if not steps:
        return "no mathematics to check."
    wrong = [s for s in steps if s.verdict.verdict == "incorrect" and s.follows_from is None]
    carried = [s for s in steps if s.verdict.verdict == "incorrect" and s.follows_from is not None]
    n = len(steps)
    causes: dict = {}
    for s in steps:
        if s.verdict.verdict == "unchecked":
            causes[s.verdict.cause] = causes.get(s.verdict.cause, 0) + 1
    why = ", ".join(f"{k} {v}" for v, k in sorted(((v, k) for k, v in causes.items()), reverse=True))
    if wrong:
        first = next((s for s in steps if s.first_error), wrong[0])
        lines = ", ".join(str(s.line) for s in wrong[:6]) + ("…" if len(wrong) > 6 else "")
        more = ""
        if carried:
            more = "; " + ", ".join(f"line {s.line} carries line {s.follows_from}'s error forward"
                                    for s in carried[:3]) + ("…" if len(carried) > 3 else "")
        return (f"{len(wrong)} of {_plural(n, 'step')} incorrect (line{'s' if len(wrong) > 1 else ''} "
                f"{lines}){more}; the first error is on line {first.line}: {first.verdict.reason}"
                + (f" — {first.verdict.hint}" if first.verdict.hint else "") + ".")
    if counts["correct"] and not counts["unchecked"]:
        return f"all {_plural(n, 'step')} check."
    if counts["correct"]:
        return (f"{counts['correct']} of {_plural(n, 'step')} check and none is wrong; "
                f"{counts['unchecked']} not checked ({why}).")
    return f"nothing checkable: {_plural(n, 'step')}, not checked ({why})."
