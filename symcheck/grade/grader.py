"""Grade one document: segment → check each step in order (state machine over
chains) → first error per chain → problem summaries → scores (with a key).

``grade_text(text, kind, file, options, key=None, runner=None)`` returns a
:class:`SubmissionReport`. ``runner`` (from :mod:`symcheck.limits`) bounds
each step; without one, steps run in this process under ``time_limit``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import Optional

from ..errors import BudgetSpent, CheckTimeout, LimitExceeded
from ..limits import WorkerCrashed
from ..verdict import Cause, Verdict
from .case_items import case_items
from .chains import Pending
from .check import Options, State, check_step
from .report import StepResult, SubmissionReport
from .scoring import displays as score_displays, mark_errors, problems as score_problems
from .segment import Document, kind_of, segment, skipped_verdict


def document_cost(prose: str) -> Optional[str]:
    """The cost the write-up works with, from its words."""
    p = prose.lower()
    if re.search(r"cross[- ]?entropy", p):
        return "cross-entropy"
    if re.search(r"quadratic cost|mean squared|squared error", p):
        return "quadratic"
    return None


# the book's "single modified neuron": a neuron whose activation is modified (not a file's "date modified")
_MODIFIED = re.compile(r"modif(?:y|ies|ied|ying)\s+(?:\w+\s+){0,3}neurons?\b|\bneurons?\s+(?:\w+\s+){0,3}modified")


def document_topics(prose: str) -> str:
    words = ("linear", "softmax", "modified", "tanh", "relu", "log-likelihood", "quadratic")
    p = prose.lower()
    return " ".join(w for w in words if (_MODIFIED.search(p) if w == "modified" else w in p))


log = logging.getLogger(__name__)


def _run(step, state, options, runner):
    if runner is not None:
        return runner.run(check_step, step, state, options)
    from ..limits import DEFAULT_LIMITS
    from ..runners import InProcessRunner  # time_limit, and "too big" errors (overflow...) as LimitExceeded

    return InProcessRunner(options.limits or DEFAULT_LIMITS).run_within(options.step_seconds, check_step, step,
                                                                          state, options)


NOTATION_SECONDS = 1.0  # the file-wide look at its definitions (_file_notation), for the whole file


def _file_notation(doc: Document) -> tuple:
    """What the file's own statements establish for all of it: a network in plain letters (x_i → z_j → y_k,
    :mod:`.plain_layers`) and ∇C(a^L) written (:mod:`.cost_point`). Read within one second of CPU time for
    the whole file (steps that are slow to read are the steps' own budgets' business); a failure or a file
    that takes longer establishes nothing."""
    from ..symbolic import time_limit
    from . import cost_point, plain_layers

    try:
        with time_limit(NOTATION_SECONDS):
            return plain_layers.established(doc.steps, doc.prose), cost_point.established(doc.steps)
    except (CheckTimeout, LimitExceeded):
        return None, None
    except BudgetSpent:
        raise
    except Exception:  # noqa: BLE001 -- an unreadable definition must not lose the file: nothing established
        log.error("the file's notation could not be established", exc_info=True)
        return None, None


def grade_document(doc: Document, file: str, options: Options = Options(), key=None, runner=None,
                   until: Optional[int] = None) -> SubmissionReport:
    """Grade ``doc``'s steps in order. ``until``: grade only the steps up to that index (the report covers
    them alone), while the whole file still informs what it establishes file-wide (its plain network, the
    notation of its gradients, its numbered layers, the dimensions it declares): the report a reader gets
    who stops at that step of the complete write-up. The mutation benchmark grades a planted error so."""
    from . import declared_shapes, scopes, setting_words, settings, step_conditions, weight_convention
    from ..notation.derivatives import carried_layouts
    from ..notation import layer_labels
    from ..notation.one_neuron import carried_neurons

    setting = document_topics(doc.prose)
    state = State(cost=document_cost(doc.prose), topics=setting, setting=setting,
                  defined_setting=settings.document_defined(doc.prose))
    results: list[StepResult] = []
    chain = None
    problem = None
    beside: dict = {}  # line -> index conditions written as statements of their own on it (k \neq j)
    for step in doc.steps:
        if step_conditions.is_condition(step):
            beside.setdefault(step.line, []).append((step.relation, step.lhs.strip(), step.rhs.strip()))
    chain_conditions: tuple = ()
    declared = declared_shapes.timeline(doc.steps, options.seed, doc.prose)  # the dimensions in force before each step
    neurons, layouts = carried_neurons(doc.problem_prose), carried_layouts(doc.problem_prose)  # said once: carried on
    state.numbered_layers = any(layer_labels.established(f"{s.lhs} {s.rhs}") for s in doc.steps)  # z^1, ∂/∂z^2: layers
    state.plain, state.gradient_point = _file_notation(doc)
    titles = {p.id: p.title for p in doc.problems}
    state.quantities[scopes.KEY] = (None, scopes.scope_ids(doc.problems), 0, None)  # plain headings: one scope
    order = list(dict.fromkeys(["", *(p.id for p in doc.problems)]))  # the preamble's prose, then each problem's
    last, resume = None, None  # the step before; the row a justification stands beside (setting_words.aside)
    shown = doc if until is None else replace(doc, steps=doc.steps[:until + 1])  # the steps the report covers
    chains = Pending(shown, direct=options.conclusions)  # chains' conclusions (A = B = C claims A = C): checked after the steps
    for step, dims in zip(shown.steps, declared):
        if resume is not None and step.line != resume[0]:  # the rows after a justification continue its row
            if step.link and step.problem == problem:
                state.prev_expr, state.prev_stmt, state.before_error, chain = resume[1:]
            resume = None
        if last is not None and setting_words.aside(step, last):  # "&= … \\qquad \\text{since } y_j = 1"
            resume = (step.line, state.prev_expr, state.prev_stmt, state.before_error, step.chain)
        last = step
        if step.problem != problem:  # definitions and values are scoped to their problem
            problem = step.problem
            top = problem.split(" Q")[0].split(".")[0]
            words = doc.problem_prose.get(problem, "") + " " + doc.problem_prose.get(top, "")
            state = State(cost=state.cost, topics=document_topics(words), setting=setting, words=words.lower(),
                          neurons=neurons.get(problem), layout=layouts.get(problem),
                          conventions=state.conventions, quantities=state.quantities,  # file-wide
                          numbered_layers=state.numbered_layers, plain=state.plain,
                          gradient_point=state.gradient_point,
                          defined_setting=settings.document_wide(state.defined_setting),  # the weight convention
                          scope=setting_words.scope_after(setting_words.scope_after("", titles.get(top, "")),
                                                     titles.get(problem, "")),
                          said=document_topics(" ".join(f"{titles.get(p, '')} {doc.problem_prose.get(p, '')}" for p in
                                                        order[:order.index(problem) + 1 if problem in order else 0])
                                               + " " + words))  # a setting named later does not reach back
        if step.skip is not None:  # shown, not graded: segment.skipped_verdict
            results.append(StepResult(line=step.line, end_line=step.end_line, latex=step.latex,
                                      verdict=skipped_verdict(step), problem=step.problem or "(preamble)",
                                      location=step.location))
            continue
        if step.chain != chain:
            chain = step.chain
            if not step.link:
                state.prev_expr = None
        if not step.link:  # the conditions a step states hold for the links of its chain
            chain_conditions = tuple(beside.get(step.line, ())) + step_conditions.from_prose(step.intro)
        state.index_conditions = () if step_conditions.is_condition(step) else chain_conditions
        state.defined_setting = settings.still_defined(state.defined_setting, step.intro)
        state.scope = setting_words.scope_after(state.scope, step.intro)  # the setting the prose before it names
        state.declared = dims
        stated = weight_convention.from_words(step, state)  # the prose before the step may fix the weights' indices
        if stated is not None:
            state.apply(stated)
        try:
            verdict, updates = _run(step, state.copy(), options, runner)
        except BudgetSpent as exc:  # the file's time budget: this step and the ones left, unchecked
            verdict, updates = Verdict.unchecked(Cause.TIMEOUT, str(exc)), ()
        except CheckTimeout:
            verdict = Verdict.unchecked(Cause.TIMEOUT, f"the check ran over {options.step_seconds:g} s of CPU time")
            updates = ()
        except LimitExceeded as exc:
            verdict, updates = Verdict.unchecked(Cause.UNSUPPORTED, f"not checked: {exc}"), ()
        except WorkerCrashed:
            verdict, updates = Verdict.unchecked(Cause.UNSUPPORTED, "the check's worker process died; not checked"), ()
        except Exception as exc:  # noqa: BLE001 -- a bug in one check must not lose the whole file
            log.error("internal error checking line %s of %s", step.line, file, exc_info=True)
            verdict, updates = Verdict.unchecked(Cause.UNSUPPORTED, f"internal error: {type(exc).__name__}"), ()
        for update in updates:
            state.apply(update)
        if verdict.verdict != "incorrect":  # a definition that narrows the setting (C = -ln a^L_j ...)
            for update in settings.setting_updates(step, state, options):
                state.apply(update)
        # the state machine: what the next link compares to (and, after a wrong row, what it continued)
        if step.link and verdict.verdict == "incorrect" and state.prev_expr is not None:
            state.before_error = (state.prev_expr, step.line)
        elif not step.link:
            state.before_error = None
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
        chains.seen(results, state)
    conclusions = chains.run(results, lambda c, st: _run(c, st, options, runner))
    results = mark_errors(results, shown)
    problems = score_problems(shown, results, key)
    return SubmissionReport(file=file, steps=tuple(results), problems=tuple(problems), seed=options.seed,
                            extra={"cost": state.cost}, chains=conclusions,
                            displays=score_displays(shown, results) + case_items(shown, results))  # rows of cases too


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
