"""Grade one document: segment → check each step in order (state machine over
chains) → first error per chain → problem summaries → scores (with a key).

``grade_text(text, kind, file, options, key=None, runner=None)`` returns a
:class:`SubmissionReport`. ``runner`` (from :mod:`symcheck.limits`) bounds
each step; without one, steps run in this process under ``time_limit``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from pathlib import Path
from typing import Optional

from ..errors import CheckTimeout, LimitExceeded
from ..limits import WorkerCrashed
from ..verdict import Verdict
from .check import Options, State, check_step
from .report import ProblemResult, StepResult, SubmissionReport
from .segment import Document, kind_of, segment, skipped_verdict


def document_cost(prose: str) -> Optional[str]:
    """The cost the write-up works with, from its words."""
    p = prose.lower()
    if re.search(r"cross[- ]?entropy", p):
        return "cross-entropy"
    if re.search(r"quadratic cost|mean squared|squared error", p):
        return "quadratic"
    return None


def document_topics(prose: str) -> str:
    words = ("linear", "softmax", "modified", "tanh", "relu", "log-likelihood", "quadratic")
    return " ".join(w for w in words if w in prose.lower())


def _apply(state: State, updates: dict) -> None:
    for k, v in updates.items():
        if k == "established":
            state.established.extend(v)
        elif isinstance(getattr(state, k, None), dict):
            getattr(state, k).update(v)


def _run(step, state, options, runner):
    from ..symbolic import time_limit

    if runner is not None:
        return runner.run(check_step, step, state, options)
    with time_limit(options.step_seconds):
        return check_step(step, state, options)


def grade_document(doc: Document, file: str, options: Options = Options(), key=None, runner=None) -> SubmissionReport:
    setting = document_topics(doc.prose)
    state = State(cost=document_cost(doc.prose), topics=setting, setting=setting)
    results: list[StepResult] = []
    chain = None
    problem = None
    for step in doc.steps:
        if step.problem != problem:  # definitions and values are scoped to their problem
            problem = step.problem
            top = problem.split(" Q")[0].split(".")[0]
            words = doc.problem_prose.get(problem, "") + " " + doc.problem_prose.get(top, "")
            state = State(cost=state.cost, topics=document_topics(words), setting=setting)
        if step.skip is not None:  # shown, not graded: segment.skipped_verdict
            results.append(StepResult(line=step.line, end_line=step.end_line, latex=step.latex,
                                      verdict=skipped_verdict(step), problem=step.problem or "(preamble)",
                                      location=step.location))
            continue
        if step.chain != chain:
            chain = step.chain
            if not step.link:
                state.prev_expr = None
        try:
            verdict, updates = _run(step, copy.deepcopy(state), options, runner)
        except CheckTimeout:
            verdict, updates = Verdict.unchecked("timeout", f"the check ran over {options.step_seconds:g} s"), {}
        except LimitExceeded as exc:
            verdict, updates = Verdict.unchecked("unsupported", f"not checked: {exc}"), {}
        except WorkerCrashed:
            verdict, updates = Verdict.unchecked("unsupported", "the check's worker process died; not checked"), {}
        except Exception as exc:  # a bug in one check must not lose the whole file
            verdict, updates = Verdict.unchecked("unsupported", f"internal error: {type(exc).__name__}"), {}
        _apply(state, updates)
        # the state machine: what the next link compares to
        if step.relation and step.relation != "=>":
            state.prev_expr = step.rhs
            lhs = step.lhs if not step.link else ""
            if lhs:
                state.prev_stmt = (lhs, step.relation, step.rhs, step.line)
            elif state.prev_stmt and step.relation == "=":
                a, r, _, line = state.prev_stmt
                state.prev_stmt = (a, r, step.rhs, line)
        elif step.relation == "":
            state.prev_expr = step.rhs or step.lhs
        results.append(StepResult(line=step.line, end_line=step.end_line, latex=step.latex, verdict=verdict,
                                  problem=step.problem or "(preamble)", location=step.location))
    results = _mark_first_errors(results, doc)
    problems = _problems(doc, results, key)
    return SubmissionReport(file=file, steps=tuple(results), problems=tuple(problems), seed=options.seed,
                            extra={"cost": state.cost})


def _mark_first_errors(results, doc):
    seen = set()
    out = []
    for r, s in zip(results, doc.steps):
        if r.verdict.verdict == "incorrect" and s.chain not in seen:
            seen.add(s.chain)
            r = replace(r, first_error=True)
        out.append(r)
    return out


def _problems(doc, results, key):
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
        if key is not None:
            score, points, extra = key.score(pid, steps)
        else:
            extra = ""
        if not steps and (key is None or points is None):
            continue
        out.append(ProblemResult(id=pid, title=title, line=line, counts=counts,
                                 summary=_summary(steps, counts) + extra, score=score, points=points))
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _summary(steps, counts) -> str:
    if not steps:
        return "no mathematics to check."
    wrong = [s for s in steps if s.verdict.verdict == "incorrect"]
    n = len(steps)
    causes: dict = {}
    for s in steps:
        if s.verdict.verdict == "unchecked":
            causes[s.verdict.cause] = causes.get(s.verdict.cause, 0) + 1
    why = ", ".join(f"{k} {v}" for v, k in sorted(((v, k) for k, v in causes.items()), reverse=True))
    if wrong:
        first = wrong[0]
        lines = ", ".join(str(s.line) for s in wrong[:6]) + ("…" if len(wrong) > 6 else "")
        return (f"{counts['incorrect']} of {_plural(n, 'step')} incorrect (line{'s' if len(wrong) > 1 else ''} "
                f"{lines}); the first error is on line {first.line}: {first.verdict.reason}"
                + (f" — {first.verdict.hint}" if first.verdict.hint else "") + ".")
    if counts["correct"] and not counts["unchecked"]:
        return f"all {_plural(n, 'step')} check."
    if counts["correct"]:
        return (f"{counts['correct']} of {_plural(n, 'step')} check and none is wrong; "
                f"{counts['unchecked']} not checked ({why}).")
    return f"nothing checkable: {_plural(n, 'step')}, not checked ({why})."


def grade_text(text: str, kind: str = "md", file: str = "<text>", options: Options = Options(), key=None,
               runner=None) -> SubmissionReport:
    return grade_document(segment(text, kind), file, options, key, runner)


def grade_file(path, options: Options = Options(), key=None, runner=None) -> SubmissionReport:
    """Grade one file (``.md``/``.txt``, ``.tex``, ``.ipynb``). Raises the typed
    errors of :func:`symcheck.limits.check_file` for files that cannot be read."""
    from ..limits import DEFAULT_LIMITS, check_file, check_steps

    path = Path(path)
    limits = options.limits or DEFAULT_LIMITS
    text = check_file(path, limits)
    doc = segment(text, kind_of(path), max_steps=limits.max_steps)
    check_steps(len(doc.steps), limits)
    key = key if key is not None else options.key
    if runner is None and options.isolate:
        from ..limits import ProcessRunner

        with ProcessRunner(limits) as r:
            return grade_document(doc, str(path), options, key, r)
    return grade_document(doc, str(path), options, key, runner)
