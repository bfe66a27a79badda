"""The conclusion of a chain: ``A = B = C = D`` claims ``A = D``.

A *chain* is a statement followed by at least one link of its own (at least two
relations in all), every relation among ``=``, ``<``, ``<=`` or among ``=``,
``>``, ``>=``: transitivity gives the conclusion's relation (``=`` when all are
``=``; else the direction's, strict when one link is strict). Chains with
``≈``, ``≠``, ``∈`` or an implication are not concluded, nor statements joined
by a connective (``\\iff``), nor an order chain between two plain numbers
(``0 < \\sigma(z) < 1`` bounds its middle; ``0 < 1`` says nothing).

The conclusion is one report item of kind ``"chain"`` (:data:`CHAIN`), placed on
the line where ``A`` starts and ending where the last link ends. It is not a
step (counts and scores leave it out, as they leave out whole displays). Its
verdict (:func:`verdict`):

- **correct** when every link is correct (transitivity; a first statement that
  asserts nothing to check, a definition ``x := …``, is taken as given), or when
  the conclusion itself, checked directly as a step would be
  (:meth:`Pending.run`), holds: a chain whose middle row could not be read still
  has its result confirmed;
- **unchecked** (cause ``rows``) when a link is incorrect: that row carries the
  error and is marked there; the conclusion is not accused again;
- **incorrect** only when no link is incorrect and the direct check fails with a
  counterexample (a real error hidden in links that could not be checked) —
  unless a link was left ambiguous (its readings stand) or the failure is about
  shapes or free indices (the ends are read apart from the rows that fix the
  notation): then **unchecked**, cause ``ambiguous``;
- otherwise **unchecked**, with the cause of its first unchecked link.

The direct check runs with what the write-up has established at the chain's
end (its head's definitions included), but not its rows: the state's chain
memory (``prev_expr``, ``prev_stmt``) is cleared, so the chain never confirms
itself. It runs after every step is graded (steps first on the file's time
budget), and only for chains that are neither all correct nor wrong in a link.

Library code: never prints, never evaluates the text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Callable, Optional

from ..errors import BudgetSpent, CheckTimeout, LimitExceeded
from ..limits import WorkerCrashed
from ..verdict import Cause, CheckKind, Verdict
from .report import StepResult
from .rows import show_relation
from .segment import Step

log = logging.getLogger(__name__)

CHAIN = "chain"
_UP, _DOWN = frozenset({"<", "<="}), frozenset({">", ">="})
_READING = (CheckKind.SEMANTICS, CheckKind.EXACT_SHAPE)  # accusations about notation's shapes and indices
# a link that joins statements, not expressions ("A = B \iff C = D"): no chain of expressions
_CONNECTIVE = re.compile(r"\\(?:iff|Leftrightarrow|Longleftrightarrow|leftrightarrow|Leftarrow|Longleftarrow|impliedby|"
                         r"land|lor|wedge|vee|forall|exists)(?![A-Za-z])|\\text\s*\{\s*(?:and|or|if|for|where)\b")
_CASES = re.compile(r"\\begin\{cases\}.*?\\end\{cases\}", re.S)  # "\text{if …}" inside is part of an expression
# an order chain whose ends are plain numbers bounds its middle ("0 < \sigma(z) < 1"): its ends' order says nothing
_NUMBER = re.compile(r"^(?:[\d\s.,+\-*/()^{}]|\\(?:frac|dfrac|tfrac|cdot|times|left|right)(?![A-Za-z]))*$")


def conclusion_relation(relations) -> Optional[str]:
    """The relation transitivity gives for a chain's ``relations`` (in order), or None
    (a relation that does not compose, or ``<`` and ``>`` mixed)."""
    rels = set(relations)
    if not rels or not rels <= {"="} | _UP | _DOWN:
        return None
    if rels & _UP and rels & _DOWN:
        return None
    if not rels & (_UP | _DOWN):
        return "="
    up = bool(rels & _UP)
    strict = ("<" if up else ">") in rels
    return ("<" if strict else "<=") if up else (">" if strict else ">=")


@dataclass(frozen=True)
class Chain:
    """A chain of ``doc.steps[first:after]``; ``step`` is its conclusion (a segment
    :class:`~.segment.Step` of kind "chain": ``lhs`` A, ``relation``, ``rhs`` D)."""

    first: int
    after: int
    step: Step

    def rows(self, results: list) -> list:
        """The results of its relation steps (the links; the head too when it states a relation,
        unless the head asserts nothing to check: a definition or an assumption, taken as given)."""
        head = 1 if self.step.rows < self.after - self.first or given(results[self.first]) else 0
        return list(results[self.first + head:self.after])

    def claimed(self, steps, head_given: bool) -> Step:
        """What its links claim: the conclusion, or with a head taken as given (``A := B``),
        ``B rel D`` (A is B by the head)."""
        if not head_given:
            return self.step
        head = steps[self.first]
        rel = conclusion_relation([s.relation for s in steps[self.first + 1:self.after]])
        return replace(self.step, lhs=head.rhs, relation=rel or self.step.relation,
                       latex=f"{head.rhs} {show_relation(rel or self.step.relation)} {self.step.rhs}")


def given(head: StepResult) -> bool:
    """The head of a chain asserts nothing to check (``x := …``, "let …"): its links are the claims."""
    return head.verdict.verdict == "unchecked" and head.verdict.cause is Cause.PROSE


def chains_of(steps) -> list[Chain]:
    """The chains among ``steps`` (segment steps, in order), each with its conclusion."""
    out, i, n = [], 0, len(steps)
    while i < n:
        head = steps[i]
        j = i + 1
        if head.skip is None and not head.link and head.relation != "=>" and (head.lhs or head.rhs):
            while j < n and _continues(steps[j], head):
                j += 1
        related = [s for s in steps[i:j] if s.relation]
        rel = conclusion_relation([s.relation for s in related]) if j - i >= 2 and len(related) >= 2 else None
        last = steps[j - 1]
        a = head.lhs if head.relation else (head.rhs or head.lhs)
        if rel is not None and not any(_CONNECTIVE.search(_CASES.sub(" ", f"{s.lhs} {s.rhs}")) for s in steps[i:j]) \
                and not (rel != "=" and _NUMBER.match(a) and _NUMBER.match(last.rhs)):
            latex = f"{a} {show_relation(rel)} {last.rhs}"
            out.append(Chain(i, j, Step(
                line=head.lhs_line or head.line, end_line=max(s.end_line for s in steps[i:j]), latex=latex, lhs=a,
                relation=rel, rhs=last.rhs, link=False, chain=head.chain, problem=head.problem, context=head.context,
                inline=head.inline, location=head.location, kind=CHAIN, rows=len(related), after=j, ocr=head.ocr,
                intro=head.intro)))
        i = j
    return out


def _continues(step, head) -> bool:
    return (step.link and not step.implication and step.skip is None and step.chain == head.chain
            and step.problem == head.problem and step.relation not in ("", "=>"))


def _span(c: Step) -> str:
    return f"line {c.line}" if c.end_line <= c.line else f"lines {c.line}–{c.end_line}"


def verdict(c: Step, rows: list, direct: Optional[Verdict] = None, head: Optional[StepResult] = None) -> Verdict:
    """The verdict on the conclusion ``c`` of a chain from the results of its ``rows``
    and, when it was run, the ``direct`` check of the conclusion itself; ``head``: the
    chain's first statement when it asserts nothing to check (taken as given)."""
    claim = f"{c.lhs} {show_relation(c.relation)} {c.rhs}"
    where = f"the chain of {_span(c)}"
    if head is not None:
        where += f" (its first statement, line {head.line}, taken as given: {head.verdict.cause})"
    wrong = next((r for r in rows if r.verdict.verdict == "incorrect"), None)
    if wrong is not None:
        return Verdict.unchecked(Cause.ROWS, f"{where} does not establish {claim}: its link on line {wrong.line} is "
                                             "incorrect (marked there)")
    if rows and all(r.verdict.verdict == "correct" for r in rows):
        links = "its link" if len(rows) == 1 else "both links" if len(rows) == 2 else f"all {len(rows)} links"
        return Verdict.correct(CheckKind.CHAIN, f"by transitivity: {links} of {where} check, so {claim}")
    first = next(r for r in rows if r.verdict.verdict != "correct")
    done = sum(r.verdict.verdict == "correct" for r in rows)
    open_ = f"{done} of {len(rows)} links check; line {first.line} is unchecked ({first.verdict.cause})"
    if direct is None:
        return Verdict.unchecked(first.verdict.cause, f"{where} is not verified as a whole: {open_}")
    if direct.verdict == "correct":
        return replace(direct, reason=f"the conclusion {claim} of {where}, checked directly ({open_}): "
                                      f"{direct.reason}")
    ambiguous = next((r for r in rows if r.verdict.cause is Cause.AMBIGUOUS), None)
    if direct.verdict == "incorrect" and ambiguous is not None:  # the readings that stopped a link stand
        return Verdict.unchecked(Cause.AMBIGUOUS, f"{where} is not verified as a whole: {open_}; its link on line "
                                                  f"{ambiguous.line} has several readings, and its conclusion checked "
                                                  f"directly under one of them fails: {direct.reason}")
    if direct.verdict == "incorrect" and direct.check in _READING:
        return Verdict.unchecked(Cause.AMBIGUOUS, f"{where} is not verified as a whole: {open_}; its ends, read "
                                                  f"apart from the rows between them, disagree in shape or indices "
                                                  f"(not accused: the rows may fix the notation): {direct.reason}")
    if direct.verdict == "incorrect" and direct.counterexample:
        lines = ", ".join(dict.fromkeys(str(r.line) for r in rows if r.verdict.verdict != "correct"))
        return replace(direct, reason=f"{where} concludes {claim}, which is false: {direct.reason}; so a link it "
                                      f"could not check is wrong (line{'s' if ',' in lines else ''} {lines})")
    if direct.verdict == "incorrect":  # an exact failure without a counterexample: not shown, not accused
        return Verdict.unchecked(Cause.UNSUPPORTED, f"{where} is not verified as a whole: {open_}; its conclusion "
                                                    f"{claim} failed a direct check that gave no counterexample")
    return Verdict.unchecked(first.verdict.cause,
                             f"{where} is not verified as a whole: {open_}; checked directly, its conclusion is "
                             f"unchecked too ({direct.cause}): {direct.reason}")


