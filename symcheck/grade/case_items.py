"""The rows of a definition by cases, each a claim of its own (report items of kind "case").

A step ``f'(z) = \\begin{cases} 1, & z > 0 \\\\ 0, & z \\le 0 \\end{cases}`` (or with
``\\left\\{ \\begin{array}{…} … \\end{array} \\right.``) is graded once, as a whole, at its
first line. A TA reads each row as a claim too: "f'(z) = 1 where z > 0". Each row
gets one item of kind :data:`CASE`, on the source line where the row starts. Like
displays and chains' conclusions, case items are not steps (counts and scores
leave them out); the whole step keeps its verdict, counterexample and first error.

A row's verdict follows from the whole step's (:func:`row_verdict`), never from a
check of its own, so it can never disagree with it:

- **correct** when the whole step is correct: ``lhs`` equals the definition by cases
  everywhere, so on the row's branch (its condition, and no earlier row's) ``lhs``
  equals the row's value;
- **incorrect** on the row whose branch the whole step's counterexample names
  (:func:`symcheck.notation.cases.by_cases` gives ``counterexample["row"]``, the
  1-based row, and ``["rows"]``, which must equal the rows written), with that
  counterexample, which lies inside the row's condition;
- **correct** also on a row the whole step's check verified on its branch before
  it reached the wrong row (``counterexample["held_rows"]``);
- **unchecked** otherwise, with the whole step's cause (``rows`` for the other rows of
  a step that is incorrect on one row).

Library code: never prints, never evaluates the text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ..verdict import Cause, Verdict
from .report import StepResult

CASE = "case"
IF = "\\text{if } "
MAX_ROWS = 12  # more rows than this: not a definition by cases a TA reads row by row

_ENV = re.compile(r"\\begin\{cases\}(?P<c>.*?)\\end\{cases\}"
                  r"|\\left\s*\\\{\s*\\begin\{array\}\s*\{[^{}]*\}(?P<a>.*?)\\end\{array\}\s*\\right\s*\.", re.S)
_OPEN = re.compile(r"\\begin\{cases\}|\\left\s*\\\{\s*\\begin\{array\}\s*\{[^{}]*\}")
_WORD = re.compile(r"\\(?:text|textrm|mathrm|textnormal|mbox)\s*\{\s*(?:if|for|when|whenever|where|otherwise|else)\b")


def top_level_split(body: str, sep: str) -> list[tuple[int, str]]:
    """``body`` split at ``sep`` (``\\\\`` between rows, ``&`` between cells) outside braces, an
    escaped character (``\\&``) never a separator: ``[(offset, piece)]``."""
    out, depth, start, k = [], 0, 0, 0
    while k < len(body):
        ch = body[k]
        if depth == 0 and body.startswith(sep, k):
            out.append((start, body[start:k]))
            k += len(sep)
            start = k
            continue
        if ch == "\\":
            k += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        k += 1
    out.append((start, body[start:]))
    return out


def rows_of(latex: str) -> Optional[list[tuple[int, str, str]]]:
    """The rows of the one definition by cases in ``latex``: ``[(offset, value, condition)]``
    (offsets into ``latex``), or None (no such environment, several, or a row without
    its condition)."""
    found = list(_ENV.finditer(latex))
    if len(found) != 1:
        return None
    m = found[0]
    group = "c" if m.group("c") is not None else "a"
    body, base = m.group(group), m.start(group)
    rows = []
    for off, row in top_level_split(body, "\\\\"):
        if not row.strip():
            continue
        cells = [c for _, c in top_level_split(row, "&")]
        if len(cells) == 1:
            w = _WORD.search(row)
            if w is None or not row[:w.start()].strip():
                return None
            cells = [row[:w.start()], row[w.start():]]
        if len(cells) != 2 or not cells[0].strip() or not cells[1].strip():
            return None
        value = cells[0].strip().rstrip(",;").strip()
        rows.append((base + off + len(row) - len(row.lstrip()), value, " ".join(cells[1].split())))
    return rows if 2 <= len(rows) <= MAX_ROWS else None


def source_lines(step, source: list) -> Optional[list[int]]:
    """The 1-based source lines where the rows of ``step``'s definition by cases start, read
    from the ``source`` lines of its span; None when they cannot be told apart there."""
    lo, hi = step.line, step.end_line
    if not source or hi > len(source) or lo < 1:
        return None
    text = "\n".join(source[lo - 1:hi])
    opened = _OPEN.search(text)
    if opened is None:
        return None
    tail = text[opened.end():]
    close = re.search(r"\\end\{(?:cases|array)\}", tail)
    body = tail[:close.start()] if close else tail
    starts = [off + len(r) - len(r.lstrip()) for off, r in top_level_split(body, "\\\\") if r.strip()]
    return [lo + text.count("\n", 0, opened.end() + s) for s in starts]


def row_verdict(whole: StepResult, k: int, n: int, claim: str) -> Verdict:
    """The verdict on row ``k`` (1-based) of ``n`` of the definition by cases in the step ``whole``."""
    v = whole.verdict
    where = f"row {k} of the definition by cases on line {whole.line}"
    if v.verdict == "correct":
        branch = "" if k == 1 else " (where no earlier row's condition holds)"
        return Verdict.correct(v.check, f"{where}: {claim}{branch}, since the whole step holds on every "
                                        f"branch: {v.reason}")
    ce = v.counterexample if isinstance(v.counterexample, dict) else {}
    row = ce.get("row")
    if v.verdict == "incorrect" and ce.get("rows") == n and isinstance(row, int) and 1 <= row <= n:
        if row == k:
            return replace(v, reason=f"{where} is wrong: {claim} fails inside its condition: {v.reason}")
        if k in (ce.get("held_rows") or ()):
            return Verdict.correct(v.check, f"{where}: {claim} holds on its branch (checked there before row "
                                            f"{row} failed)")
        return Verdict.unchecked(Cause.ROWS, f"{where}: the step is wrong on row {row} (marked there and on "
                                             f"line {whole.line}); this row is not checked apart")
    cause = v.cause or Cause.UNSUPPORTED
    if v.verdict == "unchecked" and cause == Cause.PROSE:
        return Verdict.unchecked(Cause.PROSE, f"{where}: {claim}, a case of what the step defines or assumes: "
                                              f"recorded, not checked ({v.reason})")
    if v.verdict == "incorrect":
        cause = Cause.ROWS
    return Verdict.unchecked(cause, f"{where}: {claim} is not checked apart from the whole step "
                                    f"({v.verdict}{f', {v.cause}' if v.cause else ''}): {v.reason}")


def case_items(doc, results: list) -> tuple:
    """One :class:`StepResult` of kind :data:`CASE` per row of each step (``doc.steps``, graded
    as ``results``, index for index) whose one side is a definition by cases."""
    source = getattr(doc, "source", None) or []
    out = []
    for step, whole in zip(doc.steps, results):
        if step.skip is not None or step.kind != "step" or step.relation != "=" or step.link:
            continue
        sides = [(s, o) for s, o in ((step.lhs, step.rhs), (step.rhs, step.lhs)) if _ENV.search(s) and o.strip()]
        if len(sides) != 1 or _ENV.search(sides[0][1]):
            continue
        cases, other = sides[0]
        rows = rows_of(cases)
        if rows is None:
            continue
        lines = source_lines(step, source)
        if lines is None or len(lines) != len(rows):
            lines = [whole.line] * len(rows)
        for k, ((_, value, cond), line) in enumerate(zip(rows, lines), 1):
            said = cond if _WORD.match(cond) else IF + cond
            claim = f"{other.strip()} = {value} \\quad {said}"
            out.append(StepResult(line=line, end_line=line, latex=claim, problem=whole.problem,
                                  verdict=row_verdict(whole, k, len(rows), claim), location=whole.location,
                                  follows_from=whole.follows_from, kind=CASE))
    return tuple(out)


__all__ = ["CASE", "case_items", "row_verdict", "rows_of", "source_lines", "top_level_split"]