def needs_direct(rows: list) -> bool:
    """A direct check can change the verdict: no link is incorrect and not all are correct."""
    return any(r.verdict.verdict == "unchecked" for r in rows) and not any(r.verdict.verdict == "incorrect"
                                                                           for r in rows)


class Pending:
    """The chains of a document while it is graded: ``seen(results, state)`` after each
    step's result (keeps the state at the end of a chain that needs a direct check),
    then ``run(results, check)`` gives one :class:`StepResult` per chain."""

    def __init__(self, doc, direct: bool = True):
        self.direct = direct  # False: no direct check (each chain from its links only)
        self.chains = chains_of(doc.steps)
        self.doc_steps = doc.steps
        self.ending = {c.after: c for c in self.chains}
        self.states: dict = {}

    def seen(self, results: list, state) -> None:
        c = self.ending.get(len(results))
        if c is not None and self.direct and needs_direct(c.rows(results)):
            st = state.copy()
            st.prev_expr, st.prev_stmt, st.before_error = None, None, None  # the chain never confirms itself
            self.states[c.after] = st

    def run(self, results: list, check: Callable) -> tuple:
        """``check(step, state) -> (Verdict, updates)`` runs one step (the grader's runner)."""
        out = []
        for c in self.chains:
            rows = c.rows(results)
            direct = None
            head = results[c.first] if len(rows) < c.step.rows else None
            if c.after in self.states:
                direct = _direct(c.claimed(self.doc_steps, head is not None), self.states[c.after], check)
            out.append(StepResult(line=c.step.line, end_line=c.step.end_line, latex=c.step.latex,
                                  verdict=verdict(c.step, rows, direct, head), problem=results[c.first].problem,
                                  location=c.step.location, kind=CHAIN))
        return tuple(out)


def _direct(step: Step, state, check: Callable) -> Verdict:
    try:
        v, _ = check(step, state)
        return v
    except (BudgetSpent, CheckTimeout) as exc:
        return Verdict.unchecked(Cause.TIMEOUT, f"its direct check ran out of time ({exc})")
    except (LimitExceeded, WorkerCrashed) as exc:
        return Verdict.unchecked(Cause.UNSUPPORTED, f"its direct check was stopped ({type(exc).__name__})")
    except Exception as exc:  # noqa: BLE001 -- a bug in one check must not lose the report
        log.error("internal error checking the conclusion of the chain on line %s", step.line, exc_info=True)
        return Verdict.unchecked(Cause.UNSUPPORTED, f"internal error: {type(exc).__name__}")
